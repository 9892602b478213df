// GrowingCounts: a count per dense id (f(x) while text is counted) for a
// number of ids not known in advance.
//
// A std::vector that doubles holds its old and its new array at once: for
// the 8-byte counts of millions of types that moment took about 100 MB more
// than the counts themselves, past the memory budget. GrowingCounts grows
// in pieces of 2 MiB, each mapped on its own, so growing never copies, and
// Take() moves the counts into a vector piece by piece, giving back each
// piece once copied (the vector's pages are only taken as they are
// written).

#ifndef COOC_SRC_GROWING_COUNTS_H_
#define COOC_SRC_GROWING_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cooc {

// Not thread-safe.
class GrowingCounts {
 public:
  GrowingCounts() = default;
  ~GrowingCounts();
  GrowingCounts(const GrowingCounts&) = delete;
  GrowingCounts& operator=(const GrowingCounts&) = delete;

  size_t size() const { return size_; }

  // Makes ids below `size` valid, the new ones with count 0 (never shrinks).
  void Grow(size_t size);

  // The count of `id`. REQUIRES: id < size().
  uint64_t& operator[](size_t id) {
    return pieces_[id >> kPieceBits][id & (kPieceCounts - 1)];
  }

  // The bytes held, for memory budgets.
  uint64_t MemoryBytes() const;

  // Moves the counts out, by id, and empties this object.
  std::vector<uint64_t> Take();

 private:
  static constexpr int kPieceBits = 18;
  static constexpr size_t kPieceCounts = size_t{1} << kPieceBits;
  static constexpr size_t kPieceBytes = kPieceCounts * sizeof(uint64_t);

  void Release();

  std::vector<uint64_t*> pieces_;  // kPieceBytes each, from AllocateLarge.
  size_t size_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_GROWING_COUNTS_H_
