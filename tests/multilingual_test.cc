// How cooc tokenizes text in several languages and scripts (issue 4). Each
// expectation is ICU 72's actual segmentation, after NFKC and case folding;
// where ICU's choice is surprising, the test says so.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "cooc/ingest.h"
#include "cooc/tokenizer.h"
#include "cooc/user_dictionary.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

std::string Tokens(absl::string_view text,
                   const TokenizerOptions& options = TokenizerOptions()) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(options);
  EXPECT_OK(tokenizer);
  if (!tokenizer.ok()) return "<no tokenizer>";
  std::vector<std::string> tokens;
  (*tokenizer)->Tokenize(text, &tokens);
  return absl::StrJoin(tokens, "|");
}

TokenizerOptions KeepNumbers() {
  TokenizerOptions options;
  options.keep_numbers = true;
  return options;
}

TEST(Multilingual, MixedChineseEnglishAndNumbers) {
  // ICU's dictionary has 我在 as a word.
  constexpr char kText[] = "我在Google工作了3年，月薪20000元。";
  EXPECT_EQ(Tokens(kText), "我在|google|工作|了|年|月薪|元");
  EXPECT_EQ(Tokens(kText, KeepNumbers()),
            "我在|google|工作|了|3|年|月薪|20000|元");
}

TEST(Multilingual, FullWidthLatinAndDigitsBecomeAscii) {
  constexpr char kText[] = "ＡＢＣ１２３ｘｙｚ　全角ＤＩＧＩＴＳ　２０２４年";
  EXPECT_EQ(Tokens(kText), "abc123xyz|全角|digits|年");
  EXPECT_EQ(Tokens(kText, KeepNumbers()), "abc123xyz|全角|digits|2024|年");
}

TEST(Multilingual, TraditionalChineseIsSegmentedAsIs) {
  // NFKC does not convert Traditional to Simplified characters.
  EXPECT_EQ(Tokens("我們喜歡自然語言處理"), "我們|喜歡|自然|語言|處理");
  EXPECT_EQ(Tokens("今天天氣很好"), "今天|天氣|很好");
}

TEST(Multilingual, JapaneseKanaAndKanji) {
  EXPECT_EQ(Tokens("東京都に住んでいます。"), "東京|都|に|住|んで|い|ます");
  // ICU's dictionary knows カタカナ but not ひらがな, which it splits into
  // single kana.
  EXPECT_EQ(Tokens("カタカナとひらがな"), "カタカナ|と|ひ|ら|が|な");
  // Half-width katakana become full-width under NFKC.
  EXPECT_EQ(Tokens("ﾃｽﾄ"), "テスト");
}

TEST(Multilingual, ThaiThroughIcusDictionary) {
  // Thai is written without spaces between words.
  EXPECT_EQ(Tokens("ภาษาไทยง่ายนิดเดียว"), "ภาษา|ไทย|ง่าย|นิด|เดียว");
}

TEST(Multilingual, KoreanSplitsAtSpaces) {
  // Hangul words are delimited by spaces; a particle stays on its word.
  EXPECT_EQ(Tokens("안녕하세요 세계 여러분"), "안녕하세요|세계|여러분");
  EXPECT_EQ(Tokens("나는 학교에 간다."), "나는|학교에|간다");
}

TEST(Multilingual, DropsEmojiAndSymbols) {
  EXPECT_EQ(Tokens("😀 I ❤️ NY ★ ✓ → 🇨🇳 中国 ©2024"),
            "i|ny|中国");
  TokenizerOptions punct;
  punct.keep_punctuation = true;
  // Kept as tokens of their own only with keep_punctuation; the emoji
  // variation selector U+FE0F is default-ignorable and goes (issue 10).
  EXPECT_EQ(Tokens("😀 I ❤️ NY ★ 中国", punct),
            "😀|i|❤|ny|★|中国");
}

TEST(Multilingual, ByteOrderMarkAndCrlfThroughTokenizeInputs) {
  testing::TempDir dir;
  const std::string path = dir.Join("bom_crlf.txt");
  testing::WriteFile(path,
                     "\xEF\xBB\xBF今天天气很好\r\nHello, World\r\n\r\n東京");
  std::vector<std::string> lines;
  absl::StatusOr<uint64_t> invalid = TokenizeInputs(
      {path}, TokenizerOptions(),
      [&lines](absl::string_view line) { lines.emplace_back(line); });
  ASSERT_OK(invalid);
  EXPECT_EQ(*invalid, 0u);
  EXPECT_EQ(absl::StrJoin(lines, "\n"), "今天 天气 很好\nhello world\n\n東京");
}

TEST(Multilingual, TokenizeInputsUsesTheDictionaryLikeTheTokenizer) {
  // cooc tokenize and ingest go through TokenizeInputs and the Tokenizer
  // with the same options, so their tokens are the same.
  testing::TempDir dir;
  const std::string path = dir.Join("zh.txt");
  testing::WriteFile(path, "马克斯和伏园\n");
  TokenizerOptions options;
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Parse("马克斯\n伏园\n", "test.dict");
  ASSERT_OK(dictionary);
  options.dictionary = *dictionary;
  std::vector<std::string> lines;
  ASSERT_OK(TokenizeInputs({path}, options, [&lines](absl::string_view line) {
    lines.emplace_back(line);
  }));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "马克斯 和 伏园");
  EXPECT_EQ(Tokens("马克斯和伏园", options), "马克斯|和|伏园");
}

}  // namespace
}  // namespace cooc
