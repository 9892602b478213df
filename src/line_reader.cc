// LineReader keeps one buffer of 2 * max_piece bytes. Next() returns the
// bytes up to the next '\n' when the buffer holds them; otherwise it moves
// the unconsumed tail to the front and reads more. A line longer than
// max_piece bytes (whether or not its '\n' is in the buffer yet) is handed
// out in pieces, each cut after the last space or tab of the piece (so no
// word is split), or, in text without spaces, at a UTF-8 character
// boundary. Every byte read is checked for NUL as it arrives.

#include "line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace cooc {
namespace {

absl::Status ErrnoStatus(int error, absl::string_view path,
                         absl::string_view what) {
  const std::string message =
      absl::StrCat(path, ": cannot ", what, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EISDIR:
      return absl::InvalidArgumentError(message);
    default:
      return absl::InternalError(message);
  }
}

absl::string_view StripCarriageReturn(absl::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

}  // namespace

absl::StatusOr<LineReader::Kind> LineReader::Inspect(const std::string& path) {
  if (path == kStdin) return Kind{.stream = true};
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return ErrnoStatus(errno, path, "open");
  if (S_ISDIR(info.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a directory, not a text file"));
  }
  if (access(path.c_str(), R_OK) != 0) return ErrnoStatus(errno, path, "open");
  if (!S_ISREG(info.st_mode)) return Kind{.stream = true};
  return Kind{.stream = false, .size = static_cast<uint64_t>(info.st_size)};
}

absl::StatusOr<std::unique_ptr<LineReader>> LineReader::Open(
    const std::string& path, size_t max_piece, const ByteRange& range) {
  max_piece = std::max<size_t>(max_piece, 16);
  const bool whole = range.begin == 0 && range.end == UINT64_MAX;
  if (path == kStdin && whole) {
    return absl::WrapUnique(new LineReader("<stdin>", STDIN_FILENO,
                                           /*owns_fd=*/false, 0, max_piece));
  }
  COOC_ASSIGN_OR_RETURN(const Kind kind, Inspect(path));
  if (kind.stream && !whole) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is a stream; only a regular file is read by byte ranges"));
  }
  if (range.begin > range.end) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": byte range [", range.begin, ", ", range.end, ") is empty"));
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, path, "open");
  const uint64_t begin = std::min(range.begin, kind.size);
  const uint64_t end = std::min(range.end, kind.size);
  if (begin > 0 && lseek(fd, static_cast<off_t>(begin), SEEK_SET) < 0) {
    const int error = errno;
    close(fd);
    return ErrnoStatus(error, path, "seek");
  }
  auto reader = absl::WrapUnique(new LineReader(
      path, fd, /*owns_fd=*/true, kind.stream ? 0 : end - begin, max_piece));
  if (!whole) reader->unread_ = end - begin;
  reader->at_start_ = begin == 0;
  return reader;
}

LineReader::LineReader(std::string path, int fd, bool owns_fd, uint64_t size,
                       size_t max_piece)
    : path_(std::move(path)),
      fd_(fd),
      owns_fd_(owns_fd),
      size_(size),
      max_piece_(max_piece),
      buffer_(2 * max_piece) {}

LineReader::~LineReader() {
  if (owns_fd_) close(fd_);
}

absl::StatusOr<bool> LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  ssize_t got;
  const size_t room = static_cast<size_t>(
      std::min<uint64_t>(buffer_.size() - end_, unread_));
  do {
    got = room == 0 ? 0 : read(fd_, buffer_.data() + end_, room);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return ErrnoStatus(errno, path_, "read");
  if (got == 0) {
    eof_ = true;
    return false;
  }
  if (unread_ != UINT64_MAX) unread_ -= got;
  const char* fresh = buffer_.data() + end_;
  if (const void* nul = std::memchr(fresh, '\0', got); nul != nullptr) {
    const uint64_t offset = bytes_read_ + (end_ - begin_) +
                            (static_cast<const char*>(nul) - fresh);
    return absl::InvalidArgumentError(absl::StrCat(
        path_, " is a binary file, not text (NUL byte at offset ", offset,
        ")"));
  }
  end_ += got;
  return true;
}

absl::StatusOr<bool> LineReader::Next(LinePiece* piece) {
  while (true) {
    if (at_start_) {
      if (end_ - begin_ < 3 && !eof_) {
        absl::StatusOr<bool> more = Fill();
        if (!more.ok()) return more.status();
        continue;
      }
      at_start_ = false;
      if (absl::string_view(buffer_.data() + begin_, end_ - begin_)
              .substr(0, 3) == kByteOrderMark) {
        begin_ += 3;
        bytes_read_ += 3;
      }
    }
    const char* data = buffer_.data();
    const size_t available = end_ - begin_;
    const void* newline = std::memchr(data + begin_, '\n', available);
    // A line longer than max_piece_ is cut below, even if it is all here.
    if (newline != nullptr &&
        StripCarriageReturn(
            absl::string_view(data + begin_, static_cast<const char*>(newline) -
                                                 (data + begin_)))
                .size() <= max_piece_) {
      const size_t length = static_cast<const char*>(newline) - (data + begin_);
      piece->text = StripCarriageReturn(
          absl::string_view(data + begin_, length));
      piece->ends_line = true;
      begin_ += length + 1;
      bytes_read_ += length + 1;
      return true;
    }
    if (available > max_piece_) {
      size_t cut = max_piece_;
      while (cut > 0 && data[begin_ + cut - 1] != ' ' &&
             data[begin_ + cut - 1] != '\t') {
        --cut;
      }
      if (cut == 0) {  // No space: cut before a UTF-8 continuation run.
        cut = max_piece_;
        while (cut > 1 && (data[begin_ + cut] & 0xC0) == 0x80) --cut;
      }
      piece->text = absl::string_view(data + begin_, cut);
      piece->ends_line = false;
      begin_ += cut;
      bytes_read_ += cut;
      return true;
    }
    absl::StatusOr<bool> more = Fill();
    if (!more.ok()) return more.status();
    if (!*more) {
      if (begin_ == end_) return false;
      piece->text = StripCarriageReturn(
          absl::string_view(buffer_.data() + begin_, end_ - begin_));
      piece->ends_line = true;
      bytes_read_ += end_ - begin_;
      begin_ = end_;
      return true;
    }
  }
}

}  // namespace cooc
