// Display width: how many terminal columns UTF-8 text takes, for aligning
// text that mixes scripts (concordance rows). A wide or full-width
// character (East Asian Width W or F: CJK ideographs, kana, full-width
// forms) takes 2 columns, a combining mark or an invisible format character
// 0, anything else 1, as terminals draw them.

#ifndef COOC_SRC_DISPLAY_WIDTH_H_
#define COOC_SRC_DISPLAY_WIDTH_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace cooc {

// Columns of `text` (invalid UTF-8 counts 1 a byte).
size_t DisplayColumns(absl::string_view text);

// The longest prefix of `text` that takes at most `columns` columns, ending
// at a character boundary (a character's trailing combining marks stay
// with it).
absl::string_view FirstColumns(absl::string_view text, size_t columns);

// The longest suffix of `text` that takes at most `columns` columns,
// starting at a character boundary (never at a combining mark).
absl::string_view LastColumns(absl::string_view text, size_t columns);

}  // namespace cooc

#endif  // COOC_SRC_DISPLAY_WIDTH_H_
