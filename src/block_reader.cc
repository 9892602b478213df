#include "block_reader.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace cooc {

BlockReader::BlockReader(std::vector<std::string> inputs, size_t block_bytes,
                         EmptyInput empty, ByteRange range,
                         std::string encoding)
    : inputs_(std::move(inputs)),
      block_bytes_(block_bytes),
      empty_(empty),
      range_(range),
      encoding_(std::move(encoding)) {}

absl::StatusOr<bool> BlockReader::NextInput() {
  if (reader_ != nullptr) {
    if (reader_->bytes_read() == 0 && empty_ == EmptyInput::kRefuse) {
      return absl::InvalidArgumentError(
          absl::StrCat(reader_->path(), " is empty"));
    }
    bytes_done_ += reader_->bytes_read();
    substitutions_done_ += reader_->substitutions();
    input_bytes_.push_back(reader_->bytes_read());
    reader_.reset();
  }
  if (next_input_ == inputs_.size()) return false;
  line_open_ = false;  // An input starts a line.
  COOC_ASSIGN_OR_RETURN(
      reader_, LineReader::Open(inputs_[next_input_++], 1 << 20, range_, encoding_));
  return true;
}

absl::StatusOr<bool> BlockReader::Next(TextBlock* block) {
  block->text.clear();
  block->pieces.clear();
  LinePiece piece;
  while (block->text.size() < block_bytes_) {
    if (reader_ == nullptr) {
      COOC_ASSIGN_OR_RETURN(bool more_inputs, NextInput());
      if (!more_inputs) break;
    }
    COOC_ASSIGN_OR_RETURN(bool more, reader_->Next(&piece));
    if (!more) {
      COOC_ASSIGN_OR_RETURN(bool more_inputs, NextInput());
      if (!more_inputs) break;
      continue;
    }
    block->pieces.push_back({block->text.size(), piece.text.size(),
                             piece.ends_line, !line_open_});
    line_open_ = !piece.ends_line;
    block->text.append(piece.text.data(), piece.text.size());
    if (on_piece_) on_piece_(bytes_read());
  }
  if (block->pieces.empty()) return false;
  block->index = next_index_++;
  return true;
}

}  // namespace cooc
