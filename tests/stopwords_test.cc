// Tests for StopwordList (include/cooc/stopwords.h): the built-in lists,
// the file format and its errors. How the tokenizer drops stopwords is
// tested in tokenizer_test.cc.

#include "cooc/stopwords.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "cooc/tokenizer.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

std::shared_ptr<const StopwordList> BuiltinOrDie(absl::string_view name) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Builtin(name);
  EXPECT_OK(list);
  return list.ok() ? *list : nullptr;
}

TEST(StopwordList, HasBuiltinEnglishAndChineseLists) {
  EXPECT_EQ(StopwordList::BuiltinNames(),
            std::vector<std::string>({"en", "zh"}));
  std::shared_ptr<const StopwordList> en = BuiltinOrDie("en");
  std::shared_ptr<const StopwordList> zh = BuiltinOrDie("zh");
  ASSERT_NE(en, nullptr);
  ASSERT_NE(zh, nullptr);
  EXPECT_EQ(en->name(), "en");
  EXPECT_EQ(en->source(), "built-in en");
  for (const char* word : {"the", "of", "and", "is", "don't", "don\u2019t"}) {
    EXPECT_TRUE(en->Contains(word)) << word;
  }
  for (const char* word : {"darcy", "house", "said", ""}) {
    EXPECT_FALSE(en->Contains(word)) << word;
  }
  for (const char* word : {"的", "了", "是", "我们", "我們", "因为", "因為"}) {
    EXPECT_TRUE(zh->Contains(word)) << word;
  }
  for (const char* word : {"天气", "文学", "中国"}) {
    EXPECT_FALSE(zh->Contains(word)) << word;
  }
  EXPECT_GT(en->words().size(), 200u);
  EXPECT_GT(zh->words().size(), 200u);
  EXPECT_NE(en->checksum(), zh->checksum());
  EXPECT_NE(en->checksum(), 0u);
}

TEST(StopwordList, EveryBuiltinStopwordIsOneToken) {
  // A stopword is matched against whole tokens: one that the tokenizer
  // splits (or changes) could never match.
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(TokenizerOptions());
  ASSERT_OK(tokenizer);
  std::vector<std::string> tokens;
  for (const std::string& name : StopwordList::BuiltinNames()) {
    std::shared_ptr<const StopwordList> list = BuiltinOrDie(name);
    ASSERT_NE(list, nullptr);
    for (const std::string& word : list->words()) {
      (*tokenizer)->Tokenize(word, &tokens);
      EXPECT_EQ(absl::StrJoin(tokens, "|"), word) << "list " << name;
    }
  }
}

TEST(StopwordList, UnknownBuiltinNameListsTheNames) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Builtin("fr");
  EXPECT_STATUS_CODE(list, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(list.status().message().find("built-in lists: en, zh"),
            std::string::npos)
      << list.status();
}

TEST(StopwordList, ParsesFilesWithCommentsAndNormalizes) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Parse(
          "\xEF\xBB\xBF# my list\r\nThe\r\n\r\n  ＯＦ \nthe\n的\n", "file",
          "my.txt");
  ASSERT_OK(list);
  // NFKC and case folded, sorted, each once.
  EXPECT_EQ(absl::StrJoin((*list)->words(), "|"), "of|the|的");
  EXPECT_EQ((*list)->name(), "file");
  EXPECT_EQ((*list)->source(), "my.txt");
}

TEST(StopwordList, RejectsBadFilesNamingTheLine) {
  const struct {
    std::string text;
    const char* message;
  } cases[] = {
      {"the\nnew york\n", "my.txt:2: 'new york' contains whitespace"},
      {"x\xff\n", "my.txt:1: invalid UTF-8"},
      {"# only a comment\n", "my.txt has no words"},
      {"", "my.txt has no words"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<std::shared_ptr<const StopwordList>> list =
        StopwordList::Parse(c.text, "file", "my.txt");
    EXPECT_STATUS_CODE(list, absl::StatusCode::kInvalidArgument);
    EXPECT_NE(list.status().message().find(c.message), std::string::npos)
        << list.status();
  }
}

TEST(StopwordList, OpenTakesABuiltinNameOrAPath) {
  testing::TempDir dir;
  const std::string path = dir.Join("stop.txt");
  testing::WriteFile(path, "alpha\nbeta\n");
  absl::StatusOr<std::shared_ptr<const StopwordList>> from_file =
      StopwordList::Open(path);
  ASSERT_OK(from_file);
  EXPECT_EQ((*from_file)->name(), "file");
  EXPECT_TRUE((*from_file)->Contains("beta"));

  absl::StatusOr<std::shared_ptr<const StopwordList>> builtin =
      StopwordList::Open("en");
  ASSERT_OK(builtin);
  EXPECT_EQ((*builtin)->name(), "en");

  absl::StatusOr<std::shared_ptr<const StopwordList>> missing =
      StopwordList::Open(dir.Join("absent.txt"));
  EXPECT_STATUS_CODE(missing, absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("cannot open stopword list"),
            std::string::npos)
      << missing.status();
}

TEST(StopwordList, ChecksumDependsOnlyOnTheWords) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> a =
      StopwordList::Parse("b\na\n", "file", "a");
  absl::StatusOr<std::shared_ptr<const StopwordList>> b =
      StopwordList::Parse("# x\nA\r\nb\nb\n", "file", "b");
  absl::StatusOr<std::shared_ptr<const StopwordList>> c =
      StopwordList::Parse("a\nc\n", "file", "c");
  ASSERT_OK(a);
  ASSERT_OK(b);
  ASSERT_OK(c);
  EXPECT_EQ((*a)->checksum(), (*b)->checksum());
  EXPECT_NE((*a)->checksum(), (*c)->checksum());
}

}  // namespace
}  // namespace cooc
