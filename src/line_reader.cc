// LineReader keeps one buffer of 2 * max_piece bytes. Next() returns the
// bytes up to the next '\n' when the buffer holds them; otherwise it moves
// the unconsumed tail to the front and reads more. A line longer than
// max_piece bytes (whether or not its '\n' is in the buffer yet) is handed
// out in pieces, each cut after the last space or tab of the piece (so no
// word is split), or, in text without spaces, at a UTF-8 character
// boundary. Every byte read is checked for NUL as it arrives.
//
// Text in another encoding is read into a second, small buffer of raw bytes
// and converted by a TextDecoder into the line buffer, so that everything
// above (lines, pieces, the NUL check) sees UTF-8. With no encoding given,
// the first fill reads a sample of kEncodingSampleBytes (a stream: one
// read) and decides: a UTF-16 or UTF-32 byte-order mark starts a decoder
// with the sample as its first raw bytes; otherwise the sample must look
// like UTF-8 (CheckLooksLikeUtf8), and stays in the line buffer as read.

#include "line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"
#include "text_decoder.h"

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

// The raw bytes converted per step of a decoder.
constexpr size_t kRawBufferBytes = 64 << 10;

// The first four bytes of the file at `path` (fewer if it is shorter).
std::string FileHead(int fd) {
  char head[4];
  ssize_t got;
  do {
    got = pread(fd, head, sizeof(head), 0);
  } while (got < 0 && errno == EINTR);
  return got > 0 ? std::string(head, got) : std::string();
}

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
    const std::string& path, size_t max_piece, const ByteRange& range,
    const std::string& encoding) {
  max_piece = std::max<size_t>(max_piece, 16);
  const bool whole = range.begin == 0 && range.end == UINT64_MAX;
  std::string canonical;
  if (!encoding.empty()) {
    COOC_ASSIGN_OR_RETURN(canonical, CanonicalEncodingName(encoding));
  }
  // Starts reading `*reader` in the encoding asked for.
  const auto start = [&](std::unique_ptr<LineReader> reader)
      -> absl::StatusOr<std::unique_ptr<LineReader>> {
    if (encoding.empty()) {
      reader->sniff_ = true;
      // The sample is read into the line buffer whole.
      if (reader->buffer_.size() < kEncodingSampleBytes) {
        reader->buffer_.resize(kEncodingSampleBytes);
      }
    } else if (!IsUtf8Encoding(canonical)) {
      COOC_ASSIGN_OR_RETURN(reader->decoder_, TextDecoder::Create(canonical));
      reader->raw_.resize(kRawBufferBytes);
    }
    return reader;
  };
  if (path == kStdin && whole) {
    auto reader = absl::WrapUnique(new LineReader(
        "<stdin>", STDIN_FILENO, /*owns_fd=*/false, 0, max_piece));
    reader->stream_ = true;
    return start(std::move(reader));
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
  if (!whole) {
    // A range must be cut where a line ends in the file's encoding.
    std::string ranged = canonical;
    if (encoding.empty()) {
      ranged = std::string(EncodingOfByteOrderMark(FileHead(fd)));
    }
    if (!ranged.empty()) {
      if (absl::Status split = CheckSplitsAtLineFeeds(ranged, path);
          !split.ok()) {
        close(fd);
        return split;
      }
    }
  }
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
  reader->stream_ = kind.stream;
  return start(std::move(reader));
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

absl::StatusOr<size_t> LineReader::ReadSome(char* dest, size_t room) {
  room = static_cast<size_t>(std::min<uint64_t>(room, unread_));
  ssize_t got;
  do {
    got = room == 0 ? 0 : read(fd_, dest, room);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return ErrnoStatus(errno, path_, "read");
  if (unread_ != UINT64_MAX) unread_ -= got;
  return static_cast<size_t>(got);
}

absl::Status LineReader::CheckNoNul(const char* fresh, size_t size,
                                    uint64_t offset) {
  const void* nul = std::memchr(fresh, '\0', size);
  if (nul == nullptr) return absl::OkStatus();
  if (decoder_ != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        path_, " is a binary file, not text (a NUL character, U+0000, in its ",
        decoder_->name(), " after byte ", offset, ")"));
  }
  offset += static_cast<const char*>(nul) - fresh;
  std::string hint;
  if (sniff_) {
    // Text in UTF-16 or UTF-32 without a byte-order mark is full of NULs.
    const std::string guess = GuessEncoding(absl::string_view(fresh, size));
    if (absl::StartsWith(guess, "UTF-16") || absl::StartsWith(guess, "UTF-32")) {
      hint = absl::StrCat("; if it is text in ", guess,
                          " without a byte-order mark, give --encoding ",
                          guess);
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path_, " is a binary file, not text (NUL byte at offset ", offset, ")",
      hint));
}

absl::Status LineReader::Sniff() {
  // Called by the first Fill(): nothing is in buffer_ yet.
  size_t got = 0;
  bool complete = false;
  while (got < kEncodingSampleBytes) {
    COOC_ASSIGN_OR_RETURN(
        const size_t more,
        ReadSome(buffer_.data() + got, kEncodingSampleBytes - got));
    got += more;
    if (more == 0) {
      complete = true;
      break;
    }
    if (stream_) break;  // A pipe's first read: do not wait for more.
  }
  const absl::string_view sample(buffer_.data(), got);
  const absl::string_view marked =
      at_start_ ? EncodingOfByteOrderMark(sample) : "";
  if (!marked.empty()) {
    COOC_ASSIGN_OR_RETURN(decoder_, TextDecoder::Create(std::string(marked)));
    raw_.assign(sample.begin(), sample.end());
    raw_.resize(std::max(raw_.size(), kRawBufferBytes));
    raw_begin_ = 0;
    raw_end_ = got;
    raw_eof_ = complete;
    sniff_ = false;
    return absl::OkStatus();
  }
  COOC_RETURN_IF_ERROR(CheckNoNul(sample.data(), sample.size(), 0));
  sniff_ = false;
  COOC_RETURN_IF_ERROR(CheckLooksLikeUtf8(path_, sample, complete));
  end_ = got;
  if (complete && got == 0) eof_ = true;
  return absl::OkStatus();
}

absl::StatusOr<bool> LineReader::FillDecoded() {
  char* target = buffer_.data() + end_;
  char* const target_end = buffer_.data() + buffer_.size();
  char* const fresh = target;
  while (true) {
    if (raw_begin_ == raw_end_ && !raw_eof_) {
      COOC_ASSIGN_OR_RETURN(const size_t got,
                            ReadSome(raw_.data(), raw_.size()));
      raw_begin_ = 0;
      raw_end_ = got;
      raw_eof_ = got == 0;
    }
    const char* source = raw_.data() + raw_begin_;
    COOC_ASSIGN_OR_RETURN(
        const bool full,
        decoder_->Convert(&source, raw_.data() + raw_end_, &target,
                          target_end, raw_eof_));
    raw_read_ += source - (raw_.data() + raw_begin_);
    raw_begin_ = source - raw_.data();
    if (target > fresh) break;
    if (raw_eof_ && !full) {
      eof_ = true;
      return false;
    }
  }
  COOC_RETURN_IF_ERROR(CheckNoNul(fresh, target - fresh, raw_read_));
  end_ = target - buffer_.data();
  return true;
}

absl::StatusOr<bool> LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (sniff_) {
    COOC_RETURN_IF_ERROR(Sniff());
    if (decoder_ == nullptr) return end_ > 0;
  }
  if (decoder_ != nullptr) return FillDecoded();
  COOC_ASSIGN_OR_RETURN(const size_t got,
                        ReadSome(buffer_.data() + end_, buffer_.size() - end_));
  if (got == 0) {
    eof_ = true;
    return false;
  }
  COOC_RETURN_IF_ERROR(CheckNoNul(buffer_.data() + end_, got,
                                  bytes_read_ + (end_ - begin_)));
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
