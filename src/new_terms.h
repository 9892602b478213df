// NewTerms: the terms a fold adds to a database's vocabulary, in the order
// of their new ids, as places in the parts' own term lists.
//
// A fold gives a part's terms that the database lacks the next ids, part
// by part, in each part's order (fold.h). Listing them as (view, id) pairs
// took 24 bytes a new term, most of a large first ingest's vocabulary over
// again; here each part's new terms take 4 bytes a term (their local ids),
// and none at all while they are a part's terms from the first on, as
// every term of a first ingest into an empty database is.

#ifndef COOC_SRC_NEW_TERMS_H_
#define COOC_SRC_NEW_TERMS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "term_list.h"

namespace cooc {

// Not thread-safe for adding; concurrent reads are.
class NewTerms {
 public:
  NewTerms() = default;

  // The number of new terms.
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The new term at `index` (id: the vocabulary's size before the fold plus
  // `index`). REQUIRES: index < size().
  absl::string_view operator[](size_t index) const {
    const Segment& segment = SegmentOf(index);
    const size_t offset = index - segment.start;
    return (*segment.terms)[segment.local_ids.empty()
                                ? offset
                                : segment.local_ids[offset]];
  }

  // Appends the term at `local_id` of `terms` (a part's list, which must
  // outlive this object and not change) as the next new term; returns its
  // index.
  size_t Add(const TermList& terms, uint32_t local_id);

  // The bytes held (not counting the terms), for memory budgets.
  uint64_t MemoryBytes() const;

 private:
  // The new terms of one part: indices start.. of this list, the part's
  // local ids `local_ids`, or 0, 1, ... while `local_ids` is empty.
  struct Segment {
    const TermList* terms;
    size_t start;
    std::vector<uint32_t> local_ids;
  };

  const Segment& SegmentOf(size_t index) const {
    if (segments_.size() == 1) return segments_[0];
    size_t low = 0, high = segments_.size();  // segments_[low].start <= index
    while (high - low > 1) {
      const size_t mid = (low + high) / 2;
      if (segments_[mid].start <= index) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return segments_[low];
  }

  std::vector<Segment> segments_;
  size_t size_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_NEW_TERMS_H_
