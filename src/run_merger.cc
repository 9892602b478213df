// Each file run is read through its own buffer (1 MiB unless the merger is
// given less; SortedRuns gives less when it merges many files). With a
// handful of runs a linear scan for the smallest current key beats a heap;
// a fold of many parts (a run per part and shard) has dozens or hundreds,
// and then the cursors form a min-heap on their current keys.

#include "run_merger.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "byte_coding.h"
#include "content_hash.h"
#include "status_macros.h"

namespace cooc {
namespace {

constexpr size_t kLinearRuns = 8;

absl::Status FileError(const std::string& path, absl::string_view what) {
  return absl::InternalError(absl::StrCat("run file ", path, ": cannot ", what,
                                          ": ", std::strerror(errno)));
}

}  // namespace

// Reads the records of one run, from memory or from a file.
class RunCursor {
 public:
  explicit RunCursor(const SortedRun* run) : run_(run) {}
  RunCursor(FileRun file_run, size_t buffer_bytes)
      : file_run_(std::move(file_run)), buffer_bytes_(buffer_bytes) {}
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
    buffer_.resize(buffer_bytes_);
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
    absl::string_view rest(buffer_.data() + position_, filled_ - position_);
    const size_t before = rest.size();
    const bool read = GetVarint(&rest, value);
    position_ += before - rest.size();
    return read;
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
  size_t buffer_bytes_ = 0;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  ContentHasher hasher_;
  size_t position_ = 0;        // Memory run: the index; file: in buffer_.
  size_t filled_ = 0;          // Bytes of buffer_ that hold the run.
  uint64_t bytes_read_ = 0;    // Of the run, from the file.
  uint64_t records_read_ = 0;
  KeyCount current_{0, 0};
};


namespace {

// Orders cursors into a min-heap on their current keys.
bool Later(const RunCursor* a, const RunCursor* b) {
  return a->current().key > b->current().key;
}

}  // namespace

RunMerger::RunMerger(std::vector<const SortedRun*> memory_runs,
                     std::vector<FileRun> file_runs,
                     size_t file_buffer_bytes) {
  // A buffer holds at least one delta record (two 10-byte varints).
  file_buffer_bytes = std::max<size_t>(file_buffer_bytes, 64);
  for (const SortedRun* run : memory_runs) {
    cursors_.push_back(std::make_unique<RunCursor>(run));
  }
  for (FileRun& file_run : file_runs) {
    cursors_.push_back(
        std::make_unique<RunCursor>(std::move(file_run), file_buffer_bytes));
  }
}

RunMerger::~RunMerger() = default;

absl::Status RunMerger::Open() {
  if (started_) return status_;
  started_ = true;
  status_ = [this]() -> absl::Status {
    for (auto& cursor : cursors_) {
      COOC_RETURN_IF_ERROR(cursor->Open());
      COOC_ASSIGN_OR_RETURN(bool has, cursor->Next());
      if (has) live_.push_back(cursor.get());
    }
    return absl::OkStatus();
  }();
  heap_ = live_.size() > kLinearRuns;
  if (heap_) std::make_heap(live_.begin(), live_.end(), Later);
  return status_;
}

absl::StatusOr<size_t> RunMerger::Read(absl::Span<KeyCount> out) {
  COOC_RETURN_IF_ERROR(Open());
  size_t n = 0;
  while (n < out.size()) {
    if (live_.empty()) {
      if (pending_.has_value()) out[n++] = *pending_;
      pending_.reset();
      break;
    }
    size_t min = 0;
    if (heap_) {
      // The smallest is live_[0]; pop_heap moves it to the back.
      std::pop_heap(live_.begin(), live_.end(), Later);
      min = live_.size() - 1;
    } else {
      for (size_t i = 1; i < live_.size(); ++i) {
        if (live_[i]->current().key < live_[min]->current().key) min = i;
      }
    }
    const KeyCount& record = live_[min]->current();
    if (pending_.has_value() && pending_->key == record.key) {
      pending_->count += record.count;
    } else {
      if (pending_.has_value()) out[n++] = *pending_;
      pending_ = record;
    }
    absl::StatusOr<bool> has = live_[min]->Next();
    if (!has.ok()) {
      status_ = has.status();
      return status_;
    }
    if (*has) {
      if (heap_) std::push_heap(live_.begin(), live_.end(), Later);
    } else {
      // With the heap, min is the back already, and what is left a heap.
      live_[min] = live_.back();
      live_.pop_back();
    }
  }
  return n;
}

absl::StatusOr<std::vector<KeyCount>> ReadAllRecords(
    std::vector<FileRun> file_runs) {
  RunMerger merger({}, std::move(file_runs));
  std::vector<KeyCount> records;
  std::vector<KeyCount> batch(4096);
  while (true) {
    COOC_ASSIGN_OR_RETURN(const size_t n, merger.Read(absl::MakeSpan(batch)));
    if (n == 0) return records;
    records.insert(records.end(), batch.begin(), batch.begin() + n);
  }
}

}  // namespace cooc
