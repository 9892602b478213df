#include "ingest_steps.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "content_hash.h"
#include "line_reader.h"
#include "part_file.h"
#include "status_macros.h"

namespace cooc {
namespace {

// Adapts IngestOptions::progress to the counting stage's callback.
std::function<void(uint64_t, uint64_t)> CountingProgress(
    const IngestOptions& options, uint64_t bytes_total, absl::Time start,
    absl::Time* next_report) {
  if (!options.progress) return nullptr;
  return [&options, bytes_total, start, next_report](uint64_t bytes,
                                                     uint64_t tokens) {
    const absl::Time now = absl::Now();
    if (now < *next_report) return;
    *next_report = now + absl::Milliseconds(250);
    options.progress({.bytes_read = bytes,
                      .bytes_total = bytes_total,
                      .tokens = tokens,
                      .seconds = absl::ToDoubleSeconds(now - start)});
  };
}

}  // namespace

absl::StatusOr<std::unique_ptr<CountedText>> CountSelected(
    const std::vector<std::string>& to_count, std::vector<JournalEntry> journal,
    const StoreOptions& definition, const IngestOptions& options,
    std::string spill_dir, absl::Time start, int64_t journal_time,
    const ByteRange& range) {
  // What the progress line counts towards: the files to count (a stream's
  // size is unknown until it is read).
  uint64_t bytes_total = 0;
  for (const JournalEntry& entry : journal) bytes_total += entry.bytes;
  absl::Time next_report = start;
  TextCountingOptions counting;
  counting.threads = ThreadCount(options.threads);
  counting.memory_mb = options.memory_mb;
  counting.spill_dir = std::move(spill_dir);
  counting.journal_time = journal_time;
  counting.progress =
      CountingProgress(options, bytes_total, start, &next_report);
  counting.stop = options.stop;
  counting.range = range;
  counting.encoding = options.encoding;
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<CountedText> part,
      CountedText::Count(to_count, std::move(journal), definition, counting));
  if (options.progress) {
    options.progress({.bytes_read = part->bytes(),
                      .bytes_total = bytes_total,
                      .tokens = part->header().tokens,
                      .seconds = absl::ToDoubleSeconds(absl::Now() - start)});
  }
  return part;
}

absl::Status CheckInputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) {
    return absl::InvalidArgumentError("no input files (use - for stdin)");
  }
  int stdin_uses = 0;
  for (const std::string& input : inputs) {
    if (input == LineReader::kStdin) {
      if (++stdin_uses > 1) {
        return absl::InvalidArgumentError("- (stdin) given more than once");
      }
      continue;
    }
    // Inspecting, not opening: a pipe can be opened only once.
    COOC_RETURN_IF_ERROR(LineReader::Inspect(input).status());
  }
  return absl::OkStatus();
}

StoreOptions Overlay(const IngestOptions& asked, StoreOptions base) {
  base.window = asked.window.value_or(base.window);
  base.mode = asked.mode.value_or(base.mode);
  base.shards = asked.shards.value_or(base.shards);
  base.unit = asked.unit.value_or(base.unit);
  base.max_unit_tokens = asked.max_unit_tokens.value_or(base.max_unit_tokens);
  base.labels = asked.labels.value_or(base.labels);
  // Text is always tokenized by this cooc's rules, whatever a database has.
  base.tokenizer_version = kTokenizerVersion;
  TokenizerOptions& tokenizer = base.tokenizer;
  tokenizer.case_folding = asked.case_folding.value_or(tokenizer.case_folding);
  tokenizer.keep_numbers = asked.keep_numbers.value_or(tokenizer.keep_numbers);
  tokenizer.keep_punctuation =
      asked.keep_punctuation.value_or(tokenizer.keep_punctuation);
  tokenizer.min_length = asked.min_length.value_or(tokenizer.min_length);
  tokenizer.segmentation = asked.segmentation.value_or(tokenizer.segmentation);
  tokenizer.script_conversion =
      asked.script_conversion.value_or(tokenizer.script_conversion);
  return base;
}

StoreOptions NewStoreOptions(const IngestOptions& asked) {
  StoreOptions options = Overlay(asked, StoreOptions());
  options.tokenizer.dictionary = asked.dictionary;
  if (asked.dictionary != nullptr) {
    options.tokenizer.dictionary_checksum = asked.dictionary->checksum();
  }
  options.tokenizer.stopwords = asked.stopwords;
  if (asked.stopwords != nullptr) {
    options.tokenizer.stopwords_name = asked.stopwords->name();
    options.tokenizer.stopwords_checksum = asked.stopwords->checksum();
  }
  return options;
}

absl::StatusOr<std::vector<std::string>> SelectInputs(
    const CountStore* store, const std::vector<std::string>& inputs,
    bool force, std::vector<JournalEntry>* journal,
    std::vector<std::pair<std::string, JournalEntry>>* skipped) {
  std::vector<std::string> to_count;
  for (const std::string& input : inputs) {
    JournalEntry entry;
    entry.path = input;
    COOC_ASSIGN_OR_RETURN(const LineReader::Kind kind,
                          LineReader::Inspect(input));
    if (!kind.stream) {
      COOC_ASSIGN_OR_RETURN(FileFingerprint fingerprint,
                            FingerprintFile(input));
      entry.bytes = fingerprint.bytes;
      entry.content_hash = fingerprint.hash;
      if (!force) {
        absl::StatusOr<JournalEntry> earlier =
            store == nullptr
                ? absl::NotFoundError("no database")
                : store->FindInJournal(entry.content_hash, entry.bytes);
        if (!earlier.ok() && !absl::IsNotFound(earlier.status())) {
          return earlier.status();
        }
        const auto same = std::find_if(
            journal->begin(), journal->end(), [&](const JournalEntry& e) {
              return e.content_hash == entry.content_hash &&
                     e.bytes == entry.bytes && e.content_hash != 0;
            });
        if (earlier.ok()) {
          skipped->emplace_back(input, *earlier);
          continue;
        }
        if (same != journal->end()) {
          skipped->emplace_back(input, *same);
          continue;
        }
      }
    }
    to_count.push_back(input);
    journal->push_back(std::move(entry));
  }
  return to_count;
}

int ThreadCount(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}


namespace {

bool AnyDefinitionField(const IngestOptions& options) {
  return options.window || options.mode || options.shards || options.unit ||
         options.case_folding || options.keep_numbers ||
         options.keep_punctuation || options.min_length ||
         options.max_unit_tokens || options.segmentation ||
         options.script_conversion || options.labels ||
         options.dictionary != nullptr || options.stopwords != nullptr;
}

}  // namespace

absl::StatusOr<PartsFold> OpenPartsFold(
    const std::string& db_path, const std::vector<std::string>& part_paths,
    const IngestOptions& options) {
  if (part_paths.empty()) {
    return absl::InvalidArgumentError("no count parts given");
  }
  if (AnyDefinitionField(options)) {
    return absl::InvalidArgumentError(
        "count parts carry the definition they were counted with; give no "
        "counting or tokenizer options with them");
  }
  PartsFold fold;
  for (const std::string& path : part_paths) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountPart> part, OpenPartFile(path));
    fold.parts.push_back(part.get());
    fold.opened.push_back(std::move(part));
  }
  const StoreOptions& first = fold.parts[0]->header().definition;
  COOC_ASSIGN_OR_RETURN(
      fold.target,
      IngestTarget::Open(db_path, [&first](const StoreOptions* stored)
                                      -> absl::StatusOr<StoreOptions> {
        return stored == nullptr ? first : *stored;
      }));
  return fold;
}

FoldOptions FoldOptionsFor(const IngestOptions& options) {
  FoldOptions fold;
  fold.force = options.force;
  fold.threads = ThreadCount(options.threads);
  fold.memory_mb = options.memory_mb;
  fold.stop = options.stop;
  if (options.journal.has_value()) fold.journal = &*options.journal;
  return fold;
}

}  // namespace cooc
