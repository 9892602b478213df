// The StoreWriter of a CountStore: table files in a scratch directory,
// added in one IngestExternalFiles call across column families, so a reader
// or a crash sees all of a commit or none of it.

#include "store_writer.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "count_store_rep.h"
#include "key_format.h"
#include "new_terms.h"
#include "rocksdb/metadata.h"
#include "rocksdb/sst_file_writer.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// The big-endian value of term[from, from + bytes), 0-padded past its end:
// such values order terms as the terms do (a shorter term's padding is 0,
// below any byte), up to ties that only the whole terms settle.
uint64_t PrefixValue(absl::string_view term, size_t from, size_t bytes) {
  uint64_t value = 0;
  for (size_t b = from; b < from + bytes; ++b) {
    value = (value << 8) |
            (b < term.size() ? static_cast<unsigned char>(term[b]) : 0);
  }
  return value;
}

// Calls visit(index) for the indices of `terms` in the order of their terms,
// stopping at the first error it returns. Millions of terms scattered
// through memory sort slowly by comparing terms, and fast by comparing
// integers: the terms are dealt into buckets by their first 2 bytes (a
// counting sort, 4 bytes a term), and each bucket is sorted by its terms'
// next 8 bytes, whole terms compared only where those are equal. Held at
// once: 4 bytes a term and 16 a term of the largest bucket, where sorting
// (prefix, index) pairs of all the terms took 16 bytes a term.
template <typename Visit>
absl::Status ForEachInTermOrder(const NewTerms& terms, Visit visit) {
  constexpr size_t kBuckets = size_t{1} << 16;
  const auto bucket_of = [&](size_t i) {
    return static_cast<size_t>(PrefixValue(terms[i], 0, 2));
  };
  std::vector<uint32_t> bucket_end(kBuckets + 1, 0);  // Ends, once summed.
  for (size_t i = 0; i < terms.size(); ++i) ++bucket_end[bucket_of(i) + 1];
  for (size_t b = 0; b < kBuckets; ++b) bucket_end[b + 1] += bucket_end[b];
  std::vector<uint32_t> order(terms.size());
  {
    std::vector<uint32_t> next(bucket_end.begin(), bucket_end.end() - 1);
    for (size_t i = 0; i < terms.size(); ++i) {
      order[next[bucket_of(i)]++] = static_cast<uint32_t>(i);
    }
  }
  struct Place {
    uint64_t prefix;  // The term's bytes 2..9.
    uint32_t index;
  };
  std::vector<Place> places;
  for (size_t b = 0; b < kBuckets; ++b) {
    places.clear();
    for (size_t k = bucket_end[b]; k < bucket_end[b + 1]; ++k) {
      places.push_back({PrefixValue(terms[order[k]], 2, 8), order[k]});
    }
    std::sort(places.begin(), places.end(),
              [&](const Place& x, const Place& y) {
                if (x.prefix != y.prefix) return x.prefix < y.prefix;
                return terms[x.index] < terms[y.index];
              });
    for (const Place& place : places) {
      COOC_RETURN_IF_ERROR(visit(place.index));
    }
  }
  return absl::OkStatus();
}

// Writes one shard's pairs to a table file: Merge entries that add to the
// stored counts, or, into a shard that holds nothing yet, Put entries of the
// final values (so a database's first commit leaves its shards fully
// merged). Nothing of the existing shard is read. Without a family (a file
// written away from the database) the file can join any family.
class ShardFileWriter : public ShardWriter {
 public:
  // Called by Finish with the file written (empty if there were no pairs).
  using Done = std::function<void(const std::string& file)>;

  ShardFileWriter(rocksdb::ColumnFamilyHandle* family,
                  const rocksdb::Options& options, std::string path,
                  bool shard_empty, Done done)
      : writer_(rocksdb::EnvOptions(), options, family),
        path_(std::move(path)),
        shard_empty_(shard_empty),
        done_(std::move(done)) {}

  absl::Status Open() { return FromRocksDb(writer_.Open(path_), path_); }

  absl::Status Add(uint64_t key, uint64_t count) override {
    if (entries_ > 0 && key <= last_key_) {
      return absl::InvalidArgumentError("pair keys out of order");
    }
    last_key_ = key;
    ++entries_;
    char key_bytes[kPairKeyBytes];
    char value[kCounterBytes];
    EncodePairKey(static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key),
                  key_bytes);
    for (size_t i = 0; i < kCounterBytes; ++i) {
      value[i] = static_cast<char>(count >> (8 * i));
    }
    const rocksdb::Slice k(key_bytes, kPairKeyBytes), v(value, kCounterBytes);
    return FromRocksDb(shard_empty_ ? writer_.Put(k, v) : writer_.Merge(k, v),
                       path_);
  }

  absl::Status Finish() override {
    if (entries_ == 0) {  // No file for no pairs (Open created one).
      std::error_code ignored;
      fs::remove(path_, ignored);
      done_("");
      return absl::OkStatus();
    }
    COOC_RETURN_IF_ERROR(FromRocksDb(writer_.Finish(), path_));
    done_(path_);
    return absl::OkStatus();
  }

 private:
  rocksdb::SstFileWriter writer_;
  std::string path_;
  bool shard_empty_;
  Done done_;
  uint64_t entries_ = 0;
  uint64_t last_key_ = 0;
};

// One table file of a commit's small families, written entry by entry in
// key order: no copy of the vocabulary or the term counts is made.
class TableFile {
 public:
  TableFile(const rocksdb::Options& options,
            rocksdb::ColumnFamilyHandle* family, std::string path)
      : writer_(rocksdb::EnvOptions(), options, family),
        path_(std::move(path)) {}

  enum class Kind { kPut, kMerge };

  absl::Status Add(absl::string_view key, absl::string_view value,
                   Kind kind) {
    if (entries_++ == 0) {
      COOC_RETURN_IF_ERROR(FromRocksDb(writer_.Open(path_), path_));
    }
    const rocksdb::Slice k(key.data(), key.size());
    const rocksdb::Slice v(value.data(), value.size());
    return FromRocksDb(
        kind == Kind::kMerge ? writer_.Merge(k, v) : writer_.Put(k, v), path_);
  }

  // Completes the file; returns false if it had no entries (no file).
  absl::StatusOr<bool> Finish() {
    if (entries_ == 0) return false;
    COOC_RETURN_IF_ERROR(FromRocksDb(writer_.Finish(), path_));
    return true;
  }

  const std::string& path() const { return path_; }

 private:
  rocksdb::SstFileWriter writer_;
  std::string path_;
  uint64_t entries_ = 0;
};

}  // namespace

class CountStoreWriter : public StoreWriter {
 public:
  CountStoreWriter(CountStore::Rep* rep, std::string scratch, Totals before)
      : rep_(rep), scratch_(std::move(scratch)), before_(before) {}

  ~CountStoreWriter() override {
    std::error_code ignored;
    fs::remove_all(scratch_, ignored);
  }

  absl::StatusOr<std::unique_ptr<ShardWriter>> OpenShard(int shard) override {
    COOC_RETURN_IF_ERROR(CheckShard(shard));
    COOC_ASSIGN_OR_RETURN(const bool empty, FamilyIsEmpty(rep_->shard(shard)));
    auto writer = std::make_unique<ShardFileWriter>(
        rep_->shard(shard), PairTableFileOptions(rep_->path),
        (fs::path(scratch_) / absl::StrCat("shard-", shard, ".sst")).string(),
        empty, [this, shard](const std::string& file) {
          absl::MutexLock lock(&mu_);
          if (!file.empty()) shard_files_.push_back({shard, file});
        });
    COOC_RETURN_IF_ERROR(writer->Open());
    return std::unique_ptr<ShardWriter>(std::move(writer));
  }

  absl::StatusOr<bool> ShardIsEmpty(int shard) override {
    COOC_RETURN_IF_ERROR(CheckShard(shard));
    return FamilyIsEmpty(rep_->shard(shard));
  }

  absl::Status AddShardFile(int shard, const std::string& file) override {
    COOC_RETURN_IF_ERROR(CheckShard(shard));
    // A scan file is a cache of its table (scan_file.h): if it cannot be
    // moved, the shard is read from its tables.
    MoveScanFileOfTable(file, rep_->path).IgnoreError();
    absl::MutexLock lock(&mu_);
    shard_files_.push_back({shard, file});
    return absl::OkStatus();
  }

  absl::Status Commit(const NewTerms& new_terms,
                      NextTermCounts next_term_counts,
                      const Totals& increments,
                      const std::vector<JournalEntry>& journal,
                      const LabelCounts* labels) override;

 private:
  CountStore::Rep* rep_;
  std::string scratch_;
  Totals before_;
  absl::Mutex mu_;

  absl::Status CheckShard(int shard) const {
    if (shard < 0 || shard >= PairFamilies(rep_->options)) {
      return absl::InvalidArgumentError(absl::StrCat("no shard ", shard));
    }
    return absl::OkStatus();
  }

  // True if `family` holds no entries: no table files and nothing in its
  // memtables (from RocksDB's metadata; nothing of the family is read).
  absl::StatusOr<bool> FamilyIsEmpty(rocksdb::ColumnFamilyHandle* family) {
    rocksdb::ColumnFamilyMetaData meta;
    rep_->db->GetColumnFamilyMetaData(family, &meta);
    uint64_t in_memory = 0;
    if (!rep_->db->GetIntProperty(
            family, rocksdb::DB::Properties::kNumEntriesActiveMemTable,
            &in_memory)) {
      return absl::InternalError(
          absl::StrCat(rep_->path, ": cannot read the memtable's size"));
    }
    return meta.file_count == 0 && in_memory == 0;
  }

  // Files of the finished shards.
  std::vector<std::pair<int, std::string>> shard_files_ ABSL_GUARDED_BY(mu_);
};

absl::Status CountStoreWriter::Commit(const NewTerms& new_terms,
                                      NextTermCounts next_term_counts,
                                      const Totals& increments,
                                      const std::vector<JournalEntry>& journal,
                                      const LabelCounts* labels) {
  std::vector<rocksdb::IngestExternalFileArg> args;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [shard, file] : shard_files_) {
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = rep_->shard(shard);
      arg.external_files = {file};
      args.push_back(std::move(arg));
    }
  }

  const rocksdb::Options options = TableFileOptions(/*point_lookups=*/true);
  const auto scratch_file = [this](const char* name) {
    return (fs::path(scratch_) / name).string();
  };
  const auto finish = [&args](TableFile& file,
                              rocksdb::ColumnFamilyHandle* family)
      -> absl::Status {
    COOC_ASSIGN_OR_RETURN(const bool written, file.Finish());
    if (!written) return absl::OkStatus();
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = family;
    arg.external_files = {file.path()};
    args.push_back(std::move(arg));
    return absl::OkStatus();
  };

  // The new terms: id -> term in id order, term -> id in term order.
  if (before_.types + new_terms.size() > 0xFFFFFFFFull) {
    return absl::InvalidArgumentError(
        "the vocabulary would exceed 2^32 - 1 terms");
  }
  const auto id_of = [&](size_t index) {
    return static_cast<uint32_t>(before_.types + index);
  };
  {
    TableFile terms(options, rep_->families[kTermsFamilyIndex],
                    scratch_file("terms.sst"));
    for (size_t i = 0; i < new_terms.size(); ++i) {
      COOC_RETURN_IF_ERROR(
          terms.Add(EncodeId(id_of(i)), new_terms[i], TableFile::Kind::kPut));
    }
    COOC_RETURN_IF_ERROR(finish(terms, rep_->families[kTermsFamilyIndex]));
  }
  {
    TableFile vocab(options, rep_->families[kVocabFamilyIndex],
                    scratch_file("vocab.sst"));
    absl::string_view previous;
    bool first = true;
    COOC_RETURN_IF_ERROR(ForEachInTermOrder(
        new_terms, [&](uint32_t index) -> absl::Status {
          const absl::string_view term = new_terms[index];
          if (!first && term == previous) {
            return absl::InvalidArgumentError(
                absl::StrCat("new term '", term, "' given twice"));
          }
          first = false;
          previous = term;
          return vocab.Add(term, EncodeId(id_of(index)),
                           TableFile::Kind::kPut);
        }));
    COOC_RETURN_IF_ERROR(finish(vocab, rep_->families[kVocabFamilyIndex]));
  }
  {
    // Into a store without terms, the counts are final values.
    const TableFile::Kind kind =
        before_.types > 0 ? TableFile::Kind::kMerge : TableFile::Kind::kPut;
    TableFile marginals(options, rep_->families[kMarginalsFamilyIndex],
                        scratch_file("marginals.sst"));
    uint32_t id;
    TermCounts counts;
    while (next_term_counts(&id, &counts)) {
      const uint64_t fields[kMarginalsFields] = {counts.frequency, counts.row,
                                                 counts.column};
      COOC_RETURN_IF_ERROR(
          marginals.Add(EncodeId(id), EncodeCountVector(fields), kind));
    }
    COOC_RETURN_IF_ERROR(
        finish(marginals, rep_->families[kMarginalsFamilyIndex]));
  }

  uint64_t totals[kTotalsFields] = {};
  totals[kTotalsTokens] = increments.tokens;
  totals[kTotalsLines] = increments.lines;
  totals[kTotalsPairEvents] = increments.pair_events;
  // Distinct pairs are not counted at commit (that would read every
  // existing pair); the store derives them from its compacted files.
  totals[kTotalsTypes] = new_terms.size();
  totals[kTotalsInvalidUtf8] = increments.invalid_utf8;
  totals[kTotalsIngests] = increments.ingests;
  // The default family's file: the journal entries of this commit, then the
  // totals (journal keys sort before "meta" and "totals").
  std::vector<std::pair<std::string, std::string>> journal_entries;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  absl::flat_hash_map<uint64_t, size_t> inputs_of_ingest;
  for (const JournalEntry& given : journal) {
    if (given.ingest < 1 || given.ingest > increments.ingests) {
      return absl::InvalidArgumentError(absl::StrCat(
          "journal entry of ", given.path, " has ingest ", given.ingest,
          "; this commit adds ", increments.ingests));
    }
    JournalEntry entry = given;
    entry.ingest = before_.ingests + given.ingest;
    if (entry.unix_seconds == 0) entry.unix_seconds = now;
    const size_t index = inputs_of_ingest[entry.ingest]++;
    journal_entries.emplace_back(
        JournalKey(entry.content_hash, entry.ingest, index),
        EncodeJournalValue(entry));
  }
  std::sort(journal_entries.begin(), journal_entries.end());
  // Label records sort after the journal's keys and before "meta".
  const std::vector<std::pair<std::string, std::string>> label_records =
      labels == nullptr ? std::vector<std::pair<std::string, std::string>>()
                        : EncodeLabelRecords(*labels);
  {
    TableFile defaults(options, rep_->families[kDefaultFamily],
                       scratch_file("totals.sst"));
    for (const auto& [key, value] : journal_entries) {
      COOC_RETURN_IF_ERROR(defaults.Add(key, value, TableFile::Kind::kPut));
    }
    for (const auto& [key, value] : label_records) {
      COOC_RETURN_IF_ERROR(defaults.Add(key, value, TableFile::Kind::kMerge));
    }
    COOC_RETURN_IF_ERROR(defaults.Add(kTotalsKey, EncodeCountVector(totals),
                                      TableFile::Kind::kMerge));
    if (increments.unit_cuts > 0) {  // "unit_cuts" sorts after "totals".
      const uint64_t cuts[] = {increments.unit_cuts};
      COOC_RETURN_IF_ERROR(defaults.Add(kUnitCutsKey, EncodeCountVector(cuts),
                                        TableFile::Kind::kMerge));
    }
    COOC_RETURN_IF_ERROR(finish(defaults, rep_->families[kDefaultFamily]));
  }
  for (rocksdb::IngestExternalFileArg& arg : args) {
    arg.options.move_files = true;
  }
  const rocksdb::Status ingested = rep_->db->IngestExternalFiles(args);
  rep_->scan_files.Forget();  // The shards have new tables.
  return FromRocksDb(ingested, rep_->path);
}

absl::StatusOr<std::unique_ptr<ShardWriter>> NewTableFileWriter(
    const std::string& path, bool final_values) {
  rocksdb::Options options = TableFileOptions();
  options.table_properties_collector_factories.push_back(
      NewScanFileCollectorFactory(fs::absolute(path).parent_path().string()));
  auto writer = std::make_unique<ShardFileWriter>(
      nullptr, options, path, final_values, [](const std::string&) {});
  COOC_RETURN_IF_ERROR(writer->Open());
  return std::unique_ptr<ShardWriter>(std::move(writer));
}

absl::StatusOr<std::unique_ptr<StoreWriter>> CountStore::NewWriter() {
  if (!rep_->writable) {
    return absl::FailedPreconditionError(
        absl::StrCat(rep_->path, " is open read-only"));
  }
  COOC_ASSIGN_OR_RETURN(Totals before, ReadTotals());
  const std::string scratch =
      (fs::path(rep_->path) / kScratchDirectory).string();
  std::error_code error;
  fs::remove_all(scratch, error);  // Left over by a killed ingest.
  fs::create_directories(scratch, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", scratch, ": ", error.message()));
  }
  return std::unique_ptr<StoreWriter>(
      new CountStoreWriter(rep_.get(), scratch, before));
}

absl::Status CountStore::Commit(const StoreBatch& batch) {
  if (batch.shard_pairs.size() != static_cast<size_t>(rep_->options.shards)) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch has ", batch.shard_pairs.size(),
                     " shards, database has ", rep_->options.shards));
  }
  COOC_ASSIGN_OR_RETURN(const Totals before, ReadTotals());
  // The batch's new terms, checked to take the next ids in order.
  TermList terms;
  terms.reserve(batch.new_terms.size());
  NewTerms new_terms;
  for (const auto& [term, id] : batch.new_terms) {
    if (id != before.types + terms.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("new term '", term, "' has id ", id, ", expected ",
                       before.types + terms.size()));
    }
    terms.push_back(term);
    new_terms.Add(terms, static_cast<uint32_t>(terms.size() - 1));
  }
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<StoreWriter> writer, NewWriter());
  for (int k = 0; k < rep_->options.shards; ++k) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> shard,
                          writer->OpenShard(k));
    for (const auto& [key, count] : batch.shard_pairs[k]) {
      COOC_RETURN_IF_ERROR(shard->Add(key, count));
    }
    COOC_RETURN_IF_ERROR(shard->Finish());
  }
  if (rep_->options.right_index) {  // The same pairs by right word.
    const int shards = rep_->options.shards;
    std::vector<std::vector<std::pair<uint64_t, uint64_t>>> by_right(shards);
    for (const auto& pairs : batch.shard_pairs) {
      for (const auto& [key, count] : pairs) {
        const uint32_t x = static_cast<uint32_t>(key >> 32);
        const uint32_t y = static_cast<uint32_t>(key);
        by_right[ShardOf(y, shards)].emplace_back((uint64_t{y} << 32) | x,
                                                  count);
      }
    }
    for (int k = 0; k < shards; ++k) {
      std::sort(by_right[k].begin(), by_right[k].end());
      COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> shard,
                            writer->OpenShard(shards + k));
      for (const auto& [key, count] : by_right[k]) {
        COOC_RETURN_IF_ERROR(shard->Add(key, count));
      }
      COOC_RETURN_IF_ERROR(shard->Finish());
    }
  }
  Totals increments = batch.totals;
  increments.ingests = 1;
  size_t next = 0;
  return writer->Commit(
      new_terms,
      [&](uint32_t* id, TermCounts* counts) {
        if (next == batch.term_counts.size()) return false;
        std::tie(*id, *counts) = batch.term_counts[next++];
        return true;
      },
      increments, {});
}

}  // namespace cooc
