// A spilled run is a file of raw 16-byte records (key, count), both
// little-endian as in memory on the machines cooc runs on; it lives only
// for the duration of one ingest and never leaves the machine. A run of a
// run file (run_file.h) has the same records at an offset of a file another
// process wrote, with a hash. Merge reads each file run through a 1 MiB
// buffer and combines all of a shard's runs by taking the smallest key
// among the run cursors.

#include "sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "content_hash.h"
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
  explicit RunCursor(FileRun file_run) : file_run_(std::move(file_run)) {}
  ~RunCursor() {
    if (file_ != nullptr) std::fclose(file_);
  }
  RunCursor(const RunCursor&) = delete;
  RunCursor& operator=(const RunCursor&) = delete;

  absl::Status Open() {
    if (run_ != nullptr) return absl::OkStatus();
    const std::string& path = file_run_.path;
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) return FileError(path, "open");
    if (file_run_.offset > 0 &&
        fseeko(file_, static_cast<off_t>(file_run_.offset), SEEK_SET) != 0) {
      return FileError(path, "seek in");
    }
    buffer_.resize(kBufferBytes);
    return absl::OkStatus();
  }

  // Advances to the next record; false at the end.
  absl::StatusOr<bool> Next() {
    if (run_ != nullptr) {
      if (position_ >= run_->size()) return false;
      current_ = (*run_)[position_++];
      return true;
    }
    if (records_read_ == file_run_.records) return Finished();
    KeyCount next;
    if (file_run_.encoding == FileRun::Encoding::kRaw) {
      COOC_RETURN_IF_ERROR(Fill(sizeof(KeyCount)));
      if (filled_ - position_ < sizeof(KeyCount)) return Truncated();
      std::memcpy(&next, buffer_.data() + position_, sizeof(KeyCount));
      position_ += sizeof(KeyCount);
    } else {
      COOC_RETURN_IF_ERROR(Fill(kMaxDeltaRecordBytes));
      uint64_t delta = 0;
      if (!Varint(&delta) || !Varint(&next.count)) return Truncated();
      next.key = current_.key + delta;
      if (records_read_ > 0 && (delta == 0 || next.key < current_.key)) {
        return absl::DataLossError(
            absl::StrCat(file_run_.path, ": a run's keys are out of order"));
      }
    }
    if (file_run_.hash.has_value() && records_read_ > 0 &&
        next.key <= current_.key) {
      return absl::DataLossError(
          absl::StrCat(file_run_.path, ": a run's keys are out of order"));
    }
    current_ = next;
    ++records_read_;
    return true;
  }

  const KeyCount& current() const { return current_; }

 private:
  static constexpr size_t kBufferBytes = 1 << 20;
  static constexpr size_t kMaxDeltaRecordBytes = 20;  // Two 10-byte varints.

  // Makes at least `want` bytes of the run available from position_, or
  // all that is left of it, reading from the file.
  absl::Status Fill(size_t want) {
    if (filled_ - position_ >= want) return absl::OkStatus();
    const uint64_t run_left = file_run_.bytes - bytes_read_;
    if (run_left == 0) return absl::OkStatus();
    std::memmove(buffer_.data(), buffer_.data() + position_,
                 filled_ - position_);
    filled_ -= position_;
    position_ = 0;
    const size_t room =
        std::min<uint64_t>(buffer_.size() - filled_, run_left);
    const size_t got = std::fread(buffer_.data() + filled_, 1, room, file_);
    if (got < room && std::ferror(file_)) {
      return FileError(file_run_.path, "read");
    }
    if (file_run_.hash.has_value()) {
      hasher_.Update(absl::string_view(buffer_.data() + filled_, got));
    }
    filled_ += got;
    bytes_read_ += got;
    return absl::OkStatus();
  }

  bool Varint(uint64_t* value) {
    *value = 0;
    for (int shift = 0; shift < 64 && position_ < filled_; shift += 7) {
      const uint8_t byte = static_cast<uint8_t>(buffer_[position_++]);
      *value |= uint64_t{byte & 0x7Fu} << shift;
      if (byte < 0x80) return true;
    }
    return false;
  }

  absl::Status Truncated() const {
    return absl::DataLossError(absl::StrCat(
        file_run_.path, ": truncated or damaged (a run of ", file_run_.records,
        " records ends after ", records_read_, ")"));
  }

  // The end of a file run: its bytes are all used, and its hash, if it has
  // one, matches.
  absl::StatusOr<bool> Finished() {
    if (file_run_.hash.has_value()) {
      if (position_ != filled_ || bytes_read_ != file_run_.bytes) {
        return absl::DataLossError(absl::StrCat(
            file_run_.path, ": damaged (a run's bytes do not end with it)"));
      }
      if (hasher_.Finish() != *file_run_.hash) {
        return absl::DataLossError(absl::StrCat(
            file_run_.path, ": damaged (a run's checksum does not match)"));
      }
    }
    return false;
  }

  const SortedRun* run_ = nullptr;
  FileRun file_run_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  ContentHasher hasher_;
  size_t position_ = 0;        // Memory run: the index; file: in buffer_.
  size_t filled_ = 0;          // Bytes of buffer_ that hold the run.
  uint64_t bytes_read_ = 0;    // Of the run, from the file.
  uint64_t records_read_ = 0;
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

void SortedRuns::SetHeldElsewhere(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  held_elsewhere_ = bytes;
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
    for (int k = 0; k < static_cast<int>(shards_.size()); ++k) {
      std::vector<SortedRun>& kept = shards_[k].memory_runs;
      while (!kept.empty() && held_elsewhere_ + memory_bytes_ > memory_budget_) {
        memory_bytes_ -= kept.back().size() * sizeof(KeyCount);
        spills.emplace_back(k, std::move(kept.back()));
        kept.pop_back();
      }
    }
  }
  for (auto& [k, spilled] : spills) {
    COOC_RETURN_IF_ERROR(SpillToFile(k, spilled));
    spilled = SortedRun();  // Its memory back at once.
  }
  return absl::OkStatus();
}

absl::Status SortedRuns::SpillToFile(int shard, const SortedRun& run) {
  std::string path;
  {
    absl::MutexLock lock(&mu_);
    path = (fs::path(spill_dir_) / absl::StrCat("run-", next_file_++)).string();
    spilled_bytes_ += run.size() * sizeof(KeyCount);
  }
  std::error_code error;
  fs::create_directories(spill_dir_, error);
  if (error) {
    return absl::InternalError(absl::StrCat(
        "cannot create spill directory ", spill_dir_, ": ", error.message()));
  }
  COOC_RETURN_IF_ERROR(Spill(run, &path));
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(
      {.path = std::move(path),
       .records = run.size(),
       .bytes = run.size() * sizeof(KeyCount),
       .encoding = FileRun::Encoding::kRaw,
       .hash = std::nullopt});
  return absl::OkStatus();
}

void SortedRuns::AddFileRun(int shard, FileRun run) {
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(std::move(run));
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
  for (FileRun& file_run : runs.file_runs) {
    cursors.push_back(std::make_unique<RunCursor>(std::move(file_run)));
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
