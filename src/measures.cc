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
// 0/0 cases of npmi, chi2 and tscore) are tested for explicitly before any
// division, so a valid table never yields NaN. Score allocates nothing.

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

namespace cooc {
namespace {

// The single table of measure names; its order is AllMeasures' order.
struct MeasureEntry {
  Measure measure;
  const char* name;
};
constexpr MeasureEntry kMeasureTable[] = {
    {Measure::kCount, "count"}, {Measure::kPmi, "pmi"},
    {Measure::kNpmi, "npmi"},   {Measure::kPpmi, "ppmi"},
    {Measure::kMi, "mi"},       {Measure::kLlr, "llr"},
    {Measure::kChi2, "chi2"},   {Measure::kTscore, "tscore"},
    {Measure::kDice, "dice"},   {Measure::kLogDice, "logdice"},
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

double LnBase(LogBase base) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (entry.base == base) return entry.ln_base;
  }
  return std::numbers::ln2;  // Unreachable for valid LogBase values.
}

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
  double d;   // O11*O22 - O12*O21.
  int shift;  // The caller's table is this one times 2^shift.
};

Cells MakeCells(const ContingencyTable& table) {
  Cells c;
  c.shift = 0;
  c.o11 = table.o11;
  c.r1 = table.r1;
  c.c1 = table.c1;
  c.n = table.n;
  const int exponent = table.n > 0 ? std::ilogb(table.n) : 0;
  if (exponent > kMaxExponent || exponent < kMinExponent) {
    c.shift = exponent - kMaxExponent;
    c.shift -= c.shift & 1;  // Even, so that sqrt(2^shift) is exact.
    c.o11 = std::ldexp(c.o11, -c.shift);
    c.r1 = std::ldexp(c.r1, -c.shift);
    c.c1 = std::ldexp(c.c1, -c.shift);
    c.n = std::ldexp(c.n, -c.shift);
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

// ln(O11*N / (R1*C1)); -inf when O11 = 0.
double PmiNats(const Cells& c) {
  if (c.o11 == 0) return -kInf;
  const double x = c.d / c.r1 / c.c1;  // The ratio minus 1.
  if (std::abs(x) < 0.5) return std::log1p(x);
  return std::log((c.o11 / c.r1) * (c.n / c.c1));
}

// Returns O ln(O/E) - O + E (>= 0) for one cell with observed count `o`,
// expected count `e` = `ri`*`cj`/N and `diff` = O - E, computed accurately.
double DevianceTerm(double o, double ri, double cj, double n, double diff) {
  if (o == 0) return ri * (cj / n);  // 0 ln 0 = 0 leaves E.
  // o > 0 implies ri > 0 and cj > 0, so e > 0.
  const double e = ri * (cj / n);
  const double sum = o + e;
  const double v = diff / sum;
  if (std::abs(v) < 0.25) {
    double result = diff * v;
    const double v2 = v * v;
    double power = 2 * o * v;  // 2*o*v^(2j+1) in the loop.
    for (int j = 1; j < 40; ++j) {
      power *= v2;
      const double term = power / (2 * j + 1);
      const double before = result;
      result += term;
      if (result == before) break;
    }
    return result;
  }
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

double Npmi(const Cells& c) {
  if (c.o11 == 0) return -1;
  if (c.o11 >= c.n) return 1;
  const double p = c.o11 / c.n;
  // -ln(p), accurate also when p is close to 1.
  const double self_information =
      p < 0.5 ? -std::log(p) : -std::log1p(-((c.n - c.o11) / c.n));
  const double npmi = PmiNats(c) / self_information;
  return std::clamp(npmi, -1.0, 1.0);  // Rounding can step past +-1.
}

double Dice(const Cells& c) {
  const double denominator = c.r1 + c.c1;
  if (denominator == 0) return 0;  // R1 = C1 = 0: no evidence of either.
  return 2 * c.o11 / denominator;
}

}  // namespace

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
  std::vector<absl::string_view> names;
  for (const MeasureEntry& entry : kMeasureTable) names.push_back(entry.name);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown measure \"", name,
                   "\"; valid measures: ", absl::StrJoin(names, ", ")));
}

absl::StatusOr<LogBase> ParseLogBase(absl::string_view name) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (name == entry.name) return entry.base;
  }
  std::vector<absl::string_view> names;
  for (const LogBaseEntry& entry : kLogBaseTable) names.push_back(entry.name);
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log base \"", name,
                   "\"; valid bases: ", absl::StrJoin(names, ", ")));
}

absl::string_view LogBaseName(LogBase base) {
  for (const LogBaseEntry& entry : kLogBaseTable) {
    if (entry.base == base) return entry.name;
  }
  return "unknown";
}

absl::Status ValidateTable(const ContingencyTable& table) {
  auto invalid = [&table](absl::string_view condition) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid contingency table (O11=", table.o11, ", R1=", table.r1,
        ", C1=", table.c1, ", N=", table.n, "): requires ", condition));
  };
  if (!std::isfinite(table.o11) || !std::isfinite(table.r1) ||
      !std::isfinite(table.c1) || !std::isfinite(table.n)) {
    return invalid("finite values");
  }
  if (!(table.n > 0)) return invalid("N > 0");
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
  return absl::OkStatus();
}

double Score(Measure measure, const ContingencyTable& table, LogBase base) {
  const Cells c = MakeCells(table);
  switch (measure) {
    case Measure::kCount:
      return table.o11;
    case Measure::kPmi:
      return PmiNats(c) / LnBase(base);
    case Measure::kNpmi:
      return Npmi(c);
    case Measure::kPpmi:
      return std::max(PmiNats(c), 0.0) / LnBase(base);
    case Measure::kMi:
      return G2(c) / (2 * c.n) / LnBase(base);
    case Measure::kLlr:
      return std::ldexp(G2(c), c.shift);
    case Measure::kChi2: {
      if (c.r1 == 0 || c.r2 == 0 || c.c1 == 0 || c.c2 == 0) return 0;
      const double chi2 = c.n * (c.d / c.r1 / c.c2) * (c.d / c.r2 / c.c1);
      return std::ldexp(chi2, c.shift);
    }
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
  }
  // Unreachable for valid Measure values.
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace cooc
