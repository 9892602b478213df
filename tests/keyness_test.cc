// Keyness (include/cooc/keyness.h): the signed scores of a term's table of
// token counts against values worked out by hand from the formulas, and the
// ranking of two real databases.

#include "cooc/keyness.h"

#include <cmath>
#include <string>
#include <vector>

#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

void ExpectClose(double value, double expected) {
  EXPECT_NEAR(value, expected, 1e-12 * std::abs(expected)) << expected;
}

// The term occurs a = 6 times in a target of 1000 tokens and b = 2 times in
// a reference of 3000: N = 4000, R1 = 8, E11 = 2 (below 5, so Yates'
// correction applies), ad - bc = 16000 > N/2. By hand:
//   chi2 = N (ad - bc)^2 / (R1 R2 C1 C2) = 4000 * 16000^2 / (8 * 3992 * 1000
//          * 3000) = 10.688042752171008
//   yates: N (|ad - bc| - N/2)^2 / (...) = 4000 * 14000^2 / (...)
//          = 8.183032732130927
//   llr = 2 sum O ln(O/E) over (6, 2, 994, 2998) against (2, 6, 998, 2994)
//       = 8.810293478508328; yates: cells (5.5, 2.5, 994.5, 2997.5)
//       = 6.766645187974579
//   q = 1 + (500 + 4000/3992 - 1)(4 + 4/3 - 1) / 24000 = 1.0902781396125585
//   logratio = log2((6/1000) / (2/3000)) = log2(9); pmi = log2(6 * 4000 /
//   (8 * 1000)) = log2(3)
TEST(Keyness, ScoresATableAsWorkedOutByHand) {
  KeynessOptions options;
  const auto score = [&](KeynessMeasure measure, KeynessCorrection correction) {
    options.measure = measure;
    options.correction = correction;
    return ScoreKeyness(6, 2, 1000, 3000, options);
  };
  KeynessEntry llr = score(KeynessMeasure::kLlr, KeynessCorrection::kNone);
  ExpectClose(llr.score, 8.810293478508328);
  ExpectClose(llr.p_value.value(), std::erfc(std::sqrt(8.810293478508328 / 2)));
  ExpectClose(score(KeynessMeasure::kChi2, KeynessCorrection::kNone).score,
              10.688042752171008);
  ExpectClose(score(KeynessMeasure::kChi2, KeynessCorrection::kYates).score,
              8.183032732130927);
  ExpectClose(score(KeynessMeasure::kLlr, KeynessCorrection::kYates).score,
              6.766645187974579);
  ExpectClose(score(KeynessMeasure::kChi2, KeynessCorrection::kWilliams).score,
              10.688042752171008 / 1.0902781396125585);
  ExpectClose(score(KeynessMeasure::kLlr, KeynessCorrection::kWilliams).score,
              8.810293478508328 / 1.0902781396125585);
  ExpectClose(score(KeynessMeasure::kLogRatio, KeynessCorrection::kNone).score,
              std::log2(9.0));
  ExpectClose(score(KeynessMeasure::kPmi, KeynessCorrection::kNone).score,
              std::log2(3.0));
  EXPECT_FALSE(
      score(KeynessMeasure::kPmi, KeynessCorrection::kNone).p_value.has_value());
}

TEST(Keyness, UnderUseIsNegativeAndAZeroCountIsHalfForLogRatio) {
  KeynessOptions options;
  // The same table with target and reference swapped: the same statistic,
  // the other sign.
  options.measure = KeynessMeasure::kChi2;
  ExpectClose(ScoreKeyness(2, 6, 3000, 1000, options).score,
              -10.688042752171008);
  options.measure = KeynessMeasure::kLogRatio;
  // log2((0.5/1000) / (4/3000)) and log2((3/1000) / (0.5/3000)).
  ExpectClose(ScoreKeyness(0, 4, 1000, 3000, options).score,
              std::log2(0.375));
  ExpectClose(ScoreKeyness(3, 0, 1000, 3000, options).score, std::log2(18.0));
  options.measure = KeynessMeasure::kPmi;
  EXPECT_EQ(ScoreKeyness(0, 4, 1000, 3000, options).score, -INFINITY);
}

// Yates' correction only where an expected cell is below 5 (quanteda).
TEST(Keyness, YatesLeavesTablesWithLargeExpectedCountsAlone) {
  KeynessOptions options;
  options.measure = KeynessMeasure::kChi2;
  const double plain = ScoreKeyness(60, 20, 1000, 3000, options).score;
  options.correction = KeynessCorrection::kYates;
  EXPECT_EQ(ScoreKeyness(60, 20, 1000, 3000, options).score, plain);
}

class KeynessOfDatabases : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Join("target.txt"),
              "the whale the sea\nthe whale and the ship\nwhale\n");
    WriteFile(dir_.Join("reference.txt"),
              "the ball and the dance\nthe ball\nthe lady and the sea\n");
    ASSERT_OK(Ingest(target_, {dir_.Join("target.txt")}, IngestOptions()));
    ASSERT_OK(
        Ingest(reference_, {dir_.Join("reference.txt")}, IngestOptions()));
  }

  std::vector<std::string> Terms(const KeynessOptions& options) {
    auto target = CountStore::Open(target_, CountStore::Access::kReadOnly);
    EXPECT_OK(target);
    auto reference =
        CountStore::Open(reference_, CountStore::Access::kReadOnly);
    EXPECT_OK(reference);
    auto entries = Keyness(**target, **reference, options);
    EXPECT_OK(entries);
    std::vector<std::string> terms;
    for (const KeynessEntry& entry : *entries) terms.push_back(entry.term);
    return terms;
  }

  TempDir dir_;
  const std::string target_ = dir_.Join("target.db");
  const std::string reference_ = dir_.Join("reference.db");
};

TEST_F(KeynessOfDatabases, RanksOverUsedTermsFirstAndUnderUsedLast) {
  KeynessOptions options;
  options.measure = KeynessMeasure::kLogRatio;
  // target 10 tokens: the 4, whale 3, sea 1, and 1, ship 1; reference 12:
  // the 5, ball 2, and 2, dance 1, lady 1, sea 1.
  EXPECT_EQ(Terms(options),
            (std::vector<std::string>{"whale", "ship", "sea", "the", "and",
                                      "dance", "lady", "ball"}));
  options.top = 2;
  EXPECT_EQ(Terms(options), (std::vector<std::string>{"whale", "ship"}));
  options.top = 0;
  options.min_frequency = 3;  // a + b >= 3: whale, the, and.
  EXPECT_EQ(Terms(options),
            (std::vector<std::string>{"whale", "the", "and"}));
}

TEST_F(KeynessOfDatabases, RefusesDatabasesThatTokenizeDifferently) {
  const std::string unfolded = dir_.Join("unfolded.db");
  IngestOptions keep_case;
  keep_case.case_folding = CaseFolding::kKeep;
  ASSERT_OK(Ingest(unfolded, {dir_.Join("reference.txt")}, keep_case));
  auto target = CountStore::Open(target_, CountStore::Access::kReadOnly);
  ASSERT_OK(target);
  auto reference = CountStore::Open(unfolded, CountStore::Access::kReadOnly);
  ASSERT_OK(reference);
  auto entries = Keyness(**target, **reference, KeynessOptions());
  EXPECT_STATUS_CODE(entries, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(entries.status().message().find("case folding"), std::string::npos)
      << entries.status().message();
  KeynessOptions pmi_yates;
  pmi_yates.measure = KeynessMeasure::kPmi;
  pmi_yates.correction = KeynessCorrection::kYates;
  EXPECT_STATUS_CODE(Keyness(**target, **target, pmi_yates),
                     absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cooc
