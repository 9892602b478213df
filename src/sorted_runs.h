// SortedRuns: the bounded-memory middle of the ingest pipeline.
//
//   pairs -> per-thread hash maps -> [sorted runs per shard] -> merge -> store
//
// Counting threads turn their hash maps into runs: (pair key, count)
// records sorted by key, one run per shard. Runs stay in memory while the
// runs' total size is within a budget; beyond it, a run is written to a file
// in the spill directory. At the end, each shard's runs (memory and files)
// are merged in key order, equal keys summed, so the store receives every
// pair once, sorted, whatever the memory budget was.

#ifndef COOC_SRC_SORTED_RUNS_H_
#define COOC_SRC_SORTED_RUNS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "run_merger.h"

namespace cooc {

// Thread-safe: Add may be called from several threads; Merge of different
// shards may run concurrently, but not concurrently with Add.
class SortedRuns {
 public:
  // `spill_dir` is created when the first run is spilled and removed with
  // its files when this object is destroyed. `memory_budget` bounds the
  // bytes of runs kept in memory.
  SortedRuns(int shards, std::string spill_dir, uint64_t memory_budget);
  ~SortedRuns();
  SortedRuns(const SortedRuns&) = delete;
  SortedRuns& operator=(const SortedRuns&) = delete;

  // Adds `run` (sorted by key, keys unique) to `shard`'s runs, spilling it
  // to a file if the memory budget is used up. Returns the I/O error of a
  // failed spill.
  absl::Status Add(int shard, SortedRun run);

  // Adds a run stored in a file someone else owns (a run file, run_file.h)
  // to `shard`'s runs; the file is read by Merge and left in place.
  void AddFileRun(int shard, FileRun run);

  // A merge reads each file run through its own buffer and holds the file
  // open: Merge first merges groups of the smallest files of a shard into
  // one until at most kMaxMergedFiles remain, and their buffers share
  // kMergeBufferBytes (a text counted with a small budget spills hundreds of
  // runs a shard, whose 1 MiB buffers took more than the whole budget).
  static constexpr size_t kMaxMergedFiles = 128;
  static constexpr size_t kMergeBufferBytes = size_t{16} << 20;

  // Calls `emit` with consecutive batches of the records of `shard`'s runs,
  // in increasing key order, with the counts of equal keys summed (each key
  // once). A batch is valid during the call only. Frees the shard's memory
  // runs. Returns the first error of `emit` or of reading a file (DataLoss
  // naming the file for a run shorter than its record count or, with a
  // hash, damaged), and Cancelled (StoppedError) once `stop` (null: never)
  // is set: checked before every batch, of the passes Merge makes over
  // many files too.
  absl::Status Merge(
      int shard,
      const std::function<absl::Status(absl::Span<const KeyCount>)>& emit,
      const std::atomic<bool>* stop = nullptr);

  // Sets the bytes of the budget that something else holds now (the
  // vocabulary counted beside the runs): runs are kept in memory only within
  // what is left, so the two together stay within `memory_budget`.
  void SetHeldElsewhere(uint64_t bytes);

  // Writes runs kept in memory to files until they fit beside what
  // SetHeldElsewhere gave (it may have grown since they were kept). Cheap
  // when they fit: for the counting threads to call outside their locks.
  absl::Status SpillExcess();

  int shards() const { return static_cast<int>(shards_.size()); }
  uint64_t spilled_bytes() const;

 private:
  struct Shard {
    std::vector<SortedRun> memory_runs;
    std::vector<FileRun> file_runs;
  };

  // The spill file "run-<number>" (with an empty `number`, the start of
  // every spill file's path).
  std::string SpillPath(absl::string_view number) const;
  // Moves memory runs into `*spills` while the runs in memory and what is
  // held elsewhere exceed the budget.
  void TakeExcess(std::vector<std::pair<int, SortedRun>>* spills)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Writes each of `spills` (shard, run) to a file, freeing the run.
  absl::Status SpillAll(std::vector<std::pair<int, SortedRun>>& spills);
  // A new file name in the spill directory, which it creates.
  absl::StatusOr<std::string> NewSpillPath();
  // Merges `*files` down to kMaxMergedFiles (see there), removing the
  // merged files that are this object's own spills.
  absl::Status ReduceFileRuns(std::vector<FileRun>* files,
                              const std::atomic<bool>* stop);
  // Merges `inputs` into one new spill file.
  absl::StatusOr<FileRun> MergeIntoFile(std::vector<FileRun> inputs,
                                        const std::atomic<bool>* stop);
  // Writes `run` to a new file of `shard`'s runs.
  absl::Status SpillToFile(int shard, const SortedRun& run);

  const std::string spill_dir_;
  const uint64_t memory_budget_;
  mutable absl::Mutex mu_;
  std::vector<Shard> shards_ ABSL_GUARDED_BY(mu_);
  uint64_t memory_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t held_elsewhere_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t spilled_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t next_file_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_SORTED_RUNS_H_
