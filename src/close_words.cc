#include "cooc/close_words.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

std::u32string CodePoints(absl::string_view text) {
  std::u32string points;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    points.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  return points;
}

// The optimal-string-alignment distance of `a` and `b`, or limit + 1 once
// it is certain to exceed `limit`.
int Distance(const std::u32string& a, const std::u32string& b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_min = current[0];
    for (int j = 1; j <= m; ++j) {
      const int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

}  // namespace

std::vector<std::string> ClosestWords(absl::string_view word,
                                      absl::Span<const std::string> candidates,
                                      size_t max_results, int max_distance) {
  const std::u32string target = CodePoints(word);
  std::vector<std::pair<int, size_t>> close;  // (distance, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i] == word) continue;
    // A cheap bound first: lengths in bytes differ by at most 4 per edit.
    const size_t a = candidates[i].size(), b = word.size();
    if ((a > b ? a - b : b - a) > static_cast<size_t>(4 * max_distance)) {
      continue;
    }
    const int distance = Distance(target, CodePoints(candidates[i]), max_distance);
    if (distance <= max_distance) close.emplace_back(distance, i);
  }
  std::stable_sort(close.begin(), close.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> words;
  for (size_t k = 0; k < close.size() && k < max_results; ++k) {
    words.push_back(candidates[close[k].second]);
  }
  return words;
}

std::string DidYouMean(const std::vector<std::string>& words) {
  if (words.empty()) return "";
  std::string text = " (did you mean ";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) absl::StrAppend(&text, i + 1 == words.size() ? " or " : ", ");
    absl::StrAppend(&text, "'", words[i], "'");
  }
  return absl::StrCat(text, "?)");
}

absl::Status UnknownNameError(absl::string_view what, absl::string_view name,
                              const std::vector<std::string>& valid) {
  return absl::InvalidArgumentError(
      absl::StrCat("unknown ", what, " '", name, "' (valid: ",
                   absl::StrJoin(valid, ", "), ")",
                   DidYouMean(ClosestWords(name, valid, 1, 2))));
}

}  // namespace cooc
