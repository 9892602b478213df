#include "growing_counts.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(GrowingCounts, CountsKeepTheirIdsAsTheArrayGrowsAcrossPieces) {
  // 600,000 ids cross three pieces; they are added in steps, as a
  // vocabulary grows, and counted in between.
  GrowingCounts counts;
  std::vector<uint64_t> expected;
  for (size_t size = 1000; size <= 600000; size = size * 3 / 2) {
    counts.Grow(size);
    expected.resize(size, 0);
    ASSERT_EQ(counts.size(), size);
    for (size_t id = 0; id < size; id += 7) {
      counts[id] += id % 13 + 1;
      expected[id] += id % 13 + 1;
    }
  }
  counts.Grow(10);  // Never shrinks.
  EXPECT_EQ(counts.size(), expected.size());
  EXPECT_EQ(counts[expected.size() - 1], expected.back());
  EXPECT_GE(counts.MemoryBytes(), expected.size() * sizeof(uint64_t));
  EXPECT_EQ(counts.Take(), expected);
  EXPECT_EQ(counts.size(), 0u);
  EXPECT_EQ(counts.Take(), std::vector<uint64_t>());
  // Empty again, it grows afresh with zero counts.
  counts.Grow(3);
  EXPECT_EQ(counts.Take(), std::vector<uint64_t>(3, 0));
}

}  // namespace
}  // namespace cooc
