#include "cooc/frequency_list.h"

#include <algorithm>
#include <memory>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"
#include "term_matcher.h"

namespace cooc {

absl::StatusOr<std::vector<FrequencyListEntry>> FrequencyList(
    const CountStore& store, const FrequencyListOptions& options) {
  std::unique_ptr<TermMatcher> matcher;
  if (!options.match.empty()) {
    COOC_ASSIGN_OR_RETURN(matcher, TermMatcher::Create(options.match));
  }
  COOC_ASSIGN_OR_RETURN(Totals totals, store.ReadTotals());
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> terms, store.TermsById());
  COOC_ASSIGN_OR_RETURN(std::vector<TermCounts> counts, store.AllCounts());
  const size_t n = std::min(terms.size(), counts.size());
  // Ranks: by frequency, ties by id (the order of first appearance).
  std::vector<uint32_t> by_frequency(n);
  std::iota(by_frequency.begin(), by_frequency.end(), 0);
  std::stable_sort(by_frequency.begin(), by_frequency.end(),
                   [&](uint32_t a, uint32_t b) {
                     return counts[a].frequency > counts[b].frequency;
                   });
  const bool units = store.options().unit != CountingUnit::kWindow;
  std::vector<FrequencyListEntry> list;
  for (size_t r = 0; r < n; ++r) {
    const uint32_t id = by_frequency[r];
    const TermCounts& c = counts[id];
    if (c.frequency < options.min_frequency) continue;
    if (matcher != nullptr && !matcher->Matches(terms[id])) continue;
    FrequencyListEntry entry;
    entry.rank = r + 1;
    entry.term = std::move(terms[id]);
    entry.frequency = c.frequency;
    if (units) entry.document_frequency = c.row;  // Units containing it.
    entry.per_million = totals.tokens == 0
                            ? 0
                            : 1e6 * static_cast<double>(c.frequency) /
                                  static_cast<double>(totals.tokens);
    list.push_back(std::move(entry));
    // In frequency order the first `top` kept are the answer.
    if (options.order == FrequencyListOptions::Order::kFrequency &&
        options.top > 0 && list.size() == options.top) {
      break;
    }
  }
  if (options.order == FrequencyListOptions::Order::kTerm) {
    std::sort(list.begin(), list.end(),
              [](const FrequencyListEntry& a, const FrequencyListEntry& b) {
                return a.term < b.term;  // UTF-8 bytes: code point order.
              });
    if (options.top > 0 && list.size() > options.top) list.resize(options.top);
  }
  return list;
}

}  // namespace cooc
