// Tests for word discovery (include/cooc/discover.h) on texts whose words
// are known by construction, and for `cooc discover` (COOC_BINARY).

#include "cooc/discover.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cooc/user_dictionary.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::CommandResult;
using ::cooc::testing::RunCoocCommand;
using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// Common characters for the random background; none of them is in the
// words below.
constexpr char16_t kBackground[] =
    u"的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要"
    u"下以生会自着去之过家学对可里后么心多天而能好都然没日于起还发成事只作"
    u"当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长";

// Lines of random background characters with each of `words` inserted
// `times` times at random places, a comma now and then.
std::string TextWith(const std::vector<std::u16string>& words, int times,
                     uint32_t seed) {
  std::mt19937 random(seed);
  const std::u16string background(kBackground);
  std::vector<std::u16string> pieces;
  for (const std::u16string& word : words) {
    for (int i = 0; i < times; ++i) pieces.push_back(word);
  }
  for (int i = 0; i < 6000; ++i) {
    pieces.push_back(std::u16string(1, background[random() % background.size()]));
  }
  std::shuffle(pieces.begin(), pieces.end(), random);
  std::u16string text;
  for (size_t i = 0; i < pieces.size(); ++i) {
    text += pieces[i];
    const uint32_t r = random() % 40;
    if (r == 0) text += u'\n';
    if (r == 1) text += u'，';
  }
  text += u'\n';
  std::string utf8;
  for (char16_t c : text) {  // All BMP: encode directly.
    if (c < 0x80) {
      utf8 += static_cast<char>(c);
    } else if (c < 0x800) {
      utf8 += static_cast<char>(0xC0 | (c >> 6));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      utf8 += static_cast<char>(0xE0 | (c >> 12));
      utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return utf8;
}

std::vector<std::string> Words(const Discovery& discovery) {
  std::vector<std::string> words;
  for (const DiscoveredWord& word : discovery.words) words.push_back(word.word);
  std::sort(words.begin(), words.end());
  return words;
}

TEST(DiscoverWords, FindsMadeUpWordsInRandomContextsExactly) {
  // A transliteration and two names that ICU splits into characters.
  TempDir dir;
  WriteFile(dir.Join("text"),
            TextWith({u"蒲力汗诺夫", u"游景玉", u"谢嵇峥"}, 40, 7));
  for (int threads : {1, 2}) {
    DiscoverOptions options;
    options.threads = threads;
    absl::StatusOr<Discovery> discovery =
        DiscoverWords({dir.Join("text")}, options);
    ASSERT_OK(discovery);
    EXPECT_EQ(Words(*discovery),
              (std::vector<std::string>{"游景玉", "蒲力汗诺夫", "谢嵇峥"}));
    for (const DiscoveredWord& word : discovery->words) {
      EXPECT_EQ(word.count, 40u) << word.word;
      EXPECT_GE(word.cohesion, options.min_cohesion);
      EXPECT_GE(word.left_entropy, options.min_entropy);
      EXPECT_GE(word.right_entropy, options.min_entropy);
    }
  }
}

TEST(DiscoverWords, NeverFindsAWordIcuReturnsWhole) {
  // 电脑 is one word for ICU already: a dictionary entry adds nothing.
  TempDir dir;
  WriteFile(dir.Join("text"), TextWith({u"电脑", u"游景玉"}, 40, 3));
  absl::StatusOr<Discovery> discovery =
      DiscoverWords({dir.Join("text")}, DiscoverOptions());
  ASSERT_OK(discovery);
  EXPECT_EQ(Words(*discovery), (std::vector<std::string>{"游景玉"}));
  EXPECT_EQ(discovery->icu_words_dropped, 1u);
}

TEST(DiscoverWords, NgramsDoNotCrossLineBreaksOrOtherCharacters) {
  // 游景 and 玉 are always apart (a line break, a Latin letter, a comma):
  // 游景玉 is never counted, and 游景 is the word.
  TempDir dir;
  WriteFile(dir.Join("text"),
            absl::StrReplaceAll(TextWith({u"游景|玉"}, 40, 5),
                                {{"游景|玉", "游景\n玉"}}));
  absl::StatusOr<Discovery> discovery =
      DiscoverWords({dir.Join("text")}, DiscoverOptions());
  ASSERT_OK(discovery);
  EXPECT_EQ(Words(*discovery), (std::vector<std::string>{"游景"}));
}

TEST(DiscoverWords, PiecesRuleAndBaseDictionaryDecideWhatIsNew) {
  // ICU splits 电脑鸮 into 电脑 鸮 (a word, then a character), 鸮电脑 into
  // 鸮 电脑, 游景玉 into characters.
  TempDir dir;
  WriteFile(dir.Join("text"),
            TextWith({u"电脑鸮", u"鸮电脑", u"游景玉"}, 40, 13));
  const auto found = [&](DiscoverPieces pieces,
                         std::shared_ptr<const UserDictionary> dictionary) {
    DiscoverOptions options;
    options.pieces = pieces;
    options.dictionary = std::move(dictionary);
    absl::StatusOr<Discovery> discovery =
        DiscoverWords({dir.Join("text")}, options);
    EXPECT_OK(discovery);
    return discovery.ok() ? Words(*discovery) : std::vector<std::string>();
  };
  EXPECT_EQ(found(DiscoverPieces::kWordThenCharacters, nullptr),
            (std::vector<std::string>{"游景玉", "电脑鸮"}));
  EXPECT_EQ(found(DiscoverPieces::kCharacters, nullptr),
            (std::vector<std::string>{"游景玉"}));
  EXPECT_EQ(found(DiscoverPieces::kAny, nullptr),
            (std::vector<std::string>{"游景玉", "电脑鸮", "鸮电脑"}));
  // A word the base dictionary has is not new.
  absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
      UserDictionary::Parse("游景玉\n", "names");
  ASSERT_OK(dictionary);
  EXPECT_EQ(found(DiscoverPieces::kAny, *dictionary),
            (std::vector<std::string>{"电脑鸮", "鸮电脑"}));
  for (DiscoverPieces pieces :
       {DiscoverPieces::kAny, DiscoverPieces::kCharacters,
        DiscoverPieces::kWordThenCharacters}) {
    absl::StatusOr<DiscoverPieces> parsed =
        ParseDiscoverPieces(DiscoverPiecesName(pieces));
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, pieces);
  }
}

TEST(DiscoverWords, FindsANumberWithItsUnit) {
  // 37鸮 (written half the time in full-width digits, which NFKC makes
  // ASCII) and 2.5鹛 are number words; 58 is followed by chance, so it
  // joins nothing, and 5鹛 is not a word (5 is the end of the number 2.5).
  TempDir dir;
  WriteFile(
      dir.Join("text"),
      TextWith({u"37鸮", u"３７鸮", u"2.5鹛", u"2.5鹛", u"58", u"58"}, 20, 17));
  for (int threads : {1, 2}) {
    DiscoverOptions options;
    options.threads = threads;
    absl::StatusOr<Discovery> discovery =
        DiscoverWords({dir.Join("text")}, options);
    ASSERT_OK(discovery);
    EXPECT_EQ(Words(*discovery), (std::vector<std::string>{"2.5鹛", "37鸮"}));
    for (const DiscoveredWord& word : discovery->words) {
      EXPECT_EQ(word.count, 40u) << word.word;
    }
    EXPECT_EQ(discovery->numbers, 120u);
  }
}

TEST(DiscoverWords, Issue13ConvertMakesBothScriptsOneWord) {
  // The name written half of the time in Traditional characters (諾), half
  // in Simplified (诺): without conversion two words of 20, and their common
  // start 蒲力汗 (two characters follow it: free on the right); with it one
  // word of 40, in the target script.
  TempDir dir;
  WriteFile(dir.Join("text"),
            TextWith({u"蒲力汗诺夫", u"蒲力汗諾夫"}, 20, 29));
  absl::StatusOr<Discovery> apart =
      DiscoverWords({dir.Join("text")}, DiscoverOptions());
  ASSERT_OK(apart);
  EXPECT_EQ(Words(*apart), (std::vector<std::string>{"蒲力汗", "蒲力汗諾夫",
                                                      "蒲力汗诺夫"}));
  DiscoverOptions options;
  options.script_conversion = ScriptConversion::kTraditionalToSimplified;
  absl::StatusOr<Discovery> one = DiscoverWords({dir.Join("text")}, options);
  ASSERT_OK(one);
  ASSERT_EQ(Words(*one), (std::vector<std::string>{"蒲力汗诺夫"}));
  EXPECT_EQ(one->words[0].count, 40u);
}

TEST(DiscoverWords, NumbersAreTheTokensIcuMakes) {
  // ICU makes one token of 4,5 (a comma between digits) and of x37 (a
  // letter joins the digits): 4,5鹛 is a word, and 5鹛 and 37鸮, which
  // could never be joined, are not counted. A comma after the last digit
  // is not part of the number: it separates 6 from 鹬.
  TempDir dir;
  WriteFile(dir.Join("text"), TextWith({u"x37鸮", u"4,5鹛", u"6,鹬"}, 40, 19));
  absl::StatusOr<Discovery> discovery =
      DiscoverWords({dir.Join("text")}, DiscoverOptions());
  ASSERT_OK(discovery);
  EXPECT_EQ(Words(*discovery), (std::vector<std::string>{"4,5鹛"}));
  EXPECT_EQ(discovery->numbers, 80u);  // 4,5 and 6.
}

TEST(DiscoverWords, ANumberTakesOneCharacter) {
  // 8鸮鹛 has the statistics of a word (8 and 鸮鹛 also occur apart, 8鸮
  // never: it is not free on the right), but a number joins only the
  // character after it (its unit), so only 鸮鹛 is found.
  TempDir dir;
  WriteFile(dir.Join("text"), TextWith({u"8鸮鹛", u"鸮鹛", u"8"}, 40, 23));
  absl::StatusOr<Discovery> discovery =
      DiscoverWords({dir.Join("text")}, DiscoverOptions());
  ASSERT_OK(discovery);
  EXPECT_EQ(Words(*discovery), (std::vector<std::string>{"鸮鹛"}));
}

TEST(DiscoverWords, RejectsBadOptionsAndInputs) {
  DiscoverOptions options;
  options.min_count = 1;
  EXPECT_EQ(DiscoverWords({"-"}, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options = DiscoverOptions();
  options.max_length = 8;
  EXPECT_EQ(DiscoverWords({"-"}, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DiscoverWords({}, DiscoverOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Discovery> missing =
      DiscoverWords({"/nonexistent/text"}, DiscoverOptions());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(DiscoverCommand, PrintsADictionaryThatDictLoads) {
  TempDir dir;
  WriteFile(dir.Join("text"), TextWith({u"蒲力汗诺夫", u"游景玉"}, 40, 11));
  const CommandResult discover =
      RunCoocCommand({"discover", "--threads", "2", dir.Join("text")});
  ASSERT_EQ(discover.exit_code, 0) << discover.err;
  EXPECT_EQ(discover.out, "游景玉\t40\n蒲力汗诺夫\t40\n");
  WriteFile(dir.Join("dict"), discover.out);
  const std::string line = "蒲力汗诺夫见了游景玉\n";
  EXPECT_EQ(RunCoocCommand({"tokenize"}, line).out,
            "蒲 力 汗 诺 夫 见了 游 景 玉\n");
  const CommandResult joined =
      RunCoocCommand({"tokenize", "--dict", dir.Join("dict")}, line);
  EXPECT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_EQ(joined.out, "蒲力汗诺夫 见了 游景玉\n");
  const CommandResult tsv = RunCoocCommand(
      {"discover", "--format", "tsv", "--top", "1", dir.Join("text")});
  EXPECT_EQ(tsv.exit_code, 0) << tsv.err;
  EXPECT_TRUE(absl::StartsWith(
      tsv.out,
      "word\tfrequency\tcohesion\tleft_entropy\tright_entropy\n游景玉\t40\t"))
      << tsv.out;
}

TEST(DiscoverCommand, PrintsNumberWordsThatDictJoins) {
  TempDir dir;
  WriteFile(dir.Join("text"), TextWith({u"37鸮"}, 40, 29));
  const CommandResult discover = RunCoocCommand({"discover", dir.Join("text")});
  ASSERT_EQ(discover.exit_code, 0) << discover.err;
  EXPECT_EQ(discover.out, "37鸮\t40\n");
  WriteFile(dir.Join("dict"), discover.out);
  const std::string line = "见了37鸮和３７鸮\n";
  EXPECT_EQ(RunCoocCommand({"tokenize", "--keep-numbers"}, line).out,
            "见了 37 鸮 和 37 鸮\n");
  EXPECT_EQ(
      RunCoocCommand({"tokenize", "--keep-numbers", "--dict", dir.Join("dict")},
                     line)
          .out,
      "见了 37鸮 和 37鸮\n");
}

TEST(DiscoverCommand, UsageErrors) {
  const CommandResult length = RunCoocCommand({"discover", "--max-length", "9"});
  EXPECT_EQ(length.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(length.err, "max-length")) << length.err;
  const CommandResult typo = RunCoocCommand({"discover", "--min-cout", "3"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(typo.err, "--min-count")) << typo.err;
  EXPECT_EQ(RunCoocCommand({"discover", "--min-cohesion", "x"}).exit_code, 2);
  EXPECT_EQ(RunCoocCommand({"discover", "--pieces", "all"}).exit_code, 2);
  const CommandResult format = RunCoocCommand({"discover", "--format", "xml"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_TRUE(absl::StrContains(format.err, "dict")) << format.err;
  const CommandResult missing =
      RunCoocCommand({"discover", "/nonexistent/text"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(missing.err, "/nonexistent/text"))
      << missing.err;
}

}  // namespace
}  // namespace cooc
