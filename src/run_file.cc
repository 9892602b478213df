// Records go to the file as they come, each run delta-encoded through one
// buffer of about 1 MiB (the runs are not held in memory); the index, small,
// is kept until Finish.

#include "run_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "byte_coding.h"
#include "absl/strings/string_view.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'C', 'O', 'O', 'C', 'R', 'U', 'N', 'S'};
constexpr char kEndMagic[8] = {'C', 'O', 'O', 'C', 'R', 'U', 'N', 'E'};
constexpr size_t kHeaderBytes = 16;
constexpr size_t kIndexEntryBytes = 40;
constexpr size_t kTrailerBytes = 24;

absl::Status ErrnoError(const std::string& path, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

absl::Status Damaged(const std::string& path, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat(path, ": not a whole run file (", why, ")"));
}

uint64_t Fixed(const char* bytes, int width) {
  uint64_t value = 0;
  for (int i = 0; i < width; ++i) {
    value |= uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  }
  return value;
}

uint64_t HashOf(absl::string_view bytes) {
  ContentHasher hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

}  // namespace

std::string TemporaryNameBeside(const std::string& path) {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(path, ".writing-", host, "-", getpid());
}

RunFileWriter::RunFileWriter(std::string path)
    : path_(std::move(path)), temporary_(TemporaryNameBeside(path_)) {}

RunFileWriter::~RunFileWriter() {
  if (file_ == nullptr) return;
  std::fclose(file_);
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

absl::Status RunFileWriter::Open() {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (file_ == nullptr) return ErrnoError(temporary_, "create");
  std::string header(kMagic, sizeof(kMagic));
  PutFixed32(kRunFileVersion, &header);
  PutFixed32(0, &header);
  return Write(header.data(), header.size());
}

absl::Status RunFileWriter::Write(const void* data, size_t bytes) {
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    return ErrnoError(temporary_, "write");
  }
  offset_ += bytes;
  return absl::OkStatus();
}

absl::Status RunFileWriter::Add(uint32_t group,
                                absl::Span<const KeyCount> run) {
  BeginRun(group);
  for (const KeyCount& record : run) COOC_RETURN_IF_ERROR(Append(record));
  return EndRun();
}

void RunFileWriter::BeginRun(uint32_t group) {
  run_ = Entry{group, offset_, 0, 0, 0};
  previous_ = 0;
  hasher_ = ContentHasher();
  block_hasher_ = ContentHasher();
  block_start_ = 0;
  encoded_.clear();
}

uint64_t RunFileWriter::TakeBlockHash() {
  block_hasher_.Update(absl::string_view(encoded_).substr(block_start_));
  block_start_ = encoded_.size();
  const uint64_t hash = block_hasher_.Finish();
  block_hasher_ = ContentHasher();
  return hash;
}

absl::Status RunFileWriter::Append(const KeyCount& record) {
  if (run_.records > 0 && record.key <= previous_) {
    return absl::InvalidArgumentError(
        absl::StrCat(temporary_, ": run keys out of order"));
  }
  PutVarint(record.key - previous_, &encoded_);
  PutVarint(record.count, &encoded_);
  previous_ = record.key;
  ++run_.records;
  // Written in pieces of about 1 MiB, hashed as they go.
  constexpr size_t kPieceBytes = size_t{1} << 20;
  if (encoded_.size() >= kPieceBytes) return FlushEncoded();
  return absl::OkStatus();
}

absl::Status RunFileWriter::FlushEncoded() {
  hasher_.Update(encoded_);
  block_hasher_.Update(absl::string_view(encoded_).substr(block_start_));
  block_start_ = 0;
  COOC_RETURN_IF_ERROR(Write(encoded_.data(), encoded_.size()));
  encoded_.clear();
  return absl::OkStatus();
}

absl::Status RunFileWriter::EndRun() {
  COOC_RETURN_IF_ERROR(FlushEncoded());
  if (run_.records == 0) return absl::OkStatus();
  run_.bytes = offset_ - run_.offset;
  run_.hash = hasher_.Finish();
  index_.push_back(run_);
  run_ = Entry{};
  return absl::OkStatus();
}

absl::Status RunFileWriter::Finish() {
  std::string index;
  PutFixed64(index_.size(), &index);
  for (const Entry& entry : index_) {
    PutFixed32(entry.group, &index);
    PutFixed32(0, &index);
    PutFixed64(entry.offset, &index);
    PutFixed64(entry.bytes, &index);
    PutFixed64(entry.records, &index);
    PutFixed64(entry.hash, &index);
  }
  std::string trailer;
  PutFixed64(offset_, &trailer);
  PutFixed64(HashOf(index), &trailer);
  trailer.append(kEndMagic, sizeof(kEndMagic));
  COOC_RETURN_IF_ERROR(Write(index.data(), index.size()));
  COOC_RETURN_IF_ERROR(Write(trailer.data(), trailer.size()));
  const bool flushed = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) {
    const absl::Status error = ErrnoError(temporary_, "write");
    std::error_code ignored;
    fs::remove(temporary_, ignored);
    return error;
  }
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    const absl::Status error = ErrnoError(path_, "rename the run file to");
    std::error_code ignored;
    fs::remove(temporary_, ignored);
    return error;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RunInFile>> ReadRunFileIndex(
    const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat(path, ": no such run file"));
    }
    return ErrnoError(path, "open");
  }
  struct Closer {
    std::FILE* file;
    ~Closer() { std::fclose(file); }
  } closer{file};
  std::error_code error;
  const uint64_t size = fs::file_size(path, error);
  if (error) return ErrnoError(path, "read the size of");
  if (size < kHeaderBytes + 8 + kTrailerBytes) return Damaged(path, "too short");
  char header[kHeaderBytes];
  if (std::fread(header, 1, sizeof(header), file) != sizeof(header) ||
      std::memcmp(header, kMagic, sizeof(kMagic)) != 0) {
    return Damaged(path, "no run file header");
  }
  if (Fixed(header + 8, 4) != kRunFileVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": run file version ", Fixed(header + 8, 4),
                     ", this cooc reads version ", kRunFileVersion));
  }
  char trailer[kTrailerBytes];
  if (fseeko(file, static_cast<off_t>(size - kTrailerBytes), SEEK_SET) != 0 ||
      std::fread(trailer, 1, sizeof(trailer), file) != sizeof(trailer) ||
      std::memcmp(trailer + 16, kEndMagic, sizeof(kEndMagic)) != 0) {
    return Damaged(path, "no trailer");
  }
  const uint64_t index_offset = Fixed(trailer, 8);
  if (index_offset < kHeaderBytes || index_offset > size - kTrailerBytes - 8 ||
      (size - kTrailerBytes - index_offset - 8) % kIndexEntryBytes != 0) {
    return Damaged(path, "bad index offset");
  }
  std::string index(size - kTrailerBytes - index_offset, '\0');
  if (fseeko(file, static_cast<off_t>(index_offset), SEEK_SET) != 0 ||
      std::fread(index.data(), 1, index.size(), file) != index.size()) {
    return Damaged(path, "index unreadable");
  }
  if (HashOf(index) != Fixed(trailer + 8, 8)) {
    return Damaged(path, "the index's checksum does not match");
  }
  const uint64_t runs = Fixed(index.data(), 8);
  if (runs != (index.size() - 8) / kIndexEntryBytes) {
    return Damaged(path, "index size");
  }
  std::vector<RunInFile> result;
  uint64_t expected_offset = kHeaderBytes;
  for (uint64_t i = 0; i < runs; ++i) {
    const char* entry = index.data() + 8 + i * kIndexEntryBytes;
    RunInFile run;
    run.group = static_cast<uint32_t>(Fixed(entry, 4));
    run.run.path = path;
    run.run.offset = Fixed(entry + 8, 8);
    run.run.bytes = Fixed(entry + 16, 8);
    run.run.records = Fixed(entry + 24, 8);
    run.run.hash = Fixed(entry + 32, 8);
    run.run.encoding = FileRun::Encoding::kDelta;
    // Runs lie one after the other between the header and the index, each
    // at least 2 bytes a record.
    if (run.run.offset != expected_offset ||
        run.run.bytes > index_offset - expected_offset ||
        run.run.records > run.run.bytes / 2) {
      return Damaged(path, "a run outside the file");
    }
    expected_offset += run.run.bytes;
    result.push_back(std::move(run));
  }
  if (expected_offset != index_offset) return Damaged(path, "bytes between runs");
  return result;
}

absl::StatusOr<std::vector<KeyCount>> ReadRunFileGroup(const std::string& path,
                                                       uint32_t group) {
  COOC_ASSIGN_OR_RETURN(std::vector<RunInFile> index, ReadRunFileIndex(path));
  std::vector<FileRun> runs;
  for (RunInFile& run : index) {
    if (run.group == group) runs.push_back(std::move(run.run));
  }
  return ReadAllRecords(std::move(runs));
}

}  // namespace cooc
