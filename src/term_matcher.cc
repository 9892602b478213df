#include "term_matcher.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "icu_util.h"
#include "status_macros.h"

namespace cooc {

absl::StatusOr<std::unique_ptr<TermMatcher>> TermMatcher::Create(
    absl::string_view pattern) {
  icu::UnicodeString source;
  int32_t substitutions = 0;
  COOC_RETURN_IF_ERROR(Utf8ToUnicodeString(pattern, &source, &substitutions));
  UParseError parse_error;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(source, 0, parse_error, status));
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--match '", pattern, "' is not a regular expression: ",
        u_errorName(status), " at offset ", parse_error.offset));
  }
  std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(status));
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU regex matcher: ", u_errorName(status)));
  }
  return std::unique_ptr<TermMatcher>(
      new TermMatcher(std::move(compiled), std::move(matcher)));
}

bool TermMatcher::Matches(absl::string_view term) {
  int32_t substitutions = 0;
  if (!Utf8ToUnicodeString(term, &text_, &substitutions).ok()) return false;
  matcher_->reset(text_);
  UErrorCode status = U_ZERO_ERROR;
  return matcher_->find(0, status) && U_SUCCESS(status);
}

}  // namespace cooc
