// TermMatcher: an ICU regular expression (so \p{Han} works) tested against
// stored terms, for the --match filters of vocab, assoc and collocations.

#ifndef COOC_SRC_TERM_MATCHER_H_
#define COOC_SRC_TERM_MATCHER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "unicode/regex.h"
#include "unicode/unistr.h"

namespace cooc {

// Not thread-safe (it keeps its ICU matcher and input).
class TermMatcher {
 public:
  // InvalidArgument, naming ICU's error and its offset, for a pattern ICU
  // does not accept.
  static absl::StatusOr<std::unique_ptr<TermMatcher>> Create(
      absl::string_view pattern);

  // True if the pattern matches somewhere in `term` (anchor it with ^ and $
  // for the whole term); false for invalid UTF-8.
  bool Matches(absl::string_view term);

 private:
  TermMatcher(std::unique_ptr<icu::RegexPattern> pattern,
              std::unique_ptr<icu::RegexMatcher> matcher)
      : pattern_(std::move(pattern)), matcher_(std::move(matcher)) {}

  std::unique_ptr<icu::RegexPattern> pattern_;
  std::unique_ptr<icu::RegexMatcher> matcher_;
  icu::UnicodeString text_;  // The matcher's input: must outlive its use.
};

}  // namespace cooc

#endif  // COOC_SRC_TERM_MATCHER_H_
