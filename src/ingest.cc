// Ingest, step by step:
//   1. Check every input (exists, not a directory) before touching the
//      database.
//   2. Open the database: an existing one is first opened read-only to
//      compare its stored definition with the requested options, so a
//      contradiction changes nothing; then it is opened for writing, which
//      takes RocksDB's lock for the whole ingest. An absent one is created.
//   3. Count the text on worker threads into sorted runs (text_counter.h),
//      within the memory budget: each worker's map gets a share, and the
//      runs kept in memory the rest; beyond that, runs spill to files in
//      the database directory.
//   4. Merge each shard's runs into a table file (shards in parallel),
//      summing the marginals c(x,*) and c(*,y) from the merged pairs, and
//      commit the files, vocabulary and totals in one atomic step.
// On any error after a database was created, the created files are removed.

#include "cooc/ingest.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "block_reader.h"
#include "content_hash.h"
#include "line_reader.h"
#include "pair_counter.h"
#include "sorted_runs.h"
#include "status_macros.h"
#include "store_writer.h"
#include "text_counter.h"
#include "vocabulary.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// Checks that `inputs` name readable text sources, before anything is
// written.
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

absl::StatusOr<StoreOptions> Resolve(const IngestOptions& asked,
                                     const StoreOptions& stored) {
  const auto number = [](int v) { return absl::StrCat(v); };
  const auto flag = [](bool v) { return v ? "on" : "off"; };
  const auto fold = [](CaseFolding v) {
    return v == CaseFolding::kFold ? "folding" : "no folding";
  };
  StoreOptions result = stored;  // Then each asked field is checked.
  COOC_ASSIGN_OR_RETURN(result.window,
                        Reconcile("window", asked.window, stored.window, number));
  COOC_ASSIGN_OR_RETURN(result.mode,
                        Reconcile("mode", asked.mode, stored.mode, PairModeName));
  COOC_ASSIGN_OR_RETURN(result.shards,
                        Reconcile("shards", asked.shards, stored.shards, number));
  COOC_ASSIGN_OR_RETURN(
      result.unit, Reconcile("unit", asked.unit, stored.unit, CountingUnitName));
  COOC_ASSIGN_OR_RETURN(
      result.tokenizer.case_folding,
      Reconcile("case", asked.case_folding, stored.tokenizer.case_folding, fold));
  COOC_ASSIGN_OR_RETURN(result.tokenizer.keep_numbers,
                        Reconcile("keep-numbers", asked.keep_numbers,
                                  stored.tokenizer.keep_numbers, flag));
  COOC_ASSIGN_OR_RETURN(result.tokenizer.keep_punctuation,
                        Reconcile("keep-punct", asked.keep_punctuation,
                                  stored.tokenizer.keep_punctuation, flag));
  COOC_ASSIGN_OR_RETURN(result.tokenizer.min_length,
                        Reconcile("min-length", asked.min_length,
                                  stored.tokenizer.min_length, number));
  COOC_RETURN_IF_ERROR(ReconcileLists(asked, &result.tokenizer));
  return result;
}

StoreOptions NewStoreOptions(const IngestOptions& asked) {
  StoreOptions options;
  options.window = asked.window.value_or(options.window);
  options.mode = asked.mode.value_or(options.mode);
  options.shards = asked.shards.value_or(options.shards);
  options.unit = asked.unit.value_or(options.unit);
  options.tokenizer.case_folding =
      asked.case_folding.value_or(options.tokenizer.case_folding);
  options.tokenizer.keep_numbers =
      asked.keep_numbers.value_or(options.tokenizer.keep_numbers);
  options.tokenizer.keep_punctuation =
      asked.keep_punctuation.value_or(options.tokenizer.keep_punctuation);
  options.tokenizer.min_length =
      asked.min_length.value_or(options.tokenizer.min_length);
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

// The definition stored in the database at `path`, read without taking the
// write lock, so that a contradiction with the requested options is found
// before anything is written.
absl::StatusOr<StoreOptions> StoredOptions(const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountStore> reader,
                        CountStore::Open(path, CountStore::Access::kReadOnly));
  return reader->options();
}

// Splits `inputs` into those to count (returned, in order, with their
// journal entries in `*journal`) and those whose content the journal of
// `store`, or an earlier input of this call, already has (`*skipped`).
// A stream (standard input, a pipe) cannot be read twice, so it is always
// counted, and its journal entry has no content hash.
absl::StatusOr<std::vector<std::string>> SelectInputs(
    const CountStore& store, const std::vector<std::string>& inputs,
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
            store.FindInJournal(entry.content_hash, entry.bytes);
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

bool HoldsDatabase(const std::string& path) {
  std::error_code error;
  return fs::exists(path, error) && !fs::is_empty(path, error);
}

// Where spilled runs go: inside the database directory, which the ingest
// holds locked, so no other process can collide with them.
constexpr char kSpillDirectory[] = "ingest-spill";

int ThreadCount(const IngestOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Splits the memory budget: half for the workers' maps (each map together
// with the runs its spill makes), half for the runs kept in memory.
size_t MapEntriesPerWorker(const IngestOptions& options, PairMode mode,
                           int threads) {
  const uint64_t budget = options.memory_mb << 20;
  return PairCounter::MaxEntriesWithin(budget / 2 / threads, mode);
}

// Merges each shard's runs into `writer` on `threads` threads and returns
// the marginals c(x,*) (rows) and c(*,y) (columns) of the merged pairs.
absl::Status WriteShards(SortedRuns& runs, StoreWriter& writer, int threads,
                         size_t vocabulary_size, std::vector<uint64_t>* rows,
                         std::vector<uint64_t>* columns) {
  std::atomic<int> next_shard{0};
  std::vector<absl::Status> errors(threads);
  std::vector<std::vector<uint64_t>> thread_rows(threads), thread_columns(threads);
  const auto work = [&](int t) -> absl::Status {
    std::vector<uint64_t>& row = thread_rows[t];
    std::vector<uint64_t>& column = thread_columns[t];
    row.assign(vocabulary_size, 0);
    column.assign(vocabulary_size, 0);
    for (int k = next_shard++; k < runs.shards(); k = next_shard++) {
      COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> shard,
                            writer.OpenShard(k));
      COOC_RETURN_IF_ERROR(runs.Merge(k, [&](absl::Span<const KeyCount> batch) {
        for (const KeyCount& record : batch) {
          row[record.key >> 32] += record.count;
          column[record.key & 0xFFFFFFFFu] += record.count;
          COOC_RETURN_IF_ERROR(shard->Add(record.key, record.count));
        }
        return absl::OkStatus();
      }));
      COOC_RETURN_IF_ERROR(shard->Finish());
    }
    return absl::OkStatus();
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] { errors[t] = work(t); });
  }
  for (std::thread& thread : pool) thread.join();
  for (const absl::Status& error : errors) COOC_RETURN_IF_ERROR(error);
  rows->assign(vocabulary_size, 0);
  columns->assign(vocabulary_size, 0);
  for (int t = 0; t < threads; ++t) {
    for (size_t id = 0; id < vocabulary_size; ++id) {
      (*rows)[id] += thread_rows[t][id];
      (*columns)[id] += thread_columns[t][id];
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<IngestSummary> Ingest(const std::string& db_path,
                                     const std::vector<std::string>& inputs,
                                     const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  IngestSummary summary;
  std::unique_ptr<CountStore> store;
  bool directory_existed = true;
  if (!HoldsDatabase(db_path)) {
    summary.store = NewStoreOptions(options);
    COOC_RETURN_IF_ERROR(ValidateStoreOptions(summary.store));
    directory_existed = fs::exists(db_path);
    absl::StatusOr<std::unique_ptr<CountStore>> created =
        CountStore::Create(db_path, summary.store);
    if (created.ok()) {
      store = std::move(*created);
      summary.created = true;
    } else if (!HoldsDatabase(db_path)) {
      return created.status();
    }  // Else another process made it meanwhile: open it as existing.
  }
  if (store == nullptr) {
    COOC_ASSIGN_OR_RETURN(StoreOptions stored, StoredOptions(db_path));
    COOC_ASSIGN_OR_RETURN(summary.store, Resolve(options, stored));
    COOC_ASSIGN_OR_RETURN(
        store, CountStore::Open(db_path, CountStore::Access::kReadWrite));
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

  const absl::Time start = absl::Now();
  std::vector<JournalEntry> journal;
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> to_count,
                        SelectInputs(*store, inputs, options.force, &journal,
                                     &summary.skipped));
  // What the progress line counts towards: the files to count (a stream's
  // size is unknown until it is read).
  uint64_t bytes_total = 0;
  for (const JournalEntry& entry : journal) bytes_total += entry.bytes;
  if (to_count.empty()) {  // Everything was counted before: nothing to do.
    COOC_ASSIGN_OR_RETURN(summary.totals, store->ReadTotals());
    COOC_ASSIGN_OR_RETURN(summary.db_bytes, store->SizeOnDisk());
    summary.threads = ThreadCount(options);
    summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
    return summary;
  }
  COOC_ASSIGN_OR_RETURN(Vocabulary vocabulary, Vocabulary::Load(*store));
  summary.threads = ThreadCount(options);
  CountTextOptions count_options;
  count_options.store = summary.store;
  count_options.threads = summary.threads;
  count_options.max_map_entries =
      MapEntriesPerWorker(options, summary.store.mode, summary.threads);
  absl::Time next_report = start;  // Outlives the lambda that uses it.
  if (options.progress) {
    count_options.progress = [&](uint64_t bytes, uint64_t tokens) {
      const absl::Time now = absl::Now();
      if (now < next_report) return;
      next_report = now + absl::Milliseconds(250);
      options.progress({bytes, bytes_total, tokens,
                        absl::ToDoubleSeconds(now - start)});
    };
  }
  SortedRuns runs(summary.store.shards,
                  (fs::path(db_path) / kSpillDirectory).string(),
                  (options.memory_mb << 20) / 2);
  TextCounts counts;
  COOC_RETURN_IF_ERROR(
      CountText(to_count, count_options, &vocabulary, &runs, &counts));
  if (options.progress) {
    options.progress({counts.bytes, bytes_total, counts.tokens,
                      absl::ToDoubleSeconds(absl::Now() - start)});
  }

  COOC_ASSIGN_OR_RETURN(std::unique_ptr<StoreWriter> writer,
                        store->NewWriter());
  std::vector<uint64_t> rows;
  std::vector<uint64_t> columns;
  COOC_RETURN_IF_ERROR(WriteShards(runs, *writer, summary.threads,
                                   vocabulary.size(), &rows, &columns));
  std::vector<std::pair<uint32_t, TermCounts>> term_counts;
  for (uint32_t id = 0; id < counts.frequencies.size(); ++id) {
    if (counts.frequencies[id] == 0) continue;  // Every paired id occurred.
    if (summary.store.unit == CountingUnit::kWindow) {
      term_counts.push_back(
          {id, {counts.frequencies[id], rows[id], columns[id]}});
    } else {  // Marginals are document frequencies, not sums of pairs.
      const uint64_t df = counts.document_frequencies[id];
      term_counts.push_back({id, {counts.frequencies[id], df, df}});
    }
  }
  Totals increments;
  increments.tokens = counts.tokens;
  increments.lines = counts.lines;
  increments.pair_events = counts.pair_events;
  increments.invalid_utf8 = counts.invalid_utf8;
  const std::vector<std::pair<std::string, uint32_t>> new_terms =
      vocabulary.TakeNewTerms();
  for (size_t i = 0; i < journal.size() && i < counts.input_bytes.size(); ++i) {
    if (journal[i].content_hash == 0) {  // A stream: its size is known
      journal[i].bytes = counts.input_bytes[i];  // only once it is read.
    }
  }
  COOC_RETURN_IF_ERROR(
      writer->Commit(new_terms, term_counts, increments, journal));
  std::move(remove_created).Cancel();

  summary.bytes = counts.bytes;
  summary.lines = counts.lines;
  summary.tokens = counts.tokens;
  summary.pair_events = counts.pair_events;
  summary.new_types = new_terms.size();
  summary.invalid_utf8 = counts.invalid_utf8;
  summary.spilled_bytes = runs.spilled_bytes();
  COOC_ASSIGN_OR_RETURN(summary.totals, store->ReadTotals());
  COOC_ASSIGN_OR_RETURN(summary.db_bytes, store->SizeOnDisk());
  summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return summary;
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
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> TokenizeInputs(
    const std::vector<std::string>& inputs, const TokenizerOptions& options,
    const std::function<void(absl::string_view)>& emit) {
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(options));
  BlockReader reader(inputs, /*block_bytes=*/1 << 20,
                     BlockReader::EmptyInput::kAccept);
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
  return tokenizer->invalid_utf8_count();
}

}  // namespace cooc
