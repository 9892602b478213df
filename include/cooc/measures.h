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
// Measures (log_b is the chosen base, ln the natural log; sources in the
// README's table):
//   count    = O11
//   pmi      = log_b(O11*N / (R1*C1))                     (-inf when O11 = 0)
//              (Church & Hanks 1990)
//   npmi     = pmi / -log_b(O11/N)      in [-1,1]; -1 when O11 = 0 (also
//                                       for a word that never occurs), 1 when
//                                       O11 = N (the 0/0 of a pair that is
//                                       every event) (Bouma 2009)
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
//   mi2      = log_b(O11^2*N / (R1*C1)) = pmi + log_b(O11)   (Daille 1994;
//   mi3      = log_b(O11^3*N / (R1*C1)) = pmi + 2 log_b(O11)  -inf at O11 = 0)
//   local_mi = O11 * pmi                 (Evert 2004; 0 when O11 = 0)
//   zscore   = (O11-E11) / sqrt(E11)     (Dennis 1965, Evert 2004; 0 when
//              E11 = 0, which forces O11 = 0)
//   poisson_stirling = O11 * (log_b(O11/E11) - 1)   (Quasthoff & Wolff
//              2002 in base e; in base 2, the default, it is NLTK's
//              poisson_stirling, which takes log2 and keeps the -1; 0 when
//              O11 = 0)
//   jaccard  = O11 / (R1+C1-O11)         (0 when R1 = C1 = 0)
//   phi2     = (O11*O22-O12*O21)^2 / (R1*R2*C1*C2) = chi2/N   (NLTK phi_sq;
//              0 when a marginal is 0 or N, like chi2)
//   log_odds = ln((O11+.5)(O22+.5) / ((O12+.5)(O21+.5)))   (Haldane's 0.5
//              added to every cell; always natural log; finite for every
//              table)
//   min_sensitivity = min(O11/R1, O11/C1)  (Pedersen 1998; 0 when R1 or
//              C1 is 0)
//   simple_ll = 2*(O11 ln(O11/E11) - (O11-E11))   (Evert 2004; 0 ln 0 = 0,
//              so 2*E11 when O11 = 0; always natural log)
//   mi_like  = O11^3 / (R1*C1)           (NLTK mi_like with its default
//              power 3: no N and no logarithm; 0 when O11 = 0)
//   raw_freq = O11 / N                   (NLTK raw_freq)
//   fisher   = P(X >= O11)   one-sided (right-tail) p-value of Fisher's
//              exact test: X is hypergeometric, the top-left cell of a table
//              drawn with the same margins (Pedersen 1996; SciPy
//              fisher_exact(alternative="greater")). Small = associated.
//   fisher_left = P(X <= O11)   the left tail: NLTK's `fisher`, which calls
//              SciPy fisher_exact(alternative="less"). Near 1 = associated.
//   llr_p    = P(chi2_1 >= llr)  = erfc(sqrt(llr/2))   p-value of G2 with
//   chi2_p   = P(chi2_1 >= chi2) = erfc(sqrt(chi2/2))  one degree of freedom
//              (two-sided: a strong negative association also gets a small
//              p-value)
//              Every p-value below 2.2e-308, the smallest normal double, is
//              reported as 0.
// `base` applies to pmi, ppmi, mi, mi2, mi3, local_mi and poisson_stirling
// only. npmi, dice, logdice, jaccard, phi2, min_sensitivity, mi_like,
// raw_freq and the p-values do not depend on it; llr, chi2, tscore, zscore,
// log_odds and simple_ll are defined in their own units.
//
// fisher, llr_p and chi2_p rank the other way: the smallest p-value is the
// strongest association (MeasureRanking). fisher_left ranks as NLTK ranks
// its fisher, largest first.
//
// Fisher's test needs whole-number cells. Cells that are not whole numbers
// (unigram marginals with a window above 1, where O11 = c(x,y)/W) are each
// truncated toward zero first, exactly as SciPy's fisher_exact converts its
// table to integers, so NLTK's fisher is reproduced.
//
// Context-distribution smoothing (ContingencyTable::cds_c1) replaces C1 in
// pmi, npmi, ppmi, mi2, mi3 and local_mi (the pmi family) only; every other
// measure uses the table's C1.

#ifndef COOC_INCLUDE_COOC_MEASURES_H_
#define COOC_INCLUDE_COOC_MEASURES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// The counts of one pair (x, y). Values are doubles so that the same table
// can carry scaled counts (unigram marginals divide O11 by the window, add-k
// smoothing adds fractions); with pair-event marginals they are whole
// numbers. A valid table has finite values with 0 <= O11 <= min(R1, C1),
// max(R1, C1) <= N, R1 + C1 - O11 <= N and N > 0, or is the empty table
// (all four values 0: a corpus without a single pair event).
struct ContingencyTable {
  double o11 = 0;  // c(x,y): events with left word x and right word y.
  double r1 = 0;   // c(x,*): events with left word x.
  double c1 = 0;   // c(*,y): events with right word y.
  double n = 0;    // N: all events.
  // Context-distribution smoothing (Levy, Goldberg & Dagan 2015): the
  // column marginal that the pmi family (pmi, npmi, ppmi, mi2, mi3,
  // local_mi) uses in place of `c1`, N * P_a(y). Must be > 0 when O11 > 0.
  // Default: none (every measure uses `c1`).
  std::optional<double> cds_c1;
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
  kMi2,
  kMi3,
  kLocalMi,
  kZscore,
  kPoissonStirling,
  kJaccard,
  kPhi2,
  kLogOdds,
  kMinSensitivity,
  kSimpleLl,
  kMiLike,
  kRawFreq,
  kFisher,
  kFisherLeft,
  kLlrP,
  kChi2P,
};

// The logarithm used by pmi, ppmi, mi, mi2, mi3, local_mi and
// poisson_stirling.
enum class LogBase {
  kTwo,   // bits (default)
  kE,     // nats
  kTen,   // hartleys
};

// Which end of a measure's scale is the strong association.
enum class Ranking {
  kHigherIsStronger,  // Every measure but the p-values.
  kLowerIsStronger,   // fisher, llr_p, chi2_p.
};

// Every measure, in the order reports list them.
const std::vector<Measure>& AllMeasures();

// The measure's name as the CLI and JSON use it: "count", "pmi", "npmi",
// "ppmi", "mi", "llr", "chi2", "tscore", "dice", "logdice", "mi2", "mi3",
// "local_mi", "zscore", "poisson_stirling", "jaccard", "phi2", "log_odds",
// "min_sensitivity", "simple_ll", "mi_like", "raw_freq", "fisher",
// "fisher_left", "llr_p", "chi2_p".
absl::string_view MeasureName(Measure measure);

// Parses a name produced by MeasureName. Returns InvalidArgument listing the
// valid names otherwise.
absl::StatusOr<Measure> ParseMeasure(absl::string_view name);

// Parses a comma-separated list of measure names ("pmi,llr,logdice"), each
// once. Returns InvalidArgument for an unknown or repeated name, or an
// empty list.
absl::StatusOr<std::vector<Measure>> ParseMeasureList(absl::string_view names);

// Returns which end of `measure`'s scale ranks first.
Ranking MeasureRanking(Measure measure);

// True for the statistics of a test of independence, which measure the
// evidence against it on either side: mi, llr, chi2, phi2, simple_ll,
// zscore, tscore, poisson_stirling, log_odds, llr_p and chi2_p. A pair seen
// far less often than chance (repulsion) gets as strong a score from the
// two-sided ones (mi, llr, chi2, phi2, simple_ll and the p-values) as one
// seen far more often, so rankings by these list attraction only unless
// asked (QueryOptions::direction).
bool MeasureIsTestStatistic(Measure measure);

// True for the measures whose scale runs from repulsion (low) to attraction
// (high): pmi, npmi, local_mi, tscore, zscore, log_odds, poisson_stirling.
// A ranking of repulsion lists their lowest scores first; the others keep
// their order (the strongest evidence first).
bool MeasureIsSigned(Measure measure);

// E11 = R1*C1/N, the count of the pair expected under independence (0 for
// the empty table). O11 > E11 is attraction, O11 < E11 repulsion. Uses the
// table's C1, not cds_c1.
double Expected11(const ContingencyTable& table);

// Parses "2", "e" or "10". Returns InvalidArgument otherwise.
absl::StatusOr<LogBase> ParseLogBase(absl::string_view name);
absl::string_view LogBaseName(LogBase base);
// ln(base): converts nats into `base`.
double LnBase(LogBase base);

// P(chi2 with one degree of freedom >= `statistic`) = erfc(sqrt(statistic/2)),
// the p-value of llr_p and chi2_p, for a statistic computed elsewhere (a
// corrected one, keyness.h); below 2.2e-308 it is 0. REQUIRES: statistic >= 0.
double ChiSquaredOneDofPValue(double statistic);

// Returns InvalidArgument, naming the broken condition, unless `table` is a
// valid table as described at ContingencyTable.
absl::Status ValidateTable(const ContingencyTable& table);

// Returns `measure` for `table` in `base`, as the formulas at the top of this
// file define it, including their values at the edges (-inf, 0 log 0 = 0).
// The empty table (N = 0) scores as "no evidence": count, ppmi, mi, llr,
// chi2, tscore, zscore, dice, jaccard, phi2, log_odds, min_sensitivity,
// simple_ll, local_mi, poisson_stirling, mi_like and raw_freq 0; pmi, mi2,
// mi3 and logdice -inf; npmi -1; the p-values 1.
// Never returns NaN for a valid table. Allocates nothing.
// REQUIRES: ValidateTable(table).ok().
double Score(Measure measure, const ContingencyTable& table, LogBase base);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_MEASURES_H_
