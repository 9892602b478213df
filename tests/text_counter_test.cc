#include "text_counter.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace cooc {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

TEST(TextCounter, Issue9PairTablesKeepASixteenthAndFourMiBAWorkerUpToHalf) {
  EXPECT_EQ(LeastMapBytes(1024 * kMiB, 2), 64 * kMiB);
  EXPECT_EQ(LeastMapBytes(256 * kMiB, 2), 16 * kMiB);
  EXPECT_EQ(LeastMapBytes(256 * kMiB, 8), 32 * kMiB);  // 4 MiB a worker.
  EXPECT_EQ(LeastMapBytes(16 * kMiB, 8), 8 * kMiB);    // Never past half.
  EXPECT_EQ(LeastMapBytes(0, 2), 0u);
}

TEST(TextCounter, Issue9TheBudgetNamedForAVocabularyHoldsIt) {
  for (int threads : {1, 2, 8}) {
    for (uint64_t vocabulary :
         {uint64_t{0}, kMiB, 15 * kMiB + 1, 27 * kMiB, 388 * kMiB,
          uint64_t{5} << 30}) {
      const uint64_t mb = MemoryHoldingVocabularyMb(vocabulary, threads);
      const uint64_t budget = mb * kMiB;
      EXPECT_LE(vocabulary + LeastMapBytes(budget, threads), budget)
          << vocabulary << " bytes, " << threads << " threads";
      // And not far more than it needs.
      EXPECT_LE(mb, (vocabulary / 15 * 16 + threads * 4 * kMiB) / kMiB + 2)
          << vocabulary << " bytes, " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace cooc
