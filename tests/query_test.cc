#include "cooc/query.h"

#include <cmath>
#include <string>
#include <vector>

#include "cooc/ingest.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

class QueryTest : public ::testing::Test {
 protected:
  // Ingests `text` with `options` and opens it for queries.
  void Build(const std::string& text, IngestOptions options = {}) {
    const std::string input = dir_.Join("text.txt");
    testing::WriteFile(input, text);
    ASSERT_OK(Ingest(dir_.Join("db"), {input}, options));
    auto query = Query::Open(dir_.Join("db"));
    ASSERT_OK(query);
    query_ = std::move(*query);
  }

  std::vector<std::string> Partners(const std::vector<ScoredPair>& pairs) {
    std::vector<std::string> names;
    for (const ScoredPair& p : pairs) names.push_back(p.pair.y);
    return names;
  }

  TempDir dir_;
  std::unique_ptr<Query> query_;
};

// Ranks by raw count, counting every pair: easy to check by hand.
QueryOptions ByCount() {
  QueryOptions options;
  options.measure = Measure::kCount;
  options.min_count = 1;
  return options;
}

// IngestOptions with window `window` and mode `mode`.
IngestOptions Window(int window, PairMode mode = PairMode::kSymmetric) {
  IngestOptions options;
  options.window = window;
  options.mode = mode;
  return options;
}

TEST_F(QueryTest, PairGivesTheContingencyTable) {
  // W = 1, symmetric: "a b" x3, "a c" x1 => c(a,b) = 3, c(a,*) = 4,
  // c(*,b) = 3, N = 8.
  Build("a b\na b\na b\na c\n", Window(1));
  auto pair = query_->Pair("a", "b");
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 3);
  EXPECT_EQ(pair->table.r1, 4);
  EXPECT_EQ(pair->table.c1, 3);
  EXPECT_EQ(pair->table.n, 8);
  EXPECT_DOUBLE_EQ(Score(Measure::kPmi, pair->table, LogBase::kTwo),
                   std::log2(3.0 * 8 / (4 * 3)));
}

TEST_F(QueryTest, QueryTermsAreNormalizedLikeTheText) {
  Build("Hello World\n");
  auto pair = query_->Pair("HELLO", "ｗｏｒｌｄ");  // Full-width letters.
  ASSERT_OK(pair);
  EXPECT_EQ(pair->x, "hello");
  EXPECT_EQ(pair->y, "world");
  EXPECT_EQ(pair->table.o11, 1);
}

TEST_F(QueryTest, UnknownTermsAreNotFound) {
  Build("hello world\n");
  EXPECT_STATUS_CODE(query_->Pair("hello", "moon"), absl::StatusCode::kNotFound);
  EXPECT_STATUS_CODE(query_->Associates("moon", QueryOptions()),
                     absl::StatusCode::kNotFound);
  EXPECT_STATUS_CODE(query_->Associates("hello world", QueryOptions()),
                     absl::StatusCode::kNotFound);
  EXPECT_STATUS_CODE(query_->Associates("!!", QueryOptions()),
                     absl::StatusCode::kNotFound);
}

TEST_F(QueryTest, AssociatesAreRankedByTheMeasureBestFirst) {
  // W = 1. x is next to y 4 times, to z twice, to w once.
  Build("x y\nx y\nx y\nx y\nx z\nx z\nx w\nz w\n", Window(1));
  QueryOptions query = ByCount();
  auto best = query_->Associates("x", query);
  ASSERT_OK(best);
  EXPECT_EQ(Partners(*best), (std::vector<std::string>{"y", "z", "w"}));
  EXPECT_EQ((*best)[0].score, 4);
  query.min_count = 2;
  EXPECT_EQ(Partners(*query_->Associates("x", query)),
            (std::vector<std::string>{"y", "z"}));
  query.top = 1;
  EXPECT_EQ(Partners(*query_->Associates("x", query)),
            (std::vector<std::string>{"y"}));
}

TEST_F(QueryTest, TiesAreBrokenByFirstAppearance) {
  Build("k c\nk a\nk b\n", Window(1));
  EXPECT_EQ(Partners(*query_->Associates("k", ByCount())),
            (std::vector<std::string>{"c", "a", "b"}));
}

TEST_F(QueryTest, SymmetricCollocationsListEachUnorderedPairOnce) {
  Build("a b\na b\nc d\n", Window(1));
  auto pairs = query_->Collocations(ByCount());
  ASSERT_OK(pairs);
  ASSERT_EQ(pairs->size(), 2u);
  EXPECT_EQ((*pairs)[0].pair.x, "a");
  EXPECT_EQ((*pairs)[0].pair.y, "b");
  EXPECT_EQ((*pairs)[0].score, 2);
  EXPECT_EQ((*pairs)[1].pair.x, "c");
}

TEST_F(QueryTest, OrderedCollocationsKeepBothDirectionsApart) {
  Build("a b\nb a\na b\n", Window(1, PairMode::kOrdered));
  auto pairs = query_->Collocations(ByCount());
  ASSERT_OK(pairs);
  ASSERT_EQ(pairs->size(), 2u);
  EXPECT_EQ((*pairs)[0].pair.x, "a");
  EXPECT_EQ((*pairs)[0].score, 2);
  EXPECT_EQ((*pairs)[1].pair.x, "b");
  EXPECT_EQ((*pairs)[1].score, 1);
}

TEST_F(QueryTest, CollocationsTopKEqualsThePrefixOfTheFullRanking) {
  Build(testing::ReadFile(testing::CorpusPath("en_austen_sample.txt")));
  QueryOptions query;
  query.measure = Measure::kLlr;
  query.min_count = 3;
  query.top = 1000000;
  auto all = query_->Collocations(query);
  ASSERT_OK(all);
  query.top = 25;
  auto top = query_->Collocations(query);
  ASSERT_OK(top);
  ASSERT_EQ(top->size(), 25u);
  for (size_t i = 0; i < top->size(); ++i) {
    EXPECT_EQ((*top)[i].pair.x, (*all)[i].pair.x);
    EXPECT_EQ((*top)[i].pair.y, (*all)[i].pair.y);
    EXPECT_EQ((*top)[i].score, (*all)[i].score);
    if (i > 0) {
      EXPECT_GE((*top)[i - 1].score, (*top)[i].score);
    }
  }
  for (const ScoredPair& p : *all) EXPECT_GE(p.pair.table.o11, 3);
}

TEST_F(QueryTest, StatsReportTheDatabaseDefinitionAndTotals) {
  Build("a b c d\n", Window(3));
  auto stats = query_->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->store.window, 3);
  EXPECT_EQ(stats->totals.tokens, 4u);
  EXPECT_EQ(stats->totals.pair_events, 12u);  // 6 pairs, both directions.
  EXPECT_GT(stats->db_bytes, 0u);
}

TEST_F(QueryTest, InvalidOptionsAreRejected) {
  Build("a b\n");
  QueryOptions query;
  query.top = 0;
  EXPECT_STATUS_CODE(query_->Collocations(query),
                     absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cooc
