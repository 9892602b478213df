// Little-endian fixed-width integers and LEB128 varints appended to a byte
// string: the encoders of cooc's own file formats (part_file.h, run_file.h).

#ifndef COOC_SRC_BYTE_CODING_H_
#define COOC_SRC_BYTE_CODING_H_

#include <cstdint>
#include <string>

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

}  // namespace cooc

#endif  // COOC_SRC_BYTE_CODING_H_
