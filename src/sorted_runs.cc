// A spilled run is a file of raw 16-byte records (key, count), both
// little-endian as in memory on the machines cooc runs on; it lives only
// for the duration of one ingest and never leaves the machine. Merge reads
// each file through a 1 MiB buffer and combines all of a shard's runs by
// taking the smallest key among the run cursors.

#include "sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

absl::Status FileError(const std::string& path, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("spill file ", path, ": cannot ", what, ": ",
                   std::strerror(errno)));
}

// Reads the records of one run, from memory or from a file.
class RunCursor {
 public:
  explicit RunCursor(const SortedRun* run) : run_(run) {}
  explicit RunCursor(std::string path) : path_(std::move(path)) {}
  ~RunCursor() {
    if (file_ != nullptr) std::fclose(file_);
  }
  RunCursor(const RunCursor&) = delete;
  RunCursor& operator=(const RunCursor&) = delete;

  absl::Status Open() {
    if (run_ != nullptr) return absl::OkStatus();
    file_ = std::fopen(path_.c_str(), "rb");
    if (file_ == nullptr) return FileError(path_, "open");
    buffer_.resize(kBufferRecords);
    return absl::OkStatus();
  }

  // Advances to the next record; false at the end.
  absl::StatusOr<bool> Next() {
    if (run_ != nullptr) {
      if (position_ >= run_->size()) return false;
      current_ = (*run_)[position_++];
      return true;
    }
    if (position_ == filled_) {
      filled_ = std::fread(buffer_.data(), sizeof(KeyCount), buffer_.size(),
                           file_);
      position_ = 0;
      if (filled_ == 0) {
        if (std::ferror(file_)) return FileError(path_, "read");
        return false;
      }
    }
    current_ = buffer_[position_++];
    return true;
  }

  const KeyCount& current() const { return current_; }

 private:
  static constexpr size_t kBufferRecords = (1 << 20) / sizeof(KeyCount);
  const SortedRun* run_ = nullptr;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<KeyCount> buffer_;
  size_t position_ = 0;
  size_t filled_ = 0;
  KeyCount current_{0, 0};
};

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

uint64_t SortedRuns::spilled_bytes() const {
  absl::MutexLock lock(&mu_);
  return spilled_bytes_;
}

absl::Status SortedRuns::Spill(const SortedRun& run,
                               std::string* path) {
  std::FILE* file = std::fopen(path->c_str(), "wb");
  if (file == nullptr) return FileError(*path, "create");
  const size_t written =
      std::fwrite(run.data(), sizeof(KeyCount), run.size(), file);
  const bool closed = std::fclose(file) == 0;
  if (written != run.size() || !closed) return FileError(*path, "write");
  return absl::OkStatus();
}

absl::Status SortedRuns::Add(int shard, SortedRun run) {
  if (run.empty()) return absl::OkStatus();
  const uint64_t bytes = run.size() * sizeof(KeyCount);
  std::string path;
  {
    absl::MutexLock lock(&mu_);
    if (memory_bytes_ + bytes <= memory_budget_) {
      memory_bytes_ += bytes;
      shards_[shard].memory_runs.push_back(std::move(run));
      return absl::OkStatus();
    }
    path = (fs::path(spill_dir_) / absl::StrCat("run-", next_file_++)).string();
    spilled_bytes_ += bytes;
  }
  std::error_code error;
  fs::create_directories(spill_dir_, error);
  if (error) {
    return absl::InternalError(absl::StrCat(
        "cannot create spill directory ", spill_dir_, ": ", error.message()));
  }
  COOC_RETURN_IF_ERROR(Spill(run, &path));
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(std::move(path));
  return absl::OkStatus();
}

absl::Status SortedRuns::Merge(
    int shard,
    const std::function<absl::Status(absl::Span<const KeyCount>)>& emit) {
  Shard runs;
  {
    absl::MutexLock lock(&mu_);
    runs = std::move(shards_[shard]);
    shards_[shard] = Shard();
  }
  std::vector<std::unique_ptr<RunCursor>> cursors;
  for (const auto& run : runs.memory_runs) {
    cursors.push_back(std::make_unique<RunCursor>(&run));
  }
  for (const std::string& path : runs.file_runs) {
    cursors.push_back(std::make_unique<RunCursor>(path));
  }
  // The live cursors. With a handful of runs per shard a linear scan for
  // the smallest key beats a heap; a fold of many parts (a run per part and
  // shard) has dozens or hundreds, and then the cursors form a min-heap on
  // their current keys.
  std::vector<RunCursor*> live;
  for (auto& cursor : cursors) {
    COOC_RETURN_IF_ERROR(cursor->Open());
    COOC_ASSIGN_OR_RETURN(bool has, cursor->Next());
    if (has) live.push_back(cursor.get());
  }
  constexpr size_t kLinearRuns = 8;
  const bool heap = live.size() > kLinearRuns;
  const auto later = [](const RunCursor* a, const RunCursor* b) {
    return a->current().key > b->current().key;  // Makes a min-heap.
  };
  if (heap) std::make_heap(live.begin(), live.end(), later);
  constexpr size_t kBatch = 4096;
  std::vector<KeyCount> batch;
  batch.reserve(kBatch);
  while (!live.empty()) {
    size_t min = 0;
    if (!heap) {
      for (size_t i = 1; i < live.size(); ++i) {
        if (live[i]->current().key < live[min]->current().key) min = i;
      }
    }
    const KeyCount& record = live[min]->current();
    if (!batch.empty() && batch.back().key == record.key) {
      batch.back().count += record.count;
    } else {
      if (batch.size() == kBatch) {
        COOC_RETURN_IF_ERROR(emit(absl::MakeConstSpan(batch)));
        batch.clear();
      }
      batch.push_back(record);
    }
    if (heap) {
      // The smallest is live[0]: take it out, advance it, put it back.
      std::pop_heap(live.begin(), live.end(), later);
      COOC_ASSIGN_OR_RETURN(bool has, live.back()->Next());
      if (has) {
        std::push_heap(live.begin(), live.end(), later);
      } else {
        live.pop_back();
      }
      continue;
    }
    COOC_ASSIGN_OR_RETURN(bool has, live[min]->Next());
    if (!has) {
      live[min] = live.back();
      live.pop_back();
    }
  }
  if (!batch.empty()) COOC_RETURN_IF_ERROR(emit(absl::MakeConstSpan(batch)));
  absl::MutexLock lock(&mu_);
  for (const auto& run : runs.memory_runs) {
    memory_bytes_ -= run.size() * sizeof(KeyCount);
  }
  return absl::OkStatus();
}

}  // namespace cooc
