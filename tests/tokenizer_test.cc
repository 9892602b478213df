// Tests for Tokenizer (include/cooc/tokenizer.h) and the ICU helpers it uses
// (src/icu_util.h). Every expected value below was checked against ICU 72's
// actual output; where ICU's behaviour is surprising, the test says so.

#include "cooc/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"
#include "gtest/gtest.h"
#include "icu_util.h"
#include "test_util.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/ubrk.h"
#include "unicode/unistr.h"
#include "unicode/ustring.h"
#include "unicode/utypes.h"

namespace cooc {
namespace {

TokenizerOptions Options(CaseFolding case_folding, bool keep_numbers) {
  TokenizerOptions options;
  options.case_folding = case_folding;
  options.keep_numbers = keep_numbers;
  return options;
}

// Returns a new tokenizer, or null after recording a test failure.
std::unique_ptr<Tokenizer> NewTokenizer(
    const TokenizerOptions& options = TokenizerOptions()) {
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(options);
  EXPECT_OK(tokenizer);
  return tokenizer.ok() ? *std::move(tokenizer) : nullptr;
}

// Renders tokens compactly: {"a", "b", "c"} -> "a|b|c".
std::string Render(const std::vector<std::string>& tokens) {
  return absl::StrJoin(tokens, "|");
}

// Tokenizes `text` with a fresh tokenizer and renders the tokens.
std::string Tokens(absl::string_view text,
                   const TokenizerOptions& options = TokenizerOptions()) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(options);
  if (tokenizer == nullptr) return "<no tokenizer>";
  std::vector<std::string> tokens;
  tokenizer->Tokenize(text, &tokens);
  return Render(tokens);
}

struct Case {
  const char* text;
  const char* expected;  // Rendered tokens.
};

void ExpectTokens(const std::vector<Case>& cases,
                  const TokenizerOptions& options = TokenizerOptions()) {
  for (const Case& c : cases) {
    EXPECT_EQ(Tokens(c.text, options), c.expected) << "text: " << c.text;
  }
}

TEST(Tokenizer, CreateKeepsTheOptions) {
  std::unique_ptr<Tokenizer> tokenizer =
      NewTokenizer(Options(CaseFolding::kKeep, /*keep_numbers=*/true));
  ASSERT_NE(tokenizer, nullptr);
  EXPECT_EQ(tokenizer->options().case_folding, CaseFolding::kKeep);
  EXPECT_TRUE(tokenizer->options().keep_numbers);
  EXPECT_EQ(tokenizer->invalid_utf8_count(), 0u);
}

TEST(Tokenizer, DropsPunctuationAndFoldsCaseInEnglish) {
  ExpectTokens({
      {"Hello, World!", "hello|world"},
      {"The cat sat on the mat.", "the|cat|sat|on|the|mat"},
      {"\"Quoted\" (parenthesised) [bracketed]",
       "quoted|parenthesised|bracketed"},
      {"well-known", "well|known"},
      // Connector punctuation joins a word (ExtendNumLet).
      {"snake_case", "snake_case"},
      // Full case folding, not lowercasing: sharp s becomes "ss".
      {"Straße", "strasse"},
  });
}

TEST(Tokenizer, KeepsApostrophesAndAbbreviationPeriodsInsideWords) {
  ExpectTokens({
      {"don't", "don't"},
      {"Don’t stop", "don’t|stop"},  // U+2019 as apostrophe.
      {"it's John's", "it's|john's"},
      // A period between letters stays; the final one is dropped.
      {"e.g. U.S.A.", "e.g|u.s.a"},
  });
}

TEST(Tokenizer, KeepsCaseWhenFoldingIsOff) {
  ExpectTokens({{"Hello, World!", "Hello|World"},
                {"Straße ＡＢＣ", "Straße|ABC"},  // NFKC still applies.
                {"İstanbul", "İstanbul"}},
               Options(CaseFolding::kKeep, /*keep_numbers=*/false));
}

TEST(Tokenizer, SegmentsChineseIntoWords) {
  ExpectTokens({
      {"今天天气很好", "今天|天气|很好"},
      {"我们喜欢自然语言处理", "我们|喜欢|自然|语言|处理"},
      {"中华人民共和国", "中华|人民|共和国"},
      // Full-width punctuation is dropped like ASCII punctuation.
      {"今天，天气很好。", "今天|天气|很好"},
  });
}

TEST(Tokenizer, SplitsMixedChineseAndEnglish) {
  // ICU's dictionary has no entry for 编程 ("programming"), so it falls back
  // to single characters there.
  ExpectTokens({
      {"我爱Python编程", "我|爱|python|编|程"},
      {"我爱 Python 编程", "我|爱|python|编|程"},
  });
}

TEST(Tokenizer, SegmentsJapanese) {
  ExpectTokens({
      {"日本語です", "日本語|です"},
      {"カタカナ", "カタカナ"},
      // Half-width katakana become full-width under NFKC.
      {"ﾃｽﾄ", "テスト"},
  });
}

TEST(Tokenizer, MapsFullWidthFormsToAscii) {
  ExpectTokens({
      {"ＡＢＣ", "abc"},
      {"Ｈｅｌｌｏ　Ｗｏｒｌｄ", "hello|world"},  // U+3000 is a space.
  });
  ExpectTokens({{"１９８４", "1984"}, {"ｉｎ　１９８４", "in|1984"}},
               Options(CaseFolding::kFold, /*keep_numbers=*/true));
}

TEST(Tokenizer, ComposesUnderNfkc) {
  ExpectTokens({
      {"caf\u00e9", "caf\u00e9"},   // Precomposed é.
      {"cafe\u0301", "caf\u00e9"},  // e + combining acute: composed.
      {"\ufb01ne", "fine"},         // The "fi" ligature is decomposed.
      // Surprising but correct NFKC: compatibility characters become letters.
      {"\u2122", "tm"},            // ™ -> "TM"...
      {"Brand\u2122", "brandtm"},  // ...which then joins the word before.
      {"Chapter \u216b", "chapter|xii"},  // Roman numeral Ⅻ -> "XII".
  });
}

TEST(Tokenizer, DropsNumbersUnlessKeepNumbersIsSet) {
  // ICU gives a word the status of the rule that ended it, so a word ending
  // in a digit ("mp3") is a number and one ending in a letter ("2nd", "h2o")
  // is a letter word.
  ExpectTokens({
      {"in 1984 there", "in|there"},
      {"3.14 and 1,000", "and"},
      {"mp3 h2o 2nd", "h2o|2nd"},
      {"１９８４", ""},
  });
  ExpectTokens(
      {
          {"in 1984 there", "in|1984|there"},
          {"3.14 and 1,000", "3.14|and|1,000"},
          {"mp3 h2o 2nd", "mp3|h2o|2nd"},
          {"1984年", "1984|年"},
      },
      Options(CaseFolding::kFold, /*keep_numbers=*/true));
}

TEST(Tokenizer, ReplacesInvalidUtf8AndCountsEachMaximalSubpart) {
  struct InvalidCase {
    std::string text;
    const char* expected;
    uint64_t invalid;
  };
  const std::vector<InvalidCase> cases = {
      {"ab\xff cd", "ab|cd", 1},
      {"ab \xe4\xbd", "ab", 1},  // Truncated 3-byte sequence at end.
      {"a\xe4\xbd"
       "b",
       "a|b", 1},                          // Truncated inside a word.
      {"x \xc0\xaf y", "x|y", 2},          // Overlong '/': C0 is never valid.
      {"x \xed\xa0\x80 y", "x|y", 3},      // Encoded surrogate U+D800.
      {"x \xf4\x90\x80\x80 y", "x|y", 4},  // Above U+10FFFF.
      {"x \x80\x80 y", "x|y", 2},          // Stray continuation bytes.
      {std::string("a\0b", 3), "a|b", 0},  // NUL is valid UTF-8.
      {"\xff\xfe\xfd", "", 3},
  };
  for (const InvalidCase& c : cases) {
    std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
    ASSERT_NE(tokenizer, nullptr);
    std::vector<std::string> tokens;
    tokenizer->Tokenize(c.text, &tokens);
    EXPECT_EQ(Render(tokens), c.expected) << "text: " << c.text;
    EXPECT_EQ(tokenizer->invalid_utf8_count(), c.invalid) << "text: " << c.text;
  }
}

TEST(Tokenizer, AccumulatesTheInvalidUtf8CountAcrossCalls) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens;
  tokenizer->Tokenize("ab\xff cd", &tokens);
  tokenizer->Tokenize("clean line", &tokens);
  tokenizer->Tokenize("x \xc0\xaf y", &tokens);
  EXPECT_EQ(tokenizer->invalid_utf8_count(), 3u);
  // NormalizeTerm goes through Tokenize, so it counts too.
  const absl::StatusOr<std::string> term = tokenizer->NormalizeTerm("\xff");
  EXPECT_STATUS_CODE(term, absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tokenizer->invalid_utf8_count(), 4u);
}

TEST(Tokenizer, YieldsNoTokensForEmptyOrBlankLines) {
  ExpectTokens({
      {"", ""},
      {" ", ""},
      {" \t  \t ", ""},
      {"\r\n", ""},
      {"\u3000\u00a0", ""},  // Ideographic and no-break spaces.
      {".,;:!?-- ...", ""},
  });
}

TEST(Tokenizer, DropsEmojiAndSymbols) {
  ExpectTokens({
      {"I \u2764\ufe0f NY \U0001F600", "i|ny"},
      {"$5 + 3 = 8 % \u00a9 \u2192", ""},
      {"\U0001F44D\U0001F3FD great", "great"},  // Emoji with skin tone.
  });
}

TEST(Tokenizer, TreatsLineBreaksAsSpaces) {
  ExpectTokens({
      {"one\ntwo\r\nthree\rfour", "one|two|three|four"},
      {"\u00e9\u00e9n\ntwee\r\ndrie", "\u00e9\u00e9n|twee|drie"},  // Non-ASCII.
  });
}

TEST(Tokenizer, ReplacesTheTokensAndReusesTheirStrings) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens = {"stale", "contents"};

  tokenizer->Tokenize("Supercalifragilisticexpialidocious one two three",
                      &tokens);
  EXPECT_EQ(Render(tokens), "supercalifragilisticexpialidocious|one|two|three");
  const char* long_token_buffer = tokens[0].data();

  tokenizer->Tokenize("short line", &tokens);
  EXPECT_EQ(Render(tokens), "short|line");
  // The first string kept its heap buffer.
  EXPECT_EQ(tokens[0].data(), long_token_buffer);

  tokenizer->Tokenize("今天天气很好 and more words here", &tokens);
  EXPECT_EQ(Render(tokens), "今天|天气|很好|and|more|words|here");

  tokenizer->Tokenize("", &tokens);
  EXPECT_TRUE(tokens.empty());
}

TEST(Tokenizer, HandlesLinesLongerThanOneIcuChunk) {
  // Lines are handed to ICU in pieces of a few MiB, cut at whitespace.
  constexpr size_t kBytes = 5 << 20;  // More than one 4 MiB chunk.
  std::string ascii;
  while (ascii.size() < kBytes) ascii += "Alpha beta ";
  std::string mixed;
  while (mixed.size() < kBytes) mixed += "Alpha \u03b2eta 天气 ";

  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens;

  tokenizer->Tokenize(ascii, &tokens);
  ASSERT_EQ(tokens.size(), ascii.size() / 11 * 2);
  for (size_t i = 0; i < tokens.size(); ++i) {
    ASSERT_EQ(tokens[i], i % 2 == 0 ? "alpha" : "beta") << "token " << i;
  }

  tokenizer->Tokenize(mixed, &tokens);
  ASSERT_EQ(tokens.size(), mixed.size() / 19 * 3);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const char* expected[] = {"alpha", "\u03b2eta", "天气"};
    ASSERT_EQ(tokens[i], expected[i % 3]) << "token " << i;
  }

  // Without any whitespace the text is cut at a character boundary: no
  // character is lost or broken, though a word may be split.
  const std::string run(kBytes, 'a');
  tokenizer->Tokenize(run, &tokens);
  EXPECT_GE(tokens.size(), 1u);
  EXPECT_EQ(absl::StrJoin(tokens, ""), run);
  EXPECT_EQ(tokenizer->invalid_utf8_count(), 0u);
}

// The straightforward ICU pipeline that the header describes, with none of
// Tokenizer's shortcuts (ASCII fast path, run-wise folding, buffer reuse).
std::string PlainIcuTokens(absl::string_view text,
                           const TokenizerOptions& options,
                           int32_t* substitutions) {
  UErrorCode code = U_ZERO_ERROR;
  std::vector<char16_t> buffer(text.size() + 1);
  int32_t length = 0;
  u_strFromUTF8WithSub(buffer.data(), static_cast<int32_t>(buffer.size()),
                       &length, text.data(), static_cast<int32_t>(text.size()),
                       0xFFFD, substitutions, &code);
  icu::UnicodeString raw(buffer.data(), length);
  raw.findAndReplace(icu::UnicodeString(u"\n"), icu::UnicodeString(u" "))
      .findAndReplace(icu::UnicodeString(u"\r"), icu::UnicodeString(u" "));
  icu::UnicodeString normalized =
      icu::Normalizer2::getNFKCInstance(code)->normalize(raw, code);
  if (options.case_folding == CaseFolding::kFold) normalized.foldCase();
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), code));
  EXPECT_TRUE(U_SUCCESS(code)) << u_errorName(code);
  if (U_FAILURE(code)) return "<ICU failed>";
  words->setText(normalized);
  std::vector<std::string> tokens;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const int32_t status = words->getRuleStatus();
    if ((status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT) ||
        (options.keep_numbers && status >= UBRK_WORD_NUMBER &&
         status < UBRK_WORD_NUMBER_LIMIT)) {
      std::string token;
      normalized.tempSubStringBetween(start, end).toUTF8String(token);
      tokens.push_back(token);
    }
  }
  return Render(tokens);
}

std::string Repeat(absl::string_view s, int n) {
  std::string result;
  for (int i = 0; i < n; ++i) absl::StrAppend(&result, s);
  return result;
}

TEST(Tokenizer, MatchesThePlainIcuPipeline) {
  const std::vector<std::string> texts = {
      "Plain ASCII, With Capitals and 42 numbers.",
      "ASCII with\r\nline breaks\nand\ttabs",
      "Mixed ASCII and ‘curly quotes’ — Dashes — Café",
      "\u0390 Stra\u00dfe \u0130STANBUL \ufb03 \u01c5 \u1e9e \u1fbc "
      "\u03a3\u0391\u03a3 \uff21\uff22 \uff11\uff12 x\u00b2 \u00bd \u337f",
      // Case folding that lengthens the text a lot (ΐ -> 3 code units),
      // alone and between ASCII runs.
      Repeat("\u0390", 1000),
      Repeat("A\u00df \u0390\u0390 \ufb03 ", 500),
      Repeat("abcdefghijklmnopqrstuvwxyz\u0390\u0390\u0390", 300),
      Repeat("THE QUICK brown 狐狸 Jumps 1984 über \u0390's Dog. ", 200),
      "ab\xff cd \xc0\xaf \xed\xa0\x80 x\xe4\xbd",
      "今天天气很好。我爱Python编程！カタカナ ﾃｽﾄ",
      "",
  };
  for (CaseFolding folding : {CaseFolding::kFold, CaseFolding::kKeep}) {
    for (bool keep_numbers : {false, true}) {
      const TokenizerOptions options = Options(folding, keep_numbers);
      std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(options);
      ASSERT_NE(tokenizer, nullptr);
      std::vector<std::string> tokens;
      int64_t expected_invalid = 0;
      for (const std::string& text : texts) {
        int32_t substitutions = 0;
        const std::string expected =
            PlainIcuTokens(text, options, &substitutions);
        expected_invalid += substitutions;
        tokenizer->Tokenize(text, &tokens);
        EXPECT_EQ(Render(tokens), expected)
            << "fold=" << (folding == CaseFolding::kFold)
            << " keep_numbers=" << keep_numbers << " text: " << text;
      }
      EXPECT_EQ(tokenizer->invalid_utf8_count(),
                static_cast<uint64_t>(expected_invalid));
    }
  }
}

TEST(Tokenizer, NormalizeTermReturnsTheSingleToken) {
  struct TermCase {
    const char* term;
    TokenizerOptions options;
    const char* expected;
  };
  const TokenizerOptions fold = Options(CaseFolding::kFold, false);
  const std::vector<TermCase> cases = {
      {"Hello", fold, "hello"},
      {"  Hello!  ", fold, "hello"},
      {"天气", fold, "天气"},
      {"ＡＢＣ", fold, "abc"},
      {"don't", fold, "don't"},
      {"Hello", Options(CaseFolding::kKeep, false), "Hello"},
      {"１９８４", Options(CaseFolding::kFold, true), "1984"},
  };
  for (const TermCase& c : cases) {
    std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(c.options);
    ASSERT_NE(tokenizer, nullptr);
    SCOPED_TRACE(absl::StrCat("term: ", c.term));
    absl::StatusOr<std::string> term = tokenizer->NormalizeTerm(c.term);
    ASSERT_OK(term);
    EXPECT_EQ(*term, c.expected) << "term: " << c.term;
  }
}

TEST(Tokenizer, NormalizeTermRejectsTermsWithoutWordTokens) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  for (const char* term : {",", "", "   ", "1984", "\U0001F600"}) {
    SCOPED_TRACE(absl::StrCat("term: ", term));
    absl::StatusOr<std::string> normalized = tokenizer->NormalizeTerm(term);
    EXPECT_STATUS_CODE(normalized, absl::StatusCode::kInvalidArgument);
    EXPECT_NE(normalized.status().message().find("no word token"),
              absl::string_view::npos)
        << normalized.status();
  }
}

TEST(Tokenizer, NormalizeTermRejectsTermsThatSplitIntoSeveralTokens) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  const struct {
    const char* term;
    const char* tokens;  // As named in the message.
  } cases[] = {
      {"new york", "2 tokens: new york"},
      {"今天天气", "2 tokens: 今天 天气"},
      {"well-known", "2 tokens: well known"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(absl::StrCat("term: ", c.term));
    absl::StatusOr<std::string> normalized = tokenizer->NormalizeTerm(c.term);
    EXPECT_STATUS_CODE(normalized, absl::StatusCode::kInvalidArgument);
    EXPECT_NE(normalized.status().message().find(c.tokens),
              absl::string_view::npos)
        << normalized.status();
  }
}

// Punctuation, the user dictionary, stopwords and min_length.

TokenizerOptions KeepAll() {
  TokenizerOptions options;
  options.keep_numbers = true;
  options.keep_punctuation = true;
  return options;
}

std::shared_ptr<const UserDictionary> Dictionary(absl::string_view text) {
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Parse(text, "test.dict");
  EXPECT_OK(dictionary);
  return dictionary.ok() ? *dictionary : nullptr;
}

TokenizerOptions WithDictionary(absl::string_view words,
                                TokenizerOptions options = TokenizerOptions()) {
  options.dictionary = Dictionary(words);
  return options;
}

TEST(Tokenizer, KeepsPunctuationAndSymbolsWhenAsked) {
  ExpectTokens(
      {
          {"今天，天气很好。", "今天|,|天气|很好|。"},  // NFKC: "，" -> ",".
          {"Hello, World!", "hello|,|world|!"},
          {"\"Quoted\" (x)", "\"|quoted|\"|(|x|)"},
          // Each ICU segment is a token: a dash pair is two.
          {"——好", "—|—|好"},
          {"$5 + 3 = 8 %", "$|5|+|3|=|8|%"},
          // The variation selector U+FE0F is default-ignorable (issue 10).
          {"I \u2764\ufe0f NY \U0001F600", "i|\u2764|ny|\U0001F600"},
          {"ab\xff cd", "ab|\uFFFD|cd"},
          // Whitespace and invisible format characters are never tokens.
          {" \t\u3000\u00a0 ", ""},
          {"a \u200b b \ufeff c", "a|b|c"},
      },
      KeepAll());
}

// Issue 6, found by tests/fuzz/tokenizer_fuzz.cc: ICU attaches combining
// marks to the white space before them, and a tab followed by U+0301 was
// kept as a punctuation token holding the tab. Such a segment is blank, as
// a space followed by U+0301 (NFKC of the spacing accent U+00B4) always was.
TEST(Tokenizer, Issue6WhiteSpaceWithCombiningMarksIsNeverAToken) {
  ExpectTokens(
      {
          {"a\t\u0301b", "a|b"},
          {"a \u0301 b", "a|b"},
          {"don\u00b4t", "don|t"},
          {"x\u1680\u0308y", "x|y"},  // Ogham space mark, diaeresis.
          {"-\u0301 \u0301", "-\u0301"},  // The mark stays with a dash.
      },
      KeepAll());
  // A blank segment ends a dictionary run: no word is joined across it.
  ExpectTokens({{"天\t\u0301气", "天|气"}}, WithDictionary("天气\n", KeepAll()));
}

// Found by tests/fuzz/tokenizer_fuzz.cc: case folding can undo NFKC
// (U+0130 folds to i + U+0307, which must then sort after U+0651, a mark of
// lower combining class), and a stored term whose query normalization
// differs from it could never be looked up. Every token is its own term.
TEST(Tokenizer, EveryTokenNormalizesToItself) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(TokenizerOptions());
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens;
  tokenizer->Tokenize(
      "\u0130\u0651 A\u0130\u0651B \u0130\u05b0\u0651 \u1E9E\u0323 "
      "\uFB00\u0301 \u01C5\u0328 K\u0307\u0651 \u0390\u0651",
      &tokens);
  ASSERT_EQ(tokens.size(), 8u) << Render(tokens);
  for (const std::string& token : tokens) {
    absl::StatusOr<std::string> term = tokenizer->NormalizeTerm(token);
    ASSERT_OK(term);
    EXPECT_EQ(*term, token);
  }
}

// Issue 10: a default-ignorable code point inside a word made another word
// that prints like it ("a<ZWJ>b" like "ab", "evil<PDF>" like "evil"). They
// are removed from tokens, with and without case folding, as NFKC_Casefold
// removes them.
TEST(Tokenizer, Issue10InvisibleCharactersInsideWordsAreRemoved) {
  const std::vector<Case> cases = {
      {"a\u200db", "ab"},                 // ZERO WIDTH JOINER
      {"a\u200cb", "ab"},                 // ZWNJ between Latin letters
      {"evil\u202c", "evil"},             // POP DIRECTIONAL FORMATTING
      {"\u202eevil\u202c x", "evil|x"},   // RIGHT-TO-LEFT OVERRIDE
      {"\u2066evil\u2069", "evil"},       // isolates
      {"co\u00adop\u2060er\ufeffate", "cooperate"},  // SHY, WJ, BOM
      {"\u200b a\u200bb", "a|b"},  // ZWSP is a word break, not inside one
      {"Ve\u034f\u0301", "vé"},     // CGJ out: the mark composes (NFKC)
  };
  ExpectTokens(cases);
  ExpectTokens({{"A\u200dB", "AB"}, {"Evil\u202c", "Evil"}},
               Options(CaseFolding::kKeep, /*keep_numbers=*/false));
  // Every token is still its own query term.
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  for (const Case& c : cases) {
    std::vector<std::string> tokens;
    tokenizer->Tokenize(c.text, &tokens);
    for (const std::string& token : tokens) {
      absl::StatusOr<std::string> term = tokenizer->NormalizeTerm(token);
      ASSERT_OK(term);
      EXPECT_EQ(*term, token);
    }
  }
  // And the query "evil<PDF>" finds "evil".
  absl::StatusOr<std::string> term = tokenizer->NormalizeTerm("evil\u202c");
  ASSERT_OK(term);
  EXPECT_EQ(*term, "evil");
}

// The joiner of an emoji ZWJ sequence is part of the emoji (kept with
// --keep-punct); variation selectors go (U+2764 U+FE0F is U+2764).
// Found by tokenizer_fuzz: ICU glues a pictograph to a word through a ZWJ
// (go ZWJ ♙ is one segment); the joiner goes, and the pictograph, which the
// text without the joiner breaks off, is a token of its own, so that every
// token is what its own text tokenizes to.
TEST(Tokenizer, ARemovedJoinerBreaksOffThePictographItJoined) {
  TokenizerOptions options;
  options.keep_punctuation = true;
  const std::string text = "go\u200D\u2659 x";
  EXPECT_EQ(Tokens(text, options), "go|\u2659|x");
  auto tokenizer = Tokenizer::Create(options);
  ASSERT_OK(tokenizer);
  std::vector<std::string> tokens;
  (*tokenizer)->Tokenize(text, &tokens);
  for (const std::string& token : tokens) {
    absl::StatusOr<std::string> term = (*tokenizer)->NormalizeTerm(token);
    ASSERT_OK(term);
    EXPECT_EQ(*term, token);
  }
  // Between two pictographs the joiner stays (an emoji ZWJ sequence).
  EXPECT_EQ(Tokens("\U0001F468\u200D\U0001F469", options),
            "\U0001F468\u200D\U0001F469");
}

// Found by tokenizer_fuzz: U+FFA0 (an invisible Hangul filler) carrying a
// combining mark before a word is one ICU word; the filler goes, and so does
// the mark it carried, which would otherwise start a token that its own
// text does not tokenize to.
TEST(Tokenizer, MarksAnInvisibleCodePointCarriedDoNotStartAToken) {
  const std::string text = "\uFFA0\u05BCxac";
  EXPECT_EQ(Tokens(text), "xac");
  auto tokenizer = Tokenizer::Create(TokenizerOptions());
  ASSERT_OK(tokenizer);
  absl::StatusOr<std::string> term = (*tokenizer)->NormalizeTerm("xac");
  ASSERT_OK(term);
  EXPECT_EQ(*term, "xac");
}

TEST(Tokenizer, Issue10EmojiZwjSequencesKeepTheirJoiners) {
  TokenizerOptions punct;
  punct.keep_punctuation = true;
  ExpectTokens(
      {
          // man ZWJ woman ZWJ girl: one family emoji.
          {"\U0001F468\u200d\U0001F469\u200d\U0001F467",
           "\U0001F468\u200d\U0001F469\u200d\U0001F467"},
          // woman, medium skin tone, ZWJ laptop.
          {"x \U0001F469\U0001F3FD\u200d\U0001F4BB",
           "x|\U0001F469\U0001F3FD\u200d\U0001F4BB"},
          // eye VS16 ZWJ speech bubble VS16: the selectors go.
          {"\U0001F441\ufe0f\u200d\U0001F5E8\ufe0f",
           "\U0001F441\u200d\U0001F5E8"},
          {"\u2764\ufe0f", "\u2764"},
          // The flag of Scotland: black flag and tag characters.
          {"\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074"
           "\U000E007F",
           "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074"
           "\U000E007F"},
          // A ZWJ after an emoji but before a letter is no sequence.
          {"\U0001F600\u200da", "\U0001F600|a"},
      },
      punct);
}

// ZWNJ and ZWJ spell Persian and Indic words (می‌خواهم "I want" is not
// میخواهم; क्‌ष is not क्ष): between letters of those scripts they stay.
TEST(Tokenizer, Issue10JoinersOfPersianAndIndicWordsAreKept) {
  const std::vector<Case> cases = {
      {"\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
       "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"},  // Persian
      {"\u0915\u094d\u200c\u0937", "\u0915\u094d\u200c\u0937"},  // Devanagari
      {"\u0dc1\u0dca\u200d\u0dbb\u0dd3", "\u0dc1\u0dca\u200d\u0dbb\u0dd3"},
      // Sinhala ශ්‍රී
      // At the end of a word, or before a letter of another script, the
      // joiner joins nothing and goes.
      {"\u0645\u06cc\u200c \u0627", "\u0645\u06cc|\u0627"},
      {"\u0645\u06cc\u200cab", "\u0645\u06ccab"},
  };
  ExpectTokens(cases);
  ExpectTokens(cases, Options(CaseFolding::kKeep, /*keep_numbers=*/false));
}

TEST(Tokenizer, KeepPunctuationOnlyAddsTokens) {
  // The words are the same with and without keep_punctuation: it filters,
  // it does not segment differently.
  const char* texts[] = {"今天，天气很好。Hello, World! 1984年",
                         "\"Quoted\" (parenthesised) e.g. U.S.A.",
                         "我爱Python编程！カタカナ ﾃｽﾄ"};
  TokenizerOptions punct;
  punct.keep_punctuation = true;
  for (const char* text : texts) {
    std::unique_ptr<Tokenizer> with = NewTokenizer(punct);
    std::unique_ptr<Tokenizer> without = NewTokenizer();
    ASSERT_NE(with, nullptr);
    ASSERT_NE(without, nullptr);
    std::vector<std::string> all;
    std::vector<std::string> words;
    with->Tokenize(text, &all);
    without->Tokenize(text, &words);
    std::vector<std::string> kept;
    for (const std::string& token : all) {
      if (without->NormalizeTerm(token).ok()) kept.push_back(token);
    }
    EXPECT_EQ(Render(kept), Render(words)) << text;
  }
}

TEST(Tokenizer, JoinsAdjacentSegmentsThatFormADictionaryWord) {
  const TokenizerOptions options =
      WithDictionary("马克斯\n伏园\n2001年\n在理\n编程\n");
  ExpectTokens(
      {
          // Without the dictionary ICU gives 马|克斯, 伏|园, 在|理, 编|程.
          {"马克斯", "马克斯"},
          {"伏园来信", "伏园|来信"},
          {"他说的确实在理", "他|说的|确实|在理"},
          {"我爱Python编程", "我|爱|python|编程"},
          // Numbers join too; without keep_numbers a joined word with an
          // ideograph is still a word.
          {"2001年新年", "2001年|新年"},
          {"1999年新年", "年|新年"},  // 1999年 is not in the dictionary.
      },
      options);
  ExpectTokens({{"马克斯", "马|克斯"}, {"伏园来信", "伏|园|来信"}});
}

TEST(Tokenizer, KeepsIcuSegmentationWhereTheDictionaryHasNoWord) {
  const TokenizerOptions options = WithDictionary("马克斯\n");
  ExpectTokens(
      {
          {"今天天气很好", "今天|天气|很好"},
          {"我们喜欢自然语言处理", "我们|喜欢|自然|语言|处理"},
          {"The cat sat on the mat.", "the|cat|sat|on|the|mat"},
          {"中华人民共和国", "中华|人民|共和国"},
      },
      options);
}

TEST(Tokenizer, DictionarySplitsAnIcuWordOnlyIntoDictionaryWords) {
  // ICU makes 新的 one word; with 新 and 的 listed (and 新的 not), the
  // dictionary's two words win.
  EXPECT_EQ(Tokens("新的一年"), "新的|一年");
  EXPECT_EQ(Tokens("新的一年", WithDictionary("新\n的\n")), "新|的|一年");
  // With only 新 listed, splitting would leave 的 as neither a dictionary
  // word nor an ICU segment: ICU's word stays.
  EXPECT_EQ(Tokens("新的一年", WithDictionary("新\n")), "新的|一年");
  // A cut inside an ICU segment where dictionary words cover both sides:
  // ICU's 完了 becomes 完 了; 乒乓球 stays (no word covers a cut in it).
  EXPECT_EQ(Tokens("乒乓球拍卖完了"), "乒乓球|拍卖|完了");
  EXPECT_EQ(Tokens("乒乓球拍卖完了", WithDictionary("完\n了\n球拍\n卖完\n")),
            "乒乓球|拍卖|完|了");
}

TEST(Tokenizer, DictionaryPrefersFewerWordsThenEvenLengths) {
  // 南京市长江大桥: ICU gives 南京市|长江|大|桥. With this dictionary both
  // 南京市|长江大桥 and 南京|市长|江|大桥 are possible; the first has fewer
  // words.
  const TokenizerOptions options =
      WithDictionary("南京\n南京市\n市长\n江\n长江大桥\n大桥\n");
  EXPECT_EQ(Tokens("南京市长江大桥"), "南京市|长江|大|桥");
  EXPECT_EQ(Tokens("南京市长江大桥", options), "南京市|长江大桥");
  // Equal word counts: 研究生|命 and 研究|生命 both need two; the more
  // even one wins.
  EXPECT_EQ(Tokens("研究生命", WithDictionary("研究生\n命\n研究\n生命\n")),
            "研究|生命");
}

TEST(Tokenizer, DictionaryKeepsIcuBoundariesUnlessMovingThemIsCheaper) {
  // ICU: 科学|方面|的, each a dictionary word. 科学|方|面的 covers the same
  // text with as many dictionary words at the same cost; ICU's boundary
  // between 方面 and 的 stands (the PKU case 学 方面 的 -> 学 方 面的).
  EXPECT_EQ(Tokens("科学方面的"), "科学|方面|的");
  EXPECT_EQ(Tokens("科学方面的", WithDictionary("科学\n方\n方面\n面的\n的\n")),
            "科学|方面|的");
  // When the frequencies make the moved boundary cheaper, it moves.
  EXPECT_EQ(Tokens("科学方面的",
                   WithDictionary("科学\t9\n方\t50\n方面\t1\n面的\t50\n的\t1\n")),
            "科学|方|面的");
}

TEST(Tokenizer, DictionaryFrequenciesDecideBetweenEqualWordCounts) {
  // 和尚未: 和尚|未 or 和|尚未, two words either way.
  EXPECT_EQ(
      Tokens("和尚未", WithDictionary("和尚\t1\n未\t1\n和\t50\n尚未\t50\n")),
      "和|尚未");
  EXPECT_EQ(
      Tokens("和尚未", WithDictionary("和尚\t50\n未\t50\n和\t1\n尚未\t1\n")),
      "和尚|未");
}

TEST(Tokenizer, DictionaryNeverCutsNumbersOrLatinWords) {
  const TokenizerOptions options =
      WithDictionary("5\n5.6亿\n亿\nthon编\n", KeepAll());
  EXPECT_EQ(Tokens("收入达到55.6亿元", options), "收入|达到|55.6|亿|元");
  EXPECT_EQ(Tokens("5.6亿元", options), "5.6亿|元");
  EXPECT_EQ(Tokens("Python编程", options), "python|编|程");
}

TEST(Tokenizer, DictionaryWordsAreNormalizedLikeTheText) {
  // A full-width dictionary word matches ASCII text, and the other way
  // round; a folding tokenizer folds the words.
  const TokenizerOptions options = WithDictionary("２００１年\nPython编程\n");
  EXPECT_EQ(Tokens("2001年", options), "2001年");
  EXPECT_EQ(Tokens("２００１年", options), "2001年");
  EXPECT_EQ(Tokens("我爱PYTHON编程", options), "我|爱|python编程");
  TokenizerOptions keep_case = options;
  keep_case.case_folding = CaseFolding::kKeep;
  EXPECT_EQ(Tokens("我爱Python编程", keep_case), "我|爱|Python编程");
  EXPECT_EQ(Tokens("我爱PYTHON编程", keep_case), "我|爱|PYTHON|编|程");
}

TEST(Tokenizer, DictionaryJoinsPunctuationOnlyIntoPunctuation) {
  EXPECT_EQ(Tokens("——好", WithDictionary("——\n", KeepAll())), "——|好");
  // A joined token of punctuation alone is punctuation: dropped unless kept.
  EXPECT_EQ(Tokens("——好", WithDictionary("——\n")), "好");
}

TEST(Tokenizer, DictionaryLeavesTextWithoutIdeographsAlone) {
  // Runs without ideographs or kana never reach the dictionary, even if it
  // lists their words.
  const TokenizerOptions options = WithDictionary("newyork\nab\n");
  EXPECT_EQ(Tokens("new york ab", options), "new|york|ab");
  EXPECT_EQ(Tokens("안녕하세요 세계", options), "안녕하세요|세계");
}

TEST(Tokenizer, DictionaryTokenizingReusesItsBuffers) {
  std::unique_ptr<Tokenizer> tokenizer =
      NewTokenizer(WithDictionary("马克斯\n伏园\n"));
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens;
  const std::string line = "马克斯和伏园的文章，今天天气很好";
  tokenizer->Tokenize(line, &tokens);
  const std::string expected = Render(tokens);
  EXPECT_EQ(expected, "马克斯|和|伏园|的|文章|今天|天气|很好");
  const char* first = tokens[0].data();
  for (int i = 0; i < 100; ++i) {
    tokenizer->Tokenize(line, &tokens);
    ASSERT_EQ(Render(tokens), expected);
  }
  EXPECT_EQ(tokens[0].data(), first);
}

TEST(Tokenizer, DictionaryHandlesRunsLongerThanItsLimit) {
  // A run of text without spaces longer than the segmenter's limit (64K
  // UTF-16 units) is cut between two segments; no character is lost.
  std::string text;
  for (int i = 0; i < 30000; ++i) text += "马克斯和伏园";
  std::unique_ptr<Tokenizer> tokenizer =
      NewTokenizer(WithDictionary("马克斯\n伏园\n"));
  ASSERT_NE(tokenizer, nullptr);
  std::vector<std::string> tokens;
  tokenizer->Tokenize(text, &tokens);
  EXPECT_EQ(absl::StrJoin(tokens, ""), text);
  int joined = 0;
  for (const std::string& token : tokens) joined += token == "马克斯";
  EXPECT_GE(joined, 30000 - 3);
}

TEST(Tokenizer, CreateFillsInAndChecksTheChecksums) {
  std::shared_ptr<const UserDictionary> dictionary = Dictionary("马克斯\n");
  ASSERT_NE(dictionary, nullptr);
  absl::StatusOr<std::shared_ptr<const StopwordList>> stopwords =
      StopwordList::Builtin("zh");
  ASSERT_OK(stopwords);

  TokenizerOptions options;
  options.dictionary = dictionary;
  options.stopwords = *stopwords;
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(options);
  ASSERT_NE(tokenizer, nullptr);
  EXPECT_EQ(tokenizer->options().dictionary_checksum, dictionary->checksum());
  EXPECT_EQ(tokenizer->options().stopwords_name, "zh");
  EXPECT_EQ(tokenizer->options().stopwords_checksum, (*stopwords)->checksum());

  TokenizerOptions wrong = options;
  wrong.dictionary_checksum = dictionary->checksum() + 1;
  EXPECT_STATUS_CODE(Tokenizer::Create(wrong),
                     absl::StatusCode::kInvalidArgument);
  wrong = options;
  wrong.stopwords_name = "en";
  EXPECT_STATUS_CODE(Tokenizer::Create(wrong),
                     absl::StatusCode::kInvalidArgument);
  wrong = options;
  wrong.stopwords_checksum = 1;
  EXPECT_STATUS_CODE(Tokenizer::Create(wrong),
                     absl::StatusCode::kInvalidArgument);
  for (int length : {-1, 1001}) {
    wrong = TokenizerOptions();
    wrong.min_length = length;
    EXPECT_STATUS_CODE(Tokenizer::Create(wrong),
                       absl::StatusCode::kInvalidArgument);
  }
}

TEST(Tokenizer, NormalizeTermJoinsPiecesWhenTheDictionaryIsNotAtHand) {
  // Options read back from a database name a dictionary by its checksum
  // only; a term without spaces or punctuation is taken whole.
  TokenizerOptions stored;
  stored.dictionary_checksum = 0x1234;
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(stored);
  ASSERT_NE(tokenizer, nullptr);
  absl::StatusOr<std::string> term = tokenizer->NormalizeTerm("马克斯");
  ASSERT_OK(term);
  EXPECT_EQ(*term, "马克斯");
  EXPECT_STATUS_CODE(tokenizer->NormalizeTerm("马 克斯"),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(tokenizer->NormalizeTerm("new york"),
                     absl::StatusCode::kInvalidArgument);
  // Without a dictionary in the options the pieces are an error, as ever.
  std::unique_ptr<Tokenizer> plain = NewTokenizer();
  ASSERT_NE(plain, nullptr);
  EXPECT_STATUS_CODE(plain->NormalizeTerm("马克斯"),
                     absl::StatusCode::kInvalidArgument);
}

TEST(Tokenizer, DropsStopwordsAfterSegmentation) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> en =
      StopwordList::Builtin("en");
  absl::StatusOr<std::shared_ptr<const StopwordList>> zh =
      StopwordList::Builtin("zh");
  ASSERT_OK(en);
  ASSERT_OK(zh);
  TokenizerOptions options;
  options.stopwords = *en;
  ExpectTokens({{"The cat sat on the mat.", "cat|sat|mat"},
                {"I don't know, and I don\u2019t care", "know|care"},
                {"\uff34\uff28\uff25 END", "end"}},  // Full-width THE.
               options);
  // Matching is on the folded token, also when case is kept.
  options.case_folding = CaseFolding::kKeep;
  ExpectTokens({{"The Cat sat ON the Mat.", "Cat|sat|Mat"}}, options);
  options = TokenizerOptions();
  options.stopwords = *zh;
  // ICU makes 我的 and 三年 one word each; 我的 is in the list too.
  ExpectTokens({{"我的朋友在北京工作了三年", "朋友|北京|工作|三年"}}, options);
}

// A stopword that folding un-normalizes (U+0130 U+0651: see
// EveryTokenNormalizesToItself) still matches its token, folded or not.
TEST(Tokenizer, StopwordsMatchTokensThatFoldingUnnormalizes) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Parse("\u0130\u0651\n", "test", "test");
  ASSERT_OK(list);
  TokenizerOptions options;
  options.stopwords = *list;
  ExpectTokens({{"x \u0130\u0651 y", "x|y"}, {"i\u0307\u0651 y", "y"}},
               options);
  options.case_folding = CaseFolding::kKeep;
  ExpectTokens({{"x \u0130\u0651 y", "x|y"}}, options);
}

TEST(Tokenizer, DropsTokensShorterThanMinLength) {
  TokenizerOptions options;
  options.min_length = 2;
  // Length is in code points of the normalized token: e + U+0301 composes
  // to one character.
  ExpectTokens({{"I am a cat", "am|cat"},
                {"我爱北京天安门", "北京|天安门"},
                {"\u00e9 e\u0301 \u00e9t\u00e9", "\u00e9t\u00e9"}},
               options);
  options.min_length = 3;
  ExpectTokens({{"I am a cat", "cat"}, {"我爱北京天安门", "天安门"}}, options);
  // With keep_punctuation it applies to punctuation too.
  options = KeepAll();
  options.min_length = 2;
  ExpectTokens({{"Hi, you!", "hi|you"}, {"1984 或 2001", "1984|2001"}},
               options);
}

TEST(Tokenizer, NormalizeTermExplainsDroppedStopwords) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> en =
      StopwordList::Builtin("en");
  ASSERT_OK(en);
  TokenizerOptions options;
  options.stopwords = *en;
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(options);
  ASSERT_NE(tokenizer, nullptr);
  absl::StatusOr<std::string> term = tokenizer->NormalizeTerm("The");
  EXPECT_STATUS_CODE(term, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(term.status().message().find("stopwords (built-in en)"),
            absl::string_view::npos)
      << term.status();
}

// src/icu_util.h is tested here, through and beside its one user.

TEST(IcuUtil, IcuStatusIsOkForSuccessAndWarnings) {
  EXPECT_OK(IcuStatus(U_ZERO_ERROR, "anything"));
  EXPECT_OK(IcuStatus(U_USING_DEFAULT_WARNING, "anything"));
}

TEST(IcuUtil, IcuStatusNamesTheFailure) {
  const absl::Status status =
      IcuStatus(U_MISSING_RESOURCE_ERROR, "creating the break iterator");
  EXPECT_STATUS_CODE(status, absl::StatusCode::kInternal);
  EXPECT_EQ(status.message(),
            "creating the break iterator: U_MISSING_RESOURCE_ERROR");
}

TEST(IcuUtil, Utf16ToUtf8EncodesEveryPlaneAndReplacesLoneSurrogates) {
  std::string out = "previous contents";
  const char16_t text[] = u"a\u00e9\u4e2d\U0001F600";
  Utf16ToUtf8(text, 5, &out);  // Five units: the emoji is a pair.
  EXPECT_EQ(out, "a\u00e9\u4e2d\U0001F600");

  const char16_t lone[] = {u'x', 0xD800, u'y', 0xDC00};
  Utf16ToUtf8(lone, 4, &out);
  EXPECT_EQ(out, "x\uFFFDy\uFFFD");

  Utf16ToUtf8(lone, 0, &out);
  EXPECT_EQ(out, "");
}

TEST(IcuUtil, Utf8ToUnicodeStringCountsSubstitutions) {
  icu::UnicodeString out("previous contents");
  int32_t substitutions = -1;
  ASSERT_OK(
      Utf8ToUnicodeString("a\xff\xc0\xaf\xe4\xb8\xad", &out, &substitutions));
  EXPECT_EQ(substitutions, 3);
  EXPECT_EQ(UnicodeStringToUtf8(out), "a\uFFFD\uFFFD\uFFFD\u4e2d");
}

TEST(IcuUtil, FoldCaseMatchesUnicodeStringFoldCase) {
  for (const std::string& text :
       {std::string("Hello WORLD"), std::string("Stra\u00dfe \u0130 \u03a3"),
        Repeat("\u0390", 500), Repeat("AB\u0390\u1e9e", 300), std::string()}) {
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(text);
    icu::UnicodeString folded("previous contents");
    SCOPED_TRACE(absl::StrCat("text: ", text));
    ASSERT_OK(FoldCase(src, &folded));
    icu::UnicodeString expected(src);
    expected.foldCase();
    EXPECT_EQ(UnicodeStringToUtf8(folded), UnicodeStringToUtf8(expected));
  }
}

// Tokenize with spans: every token comes from its span of the line, which
// normalizes to it (the tokens themselves are those of Tokenize), over
// every line of the bundled English and Chinese samples and text whose
// normalization changes lengths (full-width, ligatures, combining marks,
// invalid UTF-8).
TEST(Tokenizer, Issue12SpansAreWhereEachTokenCameFrom) {
  std::string text = testing::ReadFile(testing::CorpusPath("en_austen_sample.txt"));
  text += testing::ReadFile(testing::CorpusPath("zh_luxun_sample.txt"));
  text +=
      "\nＣａｔ and ﬁne CAFE\u0301 caf\xC3\xA9 \xFF bad\xC3 x \xF0\x9F\x98\x80 "
      "Straße ǅemal İstanbul\n";
  for (CaseFolding folding : {CaseFolding::kFold, CaseFolding::kKeep}) {
    std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(Options(folding, true));
    std::vector<std::string> plain, tokens;
    std::vector<TokenSpan> spans;
    size_t lines = 0, checked = 0;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      tokenizer->Tokenize(line, &plain);
      ASSERT_TRUE(tokenizer->Tokenize(line, &tokens, &spans)) << line;
      ASSERT_EQ(tokens, plain) << line;
      ASSERT_EQ(spans.size(), tokens.size());
      size_t previous_end = 0;
      for (size_t i = 0; i < tokens.size(); ++i) {
        ASSERT_LE(previous_end, spans[i].begin) << line;
        ASSERT_LT(spans[i].begin, spans[i].end) << line;
        ASSERT_LE(spans[i].end, line.size());
        previous_end = spans[i].end;
        // The span's text is the token again (invalid UTF-8 aside, which
        // the tokenizer replaces and drops).
        absl::StatusOr<std::string> again = NormalizeUtf8(
            line.substr(spans[i].begin, spans[i].end - spans[i].begin),
            folding == CaseFolding::kFold, nullptr);
        ASSERT_OK(again);
        EXPECT_EQ(*again, tokens[i]) << line;
        ++checked;
      }
      ++lines;
    }
    EXPECT_GT(lines, 1500u);
    EXPECT_GT(checked, 100000u);
  }
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer();
  std::vector<std::string> tokens;
  std::vector<TokenSpan> spans;
  const std::string line = "Ｃａｔ, ﬁne CAFE\u0301!";
  ASSERT_TRUE(tokenizer->Tokenize(line, &tokens, &spans));
  ASSERT_EQ(tokens, (std::vector<std::string>{"cat", "fine", "caf\u00e9"}));
  EXPECT_EQ(line.substr(spans[0].begin, spans[0].end - spans[0].begin), "Ｃａｔ");
  EXPECT_EQ(line.substr(spans[1].begin, spans[1].end - spans[1].begin), "ﬁne");
  EXPECT_EQ(line.substr(spans[2].begin, spans[2].end - spans[2].begin),
            "CAFE\u0301");
}

TokenizerOptions Pretokenized() {
  TokenizerOptions options;
  options.segmentation = Segmentation::kPretokenized;
  return options;
}

TEST(Tokenizer, Issue13PretokenizedTextSplitsAtAnyWhiteSpaceOnly) {
  // jieba's 长江大桥 stays one token (ICU alone: 长江 大 桥); tabs, U+3000,
  // NBSP, U+2003 and runs of them separate; nothing is joined or split.
  EXPECT_EQ(Tokens("长江大桥 很\t长\u3000\u3000南京市\u00a0长江\u2003大桥",
                   Pretokenized()),
            "长江大桥|很|长|南京市|长江|大桥");
  EXPECT_EQ(Tokens("  \t 两边 有空白 \u3000 ", Pretokenized()), "两边|有空白");
  EXPECT_EQ(Tokens("", Pretokenized()), "");
  EXPECT_EQ(Tokens(" \u3000\t", Pretokenized()), "");
  // Line breaks inside the text count as spaces, as in ICU segmentation.
  EXPECT_EQ(Tokens("上海\r\n浦东", Pretokenized()), "上海|浦东");
}

TEST(Tokenizer, Issue13PretokenizedPiecesAreNormalizedAndFiltered) {
  // NFKC and case folding as usual: full-width Latin, upper case.
  EXPECT_EQ(Tokens("ＧＯＯＧＬＥ公司 New-York", Pretokenized()),
            "google公司|new-york");
  // A piece is a number if it has digits and no letters: dropped unless
  // keep_numbers; a piece with a letter is a word (2001年).
  EXPECT_EQ(Tokens("2001年 3.14 ２０２４ ， ——", Pretokenized()), "2001年");
  TokenizerOptions all = Pretokenized();
  all.keep_numbers = true;
  all.keep_punctuation = true;
  EXPECT_EQ(Tokens("2001年 3.14 ２０２４ ， ——", all),
            "2001年|3.14|2024|,|——");
  // Stopwords and min_length after splitting.
  absl::StatusOr<std::shared_ptr<const StopwordList>> zh =
      StopwordList::Builtin("zh");
  ASSERT_OK(zh);
  TokenizerOptions filtered = Pretokenized();
  filtered.stopwords = *zh;
  filtered.min_length = 2;
  EXPECT_EQ(Tokens("我 的 长江大桥 的确", filtered), "长江大桥|的确");
  // A zero width space is not white space: it is removed from the piece,
  // and a piece of nothing else is no token.
  EXPECT_EQ(Tokens("长江\u200b大桥 \u200b 好", Pretokenized()), "长江大桥|好");
}

TEST(Tokenizer, Issue13PretokenizedAsciiMatchesTheGeneralPath) {
  // ASCII lines take the fast path; the same text with a non-ASCII piece
  // added takes the general one. The ASCII pieces must come out the same.
  EXPECT_EQ(Tokens("Hello, world! it's 42 A-b", Pretokenized()),
            "hello,|world!|it's|a-b");
  EXPECT_EQ(Tokens("Hello, world! it's 42 A-b é", Pretokenized()),
            "hello,|world!|it's|a-b|é");
}

TEST(Tokenizer, Issue13PretokenizedRefusesADictionary) {
  TokenizerOptions options = Pretokenized();
  options.dictionary_checksum = 0x1234;
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(options);
  EXPECT_EQ(tokenizer.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Tokenizer, Issue13NormalizeTermOfPretokenizedTextKeepsTheTerm) {
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(Pretokenized());
  ASSERT_NE(tokenizer, nullptr);
  EXPECT_EQ(tokenizer->NormalizeTerm("长江大桥").value_or("<error>"),
            "长江大桥");
  EXPECT_FALSE(tokenizer->NormalizeTerm("长江 大桥").ok());
}

TEST(Tokenizer, Issue13ConvertsTraditionalToSimplifiedAndBack) {
  TokenizerOptions t2s;
  t2s.script_conversion = ScriptConversion::kTraditionalToSimplified;
  EXPECT_EQ(Tokens("我們喜歡自然語言處理", t2s), Tokens("我们喜欢自然语言处理"));
  EXPECT_EQ(Tokens("我們喜歡自然語言處理", t2s), "我们|喜欢|自然|语言|处理");
  // Simplified text and ASCII are unchanged.
  EXPECT_EQ(Tokens("语言 Language", t2s), "语言|language");
  TokenizerOptions s2t;
  s2t.script_conversion = ScriptConversion::kSimplifiedToTraditional;
  EXPECT_EQ(Tokens("我们喜欢自然语言处理", s2t), "我們|喜歡|自然|語言|處理");
  // Query terms are converted the same way, also when the database's
  // dictionary is not at hand (its pieces are joined, as without --convert).
  std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(t2s);
  ASSERT_NE(tokenizer, nullptr);
  EXPECT_EQ(tokenizer->NormalizeTerm("語言").value_or("<error>"), "语言");
  TokenizerOptions stored = t2s;
  stored.dictionary_checksum = 0x1234;
  std::unique_ptr<Tokenizer> without_dictionary = NewTokenizer(stored);
  ASSERT_NE(without_dictionary, nullptr);
  EXPECT_EQ(without_dictionary->NormalizeTerm("馬克斯").value_or("<error>"),
            "马克斯");
  // With pretokenized text too.
  t2s.segmentation = Segmentation::kPretokenized;
  EXPECT_EQ(Tokens("語言處理 臺灣", t2s), "语言处理|台湾");
}

TEST(Tokenizer, Issue13ScriptConversionNamesRoundTrip) {
  for (ScriptConversion conversion :
       {ScriptConversion::kNone, ScriptConversion::kTraditionalToSimplified,
        ScriptConversion::kSimplifiedToTraditional}) {
    absl::StatusOr<ScriptConversion> parsed =
        ParseScriptConversion(ScriptConversionName(conversion));
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, conversion);
  }
  EXPECT_EQ(ParseScriptConversion("t2x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Spans of pretokenized and of script-converted text (issues 12 and 13):
// each token's span is the text it was made from.
TEST(Tokenizer, Issue12SpansOfPretokenizedAndConvertedText) {
  TokenizerOptions t2s;
  t2s.script_conversion = ScriptConversion::kTraditionalToSimplified;
  const std::string line =
      "我們 喜歡\u3000自然語言處理， ＡＢＣ\tcafe\u0301 長江大橋";
  for (const TokenizerOptions& options : {Pretokenized(), t2s}) {
    std::unique_ptr<Tokenizer> tokenizer = NewTokenizer(options);
    std::vector<std::string> plain, tokens;
    std::vector<TokenSpan> spans;
    tokenizer->Tokenize(line, &plain);
    ASSERT_TRUE(tokenizer->Tokenize(line, &tokens, &spans));
    ASSERT_EQ(tokens, plain);
    ASSERT_GT(tokens.size(), 3u);
    for (size_t i = 0; i < tokens.size(); ++i) {
      absl::StatusOr<std::string> again = tokenizer->NormalizeTerm(
          line.substr(spans[i].begin, spans[i].end - spans[i].begin));
      ASSERT_OK(again);
      EXPECT_EQ(*again, tokens[i]);
    }
  }
}

}  // namespace
}  // namespace cooc
