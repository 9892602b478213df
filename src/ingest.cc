// Ingest, step by step (each a function below):
//   1. Check every input (exists, not a directory) before touching the
//      database.
//   2. Open the database for the ingest (OpenForIngest): an existing one is
//      first opened read-only to compare its stored definition with the
//      requested options, so a contradiction changes nothing; then it is
//      opened for writing, which takes RocksDB's lock for the whole ingest.
//      An absent one is created, and removed again if the ingest fails.
//   3. Select the inputs the journal has not counted (SelectInputs).
//   4. Count them into a count part in memory (CountedText), within the
//      memory budget.
//   5. Fold the part into the database in one atomic commit (FoldParts).
// `cooc ingest --parts` is steps 2 and 5 with part files, and `cooc count`
// (count.cc) is steps 1, 3 and 4 with the part written to a file; the
// shared steps are in ingest_steps.h.

#include "cooc/ingest.h"

#include <filesystem>
#include <functional>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "block_reader.h"
#include "content_hash.h"
#include "count_part.h"
#include "counted_text.h"
#include "fold.h"
#include "ingest_steps.h"
#include "ingest_target.h"
#include "part_file.h"
#include "status_macros.h"
#include "text_decoder.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// Checks the dictionary and stopword list asked for against the checksums
// stored in `*tokenizer` and puts the lists to use there.
absl::Status ReconcileLists(const IngestOptions& asked,
                            TokenizerOptions* tokenizer) {
  const uint64_t stored_dictionary = tokenizer->dictionary_checksum;
  const uint64_t asked_dictionary =
      asked.dictionary == nullptr ? 0 : asked.dictionary->checksum();
  if (asked.dictionary != nullptr && asked_dictionary != stored_dictionary) {
    return absl::InvalidArgumentError(
        stored_dictionary == 0
            ? "the database was built without a user dictionary and cannot "
              "take text segmented with one; use another --db"
            : "the database was built with another user dictionary (the "
              "checksums differ); use the same --dict FILE or another --db");
  }
  if (asked.dictionary == nullptr && stored_dictionary != 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the database was built with a user dictionary (checksum %016x); "
        "give the same --dict FILE again",
        stored_dictionary));
  }
  tokenizer->dictionary = asked.dictionary;

  std::shared_ptr<const StopwordList> stopwords = asked.stopwords;
  const uint64_t stored_stopwords = tokenizer->stopwords_checksum;
  if (stopwords == nullptr && stored_stopwords != 0) {
    if (tokenizer->stopwords_name == "file") {
      return absl::InvalidArgumentError(
          "the database was built with a stopword file; give the same "
          "--stopwords FILE again");
    }
    COOC_ASSIGN_OR_RETURN(stopwords,
                          StopwordList::Builtin(tokenizer->stopwords_name));
  }
  const uint64_t asked_stopwords =
      stopwords == nullptr ? 0 : stopwords->checksum();
  if (asked_stopwords != stored_stopwords) {
    return absl::InvalidArgumentError(
        "the database was built with another stopword list (or none); use "
        "the same --stopwords or another --db");
  }
  tokenizer->stopwords = stopwords;
  return absl::OkStatus();
}

// The definition to count text with for the database of definition
// `stored`: every field `asked` sets must equal the stored one (the one
// check of CheckSameDefinition), and the dictionary and stopword list are
// those the stored checksums name.
absl::StatusOr<StoreOptions> Resolve(const IngestOptions& asked,
                                     const StoreOptions& stored) {
  StoreOptions wanted = Overlay(asked, stored);
  COOC_RETURN_IF_ERROR(
      CheckSameDefinition(stored, wanted, "the options given"));
  COOC_RETURN_IF_ERROR(ReconcileLists(asked, &wanted.tokenizer));
  return wanted;
}

// The definition an ingest of `options` counts with: a new database's
// (`stored` null) or the stored one, checked against `options`.
absl::StatusOr<StoreOptions> DefinitionFor(const IngestOptions& options,
                                           const StoreOptions* stored) {
  if (stored == nullptr) return NewStoreOptions(options);
  return Resolve(options, *stored);
}

// Where counting spills its runs: inside the database directory, which the
// ingest holds locked, so no other process can collide with them.
constexpr char kSpillDirectory[] = "ingest-spill";

// FoldOptions::steps told through `options.progress` (the seconds since
// `start`), without the re-sorting step unless `resorting`.
// `counted` holds what counting ended with (IngestProgress: kept through the
// later phases).
std::function<void(IngestPhase, uint64_t, uint64_t)> FoldSteps(
    const IngestOptions& options, absl::Time start, bool resorting,
    IngestProgress counted) {
  return [&options, start, resorting, counted](IngestPhase phase,
                                               uint64_t done, uint64_t total) {
    if (phase == IngestPhase::kResorting && !resorting) return;
    IngestProgress progress = counted;
    progress.phase = phase;
    progress.done = done;
    progress.total = total;
    progress.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    options.progress(progress);
  };
}

}  // namespace

absl::StatusOr<IngestSummary> Ingest(const std::string& db_path,
                                     const std::vector<std::string>& inputs,
                                     const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<IngestTarget> target,
      IngestTarget::Open(db_path, [&](const StoreOptions* stored) {
        return DefinitionFor(options, stored);
      }));

  const absl::Time start = absl::Now();
  std::vector<JournalEntry> journal;
  std::vector<std::pair<std::string, JournalEntry>> skipped;
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> to_count,
                        SelectInputs(&target->store(), inputs, options.force,
                                     &journal, &skipped));
  if (to_count.empty()) {  // Everything was counted before: nothing to do.
    target->Keep();
    COOC_ASSIGN_OR_RETURN(IngestSummary summary,
                          target->Summarize({}, FoldSummary(), start));
    summary.skipped = std::move(skipped);
    summary.threads = ThreadCount(options.threads);
    return summary;
  }
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<CountedText> part,
      CountSelected(to_count, std::move(journal), target->definition(),
                    options, target->Inside(kSpillDirectory), start,
                    /*journal_time=*/0));

  FoldOptions fold_options = FoldOptionsFor(options);
  fold_options.journal = nullptr;  // IngestParts' alone; text has its own.
  if (options.progress) {
    uint64_t files = 0;  // As counting's total: the files, not the streams.
    for (const JournalEntry& entry : part->header().journal) {
      if (entry.content_hash != 0) files += entry.bytes;
    }
    fold_options.steps =
        FoldSteps(options, start, /*resorting=*/true,
                  {.bytes_read = part->bytes(),
                   .bytes_total = files,
                   .tokens = part->header().tokens});
  }
  CountPart* const parts[] = {part.get()};
  COOC_ASSIGN_OR_RETURN(FoldSummary fold, target->Fold(parts, fold_options));
  COOC_ASSIGN_OR_RETURN(IngestSummary summary,
                        target->Summarize(parts, fold, start));
  summary.bytes = part->bytes();
  summary.spilled_bytes += part->spilled_bytes();
  // The counting's vocabulary, unless the fold's (adding the database's
  // ids and marginals) needed more.
  if (part->memory_needed_mb() >= summary.memory_needed_mb) {
    summary.vocabulary_bytes = part->vocabulary_bytes();
    summary.memory_needed_mb = part->memory_needed_mb();
  }
  summary.skipped = std::move(skipped);
  summary.threads = fold_options.threads;
  return summary;
}

absl::StatusOr<IngestSummary> IngestParts(
    const std::string& db_path, const std::vector<std::string>& part_paths,
    const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  const absl::Time start = absl::Now();
  COOC_ASSIGN_OR_RETURN(PartsFold opened,
                        OpenPartsFold(db_path, part_paths, options));
  const std::vector<CountPart*>& parts = opened.parts;
  IngestTarget* const target = opened.target.get();
  FoldOptions fold_options = FoldOptionsFor(options);
  if (options.progress) {
    // In bytes of part files read, and the tokens they hold.
    std::vector<uint64_t> sizes;
    uint64_t bytes_total = 0;
    for (const std::string& path : part_paths) {
      std::error_code error;
      sizes.push_back(fs::file_size(path, error));
      if (error) sizes.back() = 0;
      bytes_total += sizes.back();
    }
    fold_options.progress = [&, sizes, bytes_total](size_t folded) {
      uint64_t bytes = 0, tokens = 0;
      for (size_t i = 0; i < folded; ++i) {
        bytes += sizes[i];
        tokens += parts[i]->header().tokens;
      }
      options.progress({.bytes_read = bytes,
                        .bytes_total = bytes_total,
                        .tokens = tokens,
                        .seconds = absl::ToDoubleSeconds(absl::Now() - start)});
    };
    // The parts read are the progress above; then the fold's steps.
    uint64_t tokens = 0;
    for (const CountPart* part : parts) tokens += part->header().tokens;
    fold_options.steps = FoldSteps(options, start, /*resorting=*/false,
                                   {.bytes_read = bytes_total,
                                    .bytes_total = bytes_total,
                                    .tokens = tokens});
  }
  COOC_ASSIGN_OR_RETURN(FoldSummary fold, target->Fold(parts, fold_options));
  COOC_ASSIGN_OR_RETURN(IngestSummary summary,
                        target->Summarize(parts, fold, start));
  summary.threads = fold_options.threads;
  return summary;
}

absl::StatusOr<StoreOptions> IngestDefinition(const std::string& db_path,
                                              const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  if (!HoldsDatabase(db_path)) {
    COOC_ASSIGN_OR_RETURN(StoreOptions fresh, DefinitionFor(options, nullptr));
    COOC_RETURN_IF_ERROR(ValidateStoreOptions(fresh));
    return fresh;
  }
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountStore> reader,
                        CountStore::Open(db_path, CountStore::Access::kReadOnly));
  return DefinitionFor(options, &reader->options());
}

absl::StatusOr<JournalEntry> FingerprintInput(const std::string& path) {
  COOC_ASSIGN_OR_RETURN(const LineReader::Kind kind, LineReader::Inspect(path));
  if (kind.stream) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is a stream, which has no fingerprint before it is read"));
  }
  COOC_ASSIGN_OR_RETURN(FileFingerprint fingerprint, FingerprintFile(path));
  if (fingerprint.bytes == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));
  }
  JournalEntry entry;
  entry.path = path;
  entry.bytes = fingerprint.bytes;
  entry.content_hash = fingerprint.hash;
  return entry;
}

absl::Status ValidateIngestOptions(const IngestOptions& options) {
  if (options.threads < 0 || options.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat(
        "threads must be between 0 (all cores) and 256, not ", options.threads));
  }
  if (options.memory_mb < 16) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the memory budget must be at least 16 MiB, not ", options.memory_mb));
  }
  if (!options.encoding.empty()) {
    COOC_RETURN_IF_ERROR(CheckEncoding(options.encoding));
  }
  return absl::OkStatus();
}

absl::Status CheckEncoding(const std::string& name) {
  return CanonicalEncodingName(name).status();
}

absl::StatusOr<uint64_t> TokenizeInputs(
    const std::vector<std::string>& inputs, const TokenizerOptions& options,
    const std::function<void(absl::string_view)>& emit,
    const std::string& encoding) {
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  if (!encoding.empty()) COOC_RETURN_IF_ERROR(CheckEncoding(encoding));
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(options));
  BlockReader reader(inputs, /*block_bytes=*/1 << 20,
                     BlockReader::EmptyInput::kAccept, ByteRange(), encoding);
  TextBlock block;
  std::vector<std::string> tokens;
  std::string line;
  while (true) {
    COOC_ASSIGN_OR_RETURN(bool more, reader.Next(&block));
    if (!more) break;
    for (const TextBlock::Piece& piece : block.pieces) {
      tokenizer->Tokenize(block.piece_text(piece), &tokens);
      for (const std::string& token : tokens) {
        if (!line.empty()) line.push_back(' ');
        line += token;
      }
      if (piece.ends_line) {
        emit(line);
        line.clear();
      }
    }
  }
  return tokenizer->invalid_utf8_count() + reader.substitutions();
}

}  // namespace cooc
