// IsAscii: whether text is all ASCII, eight bytes at a time. ASCII text
// takes the fast paths of the tokenizer (no ICU normalization) and of the
// concordance (a line that cannot hold the node is not tokenized).

#ifndef COOC_SRC_ASCII_H_
#define COOC_SRC_ASCII_H_

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace cooc {

inline bool IsAscii(absl::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    high |= word;
  }
  for (; n > 0; ++p, --n) high |= static_cast<unsigned char>(*p);
  return (high & UINT64_C(0x8080808080808080)) == 0;
}

}  // namespace cooc

#endif  // COOC_SRC_ASCII_H_
