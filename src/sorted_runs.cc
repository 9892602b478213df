// A spilled run is a file of raw 16-byte records (key, count), both
// little-endian as in memory on the machines cooc runs on; it lives only
// for the duration of one ingest and never leaves the machine. A run of a
// run file (run_file.h) has the same records at an offset of a file another
// process wrote, with a hash. Merge reads all of a shard's runs through one
// RunMerger (run_merger.h).

#include "sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "status_macros.h"
#include "stop_request.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

absl::Status FileError(const std::string& path, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("spill file ", path, ": cannot ", what, ": ",
                   std::strerror(errno)));
}

// Every record of `merger`, in batches given to `emit`, until `stop`.
absl::Status ReadMerged(
    RunMerger& merger, const std::atomic<bool>* stop,
    const std::function<absl::Status(absl::Span<const KeyCount>)>& emit) {
  constexpr size_t kBatch = 4096;
  std::vector<KeyCount> batch(kBatch);
  while (true) {
    if (StopRequested(stop)) return StoppedError();
    COOC_ASSIGN_OR_RETURN(const size_t n, merger.Read(absl::MakeSpan(batch)));
    if (n == 0) return absl::OkStatus();
    COOC_RETURN_IF_ERROR(emit(absl::MakeConstSpan(batch.data(), n)));
  }
}

// A spill file being written: raw records appended in key order.
class RawRunFile {
 public:
  RawRunFile() = default;
  ~RawRunFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  RawRunFile(const RawRunFile&) = delete;
  RawRunFile& operator=(const RawRunFile&) = delete;

  absl::Status Create(std::string path) {
    path_ = std::move(path);
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) return FileError(path_, "create");
    return absl::OkStatus();
  }

  absl::Status Append(absl::Span<const KeyCount> records) {
    if (std::fwrite(records.data(), sizeof(KeyCount), records.size(), file_) !=
        records.size()) {
      return FileError(path_, "write");
    }
    records_ += records.size();
    return absl::OkStatus();
  }

  // Closes the file; returns the run it holds.
  absl::StatusOr<FileRun> Finish() {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!closed) return FileError(path_, "write");
    return FileRun{.path = std::move(path_),
                   .records = records_,
                   .bytes = records_ * sizeof(KeyCount),
                   .encoding = FileRun::Encoding::kRaw,
                   .hash = std::nullopt};
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t records_ = 0;
};

// The read buffer of each of `files` file runs merged at once: a merge's
// buffers take at most kMergeBufferBytes (but at least 64 KiB a file, and
// no more than a RunMerger's default).
size_t FileBufferBytes(size_t files) {
  constexpr size_t kMinBytes = size_t{64} << 10;
  if (files == 0) return RunMerger::kDefaultFileBufferBytes;
  return std::clamp(SortedRuns::kMergeBufferBytes / files, kMinBytes,
                    RunMerger::kDefaultFileBufferBytes);
}

}  // namespace

SortedRuns::SortedRuns(int shards, std::string spill_dir,
                       uint64_t memory_budget)
    : spill_dir_(std::move(spill_dir)),
      memory_budget_(memory_budget),
      shards_(shards) {}

SortedRuns::~SortedRuns() {
  std::error_code ignored;
  fs::remove_all(spill_dir_, ignored);
}

void SortedRuns::SetHeldElsewhere(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  held_elsewhere_ = bytes;
}

uint64_t SortedRuns::spilled_bytes() const {
  absl::MutexLock lock(&mu_);
  return spilled_bytes_;
}

absl::Status SortedRuns::Add(int shard, SortedRun run) {
  if (run.empty()) return absl::OkStatus();
  const uint64_t bytes = run.size() * sizeof(KeyCount);
  // The runs to write to files: this one if it does not fit, and runs kept
  // while the budget had room for them that no longer fit in what is left
  // of it (SetHeldElsewhere took more of it since).
  std::vector<std::pair<int, SortedRun>> spills;
  {
    absl::MutexLock lock(&mu_);
    if (held_elsewhere_ + memory_bytes_ + bytes <= memory_budget_) {
      memory_bytes_ += bytes;
      shards_[shard].memory_runs.push_back(std::move(run));
      return absl::OkStatus();
    }
    spills.emplace_back(shard, std::move(run));
    TakeExcess(&spills);
  }
  return SpillAll(spills);
}

absl::Status SortedRuns::SpillExcess() {
  std::vector<std::pair<int, SortedRun>> spills;
  {
    absl::MutexLock lock(&mu_);
    TakeExcess(&spills);
  }
  return SpillAll(spills);
}

void SortedRuns::TakeExcess(std::vector<std::pair<int, SortedRun>>* spills) {
  for (int k = 0; k < static_cast<int>(shards_.size()); ++k) {
    std::vector<SortedRun>& kept = shards_[k].memory_runs;
    while (!kept.empty() && held_elsewhere_ + memory_bytes_ > memory_budget_) {
      memory_bytes_ -= kept.back().size() * sizeof(KeyCount);
      spills->emplace_back(k, std::move(kept.back()));
      kept.pop_back();
    }
  }
}

absl::Status SortedRuns::SpillAll(
    std::vector<std::pair<int, SortedRun>>& spills) {
  for (auto& [k, spilled] : spills) {
    COOC_RETURN_IF_ERROR(SpillToFile(k, spilled));
    spilled = SortedRun();  // Its memory back at once.
  }
  return absl::OkStatus();
}

absl::Status SortedRuns::SpillToFile(int shard, const SortedRun& run) {
  COOC_ASSIGN_OR_RETURN(std::string path, NewSpillPath());
  RawRunFile file;
  COOC_RETURN_IF_ERROR(file.Create(std::move(path)));
  COOC_RETURN_IF_ERROR(file.Append(run));
  COOC_ASSIGN_OR_RETURN(FileRun spilled, file.Finish());
  absl::MutexLock lock(&mu_);
  spilled_bytes_ += spilled.bytes;
  shards_[shard].file_runs.push_back(std::move(spilled));
  return absl::OkStatus();
}

absl::Status SortedRuns::ReduceFileRuns(std::vector<FileRun>* files,
                                        const std::atomic<bool>* stop) {
  // Each pass merges the fewest smallest files that leave kMaxMergedFiles:
  // n files need ceil((n - max) / (max - 1)) passes, and the bytes of the
  // later passes are mostly those of the earlier ones' larger results.
  while (files->size() > kMaxMergedFiles) {
    const size_t group =
        std::min(kMaxMergedFiles, files->size() - kMaxMergedFiles + 1);
    std::sort(files->begin(), files->end(),
              [](const FileRun& a, const FileRun& b) {
                return a.records > b.records;
              });
    std::vector<FileRun> inputs(std::make_move_iterator(files->end() - group),
                                std::make_move_iterator(files->end()));
    files->resize(files->size() - group);
    std::vector<std::string> spilled;  // Of the inputs, the files made here.
    for (const FileRun& input : inputs) {
      if (absl::StartsWith(input.path, SpillPath(""))) {
        spilled.push_back(input.path);
      }
    }
    COOC_ASSIGN_OR_RETURN(FileRun merged,
                          MergeIntoFile(std::move(inputs), stop));
    files->push_back(std::move(merged));
    for (const std::string& path : spilled) {
      std::error_code ignored;
      fs::remove(path, ignored);  // Its records are in `merged` now.
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<FileRun> SortedRuns::MergeIntoFile(
    std::vector<FileRun> inputs, const std::atomic<bool>* stop) {
  COOC_ASSIGN_OR_RETURN(std::string path, NewSpillPath());
  RawRunFile file;
  COOC_RETURN_IF_ERROR(file.Create(std::move(path)));
  const size_t buffer_bytes = FileBufferBytes(inputs.size());
  RunMerger merger({}, std::move(inputs), buffer_bytes);
  COOC_RETURN_IF_ERROR(
      ReadMerged(merger, stop, [&](absl::Span<const KeyCount> batch) {
        return file.Append(batch);
      }));
  COOC_ASSIGN_OR_RETURN(FileRun merged, file.Finish());
  absl::MutexLock lock(&mu_);
  spilled_bytes_ += merged.bytes;
  return merged;
}

std::string SortedRuns::SpillPath(absl::string_view number) const {
  return (fs::path(spill_dir_) / absl::StrCat("run-", number)).string();
}

absl::StatusOr<std::string> SortedRuns::NewSpillPath() {
  std::string path;
  {
    absl::MutexLock lock(&mu_);
    path = SpillPath(absl::StrCat(next_file_++));
  }
  std::error_code error;
  fs::create_directories(spill_dir_, error);
  if (error) {
    return absl::InternalError(absl::StrCat(
        "cannot create spill directory ", spill_dir_, ": ", error.message()));
  }
  return path;
}

void SortedRuns::AddFileRun(int shard, FileRun run) {
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(std::move(run));
}

absl::Status SortedRuns::Merge(
    int shard,
    const std::function<absl::Status(absl::Span<const KeyCount>)>& emit,
    const std::atomic<bool>* stop) {
  Shard runs;
  {
    absl::MutexLock lock(&mu_);
    runs = std::move(shards_[shard]);
    shards_[shard] = Shard();
  }
  COOC_RETURN_IF_ERROR(ReduceFileRuns(&runs.file_runs, stop));
  std::vector<const SortedRun*> memory_runs;
  for (const SortedRun& run : runs.memory_runs) memory_runs.push_back(&run);
  const size_t buffer_bytes = FileBufferBytes(runs.file_runs.size());
  RunMerger merger(std::move(memory_runs), std::move(runs.file_runs),
                   buffer_bytes);
  COOC_RETURN_IF_ERROR(ReadMerged(merger, stop, emit));
  absl::MutexLock lock(&mu_);
  for (const auto& run : runs.memory_runs) {
    memory_bytes_ -= run.size() * sizeof(KeyCount);
  }
  return absl::OkStatus();
}

}  // namespace cooc
