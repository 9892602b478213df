// The inside of a CountStore, shared by count_store.cc (opening and
// reading) and store_writer.cc (committing): the RocksDB handles, the
// column family layout and the RocksDB options every file is written with.

#ifndef COOC_SRC_COUNT_STORE_REP_H_
#define COOC_SRC_COUNT_STORE_REP_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "cooc/count_store.h"
#include "count_merge_operator.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb_util.h"
#include "scan_file.h"
#include "status_macros.h"

namespace cooc {

// The options of every family. With `point_lookups` (the families other
// than the pairs', read by key: a term's id, a term, marginals, totals),
// every table gets a whole-key Bloom filter, so that a lookup passes over
// the files that do not hold its key: once such a family is too large to
// be merged into one run after every commit (count_store.h), it is read
// through a few runs. The pair families are read by key ranges (a term's
// partners), which a whole-key filter cannot help.
inline rocksdb::ColumnFamilyOptions FamilyOptions(bool point_lookups = false) {
  rocksdb::ColumnFamilyOptions options;
  options.merge_operator = NewCountMergeOperator();
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.format_version = 5;
  if (point_lookups) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // cooc compacts by its own policy (CountStore::Maintain, count_store.h):
  // RocksDB's level-size triggers do not fit bulk-loaded files, and a
  // background compaction would hold files Maintain's CompactFiles needs.
  options.disable_auto_compactions = true;
  return options;
}

inline rocksdb::Options DatabaseOptions() {
  rocksdb::Options options(rocksdb::DBOptions(), FamilyOptions());
  options.create_if_missing = false;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.keep_log_file_num = 2;
  options.max_manifest_file_size = 64 << 20;
  // Background threads for CountStore::Compact's manual compactions (one
  // per core of this machine kind and then some; automatic compaction is
  // off, so nothing else uses them).
  options.max_background_jobs = 4;
  return options;
}

// Options for the pair families of the database at `db_path`: every table
// gets its scan file (scan_file.h).
inline rocksdb::ColumnFamilyOptions PairFamilyOptions(
    const std::string& db_path) {
  rocksdb::ColumnFamilyOptions options = FamilyOptions();
  options.table_properties_collector_factories.push_back(
      NewScanFileCollectorFactory(ScanFileDirectory(db_path)));
  return options;
}

// Options for the table files of an ingest: ZSTD, since bulk-loaded files
// usually go straight to the bottom level; with `point_lookups` for the
// families read by key (FamilyOptions).
inline rocksdb::Options TableFileOptions(bool point_lookups = false) {
  rocksdb::Options options(rocksdb::DBOptions(DatabaseOptions()),
                           FamilyOptions(point_lookups));
  options.compression = rocksdb::kZSTD;
  return options;
}

// Options for an ingest's table files of the pair families of the database
// at `db_path`: those of TableFileOptions, with a scan file for each.
inline rocksdb::Options PairTableFileOptions(const std::string& db_path) {
  rocksdb::Options options = TableFileOptions();
  options.table_properties_collector_factories.push_back(
      NewScanFileCollectorFactory(ScanFileDirectory(db_path)));
  return options;
}

// The fixed families followed by the pair families (PairFamilies: the
// `shards` shard families, then the right index's); the index of pair
// family k is kFirstShardFamily + k.
inline constexpr int kDefaultFamily = 0;
inline constexpr int kVocabFamilyIndex = 1;
inline constexpr int kTermsFamilyIndex = 2;
inline constexpr int kMarginalsFamilyIndex = 3;
inline constexpr int kFirstShardFamily = 4;

// Where an ingest writes its table files before they join the database;
// removed after the commit, and at the next ingest if one was killed.
inline constexpr char kScratchDirectory[] = "ingest-scratch";

struct CountStore::Rep {
  std::string path;
  StoreOptions options;
  bool writable = false;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  std::unique_ptr<rocksdb::DB> db;
  // Read-only stores: Totals::distinct_pairs once computed (the outer
  // optional says whether it was).
  mutable absl::Mutex distinct_mu;
  mutable std::optional<std::optional<uint64_t>> distinct_pairs
      ABSL_GUARDED_BY(distinct_mu);
  // The indexes of the scan files read so far.
  mutable ScanFileCache scan_files;

  ~Rep() {
    for (rocksdb::ColumnFamilyHandle* family : families) {
      if (db != nullptr) db->DestroyColumnFamilyHandle(family);
    }
  }

  // Pair family k (PairFamilies in store_options.h).
  rocksdb::ColumnFamilyHandle* shard(int k) const {
    return families[kFirstShardFamily + k];
  }

  // Every pair family, in order.
  absl::Span<rocksdb::ColumnFamilyHandle* const> pair_families() const {
    return absl::MakeConstSpan(families).subspan(kFirstShardFamily);
  }

  // Removes the scan files of tables the database no longer has.
  absl::Status RemoveStaleScanFiles() const {
    return cooc::RemoveStaleScanFiles(*db, pair_families(), path);
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
};

}  // namespace cooc

#endif  // COOC_SRC_COUNT_STORE_REP_H_
