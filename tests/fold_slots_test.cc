#include "fold_slots.h"

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(FoldSlots, ASmallFoldIntoALargeVocabularyNumbersOnlyItsIds) {
  const std::vector<uint32_t> first = {900000, 7, 123456};
  const std::vector<uint32_t> second = {7, 42};
  const std::vector<absl::Span<const uint32_t>> lists = {first, second};
  const FoldSlots slots = FoldSlots::Of(lists, 1000000);
  EXPECT_FALSE(slots.dense());
  ASSERT_EQ(slots.size(), 4u);  // 7 once.
  EXPECT_EQ(slots.id(0), 7u);   // In id order.
  EXPECT_EQ(slots.id(1), 42u);
  EXPECT_EQ(slots.id(2), 123456u);
  EXPECT_EQ(slots.id(3), 900000u);
  EXPECT_EQ(slots.SlotOf(123456), 2u);
  EXPECT_EQ(slots.SlotOf(8), slots.size());  // Not touched.
  EXPECT_EQ(slots.SlotOf(2000000), slots.size());
  EXPECT_EQ(slots.types(), 1000000u);
  EXPECT_GT(slots.MemoryBytes(), 0u);
}

TEST(FoldSlots, AFoldOfMuchOfTheVocabularyOrOfAFewTypesIsDense) {
  const std::vector<uint32_t> ids = {0, 3, 5};
  const std::vector<absl::Span<const uint32_t>> lists = {ids};
  const FoldSlots few = FoldSlots::Of(lists, 10);
  EXPECT_TRUE(few.dense());
  EXPECT_EQ(few.size(), 10u);
  EXPECT_EQ(few.SlotOf(4), 4u);  // Every id below types is its own slot.
  EXPECT_EQ(few.SlotOf(10), 10u);
  EXPECT_EQ(few.MemoryBytes(), 0u);
  std::vector<uint32_t> half(600000);
  for (uint32_t i = 0; i < half.size(); ++i) half[i] = 2 * i;
  const std::vector<absl::Span<const uint32_t>> large = {half};
  EXPECT_TRUE(FoldSlots::Of(large, 1200000).dense());
  EXPECT_FALSE(FoldSlots::Of(large, 1200001).dense());
  EXPECT_TRUE(FoldSlots::Dense(5).dense());
}

}  // namespace
}  // namespace cooc
