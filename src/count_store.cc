// CountStore over RocksDB.
//
// Opening: the directory must hold a RocksDB database whose column families
// are exactly those of key_format.h and whose "meta" record parses; that
// record decides how many shard families there are. Read-only opens
// (DB::OpenForReadOnly) take no lock, so queries run while an ingest writes;
// they see the state of the last commit before they opened. A read-write
// open takes RocksDB's LOCK file, which makes a second writer fail.
//
// Committing is in store_writer.cc (table files added in one
// IngestExternalFiles call); layout, distinct pairs and compaction are in
// store_compaction.cc.
//
// Reading: point reads are RocksDB Gets (MultiGet for many term counts);
// scans are cursors (store_cursor.cc) over one iterator per key range. A
// whole-shard cursor bypasses the block cache and reads ahead 2 MiB, since
// it reads each block once and would only evict what queries reuse.

#include "cooc/count_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "count_merge_operator.h"
#include "count_store_rep.h"
#include "key_format.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "rocksdb_util.h"
#include "run_merger.h"
#include "scan_file.h"
#include "shard_scan.h"
#include "status_macros.h"
#include "store_cursor_rep.h"
#include "store_writer.h"
#include "symlink_target.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// The families of a database of `shards` shards, with a right index or
// not (key_format.h).
std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(
    const std::string& path, int shards, bool right_index) {
  const rocksdb::ColumnFamilyOptions options =
      FamilyOptions(/*point_lookups=*/true);
  const rocksdb::ColumnFamilyOptions pair_options = PairFamilyOptions(path);
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, options},
      {kVocabFamily, options},
      {kTermsFamily, options},
      {kMarginalsFamily, options},
  };
  const int pair_families = right_index ? 2 * shards : shards;
  for (int family = 0; family < pair_families; ++family) {
    families.emplace_back(ShardFamilyName(family, shards), pair_options);
  }
  return families;
}

bool IsEmptyOrAbsentDirectory(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return true;
  return fs::is_directory(path, error) && fs::is_empty(path, error);
}

}  // namespace

CountStore::CountStore(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
CountStore::~CountStore() = default;

const std::string& CountStore::path() const { return rep_->path; }
const StoreOptions& CountStore::options() const { return rep_->options; }

namespace {

// True if another process holds RocksDB's lock on the database at `path`
// (RocksDB locks its LOCK file with fcntl; F_GETLK sees other processes'
// locks only).
bool LockedByAnotherProcess(const std::string& path) {
  const int fd = open((fs::path(path) / "LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close(fd);
  return held;
}

// What names the database's current state: the manifest CURRENT points to and
// that manifest's size (a commit or a compaction appends to it, and a new
// manifest replaces it). Empty if either cannot be read.
std::string StateMark(const std::string& path) {
  std::FILE* current = std::fopen((fs::path(path) / "CURRENT").c_str(), "r");
  if (current == nullptr) return "";
  char name[256] = {};
  const size_t length = std::fread(name, 1, sizeof(name) - 1, current);
  std::fclose(current);
  std::string manifest(name, length);
  while (!manifest.empty() && manifest.back() == '\n') manifest.pop_back();
  std::error_code error;
  const uintmax_t size = fs::file_size(fs::path(path) / manifest, error);
  if (error) return "";
  return absl::StrCat(manifest, " ", size);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CountStore>> CountStore::Open(
    const std::string& path, Access access) {
  // A process that is opening the database for writing rewrites its
  // manifest, and a compaction deletes the table files it replaced; a reader
  // that looks at that moment can see a passing, inconsistent state (a table
  // file its manifest named is gone). Such failures are retried for a while
  // when another process holds the database or the state moved on during
  // the attempt (the writer may have finished in between), then reported as
  // "in use". A database damaged at rest fails once, without a retry.
  std::string mark = StateMark(path);
  absl::StatusOr<std::unique_ptr<CountStore>> store = OpenOnce(path, access);
  for (int attempt = 0; !store.ok() && attempt < 50; ++attempt) {
    const absl::StatusCode code = store.status().code();
    const bool passing = code == absl::StatusCode::kFailedPrecondition ||
                         code == absl::StatusCode::kDataLoss ||
                         code == absl::StatusCode::kNotFound ||
                         code == absl::StatusCode::kInternal;
    if (!passing) return store;
    if (absl::StrContains(store.status().message(), "in use")) return store;
    const std::string now = StateMark(path);
    const bool moved_on = now != mark;
    if (!moved_on && !LockedByAnotherProcess(path)) return store;
    if (!moved_on) absl::SleepFor(absl::Milliseconds(20));
    mark = now;
    store = OpenOnce(path, access);
  }
  if (!store.ok() && LockedByAnotherProcess(path) &&
      !absl::StrContains(store.status().message(), "in use")) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": database is in use by another cooc process (",
        store.status().message(), ")"));
  }
  return store;
}

absl::StatusOr<std::unique_ptr<CountStore>> CountStore::OpenOnce(
    const std::string& path, Access access) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      return absl::PermissionDeniedError(
          absl::StrCat(path, ": cannot look at it: ", error.message()));
    }
    return absl::NotFoundError(absl::StrCat("no cooc database at ", path));
  }
  // Not being allowed to look inside is not the same as holding no
  // database: say which.
  if (fs::is_directory(path, error) &&
      ::access(path.c_str(), R_OK | X_OK) != 0 && errno == EACCES) {
    return absl::PermissionDeniedError(absl::StrCat(
        path, ": cannot read the directory (", std::strerror(EACCES),
        "); cooc needs read and search permission on it"));
  }
  if (!fs::exists(fs::path(path) / "CURRENT", error)) {
    if (error && error != std::errc::no_such_file_or_directory) {
      return absl::PermissionDeniedError(absl::StrCat(
          path, ": cannot look inside it: ", error.message()));
    }
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a cooc database"));
  }
  // Opening for writing renames RocksDB's LOG to LOG.old first, so a
  // database that cannot be written fails naming that file: say what is
  // wrong instead.
  if (access == Access::kReadWrite && ::access(path.c_str(), W_OK) != 0 &&
      (errno == EACCES || errno == EROFS)) {
    const int write_error = errno;
    return absl::PermissionDeniedError(absl::StrCat(
        path, ": the database cannot be written (", std::strerror(write_error),
        "); queries can read it, but ingest, compact and merge's inputs need "
        "write access to the directory"));
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
  const int rights = static_cast<int>(std::count_if(
      names.begin(), names.end(), [](const std::string& name) {
        return absl::StartsWith(name, kRightFamilyPrefix);
      }));
  const int shards = static_cast<int>(names.size()) - kFirstShardFamily - rights;
  if (shards < 1 || (rights != 0 && rights != shards)) {
    return absl::DataLossError(absl::StrCat(
        path, ": ", shards, " shard families but ", rights,
        " right-index families"));
  }

  auto rep = std::make_unique<Rep>();
  rep->path = path;
  rep->writable = access == Access::kReadWrite;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rep->writable
          ? rocksdb::DB::Open(options, path,
                              FamilyDescriptors(path, shards, rights > 0),
                              &rep->families, &db)
          : rocksdb::DB::OpenForReadOnly(options, path,
                                         FamilyDescriptors(path, shards, rights > 0),
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
  if (stored->right_index != (rights > 0)) {
    return absl::DataLossError(absl::StrCat(
        path, ": metadata says ", stored->right_index ? "a" : "no",
        " right index but there are ", rights, " right-index families"));
  }
  rep->options = *stored;
  // Scan files a killed write left behind.
  if (rep->writable) COOC_RETURN_IF_ERROR(rep->RemoveStaleScanFiles());
  return absl::WrapUnique(new CountStore(std::move(rep)));
}

absl::StatusOr<std::unique_ptr<CountStore>> CountStore::Create(
    const std::string& path, const StoreOptions& store_options) {
  COOC_RETURN_IF_ERROR(ValidateStoreOptions(store_options));
  if (!IsEmptyOrAbsentDirectory(path)) {
    return absl::AlreadyExistsError(
        absl::StrCat(path, " exists and is not an empty directory"));
  }
  // The database is built beside `path` and renamed onto it once its
  // metadata is written, so no process ever sees a half-made database.
  const fs::path target = SymlinkTarget(path);
  const fs::path parent = target.parent_path();
  std::error_code error;
  fs::create_directories(parent, error);
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create ", parent.string(), ": ", error.message()));
  }
  const std::string building = absl::StrCat(
      target.string(), ".creating-", getpid(), "-",
      absl::ToUnixNanos(absl::Now()));
  absl::Cleanup remove_building = [&building] {
    std::error_code ignored;
    fs::remove_all(building, ignored);
  };
  {
    rocksdb::Options options = DatabaseOptions();
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    auto rep = std::make_unique<Rep>();
    rep->path = building;
    rocksdb::DB* db = nullptr;
    rocksdb::Status status = rocksdb::DB::Open(
        options, building,
        FamilyDescriptors(building, store_options.shards,
                          store_options.right_index),
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
    rocksdb::FlushOptions flush;
    COOC_RETURN_IF_ERROR(FromRocksDb(rep->db->Flush(flush, rep->families), path));
  }  // Closed.
  // rename() replaces `path` only if it is absent or an empty directory.
  if (std::rename(building.c_str(), target.c_str()) != 0) {
    const int rename_error = errno;
    if (!IsEmptyOrAbsentDirectory(target.string())) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": another process made a database there at the same time"));
    }
    return absl::InternalError(absl::StrCat(
        path, ": cannot move the new database ", building, " to ",
        target.string(), ": ", std::strerror(rename_error)));
  }
  std::move(remove_building).Cancel();
  return Open(path, Access::kReadWrite);
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
  // fields[kTotalsDistinctPairs] is not used: a commit does not know it.
  COOC_ASSIGN_OR_RETURN(totals.distinct_pairs, DistinctPairs());
  totals.types = fields[kTotalsTypes];
  totals.invalid_utf8 = fields[kTotalsInvalidUtf8];
  totals.ingests = fields[kTotalsIngests];
  // Absent until a commit cut a unit (and in databases made before).
  absl::StatusOr<std::string> cuts = rep_->Get(kDefaultFamily, kUnitCutsKey);
  if (cuts.ok()) {
    COOC_ASSIGN_OR_RETURN(totals.unit_cuts, DecodeCount(*cuts));
  } else if (!absl::IsNotFound(cuts.status())) {
    return cuts.status();
  }
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

absl::StatusOr<std::vector<std::optional<uint32_t>>> CountStore::LookupAll(
    absl::Span<const absl::string_view> terms) const {
  const size_t n = terms.size();
  std::vector<rocksdb::Slice> keys(n);
  for (size_t i = 0; i < n; ++i) {
    keys[i] = rocksdb::Slice(terms[i].data(), terms[i].size());
  }
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  rep_->db->MultiGet(rocksdb::ReadOptions(), rep_->families[kVocabFamilyIndex],
                     n, keys.data(), values.data(), statuses.data());
  std::vector<std::optional<uint32_t>> ids(n);
  for (size_t i = 0; i < n; ++i) {
    if (statuses[i].IsNotFound()) continue;
    COOC_RETURN_IF_ERROR(FromRocksDb(statuses[i], rep_->path));
    COOC_ASSIGN_OR_RETURN(ids[i], DecodeId(View(values[i])));
  }
  return ids;
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

absl::StatusOr<std::vector<TermCounts>> CountStore::Counts(
    const std::vector<uint32_t>& ids) const {
  const size_t n = ids.size();
  std::vector<char> key_bytes(n * kIdBytes);
  std::vector<rocksdb::Slice> keys(n);
  for (size_t i = 0; i < n; ++i) {
    char* key = key_bytes.data() + i * kIdBytes;
    const std::string encoded = EncodeId(ids[i]);
    std::copy(encoded.begin(), encoded.end(), key);
    keys[i] = rocksdb::Slice(key, kIdBytes);
  }
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  rep_->db->MultiGet(rocksdb::ReadOptions(),
                     rep_->families[kMarginalsFamilyIndex], n, keys.data(),
                     values.data(), statuses.data(), /*sorted_input=*/true);
  std::vector<TermCounts> counts(n);
  for (size_t i = 0; i < n; ++i) {
    if (statuses[i].IsNotFound()) continue;
    COOC_RETURN_IF_ERROR(FromRocksDb(statuses[i], rep_->path));
    COOC_ASSIGN_OR_RETURN(std::vector<uint64_t> fields,
                          DecodeCountVector(View(values[i]), kMarginalsFields));
    counts[i] = TermCounts{fields[kMarginalsFrequency], fields[kMarginalsRow],
                           fields[kMarginalsColumn]};
  }
  return counts;
}

namespace {

// ReadCountsById of the marginals family `marginals` of the store at
// `path`, of `types` terms.
absl::Status ReadCountsBelow(
    rocksdb::DB& db, rocksdb::ColumnFamilyHandle* marginals,
    const std::string& path, uint64_t types,
    absl::FunctionRef<void(uint32_t id, const TermCounts& counts)> add) {
  std::unique_ptr<rocksdb::Iterator> it(
      db.NewIterator(rocksdb::ReadOptions(), marginals));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    COOC_ASSIGN_OR_RETURN(uint32_t id, DecodeId(View(it->key())));
    if (id >= types) {
      return absl::DataLossError(absl::StrCat(
          path, ": counts for id ", id, " beyond the vocabulary size ",
          types));
    }
    COOC_ASSIGN_OR_RETURN(
        std::vector<uint64_t> fields,
        DecodeCountVector(View(it->value()), kMarginalsFields));
    add(id, TermCounts{fields[kMarginalsFrequency], fields[kMarginalsRow],
                       fields[kMarginalsColumn]});
  }
  return FromRocksDb(it->status(), path);
}

}  // namespace

absl::StatusOr<std::vector<TermCounts>> CountStore::AllCounts() const {
  COOC_ASSIGN_OR_RETURN(Totals totals, ReadTotals());
  std::vector<TermCounts> counts(totals.types);
  COOC_RETURN_IF_ERROR(ReadCountsBelow(
      *rep_->db, rep_->families[kMarginalsFamilyIndex], rep_->path,
      totals.types, [&counts](uint32_t id, const TermCounts& term_counts) {
        counts[id] = term_counts;
      }));
  return counts;
}

absl::Status CountStore::ReadCountsById(
    absl::FunctionRef<void(uint32_t id, const TermCounts& counts)> add) const {
  COOC_ASSIGN_OR_RETURN(Totals totals, ReadTotals());
  return ReadCountsBelow(*rep_->db, rep_->families[kMarginalsFamilyIndex],
                         rep_->path, totals.types, add);
}

absl::StatusOr<uint64_t> CountStore::PairCount(uint32_t x, uint32_t y) const {
  const int shard = ShardOf(x, rep_->options.shards);
  absl::StatusOr<std::string> value =
      rep_->Get(kFirstShardFamily + shard, EncodePairKey(x, y));
  if (absl::IsNotFound(value.status())) return 0;
  COOC_RETURN_IF_ERROR(value.status());
  return DecodeCount(*value);
}

absl::StatusOr<PairCursor> CountStore::ShardPairs(
    int shard, const PairCursorOptions& options) const {
  if (shard < 0 || shard >= rep_->options.shards) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no shard ", shard, " (the database has ", rep_->options.shards, ")"));
  }
  return FamilyPairs(shard, options);
}

absl::StatusOr<PairCursor> CountStore::RightIndexPairs(
    int shard, const PairCursorOptions& options) const {
  if (!rep_->options.right_index) {
    return absl::FailedPreconditionError(
        absl::StrCat(rep_->path, " has no index by right word"));
  }
  if (shard < 0 || shard >= rep_->options.shards) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no shard ", shard, " (the database has ", rep_->options.shards, ")"));
  }
  return FamilyPairs(rep_->options.shards + shard, options);
}

PairCursor CountStore::FamilyPairs(int family,
                                   const PairCursorOptions& options) const {
  auto cursor = std::make_unique<PairCursor::Rep>();
  cursor->path = rep_->path;
  cursor->options = options;
  if (options.source == PairCursorOptions::Source::kScanFiles) {
    const std::optional<ScanFiles> files =
        rep_->scan_files.Live(*rep_->db, rep_->shard(family), rep_->path);
    if (files.has_value()) {
      std::vector<FileRun> runs;
      for (const auto& file : *files) {
        if (file->pairs.records > 0) runs.push_back(file->pairs);
      }
      auto scan = std::make_unique<RunMerger>(std::vector<const SortedRun*>(),
                                              std::move(runs));
      // Opened now, so that the cursor reads the files of the tables the
      // database has at this moment. If one cannot be opened, the tables.
      if (scan->Open().ok()) {
        cursor->scan = std::move(scan);
        return PairCursor(std::move(cursor));
      }
    }
  }
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = options.cache == PairCursorOptions::Cache::kFill;
  if (!read_options.fill_cache) read_options.readahead_size = 2 << 20;
  cursor->it.reset(rep_->db->NewIterator(read_options, rep_->shard(family)));
  return PairCursor(std::move(cursor));
}

absl::StatusOr<PairCursor> CountStore::LeftPartners(
    uint32_t y, const PairCursorOptions& options) const {
  if (!rep_->options.right_index) {
    return absl::FailedPreconditionError(absl::StrCat(
        rep_->path, " has no index by right word (",
        rep_->options.mode == PairMode::kOrdered
            ? "it was built before ordered databases kept one; `cooc merge` "
              "it into a new database to add one"
            : "only ordered databases keep one: build with --ordered",
        ")"));
  }
  return RangeOf(y, rep_->options.shards + ShardOf(y, rep_->options.shards),
                 options);
}

PairCursor CountStore::Partners(uint32_t x,
                                const PairCursorOptions& options) const {
  return RangeOf(x, ShardOf(x, rep_->options.shards), options);
}

PairCursor CountStore::RangeOf(uint32_t x, int family,
                               const PairCursorOptions& options) const {
  auto cursor = std::make_unique<PairCursor::Rep>();
  cursor->path = rep_->path;
  cursor->options = options;
  if (options.source == PairCursorOptions::Source::kScanFiles &&
      ReadRangeFromScanFiles(x, family, cursor.get())) {
    return PairCursor(std::move(cursor));
  }
  cursor->begin = EncodeId(x);
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = options.cache == PairCursorOptions::Cache::kFill;
  if (x != UINT32_MAX) {  // The last id's range has no key after it.
    cursor->end = EncodeId(x + 1);
    cursor->upper = rocksdb::Slice(cursor->end);
    read_options.iterate_upper_bound = &cursor->upper;
  }
  cursor->it.reset(rep_->db->NewIterator(read_options, rep_->shard(family)));
  return PairCursor(std::move(cursor));
}

bool CountStore::ReadRangeFromScanFiles(uint32_t x, int family,
                                        PairCursor::Rep* cursor) const {
  const std::optional<ScanFiles> files =
      rep_->scan_files.Live(*rep_->db, rep_->shard(family), rep_->path);
  if (!files.has_value()) return false;
  const uint64_t begin = uint64_t{x} << 32;
  const uint64_t end = x == UINT32_MAX ? UINT64_MAX : uint64_t{x + 1} << 32;
  std::vector<SortedRun> runs;
  for (const auto& file : *files) {
    SortedRun run;
    const absl::Status read = ReadScanFileRange(*file, begin, end, &run);
    if (!read.ok()) {
      cursor->status = absl::Status(
          read.code(), absl::StrCat(read.message(), " (a scan file of ",
                                    rep_->path,
                                    "; remove it and cooc reads the tables "
                                    "instead)"));
      return true;
    }
    if (!run.empty()) runs.push_back(std::move(run));
  }
  cursor->runs = std::move(runs);
  std::vector<const SortedRun*> memory_runs;
  for (const SortedRun& run : cursor->runs) memory_runs.push_back(&run);
  cursor->scan =
      std::make_unique<RunMerger>(std::move(memory_runs), std::vector<FileRun>());
  return true;
}

TermCursor CountStore::Terms() const {
  auto cursor = std::make_unique<TermCursor::Rep>();
  cursor->path = rep_->path;
  cursor->it.reset(rep_->db->NewIterator(rocksdb::ReadOptions(),
                                         rep_->families[kVocabFamilyIndex]));
  return TermCursor(std::move(cursor));
}

TermCursor CountStore::TermsInIdOrder() const {
  auto cursor = std::make_unique<TermCursor::Rep>();
  cursor->path = rep_->path;
  cursor->it.reset(rep_->db->NewIterator(rocksdb::ReadOptions(),
                                         rep_->families[kTermsFamilyIndex]));
  cursor->keyed_by_id = true;
  return TermCursor(std::move(cursor));
}

absl::Status CountStore::ReadTermsById(
    absl::FunctionRef<void(absl::string_view term)> add) const {
  COOC_ASSIGN_OR_RETURN(Totals totals, ReadTotals());
  // Ids are stored big-endian, so the terms family's order is id order and
  // a complete vocabulary reads as 0, 1, 2, ...
  uint64_t next = 0;
  TermCursor cursor = TermsInIdOrder();
  std::vector<TermEntry> batch(1024);
  while (true) {
    COOC_ASSIGN_OR_RETURN(const size_t n, cursor.Read(absl::MakeSpan(batch)));
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) {
      const TermEntry& entry = batch[i];
      if (entry.id != next || next >= totals.types) {
        return absl::DataLossError(absl::StrCat(
            rep_->path, ": the vocabulary has id ", entry.id, " where id ",
            next, " belongs (of ", totals.types, ")"));
      }
      add(entry.term);
      ++next;
    }
  }
  if (next != totals.types) {
    return absl::DataLossError(absl::StrCat(
        rep_->path, ": the vocabulary holds ", next, " terms, not ",
        totals.types));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> CountStore::TermsById() const {
  std::vector<std::string> terms;
  COOC_RETURN_IF_ERROR(ReadTermsById(
      [&terms](absl::string_view term) { terms.emplace_back(term); }));
  return terms;
}

absl::StatusOr<uint64_t> CountStore::CountPairs() const {
  std::vector<uint64_t> pairs(rep_->options.shards, 0);
  COOC_RETURN_IF_ERROR(ScanShards(rep_->options.shards, [&](int shard) {
    PairCursorOptions options;
    options.cache = PairCursorOptions::Cache::kBypass;
    COOC_ASSIGN_OR_RETURN(PairCursor cursor, ShardPairs(shard, options));
    std::vector<PairEntry> batch(kScanBatch);
    while (true) {
      COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
      if (n == 0) return absl::OkStatus();
      pairs[shard] += n;
    }
  }));
  uint64_t total = 0;
  for (uint64_t n : pairs) total += n;
  return total;
}

absl::StatusOr<JournalEntry> CountStore::FindInJournal(uint64_t hash,
                                                       uint64_t bytes) const {
  const std::string prefix = JournalHashPrefix(hash);
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      rocksdb::ReadOptions(), rep_->families[kDefaultFamily]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    COOC_ASSIGN_OR_RETURN(JournalEntry entry,
                          DecodeJournalEntry(View(it->key()), View(it->value())));
    if (entry.bytes == bytes) return entry;
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(it->status(), rep_->path));
  return absl::NotFoundError("not in the journal");
}

absl::StatusOr<LabelCounts> CountStore::ReadLabelCounts() const {
  if (rep_->options.labels == LabelMode::kNone) {
    return absl::FailedPreconditionError(absl::StrCat(
        rep_->path, " was built without labels (ingest labelled text with "
        "--labels prefix or --labels tsv into a new database)"));
  }
  COOC_ASSIGN_OR_RETURN(const Totals totals, ReadTotals());
  LabelCounts labels;
  labels.term_documents.assign(totals.types, 0);
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      rocksdb::ReadOptions(), rep_->families[kDefaultFamily]));
  // "label/", "label_term/", "label_term_df/" and "labelled_documents" all
  // start with "label", the names before the counts that name them.
  constexpr absl::string_view kPrefix = "label";
  for (it->Seek(rocksdb::Slice(kPrefix.data(), kPrefix.size()));
       it->Valid() && it->key().starts_with(
                          rocksdb::Slice(kPrefix.data(), kPrefix.size()));
       it->Next()) {
    COOC_RETURN_IF_ERROR(
        DecodeLabelRecord(View(it->key()), View(it->value()), &labels));
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(it->status(), rep_->path));
  std::sort(labels.term_label_documents.begin(),
            labels.term_label_documents.end(),
            [](const LabelCounts::TermLabel& a, const LabelCounts::TermLabel& b) {
              return std::make_pair(a.label, a.term) <
                     std::make_pair(b.label, b.term);
            });
  return labels;
}

absl::StatusOr<std::vector<JournalEntry>> CountStore::ReadJournal() const {
  std::vector<JournalEntry> journal;
  std::unique_ptr<rocksdb::Iterator> it(rep_->db->NewIterator(
      rocksdb::ReadOptions(), rep_->families[kDefaultFamily]));
  for (it->Seek(kJournalPrefix);
       it->Valid() && it->key().starts_with(kJournalPrefix); it->Next()) {
    COOC_ASSIGN_OR_RETURN(JournalEntry entry,
                          DecodeJournalEntry(View(it->key()), View(it->value())));
    journal.push_back(std::move(entry));
  }
  COOC_RETURN_IF_ERROR(FromRocksDb(it->status(), rep_->path));
  std::stable_sort(journal.begin(), journal.end(),
                   [](const JournalEntry& a, const JournalEntry& b) {
                     return a.ingest < b.ingest;
                   });
  return journal;
}

absl::StatusOr<uint64_t> CountStore::SizeOnDisk() const {
  uint64_t bytes = 0;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::recursive_directory_iterator(rep_->path, error)) {
    if (entry.is_regular_file(error)) bytes += entry.file_size(error);
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat(rep_->path, ": cannot list: ", error.message()));
  }
  return bytes;
}

absl::Status CountStore::VerifyFiles() const {
  const rocksdb::Status status = rep_->db->VerifyChecksum();
  if (!status.ok()) {
    const absl::Status converted = FromRocksDb(status, rep_->path);
    // Anything but a missing file is damage to the files' bytes.
    const absl::StatusCode code =
        converted.code() == absl::StatusCode::kInternal
            ? absl::StatusCode::kDataLoss
            : converted.code();
    return absl::Status(code, absl::StrCat("checksum verification failed: ",
                                           converted.message()));
  }
  std::vector<rocksdb::LiveFileMetaData> live;
  rep_->db->GetLiveFilesMetaData(&live);
  std::vector<std::string> live_names;
  for (const rocksdb::LiveFileMetaData& file : live) {
    live_names.push_back(fs::path(file.name).filename().string());
  }
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(rep_->path, error)) {
    const fs::path& file = entry.path();
    if (file.extension() != ".sst" || !entry.is_regular_file(error)) continue;
    if (std::find(live_names.begin(), live_names.end(),
                  file.filename().string()) == live_names.end()) {
      return absl::DataLossError(absl::StrCat(
          file.string(),
          ": table file not part of the database (a truncated or damaged "
          "MANIFEST, which makes the database look older than it is, or an "
          "ingest killed while adding its files)"));
    }
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat(rep_->path, ": cannot list: ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace cooc
