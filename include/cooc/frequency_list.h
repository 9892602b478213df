// FrequencyList: the vocabulary of a database ranked by token frequency, as
// corpus linguists read a word list (AntConc's Word List, #LancsBox's
// Words).
//
//   RocksDB counts -> [vocabulary and term counts -> ranked list] -> report
//
// Reads the vocabulary and every term's counts once (two bulk scans): the
// cost grows with the vocabulary, not with the pairs.

#ifndef COOC_INCLUDE_COOC_FREQUENCY_LIST_H_
#define COOC_INCLUDE_COOC_FREQUENCY_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"

namespace cooc {

struct FrequencyListOptions {
  // How many terms at most; 0 lists all. Default: 0.
  uint64_t top = 0;
  // Terms seen fewer times than this (token frequency) are left out.
  // Default: 1 (none).
  uint64_t min_frequency = 1;
  // An ICU regular expression (so \p{Han} works) that must match somewhere
  // in the term (anchor it with ^ and $ for the whole term); empty for
  // every term. Default: empty.
  std::string match;
  // The order of the list: by frequency (highest first, ties by first
  // appearance in the corpus) or by term (code point order).
  enum class Order { kFrequency, kTerm };
  // Default: kFrequency.
  Order order = Order::kFrequency;
};

struct FrequencyListEntry {
  // 1 for the most frequent term of the whole vocabulary (ties by first
  // appearance), whatever the filters and the order.
  uint64_t rank = 0;
  std::string term;
  uint64_t frequency = 0;  // Tokens.
  // Units (sentences, lines) containing the term, for sentence and line
  // databases; nullopt for window databases, which do not keep it.
  std::optional<uint64_t> document_frequency;
  double per_million = 0;  // frequency / tokens * 10^6.
};

// Returns the frequency list of `store` under `options`. InvalidArgument
// for a regular expression ICU does not accept (naming the error); the
// store's read errors.
absl::StatusOr<std::vector<FrequencyListEntry>> FrequencyList(
    const CountStore& store, const FrequencyListOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_FREQUENCY_LIST_H_
