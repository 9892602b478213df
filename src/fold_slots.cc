#include "fold_slots.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cooc {

FoldSlots FoldSlots::Dense(uint64_t types) {
  FoldSlots slots;
  slots.size_ = types;
  slots.types_ = types;
  return slots;
}

FoldSlots FoldSlots::Of(absl::Span<const absl::Span<const uint32_t>> id_lists,
                        uint64_t types) {
  uint64_t listed = 0;
  for (absl::Span<const uint32_t> ids : id_lists) listed += ids.size();
  // `listed` bounds the distinct ids from above: decided before listing
  // them, so a fold of whole databases copies no ids.
  if (types <= kDenseTypes || 2 * listed >= types) return Dense(types);
  FoldSlots slots;
  slots.dense_ = false;
  slots.types_ = types;
  slots.ids_.reserve(listed);
  for (absl::Span<const uint32_t> ids : id_lists) {
    slots.ids_.insert(slots.ids_.end(), ids.begin(), ids.end());
  }
  std::sort(slots.ids_.begin(), slots.ids_.end());
  slots.ids_.erase(std::unique(slots.ids_.begin(), slots.ids_.end()),
                   slots.ids_.end());
  slots.ids_.shrink_to_fit();
  slots.size_ = slots.ids_.size();
  return slots;
}

}  // namespace cooc
