#include "display_width.h"

#include <cstdint>

#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

int CharColumns(UChar32 c) {
  if (c < 0x300) return 1;  // ASCII, Latin-1, invalid bytes (c < 0): fast.
  const int8_t category = u_charType(c);
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
      category == U_FORMAT_CHAR) {
    return 0;
  }
  const int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

// Decodes the character at `*i` of `text`, advancing `*i`; invalid bytes
// are one character each.
UChar32 Next(absl::string_view text, int32_t* i) {
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), *i,
          static_cast<int32_t>(text.size()), c);
  return c;
}

}  // namespace

size_t DisplayColumns(absl::string_view text) {
  size_t columns = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    columns += CharColumns(Next(text, &i));
  }
  return columns;
}

absl::string_view FirstColumns(absl::string_view text, size_t columns) {
  size_t used = 0;
  int32_t i = 0;
  while (i < static_cast<int32_t>(text.size())) {
    int32_t next = i;
    const int width = CharColumns(Next(text, &next));
    if (used + width > columns) break;
    used += width;
    i = next;
  }
  return text.substr(0, i);
}

absl::string_view LastColumns(absl::string_view text, size_t columns) {
  // Walk back by characters; a mark (0 columns) goes with its base, so the
  // cut is made only before a character that takes columns.
  size_t used = 0;
  int32_t start = static_cast<int32_t>(text.size());
  int32_t cut = start;
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(text.data());
  while (start > 0) {
    int32_t before = start;
    UChar32 c;
    U8_PREV(bytes, 0, before, c);
    const int width = CharColumns(c);
    if (used + width > columns) break;
    used += width;
    start = before;
    if (width > 0) cut = start;
  }
  return text.substr(cut);
}

}  // namespace cooc
