// ClosestWords: "did you mean ...?" for a mistyped measure or query term.
//
// Distances are the optimal-string-alignment edit distance (insertions,
// deletions, substitutions and swaps of adjacent characters, each 1) over
// Unicode code points, so 伦敦 and 伦顿 are one apart, as are "pmmi" and
// "pmi".

#ifndef COOC_INCLUDE_COOC_CLOSE_WORDS_H_
#define COOC_INCLUDE_COOC_CLOSE_WORDS_H_

#include <string>

#include "absl/status/status.h"
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace cooc {

// Returns up to `max_results` of `candidates` within `max_distance` edits
// of `word` (and not equal to it), nearest first, ties in candidate order.
std::vector<std::string> ClosestWords(absl::string_view word,
                                      absl::Span<const std::string> candidates,
                                      size_t max_results, int max_distance);

// " (did you mean 'a', 'b' or 'c'?)" for `words`, or "" if there are none.
std::string DidYouMean(const std::vector<std::string>& words);

// The error of a name that is none of `valid` (the values of an option
// such as --unit or --base): InvalidArgument "unknown WHAT 'NAME' (valid:
// a, b, c)", with " (did you mean 'b'?)" for a name within two edits of
// one of them.
absl::Status UnknownNameError(absl::string_view what, absl::string_view name,
                              const std::vector<std::string>& valid);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_CLOSE_WORDS_H_
