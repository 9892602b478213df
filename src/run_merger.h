// RunMerger: sorted runs of (key, count) records, in memory or in files,
// read as one sequence in key order with the counts of equal keys summed.
//
//   memory runs, spilled runs, run files, scan files -> [merge] -> records
//
// SortedRuns::Merge hands an ingest's runs of a shard to the fold through
// one; a whole-shard PairCursor reads a shard's scan files (scan_file.h)
// through one. The merger pulls: the caller reads batches into its own
// buffer and can stop at any point.

#ifndef COOC_SRC_RUN_MERGER_H_
#define COOC_SRC_RUN_MERGER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "huge_page_allocator.h"

namespace cooc {

struct KeyCount {
  uint64_t key;  // (x << 32) | y
  uint64_t count;
  bool operator<(const KeyCount& other) const { return key < other.key; }
};

// A run: records sorted by key, keys unique.
using SortedRun = std::vector<KeyCount, HugePageAllocator<KeyCount>>;

// A run stored in a file: `records` records in `bytes` bytes from byte
// `offset` of `path`, either raw 16-byte records (key, count; spilled runs)
// or delta-encoded (run files, run_file.h: per record the varint of the key
// minus the previous key, the first from 0, then the varint of the count).
// With a `hash` (the ContentHasher hash of the run's bytes) the reader also
// checks the bytes and the key order, for files another process wrote.
struct FileRun {
  enum class Encoding { kRaw, kDelta };
  std::string path;
  uint64_t offset = 0;
  uint64_t records = 0;
  uint64_t bytes = 0;
  Encoding encoding = Encoding::kRaw;
  std::optional<uint64_t> hash;
};

class RunCursor;  // One run's reader (run_merger.cc).

// Not thread-safe; mergers of different runs may run on different threads.
class RunMerger {
 public:
  static constexpr size_t kDefaultFileBufferBytes = size_t{1} << 20;

  // The memory runs must outlive the merger; the files are opened by the
  // first Read, and each is read through a buffer of `file_buffer_bytes`.
  RunMerger(std::vector<const SortedRun*> memory_runs,
            std::vector<FileRun> file_runs,
            size_t file_buffer_bytes = kDefaultFileBufferBytes);
  ~RunMerger();
  RunMerger(const RunMerger&) = delete;
  RunMerger& operator=(const RunMerger&) = delete;

  // Opens the files and reads the first record of each run; Read does if
  // it was not called. Returns the error of opening or reading a file.
  absl::Status Open();

  // Reads the next records, in increasing key order and each key once, into
  // `out[0..n)` and returns n (as many as fit; 0 at the end, or for an empty
  // `out`). Returns the error of opening or reading a file: DataLoss naming
  // the file for a run shorter than its record count or, with a hash,
  // damaged; the merger is then stopped with it.
  absl::StatusOr<size_t> Read(absl::Span<KeyCount> out);

 private:
  std::vector<std::unique_ptr<RunCursor>> cursors_;
  // The cursors not yet at their end; a min-heap on their current keys when
  // there are more than kLinearRuns of them.
  std::vector<RunCursor*> live_;
  bool heap_ = false;
  bool started_ = false;
  absl::Status status_;
  // The record being summed: its key may still come from another run.
  std::optional<KeyCount> pending_;
};

// Every record of `file_runs`, merged as a RunMerger merges them: for the
// small runs a reader wants whole (id maps, marginals, block indexes).
absl::StatusOr<std::vector<KeyCount>> ReadAllRecords(
    std::vector<FileRun> file_runs);

}  // namespace cooc

#endif  // COOC_SRC_RUN_MERGER_H_
