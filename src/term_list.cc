#include "term_list.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace cooc {

TermList::TermList(TermList&& other) noexcept
    : pieces_(std::move(other.pieces_)),
      first_piece_entries_(std::exchange(other.first_piece_entries_, 0)),
      blocks_(std::move(other.blocks_)),
      size_(std::exchange(other.size_, 0)) {
  other.pieces_.clear();
  other.blocks_.clear();
}

TermList& TermList::operator=(TermList&& other) noexcept {
  if (this != &other) {
    pieces_ = std::move(other.pieces_);
    first_piece_entries_ = std::exchange(other.first_piece_entries_, 0);
    blocks_ = std::move(other.blocks_);
    size_ = std::exchange(other.size_, 0);
    other.pieces_.clear();
    other.blocks_.clear();
  }
  return *this;
}

void TermList::push_back(absl::string_view term) {
  if (blocks_.empty() ||
      blocks_.back().capacity - blocks_.back().used < term.size()) {
    Block block;
    const size_t next = blocks_.empty()
                            ? kFirstBlockBytes
                            : std::min(kBlockBytes, 2 * blocks_.back().capacity);
    block.capacity = std::max(next, term.size());
    block.bytes = std::make_unique_for_overwrite<char[]>(block.capacity);
    blocks_.push_back(std::move(block));
  }
  Block& block = blocks_.back();
  if (!term.empty()) {
    std::memcpy(block.bytes.get() + block.used, term.data(), term.size());
  }
  block.used += term.size();
  reserve(size_ + 1);
  pieces_[size_ >> kPieceBits][size_ & (kPieceEntries - 1)] =
      (uint64_t{blocks_.size() - 1} << 32) | block.used;
  ++size_;
}

void TermList::reserve(size_t terms) {
  if (terms <= first_piece_entries_) return;
  if (first_piece_entries_ < kPieceEntries) {
    // The first piece grows by doubling (a copy of at most 512 KiB).
    size_t entries = std::max<size_t>(64, 2 * first_piece_entries_);
    while (entries < terms && entries < kPieceEntries) entries *= 2;
    entries = std::min(entries, kPieceEntries);
    auto piece = std::make_unique_for_overwrite<uint64_t[]>(entries);
    if (!pieces_.empty()) {
      std::copy_n(pieces_[0].get(), size_, piece.get());
      pieces_[0] = std::move(piece);
    } else {
      pieces_.push_back(std::move(piece));
    }
    first_piece_entries_ = entries;
  }
  while (pieces_.size() * kPieceEntries < terms) {
    pieces_.push_back(
        std::make_unique_for_overwrite<uint64_t[]>(kPieceEntries));
  }
}

uint64_t TermList::MemoryBytes() const {
  const uint64_t entries =
      pieces_.empty() ? 0
                      : first_piece_entries_ +
                            (pieces_.size() - 1) * uint64_t{kPieceEntries};
  uint64_t bytes = pieces_.capacity() * sizeof(pieces_[0]) +
                   entries * sizeof(uint64_t) +
                   blocks_.capacity() * sizeof(Block);
  for (const Block& block : blocks_) bytes += block.capacity;
  return bytes;
}

TermList ToTermList(const std::vector<std::string>& terms) {
  TermList list;
  list.reserve(terms.size());
  for (const std::string& term : terms) list.push_back(term);
  return list;
}

}  // namespace cooc
