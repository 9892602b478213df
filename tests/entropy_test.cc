// Tests of the corpus-level information: hand-computed small matrices, the
// identities between the entropies (each computed by its own sum), scale
// invariance with counts above 2^32, and the real corpora. scikit-learn's
// mutual_info_score and SciPy's entropy on the full pair matrix are compared
// in tests/parity/scipy_parity.py.

#include "cooc/entropy.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

#define EXPECT_REL_NEAR(actual, expected, rel) \
  EXPECT_NEAR((actual), (expected), std::abs(expected) * (rel) + 1e-300)

TEST(Entropy, OfHandCountedDistributions) {
  EXPECT_EQ(Entropy({}, LogBase::kTwo), 0);
  EXPECT_EQ(Entropy({0, 0}, LogBase::kTwo), 0);
  EXPECT_EQ(Entropy({7}, LogBase::kTwo), 0);
  EXPECT_EQ(Entropy({0, 5}, LogBase::kTwo), 0);
  EXPECT_REL_NEAR(Entropy({1, 1}, LogBase::kTwo), 1, 1e-15);
  EXPECT_REL_NEAR(Entropy({1, 1, 1, 1}, LogBase::kTwo), 2, 1e-15);
  // p = 1/4, 1/4, 1/2: 2*(1/4)*2 + (1/2)*1 = 1.5 bits.
  EXPECT_REL_NEAR(Entropy({1, 1, 2}, LogBase::kTwo), 1.5, 1e-15);
  EXPECT_REL_NEAR(Entropy({1, 1, 2}, LogBase::kE), 1.5 * std::log(2.0), 1e-15);
  EXPECT_REL_NEAR(Entropy({1, 1, 2}, LogBase::kTen), 1.5 * std::log10(2.0),
                  1e-15);
}

// c = [[1, 1], [0, 2]], N = 4: P(L) = (1/2, 1/2), P(R) = (1/4, 3/4),
// P(L,R) = 1/4, 1/4, 1/2.
//   H(L) = 1, H(R) = 2 - (3/4) log2 3, H(L,R) = 1.5 bits,
//   H(L|R) = sum P(x,y) log2(c(*,y)/c(x,y)) = 1/4 log2 1 + 1/4 log2 3
//            + 1/2 log2(3/2),
//   H(R|L) = 1/4 log2 2 + 1/4 log2 2 + 1/2 log2 1 = 1/2,
//   I = 1/4 log2(1*4/(2*1)) + 1/4 log2(1*4/(2*3)) + 1/2 log2(2*4/(2*3)).
TEST(Entropy, OfAHandComputedMatrix) {
  auto info = MatrixInformation({{1, 1}, {0, 2}}, LogBase::kTwo);
  ASSERT_OK(info);
  const double log2_3 = std::log2(3.0);
  EXPECT_REL_NEAR(info->h_left, 1, 1e-15);
  EXPECT_REL_NEAR(info->h_right, 2 - 0.75 * log2_3, 1e-15);
  EXPECT_REL_NEAR(info->h_joint, 1.5, 1e-15);
  EXPECT_REL_NEAR(info->h_left_given_right,
                  0.25 * log2_3 + 0.5 * std::log2(1.5), 1e-15);
  EXPECT_REL_NEAR(info->h_right_given_left, 0.5, 1e-15);
  const double mi = 0.25 * std::log2(2.0) + 0.25 * std::log2(4.0 / 6) +
                    0.5 * std::log2(8.0 / 6);
  EXPECT_REL_NEAR(info->mutual_information, mi, 1e-14);
  EXPECT_REL_NEAR(info->normalized_mi,
                  mi / std::sqrt(1 * (2 - 0.75 * log2_3)), 1e-14);
}

TEST(Entropy, IndependentWordsShareNoInformation) {
  // c = [[1, 2], [2, 4]] is the outer product of (1, 2) and (1, 2).
  auto info = MatrixInformation({{1, 2}, {2, 4}}, LogBase::kTwo);
  ASSERT_OK(info);
  EXPECT_NEAR(info->mutual_information, 0, 1e-15);
  EXPECT_NEAR(info->normalized_mi, 0, 1e-15);
  EXPECT_REL_NEAR(info->h_joint, info->h_left + info->h_right, 1e-15);
  EXPECT_REL_NEAR(info->h_left_given_right, info->h_left, 1e-15);
}

TEST(Entropy, DeterminedWordsShareAllInformation) {
  // Each left word has one right word: I = H(L) = H(R) = H(L,R).
  auto info = MatrixInformation({{3, 0, 0}, {0, 5, 0}, {0, 0, 8}},
                                LogBase::kE);
  ASSERT_OK(info);
  const double h = Entropy({3, 5, 8}, LogBase::kE);
  EXPECT_REL_NEAR(info->h_left, h, 1e-15);
  EXPECT_REL_NEAR(info->h_right, h, 1e-15);
  EXPECT_REL_NEAR(info->h_joint, h, 1e-15);
  EXPECT_REL_NEAR(info->mutual_information, h, 1e-15);
  EXPECT_EQ(info->h_left_given_right, 0);
  EXPECT_EQ(info->h_right_given_left, 0);
  EXPECT_REL_NEAR(info->normalized_mi, 1, 1e-15);
}

TEST(Entropy, DependsOnProportionsOnlyAlsoAboveTwoToThe32) {
  auto small = MatrixInformation({{1, 1}, {0, 2}}, LogBase::kTwo);
  auto large = MatrixInformation(
      {{5000000000, 5000000000}, {0, 10000000000}}, LogBase::kTwo);
  ASSERT_OK(small);
  ASSERT_OK(large);
  EXPECT_REL_NEAR(large->h_left, small->h_left, 1e-14);
  EXPECT_REL_NEAR(large->h_right, small->h_right, 1e-14);
  EXPECT_REL_NEAR(large->h_joint, small->h_joint, 1e-14);
  EXPECT_REL_NEAR(large->h_left_given_right, small->h_left_given_right,
                  1e-14);
  EXPECT_REL_NEAR(large->mutual_information, small->mutual_information,
                  1e-14);
}

TEST(Entropy, EmptyMatrixHasNoInformation) {
  auto info = MatrixInformation({}, LogBase::kTwo);
  ASSERT_OK(info);
  EXPECT_EQ(info->h_left, 0);
  EXPECT_EQ(info->h_joint, 0);
  EXPECT_EQ(info->mutual_information, 0);
  EXPECT_EQ(info->normalized_mi, 0);
}

TEST(PairInformationBuilder, ReportsCountsThatDisagreeAsDataLoss) {
  {
    PairInformationBuilder builder(4);  // Rows sum to 3.
    builder.AddRow(1);
    builder.AddRow(2);
    builder.AddColumn(4);
    builder.AddPair(1, 1, 4);
    builder.AddPair(3, 2, 4);
    EXPECT_STATUS_CODE(builder.Finish(LogBase::kTwo),
                       absl::StatusCode::kDataLoss);
  }
  {
    PairInformationBuilder builder(4);  // A pair above its row marginal.
    builder.AddRow(1);
    builder.AddRow(3);
    builder.AddColumn(4);
    builder.AddPair(2, 1, 4);
    builder.AddPair(2, 3, 4);
    EXPECT_STATUS_CODE(builder.Finish(LogBase::kTwo),
                       absl::StatusCode::kDataLoss);
  }
}

// The identities on the bundled corpora, in both pair modes and with two
// windows. Each side is computed by a different sum, so agreement to 1e-12
// checks the sums against each other.
TEST(Entropy, IdentitiesHoldOnTheBundledCorpora) {
  struct Case {
    const char* corpus;
    int window;
    PairMode mode;
  };
  const Case kCases[] = {
      {"en_austen_sample.txt", 5, PairMode::kSymmetric},
      {"en_austen_sample.txt", 1, PairMode::kOrdered},
      {"zh_luxun_sample.txt", 2, PairMode::kOrdered},
      {"zh_luxun_sample.txt", 4, PairMode::kSymmetric},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(absl::StrCat(c.corpus, " W=", c.window, " ",
                              PairModeName(c.mode)));
    TempDir dir;
    IngestOptions options;
    options.window = c.window;
    options.mode = c.mode;
    ASSERT_OK(Ingest(dir.Join("db"), {testing::CorpusPath(c.corpus)}, options));
    auto store =
        CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
    ASSERT_OK(store);
    auto info = MeasurePairInformation(**store, LogBase::kTwo);
    ASSERT_OK(info);
    const PairInformation& i = *info;
    EXPECT_GT(i.mutual_information, 0.5);  // Real text: words predict words.
    EXPECT_REL_NEAR(i.mutual_information, i.h_left + i.h_right - i.h_joint,
                    1e-12);
    EXPECT_REL_NEAR(i.mutual_information, i.h_left - i.h_left_given_right,
                    1e-12);
    EXPECT_REL_NEAR(i.mutual_information, i.h_right - i.h_right_given_left,
                    1e-12);
    EXPECT_REL_NEAR(i.h_joint, i.h_right + i.h_left_given_right, 1e-13);
    EXPECT_LE(i.mutual_information, std::min(i.h_left, i.h_right));
    EXPECT_GT(i.normalized_mi, 0);
    EXPECT_LT(i.normalized_mi, 1);
    if (c.mode == PairMode::kSymmetric) {
      EXPECT_REL_NEAR(i.h_left, i.h_right, 1e-15);
    }
    // H(L) from the stored marginals equals the entropy of the row sums.
    auto counts = (*store)->AllCounts();
    ASSERT_OK(counts);
    std::vector<uint64_t> rows;
    for (const TermCounts& term : *counts) rows.push_back(term.row);
    EXPECT_REL_NEAR(i.h_left, Entropy(rows, LogBase::kTwo), 1e-15);
    // Bases convert by ln 2.
    auto nats = MeasurePairInformation(**store, LogBase::kE);
    ASSERT_OK(nats);
    EXPECT_REL_NEAR(nats->mutual_information,
                    i.mutual_information * std::log(2.0), 1e-15);
    EXPECT_REL_NEAR(nats->normalized_mi, i.normalized_mi, 1e-15);
  }
}

TEST(Entropy, ADatabaseWithASingleTokenHasNoInformation) {
  TempDir dir;
  const std::string input = dir.Join("one.txt");
  testing::WriteFile(input, "hello\n");
  ASSERT_OK(Ingest(dir.Join("db"), {input}, IngestOptions()));
  auto store = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto info = MeasurePairInformation(**store, LogBase::kTwo);
  ASSERT_OK(info);
  EXPECT_EQ(info->h_left, 0);
  EXPECT_EQ(info->h_right, 0);
  EXPECT_EQ(info->h_joint, 0);
  EXPECT_EQ(info->mutual_information, 0);
  EXPECT_EQ(info->normalized_mi, 0);
}

}  // namespace
}  // namespace cooc
