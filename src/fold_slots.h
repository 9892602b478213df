// FoldSlots: the database ids a fold adds counts to, each with a slot in
// the fold's per-term sums.
//
//   parts' local ids -> database ids (IdMap, fold.h) -> slots -> sums
//
// A fold sums, per term it touches, the marginals of the pairs it writes
// and the parts' token and document frequencies. Arrays indexed by
// database id cost 8 bytes per term of the whole vocabulary and array, for
// any fold however small: a 2 MB ingest into a database of 6.9M types held
// 54 MiB of them, and walked all 6.9M ids to commit the counts of 40,000.
// Slots number only the ids the parts map to, in increasing order (so the
// sums come out in id order, as the commit writes them), unless those may
// be a large share of the vocabulary: then every id is its own slot.

#ifndef COOC_SRC_FOLD_SLOTS_H_
#define COOC_SRC_FOLD_SLOTS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace cooc {

class FoldSlots {
 public:
  // Every id below `types` is its own slot.
  static FoldSlots Dense(uint64_t types);

  // The ids of `id_lists` (each part's database ids), all below `types`;
  // dense when they may be half of the `types` or more, or `types` is
  // small (kDenseTypes), where a sorted list would save little.
  static FoldSlots Of(absl::Span<const absl::Span<const uint32_t>> id_lists,
                      uint64_t types);

  // Below this many types, slots are always dense (512 KiB an array).
  static constexpr uint64_t kDenseTypes = 65536;

  size_t size() const { return size_; }
  bool dense() const { return dense_; }
  // Every id with a slot is below types().
  uint64_t types() const { return types_; }

  // The id of `slot`. REQUIRES: slot < size().
  uint32_t id(size_t slot) const {
    return dense_ ? static_cast<uint32_t>(slot) : ids_[slot];
  }

  // The slot of `id`, or size() if it has none (any id from types() on).
  size_t SlotOf(uint64_t id) const {
    if (id >= types_) return size_;
    if (dense_) return static_cast<size_t>(id);
    const auto it = std::lower_bound(ids_.begin(), ids_.end(),
                                     static_cast<uint32_t>(id));
    if (it == ids_.end() || *it != id) return size_;
    return static_cast<size_t>(it - ids_.begin());
  }

  // The bytes the slots hold (the sorted ids; none when dense).
  uint64_t MemoryBytes() const { return ids_.capacity() * sizeof(uint32_t); }

 private:
  bool dense_ = true;
  size_t size_ = 0;
  uint64_t types_ = 0;
  std::vector<uint32_t> ids_;  // Sorted, unique; empty when dense.
};

}  // namespace cooc

#endif  // COOC_SRC_FOLD_SLOTS_H_
