#include "count_table.h"

#include <map>
#include <random>

#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(CountTable, CountsEveryIncrementThroughGrowth) {
  CountTable table;
  std::map<uint64_t, uint64_t> expected;
  std::mt19937_64 random(42);
  // Enough distinct keys to grow past the initial capacity several times,
  // with keys of the shape (x << 32) | y, including x = y = 0.
  for (int i = 0; i < 400000; ++i) {
    const uint64_t key = ((random() % 3000) << 32) | (random() % 300);
    table.Increment(key);
    ++expected[key];
  }
  table.Increment(0);
  ++expected[0];
  EXPECT_EQ(table.size(), expected.size());
  std::map<uint64_t, uint64_t> got;
  table.ForEach([&](uint64_t key, uint64_t count) { got[key] = count; });
  EXPECT_EQ(got, expected);
}

TEST(CountTable, SizeBoundCoversBufferedIncrements) {
  CountTable table;
  table.Increment(7);
  table.Increment(7);
  EXPECT_GE(table.size_bound(), 1u);
  EXPECT_EQ(table.size(), 1u);
}

TEST(CountTable, ClearEmptiesTheTableForReuse) {
  CountTable table;
  for (uint64_t key = 0; key < 100000; ++key) table.Increment(key);
  EXPECT_EQ(table.size(), 100000u);
  table.Clear();
  EXPECT_EQ(table.size(), 0u);
  table.Increment(3);
  uint64_t seen = 0;
  table.ForEach([&](uint64_t key, uint64_t count) { seen += key * count; });
  EXPECT_EQ(seen, 3u);
}

}  // namespace
}  // namespace cooc
