#include "pair_counter.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "sorted_runs.h"
#include "test_util.h"

namespace cooc {
namespace {

using PairCounts = std::map<std::pair<uint32_t, uint32_t>, uint64_t>;

struct Counted {
  PairCounts pairs;
  uint64_t tokens = 0;
  uint64_t events = 0;
};

// Merges every shard of `runs` into one map, checking order and shard.
PairCounts MergeAll(SortedRuns& runs) {
  PairCounts pairs;
  for (int k = 0; k < runs.shards(); ++k) {
    uint64_t last = 0;
    bool first = true;
    EXPECT_OK(runs.Merge(k, [&](absl::Span<const KeyCount> batch) {
     for (const auto& [key, count] : batch) {
      EXPECT_TRUE(first || key > last) << "keys out of order";
      first = false;
      last = key;
      const uint32_t x = key >> 32;
      EXPECT_EQ(x % runs.shards(), static_cast<uint32_t>(k))
          << "pair in the wrong shard";
      pairs[{x, static_cast<uint32_t>(key)}] += count;
     }
     return absl::OkStatus();
    }));
  }
  return pairs;
}

// Counts `lines` (each a list of ids) and returns every shard's pairs.
// `max_entries` small forces spills mid-way.
Counted Count(const std::vector<std::vector<uint32_t>>& lines, int window,
              PairMode mode, int shards = 3, size_t max_entries = 1 << 20) {
  StoreOptions options;
  options.window = window;
  options.mode = mode;
  options.shards = shards;
  PairCounter counter(options, max_entries);
  testing::TempDir dir;
  SortedRuns runs(shards, dir.Join("spill"), 1 << 20);
  for (const auto& line : lines) {
    for (uint32_t id : line) {
      counter.Add(id);
      if (counter.full()) EXPECT_OK(counter.SpillTo(&runs));
    }
    counter.EndLine();
  }
  EXPECT_OK(counter.SpillTo(&runs));
  Counted counted;
  counted.tokens = counter.tokens();
  counted.events = counter.pair_events();
  counted.pairs = MergeAll(runs);
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

TEST(PairCounter, CountsTokens) {
  const Counted counted = Count({{0, 1, 2, 0}, {2}}, 2, PairMode::kOrdered);
  EXPECT_EQ(counted.tokens, 5u);
}

// Counts the token `id` on a line whose earlier tokens, `carry`, were
// counted elsewhere (window 2), and returns the pairs spilled.
PairCounts CountAfterCarry(const std::vector<uint32_t>& carry, uint32_t id,
                           PairMode mode, int shards) {
  StoreOptions options;
  options.window = 2;
  options.mode = mode;
  options.shards = shards;
  PairCounter counter(options, 1 << 20);
  counter.ContinueLine(carry);
  counter.Add(id);
  testing::TempDir dir;
  SortedRuns runs(shards, dir.Join("spill"), 1 << 20);
  EXPECT_OK(counter.SpillTo(&runs));
  return MergeAll(runs);
}

TEST(PairCounter, ContinuedLinePairsWithTheCarriedTokens) {
  // "a b | c" where "a b" was counted elsewhere and carried: only (a,c) and
  // (b,c) are new, as when the line is counted in one go.
  EXPECT_EQ(CountAfterCarry({0, 1}, 2, PairMode::kOrdered, 1),
            (PairCounts{{{0, 2}, 1}, {{1, 2}, 1}}));
}

TEST(PairCounter, CarriedIdsAboveEveryIdCountedHereAreSpilled) {
  // The line began in a block another counter read, with an id (7) this
  // counter never counted itself; symmetric pairs have it on the left too.
  EXPECT_EQ(CountAfterCarry({7}, 2, PairMode::kSymmetric, 2),
            (PairCounts{{{2, 7}, 1}, {{7, 2}, 1}}));
}

TEST(PairCounter, ResultsIgnoreTheShardCountAndSpills) {
  const std::vector<std::vector<uint32_t>> text = {
      {5, 1, 4, 1, 5, 9, 2, 6}, {5, 3, 5}, {8, 9, 7, 9, 3, 2, 3, 8, 4}};
  const Counted one = Count(text, 3, PairMode::kSymmetric, 1);
  const Counted seven = Count(text, 3, PairMode::kSymmetric, 7);
  // The table holds at most 1024 entries before it must spill; a longer
  // text with many distinct pairs spills several times.
  std::vector<std::vector<uint32_t>> long_text;
  for (uint32_t i = 0; i < 3000; ++i) long_text.push_back({i % 997, i % 89, i});
  const Counted no_spill = Count(long_text, 2, PairMode::kSymmetric, 4);
  const Counted spills = Count(long_text, 2, PairMode::kSymmetric, 4, 1024);
  EXPECT_EQ(one.pairs, seven.pairs);
  EXPECT_EQ(no_spill.pairs, spills.pairs);
  EXPECT_GT(no_spill.pairs.size(), 2048u);
}

TEST(PairCounter, Issue9ALoweredLimitSpillsAtOnceAndGivesTheTableBack) {
  // A vocabulary that grows takes memory from the maps: the limit comes
  // down mid-count, the map spills at once and keeps only what the new
  // limit needs, and the counts are those of one uninterrupted count.
  StoreOptions options;
  options.window = 1;
  options.mode = PairMode::kOrdered;
  options.shards = 2;
  PairCounter counter(options, 1 << 20);
  testing::TempDir dir;
  SortedRuns runs(options.shards, dir.Join("spill"), 1 << 30);
  PairCounts expected;
  const auto count_line = [&](uint32_t first) {
    for (uint32_t i = 0; i < 50000; ++i) {
      counter.Add(first + i);
      if (i > 0) ++expected[{first + i - 1, first + i}];
      ASSERT_FALSE(counter.full());
    }
    counter.EndLine();
  };
  count_line(0);
  const size_t large = counter.map_bytes();
  EXPECT_GT(large, CountTable::BytesFor(1024));
  counter.set_max_entries(1024);
  EXPECT_TRUE(counter.full());
  ASSERT_OK(counter.SpillTo(&runs));
  EXPECT_LE(counter.map_bytes(), CountTable::BytesFor(1024));
  EXPECT_FALSE(counter.full());
  for (uint32_t i = 0; i < 3000; ++i) {
    counter.Add(i % 7);
    if (i > 0) ++expected[{(i - 1) % 7, i % 7}];
    if (counter.full()) ASSERT_OK(counter.SpillTo(&runs));
    EXPECT_LE(counter.map_bytes(), CountTable::BytesFor(1024));
  }
  ASSERT_OK(counter.SpillAndRelease(&runs));
  EXPECT_EQ(MergeAll(runs), expected);
}

TEST(PairCounter, MaxEntriesKeepMapAndSpillWithinTheBytes) {
  for (uint64_t mib : {16, 64, 256, 1024}) {
    const uint64_t bytes = mib << 20;
    for (PairMode mode : {PairMode::kSymmetric, PairMode::kOrdered}) {
      const size_t entries = PairCounter::MaxEntriesWithin(bytes, mode);
      const size_t per_record = mode == PairMode::kSymmetric ? 32 : 16;
      EXPECT_LE(CountTable::BytesFor(entries) + entries * per_record, bytes);
      // And not far below: one more entry in 1% would still not fit... or
      // the table would need to double.
      EXPECT_GT(entries, bytes / 100);
    }
  }
}

}  // namespace
}  // namespace cooc
