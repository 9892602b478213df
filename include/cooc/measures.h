// Association measures: every score cooc reports comes from one 2x2
// contingency table, in this file and nowhere else.
//
//                 y          not y
//   x            O11         O12 = R1-O11        | R1 = c(x,*)
//   not x        O21 = C1-O11  O22 = N-R1-C1+O11 | R2 = N-R1
//                ----------  ------------------
//                C1 = c(*,y) C2 = N-C1             N = total pair events
//
// Expected counts under independence: Eij = Ri*Cj/N.
//
// Measures (log_b is the chosen base, ln the natural log):
//   count    = O11
//   pmi      = log_b(O11*N / (R1*C1))                     (-inf when O11 = 0)
//   npmi     = pmi / -log_b(O11/N)      in [-1,1]; -1 when O11 = 0 (also
//                                       for a word that never occurs), 1 when
//                                       O11 = N (the 0/0 of a pair that is
//                                       every event)
//   ppmi     = max(pmi, 0)
//   mi       = sum over the four cells of (Oij/N) log_b(Oij*N / (Ri*Cj)),
//              with 0 log 0 = 0: the mutual information of the indicator
//              variables "left word is x" and "right word is y" over all
//              pair events
//   llr      = G2 = 2 sum Oij ln(Oij/Eij)  (Dunning 1993; = 2*N*mi in nats;
//              always natural log, whatever the base)
//   chi2     = sum (Oij-Eij)^2/Eij     (Pearson, no continuity correction;
//              0 when a marginal is 0 or N, where every Eij of a row or
//              column is 0 and the table carries no evidence)
//   tscore   = (O11-E11) / sqrt(O11)   (Church et al. 1991; -inf when O11 = 0
//              and E11 > 0, 0 when both are 0)
//   dice     = 2*O11 / (R1+C1)           (0 when R1+C1 = 0)
//   logdice  = 14 + log2(dice)         (Rychly 2008; -inf when O11 = 0)
// `base` applies to pmi, ppmi and mi only: npmi, dice and logdice do not
// depend on it, and llr, chi2 and tscore are defined in their own units.

#ifndef COOC_INCLUDE_COOC_MEASURES_H_
#define COOC_INCLUDE_COOC_MEASURES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// The counts of one pair (x, y). Values are doubles so that the same table
// can carry scaled counts; with pair-event marginals they are whole numbers.
// A valid table has finite values with 0 <= O11 <= min(R1, C1),
// max(R1, C1) <= N, R1 + C1 - O11 <= N and N > 0.
struct ContingencyTable {
  double o11 = 0;  // c(x,y): events with left word x and right word y.
  double r1 = 0;   // c(x,*): events with left word x.
  double c1 = 0;   // c(*,y): events with right word y.
  double n = 0;    // N: all events.
};

enum class Measure {
  kCount,
  kPmi,
  kNpmi,
  kPpmi,
  kMi,
  kLlr,
  kChi2,
  kTscore,
  kDice,
  kLogDice,
};

// The logarithm used by pmi, ppmi and mi.
enum class LogBase {
  kTwo,   // bits (default)
  kE,     // nats
  kTen,   // hartleys
};

// Every measure, in the order reports list them.
const std::vector<Measure>& AllMeasures();

// The measure's name as the CLI and JSON use it: "count", "pmi", "npmi",
// "ppmi", "mi", "llr", "chi2", "tscore", "dice", "logdice".
absl::string_view MeasureName(Measure measure);

// Parses a name produced by MeasureName. Returns InvalidArgument listing the
// valid names otherwise.
absl::StatusOr<Measure> ParseMeasure(absl::string_view name);

// Parses "2", "e" or "10". Returns InvalidArgument otherwise.
absl::StatusOr<LogBase> ParseLogBase(absl::string_view name);
absl::string_view LogBaseName(LogBase base);

// Returns InvalidArgument, naming the broken condition, unless `table` is a
// valid table as described at ContingencyTable with N > 0.
absl::Status ValidateTable(const ContingencyTable& table);

// Returns `measure` for `table` in `base`, as the formulas at the top of this
// file define it, including their values at the edges (-inf, 0 log 0 = 0).
// Never returns NaN for a valid table.
// REQUIRES: ValidateTable(table).ok().
double Score(Measure measure, const ContingencyTable& table, LogBase base);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_MEASURES_H_
