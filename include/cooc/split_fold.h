// SplitFold: a fold of count parts whose work on the pairs runs as tasks in
// other processes, on other machines (a distributed ingest's fold on the
// workers of a cluster), with exactly the result of IngestParts.
//
//   client  SplitFold::Begin    the parts' vocabularies -> database ids
//   tasks   RemapPartTask       one per part: its pairs under database ids,
//                               sorted, per shard (a run file)
//   tasks   WriteShardTask      one per shard: that shard's runs of every
//                               part merged into one table file
//   client  SplitFold::Commit   the table files, vocabulary, marginals,
//                               totals and journal in one atomic commit
//
// The client reads only the parts' headers; the pairs are read and written
// by the tasks, through files in a work directory that the client and every
// task's host can read and write (a shared filesystem). Every file a task
// writes has a name fixed by the fold and is written to a temporary name
// and renamed, so a task that is retried replaces its output instead of
// adding to it. The database is held for writing from Begin to Commit (or
// until the SplitFold is destroyed): nothing else can change it between.
//
//   auto fold = SplitFold::Begin(db, parts, work_dir, options);
//   for (size_t i = 0; i < parts.size(); ++i)            // on the cluster
//     RemapPartTask(parts[i], fold->map_file(i), fold->run_file(i), memory);
//   for (int k = 0; k < fold->shards(); ++k)             // on the cluster
//     WriteShardTask(fold->shard_task(k), fold->run_files());
//   auto summary = fold->Commit();

#ifndef COOC_INCLUDE_COOC_SPLIT_FOLD_H_
#define COOC_INCLUDE_COOC_SPLIT_FOLD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cooc/ingest.h"

namespace cooc {

// What WriteShardTask needs to write one shard: plain values, so a
// scheduler can send them to another process.
struct ShardTask {
  int shard = 0;              // A pair family (PairFamilies).
  bool right_index = false;   // It is one of the right index's: no sums.
  // Symmetric pairs: a word's column sum is its row sum, so only rows are
  // summed (and CommitFold takes the rows as the columns).
  bool symmetric = false;
  uint64_t types = 0;         // The vocabulary's size after the fold.
  bool final_values = false;  // The shard holds nothing yet (Put entries).
  std::string table_file;     // Where the shard's table file goes.
  std::string marginals_file; // Where its row and column sums go.
};

class SplitFold {
 public:
  // Opens the database at `db_path` for writing (creating it with the
  // first part's definition if `db_path` is absent or an empty directory),
  // reads the headers of the count parts at `part_paths`, checks them as
  // IngestParts does (definitions, the journal rule; `options`' force and
  // journal, whose definition fields must be unset), maps their terms to
  // database ids and writes each part's id map into `work_dir` (created if
  // missing). Errors as IngestParts'; nothing is written to the database.
  static absl::StatusOr<std::unique_ptr<SplitFold>> Begin(
      const std::string& db_path, const std::vector<std::string>& part_paths,
      const std::string& work_dir, const IngestOptions& options);

  // Releases the database; unless Commit succeeded it is unchanged (a
  // database Begin created is removed). Removes the fold's files in
  // `work_dir`.
  ~SplitFold();
  SplitFold(const SplitFold&) = delete;
  SplitFold& operator=(const SplitFold&) = delete;

  size_t parts() const;
  // The shard tasks: one per pair family of the database (its shards, and
  // as many again for the families of a right index).
  int shards() const;
  // Part i's id map (written by Begin) and run file (RemapPartTask's).
  std::string map_file(size_t part) const;
  std::string run_file(size_t part) const;
  std::vector<std::string> run_files() const;
  ShardTask shard_task(int shard) const;

  // Commits what the tasks wrote: every shard's table file (a shard without
  // pairs has none) and marginals, with the vocabulary, term counts, totals
  // and journal of the parts, in one atomic step, then maintains the store.
  // Returns the summary IngestParts would; DataLoss naming the file for a
  // missing or damaged task output (the database unchanged).
  absl::StatusOr<IngestSummary> Commit();

 private:
  struct Rep;
  explicit SplitFold(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// On any host: reads the count part at `part_path` and its id map
// (`map_file`), and writes its pairs under database ids, sorted per shard,
// to the run file `run_file`, re-sorting at most `memory_mb` MiB at a time.
// Returns the part's errors (DataLoss naming it when damaged), NotFound or
// DataLoss for a missing or damaged map, and I/O errors.
absl::Status RemapPartTask(const std::string& part_path,
                           const std::string& map_file,
                           const std::string& run_file, uint64_t memory_mb);

// On any host: merges `task.shard`'s runs of every run file (each written
// by RemapPartTask) into the table file and the marginals file of `task`.
// Returns DataLoss naming the file for a missing or damaged run file.
absl::Status WriteShardTask(const ShardTask& task,
                            const std::vector<std::string>& run_files);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_SPLIT_FOLD_H_
