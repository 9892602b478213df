#include "new_terms.h"

namespace cooc {

size_t NewTerms::Add(const TermList& terms, uint32_t local_id) {
  if (segments_.empty() || segments_.back().terms != &terms) {
    segments_.push_back({&terms, size_, {}});
  }
  Segment& segment = segments_.back();
  const size_t offset = size_ - segment.start;
  if (segment.local_ids.empty() && local_id != offset) {
    // The part's new terms stop being 0, 1, ...: list them from here on.
    segment.local_ids.reserve(offset + 1);
    for (uint32_t id = 0; id < offset; ++id) segment.local_ids.push_back(id);
  }
  if (!segment.local_ids.empty() || local_id != offset) {
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
