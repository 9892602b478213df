// Tests of the association measures: hand-worked small tables, identities
// between measures, the edge values the contract defines, accuracy against
// exact (mpmath) values, and reference values from SciPy and scikit-learn.
// Every literal reference value comes with the command that produced it.

#include "cooc/measures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLn2 = std::numbers::ln2;
constexpr double kLn10 = std::numbers::ln10;

// Expects |actual - expected| <= rel * |expected|.
#define EXPECT_REL_NEAR(actual, expected, rel) \
  EXPECT_NEAR((actual), (expected), std::abs(expected) * (rel))

ContingencyTable Table(double o11, double r1, double c1, double n) {
  return ContingencyTable{.o11 = o11, .r1 = r1, .c1 = c1, .n = n};
}

std::string Describe(const ContingencyTable& t) {
  return absl::StrCat("O11=", t.o11, " R1=", t.r1, " C1=", t.c1, " N=", t.n);
}

// Tables used by the identity tests: small, sparse, strongly and negatively
// associated, with zero cells, and with counts above 2^32.
const std::vector<ContingencyTable>& VariedTables() {
  static const auto* const tables = new std::vector<ContingencyTable>{
      Table(10, 20, 40, 100),     Table(2, 400, 500, 3000),
      Table(48, 50, 300, 2000),   Table(700, 1000, 900, 4000),
      Table(1, 1, 1, 10000),      Table(0, 30, 50, 1000),
      Table(25, 25, 25, 4000),    Table(10, 60, 50, 100),
      Table(3, 1000, 2000, 1e6),  Table(123456789, 987654321, 2345678901, 5e12),
      Table(4e9, 6e9, 7e9, 8e10),
  };
  return *tables;
}

// O11=10, R1=20, C1=40, N=100. Completed:
//            y    not y
//   x       10      10  | 20        E11 = 20*40/100 = 8   E12 = 20*60/100 = 12
//   not x   30      50  | 80        E21 = 80*40/100 = 32  E22 = 80*60/100 = 48
//           40      60    100
TEST(Measures, MatchHandComputedValuesForASmallTable) {
  const ContingencyTable t = Table(10, 20, 40, 100);
  constexpr double kRel = 1e-14;
  EXPECT_EQ(Score(Measure::kCount, t, LogBase::kTwo), 10);
  // pmi = log2(10*100 / (20*40)) = log2(1.25).
  EXPECT_REL_NEAR(Score(Measure::kPmi, t, LogBase::kTwo), std::log2(1.25),
                  kRel);
  EXPECT_REL_NEAR(Score(Measure::kPpmi, t, LogBase::kTwo), std::log2(1.25),
                  kRel);
  // npmi = log(1.25) / -log(10/100) = ln(1.25) / ln(10).
  EXPECT_REL_NEAR(Score(Measure::kNpmi, t, LogBase::kTwo),
                  std::log(1.25) / std::log(10.0), kRel);
  // dice = 2*10 / (20+40) = 1/3; logdice = 14 + log2(1/3).
  EXPECT_REL_NEAR(Score(Measure::kDice, t, LogBase::kTwo), 1.0 / 3, kRel);
  EXPECT_REL_NEAR(Score(Measure::kLogDice, t, LogBase::kTwo),
                  14 + std::log2(1.0 / 3), kRel);
  // tscore = (10 - 8) / sqrt(10).
  EXPECT_REL_NEAR(Score(Measure::kTscore, t, LogBase::kTwo),
                  2 / std::sqrt(10.0), kRel);
  // chi2 = 2^2/8 + 2^2/12 + 2^2/32 + 2^2/48 = 0.5 + 1/3 + 0.125 + 1/12
  //      = 25/24 (closed form: 100*(10*50 - 10*30)^2 / (20*80*40*60)).
  EXPECT_REL_NEAR(Score(Measure::kChi2, t, LogBase::kTwo), 25.0 / 24, kRel);
  // llr = 2*(10 ln(10/8) + 10 ln(10/12) + 30 ln(30/32) + 50 ln(50/48)).
  const double llr = 2 * (10 * std::log(10.0 / 8) + 10 * std::log(10.0 / 12) +
                          30 * std::log(30.0 / 32) + 50 * std::log(50.0 / 48));
  EXPECT_REL_NEAR(Score(Measure::kLlr, t, LogBase::kTwo), llr, 1e-13);
  // mi = .1 log2(10*100/(20*40)) + .1 log2(10*100/(20*60))
  //    + .3 log2(30*100/(80*40)) + .5 log2(50*100/(80*60)).
  const double mi =
      0.1 * std::log2(1000.0 / 800) + 0.1 * std::log2(1000.0 / 1200) +
      0.3 * std::log2(3000.0 / 3200) + 0.5 * std::log2(5000.0 / 4800);
  EXPECT_REL_NEAR(Score(Measure::kMi, t, LogBase::kTwo), mi, 1e-13);
}

// O11=2, R1=400, C1=500, N=3000: E11 = 400*500/3000 = 200/3.
TEST(Measures, MatchHandComputedValuesForANegativeAssociation) {
  const ContingencyTable t = Table(2, 400, 500, 3000);
  // pmi = log2(2*3000 / (400*500)) = log2(0.03) < 0, so ppmi = 0.
  EXPECT_REL_NEAR(Score(Measure::kPmi, t, LogBase::kTwo), std::log2(0.03),
                  1e-14);
  EXPECT_EQ(Score(Measure::kPpmi, t, LogBase::kTwo), 0);
  // npmi = ln(0.03) / -ln(2/3000) = ln(0.03) / ln(1500).
  EXPECT_REL_NEAR(Score(Measure::kNpmi, t, LogBase::kTwo),
                  std::log(0.03) / std::log(1500.0), 1e-14);
  // tscore = (2 - 200/3) / sqrt(2).
  EXPECT_REL_NEAR(Score(Measure::kTscore, t, LogBase::kTwo),
                  (2 - 200.0 / 3) / std::sqrt(2.0), 1e-14);
  // dice = 4 / 900.
  EXPECT_REL_NEAR(Score(Measure::kDice, t, LogBase::kTwo), 4.0 / 900, 1e-14);
  // Far below independence the ratio is tiny and must not be formed as
  // 1 + (ratio - 1): pmi = ln(1*2e6 / (1e6*1e6)) = ln(2e-6).
  EXPECT_REL_NEAR(Score(Measure::kPmi, Table(1, 1e6, 1e6, 2e6), LogBase::kE),
                  std::log(2e-6), 1e-15);
}

TEST(Measures, IndependentWordsScoreZero) {
  // Each has O11 = R1*C1/N exactly.
  for (const ContingencyTable& t :
       {Table(8, 20, 40, 100), Table(6, 30, 20, 100),
        Table(300, 600, 1500, 3000), Table(1e6, 2e6, 5e8, 1e9),
        Table(4e9, 8e9, 5e11, 1e12)}) {
    SCOPED_TRACE(Describe(t));
    for (LogBase base : {LogBase::kTwo, LogBase::kE, LogBase::kTen}) {
      EXPECT_EQ(Score(Measure::kPmi, t, base), 0);
      EXPECT_EQ(Score(Measure::kPpmi, t, base), 0);
      EXPECT_EQ(Score(Measure::kMi, t, base), 0);
    }
    EXPECT_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kLlr, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kChi2, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kTscore, t, LogBase::kTwo), 0);
  }
}

TEST(Measures, LlrIsTwiceNTimesMiInNats) {
  for (const ContingencyTable& t : VariedTables()) {
    SCOPED_TRACE(Describe(t));
    const double llr = Score(Measure::kLlr, t, LogBase::kTwo);
    const double mi = Score(Measure::kMi, t, LogBase::kE);
    EXPECT_GT(llr, 0);
    EXPECT_REL_NEAR(llr, 2 * t.n * mi, 1e-14);
  }
}

TEST(Measures, BaseScalesPmiPpmiAndMiOnly) {
  for (const ContingencyTable& t : VariedTables()) {
    SCOPED_TRACE(Describe(t));
    for (Measure m : {Measure::kPmi, Measure::kPpmi, Measure::kMi}) {
      SCOPED_TRACE(MeasureName(m));
      const double bits = Score(m, t, LogBase::kTwo);
      const double nats = Score(m, t, LogBase::kE);
      const double hartleys = Score(m, t, LogBase::kTen);
      if (std::isinf(nats)) {  // pmi of O11 = 0.
        EXPECT_EQ(bits, nats);
        EXPECT_EQ(hartleys, nats);
        continue;
      }
      EXPECT_REL_NEAR(nats, bits * kLn2, 1e-15);
      EXPECT_REL_NEAR(nats, hartleys * kLn10, 1e-15);
    }
    for (Measure m :
         {Measure::kCount, Measure::kNpmi, Measure::kLlr, Measure::kChi2,
          Measure::kTscore, Measure::kDice, Measure::kLogDice}) {
      SCOPED_TRACE(MeasureName(m));
      EXPECT_EQ(Score(m, t, LogBase::kTwo), Score(m, t, LogBase::kE));
      EXPECT_EQ(Score(m, t, LogBase::kTwo), Score(m, t, LogBase::kTen));
    }
  }
}

// O11=0, R1=20, C1=40, N=100. Completed:
//   0  20 | 20     E11 = 8   E12 = 12
//  40  40 | 80     E21 = 32  E22 = 48
TEST(Measures, UnseenPairHasMinusInfinitePmiAndFiniteMi) {
  const ContingencyTable t = Table(0, 20, 40, 100);
  EXPECT_EQ(Score(Measure::kCount, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kPmi, t, LogBase::kTwo), -kInf);
  EXPECT_EQ(Score(Measure::kPpmi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), -1);
  EXPECT_EQ(Score(Measure::kDice, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kLogDice, t, LogBase::kTwo), -kInf);
  EXPECT_EQ(Score(Measure::kTscore, t, LogBase::kTwo), -kInf);  // E11 > 0.
  // 0 ln 0 = 0: llr = 2*(20 ln(20/12) + 40 ln(40/32) + 40 ln(40/48)).
  const double llr = 2 * (20 * std::log(20.0 / 12) + 40 * std::log(40.0 / 32) +
                          40 * std::log(40.0 / 48));
  EXPECT_REL_NEAR(Score(Measure::kLlr, t, LogBase::kTwo), llr, 1e-14);
  EXPECT_REL_NEAR(Score(Measure::kMi, t, LogBase::kE), llr / 200, 1e-14);
  // chi2 = 100*(0*40 - 20*40)^2 / (20*80*40*60) = 64e6/3.84e6 = 50/3.
  EXPECT_REL_NEAR(Score(Measure::kChi2, t, LogBase::kTwo), 50.0 / 3, 1e-14);
}

TEST(Measures, WordThatNeverOccursScoresNoEvidence) {
  // R1 = 0: every E1j is 0, so chi2 and tscore are 0 and mi and llr are 0.
  for (const ContingencyTable& t :
       {Table(0, 0, 40, 100), Table(0, 40, 0, 100), Table(0, 0, 0, 100)}) {
    SCOPED_TRACE(Describe(t));
    EXPECT_EQ(Score(Measure::kPmi, t, LogBase::kTwo), -kInf);
    EXPECT_EQ(Score(Measure::kPpmi, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), -1);
    EXPECT_EQ(Score(Measure::kMi, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kLlr, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kChi2, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kTscore, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kDice, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kLogDice, t, LogBase::kTwo), -kInf);
  }
}

TEST(Measures, PairThatIsEveryEventHasNpmiOne) {
  // O11 = R1 = C1 = N: a single-cell table with no variation.
  for (double n : {1.0, 50.0, 5e12}) {
    const ContingencyTable t = Table(n, n, n, n);
    SCOPED_TRACE(Describe(t));
    EXPECT_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kPmi, t, LogBase::kTwo), 0);  // log2(N*N/(N*N)).
    EXPECT_EQ(Score(Measure::kChi2, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kMi, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kLlr, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kTscore, t, LogBase::kTwo), 0);  // N - N*N/N.
    EXPECT_EQ(Score(Measure::kDice, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kLogDice, t, LogBase::kTwo), 14);
  }
}

TEST(Measures, PerfectAssociationHasNpmiOne) {
  // O11 = R1 = C1 < N: x and y only ever occur together.
  // pmi = log2(25*4000/(25*25)) = log2(160) = -log2(25/4000), so npmi = 1.
  const ContingencyTable t = Table(25, 25, 25, 4000);
  EXPECT_REL_NEAR(Score(Measure::kPmi, t, LogBase::kTwo), std::log2(160.0),
                  1e-15);
  EXPECT_DOUBLE_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kDice, t, LogBase::kTwo), 1);
}

TEST(Measures, NpmiStaysAccurateWhenThePairIsAlmostEveryEvent) {
  // With O11/N within 1e-12 of 1, -log(O11/N) must not be formed from the
  // rounded quotient. O11 = N-2, R1 = N-1, C1 = N-2:
  // pmi = ln((N-2)*N / ((N-1)*(N-2))) = ln(1 + 1/(N-1)),
  // -log(O11/N) = -ln(1 - 2/N), so npmi is about 1/2.
  const double n = 1e12;
  EXPECT_REL_NEAR(
      Score(Measure::kNpmi, Table(n - 2, n - 1, n - 2, n), LogBase::kTwo),
      std::log1p(1 / (n - 1)) / -std::log1p(-2 / n), 1e-14);
}

TEST(Measures, LeftWordInEveryEventCarriesNoEvidence) {
  // R1 = N forces O11 = C1: y tells nothing about x.
  const ContingencyTable t = Table(30, 100, 30, 100);
  // pmi = log2(30*100 / (100*30)) = 0.
  EXPECT_EQ(Score(Measure::kPmi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kNpmi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kMi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kLlr, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kChi2, t, LogBase::kTwo), 0);    // R2 = 0.
  EXPECT_EQ(Score(Measure::kTscore, t, LogBase::kTwo), 0);  // 30 - 100*30/100.
  // dice = 60/130.
  EXPECT_REL_NEAR(Score(Measure::kDice, t, LogBase::kTwo), 60.0 / 130, 1e-15);
}

TEST(Measures, ZeroCellsContributeNothingToMiAndLlr) {
  // O12 = 0 (O11 = R1): cells 48, 0, 252, 1700; R = 48, 1952; C = 300, 1700.
  {
    const ContingencyTable t = Table(48, 48, 300, 2000);
    const double mi = 48.0 / 2000 * std::log(48.0 * 2000 / (48 * 300)) +
                      252.0 / 2000 * std::log(252.0 * 2000 / (1952 * 300)) +
                      1700.0 / 2000 * std::log(1700.0 * 2000 / (1952 * 1700));
    EXPECT_REL_NEAR(Score(Measure::kMi, t, LogBase::kE), mi, 1e-13);
    EXPECT_REL_NEAR(Score(Measure::kLlr, t, LogBase::kE), 2 * 2000 * mi, 1e-13);
  }
  // O22 = 0: cells 10, 50, 40, 0; R = 60, 40; C = 50, 50.
  {
    const ContingencyTable t = Table(10, 60, 50, 100);
    const double mi = 0.1 * std::log(10.0 * 100 / (60 * 50)) +
                      0.5 * std::log(50.0 * 100 / (60 * 50)) +
                      0.4 * std::log(40.0 * 100 / (40 * 50));
    EXPECT_REL_NEAR(Score(Measure::kMi, t, LogBase::kE), mi, 1e-13);
    EXPECT_REL_NEAR(Score(Measure::kLlr, t, LogBase::kE), 2 * 100 * mi, 1e-13);
  }
}

// Reference values for tables with counts above 2^32, in exact arithmetic
// (mpmath, 50 digits). Produced by:
// clang-format off
// /usr/bin/python3 -c '
// import mpmath as mp
// mp.mp.dps = 50
// T = [(123456789, 987654321, 2345678901, 5000000000000),
//      (4000000000, 6000000000, 7000000000, 80000000000),
//      (1000001, 2000000, 3000000, 6000000000000)]
// for o11, r1, c1, n in T:
//     o = [o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]
//     r = [r1, r1, n - r1, n - r1]
//     c = [c1, n - c1, c1, n - c1]
//     N = mp.mpf(n)
//     e = [mp.mpf(r[i]) * c[i] / N for i in range(4)]
//     g2 = 2 * sum(o[i] * mp.log(o[i] / e[i]) for i in range(4) if o[i] > 0)
//     x2 = sum((o[i] - e[i]) ** 2 / e[i] for i in range(4))
//     pmi = mp.log(mp.mpf(o11) * n / (mp.mpf(r1) * c1))
//     tscore = (o11 - e[0]) / mp.sqrt(o11)
//     print((o11, r1, c1, n), mp.nstr(x2, 17), mp.nstr(g2, 17),
//           mp.nstr(pmi, 17), mp.nstr(tscore, 17))
// '
// clang-format on
TEST(Measures, CountsAboveTwoToThe32AreFiniteAndAccurate) {
  struct Case {
    ContingencyTable table;
    double chi2, llr, pmi_nats, tscore;
  };
  const Case kCases[] = {
      {Table(123456789, 987654321, 2345678901, 5e12), 32670064585.285436,
       1155641185.1485438, 5.5851767706042763, 11069.410102125295},
      {Table(4e9, 6e9, 7e9, 8e10), 27250577387.563689, 14726853511.502137,
       2.0306513775104039, 54944.574345425591},
      {Table(1000001, 2000000, 3000000, 6e12), 1000000833333.8611,
       26622896.650623129, 13.815511557963774, 999.999500000375},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(Describe(c.table));
    for (Measure m : AllMeasures()) {
      EXPECT_TRUE(std::isfinite(Score(m, c.table, LogBase::kTwo)))
          << MeasureName(m);
    }
    EXPECT_REL_NEAR(Score(Measure::kChi2, c.table, LogBase::kTwo), c.chi2,
                    1e-14);
    EXPECT_REL_NEAR(Score(Measure::kLlr, c.table, LogBase::kTwo), c.llr, 1e-14);
    EXPECT_REL_NEAR(Score(Measure::kMi, c.table, LogBase::kE),
                    c.llr / (2 * c.table.n), 1e-14);
    EXPECT_REL_NEAR(Score(Measure::kPmi, c.table, LogBase::kE), c.pmi_nats,
                    1e-15);
    EXPECT_REL_NEAR(Score(Measure::kTscore, c.table, LogBase::kTwo), c.tscore,
                    1e-14);
  }
}

// Near independence the scores are differences of nearly equal quantities;
// they must keep their relative accuracy. Same mpmath command as above, with
// T = [(3, 1000, 2000, 1000000), (120, 800, 650, 5000),
//      (4000000001, 8000000000, 500000000000, 1000000000000)].
// In the last, O11*O22 and O12*O21 are near 2e21 and differ by 1e12.
TEST(Measures, NearlyIndependentTablesKeepRelativeAccuracy) {
  struct Case {
    ContingencyTable table;
    double chi2, llr, pmi_nats;
  };
  const Case kCases[] = {
      {Table(3, 1000, 2000, 1e6), 0.50150350751553156, 0.434294574523784,
       0.40546510810816438},
      {Table(120, 800, 650, 5000), 3.3682792303481959, 3.2583407519695999,
       0.14310084364067333},
      {Table(4000000001, 8e9, 5e11, 1e12), 5.0403225806451613e-10,
       5.0403225806451613e-10, 2.4999999996875e-10},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(Describe(c.table));
    EXPECT_REL_NEAR(Score(Measure::kChi2, c.table, LogBase::kTwo), c.chi2,
                    1e-14);
    EXPECT_REL_NEAR(Score(Measure::kLlr, c.table, LogBase::kTwo), c.llr, 1e-14);
    EXPECT_REL_NEAR(Score(Measure::kPmi, c.table, LogBase::kE), c.pmi_nats,
                    1e-15);
  }
  // One event more than independence in a billion: pmi = ln(1 + 1/1e6).
  const ContingencyTable t = Table(1e6 + 1, 2e6, 5e8, 1e9);
  EXPECT_REL_NEAR(Score(Measure::kPmi, t, LogBase::kE), std::log1p(1e-6),
                  1e-15);
  EXPECT_GT(Score(Measure::kLlr, t, LogBase::kE), 0);
  EXPECT_GT(Score(Measure::kChi2, t, LogBase::kE), 0);
}

TEST(Measures, ScalingATableByAPowerOfTwoScalesOnlyTheCountDependentScores) {
  const ContingencyTable base = Table(10, 20, 40, 100);
  // Far beyond the range where products of counts fit in a double, and far
  // below the range where they stay normal.
  for (int e : {600, 1000, -600, -1000}) {
    const ContingencyTable t =
        Table(std::ldexp(base.o11, e), std::ldexp(base.r1, e),
              std::ldexp(base.c1, e), std::ldexp(base.n, e));
    SCOPED_TRACE(e);
    for (Measure m : {Measure::kPmi, Measure::kNpmi, Measure::kPpmi,
                      Measure::kMi, Measure::kDice, Measure::kLogDice}) {
      EXPECT_REL_NEAR(Score(m, t, LogBase::kTwo), Score(m, base, LogBase::kTwo),
                      1e-15)
          << MeasureName(m);
    }
    EXPECT_REL_NEAR(Score(Measure::kChi2, t, LogBase::kTwo),
                    std::ldexp(Score(Measure::kChi2, base, LogBase::kTwo), e),
                    1e-15);
    EXPECT_REL_NEAR(Score(Measure::kLlr, t, LogBase::kTwo),
                    std::ldexp(Score(Measure::kLlr, base, LogBase::kTwo), e),
                    1e-15);
    EXPECT_REL_NEAR(
        Score(Measure::kTscore, t, LogBase::kTwo),
        std::ldexp(Score(Measure::kTscore, base, LogBase::kTwo), e / 2), 1e-15);
  }
}

TEST(Measures, NeverReturnNaNForValidTables) {
  std::vector<ContingencyTable> tables;
  // Every valid table with N <= 6, then a few at the edges of double range.
  for (int n = 1; n <= 6; ++n) {
    for (int r1 = 0; r1 <= n; ++r1) {
      for (int c1 = 0; c1 <= n; ++c1) {
        for (int o11 = 0; o11 <= std::min(r1, c1); ++o11) {
          if (r1 + c1 - o11 <= n) tables.push_back(Table(o11, r1, c1, n));
        }
      }
    }
  }
  const double kMax = std::numeric_limits<double>::max();
  const double kTiny = std::numeric_limits<double>::denorm_min();
  tables.push_back(Table(kMax, kMax, kMax, kMax));
  tables.push_back(Table(1, kMax / 2, kMax / 2, kMax));
  tables.push_back(Table(kTiny, kTiny, kTiny, kTiny));
  tables.push_back(Table(0.25, 0.5, 0.75, 1));
  for (const ContingencyTable& t : tables) {
    SCOPED_TRACE(Describe(t));
    ASSERT_OK(ValidateTable(t));
    for (Measure m : AllMeasures()) {
      for (LogBase base : {LogBase::kTwo, LogBase::kE, LogBase::kTen}) {
        const double score = Score(m, t, base);
        EXPECT_FALSE(std::isnan(score)) << MeasureName(m);
        if (m == Measure::kNpmi) {
          EXPECT_GE(score, -1);
          EXPECT_LE(score, 1);
        }
        if (m == Measure::kPpmi || m == Measure::kMi || m == Measure::kLlr ||
            m == Measure::kChi2 || m == Measure::kDice) {
          EXPECT_GE(score, 0) << MeasureName(m);
        }
      }
    }
  }
  // 4 + 10 + 20 + 35 + 56 + 84 small tables, then the 4 edge tables.
  EXPECT_EQ(tables.size(), 213u);
}

// Reference values from SciPy 1.10.1 and scikit-learn 1.2.1, produced by:
// clang-format off
// /usr/bin/python3 -c '
// import numpy as np, scipy.stats as st
// from sklearn.metrics import mutual_info_score
// T = [(10, 20, 40, 100), (2, 400, 500, 3000), (48, 50, 300, 2000),
//      (700, 1000, 900, 4000), (1, 1, 1, 10000), (0, 30, 50, 1000),
//      (25, 25, 25, 4000), (3, 1000, 2000, 1000000),
//      (123456789, 987654321, 2345678901, 5000000000000),
//      (4000000000, 6000000000, 7000000000, 80000000000)]
// for o11, r1, c1, n in T:
//     t = [[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]]
//     chi2 = st.chi2_contingency(t, correction=False)[0]
//     llr = st.chi2_contingency(t, correction=False,
//                               lambda_="log-likelihood")[0]
//     mi = (mutual_info_score(None, None, contingency=np.array(t))
//           if n <= 10000 else None)
//     print((o11, r1, c1, n), repr(chi2), repr(llr), repr(mi))
// '
// clang-format on
constexpr double kReferenceTolerance = 1e-12;
struct ReferenceCase {
  ContingencyTable table;
  double chi2;  // scipy.stats.chi2_contingency, correction=False.
  double llr;   // Same, lambda_="log-likelihood".
  double mi;    // sklearn.metrics.mutual_info_score (nats); NaN: not run.
  // SciPy sums O ln(O/E) directly, which near independence loses digits to
  // cancellation: for (3, 1000, 2000, 1e6) its llr is 1.5e-10 (relative)
  // away from the exact 0.434294574523784 that Score matches to 1e-14 in
  // NearlyIndependentTablesKeepRelativeAccuracy, so that case gets a wider
  // band. Every other case uses kReferenceTolerance.
  double llr_tolerance = kReferenceTolerance;
};
constexpr double kNotRun = std::numeric_limits<double>::quiet_NaN();
const ReferenceCase kReferenceCases[] = {
    {Table(10, 20, 40, 100), 1.0416666666666665, 1.026328074176353,
     0.005131640370882318},
    {Table(2, 400, 500, 3000), 86.85230769230769, 138.2644065475805,
     0.023044067757929568},
    {Table(48, 50, 300, 2000), 263.8914027149321, 172.84687737582232,
     0.04321171934395614},
    {Table(700, 1000, 900, 4000), 1725.2090800477895, 1574.0019610207898,
     0.1967502451275996},
    {Table(1, 1, 1, 10000), 10000.000000000002, 20.42058074062165,
     0.0010210290370317207},
    {Table(0, 30, 50, 1000), 1.6277807921866523, 3.1259614088266954,
     0.0015629807044131583},
    {Table(25, 25, 25, 4000), 4000.0, 303.6021142197747, 0.03795026427747152},
    {Table(3, 1000, 2000, 1e6), 0.5015035075155315, 0.43429457446000796,
     kNotRun, /*llr_tolerance=*/1e-9},
    {Table(123456789, 987654321, 2345678901, 5e12), 32670064585.285427,
     1155641185.1488118, kNotRun},
    {Table(4e9, 6e9, 7e9, 8e10), 27250577387.56369, 14726853511.502151,
     kNotRun},
};
TEST(Measures, Chi2MatchesScipy) {
  for (const ReferenceCase& c : kReferenceCases) {
    SCOPED_TRACE(Describe(c.table));
    EXPECT_REL_NEAR(Score(Measure::kChi2, c.table, LogBase::kTwo), c.chi2,
                    kReferenceTolerance);
  }
}

TEST(Measures, LlrMatchesScipy) {
  for (const ReferenceCase& c : kReferenceCases) {
    SCOPED_TRACE(Describe(c.table));
    EXPECT_REL_NEAR(Score(Measure::kLlr, c.table, LogBase::kTwo), c.llr,
                    c.llr_tolerance);
  }
}

TEST(Measures, MiInNatsMatchesScikitLearn) {
  int compared = 0;
  for (const ReferenceCase& c : kReferenceCases) {
    if (std::isnan(c.mi)) continue;
    SCOPED_TRACE(Describe(c.table));
    EXPECT_REL_NEAR(Score(Measure::kMi, c.table, LogBase::kE), c.mi,
                    kReferenceTolerance);
    ++compared;
  }
  EXPECT_EQ(compared, 7);
}

// The same table as the first reference case, given to scikit-learn as the
// two indicator variables over all 100 pair events:
// clang-format off
// /usr/bin/python3 -c '
// from sklearn.metrics import mutual_info_score
// a = [1] * 10 + [1] * 10 + [0] * 30 + [0] * 50   # left word is x
// b = [1] * 10 + [0] * 10 + [1] * 30 + [0] * 50   # right word is y
// print(repr(mutual_info_score(a, b)))
// '
// clang-format on
TEST(Measures, MiIsTheMutualInformationOfTheIndicatorVariables) {
  EXPECT_REL_NEAR(Score(Measure::kMi, Table(10, 20, 40, 100), LogBase::kE),
                  0.005131640370882318, kReferenceTolerance);
}

TEST(ValidateTable, AcceptsValidTablesIncludingEdges) {
  EXPECT_OK(ValidateTable(Table(10, 20, 40, 100)));
  EXPECT_OK(ValidateTable(Table(0, 0, 0, 1)));
  EXPECT_OK(ValidateTable(Table(5, 5, 5, 5)));
  EXPECT_OK(ValidateTable(Table(30, 100, 30, 100)));  // R1 + C1 - O11 = N.
  EXPECT_OK(ValidateTable(Table(0.5, 1.5, 2.5, 4)));  // Scaled counts.
  EXPECT_OK(ValidateTable(Table(123456789, 987654321, 2345678901, 5e12)));
}

TEST(ValidateTable, RejectsEachBrokenConditionByName) {
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    ContingencyTable table;
    const char* condition;
  };
  const Case kCases[] = {
      {Table(0, 0, 0, 0), "N > 0"},
      {Table(0, 0, 0, -5), "N > 0"},
      {Table(-1, 20, 40, 100), "O11 >= 0"},
      {Table(21, 20, 40, 100), "O11 <= R1"},
      {Table(21, 40, 20, 100), "O11 <= C1"},
      {Table(10, 101, 40, 100), "R1 <= N"},
      {Table(10, 40, 101, 100), "C1 <= N"},
      {Table(10, 60, 60, 100), "R1 + C1 - O11 <= N"},
      {Table(0, 5e12, 5e12, 9.999999999999e12), "R1 + C1 - O11 <= N"},
      {Table(kNaN, 20, 40, 100), "finite"},
      {Table(10, kNaN, 40, 100), "finite"},
      {Table(10, 20, kNaN, 100), "finite"},
      {Table(10, 20, 40, kNaN), "finite"},
      {Table(10, 20, 40, kInf), "finite"},
      {Table(kInf, kInf, kInf, kInf), "finite"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(Describe(c.table));
    const absl::Status status = ValidateTable(c.table);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(c.condition), absl::string_view::npos)
        << status;
  }
}

TEST(MeasureNames, ListEveryMeasureOnceInReportOrder) {
  std::vector<std::string> names;
  for (Measure m : AllMeasures()) names.emplace_back(MeasureName(m));
  EXPECT_EQ(names, (std::vector<std::string>{"count", "pmi", "npmi", "ppmi",
                                             "mi", "llr", "chi2", "tscore",
                                             "dice", "logdice"}));
}

TEST(MeasureNames, RoundTripThroughParseMeasure) {
  for (Measure m : AllMeasures()) {
    absl::StatusOr<Measure> parsed = ParseMeasure(MeasureName(m));
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, m);
  }
}

TEST(MeasureNames, ParseMeasureRejectsUnknownNamesListingValidOnes) {
  for (absl::string_view name : {"", "pmi2", " pmi", "log-dice", "g2"}) {
    const absl::StatusOr<Measure> parsed = ParseMeasure(name);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << parsed.status();
    for (Measure m : AllMeasures()) {
      EXPECT_NE(parsed.status().message().find(MeasureName(m)),
                absl::string_view::npos)
          << parsed.status();
    }
  }
}

TEST(LogBaseNames, ParseTwoEAndTen) {
  const struct {
    const char* name;
    LogBase base;
  } kCases[] = {
      {"2", LogBase::kTwo}, {"e", LogBase::kE}, {"10", LogBase::kTen}};
  for (const auto& c : kCases) {
    absl::StatusOr<LogBase> parsed = ParseLogBase(c.name);
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, c.base);
    EXPECT_EQ(LogBaseName(c.base), c.name);
  }
  for (absl::string_view name : {"", "3", "ln", "two", "10.0", "e "}) {
    EXPECT_EQ(ParseLogBase(name).status().code(),
              absl::StatusCode::kInvalidArgument)
        << name;
  }
}

}  // namespace
}  // namespace cooc
