#include "vocabulary.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
  const TermList terms = vocabulary.TakeTerms();
  EXPECT_EQ(std::vector<std::string>(terms.begin(), terms.end()),
            (std::vector<std::string>{"the", "cat", "天气"}));
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
  for (int i = 0; i < 10000; ++i) vocabulary.IdOf(absl::StrCat("w", i));
  const uint64_t short_terms = vocabulary.MemoryBytes();
  // Each term: its bytes, its 8-byte place in the list and at least one
  // 5-byte slot (the list's blocks and index grow by doubling up to 1 MiB
  // and 512 KiB, the slots by doubling).
  EXPECT_GE(short_terms - empty, 10000 * (5 + 8 + 5));
  EXPECT_LE(short_terms - empty, 10000 * 2 * (5 + 8 + 2 * 5));
  for (int i = 0; i < 20; ++i) {  // 2 MB of long terms.
    vocabulary.IdOf(std::string(100000, 'a' + i));
  }
  EXPECT_GE(vocabulary.MemoryBytes() - short_terms, 20u * 100000);
  vocabulary.TakeTerms();
  EXPECT_EQ(vocabulary.MemoryBytes(), empty);
}

}  // namespace
}  // namespace cooc
