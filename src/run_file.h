// The run file: sorted runs of (key, count) records written by one process
// and read by another, possibly on another machine (the tasks of a split
// fold, split_fold.h, exchange them through a shared directory).
//
//   part -> [runs under database ids, per shard] -> shard table file
//
// A run is a sequence of records with strictly increasing keys; each run
// belongs to a group (the database shard of its keys, or a kind of data).
// Integers are little-endian. A file is
//
//   magic "COOCRUNS" (8 bytes), version (u32), 0 (u32)
//   runs: the records of each run, each the varint (LEB128) of its key
//         minus the previous key of the run (the first from 0), then the
//         varint of its count
//   index: u64 n, then n entries of group (u32), 0 (u32), offset of the
//          run's first byte (u64), bytes (u64), records (u64), the
//          ContentHasher hash of the run's bytes (u64)
//   trailer: offset of the index (u64), hash of the index bytes (u64),
//            magic "COOCRUNE" (8 bytes)
//
// A reader checks the trailer and the index when it opens the file, and
// each run's hash, record count and key order as it reads the run, so a
// truncated, damaged or foreign file is refused with its name (DataLoss)
// rather than counted. DO NOT CHANGE without bumping kRunFileVersion.

#ifndef COOC_SRC_RUN_FILE_H_
#define COOC_SRC_RUN_FILE_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "content_hash.h"
#include "sorted_runs.h"

namespace cooc {

inline constexpr uint32_t kRunFileVersion = 1;

// Writes a run file: to a temporary file beside `path`, synced and renamed
// onto it by Finish, so `path` is the whole file or absent (a retried
// writer replaces it). Destroying a writer before Finish removes the
// temporary file. Not thread-safe.
class RunFileWriter {
 public:
  explicit RunFileWriter(std::string path);
  ~RunFileWriter();
  RunFileWriter(const RunFileWriter&) = delete;
  RunFileWriter& operator=(const RunFileWriter&) = delete;

  absl::Status Open();
  // Appends `run` (keys strictly increasing) to `group`'s runs. An empty
  // run adds nothing.
  absl::Status Add(uint32_t group, absl::Span<const KeyCount> run);
  // The same run given record by record, for runs not held in memory:
  // BeginRun, then Append for each record (keys strictly increasing), then
  // EndRun. A run of no records adds nothing. After an error (a key out of
  // order, a failed write) the file cannot be finished whole: drop the
  // writer.
  void BeginRun(uint32_t group);
  absl::Status Append(const KeyCount& record);
  absl::Status EndRun();
  // The bytes of the current run so far: where in the run the next
  // record's encoding starts.
  uint64_t run_bytes() const { return offset_ - run_.offset + encoded_.size(); }
  // The ContentHasher hash of the current run's bytes since the last call
  // (or since BeginRun), for readers of one block of a run (scan_file.h).
  uint64_t TakeBlockHash();
  // Writes the index, then syncs and renames the file into place.
  absl::Status Finish();

 private:
  struct Entry {
    uint32_t group;
    uint64_t offset;
    uint64_t bytes;
    uint64_t records;
    uint64_t hash;
  };
  absl::Status Write(const void* data, size_t bytes);
  absl::Status FlushEncoded();

  const std::string path_;
  const std::string temporary_;
  std::FILE* file_ = nullptr;
  uint64_t offset_ = 0;
  std::vector<Entry> index_;
  // The run being written (BeginRun to EndRun): its first entry, less the
  // bytes; the last key; its hash so far; the piece of it not yet written.
  Entry run_{};
  uint64_t previous_ = 0;
  ContentHasher hasher_;
  std::string encoded_;
  // The block since the last TakeBlockHash: its hash up to block_start_,
  // where its bytes in encoded_ begin.
  ContentHasher block_hasher_;
  size_t block_start_ = 0;
};

// A temporary name beside `path` that no other process writes to, on this
// host or another sharing the directory (for a file renamed onto `path`
// when whole).
std::string TemporaryNameBeside(const std::string& path);

// One run of a run file, as SortedRuns reads it (FileRun).
struct RunInFile {
  uint32_t group;
  FileRun run;
};

// Reads the index of the run file at `path` (checked against its hash).
// Returns NotFound for a missing file, DataLoss naming `path` for anything
// truncated, damaged or not a run file, FailedPrecondition for another
// version.
absl::StatusOr<std::vector<RunInFile>> ReadRunFileIndex(
    const std::string& path);

// Reads every record of `group`'s runs in the run file at `path`, merged
// in key order with equal keys summed: for the small files whose content
// the reader wants whole (id maps, marginals). Errors as ReadRunFileIndex
// and as RunMerger::Read for the runs.
absl::StatusOr<std::vector<KeyCount>> ReadRunFileGroup(const std::string& path,
                                                       uint32_t group);

}  // namespace cooc

#endif  // COOC_SRC_RUN_FILE_H_
