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
  static absl::StatusOr<std::unique_ptr<LineReader>> Open(
      const std::string& path, size_t max_piece = 1 << 20,
      const ByteRange& range = ByteRange());

  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Stores the next piece in `*piece` and returns true, or returns false at
  // the end of the input. A UTF-8 byte-order mark at the start is skipped.
  // Returns InvalidArgument if the input holds a NUL byte (it is binary, not
  // text) and the I/O error if a read fails.
  absl::StatusOr<bool> Next(LinePiece* piece);

  const std::string& path() const { return path_; }
  // Bytes consumed so far.
  uint64_t bytes_read() const { return bytes_read_; }
  // The input's size in bytes (of its range), or 0 if it is not a regular
  // file.
  uint64_t size() const { return size_; }

 private:
  LineReader(std::string path, int fd, bool owns_fd, uint64_t size,
             size_t max_piece);
  // Reads more input after the unconsumed bytes; false at end of input.
  absl::StatusOr<bool> Fill();

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
};

}  // namespace cooc

#endif  // COOC_SRC_LINE_READER_H_
