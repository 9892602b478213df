#include "vocabulary.h"

#include <string>

#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(Vocabulary, AssignsDenseIdsInOrderOfFirstAppearance) {
  Vocabulary vocabulary;
  EXPECT_EQ(vocabulary.IdOf("the"), 0u);
  EXPECT_EQ(vocabulary.IdOf("cat"), 1u);
  EXPECT_EQ(vocabulary.IdOf("the"), 0u);
  EXPECT_EQ(vocabulary.IdOf("天气"), 2u);
  EXPECT_EQ(vocabulary.size(), 3u);
  const std::vector<std::string> terms = vocabulary.TakeTerms();
  EXPECT_EQ(terms, (std::vector<std::string>{"the", "cat", "天气"}));
  EXPECT_TRUE(vocabulary.TakeTerms().empty());
  EXPECT_EQ(vocabulary.IdOf("cat"), 0u);  // Empty again: ids from 0.
}

TEST(Vocabulary, LongTermsKeepTheirIdsAsTheVocabularyGrows) {
  Vocabulary vocabulary;
  std::vector<std::string> words;
  for (int i = 0; i < 100000; ++i) {
    words.push_back("a-term-longer-than-the-small-string-buffer-" +
                    std::to_string(i));
    ASSERT_EQ(vocabulary.IdOf(words.back()), static_cast<uint32_t>(i));
  }
  for (int i = 0; i < 100000; i += 997) {
    EXPECT_EQ(vocabulary.IdOf(words[i]), static_cast<uint32_t>(i));
  }
  EXPECT_EQ(vocabulary.IdOf("short"), 100000u);
  EXPECT_EQ(vocabulary.IdOf("short"), 100000u);
}

TEST(Vocabulary, Issue9MemoryBytesCountsTheTermsAndTheirSlots) {
  Vocabulary vocabulary;
  const uint64_t empty = vocabulary.MemoryBytes();
  for (int i = 0; i < 10000; ++i) vocabulary.IdOf("w" + std::to_string(i));
  const uint64_t short_terms = vocabulary.MemoryBytes();
  // Each term: its string object and at least one 5-byte slot.
  EXPECT_GE(short_terms - empty, 10000 * (sizeof(std::string) + 5));
  EXPECT_LE(short_terms - empty, 10000 * (sizeof(std::string) + 4 * 5));
  vocabulary.IdOf(std::string(1000, 'x'));  // Too long to be inline.
  EXPECT_GE(vocabulary.MemoryBytes() - short_terms, 1000u);
  vocabulary.TakeTerms();
  EXPECT_EQ(vocabulary.MemoryBytes(), empty);
}

}  // namespace
}  // namespace cooc
