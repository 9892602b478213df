// StoreWriter: how one commit reaches a database.
//
//   ... -> sorted pairs per shard -> [table files -> IngestExternalFiles]
//
// A writer takes each shard's pairs in key order, writes them as table files
// in a scratch directory of the database, and adds every file, with the
// vocabulary, term counts, totals and journal, in one atomic step.

#ifndef COOC_SRC_STORE_WRITER_H_
#define COOC_SRC_STORE_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/store_records.h"
#include "new_terms.h"

namespace cooc {

// Writes the pairs of one shard for a StoreWriter. Not thread-safe; writers
// of different shards may be used from different threads.
class ShardWriter {
 public:
  virtual ~ShardWriter() = default;
  // Adds `count` to pair `key` ((x << 32) | y). Keys must strictly increase
  // from call to call (InvalidArgument otherwise).
  virtual absl::Status Add(uint64_t key, uint64_t count) = 0;
  // Completes the shard's file. REQUIRES: called once, after the last Add.
  virtual absl::Status Finish() = 0;
};

// Gives a commit's term count increments one term at a time, by increasing
// id: sets `*id` and `*counts` and returns true, or returns false after the
// last. A source rather than a list, so that a commit of millions of new
// terms needs no copy of their counts.
using NextTermCounts = absl::FunctionRef<bool(uint32_t* id, TermCounts* counts)>;

// Writes one ingest as table files in a scratch directory of the database,
// then adds them to it in one atomic step (RocksDB IngestExternalFiles
// across column families): a reader, or a crash, sees all of the ingest or
// none of it. Destroying a writer without Commit discards its files.
class StoreWriter {
 public:
  virtual ~StoreWriter() = default;

  // Returns the writer of `shard`'s pairs. Call at most once per shard.
  virtual absl::StatusOr<std::unique_ptr<ShardWriter>> OpenShard(int shard) = 0;

  // True if `shard` holds nothing yet, so its table file holds the final
  // values (`final_values` of NewTableFileWriter).
  virtual absl::StatusOr<bool> ShardIsEmpty(int shard) = 0;

  // Adds the finished table file `file` of `shard`'s pairs, written by
  // NewTableFileWriter (in another process, perhaps), in place of
  // OpenShard for that shard. Commit moves it into the database (or copies
  // it from another filesystem).
  virtual absl::Status AddShardFile(int shard, const std::string& file) = 0;

  // Writes the vocabulary additions (`new_terms`, the terms of ids from the
  // vocabulary's size on, read during the call), the term count increments
  // (`next_term_counts`, by increasing id), the totals increments (tokens,
  // lines, pair_events, invalid_utf8 and `ingests`, the number of ingests
  // this commit stands for, >= 1; types are counted here and distinct pairs
  // are not kept) and the journal
  // entries of the inputs, each with `ingest` in 1..ingests (numbered after
  // the database's ingests here) and `unix_seconds` (0: now), and the
  // increments of a labelled database's label counts (`labels`, term ids
  // the database's; null: none), then adds every file written so far to the
  // database atomically.
  // REQUIRES: every opened ShardWriter has finished.
  virtual absl::Status Commit(
      const NewTerms& new_terms, NextTermCounts next_term_counts,
      const Totals& increments, const std::vector<JournalEntry>& journal = {},
      const LabelCounts* labels = nullptr) = 0;
};

// A ShardWriter that writes one shard's pairs to the table file `path`
// without the database, for StoreWriter::AddShardFile: Put entries of the
// final values if `final_values` (the shard holds nothing, ShardIsEmpty),
// else Merge entries. Finish without any Add leaves no file. The table's
// scan file (scan_file.h) is written beside it (ScanFileOfTable), and
// AddShardFile moves it into the database.
absl::StatusOr<std::unique_ptr<ShardWriter>> NewTableFileWriter(
    const std::string& path, bool final_values);

}  // namespace cooc

#endif  // COOC_SRC_STORE_WRITER_H_
