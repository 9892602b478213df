// Keyness reads both vocabularies with their token frequencies (one bulk
// scan each), joins them by term in a hash map, and scores each term's 2x2
// table through measures.h's Score: the corrections change the table
// (Yates) or divide the statistic (Williams), never the formulas.

#include "cooc/keyness.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "best_first.h"
#include "cooc/close_words.h"
#include "status_macros.h"

namespace cooc {
namespace {

constexpr KeynessMeasure kKeynessMeasures[] = {
    KeynessMeasure::kLlr, KeynessMeasure::kChi2, KeynessMeasure::kPmi,
    KeynessMeasure::kLogRatio};
constexpr KeynessCorrection kCorrections[] = {KeynessCorrection::kNone,
                                              KeynessCorrection::kYates,
                                              KeynessCorrection::kWilliams};

// Parses `name` as one of `values`' names; InvalidArgument with a
// did-you-mean otherwise.
template <typename T, size_t K>
absl::StatusOr<T> ParseName(absl::string_view name, const T (&values)[K],
                            absl::string_view (*name_of)(T),
                            absl::string_view what) {
  std::vector<std::string> names;
  for (T value : values) {
    if (name == name_of(value)) return value;
    names.emplace_back(name_of(value));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown ", what, " \"", name, "\"",
      DidYouMean(ClosestWords(name, names, 3, 2)), "; valid: ",
      absl::StrJoin(names, ", ")));
}

// The four cells of `table`, as quanteda names them: a = O11, b = O12,
// c = O21, d = O22.
struct Cells {
  double a, b, c, d;
};
Cells CellsOf(const ContingencyTable& t) {
  return {t.o11, t.r1 - t.o11, t.c1 - t.o11, t.n - t.r1 - t.c1 + t.o11};
}

// Whether quanteda applies Yates' correction: the smallest expected cell is
// below 5 and |ad - bc| reaches N/2 (`strict`: exceeds it, as for llr).
bool YatesApplies(const ContingencyTable& t, bool strict) {
  const Cells x = CellsOf(t);
  const double n = t.n;
  const double r2 = n - t.r1, c2 = n - t.c1;
  const double smallest =
      std::min({t.r1 * t.c1, t.r1 * c2, r2 * t.c1, r2 * c2}) / n;
  const double gap = std::abs(x.a * x.d - x.b * x.c);
  return smallest < 5 && (strict ? gap > n / 2 : gap >= n / 2);
}

// Williams' q (1 when a cell is 0).
double WilliamsQ(const ContingencyTable& t) {
  const Cells x = CellsOf(t);
  if (x.a == 0 || x.b == 0 || x.c == 0 || x.d == 0) return 1;
  const double n = t.n;
  return 1 + (n / t.r1 + n / (n - t.r1) - 1) * (n / t.c1 + n / (n - t.c1) - 1) /
                 (6 * n);
}

}  // namespace

absl::string_view KeynessMeasureName(KeynessMeasure measure) {
  switch (measure) {
    case KeynessMeasure::kLlr: return "llr";
    case KeynessMeasure::kChi2: return "chi2";
    case KeynessMeasure::kPmi: return "pmi";
    case KeynessMeasure::kLogRatio: return "logratio";
  }
  return "llr";
}

absl::StatusOr<KeynessMeasure> ParseKeynessMeasure(absl::string_view name) {
  return ParseName(name, kKeynessMeasures, &KeynessMeasureName,
                   "keyness measure");
}

absl::string_view KeynessCorrectionName(KeynessCorrection correction) {
  switch (correction) {
    case KeynessCorrection::kNone: return "none";
    case KeynessCorrection::kYates: return "yates";
    case KeynessCorrection::kWilliams: return "williams";
  }
  return "none";
}

absl::StatusOr<KeynessCorrection> ParseKeynessCorrection(
    absl::string_view name) {
  return ParseName(name, kCorrections, &KeynessCorrectionName, "correction");
}

ContingencyTable KeynessTable(uint64_t target_frequency,
                              uint64_t reference_frequency,
                              uint64_t target_tokens,
                              uint64_t reference_tokens) {
  ContingencyTable table;
  table.o11 = static_cast<double>(target_frequency);
  table.r1 = static_cast<double>(target_frequency + reference_frequency);
  table.c1 = static_cast<double>(target_tokens);
  table.n = static_cast<double>(target_tokens + reference_tokens);
  return table;
}

KeynessEntry ScoreKeyness(uint64_t target_frequency,
                          uint64_t reference_frequency,
                          uint64_t target_tokens, uint64_t reference_tokens,
                          const KeynessOptions& options) {
  KeynessEntry entry;
  entry.target_frequency = target_frequency;
  entry.reference_frequency = reference_frequency;
  const ContingencyTable table = KeynessTable(
      target_frequency, reference_frequency, target_tokens, reference_tokens);
  const double expected = Expected11(table);
  const double sign = table.o11 > expected ? 1 : table.o11 < expected ? -1 : 0;
  switch (options.measure) {
    case KeynessMeasure::kPmi:
      entry.score = Score(Measure::kPmi, table, options.base);
      return entry;
    case KeynessMeasure::kLogRatio: {
      const double a = target_frequency == 0 ? 0.5 : table.o11;
      const double b = reference_frequency == 0
                           ? 0.5
                           : static_cast<double>(reference_frequency);
      entry.score = std::log2((a / static_cast<double>(target_tokens)) /
                              (b / static_cast<double>(reference_tokens)));
      return entry;
    }
    case KeynessMeasure::kLlr:
    case KeynessMeasure::kChi2:
      break;
  }
  const bool llr = options.measure == KeynessMeasure::kLlr;
  const Measure measure = llr ? Measure::kLlr : Measure::kChi2;
  ContingencyTable scored = table;
  double divisor = 1;
  if (options.correction == KeynessCorrection::kYates &&
      YatesApplies(table, /*strict=*/llr)) {
    // Each cell 0.5 towards independence; the margins stay.
    scored.o11 += table.o11 > expected ? -0.5 : 0.5;
  } else if (options.correction == KeynessCorrection::kWilliams) {
    divisor = WilliamsQ(table);
  }
  const double statistic = Score(measure, scored, LogBase::kE) / divisor;
  entry.score = sign * statistic;
  entry.p_value = ChiSquaredOneDofPValue(statistic);
  return entry;
}

absl::StatusOr<std::vector<KeynessEntry>> Keyness(
    const CountStore& target, const CountStore& reference,
    const KeynessOptions& options) {
  if (options.correction != KeynessCorrection::kNone &&
      options.measure != KeynessMeasure::kLlr &&
      options.measure != KeynessMeasure::kChi2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a correction (", KeynessCorrectionName(options.correction),
        ") applies to llr and chi2 only, not to ",
        KeynessMeasureName(options.measure)));
  }
  COOC_RETURN_IF_ERROR(CheckSameTokenization(
      target.options(), reference.options(),
      absl::StrCat("the reference database ", reference.path())));
  COOC_ASSIGN_OR_RETURN(const Totals target_totals, target.ReadTotals());
  COOC_ASSIGN_OR_RETURN(const Totals reference_totals, reference.ReadTotals());
  for (const auto* store : {&target, &reference}) {
    const uint64_t tokens =
        store == &target ? target_totals.tokens : reference_totals.tokens;
    if (tokens == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(store->path(), " has no tokens to compare"));
    }
  }
  // term -> (a, b).
  absl::flat_hash_map<std::string, std::pair<uint64_t, uint64_t>> frequencies;
  for (const auto* store : {&target, &reference}) {
    COOC_ASSIGN_OR_RETURN(std::vector<std::string> terms, store->TermsById());
    COOC_ASSIGN_OR_RETURN(std::vector<TermCounts> counts, store->AllCounts());
    const size_t n = std::min(terms.size(), counts.size());
    for (size_t id = 0; id < n; ++id) {
      if (counts[id].frequency == 0) continue;
      auto& [a, b] = frequencies[std::move(terms[id])];
      (store == &target ? a : b) += counts[id].frequency;
    }
  }
  std::vector<KeynessEntry> entries;
  for (auto& [term, ab] : frequencies) {
    if (ab.first + ab.second < options.min_frequency) continue;
    KeynessEntry entry = ScoreKeyness(ab.first, ab.second, target_totals.tokens,
                                      reference_totals.tokens, options);
    entry.term = term;
    entries.push_back(std::move(entry));
  }
  const auto better = [](const KeynessEntry& x, const KeynessEntry& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.term < y.term;  // UTF-8 bytes: code point order.
  };
  SortBestFirst(options.top, better, &entries);
  return entries;
}

}  // namespace cooc
