// Little-endian fixed-width integers and LEB128 varints appended to a byte
// string, and the varints read back: the coding of cooc's own file formats
// (part_file.h, run_file.h, scan_file.h).

#ifndef COOC_SRC_BYTE_CODING_H_
#define COOC_SRC_BYTE_CODING_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace cooc {

inline void PutFixed32(uint32_t value, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

inline void PutFixed64(uint64_t value, std::string* out) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

// 7 bits a byte, low bits first, the high bit set on every byte but the last.
inline void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// The little-endian uint64 at `p[0..8)`.
inline uint64_t DecodeFixed64(const char* p) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  return value;
}

// Reads a varint from the front of `*input` into `*value` and removes its
// bytes. False if `*input` ends inside it or it overflows 64 bits.
inline bool GetVarint(absl::string_view* input, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && !input->empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(input->front());
    input->remove_prefix(1);
    if (shift == 63 && byte > 1) return false;
    *value |= uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

}  // namespace cooc

#endif  // COOC_SRC_BYTE_CODING_H_
