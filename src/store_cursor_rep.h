// The inside of the cursors of store_cursor.h: a RocksDB iterator over one
// key range, or for a whole shard the merge of its scan files
// (scan_file.h). count_store.cc makes them; store_cursor.cc reads them.

#ifndef COOC_SRC_STORE_CURSOR_REP_H_
#define COOC_SRC_STORE_CURSOR_REP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cooc/store_cursor.h"
#include "rocksdb/iterator.h"
#include "rocksdb/slice.h"
#include "run_merger.h"

namespace cooc {

struct PairCursor::Rep {
  std::string path;  // Of the database, for error messages.
  PairCursorOptions options;
  // [begin, end) of the range; empty begin = the family's first key, empty
  // end = no upper bound. `upper` points into `end` and is the iterator's
  // iterate_upper_bound, so both live as long as the iterator.
  std::string begin;
  std::string end;
  rocksdb::Slice upper;
  std::unique_ptr<rocksdb::Iterator> it;
  // Set instead of `it` for a range read from scan files (scan_file.h):
  // a whole shard's files, or the pairs of one range read from them into
  // `runs`. The records are read through `records`.
  std::unique_ptr<RunMerger> scan;
  std::vector<SortedRun> runs;
  std::vector<KeyCount> records;
  bool started = false;
  bool done = false;
  absl::Status status;
};

struct TermCursor::Rep {
  std::string path;
  std::unique_ptr<rocksdb::Iterator> it;
  // Over the terms family (key the id, value the term) rather than the
  // vocabulary family (key the term, value the id).
  bool keyed_by_id = false;
  bool started = false;
  bool done = false;
  absl::Status status;
};

}  // namespace cooc

#endif  // COOC_SRC_STORE_CURSOR_REP_H_
