// cooc ingest: add text to a database.

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/ingest.h"
#include "cooc/report.h"
#include "tokenizer_flags.h"

namespace cooc {
namespace {

std::string Clock(double seconds) {
  const int s = static_cast<int>(seconds);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

// Rewrites one status line on stderr.
void PrintProgress(const IngestProgress& p) {
  const double mb = p.bytes_read / 1e6;
  const double rate = p.seconds > 0 ? p.tokens / p.seconds : 0;
  std::string line = absl::StrFormat("\rread %.1f MB", mb);
  if (p.bytes_total > 0) {
    const double fraction = static_cast<double>(p.bytes_read) / p.bytes_total;
    absl::StrAppendFormat(&line, " of %.1f MB (%.0f%%)", p.bytes_total / 1e6,
                          100 * fraction);
    if (fraction > 0.01) {
      absl::StrAppend(&line, ", ETA ",
                      Clock(p.seconds * (1 - fraction) / fraction));
    }
  }
  absl::StrAppendFormat(&line, ", %.1fM tokens, %.2fM tokens/s, %s elapsed  ",
                        p.tokens / 1e6, rate / 1e6, Clock(p.seconds));
  std::fputs(line.c_str(), stderr);
}

Report SummaryReport(const IngestSummary& s) {
  Report report({"created", "skipped_inputs", "bytes", "lines", "tokens",
                 "pair_events",
                 "new_types", "invalid_utf8", "threads", "spilled_bytes",
                 "seconds", "tokens_per_second", "total_tokens", "total_types",
                 "total_pair_events", "distinct_pairs", "db_bytes"},
                Report::Layout::kRecord);
  report.AddRow({std::string(s.created ? "yes" : "no"),
                 static_cast<uint64_t>(s.skipped.size()), s.bytes, s.lines,
                 s.tokens, s.pair_events, s.new_types, s.invalid_utf8,
                 static_cast<uint64_t>(s.threads), s.spilled_bytes, s.seconds,
                 s.seconds > 0 ? s.tokens / s.seconds : 0.0, s.totals.tokens,
                 s.totals.types, s.totals.pair_events, CountOrUnknownCell(s.totals.distinct_pairs),
                 s.db_bytes});
  return report;
}

}  // namespace

int RunIngest(const std::vector<std::string>& args) {
  const StoreOptions defaults;
  std::vector<FlagSpec> flags = {
      DbFlag(),
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
  };
  for (FlagSpec& flag : TokenizerFlags()) flags.push_back(std::move(flag));
  for (FlagSpec& flag : TokenFilterFlags()) flags.push_back(std::move(flag));
  const IngestOptions ingest_defaults;
  flags.push_back({"threads", "N", "counting threads; 0 = one per core",
                   absl::StrCat(ingest_defaults.threads)});
  flags.push_back({"memory", "MB",
                   "memory budget of the pair aggregation in MiB; beyond it "
                   "counts spill to disk (same result)",
                   absl::StrCat(ingest_defaults.memory_mb)});
  flags.push_back({"force", "",
                   "count inputs whose content the database has already "
                   "counted (default: skip them)",
                   ""});
  flags.push_back({"quiet", "", "no progress line", ""});
  flags.push_back(
      {"progress", "", "progress line even when stderr is not a terminal", ""});
  flags.push_back(FormatFlag());
  CommandLine command_line(
      "ingest --db DIR [options] FILE...|-",
      "Tokenizes the UTF-8 text of each FILE (- for standard input), counts\n"
      "the pairs of every window and adds them to the database in one atomic\n"
      "commit, creating the database if DIR is absent or empty. On an existing\n"
      "database, options left out take the stored values and options that\n"
      "contradict them are an error. A FILE whose content the database has\n"
      "counted before is skipped (see cooc sources). Prints a summary.",
      flags);
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  if (command_line.positional().empty()) {
    return command_line.UsageError("no input files (use - for stdin)");
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());

  IngestOptions options;
  if (command_line.Given("window")) {
    absl::StatusOr<int64_t> window = command_line.GetInt("window", 1, 1000);
    if (!window.ok()) return command_line.UsageError(window.status().message());
    options.window = static_cast<int>(*window);
  }
  if (command_line.Given("shards")) {
    absl::StatusOr<int64_t> shards = command_line.GetInt("shards", 1, 1024);
    if (!shards.ok()) return command_line.UsageError(shards.status().message());
    options.shards = static_cast<int>(*shards);
  }
  if (command_line.Given("ordered")) options.mode = PairMode::kOrdered;
  options.force = command_line.Given("force");
  if (command_line.Given("unit")) {
    absl::StatusOr<CountingUnit> unit =
        ParseCountingUnit(command_line.Get("unit"));
    if (!unit.ok()) return command_line.UsageError(unit.status().message());
    if (*unit != CountingUnit::kWindow && options.mode == PairMode::kOrdered) {
      return command_line.UsageError("--ordered works only with --unit window");
    }
    options.unit = *unit;
  }
  absl::StatusOr<int64_t> threads = command_line.GetInt("threads", 0, 256);
  if (!threads.ok()) return command_line.UsageError(threads.status().message());
  options.threads = static_cast<int>(*threads);
  absl::StatusOr<int64_t> memory =
      command_line.GetInt("memory", 16, int64_t{1} << 30);
  if (!memory.ok()) return command_line.UsageError(memory.status().message());
  options.memory_mb = static_cast<uint64_t>(*memory);
  TokenizerOptions tokenizer = TokenizerOptionsFromFlags(command_line);
  if (std::optional<int> done = AddTokenFilterFlags(command_line, &tokenizer)) {
    return *done;
  }
  if (command_line.Given("keep-punct")) options.keep_punctuation = true;
  if (command_line.Given("min-length")) {
    options.min_length = tokenizer.min_length;
  }
  options.dictionary = tokenizer.dictionary;
  options.stopwords = tokenizer.stopwords;
  if (command_line.Given("no-fold")) options.case_folding = tokenizer.case_folding;
  if (command_line.Given("keep-numbers")) options.keep_numbers = true;
  const bool show_progress =
      !command_line.Given("quiet") &&
      (command_line.Given("progress") || isatty(STDERR_FILENO));
  if (show_progress) options.progress = PrintProgress;

  absl::StatusOr<IngestSummary> summary =
      Ingest(command_line.Get("db"), command_line.positional(), options);
  if (show_progress) std::fputs("\n", stderr);
  if (!summary.ok()) return RuntimeError(summary.status());
  for (const auto& [input, entry] : summary->skipped) {
    if (entry.ingest == 0) {  // An earlier input of this ingest.
      PrintMessage(absl::StrCat("skipped ", input, ": same content as ",
                                entry.path,
                                ", counted in this ingest; --force counts it "
                                "again"));
    } else {
      PrintMessage(absl::StrCat(
          "skipped ", input, ": its content was counted before (ingest ",
          entry.ingest, ", as ", entry.path, "); --force counts it again"));
    }
  }
  if (summary->invalid_utf8 > 0) {
    std::fprintf(stderr, "cooc: replaced %llu invalid UTF-8 sequence(s)\n",
                 static_cast<unsigned long long>(summary->invalid_utf8));
  }
  return WriteStdout(SummaryReport(*summary).Render(*format)) ? 0 : 1;
}

}  // namespace cooc
