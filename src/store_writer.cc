// The StoreWriter of a CountStore: table files in a scratch directory,
// added in one IngestExternalFiles call across column families, so a reader
// or a crash sees all of a commit or none of it.

#include "store_writer.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "count_store_rep.h"
#include "key_format.h"
#include "rocksdb/sst_file_writer.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

}  // namespace

namespace {

// Writes one shard's pairs to a table file of Merge entries. When the store
// already has pairs, keys are looked up in chunks (MultiGet, sorted) to
// count the distinct pairs that are new.
class ShardFileWriter : public ShardWriter {
 public:
  // Called by Finish with the file written (empty if there were no pairs)
  // and the number of new distinct pairs.
  using Done = std::function<void(const std::string& file, uint64_t)>;

  ShardFileWriter(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                  const rocksdb::Options& options, std::string path,
                  bool check_existing, Done done)
      : db_(db),
        family_(family),
        writer_(rocksdb::EnvOptions(), options, family),
        path_(std::move(path)),
        check_existing_(check_existing),
        done_(std::move(done)) {}

  absl::Status Open() { return FromRocksDb(writer_.Open(path_), path_); }

  absl::Status Add(uint64_t key, uint64_t count) override {
    if (entries_ > 0 && key <= last_key_) {
      return absl::InvalidArgumentError("pair keys out of order");
    }
    last_key_ = key;
    ++entries_;
    pending_.push_back({key, count});
    if (pending_.size() == kChunk) return Flush();
    return absl::OkStatus();
  }

  absl::Status Finish() override {
    COOC_RETURN_IF_ERROR(Flush());
    if (entries_ == 0) {  // No file for no pairs.
      done_("", 0);
      return absl::OkStatus();
    }
    COOC_RETURN_IF_ERROR(FromRocksDb(writer_.Finish(), path_));
    done_(path_, new_pairs_);
    return absl::OkStatus();
  }

 private:
  static constexpr size_t kChunk = 4096;

  absl::Status Flush() {
    if (pending_.empty()) return absl::OkStatus();
    if (check_existing_) {
      COOC_RETURN_IF_ERROR(CountNew());
    } else {
      new_pairs_ += pending_.size();
    }
    char key[kPairKeyBytes];
    char value[kCounterBytes];
    for (const auto& [pair, count] : pending_) {
      EncodePairKey(static_cast<uint32_t>(pair >> 32),
                    static_cast<uint32_t>(pair), key);
      for (size_t i = 0; i < kCounterBytes; ++i) {
        value[i] = static_cast<char>(count >> (8 * i));
      }
      const rocksdb::Status added =
          writer_.Merge(rocksdb::Slice(key, kPairKeyBytes),
                        rocksdb::Slice(value, kCounterBytes));
      if (!added.ok()) return FromRocksDb(added, path_);
    }
    pending_.clear();
    return absl::OkStatus();
  }

  absl::Status CountNew() {
    const size_t n = pending_.size();
    key_bytes_.resize(n * kPairKeyBytes);
    keys_.resize(n);
    values_.resize(n);
    statuses_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      char* key = key_bytes_.data() + i * kPairKeyBytes;
      EncodePairKey(static_cast<uint32_t>(pending_[i].first >> 32),
                    static_cast<uint32_t>(pending_[i].first), key);
      keys_[i] = rocksdb::Slice(key, kPairKeyBytes);
      values_[i].Reset();
    }
    db_->MultiGet(rocksdb::ReadOptions(), family_, n, keys_.data(),
                  values_.data(), statuses_.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      if (statuses_[i].IsNotFound()) {
        ++new_pairs_;
      } else {
        COOC_RETURN_IF_ERROR(FromRocksDb(statuses_[i], path_));
      }
    }
    return absl::OkStatus();
  }

  rocksdb::DB* db_;
  rocksdb::ColumnFamilyHandle* family_;
  rocksdb::SstFileWriter writer_;
  std::string path_;
  bool check_existing_;
  Done done_;
  uint64_t entries_ = 0;
  uint64_t last_key_ = 0;
  uint64_t new_pairs_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> pending_;
  std::vector<char> key_bytes_;
  std::vector<rocksdb::Slice> keys_;
  std::vector<rocksdb::PinnableSlice> values_;
  std::vector<rocksdb::Status> statuses_;
};

// Writes a table file of `entries` (already in key order) into `family`;
// `merge` selects Merge entries rather than Put. Returns false in `*written`
// when there is nothing to write.
// One entry of a small table file: a Put, or a Merge of a CountVector.
struct FileEntry {
  std::string key;
  std::string value;
  bool merge = false;
  bool operator<(const FileEntry& other) const { return key < other.key; }
};

absl::Status WriteSmallFile(const rocksdb::Options& options,
                            rocksdb::ColumnFamilyHandle* family,
                            const std::string& path,
                            const std::vector<FileEntry>& entries,
                            bool* written) {
  *written = false;
  if (entries.empty()) return absl::OkStatus();
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, family);
  COOC_RETURN_IF_ERROR(FromRocksDb(writer.Open(path), path));
  for (const FileEntry& entry : entries) {
    COOC_RETURN_IF_ERROR(FromRocksDb(
        entry.merge ? writer.Merge(entry.key, entry.value)
                    : writer.Put(entry.key, entry.value),
        path));
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(writer.Finish(), path));
  *written = true;
  return absl::OkStatus();
}

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
    if (shard < 0 || shard >= rep_->options.shards) {
      return absl::InvalidArgumentError(absl::StrCat("no shard ", shard));
    }
    auto writer = std::make_unique<ShardFileWriter>(
        rep_->db.get(), rep_->shard(shard), rep_->TableFileOptions(),
        (fs::path(scratch_) / absl::StrCat("shard-", shard, ".sst")).string(),
        /*check_existing=*/before_.distinct_pairs > 0,
        [this, shard](const std::string& file, uint64_t new_pairs) {
          absl::MutexLock lock(&mu_);
          if (!file.empty()) shard_files_.push_back({shard, file});
          new_pairs_ += new_pairs;
        });
    COOC_RETURN_IF_ERROR(writer->Open());
    return std::unique_ptr<ShardWriter>(std::move(writer));
  }

  absl::Status Commit(
      const std::vector<std::pair<std::string, uint32_t>>& new_terms,
      const std::vector<std::pair<uint32_t, TermCounts>>& term_counts,
      const Totals& increments,
      const std::vector<JournalEntry>& journal) override;

 private:
  CountStore::Rep* rep_;
  std::string scratch_;
  Totals before_;
  absl::Mutex mu_;
  // Files of the finished shards, and their new distinct pairs.
  std::vector<std::pair<int, std::string>> shard_files_ ABSL_GUARDED_BY(mu_);
  uint64_t new_pairs_ ABSL_GUARDED_BY(mu_) = 0;
};

absl::Status CountStoreWriter::Commit(
    const std::vector<std::pair<std::string, uint32_t>>& new_terms,
    const std::vector<std::pair<uint32_t, TermCounts>>& term_counts,
    const Totals& increments, const std::vector<JournalEntry>& journal) {
  uint64_t new_pairs = 0;
  std::vector<rocksdb::IngestExternalFileArg> args;
  {
    absl::MutexLock lock(&mu_);
    new_pairs = new_pairs_;
    for (const auto& [shard, file] : shard_files_) {
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = rep_->shard(shard);
      arg.external_files = {file};
      args.push_back(std::move(arg));
    }
  }

  uint64_t next_id = before_.types;
  std::vector<FileEntry> vocab;
  std::vector<FileEntry> terms;
  for (const auto& [term, id] : new_terms) {
    if (id != next_id++) {
      return absl::InvalidArgumentError(absl::StrCat(
          "new term '", term, "' has id ", id, ", expected ", next_id - 1));
    }
    vocab.push_back({term, EncodeId(id)});
    terms.push_back({EncodeId(id), term});
  }
  std::sort(vocab.begin(), vocab.end());
  for (size_t i = 1; i < vocab.size(); ++i) {
    if (vocab[i].key == vocab[i - 1].key) {
      return absl::InvalidArgumentError(
          absl::StrCat("new term '", vocab[i].key, "' given twice"));
    }
  }
  std::vector<FileEntry> marginals;
  for (const auto& [id, counts] : term_counts) {
    const uint64_t fields[kMarginalsFields] = {counts.frequency, counts.row,
                                               counts.column};
    marginals.push_back({EncodeId(id), EncodeCountVector(fields), true});
  }
  uint64_t totals[kTotalsFields] = {};
  totals[kTotalsTokens] = increments.tokens;
  totals[kTotalsLines] = increments.lines;
  totals[kTotalsPairEvents] = increments.pair_events;
  totals[kTotalsDistinctPairs] = new_pairs;
  totals[kTotalsTypes] = new_terms.size();
  totals[kTotalsInvalidUtf8] = increments.invalid_utf8;
  totals[kTotalsIngests] = 1;
  // The default family's file: the journal entries of this ingest, then the
  // totals (journal keys sort before "meta" and "totals").
  std::vector<FileEntry> journal_and_totals;
  const uint64_t ingest = before_.ingests + 1;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  for (size_t i = 0; i < journal.size(); ++i) {
    JournalEntry entry = journal[i];
    entry.ingest = ingest;
    entry.unix_seconds = now;
    journal_and_totals.push_back({JournalKey(entry.content_hash, ingest, i),
                                  EncodeJournalValue(entry)});
  }
  std::sort(journal_and_totals.begin(), journal_and_totals.end());
  journal_and_totals.push_back({kTotalsKey, EncodeCountVector(totals), true});

  struct SmallFile {
    int family;
    const std::vector<FileEntry>* entries;
    const char* name;
  };
  const SmallFile small_files[] = {
      {kVocabFamilyIndex, &vocab, "vocab.sst"},
      {kTermsFamilyIndex, &terms, "terms.sst"},
      {kMarginalsFamilyIndex, &marginals, "marginals.sst"},
      {kDefaultFamily, &journal_and_totals, "totals.sst"},
  };
  const rocksdb::Options options = rep_->TableFileOptions();
  for (const SmallFile& file : small_files) {
    const std::string path = (fs::path(scratch_) / file.name).string();
    bool written = false;
    COOC_RETURN_IF_ERROR(WriteSmallFile(
        options, rep_->families[file.family], path, *file.entries, &written));
    if (!written) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = rep_->families[file.family];
    arg.external_files = {path};
    args.push_back(std::move(arg));
  }
  for (rocksdb::IngestExternalFileArg& arg : args) {
    arg.options.move_files = true;
  }
  return FromRocksDb(rep_->db->IngestExternalFiles(args), rep_->path);
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
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<StoreWriter> writer, NewWriter());
  for (int k = 0; k < rep_->options.shards; ++k) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> shard,
                          writer->OpenShard(k));
    for (const auto& [key, count] : batch.shard_pairs[k]) {
      COOC_RETURN_IF_ERROR(shard->Add(key, count));
    }
    COOC_RETURN_IF_ERROR(shard->Finish());
  }
  return writer->Commit(batch.new_terms, batch.term_counts, batch.totals, {});
}

}  // namespace cooc
