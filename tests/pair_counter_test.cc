#include "pair_counter.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace cooc {
namespace {

using PairCounts = std::map<std::pair<uint32_t, uint32_t>, uint64_t>;

struct Counted {
  PairCounts pairs;
  StoreBatch batch;
  uint64_t tokens = 0;
  uint64_t events = 0;
};

// Counts `lines` (each a list of ids) and returns every shard's pairs merged.
Counted Count(const std::vector<std::vector<uint32_t>>& lines, int window,
              PairMode mode, int shards = 3) {
  StoreOptions options;
  options.window = window;
  options.mode = mode;
  options.shards = shards;
  PairCounter counter(options);
  for (const auto& line : lines) {
    for (uint32_t id : line) counter.Add(id);
    counter.EndLine();
  }
  Counted counted;
  counted.tokens = counter.tokens();
  counted.events = counter.pair_events();
  counter.Drain(&counted.batch);
  for (size_t k = 0; k < counted.batch.shard_pairs.size(); ++k) {
    for (const auto& [key, count] : counted.batch.shard_pairs[k]) {
      const uint32_t x = key >> 32;
      EXPECT_EQ(x % shards, k) << "pair in the wrong shard";
      counted.pairs[{x, static_cast<uint32_t>(key)}] += count;
    }
  }
  return counted;
}

// Ids: 0=a 1=b 2=c 3=d.
TEST(PairCounter, OrderedWindowPairsEachTokenWithTheNextW) {
  // "a b c d", W=2: (a,b) (a,c) (b,c) (b,d) (c,d).
  const Counted counted = Count({{0, 1, 2, 3}}, 2, PairMode::kOrdered);
  EXPECT_EQ(counted.pairs, (PairCounts{{{0, 1}, 1},
                                       {{0, 2}, 1},
                                       {{1, 2}, 1},
                                       {{1, 3}, 1},
                                       {{2, 3}, 1}}));
  EXPECT_EQ(counted.events, 5u);
  EXPECT_EQ(counted.tokens, 4u);
}

TEST(PairCounter, SymmetricModeRecordsBothDirections) {
  // "a b a", W=1: (a,b) and (b,a) twice each; N = 4.
  const Counted counted = Count({{0, 1, 0}}, 1, PairMode::kSymmetric);
  EXPECT_EQ(counted.pairs, (PairCounts{{{0, 1}, 2}, {{1, 0}, 2}}));
  EXPECT_EQ(counted.events, 4u);
}

TEST(PairCounter, WindowsNeverCrossALineBreak) {
  // "a b" / "c d", W=5: only (a,b) and (c,d).
  const Counted counted = Count({{0, 1}, {2, 3}}, 5, PairMode::kOrdered);
  EXPECT_EQ(counted.pairs, (PairCounts{{{0, 1}, 1}, {{2, 3}, 1}}));
}

TEST(PairCounter, RepeatedWordPairsWithItself) {
  // "a a a", W=2, ordered: positions (0,1) (0,2) (1,2) are all (a,a).
  EXPECT_EQ(Count({{0, 0, 0}}, 2, PairMode::kOrdered).pairs,
            (PairCounts{{{0, 0}, 3}}));
  // Symmetric doubles them.
  EXPECT_EQ(Count({{0, 0, 0}}, 2, PairMode::kSymmetric).pairs,
            (PairCounts{{{0, 0}, 6}}));
}

TEST(PairCounter, WindowLargerThanTheLinePairsEverything) {
  // 4 tokens, W=10: C(4,2) = 6 ordered pairs.
  EXPECT_EQ(Count({{0, 1, 2, 3}}, 10, PairMode::kOrdered).events, 6u);
}

TEST(PairCounter, MarginalsAreRowAndColumnSumsOfThePairs) {
  // "a b c a", W=2, ordered: (a,b) (a,c) (b,c) (b,a) (c,a).
  const Counted counted = Count({{0, 1, 2, 0}}, 2, PairMode::kOrdered);
  // id: frequency, row, column
  const std::vector<std::pair<uint32_t, TermCounts>> expected = {
      {0, {2, 2, 2}}, {1, {1, 2, 1}}, {2, {1, 1, 2}}};
  ASSERT_EQ(counted.batch.term_counts.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(counted.batch.term_counts[i].first, expected[i].first);
    EXPECT_EQ(counted.batch.term_counts[i].second.frequency,
              expected[i].second.frequency);
    EXPECT_EQ(counted.batch.term_counts[i].second.row, expected[i].second.row);
    EXPECT_EQ(counted.batch.term_counts[i].second.column,
              expected[i].second.column);
  }
}

TEST(PairCounter, ShardPairsAreSortedAndResultsIgnoreTheShardCount) {
  const std::vector<std::vector<uint32_t>> text = {
      {5, 1, 4, 1, 5, 9, 2, 6}, {5, 3, 5}, {8, 9, 7, 9, 3, 2, 3, 8, 4}};
  const Counted one = Count(text, 3, PairMode::kSymmetric, 1);
  const Counted seven = Count(text, 3, PairMode::kSymmetric, 7);
  EXPECT_EQ(one.pairs, seven.pairs);
  for (const auto& shard : seven.batch.shard_pairs) {
    EXPECT_TRUE(std::is_sorted(shard.begin(), shard.end()));
  }
}

TEST(PairCounter, DrainLeavesTheCounterEmpty) {
  StoreOptions options;
  options.window = 2;
  PairCounter counter(options);
  counter.Add(0);
  counter.Add(1);
  StoreBatch batch;
  counter.Drain(&batch);
  EXPECT_EQ(counter.tokens(), 0u);
  EXPECT_EQ(counter.pair_events(), 0u);
  counter.Add(2);  // A new line after a drain: no pair with 1.
  StoreBatch second;
  counter.Drain(&second);
  size_t pairs = 0;
  for (const auto& shard : second.shard_pairs) pairs += shard.size();
  EXPECT_EQ(pairs, 0u);
}

}  // namespace
}  // namespace cooc
