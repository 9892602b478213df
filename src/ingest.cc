// Ingest, step by step:
//   1. Check every input (exists, not a directory) before touching the
//      database.
//   2. Open the database: an existing one is first opened read-only to
//      compare its stored definition with the requested options, so a
//      contradiction changes nothing; then it is opened for writing, which
//      takes RocksDB's lock for the whole ingest. An absent one is created.
//   3. Load the vocabulary, then stream every input through LineReader ->
//      Tokenizer -> Vocabulary -> PairCounter.
//   4. Drain the counter into one StoreBatch and commit it atomically.
// On any error after a database was created, the created files are removed.

#include "cooc/ingest.h"

#include <sys/stat.h>

#include <filesystem>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "line_reader.h"
#include "pair_counter.h"
#include "status_macros.h"
#include "vocabulary.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// Checks `inputs` and returns the sum of the regular files' sizes.
absl::StatusOr<uint64_t> CheckInputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) {
    return absl::InvalidArgumentError("no input files (use - for stdin)");
  }
  uint64_t total = 0;
  int stdin_uses = 0;
  for (const std::string& input : inputs) {
    if (input == LineReader::kStdin) {
      if (++stdin_uses > 1) {
        return absl::InvalidArgumentError("- (stdin) given more than once");
      }
      continue;
    }
    // Opening checks existence, type and permission, with the right codes.
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> reader,
                          LineReader::Open(input));
    total += reader->size();
  }
  return total;
}

// Returns the stored value, or the requested one, or an error naming both.
template <typename T, typename Name>
absl::StatusOr<T> Reconcile(const char* what, const std::optional<T>& asked,
                            const T& stored, Name name) {
  if (asked.has_value() && !(*asked == stored)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the database was built with ", what, " ", name(stored),
        " and cannot take text counted with ", what, " ", name(*asked),
        "; use another --db"));
  }
  return stored;
}

absl::StatusOr<StoreOptions> Resolve(const IngestOptions& asked,
                                     const StoreOptions& stored) {
  const auto number = [](int v) { return absl::StrCat(v); };
  const auto flag = [](bool v) { return v ? "on" : "off"; };
  const auto fold = [](CaseFolding v) {
    return v == CaseFolding::kFold ? "folding" : "no folding";
  };
  StoreOptions result;
  COOC_ASSIGN_OR_RETURN(result.window,
                        Reconcile("window", asked.window, stored.window, number));
  COOC_ASSIGN_OR_RETURN(result.mode,
                        Reconcile("mode", asked.mode, stored.mode, PairModeName));
  COOC_ASSIGN_OR_RETURN(result.shards,
                        Reconcile("shards", asked.shards, stored.shards, number));
  COOC_ASSIGN_OR_RETURN(
      result.tokenizer.case_folding,
      Reconcile("case", asked.case_folding, stored.tokenizer.case_folding, fold));
  COOC_ASSIGN_OR_RETURN(result.tokenizer.keep_numbers,
                        Reconcile("keep-numbers", asked.keep_numbers,
                                  stored.tokenizer.keep_numbers, flag));
  return result;
}

StoreOptions NewStoreOptions(const IngestOptions& asked) {
  StoreOptions options;
  options.window = asked.window.value_or(options.window);
  options.mode = asked.mode.value_or(options.mode);
  options.shards = asked.shards.value_or(options.shards);
  options.tokenizer.case_folding =
      asked.case_folding.value_or(options.tokenizer.case_folding);
  options.tokenizer.keep_numbers =
      asked.keep_numbers.value_or(options.tokenizer.keep_numbers);
  return options;
}

// Calls `fn(piece, bytes_read)` for every line piece of `path` and returns
// the bytes read. InvalidArgument if the input is empty.
absl::StatusOr<uint64_t> ForEachPiece(
    const std::string& path,
    const std::function<void(const LinePiece&, uint64_t)>& fn) {
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> reader,
                        LineReader::Open(path));
  LinePiece piece;
  while (true) {
    COOC_ASSIGN_OR_RETURN(bool more, reader->Next(&piece));
    if (!more) break;
    fn(piece, reader->bytes_read());
  }
  if (reader->bytes_read() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(reader->path(), " is empty"));
  }
  return reader->bytes_read();
}

bool HoldsDatabase(const std::string& path) {
  std::error_code error;
  return fs::exists(path, error) && !fs::is_empty(path, error);
}

// Streams the inputs into `counter`, assigning ids through `vocabulary`.
class TextCounter {
 public:
  TextCounter(Tokenizer* tokenizer, Vocabulary* vocabulary,
              PairCounter* counter, const IngestOptions& options,
              uint64_t bytes_total)
      : tokenizer_(tokenizer),
        vocabulary_(vocabulary),
        counter_(counter),
        options_(options),
        start_(absl::Now()),
        next_report_(start_) {
    progress_.bytes_total = bytes_total;
  }

  absl::Status CountInput(const std::string& path) {
    uint64_t pieces = 0;
    COOC_ASSIGN_OR_RETURN(
        uint64_t bytes,
        ForEachPiece(path, [&](const LinePiece& piece, uint64_t bytes_read) {
          tokenizer_->Tokenize(piece.text, &tokens_);
          for (const std::string& token : tokens_) {
            counter_->Add(vocabulary_->IdOf(token));
          }
          if (piece.ends_line) {
            counter_->EndLine();
            ++lines_;
          }
          if (++pieces % 1024 == 0) MaybeReport(bytes_done_ + bytes_read, false);
        }));
    counter_->EndLine();
    bytes_done_ += bytes;
    MaybeReport(bytes_done_, /*force=*/false);
    return absl::OkStatus();
  }

  void Finish() { MaybeReport(bytes_done_, /*force=*/true); }

  uint64_t bytes() const { return bytes_done_; }
  uint64_t lines() const { return lines_; }
  double seconds() const { return absl::ToDoubleSeconds(absl::Now() - start_); }

 private:
  void MaybeReport(uint64_t bytes_read, bool force) {
    if (!options_.progress) return;
    const absl::Time now = absl::Now();
    if (!force && now < next_report_) return;
    next_report_ = now + absl::Milliseconds(250);
    progress_.bytes_read = bytes_read;
    progress_.tokens = counter_->tokens();
    progress_.seconds = absl::ToDoubleSeconds(now - start_);
    options_.progress(progress_);
  }

  Tokenizer* tokenizer_;
  Vocabulary* vocabulary_;
  PairCounter* counter_;
  const IngestOptions& options_;
  std::vector<std::string> tokens_;
  absl::Time start_;
  absl::Time next_report_;
  IngestProgress progress_;
  uint64_t bytes_done_ = 0;
  uint64_t lines_ = 0;
};

}  // namespace

absl::StatusOr<IngestSummary> Ingest(const std::string& db_path,
                                     const std::vector<std::string>& inputs,
                                     const IngestOptions& options) {
  COOC_ASSIGN_OR_RETURN(uint64_t bytes_total, CheckInputs(inputs));
  IngestSummary summary;
  std::unique_ptr<CountStore> store;
  bool directory_existed = true;
  if (HoldsDatabase(db_path)) {
    StoreOptions stored;
    {
      COOC_ASSIGN_OR_RETURN(
          std::unique_ptr<CountStore> reader,
          CountStore::Open(db_path, CountStore::Access::kReadOnly));
      stored = reader->options();
    }
    COOC_ASSIGN_OR_RETURN(summary.store, Resolve(options, stored));
    COOC_ASSIGN_OR_RETURN(
        store, CountStore::Open(db_path, CountStore::Access::kReadWrite));
  } else {
    summary.store = NewStoreOptions(options);
    COOC_RETURN_IF_ERROR(ValidateStoreOptions(summary.store));
    directory_existed = fs::exists(db_path);
    COOC_ASSIGN_OR_RETURN(store, CountStore::Create(db_path, summary.store));
    summary.created = true;
  }
  // Removes a database this call created unless the ingest succeeds.
  absl::Cleanup remove_created = [&] {
    if (!summary.created) return;
    store.reset();
    std::error_code ignored;
    if (!directory_existed) {
      fs::remove_all(db_path, ignored);
      return;
    }
    for (const auto& entry : fs::directory_iterator(db_path, ignored)) {
      fs::remove_all(entry.path(), ignored);
    }
  };

  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(summary.store.tokenizer));
  COOC_ASSIGN_OR_RETURN(Vocabulary vocabulary, Vocabulary::Load(*store));
  PairCounter counter(summary.store);
  TextCounter text(tokenizer.get(), &vocabulary, &counter, options,
                   bytes_total);
  for (const std::string& input : inputs) {
    COOC_RETURN_IF_ERROR(text.CountInput(input));
  }
  text.Finish();

  StoreBatch batch;
  batch.new_terms = vocabulary.TakeNewTerms();
  batch.totals.tokens = counter.tokens();
  batch.totals.lines = text.lines();
  batch.totals.pair_events = counter.pair_events();
  batch.totals.invalid_utf8 = tokenizer->invalid_utf8_count();
  counter.Drain(&batch);
  COOC_RETURN_IF_ERROR(store->Commit(batch));
  std::move(remove_created).Cancel();

  summary.bytes = text.bytes();
  summary.lines = batch.totals.lines;
  summary.tokens = batch.totals.tokens;
  summary.pair_events = batch.totals.pair_events;
  summary.new_types = batch.new_terms.size();
  summary.invalid_utf8 = batch.totals.invalid_utf8;
  COOC_ASSIGN_OR_RETURN(summary.totals, store->ReadTotals());
  COOC_ASSIGN_OR_RETURN(summary.db_bytes, store->SizeOnDisk());
  summary.seconds = text.seconds();
  return summary;
}

absl::StatusOr<uint64_t> TokenizeInputs(
    const std::vector<std::string>& inputs, const TokenizerOptions& options,
    const std::function<void(absl::string_view)>& emit) {
  COOC_RETURN_IF_ERROR(CheckInputs(inputs).status());
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(options));
  std::vector<std::string> tokens;
  std::string line;
  for (const std::string& input : inputs) {
    COOC_RETURN_IF_ERROR(
        ForEachPiece(input, [&](const LinePiece& piece, uint64_t) {
          tokenizer->Tokenize(piece.text, &tokens);
          for (const std::string& token : tokens) {
            if (!line.empty()) line.push_back(' ');
            line += token;
          }
          if (piece.ends_line) {
            emit(line);
            line.clear();
          }
        }).status());
  }
  return tokenizer->invalid_utf8_count();
}

}  // namespace cooc
