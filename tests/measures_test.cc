// Tests of the association measures: hand-worked small tables, identities
// between measures, the edge values the contract defines, accuracy against
// exact (mpmath) values, and reference values from SciPy and scikit-learn.
// Every literal reference value comes with the command that produced it.

#include "cooc/measures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
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
  return ContingencyTable{
      .o11 = o11, .r1 = r1, .c1 = c1, .n = n, .cds_c1 = std::nullopt};
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

TEST(Measures, BaseScalesThePmiFamilyMiAndPoissonStirlingOnly) {
  for (const ContingencyTable& t : VariedTables()) {
    SCOPED_TRACE(Describe(t));
    for (Measure m : {Measure::kPmi, Measure::kPpmi, Measure::kMi,
                      Measure::kMi2, Measure::kMi3, Measure::kLocalMi}) {
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
    // poisson_stirling = O11 (log_b(O11/E11) - 1): the -1 is not scaled.
    if (t.o11 > 0) {
      const double ratio_nats = Score(Measure::kPmi, t, LogBase::kE);
      EXPECT_REL_NEAR(Score(Measure::kPoissonStirling, t, LogBase::kTwo),
                      t.o11 * (ratio_nats / kLn2 - 1), 1e-12);
      EXPECT_REL_NEAR(Score(Measure::kPoissonStirling, t, LogBase::kTen),
                      t.o11 * (ratio_nats / kLn10 - 1), 1e-12);
    }
    for (Measure m :
         {Measure::kCount, Measure::kNpmi, Measure::kLlr, Measure::kChi2,
          Measure::kTscore, Measure::kDice, Measure::kLogDice,
          Measure::kZscore, Measure::kJaccard, Measure::kPhi2,
          Measure::kLogOdds, Measure::kMinSensitivity, Measure::kSimpleLl,
          Measure::kMiLike, Measure::kRawFreq, Measure::kFisher,
          Measure::kFisherLeft, Measure::kLlrP, Measure::kChi2P}) {
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
            m == Measure::kChi2 || m == Measure::kDice ||
            m == Measure::kJaccard || m == Measure::kPhi2 ||
            m == Measure::kMinSensitivity || m == Measure::kSimpleLl ||
            m == Measure::kMiLike || m == Measure::kRawFreq) {
          EXPECT_GE(score, 0) << MeasureName(m);
        }
        if (MeasureRanking(m) == Ranking::kLowerIsStronger ||
            m == Measure::kFisherLeft) {  // p-values.
          EXPECT_GE(score, 0) << MeasureName(m);
          EXPECT_LE(score, 1) << MeasureName(m);
        }
        if (m == Measure::kLogOdds) {
          EXPECT_TRUE(std::isfinite(score));
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
  EXPECT_OK(ValidateTable(Table(0, 0, 0, 0)));  // The empty table.
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
      {Table(0, 0, 0, -5), "N > 0"},
      {Table(0, 1, 0, 0), "N > 0"},
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
  ContingencyTable smoothed = Table(10, 20, 40, 100);
  smoothed.cds_c1 = 0;
  ContingencyTable negative = Table(0, 20, 40, 100);
  negative.cds_c1 = -1;
  ContingencyTable infinite = Table(10, 20, 40, 100);
  infinite.cds_c1 = kInf;
  const Case kSmoothingCases[] = {
      {smoothed, "cds C1 > 0"},
      {negative, "cds C1 > 0"},
      {infinite, "finite"},
  };
  std::vector<Case> cases(std::begin(kCases), std::end(kCases));
  cases.insert(cases.end(), std::begin(kSmoothingCases),
               std::end(kSmoothingCases));
  for (const Case& c : cases) {
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
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "count", "pmi", "npmi", "ppmi", "mi", "llr", "chi2", "tscore",
                "dice", "logdice", "mi2", "mi3", "local_mi", "zscore",
                "poisson_stirling", "jaccard", "phi2", "log_odds",
                "min_sensitivity", "simple_ll", "mi_like", "raw_freq",
                "fisher", "fisher_left", "llr_p", "chi2_p"}));
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

// The measures added for issue 3, by hand on the table of
// MatchHandComputedValuesForASmallTable: O11=10, R1=20, C1=40, N=100,
// cells 10 10 30 50, E11 = 8.
TEST(Measures, Issue3MeasuresMatchHandComputedValues) {
  const ContingencyTable t = Table(10, 20, 40, 100);
  constexpr double kRel = 1e-14;
  const auto score = [&t](Measure m, LogBase base = LogBase::kTwo) {
    return Score(m, t, base);
  };
  // mi2 = log2(10^2*100 / (20*40)) = log2(12.5); mi3 = log2(125).
  EXPECT_REL_NEAR(score(Measure::kMi2), std::log2(12.5), kRel);
  EXPECT_REL_NEAR(score(Measure::kMi3), std::log2(125.0), kRel);
  EXPECT_REL_NEAR(score(Measure::kMi3, LogBase::kE), std::log(125.0), kRel);
  // local_mi = 10 * log2(1.25).
  EXPECT_REL_NEAR(score(Measure::kLocalMi), 10 * std::log2(1.25), kRel);
  // zscore = (10 - 8) / sqrt(8).
  EXPECT_REL_NEAR(score(Measure::kZscore), 2 / std::sqrt(8.0), kRel);
  // poisson_stirling = 10 * (log_b(10/8) - 1).
  EXPECT_REL_NEAR(score(Measure::kPoissonStirling),
                  10 * (std::log2(1.25) - 1), kRel);
  EXPECT_REL_NEAR(score(Measure::kPoissonStirling, LogBase::kE),
                  10 * (std::log(1.25) - 1), kRel);
  // jaccard = 10 / (20 + 40 - 10).
  EXPECT_REL_NEAR(score(Measure::kJaccard), 0.2, kRel);
  // phi2 = (10*50 - 10*30)^2 / (20*80*40*60) = 40000/3840000 = chi2/N.
  EXPECT_REL_NEAR(score(Measure::kPhi2), 40000.0 / 3840000, kRel);
  // log_odds = ln(10.5*50.5 / (10.5*30.5)).
  EXPECT_REL_NEAR(score(Measure::kLogOdds), std::log(50.5 / 30.5), kRel);
  // min_sensitivity = min(10/20, 10/40).
  EXPECT_REL_NEAR(score(Measure::kMinSensitivity), 0.25, kRel);
  // simple_ll = 2 * (10 ln(10/8) - (10 - 8)).
  EXPECT_REL_NEAR(score(Measure::kSimpleLl), 2 * (10 * std::log(1.25) - 2),
                  kRel);
  // mi_like = 10^3 / (20*40); raw_freq = 10/100.
  EXPECT_REL_NEAR(score(Measure::kMiLike), 1.25, kRel);
  EXPECT_REL_NEAR(score(Measure::kRawFreq), 0.1, kRel);
  // llr_p and chi2_p: the chi-square(1) survival function, which is
  // erfc(sqrt(x/2)); chi2 = 25/24 and llr as in the small-table test.
  EXPECT_REL_NEAR(score(Measure::kChi2P), std::erfc(std::sqrt(25.0 / 48)),
                  kRel);
  const double llr = 2 * (10 * std::log(10.0 / 8) + 10 * std::log(10.0 / 12) +
                          30 * std::log(30.0 / 32) + 50 * std::log(50.0 / 48));
  EXPECT_REL_NEAR(score(Measure::kLlrP), std::erfc(std::sqrt(llr / 2)), 1e-13);
}

// The chi-square(1) survival function at known points: P(chi2_1 >= 3.841459)
// = 0.05 and P(chi2_1 >= 6.634897) = 0.01 (the textbook critical values,
// given to 7 significant digits).
TEST(Measures, PValuesAreTheChiSquareOneSurvivalFunction) {
  // chi2 = N*D^2/(R1 R2 C1 C2); choose tables and compare p at the
  // table's own statistic with the critical values' neighbourhood.
  const ContingencyTable t = Table(10, 20, 40, 100);
  const double chi2 = Score(Measure::kChi2, t, LogBase::kTwo);
  EXPECT_REL_NEAR(Score(Measure::kChi2P, t, LogBase::kTwo),
                  std::erfc(std::sqrt(chi2 / 2)), 1e-15);
  // erfc(sqrt(x/2)) itself at the critical values.
  EXPECT_NEAR(std::erfc(std::sqrt(3.841459 / 2)), 0.05, 1e-7);
  EXPECT_NEAR(std::erfc(std::sqrt(6.634897 / 2)), 0.01, 1e-7);
  // No evidence: p = 1. Overwhelming evidence: p below the smallest normal
  // double is 0, never a subnormal.
  EXPECT_EQ(Score(Measure::kChi2P, Table(8, 20, 40, 100), LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kLlrP, Table(8, 20, 40, 100), LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kChi2P, Table(700, 1000, 900, 4000), LogBase::kTwo),
            0);
  EXPECT_EQ(Score(Measure::kFisher, Table(700, 1000, 900, 4000), LogBase::kTwo),
            0);
}

// P(X = k) for the hypergeometric X of a table, from the definition with
// exact integer binomial coefficients: C(R1,k) C(N-R1,C1-k) / C(N,C1).
unsigned __int128 Binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  unsigned __int128 result = 1;
  for (int i = 1; i <= k; ++i) result = result * (n - k + i) / i;
  return result;
}

// Fisher's test from its definition, on every table with N <= 40 whose
// margins are multiples of 3 or near them (so that both tails and the
// boundaries of the support are exercised), in exact integer arithmetic.
TEST(Measures, FisherMatchesTheHypergeometricDefinitionOnSmallTables) {
  int tables = 0;
  for (int n : {1, 2, 7, 12, 25, 40}) {
    for (int r1 = 0; r1 <= n; ++r1) {
      for (int c1 = 0; c1 <= n; ++c1) {
        const int lo = std::max(0, r1 + c1 - n), hi = std::min(r1, c1);
        const unsigned __int128 total = Binomial(n, c1);
        for (int o11 = lo; o11 <= hi; ++o11) {
          unsigned __int128 upper = 0, lower = 0;
          for (int k = lo; k <= hi; ++k) {
            const unsigned __int128 ways =
                Binomial(r1, k) * Binomial(n - r1, c1 - k);
            if (k >= o11) upper += ways;
            if (k <= o11) lower += ways;
          }
          const ContingencyTable t = Table(o11, r1, c1, n);
          SCOPED_TRACE(Describe(t));
          const double expected_upper =
              static_cast<double>(upper) / static_cast<double>(total);
          const double expected_lower =
              static_cast<double>(lower) / static_cast<double>(total);
          EXPECT_REL_NEAR(Score(Measure::kFisher, t, LogBase::kTwo),
                          expected_upper, 1e-12);
          EXPECT_REL_NEAR(Score(Measure::kFisherLeft, t, LogBase::kTwo),
                          expected_lower, 1e-12);
          ++tables;
        }
      }
    }
  }
  EXPECT_GT(tables, 10000);
}

// Reference values from SciPy 1.10.1 (fisher_exact) and, for the last two
// rows and where SciPy is less accurate, mpmath with 40 digits, summing the
// hypergeometric probabilities exactly (tests/parity/scipy_parity.py covers
// corpus tables). Produced by:
// clang-format off
// /usr/bin/python3 -c '
// import scipy.stats as st
// T = [(10, 20, 40, 100), (2, 400, 500, 3000), (48, 50, 300, 2000),
//      (1, 1, 1, 10000), (0, 30, 50, 1000), (25, 25, 25, 4000),
//      (120, 800, 650, 5000)]
// for o11, r1, c1, n in T:
//     t = [[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]]
//     print((o11, r1, c1, n),
//           repr(st.fisher_exact(t, alternative="greater").pvalue),
//           repr(st.fisher_exact(t, alternative="less").pvalue))
// '
// and, for the mpmath values, with mp.dps = 40, X ~ hypergeometric(white =
// R1, black = N - R1, draws = C1), log P(X = k) from mp.loggamma, and each
// tail summed term by term (ratios of consecutive probabilities) from O11
// away from the mode until a term is below 1e-35 of the sum (the tail
// containing the mode as 1 minus the other).
// clang-format on
TEST(Measures, FisherMatchesScipyAndMpmath) {
  struct Case {
    ContingencyTable table;
    double upper;  // fisher_exact(alternative="greater")
    double lower;  // fisher_exact(alternative="less")
    double tolerance;
  };
  const Case kCases[] = {
      {Table(10, 20, 40, 100), 0.2209799886669635, 0.8982560636875964, 1e-13},
      {Table(2, 400, 500, 3000), 1.0, 2.6693924711436736e-31, 1e-12},
      {Table(48, 50, 300, 2000), 8.775613187968136e-39, 1.0, 1e-12},
      {Table(1, 1, 1, 10000), 0.0001, 1.0, 1e-13},
      {Table(0, 30, 50, 1000), 1.0, 0.2096813180515342, 1e-13},
      {Table(25, 25, 25, 4000), 1.4851991344268275e-65, 1.0, 1e-12},
      {Table(120, 800, 650, 5000), 0.039310108295543426, 0.9692428806965401,
       1e-12},
      // SciPy: 0.323323199766896 and 0.8573947254066823, 3e-11 and 5e-12
      // from the exact values below.
      {Table(3, 1000, 2000, 1e6), 0.3233231997571021, 0.85739472541943893,
       1e-13},
      // Counts of 10^9: the standard deviation of X is about 18,000.
      {Table(600100000, 2e9, 3e9, 1e10), 2.4437244800453403e-8,
       0.99999997557025696, 1e-12},
      {Table(599950000, 2e9, 3e9, 1e10), 0.99681174877366228,
       0.0031887785169892884, 1e-12},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(Describe(c.table));
    EXPECT_REL_NEAR(Score(Measure::kFisher, c.table, LogBase::kTwo), c.upper,
                    c.tolerance);
    EXPECT_REL_NEAR(Score(Measure::kFisherLeft, c.table, LogBase::kTwo),
                    c.lower, c.tolerance);
  }
}

TEST(Measures, FisherTailsOverlapInThePointProbability) {
  // P(X >= k) + P(X <= k) = 1 + P(X = k), and P(X = k) > 0 inside the
  // support, so the sum exceeds 1 unless the point is negligible.
  for (const ContingencyTable& t : VariedTables()) {
    SCOPED_TRACE(Describe(t));
    const double upper = Score(Measure::kFisher, t, LogBase::kTwo);
    const double lower = Score(Measure::kFisherLeft, t, LogBase::kTwo);
    EXPECT_GE(upper + lower, 1 - 1e-12);
    EXPECT_LE(upper + lower, 2);
  }
}

// SciPy converts its table to integers, truncating each cell; NLTK's fisher
// then sees the truncated table. cooc does the same for fractional cells:
// (2.5, 10.75, 3.25, 100) has cells 2.5, 8.25, 0.75, 88.5 -> 2, 8, 0, 88,
// which is the table (2, 10, 2, 98).
TEST(Measures, FisherTruncatesFractionalCellsLikeScipy) {
  EXPECT_EQ(Score(Measure::kFisher, Table(2.5, 10.75, 3.25, 100),
                  LogBase::kTwo),
            Score(Measure::kFisher, Table(2, 10, 2, 98), LogBase::kTwo));
  EXPECT_EQ(Score(Measure::kFisherLeft, Table(2.5, 10.75, 3.25, 100),
                  LogBase::kTwo),
            Score(Measure::kFisherLeft, Table(2, 10, 2, 98), LogBase::kTwo));
}

TEST(Measures, Issue3MeasuresOfAnUnseenPair) {
  // O11 = 0, R1 = 20, C1 = 40, N = 100: cells 0 20 40 40, E11 = 8.
  const ContingencyTable t = Table(0, 20, 40, 100);
  EXPECT_EQ(Score(Measure::kMi2, t, LogBase::kTwo), -kInf);
  EXPECT_EQ(Score(Measure::kMi3, t, LogBase::kTwo), -kInf);
  EXPECT_EQ(Score(Measure::kLocalMi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kPoissonStirling, t, LogBase::kTwo), 0);
  EXPECT_REL_NEAR(Score(Measure::kZscore, t, LogBase::kTwo), -8 / std::sqrt(8.0),
                  1e-15);
  EXPECT_EQ(Score(Measure::kJaccard, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kMinSensitivity, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kMiLike, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kRawFreq, t, LogBase::kTwo), 0);
  // simple_ll = 2 * (0 ln 0 - (0 - 8)) = 16.
  EXPECT_REL_NEAR(Score(Measure::kSimpleLl, t, LogBase::kTwo), 16, 1e-15);
  // log_odds = ln(0.5*40.5 / (20.5*40.5)) = ln(1/41).
  EXPECT_REL_NEAR(Score(Measure::kLogOdds, t, LogBase::kTwo),
                  std::log(1.0 / 41), 1e-14);
  // P(X >= 0) = 1; P(X <= 0) = C(80,40)/C(100,40) > 0.
  EXPECT_EQ(Score(Measure::kFisher, t, LogBase::kTwo), 1);
  EXPECT_GT(Score(Measure::kFisherLeft, t, LogBase::kTwo), 0);
}

TEST(Measures, Issue3MeasuresWhenThePairIsEveryEvent) {
  // O11 = R1 = C1 = N: no variation, no evidence.
  for (double n : {1.0, 50.0, 5e12}) {
    const ContingencyTable t = Table(n, n, n, n);
    SCOPED_TRACE(Describe(t));
    EXPECT_EQ(Score(Measure::kZscore, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kPhi2, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kSimpleLl, t, LogBase::kTwo), 0);
    EXPECT_EQ(Score(Measure::kJaccard, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kMinSensitivity, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kRawFreq, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kLocalMi, t, LogBase::kTwo), 0);  // pmi = 0.
    EXPECT_EQ(Score(Measure::kFisher, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kFisherLeft, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kChi2P, t, LogBase::kTwo), 1);
    EXPECT_EQ(Score(Measure::kLlrP, t, LogBase::kTwo), 1);
    // mi2 = log2(N^2 * N / N^2) = log2(N).
    EXPECT_REL_NEAR(Score(Measure::kMi2, t, LogBase::kTwo), std::log2(n),
                    1e-15);
    // log_odds = ln((N+.5)(.5) / (.5 * .5)) = ln(2N + 1).
    EXPECT_REL_NEAR(Score(Measure::kLogOdds, t, LogBase::kTwo),
                    std::log(2 * n + 1), 1e-15);
  }
}

TEST(Measures, Issue3MeasuresWhenTheLeftWordIsEveryEvent) {
  // R1 = N forces O11 = C1: no evidence. O11=30, R1=100, C1=30, N=100.
  const ContingencyTable t = Table(30, 100, 30, 100);
  EXPECT_EQ(Score(Measure::kZscore, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kPhi2, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kSimpleLl, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kLocalMi, t, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kFisher, t, LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kFisherLeft, t, LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kChi2P, t, LogBase::kTwo), 1);
  EXPECT_EQ(Score(Measure::kLlrP, t, LogBase::kTwo), 1);
  // poisson_stirling = 30 * (log2(30/30) - 1) = -30.
  EXPECT_EQ(Score(Measure::kPoissonStirling, t, LogBase::kTwo), -30);
  // jaccard = 30/100; min_sensitivity = min(30/100, 30/30).
  EXPECT_REL_NEAR(Score(Measure::kJaccard, t, LogBase::kTwo), 0.3, 1e-15);
  EXPECT_REL_NEAR(Score(Measure::kMinSensitivity, t, LogBase::kTwo), 0.3,
                  1e-15);
}

TEST(Measures, ZeroCellsStayFiniteInTheIssue3Measures) {
  // O12 = 0 (O11 = R1) and O22 = 0, as in ZeroCellsContributeNothing.
  for (const ContingencyTable& t :
       {Table(48, 48, 300, 2000), Table(10, 60, 50, 100)}) {
    SCOPED_TRACE(Describe(t));
    for (Measure m : AllMeasures()) {
      EXPECT_TRUE(std::isfinite(Score(m, t, LogBase::kTwo))) << MeasureName(m);
    }
  }
  // log_odds with O12 = 0: ln(48.5 * 1700.5 / (0.5 * 252.5)).
  EXPECT_REL_NEAR(Score(Measure::kLogOdds, Table(48, 48, 300, 2000),
                        LogBase::kTwo),
                  std::log(48.5 * 1700.5 / (0.5 * 252.5)), 1e-14);
}

TEST(Measures, EmptyTableScoresNoEvidence) {
  // N = 0: a corpus without a single pair event (a one-token database).
  const ContingencyTable t = Table(0, 0, 0, 0);
  for (Measure m : AllMeasures()) {
    SCOPED_TRACE(MeasureName(m));
    const double score = Score(m, t, LogBase::kTwo);
    EXPECT_FALSE(std::isnan(score));
    switch (m) {
      case Measure::kPmi:
      case Measure::kMi2:
      case Measure::kMi3:
      case Measure::kLogDice:
        EXPECT_EQ(score, -kInf);
        break;
      case Measure::kNpmi:
        EXPECT_EQ(score, -1);
        break;
      case Measure::kFisher:
      case Measure::kFisherLeft:
      case Measure::kLlrP:
      case Measure::kChi2P:
        EXPECT_EQ(score, 1);
        break;
      default:
        EXPECT_EQ(score, 0);
    }
  }
}

TEST(Measures, Issue3MeasuresOfCountsAboveTwoToThe32) {
  // O11=4e9, R1=6e9, C1=7e9, N=8e10: E11 = 5.25e8.
  const ContingencyTable t = Table(4e9, 6e9, 7e9, 8e10);
  EXPECT_REL_NEAR(Score(Measure::kZscore, t, LogBase::kTwo),
                  (4e9 - 5.25e8) / std::sqrt(5.25e8), 1e-14);
  EXPECT_REL_NEAR(Score(Measure::kMi2, t, LogBase::kE),
                  std::log(4e9 * 4e9 * 8e10 / (6e9 * 7e9)), 1e-14);
  EXPECT_REL_NEAR(Score(Measure::kMiLike, t, LogBase::kTwo),
                  4e9 * 4e9 * 4e9 / (6e9 * 7e9), 1e-14);
  EXPECT_REL_NEAR(Score(Measure::kJaccard, t, LogBase::kTwo),
                  4e9 / (6e9 + 7e9 - 4e9), 1e-15);
  EXPECT_REL_NEAR(Score(Measure::kSimpleLl, t, LogBase::kTwo),
                  2 * (4e9 * std::log(4e9 / 5.25e8) - (4e9 - 5.25e8)), 1e-14);
  // Cells 4e9, 2e9, 3e9, 7.1e10.
  EXPECT_REL_NEAR(Score(Measure::kLogOdds, t, LogBase::kTwo),
                  std::log((4e9 + .5) * (7.1e10 + .5) / ((2e9 + .5) * (3e9 + .5))),
                  1e-14);
  EXPECT_EQ(Score(Measure::kFisher, t, LogBase::kTwo), 0);  // Below 1e-308.
  EXPECT_EQ(Score(Measure::kFisherLeft, t, LogBase::kTwo), 1);
}

TEST(Measures, ContextDistributionSmoothingChangesOnlyThePmiFamily) {
  ContingencyTable smoothed = Table(10, 20, 40, 100);
  smoothed.cds_c1 = 50;
  ASSERT_OK(ValidateTable(smoothed));
  const ContingencyTable plain = Table(10, 20, 40, 100);
  // pmi = log2(10*100 / (20*50)) = 0 with C1 = 50.
  EXPECT_EQ(Score(Measure::kPmi, smoothed, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kPpmi, smoothed, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kNpmi, smoothed, LogBase::kTwo), 0);
  EXPECT_EQ(Score(Measure::kLocalMi, smoothed, LogBase::kTwo), 0);
  // mi2 = log2(100*100 / (20*50)) = log2(10).
  EXPECT_REL_NEAR(Score(Measure::kMi2, smoothed, LogBase::kTwo),
                  std::log2(10.0), 1e-15);
  EXPECT_REL_NEAR(Score(Measure::kMi3, smoothed, LogBase::kTwo),
                  std::log2(100.0), 1e-15);
  for (Measure m :
       {Measure::kCount, Measure::kMi, Measure::kLlr, Measure::kChi2,
        Measure::kTscore, Measure::kDice, Measure::kLogDice, Measure::kZscore,
        Measure::kPoissonStirling, Measure::kJaccard, Measure::kPhi2,
        Measure::kLogOdds, Measure::kMinSensitivity, Measure::kSimpleLl,
        Measure::kMiLike, Measure::kRawFreq, Measure::kFisher,
        Measure::kFisherLeft, Measure::kLlrP, Measure::kChi2P}) {
    EXPECT_EQ(Score(m, smoothed, LogBase::kTwo), Score(m, plain, LogBase::kTwo))
        << MeasureName(m);
  }
  // A smoothed C1 of the caller's C1 changes nothing.
  ContingencyTable same = plain;
  same.cds_c1 = plain.c1;
  for (Measure m : AllMeasures()) {
    EXPECT_EQ(Score(m, same, LogBase::kTwo), Score(m, plain, LogBase::kTwo))
        << MeasureName(m);
  }
}

TEST(Measures, PValuesRankLowestFirst) {
  for (Measure m : AllMeasures()) {
    const bool p_value = m == Measure::kFisher || m == Measure::kLlrP ||
                         m == Measure::kChi2P;
    EXPECT_EQ(MeasureRanking(m), p_value ? Ranking::kLowerIsStronger
                                         : Ranking::kHigherIsStronger)
        << MeasureName(m);
  }
}

// Beyond a standard deviation of 2^20 (here 2.5e6, counts of 5e13) Fisher's
// test uses the normal approximation with continuity correction: O11 two
// standard deviations above E11 has P(X >= O11) = erfc(2/sqrt(2))/2 =
// 0.02275 to about 1e-6.
TEST(Measures, FisherOfHugeTablesUsesTheNormalApproximation) {
  const double sigma = 2.5e6;
  const ContingencyTable t = Table(2.5e13 + 2 * sigma, 5e13, 5e13, 1e14);
  const double expected = 0.5 * std::erfc(2 / std::sqrt(2.0));
  EXPECT_REL_NEAR(Score(Measure::kFisher, t, LogBase::kTwo), expected, 1e-5);
  EXPECT_REL_NEAR(Score(Measure::kFisherLeft, t, LogBase::kTwo), 1 - expected,
                  1e-5);
}

}  // namespace
}  // namespace cooc
