#include "growing_counts.h"

#include <algorithm>

#include "huge_page_allocator.h"

namespace cooc {

GrowingCounts::~GrowingCounts() { Release(); }

void GrowingCounts::Grow(size_t size) {
  while (pieces_.size() * kPieceCounts < size) {
    auto* piece = static_cast<uint64_t*>(AllocateLarge(kPieceBytes));
    std::fill_n(piece, kPieceCounts, uint64_t{0});
    pieces_.push_back(piece);
  }
  size_ = std::max(size_, size);
}

uint64_t GrowingCounts::MemoryBytes() const {
  return pieces_.size() * kPieceBytes + pieces_.capacity() * sizeof(void*);
}

std::vector<uint64_t> GrowingCounts::Take() {
  std::vector<uint64_t> counts;
  counts.reserve(size_);
  for (size_t p = 0; p < pieces_.size(); ++p) {
    const size_t begin = p * kPieceCounts;
    const size_t end = std::min(size_, begin + kPieceCounts);
    if (begin < end) {
      counts.insert(counts.end(), pieces_[p], pieces_[p] + (end - begin));
    }
    FreeLarge(pieces_[p], kPieceBytes);
    pieces_[p] = nullptr;
  }
  pieces_.clear();
  size_ = 0;
  return counts;
}

void GrowingCounts::Release() {
  for (uint64_t* piece : pieces_) FreeLarge(piece, kPieceBytes);
  pieces_.clear();
  size_ = 0;
}

}  // namespace cooc
