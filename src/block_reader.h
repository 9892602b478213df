// BlockReader: the inputs, cut into blocks of whole line pieces for the
// counting threads.
//
// A block holds the text of consecutive line pieces (LineReader) of about
// `block_bytes`, possibly from several inputs, and says for each piece
// whether it ends its line. A block ends after a piece, so a line longer
// than a piece may continue in the next block: counting threads carry the
// window across (see ingest.cc).

#ifndef COOC_SRC_BLOCK_READER_H_
#define COOC_SRC_BLOCK_READER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "line_reader.h"

namespace cooc {

struct TextBlock {
  struct Piece {
    size_t begin = 0;  // Offset in `text`.
    size_t size = 0;
    bool ends_line = true;
    bool begins_line = true;  // False if it goes on a line of an earlier piece.
  };

  uint64_t index = 0;  // 0, 1, 2, ... in input order.
  std::string text;
  std::vector<Piece> pieces;

  absl::string_view piece_text(const Piece& piece) const {
    return absl::string_view(text).substr(piece.begin, piece.size);
  }
};

// Not thread-safe.
class BlockReader {
 public:
  enum class EmptyInput { kRefuse, kAccept };

  // Reads `inputs` in order ("-" is standard input). An empty input is an
  // error unless `empty` is kAccept. With `range`, only that byte range of
  // the inputs (LineReader::Open; given for a single input). Each input is
  // read in `encoding` (LineReader::Open: empty means UTF-8 or what a
  // byte-order mark says).
  BlockReader(std::vector<std::string> inputs, size_t block_bytes,
              EmptyInput empty = EmptyInput::kRefuse,
              ByteRange range = ByteRange(), std::string encoding = "");

  // Fills `*block` (reusing its memory) with the next block and returns
  // true, or returns false after the last. Returns the errors of
  // LineReader::Open and LineReader::Next, and InvalidArgument for an empty
  // input unless empty inputs are accepted.
  absl::StatusOr<bool> Next(TextBlock* block);

  // Called with bytes_read() after every piece read (not only once per
  // block), so that progress moves with a slow input such as a pipe.
  // Default: none.
  void set_on_piece(std::function<void(uint64_t)> on_piece) {
    on_piece_ = std::move(on_piece);
  }

  // Bytes read so far over all inputs.
  uint64_t bytes_read() const { return bytes_done_ + current_bytes(); }
  // Byte sequences invalid in the inputs' encoding replaced so far
  // (LineReader::substitutions).
  uint64_t substitutions() const {
    return substitutions_done_ +
           (reader_ == nullptr ? 0 : reader_->substitutions());
  }
  // Bytes of each input read to its end, in order.
  const std::vector<uint64_t>& input_bytes() const { return input_bytes_; }

 private:
  uint64_t current_bytes() const {
    return reader_ == nullptr ? 0 : reader_->bytes_read();
  }
  // Moves to the next input; false when there is none.
  absl::StatusOr<bool> NextInput();

  std::vector<std::string> inputs_;
  size_t block_bytes_;
  EmptyInput empty_;
  ByteRange range_;
  std::string encoding_;
  uint64_t substitutions_done_ = 0;
  size_t next_input_ = 0;
  std::unique_ptr<LineReader> reader_;
  std::function<void(uint64_t)> on_piece_;
  uint64_t bytes_done_ = 0;
  std::vector<uint64_t> input_bytes_;
  uint64_t next_index_ = 0;
  bool line_open_ = false;  // The last piece read did not end its line.
};

}  // namespace cooc

#endif  // COOC_SRC_BLOCK_READER_H_
