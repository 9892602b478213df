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

}  // namespace
}  // namespace cooc
