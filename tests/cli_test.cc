// Runs the real `cooc` binary (COOC_BINARY) as a child process, with pipes
// for its standard streams, and checks exit statuses, outputs and the state
// of the databases it leaves behind.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;
using ::cooc::testing::CorpusPath;
using ::cooc::testing::ReadFile;
using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// ---------------------------------------------------------------------------
// Running cooc.

struct CoocResult {
  int exit_code = -1;  // -1 if the process did not exit normally.
  std::string out;
  std::string err;
};

std::ostream& operator<<(std::ostream& os, const CoocResult& result) {
  return os << "exit " << result.exit_code << "\n--- stdout ---\n"
            << result.out << "--- stderr ---\n"
            << result.err;
}

// One running `cooc` with pipes to its stdin, stdout and stderr. The pipes
// are serviced together with poll(), so a child that writes a lot while we
// feed it cannot deadlock; no shell is involved.
class CoocProcess {
 public:
  explicit CoocProcess(const std::vector<std::string>& args) {
    signal(SIGPIPE, SIG_IGN);  // A child that exits early must not kill us.
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 ||
        pipe2(err, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2: " << std::strerror(errno);
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    // The child gets SIGPIPE's default action back, which we ignore.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t default_signals;
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &default_signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    pid_ = ::cooc::testing::Spawn(::cooc::testing::CoocCommand(args),
                                  &actions, &attributes);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    in_ = in[1];
    out_ = out[0];
    err_ = err[0];
    for (int fd : {in_, out_, err_}) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
  }

  ~CoocProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    for (int fd : {in_, out_, err_}) {
      if (fd >= 0) close(fd);
    }
  }

  CoocProcess(const CoocProcess&) = delete;
  CoocProcess& operator=(const CoocProcess&) = delete;

  // Queues `text` for the child's standard input.
  void Write(const std::string& text) { pending_ += text; }

  // Closes the child's standard input once the queued text is written.
  void CloseStdin() { close_stdin_ = true; }

  // What the child wrote to stderr so far (collected by Service or Wait).
  const std::string& err() const { return result_.err; }

  // Writes queued input and collects output for about `time`.
  void Service(std::chrono::milliseconds time) {
    const auto deadline = std::chrono::steady_clock::now() + time;
    while (std::chrono::steady_clock::now() < deadline &&
           (in_ >= 0 || out_ >= 0 || err_ >= 0)) {
      Pump(10);
    }
  }

  // Closes stdin (after the queued text), collects both outputs to their
  // end and returns them with the exit status. Kills a child that takes
  // more than `seconds`.
  CoocResult Wait(int seconds = 60) {
    CloseStdin();
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (in_ >= 0 || out_ >= 0 || err_ >= 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "cooc did not finish within " << seconds << " s";
        break;
      }
      Pump(100);
    }
    if (pid_ > 0) {
      if (in_ >= 0 || out_ >= 0 || err_ >= 0) kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      if (WIFEXITED(status)) {
        result_.exit_code = WEXITSTATUS(status);
      } else {
        ADD_FAILURE() << "cooc died from signal " << WTERMSIG(status) << "\n"
                      << result_.err;
      }
    }
    return result_;
  }

 private:
  static void CloseFd(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
  }

  // Reads what `fd` has into `sink`; closes `fd` at its end.
  static void Drain(int& fd, std::string& sink) {
    char buffer[65536];
    while (fd >= 0) {
      const ssize_t n = read(fd, buffer, sizeof(buffer));
      if (n > 0) {
        sink.append(buffer, n);
      } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
      } else {
        CloseFd(fd);
      }
    }
  }

  // Waits up to `timeout_ms` for any pipe to be ready and services it.
  void Pump(int timeout_ms) {
    if (in_ >= 0 && pending_.empty() && close_stdin_) CloseFd(in_);
    std::vector<pollfd> fds;
    if (in_ >= 0 && !pending_.empty()) fds.push_back({in_, POLLOUT, 0});
    if (out_ >= 0) fds.push_back({out_, POLLIN, 0});
    if (err_ >= 0) fds.push_back({err_, POLLIN, 0});
    if (fds.empty()) return;
    if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_) {
        const ssize_t n = write(in_, pending_.data(), pending_.size());
        if (n > 0) {
          pending_.erase(0, n);
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
          pending_.clear();  // The child closed its stdin (EPIPE).
          CloseFd(in_);
        }
      } else if (p.fd == out_) {
        Drain(out_, result_.out);
      } else if (p.fd == err_) {
        Drain(err_, result_.err);
      }
    }
  }

  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string pending_;
  bool close_stdin_ = false;
  CoocResult result_;
};

// Runs `cooc args...` with `stdin_text` as its standard input.
CoocResult RunCooc(std::vector<std::string> args,
                   const std::string& stdin_text = "") {
  CoocProcess process(args);
  process.Write(stdin_text);
  return process.Wait();
}

// True if another process holds a write lock on the RocksDB LOCK file of
// `db` (RocksDB takes it with fcntl(F_SETLK) for as long as a writer has
// the database open).
bool DatabaseLocked(const std::string& db) {
  const int fd = open((db + "/LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock = {};
  lock.l_type = F_RDLCK;
  lock.l_whence = SEEK_SET;
  const bool locked = fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close(fd);
  return locked;
}

// Feeds `text` to `ingest` (a `cooc ingest --db db -` reading stdin, whose
// stdin we keep open) and waits until it holds the database `db` and `db`
// is a complete database (a new one gets its metadata just after the lock);
// false if that takes more than 30 s. The ingest then holds the database
// until its stdin is closed.
bool FeedUntilLocked(CoocProcess& ingest, const std::string& db,
                     const std::string& text) {
  ingest.Write(text);
  for (int round = 0; round < 3000; ++round) {
    if (DatabaseLocked(db) && RunCooc({"stats", "--db", db}).exit_code == 0) {
      return true;
    }
    ingest.Service(std::chrono::milliseconds(10));
  }
  return false;
}

// ---------------------------------------------------------------------------
// Reading cooc's output.

// One TSV or JSON row: column name -> cell text.
using Row = std::map<std::string, std::string>;

// Parses TSV with a header line.
std::vector<Row> ParseTsv(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::vector<Row> rows;
  if (lines.empty()) {
    ADD_FAILURE() << "TSV without a header";
    return rows;
  }
  const std::vector<std::string> header = absl::StrSplit(lines[0], '\t');
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = absl::StrSplit(lines[i], '\t');
    EXPECT_EQ(cells.size(), header.size()) << "TSV line: " << lines[i];
    Row row;
    for (size_t k = 0; k < header.size() && k < cells.size(); ++k) {
      row[header[k]] = cells[k];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The single record of a one-row TSV report (stats, pair, ingest summary).
Row ParseTsvRecord(const std::string& text) {
  std::vector<Row> rows = ParseTsv(text);
  EXPECT_EQ(rows.size(), 1u) << text;
  return rows.empty() ? Row() : rows[0];
}

struct JsonField {
  std::string key;
  std::string value;  // Decoded text of a string; the literal otherwise.
  bool is_string = false;
};

// Parses one flat JSON object whose values are strings, numbers, true,
// false or null (what cooc prints); nullopt if `line` is not one.
std::optional<std::vector<JsonField>> ParseJsonObject(const std::string& line) {
  size_t i = 0;
  const auto skip_space = [&] {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  };
  const auto parse_string = [&](std::string* out) {
    if (i >= line.size() || line[i] != '"') return false;
    for (++i; i < line.size() && line[i] != '"'; ++i) {
      if (static_cast<unsigned char>(line[i]) < 0x20) return false;
      if (line[i] != '\\') {
        out->push_back(line[i]);
        continue;
      }
      if (++i >= line.size()) return false;
      switch (line[i]) {
        case '"':
        case '\\':
        case '/':
          out->push_back(line[i]);
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'u': {
          uint32_t code = 0;
          if (i + 4 >= line.size() ||
              !absl::SimpleHexAtoi(line.substr(i + 1, 4), &code)) {
            return false;
          }
          i += 4;
          if (code < 0x80) {
            out->push_back(static_cast<char>(code));
          } else if (code < 0x800) {
            out->push_back(static_cast<char>(0xC0 | (code >> 6)));
            out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
          } else {
            out->push_back(static_cast<char>(0xE0 | (code >> 12)));
            out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
            out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
          }
          break;
        }
        default:
          return false;
      }
    }
    if (i >= line.size()) return false;
    ++i;  // The closing quote.
    return true;
  };
  std::vector<JsonField> fields;
  skip_space();
  if (i >= line.size() || line[i++] != '{') return std::nullopt;
  skip_space();
  if (i < line.size() && line[i] == '}') {
    ++i;
  } else {
    while (true) {
      JsonField field;
      skip_space();
      if (!parse_string(&field.key)) return std::nullopt;
      skip_space();
      if (i >= line.size() || line[i++] != ':') return std::nullopt;
      skip_space();
      if (i < line.size() && line[i] == '"') {
        if (!parse_string(&field.value)) return std::nullopt;
        field.is_string = true;
      } else {
        const size_t start = i;
        while (i < line.size() && line[i] != ',' && line[i] != '}' &&
               line[i] != ' ') {
          ++i;
        }
        field.value = line.substr(start, i - start);
        double number;
        if (field.value != "null" && field.value != "true" &&
            field.value != "false" && !absl::SimpleAtod(field.value, &number)) {
          return std::nullopt;
        }
        // SimpleAtod accepts "inf" and "nan", JSON does not.
        if (absl::StrContains(field.value, "inf") ||
            absl::StrContains(field.value, "nan")) {
          return std::nullopt;
        }
      }
      fields.push_back(std::move(field));
      skip_space();
      if (i >= line.size()) return std::nullopt;
      if (line[i] == '}') {
        ++i;
        break;
      }
      if (line[i++] != ',') return std::nullopt;
    }
  }
  skip_space();
  if (i != line.size()) return std::nullopt;
  return fields;
}

// Parses JSON Lines output: one flat object per line, every line ending in
// '\n'.
std::vector<std::vector<JsonField>> ParseJsonLines(const std::string& text) {
  std::vector<std::vector<JsonField>> objects;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << text;
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (const std::string& line : lines) {
    std::optional<std::vector<JsonField>> object = ParseJsonObject(line);
    EXPECT_TRUE(object.has_value()) << "not a flat JSON object: " << line;
    if (object.has_value()) objects.push_back(std::move(*object));
  }
  return objects;
}

std::vector<std::string> Keys(const std::vector<JsonField>& object) {
  std::vector<std::string> keys;
  for (const JsonField& field : object) keys.push_back(field.key);
  return keys;
}

const JsonField* Field(const std::vector<JsonField>& object,
                       const std::string& key) {
  for (const JsonField& field : object) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

// The number in `text`, failing the test if it is not one.
double Number(const std::string& text) {
  double value = 0;
  EXPECT_TRUE(absl::SimpleAtod(text, &value)) << "not a number: " << text;
  return value;
}

uint64_t Count(const std::string& text) {
  uint64_t value = 0;
  EXPECT_TRUE(absl::SimpleAtoi(text, &value)) << "not a count: " << text;
  return value;
}

// Number of lines of `text`: its '\n's, plus an unterminated last line.
uint64_t LineCount(const std::string& text) {
  uint64_t lines = std::count(text.begin(), text.end(), '\n');
  if (!text.empty() && text.back() != '\n') ++lines;
  return lines;
}

// ---------------------------------------------------------------------------
// Database helpers.

// `cooc stats --format tsv` as a record.
Row Stats(const std::string& db) {
  const CoocResult result = RunCooc({"stats", "--db", db, "--format", "tsv"});
  EXPECT_EQ(result.exit_code, 0) << result;
  return ParseTsvRecord(result.out);
}

// Everything a database says about its counts: the stats that depend only
// on the counted text (not db_bytes, which RocksDB may change on any open)
// and every pair with its table.
struct Snapshot {
  Row stats;
  std::string pairs;
  bool operator==(const Snapshot&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Snapshot& snapshot) {
  for (const auto& [key, value] : snapshot.stats) {
    os << key << "=" << value << " ";
  }
  return os << "\n" << snapshot.pairs;
}

Snapshot TakeSnapshot(const std::string& db) {
  Snapshot snapshot;
  snapshot.stats = Stats(db);
  snapshot.stats.erase("db_bytes");
  const CoocResult dump =
      RunCooc({"collocations", "--db", db, "--top", "1000000", "--min-count",
               "1", "--format", "tsv"});
  EXPECT_EQ(dump.exit_code, 0) << dump;
  snapshot.pairs = dump.out;
  return snapshot;
}

// The sorted names (and, for files, contents) of everything under `dir`.
std::map<std::string, std::string> Listing(const std::string& dir) {
  std::map<std::string, std::string> listing;
  std::error_code error;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    const std::string name = fs::relative(entry.path(), dir).string();
    listing[name] = entry.is_regular_file() ? ReadFile(entry.path().string())
                                            : std::string("<dir>");
  }
  EXPECT_FALSE(error) << dir << ": " << error.message();
  return listing;
}

// The hand-made text of the counting tests. Window 2 pairs each token with
// the next two of its line.
constexpr char kCatText[] = "the cat sat on the mat\nthe dog sat\n";

// Ingests `text` (written to a file in `dir`) into `db` with `flags`.
void Ingest(const TempDir& dir, const std::string& db, const std::string& text,
            std::vector<std::string> flags = {}) {
  const std::string path = dir.Join("ingest_input.txt");
  WriteFile(path, text);
  std::vector<std::string> args = {"ingest", "--db", db};
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(path);
  const CoocResult result = RunCooc(args);
  ASSERT_EQ(result.exit_code, 0) << result;
}

// `cooc pair --format tsv` as a record.
Row Pair(const std::string& db, const std::string& x, const std::string& y) {
  const CoocResult result =
      RunCooc({"pair", "--db", db, x, y, "--format", "tsv"});
  EXPECT_EQ(result.exit_code, 0) << result;
  return ParseTsvRecord(result.out);
}

// "o11 r1 c1 n" of a pair record.
std::string Table(const Row& row) {
  const auto cell = [&](const std::string& key) {
    auto it = row.find(key);
    return it == row.end() ? std::string("?") : it->second;
  };
  return absl::StrCat(cell("o11"), " ", cell("r1"), " ", cell("c1"), " ",
                      cell("n"));
}

// ---------------------------------------------------------------------------
// Counting: hand-checked contingency tables.

TEST(Cli, IngestThenPairGivesHandCountedSymmetricTables) {
  // "the cat sat on the mat" / "the dog sat", window 2. The co-occurrences
  // (token i with tokens i+1..i+2 of its line) are
  //   line 1: the-cat the-sat cat-sat cat-on sat-on sat-the on-the on-mat
  //           the-mat                                            (9)
  //   line 2: the-dog the-sat dog-sat                            (3)
  // 12 co-occurrences; symmetric mode records each in both directions, so
  // n = 24 pair events.
  // c(the,sat): the(1)-sat(3) and sat(3)-the(5) on line 1, the-sat on
  //   line 2: o11 = 3.
  // c(the,*): every co-occurrence with a "the" in it: the-cat the-sat
  //   sat-the on-the the-mat the-dog the-sat: r1 = 7.
  // c(*,sat): every co-occurrence with "sat": the-sat cat-sat sat-on sat-the
  //   the-sat dog-sat: c1 = 6.
  // Distinct pairs: 10 unordered pairs ({the,sat} 3 times), both
  // directions: 20.
  TempDir dir;
  const std::string db = dir.Join("db");
  WriteFile(dir.Join("cat.txt"), kCatText);
  const CoocResult ingest = RunCooc({"ingest", "--db", db, "--window", "2",
                                     "--format", "tsv", dir.Join("cat.txt")});
  ASSERT_EQ(ingest.exit_code, 0) << ingest;
  const Row summary = ParseTsvRecord(ingest.out);
  EXPECT_EQ(summary.at("created"), "yes");
  EXPECT_EQ(summary.at("lines"), "2");
  EXPECT_EQ(summary.at("tokens"), "9");
  EXPECT_EQ(summary.at("pair_events"), "24");
  EXPECT_EQ(summary.at("new_types"), "6");
  EXPECT_EQ(summary.at("bytes"), absl::StrCat(std::string(kCatText).size()));

  const Row the_sat = Pair(db, "the", "sat");
  EXPECT_EQ(the_sat.at("x"), "the");
  EXPECT_EQ(the_sat.at("y"), "sat");
  EXPECT_EQ(Table(the_sat), "3 7 6 24");
  EXPECT_EQ(the_sat.at("count"), "3");
  // pmi = log2(o11 * n / (r1 * c1)) = log2(72 / 42).
  EXPECT_NEAR(Number(the_sat.at("pmi")), std::log2(72.0 / 42.0), 1e-12);
  // Symmetric: (sat, the) has the same o11 with the marginals swapped.
  EXPECT_EQ(Table(Pair(db, "sat", "the")), "3 6 7 24");
  // on-mat once; c(on,*) = cat-on sat-on on-the on-mat = 4; c(*,mat) =
  // on-mat the-mat = 2.
  EXPECT_EQ(Table(Pair(db, "on", "mat")), "1 4 2 24");

  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("tokens"), "9");
  EXPECT_EQ(stats.at("types"), "6");
  EXPECT_EQ(stats.at("pair_events"), "24");
  EXPECT_EQ(stats.at("distinct_pairs"), "20");
  EXPECT_EQ(stats.at("lines"), "2");
  EXPECT_EQ(stats.at("window"), "2");
  EXPECT_EQ(stats.at("mode"), "symmetric");
  EXPECT_EQ(stats.at("ingests"), "1");
}

TEST(Cli, IngestThenPairGivesHandCountedOrderedTables) {
  // The same text and window, --ordered: each co-occurrence is one event
  // (left, right), n = 12.
  // c(the,sat): the(1)->sat(3) and the->sat on line 2 (sat(3)->the(5) is
  //   (sat,the)): o11 = 2.
  // c(the,*): the(1)->cat, the(1)->sat, the(5)->mat, the->dog, the->sat:
  //   r1 = 5.
  // c(*,sat): the(1)->sat, cat->sat, the->sat, dog->sat: c1 = 4.
  // c(sat,the) = 1; c(sat,*): sat->on, sat->the: 2; c(*,the): sat->the,
  //   on->the: 2.
  // Distinct pairs: the 11 different (left, right) of the 12 events.
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2", "--ordered"});
  EXPECT_EQ(Table(Pair(db, "the", "sat")), "2 5 4 12");
  EXPECT_EQ(Table(Pair(db, "sat", "the")), "1 2 2 12");
  // (mat, on) never happens in this order.
  EXPECT_EQ(Table(Pair(db, "mat", "on")).substr(0, 2), "0 ");
  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("pair_events"), "12");
  EXPECT_EQ(stats.at("distinct_pairs"), "11");
  EXPECT_EQ(stats.at("mode"), "ordered");
}

TEST(Cli, WindowsStopAtLineBreaks) {
  // "mat" ends line 1 and "dog" is the second token of line 2: one token
  // apart in the file, but never in one window. c(mat,*) = on-mat the-mat
  // = 2; c(*,dog) = the-dog dog-sat = 2.
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const Row mat_dog = Pair(db, "mat", "dog");
  EXPECT_EQ(Table(mat_dog), "0 2 2 24");
  EXPECT_EQ(mat_dog.at("pmi"), "-inf");
  // "mat" then "the" (line 2's first token): only the(5)-mat of line 1.
  EXPECT_EQ(Pair(db, "mat", "the").at("o11"), "1");
  // Window 2 does not reach from "cat" (2nd token) to "mat" (6th).
  EXPECT_EQ(Pair(db, "cat", "mat").at("o11"), "0");

  const CoocResult json =
      RunCooc({"pair", "--db", db, "mat", "dog", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json;
  const auto objects = ParseJsonLines(json.out);
  ASSERT_EQ(objects.size(), 1u) << json.out;
  const JsonField* pmi = Field(objects[0], "pmi");
  ASSERT_NE(pmi, nullptr) << json.out;
  EXPECT_EQ(pmi->value, "null");
  EXPECT_FALSE(pmi->is_string);
  EXPECT_EQ(Field(objects[0], "o11")->value, "0");
}

TEST(Cli, ReingestingTheSameTextDoublesEveryCount) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const CoocResult again =
      RunCooc({"ingest", "--db", db, "--format", "json", "-"}, kCatText);
  ASSERT_EQ(again.exit_code, 0) << again;
  const auto objects = ParseJsonLines(again.out);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(Field(objects[0], "created")->value, "false");
  EXPECT_EQ(Field(objects[0], "new_types")->value, "0");
  EXPECT_EQ(Field(objects[0], "total_pair_events")->value, "48");
  // Window 2 was taken from the database: the counts double exactly.
  EXPECT_EQ(Table(Pair(db, "the", "sat")), "6 14 12 48");
  Row stats = Stats(db);
  EXPECT_EQ(stats.at("ingests"), "2");
  EXPECT_EQ(stats.at("lines"), "4");
  // The second ingest added to every pair of the first: its counts are
  // not merged yet, so the distinct pairs are not known without a scan...
  EXPECT_EQ(stats.at("distinct_pairs"), "unknown");
  const CoocResult scanned =
      RunCooc({"stats", "--db", db, "--information", "--format", "tsv"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned;
  EXPECT_EQ(ParseTsvRecord(scanned.out).at("distinct_pairs"), "20");
  // ... until compaction.
  const CoocResult compacted = RunCooc({"compact", "--db", db});
  ASSERT_EQ(compacted.exit_code, 0) << compacted;
  stats = Stats(db);
  EXPECT_EQ(stats.at("distinct_pairs"), "20");
  EXPECT_EQ(Table(Pair(db, "the", "sat")), "6 14 12 48");
}

TEST(Cli, CollocationsOfTheHandMadeTextMatchTheHandCountedList) {
  // Window 2, symmetric, ranked by count. The marginals c(x,*) = c(*,x) are
  // the co-occurrences each word takes part in: the 7, cat 3, sat 6, on 4,
  // mat 2, dog 2 (sum 24 = n). Each unordered pair is listed once, x before
  // y in order of first appearance (the cat sat on mat dog), and ties are
  // broken in that order too.
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const CoocResult tsv =
      RunCooc({"collocations", "--db", db, "--measure", "count", "--min-count",
               "1", "--top", "100", "--format", "tsv"});
  ASSERT_EQ(tsv.exit_code, 0) << tsv;
  EXPECT_EQ(tsv.out,
            "x\ty\to11\tr1\tc1\tn\tfx\tfy\tcount\n"
            "the\tsat\t3\t7\t6\t24\t3\t2\t3\n"
            "the\tcat\t1\t7\t3\t24\t3\t1\t1\n"
            "the\ton\t1\t7\t4\t24\t3\t1\t1\n"
            "the\tmat\t1\t7\t2\t24\t3\t1\t1\n"
            "the\tdog\t1\t7\t2\t24\t3\t1\t1\n"
            "cat\tsat\t1\t3\t6\t24\t1\t2\t1\n"
            "cat\ton\t1\t3\t4\t24\t1\t1\t1\n"
            "sat\ton\t1\t6\t4\t24\t2\t1\t1\n"
            "sat\tdog\t1\t6\t2\t24\t2\t1\t1\n"
            "on\tmat\t1\t4\t2\t24\t1\t1\t1\n");
  const CoocResult table = RunCooc({"collocations", "--db", db, "--measure",
                                    "count", "--min-count", "1", "--top", "3"});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_EQ(table.out,
            "x    y    o11  r1  c1   n  fx  fy  count\n"
            "the  sat    3   7   6  24   3   2      3\n"
            "the  cat    1   7   3  24   3   1      1\n"
            "the  on     1   7   4  24   3   1      1\n");
}

TEST(Cli, AssocBreaksTiesByFirstAppearance) {
  // The partners of "the" (window 2): sat 3 times, then cat, on, mat and
  // dog once each, in the order they first appear in the text.
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const CoocResult result =
      RunCooc({"assoc", "--db", db, "the", "--measure", "count", "--min-count",
               "1", "--format", "tsv"});
  ASSERT_EQ(result.exit_code, 0) << result;
  std::vector<std::string> partners;
  for (const Row& row : ParseTsv(result.out)) partners.push_back(row.at("y"));
  EXPECT_EQ(absl::StrJoin(partners, " "), "sat cat on mat dog");
  // --min-count 2 keeps only "sat"; --top 2 the first two.
  const CoocResult frequent =
      RunCooc({"assoc", "--db", db, "the", "--measure", "count", "--format",
               "tsv", "--min-count", "2"});
  ASSERT_EQ(frequent.exit_code, 0) << frequent;
  ASSERT_EQ(ParseTsv(frequent.out).size(), 1u) << frequent.out;
  EXPECT_EQ(ParseTsv(frequent.out)[0].at("y"), "sat");
  const CoocResult top =
      RunCooc({"assoc", "--db", db, "the", "--measure", "count", "--format",
               "tsv", "--min-count", "1", "--top", "2"});
  ASSERT_EQ(top.exit_code, 0) << top;
  EXPECT_EQ(ParseTsv(top.out).size(), 2u) << top.out;
}

// Issue 10: yes/no and on/off values were JSON strings ("created": "yes");
// in JSON they are booleans, in table and TSV they print as before.
TEST(Cli, Issue10JsonBooleansAreJsonBooleans) {
  TempDir dir;
  const std::string db = dir.Join("db");
  for (const char* created : {"true", "false"}) {
    const CoocResult ingest = RunCooc(
        {"ingest", "--db", db, "--format", "json", "--no-fold", "-"}, kCatText);
    ASSERT_EQ(ingest.exit_code, 0) << ingest;
    const auto objects = ParseJsonLines(ingest.out);
    ASSERT_EQ(objects.size(), 1u) << ingest;
    const JsonField* field = Field(objects[0], "created");
    ASSERT_NE(field, nullptr) << ingest;
    EXPECT_FALSE(field->is_string) << ingest;
    EXPECT_EQ(field->value, created) << ingest;
  }
  const CoocResult stats = RunCooc({"stats", "--db", db, "--format", "json"});
  const auto objects = ParseJsonLines(stats.out);
  ASSERT_EQ(objects.size(), 1u) << stats;
  for (const auto& [key, value] :
       {std::pair{"case_folding", "false"}, std::pair{"keep_numbers", "false"}}) {
    const JsonField* field = Field(objects[0], key);
    ASSERT_NE(field, nullptr) << key << ": " << stats;
    EXPECT_FALSE(field->is_string) << key << ": " << stats;
    EXPECT_EQ(field->value, value) << key << ": " << stats;
  }
  // No other value of any JSON report is a "yes", "no", "on" or "off".
  for (const auto& object : objects) {
    for (const JsonField& field : object) {
      if (!field.is_string) continue;
      for (const char* word : {"yes", "no", "on", "off", "true", "false"}) {
        EXPECT_NE(field.value, word) << field.key;
      }
    }
  }
  const Row table = ParseTsvRecord(
      RunCooc({"stats", "--db", db, "--format", "tsv"}).out);
  EXPECT_EQ(table.at("case_folding"), "off");
  EXPECT_EQ(ParseTsvRecord(RunCooc({"ingest", "--db", dir.Join("new"),
                                    "--format", "tsv", "-"},
                                   kCatText)
                               .out)
                .at("created"),
            "yes");
}

// Issue 10: --add-k 1e308 was accepted as finite; N + 4k overflowed to inf,
// every score became NaN and collocations printed nothing with exit 0. The
// option is bounded so that every cell and every score stays finite, and
// a ranking that lists nothing says why.
TEST(Cli, Issue10AddKIsBoundedSoEveryCellStaysFinite) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const std::vector<std::vector<std::string>> commands = {
      {"collocations", "--db", db, "--min-count", "1"},
      {"assoc", "--db", db, "--min-count", "1", "sat"},
      {"pair", "--db", db, "the", "sat"},
  };
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);
    for (const char* k : {"1e308", "1e13", "inf", "nan", "-1"}) {
      std::vector<std::string> args = command;
      args.insert(args.end(), {"--add-k", k});
      const CoocResult refused = RunCooc(args);
      EXPECT_EQ(refused.exit_code, 2) << k << ": " << refused;
      EXPECT_TRUE(absl::StrContains(refused.err, "add-k")) << refused;
      EXPECT_EQ(refused.out, "") << refused;
    }
    // At the bound, every cell and every measure is a finite number.
    std::vector<std::string> args = command;
    args.insert(args.end(), {"--add-k", "1e12", "--format", "json"});
    if (command[0] != "pair") args.insert(args.end(), {"--measure", "chi2"});
    const CoocResult answer = RunCooc(args);
    ASSERT_EQ(answer.exit_code, 0) << answer;
    const auto objects = ParseJsonLines(answer.out);
    ASSERT_FALSE(objects.empty()) << answer;
    for (const auto& object : objects) {
      for (const JsonField& field : object) {
        if (field.is_string) continue;
        double value = 0;
        EXPECT_TRUE(absl::SimpleAtod(field.value, &value) &&
                    std::isfinite(value))
            << field.key << " = " << field.value;
      }
    }
  }
  // An empty ranking says why, on stderr, and is not an error.
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"collocations", "--db", db},
        std::vector<std::string>{"assoc", "--db", db, "sat"}}) {
    std::vector<std::string> args = command;
    args.insert(args.end(), {"--min-count", "1000"});
    const CoocResult empty = RunCooc(args);
    EXPECT_EQ(empty.exit_code, 0) << empty;
    EXPECT_TRUE(absl::StrContains(empty.err, "no results")) << empty;
    EXPECT_TRUE(absl::StrContains(empty.err, "1000")) << empty;
    EXPECT_TRUE(absl::StrContains(empty.err, "--min-count")) << empty;
    EXPECT_EQ(std::count(empty.out.begin(), empty.out.end(), '\n'), 1)
        << "the header only: " << empty;
  }
  // A non-empty one says nothing.
  EXPECT_EQ(RunCooc({"collocations", "--db", db, "--min-count", "1"}).err, "");
}

// The lines a progress display drew on stderr (each \r starts one).
std::vector<std::string> ProgressLines(const std::string& err) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(err, absl::ByAnyChar("\r\n"))) {
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (!line.empty()) lines.emplace_back(line);
  }
  return lines;
}

// Issue 10: the progress line reached 100% while reading and then showed
// nothing through the merge and the commit, and with standard input it moved
// once per 1 MiB block. Each phase now has its line, in order, and a pipe's
// progress moves as its lines arrive.
TEST(Cli, Issue10ProgressShowsEveryPhaseAndMovesWithAPipe) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    std::string word = "w";  // A word of its own per line: a, b, ..., ba...
    for (int n = i; n > 0; n /= 26) word.push_back(static_cast<char>('a' + n % 26));
    absl::StrAppend(&text, "the quick brown fox ", i % 97 == 0 ? "jumps" : "runs",
                    " over the lazy dog number ", word, "\n");
  }
  WriteFile(dir.Join("in.txt"), text);
  const CoocResult ingest = RunCooc({"ingest", "--db", dir.Join("db"),
                                     "--progress", "--shards", "4",
                                     dir.Join("in.txt")});
  ASSERT_EQ(ingest.exit_code, 0) << ingest;
  const std::vector<std::string> lines = ProgressLines(ingest.err);
  const std::vector<std::string> phases = {
      "reading and counting: ", "merging and writing shards: 4 of 4",
      "committing", "merging table files"};
  size_t at = 0;
  for (const std::string& phase : phases) {
    while (at < lines.size() && !absl::StartsWith(lines[at], phase)) ++at;
    EXPECT_LT(at, lines.size()) << "no '" << phase << "' line after the "
                                << "earlier phases:\n" << ingest.err;
  }

  // Standard input, in installments far below a 1 MiB block: the progress
  // line counts what has arrived while the pipe is still open (at most four
  // times a second: the second installment, sent after the first line was
  // drawn, moves it past the first).
  CoocProcess piped({"ingest", "--db", dir.Join("piped"), "--progress", "-"});
  const size_t third = text.size() / 3;
  const auto most_read = [&] {
    double most = -1;
    for (const std::string& line : ProgressLines(piped.err())) {
      absl::string_view rest = line;
      double mb = 0;
      if (absl::ConsumePrefix(&rest, "reading and counting: ") &&
          absl::SimpleAtod(rest.substr(0, rest.find(' ')), &mb)) {
        most = std::max(most, mb);
      }
    }
    return most;
  };
  piped.Write(text.substr(0, third));
  for (int i = 0; i < 200 && most_read() < 0; ++i) {
    piped.Service(std::chrono::milliseconds(50));
  }
  ASSERT_GE(most_read(), 0) << "no progress line while the pipe is open: "
                            << piped.err();
  piped.Service(std::chrono::milliseconds(400));
  piped.Write(text.substr(third, third));
  for (int i = 0; i < 200 && most_read() < 0.05; ++i) {
    piped.Service(std::chrono::milliseconds(50));
  }
  EXPECT_GE(most_read(), 0.05) << "the progress line did not move while the "
                               << "pipe is open: " << piped.err();
  piped.Write(text.substr(2 * third));
  const CoocResult done = piped.Wait();
  EXPECT_EQ(done.exit_code, 0) << done;
}

TEST(Cli, WindowsStopAtTheEndOfEachInput) {
  // "a b" ends the first file without a newline; "c d" starts the second.
  TempDir dir;
  const std::string db = dir.Join("db");
  WriteFile(dir.Join("one.txt"), "alpha beta");
  WriteFile(dir.Join("two.txt"), "gamma delta\n");
  const CoocResult result = RunCooc({"ingest", "--db", db, "--window", "3",
                                     dir.Join("one.txt"), dir.Join("two.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(Pair(db, "beta", "gamma").at("o11"), "0");
  EXPECT_EQ(Pair(db, "alpha", "beta").at("o11"), "1");
  EXPECT_EQ(Pair(db, "gamma", "delta").at("o11"), "1");
  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("lines"), "2");
  EXPECT_EQ(stats.at("pair_events"), "4");
}

TEST(Cli, CrlfLineEndsAndAByteOrderMarkDoNotChangeTheCounts) {
  TempDir dir;
  const std::string lf = dir.Join("lf.db");
  const std::string crlf = dir.Join("crlf.db");
  Ingest(dir, lf, kCatText, {"--window", "2"});
  Ingest(dir, crlf, "\xEF\xBB\xBFthe cat sat on the mat\r\nthe dog sat\r\n",
         {"--window", "2"});
  EXPECT_EQ(TakeSnapshot(crlf), TakeSnapshot(lf));
}

TEST(Cli, ALineLongerThanTheReadBufferIsOneLineWithUnbrokenWindows) {
  // 2.5 MB on one line: the reader hands it out in pieces, but windows run
  // on across them. Ordered, window 1, alternating X Y X Y ...: c(X,Y) is
  // the number of X, c(Y,X) one less.
  TempDir dir;
  const std::string x(99, 'x');
  const std::string y(99, 'y');
  std::string text;
  constexpr int kPairs = 12500;
  for (int i = 0; i < kPairs; ++i) absl::StrAppend(&text, x, " ", y, " ");
  text += "\nlast\n";
  const std::string db = dir.Join("db");
  Ingest(dir, db, text, {"--window", "1", "--ordered"});
  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("lines"), "2");
  EXPECT_EQ(stats.at("tokens"), absl::StrCat(2 * kPairs + 1));
  EXPECT_EQ(stats.at("pair_events"), absl::StrCat(2 * kPairs - 1));
  EXPECT_EQ(Pair(db, x, y).at("o11"), absl::StrCat(kPairs));
  EXPECT_EQ(Pair(db, y, x).at("o11"), absl::StrCat(kPairs - 1));
  const CoocResult tokens = RunCooc({"tokenize", dir.Join("ingest_input.txt")});
  ASSERT_EQ(tokens.exit_code, 0) << tokens;
  EXPECT_EQ(LineCount(tokens.out), 2u);
}

TEST(Cli, PairOnADatabaseWithoutPairEventsPrintsNoNan) {
  // Every line has one token: the words are known but n = 0, so there is no
  // contingency table to score (measures.h: Score requires n > 0 and never
  // returns NaN for a valid table). cooc must say so (exit 1) or print
  // scores that are numbers or infinities, never "nan".
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, "alpha\nbeta\n");
  EXPECT_EQ(Stats(db).at("pair_events"), "0");
  const CoocResult result =
      RunCooc({"pair", "--db", db, "alpha", "beta", "--format", "tsv"});
  if (result.exit_code == 1) {
    EXPECT_TRUE(absl::StartsWith(result.err, "cooc: ")) << result;
  } else {
    EXPECT_EQ(result.exit_code, 0) << result;
    EXPECT_FALSE(absl::StrContains(result.out, "nan")) << result;
  }
}

// ---------------------------------------------------------------------------
// tokenize.

TEST(Cli, TokenizePrintsOneLinePerInputLine) {
  TempDir dir;
  WriteFile(dir.Join("in.txt"), "Hello, World!\n!!!\n\nThe CAT sat.\nlast");
  const CoocResult result = RunCooc({"tokenize", dir.Join("in.txt")});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(result.out, "hello world\n\n\nthe cat sat\nlast\n");
  EXPECT_EQ(result.err, "");
}

TEST(Cli, TokenizeReadsStandardInputWithDashOrWithoutFiles) {
  const std::string text = "One two\r\n???\nthree\n";
  const std::string expected = "one two\n\nthree\n";
  const CoocResult dash = RunCooc({"tokenize", "-"}, text);
  EXPECT_EQ(dash.exit_code, 0) << dash;
  EXPECT_EQ(dash.out, expected);
  const CoocResult none = RunCooc({"tokenize"}, text);
  EXPECT_EQ(none.exit_code, 0) << none;
  EXPECT_EQ(none.out, expected);
}

TEST(Cli, StandardInputIsCountedEveryTimeAndJournaled) {
  // Standard input cannot be read twice, so its content is never looked up
  // in the journal: the same text piped twice counts twice.
  TempDir dir;
  const std::string db = dir.Join("db");
  for (int i = 0; i < 2; ++i) {
    const CoocResult result =
        RunCooc({"ingest", "--db", db, "--format", "json", "-"}, "x y\n");
    ASSERT_EQ(result.exit_code, 0) << result;
    EXPECT_TRUE(absl::StrContains(result.out, "\"skipped_inputs\":0")) << result;
  }
  const CoocResult pair = RunCooc({"pair", "--db", db, "x", "y", "--format", "tsv"});
  EXPECT_TRUE(absl::StrContains(pair.out, "x\ty\t2\t")) << pair;
  const CoocResult sources = RunCooc({"sources", "--db", db, "--format", "tsv"});
  ASSERT_EQ(sources.exit_code, 0) << sources;
  EXPECT_TRUE(absl::StrContains(sources.out, "\t4\t0000000000000000\t-\n"))
      << sources;  // bytes 4 ("x y\n"), hash 0, path "-".
}

TEST(Cli, AFileCountedBeforeIsSkippedWithAMessage) {
  TempDir dir;
  const std::string db = dir.Join("db");
  WriteFile(dir.Join("a.txt"), "alpha beta\n");
  ASSERT_EQ(RunCooc({"ingest", "--db", db, dir.Join("a.txt")}).exit_code, 0);
  const CoocResult again = RunCooc({"ingest", "--db", db, dir.Join("a.txt")});
  EXPECT_EQ(again.exit_code, 0) << again;
  EXPECT_TRUE(absl::StrContains(again.err, "skipped")) << again;
  EXPECT_TRUE(absl::StrContains(again.err, "--force")) << again;
  const CoocResult pair =
      RunCooc({"pair", "--db", db, "alpha", "beta", "--format", "tsv"});
  EXPECT_TRUE(absl::StrContains(pair.out, "alpha\tbeta\t1\t")) << pair;
}

TEST(Cli, Issue9AVocabularyThatOutgrowsTheBudgetIsNotedWithTheBudgetItNeeds) {
  // 720,000 distinct 6-letter terms: their vocabulary takes about 25 MiB,
  // more than --memory 16 leaves it (15 MiB), and it is never spilled.
  TempDir dir;
  std::string text;
  for (uint32_t i = 0; i < 720000; ++i) {
    uint32_t n = i;
    for (int letter = 0; letter < 6; ++letter, n /= 26) {
      text.push_back(static_cast<char>('a' + n % 26));
    }
    text.push_back(i % 12 == 11 ? '\n' : ' ');
  }
  const std::string path = dir.Join("types.txt");
  WriteFile(path, text);
  for (const char* command : {"ingest", "count"}) {
    std::vector<std::string> args = {command, "--memory", "16", "--quiet"};
    if (std::string(command) == "ingest") {
      args.insert(args.end(), {"--db", dir.Join("small.db")});
    } else {
      args.insert(args.end(), {"--out", dir.Join("small.part")});
    }
    args.push_back(path);
    const CoocResult small = RunCooc(args);
    EXPECT_EQ(small.exit_code, 0) << small;
    EXPECT_TRUE(absl::StrContains(small.err, "note: the vocabulary took "))
        << small;
    EXPECT_TRUE(absl::StrContains(small.err, "more than --memory 16 leaves it"))
        << small;
    EXPECT_TRUE(absl::StrContains(small.err, " or more would have held it"))
        << small;
  }
  // The default budget holds it: no note.
  const CoocResult large =
      RunCooc({"ingest", "--quiet", "--db", dir.Join("large.db"), path});
  EXPECT_EQ(large.exit_code, 0) << large;
  EXPECT_FALSE(absl::StrContains(large.err, "note:")) << large;
  // A fold holds the vocabularies of what it folds: the part's, and both
  // databases' in a merge.
  for (const char* budget : {"16", "1024"}) {
    const std::vector<std::vector<std::string>> folds = {
        {"ingest", "--parts", "--db", dir.Join(absl::StrCat("parts", budget)),
         dir.Join("small.part")},
        {"merge", "--force", "--db", dir.Join(absl::StrCat("merged", budget)),
         dir.Join("small.db"), dir.Join("large.db")}};
    for (std::vector<std::string> args : folds) {
      args.insert(args.begin() + 1, {"--memory", budget, "--quiet"});
      const CoocResult fold = RunCooc(args);
      EXPECT_EQ(fold.exit_code, 0) << fold;
      EXPECT_EQ(absl::StrContains(fold.err, "note: the vocabulary took "),
                std::string(budget) == "16")
          << fold;
      EXPECT_TRUE(absl::StrContains(fold.out, "memory_needed_mb")) << fold;
    }
  }
}

TEST(Cli, TokenizeOfEmptyInputPrintsNothingAndSucceeds) {
  TempDir dir;
  WriteFile(dir.Join("empty.txt"), "");
  const CoocResult file = RunCooc({"tokenize", dir.Join("empty.txt")});
  EXPECT_EQ(file.exit_code, 0) << file;
  EXPECT_EQ(file.out, "");
  const CoocResult stdin_input = RunCooc({"tokenize"}, "");
  EXPECT_EQ(stdin_input.exit_code, 0) << stdin_input;
  EXPECT_EQ(stdin_input.out, "");
}

TEST(Cli, TokenizeConcatenatesSeveralInputsInOrder) {
  TempDir dir;
  WriteFile(dir.Join("a.txt"), "alpha\nbeta");
  WriteFile(dir.Join("b.txt"), "gamma\n");
  const CoocResult result = RunCooc(
      {"tokenize", dir.Join("a.txt"), "-", dir.Join("b.txt")}, "from stdin\n");
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(result.out, "alpha\nbeta\nfrom stdin\ngamma\n");
}

TEST(Cli, TokenizeSegmentsChineseIntoSeveralWords) {
  const std::string text = "我们喜欢自然语言处理";
  const CoocResult result = RunCooc({"tokenize"}, text + "\n");
  ASSERT_EQ(result.exit_code, 0) << result;
  ASSERT_FALSE(result.out.empty());
  const std::string line = result.out.substr(0, result.out.size() - 1);
  EXPECT_EQ(result.out.back(), '\n');
  EXPECT_TRUE(absl::StrContains(line, " ")) << line;
  // Segmentation only inserts spaces.
  EXPECT_EQ(absl::StrJoin(absl::StrSplit(line, ' '), ""), text);
}

TEST(Cli, TokenizeOfAMissingFileIsARuntimeError) {
  TempDir dir;
  const CoocResult result = RunCooc({"tokenize", dir.Join("missing.txt")});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StrContains(result.err, "missing.txt")) << result;
}

// ---------------------------------------------------------------------------
// End to end on the bundled corpora.

// One database holding both bundled corpora, built once for the suite.
class CliCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const CoocResult result =
        RunCooc({"ingest", "--db", Db(), "--format", "json",
                 CorpusPath("en_austen_sample.txt"),
                 CorpusPath("zh_luxun_sample.txt")});
    ingested_ = result.exit_code == 0;
    EXPECT_EQ(result.exit_code, 0) << result;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(ingested_) << "the corpus ingest failed";
  }

  static std::string Db() { return dir_->Join("corpus.db"); }

  // Runs a query subcommand on the corpus database.
  static CoocResult Query(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", Db()});
    return RunCooc(args);
  }

  static TempDir* dir_;
  static bool ingested_;
};

TempDir* CliCorpus::dir_ = nullptr;
bool CliCorpus::ingested_ = false;

TEST_F(CliCorpus, StatsReportTheWholeCorpus) {
  const CoocResult result = Query({"stats", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result;
  const auto objects = ParseJsonLines(result.out);
  ASSERT_EQ(objects.size(), 1u) << result.out;
  const std::vector<JsonField>& stats = objects[0];
  for (const char* key :
       {"tokens", "types", "pair_events", "distinct_pairs", "lines", "window",
        "mode", "shards", "case_folding", "keep_numbers", "invalid_utf8",
        "ingests", "db_bytes"}) {
    ASSERT_NE(Field(stats, key), nullptr) << "no " << key << ": " << result.out;
  }
  const uint64_t tokens = Count(Field(stats, "tokens")->value);
  const uint64_t types = Count(Field(stats, "types")->value);
  const uint64_t pair_events = Count(Field(stats, "pair_events")->value);
  const uint64_t distinct = Count(Field(stats, "distinct_pairs")->value);
  EXPECT_GT(tokens, 10000u);
  EXPECT_GT(types, 1000u);
  EXPECT_LT(types, tokens);
  // Symmetric window 5: every event has its mirror, and a token has at most
  // 5 partners to its right.
  EXPECT_EQ(pair_events % 2, 0u);
  EXPECT_GT(pair_events, tokens);
  EXPECT_LE(pair_events, 2 * 5 * tokens);
  EXPECT_GT(distinct, 0u);
  EXPECT_LE(distinct, pair_events);
  EXPECT_EQ(Count(Field(stats, "lines")->value),
            LineCount(ReadFile(CorpusPath("en_austen_sample.txt"))) +
                LineCount(ReadFile(CorpusPath("zh_luxun_sample.txt"))));
  EXPECT_EQ(Field(stats, "window")->value, "5");
  EXPECT_EQ(Field(stats, "mode")->value, "symmetric");
  EXPECT_TRUE(Field(stats, "mode")->is_string);
  EXPECT_EQ(Field(stats, "shards")->value, "8");
  EXPECT_EQ(Field(stats, "ingests")->value, "1");
  EXPECT_EQ(Field(stats, "invalid_utf8")->value, "0");
  EXPECT_GT(Count(Field(stats, "db_bytes")->value), 0u);
}

// Checks the rows of an `assoc TERM --format tsv` answer.
void ExpectAssociatesOf(const std::string& term, const CoocResult& result,
                        const std::string& measure) {
  ASSERT_EQ(result.exit_code, 0) << result;
  const std::vector<Row> rows = ParseTsv(result.out);
  ASSERT_FALSE(rows.empty()) << result;
  double previous = INFINITY;
  for (const Row& row : rows) {
    SCOPED_TRACE(Table(row));
    EXPECT_EQ(row.at("x"), term);
    EXPECT_NE(row.at("y"), "");
    const uint64_t o11 = Count(row.at("o11"));
    EXPECT_GE(o11, 5u);  // The default --min-count.
    EXPECT_LE(o11, Count(row.at("r1")));
    EXPECT_LE(o11, Count(row.at("c1")));
    EXPECT_EQ(row.at("r1"), rows[0].at("r1"));  // c(term,*) throughout.
    const double score = Number(row.at(measure));
    EXPECT_LE(score, previous) << "not best first";
    previous = score;
  }
}

TEST_F(CliCorpus, AssocListsTheAssociatesOfAnEnglishWord) {
  ExpectAssociatesOf("elizabeth",
                     Query({"assoc", "elizabeth", "--format", "tsv"}), "pmi");
}

TEST_F(CliCorpus, AssocListsTheAssociatesOfAChineseWord) {
  ExpectAssociatesOf("中国", Query({"assoc", "中国", "--format", "tsv"}),
                     "pmi");
}

TEST_F(CliCorpus, AssocRanksByTheChosenMeasure) {
  const CoocResult result = Query(
      {"assoc", "darcy", "--measure", "llr", "--top", "7", "--format", "tsv"});
  ExpectAssociatesOf("darcy", result, "llr");
  EXPECT_EQ(ParseTsv(result.out).size(), 7u);
}

TEST_F(CliCorpus, AssocNormalizesTheCaseOfItsTerm) {
  const CoocResult lower = Query({"assoc", "elizabeth", "--format", "tsv"});
  const CoocResult upper = Query({"assoc", "ELIZABETH", "--format", "tsv"});
  ASSERT_EQ(upper.exit_code, 0) << upper;
  EXPECT_EQ(upper.out, lower.out);
  EXPECT_EQ(Pair(Db(), "Elizabeth", "DARCY"), Pair(Db(), "elizabeth", "darcy"));
}

TEST_F(CliCorpus, AssocOfAnUnknownTermIsARuntimeError) {
  const CoocResult result = Query({"assoc", "zzzzqqq"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StrContains(result.err, "not in the vocabulary")) << result;
  EXPECT_TRUE(absl::StrContains(result.err, "zzzzqqq")) << result;
  EXPECT_EQ(result.out, "");
}

TEST_F(CliCorpus, AssocOfManyTermsEqualsOneCallPerTerm) {
  const std::vector<std::string> terms = {"elizabeth", "Darcy", "中国", "jane"};
  std::vector<std::string> args = {"assoc", "--top", "6", "--format", "tsv"};
  args.insert(args.end(), terms.begin(), terms.end());
  const CoocResult batch = Query(args);
  ASSERT_EQ(batch.exit_code, 0) << batch;
  const std::vector<Row> rows = ParseTsv(batch.out);
  size_t next = 0;
  for (const std::string& term : terms) {
    const CoocResult single =
        Query({"assoc", term, "--top", "6", "--format", "tsv"});
    ASSERT_EQ(single.exit_code, 0) << single;
    const std::vector<Row> expected = ParseTsv(single.out);
    ASSERT_FALSE(expected.empty());
    for (const Row& want : expected) {
      ASSERT_LT(next, rows.size());
      Row got = rows[next++];
      EXPECT_EQ(got.at("term"), term);
      got.erase("term");
      EXPECT_EQ(got, want);
    }
  }
  EXPECT_EQ(next, rows.size());

  // The same terms from a file (blank lines and spaces ignored).
  TempDir dir;
  const std::string list = dir.Join("terms.txt");
  WriteFile(list, "elizabeth\n\n  Darcy \n中国\njane");
  const CoocResult from_file =
      Query({"assoc", "--top", "6", "--format", "tsv", "--terms-from", list});
  ASSERT_EQ(from_file.exit_code, 0) << from_file;
  EXPECT_EQ(from_file.out, batch.out);
}

TEST_F(CliCorpus, AssocOfManyTermsAnswersTheKnownOnesAndExitsOne) {
  const CoocResult result = Query(
      {"assoc", "--measures", "llr,logdice", "--format", "tsv", "darcy",
       "zzzzqqq", "jane"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StrContains(result.err, "zzzzqqq")) << result;
  const std::vector<Row> rows = ParseTsv(result.out);
  ASSERT_FALSE(rows.empty()) << result;
  bool saw_darcy = false, saw_jane = false;
  for (const Row& row : rows) {
    saw_darcy |= row.at("term") == "darcy";
    saw_jane |= row.at("term") == "jane";
    EXPECT_NE(row.at("term"), "zzzzqqq");
    // The extra measures are those of the row's own table.
    const CoocResult pair =
        Query({"pair", row.at("x"), row.at("y"), "--format", "tsv"});
    ASSERT_EQ(pair.exit_code, 0) << pair;
    const Row full = ParseTsv(pair.out).at(0);
    EXPECT_EQ(row.at("llr"), full.at("llr"));
    EXPECT_EQ(row.at("logdice"), full.at("logdice"));
  }
  EXPECT_TRUE(saw_darcy && saw_jane);
}

TEST_F(CliCorpus, VocabListsTheMostFrequentTermsWithTheirRanks) {
  const CoocResult result = Query({"vocab", "--top", "3", "--format", "tsv"});
  ASSERT_EQ(result.exit_code, 0) << result;
  const std::vector<Row> rows = ParseTsv(result.out);
  ASSERT_EQ(rows.size(), 3u) << result;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("rank"), absl::StrCat(i + 1));
    if (i > 0) {
      EXPECT_GE(Count(rows[i - 1].at("frequency")),
                Count(rows[i].at("frequency")));
    }
  }
  EXPECT_EQ(rows[0].at("term"), "的");  // The corpus is English and Chinese.
  const CoocResult latin =
      Query({"vocab", "--match", "^\\p{Latin}+$", "--top", "1", "--format", "tsv"});
  ASSERT_EQ(latin.exit_code, 0) << latin;
  EXPECT_EQ(ParseTsv(latin.out).at(0).at("term"), "the");
  const CoocResult bad = Query({"vocab", "--match", "("});
  EXPECT_EQ(bad.exit_code, 1) << bad;
  EXPECT_TRUE(absl::StrContains(bad.err, "not a regular expression")) << bad;
  const CoocResult order = Query({"vocab", "--sort", "alphabet"});
  EXPECT_EQ(order.exit_code, 2) << order;
  EXPECT_TRUE(absl::StrContains(order.err, "unknown --sort"))
      << order;
}

TEST_F(CliCorpus, MistypedNamesGetSuggestions) {
  const CoocResult term = Query({"assoc", "elizabteh"});
  EXPECT_EQ(term.exit_code, 1) << term;
  EXPECT_TRUE(absl::StrContains(term.err, "did you mean 'elizabeth'")) << term;
  const CoocResult measure = Query({"assoc", "darcy", "--measure", "pmmi"});
  EXPECT_EQ(measure.exit_code, 2) << measure;
  EXPECT_TRUE(absl::StrContains(measure.err, "did you mean 'pmi'")) << measure;
  const CoocResult command = RunCooc({"colocations"});
  EXPECT_EQ(command.exit_code, 2) << command;
  EXPECT_TRUE(absl::StrContains(command.err, "did you mean 'collocations'"))
      << command;
  // Every option that takes one of a few names suggests the closest.
  const std::vector<std::pair<std::vector<std::string>, std::string>> enums = {
      {{"assoc", "darcy", "--base", "ee"}, "'e'"},
      {{"assoc", "darcy", "--marginals", "unigam"}, "'unigram'"},
      {{"assoc", "darcy", "--direction", "positve"}, "'positive'"},
      {{"vocab", "--sort", "frq"}, "'freq'"},
      {{"concordance", "darcy", "--sort", "lefft"}, "'left'"},
  };
  for (const auto& [args, suggestion] : enums) {
    const CoocResult result = Query(args);
    EXPECT_EQ(result.exit_code, 2) << result;
    EXPECT_TRUE(absl::StrContains(result.err, "did you mean " + suggestion))
        << result;
  }
  const CoocResult unit =
      RunCooc({"ingest", "--db", "/nonexistent/db", "--unit", "sentense", "x"});
  EXPECT_EQ(unit.exit_code, 2) << unit;
  EXPECT_TRUE(absl::StrContains(unit.err, "did you mean 'sentence'")) << unit;
}

TEST(Cli, VersionNamesCoocRocksDbAndIcu) {
  for (const char* spelling : {"--version", "version"}) {
    const CoocResult result = RunCooc({spelling});
    EXPECT_EQ(result.exit_code, 0) << result;
    EXPECT_TRUE(absl::StartsWith(result.out, "cooc 0.")) << result;
    EXPECT_TRUE(absl::StrContains(result.out, "\nRocksDB 7.")) << result;
    EXPECT_TRUE(absl::StrContains(result.out, "\nICU ")) << result;
  }
}

TEST_F(CliCorpus, PairWithAnUnknownTermIsARuntimeError) {
  const CoocResult result = Query({"pair", "elizabeth", "zzzzqqq"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StrContains(result.err, "not in the vocabulary")) << result;
}

TEST_F(CliCorpus, CollocationsTopTenReturnsTenRows) {
  const CoocResult tsv =
      Query({"collocations", "--top", "10", "--format", "tsv"});
  ASSERT_EQ(tsv.exit_code, 0) << tsv;
  EXPECT_EQ(ParseTsv(tsv.out).size(), 10u) << tsv.out;
  const CoocResult json =
      Query({"collocations", "--top", "10", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json;
  EXPECT_EQ(ParseJsonLines(json.out).size(), 10u) << json.out;
  const CoocResult table = Query({"collocations", "--top", "10"});
  ASSERT_EQ(table.exit_code, 0) << table;
  EXPECT_EQ(LineCount(table.out), 11u) << table.out;  // Header and 10 rows.
}

TEST_F(CliCorpus, CollocationsListEachSymmetricPairOnce) {
  const CoocResult result = Query(
      {"collocations", "--top", "2000", "--min-count", "3", "--format", "tsv"});
  ASSERT_EQ(result.exit_code, 0) << result;
  const std::vector<Row> rows = ParseTsv(result.out);
  ASSERT_GT(rows.size(), 100u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const Row& row : rows) {
    EXPECT_TRUE(seen.emplace(row.at("x"), row.at("y")).second);
    if (row.at("x") != row.at("y")) {
      EXPECT_EQ(seen.count({row.at("y"), row.at("x")}), 0u)
          << row.at("x") << " " << row.at("y") << " listed twice";
    }
    EXPECT_GE(Count(row.at("o11")), 3u);
  }
}

TEST_F(CliCorpus, JsonOutputIsOneObjectPerLineWithTheTableAndTheMeasure) {
  const std::vector<std::string> expected_keys = {
      "x", "y", "o11", "r1", "c1", "n", "fx", "fy", "npmi"};
  const CoocResult stats = Query({"stats", "--format", "tsv"});
  const std::string n = ParseTsvRecord(stats.out).at("pair_events");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"assoc", "elizabeth", "--measure", "npmi", "--format", "json"},
           {"assoc", "中国", "--measure", "npmi", "--format", "json"},
           {"collocations", "--measure", "npmi", "--top", "25", "--format",
            "json"}}) {
    SCOPED_TRACE(absl::StrJoin(args, " "));
    const CoocResult result = Query(args);
    ASSERT_EQ(result.exit_code, 0) << result;
    const auto objects = ParseJsonLines(result.out);
    ASSERT_FALSE(objects.empty());
    for (const std::vector<JsonField>& object : objects) {
      EXPECT_EQ(Keys(object), expected_keys);
      if (Keys(object) != expected_keys) continue;
      EXPECT_TRUE(Field(object, "x")->is_string);
      EXPECT_TRUE(Field(object, "y")->is_string);
      for (const char* count : {"o11", "r1", "c1", "n", "fx", "fy"}) {
        EXPECT_FALSE(Field(object, count)->is_string);
        Count(Field(object, count)->value);  // A whole number.
      }
      EXPECT_EQ(Field(object, "n")->value, n);
      const double npmi = Number(Field(object, "npmi")->value);
      EXPECT_GE(npmi, -1.0);
      EXPECT_LE(npmi, 1.0);
    }
  }
}

// ---------------------------------------------------------------------------
// Ingesting in parts.

TEST(Cli, IngestingInTwoHalvesEqualsIngestingAtOnce) {
  TempDir dir;
  const std::string text = ReadFile(CorpusPath("en_austen_sample.txt"));
  // Split at the line boundary nearest the middle.
  const size_t cut = text.find('\n', text.size() / 2) + 1;
  ASSERT_GT(cut, 0u);
  ASSERT_LT(cut, text.size());
  WriteFile(dir.Join("first.txt"), text.substr(0, cut));
  WriteFile(dir.Join("second.txt"), text.substr(cut));

  const std::string whole = dir.Join("whole.db");
  const std::string halves = dir.Join("halves.db");
  CoocResult result =
      RunCooc({"ingest", "--db", whole, CorpusPath("en_austen_sample.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  result = RunCooc({"ingest", "--db", halves, dir.Join("first.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;
  result = RunCooc({"ingest", "--db", halves, dir.Join("second.txt")});
  ASSERT_EQ(result.exit_code, 0) << result;

  EXPECT_EQ(Stats(halves).at("distinct_pairs"), "unknown");
  result = RunCooc({"compact", "--db", halves});
  ASSERT_EQ(result.exit_code, 0) << result;
  Row whole_stats = Stats(whole);
  Row halves_stats = Stats(halves);
  EXPECT_EQ(whole_stats.at("ingests"), "1");
  EXPECT_EQ(halves_stats.at("ingests"), "2");
  for (Row* stats : {&whole_stats, &halves_stats}) {
    stats->erase("ingests");
    stats->erase("db_bytes");
  }
  EXPECT_EQ(halves_stats, whole_stats);
  EXPECT_EQ(whole_stats.at("lines"), absl::StrCat(LineCount(text)));

  const auto same = [&](std::vector<std::string> args) {
    SCOPED_TRACE(absl::StrJoin(args, " "));
    args.insert(args.begin() + 1, {"--db", whole});
    const CoocResult from_whole = RunCooc(args);
    args[2] = halves;
    const CoocResult from_halves = RunCooc(args);
    ASSERT_EQ(from_whole.exit_code, 0) << from_whole;
    ASSERT_EQ(from_halves.exit_code, 0) << from_halves;
    EXPECT_GT(LineCount(from_whole.out), 1u);
    EXPECT_EQ(from_halves.out, from_whole.out);
  };
  same(
      {"collocations", "--top", "1000", "--min-count", "1", "--format", "tsv"});
  same({"collocations", "--top", "50", "--measure", "llr", "--format", "tsv"});
  same({"assoc", "elizabeth", "--top", "1000", "--min-count", "1", "--format",
        "tsv"});
  same({"assoc", "darcy", "--measure", "logdice", "--format", "tsv"});
  same({"pair", "lady", "catherine", "--format", "tsv"});
}

// ---------------------------------------------------------------------------
// Bad input: a clear message, exit status 1, and the database unchanged.

// Each test gets its own copy of one small database (window 5, symmetric,
// 8 shards), built once: copying a closed database is much faster than a
// synced ingest.
class CliBadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    template_dir_ = new TempDir;
    Ingest(*template_dir_, TemplateDb(), kCatText, {"--window", "5"});
    template_snapshot_ = new Snapshot(TakeSnapshot(TemplateDb()));
  }
  static void TearDownTestSuite() {
    delete template_snapshot_;
    delete template_dir_;
  }
  static std::string TemplateDb() { return template_dir_->Join("db"); }

  void SetUp() override {
    ASSERT_EQ(template_snapshot_->stats["tokens"], "9");
    std::error_code error;
    fs::copy(TemplateDb(), Db(), fs::copy_options::recursive, error);
    ASSERT_FALSE(error) << error.message();
    before_ = *template_snapshot_;
  }

  std::string Db() const { return dir_.Join("db"); }
  std::string Path(const std::string& name) const { return dir_.Join(name); }

  // Runs `cooc ingest --db DB args...`, expects exit 1, an error message
  // containing `message` on stderr, nothing on stdout, and an unchanged
  // database.
  void ExpectIngestFails(std::vector<std::string> args,
                         const std::string& message,
                         const std::string& stdin_text = "") {
    args.insert(args.begin(), {"ingest", "--db", Db()});
    SCOPED_TRACE(absl::StrJoin(args, " "));
    const CoocResult result = RunCooc(args, stdin_text);
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_TRUE(absl::StartsWith(result.err, "cooc: ")) << result;
    EXPECT_TRUE(absl::StrContains(result.err, message)) << result;
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(TakeSnapshot(Db()), before_);
  }

  static TempDir* template_dir_;
  static Snapshot* template_snapshot_;
  TempDir dir_;
  Snapshot before_;
};

TempDir* CliBadInput::template_dir_ = nullptr;
Snapshot* CliBadInput::template_snapshot_ = nullptr;

TEST_F(CliBadInput, MissingFileIsRejected) {
  ExpectIngestFails({Path("missing.txt")}, Path("missing.txt"));
}

TEST_F(CliBadInput, DirectoryIsRejected) {
  fs::create_directory(Path("subdir"));
  ExpectIngestFails({Path("subdir")}, "directory");
}

TEST_F(CliBadInput, EmptyFileIsRejected) {
  WriteFile(Path("empty.txt"), "");
  ExpectIngestFails({Path("empty.txt")}, "empty");
}

TEST_F(CliBadInput, EmptyStandardInputIsRejected) {
  ExpectIngestFails({"-"}, "empty", "");
}

TEST_F(CliBadInput, BinaryFileIsRejected) {
  WriteFile(Path("binary.bin"), std::string("word\0\x01\x02 more\n", 12));
  ExpectIngestFails({Path("binary.bin")}, "binary");
}

TEST_F(CliBadInput, ABadFileAfterAGoodOneCommitsNothing) {
  // Ingest is atomic: good.txt is read and counted before binary.bin fails,
  // and none of it may reach the database.
  WriteFile(Path("good.txt"), "completely new words here\n");
  WriteFile(Path("binary.bin"), std::string("\0\0\0", 3));
  ExpectIngestFails({Path("good.txt"), Path("binary.bin")}, "binary");
  ExpectIngestFails({Path("good.txt"), "-"}, "binary",
                    std::string("bad\0input\n", 10));
}

TEST_F(CliBadInput, ContradictingWindowIsRejected) {
  WriteFile(Path("more.txt"), "more text\n");
  ExpectIngestFails({"--window", "3", Path("more.txt")}, "window");
}

TEST_F(CliBadInput, ContradictingModeIsRejected) {
  WriteFile(Path("more.txt"), "more text\n");
  ExpectIngestFails({"--ordered", Path("more.txt")}, "ordered");
}

TEST_F(CliBadInput, ContradictingShardsAreRejected) {
  WriteFile(Path("more.txt"), "more text\n");
  ExpectIngestFails({"--shards", "4", Path("more.txt")}, "shards");
}

TEST_F(CliBadInput, ContradictingCaseFoldingIsRejected) {
  WriteFile(Path("more.txt"), "more text\n");
  ExpectIngestFails({"--no-fold", Path("more.txt")}, "fold");
}

TEST_F(CliBadInput, RepeatingTheStoredOptionsIsAccepted) {
  const CoocResult result =
      RunCooc({"ingest", "--db", Db(), "--window", "5", "--shards", "8", "-"},
              "more text\n");
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(Stats(Db()).at("tokens"), "11");
}

TEST_F(CliBadInput, SecondIngestWhileOneHoldsTheDatabaseFails) {
  // The first ingest reads standard input, which we keep open: it holds the
  // database (RocksDB's lock) while it waits for more text.
  CoocProcess first({"ingest", "--db", Db(), "-"});
  constexpr int kLines = 100;
  std::string text;
  for (int i = 0; i < kLines; ++i) text += "alpha beta gamma\n";
  ASSERT_TRUE(FeedUntilLocked(first, Db(), text))
      << "the first ingest did not open the database";

  WriteFile(Path("more.txt"), "more text\n");
  const CoocResult second = RunCooc({"ingest", "--db", Db(), Path("more.txt")});
  EXPECT_EQ(second.exit_code, 1) << second;
  EXPECT_TRUE(absl::StrContains(second.err, "in use by another cooc process"))
      << second;
  // Queries still work, and see the last committed state.
  EXPECT_EQ(TakeSnapshot(Db()), before_);

  first.Write("delta\n");
  first.CloseStdin();
  const CoocResult finished = first.Wait();
  EXPECT_EQ(finished.exit_code, 0) << finished;
  const Row stats = Stats(Db());
  EXPECT_EQ(stats.at("tokens"), absl::StrCat(9 + 3 * kLines + 1));
  EXPECT_EQ(stats.at("lines"), absl::StrCat(2 + kLines + 1));
  EXPECT_EQ(stats.at("ingests"), "2");
}

TEST(Cli, SecondIngestIntoADatabaseBeingCreatedFails) {
  // The first ingest creates the database and then waits on stdin; a
  // second one must see a database in use, not a broken one.
  TempDir dir;
  const std::string db = dir.Join("db");
  CoocProcess first({"ingest", "--db", db, "--window", "2", "-"});
  ASSERT_TRUE(FeedUntilLocked(first, db, "alpha beta\n"))
      << "the first ingest did not create the database";
  WriteFile(dir.Join("more.txt"), "more text\n");
  const CoocResult second =
      RunCooc({"ingest", "--db", db, dir.Join("more.txt")});
  EXPECT_EQ(second.exit_code, 1) << second;
  EXPECT_TRUE(absl::StrContains(second.err, "in use by another cooc process"))
      << second;
  const CoocResult finished = first.Wait();
  EXPECT_EQ(finished.exit_code, 0) << finished;
  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("tokens"), "2");
  EXPECT_EQ(stats.at("window"), "2");
  EXPECT_EQ(stats.at("ingests"), "1");
}

TEST(Cli, NonCoocDirectoryAsDatabaseIsLeftUntouched) {
  TempDir dir;
  const std::string db = dir.Join("not_a_db");
  fs::create_directory(db);
  WriteFile(db + "/notes.txt", "precious\n");
  fs::create_directory(db + "/sub");
  WriteFile(db + "/sub/more.txt", "also precious\n");
  WriteFile(dir.Join("in.txt"), kCatText);
  const auto before = Listing(db);

  const CoocResult ingest = RunCooc({"ingest", "--db", db, dir.Join("in.txt")});
  EXPECT_EQ(ingest.exit_code, 1) << ingest;
  EXPECT_TRUE(absl::StrContains(ingest.err, "not a cooc database")) << ingest;
  EXPECT_EQ(Listing(db), before);

  for (const std::vector<std::string>& query :
       std::vector<std::vector<std::string>>{{"stats", "--db", db},
                                             {"assoc", "--db", db, "the"},
                                             {"collocations", "--db", db}}) {
    const CoocResult result = RunCooc(query);
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_TRUE(absl::StrContains(result.err, "not a cooc database")) << result;
  }
  EXPECT_EQ(Listing(db), before);
}

TEST(Cli, RegularFileAsDatabaseIsLeftUntouched) {
  TempDir dir;
  const std::string db = dir.Join("file.db");
  WriteFile(db, "not a directory\n");
  WriteFile(dir.Join("in.txt"), kCatText);
  const CoocResult ingest = RunCooc({"ingest", "--db", db, dir.Join("in.txt")});
  EXPECT_EQ(ingest.exit_code, 1) << ingest;
  EXPECT_EQ(ReadFile(db), "not a directory\n");
}

TEST(Cli, FailedFirstIngestLeavesNoDatabaseBehind) {
  TempDir dir;
  WriteFile(dir.Join("empty.txt"), "");
  WriteFile(dir.Join("binary.bin"), std::string("a\0b\n", 4));
  WriteFile(dir.Join("good.txt"), kCatText);
  const std::vector<std::vector<std::string>> inputs = {
      {dir.Join("missing.txt")},
      {dir.Join("good.txt"), dir.Join("missing.txt")},
      {dir.Join("empty.txt")},
      {dir.Join("binary.bin")},
      {dir.Join("good.txt"), dir.Join("binary.bin")},
  };
  for (const std::vector<std::string>& files : inputs) {
    SCOPED_TRACE(absl::StrJoin(files, " "));
    const std::string db = dir.Join("fresh.db");
    std::vector<std::string> args = {"ingest", "--db", db};
    args.insert(args.end(), files.begin(), files.end());
    const CoocResult result = RunCooc(args);
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_FALSE(fs::exists(db)) << "a failed ingest left " << db;

    // An empty directory given as --db is kept, and stays empty.
    fs::create_directory(db);
    const CoocResult into_empty = RunCooc(args);
    EXPECT_EQ(into_empty.exit_code, 1) << into_empty;
    EXPECT_TRUE(fs::is_directory(db));
    EXPECT_TRUE(fs::is_empty(db));
    fs::remove_all(db);
  }
}

TEST(Cli, QueriesOfAMissingDatabaseFailWithoutCreatingIt) {
  TempDir dir;
  const std::string db = dir.Join("absent.db");
  for (const std::vector<std::string>& query :
       std::vector<std::vector<std::string>>{{"stats", "--db", db},
                                             {"pair", "--db", db, "a", "b"},
                                             {"assoc", "--db", db, "a"},
                                             {"collocations", "--db", db}}) {
    SCOPED_TRACE(query[0]);
    const CoocResult result = RunCooc(query);
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_TRUE(absl::StrContains(result.err, db)) << result;
    EXPECT_FALSE(fs::exists(db));
  }
}

// ---------------------------------------------------------------------------
// Usage errors: exit status 2.

TEST(Cli, UsageErrorsExitWithStatusTwo) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText);
  const std::string input = dir.Join("ingest_input.txt");
  const std::string fresh = dir.Join("fresh.db");
  struct Case {
    std::vector<std::string> args;
    std::string message;  // Expected on stderr.
  };
  const std::vector<Case> cases = {
      {{}, "usage: cooc COMMAND"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"stats", "--db", db, "--frob"}, "unknown option --frob"},
      {{"stats", "--db", db, "-x"}, "unknown option -x"},
      {{"ingest", "--db", fresh, "--frob", input}, "unknown option --frob"},
      {{"ingest", input}, "--db"},
      {{"stats"}, "--db"},
      {{"ingest", "--db", fresh}, "no input"},
      {{"assoc", "--db", db}, "expected a TERM or --terms-from"},
      {{"assoc", "--db", db, "the", "--measures", "pmi,nope"}, "nope"},
      {{"collocations", "--db", db, "--measures", "llr,llr"}, "twice"},
      {{"pair", "--db", db, "the"}, "expected 2 term"},
      {{"stats", "--db", db, "the"}, "expected 0 term"},
      {{"ingest", "--db", fresh, "--window", "0", input}, "--window"},
      {{"ingest", "--db", fresh, "--window", "many", input}, "--window"},
      {{"ingest", "--db", fresh, "--shards", "0", input}, "--shards"},
      {{"ingest", "--db", fresh, "--window"}, "--window needs a value"},
      {{"ingest", "--db", fresh, "--ordered=yes", input}, "--ordered"},
      {{"stats", "--db", db, "--format", "xml"}, "xml"},
      {{"ingest", "--db", fresh, "--format", "xml", input}, "xml"},
      {{"assoc", "--db", db, "the", "--measure", "nope"}, "nope"},
      {{"collocations", "--db", db, "--measure", "nope"}, "nope"},
      {{"assoc", "--db", db, "the", "--top", "0"}, "--top"},
      {{"collocations", "--db", db, "--min-count", "-1"}, "--min-count"},
      {{"pair", "--db", db, "the", "cat", "--base", "3"}, "3"},
      {{"ingest", "--db", "", input}, "--db"},
      {{"stats", "--db="}, "--db"},
  };
  const Snapshot before = TakeSnapshot(db);
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    const CoocResult result = RunCooc(c.args);
    EXPECT_EQ(result.exit_code, 2) << result;
    EXPECT_TRUE(absl::StrContains(result.err, c.message)) << result;
    EXPECT_TRUE(absl::StrContains(result.err, "usage: cooc")) << result;
    EXPECT_EQ(result.out, "");
    EXPECT_FALSE(fs::exists(fresh)) << "a usage error created " << fresh;
  }
  EXPECT_EQ(TakeSnapshot(db), before);
}

TEST(Cli, HelpOfEachSubcommandExitsZeroAndListsItsFlags) {
  const std::vector<std::string> common = {"--help"};
  const std::vector<std::string> ranking = {
      "--db", "--measure", "--top", "--min-count", "--base", "--format"};
  const std::map<std::string, std::vector<std::string>> flags = {
      {"tokenize", {"--no-fold", "--keep-numbers"}},
      {"ingest",
       {"--db", "--window", "--ordered", "--shards", "--no-fold",
        "--keep-numbers", "--quiet", "--progress", "--format"}},
      {"stats", {"--db", "--information", "--base", "--format"}},
      {"pair", {"--db", "--base", "--format"}},
      {"compact", {"--db", "--maintain", "--format"}},
      {"assoc", ranking},
      {"collocations", ranking},
  };
  for (const auto& [command, command_flags] : flags) {
    for (const char* help : {"--help", "-h"}) {
      SCOPED_TRACE(absl::StrCat(command, " ", help));
      const CoocResult result = RunCooc({command, help});
      EXPECT_EQ(result.exit_code, 0) << result;
      EXPECT_TRUE(absl::StartsWith(result.out, "usage: cooc " + command))
          << result;
      for (const std::string& flag : command_flags) {
        EXPECT_TRUE(absl::StrContains(result.out, flag))
            << command << " --help does not mention " << flag << "\n"
            << result.out;
      }
      EXPECT_EQ(result.err, "");
    }
  }
  const CoocResult top = RunCooc({"--help"});
  EXPECT_EQ(top.exit_code, 0) << top;
  for (const auto& [command, unused] : flags) {
    EXPECT_TRUE(absl::StrContains(top.out, command)) << top.out;
  }
}

TEST(Cli, CompactPrintsEachFamilyAndLeavesTheCountsAsTheyWere) {
  TempDir dir;
  const std::string db = dir.Join("db");
  // A large first ingest and a small second one: the second's files are
  // deltas far smaller than the base, which the maintenance after each
  // ingest leaves in place (within the bound of runs).
  ASSERT_EQ(RunCooc({"ingest", "--quiet", "--db", db, "--window", "2",
                     CorpusPath("en_austen_sample.txt")})
                .exit_code,
            0);
  Ingest(dir, db, kCatText, {});
  const std::string before = Table(Pair(db, "the", "sat"));
  // The cheap step: within the bound, nothing to merge, and the distinct
  // pairs stay unknown; the scan of --information counts them.
  CoocResult maintained =
      RunCooc({"compact", "--db", db, "--maintain", "--format", "tsv"});
  ASSERT_EQ(maintained.exit_code, 0) << maintained;
  EXPECT_EQ(Stats(db).at("distinct_pairs"), "unknown");
  const CoocResult information =
      RunCooc({"stats", "--db", db, "--information", "--format", "json"});
  ASSERT_EQ(information.exit_code, 0) << information;
  const auto scanned = ParseJsonLines(information.out);
  ASSERT_EQ(scanned.size(), 1u) << information.out;
  const std::string distinct = Field(scanned[0], "distinct_pairs")->value;
  EXPECT_GT(Count(distinct), 1000u);
  const CoocResult compacted =
      RunCooc({"compact", "--db", db, "--format", "json"});
  ASSERT_EQ(compacted.exit_code, 0) << compacted;
  const auto rows = ParseJsonLines(compacted.out);
  ASSERT_EQ(rows.size(), 4u + 8u + 1u) << compacted.out;  // Families, all.
  EXPECT_EQ(Field(rows[0], "family")->value, "default");
  EXPECT_EQ(Field(rows[4], "family")->value, "shard_0");
  EXPECT_EQ(Field(rows.back(), "family")->value, "all");
  for (size_t i = 0; i + 1 < rows.size(); ++i) {  // At most one run each.
    EXPECT_LE(Count(Field(rows[i], "runs_after")->value), 1u) << compacted.out;
  }
  uint64_t most_runs = 0;  // Some shard had a delta run above its base.
  for (size_t i = 4; i + 1 < rows.size(); ++i) {
    most_runs =
        std::max(most_runs, Count(Field(rows[i], "runs_before")->value));
  }
  EXPECT_GT(most_runs, 1u) << compacted.out;
  EXPECT_EQ(Table(Pair(db, "the", "sat")), before);
  EXPECT_EQ(Stats(db).at("distinct_pairs"), distinct);
  const CoocResult verified = RunCooc({"verify", "--db", db});
  EXPECT_EQ(verified.exit_code, 0) << verified;
}

TEST(Cli, HelpWinsOverMissingArguments) {
  // --help needs no --db and no term.
  const CoocResult result = RunCooc({"assoc", "--help"});
  EXPECT_EQ(result.exit_code, 0) << result;
  const CoocResult ingest = RunCooc({"ingest", "--window", "3", "-h"});
  EXPECT_EQ(ingest.exit_code, 0) << ingest;
}

// ---------------------------------------------------------------------------
// Invalid UTF-8.

TEST(Cli, InvalidUtf8IsCountedAndNeverFailsTheIngest) {
  TempDir dir;
  const std::string db = dir.Join("db");
  // A truncated sequence, two bytes that never occur in UTF-8, an
  // overlong "/" and a lone continuation byte.
  WriteFile(dir.Join("bad.txt"),
            "good caf\xC3 words\nmore \xFF\xFE words\n\xC0\xAF good \x80\n");
  // So much invalid UTF-8 is refused as "does not look like UTF-8" unless
  // --encoding utf-8 says to count it as it is (#10 item 4).
  const CoocResult refused = RunCooc({"ingest", "--db", db, "--window", "2",
                                      dir.Join("bad.txt")});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_TRUE(absl::StrContains(refused.err, "does not look like UTF-8"))
      << refused;
  const CoocResult ingest =
      RunCooc({"ingest", "--db", db, "--window", "2", "--encoding", "utf-8",
               "--format", "json", dir.Join("bad.txt")});
  ASSERT_EQ(ingest.exit_code, 0) << ingest;
  EXPECT_TRUE(absl::StrContains(ingest.err, "invalid UTF-8")) << ingest;
  const auto objects = ParseJsonLines(ingest.out);
  ASSERT_EQ(objects.size(), 1u) << ingest.out;
  const JsonField* invalid = Field(objects[0], "invalid_utf8");
  ASSERT_NE(invalid, nullptr) << ingest.out;
  const uint64_t invalid_count = Count(invalid->value);
  EXPECT_GT(invalid_count, 0u);
  EXPECT_EQ(Field(objects[0], "lines")->value, "3");

  const Row stats = Stats(db);
  EXPECT_EQ(stats.at("invalid_utf8"), absl::StrCat(invalid_count));
  EXPECT_EQ(stats.at("lines"), "3");
  // The valid words around the bad bytes are counted.
  EXPECT_GE(Count(Pair(db, "more", "words").at("o11")), 1u);
  EXPECT_GE(Count(Pair(db, "good", "words").at("o11")), 1u);

  // tokenize reports the same count and still prints every line.
  const CoocResult tokens =
      RunCooc({"tokenize", "--encoding", "utf-8", dir.Join("bad.txt")});
  EXPECT_EQ(tokens.exit_code, 0) << tokens;
  EXPECT_EQ(LineCount(tokens.out), 3u) << tokens.out;
  EXPECT_TRUE(absl::StrContains(
      tokens.err, absl::StrCat("replaced ", invalid_count, " invalid UTF-8")))
      << tokens;
}

}  // namespace
}  // namespace cooc

namespace cooc {
namespace {

// `cooc count`, `cooc ingest --parts` and `cooc merge` through the binary:
// usage errors exit 2, refusals exit 1 naming the cause, and a part folded
// into a database answers queries as the text ingested there does.
class CliParts : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_.Join(name); }
  void SetUp() override {
    WriteFile(Path("a.txt"), "the cat sat on the mat\nthe dog sat\n");
    WriteFile(Path("b.txt"), "a cat and a dog\nthe cat ran\n");
  }
  TempDir dir_;
};

TEST_F(CliParts, CountThenFoldAnswersAsIngestDoes) {
  ASSERT_EQ(RunCooc({"count", "--quiet", "--out", Path("a.part"), Path("a.txt")})
                .exit_code,
            0);
  ASSERT_EQ(RunCooc({"count", "--quiet", "--out", Path("b.part"), Path("b.txt")})
                .exit_code,
            0);
  const CoocResult folded = RunCooc({"ingest", "--quiet", "--db", Path("f.db"),
                                     "--parts", Path("a.part"), Path("b.part")});
  ASSERT_EQ(folded.exit_code, 0) << folded;
  ASSERT_EQ(RunCooc({"ingest", "--quiet", "--db", Path("i.db"), Path("a.txt")})
                .exit_code,
            0);
  ASSERT_EQ(RunCooc({"ingest", "--quiet", "--db", Path("i.db"), Path("b.txt")})
                .exit_code,
            0);
  for (const std::vector<std::string>& query :
       std::vector<std::vector<std::string>>{
           {"collocations", "--min-count", "1", "--top", "1000", "--format",
            "tsv"},
           {"pair", "cat", "sat", "--format", "tsv"},
           {"sources", "--format", "json"}}) {
    std::vector<std::string> a = query, b = query;
    a.insert(a.begin() + 1, {"--db", Path("f.db")});
    b.insert(b.begin() + 1, {"--db", Path("i.db")});
    const CoocResult from_parts = RunCooc(a);
    const CoocResult from_text = RunCooc(b);
    ASSERT_EQ(from_parts.exit_code, 0) << from_parts;
    if (query[0] == "sources") {  // Equal but for the commit times.
      EXPECT_EQ(from_parts.out.size(), from_text.out.size());
    } else {
      EXPECT_EQ(from_parts.out, from_text.out) << query[0];
    }
  }
}

TEST_F(CliParts, UsageErrorsExitWithTwo) {
  EXPECT_EQ(RunCooc({"count", Path("a.txt")}).exit_code, 2);  // No --out.
  EXPECT_EQ(RunCooc({"count", "--out", Path("a.part")}).exit_code, 2);
  EXPECT_EQ(RunCooc({"ingest", "--db", Path("d.db"), "--parts"}).exit_code, 2);
  const CoocResult with_window =
      RunCooc({"ingest", "--db", Path("d.db"), "--parts", "--window", "3",
               Path("a.part")});
  EXPECT_EQ(with_window.exit_code, 2) << with_window;
  EXPECT_TRUE(absl::StrContains(with_window.err, "carry their definition"))
      << with_window;
  EXPECT_EQ(RunCooc({"merge", "--db", Path("m.db")}).exit_code, 2);
  EXPECT_EQ(RunCooc({"merge", Path("a.db")}).exit_code, 2);  // No --db.
  EXPECT_FALSE(std::filesystem::exists(Path("d.db")));
}

TEST_F(CliParts, RefusalsExitWithOneAndNameTheCause) {
  ASSERT_EQ(RunCooc({"ingest", "--quiet", "--db", Path("a.db"), Path("a.txt")})
                .exit_code,
            0);
  ASSERT_EQ(RunCooc({"count", "--quiet", "--out", Path("a.part"), Path("a.txt")})
                .exit_code,
            0);
  const CoocResult again =
      RunCooc({"ingest", "--db", Path("a.db"), "--parts", Path("a.part")});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_TRUE(absl::StrContains(again.err, "a.txt")) << again;
  EXPECT_TRUE(absl::StrContains(again.err, "--force")) << again;

  WriteFile(Path("junk.part"), "not a part at all\n");
  const CoocResult junk =
      RunCooc({"ingest", "--db", Path("a.db"), "--parts", Path("junk.part")});
  EXPECT_EQ(junk.exit_code, 1) << junk;
  EXPECT_TRUE(absl::StrContains(junk.err, "junk.part")) << junk;

  ASSERT_EQ(RunCooc({"count", "--quiet", "--ordered", "--out", Path("o.part"),
                     Path("b.txt")})
                .exit_code,
            0);
  const CoocResult ordered =
      RunCooc({"ingest", "--db", Path("a.db"), "--parts", Path("o.part")});
  EXPECT_EQ(ordered.exit_code, 1) << ordered;
  EXPECT_TRUE(absl::StrContains(ordered.err, "mode")) << ordered;

  const CoocResult exists =
      RunCooc({"merge", "--db", Path("a.db"), Path("a.db")});
  EXPECT_EQ(exists.exit_code, 1) << exists;
  EXPECT_TRUE(absl::StrContains(exists.err, "exists")) << exists;
}

TEST_F(CliParts, HelpNamesTheCommandsAndTheirFlags) {
  const CoocResult help = RunCooc({"--help"});
  for (const char* verb : {"count", "merge", "ingest"}) {
    EXPECT_TRUE(absl::StrContains(help.out, verb)) << verb;
  }
  const CoocResult count = RunCooc({"count", "--help"});
  EXPECT_EQ(count.exit_code, 0);
  for (const char* flag : {"--out", "--window", "--memory", "--stopwords"}) {
    EXPECT_TRUE(absl::StrContains(count.out, flag)) << flag;
  }
  const CoocResult merge = RunCooc({"merge", "--help"});
  EXPECT_EQ(merge.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(merge.out, "--force")) << merge;
  EXPECT_TRUE(absl::StrContains(RunCooc({"ingest", "--help"}).out, "--parts"));
}

// Issue 12: the ranking filters through the binary: bad values are usage
// errors, pair prints E11 and the direction, an answer the filters empty
// says what they left out.
TEST(Cli, Issue12RankingFiltersAndTheDirectionOfAPair) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "4"});
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{
           {"--direction", "up"},
           {"--min-freq", "-1"},
           {"--stopwords", dir.Join("absent.txt")}}) {
    std::vector<std::string> args = {"collocations", "--db", db};
    args.insert(args.end(), bad.begin(), bad.end());
    const CoocResult refused = RunCooc(args);
    EXPECT_EQ(refused.exit_code, 2) << refused;
    EXPECT_EQ(refused.out, "") << refused;
  }
  const CoocResult regex =
      RunCooc({"assoc", "--db", db, "--match", "(", "sat"});
  EXPECT_EQ(regex.exit_code, 1) << regex;
  EXPECT_TRUE(absl::StrContains(regex.err, "not a regular expression"))
      << regex;

  const CoocResult pair =
      RunCooc({"pair", "--db", db, "the", "sat", "--format", "json"});
  ASSERT_EQ(pair.exit_code, 0) << pair;
  EXPECT_TRUE(absl::StrContains(pair.out, "\"expected\":")) << pair;
  EXPECT_TRUE(absl::StrContains(pair.out, "\"direction\":\"")) << pair;

  // "the" pairs with itself ("the cat sat on the", so in a window of 4,
  // not of 2): listed only with --self.
  const std::string db4 = dir.Join("db4");
  Ingest(dir, db4, kCatText, {"--window", "4"});
  const CoocResult plain =
      RunCooc({"assoc", "--db", db4, "--min-count", "1", "--format", "tsv",
               "--measure", "count", "the"});
  EXPECT_FALSE(absl::StrContains(plain.out, "the\tthe\t")) << plain;
  const CoocResult self =
      RunCooc({"assoc", "--db", db4, "--min-count", "1", "--format", "tsv",
               "--measure", "count", "--self", "the"});
  EXPECT_TRUE(absl::StrContains(self.out, "the\tthe\t")) << self;

  const CoocResult emptied =
      RunCooc({"collocations", "--db", db, "--min-count", "1", "--match",
               "^z"});
  EXPECT_EQ(emptied.exit_code, 0) << emptied;
  EXPECT_TRUE(absl::StrContains(emptied.err, "word filters")) << emptied;
}

// Issue 12 item 3: assoc, collocations and pair print the words' token
// frequencies fx and fy right after n (r1 and c1 are pair-event marginals).
TEST(Cli, Issue12WordFrequenciesFollowNInEveryPairReport) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  // Token frequencies of the hand-made text.
  const std::map<std::string, std::string> f = {
      {"the", "3"}, {"cat", "1"}, {"sat", "2"},
      {"on", "1"},  {"mat", "1"}, {"dog", "1"}};
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"assoc", "--db", db, "the", "--min-count", "1", "--format", "tsv"},
           {"collocations", "--db", db, "--min-count", "1", "--measures",
            "llr", "--format", "tsv"}}) {
    SCOPED_TRACE(absl::StrJoin(args, " "));
    const CoocResult result = RunCooc(args);
    ASSERT_EQ(result.exit_code, 0) << result;
    const std::string header = result.out.substr(0, result.out.find('\n'));
    EXPECT_TRUE(absl::StrContains(header, "\tc1\tn\tfx\tfy\tpmi")) << header;
    const std::vector<Row> rows = ParseTsv(result.out);
    ASSERT_FALSE(rows.empty());
    for (const Row& row : rows) {
      EXPECT_EQ(row.at("fx"), f.at(row.at("x"))) << row.at("x");
      EXPECT_EQ(row.at("fy"), f.at(row.at("y"))) << row.at("y");
    }
  }
  const Row pair = Pair(db, "the", "sat");
  EXPECT_EQ(pair.at("fx"), "3");
  EXPECT_EQ(pair.at("fy"), "2");
  EXPECT_EQ(pair.at("r1"), "7");  // Pair events, not the frequency.
  const CoocResult help = RunCooc({"assoc", "--help"});
  EXPECT_TRUE(absl::StrContains(help.out, "fx and fy")) << help;
}

// Issue 12 item 7: --format csv on the commands that print rows; for plain
// text and numbers it is the TSV with commas.
TEST(Cli, Issue12CsvIsTheTsvWithCommasForPlainCells) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"assoc", "--db", db, "the", "--min-count", "1"},
           {"assoc", "--db", db, "the", "cat", "--min-count", "1"},
           {"collocations", "--db", db, "--min-count", "1"},
           {"pair", "--db", db, "the", "sat"},
           {"vocab", "--db", db}}) {
    SCOPED_TRACE(absl::StrJoin(args, " "));
    std::vector<std::string> tsv_args = args;
    tsv_args.insert(tsv_args.end(), {"--format", "tsv"});
    std::vector<std::string> csv_args = args;
    csv_args.insert(csv_args.end(), {"--format", "csv"});
    const CoocResult tsv = RunCooc(tsv_args);
    const CoocResult csv = RunCooc(csv_args);
    ASSERT_EQ(csv.exit_code, 0) << csv;
    EXPECT_FALSE(absl::StrContains(csv.out, "\t"));
    EXPECT_EQ(csv.out, absl::StrReplaceAll(tsv.out, {{"\t", ","}}));
  }
  // A record: one header line and one line of values, booleans as JSON's.
  const CoocResult stats =
      RunCooc({"stats", "--db", db, "--format", "csv"});
  ASSERT_EQ(stats.exit_code, 0) << stats;
  const std::vector<std::string> lines =
      absl::StrSplit(absl::StripSuffix(stats.out, "\n"), '\n');
  ASSERT_EQ(lines.size(), 2u) << stats.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], "tokens,types,pair_events,"));
  EXPECT_TRUE(absl::StrContains(lines[1], ",true,false,")) << lines[1];
  const CoocResult sources =
      RunCooc({"sources", "--db", db, "--format", "csv"});
  ASSERT_EQ(sources.exit_code, 0) << sources;
  EXPECT_TRUE(absl::StartsWith(sources.out,
                               "ingest,committed,bytes,content_hash,path\n"));
}

// Issue 12 item 7: a query term that the database's own filters dropped at
// ingest says which filter, rather than that it is unknown.
TEST(Cli, Issue12QueryingADroppedWordSaysWhichFilterDroppedIt) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, "the cat sat on the mat in 1811; an old dog sat\n",
         {"--window", "2", "--stopwords", "en", "--min-length", "3"});
  const struct {
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {{"assoc", "--db", db, "the"},
       "cooc: 'the' is not in the vocabulary: it is a stopword of this "
       "database (--stopwords en at ingest)\n"},
      {{"assoc", "--db", db, "The"},
       "cooc: 'The' is not in the vocabulary: it is a stopword of this "
       "database (--stopwords en at ingest)\n"},
      {{"pair", "--db", db, "cat", "ox"},
       "cooc: 'ox' is not in the vocabulary: it has fewer characters than "
       "this database's --min-length 3 (at ingest)\n"},
      {{"assoc", "--db", db, "1811"},
       "cooc: '1811' is not in the vocabulary: it is a number, and this "
       "database was built without --keep-numbers\n"},
      {{"assoc", "--db", db, ";"},
       "cooc: ';' is not in the vocabulary: it has fewer characters than "
       "this database's --min-length 3 (at ingest); it is punctuation or a "
       "symbol, and this database was built without --keep-punct\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    const CoocResult result = RunCooc(c.args);
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_EQ(result.err, c.message);
  }
  // A word that is simply absent still gets close vocabulary terms.
  const CoocResult absent = RunCooc({"assoc", "--db", db, "dgo"});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(absent.err, "did you mean 'dog'")) << absent;
}

// Issue 12 item 7: a mistyped option or --format value gets did you mean.
TEST(Cli, Issue12MistypedOptionsAndFormatsGetDidYouMean) {
  TempDir dir;
  const std::string db = dir.Join("db");
  Ingest(dir, db, kCatText, {"--window", "2"});
  const struct {
    std::vector<std::string> args;
    const char* first_line;
  } cases[] = {
      {{"assoc", "--db", db, "the", "--mesure", "pmi"},
       "cooc: unknown option --mesure (did you mean '--measure'?)"},
      {{"collocations", "--db", db, "--top=3", "--min-cout", "1"},
       "cooc: unknown option --min-cout (did you mean '--min-count'?)"},
      {{"collocations", "--db", db, "-top", "3"},
       "cooc: unknown option -top (did you mean '--top'?)"},
      {{"stats", "--db", db, "--formt=csv"},
       "cooc: unknown option --formt (did you mean '--format'?)"},
      {{"vocab", "--db", db, "--format", "cvs"},
       "cooc: unknown format 'cvs' (did you mean 'csv'?) (valid: table, "
       "tsv, json, csv)"},
      {{"pair", "--db", db, "the", "cat", "--frobnicate"},
       "cooc: unknown option --frobnicate"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    const CoocResult result = RunCooc(c.args);
    EXPECT_EQ(result.exit_code, 2) << result;
    EXPECT_EQ(result.err.substr(0, result.err.find('\n')), c.first_line);
    EXPECT_EQ(result.out, "");
  }
}

}  // namespace
}  // namespace cooc
