// Kills `cooc ingest` with SIGKILL at random moments, re-runs the same
// command each time, and checks that the database then equals one built
// without interruption: every input counted exactly once (the journal and
// the counts are committed together, atomically).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cooc/count_store.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

// Starts `cooc args...` with its output discarded; returns its pid.
pid_t Start(const std::vector<std::string>& args) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const pid_t pid =
      ::cooc::testing::Spawn(::cooc::testing::CoocCommand(args), &actions);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int Wait(pid_t pid) {
  if (pid <= 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int RunToEnd(const std::vector<std::string>& args) { return Wait(Start(args)); }

// Runs `args`, killing it with SIGKILL after `delay` (if still running).
void RunAndKill(const std::vector<std::string>& args,
                std::chrono::milliseconds delay) {
  const pid_t pid = Start(args);
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  Wait(pid);
}

// The standard output of `cooc args...` (run through the shell; the
// arguments are temporary paths and plain words).
std::string Output(const std::vector<std::string>& args) {
  std::string command = COOC_BINARY;
  for (const std::string& arg : args) absl::StrAppend(&command, " ", arg);
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::string output;
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    output.append(buffer, got);
  }
  const int status = pclose(pipe);
  if (status != 0) absl::StrAppend(&output, "\nexit status ", status);
  return output;
}

// What a user sees: `cooc stats` without the database's size on disk and
// its distinct pairs (whether they are known depends on how the files were
// compacted, which a kill during the maintenance after a commit leaves
// half done; Fingerprint counts them by a scan), and every pair with every
// measure from `cooc collocations`.
std::string QueryDump(const std::string& db) {
  const std::string stats = Output({"stats", "--db", db, "--format", "tsv"});
  const std::vector<std::string> lines = absl::StrSplit(stats, '\n');
  if (lines.size() < 2) return stats;
  const std::vector<std::string> names = absl::StrSplit(lines[0], '\t');
  const std::vector<std::string> values = absl::StrSplit(lines[1], '\t');
  std::string dump;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (names[i] == "db_bytes" || names[i] == "distinct_pairs") continue;
    absl::StrAppend(&dump, names[i], "=", values[i], "\n");
  }
  return dump + Output({"collocations", "--db", db, "--top", "1000000",
                        "--min-count", "1", "--self", "--format", "tsv"});
}

// Everything a database counted, as text: totals and every pair by terms.
std::string Fingerprint(const std::string& db) {
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  if (!store.ok()) return std::string(store.status().message());
  auto totals = (*store)->ReadTotals();
  if (!totals.ok()) return std::string(totals.status().message());
  auto pairs = testing::AllPairs(**store);
  if (!pairs.ok()) return std::string(pairs.status().message());
  // The distinct pairs by the scan; the figure the file layout gives, where
  // it gives one, must agree.
  const bool agrees = !totals->distinct_pairs.has_value() ||
                      *totals->distinct_pairs == pairs->size();
  std::ostringstream out;
  out << "tokens " << totals->tokens << " types " << totals->types
      << " events " << totals->pair_events << " distinct " << pairs->size()
      << (agrees ? "" : " (the layout says otherwise)") << " lines "
      << totals->lines << "\n";
  std::vector<std::string> terms(totals->types);
  for (uint32_t id = 0; id < totals->types; ++id) terms[id] = *(*store)->Term(id);
  for (const PairEntry& p : *pairs) {
    out << terms[p.x] << ' ' << terms[p.y] << ' ' << p.count << '\n';
  }
  return out.str() + QueryDump(db);
}

// The bundled corpora cut into `parts` files of consecutive lines.
std::vector<std::string> SplitCorpus(const TempDir& dir, int parts) {
  std::vector<std::string> lines;
  for (const char* name : {"en_austen_sample.txt", "zh_luxun_sample.txt"}) {
    std::ifstream in(testing::CorpusPath(name));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::vector<std::string> paths;
  const size_t per_part = (lines.size() + parts - 1) / parts;
  for (int p = 0; p < parts; ++p) {
    const std::string path = dir.Join(absl::StrCat("part", p, ".txt"));
    std::ofstream out(path);
    for (size_t i = p * per_part; i < std::min(lines.size(), (p + 1) * per_part);
         ++i) {
      out << lines[i] << '\n';
    }
    paths.push_back(path);
  }
  return paths;
}

TEST(Crash, KilledIngestsRerunToExactlyTheUninterruptedResult) {
  TempDir dir;
  const std::vector<std::string> parts = SplitCorpus(dir, 6);
  const std::vector<std::string> first(parts.begin(), parts.begin() + 3);
  const auto ingest = [](const std::string& db,
                         const std::vector<std::string>& inputs) {
    std::vector<std::string> args = {"ingest", "--db", db, "--quiet"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    return args;
  };
  // The reference: the first three parts, then all six (the first three are
  // skipped by the journal), without interruption.
  const std::string reference_db = dir.Join("reference");
  ASSERT_EQ(RunToEnd(ingest(reference_db, first)), 0);
  ASSERT_EQ(RunToEnd(ingest(reference_db, parts)), 0);
  const std::string reference = Fingerprint(reference_db);
  ASSERT_GT(reference.size(), 100000u);

  const unsigned seed = std::random_device()();
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(0, 700);
  const int kKills = 24;
  for (int i = 0; i < kKills; ++i) {
    const std::string db = dir.Join(absl::StrCat("db", i));
    const auto delay = std::chrono::milliseconds(delay_ms(random));
    SCOPED_TRACE(absl::StrCat("kill ", i, " after ", delay.count(), " ms"));
    if (i % 2 == 0) {  // Kill the first ingest, which creates the database.
      RunAndKill(ingest(db, first), delay);
      ASSERT_EQ(RunToEnd(ingest(db, first)), 0);
      ASSERT_EQ(RunToEnd(ingest(db, parts)), 0);
    } else {  // Kill an ingest that adds to a database.
      ASSERT_EQ(RunToEnd(ingest(db, first)), 0);
      RunAndKill(ingest(db, parts), delay);
      ASSERT_EQ(RunToEnd(ingest(db, parts)), 0);
    }
    ASSERT_EQ(Fingerprint(db), reference);
  }
}

// The totals a reader sees, as text.
std::string TotalsSeen(const std::string& db) {
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  if (!store.ok()) return absl::StrCat("error: ", store.status().message());
  auto totals = (*store)->ReadTotals();
  if (!totals.ok()) return absl::StrCat("error: ", totals.status().message());
  uint64_t pair_sum = 0;
  auto pairs = testing::AllPairs(**store);
  if (!pairs.ok()) return absl::StrCat("error: ", pairs.status().message());
  for (const PairEntry& p : *pairs) pair_sum += p.count;
  // The distinct pairs by the scan: whether the layout knows them changes
  // with the maintenance after a commit, which is not a change of state.
  return absl::StrCat(totals->tokens, " ", totals->types, " ",
                      totals->pair_events, " ", pairs->size(), " ", pair_sum);
}

TEST(Concurrency, ReadersDuringAnIngestSeeTheStateBeforeOrAfterIt) {
  TempDir dir;
  const std::vector<std::string> parts = SplitCorpus(dir, 6);
  const std::string db = dir.Join("db");
  std::vector<std::string> args = {"ingest", "--db", db, "--quiet"};
  ASSERT_EQ(RunToEnd({"ingest", "--db", db, "--quiet", parts[0]}), 0);
  const std::string before = TotalsSeen(db);
  args.insert(args.end(), parts.begin() + 1, parts.end());
  const pid_t writer = Start(args);
  ASSERT_GT(writer, 0);
  std::vector<std::string> seen;
  int status = 0;
  while (waitpid(writer, &status, WNOHANG) == 0) seen.push_back(TotalsSeen(db));
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const std::string after = TotalsSeen(db);
  ASSERT_NE(before, after);
  EXPECT_GE(seen.size(), 3u);
  for (const std::string& state : seen) {
    EXPECT_TRUE(state == before || state == after) << state;
  }
}

// Kills `cooc ingest --parts` (adding three count parts to a database) at
// random moments: the database is then as before or as after the fold, and
// rerunning the command (when it was before) gives the uninterrupted result.
TEST(Crash, KilledPartIngestsLeaveTheDatabaseBeforeOrAfter) {
  TempDir dir;
  const std::vector<std::string> texts = SplitCorpus(dir, 6);
  std::vector<std::string> parts;
  for (int p = 3; p < 6; ++p) {
    parts.push_back(dir.Join(absl::StrCat("part", p, ".part")));
    ASSERT_EQ(RunToEnd({"count", "--quiet", "--out", parts.back(), texts[p]}), 0);
  }
  const auto fold_into = [&](const std::string& db) {
    std::vector<std::string> args = {"ingest", "--quiet", "--db", db, "--parts"};
    args.insert(args.end(), parts.begin(), parts.end());
    return args;
  };
  const std::vector<std::string> first(texts.begin(), texts.begin() + 3);
  const auto ingest_first = [&](const std::string& db) {
    std::vector<std::string> args = {"ingest", "--quiet", "--db", db};
    args.insert(args.end(), first.begin(), first.end());
    return args;
  };
  const std::string reference_db = dir.Join("reference");
  ASSERT_EQ(RunToEnd(ingest_first(reference_db)), 0);
  const std::string before = Fingerprint(reference_db);
  ASSERT_EQ(RunToEnd(fold_into(reference_db)), 0);
  const std::string reference = Fingerprint(reference_db);

  const unsigned seed = std::random_device()();
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(0, 400);
  for (int i = 0; i < 12; ++i) {
    const std::string db = dir.Join(absl::StrCat("db", i));
    const auto delay = std::chrono::milliseconds(delay_ms(random));
    SCOPED_TRACE(absl::StrCat("kill ", i, " after ", delay.count(), " ms"));
    ASSERT_EQ(RunToEnd(ingest_first(db)), 0);
    RunAndKill(fold_into(db), delay);
    const std::string state = Fingerprint(db);
    ASSERT_TRUE(state == before || state == reference);
    if (state == before) {
      ASSERT_EQ(RunToEnd(fold_into(db)), 0);
    }
    ASSERT_EQ(Fingerprint(db), reference);
  }
}

// Kills `cooc merge` at random moments: the output is then absent or
// complete, the inputs unchanged, and a rerun gives the uninterrupted result.
TEST(Crash, KilledMergesLeaveNoOutputOrAWholeOne) {
  TempDir dir;
  const std::vector<std::string> texts = SplitCorpus(dir, 4);
  std::vector<std::string> inputs;
  for (int p = 0; p < 4; ++p) {
    inputs.push_back(dir.Join(absl::StrCat("in", p)));
    ASSERT_EQ(RunToEnd({"ingest", "--quiet", "--db", inputs.back(), texts[p]}),
              0);
  }
  std::vector<std::string> input_states;
  for (const std::string& input : inputs) input_states.push_back(Fingerprint(input));
  const auto merge_into = [&](const std::string& out) {
    std::vector<std::string> args = {"merge", "--db", out};
    args.insert(args.end(), inputs.begin(), inputs.end());
    return args;
  };
  const std::string reference_db = dir.Join("reference");
  ASSERT_EQ(RunToEnd(merge_into(reference_db)), 0);
  const std::string reference = Fingerprint(reference_db);

  const unsigned seed = std::random_device()();
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(0, 500);
  for (int i = 0; i < 12; ++i) {
    const std::string out = dir.Join(absl::StrCat("out", i));
    const auto delay = std::chrono::milliseconds(delay_ms(random));
    SCOPED_TRACE(absl::StrCat("kill ", i, " after ", delay.count(), " ms"));
    RunAndKill(merge_into(out), delay);
    if (std::filesystem::exists(out)) {
      ASSERT_EQ(Fingerprint(out), reference);
    } else {
      ASSERT_EQ(RunToEnd(merge_into(out)), 0);
      ASSERT_EQ(Fingerprint(out), reference);
    }
  }
  for (size_t p = 0; p < inputs.size(); ++p) {
    EXPECT_EQ(Fingerprint(inputs[p]), input_states[p]) << inputs[p];
  }
}

// Kills `cooc compact` at random moments: the counts are then as they were
// (compaction changes files, never counts), and after a rerun of compact
// the database is fully merged and `cooc verify` finds nothing.
TEST(Crash, KilledCompactionsLeaveTheCountsAsTheyWere) {
  TempDir dir;
  const std::vector<std::string> texts = SplitCorpus(dir, 6);
  const std::string template_db = dir.Join("template");
  for (const std::string& text : texts) {  // Deltas above the base.
    ASSERT_EQ(RunToEnd({"ingest", "--quiet", "--db", template_db, text}), 0);
  }
  const std::string reference = Fingerprint(template_db);
  ASSERT_GT(reference.size(), 100000u);

  const unsigned seed = std::random_device()();
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(0, 300);
  for (int i = 0; i < 10; ++i) {
    const std::string db = dir.Join(absl::StrCat("db", i));
    std::filesystem::copy(template_db, db,
                          std::filesystem::copy_options::recursive);
    const auto delay = std::chrono::milliseconds(delay_ms(random));
    SCOPED_TRACE(absl::StrCat("kill ", i, " after ", delay.count(), " ms"));
    RunAndKill({"compact", "--db", db}, delay);
    ASSERT_EQ(Fingerprint(db), reference);
    ASSERT_EQ(RunToEnd({"compact", "--db", db}), 0);
    ASSERT_EQ(Fingerprint(db), reference);
    ASSERT_EQ(RunToEnd({"verify", "--db", db}), 0);
  }
}

}  // namespace
}  // namespace cooc
