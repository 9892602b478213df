#include "text_decoder.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_util.h"
#include "unicode/ucnv.h"

namespace cooc {
namespace {


// `bytes` decoded by a TextDecoder for `encoding`, fed in pieces of random
// sizes into targets of random sizes (down to one byte), so that characters
// are cut at every kind of boundary on both sides.
std::string DecodeInPieces(const std::string& bytes, const std::string& encoding,
                           uint64_t* substitutions = nullptr) {
  absl::StatusOr<std::unique_ptr<TextDecoder>> decoder =
      TextDecoder::Create(encoding);
  EXPECT_OK(decoder);
  if (!decoder.ok()) return "";
  std::mt19937 random(7);
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t piece = std::min<size_t>(bytes.size() - at, random() % 9);
    const char* source = bytes.data() + at;
    const char* const source_end = source + piece;
    const bool flush = at + piece == bytes.size();
    bool full = true;
    while (full) {
      char target[8];
      char* end = target;
      absl::StatusOr<bool> more = (*decoder)->Convert(
          &source, source_end, &end, target + 1 + random() % 7, flush);
      EXPECT_OK(more);
      if (!more.ok()) return out;
      full = *more;
      out.append(target, end);
    }
    EXPECT_EQ(source, source_end);
    at += piece;
    if (flush) break;
  }
  if (substitutions != nullptr) *substitutions = (*decoder)->substitutions();
  return out;
}

const char kChinese[] =
    "我們喜歡自然語言處理。今天天氣很好，我們去公園散步。\n"
    "臺灣的學生在圖書館讀書，學習語言與歷史。\n";

TEST(TextDecoder, Issue10DecodesEachEncodingInPiecesLikeTheWhole) {
  const std::string mixed = "café naïve 😀 𝄞 日本語のテキスト\n中文\n";
  for (const char* encoding :
       {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "GB18030"}) {
    EXPECT_EQ(DecodeInPieces(testing::Encode(mixed, encoding), encoding), mixed)
        << encoding;
  }
  for (const char* encoding : {"big5", "gb18030", "gbk", "UTF-16LE"}) {
    EXPECT_EQ(DecodeInPieces(testing::Encode(kChinese, encoding), encoding), kChinese)
        << encoding;
  }
  const std::string japanese = "日本語のテキストを数える。\n";
  EXPECT_EQ(DecodeInPieces(testing::Encode(japanese, "shift_jis"), "shift_jis"),
            japanese);
  EXPECT_EQ(DecodeInPieces("caf\xE9 na\xEFve\n", "latin1"), "café naïve\n");
}

TEST(TextDecoder, Issue10InvalidSequencesBecomeReplacementCharactersAndCount) {
  uint64_t substitutions = 0;
  // A lone low surrogate in UTF-16LE, and a truncated last character.
  EXPECT_EQ(DecodeInPieces(std::string("a\0\x00\xDC" "b\0\x3D", 7), "UTF-16LE",
                           &substitutions),
            "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(substitutions, 2u);
  // A GB18030 lead byte before a space.
  EXPECT_EQ(DecodeInPieces("a\x81 b", "gb18030", &substitutions),
            "a\xEF\xBF\xBD b");
  EXPECT_EQ(substitutions, 1u);
}

TEST(TextDecoder, Issue10UnknownEncodingNamesAreInvalidArgumentNamingThem) {
  EXPECT_STATUS_CODE(CanonicalEncodingName("no-such-encoding"),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(
      CanonicalEncodingName("no-such-encoding").status().message(),
      "'no-such-encoding'"));
  EXPECT_STATUS_CODE(CanonicalEncodingName(""),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*CanonicalEncodingName("latin1"), "ISO-8859-1");
  EXPECT_EQ(*CanonicalEncodingName("utf8"), "UTF-8");
  EXPECT_TRUE(IsUtf8Encoding(*CanonicalEncodingName("UTF_8")));
}

TEST(TextDecoder, Issue10ByteOrderMarksNameUtf16AndUtf32) {
  EXPECT_EQ(EncodingOfByteOrderMark("\xFF\xFE" "a\0"), "UTF-16LE");
  EXPECT_EQ(EncodingOfByteOrderMark("\xFE\xFF"), "UTF-16BE");
  EXPECT_EQ(EncodingOfByteOrderMark(std::string("\xFF\xFE\0\0", 4)),
            "UTF-32LE");
  EXPECT_EQ(EncodingOfByteOrderMark(std::string("\0\0\xFE\xFF", 4)),
            "UTF-32BE");
  EXPECT_EQ(EncodingOfByteOrderMark("\xEF\xBB\xBFtext"), "");
  EXPECT_EQ(EncodingOfByteOrderMark("text"), "");
}

TEST(TextDecoder, Issue10MoreThanOnePercentInvalidIsNotUtf8) {
  // 1 invalid byte in 100: fine; 2 in 100: refused, with a guess.
  std::string text(99, 'a');
  EXPECT_OK(CheckLooksLikeUtf8("x.txt", text + "\xE9", true));
  const absl::Status refused =
      CheckLooksLikeUtf8("x.txt", text + "\xE9\xE9", true);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(refused.message(),
                               "x.txt does not look like UTF-8"))
      << refused;
  EXPECT_TRUE(absl::StrContains(refused.message(), "--encoding utf-8"));
  // A character cut by the end of a sample that is not the whole input is
  // not invalid; at the input's end it is.
  EXPECT_OK(CheckLooksLikeUtf8("x.txt", "abc\xE4\xB8", false));
  EXPECT_FALSE(CheckLooksLikeUtf8("x.txt", "abc\xE4\xB8", true).ok());
  EXPECT_OK(CheckLooksLikeUtf8("x.txt", kChinese, true));
}

TEST(TextDecoder, Issue10TheDetectorNamesLatin1AndChineseEncodings) {
  std::string french;
  for (int i = 0; i < 20; ++i) {
    french += "Le caf\xE9 est tr\xE8s bon, la cr\xE8me br\xFBl\xE9\x65 aussi. "
              "O\xF9 est la biblioth\xE8que? \xC0 c\xF4t\xE9 de l'\xE9glise.\n";
  }
  EXPECT_TRUE(absl::StrContains(
      CheckLooksLikeUtf8("f.txt", french, true).message(),
      "(it looks like ISO-8859-1); give --encoding ISO-8859-1,"));
  std::string chinese;
  for (int i = 0; i < 20; ++i) chinese += kChinese;
  EXPECT_EQ(GuessEncoding(testing::Encode(chinese, "gb18030")), "GB18030");
  EXPECT_EQ(GuessEncoding(testing::Encode(chinese, "big5")), "Big5");
}

TEST(TextDecoder, Issue10OnlyEncodingsWhere0x0AEndsALineTakeByteRanges) {
  for (const char* encoding :
       {"utf-8", "latin1", "windows-1252", "ISO-8859-15", "gb18030", "gbk",
        "big5", "shift_jis", "euc-jp", "euc-kr", "windows-949"}) {
    const absl::Status split =
        CheckSplitsAtLineFeeds(*CanonicalEncodingName(encoding), "x");
    EXPECT_TRUE(split.ok()) << encoding << ": " << split;
  }
  for (const char* encoding :
       {"utf-16le", "utf-16be", "utf-16", "utf-32", "iso-2022-jp",
        "iso-2022-kr", "hz", "utf-7", "ibm-37"}) {
    const absl::Status refused =
        CheckSplitsAtLineFeeds(*CanonicalEncodingName(encoding), "x.txt");
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << encoding;
    EXPECT_TRUE(absl::StrContains(refused.message(), "byte ranges"))
        << refused;
  }
}

// GB18030's four-byte characters are lead (0x81-0xFE), digit (0x30-0x39),
// lead, digit: a 0x0A byte in any position after a valid prefix ends the
// character there and stays a line feed, so a range may begin after it.
TEST(TextDecoder, Issue10Gb18030NeverTakesA0x0AByteIntoACharacter) {
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open("gb18030", &error);
  ASSERT_TRUE(U_SUCCESS(error));
  const auto ends_with_line_feed = [&](const std::string& bytes) {
    ucnv_reset(converter);
    UChar out[16];
    UErrorCode e = U_ZERO_ERROR;
    const int32_t n = ucnv_toUChars(converter, out, 16, bytes.data(),
                                    static_cast<int32_t>(bytes.size()), &e);
    return U_SUCCESS(e) && n > 0 && out[n - 1] == u'\n';
  };
  int checked = 0;
  for (int b1 = 0x81; b1 <= 0xFE; ++b1) {
    ASSERT_TRUE(ends_with_line_feed({static_cast<char>(b1), '\n'})) << b1;
    for (int b2 = 0x30; b2 <= 0x39; ++b2) {
      const std::string two = {static_cast<char>(b1), static_cast<char>(b2)};
      ASSERT_TRUE(ends_with_line_feed(two + '\n')) << b1 << " " << b2;
      for (int b3 = 0x81; b3 <= 0xFE; ++b3) {
        ASSERT_TRUE(ends_with_line_feed(two + static_cast<char>(b3) + '\n'))
            << b1 << " " << b2 << " " << b3;
        ++checked;
      }
    }
  }
  ucnv_close(converter);
  EXPECT_EQ(checked, 126 * 10 * 126);
}

}  // namespace
}  // namespace cooc
