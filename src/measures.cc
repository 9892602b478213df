// The association measures of measures.h, computed from one 2x2 table.
//
// How the numbers are computed. Score first completes the table into its
// four cells and four marginals (struct Cells). With whole-number counts
// below 2^53 every cell is exact, because each is a difference of two exact
// values. Everything else is built from these pieces, so that no formula
// subtracts two large, nearly equal numbers:
//
//  * The determinant D = O11*O22 - O12*O21 is computed with Kahan's fma
//    difference of products, so it is correct to a few ulps even when the
//    products are near 1e24 and D is small. Every deviation from
//    independence is a multiple of it: Oij - Eij = +-D/N (+ on the diagonal)
//    and O11*N/(R1*C1) - 1 = D/(R1*C1).
//  * pmi is log1p(D/(R1*C1)) when the ratio is near 1 (accurate at pmi ~ 0)
//    and log((O11/R1)*(N/C1)) otherwise. Neither form can overflow.
//  * G2 is written as 2 * sum over cells of (Oij ln(Oij/Eij) - Oij + Eij);
//    the added terms sum to 0 (both tables sum to N) and make every cell's
//    term non-negative, so the sum has no cancellation. Each term is
//    computed like Loader's bd0 (the deviance term of R's dbinom): with
//    v = (O-E)/(O+E), ln(O/E) = 2 atanh(v) and the term equals
//    (O-E)*v + 2*O*(v^3/3 + v^5/5 + ...), a short series used when |v| is
//    small; otherwise the direct form, whose cancellation is then mild.
//    mi is G2/(2N), converted to the requested base.
//  * chi2 uses the closed form N*D^2/(R1*R2*C1*C2), as a product of
//    quotients of comparable size.
//
// Products of two counts are at most N^2, which is finite while N < 2^512.
// A table with N >= 2^501 (or with N < 2^-200, where products of small
// counts would underflow) is first multiplied by an even power of two that
// brings N to about 2^500, which is exact. pmi, npmi, ppmi, mi, dice and
// logdice are invariant under that scaling; chi2 and llr scale linearly and
// tscore with the square root, so their results are scaled back; count is
// read from the caller's table.
//
// The edge values of the contract (-inf pmi for O11 = 0, 0 log 0 = 0, the
// 0/0 cases of npmi, chi2 and tscore, the empty table) are tested for
// explicitly before any division, so a valid table never yields NaN. Score
// allocates nothing.
//
// Fisher's exact test. The p-value is a tail sum of the hypergeometric
// distribution of X = O11 given the margins: P(X = k) = C(R1,k) C(R2,C1-k) /
// C(N,C1). Forming it from lgamma of counts near 10^9 would lose about
// eps * 2e10 = 4e-6 of each log term to cancellation, so each point
// probability is computed as R's dhyper does (Loader 2000, "Fast and
// accurate computation of binomial probabilities"): as a ratio of three
// binomial densities, each written with Stirling's-series error terms
// (StirlingError) and the deviance term bd0, all small and well conditioned,
// so that the huge lgamma values cancel analytically and ln P(X = k) is
// accurate to about 1e-13 (absolute) at any size. The tail is then summed in
// log space without exp of each term: P(X >= k) = P(X = k) * S with
// S = 1 + t1 + t1 t2 + ..., ti the ratios of consecutive probabilities,
// summed away from the mode (so S is a sum of decreasing terms starting at
// 1, which cannot overflow) until a term is below 2^-60 of S. A tail that
// contains the mode is taken as the complement of the other tail, which then
// lies wholly beyond the mode. So the cost is about 10 standard deviations
// of X in the worst case (about 2e5 steps for counts of 10^9) and a few
// steps in the common case; the result is exp(ln P(X = k) + ln S), whose
// underflow to 0 below 1e-308 is the only loss. Tables whose X has a
// standard deviation above 2^20, or N above 2^53 (where counts stop being
// exact integers), use the normal approximation with continuity correction.

#include "cooc/measures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cooc/close_words.h"
#include "status_macros.h"

namespace cooc {
namespace {

// The single table of measure names; its order is AllMeasures' order.
struct MeasureEntry {
  Measure measure;
  const char* name;
  Ranking ranking;
  bool test_statistic;  // MeasureIsTestStatistic.
  bool is_signed;       // MeasureIsSigned.
};
constexpr Ranking kHigher = Ranking::kHigherIsStronger;
constexpr Ranking kLower = Ranking::kLowerIsStronger;
constexpr MeasureEntry kMeasureTable[] = {
    {Measure::kCount, "count", kHigher, false, false},
    {Measure::kPmi, "pmi", kHigher, false, true},
    {Measure::kNpmi, "npmi", kHigher, false, true},
    {Measure::kPpmi, "ppmi", kHigher, false, false},
    {Measure::kMi, "mi", kHigher, true, false},
    {Measure::kLlr, "llr", kHigher, true, false},
    {Measure::kChi2, "chi2", kHigher, true, false},
    {Measure::kTscore, "tscore", kHigher, true, true},
    {Measure::kDice, "dice", kHigher, false, false},
    {Measure::kLogDice, "logdice", kHigher, false, false},
    {Measure::kMi2, "mi2", kHigher, false, false},
    {Measure::kMi3, "mi3", kHigher, false, false},
    {Measure::kLocalMi, "local_mi", kHigher, false, true},
    {Measure::kZscore, "zscore", kHigher, true, true},
    {Measure::kPoissonStirling, "poisson_stirling", kHigher, true, true},
    {Measure::kJaccard, "jaccard", kHigher, false, false},
    {Measure::kPhi2, "phi2", kHigher, true, false},
    {Measure::kLogOdds, "log_odds", kHigher, true, true},
    {Measure::kMinSensitivity, "min_sensitivity", kHigher, false, false},
    {Measure::kSimpleLl, "simple_ll", kHigher, true, false},
    {Measure::kMiLike, "mi_like", kHigher, false, false},
    {Measure::kRawFreq, "raw_freq", kHigher, false, false},
    {Measure::kFisher, "fisher", kLower, false, false},
    {Measure::kFisherLeft, "fisher_left", kHigher, false, false},
    {Measure::kLlrP, "llr_p", kLower, true, false},
    {Measure::kChi2P, "chi2_p", kLower, true, false},
};

// The single table of log bases, with ln(base) to convert nats.
struct LogBaseEntry {
  LogBase base;
  const char* name;
  double ln_base;
};
constexpr LogBaseEntry kLogBaseTable[] = {
    {LogBase::kTwo, "2", std::numbers::ln2},
    {LogBase::kE, "e", 1.0},
    {LogBase::kTen, "10", std::numbers::ln10},
};

constexpr double kInf = std::numeric_limits<double>::infinity();

// Tables whose N has a binary exponent outside [kMinExponent, kMaxExponent]
// are rescaled so that N's exponent is about kMaxExponent (see top comment).
constexpr int kMaxExponent = 500;
constexpr int kMinExponent = -200;

// Returns a*b - c*d to within a few ulps (Kahan's algorithm).
double DifferenceOfProducts(double a, double b, double c, double d) {
  const double cd = c * d;
  const double error = std::fma(-c, d, cd);  // cd - c*d, exactly.
  const double diff = std::fma(a, b, -cd);
  return diff + error;
}

// The completed table, possibly multiplied by 2^-shift (shift even).
struct Cells {
  double o11, o12, o21, o22;
  double r1, r2, c1, c2;
  double n;
  double d;       // O11*O22 - O12*O21.
  double pmi_c1;  // The C1 of the pmi family: cds_c1, or c1.
  int shift;      // The caller's table is this one times 2^shift.
};

Cells MakeCells(const ContingencyTable& table) {
  Cells c;
  c.shift = 0;
  c.o11 = table.o11;
  c.r1 = table.r1;
  c.c1 = table.c1;
  c.n = table.n;
  c.pmi_c1 = table.cds_c1.value_or(table.c1);
  const int exponent = table.n > 0 ? std::ilogb(table.n) : 0;
  if (exponent > kMaxExponent || exponent < kMinExponent) {
    c.shift = exponent - kMaxExponent;
    c.shift -= c.shift & 1;  // Even, so that sqrt(2^shift) is exact.
    c.o11 = std::ldexp(c.o11, -c.shift);
    c.r1 = std::ldexp(c.r1, -c.shift);
    c.c1 = std::ldexp(c.c1, -c.shift);
    c.n = std::ldexp(c.n, -c.shift);
    c.pmi_c1 = std::ldexp(c.pmi_c1, -c.shift);
  }
  // The max(0, .) calls only absorb rounding of fractional counts.
  c.o12 = std::max(0.0, c.r1 - c.o11);
  c.o21 = std::max(0.0, c.c1 - c.o11);
  c.r2 = std::max(0.0, c.n - c.r1);
  c.c2 = std::max(0.0, c.n - c.c1);
  c.o22 = std::max(0.0, c.r2 - c.o21);
  c.d = DifferenceOfProducts(c.o11, c.o22, c.o12, c.o21);
  return c;
}

// Which C1 a pmi-like formula uses.
enum class Column { kTable, kSmoothed };

// ln(O11*N / (R1*C1)); -inf when O11 = 0. With Column::kSmoothed, C1 is the
// smoothed column marginal of context-distribution smoothing (if any).
double PmiNats(const Cells& c, Column column) {
  if (c.o11 == 0) return -kInf;
  const bool table_c1 = column == Column::kTable || c.pmi_c1 == c.c1;
  const double c1 = table_c1 ? c.c1 : c.pmi_c1;
  // The ratio minus 1; O11*N - R1*C1 = D for the table's own C1.
  const double x =
      (table_c1 ? c.d : DifferenceOfProducts(c.o11, c.n, c.r1, c1)) / c.r1 /
      c1;
  if (std::abs(x) < 0.5) return std::log1p(x);
  return std::log((c.o11 / c.r1) * (c.n / c1));
}

// ln(O11) of the caller's table; -inf when O11 = 0.
double LnO11(const Cells& c) {
  if (c.o11 == 0) return -kInf;
  return std::log(c.o11) + c.shift * std::numbers::ln2;
}

// Returns x ln(x/m) + m - x (>= 0) accurately, also when x is close to m
// (Loader's bd0): with v = (x-m)/(x+m), ln(x/m) = 2 atanh(v) and the value
// is (x-m)*v + 2*x*(v^3/3 + v^5/5 + ...). `diff` is x - m, given by the
// caller when it knows it more accurately than x - m. REQUIRES: m > 0.
double Bd0(double x, double m, double diff) {
  if (x == 0) return m;
  const double sum = x + m;
  const double v = diff / sum;
  if (std::abs(v) < 0.25) {
    double result = diff * v;
    const double v2 = v * v;
    double power = 2 * x * v;  // 2*x*v^(2j+1) in the loop.
    for (int j = 1; j < 60; ++j) {
      power *= v2;
      const double term = power / (2 * j + 1);
      const double before = result;
      result += term;
      if (result == before) break;
    }
    return result;
  }
  return x * std::log(x / m) - diff;
}

// Returns O ln(O/E) - O + E (>= 0) for one cell with observed count `o`,
// expected count `e` = `ri`*`cj`/N and `diff` = O - E, computed accurately.
double DevianceTerm(double o, double ri, double cj, double n, double diff) {
  const double e = ri * (cj / n);
  if (o == 0) return e;  // 0 ln 0 = 0 leaves E.
  // o > 0 implies ri > 0 and cj > 0, so e > 0.
  const double v = diff / (o + e);
  if (std::abs(v) < 0.25) return Bd0(o, e, diff);
  const double ratio = (o / ri) * (n / cj);  // O/E without overflow.
  return o * std::log(ratio) - diff;
}

// G2 in nats, for the (possibly scaled) cells.
double G2(const Cells& c) {
  const double dev = c.d / c.n;  // O11 - E11 = O22 - E22 = -(O12 - E12).
  const double sum = DevianceTerm(c.o11, c.r1, c.c1, c.n, dev) +
                     DevianceTerm(c.o12, c.r1, c.c2, c.n, -dev) +
                     DevianceTerm(c.o21, c.r2, c.c1, c.n, -dev) +
                     DevianceTerm(c.o22, c.r2, c.c2, c.n, dev);
  return 2 * sum;
}

// chi2 of the (possibly scaled) cells; 0 when a marginal is 0 or N.
double Chi2(const Cells& c) {
  if (c.r1 == 0 || c.r2 == 0 || c.c1 == 0 || c.c2 == 0) return 0;
  return c.n * (c.d / c.r1 / c.c2) * (c.d / c.r2 / c.c1);
}

double Npmi(const Cells& c) {
  if (c.o11 == 0) return -1;
  if (c.o11 >= c.n) return 1;
  const double p = c.o11 / c.n;
  // -ln(p), accurate also when p is close to 1.
  const double self_information =
      p < 0.5 ? -std::log(p) : -std::log1p(-((c.n - c.o11) / c.n));
  const double npmi = PmiNats(c, Column::kSmoothed) / self_information;
  return std::clamp(npmi, -1.0, 1.0);  // Rounding can step past +-1.
}

double Dice(const Cells& c) {
  const double denominator = c.r1 + c.c1;
  if (denominator == 0) return 0;  // R1 = C1 = 0: no evidence of either.
  return 2 * c.o11 / denominator;
}

// The four cells of the caller's table, unscaled (for the measures that add
// constants to cells or need whole numbers).
struct RawCells {
  double o11, o12, o21, o22;
};

RawCells MakeRawCells(const ContingencyTable& t) {
  RawCells r;
  r.o11 = t.o11;
  r.o12 = std::max(0.0, t.r1 - t.o11);
  r.o21 = std::max(0.0, t.c1 - t.o11);
  r.o22 = std::max(0.0, (t.n - t.r1) - r.o21);
  return r;
}

// ln((O11+.5)(O22+.5) / ((O12+.5)(O21+.5))).
double LogOdds(const RawCells& r) {
  const double a = r.o11 + 0.5, b = r.o12 + 0.5, c = r.o21 + 0.5,
               d = r.o22 + 0.5;
  if (std::max({a, b, c, d}) < 1e150) {  // Products stay finite.
    const double x = DifferenceOfProducts(a, d, b, c) / (b * c);
    if (std::abs(x) < 0.5) return std::log1p(x);
  }
  return (std::log(a) - std::log(b)) + (std::log(d) - std::log(c));
}

// ln(n!) - ln(sqrt(2 pi n) (n/e)^n), the error of Stirling's formula
// (Loader 2000; R's stirlerr). REQUIRES: n > 0.
double StirlingError(double n) {
  constexpr double kS0 = 1.0 / 12, kS1 = 1.0 / 360, kS2 = 1.0 / 1260,
                   kS3 = 1.0 / 1680, kS4 = 1.0 / 1188;
  constexpr double kLnSqrt2Pi = 0.918938533204672741780329736406;
  if (n <= 15) {
    return std::lgamma(n + 1) - (n + 0.5) * std::log(n) + n - kLnSqrt2Pi;
  }
  const double nn = n * n;
  if (n > 500) return (kS0 - kS1 / nn) / n;
  if (n > 80) return (kS0 - (kS1 - kS2 / nn) / nn) / n;
  if (n > 35) return (kS0 - (kS1 - (kS2 - kS3 / nn) / nn) / nn) / n;
  return (kS0 - (kS1 - (kS2 - (kS3 - kS4 / nn) / nn) / nn) / nn) / n;
}

// ln of the binomial probability of `x` successes in `n` trials with success
// probability `p` (`q` = 1 - p), accurate for large n (R's dbinom_raw).
double LogBinomial(double x, double n, double p, double q) {
  if (x < 0 || x > n) return -kInf;
  if (p == 0) return x == 0 ? 0 : -kInf;
  if (q == 0) return x == n ? 0 : -kInf;
  if (x == 0) {
    if (n == 0) return 0;
    return p < 0.1 ? -Bd0(n, n * q, n - n * q) - n * p : n * std::log1p(-p);
  }
  if (x == n) {
    return q < 0.1 ? -Bd0(n, n * p, n - n * p) - n * q : n * std::log(p);
  }
  constexpr double kLn2Pi = 1.837877066409345483560659472811;
  const double np = n * p, nq = n * q;
  const double lc = StirlingError(n) - StirlingError(x) -
                    StirlingError(n - x) - Bd0(x, np, x - np) -
                    Bd0(n - x, nq, (n - x) - nq);
  const double lf = kLn2Pi + std::log(x) + std::log1p(-x / n);
  return lc - 0.5 * lf;
}

// The distribution of X, the number of white balls among `draws` drawn
// without replacement from `white` white and `black` black balls.
struct Hypergeometric {
  double white, black, draws;

  double lowest() const { return std::max(0.0, draws - black); }
  double highest() const { return std::min(draws, white); }

  // ln P(X = k) (R's dhyper).
  double LogPoint(double k) const {
    if (k < lowest() || k > highest()) return -kInf;
    if (draws == 0) return 0;
    const double total = white + black;
    const double p = draws / total, q = (total - draws) / total;
    return LogBinomial(k, white, p, q) + LogBinomial(draws - k, black, p, q) -
           LogBinomial(draws, total, p, q);
  }

  // P(X = k+1) / P(X = k).
  double RatioUp(double k) const {
    return ((white - k) * (draws - k)) / ((k + 1) * (black - draws + k + 1));
  }
  // P(X = k-1) / P(X = k).
  double RatioDown(double k) const {
    return (k * (black - draws + k)) / ((white - k + 1) * (draws - k + 1));
  }

  // P(X >= k) if `upper`, else P(X <= k), when that tail lies beyond the
  // mode (its terms decrease away from k): P(X = k) * (1 + t1 + t1 t2 + ...).
  double TailAwayFromMode(double k, bool upper) const {
    const double log_first = LogPoint(k);
    if (log_first == -kInf) return 0;
    double sum = 1, term = 1;
    const double end = upper ? highest() : lowest();
    for (double j = k; j != end;) {
      term *= upper ? RatioUp(j) : RatioDown(j);
      j += upper ? 1 : -1;
      sum += term;
      if (term < sum * 0x1p-60) break;
    }
    return std::exp(log_first + std::log(sum));
  }

  double Mode() const {
    return std::floor((draws + 1) * ((white + 1) / (white + black + 2)));
  }
  double Mean() const { return draws * (white / (white + black)); }
  double Variance() const {
    const double total = white + black;
    if (total <= 1) return 0;
    return draws * (white / total) * (black / total) *
           ((total - draws) / (total - 1));
  }
  // Beyond these, the normal approximation (see top comment).
  bool Approximate() const {
    return white + black > 0x1p53 || Variance() > 0x1p40;
  }
  double NormalTail(double z) const { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

  // P(X >= k).
  double UpperTail(double k) const {
    if (k <= lowest()) return 1;
    if (k > highest()) return 0;
    if (Approximate()) {
      return NormalTail((k - 0.5 - Mean()) / std::sqrt(Variance()));
    }
    if (k > Mode()) return TailAwayFromMode(k, /*upper=*/true);
    return std::max(0.0, 1 - TailAwayFromMode(k - 1, /*upper=*/false));
  }
  // P(X <= k).
  double LowerTail(double k) const {
    if (k >= highest()) return 1;
    if (k < lowest()) return 0;
    if (Approximate()) {
      return NormalTail((Mean() - k - 0.5) / std::sqrt(Variance()));
    }
    if (k < Mode()) return TailAwayFromMode(k, /*upper=*/false);
    return std::max(0.0, 1 - TailAwayFromMode(k + 1, /*upper=*/true));
  }
};

// Returns `p`, or 0 below the smallest normal double: a subnormal p-value
// has lost digits and means "below 2.2e-308".
double FlushPValue(double p) {
  return p < std::numeric_limits<double>::min() ? 0 : p;
}

// Fisher's exact test on the cells, each truncated toward zero as SciPy
// does: P(X >= O11) if `upper`, else P(X <= O11).
double Fisher(const RawCells& raw, bool upper) {
  const double a = std::floor(raw.o11), b = std::floor(raw.o12),
               c = std::floor(raw.o21), d = std::floor(raw.o22);
  const Hypergeometric x{.white = a + b, .black = c + d, .draws = a + c};
  return FlushPValue(std::min(1.0, upper ? x.UpperTail(a) : x.LowerTail(a)));
}


double EmptyTableScore(Measure measure) {
  switch (measure) {
    case Measure::kPmi:
    case Measure::kMi2:
    case Measure::kMi3:
    case Measure::kLogDice:
      return -kInf;
    case Measure::kNpmi:
      return -1;
    case Measure::kFisher:
    case Measure::kFisherLeft:
    case Measure::kLlrP:
    case Measure::kChi2P:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

double ChiSquaredOneDofPValue(double statistic) {
  return FlushPValue(std::erfc(std::sqrt(statistic / 2)));
}

double LnBase(LogBase base) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (entry.base == base) return entry.ln_base;
  }
  return std::numbers::ln2;  // Unreachable for valid LogBase values.
}

const std::vector<Measure>& AllMeasures() {
  static const std::vector<Measure>* const measures = [] {
    auto* v = new std::vector<Measure>;
    for (const MeasureEntry& entry : kMeasureTable) v->push_back(entry.measure);
    return v;
  }();
  return *measures;
}

absl::string_view MeasureName(Measure measure) {
  for (const MeasureEntry& entry : kMeasureTable) {
    if (entry.measure == measure) return entry.name;
  }
  return "unknown";
}

absl::StatusOr<Measure> ParseMeasure(absl::string_view name) {
  for (const MeasureEntry& entry : kMeasureTable) {
    if (name == entry.name) return entry.measure;
  }
  std::vector<std::string> names;
  for (const MeasureEntry& entry : kMeasureTable) {
    names.emplace_back(entry.name);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown measure \"", name, "\"",
      DidYouMean(ClosestWords(name, names, 3, 2)),
      "; valid measures: ", absl::StrJoin(names, ", ")));
}

absl::StatusOr<std::vector<Measure>> ParseMeasureList(absl::string_view names) {
  std::vector<Measure> measures;
  for (absl::string_view name : absl::StrSplit(names, ',')) {
    COOC_ASSIGN_OR_RETURN(Measure measure, ParseMeasure(name));
    if (std::find(measures.begin(), measures.end(), measure) !=
        measures.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("measure \"", name, "\" is listed twice"));
    }
    measures.push_back(measure);
  }
  return measures;
}

absl::StatusOr<LogBase> ParseLogBase(absl::string_view name) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (name == entry.name) return entry.base;
  }
  std::vector<std::string> names;
  for (const LogBaseEntry& entry : kLogBaseTable) {
    names.emplace_back(entry.name);
  }
  return UnknownNameError("log base", name, names);
}

absl::string_view LogBaseName(LogBase base) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (entry.base == base) return entry.name;
  }
  return "unknown";
}

bool MeasureIsTestStatistic(Measure measure) {
  for (const MeasureEntry& entry : kMeasureTable) {
    if (entry.measure == measure) return entry.test_statistic;
  }
  return false;
}

bool MeasureIsSigned(Measure measure) {
  for (const MeasureEntry& entry : kMeasureTable) {
    if (entry.measure == measure) return entry.is_signed;
  }
  return false;
}

double Expected11(const ContingencyTable& table) {
  return table.n > 0 ? table.r1 * table.c1 / table.n : 0;
}

Ranking MeasureRanking(Measure measure) {
  for (const MeasureEntry& entry : kMeasureTable) {
    if (entry.measure == measure) return entry.ranking;
  }
  return Ranking::kHigherIsStronger;  // Unreachable for valid values.
}

absl::Status ValidateTable(const ContingencyTable& table) {
  auto invalid = [&table](absl::string_view condition) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid contingency table (O11=", table.o11, ", R1=", table.r1,
        ", C1=", table.c1, ", N=", table.n,
        table.cds_c1.has_value() ? absl::StrCat(", cds C1=", *table.cds_c1)
                                 : "",
        "): requires ", condition));
  };
  if (!std::isfinite(table.o11) || !std::isfinite(table.r1) ||
      !std::isfinite(table.c1) || !std::isfinite(table.n) ||
      !std::isfinite(table.cds_c1.value_or(0))) {
    return invalid("finite values");
  }
  const bool empty =
      table.n == 0 && table.o11 == 0 && table.r1 == 0 && table.c1 == 0;
  if (!(table.n > 0) && !empty) return invalid("N > 0 (or the empty table)");
  if (!(table.o11 >= 0)) return invalid("O11 >= 0");
  if (!(table.o11 <= table.r1)) return invalid("O11 <= R1");
  if (!(table.o11 <= table.c1)) return invalid("O11 <= C1");
  if (!(table.r1 <= table.n)) return invalid("R1 <= N");
  if (!(table.c1 <= table.n)) return invalid("C1 <= N");
  // R1 + C1 - O11 <= N, rearranged so that it cannot overflow; both sides
  // are exact for whole numbers below 2^53.
  if (!(table.r1 - table.o11 <= table.n - table.c1)) {
    return invalid("R1 + C1 - O11 <= N");
  }
  if (table.cds_c1.has_value() &&
      !(*table.cds_c1 > 0 || (*table.cds_c1 == 0 && table.o11 == 0))) {
    return invalid("cds C1 > 0 (or 0 with O11 = 0)");
  }
  return absl::OkStatus();
}

double Score(Measure measure, const ContingencyTable& table, LogBase base) {
  if (table.n == 0) return EmptyTableScore(measure);
  const Cells c = MakeCells(table);
  switch (measure) {
    case Measure::kCount:
      return table.o11;
    case Measure::kPmi:
      return PmiNats(c, Column::kSmoothed) / LnBase(base);
    case Measure::kNpmi:
      return Npmi(c);
    case Measure::kPpmi:
      return std::max(PmiNats(c, Column::kSmoothed), 0.0) / LnBase(base);
    case Measure::kMi:
      return G2(c) / (2 * c.n) / LnBase(base);
    case Measure::kLlr:
      return std::ldexp(G2(c), c.shift);
    case Measure::kChi2:
      return std::ldexp(Chi2(c), c.shift);
    case Measure::kTscore: {
      const double e11 = c.r1 * (c.c1 / c.n);
      if (c.o11 == 0) return e11 > 0 ? -kInf : 0;
      const double tscore = (c.d / c.n) / std::sqrt(c.o11);
      return std::ldexp(tscore, c.shift / 2);
    }
    case Measure::kDice:
      return Dice(c);
    case Measure::kLogDice: {
      const double dice = Dice(c);
      if (dice == 0) return -kInf;
      return 14 + std::log2(dice);
    }
    case Measure::kMi2:
      return (PmiNats(c, Column::kSmoothed) + LnO11(c)) / LnBase(base);
    case Measure::kMi3:
      return (PmiNats(c, Column::kSmoothed) + 2 * LnO11(c)) / LnBase(base);
    case Measure::kLocalMi:
      if (c.o11 == 0) return 0;  // O11 ln O11 -> 0.
      return table.o11 * (PmiNats(c, Column::kSmoothed) / LnBase(base));
    case Measure::kZscore: {
      const double e11 = c.r1 * (c.c1 / c.n);
      if (e11 == 0) return 0;  // Then O11 = 0 too.
      const double zscore = (c.d / c.n) / std::sqrt(e11);
      return std::ldexp(zscore, c.shift / 2);
    }
    case Measure::kPoissonStirling:
      if (c.o11 == 0) return 0;  // O11 ln O11 -> 0.
      return table.o11 * (PmiNats(c, Column::kTable) / LnBase(base) - 1);
    case Measure::kJaccard: {
      const double denominator = c.o11 + c.o12 + c.o21;  // R1 + C1 - O11.
      if (denominator == 0) return 0;
      return c.o11 / denominator;
    }
    case Measure::kPhi2:
      return Chi2(c) / c.n;
    case Measure::kLogOdds:
      return LogOdds(MakeRawCells(table));
    case Measure::kMinSensitivity:
      if (c.o11 == 0) return 0;  // Also when R1 or C1 is 0.
      return std::min(c.o11 / c.r1, c.o11 / c.c1);
    case Measure::kSimpleLl:
      return std::ldexp(
          2 * DevianceTerm(c.o11, c.r1, c.c1, c.n, c.d / c.n), c.shift);
    case Measure::kMiLike:
      if (c.o11 == 0) return 0;
      return std::ldexp((c.o11 / c.r1) * (c.o11 / c.c1) * c.o11, c.shift);
    case Measure::kRawFreq:
      return c.o11 / c.n;
    case Measure::kFisher:
      return Fisher(MakeRawCells(table), /*upper=*/true);
    case Measure::kFisherLeft:
      return Fisher(MakeRawCells(table), /*upper=*/false);
    case Measure::kLlrP:
      return ChiSquaredOneDofPValue(std::ldexp(G2(c), c.shift));
    case Measure::kChi2P:
      return ChiSquaredOneDofPValue(std::ldexp(Chi2(c), c.shift));
  }
  // Unreachable for valid Measure values.
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace cooc
