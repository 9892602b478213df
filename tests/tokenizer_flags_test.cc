// Tests for the tokenizer flags (tools/tokenizer_flags.h) through the real
// `cooc tokenize` (COOC_BINARY): --keep-punct, --dict, --stopwords,
// --min-length, their errors and their --help. The behaviour behind each
// flag is tested in tokenizer_test.cc; here, that the flags reach it.

#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::ReadFile;
using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

using Result = ::cooc::testing::CommandResult;

Result RunCooc(const std::vector<std::string>& args, const std::string& input) {
  return ::cooc::testing::RunCoocCommand(args, input);
}

TEST(TokenizerFlags, KeepPunctKeepsPunctuation) {
  const Result result = RunCooc({"tokenize", "--keep-punct", "--keep-numbers"},
                                "今天，天气很好。1984年\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "今天 , 天气 很好 。 1984 年\n");
}

TEST(TokenizerFlags, DictJoinsDictionaryWords) {
  TempDir dir;
  WriteFile(dir.Join("dict.txt"), "马克斯\n伏园\t3\n");
  const Result result = RunCooc({"tokenize", "--dict", dir.Join("dict.txt")},
                                "马克斯和伏园\n马克斯\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "马克斯 和 伏园\n马克斯\n");
}

TEST(TokenizerFlags, StopwordsAndMinLengthFilterTokens) {
  const Result en =
      RunCooc({"tokenize", "--stopwords", "en"}, "The cat sat on the mat\n");
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_EQ(en.out, "cat sat mat\n");
  const Result zh =
      RunCooc({"tokenize", "--stopwords", "zh", "--min-length", "2"},
              "我的朋友在北京工作了三年\n");
  EXPECT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_EQ(zh.out, "朋友 北京 工作 三年\n");
  TempDir dir;
  WriteFile(dir.Join("stop.txt"), "# mine\ncat\n");
  const Result file = RunCooc({"tokenize", "--stopwords", dir.Join("stop.txt")},
                              "The cat sat\n");
  EXPECT_EQ(file.out, "the sat\n");
}

TEST(TokenizerFlags, BadValuesAreClearErrors) {
  TempDir dir;
  WriteFile(dir.Join("bad.dict"), "天气\nnew york\n");
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{"tokenize", "--dict", dir.Join("absent.txt")},
       1,
       "cooc: cannot open dictionary " + dir.Join("absent.txt") +
           ": No such file or directory\n"},
      {{"tokenize", "--dict", dir.Join("bad.dict")},
       1,
       "bad.dict:2: frequency 'york' is not a whole number"},
      {{"tokenize", "--dict", dir.path()}, 1, "is a directory"},
      {{"tokenize", "--stopwords", "fr"},
       1,
       "cannot open stopword list fr: No such file or directory (built-in "
       "lists: en, zh)"},
      {{"tokenize", "--min-length", "x"},
       2,
       "--min-length must be a whole number from 0 to 1000, not 'x'"},
      {{"tokenize", "--min-length", "1001"}, 2, "from 0 to 1000"},
      {{"tokenize", "--dict"}, 2, "--dict needs a value (FILE)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    const Result result = RunCooc(c.args, "天气\n");
    EXPECT_EQ(result.exit_code, c.exit_code) << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, c.message)) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

TEST(TokenizerFlags, HelpListsTheFlags) {
  const Result result = RunCooc({"tokenize", "--help"}, "");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* flag :
       {"--no-fold", "--keep-numbers", "--keep-punct", "--dict FILE",
        "--stopwords LIST", "--min-length N"}) {
    EXPECT_TRUE(absl::StrContains(result.out, flag)) << flag << result.out;
  }
}

TEST(TokenizerFlags, Issue13PretokenizedKeepsTheGivenSegmentation) {
  const Result icu = RunCooc({"tokenize"}, "长江大桥\u3000很 长\n");
  EXPECT_EQ(icu.exit_code, 0) << icu.err;
  EXPECT_EQ(icu.out, "长江 大 桥 很 长\n");
  const Result given =
      RunCooc({"tokenize", "--pretokenized"}, "长江大桥\u3000很\t长\n\n");
  EXPECT_EQ(given.exit_code, 0) << given.err;
  EXPECT_EQ(given.out, "长江大桥 很 长\n\n");
  const Result with_dict = RunCooc(
      {"tokenize", "--pretokenized", "--dict", "/nonexistent"}, "长江\n");
  EXPECT_EQ(with_dict.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(with_dict.err, "--dict")) << with_dict.err;
}

TEST(TokenizerFlags, Issue13ConvertMakesOneScript) {
  const Result t2s =
      RunCooc({"tokenize", "--convert", "t2s"}, "我們喜歡語言\n我们喜欢语言\n");
  EXPECT_EQ(t2s.exit_code, 0) << t2s.err;
  EXPECT_EQ(t2s.out, "我们 喜欢 语言\n我们 喜欢 语言\n");
  const Result bad = RunCooc({"tokenize", "--convert", "zh"}, "语言\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(bad.err, "t2s")) << bad.err;
}

TEST(TokenizerFlags, Issue13TheDatabaseRecordsPretokenizedAndConvert) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const Result first =
      RunCooc({"ingest", "--db", db, "--pretokenized", "--convert", "t2s",
               "--quiet", "-"},
              "長江大橋 很 长\n");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // A later ingest without the flags takes the database's settings.
  const Result second =
      RunCooc({"ingest", "--db", db, "--quiet", "-"}, "长江大桥 很 宽\n");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const Result vocab = RunCooc({"vocab", "--db", db, "--format", "tsv"}, "");
  ASSERT_EQ(vocab.exit_code, 0) << vocab.err;
  EXPECT_TRUE(absl::StrContains(vocab.out, "长江大桥\t2")) << vocab.out;
  // Queries are normalized with the database's tokenizer: the Traditional
  // term finds the Simplified entry.
  const Result pair = RunCooc({"pair", "--db", db, "長江大橋", "很"}, "");
  EXPECT_EQ(pair.exit_code, 0) << pair.err;
  // Asking for another setting is refused before anything is written.
  const Result other = RunCooc(
      {"ingest", "--db", db, "--convert", "s2t", "--quiet", "-"}, "语言\n");
  EXPECT_NE(other.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(other.err, "convert")) << other.err;
  // stats shows the settings the database keeps.
  const Result stats = RunCooc({"stats", "--db", db, "--format", "json"}, "");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_TRUE(absl::StrContains(stats.out, R"("segmentation":"pretokenized")"))
      << stats.out;
  EXPECT_TRUE(absl::StrContains(stats.out, R"("convert":"t2s")")) << stats.out;
  EXPECT_TRUE(absl::StrContains(stats.out, R"("dictionary":"none")"))
      << stats.out;
}

}  // namespace
}  // namespace cooc
