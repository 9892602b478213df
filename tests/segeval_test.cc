// Tests for segmentation scoring (include/cooc/segeval.h). The scores of
// tests/testdata/segeval/ are worked out by hand in the comments.

#include "cooc/segeval.h"

#include <sys/wait.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

std::string TestData(const std::string& name) {
  return std::string(COOC_SOURCE_DIR) + "/tests/testdata/segeval/" + name;
}

std::shared_ptr<const UserDictionary> WordList(absl::string_view text) {
  absl::StatusOr<std::shared_ptr<const UserDictionary>> words =
      UserDictionary::Parse(text, "words");
  EXPECT_OK(words);
  return words.ok() ? *words : nullptr;
}

TEST(SegmentationScorer, PerfectSegmentationScoresOne) {
  SegmentationScorer scorer;
  ASSERT_OK(scorer.AddLine({"今天", "天气", "很", "好"},
                           {"今天", "天气", "很", "好"}));
  const SegmentationScore& score = scorer.score();
  EXPECT_EQ(score.lines, 1u);
  EXPECT_EQ(score.correct_words, 4u);
  EXPECT_DOUBLE_EQ(score.precision(), 1.0);
  EXPECT_DOUBLE_EQ(score.recall(), 1.0);
  EXPECT_DOUBLE_EQ(score.f1(), 1.0);
  EXPECT_FALSE(score.has_vocabulary);
}

TEST(SegmentationScorer, AWordIsCorrectOnlyIfItsSpanIsAGoldWordsSpan) {
  SegmentationScorer scorer;
  // Gold a|bb|c|dd, test a|b|b|cdd: only "a" has a gold span.
  ASSERT_OK(scorer.AddLine({"a", "b", "b", "cdd"}, {"a", "bb", "c", "dd"}));
  // Gold x|yz, test xy|z: nothing right.
  ASSERT_OK(scorer.AddLine({"xy", "z"}, {"x", "yz"}));
  const SegmentationScore& score = scorer.score();
  EXPECT_EQ(score.test_words, 6u);
  EXPECT_EQ(score.gold_words, 6u);
  EXPECT_EQ(score.correct_words, 1u);
  EXPECT_DOUBLE_EQ(score.precision(), 1.0 / 6);
  EXPECT_DOUBLE_EQ(score.recall(), 1.0 / 6);
  EXPECT_DOUBLE_EQ(score.f1(), 1.0 / 6);
}

TEST(SegmentationScorer, SplitsRecallIntoInAndOutOfVocabularyWords) {
  SegmentationScorer scorer(WordList("a\nbb\n"));
  // Gold a|bb|c|dd: a and bb in vocabulary, c and dd not.
  // Test a|b|b|c|dd: a, c, dd correct.
  ASSERT_OK(scorer.AddLine({"a", "b", "b", "c", "dd"}, {"a", "bb", "c", "dd"}));
  const SegmentationScore& score = scorer.score();
  EXPECT_TRUE(score.has_vocabulary);
  EXPECT_EQ(score.oov_gold_words, 2u);
  EXPECT_EQ(score.correct_oov_words, 2u);
  EXPECT_EQ(score.correct_iv_words, 1u);
  EXPECT_DOUBLE_EQ(score.oov_rate(), 0.5);
  EXPECT_DOUBLE_EQ(score.oov_recall(), 1.0);
  EXPECT_DOUBLE_EQ(score.iv_recall(), 0.5);
  EXPECT_DOUBLE_EQ(score.recall(), 0.75);
  EXPECT_DOUBLE_EQ(score.precision(), 0.6);
}

TEST(SegmentationScorer, RefusesLinesWhoseCharactersDiffer) {
  SegmentationScorer scorer;
  const absl::Status status =
      scorer.AddLine({"今天", "天气"}, {"今天", "天氣"});
  EXPECT_STATUS_CODE(status, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("differ at byte 9"), std::string::npos)
      << status;
  EXPECT_EQ(scorer.score().skipped_lines, 1u);
  EXPECT_EQ(scorer.score().lines, 0u);
  EXPECT_EQ(scorer.score().gold_words, 0u);
}

TEST(SegmentationScorer, EmptyScoreHasZeroRatios) {
  SegmentationScorer scorer;
  ASSERT_OK(scorer.AddLine({}, {}));
  EXPECT_EQ(scorer.score().f1(), 0.0);
  EXPECT_EQ(scorer.score().oov_recall(), 0.0);
}

TEST(GoldWords, NormalizesAndSplitsAtAnyWhitespace) {
  EXPECT_EQ(absl::StrJoin(GoldWords("  今天 \t天气\u3000很好  。 "), "|"),
            "今天|天气|很好|。");
  // NFKC, as the tokenizer's text: full-width digits and punctuation.
  EXPECT_EQ(absl::StrJoin(GoldWords("３年  ，  ＡＢ"), "|"), "3年|,|AB");
  EXPECT_TRUE(GoldWords("").empty());
}

SegevalOptions TestOptions() {
  SegevalOptions options;
  options.test_path = TestData("test.txt");
  options.gold_path = TestData("gold.txt");  // With a BOM and CRLF ends.
  return options;
}

TEST(EvaluateSegmentation, ScoresIcuAloneAgainstTheGold) {
  // ICU:  马|克斯|来信|说|,|今天|天气|很好|。    gold:
  // 马克斯|来信|说|,|今天|天气|很|好|。
  //       伏|园|在|北京|工作|了|3|年|。          gold:
  //       伏园|在|北京|工作|了|3年|。
  // 18 test words, 16 gold words, 6 + 5 correct.
  SegevalOptions options = TestOptions();
  options.vocabulary =
      WordList("来信\n说\n，\n今天\n天气\n很\n好\n。\n在\n北京\n工作\n了\n");
  std::vector<uint64_t> mismatched;
  options.on_mismatch = [&](uint64_t line, absl::string_view) {
    mismatched.push_back(line);
  };
  absl::StatusOr<SegmentationScore> score = EvaluateSegmentation(options);
  ASSERT_OK(score);
  EXPECT_TRUE(mismatched.empty());
  EXPECT_EQ(score->lines, 3u);
  EXPECT_EQ(score->skipped_lines, 0u);
  EXPECT_EQ(score->test_words, 18u);
  EXPECT_EQ(score->gold_words, 16u);
  EXPECT_EQ(score->correct_words, 11u);
  EXPECT_DOUBLE_EQ(score->precision(), 11.0 / 18);
  EXPECT_DOUBLE_EQ(score->recall(), 11.0 / 16);
  // 马克斯, 伏园 and 3年 are OOV, and ICU gets none of them.
  EXPECT_EQ(score->oov_gold_words, 3u);
  EXPECT_DOUBLE_EQ(score->oov_rate(), 3.0 / 16);
  EXPECT_DOUBLE_EQ(score->oov_recall(), 0.0);
  EXPECT_DOUBLE_EQ(score->iv_recall(), 11.0 / 13);
}

TEST(EvaluateSegmentation, ADictionaryFixesTheSegmentation) {
  SegevalOptions options = TestOptions();
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Load(TestData("dict.txt"));  // 马克斯 伏园 很 好 3年
  ASSERT_OK(dictionary);
  options.dictionary = *dictionary;
  absl::StatusOr<SegmentationScore> score = EvaluateSegmentation(options);
  ASSERT_OK(score);
  EXPECT_EQ(score->test_words, 16u);
  EXPECT_EQ(score->correct_words, 16u);
  EXPECT_DOUBLE_EQ(score->f1(), 1.0);
}

TEST(EvaluateSegmentation, ReportsAndSkipsLinesThatDoNotLineUp) {
  testing::TempDir dir;
  const std::string test = dir.Join("test.txt");
  const std::string gold = dir.Join("gold.txt");
  testing::WriteFile(test, "今天天气很好\n我们喜欢\n北京\n");
  testing::WriteFile(gold, "今天 天气 很 好\n我们 爱\n北京\n");
  SegevalOptions options;
  options.test_path = test;
  options.gold_path = gold;
  std::vector<std::pair<uint64_t, std::string>> mismatches;
  options.on_mismatch = [&](uint64_t line, absl::string_view message) {
    mismatches.emplace_back(line, std::string(message));
  };
  absl::StatusOr<SegmentationScore> score = EvaluateSegmentation(options);
  ASSERT_OK(score);
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].first, 2u);
  EXPECT_NE(mismatches[0].second.find("test \"我们喜欢\", gold \"我们爱\""),
            std::string::npos)
      << mismatches[0].second;
  EXPECT_EQ(score->lines, 2u);
  EXPECT_EQ(score->skipped_lines, 1u);
  EXPECT_EQ(score->gold_words, 5u);  // Lines 1 and 3 only.
}

TEST(EvaluateSegmentation, RequiresTheSameLines) {
  testing::TempDir dir;
  const std::string test = dir.Join("test.txt");
  const std::string gold = dir.Join("gold.txt");
  testing::WriteFile(test, "今天\n天气\n");
  testing::WriteFile(gold, "今天\n");
  SegevalOptions options;
  options.test_path = test;
  options.gold_path = gold;
  absl::StatusOr<SegmentationScore> score = EvaluateSegmentation(options);
  EXPECT_STATUS_CODE(score, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(score.status().message().find("1 more non-blank lines"),
            std::string::npos)
      << score.status();

  // Blank lines at the end of one file do not count.
  testing::WriteFile(gold, "今天\n天气\n\n\n");
  EXPECT_OK(EvaluateSegmentation(options));
}

TEST(EvaluateSegmentation, NamesAMissingOrEmptyInput) {
  testing::TempDir dir;
  SegevalOptions options = TestOptions();
  options.gold_path = dir.Join("absent.txt");
  EXPECT_STATUS_CODE(EvaluateSegmentation(options),
                     absl::StatusCode::kNotFound);
  options = TestOptions();
  options.test_path = dir.Join("empty.txt");
  testing::WriteFile(options.test_path, "");
  options.gold_path = options.test_path;
  EXPECT_STATUS_CODE(EvaluateSegmentation(options),
                     absl::StatusCode::kInvalidArgument);
}

// The command: `cooc segeval` (tools/cooc_segeval.cc), run as a process.

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

Result RunCooc(const std::vector<std::string>& args) {
  testing::TempDir dir;
  const auto quote = [](const std::string& arg) {
    return absl::StrCat("'", absl::StrReplaceAll(arg, {{"'", "'\\''"}}), "'");
  };
  std::string command = quote(COOC_BINARY);
  for (const std::string& arg : args)
    absl::StrAppend(&command, " ", quote(arg));
  absl::StrAppend(&command, " </dev/null >", quote(dir.Join("out")), " 2>",
                  quote(dir.Join("err")));
  const int status = std::system(command.c_str());
  Result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = testing::ReadFile(dir.Join("out"));
  result.err = testing::ReadFile(dir.Join("err"));
  return result;
}

TEST(SegevalCommand, PrintsTheScoreAsARecord) {
  const Result result =
      RunCooc({"segeval", "--gold", TestData("gold.txt"), "--dict",
               TestData("dict.txt"), "--words", TestData("words.txt"),
               "--format", "tsv", TestData("test.txt")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  // As in ADictionaryFixesTheSegmentation; words.txt leaves 马克斯, 伏园
  // and 3年 out of vocabulary.
  EXPECT_EQ(result.out,
            "lines\tskipped_lines\tgold_words\ttest_words\tcorrect\tprecision"
            "\trecall\tf1\toov_gold_words\toov_rate\tiv_recall\toov_recall\n"
            "3\t0\t16\t16\t16\t1\t1\t1\t3\t0.1875\t1\t1\n");
}

TEST(SegevalCommand, ReportsLinesThatDoNotLineUpOnStderr) {
  testing::TempDir dir;
  testing::WriteFile(dir.Join("gold.txt"), "今天 天气\n我们 爱\n");
  testing::WriteFile(dir.Join("test.txt"), "今天天气\n我们喜欢\n");
  const Result result = RunCooc({"segeval", "--gold", dir.Join("gold.txt"),
                                 "--format", "json", dir.Join("test.txt")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(absl::StrContains(
      result.err,
      "cooc: line 2 not scored: the segmented text and the gold "
      "differ at byte 6"))
      << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "\"skipped_lines\":1"))
      << result.out;
}

TEST(SegevalCommand, UsageAndInputErrors) {
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{"segeval", TestData("test.txt")}, 2, "--gold GOLD is required"},
      {{"segeval", "--gold", TestData("gold.txt")},
       2,
       "give exactly one TEST file"},
      {{"segeval", "--gold", TestData("gold.txt"), "--dict",
        TestData("absent.txt"), TestData("test.txt")},
       1,
       "cannot open dictionary"},
      {{"segeval", "--gold", TestData("absent.txt"), TestData("test.txt")},
       1,
       "absent.txt"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    const Result result = RunCooc(c.args);
    EXPECT_EQ(result.exit_code, c.exit_code) << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, c.message)) << result.err;
    EXPECT_EQ(result.out, "");
  }
  const Result help = RunCooc({"segeval", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--gold GOLD", "--dict FILE", "--words FILE"}) {
    EXPECT_TRUE(absl::StrContains(help.out, flag)) << help.out;
  }
}

TEST(SegmentationScorer, Issue13ReportsTheRecallOfTheListedWordsApart) {
  // The OOV list names c and dd (the gold words outside the vocabulary of
  // SplitsRecallIntoInAndOutOfVocabularyWords); a word listed but absent
  // from the gold (zz) counts nothing.
  SegmentationScorer scorer(WordList("a\nbb\n"), WordList("c\ndd\nzz\n"));
  // Gold a|bb|c|dd|c, test a|b|b|c|d|d|c: a, c, c correct; dd is not.
  ASSERT_OK(scorer.AddLine({"a", "b", "b", "c", "d", "d", "c"},
                           {"a", "bb", "c", "dd", "c"}));
  const SegmentationScore& score = scorer.score();
  EXPECT_TRUE(score.has_oov_list);
  EXPECT_EQ(score.listed_gold_words, 3u);
  EXPECT_EQ(score.correct_listed_words, 2u);
  EXPECT_EQ(score.correct_unlisted_words, 1u);
  EXPECT_DOUBLE_EQ(score.listed_recall(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(score.unlisted_recall(), 1.0 / 2);
  // The list of the words outside the vocabulary gives the OOV recall.
  EXPECT_DOUBLE_EQ(score.listed_recall(), score.oov_recall());
}

TEST(SegevalCommand, Issue13OovListAddsTheListedRecall) {
  testing::TempDir dir;
  testing::WriteFile(dir.Join("oov.txt"), "马克斯\n伏园\n");
  const Result result =
      RunCooc({"segeval", "--gold", TestData("gold.txt"), "--oov-list",
               dir.Join("oov.txt"), "--format", "tsv", TestData("test.txt")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(absl::StrContains(
      result.out, "\tlisted_gold_words\tlisted_recall\tunlisted_recall\n"))
      << result.out;
  const Result missing = RunCooc({"segeval", "--gold", TestData("gold.txt"),
                                  "--oov-list", dir.Join("none.txt"),
                                  TestData("test.txt")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(missing.err, "none.txt")) << missing.err;
}

}  // namespace
}  // namespace cooc
