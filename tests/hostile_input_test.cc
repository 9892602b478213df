// Hostile and odd input, through the real `cooc` binary (COOC_BINARY): no
// input may crash it; input it refuses gets a one-line message naming the
// problem and leaves the database's counts as they were; and every JSON
// line it prints is valid JSON, whatever bytes the tokens hold.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "key_format.h"
#include "test_util.h"
#include "unicode/ucnv.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// ---------------------------------------------------------------------------
// Running cooc.

struct CoocResult {
  int exit_code = -1;  // -1 if the process did not exit normally.
  int signal = 0;      // The signal that killed it, if one did.
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const CoocResult& result) {
  return os << "exit " << result.exit_code << " signal " << result.signal
            << "\n--- stdout ---\n"
            << result.out.substr(0, 4000) << "--- stderr ---\n"
            << result.err.substr(0, 4000);
}

// Runs `command` (a program found on PATH, then its arguments) with standard
// input from /dev/null and its outputs in files (so that nothing can
// deadlock), and returns what it did.
CoocResult RunProgram(const std::vector<std::string>& argv) {
  TempDir io;
  const std::string out_path = io.Join("stdout");
  const std::string err_path = io.Join("stderr");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const pid_t pid = ::cooc::testing::Spawn(argv, &actions);
  posix_spawn_file_actions_destroy(&actions);
  CoocResult result;
  if (pid < 0) return result;
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = ::cooc::testing::ReadFile(out_path);
  result.err = ::cooc::testing::ReadFile(err_path);
  return result;
}

// Runs `cooc args...`.
CoocResult RunCooc(const std::vector<std::string>& args) {
  return RunProgram(::cooc::testing::CoocCommand(args));
}

// ---------------------------------------------------------------------------
// A strict JSON validator (RFC 8259): no raw control characters in strings,
// only the standard escapes, no trailing commas, nothing after the value.

class JsonValidator {
 public:
  static bool Valid(absl::string_view text) {
    JsonValidator v(text);
    v.SkipSpace();
    if (!v.Value()) return false;
    v.SkipSpace();
    return v.pos_ == text.size();
  }

 private:
  explicit JsonValidator(absl::string_view text) : s_(text) {}

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' ||
                        Peek() == '\r')) {
      ++pos_;
    }
  }
  bool Literal(absl::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Value() {
    if (++depth_ > 64) return false;
    bool ok = false;
    switch (Peek()) {
      case '{': ok = Object(); break;
      case '[': ok = Array(); break;
      case '"': ok = String(); break;
      case 't': ok = Literal("true"); break;
      case 'f': ok = Literal("false"); break;
      case 'n': ok = Literal("null"); break;
      default: ok = Number(); break;
    }
    --depth_;
    return ok;
  }
  bool Object() {
    ++pos_;
    SkipSpace();
    if (Peek() == '}') return ++pos_, true;
    while (true) {
      SkipSpace();
      if (!String()) return false;
      SkipSpace();
      if (Peek() != ':') return false;
      ++pos_;
      SkipSpace();
      if (!Value()) return false;
      SkipSpace();
      if (Peek() == '}') return ++pos_, true;
      if (Peek() != ',') return false;
      ++pos_;
    }
  }
  bool Array() {
    ++pos_;
    SkipSpace();
    if (Peek() == ']') return ++pos_, true;
    while (true) {
      SkipSpace();
      if (!Value()) return false;
      SkipSpace();
      if (Peek() == ']') return ++pos_, true;
      if (Peek() != ',') return false;
      ++pos_;
    }
  }
  bool String() {
    if (Peek() != '"') return false;
    ++pos_;
    while (!AtEnd()) {
      const unsigned char c = s_[pos_++];
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (AtEnd()) return false;
        const char e = s_[pos_++];
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            if (AtEnd() || !std::isxdigit(static_cast<unsigned char>(Peek()))) {
              return false;
            }
            ++pos_;
          }
        } else if (!absl::StrContains("\"\\/bfnrt", e)) {
          return false;
        }
      }
    }
    return false;
  }
  bool Number() {
    const size_t start = pos_;
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (Peek() >= '1' && Peek() <= '9') {
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++pos_;
    } else {
      return false;
    }
    if (Peek() == '.') {
      ++pos_;
      if (!std::isdigit(static_cast<unsigned char>(Peek()))) return false;
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!std::isdigit(static_cast<unsigned char>(Peek()))) return false;
      while (std::isdigit(static_cast<unsigned char>(Peek()))) ++pos_;
    }
    return pos_ > start;
  }

  absl::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
};

TEST(JsonValidatorTest, AcceptsAndRejects) {
  EXPECT_TRUE(JsonValidator::Valid(R"({"a":"\"\\\u0001","b":[1,-2.5e3,null]})"));
  EXPECT_FALSE(JsonValidator::Valid("{\"a\":\"\x01\"}"));
  EXPECT_FALSE(JsonValidator::Valid(R"({"a":"\x"})"));
  EXPECT_FALSE(JsonValidator::Valid(R"({"a":1,})"));
  EXPECT_FALSE(JsonValidator::Valid(R"({"a":nan})"));
  EXPECT_FALSE(JsonValidator::Valid(R"({"a":1} x)"));
}

// Every non-empty line of `text` is valid JSON.
void ExpectJsonLines(const std::string& text) {
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty()) continue;
    ++lines;
    EXPECT_TRUE(JsonValidator::Valid(line)) << "invalid JSON: " << line;
  }
  EXPECT_GT(lines, 0) << "no JSON output";
}

// The unsigned number `key` of the flat JSON object in `json`, or -1.
int64_t JsonNumber(const std::string& json, const std::string& key) {
  const std::string needle = absl::StrCat("\"", key, "\":");
  const size_t at = json.find(needle);
  if (at == std::string::npos) return -1;
  size_t end = at + needle.size();
  while (end < json.size() && std::isdigit(static_cast<unsigned char>(json[end]))) {
    ++end;
  }
  int64_t value = -1;
  if (!absl::SimpleAtoi(json.substr(at + needle.size(), end - at - needle.size()),
                        &value)) {
    return -1;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Helpers.

// Ingests `inputs` into `db` (JSON summary) and returns the result.
CoocResult Ingest(const std::string& db, std::vector<std::string> inputs,
                  std::vector<std::string> flags = {}) {
  std::vector<std::string> args = {"ingest", "--db", db, "--quiet",
                                   "--format", "json"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.insert(args.end(), inputs.begin(), inputs.end());
  return RunCooc(args);
}

// The database's counts (stats' totals), for before/after comparisons.
std::map<std::string, int64_t> Counts(const std::string& db) {
  const CoocResult stats = RunCooc({"stats", "--db", db, "--format", "json"});
  EXPECT_EQ(stats.exit_code, 0) << stats;
  std::map<std::string, int64_t> counts;
  for (const char* key :
       {"tokens", "types", "pair_events", "distinct_pairs", "lines"}) {
    counts[key] = JsonNumber(stats.out, key);
  }
  return counts;
}

// Ingests a small clean corpus into `db` and returns its counts.
std::map<std::string, int64_t> MakeBaseline(const TempDir& dir,
                                            const std::string& db) {
  const std::string clean = dir.Join("clean.txt");
  WriteFile(clean, "the cat sat on the mat\nthe dog sat on the log\n");
  const CoocResult result = Ingest(db, {clean});
  EXPECT_EQ(result.exit_code, 0) << result;
  return Counts(db);
}

// Checks that `result` is a refusal: exit 1, one message on stderr that
// contains `message`, and no crash.
void ExpectRefused(const CoocResult& result, const std::string& message) {
  EXPECT_EQ(result.signal, 0) << result;
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StrContains(result.err, message)) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "cooc: ")) << result;
}

std::string Repeat(absl::string_view piece, size_t times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) text.append(piece.data(), piece.size());
  return text;
}

// ---------------------------------------------------------------------------
// Invalid UTF-8.

TEST(HostileInputTest, InvalidUtf8OfEveryKindIsReplacedNotFatal) {
  TempDir dir;
  // Each invalid sequence stands alone between spaces, so the words around
  // it are counted exactly as without it.
  const std::vector<std::string> bad = {
      "\xc0\xaf",              // Overlong "/".
      "\xe0\x80\xaf",          // Overlong "/", 3 bytes.
      "\xf0\x80\x80\xaf",      // Overlong "/", 4 bytes.
      "\xed\xa0\x80",          // High surrogate U+D800.
      "\xed\xbf\xbf",          // Low surrogate U+DFFF.
      "\xed\xa0\xbd\xed\xb8\x80",  // CESU-8 surrogate pair.
      "\xf4\x90\x80\x80",      // Beyond U+10FFFF.
      "\xf8\x88\x80\x80\x80",  // 5-byte form.
      "\xfe\xff",              // Never valid bytes.
      "\x80\xbf",              // Stray continuation bytes.
      "\xe4\xb8",              // Truncated 3-byte sequence.
      "\xf0\x9f\x98",          // Truncated 4-byte sequence.
      "\xc3",                  // Truncated 2-byte sequence.
  };
  std::string dirty = "alpha beta\n";
  std::string clean = "alpha beta\n";
  for (const std::string& sequence : bad) {
    dirty += absl::StrCat("alpha ", sequence, " beta\n");
    clean += "alpha   beta\n";
  }
  WriteFile(dir.Join("dirty.txt"), dirty);
  WriteFile(dir.Join("clean.txt"), clean);
  // So much invalid UTF-8 is refused unless --encoding utf-8 says to count
  // it as it is (Issue10OtherEncodings...).
  const CoocResult dirty_result = Ingest(
      dir.Join("dirty_db"), {dir.Join("dirty.txt")}, {"--encoding", "utf-8"});
  ASSERT_EQ(dirty_result.exit_code, 0) << dirty_result;
  EXPECT_GE(JsonNumber(dirty_result.out, "invalid_utf8"),
            static_cast<int64_t>(bad.size()))
      << dirty_result;
  EXPECT_TRUE(absl::StrContains(dirty_result.err, "invalid UTF-8"))
      << dirty_result;
  const CoocResult clean_result = Ingest(dir.Join("clean_db"), {dir.Join("clean.txt")});
  ASSERT_EQ(clean_result.exit_code, 0) << clean_result;
  EXPECT_EQ(Counts(dir.Join("dirty_db")), Counts(dir.Join("clean_db")));
}

// A truncated sequence right at (and around) the reader's 1 MiB and 2 MiB
// piece boundaries of one long line without spaces, and valid multi-byte
// characters straddling those boundaries: only the truncated ones are
// replaced.
TEST(HostileInputTest, TruncatedSequencesAtPieceBoundaries) {
  TempDir dir;
  constexpr size_t kMiB = 1 << 20;
  std::vector<std::string> inputs;
  for (int shift : {-3, -2, -1, 0, 1, 2}) {
    std::string line(2 * kMiB + 4096, 'a');
    for (size_t boundary : {kMiB, 2 * kMiB}) {
      line.replace(boundary + shift, 2, "\xe4\xb8");  // Truncated U+4E2D.
    }
    inputs.push_back(dir.Join(absl::StrCat("shift", shift + 3, ".txt")));
    WriteFile(inputs.back(), line + "\n");
  }
  // No space anywhere near a boundary, so a cut there must fall on a
  // character boundary: 2-byte U+00E9 and 3-byte U+1E01 in turn.
  std::string valid;
  while (valid.size() < 2 * kMiB + 4096) valid += "\xc3\xa9\xe1\xb8\x81";
  inputs.push_back(dir.Join("valid.txt"));
  WriteFile(inputs.back(), valid);
  const CoocResult result = Ingest(dir.Join("db"), inputs);
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "invalid_utf8"), 2 * 6) << result;
  EXPECT_EQ(JsonNumber(result.out, "lines"), 7) << result;
}

TEST(HostileInputTest, TruncatedSequenceAtEndOfFile) {
  TempDir dir;
  WriteFile(dir.Join("in.txt"), "alpha beta \xe4\xb8");
  // 2 bytes of 13 invalid: counted as it is only with --encoding utf-8.
  const CoocResult result =
      Ingest(dir.Join("db"), {dir.Join("in.txt")}, {"--encoding", "utf-8"});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "invalid_utf8"), 1) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), 2) << result;
  EXPECT_EQ(JsonNumber(result.out, "lines"), 1) << result;
}

// ---------------------------------------------------------------------------
// Binary input.

TEST(HostileInputTest, NulBytesAreRefusedAsBinary) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  // Early, and late (after the first 1 MiB piece has been counted).
  WriteFile(dir.Join("early.txt"), std::string("alpha\0beta\n", 11));
  std::string late = Repeat("alpha beta\n", 200000);
  late += std::string("gamma\0delta\n", 12);
  WriteFile(dir.Join("late.txt"), late);
  ExpectRefused(Ingest(db, {dir.Join("early.txt")}), "binary");
  ExpectRefused(Ingest(db, {dir.Join("late.txt")}), "binary");
  // With a good input before the bad one: the whole ingest is refused.
  ExpectRefused(Ingest(db, {dir.Join("clean.txt"), dir.Join("late.txt")}),
                "binary");
  EXPECT_EQ(Counts(db), before);
}

TEST(HostileInputTest, BinaryFilesAreRefusedOrCountedWithoutCrash) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  // Pseudo-random bytes (with NULs): refused.
  std::string noise;
  uint32_t state = 12345;
  for (int i = 0; i < 1 << 18; ++i) {
    state = state * 1103515245 + 12345;
    noise.push_back(static_cast<char>(state >> 24));
  }
  WriteFile(dir.Join("noise.bin"), noise);
  ExpectRefused(Ingest(db, {dir.Join("noise.bin")}), "binary");
  EXPECT_EQ(Counts(db), before);
  // High bytes only (no NUL): not binary by our rule, every byte invalid:
  // refused as not UTF-8, and counted (to nothing) with --encoding utf-8.
  std::string high;
  for (int i = 0; i < 1 << 16; ++i) high.push_back(static_cast<char>(0x80 + i % 128));
  WriteFile(dir.Join("high.bin"), high);
  ExpectRefused(Ingest(db, {dir.Join("high.bin")}), "does not look like UTF-8");
  const CoocResult result = Ingest(dir.Join("db2"), {dir.Join("high.bin")},
                                   {"--encoding", "utf-8"});
  EXPECT_EQ(result.signal, 0) << result;
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), 0) << result;
}

// ---------------------------------------------------------------------------
// Sizes.

// One line of 200 MB: counted as one line, in bounded memory.
TEST(HostileInputTest, HugeFileWithoutLineBreak) {
  TempDir dir;
  const std::string path = dir.Join("huge.txt");
  constexpr size_t kBytes = 200 * 1000 * 1000;
  {
    const std::string block = Repeat("word ", 1 << 16);
    std::ofstream out(path, std::ios::binary);
    for (size_t written = 0; written < kBytes; written += block.size()) {
      out.write(block.data(), block.size());
    }
    ASSERT_TRUE(out.good());
  }
  const size_t size = (kBytes + (5 << 16) - 1) / (5 << 16) * (5 << 16);
  const CoocResult result =
      Ingest(dir.Join("db"), {path}, {"--threads", "2", "--memory", "64"});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "lines"), 1) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), static_cast<int64_t>(size / 5))
      << result;
  EXPECT_EQ(JsonNumber(result.out, "bytes"), static_cast<int64_t>(size))
      << result;
  // The reader holds about two 1 MiB pieces, not the line: the peak RSS of
  // the child stays far below the file's size. (AddressSanitizer's shadow
  // memory and quarantine make RSS meaningless in that build.)
#if !defined(__SANITIZE_ADDRESS__)
  rusage usage{};
  ASSERT_EQ(getrusage(RUSAGE_CHILDREN, &usage), 0);
  EXPECT_LT(usage.ru_maxrss, 400 * 1024) << "peak RSS " << usage.ru_maxrss << " KiB";
#endif
}

// A single 1 MB token, and one of 3 MB (longer than a piece: the reader
// cuts it at a character boundary, so it counts as several tokens).
TEST(HostileInputTest, MegabyteSingleToken) {
  TempDir dir;
  WriteFile(dir.Join("one.txt"), std::string(1000000, 'a') + "\n");
  CoocResult result = Ingest(dir.Join("db1"), {dir.Join("one.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), 1) << result;
  EXPECT_EQ(Counts(dir.Join("db1"))["types"], 1);
  // The longest argument Linux passes is 128 KiB, so the query is by a
  // shorter, absent term of the same letter.
  const CoocResult assoc =
      RunCooc({"assoc", "--db", dir.Join("db1"), std::string(100000, 'a')});
  ExpectRefused(assoc, "");

  WriteFile(dir.Join("three.txt"), std::string(3000000, 'a'));
  result = Ingest(dir.Join("db3"), {dir.Join("three.txt")});
  EXPECT_EQ(result.signal, 0) << result;
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_GE(JsonNumber(result.out, "tokens"), 1) << result;
}

// ---------------------------------------------------------------------------
// Empty input, line endings and the byte-order mark.

TEST(HostileInputTest, EmptyFileIsRefusedEmptyLinesAreCounted) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  WriteFile(dir.Join("empty.txt"), "");
  ExpectRefused(Ingest(db, {dir.Join("empty.txt")}), "empty");
  EXPECT_EQ(Counts(db), before);

  WriteFile(dir.Join("blank.txt"), "\n\n\nalpha beta\n\n   \n");
  const CoocResult result = Ingest(dir.Join("db2"), {dir.Join("blank.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), 2) << result;
  EXPECT_EQ(JsonNumber(result.out, "lines"), 6) << result;
}

TEST(HostileInputTest, CrlfAndByteOrderMarkCountAsPlainText) {
  TempDir dir;
  WriteFile(dir.Join("lf.txt"), "hello world\nhello there\n");
  WriteFile(dir.Join("crlf.txt"), "\xef\xbb\xbfhello world\r\nhello there\r\n");
  ASSERT_EQ(Ingest(dir.Join("lf_db"), {dir.Join("lf.txt")}).exit_code, 0);
  const CoocResult result = Ingest(dir.Join("crlf_db"), {dir.Join("crlf.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "invalid_utf8"), 0) << result;
  EXPECT_EQ(Counts(dir.Join("crlf_db")), Counts(dir.Join("lf_db")));
  const CoocResult tokens = RunCooc({"tokenize", dir.Join("crlf.txt")});
  ASSERT_EQ(tokens.exit_code, 0) << tokens;
  EXPECT_EQ(tokens.out, "hello world\nhello there\n");
}

// ---------------------------------------------------------------------------
// Paths that are not readable text files.

TEST(HostileInputTest, UnreadableFileIsRefused) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  const std::string path = dir.Join("secret.txt");
  WriteFile(path, "alpha beta\n");
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  std::vector<std::string> ingest = {COOC_BINARY, "ingest", "--db", db, path};
  if (geteuid() == 0) {
    // Root reads any file: run cooc as nobody, who may enter the directory.
    ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
    ingest.insert(ingest.begin(), {"setpriv", "--reuid=nobody",
                                   "--regid=nogroup", "--clear-groups"});
  }
  ExpectRefused(RunProgram(ingest), "secret.txt: cannot open: Permission");
  EXPECT_EQ(Counts(db), before);
}

TEST(HostileInputTest, DirectoryIsRefused) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  ExpectRefused(Ingest(db, {dir.path()}), "directory");
  EXPECT_EQ(Counts(db), before);
}

TEST(HostileInputTest, MissingFileIsRefused) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  ExpectRefused(Ingest(db, {dir.Join("clean.txt"), dir.Join("absent.txt")}),
                "absent.txt");
  EXPECT_EQ(Counts(db), before);
}

TEST(HostileInputTest, FifoIsReadAsAStream) {
  TempDir dir;
  const std::string fifo = dir.Join("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  std::thread writer([&fifo] {
    std::ofstream out(fifo, std::ios::binary);  // Blocks until cooc opens it.
    for (int i = 0; i < 1000; ++i) out << "alpha beta gamma\n";
  });
  const CoocResult result = Ingest(dir.Join("db"), {fifo});
  writer.join();
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(JsonNumber(result.out, "lines"), 1000) << result;
  EXPECT_EQ(JsonNumber(result.out, "tokens"), 3000) << result;
}

// ---------------------------------------------------------------------------
// Query terms.

TEST(HostileInputTest, QueryTermsWithControlCharactersOrInvalidUtf8) {
  TempDir dir;
  const std::string db = dir.Join("db");
  MakeBaseline(dir, db);
  const std::vector<std::string> terms = {
      "c\x01" "at", "\x07", "\x1b[31m", "\x7f", "\xff\xfe", "ca\xc0\xaf",
      "\xed\xa0\x80", "\xe4\xb8", "", std::string("c\0t", 3)};
  for (const std::string& term : terms) {
    SCOPED_TRACE(absl::CEscape(term));
    ExpectRefused(RunCooc({"assoc", "--db", db, term}), "");
    ExpectRefused(RunCooc({"pair", "--db", db, "cat", term}), "");
    ExpectRefused(RunCooc({"pair", "--db", db, term, "cat"}), "");
    // Control characters never reach the terminal raw.
    for (char c : {'\x01', '\x07', '\x1b', '\x7f'}) {
      EXPECT_FALSE(absl::StrContains(
          RunCooc({"assoc", "--db", db, term}).err, std::string(1, c)))
          << "raw control character in the message";
    }
  }
  // A control character next to a word is dropped as the text's would be:
  // the term is the word.
  const CoocResult cat = RunCooc({"assoc", "--db", db, "--min-count", "1", "cat"});
  ASSERT_TRUE(absl::StrContains(cat.out, "sat")) << cat;
  EXPECT_EQ(RunCooc({"assoc", "--db", db, "--min-count", "1", "cat\x7f"}).out,
            cat.out);
}

// ---------------------------------------------------------------------------
// JSON output.

TEST(HostileInputTest, JsonOutputOfPunctuationTokensIsValid) {
  TempDir dir;
  const std::string db = dir.Join("db");
  // Quotes, backslashes, control characters (tabs, form feeds, others)
  // and symbols, kept as tokens by --keep-punct.
  WriteFile(dir.Join("in.txt"),
            "say \"hi\" \\ back\\slash \"\\\" \x01 \x1f \x7f \t\f end\n"
            "\\\\ \"\" \\\" ' / \xe2\x80\xa8 \xe2\x80\xa9 \xc2\x85 word\n"
            "{ } [ ] : , \\u0000 \\n\n");
  const CoocResult ingest =
      Ingest(db, {dir.Join("in.txt")}, {"--keep-punct", "--window", "3"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest;
  ExpectJsonLines(ingest.out);
  const CoocResult collocations = RunCooc(
      {"collocations", "--db", db, "--format", "json", "--top", "1000"});
  ASSERT_EQ(collocations.exit_code, 0) << collocations;
  ExpectJsonLines(collocations.out);
  EXPECT_TRUE(absl::StrContains(collocations.out, R"(\")")) << collocations;
  EXPECT_TRUE(absl::StrContains(collocations.out, R"(\\)")) << collocations;
  for (const std::string term : {"\"", "\\", "say"}) {
    const CoocResult assoc =
        RunCooc({"assoc", "--db", db, "--format", "json", "--min-count", "1",
                 term});
    EXPECT_EQ(assoc.signal, 0) << assoc;
    if (assoc.exit_code == 0) ExpectJsonLines(assoc.out);
  }
  const CoocResult stats = RunCooc({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats;
  ExpectJsonLines(stats.out);
  const CoocResult tokens =
      RunCooc({"tokenize", "--keep-punct", "--format", "json", dir.Join("in.txt")});
  EXPECT_EQ(tokens.signal, 0) << tokens;
  if (tokens.exit_code == 0) ExpectJsonLines(tokens.out);
}

// ---------------------------------------------------------------------------
// Issue 10: hardening.

// Lowercase words for unit tests: the `i`-th of `distinct`, spelled in base
// 26 so that every word is a letter token of its own.
std::string Word(size_t i) {
  std::string word = "w";
  do {
    word.push_back(static_cast<char>('a' + i % 26));
    i /= 26;
  } while (i > 0);
  return word;
}

// `tokens` words drawn from `distinct` by a fixed linear congruential walk.
std::vector<std::string> Words(size_t tokens, size_t distinct, uint64_t seed) {
  std::vector<std::string> words;
  for (size_t i = 0; i < tokens; ++i) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    words.push_back(Word((seed >> 33) % distinct));
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t begin,
                      size_t end) {
  std::string line;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) line += ' ';
    line += words[i];
  }
  return line;
}

// Every stored pair with its count, as collocations print them.
std::string AllPairsOf(const std::string& db) {
  const CoocResult all =
      RunCooc({"collocations", "--db", db, "--measure", "count", "--min-count",
               "1", "--top", "100000000", "--format", "tsv"});
  EXPECT_EQ(all.exit_code, 0) << all;
  return all.out;
}

// A sentence or line unit longer than --max-unit-tokens counts exactly as
// its consecutive pieces of that many tokens would, each a unit of its own;
// the cuts are in the summary and in stats and said once on stderr.
TEST(HostileInputTest, Issue10LongUnitsAreCutIntoPiecesOfMaxUnitTokens) {
  for (const std::string unit : {"line", "sentence"}) {
    SCOPED_TRACE(unit);
    TempDir dir;
    const std::vector<std::string> words = Words(2500, 300, 10);
    // One line of 2500 tokens without a sentence end, between short lines.
    WriteFile(dir.Join("long.txt"), absl::StrCat("one two\n",
                                                 JoinWords(words, 0, 2500),
                                                 "\nthree four\n"));
    // The same with the long line cut by hand into 1000 + 1000 + 500.
    WriteFile(dir.Join("cut.txt"),
              absl::StrCat("one two\n", JoinWords(words, 0, 1000), "\n",
                           JoinWords(words, 1000, 2000), "\n",
                           JoinWords(words, 2000, 2500), "\nthree four\n"));
    const std::vector<std::string> flags = {"--unit", unit,
                                            "--max-unit-tokens", "1000"};
    const CoocResult cut = Ingest(dir.Join("a"), {dir.Join("long.txt")}, flags);
    ASSERT_EQ(cut.exit_code, 0) << cut;
    const CoocResult by_hand =
        Ingest(dir.Join("b"), {dir.Join("cut.txt")}, flags);
    ASSERT_EQ(by_hand.exit_code, 0) << by_hand;

    EXPECT_EQ(JsonNumber(cut.out, "unit_cuts"), 2) << cut;
    EXPECT_EQ(JsonNumber(by_hand.out, "unit_cuts"), 0) << by_hand;
    EXPECT_EQ(JsonNumber(cut.out, "pair_events"),
              JsonNumber(by_hand.out, "pair_events"));
    EXPECT_EQ(JsonNumber(cut.out, "pair_events"), 5) << cut;  // Units.
    const std::string notice = "--max-unit-tokens";
    EXPECT_EQ(cut.err.find(notice), cut.err.rfind(notice)) << cut;
    EXPECT_NE(cut.err.find(notice), std::string::npos) << cut;
    EXPECT_EQ(by_hand.err.find(notice), std::string::npos) << by_hand;
    const std::string cut_pairs = AllPairsOf(dir.Join("a"));
    EXPECT_GT(std::count(cut_pairs.begin(), cut_pairs.end(), '\n'), 1000);
    EXPECT_EQ(cut_pairs, AllPairsOf(dir.Join("b")));
    const CoocResult stats =
        RunCooc({"stats", "--db", dir.Join("a"), "--format", "json"});
    EXPECT_EQ(JsonNumber(stats.out, "unit_cuts"), 2) << stats;
    EXPECT_EQ(JsonNumber(stats.out, "max_unit_tokens"), 1000) << stats;

    // The bound is part of the definition: another one is refused.
    ExpectRefused(Ingest(dir.Join("a"), {dir.Join("cut.txt")},
                         {"--max-unit-tokens", "500"}),
                  "max-unit-tokens");
    // Below the bound nothing is cut.
    const CoocResult uncut = Ingest(dir.Join("c"), {dir.Join("long.txt")},
                                    {"--unit", unit});
    ASSERT_EQ(uncut.exit_code, 0) << uncut;
    EXPECT_EQ(JsonNumber(uncut.out, "unit_cuts"), 2) << "default is 1000";
    const CoocResult wide = Ingest(dir.Join("d"), {dir.Join("long.txt")},
                                   {"--unit", unit, "--max-unit-tokens",
                                    "2500"});
    ASSERT_EQ(wide.exit_code, 0) << wide;
    EXPECT_EQ(JsonNumber(wide.out, "unit_cuts"), 0) << wide;
    EXPECT_EQ(JsonNumber(wide.out, "pair_events"), 3) << wide;
  }
}

// The cuts are a total like the others: a count part carries them, and
// ingesting parts or merging databases adds them up exactly.
TEST(HostileInputTest, Issue10UnitCutsSurvivePartsAndMerges) {
  TempDir dir;
  const std::vector<std::string> words = Words(2100, 200, 3);
  WriteFile(dir.Join("one.txt"), JoinWords(words, 0, 2100) + "\n");  // 2 cuts
  WriteFile(dir.Join("two.txt"), JoinWords(words, 0, 1500) + "\n");  // 1 cut
  const std::vector<std::string> flags = {"--unit", "line"};
  ASSERT_EQ(Ingest(dir.Join("direct"), {dir.Join("one.txt"), dir.Join("two.txt")},
                   flags)
                .exit_code,
            0);
  for (const char* name : {"one", "two"}) {
    std::vector<std::string> args = {"count", "--quiet", "--out",
                                     dir.Join(absl::StrCat(name, ".part")),
                                     "--unit", "line",
                                     dir.Join(absl::StrCat(name, ".txt"))};
    const CoocResult count = RunCooc(args);
    ASSERT_EQ(count.exit_code, 0) << count;
    ASSERT_EQ(Ingest(dir.Join(name), {dir.Join(absl::StrCat(name, ".txt"))},
                     flags)
                  .exit_code,
              0);
  }
  const CoocResult parts =
      Ingest(dir.Join("parts"), {dir.Join("one.part"), dir.Join("two.part")},
             {"--parts"});
  ASSERT_EQ(parts.exit_code, 0) << parts;
  EXPECT_EQ(JsonNumber(parts.out, "unit_cuts"), 3) << parts;
  const CoocResult merge = RunCooc({"merge", "--quiet", "--db",
                                    dir.Join("merged"), dir.Join("one"),
                                    dir.Join("two")});
  ASSERT_EQ(merge.exit_code, 0) << merge;
  for (const char* db : {"direct", "parts", "merged"}) {
    SCOPED_TRACE(db);
    const CoocResult stats =
        RunCooc({"stats", "--db", dir.Join(db), "--format", "json"});
    EXPECT_EQ(JsonNumber(stats.out, "unit_cuts"), 3) << stats;
    EXPECT_EQ(AllPairsOf(dir.Join(db)), AllPairsOf(dir.Join("direct")));
    EXPECT_EQ(RunCooc({"verify", "--db", dir.Join(db)}).exit_code, 0);
  }
}

// Running out of memory (here: a unit of 120,000 distinct words allowed by
// the largest --max-unit-tokens, under a 1.5 GB address-space limit) is a
// message and exit status 1, never an abort; the database is unchanged, and
// a database the ingest was creating is not left behind.
TEST(HostileInputTest, Issue10OutOfMemoryIsReportedAndChangesNothing) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer needs more address space than the limit";
#endif
  if (access("/usr/bin/prlimit", X_OK) != 0) GTEST_SKIP() << "no prlimit";
  TempDir dir;
  std::vector<std::string> words;
  for (size_t i = 0; i < 120000; ++i) words.push_back(Word(i));
  WriteFile(dir.Join("huge_unit.txt"), JoinWords(words, 0, words.size()) + "\n");
  WriteFile(dir.Join("small.txt"), "the cat sat on the mat\n");
  const auto limited = [&](const std::string& db) {
    std::vector<std::string> argv = {"prlimit", "--as=1500000000"};
    for (const std::string& arg : ::cooc::testing::CoocCommand(
             {"ingest", "--db", db, "--quiet", "--unit", "line",
              "--max-unit-tokens", "1000000", dir.Join("huge_unit.txt")})) {
      argv.push_back(arg);
    }
    return RunProgram(argv);
  };
  // Creating a database.
  const CoocResult created = limited(dir.Join("new"));
  ExpectRefused(created, "out of memory");
  EXPECT_FALSE(absl::StrContains(created.err, "bad_alloc")) << created;
  struct stat info;
  EXPECT_NE(stat(dir.Join("new").c_str(), &info), 0) << "database left behind";
  // Adding to one.
  const std::string db = dir.Join("db");
  ASSERT_EQ(Ingest(db, {dir.Join("small.txt")},
                   {"--unit", "line", "--max-unit-tokens", "1000000"})
                .exit_code,
            0);
  const std::map<std::string, int64_t> before = Counts(db);
  const std::string pairs_before = AllPairsOf(db);
  ExpectRefused(limited(db), "out of memory");
  EXPECT_EQ(Counts(db), before);
  EXPECT_EQ(AllPairsOf(db), pairs_before);
  EXPECT_EQ(RunCooc({"verify", "--db", db}).exit_code, 0);
  EXPECT_NE(stat((db + "/ingest-spill").c_str(), &info), 0);
  EXPECT_NE(stat((db + "/ingest-scratch").c_str(), &info), 0);
}

// The first character of `text` that would act on a terminal (C0 controls
// other than line feed, and tab where `tabs` allows it; DEL; C1 controls;
// bidirectional controls), as an escaped string, or "" if there is none.
std::string FirstTerminalControl(const std::string& text, bool tabs) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && !(tabs && c == '\t')) || c == 0x7f) {
      return absl::CEscape(text.substr(i, 1));
    }
    const absl::string_view rest = absl::string_view(text).substr(i);
    const unsigned char next = i + 1 < text.size() ? text[i + 1] : 0;
    if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
      return absl::CEscape(rest.substr(0, 2));  // C1
    }
    for (const char* bidi :
         {"\xd8\x9c", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xe2\x80\xaa",
          "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
          "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"}) {
      if (absl::StartsWith(rest, bidi)) return absl::CEscape(bidi);
    }
  }
  return "";
}

// Reverses the escaping README documents for table and TSV cells: \\ \t \n
// \r, \xNN (one byte) and \uNNNN (one code point, written as UTF-8).
std::string Unescape(absl::string_view cell) {
  std::string out;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != '\\' || i + 1 >= cell.size()) {
      out.push_back(cell[i]);
      continue;
    }
    const char kind = cell[++i];
    uint32_t value = 0;
    switch (kind) {
      case '\\': out.push_back('\\'); break;
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 'x':
        EXPECT_TRUE(absl::SimpleHexAtoi(cell.substr(i + 1, 2), &value)) << cell;
        out.push_back(static_cast<char>(value));
        i += 2;
        break;
      case 'u':
        EXPECT_TRUE(absl::SimpleHexAtoi(cell.substr(i + 1, 4), &value)) << cell;
        if (value < 0x800) {
          out.push_back(static_cast<char>(0xc0 | (value >> 6)));
        } else {
          out.push_back(static_cast<char>(0xe0 | (value >> 12)));
          out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3f)));
        }
        out.push_back(static_cast<char>(0x80 | (value & 0x3f)));
        i += 4;
        break;
      default:
        ADD_FAILURE() << "unknown escape in " << cell;
    }
  }
  return out;
}

// The cells of column `column` of TSV `tsv`, unescaped; every row must have
// as many cells as the header.
std::vector<std::string> TsvColumn(const std::string& tsv,
                                   const std::string& column) {
  std::vector<std::string> lines = absl::StrSplit(tsv, '\n', absl::SkipEmpty());
  std::vector<std::string> cells;
  if (lines.empty()) return cells;
  const std::vector<std::string> header = absl::StrSplit(lines[0], '\t');
  const auto at = std::find(header.begin(), header.end(), column);
  EXPECT_NE(at, header.end()) << tsv;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> row = absl::StrSplit(lines[i], '\t');
    EXPECT_EQ(row.size(), header.size()) << lines[i];
    if (at != header.end() && row.size() == header.size()) {
      cells.push_back(Unescape(row[at - header.begin()]));
    }
  }
  return cells;
}

// Tokens and file names with ESC, BEL, DEL, the C1 CSI (U+009B) and a
// bidirectional override (U+202E) never reach the terminal raw: table output
// (collocations, assoc, pair, sources), tokenize and stderr show them
// escaped, and TSV escapes them by the documented rule, which reads back to
// the stored text.
TEST(HostileInputTest, Issue10TerminalControlsInOutputAreEscaped) {
  TempDir dir;
  const std::string text =
      "a \x1b[2J b \x07 c \xc2\x9b" "31m d e \\ f \x7f g\n";
  // Tokens lose their bidirectional controls (issue 10, item 3); a file
  // name keeps them.
  const std::string evil =
      dir.Join("evil\x1b]0;PWNED\x07\x1b[2J\xe2\x80\xae" "txt.exe");
  WriteFile(evil, text);
  const std::string db = dir.Join("db");
  const CoocResult ingest = Ingest(db, {evil}, {"--keep-punct"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest;
  const std::vector<std::vector<std::string>> commands = {
      {"collocations", "--db", db, "--min-count", "1", "--top", "1000"},
      {"assoc", "--db", db, "--min-count", "1", "a"},
      {"pair", "--db", db, "d", "e"},
      {"sources", "--db", db},
      {"tokenize", "--keep-punct", evil},
      {"ingest", "--db", db, "--quiet", evil},  // Skipped, naming the file.
  };
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);
    const CoocResult table = RunCooc(command);
    EXPECT_EQ(table.exit_code, 0) << table;
    EXPECT_EQ(FirstTerminalControl(table.out, false), "") << table;
    EXPECT_EQ(FirstTerminalControl(table.err, false), "") << table;
    if (command[0] != "pair") {  // Its terms are words.
      EXPECT_TRUE(absl::StrContains(table.out + table.err, "\\x1b")) << table;
    }
    if (command[0] == "sources") {
      EXPECT_TRUE(absl::StrContains(table.out, "\\u202e")) << table;
    }
    if (command[0] == "tokenize" || command[0] == "ingest") continue;
    std::vector<std::string> tsv_command = command;
    tsv_command.insert(tsv_command.end(), {"--format", "tsv"});
    const CoocResult tsv = RunCooc(tsv_command);
    EXPECT_EQ(tsv.exit_code, 0) << tsv;
    EXPECT_EQ(FirstTerminalControl(tsv.out, true), "") << tsv;
  }
  const CoocResult tokens = RunCooc({"tokenize", "--keep-punct", evil});
  EXPECT_EQ(tokens.out,
            "a \\x1b [ 2j b \\x07 c \\u009b 31m d e \\\\ f \\x7f g\n");

  // TSV reads back to the stored text.
  const std::vector<std::string> paths = TsvColumn(
      RunCooc({"sources", "--db", db, "--format", "tsv"}).out, "path");
  EXPECT_EQ(paths, std::vector<std::string>{evil});
  const std::vector<std::string> partners = TsvColumn(
      RunCooc({"collocations", "--db", db, "--min-count", "1", "--top",
               "1000", "--format", "tsv"})
          .out,
      "y");
  const std::vector<std::string> lefts = TsvColumn(
      RunCooc({"collocations", "--db", db, "--min-count", "1", "--top",
               "1000", "--format", "tsv"})
          .out,
      "x");
  std::set<std::string> terms(partners.begin(), partners.end());
  terms.insert(lefts.begin(), lefts.end());
  for (const std::string& term : std::vector<std::string>{
           "\x1b", "\x07", "\xc2\x9b", "\\", "\x7f", "g"}) {
    EXPECT_TRUE(terms.contains(term)) << absl::CEscape(term);
  }
}

// Invisible characters inside words (issue 10: "a<ZWJ>b" and "evil<PDF>"
// were types of their own that printed like "ab" and "evil") count as the
// words without them, with and without case folding: the database is the
// one the clean text makes, and the query term "evil" finds them.
TEST(HostileInputTest, Issue10InvisibleCharactersDoNotSplitWords) {
  for (const bool fold : {true, false}) {
    SCOPED_TRACE(fold ? "fold" : "no-fold");
    TempDir dir;
    WriteFile(dir.Join("dirty.txt"),
              "the a\xe2\x80\x8d" "b is evil\xe2\x80\xac today\n"
              "\xe2\x80\xae" "evil ab to\xc2\xad" "day\xef\xbb\xbf\n");
    WriteFile(dir.Join("clean.txt"), "the ab is evil today\nevil ab today\n");
    std::vector<std::string> flags;
    if (!fold) flags.push_back("--no-fold");
    const CoocResult dirty = Ingest(dir.Join("dirty"), {dir.Join("dirty.txt")},
                                    flags);
    ASSERT_EQ(dirty.exit_code, 0) << dirty;
    const CoocResult clean = Ingest(dir.Join("clean"), {dir.Join("clean.txt")},
                                    flags);
    ASSERT_EQ(clean.exit_code, 0) << clean;
    EXPECT_EQ(JsonNumber(dirty.out, "new_types"),
              JsonNumber(clean.out, "new_types"));
    EXPECT_EQ(AllPairsOf(dir.Join("dirty")), AllPairsOf(dir.Join("clean")));
    const CoocResult assoc = RunCooc(
        {"assoc", "--db", dir.Join("dirty"), "--min-count", "1", "evil"});
    EXPECT_EQ(assoc.exit_code, 0) << assoc;
    EXPECT_TRUE(absl::StrContains(assoc.out, "today")) << assoc;
    std::vector<std::string> tokenize = {"tokenize", dir.Join("dirty.txt")};
    tokenize.insert(tokenize.end(), flags.begin(), flags.end());
    const CoocResult tokens = RunCooc(tokenize);
    EXPECT_EQ(tokens.out, "the ab is evil today\nevil ab today\n") << tokens;
  }
}

// A database made before the tokenizer removed invisible characters (its
// metadata has no tokenizer version) still answers queries, but an ingest
// into it is refused, saying why and what to do, and changes nothing.
TEST(HostileInputTest, Issue10DatabasesOfTheOlderTokenizerAreNotAddedTo) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  StoreOptions old_definition;
  old_definition.tokenizer_version = 1;
  ::cooc::testing::OverwriteMetadata(db, EncodeMetadata(old_definition));
  ASSERT_FALSE(absl::StrContains(EncodeMetadata(old_definition), "tokenizer"));
  const CoocResult stats = RunCooc({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats;
  EXPECT_EQ(JsonNumber(stats.out, "tokenizer_version"), 1) << stats;
  EXPECT_EQ(RunCooc({"assoc", "--db", db, "--min-count", "1", "cat"}).exit_code,
            0);
  WriteFile(dir.Join("more.txt"), "the cat sat again\n");
  const CoocResult ingest = Ingest(db, {dir.Join("more.txt")});
  ExpectRefused(ingest, "tokenizer version");
  EXPECT_TRUE(absl::StrContains(ingest.err, "new database")) << ingest;
  EXPECT_EQ(Counts(db), before);
  // A new database records the version.
  ASSERT_EQ(Ingest(dir.Join("fresh"), {dir.Join("more.txt")}).exit_code, 0);
  EXPECT_EQ(JsonNumber(RunCooc({"stats", "--db", dir.Join("fresh"), "--format",
                                "json"})
                           .out,
                       "tokenizer_version"),
            kTokenizerVersion);
}

// Issue 10: --db a symbolic link to an empty directory, or a dangling one,
// failed with "another process made a database there at the same time"
// (rename(2) does not follow a link at its new name). The database is made
// where the link leads; a failed first ingest leaves that as it was.
TEST(HostileInputTest, Issue10SymlinkedDatabasePathsLeadWhereTheyPoint) {
  TempDir dir;
  WriteFile(dir.Join("in.txt"), "the cat sat on the mat\n");
  ASSERT_EQ(mkdir(dir.Join("empty").c_str(), 0755), 0);
  ASSERT_EQ(symlink("empty", dir.Join("to_empty").c_str()), 0);
  ASSERT_EQ(symlink(dir.Join("elsewhere/new").c_str(),
                    dir.Join("dangling").c_str()),
            0);
  // A failed first ingest (a binary input after a good one, found while
  // counting, after the database was made) changes neither the link nor
  // where it leads.
  WriteFile(dir.Join("binary.bin"), std::string("a\0b\n", 4));
  for (const char* link : {"to_empty", "dangling"}) {
    SCOPED_TRACE(link);
    ExpectRefused(Ingest(dir.Join(link), {dir.Join("in.txt"),
                                          dir.Join("binary.bin")}),
                  "binary");
    struct stat info;
    EXPECT_EQ(lstat(dir.Join(link).c_str(), &info), 0);
    EXPECT_TRUE(S_ISLNK(info.st_mode));
  }
  struct stat info;
  EXPECT_NE(stat(dir.Join("elsewhere/new").c_str(), &info), 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir.Join("empty")));

  for (const char* link : {"to_empty", "dangling"}) {
    SCOPED_TRACE(link);
    const CoocResult created = Ingest(dir.Join(link), {dir.Join("in.txt")});
    ASSERT_EQ(created.exit_code, 0) << created;
    EXPECT_FALSE(absl::StrContains(created.err, "another process")) << created;
    EXPECT_EQ(Counts(dir.Join(link))["tokens"], 6);
    EXPECT_EQ(lstat(dir.Join(link).c_str(), &info), 0);
    EXPECT_TRUE(S_ISLNK(info.st_mode)) << "the link is still a link";
  }
  EXPECT_EQ(Counts(dir.Join("empty"))["tokens"], 6);
  EXPECT_EQ(Counts(dir.Join("elsewhere/new"))["tokens"], 6);
  // merge --db through a link, too.
  ASSERT_EQ(mkdir(dir.Join("empty2").c_str(), 0755), 0);
  ASSERT_EQ(symlink("empty2", dir.Join("to_empty2").c_str()), 0);
  const CoocResult merge = RunCooc({"merge", "--quiet", "--db",
                                    dir.Join("to_empty2"), dir.Join("empty")});
  ASSERT_EQ(merge.exit_code, 0) << merge;
  EXPECT_EQ(Counts(dir.Join("empty2"))["tokens"], 6);
}

// `command` run as a user without privileges: as it is when we are not
// root; as nobody (setpriv) when we are, since root reads and writes
// whatever the permissions say. Empty if neither is possible.
std::vector<std::string> Unprivileged(const std::vector<std::string>& command) {
  if (geteuid() != 0) return command;
  if (access("/usr/bin/setpriv", X_OK) != 0) return {};
  std::vector<std::string> argv = {"setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups"};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

// Issue 10: a database directory without read permission was reported as
// "not a cooc database", and an ingest into a read-only database named
// RocksDB's LOG.old. Each now says what is wrong, and nothing changes.
TEST(HostileInputTest, Issue10PermissionProblemsAreNamedAsSuch) {
  if (Unprivileged({"cooc"}).empty()) GTEST_SKIP() << "root without setpriv";
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);  // For nobody to enter.
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  ASSERT_EQ(chmod(dir.Join("clean.txt").c_str(), 0644), 0);
  const auto run = [&](const std::vector<std::string>& args) {
    return RunProgram(Unprivileged(::cooc::testing::CoocCommand(args)));
  };
  // Read-only: queries work, an ingest says the database cannot be written.
  ASSERT_EQ(std::system(absl::StrCat("chmod -R a+rX,a-w '", db, "'").c_str()),
            0);
  EXPECT_EQ(run({"stats", "--db", db}).exit_code, 0);
  const CoocResult ingest =
      run({"ingest", "--db", db, "--quiet", "--force", dir.Join("clean.txt")});
  ExpectRefused(ingest, "cannot be written");
  EXPECT_FALSE(absl::StrContains(ingest.err, "LOG")) << ingest;
  // Unreadable: every command says so, none says "not a cooc database".
  ASSERT_EQ(chmod(db.c_str(), 0), 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"stats", "--db", db},
        std::vector<std::string>{"assoc", "--db", db, "cat"},
        std::vector<std::string>{"verify", "--db", db},
        std::vector<std::string>{"ingest", "--db", db, "--quiet",
                                 dir.Join("clean.txt")}}) {
    SCOPED_TRACE(args[0]);
    const CoocResult refused = run(args);
    ExpectRefused(refused, "cannot read the directory");
    EXPECT_FALSE(absl::StrContains(refused.err, "not a cooc database"))
        << refused;
  }
  ASSERT_EQ(std::system(absl::StrCat("chmod -R u+rwX '", db, "'").c_str()), 0);
  EXPECT_EQ(Counts(db), before);
}

// Starts `cooc args...` with standard input from /dev/null and its outputs
// in `out` and `err`; returns its pid (or -1 after a test failure).
pid_t StartCooc(const std::vector<std::string>& args, const std::string& out,
                const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const pid_t pid =
      ::cooc::testing::Spawn(::cooc::testing::CoocCommand(args), &actions);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits up to 60 s for `path` to exist while process `pid` runs; false if
// the process ended first or the time ran out.
bool AwaitPath(pid_t pid, const std::string& path) {
  for (int i = 0; i < 6000; ++i) {
    if (access(path.c_str(), F_OK) == 0) return true;
    if (waitpid(pid, nullptr, WNOHANG) == pid) return false;
    usleep(10000);
  }
  return false;
}

// Issue 10: SIGINT or SIGTERM killed an ingest with no message and left its
// spill files. Now, sent while it counts (its spill directory exists), the
// ingest stops, removes its scratch and spill files (and a database it was
// creating), says "interrupted; DB is unchanged" and exits 128 + the signal.
TEST(HostileInputTest, Issue10InterruptedIngestsStopCleanlyAndChangeNothing) {
  TempDir dir;
  {
    // 32 MB of text, enough to spill under --memory 16 for seconds.
    std::ofstream out(dir.Join("big.txt"), std::ios::binary);
    uint64_t seed = 1;
    for (int line = 0; line < 200000; ++line) {
      for (int w = 0; w < 20; ++w) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        out << Word((seed >> 33) % 200000) << (w < 19 ? ' ' : '\n');
      }
    }
    ASSERT_TRUE(out.good());
  }
  const std::string existing = dir.Join("existing");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, existing);
  for (const int signal_number : {SIGINT, SIGTERM}) {
    for (const bool create : {true, false}) {
      SCOPED_TRACE(absl::StrCat(strsignal(signal_number),
                                create ? ", creating" : ", adding"));
      const std::string db = create ? dir.Join("new") : existing;
      const pid_t pid = StartCooc(
          {"ingest", "--db", db, "--quiet", "--memory", "16", "--threads", "2",
           dir.Join("big.txt")},
          dir.Join("out"), dir.Join("err"));
      ASSERT_GT(pid, 0);
      ASSERT_TRUE(AwaitPath(pid, db + "/ingest-spill"))
          << "the ingest never spilled: " << ::cooc::testing::ReadFile(dir.Join("err"));
      ASSERT_EQ(kill(pid, signal_number), 0);
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
      EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number);
      const std::string err = ::cooc::testing::ReadFile(dir.Join("err"));
      EXPECT_EQ(err, "cooc: interrupted; DB is unchanged\n");
      EXPECT_EQ(::cooc::testing::ReadFile(dir.Join("out")), "");
      struct stat info;
      if (create) {
        EXPECT_NE(stat(db.c_str(), &info), 0) << "a half-made database is left";
      } else {
        EXPECT_EQ(Counts(db), before);
        EXPECT_EQ(RunCooc({"verify", "--db", db}).exit_code, 0);
        EXPECT_NE(stat((db + "/ingest-spill").c_str(), &info), 0);
        EXPECT_NE(stat((db + "/ingest-scratch").c_str(), &info), 0);
      }
    }
  }
  // cooc count likewise writes no part and leaves no spill files.
  const std::string part = dir.Join("big.part");
  const pid_t pid = StartCooc({"count", "--quiet", "--out", part, "--memory",
                               "16", "--threads", "2", dir.Join("big.txt")},
                              dir.Join("out"), dir.Join("err"));
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(AwaitPath(pid, absl::StrCat(part, ".spill-", pid)));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_EQ(::cooc::testing::ReadFile(dir.Join("err")),
            "cooc: interrupted; no part was written\n");
  struct stat info;
  EXPECT_NE(stat(part.c_str(), &info), 0);
  EXPECT_NE(stat(absl::StrCat(part, ".spill-", pid).c_str(), &info), 0);
}

// SIGINT or SIGTERM killed a merge with no message and left its unfinished
// build (OUT.merging-PID) until the next ingest or verify of OUT. Sent while
// the merge runs, it now stops the merge, which removes its build, says
// "interrupted; OUT was not written" and exits 128 + the signal; the
// inputs are unchanged.
TEST(HostileInputTest, InterruptedMergesStopCleanlyAndWriteNothing) {
  TempDir dir;
  std::vector<std::string> inputs;
  for (int d = 0; d < 2; ++d) {
    // 10 MB of text each: a merge of the two takes about a second.
    const std::string text = dir.Join(absl::StrCat("in", d, ".txt"));
    std::ofstream out(text, std::ios::binary);
    uint64_t seed = 7 + d;
    for (int line = 0; line < 60000; ++line) {
      for (int w = 0; w < 20; ++w) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        out << Word((seed >> 33) % 200000) << (w < 19 ? ' ' : '\n');
      }
    }
    ASSERT_TRUE(out.good());
    out.close();
    inputs.push_back(dir.Join(absl::StrCat("in", d, ".db")));
    ASSERT_EQ(
        RunCooc({"ingest", "--quiet", "--db", inputs.back(), text}).exit_code,
        0);
  }
  const std::map<std::string, int64_t> before = Counts(inputs[0]);
  const std::string merged = dir.Join("merged.db");
  for (const int signal_number : {SIGINT, SIGTERM}) {
    SCOPED_TRACE(strsignal(signal_number));
    const pid_t pid = StartCooc({"merge", "--db", merged, "--quiet", "--memory",
                                 "16", inputs[0], inputs[1]},
                                dir.Join("out"), dir.Join("err"));
    ASSERT_GT(pid, 0);
    const std::string building = absl::StrCat(merged, ".merging-", pid);
    ASSERT_TRUE(AwaitPath(pid, building))
        << "the merge never began: "
        << ::cooc::testing::ReadFile(dir.Join("err"));
    ASSERT_EQ(kill(pid, signal_number), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal_number);
    EXPECT_EQ(::cooc::testing::ReadFile(dir.Join("err")),
              "cooc: interrupted; OUT was not written\n");
    EXPECT_EQ(::cooc::testing::ReadFile(dir.Join("out")), "");
    struct stat info;
    EXPECT_NE(stat(merged.c_str(), &info), 0) << "a merged database is left";
    EXPECT_NE(stat(building.c_str(), &info), 0) << "its build is left";
    EXPECT_EQ(Counts(inputs[0]), before);
  }
  // Uninterrupted, the same merge completes.
  EXPECT_EQ(RunCooc({"merge", "--quiet", "--db", merged, inputs[0], inputs[1]})
                .exit_code,
            0);
}

// A pid that no process has: a child that has exited and been reaped.
pid_t GonePid() {
  const pid_t pid = ::cooc::testing::Spawn({"true"}, nullptr);
  waitpid(pid, nullptr, 0);
  return pid;
}

// Issue 10: a killed creation left DB.creating-PID-N beside the database
// for good. The next ingest or verify of the path removes those whose
// process is gone (and a killed merge's DB.merging-PID), and keeps one
// whose process runs.
TEST(HostileInputTest, Issue10AbandonedBuildsAreRemovedByTheNextIngestOrVerify) {
  TempDir dir;
  const std::string db = dir.Join("db");
  WriteFile(dir.Join("in.txt"), "the cat sat on the mat\n");
  const std::string running = absl::StrCat(db, ".creating-", getpid(), "-1");
  for (const char* command : {"verify", "ingest"}) {
    SCOPED_TRACE(command);
    const pid_t gone = GonePid();
    const std::vector<std::string> abandoned = {
        absl::StrCat(db, ".creating-", gone, "-123456789"),
        absl::StrCat(db, ".merging-", gone)};
    for (const std::string& path : abandoned) {
      ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
      WriteFile(path + "/000001.sst", std::string(4096, 'x'));
    }
    mkdir(running.c_str(), 0755);
    const CoocResult result =
        std::string(command) == "verify"
            ? RunCooc({"verify", "--db", db})
            : Ingest(db, {dir.Join("in.txt")});
    struct stat info;
    for (const std::string& path : abandoned) {
      EXPECT_NE(stat(path.c_str(), &info), 0) << path << " is left";
    }
    EXPECT_EQ(stat(running.c_str(), &info), 0) << "a running build is gone";
    if (std::string(command) == "ingest") {
      EXPECT_EQ(result.exit_code, 0) << result;
    } else {
      EXPECT_TRUE(absl::StrContains(result.err, "removed")) << result;
    }
  }
}

// Issue 10: editing the metadata record (window 5 -> 2, symmetric ->
// ordered) with RocksDB's ldb was accepted, and the next ingest added counts
// of the other definition. Its checksum is checked on every open: queries,
// ingest and verify refuse the database, naming the record, and nothing is
// written; put back, the database is as it was.
TEST(HostileInputTest, Issue10TamperedMetadataIsRefusedOnEveryOpen) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  const std::string record = EncodeMetadata(StoreOptions());
  for (const auto& [from, to] :
       {std::pair{" window=5 ", " window=2 "},
        std::pair{" mode=symmetric ", " mode=ordered "}}) {
    SCOPED_TRACE(to);
    std::string tampered = record;
    ASSERT_NE(tampered.find(from), std::string::npos) << record;
    tampered.replace(tampered.find(from), strlen(from), to);
    ::cooc::testing::OverwriteMetadata(db, tampered);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"stats", "--db", db},
          std::vector<std::string>{"assoc", "--db", db, "cat"},
          std::vector<std::string>{"verify", "--db", db},
          std::vector<std::string>{"ingest", "--db", db, "--quiet", "--force",
                                   dir.Join("clean.txt")}}) {
      SCOPED_TRACE(args[0]);
      ExpectRefused(RunCooc(args), "was changed after cooc wrote it");
    }
  }
  ::cooc::testing::OverwriteMetadata(db, record);
  EXPECT_EQ(Counts(db), before);
  EXPECT_EQ(RunCooc({"verify", "--db", db}).exit_code, 0);
}

// ---------------------------------------------------------------------------
// Other encodings (#10 item 4).


// Everything a database holds that a query shows: its totals and its whole
// vocabulary with frequencies.
std::string Everything(const std::string& db) {
  const CoocResult stats = RunCooc({"stats", "--db", db, "--format", "tsv"});
  const CoocResult vocab =
      RunCooc({"vocab", "--db", db, "--sort", "term", "--format", "tsv"});
  EXPECT_EQ(stats.exit_code, 0) << stats;
  EXPECT_EQ(vocab.exit_code, 0) << vocab;
  std::string out = vocab.out;
  // The totals without the database's size on disk and path.
  for (absl::string_view line : absl::StrSplit(stats.out, '\n')) {
    if (absl::StartsWith(line, "tokens") || absl::StartsWith(line, "types") ||
        absl::StartsWith(line, "pair_events") ||
        absl::StartsWith(line, "distinct_pairs") ||
        absl::StartsWith(line, "lines")) {
      absl::StrAppend(&out, line, "\n");
    }
  }
  return out;
}

const char kFrench[] =
    "Le café est très bon, la crème brûlée aussi.\n"
    "Où est la bibliothèque? À côté de l'église, près du café.\n"
    "Une naïve idée: le résumé du café.\n";

const char kTraditionalChinese[] =
    "我們喜歡自然語言處理。今天天氣很好，我們去公園散步。\n"
    "臺灣的學生在圖書館讀書，學習語言與歷史。\n"
    "我們在圖書館學習自然語言。\n";

TEST(HostileInputTest, Issue10Latin1IsRefusedWithAGuessAndCountedWhenNamed) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::map<std::string, int64_t> before = MakeBaseline(dir, db);
  WriteFile(dir.Join("utf8.txt"), kFrench);
  WriteFile(dir.Join("x.txt"), testing::Encode(kFrench, "ISO-8859-1"));
  // Refused, alone and after a good input, by ingest and by count: nothing
  // is committed, no part written.
  const std::string message =
      "x.txt does not look like UTF-8 (it looks like ISO-8859-1); give "
      "--encoding ISO-8859-1, or --encoding utf-8 to count it as it is";
  ExpectRefused(Ingest(db, {dir.Join("x.txt")}), message);
  ExpectRefused(Ingest(db, {dir.Join("utf8.txt"), dir.Join("x.txt")}),
                message);
  EXPECT_EQ(Counts(db), before);
  ExpectRefused(RunCooc({"count", "--out", dir.Join("x.part"), "--quiet",
                         dir.Join("x.txt")}),
                message);
  EXPECT_FALSE(std::filesystem::exists(dir.Join("x.part")));
  ExpectRefused(RunCooc({"tokenize", dir.Join("x.txt")}), message);
  // Named, it counts exactly as its UTF-8 conversion; a database can hold
  // inputs of both encodings.
  const CoocResult latin1 =
      Ingest(dir.Join("latin1_db"), {dir.Join("x.txt")},
             {"--encoding", "latin1"});
  ASSERT_EQ(latin1.exit_code, 0) << latin1;
  EXPECT_EQ(JsonNumber(latin1.out, "invalid_utf8"), 0) << latin1;
  ASSERT_EQ(Ingest(dir.Join("utf8_db"), {dir.Join("utf8.txt")}).exit_code, 0);
  EXPECT_EQ(Everything(dir.Join("latin1_db")), Everything(dir.Join("utf8_db")));
  EXPECT_EQ(RunCooc({"tokenize", "--encoding", "ISO-8859-1", dir.Join("x.txt")})
                .out,
            RunCooc({"tokenize", dir.Join("utf8.txt")}).out);
  ASSERT_EQ(Ingest(db, {dir.Join("x.txt")}, {"--encoding", "latin1"}).exit_code,
            0);
  ASSERT_EQ(Ingest(db, {dir.Join("utf8.txt")}).exit_code, 0);
  EXPECT_EQ(Counts(db)["tokens"], before.at("tokens") + 2 * Counts(
                                      dir.Join("utf8_db"))["tokens"]);
  // --encoding utf-8: today's reading, invalid sequences replaced.
  const CoocResult as_is = Ingest(dir.Join("as_is_db"), {dir.Join("x.txt")},
                                  {"--encoding", "utf-8"});
  ASSERT_EQ(as_is.exit_code, 0) << as_is;
  EXPECT_GT(JsonNumber(as_is.out, "invalid_utf8"), 10) << as_is;
}

TEST(HostileInputTest, Issue10ChineseInGb18030AndBig5CountsLikeUtf8) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 50; ++i) text += kTraditionalChinese;
  WriteFile(dir.Join("utf8.txt"), text);
  ASSERT_EQ(Ingest(dir.Join("utf8_db"), {dir.Join("utf8.txt")}).exit_code, 0);
  const std::string expected = Everything(dir.Join("utf8_db"));
  ASSERT_TRUE(absl::StrContains(expected, "圖書館")) << expected;
  for (const char* encoding : {"gb18030", "big5"}) {
    SCOPED_TRACE(encoding);
    const std::string path = dir.Join(absl::StrCat(encoding, ".txt"));
    WriteFile(path, testing::Encode(text, encoding));
    const CoocResult refused = Ingest(dir.Join("refused_db"), {path});
    ExpectRefused(refused, "does not look like UTF-8 (it looks like ");
    EXPECT_TRUE(absl::StrContains(
        absl::AsciiStrToLower(refused.err),
        absl::StrCat("give --encoding ", encoding)))
        << refused;
    const std::string db = dir.Join(absl::StrCat(encoding, "_db"));
    const CoocResult result = Ingest(db, {path}, {"--encoding", encoding});
    ASSERT_EQ(result.exit_code, 0) << result;
    EXPECT_EQ(JsonNumber(result.out, "invalid_utf8"), 0) << result;
    EXPECT_EQ(Everything(db), expected);
    // A count part says the same.
    const CoocResult part = RunCooc({"count", "--out", db + ".part", "--quiet",
                                     "--encoding", encoding, path});
    ASSERT_EQ(part.exit_code, 0) << part;
    ASSERT_EQ(RunCooc({"ingest", "--db", db + "_parts", "--quiet", "--parts",
                       db + ".part"})
                  .exit_code,
              0);
    EXPECT_EQ(Everything(db + "_parts"), expected);
  }
}

TEST(HostileInputTest, Issue10Utf16WithAByteOrderMarkIsCountedWithoutTheOption) {
  TempDir dir;
  const std::string text = std::string(kFrench) + kTraditionalChinese +
                           "emoji 😀 and 𝄞 outside the BMP\n";
  WriteFile(dir.Join("utf8.txt"), text);
  ASSERT_EQ(Ingest(dir.Join("utf8_db"), {dir.Join("utf8.txt")}).exit_code, 0);
  const std::string tokens = RunCooc({"tokenize", dir.Join("utf8.txt")}).out;
  for (const char* encoding : {"UTF-16LE", "UTF-16BE", "UTF-32LE"}) {
    SCOPED_TRACE(encoding);
    const std::string path = dir.Join(absl::StrCat(encoding, ".txt"));
    // ICU writes no byte-order mark for these names: U+FEFF first.
    WriteFile(path, testing::Encode("\xEF\xBB\xBF" + text, encoding));
    const std::string db = dir.Join(absl::StrCat(encoding, "_db"));
    const CoocResult result = Ingest(db, {path});
    ASSERT_EQ(result.exit_code, 0) << result;
    EXPECT_EQ(JsonNumber(result.out, "invalid_utf8"), 0) << result;
    EXPECT_EQ(JsonNumber(result.out, "bytes"),
              static_cast<int64_t>(std::filesystem::file_size(path)))
        << result;
    EXPECT_EQ(Everything(db), Everything(dir.Join("utf8_db")));
    EXPECT_EQ(RunCooc({"tokenize", path}).out, tokens);
  }
  // Without its mark, UTF-16 is refused as binary, with a hint.
  WriteFile(dir.Join("bare.txt"), testing::Encode(text, "UTF-16LE"));
  const CoocResult bare = Ingest(dir.Join("bare_db"), {dir.Join("bare.txt")});
  ExpectRefused(bare, "binary");
  EXPECT_TRUE(absl::StrContains(bare.err, "give --encoding UTF-16LE")) << bare;
  const CoocResult named = Ingest(dir.Join("bare_db"), {dir.Join("bare.txt")},
                                  {"--encoding", "utf-16le"});
  ASSERT_EQ(named.exit_code, 0) << named;
  EXPECT_EQ(Everything(dir.Join("bare_db")), Everything(dir.Join("utf8_db")));
}

TEST(HostileInputTest, Issue10AnUnknownEncodingIsAUsageError) {
  TempDir dir;
  WriteFile(dir.Join("in.txt"), "alpha beta\n");
  for (const std::vector<std::string>& command :
       std::vector<std::vector<std::string>>{
           {"ingest", "--db", dir.Join("db"), "--encoding", "klingon-8",
            dir.Join("in.txt")},
           {"count", "--out", dir.Join("p"), "--encoding", "klingon-8",
            dir.Join("in.txt")},
           {"tokenize", "--encoding", "klingon-8", dir.Join("in.txt")}}) {
    const CoocResult result = RunCooc(command);
    EXPECT_EQ(result.exit_code, 2) << result;
    EXPECT_TRUE(absl::StrContains(result.err, "unknown encoding 'klingon-8'"))
        << result;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Join("db")));
  EXPECT_FALSE(std::filesystem::exists(dir.Join("p")));
  // Count parts are counts, not text.
  const CoocResult parts = RunCooc({"ingest", "--db", dir.Join("db"), "--parts",
                                    "--encoding", "latin1", dir.Join("p")});
  EXPECT_EQ(parts.exit_code, 2) << parts;
}

TEST(HostileInputTest, Issue10TheJournalKnowsAFileWhateverItWasReadAs) {
  TempDir dir;
  const std::string db = dir.Join("db");
  const std::string path = dir.Join("x.txt");
  const std::string bytes = testing::Encode(kFrench, "ISO-8859-1");
  WriteFile(path, bytes);
  ASSERT_EQ(Ingest(db, {path}, {"--encoding", "latin1"}).exit_code, 0);
  const std::map<std::string, int64_t> once = Counts(db);
  // The same bytes again, under any encoding: skipped (the journal's hash
  // is of the bytes as they are, and its size their number).
  for (const char* encoding : {"latin1", "windows-1252", "utf-8"}) {
    const CoocResult again = Ingest(db, {path}, {"--encoding", encoding});
    ASSERT_EQ(again.exit_code, 0) << again;
    EXPECT_TRUE(absl::StrContains(again.err, "skipped")) << again;
  }
  EXPECT_EQ(Counts(db), once);
  const CoocResult sources =
      RunCooc({"sources", "--db", db, "--format", "json"});
  EXPECT_EQ(JsonNumber(sources.out, "bytes"),
            static_cast<int64_t>(bytes.size()))
      << sources;
}

}  // namespace
}  // namespace cooc
