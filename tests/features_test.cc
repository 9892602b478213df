// Features (include/cooc/features.h) on a labelled database small enough to
// work every value out by hand.

#include "cooc/features.h"

#include <cmath>
#include <map>
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

// Four documents (a label-only line is one): labels a (lines 1, 3), b (2,
// 3), c (4). Over all labels the line with two labels counts twice, so
// there are N' = 5 (document, label) pairs; "cat" is in lines 1 and 3:
// f = (a 2, b 1, c 0), F = 3.
class FeaturesOfLabelledLines : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Join("labelled.txt"),
              "__label__a the cat sat\n"
              "__label__b the dog ran\n"
              "__label__a __label__b cat dog\n"
              "__label__c\n");
    IngestOptions options;
    options.labels = LabelMode::kPrefix;
    ASSERT_OK(Ingest(db_, {dir_.Join("labelled.txt")}, options));
    auto store = CountStore::Open(db_, CountStore::Access::kReadOnly);
    ASSERT_OK(store);
    store_ = std::move(*store);
  }

  std::map<std::string, FeatureEntry> ByTerm(const FeatureOptions& options) {
    auto entries = Features(*store_, options);
    EXPECT_OK(entries);
    std::map<std::string, FeatureEntry> by_term;
    for (const FeatureEntry& entry : *entries) by_term[entry.term] = entry;
    return by_term;
  }

  TempDir dir_;
  const std::string db_ = dir_.Join("db");
  std::unique_ptr<CountStore> store_;
};

TEST_F(FeaturesOfLabelledLines, LabelsAreNotWordsAndEveryLabelledLineIsADocument) {
  auto totals = store_->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->types, 5u);  // the cat sat dog ran
  EXPECT_EQ(totals->tokens, 8u);
  auto labels = store_->ReadLabelCounts();
  ASSERT_OK(labels);
  EXPECT_EQ(labels->documents, 4u);
  EXPECT_EQ(labels->labels, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(labels->label_documents, (std::vector<uint64_t>{2, 2, 1}));
}

TEST_F(FeaturesOfLabelledLines, MutualInformationOverAllLabelsAsWorkedOutByHand) {
  FeatureOptions options;
  options.base = LogBase::kE;
  // cat: present (2, 1, 0) and absent (0, 1, 1) of sizes (2, 2, 1), N' = 5:
  // 2/5 ln(2*5/(3*2)) + 1/5 ln(1*5/(3*2)) + 1/5 ln(1*5/(2*2)) + 1/5
  // ln(1*5/(2*1)).
  const double cat = 0.4 * std::log(5.0 / 3) + 0.2 * std::log(5.0 / 6) +
                     0.2 * std::log(5.0 / 4) + 0.2 * std::log(5.0 / 2);
  auto mi = ByTerm(options);
  EXPECT_NEAR(mi["cat"].score, cat, 1e-15);
  EXPECT_EQ(mi["cat"].documents, 2u);
  EXPECT_EQ(mi["cat"].top_label, "a");  // 2/2 of a's documents.
  options.base = LogBase::kTwo;
  EXPECT_NEAR(ByTerm(options)["cat"].score, cat / std::log(2.0), 1e-15);
}

TEST_F(FeaturesOfLabelledLines, Chi2InBothConventionsAsWorkedOutByHand) {
  FeatureOptions options;
  options.measure = Measure::kChi2;
  // Expected (1.2, 1.2, 0.6): 0.8^2/1.2 + 0.2^2/1.2 + 0.6^2/0.6 = 7/6, and
  // P(chi2_2 >= x) = exp(-x/2).
  auto sklearn = ByTerm(options);
  EXPECT_NEAR(sklearn["cat"].score, 7.0 / 6, 1e-15);
  EXPECT_NEAR(sklearn["cat"].p_value.value(), std::exp(-7.0 / 12), 1e-15);
  options.convention = FeatureConvention::kPearson;
  // The absent row adds F/(N'-F) of it: 7/6 * 5/2.
  EXPECT_NEAR(ByTerm(options)["cat"].score, 7.0 / 6 * 5 / 2, 1e-14);
}

TEST_F(FeaturesOfLabelledLines, OneLabelRanksTheTwoByTwoTablesOfDocuments) {
  FeatureOptions options;
  options.label = "a";
  options.measure = Measure::kLlr;
  auto entries = Features(*store_, options);
  ASSERT_OK(entries);
  // Attraction only: cat (in both of a's documents and no other), sat.
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].term, "cat");
  // Cells (2, 0, 0, 2) against expected (1, 1, 1, 1): G2 = 8 ln 2.
  EXPECT_NEAR((*entries)[0].score, 8 * std::log(2.0), 1e-14);
  EXPECT_EQ((*entries)[0].table.o11, 2);
  EXPECT_EQ((*entries)[0].table.r1, 2);
  EXPECT_EQ((*entries)[0].table.c1, 2);
  EXPECT_EQ((*entries)[0].table.n, 4);
  EXPECT_EQ((*entries)[1].term, "sat");
  options.direction = Direction::kNegative;
  entries = Features(*store_, options);
  ASSERT_OK(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].term, "ran");
  options.direction = Direction::kAny;
  options.min_documents = 2;  // the, cat, dog.
  EXPECT_EQ(Features(*store_, options)->size(), 3u);
}

TEST_F(FeaturesOfLabelledLines, RefusesUnknownLabelsAndMeasuresWithoutALabel) {
  FeatureOptions options;
  options.label = "d";
  auto unknown = Features(*store_, options);
  EXPECT_STATUS_CODE(unknown, absl::StatusCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("'a'"), std::string::npos)
      << unknown.status().message();
  options.label.clear();
  options.measure = Measure::kPmi;
  EXPECT_STATUS_CODE(Features(*store_, options),
                     absl::StatusCode::kInvalidArgument);
}

TEST(Features, ADatabaseWithoutLabelsIsFailedPrecondition) {
  TempDir dir;
  WriteFile(dir.Join("plain.txt"), "the cat\n");
  ASSERT_OK(Ingest(dir.Join("db"), {dir.Join("plain.txt")}, IngestOptions()));
  auto store = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto features = Features(**store, FeatureOptions());
  EXPECT_STATUS_CODE(features, absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(features.status().message().find("--labels"), std::string::npos);
}

}  // namespace
}  // namespace cooc
