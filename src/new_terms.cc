#include "new_terms.h"

namespace cooc {

size_t NewTerms::Add(const TermList& terms, uint32_t local_id) {
  if (segments_.empty() || segments_.back().terms != &terms) {
    segments_.push_back({&terms, size_, {}});
  }
  Segment& segment = segments_.back();
  const size_t offset = size_ - segment.start;
  const bool listed = !segment.local_ids.empty();
  if (listed || local_id != offset) {
    if (!listed) {  // Until now 0, 1, ...: listed from here on.
      for (uint32_t id = 0; id < offset; ++id) {
        segment.local_ids.push_back(id);
      }
    }
    segment.local_ids.push_back(local_id);
  }
  return size_++;
}

uint64_t NewTerms::MemoryBytes() const {
  uint64_t bytes = segments_.capacity() * sizeof(Segment);
  for (const Segment& segment : segments_) {
    bytes += segment.local_ids.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace cooc
