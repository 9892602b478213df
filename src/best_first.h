// SortBestFirst: the first `top` items of a ranking, best first, without
// sorting the rest (keyness.h and features.h rank whole vocabularies).

#ifndef COOC_SRC_BEST_FIRST_H_
#define COOC_SRC_BEST_FIRST_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cooc {

// Orders `*items` by `better` (a strict weak order, true if its first
// argument ranks before its second) and keeps the first `top` (all if
// `top` is 0).
template <typename T, typename Better>
void SortBestFirst(uint64_t top, Better better, std::vector<T>* items) {
  if (top > 0 && items->size() > top) {
    std::partial_sort(items->begin(), items->begin() + top, items->end(),
                      better);
    items->resize(top);
  } else {
    std::sort(items->begin(), items->end(), better);
  }
}

}  // namespace cooc

#endif  // COOC_SRC_BEST_FIRST_H_
