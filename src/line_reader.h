// LineReader: the source of text. Reads a file or standard input as a
// stream of line pieces, so that neither a file nor a line ever has to fit
// in memory.

#ifndef COOC_SRC_LINE_READER_H_
#define COOC_SRC_LINE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "text_decoder.h"

namespace cooc {

// One piece of a line: the whole line, or, for a line longer than the
// reader's piece limit, a part of it cut at a space (or, failing that, at a
// UTF-8 character boundary). Line terminators ("\n", "\r\n") are not part of
// `text`.
struct LinePiece {
  absl::string_view text;  // Valid until the next call to Next().
  bool ends_line = true;   // False if the line goes on in the next piece.
};

// A range of a regular file's bytes, [begin, end): what a distributed ingest
// gives each task. The whole file by default.
struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = UINT64_MAX;  // Past the file's end means to its end.
};

// Reads pieces of lines from one input. Not thread-safe.
class LineReader {
 public:
  // The name standard input is opened by.
  static constexpr char kStdin[] = "-";

  // What an input is, found without reading it.
  struct Kind {
    // Standard input, a pipe or a device: readable only once, so it cannot
    // be checked by opening it first, nor recognised later by its content.
    bool stream = false;
    uint64_t size = 0;  // Bytes of a regular file; 0 for a stream.
  };

  // Checks that `path` (or "-") names something readable, without opening
  // it. Returns the same errors as Open().
  static absl::StatusOr<Kind> Inspect(const std::string& path);

  // Opens `path` (or standard input for "-") for reading. `max_piece` bounds
  // the bytes of one piece (the reader's memory is about twice that).
  // Returns NotFound for a missing file, InvalidArgument for a directory,
  // PermissionDenied for an unreadable file.
  //
  // With a `range`, reads only those bytes of the file (a regular file:
  // InvalidArgument for a stream), as if they were the whole input, except
  // that a byte-order mark is skipped only at offset 0. A range that begins
  // and ends at line starts holds whole lines, counted as in the whole
  // file.
  //
  // `encoding` names the input's encoding (IngestOptions::encoding): text
  // in any but UTF-8 is converted to UTF-8 as it is read. Empty means
  // UTF-8, unless a byte-order mark says UTF-16 or UTF-32; and then the
  // first kEncodingSampleBytes (of a stream: its first read) must look like
  // UTF-8 (CheckLooksLikeUtf8), or Next() refuses the input. Returns
  // InvalidArgument for an encoding ICU does not know, and for a `range` of
  // text in an encoding that cannot be cut after a 0x0A byte
  // (CheckSplitsAtLineFeeds; with no encoding given, a file with a UTF-16
  // or UTF-32 byte-order mark).
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(
      const std::string& path, size_t max_piece = 1 << 20,
      const ByteRange& range = ByteRange(), const std::string& encoding = "");

  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Stores the next piece in `*piece` and returns true, or returns false at
  // the end of the input. A UTF-8 byte-order mark at the start is skipped
  // (and any byte-order mark of the encoding read). Returns InvalidArgument
  // if the input holds a NUL byte (it is binary, not text; a NUL character,
  // in another encoding) or, with no encoding given, does not look like
  // UTF-8; and the I/O error if a read fails.
  absl::StatusOr<bool> Next(LinePiece* piece);

  const std::string& path() const { return path_; }
  // Bytes of the input consumed so far (in another encoding: converted so
  // far, which runs ahead of the lines handed out by up to a buffer).
  uint64_t bytes_read() const {
    return decoder_ != nullptr ? raw_read_ : bytes_read_;
  }
  // Byte sequences invalid in the input's encoding replaced by U+FFFD so far
  // (0 for UTF-8, whose invalid sequences the tokenizer replaces).
  uint64_t substitutions() const {
    return decoder_ != nullptr ? decoder_->substitutions() : 0;
  }
  // The input's size in bytes (of its range), or 0 if it is not a regular
  // file.
  uint64_t size() const { return size_; }

 private:
  LineReader(std::string path, int fd, bool owns_fd, uint64_t size,
             size_t max_piece);
  // Reads more input after the unconsumed bytes; false at end of input.
  absl::StatusOr<bool> Fill();
  // Fill() through decoder_.
  absl::StatusOr<bool> FillDecoded();
  // The first Fill() with no encoding given: reads the sample, and either
  // starts a decoder for a UTF-16 or UTF-32 byte-order mark or checks that
  // the sample looks like UTF-8 and keeps it in buffer_.
  absl::Status Sniff();
  // Reads up to `room` bytes (of the range) into `dest`; 0 at the end.
  absl::StatusOr<size_t> ReadSome(char* dest, size_t room);
  // InvalidArgument for a NUL in the `size` bytes at `fresh`, which start at
  // byte `offset` of the input (as read or, decoded, as converted).
  absl::Status CheckNoNul(const char* fresh, size_t size, uint64_t offset);

  std::string path_;
  int fd_;
  bool owns_fd_;
  uint64_t size_;
  size_t max_piece_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // First unconsumed byte in buffer_.
  size_t end_ = 0;    // One past the last valid byte in buffer_.
  bool eof_ = false;
  bool at_start_ = true;
  uint64_t bytes_read_ = 0;
  uint64_t unread_ = UINT64_MAX;  // Bytes of the input not yet read.
  bool stream_ = false;
  // No encoding given: the first Fill() sniffs (Sniff()).
  bool sniff_ = false;
  // Another encoding than UTF-8: raw_ holds input bytes not yet converted,
  // [raw_begin_, raw_end_), and raw_read_ counts those converted.
  std::unique_ptr<TextDecoder> decoder_;
  std::vector<char> raw_;
  size_t raw_begin_ = 0;
  size_t raw_end_ = 0;
  bool raw_eof_ = false;
  uint64_t raw_read_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_LINE_READER_H_
