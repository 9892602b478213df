// Tests for UserDictionary (include/cooc/user_dictionary.h): the file
// format, normalization, errors and the checksum a database stores.

#include "cooc/user_dictionary.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cooc/tokenizer.h"
#include "dictionary_segmenter.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "word_list.h"

namespace cooc {
namespace {

std::shared_ptr<const UserDictionary> ParseOrDie(absl::string_view text) {
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Parse(text, "test.dict");
  EXPECT_OK(dictionary);
  return dictionary.ok() ? *dictionary : nullptr;
}

// Renders the entries as "word:frequency|...".
std::string Render(const UserDictionary& dictionary) {
  std::vector<std::string> parts;
  for (const UserDictionary::Entry& entry : dictionary.entries()) {
    parts.push_back(absl::StrCat(entry.word, ":", entry.frequency));
  }
  return absl::StrJoin(parts, "|");
}

TEST(UserDictionary, ParsesWordsWithAndWithoutFrequencies) {
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("马克斯\n伏园\t25\n  天气 \t 3\n");
  ASSERT_NE(dictionary, nullptr);
  // Sorted bytewise; a missing frequency is 1.
  EXPECT_EQ(Render(*dictionary), "伏园:25|天气:3|马克斯:1");
  EXPECT_EQ(dictionary->total_frequency(), 29u);
  EXPECT_EQ(dictionary->source(), "test.dict");
}

TEST(UserDictionary, ReadsJiebasFormatWithTagsBesideTheTabFormat) {
  // jieba's dict.txt and user dictionaries: WORD [FREQ [TAG]], spaces
  // between the fields (any number of them); the tag is ignored.
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Parse(
          "可持续发展 100 n\n长江大桥  7\nAT&T 3 nz\n北京\n天气\t5\n",
          "jieba.dict");
  ASSERT_OK(dictionary);
  EXPECT_EQ(Render(**dictionary),
            "AT&T:3|北京:1|可持续发展:100|天气:5|长江大桥:7");
  // The same entries in the tab format make the same dictionary.
  absl::StatusOr<std::shared_ptr<const UserDictionary>> tabs =
      UserDictionary::Parse(
          "可持续发展\t100\n长江大桥\t7\nAT&T\t3\n北京\n天气\t5\n",
          "tabs.dict");
  ASSERT_OK(tabs);
  EXPECT_EQ((*dictionary)->checksum(), (*tabs)->checksum());
}

TEST(UserDictionary, AcceptsBomCrlfAndBlankLines) {
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("\xEF\xBB\xBF马克斯\r\n\r\n   \r\n伏园\t2\r\n");
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(Render(*dictionary), "伏园:2|马克斯:1");
}

TEST(UserDictionary, NormalizesWordsToNfkcButKeepsCase) {
  // Full-width digits and letters become ASCII, as in text; case stays (a
  // folding tokenizer folds the words itself).
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("２００１年\nＰｙｔｈｏｎ编程\n");
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(Render(*dictionary), "2001年:1|Python编程:1");
}

TEST(UserDictionary, KeepsTheHighestFrequencyOfADuplicate) {
  // "２" and "2" are the same word after NFKC.
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("天气\t3\n天气\t7\n天气\n2\t4\n２\t9\n");
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(Render(*dictionary), "2:9|天气:7");
}

TEST(UserDictionary, HashIsNotCommentSyntax) {
  std::shared_ptr<const UserDictionary> dictionary = ParseOrDie("#\n#号\n");
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(Render(*dictionary), "#:1|#号:1");
}

TEST(UserDictionary, RejectsMalformedLinesNamingTheLine) {
  const struct {
    std::string text;
    const char* message;
  } cases[] = {
      {"天气\nnew york\n", "test.dict:2: frequency 'york' is not"},
      {"长江 3 ns extra\n", "test.dict:1: more than three fields"},
      {"长江 0 ns\n", "test.dict:1: frequency '0' is not"},
      {"天\u3000气\n", "contains whitespace"},  // Ideographic space.
      {"天气\t0\n", "test.dict:1: frequency '0' is not a whole number >= 1"},
      {"天气\t-3\n", "frequency '-3'"},
      {"天气\tmany\n", "frequency 'many'"},
      {"天气\t3\tn\n", "test.dict:1: more than one tab"},
      {"\t3\n", "test.dict:1: no word before the tab"},
      {"天气\t\n", "test.dict:1: frequency '' is not"},
      {"ab\xff\n", "test.dict:1: invalid UTF-8"},
      {"", "test.dict has no words"},
      {"\n \r\n", "test.dict has no words"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
        UserDictionary::Parse(c.text, "test.dict");
    EXPECT_STATUS_CODE(dictionary, absl::StatusCode::kInvalidArgument);
    EXPECT_NE(dictionary.status().message().find(c.message), std::string::npos)
        << dictionary.status();
  }
}

TEST(UserDictionary, LoadReadsAFileAndNamesMissingOnes) {
  testing::TempDir dir;
  const std::string path = dir.Join("words.txt");
  testing::WriteFile(path, "马克斯\n伏园\t2\n");
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Load(path);
  ASSERT_OK(dictionary);
  EXPECT_EQ(Render(**dictionary), "伏园:2|马克斯:1");
  EXPECT_EQ((*dictionary)->source(), path);

  absl::StatusOr<std::shared_ptr<const UserDictionary>> missing =
      UserDictionary::Load(dir.Join("absent.txt"));
  EXPECT_STATUS_CODE(missing, absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("cannot open dictionary"),
            std::string::npos)
      << missing.status();
  EXPECT_NE(missing.status().message().find("absent.txt"), std::string::npos);

  EXPECT_STATUS_CODE(UserDictionary::Load(dir.path()),
                     absl::StatusCode::kInvalidArgument);
}

TEST(UserDictionary, ChecksumDependsOnlyOnTheEntries) {
  std::shared_ptr<const UserDictionary> a = ParseOrDie("甲\n乙\t2\n");
  std::shared_ptr<const UserDictionary> b =
      ParseOrDie("\xEF\xBB\xBF乙\t2\r\n\r\n甲\n甲\n");
  std::shared_ptr<const UserDictionary> other_frequency =
      ParseOrDie("甲\n乙\t3\n");
  std::shared_ptr<const UserDictionary> other_word = ParseOrDie("甲\n丙\t2\n");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_NE(other_frequency, nullptr);
  ASSERT_NE(other_word, nullptr);
  EXPECT_EQ(a->checksum(), b->checksum());
  EXPECT_NE(a->checksum(), other_frequency->checksum());
  EXPECT_NE(a->checksum(), other_word->checksum());
  EXPECT_NE(a->checksum(), 0u);
}

TEST(UserDictionary, ChecksumIsFnv1aOfTheSortedEntries) {
  // Golden value: databases store it, so it must never change.
  std::shared_ptr<const UserDictionary> dictionary = ParseOrDie("b\na\t2\n");
  ASSERT_NE(dictionary, nullptr);
  EXPECT_EQ(dictionary->checksum(), Fnv1a64("a\t2\nb\t1\n"));
  // FNV-1a's published test vectors.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
  // Piecewise hashing continues where it left off.
  EXPECT_EQ(Fnv1a64("bar", Fnv1a64("foo")), Fnv1a64("foobar"));
}

// The compiled form (src/dictionary_segmenter.h), shared by tokenizers.

TEST(DictionaryTrie, IsBuiltOncePerFoldingAndShared) {
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("Python编程\n马克斯\n");
  ASSERT_NE(dictionary, nullptr);
  absl::StatusOr<std::shared_ptr<const DictionaryTrie>> folded =
      DictionaryTrie::Get(*dictionary, /*fold=*/true);
  absl::StatusOr<std::shared_ptr<const DictionaryTrie>> again =
      DictionaryTrie::Get(*dictionary, /*fold=*/true);
  absl::StatusOr<std::shared_ptr<const DictionaryTrie>> kept =
      DictionaryTrie::Get(*dictionary, /*fold=*/false);
  ASSERT_OK(folded);
  ASSERT_OK(again);
  ASSERT_OK(kept);
  EXPECT_EQ(folded->get(), again->get());
  EXPECT_NE(folded->get(), kept->get());
  EXPECT_TRUE((*folded)->Contains(u"python编程"));
  EXPECT_FALSE((*folded)->Contains(u"Python编程"));
  EXPECT_TRUE((*kept)->Contains(u"Python编程"));
  EXPECT_TRUE((*kept)->Contains(u"马克斯"));
  EXPECT_FALSE((*kept)->Contains(u"马克"));
  EXPECT_FALSE((*kept)->Contains(u""));
}

TEST(DictionaryTrie, TokenizersOnManyThreadsShareOneDictionary) {
  std::shared_ptr<const UserDictionary> dictionary =
      ParseOrDie("马克斯\n伏园\n");
  ASSERT_NE(dictionary, nullptr);
  TokenizerOptions options;
  options.dictionary = dictionary;
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&options, &results, i] {
      absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
          Tokenizer::Create(options);
      if (!tokenizer.ok()) return;
      std::vector<std::string> tokens;
      for (int n = 0; n < 200; ++n) {
        (*tokenizer)->Tokenize("马克斯和伏园，今天天气很好", &tokens);
      }
      results[i] = absl::StrJoin(tokens, "|");
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) {
    EXPECT_EQ(result, "马克斯|和|伏园|今天|天气|很好");
  }
}

}  // namespace
}  // namespace cooc
