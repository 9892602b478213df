#include "line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// One piece as a value, so that it outlives the reader's buffer.
struct Piece {
  std::string text;
  bool ends_line;
};

// Reads every piece of `reader`, failing the test on an error.
std::vector<Piece> ReadAll(LineReader& reader) {
  std::vector<Piece> pieces;
  LinePiece piece;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&piece);
    EXPECT_OK(more);
    if (!more.ok() || !*more) break;
    pieces.push_back({std::string(piece.text), piece.ends_line});
  }
  return pieces;
}

// Opens `path` and returns every piece.
std::vector<Piece> ReadPath(const std::string& path, size_t max_piece,
                            const std::string& encoding = "") {
  absl::StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, max_piece, ByteRange(), encoding);
  EXPECT_OK(reader);
  if (!reader.ok()) return {};
  return ReadAll(**reader);
}

// Writes `contents` to a file in `dir` and returns every piece of it.
std::vector<Piece> ReadText(const TempDir& dir, const std::string& contents,
                            size_t max_piece = 1 << 20,
                            const std::string& encoding = "") {
  const std::string path = dir.Join("input.txt");
  WriteFile(path, contents);
  return ReadPath(path, max_piece, encoding);
}

// Joins the pieces into lines: the pieces of one line are concatenated.
std::vector<std::string> Lines(const std::vector<Piece>& pieces) {
  std::vector<std::string> lines;
  std::string line;
  for (const Piece& piece : pieces) {
    line += piece.text;
    if (piece.ends_line) {
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  EXPECT_TRUE(pieces.empty() || pieces.back().ends_line)
      << "the last piece must end its line";
  return lines;
}

// Returns the status of reading `path` to the end.
absl::Status ReadError(const std::string& path, size_t max_piece = 1 << 20) {
  absl::StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, max_piece);
  if (!reader.ok()) return reader.status();
  LinePiece piece;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&piece);
    if (!more.ok()) return more.status();
    if (!*more) return absl::OkStatus();
  }
}

// True if `text` is well-formed UTF-8 (shortest forms, no surrogates, at
// most U+10FFFF).
bool IsValidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = text[i];
    size_t length;
    uint32_t code;
    if (lead < 0x80) {
      length = 1, code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char c = text[i + k];
      if ((c & 0xC0) != 0x80) return false;
      code = (code << 6) | (c & 0x3F);
    }
    constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

TEST(LineReader, ReturnsWholeLinesWithoutTheirTerminators) {
  TempDir dir;
  const std::vector<Piece> pieces = ReadText(dir, "one two\nthree\n");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].text, "one two");
  EXPECT_TRUE(pieces[0].ends_line);
  EXPECT_EQ(pieces[1].text, "three");
  EXPECT_TRUE(pieces[1].ends_line);
}

TEST(LineReader, StripsCarriageReturnOfCrlfLines) {
  TempDir dir;
  const std::vector<Piece> pieces = ReadText(dir, "one\r\ntwo\r\nthree\r");
  EXPECT_EQ(Lines(pieces), (std::vector<std::string>{"one", "two", "three"}));
}

TEST(LineReader, KeepsACarriageReturnInsideALine) {
  TempDir dir;
  EXPECT_EQ(Lines(ReadText(dir, "a\rb\n")), std::vector<std::string>{"a\rb"});
}

TEST(LineReader, ReturnsALastLineWithoutNewline) {
  TempDir dir;
  const std::vector<Piece> pieces = ReadText(dir, "first\nlast");
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[1].text, "last");
  EXPECT_TRUE(pieces[1].ends_line);
}

TEST(LineReader, YieldsEmptyPiecesForEmptyLines) {
  TempDir dir;
  EXPECT_EQ(Lines(ReadText(dir, "\n\na\n\r\n\n")),
            (std::vector<std::string>{"", "", "a", "", ""}));
}

TEST(LineReader, ReturnsNothingForAnEmptyFile) {
  TempDir dir;
  EXPECT_TRUE(ReadText(dir, "").empty());
}

TEST(LineReader, SkipsAByteOrderMarkAtTheStart) {
  TempDir dir;
  EXPECT_EQ(Lines(ReadText(dir, "\xEF\xBB\xBFhello\nworld\n")),
            (std::vector<std::string>{"hello", "world"}));
  // A file that is only a byte-order mark has no lines.
  EXPECT_TRUE(ReadText(dir, "\xEF\xBB\xBF").empty());
}

TEST(LineReader, KeepsAByteOrderMarkThatIsNotAtTheStart) {
  TempDir dir;
  EXPECT_EQ(Lines(ReadText(dir,
                           "a\n\xEF\xBB\xBF"
                           "b\n")),
            (std::vector<std::string>{"a",
                                      "\xEF\xBB\xBF"
                                      "b"}));
  // Only one mark is skipped: a second one is text.
  EXPECT_EQ(Lines(ReadText(dir,
                           "\xEF\xBB\xBF\xEF\xBB\xBF"
                           "c")),
            std::vector<std::string>{"\xEF\xBB\xBF"
                                     "c"});
}

TEST(LineReader, KeepsAPrefixOfAByteOrderMark) {
  TempDir dir;
  // Two invalid bytes of two: read as they are only when told it is UTF-8.
  EXPECT_EQ(Lines(ReadText(dir, "\xEF\xBB", 1 << 20, "utf-8")),
            std::vector<std::string>{"\xEF\xBB"});
}

TEST(LineReader, CutsALongLineAfterSpacesWithoutSplittingWords) {
  TempDir dir;
  const std::string line =
      "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
  constexpr size_t kMaxPiece = 16;
  const std::vector<Piece> pieces =
      ReadText(dir, absl::StrCat(line, "\nnext\n"), kMaxPiece);
  ASSERT_GE(pieces.size(), 3u);
  std::string joined;
  size_t i = 0;
  for (; i + 1 < pieces.size() && !pieces[i].ends_line; ++i) {
    SCOPED_TRACE(absl::StrCat("piece ", i, ": '", pieces[i].text, "'"));
    EXPECT_LE(pieces[i].text.size(), kMaxPiece);
    // Every piece but the line's last is cut right after a space, so the
    // next piece starts a word.
    EXPECT_TRUE(absl::EndsWith(pieces[i].text, " "));
    joined += pieces[i].text;
  }
  ASSERT_TRUE(pieces[i].ends_line);
  EXPECT_LE(pieces[i].text.size(), kMaxPiece);
  joined += pieces[i].text;
  EXPECT_GT(i, 0u) << "the line should come out in several pieces";
  EXPECT_EQ(joined, line);
  ASSERT_EQ(i + 2, pieces.size());
  EXPECT_EQ(pieces.back().text, "next");
}

TEST(LineReader, NoPieceIsLongerThanMaxPieceEvenIfTheLineFitsTheBuffer) {
  // 25 bytes with max_piece 16: the whole line (and its '\n') fits in the
  // reader's buffer of 2 * max_piece, but a piece is still bounded by
  // max_piece.
  TempDir dir;
  const std::string line = "aaaa bbbb cccc dddd eeee";
  const std::vector<Piece> pieces = ReadText(dir, line + "\n", 16);
  ASSERT_FALSE(pieces.empty());
  for (const Piece& piece : pieces) {
    EXPECT_LE(piece.text.size(), 16u) << "'" << piece.text << "'";
  }
  EXPECT_FALSE(pieces[0].ends_line);
  EXPECT_EQ(Lines(pieces), std::vector<std::string>{line});
}

TEST(LineReader, ConcatenatedPiecesReproduceManyLongLinesExactly) {
  // Lines of many lengths around max_piece and 2 * max_piece, with runs of
  // spaces and tabs, CRLF and plain LF, so that cuts fall everywhere in the
  // buffer.
  TempDir dir;
  std::vector<std::string> lines;
  std::string text;
  for (int n = 0; n < 120; ++n) {
    std::string line;
    for (int k = 0; static_cast<int>(line.size()) < n; ++k) {
      line += std::string(1 + (k * 7 + n) % 9, 'a' + k % 26);
      line += (k % 5 == 4) ? "\t" : (k % 3 == 2 ? "  " : " ");
    }
    lines.push_back(line);
    absl::StrAppend(&text, line, n % 2 ? "\r\n" : "\n");
  }
  for (size_t max_piece : {16, 17, 23, 64}) {
    SCOPED_TRACE(absl::StrCat("max_piece ", max_piece));
    const std::vector<Piece> pieces = ReadText(dir, text, max_piece);
    for (const Piece& piece : pieces) {
      EXPECT_LE(piece.text.size(), max_piece) << "'" << piece.text << "'";
      if (!piece.ends_line) {
        EXPECT_TRUE(absl::EndsWith(piece.text, " ") ||
                    absl::EndsWith(piece.text, "\t"))
            << "'" << piece.text << "' splits a word";
      }
    }
    EXPECT_EQ(Lines(pieces), lines);
  }
}

TEST(LineReader, CutsChineseTextWithoutSpacesAtCharacterBoundaries) {
  TempDir dir;
  // 3-byte characters and one 4-byte one, no spaces: cuts cannot fall on a
  // space and must not fall inside a character.
  std::string line;
  for (int i = 0; i < 20; ++i) line += "我们喜欢自然语言处理𠀋";
  constexpr size_t kMaxPiece = 16;
  const std::vector<Piece> pieces =
      ReadText(dir, absl::StrCat(line, "\n", line), kMaxPiece);
  ASSERT_GT(pieces.size(), 4u);
  for (const Piece& piece : pieces) {
    EXPECT_LE(piece.text.size(), kMaxPiece);
    EXPECT_FALSE(piece.text.empty());
    EXPECT_TRUE(IsValidUtf8(piece.text)) << "'" << piece.text << "'";
  }
  EXPECT_EQ(Lines(pieces), (std::vector<std::string>{line, line}));
}

TEST(LineReader, RejectsANulByteAsBinary) {
  TempDir dir;
  const std::string path = dir.Join("binary");
  WriteFile(path, std::string("text\nmore\0text\n", 15));
  const absl::Status status = ReadError(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "binary")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), path)) << status;
}

TEST(LineReader, RejectsANulByteFarIntoTheFile) {
  // The NUL arrives in a later read than the first, after pieces were
  // handed out.
  TempDir dir;
  const std::string path = dir.Join("binary");
  std::string contents;
  for (int i = 0; i < 100; ++i) contents += "plain text line\n";
  contents.push_back('\0');
  WriteFile(path, contents);
  EXPECT_STATUS_CODE(ReadError(path, 16), absl::StatusCode::kInvalidArgument);
}

TEST(LineReader, ReturnsNotFoundForAMissingFile) {
  TempDir dir;
  EXPECT_STATUS_CODE(LineReader::Open(dir.Join("missing.txt")),
                     absl::StatusCode::kNotFound);
}

TEST(LineReader, ReturnsInvalidArgumentForADirectory) {
  TempDir dir;
  EXPECT_STATUS_CODE(LineReader::Open(dir.path()),
                     absl::StatusCode::kInvalidArgument);
}

TEST(LineReader, ReturnsPermissionDeniedForAnUnreadableFile) {
  if (geteuid() == 0) GTEST_SKIP() << "root can read any file";
  TempDir dir;
  const std::string path = dir.Join("secret.txt");
  WriteFile(path, "secret\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  EXPECT_STATUS_CODE(LineReader::Open(path),
                     absl::StatusCode::kPermissionDenied);
}

TEST(LineReader, ReportsSizeAndBytesRead) {
  TempDir dir;
  const std::string path = dir.Join("input.txt");
  const std::string contents =
      "\xEF\xBB\xBF"
      "ab\r\ncd\n\nlast";  // 15 bytes.
  WriteFile(path, contents);
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_OK(reader);
  EXPECT_EQ((*reader)->path(), path);
  EXPECT_EQ((*reader)->size(), contents.size());
  EXPECT_EQ((*reader)->bytes_read(), 0u);
  LinePiece piece;
  const std::vector<std::pair<std::string, uint64_t>> expected = {
      {"ab", 7}, {"cd", 10}, {"", 11}, {"last", 15}};
  for (const auto& [text, bytes_read] : expected) {
    absl::StatusOr<bool> more = (*reader)->Next(&piece);
    ASSERT_OK(more);
    ASSERT_TRUE(*more);
    EXPECT_EQ(piece.text, text);
    EXPECT_EQ((*reader)->bytes_read(), bytes_read) << "after '" << text << "'";
  }
  absl::StatusOr<bool> more = (*reader)->Next(&piece);
  ASSERT_OK(more);
  EXPECT_FALSE(*more);
  EXPECT_EQ((*reader)->bytes_read(), contents.size());
}

TEST(LineReader, CountsBytesReadOfCutLines) {
  TempDir dir;
  const std::string path = dir.Join("input.txt");
  std::string contents;
  for (int i = 0; i < 50; ++i) contents += "some words in a rather long line\n";
  WriteFile(path, contents);
  absl::StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, 16);
  ASSERT_OK(reader);
  uint64_t text_bytes = 0;
  uint64_t lines = 0;
  LinePiece piece;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&piece);
    ASSERT_OK(more);
    if (!*more) break;
    text_bytes += piece.text.size();
    lines += piece.ends_line;
    // bytes_read counts what was handed out plus the consumed newlines.
    EXPECT_EQ((*reader)->bytes_read(), text_bytes + lines);
  }
  EXPECT_EQ((*reader)->bytes_read(), contents.size());
  EXPECT_EQ(lines, 50u);
}

// Writes `chunks` to `fd` with a pause between them, then closes it.
void WriteChunks(int fd, std::vector<std::string> chunks) {
  for (const std::string& chunk : chunks) {
    size_t done = 0;
    while (done < chunk.size()) {
      const ssize_t n = write(fd, chunk.data() + done, chunk.size() - done);
      if (n <= 0) break;
      done += n;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  close(fd);
}

// Chunks that split lines, CRLFs and a multi-byte character between reads.
const std::vector<std::string> kChunks = {"\xEF\xBB",
                                          "\xBF"
                                          "first line\r",
                                          "\nsecond ",
                                          "line is longer than sixteen",
                                          " bytes\n\n",
                                          "\xE4\xB8",
                                          "\xAD\xE6\x96\x87\nlast"};
const std::vector<std::string> kChunkLines = {
    "first line", "second line is longer than sixteen bytes", "",
    "\xE4\xB8\xAD\xE6\x96\x87", "last"};

TEST(LineReader, ReadsAFifoLikeStandardInput) {
  TempDir dir;
  const std::string fifo = dir.Join("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    const int fd = open(fifo.c_str(), O_WRONLY);
    if (fd >= 0) WriteChunks(fd, kChunks);
  });
  absl::StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(fifo, 16);
  EXPECT_OK(reader);
  std::vector<Piece> pieces;
  if (reader.ok()) {
    EXPECT_EQ((*reader)->size(), 0u);  // Not a regular file.
    pieces = ReadAll(**reader);
  }
  writer.join();
  EXPECT_EQ(Lines(pieces), kChunkLines);
  for (const Piece& piece : pieces) EXPECT_LE(piece.text.size(), 16u);
}

TEST(LineReader, ReadsStandardInputForDash) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int saved_stdin = dup(STDIN_FILENO);
  ASSERT_GE(saved_stdin, 0);
  ASSERT_EQ(dup2(pipe_fds[0], STDIN_FILENO), STDIN_FILENO);
  close(pipe_fds[0]);
  std::thread writer(WriteChunks, pipe_fds[1], kChunks);
  std::vector<Piece> pieces;
  {
    absl::StatusOr<std::unique_ptr<LineReader>> reader =
        LineReader::Open(LineReader::kStdin, 16);
    EXPECT_OK(reader);
    if (reader.ok()) {
      EXPECT_EQ((*reader)->path(), "<stdin>");
      EXPECT_EQ((*reader)->size(), 0u);
      pieces = ReadAll(**reader);
    }
  }
  writer.join();
  // The reader must not have closed standard input.
  EXPECT_NE(fcntl(STDIN_FILENO, F_GETFD), -1);
  dup2(saved_stdin, STDIN_FILENO);
  close(saved_stdin);
  EXPECT_EQ(Lines(pieces), kChunkLines);
}

// #10 item 4: text in another encoding is read as UTF-8.

// The lines of the file at `path`, read (in `range`) in `encoding`.
std::vector<std::string> RangeLines(const std::string& path,
                                    const ByteRange& range,
                                    const std::string& encoding) {
  absl::StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, 1 << 20, range, encoding);
  EXPECT_OK(reader);
  if (!reader.ok()) return {};
  return Lines(ReadAll(**reader));
}

TEST(LineReader, Issue10Utf16IsDecodedAcrossBufferBoundariesIntoPieces) {
  TempDir dir;
  // Lines of mixed scripts, with characters outside the BMP (surrogate
  // pairs), long enough that raw reads, conversions and pieces all end
  // inside characters somewhere.
  std::u16string utf16 = u"\uFEFF";
  for (int i = 0; i < 3000; ++i) {
    if (i % 7 != 0) {
      utf16 += u"caf\u00E9 \U0001F600 \u4E2D\u6587 ";
      utf16 += std::u16string(i % 50, u'x');
    }
    utf16 += u"\n";
  }
  const std::string le(reinterpret_cast<const char*>(utf16.data()),
                       utf16.size() * 2);
  std::string be = le;
  for (size_t i = 0; i + 1 < be.size(); i += 2) std::swap(be[i], be[i + 1]);
  // The UTF-8 lines, by the decoder's own rule: compare LE with BE and with
  // a small piece limit against a large one.
  const std::vector<std::string> whole = Lines(ReadText(dir, le));
  ASSERT_EQ(whole.size(), 3000u);
  EXPECT_EQ(whole[1], "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87 x");
  EXPECT_EQ(Lines(ReadText(dir, be)), whole);
  EXPECT_EQ(Lines(ReadText(dir, le, 16)), whole);
  EXPECT_EQ(Lines(ReadText(dir, le.substr(2), 1 << 20, "utf-16le")), whole);
}

TEST(LineReader, Issue10ByteRangesOfUtf16AreRefusedNamingTheEncoding) {
  TempDir dir;
  const std::string path = dir.Join("in.txt");
  WriteFile(path, std::string("\xFF\xFE" "a\0\n\0b\0\n\0", 10));
  for (const std::string encoding : {"", "utf-16le"}) {
    absl::StatusOr<std::unique_ptr<LineReader>> reader =
        LineReader::Open(path, 1 << 20, ByteRange{0, 6}, encoding);
    EXPECT_STATUS_CODE(reader, absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(reader.status().message(), "UTF-16LE"))
        << reader.status();
  }
  EXPECT_STATUS_CODE(
      LineReader::Open(path, 1 << 20, ByteRange{0, 6}, "iso-2022-jp"),
      absl::StatusCode::kInvalidArgument);
}

TEST(LineReader, Issue10Gb18030RangesCutAtLineFeedsReadAsTheWhole) {
  TempDir dir;
  const std::string path = dir.Join("in.txt");
  // GB18030 of "中文 text\n" and of U+1F4A9 (a four-byte form): every line
  // ends in 0x0A, and no 0x0A is inside a character.
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "\xD6\xD0\xCE\xC4 text\n";
    text += "\x94\x39\xDA\x33\n";
  }
  WriteFile(path, text);
  const std::vector<std::string> whole = RangeLines(path, ByteRange(), "gb18030");
  ASSERT_EQ(whole.size(), 400u);
  EXPECT_EQ(whole[0], "\xE4\xB8\xAD\xE6\x96\x87 text");
  EXPECT_EQ(whole[1], "\xF0\x9F\x92\xA9");
  std::vector<std::string> pieces;
  uint64_t begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i % 7 == 0 || i + 1 == text.size())) {
      for (std::string& line : RangeLines(path, ByteRange{begin, i + 1},
                                          "gb18030")) {
        pieces.push_back(std::move(line));
      }
      begin = i + 1;
    }
  }
  if (begin < text.size()) {
    for (std::string& line :
         RangeLines(path, ByteRange{begin, text.size()}, "gb18030")) {
      pieces.push_back(std::move(line));
    }
  }
  EXPECT_EQ(pieces, whole);
}

}  // namespace
}  // namespace cooc
