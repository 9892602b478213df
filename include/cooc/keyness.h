// Keyness: which terms a target corpus uses more (or less) than a reference
// corpus, as AntConc's keyword list and quanteda's textstat_keyness rank
// them.
//
//   two databases -> [token frequencies -> one 2x2 table per term] -> measure
//
// Each term t of either vocabulary gets the table of token counts
//
//                  target        reference
//   t              a             b             | a + b
//   other terms    Tt - a        Tr - b        |
//                  Tt = target tokens, Tr = reference tokens, N = Tt + Tr
//
// scored by the measures of measures.h on the ContingencyTable {o11 = a,
// r1 = a + b, c1 = Tt, n = N} (same table, same code as every other
// score), signed: positive when a > E11 = (a+b) Tt / N (the term is
// over-used in the target), negative when a < E11.
//
//   llr      G2 (Dunning 1993), natural log, no correction by default
//   chi2     Pearson's X2, no correction by default
//   pmi      log_b(a N / ((a+b) Tt)) (already signed; -inf when a = 0)
//   logratio log2((a'/Tt) / (b'/Tr)), a' = a and b' = b except that a zero
//            is replaced by 0.5 (Hardie 2014, "Log Ratio: an informal
//            introduction"): an effect size, always in base 2
//
// Corrections of llr and chi2, as quanteda's textstat_keyness computes them:
//   yates    only when the smallest expected cell is below 5 and |ad - bc|
//            >= N/2 (chi2) or > N/2 (llr): each cell moved 0.5 towards
//            independence (a - 0.5, b + 0.5, c + 0.5, d - 0.5 when ad > bc;
//            the margins are unchanged), then the measure of that table.
//            For chi2 that is N(|ad - bc| - N/2)^2 / (R1 R2 C1 C2).
//   williams the statistic divided by q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2
//            - 1) / (6N), or by 1 when a cell is 0.
// SciPy's chi2_contingency(correction=True) applies Yates' correction to
// every 2x2 table (moving each cell by min(0.5, |O - E|)); on the tables
// where quanteda applies it, the two agree.
//
// The two databases must tokenize alike (the tokenizer fields of their
// definitions); window, mode, unit, shards and labels may differ, since only
// token frequencies are read. Reads each vocabulary and its term counts
// once: the cost grows with the vocabularies, not with the pairs.

#ifndef COOC_INCLUDE_COOC_KEYNESS_H_
#define COOC_INCLUDE_COOC_KEYNESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/measures.h"

namespace cooc {

enum class KeynessMeasure { kLlr, kChi2, kPmi, kLogRatio };

// "llr", "chi2", "pmi", "logratio".
absl::string_view KeynessMeasureName(KeynessMeasure measure);
// Parses a name of KeynessMeasureName; InvalidArgument (with a did-you-mean)
// otherwise.
absl::StatusOr<KeynessMeasure> ParseKeynessMeasure(absl::string_view name);

enum class KeynessCorrection { kNone, kYates, kWilliams };

// "none", "yates", "williams".
absl::string_view KeynessCorrectionName(KeynessCorrection correction);
absl::StatusOr<KeynessCorrection> ParseKeynessCorrection(
    absl::string_view name);

struct KeynessOptions {
  // Default: kLlr.
  KeynessMeasure measure = KeynessMeasure::kLlr;
  // Applies to llr and chi2 only (InvalidArgument for the others).
  // Default: kNone (plain G2 and X2, as cooc's llr and chi2 of the table).
  KeynessCorrection correction = KeynessCorrection::kNone;
  // Terms whose frequency in target and reference together (a + b) is
  // below this are left out. Default: 1 (none).
  uint64_t min_frequency = 1;
  // How many terms at most, from the top (the most over-used in the
  // target); 0 lists all. Default: 0.
  uint64_t top = 0;
  // Logarithm of pmi. Default: kTwo.
  LogBase base = LogBase::kTwo;
};

// One term's keyness.
struct KeynessEntry {
  std::string term;
  uint64_t target_frequency = 0;     // a
  uint64_t reference_frequency = 0;  // b
  // The measure, signed (positive: over-used in the target).
  double score = 0;
  // For llr and chi2: the p-value of |score| with one degree of freedom
  // (ChiSquaredOneDofPValue); nullopt for pmi and logratio.
  std::optional<double> p_value;
};

// The term's 2x2 table as described at the top of this file.
ContingencyTable KeynessTable(uint64_t target_frequency,
                              uint64_t reference_frequency,
                              uint64_t target_tokens,
                              uint64_t reference_tokens);

// The signed score of `options.measure` (with its correction) for those
// counts, and its p-value where it has one. REQUIRES: target_tokens > 0,
// reference_tokens > 0, the frequencies at most the tokens.
KeynessEntry ScoreKeyness(uint64_t target_frequency,
                          uint64_t reference_frequency,
                          uint64_t target_tokens, uint64_t reference_tokens,
                          const KeynessOptions& options);

// Every term of either database (frequency at least options.min_frequency),
// highest score first (ties by term, code point order), at most
// options.top. Returns InvalidArgument if the two databases tokenize
// differently (naming the setting), if a database has no tokens, or for a
// correction of pmi or logratio; the stores' read errors.
absl::StatusOr<std::vector<KeynessEntry>> Keyness(
    const CountStore& target, const CountStore& reference,
    const KeynessOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_KEYNESS_H_
