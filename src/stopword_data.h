// The built-in stopword lists, embedded into the library at build time by
// cmake/CoocEmbed.cmake from src/stopwords/<name>.txt.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_STOPWORD_DATA_H_
#define COOC_SRC_STOPWORD_DATA_H_

#include "absl/strings/string_view.h"

namespace cooc {

// The text of the built-in list `name` ("en", "zh"), in the stopword file
// format; empty if there is no such list. The view is valid forever.
absl::string_view BuiltinStopwordText(absl::string_view name);

}  // namespace cooc

#endif  // COOC_SRC_STOPWORD_DATA_H_
