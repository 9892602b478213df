// Scan files: cooc's own copy of the pairs of each RocksDB table of a pair
// family, so that whole-shard scans read at the speed of the disk.
//
//   table written (ingest, compaction, merge) -> [collector] -> scan file
//   whole-shard PairCursor -> scan files of the shard's live tables
//                             -> RunMerger -> pairs
//
// A whole-shard scan through RocksDB's iterator costs about 150 ns a pair
// (the iterator stack, the block decompression), which made collocations
// on the 100 MB benchmark database take a fifth of its ingest. As RocksDB
// writes a table of a pair family (an ingest's table file, a compaction's
// output), a table properties collector writes the same pairs as a run
// file (run_file.h: varint deltas, a checksum per run) named by a random
// token, and records the token and the record count in the table's
// properties. A scan of a shard whose every live table has its scan file
// reads those (a merge of a few runs, a few ns a pair); otherwise it reads
// the tables.
//
// A scan file is only a cache of its table: it is written (synced and
// renamed into place) before the table becomes part of the database, it is
// found through the table's own properties, so a table never meets a scan
// file of another, and one that is missing or unreadable leaves the scan to
// the table. Each file also has a block index, so that the partners of one
// term (a key range) are read from the few blocks that hold them rather
// than through RocksDB's iterator. Files of tables the database no longer has (compacted away, or
// written by an ingest that did not commit) are removed by
// RemoveStaleScanFiles. Layout (key_format.h): <db>/scan/<token>.runs, a
// run file with one run in each of three groups: 0, the pairs, (pair key
// as (x << 32) | y, c(x,y)); 1, the block index, (first key, byte offset in
// the pairs' run) of every block of 1024 pairs; 2, the blocks' hashes,
// (block number, ContentHasher hash of the block's bytes).

#ifndef COOC_SRC_SCAN_FILE_H_
#define COOC_SRC_SCAN_FILE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "rocksdb/db.h"
#include "rocksdb/table_properties.h"
#include "run_merger.h"

namespace cooc {

// The directory of the scan files of the database at `db_path`.
std::string ScanFileDirectory(const std::string& db_path);

// A collector factory for the options of pair families and of their table
// files: every table written with it gets a scan file in `directory`
// (ScanFileDirectory of the database; for a table file written apart from
// the database, the table file's own directory, see MoveScanFileOfTable).
// A table whose entries are not pair counts summable across tables (a key
// twice with a plain value among them, a key or value of the wrong size)
// gets none, and so does a table whose scan file cannot be written (the
// table is written all the same).
std::shared_ptr<rocksdb::TablePropertiesCollectorFactory>
NewScanFileCollectorFactory(const std::string& directory);

// The scan file of the finished table file `table_file`, written by a
// collector of NewScanFileCollectorFactory(the table file's directory), as
// its properties name it; nullopt if it has none. Returns the errors of
// reading the table's properties.
absl::StatusOr<std::optional<std::string>> ScanFileOfTable(
    const std::string& table_file);

// Moves the scan file of `table_file` (ScanFileOfTable), if it has one, to
// the scan files of the database at `db_path`, renamed, or copied and
// synced from another filesystem. Call before the table joins the
// database. Returns the errors of ScanFileOfTable and of the move.
absl::Status MoveScanFileOfTable(const std::string& table_file,
                                 const std::string& db_path);

// What a reader needs of one scan file: its run of pairs (with the run's
// hash), and for reads of a key range the block index: the first key and
// the offset in the run of each block of consecutive pairs, each block's
// hash, and the file held open for them (ReadScanFileRange reads with
// pread, no open per read).
struct ScanFileIndex {
  ScanFileIndex() = default;
  ~ScanFileIndex();
  ScanFileIndex(const ScanFileIndex&) = delete;
  ScanFileIndex& operator=(const ScanFileIndex&) = delete;

  FileRun pairs;
  std::vector<uint64_t> first_keys;
  std::vector<uint64_t> offsets;
  std::vector<uint64_t> hashes;
  int fd = -1;  // pairs.path, open for reading; -1 for a file of no pairs.
};

using ScanFiles = std::vector<std::shared_ptr<const ScanFileIndex>>;

// The scan files of one store's pair families. Thread-safe.
//
// Live() lists a family's live tables (GetPropertiesOfAllTables) and reads
// the index of each table's scan file once; both are kept until Forget(),
// so a query reads only the blocks of its key range. A store calls
// Forget() whenever its tables change (a commit, a compaction): a store
// open read-only sees the tables it opened for as long as it is open (as
// RocksDB's read-only instance does), so it never forgets, and it holds at
// most one index per live table.
class ScanFileCache {
 public:
  // The indexes of the scan files of `family`'s live tables, or nullopt
  // when some table has no readable scan file of the size its properties
  // record, or the family has writes not yet in a table: then only the
  // tables hold every pair.
  std::optional<ScanFiles> Live(rocksdb::DB& db,
                                rocksdb::ColumnFamilyHandle* family,
                                const std::string& db_path);

  // Drops every list and index read so far (cursors that hold one keep it).
  void Forget();

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<uint32_t, std::optional<ScanFiles>> live_
      ABSL_GUARDED_BY(mu_);  // By column family id.
};

// Appends to `*out`, in key order, the pairs of `index`'s file with keys in
// [`begin`, `end`), reading only the blocks that can hold them, each
// checked against its hash (DataLoss naming the file if one does not match
// or decode).
absl::Status ReadScanFileRange(const ScanFileIndex& index, uint64_t begin,
                               uint64_t end, SortedRun* out);

// Removes the files of ScanFileDirectory(`db_path`) that belong to no live
// table of `families`. REQUIRES: no table of the database is being written
// (the database is open for writing and between writes).
absl::Status RemoveStaleScanFiles(
    rocksdb::DB& db, absl::Span<rocksdb::ColumnFamilyHandle* const> families,
    const std::string& db_path);

}  // namespace cooc

#endif  // COOC_SRC_SCAN_FILE_H_
