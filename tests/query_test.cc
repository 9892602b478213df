#include "cooc/query.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "cooc/ingest.h"
#include "cooc/stopwords.h"
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

// --marginals unigram, NLTK's table: O11 = c(x,y)/W, R1 = f(x), C1 = f(y),
// N = tokens. "a b" x3, "a c": tokens 8, f(a) = 4, f(b) = 3, f(c) = 1.
TEST_F(QueryTest, UnigramMarginalsGiveNltksTable) {
  Build("a b\na b\na b\na c\n", Window(1, PairMode::kOrdered));
  QueryOptions options;
  options.marginals = Marginals::kUnigram;
  auto pair = query_->Pair("a", "b", options);
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 3);
  EXPECT_EQ(pair->table.r1, 4);
  EXPECT_EQ(pair->table.c1, 3);
  EXPECT_EQ(pair->table.n, 8);
  EXPECT_FALSE(pair->table.cds_c1.has_value());
  // The pair-event table of the same database: c(a,*) = 4, c(*,b) = 3,
  // N = 4 events.
  auto events = query_->Pair("a", "b");
  ASSERT_OK(events);
  EXPECT_EQ(events->table.n, 4);
}

TEST_F(QueryTest, UnigramMarginalsDivideTheCountByTheWindow) {
  // W = 2, ordered: "a b c d" gives (a,b) (a,c) (b,c) (b,d) (c,d), each
  // once, so O11 of (a, c) is 1/2; every token occurs once; N = 4.
  Build("a b c d\n", Window(2, PairMode::kOrdered));
  QueryOptions options;
  options.marginals = Marginals::kUnigram;
  auto pair = query_->Pair("a", "c", options);
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 0.5);
  EXPECT_EQ(pair->table.r1, 1);
  EXPECT_EQ(pair->table.c1, 1);
  EXPECT_EQ(pair->table.n, 4);
}

TEST_F(QueryTest, SymmetricUnigramMarginalsAverageTheTwoDirections) {
  // Symmetric W = 1: c(a,b) = c(b,a) = 3 (each co-occurrence is two
  // events), so O11 = 3 / (2*1), the mean of the ordered 3 and 0.
  Build("a b\na b\na b\na c\n", Window(1));
  QueryOptions options;
  options.marginals = Marginals::kUnigram;
  auto pair = query_->Pair("a", "b", options);
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 1.5);
  EXPECT_EQ(pair->table.r1, 4);
  EXPECT_EQ(pair->table.c1, 3);
  EXPECT_EQ(pair->table.n, 8);
}

TEST_F(QueryTest, UnigramSelfPairOfADominantWordGetsAProperTable) {
  // "a a a a", W = 1: c(a,a) = 3, f(a) = 4, N = 4 tokens; NLTK's table
  // (3, 4, 4, 4) has O22 = 4 - 4 - 4 + 3 = -1, so N is raised to
  // R1 + C1 - O11 = 5.
  Build("a a a a\n", Window(1, PairMode::kOrdered));
  QueryOptions options;
  options.marginals = Marginals::kUnigram;
  auto pair = query_->Pair("a", "a", options);
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 3);
  EXPECT_EQ(pair->table.r1, 4);
  EXPECT_EQ(pair->table.n, 5);
  EXPECT_OK(ValidateTable(pair->table));
}

TEST_F(QueryTest, AddKAddsToEveryCell) {
  Build("a b\na b\na b\na c\n", Window(1));
  QueryOptions options;
  options.add_k = 0.5;
  auto pair = query_->Pair("a", "b", options);
  ASSERT_OK(pair);
  // Pair events: (3, 4, 3, 8) -> (3.5, 5, 4, 10).
  EXPECT_EQ(pair->table.o11, 3.5);
  EXPECT_EQ(pair->table.r1, 5);
  EXPECT_EQ(pair->table.c1, 4);
  EXPECT_EQ(pair->table.n, 10);
  // An unseen pair gets a finite pmi: c(b,c) = 0, c(b,*) = 3, c(*,c) = 1
  // -> (0.5, 4, 2, 10).
  auto unseen = query_->Pair("b", "c", options);
  ASSERT_OK(unseen);
  EXPECT_EQ(unseen->table.o11, 0.5);
  EXPECT_EQ(unseen->table.r1, 4);
  EXPECT_EQ(unseen->table.c1, 2);
  EXPECT_DOUBLE_EQ(Score(Measure::kPmi, unseen->table, LogBase::kTwo),
                   std::log2(0.5 * 10 / (4 * 2)));
}

TEST_F(QueryTest, ContextDistributionSmoothingReplacesC1OfThePmiFamily) {
  // Symmetric W = 1, events (a,b) x3, (b,a) x3, (a,c), (c,a): N = 8,
  // c(*,a) = 4, c(*,b) = 3, c(*,c) = 1. With a = 1/2:
  // C1 of b = 8 * sqrt(3) / (sqrt(4) + sqrt(3) + sqrt(1)).
  Build("a b\na b\na b\na c\n", Window(1));
  QueryOptions options;
  options.cds = 0.5;
  options.min_count = 1;
  auto pair = query_->Pair("a", "b", options);
  ASSERT_OK(pair);
  const double c1 = 8 * std::sqrt(3.0) / (2 + std::sqrt(3.0) + 1);
  ASSERT_TRUE(pair->table.cds_c1.has_value());
  EXPECT_DOUBLE_EQ(*pair->table.cds_c1, c1);
  EXPECT_EQ(pair->table.c1, 3);  // The table keeps its C1.
  const double pmi = std::log2(3 * 8 / (4 * c1));
  EXPECT_DOUBLE_EQ(Score(Measure::kPmi, pair->table, LogBase::kTwo), pmi);
  // Without smoothing pmi(a,b) = log2(3*8/(4*3)) = 1 = log2(1*8/(4*1)) =
  // pmi(a,c), a tie. Smoothing raises the rare context c's C1 to
  // 8 / (3 + sqrt(3)), so pmi(a,c) drops below pmi(a,b).
  auto partners = query_->Associates("a", options);
  ASSERT_OK(partners);
  ASSERT_EQ(partners->size(), 2u);
  EXPECT_EQ((*partners)[0].pair.y, "b");
  EXPECT_DOUBLE_EQ((*partners)[0].score, pmi);
  EXPECT_DOUBLE_EQ((*partners)[1].score,
                   std::log2(1 * 8 / (4 * (8 / (3 + std::sqrt(3.0))))));
  // cds = 1 is no smoothing.
  options.cds = 1;
  auto plain = query_->Pair("a", "b", options);
  ASSERT_OK(plain);
  EXPECT_FALSE(plain->table.cds_c1.has_value());
}

TEST_F(QueryTest, PValuesRankSmallestFirst) {
  Build(testing::ReadFile(testing::CorpusPath("en_austen_sample.txt")));
  QueryOptions options;
  options.measure = Measure::kFisher;
  options.top = 50;
  auto pairs = query_->Collocations(options);
  ASSERT_OK(pairs);
  ASSERT_EQ(pairs->size(), 50u);
  for (size_t i = 1; i < pairs->size(); ++i) {
    EXPECT_LE((*pairs)[i - 1].score, (*pairs)[i].score);
  }
  options.measure = Measure::kLlrP;
  auto by_llr_p = query_->Associates("darcy", options);
  ASSERT_OK(by_llr_p);
  for (size_t i = 1; i < by_llr_p->size(); ++i) {
    EXPECT_LE((*by_llr_p)[i - 1].score, (*by_llr_p)[i].score);
  }
}

// A database with a single token has no pair event: N = 0, every measure
// has its "no evidence" value, nothing is ranked.
TEST_F(QueryTest, ADatabaseWithASingleToken) {
  Build("hello\n");
  auto pair = query_->Pair("hello", "hello");
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 0);
  EXPECT_EQ(pair->table.n, 0);
  EXPECT_OK(ValidateTable(pair->table));
  for (Measure m : AllMeasures()) {
    EXPECT_FALSE(std::isnan(Score(m, pair->table, LogBase::kTwo)))
        << MeasureName(m);
  }
  EXPECT_EQ(Score(Measure::kPmi, pair->table, LogBase::kTwo), -INFINITY);
  QueryOptions unigram;
  unigram.marginals = Marginals::kUnigram;
  auto table = query_->Pair("hello", "hello", unigram);
  ASSERT_OK(table);
  // f = 1, N = 1 token: (0, 1, 1, 1) raised to N = 2, a proper table.
  EXPECT_EQ(table->table.n, 2);
  EXPECT_OK(ValidateTable(table->table));
  QueryOptions all = ByCount();
  EXPECT_TRUE(query_->Collocations(all)->empty());
  EXPECT_TRUE(query_->Associates("hello", all)->empty());
  auto stats = query_->Stats(StatsScope::kInformation);
  ASSERT_OK(stats);
  EXPECT_EQ(stats->totals.tokens, 1u);
  ASSERT_TRUE(stats->information.has_value());
  EXPECT_EQ(stats->information->mutual_information, 0);
}

TEST_F(QueryTest, StatsIncludeTheInformationOfThePairEvents) {
  // Symmetric W = 1 on "a b": events (a,b), (b,a): L and R determine each
  // other, H(L) = H(R) = H(L,R) = I = 1 bit.
  Build("a b\n", Window(1));
  auto stats = query_->Stats(StatsScope::kInformation, LogBase::kTwo);
  ASSERT_OK(stats);
  ASSERT_TRUE(stats->information.has_value());
  EXPECT_DOUBLE_EQ(stats->information->h_left, 1);
  EXPECT_DOUBLE_EQ(stats->information->h_joint, 1);
  EXPECT_DOUBLE_EQ(stats->information->mutual_information, 1);
  EXPECT_DOUBLE_EQ(stats->information->normalized_mi, 1);
  EXPECT_EQ(stats->base, LogBase::kTwo);
  EXPECT_EQ(stats->totals.distinct_pairs, 2u);  // Counted by the scan.
}

TEST_F(QueryTest, StatsWithoutTheInformationReadNoPairAndLeaveItOut) {
  Build("a b\n", Window(1));
  auto stats = query_->Stats();
  ASSERT_OK(stats);
  EXPECT_FALSE(stats->information.has_value());
  EXPECT_EQ(stats->totals.pair_events, 2u);
}

TEST_F(QueryTest, InvalidSmoothingOptionsAreRejected) {
  Build("a b\n");
  for (double k : {-1.0, double{NAN}, double{INFINITY}}) {
    QueryOptions options;
    options.add_k = k;
    EXPECT_STATUS_CODE(query_->Pair("a", "b", options),
                       absl::StatusCode::kInvalidArgument);
  }
  for (double a : {0.0, -0.5, 1.5, double{NAN}}) {
    QueryOptions options;
    options.cds = a;
    EXPECT_STATUS_CODE(query_->Collocations(options),
                       absl::StatusCode::kInvalidArgument);
  }
  EXPECT_STATUS_CODE(ParseMarginals("bigram"),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseMarginals("unigram"), Marginals::kUnigram);
  EXPECT_EQ(MarginalsName(Marginals::kPair), "pair");
}

// Issue 3: an unseen pair (O11 = 0, pmi = -inf) is never listed by assoc or
// collocations, whatever the measure: only stored pairs (c >= 1) are
// ranked, and a -inf score is never ranked.
TEST_F(QueryTest, UnseenPairsAreNeverListed) {
  // W = 1, symmetric: a-b, b-c; (a, c) is never seen.
  Build("a b c\n", Window(1));
  for (Measure m : AllMeasures()) {
    SCOPED_TRACE(MeasureName(m));
    QueryOptions options;
    options.measure = m;
    options.min_count = 1;
    options.top = 100;
    auto pairs = query_->Collocations(options);
    ASSERT_OK(pairs);
    EXPECT_EQ(pairs->size(), 2u);  // (a,b) and (b,c), once each.
    for (const ScoredPair& p : *pairs) {
      EXPECT_GE(p.pair.table.o11, 1);
      EXPECT_NE(p.score, -INFINITY);
    }
    auto partners = query_->Associates("a", options);
    ASSERT_OK(partners);
    EXPECT_EQ(Partners(*partners), (std::vector<std::string>{"b"}));
  }
  auto unseen = query_->Pair("a", "c");
  ASSERT_OK(unseen);
  EXPECT_EQ(unseen->table.o11, 0);
  EXPECT_EQ(Score(Measure::kPmi, unseen->table, LogBase::kTwo), -INFINITY);
}

// The parallel scans merge per-shard results in shard order: the answer
// must not depend on how the pairs are split into shards (ids, and so tie
// order, are the same for any shard count).
TEST(QueryScans, CollocationsAndInformationDoNotDependOnTheShardCount) {
  TempDir dir;
  struct Result {
    std::vector<std::string> pairs;
    PairInformation info;
  };
  const auto run = [&](int shards, PairMode mode) -> Result {
    IngestOptions options = Window(3, mode);
    options.shards = shards;
    const std::string db = dir.Join(absl::StrCat("db", shards, "_",
                                                 PairModeName(mode)));
    EXPECT_OK(Ingest(db, {testing::CorpusPath("en_austen_sample.txt")},
                     options));
    auto query = Query::Open(db);
    EXPECT_OK(query);
    if (!query.ok()) return {};
    Result result;
    for (Measure measure : {Measure::kPmi, Measure::kCount, Measure::kLlr}) {
      QueryOptions ranking;
      ranking.measure = measure;
      ranking.top = 300;  // Enough to include many ties.
      ranking.min_count = measure == Measure::kCount ? 1 : 3;
      auto pairs = (*query)->Collocations(ranking);
      EXPECT_OK(pairs);
      if (!pairs.ok()) return {};
      for (const ScoredPair& p : *pairs) {
        result.pairs.push_back(absl::StrCat(p.pair.x, " ", p.pair.y, " ",
                                            p.score));
      }
    }
    auto stats = (*query)->Stats(StatsScope::kInformation);
    EXPECT_OK(stats);
    if (stats.ok()) result.info = *stats->information;
    return result;
  };
  for (PairMode mode : {PairMode::kSymmetric, PairMode::kOrdered}) {
    SCOPED_TRACE(PairModeName(mode));
    const Result one = run(1, mode);
    const Result many = run(7, mode);
    EXPECT_EQ(one.pairs, many.pairs);
    EXPECT_NEAR(one.info.mutual_information, many.info.mutual_information,
                1e-13);
    EXPECT_NEAR(one.info.h_joint, many.info.h_joint, 1e-13);
    EXPECT_EQ(one.info.pairs, many.info.pairs);
  }
}

// The Austen sample, for the ranking filters of issue 12.
class RankingFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(Ingest(dir_.Join("db"),
                     {testing::CorpusPath("en_austen_sample.txt")},
                     IngestOptions()));
    auto query = Query::Open(dir_.Join("db"));
    ASSERT_OK(query);
    query_ = std::move(*query);
  }

  std::vector<ScoredPair> Collocations(const QueryOptions& options) {
    auto pairs = query_->Collocations(options);
    EXPECT_OK(pairs);
    return pairs.ok() ? *pairs : std::vector<ScoredPair>();
  }

  TempDir dir_;
  std::unique_ptr<Query> query_;
};

QueryOptions Every(Measure measure) {
  QueryOptions options;
  options.measure = measure;
  options.min_count = 1;
  options.top = 100000000;
  return options;
}

TEST_F(RankingFilterTest, Issue12SelfPairsAreRankedOnlyWhenAsked) {
  QueryOptions options = Every(Measure::kCount);
  size_t self = 0;
  for (const ScoredPair& p : Collocations(options)) self += p.pair.x == p.pair.y;
  EXPECT_EQ(self, 0u);
  const std::vector<ScoredPair> without = Collocations(options);
  options.self_pairs = true;
  const std::vector<ScoredPair> with = Collocations(options);
  for (const ScoredPair& p : with) self += p.pair.x == p.pair.y;
  EXPECT_GT(self, 10u);
  EXPECT_EQ(with.size(), without.size() + self);
  auto to = query_->Associates("to", options);
  ASSERT_OK(to);
  options.self_pairs = false;
  auto to_without = query_->Associates("to", options);
  ASSERT_OK(to_without);
  EXPECT_EQ(to->size(), to_without->size() + 1);
  for (const ScoredPair& p : *to_without) EXPECT_NE(p.pair.y, "to");
}

TEST_F(RankingFilterTest, Issue12TestStatisticsRankAttractionUnlessAsked) {
  for (const Measure measure : AllMeasures()) {
    SCOPED_TRACE(MeasureName(measure));
    QueryOptions options = Every(measure);
    options.self_pairs = true;
    const std::vector<ScoredPair> by_default = Collocations(options);
    options.direction = Direction::kAny;
    const std::vector<ScoredPair> any = Collocations(options);
    options.direction = Direction::kNegative;
    const std::vector<ScoredPair> negative = Collocations(options);
    options.direction = Direction::kPositive;
    const std::vector<ScoredPair> positive = Collocations(options);
    size_t independent = 0;
    for (const ScoredPair& p : any) {
      independent += p.pair.table.o11 == Expected11(p.pair.table);
    }
    // The three sides make up every pair; each pair is on its side.
    EXPECT_EQ(positive.size() + negative.size() + independent, any.size());
    EXPECT_GT(negative.size(), 1000u);
    for (const ScoredPair& p : positive) {
      EXPECT_GT(p.pair.table.o11, Expected11(p.pair.table));
    }
    for (const ScoredPair& p : negative) {
      EXPECT_LT(p.pair.table.o11, Expected11(p.pair.table));
    }
    EXPECT_EQ(by_default.size(),
              MeasureIsTestStatistic(measure) ? positive.size() : any.size());
    // Repulsion by a signed measure: the lowest scores first.
    if (MeasureIsSigned(measure) && negative.size() > 1) {
      EXPECT_LE(negative.front().score, negative.back().score);
    }
  }
}

TEST_F(RankingFilterTest, Issue12WordFiltersLeaveTheTablesAsTheyAre) {
  QueryOptions options = Every(Measure::kLlr);
  const std::vector<ScoredPair> all = Collocations(options);
  absl::flat_hash_map<std::string, double> scores;
  for (const ScoredPair& p : all) scores[p.pair.x + " " + p.pair.y] = p.score;
  auto en = StopwordList::Builtin("en");
  ASSERT_OK(en);
  options.stopwords = *en;
  options.match = "^[a-z]+$";
  options.min_frequency = 20;
  auto counts = query_->Collocations(options);
  ASSERT_OK(counts);
  const std::vector<ScoredPair>& filtered = *counts;
  EXPECT_GT(filtered.size(), 100u);
  EXPECT_LT(filtered.size(), all.size() / 4);
  for (const ScoredPair& p : filtered) {
    for (const std::string& word : {p.pair.x, p.pair.y}) {
      EXPECT_FALSE((*en)->Contains(word)) << word;
      EXPECT_TRUE(std::all_of(word.begin(), word.end(),
                              [](char c) { return c >= 'a' && c <= 'z'; }))
          << word;
    }
    EXPECT_EQ(scores[p.pair.x + " " + p.pair.y], p.score);  // Same table.
  }
  // Every pair seen was a candidate; the filters account for the rest.
  const RankingCounts& ranked = query_->last_ranking();
  EXPECT_EQ(ranked.candidates - ranked.filtered_words -
                ranked.filtered_direction - ranked.unscored,
            filtered.size());
  // Associates: the filters judge the partners, not the term asked.
  auto the = query_->Associates("the", options);
  ASSERT_OK(the);
  EXPECT_FALSE(the->empty());
  for (const ScoredPair& p : *the) EXPECT_FALSE((*en)->Contains(p.pair.y));
  options.match = "([unclosed";
  EXPECT_STATUS_CODE(query_->Collocations(options),
                     absl::StatusCode::kInvalidArgument);
}

// Issue 12 item 5: in an ordered database the words before a term are the
// pairs (x, term), read from the index by right word: exactly those a scan
// of every stored pair finds, each with its own table; both sides rank
// them together, (x, x) once; a symmetric database refuses the sides.
TEST_F(QueryTest, Issue12LeftCollocatesAreThePairsEndingInTheTerm) {
  Build(testing::ReadFile(testing::CorpusPath("en_austen_sample.txt")),
        Window(3, PairMode::kOrdered));
  ASSERT_TRUE(query_->store().options().right_index);
  absl::StatusOr<std::vector<PairEntry>> all = testing::AllPairs(query_->store());
  ASSERT_OK(all);
  QueryOptions options = ByCount();
  options.top = 100000;
  options.self_pairs = true;
  options.direction = Direction::kAny;
  for (const std::string term : {"darcy", "the", "elizabeth", "said"}) {
    absl::StatusOr<uint32_t> id = query_->store().Lookup(term);
    ASSERT_OK(id);
    std::map<uint32_t, uint64_t> before, after;
    for (const PairEntry& pair : *all) {
      if (pair.y == *id) before[pair.x] = pair.count;
      if (pair.x == *id) after[pair.y] = pair.count;
    }
    const auto listed = [&](Side side) {
      QueryOptions asked = options;
      asked.side = side;
      absl::StatusOr<std::vector<ScoredPair>> pairs =
          query_->Associates(term, asked);
      EXPECT_OK(pairs);
      std::map<std::pair<std::string, std::string>, uint64_t> rows;
      for (const ScoredPair& pair : *pairs) {
        EXPECT_TRUE(pair.pair.x == term || pair.pair.y == term);
        rows[{pair.pair.x, pair.pair.y}] = pair.pair.table.o11;
        absl::StatusOr<PairTable> table = query_->Pair(pair.pair.x, pair.pair.y);
        EXPECT_OK(table);
        EXPECT_EQ(table->table.r1, pair.pair.table.r1);  // Its own table.
        EXPECT_EQ(table->table.c1, pair.pair.table.c1);
      }
      return rows;
    };
    std::map<std::pair<std::string, std::string>, uint64_t> left, right, both;
    for (const auto& [x, count] : before) {
      left[{*query_->store().Term(x), term}] = count;
    }
    for (const auto& [y, count] : after) {
      right[{term, *query_->store().Term(y)}] = count;
    }
    both = left;
    both.insert(right.begin(), right.end());
    EXPECT_EQ(listed(Side::kLeft), left) << term;
    EXPECT_EQ(listed(Side::kRight), right) << term;
    EXPECT_EQ(listed(Side::kBoth), both) << term;
    EXPECT_GT(left.size(), 3u);
  }
  // A symmetric database has both orders in every pair: no side.
  TempDir other;
  const std::string input = other.Join("t.txt");
  testing::WriteFile(input, "a b c\n");
  ASSERT_OK(Ingest(other.Join("db"), {input}, Window(1)));
  absl::StatusOr<std::unique_ptr<Query>> symmetric =
      Query::Open(other.Join("db"));
  ASSERT_OK(symmetric);
  EXPECT_FALSE((*symmetric)->store().options().right_index);
  QueryOptions left = ByCount();
  left.side = Side::kLeft;
  EXPECT_STATUS_CODE((*symmetric)->Associates("b", left),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseSide("lefft").ok());
}

}  // namespace
}  // namespace cooc
