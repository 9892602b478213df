#include "ingest_flags.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "interrupts.h"
#include "tokenizer_flags.h"

namespace cooc {
namespace {

std::string Clock(double seconds) {
  const int s = static_cast<int>(seconds);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

// The progress line of counting.
std::string CountingLine(const IngestProgress& p) {
  const double mb = p.bytes_read / 1e6;
  const double rate = p.seconds > 0 ? p.tokens / p.seconds : 0;
  std::string line = absl::StrFormat("\rreading and counting: %.1f MB", mb);
  if (p.bytes_total > 0) {
    const double fraction = static_cast<double>(p.bytes_read) / p.bytes_total;
    absl::StrAppendFormat(&line, " of %.1f MB (%.0f%%)", p.bytes_total / 1e6,
                          100 * fraction);
    if (fraction > 0.01) {
      absl::StrAppend(&line, ", ETA ",
                      Clock(p.seconds * (1 - fraction) / fraction));
    }
  }
  absl::StrAppendFormat(&line, ", %.1fM tokens, %.2fM tokens/s, %s elapsed",
                        p.tokens / 1e6, rate / 1e6, Clock(p.seconds));
  return line;
}

}  // namespace

std::vector<FlagSpec> DefinitionFlags() {
  const StoreOptions defaults;
  std::vector<FlagSpec> flags = {
      {"window", "W", "pair each token with the next W tokens of its line",
       absl::StrCat(defaults.window)},
      {"ordered", "", "record (left, right) only (default: symmetric, both)",
       ""},
      {"unit", "U",
       "what co-occurs: window (the next W tokens of the line), sentence or "
       "line (each pair once per unit; N = units; marginals = units "
       "containing the word)",
       std::string(CountingUnitName(defaults.unit))},
      {"shards", "S", "number of pair shards (column families)",
       absl::StrCat(defaults.shards)},
      {"max-unit-tokens", "N",
       absl::StrCat("sentence and line units: cut a longer unit into pieces "
                    "of N tokens, each a unit (a unit of n words makes "
                    "n(n-1)/2 pairs; 2-",
                    kMaxUnitTokensLimit, ")"),
       absl::StrCat(defaults.max_unit_tokens)},
      {"labels", "MODE",
       "labelled lines, for cooc features: prefix (fastText's leading "
       "__label__NAME tokens, one or more, are the line's labels, not words) "
       "or tsv (LABEL<TAB>TEXT); a line is a document; none: no labels",
       std::string(LabelModeName(defaults.labels))},
  };
  for (FlagSpec& flag : TokenizerFlags()) flags.push_back(std::move(flag));
  for (FlagSpec& flag : TokenFilterFlags()) flags.push_back(std::move(flag));
  return flags;
}

std::vector<FlagSpec> CountingFlags() {
  const IngestOptions defaults;
  return {
      {"threads", "N", "counting threads; 0 = one per core",
       absl::StrCat(defaults.threads)},
      {"memory", "MB",
       "memory budget in MiB: the pair tables, and the sorted runs kept in "
       "memory beside the vocabulary and the per-term counts; beyond it runs "
       "spill to disk (same result); the vocabulary is not spilled, and one "
       "that outgrows the budget is noted on stderr with a budget that holds "
       "it",
       absl::StrCat(defaults.memory_mb)},
      {"force", "",
       "count inputs whose content was counted already (default: skip them)",
       ""},
      {"quiet", "", "no progress line", ""},
      {"progress", "", "progress line even when stderr is not a terminal", ""},
      EncodingFlag(),
  };
}

bool AnyDefinitionFlag(const CommandLine& command_line) {
  for (const FlagSpec& flag : DefinitionFlags()) {
    if (command_line.Given(flag.name)) return true;
  }
  return false;
}

std::optional<int> IngestOptionsFromFlags(const CommandLine& command_line,
                                          IngestOptions* options) {
  if (command_line.Given("window")) {
    absl::StatusOr<int64_t> window = command_line.GetInt("window", 1, 1000);
    if (!window.ok()) return command_line.UsageError(window.status().message());
    options->window = static_cast<int>(*window);
  }
  if (command_line.Given("shards")) {
    absl::StatusOr<int64_t> shards = command_line.GetInt("shards", 1, 1024);
    if (!shards.ok()) return command_line.UsageError(shards.status().message());
    options->shards = static_cast<int>(*shards);
  }
  if (command_line.Given("max-unit-tokens")) {
    absl::StatusOr<int64_t> tokens =
        command_line.GetInt("max-unit-tokens", 2, kMaxUnitTokensLimit);
    if (!tokens.ok()) return command_line.UsageError(tokens.status().message());
    options->max_unit_tokens = static_cast<int>(*tokens);
  }
  if (std::optional<int> done =
          EncodingFromFlags(command_line, &options->encoding)) {
    return done;
  }
  if (command_line.Given("labels")) {
    absl::StatusOr<LabelMode> labels = ParseLabelMode(command_line.Get("labels"));
    if (!labels.ok()) return command_line.UsageError(labels.status().message());
    options->labels = *labels;
  }
  if (command_line.Given("ordered")) options->mode = PairMode::kOrdered;
  options->force = command_line.Given("force");
  if (command_line.Given("unit")) {
    absl::StatusOr<CountingUnit> unit =
        ParseCountingUnit(command_line.Get("unit"));
    if (!unit.ok()) return command_line.UsageError(unit.status().message());
    if (*unit != CountingUnit::kWindow &&
        options->mode == PairMode::kOrdered) {
      return command_line.UsageError("--ordered works only with --unit window");
    }
    options->unit = *unit;
  }
  absl::StatusOr<int64_t> threads = command_line.GetInt("threads", 0, 256);
  if (!threads.ok()) return command_line.UsageError(threads.status().message());
  options->threads = static_cast<int>(*threads);
  absl::StatusOr<int64_t> memory =
      command_line.GetInt("memory", 16, int64_t{1} << 30);
  if (!memory.ok()) return command_line.UsageError(memory.status().message());
  options->memory_mb = static_cast<uint64_t>(*memory);
  TokenizerOptions tokenizer;
  if (std::optional<int> done =
          TokenizerOptionsFromFlags(command_line, &tokenizer)) {
    return done;
  }
  if (command_line.Given("pretokenized")) {
    options->segmentation = tokenizer.segmentation;
  }
  if (command_line.Given("convert")) {
    options->script_conversion = tokenizer.script_conversion;
  }
  if (std::optional<int> done = AddTokenFilterFlags(command_line, &tokenizer)) {
    return done;
  }
  if (command_line.Given("keep-punct")) options->keep_punctuation = true;
  if (command_line.Given("min-length")) {
    options->min_length = tokenizer.min_length;
  }
  options->dictionary = tokenizer.dictionary;
  options->stopwords = tokenizer.stopwords;
  if (command_line.Given("no-fold")) {
    options->case_folding = tokenizer.case_folding;
  }
  if (command_line.Given("keep-numbers")) options->keep_numbers = true;
  const bool show_progress =
      !command_line.Given("quiet") &&
      (command_line.Given("progress") || isatty(STDERR_FILENO));
  if (show_progress) options->progress = PrintProgress;
  StopOnInterrupt();
  options->stop = &interrupt_requested;
  return std::nullopt;
}

std::optional<int> InterruptedExit(const absl::Status& status,
                                   absl::string_view what) {
  if (!absl::IsCancelled(status) || !interrupt_requested.load()) {
    return std::nullopt;
  }
  PrintMessage(absl::StrCat("interrupted; ", what));
  return InterruptedExitStatus();
}

void NoteLateInterrupt() {
  if (!interrupt_requested.load()) return;
  PrintMessage(
      "interrupted while committing, too late to stop: the work was "
      "completed");
}

std::optional<int> CountingCommandOptions(const CommandLine& command_line,
                                          OutputFormat* format,
                                          IngestOptions* options) {
  absl::StatusOr<OutputFormat> parsed =
      ParseOutputFormat(command_line.Get("format"));
  if (!parsed.ok()) return command_line.UsageError(parsed.status().message());
  *format = *parsed;
  return IngestOptionsFromFlags(command_line, options);
}

void PrintProgress(const IngestProgress& p) {
  // Each phase rewrites the one line, padded over what a longer earlier
  // line left.
  static size_t last_length = 0;
  std::string line;
  switch (p.phase) {
    case IngestPhase::kCounting:
      line = CountingLine(p);
      break;
    case IngestPhase::kResorting:
      line = absl::StrFormat("\rre-sorting under database ids: %d of %d "
                             "part(s), %s elapsed",
                             p.done, p.total, Clock(p.seconds));
      break;
    case IngestPhase::kWriting:
      line = absl::StrFormat("\rmerging and writing shards: %d of %d, %s "
                             "elapsed",
                             p.done, p.total, Clock(p.seconds));
      break;
    case IngestPhase::kCommitting:
      line = absl::StrFormat("\rcommitting, %s elapsed", Clock(p.seconds));
      break;
    case IngestPhase::kMaintaining:
      line = absl::StrFormat("\rmerging table files (maintenance), %s elapsed",
                             Clock(p.seconds));
      break;
  }
  const size_t length = line.size();
  if (length < last_length) line.append(last_length - length, ' ');
  last_length = length;
  std::fputs(line.c_str(), stderr);
}


void PrintMemoryNote(uint64_t vocabulary_bytes, uint64_t memory_needed_mb,
                     uint64_t memory_mb) {
  if (memory_needed_mb == 0) return;
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  PrintMessage(absl::StrCat(
      "note: the vocabulary took ", (vocabulary_bytes + kMiB - 1) / kMiB,
      " MiB, more than --memory ", memory_mb,
      " leaves it (it is not spilled), so memory use went past the budget; "
      "--memory ", memory_needed_mb, " or more would have held it"));
}

void PrintInputNotes(
    const std::vector<std::pair<std::string, JournalEntry>>& skipped,
    uint64_t invalid_utf8, uint64_t unit_cuts, const StoreOptions& definition) {
  for (const auto& [input, entry] : skipped) {
    if (entry.ingest == 0) {  // An earlier input of this call.
      PrintMessage(absl::StrCat("skipped ", input, ": same content as ",
                                entry.path,
                                ", counted in this call; --force counts it "
                                "again"));
    } else {
      PrintMessage(absl::StrCat(
          "skipped ", input, ": its content was counted before (ingest ",
          entry.ingest, ", as ", entry.path, "); --force counts it again"));
    }
  }
  if (invalid_utf8 > 0) {
    PrintMessage(absl::StrCat("replaced ", invalid_utf8,
                              " invalid UTF-8 sequence(s)"));
  }
  if (unit_cuts > 0) {
    PrintMessage(absl::StrCat(
        "made ", unit_cuts, " cut(s) in ", CountingUnitName(definition.unit),
        "s longer than ", definition.max_unit_tokens,
        " tokens: each piece of that many tokens counts as a unit "
        "(--max-unit-tokens)"));
  }
}

}  // namespace cooc
