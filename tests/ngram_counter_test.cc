// Tests for NgramCounter (src/ngram_counter.h): its counts and entropy sums
// against a brute-force count, whatever the threads and the memory budget.

#include "ngram_counter.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace cooc {
namespace {

using Key = NgramCounter::Key;

// A text of `length` characters drawn from ids 1..`alphabet`, with a run
// break (0) after about one character in `run`.
std::vector<uint16_t> RandomText(int length, int alphabet, int run,
                                 uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<uint16_t> text = {0};
  for (int i = 0; i < length; ++i) {
    text.push_back(static_cast<uint16_t>(1 + random() % alphabet));
    if (random() % run == 0) text.push_back(0);
  }
  text.push_back(0);
  return text;
}

// Every n-gram of `text` (within runs) with its count, for n in [1, max].
std::map<std::pair<int, Key>, uint64_t> BruteForce(
    const std::vector<uint16_t>& text, int max) {
  std::map<std::pair<int, Key>, uint64_t> counts;
  for (size_t i = 0; i < text.size(); ++i) {
    for (int n = 1; n <= max && i + n <= text.size(); ++n) {
      if (text[i + n - 1] == 0) break;
      ++counts[{n, NgramCounter::MakeKey(&text[i], n)}];
    }
  }
  return counts;
}

double CLogC(uint64_t c) { return c * std::log2(static_cast<double>(c)); }

TEST(NgramCounter, CountsExactlyTheFrequentNgramsAndTheirExtensions) {
  const std::vector<uint16_t> text = RandomText(20000, 12, 9, 1);
  constexpr uint64_t kMinCount = 4;
  constexpr int kMaxLength = 4;
  const auto counts = BruteForce(text, kMaxLength + 1);
  const auto frequent = [&](int n, Key key) {
    const auto it = counts.find({n, key});
    return it != counts.end() && it->second >= kMinCount;
  };
  // Expected: the n-grams whose every substring is frequent, with the sums
  // of c log2 c over their one-character extensions.
  std::map<std::pair<int, Key>, NgramCounter::Entry> expected;
  for (const auto& [nk, count] : counts) {
    const auto [n, key] = nk;
    if (n < 2 || n > kMaxLength || count < kMinCount) continue;
    bool all = true;
    for (int len = 1; len < n && all; ++len) {
      for (int start = 0; start + len <= n && all; ++start) {
        const Key part = (key >> (16 * (n - start - len))) &
                         ((Key(1) << (16 * len)) - 1);
        all = frequent(len, part);
      }
    }
    if (all) expected[nk].count = count;
  }
  for (const auto& [nk, count] : counts) {
    const auto [n, key] = nk;
    if (n < 3) continue;
    const auto prefix = expected.find({n - 1, key >> 16});
    if (prefix != expected.end()) prefix->second.right_sum += CLogC(count);
    const auto suffix =
        expected.find({n - 1, key & ((Key(1) << (16 * (n - 1))) - 1)});
    if (suffix != expected.end()) suffix->second.left_sum += CLogC(count);
  }
  ASSERT_GT(expected.size(), 100u);

  // One thread with room to spare, two threads, and a budget so small that
  // levels are counted in many parts: the same result.
  for (const auto& [threads, memory] :
       std::vector<std::pair<int, uint64_t>>{{1, 1 << 30}, {2, 1 << 30},
                                             {2, 1}}) {
    NgramCounter::Options options;
    options.min_count = kMinCount;
    options.max_length = kMaxLength;
    options.threads = threads;
    options.memory_bytes = memory;
    const NgramCounter counter(text, options);
    uint64_t found = 0;
    for (int n = 2; n <= kMaxLength; ++n) {
      for (const auto& [key, entry] : counter.level(n)) {
        ++found;
        const auto it = expected.find({n, key});
        ASSERT_NE(it, expected.end()) << "n=" << n;
        EXPECT_EQ(entry.count, it->second.count);
        EXPECT_NEAR(entry.left_sum, it->second.left_sum, 1e-6);
        EXPECT_NEAR(entry.right_sum, it->second.right_sum, 1e-6);
      }
    }
    EXPECT_EQ(found, expected.size()) << threads << " threads";
    EXPECT_EQ(counter.characters(), 20000u);
    if (memory == 1) {
      EXPECT_GT(counter.extra_scans(), 0u);
    } else {
      EXPECT_EQ(counter.extra_scans(), 0u);
    }
  }
}

TEST(NgramCounter, NeverCountsAcrossARunBreak) {
  // "ab" then a break then "cd", 10 times: "bc" never occurs.
  std::vector<uint16_t> text = {0};
  for (int i = 0; i < 10; ++i) {
    for (uint16_t c : {1, 2, 0, 3, 4, 0}) text.push_back(c);
  }
  NgramCounter::Options options;
  options.min_count = 2;
  options.max_length = 3;
  const NgramCounter counter(text, options);
  const uint16_t ab[] = {1, 2};
  const uint16_t bc[] = {2, 3};
  EXPECT_EQ(counter.Count(NgramCounter::MakeKey(ab, 2), 2), 10u);
  EXPECT_EQ(counter.Count(NgramCounter::MakeKey(bc, 2), 2), 0u);
  EXPECT_EQ(counter.level(3).size(), 0u);
  // Nothing extends "ab": its neighbours are all run ends.
  const NgramCounter::Entry& entry =
      counter.level(2).at(NgramCounter::MakeKey(ab, 2));
  EXPECT_EQ(entry.left_sum, 0);
  EXPECT_EQ(entry.right_sum, 0);
}

TEST(NgramCounter, KeysRoundTripTheirCharacters) {
  const uint16_t chars[] = {0x4e2d, 0x6587, 0x5b57, 0x8bcd, 1, 0xffff, 7};
  const Key key = NgramCounter::MakeKey(chars, 7);
  EXPECT_EQ(NgramCounter::Characters(key, 7),
            std::vector<uint16_t>(std::begin(chars), std::end(chars)));
}

}  // namespace
}  // namespace cooc
