// CountStore over RocksDB.
//
// Opening: the directory must hold a RocksDB database whose column families
// are exactly those of key_format.h and whose "meta" record parses; that
// record decides how many shard families there are. Read-only opens
// (DB::OpenForReadOnly) take no lock, so queries run while an ingest writes;
// they see the state of the last commit before they opened. A read-write
// open takes RocksDB's LOCK file, which makes a second writer fail.
//
// Committing: one WriteBatch holds the new vocabulary entries, the term
// count increments, every pair increment (Merge with CountVectorAdd) and the
// totals increment, written with sync=true. RocksDB applies a WriteBatch
// across column families atomically, so the totals always agree with the
// counts, even after a crash. The commit is then flushed to table files.
// New distinct pairs are found with MultiGet
// before the batch is written (skipped when the store has no pairs yet).

#include "cooc/count_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "count_merge_operator.h"
#include "key_format.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb_util.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

rocksdb::ColumnFamilyOptions FamilyOptions() {
  rocksdb::ColumnFamilyOptions options;
  options.merge_operator = NewCountMergeOperator();
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.format_version = 5;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::Options DatabaseOptions() {
  rocksdb::Options options(rocksdb::DBOptions(), FamilyOptions());
  options.create_if_missing = false;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.keep_log_file_num = 2;
  options.max_manifest_file_size = 64 << 20;
  return options;
}

// The fixed families followed by the `shards` shard families; the index of
// shard k is kFirstShardFamily + k.
constexpr int kDefaultFamily = 0;
constexpr int kVocabFamilyIndex = 1;
constexpr int kTermsFamilyIndex = 2;
constexpr int kMarginalsFamilyIndex = 3;
constexpr int kFirstShardFamily = 4;

std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(int shards) {
  const rocksdb::ColumnFamilyOptions options = FamilyOptions();
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, options},
      {kVocabFamily, options},
      {kTermsFamily, options},
      {kMarginalsFamily, options},
  };
  for (int shard = 0; shard < shards; ++shard) {
    families.emplace_back(ShardFamilyName(shard), options);
  }
  return families;
}

bool IsEmptyOrAbsentDirectory(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return true;
  return fs::is_directory(path, error) && fs::is_empty(path, error);
}

}  // namespace

absl::string_view PairModeName(PairMode mode) {
  return mode == PairMode::kOrdered ? "ordered" : "symmetric";
}

absl::Status ValidateStoreOptions(const StoreOptions& options) {
  if (options.window < 1 || options.window > 1000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "window must be between 1 and 1000, not ", options.window));
  }
  if (options.shards < 1 || options.shards > 1024) {
    return absl::InvalidArgumentError(absl::StrCat(
        "shards must be between 1 and 1024, not ", options.shards));
  }
  return absl::OkStatus();
}

struct CountStore::Rep {
  std::string path;
  StoreOptions options;
  bool writable = false;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  std::unique_ptr<rocksdb::DB> db;

  ~Rep() {
    for (rocksdb::ColumnFamilyHandle* family : families) {
      if (db != nullptr) db->DestroyColumnFamilyHandle(family);
    }
  }

  rocksdb::ColumnFamilyHandle* shard(int k) const {
    return families[kFirstShardFamily + k];
  }

  absl::StatusOr<std::string> Get(int family, absl::string_view key) const {
    std::string value;
    rocksdb::Status status = db->Get(rocksdb::ReadOptions(), families[family],
                                     rocksdb::Slice(key.data(), key.size()),
                                     &value);
    if (status.IsNotFound()) return absl::NotFoundError("not found");
    COOC_RETURN_IF_ERROR(FromRocksDb(status, path));
    return value;
  }

  // Counts the keys of `pairs` (sorted) not yet stored in shard `k`.
  absl::StatusOr<uint64_t> CountNewKeys(
      int k, const std::vector<std::pair<uint64_t, uint64_t>>& pairs) const;
};

CountStore::CountStore(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
CountStore::~CountStore() = default;

const std::string& CountStore::path() const { return rep_->path; }
const StoreOptions& CountStore::options() const { return rep_->options; }

absl::StatusOr<std::unique_ptr<CountStore>> CountStore::Open(
    const std::string& path, Access access) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat("no cooc database at ", path));
  }
  if (!fs::exists(fs::path(path) / "CURRENT", error)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a cooc database"));
  }
  rocksdb::Options options = DatabaseOptions();
  std::vector<std::string> names;
  COOC_RETURN_IF_ERROR(FromRocksDb(
      rocksdb::DB::ListColumnFamilies(options, path, &names), path));
  if (names.size() <= kFirstShardFamily ||
      std::find(names.begin(), names.end(), kVocabFamily) == names.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a cooc database"));
  }
  const int shards = static_cast<int>(names.size()) - kFirstShardFamily;

  auto rep = std::make_unique<Rep>();
  rep->path = path;
  rep->writable = access == Access::kReadWrite;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rep->writable
          ? rocksdb::DB::Open(options, path, FamilyDescriptors(shards),
                              &rep->families, &db)
          : rocksdb::DB::OpenForReadOnly(options, path,
                                         FamilyDescriptors(shards),
                                         &rep->families, &db);
  rep->db.reset(db);
  if (status.IsInvalidArgument()) {
    // A family name that is not ours: some other RocksDB database.
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is not a cooc database (", status.ToString(), ")"));
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(status, path));

  absl::StatusOr<std::string> meta = rep->Get(kDefaultFamily, kMetaKey);
  if (absl::IsNotFound(meta.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a cooc database (no metadata record)"));
  }
  COOC_RETURN_IF_ERROR(meta.status());
  absl::StatusOr<StoreOptions> stored = DecodeMetadata(*meta);
  if (!stored.ok()) {
    return absl::Status(stored.status().code(),
                        absl::StrCat(path, ": ", stored.status().message()));
  }
  if (stored->shards != shards) {
    return absl::DataLossError(absl::StrCat(
        path, ": metadata says ", stored->shards, " shards but there are ",
        shards, " shard families"));
  }
  rep->options = *stored;
  return absl::WrapUnique(new CountStore(std::move(rep)));
}

absl::StatusOr<std::unique_ptr<CountStore>> CountStore::Create(
    const std::string& path, const StoreOptions& store_options) {
  COOC_RETURN_IF_ERROR(ValidateStoreOptions(store_options));
  if (!IsEmptyOrAbsentDirectory(path)) {
    return absl::AlreadyExistsError(
        absl::StrCat(path, " exists and is not an empty directory"));
  }
  std::error_code error;
  fs::create_directories(path, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create ", path, ": ", error.message()));
  }
  rocksdb::Options options = DatabaseOptions();
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  auto rep = std::make_unique<Rep>();
  rep->path = path;
  rep->writable = true;
  rep->options = store_options;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(options, path, FamilyDescriptors(store_options.shards),
                        &rep->families, &db);
  rep->db.reset(db);
  COOC_RETURN_IF_ERROR(FromRocksDb(status, path));

  rocksdb::WriteBatch batch;
  batch.Put(rep->families[kDefaultFamily], kMetaKey,
            EncodeMetadata(store_options));
  const std::vector<uint64_t> zero_totals(kTotalsFields, 0);
  batch.Put(rep->families[kDefaultFamily], kTotalsKey,
            EncodeCountVector(zero_totals));
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  COOC_RETURN_IF_ERROR(
      FromRocksDb(rep->db->Write(write_options, &batch), path));
  return absl::WrapUnique(new CountStore(std::move(rep)));
}

absl::StatusOr<Totals> CountStore::ReadTotals() const {
  COOC_ASSIGN_OR_RETURN(std::string value,
                        rep_->Get(kDefaultFamily, kTotalsKey));
  COOC_ASSIGN_OR_RETURN(std::vector<uint64_t> fields,
                        DecodeCountVector(value, kTotalsFields));
  Totals totals;
  totals.tokens = fields[kTotalsTokens];
  totals.lines = fields[kTotalsLines];
  totals.pair_events = fields[kTotalsPairEvents];
  totals.distinct_pairs = fields[kTotalsDistinctPairs];
  totals.types = fields[kTotalsTypes];
  totals.invalid_utf8 = fields[kTotalsInvalidUtf8];
  totals.ingests = fields[kTotalsIngests];
  return totals;
}

absl::StatusOr<uint32_t> CountStore::Lookup(absl::string_view term) const {
  absl::StatusOr<std::string> value = rep_->Get(kVocabFamilyIndex, term);
  if (absl::IsNotFound(value.status())) {
    return absl::NotFoundError(
        absl::StrCat("'", term, "' is not in the vocabulary"));
  }
  COOC_RETURN_IF_ERROR(value.status());
  return DecodeId(*value);
}

absl::StatusOr<std::string> CountStore::Term(uint32_t id) const {
  absl::StatusOr<std::string> value =
      rep_->Get(kTermsFamilyIndex, EncodeId(id));
  if (absl::IsNotFound(value.status())) {
    return absl::NotFoundError(absl::StrCat("no term has id ", id));
  }
  return value;
}

absl::StatusOr<TermCounts> CountStore::Counts(uint32_t id) const {
  absl::StatusOr<std::string> value =
      rep_->Get(kMarginalsFamilyIndex, EncodeId(id));
  if (absl::IsNotFound(value.status())) return TermCounts();
  COOC_RETURN_IF_ERROR(value.status());
  COOC_ASSIGN_OR_RETURN(std::vector<uint64_t> fields,
                        DecodeCountVector(*value, kMarginalsFields));
  return TermCounts{fields[kMarginalsFrequency], fields[kMarginalsRow],
                    fields[kMarginalsColumn]};
}

absl::StatusOr<std::vector<TermCounts>> CountStore::AllCounts() const {
  COOC_ASSIGN_OR_RETURN(Totals totals, ReadTotals());
  std::vector<TermCounts> counts(totals.types);
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      rocksdb::ReadOptions(), rep_->families[kMarginalsFamilyIndex]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    COOC_ASSIGN_OR_RETURN(uint32_t id, DecodeId(View(it->key())));
    if (id >= counts.size()) {
      return absl::DataLossError(absl::StrCat(
          rep_->path, ": counts for id ", id, " beyond the vocabulary size ",
          counts.size()));
    }
    COOC_ASSIGN_OR_RETURN(
        std::vector<uint64_t> fields,
        DecodeCountVector(View(it->value()), kMarginalsFields));
    counts[id] = TermCounts{fields[kMarginalsFrequency], fields[kMarginalsRow],
                            fields[kMarginalsColumn]};
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(it->status(), rep_->path));
  return counts;
}

absl::StatusOr<uint64_t> CountStore::PairCount(uint32_t x, uint32_t y) const {
  const int shard = ShardOf(x, rep_->options.shards);
  absl::StatusOr<std::string> value =
      rep_->Get(kFirstShardFamily + shard, EncodePairKey(x, y));
  if (absl::IsNotFound(value.status())) return 0;
  COOC_RETURN_IF_ERROR(value.status());
  return DecodeCount(*value);
}

absl::Status CountStore::ForEachPartner(
    uint32_t x, const std::function<void(uint32_t, uint64_t)>& fn) const {
  const std::string begin = EncodeId(x);
  const std::string end = EncodeId(x + 1);  // x < 2^32-1: ids are dense.
  const rocksdb::Slice upper(end);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      read_options, rep_->shard(ShardOf(x, rep_->options.shards))));
  for (it->Seek(begin); it->Valid(); it->Next()) {
    COOC_ASSIGN_OR_RETURN(uint64_t count,
                          DecodeCount(View(it->value())));
    fn(PairKeyRight(View(it->key())), count);
  }
  return FromRocksDb(it->status(), rep_->path);
}

absl::Status CountStore::ForEachPair(
    const std::function<void(uint32_t, uint32_t, uint64_t)>& fn) const {
  for (int k = 0; k < rep_->options.shards; ++k) {
    std::unique_ptr<rocksdb::Iterator> it(
        rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->shard(k)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const absl::string_view key = View(it->key());
      if (key.size() != kPairKeyBytes) {
        return absl::DataLossError(
            absl::StrCat(rep_->path, ": pair key of ", key.size(), " bytes"));
      }
      COOC_ASSIGN_OR_RETURN(uint64_t count,
                            DecodeCount(View(it->value())));
      fn(PairKeyLeft(key), PairKeyRight(key), count);
    }
    COOC_RETURN_IF_ERROR(FromRocksDb(it->status(), rep_->path));
  }
  return absl::OkStatus();
}

absl::Status CountStore::ForEachTerm(
    const std::function<void(absl::string_view, uint32_t)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      rocksdb::ReadOptions(), rep_->families[kVocabFamilyIndex]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    COOC_ASSIGN_OR_RETURN(uint32_t id, DecodeId(View(it->value())));
    fn(View(it->key()), id);
  }
  return FromRocksDb(it->status(), rep_->path);
}

absl::StatusOr<uint64_t> CountStore::SizeOnDisk() const {
  uint64_t bytes = 0;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(rep_->path, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat(rep_->path, ": cannot list: ", error.message()));
  }
  return bytes;
}

absl::StatusOr<uint64_t> CountStore::Rep::CountNewKeys(
    int k, const std::vector<std::pair<uint64_t, uint64_t>>& pairs) const {
  constexpr size_t kChunk = 4096;
  std::vector<std::string> key_bytes(kChunk, std::string(kPairKeyBytes, '\0'));
  std::vector<rocksdb::Slice> keys(kChunk);
  std::vector<rocksdb::PinnableSlice> values(kChunk);
  std::vector<rocksdb::Status> statuses(kChunk);
  uint64_t fresh = 0;
  for (size_t begin = 0; begin < pairs.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, pairs.size() - begin);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t key = pairs[begin + i].first;
      EncodePairKey(static_cast<uint32_t>(key >> 32),
                    static_cast<uint32_t>(key), key_bytes[i].data());
      keys[i] = rocksdb::Slice(key_bytes[i]);
      values[i].Reset();
    }
    db->MultiGet(rocksdb::ReadOptions(), shard(k), n, keys.data(),
                 values.data(), statuses.data(), /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      if (statuses[i].IsNotFound()) {
        ++fresh;
      } else {
        COOC_RETURN_IF_ERROR(FromRocksDb(statuses[i], path));
      }
    }
  }
  return fresh;
}

absl::Status CountStore::Commit(const StoreBatch& batch) {
  if (!rep_->writable) {
    return absl::FailedPreconditionError(
        absl::StrCat(rep_->path, " is open read-only"));
  }
  if (batch.shard_pairs.size() != static_cast<size_t>(rep_->options.shards)) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch has ", batch.shard_pairs.size(),
                     " shards, database has ", rep_->options.shards));
  }
  COOC_ASSIGN_OR_RETURN(Totals before, ReadTotals());
  rocksdb::WriteBatch write;
  uint64_t next_id = before.types;
  for (const auto& [term, id] : batch.new_terms) {
    if (id != next_id++) {
      return absl::InvalidArgumentError(absl::StrCat(
          "new term '", term, "' has id ", id, ", expected ", next_id - 1));
    }
    const std::string id_bytes = EncodeId(id);
    write.Put(rep_->families[kVocabFamilyIndex], term, id_bytes);
    write.Put(rep_->families[kTermsFamilyIndex], id_bytes, term);
  }
  for (const auto& [id, counts] : batch.term_counts) {
    const uint64_t fields[kMarginalsFields] = {counts.frequency, counts.row,
                                               counts.column};
    write.Merge(rep_->families[kMarginalsFamilyIndex], EncodeId(id),
                EncodeCountVector(fields));
  }
  uint64_t new_pairs = 0;
  char key[kPairKeyBytes];
  for (int k = 0; k < rep_->options.shards; ++k) {
    const auto& pairs = batch.shard_pairs[k];
    if (before.distinct_pairs == 0) {
      new_pairs += pairs.size();
    } else {
      COOC_ASSIGN_OR_RETURN(uint64_t fresh, rep_->CountNewKeys(k, pairs));
      new_pairs += fresh;
    }
    for (const auto& [pair, count] : pairs) {
      EncodePairKey(static_cast<uint32_t>(pair >> 32),
                    static_cast<uint32_t>(pair), key);
      const uint64_t fields[1] = {count};
      write.Merge(rep_->shard(k), rocksdb::Slice(key, kPairKeyBytes),
                  EncodeCountVector(fields));
    }
  }
  uint64_t totals[kTotalsFields] = {};
  totals[kTotalsTokens] = batch.totals.tokens;
  totals[kTotalsLines] = batch.totals.lines;
  totals[kTotalsPairEvents] = batch.totals.pair_events;
  totals[kTotalsDistinctPairs] = new_pairs;
  totals[kTotalsTypes] = batch.new_terms.size();
  totals[kTotalsInvalidUtf8] = batch.totals.invalid_utf8;
  totals[kTotalsIngests] = 1;
  write.Merge(rep_->families[kDefaultFamily], kTotalsKey,
              EncodeCountVector(totals));
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  COOC_RETURN_IF_ERROR(
      FromRocksDb(rep_->db->Write(write_options, &write), rep_->path));
  // The batch is durable in the WAL; flushing moves it into compressed
  // table files so the WAL (as large as the batch) can be deleted.
  rocksdb::FlushOptions flush;
  flush.wait = true;
  return FromRocksDb(rep_->db->Flush(flush, rep_->families), rep_->path);
}

}  // namespace cooc
