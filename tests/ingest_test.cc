#include "cooc/ingest.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "cooc/count_store.h"
#include "cooc/query.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// c(x,y) in the database at `db`, 0 if never seen.
uint64_t PairCount(const std::string& db, const std::string& x,
                   const std::string& y) {
  auto query = Query::Open(db);
  EXPECT_OK(query);
  auto pair = (*query)->Pair(x, y);
  EXPECT_OK(pair);
  return pair.ok() ? static_cast<uint64_t>(pair->table.o11) : 0;
}

Totals ReadTotals(const std::string& db) {
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  EXPECT_OK(store);
  return store.ok() ? *(*store)->ReadTotals() : Totals();
}

class IngestTest : public ::testing::Test {
 protected:
  std::string Text(const std::string& name, const std::string& contents) {
    const std::string path = dir_.Join(name);
    WriteFile(path, contents);
    return path;
  }
  std::string Db() const { return dir_.Join("db"); }

  TempDir dir_;
};

TEST_F(IngestTest, CountsAHandMadeTextExactlyInSymmetricMode) {
  // "the cat sat on the mat" / "the dog sat", W = 2. Co-occurrences:
  // line 1: the-cat the-sat cat-sat cat-on sat-on sat-the on-the on-mat
  //         the-mat (9); line 2: the-dog the-sat dog-sat (3). Symmetric:
  // N = 2 * 12 = 24; c(the,sat) = 3 (twice on line 1 in one direction or
  // the other, once on line 2).
  IngestOptions options;
  options.window = 2;
  auto summary = Ingest(
      Db(), {Text("a.txt", "the cat sat on the mat\nthe dog sat\n")}, options);
  ASSERT_OK(summary);
  EXPECT_TRUE(summary->created);
  EXPECT_EQ(summary->tokens, 9u);
  EXPECT_EQ(summary->lines, 2u);
  EXPECT_EQ(summary->pair_events, 24u);
  EXPECT_EQ(summary->new_types, 6u);
  EXPECT_EQ(PairCount(Db(), "the", "sat"), 3u);
  EXPECT_EQ(PairCount(Db(), "sat", "the"), 3u);
  EXPECT_EQ(PairCount(Db(), "mat", "on"), 1u);
  EXPECT_EQ(PairCount(Db(), "cat", "mat"), 0u);  // 4 apart: outside W = 2.
  EXPECT_EQ(PairCount(Db(), "mat", "the"), 1u);
  // "mat" ends line 1 and "the" starts line 2: that pair is not counted
  // again; the only (mat,the) is within line 1.
  const Totals totals = ReadTotals(Db());
  EXPECT_EQ(totals.pair_events, 24u);
  EXPECT_EQ(totals.distinct_pairs, 20u);
}

TEST_F(IngestTest, CountsAHandMadeTextExactlyInOrderedMode) {
  // "a b c" / "c a", W = 5, ordered: (a,b) (a,c) (b,c) / (c,a). N = 4.
  IngestOptions options;
  options.mode = PairMode::kOrdered;
  ASSERT_OK(Ingest(Db(), {Text("a.txt", "a b c\nc a\n")}, options));
  EXPECT_EQ(PairCount(Db(), "a", "c"), 1u);
  EXPECT_EQ(PairCount(Db(), "c", "a"), 1u);
  EXPECT_EQ(PairCount(Db(), "b", "a"), 0u);
  EXPECT_EQ(PairCount(Db(), "c", "b"), 0u);
  EXPECT_EQ(ReadTotals(Db()).pair_events, 4u);
}

TEST_F(IngestTest, ALineBreakStopsTheWindow) {
  ASSERT_OK(Ingest(Db(), {Text("a.txt", "alpha\nbeta\n")}, IngestOptions()));
  EXPECT_EQ(PairCount(Db(), "alpha", "beta"), 0u);
  EXPECT_EQ(ReadTotals(Db()).pair_events, 0u);
}

TEST_F(IngestTest, IngestingInPartsEqualsIngestingAtOnce) {
  const std::string first = "one two three two one\nfour two\n";
  const std::string second = "two four one\nthree\none two\n";
  const std::string whole_db = dir_.Join("whole");
  ASSERT_OK(Ingest(whole_db, {Text("whole.txt", first + second)},
                   IngestOptions()));
  ASSERT_OK(Ingest(Db(), {Text("1.txt", first)}, IngestOptions()));
  ASSERT_OK(Ingest(Db(), {Text("2.txt", second)}, IngestOptions()));
  const Totals whole = ReadTotals(whole_db);
  // The second part added to pairs of the first: not known until merged.
  EXPECT_FALSE(ReadTotals(Db()).distinct_pairs.has_value());
  {
    auto store = CountStore::Open(Db(), CountStore::Access::kReadWrite);
    ASSERT_OK(store);
    ASSERT_OK((*store)->Compact());
  }
  const Totals parts = ReadTotals(Db());
  ASSERT_TRUE(parts.distinct_pairs.has_value());
  EXPECT_EQ(parts.tokens, whole.tokens);
  EXPECT_EQ(parts.types, whole.types);
  EXPECT_EQ(parts.pair_events, whole.pair_events);
  EXPECT_EQ(parts.distinct_pairs, whole.distinct_pairs);
  EXPECT_EQ(parts.lines, whole.lines);
  for (const char* x : {"one", "two", "three", "four"}) {
    for (const char* y : {"one", "two", "three", "four"}) {
      EXPECT_EQ(PairCount(Db(), x, y), PairCount(whole_db, x, y)) << x << y;
    }
  }
}

TEST_F(IngestTest, ALaterIngestTakesTheStoredOptionsWhenLeftOut) {
  IngestOptions options;
  options.window = 1;
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "a b c\n")}, options));
  auto summary = Ingest(Db(), {Text("2.txt", "a b c\n")}, IngestOptions());
  ASSERT_OK(summary);
  EXPECT_FALSE(summary->created);
  EXPECT_EQ(summary->store.window, 1);
  EXPECT_EQ(PairCount(Db(), "a", "c"), 0u);
}

TEST_F(IngestTest, ContradictingOptionsAreRefusedAndChangeNothing) {
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "a b c\n")}, IngestOptions()));
  const std::string more = Text("2.txt", "a b c\n");
  IngestOptions window;
  window.window = 3;
  IngestOptions ordered;
  ordered.mode = PairMode::kOrdered;
  IngestOptions shards;
  shards.shards = 4;
  IngestOptions numbers;
  numbers.keep_numbers = true;
  for (const IngestOptions& options : {window, ordered, shards, numbers}) {
    EXPECT_STATUS_CODE(Ingest(Db(), {more}, options),
                       absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(ReadTotals(Db()).tokens, 3u);
  EXPECT_EQ(ReadTotals(Db()).ingests, 1u);
}

TEST_F(IngestTest, BadInputsAreRefusedWithTheirOwnCodes) {
  std::filesystem::create_directory(dir_.Join("folder"));
  EXPECT_STATUS_CODE(Ingest(Db(), {dir_.Join("absent.txt")}, IngestOptions()),
                     absl::StatusCode::kNotFound);
  EXPECT_STATUS_CODE(Ingest(Db(), {dir_.Join("folder")}, IngestOptions()),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("empty.txt", "")}, IngestOptions()),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(
      Ingest(Db(), {Text("binary.bin", std::string("ab\0cd\n", 6))},
             IngestOptions()),
      absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(Ingest(Db(), {}, IngestOptions()),
                     absl::StatusCode::kInvalidArgument);
  // None of these left a database behind.
  EXPECT_FALSE(std::filesystem::exists(Db()));
}

TEST_F(IngestTest, AFailureLateInTheInputLeavesTheDatabaseUnchanged) {
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "a b c\n")}, IngestOptions()));
  // The NUL byte comes after good text: nothing of this ingest is committed.
  const std::string late_binary =
      Text("2.txt", std::string(5000, 'x') + " word\n" +
                        std::string("tail\0", 5));
  EXPECT_STATUS_CODE(
      Ingest(Db(), {Text("3.txt", "a b\n"), late_binary}, IngestOptions()),
      absl::StatusCode::kInvalidArgument);
  const Totals totals = ReadTotals(Db());
  EXPECT_EQ(totals.tokens, 3u);
  EXPECT_EQ(totals.ingests, 1u);
}

TEST_F(IngestTest, AFailedFirstIngestRemovesTheDatabaseItCreated) {
  const std::string late_binary =
      Text("bad.txt", std::string("some words\nmore\0", 16));
  EXPECT_STATUS_CODE(Ingest(Db(), {late_binary}, IngestOptions()),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(Db()));
}

TEST_F(IngestTest, APathThatIsNotADatabaseIsRefused) {
  std::filesystem::create_directory(Db());
  WriteFile(dir_.Join("db/notes.txt"), "mine");
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("1.txt", "a b\n")}, IngestOptions()),
                     absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(testing::ReadFile(dir_.Join("db/notes.txt")), "mine");
}

TEST_F(IngestTest, InvalidUtf8IsCountedAndDoesNotStopTheIngest) {
  // As much invalid UTF-8 as this is refused unless the encoding is given
  // as UTF-8 (LineReader, Issue10...).
  IngestOptions options;
  options.encoding = "utf-8";
  auto summary = Ingest(Db(), {Text("1.txt", "good \xff\xfe words\n")},
                        options);
  ASSERT_OK(summary);
  EXPECT_GT(summary->invalid_utf8, 0u);
  EXPECT_EQ(summary->tokens, 2u);
  EXPECT_EQ(ReadTotals(Db()).invalid_utf8, summary->invalid_utf8);
}

TEST_F(IngestTest, ReportsProgressWithTheTotalSize) {
  IngestOptions options;
  uint64_t last_bytes = 0;
  uint64_t total = 0;
  options.progress = [&](const IngestProgress& p) {
    last_bytes = p.bytes_read;
    total = p.bytes_total;
  };
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "a b c\nd e\n")}, options));
  EXPECT_EQ(total, 10u);
  EXPECT_EQ(last_bytes, 10u);
}

TEST_F(IngestTest, TokenizeInputsEmitsOneLinePerInputLine) {
  std::vector<std::string> lines;
  auto invalid = TokenizeInputs({Text("1.txt", "Hello, World!\n\n!!!\n天气很好")},
                                TokenizerOptions(),
                                [&](absl::string_view line) {
                                  lines.emplace_back(line);
                                });
  ASSERT_OK(invalid);
  EXPECT_EQ(*invalid, 0u);
  EXPECT_EQ(lines, (std::vector<std::string>{"hello world", "", "", "天气 很好"}));
}

TEST_F(IngestTest, CountsTheBundledCorpora) {
  auto summary =
      Ingest(Db(),
             {testing::CorpusPath("en_austen_sample.txt"),
              testing::CorpusPath("zh_luxun_sample.txt")},
             IngestOptions());
  ASSERT_OK(summary);
  EXPECT_GT(summary->tokens, 100000u);
  EXPECT_GT(summary->new_types, 10000u);
  EXPECT_EQ(summary->invalid_utf8, 0u);
  const Totals totals = ReadTotals(Db());
  EXPECT_EQ(totals.tokens, summary->tokens);
  // Every window of W = 5 gives at most 2 * 5 events per token.
  EXPECT_LE(totals.pair_events, 10 * totals.tokens);
  EXPECT_GT(PairCount(Db(), "elizabeth", "darcy"), 0u);
}

// Every pair of the database at `db` as "x y count" lines, sorted.
std::string DumpPairs(const std::string& db) {
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  EXPECT_OK(store);
  if (!store.ok()) return "";
  std::vector<std::string> lines;
  auto pairs = testing::AllPairs(**store);
  EXPECT_OK(pairs);
  if (!pairs.ok()) return "";
  for (const PairEntry& p : *pairs) {
    lines.push_back(absl::StrCat(*(*store)->Term(p.x), " ",
                                 *(*store)->Term(p.y), " ", p.count));
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, "\n");
}

TEST_F(IngestTest, ResultIsTheSameForAnyThreadCountAndMemoryBudget) {
  const std::vector<std::string> corpora = {
      testing::CorpusPath("en_austen_sample.txt"),
      testing::CorpusPath("zh_luxun_sample.txt")};
  IngestOptions one_thread;
  one_thread.threads = 1;
  ASSERT_OK(Ingest(dir_.Join("one"), corpora, one_thread));
  IngestOptions three_threads;
  three_threads.threads = 3;
  ASSERT_OK(Ingest(dir_.Join("three"), corpora, three_threads));
  IngestOptions small_memory;  // Forces spills of maps and of runs to disk.
  small_memory.threads = 2;
  small_memory.memory_mb = 16;
  auto spilled = Ingest(dir_.Join("small"), corpora, small_memory);
  ASSERT_OK(spilled);
  EXPECT_GT(spilled->spilled_bytes, 0u);

  const std::string expected = DumpPairs(dir_.Join("one"));
  EXPECT_GT(expected.size(), 1000000u);
  EXPECT_EQ(DumpPairs(dir_.Join("three")), expected);
  EXPECT_EQ(DumpPairs(dir_.Join("small")), expected);
  const Totals one = ReadTotals(dir_.Join("one"));
  for (const char* db : {"three", "small"}) {
    const Totals other = ReadTotals(dir_.Join(db));
    EXPECT_EQ(other.tokens, one.tokens) << db;
    EXPECT_EQ(other.types, one.types) << db;
    EXPECT_EQ(other.pair_events, one.pair_events) << db;
    EXPECT_EQ(other.distinct_pairs, one.distinct_pairs) << db;
    EXPECT_EQ(other.lines, one.lines) << db;
  }
  // Ids are assigned in order of first appearance whatever the threads.
  auto a = CountStore::Open(dir_.Join("one"), CountStore::Access::kReadOnly);
  auto b = CountStore::Open(dir_.Join("small"), CountStore::Access::kReadOnly);
  ASSERT_OK(a);
  ASSERT_OK(b);
  for (uint32_t id : {0u, 1u, 100u, 5000u}) {
    EXPECT_EQ(*(*a)->Term(id), *(*b)->Term(id));
  }
}

TEST_F(IngestTest, WindowsSpanPiecesAndBlocksOfAVeryLongLine) {
  // One line of 3.6 MB ("a b c " repeated): it reaches the counting threads
  // as several pieces in several blocks. With W = 2 over L tokens there are
  // (L-1) + (L-2) co-occurrences, two events each; any pair lost or counted
  // twice at a boundary would show.
  const uint64_t repeats = 600000;
  std::string line;
  for (uint64_t i = 0; i < repeats; ++i) line += "a b c ";
  line += "\n";
  const std::string path = Text("long.txt", line);
  for (int threads : {1, 2}) {
    IngestOptions options;
    options.window = 2;
    options.threads = threads;
    const std::string db = dir_.Join(absl::StrCat("long", threads));
    auto summary = Ingest(db, {path}, options);
    ASSERT_OK(summary);
    const uint64_t tokens = 3 * repeats;
    EXPECT_EQ(summary->tokens, tokens);
    EXPECT_EQ(summary->lines, 1u);
    EXPECT_EQ(summary->pair_events, 2 * ((tokens - 1) + (tokens - 2)));
    // Distance 1: a-b, b-c, c-a; distance 2: a-c, b-a, c-b. So c(a,b) =
    // (a,b at distance 1: repeats) + (b,a at distance 2: repeats - 1).
    EXPECT_EQ(PairCount(db, "a", "b"), repeats + (repeats - 1));
  }
}

TEST_F(IngestTest, SentenceUnitsCountEachPairOncePerSentence) {
  // Sentences: "The cat sat." "The dog ran!" "A cat and a dog." and the
  // second line "the cat"; the third line has no tokens. N = 4 units;
  // cat is in 3 of them, dog in 2, both in 1; "a" twice in one sentence
  // counts once.
  IngestOptions options;
  options.unit = CountingUnit::kSentence;
  auto summary = Ingest(
      Db(), {Text("u.txt", "The cat sat. The dog ran! A cat and a dog.\nthe cat\n!!!\n")},
      options);
  ASSERT_OK(summary);
  EXPECT_EQ(summary->pair_events, 4u);
  auto query = Query::Open(Db());
  ASSERT_OK(query);
  auto pair = (*query)->Pair("cat", "dog");
  ASSERT_OK(pair);
  EXPECT_EQ(pair->table.o11, 1);
  EXPECT_EQ(pair->table.r1, 3);
  EXPECT_EQ(pair->table.c1, 2);
  EXPECT_EQ(pair->table.n, 4);
  EXPECT_EQ(PairCount(Db(), "a", "dog"), 1u);
  EXPECT_EQ(PairCount(Db(), "the", "cat"), 2u);
  EXPECT_EQ(PairCount(Db(), "a", "a"), 0u);  // No pair of a word with itself.
}

TEST_F(IngestTest, LineUnitsTreatEachLineAsADocument) {
  IngestOptions options;
  options.unit = CountingUnit::kLine;
  ASSERT_OK(Ingest(Db(),
                   {Text("u.txt", "x y x z\ny z\n\nx\n")}, options));
  auto query = Query::Open(Db());
  ASSERT_OK(query);
  auto pair = (*query)->Pair("x", "z");
  ASSERT_OK(pair);
  // Documents: {x,y,z}, {y,z}, {x}: N = 3, df(x) = 2, df(z) = 2, both 1.
  EXPECT_EQ(pair->table.o11, 1);
  EXPECT_EQ(pair->table.r1, 2);
  EXPECT_EQ(pair->table.c1, 2);
  EXPECT_EQ(pair->table.n, 3);
  EXPECT_EQ(PairCount(Db(), "y", "z"), 2u);
  auto stats = (*query)->Stats(StatsScope::kInformation, LogBase::kTwo);
  ASSERT_OK(stats);
  EXPECT_EQ(stats->store.unit, CountingUnit::kLine);
  ASSERT_TRUE(stats->information.has_value());
  EXPECT_TRUE(std::isnan(stats->information->mutual_information));
}

TEST_F(IngestTest, UnitResultsDoNotDependOnThreadsOrMemory) {
  const std::vector<std::string> corpus = {
      testing::CorpusPath("en_austen_sample.txt")};
  IngestOptions one;
  one.unit = CountingUnit::kSentence;
  one.threads = 1;
  IngestOptions many = one;
  many.threads = 3;
  many.memory_mb = 16;
  ASSERT_OK(Ingest(dir_.Join("one"), corpus, one));
  ASSERT_OK(Ingest(dir_.Join("many"), corpus, many));
  EXPECT_EQ(DumpPairs(dir_.Join("many")), DumpPairs(dir_.Join("one")));
  EXPECT_EQ(ReadTotals(dir_.Join("many")).pair_events,
            ReadTotals(dir_.Join("one")).pair_events);
}

TEST_F(IngestTest, UnitsRefuseOrderedModeAndAnotherUnit) {
  IngestOptions ordered;
  ordered.unit = CountingUnit::kLine;
  ordered.mode = PairMode::kOrdered;
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("1.txt", "a b\n")}, ordered),
                     absl::StatusCode::kInvalidArgument);
  IngestOptions line;
  line.unit = CountingUnit::kLine;
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "a b\n")}, line));
  IngestOptions sentence;
  sentence.unit = CountingUnit::kSentence;
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("2.txt", "a b\n")}, sentence),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadTotals(Db()).ingests, 1u);
}

TEST_F(IngestTest, ADictionaryDatabaseNeedsTheSameDictionaryAgain) {
  auto dictionary = UserDictionary::Parse("天气\n很好\n", "test");
  auto other = UserDictionary::Parse("天气\n", "other");
  ASSERT_OK(dictionary);
  ASSERT_OK(other);
  IngestOptions with;
  with.dictionary = *dictionary;
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "今天天气很好\n")}, with));
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("2.txt", "天气\n")}, IngestOptions()),
                     absl::StatusCode::kInvalidArgument);
  IngestOptions another;
  another.dictionary = *other;
  EXPECT_STATUS_CODE(Ingest(Db(), {Text("3.txt", "天气\n")}, another),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_OK(Ingest(Db(), {Text("4.txt", "天气很好\n")}, with));
  EXPECT_EQ(ReadTotals(Db()).ingests, 2u);
}

TEST_F(IngestTest, ABuiltinStopwordListIsFoundAgainByName) {
  auto english = StopwordList::Builtin("en");
  ASSERT_OK(english);
  IngestOptions with;
  with.stopwords = *english;
  ASSERT_OK(Ingest(Db(), {Text("1.txt", "the cat and the dog\n")}, with));
  // Left out later: the stored name brings the same list back.
  ASSERT_OK(Ingest(Db(), {Text("2.txt", "the cat\n")}, IngestOptions()));
  EXPECT_EQ(ReadTotals(Db()).tokens, 3u);  // cat, dog, cat.
}

TEST_F(IngestTest, ContentAlreadyCountedIsSkippedUnlessForced) {
  const std::string a = Text("a.txt", "one two three\n");
  const std::string copy = Text("copy.txt", "one two three\n");
  const std::string b = Text("b.txt", "four five\n");
  auto first = Ingest(Db(), {a, copy}, IngestOptions());
  ASSERT_OK(first);
  ASSERT_EQ(first->skipped.size(), 1u);  // The copy, within one ingest.
  EXPECT_EQ(first->skipped[0].first, copy);
  EXPECT_EQ(first->tokens, 3u);

  auto second = Ingest(Db(), {a, b}, IngestOptions());
  ASSERT_OK(second);
  ASSERT_EQ(second->skipped.size(), 1u);
  EXPECT_EQ(second->skipped[0].second.ingest, 1u);
  EXPECT_EQ(second->tokens, 2u);

  auto nothing = Ingest(Db(), {a, b}, IngestOptions());
  ASSERT_OK(nothing);
  EXPECT_EQ(nothing->skipped.size(), 2u);
  EXPECT_EQ(ReadTotals(Db()).ingests, 2u);  // Nothing was committed.

  IngestOptions force;
  force.force = true;
  ASSERT_OK(Ingest(Db(), {a}, force));
  EXPECT_EQ(ReadTotals(Db()).tokens, 8u);
  EXPECT_EQ(PairCount(Db(), "one", "two"), 2u);  // Once per count of a.

  auto store = CountStore::Open(Db(), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto journal = (*store)->ReadJournal();
  ASSERT_OK(journal);
  ASSERT_EQ(journal->size(), 3u);
  EXPECT_EQ((*journal)[0].path, a);
  EXPECT_EQ((*journal)[0].bytes, 14u);
  EXPECT_EQ((*journal)[1].path, b);
  EXPECT_EQ((*journal)[2].ingest, 3u);
}

// The progress total counts only what is read: a skipped input is not.
TEST_F(IngestTest, ProgressTotalLeavesOutSkippedInputs) {
  const std::string a = Text("a.txt", "one two three\n");
  const std::string b = Text("b.txt", "four five\n");
  ASSERT_OK(Ingest(Db(), {a}, IngestOptions()));
  IngestOptions options;
  IngestProgress last;
  options.progress = [&last](const IngestProgress& p) { last = p; };
  auto summary = Ingest(Db(), {a, b}, options);
  ASSERT_OK(summary);
  ASSERT_EQ(summary->skipped.size(), 1u);
  EXPECT_EQ(last.bytes_total, 10u);
  EXPECT_EQ(last.bytes_read, last.bytes_total);
}

// Issue 14: labelled lines. Labels are not words; a label without a name,
// a tsv line without a label, and labels asked of a database built without
// them are refused, and nothing is written.
TEST(IngestLabels, BadLabelsAreRefusedAndNothingIsWritten) {
  TempDir dir;
  IngestOptions prefix;
  prefix.labels = LabelMode::kPrefix;
  WriteFile(dir.Join("nameless.txt"), "__label__a fine\n__label__ the cat\n");
  const std::string db = dir.Join("db");
  absl::StatusOr<IngestSummary> nameless =
      Ingest(db, {dir.Join("nameless.txt")}, prefix);
  EXPECT_STATUS_CODE(nameless, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(nameless.status().message().find("__label__"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(db));

  IngestOptions tsv;
  tsv.labels = LabelMode::kTsv;
  WriteFile(dir.Join("untabbed.txt"), "a\tfine\nno tab here\n");
  EXPECT_STATUS_CODE(Ingest(db, {dir.Join("untabbed.txt")}, tsv),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(db));

  // A database without labels refuses labelled text, and the other way.
  WriteFile(dir.Join("plain.txt"), "the cat\n");
  ASSERT_OK(Ingest(db, {dir.Join("plain.txt")}, IngestOptions()));
  WriteFile(dir.Join("labelled.txt"), "__label__a the dog\n");
  absl::StatusOr<IngestSummary> mixed =
      Ingest(db, {dir.Join("labelled.txt")}, prefix);
  EXPECT_STATUS_CODE(mixed, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(mixed.status().message().find("labels"), std::string::npos)
      << mixed.status().message();
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->ReadTotals()->ingests, 1u);
  EXPECT_STATUS_CODE((*store)->ReadLabelCounts(),
                     absl::StatusCode::kFailedPrecondition);
}

// The two label formats give the same database, and a later ingest into a
// labelled database keeps its mode without being told.
TEST(IngestLabels, PrefixAndTsvCountAlikeAndTheModeIsStored) {
  TempDir dir;
  WriteFile(dir.Join("prefix.txt"), "__label__x one two\n__label__y two\n");
  WriteFile(dir.Join("more.txt"), "__label__x two three\n");
  WriteFile(dir.Join("tsv.txt"), "x\tone two\ny\ttwo\nx\ttwo three\n");
  IngestOptions prefix;
  prefix.labels = LabelMode::kPrefix;
  IngestOptions tsv;
  tsv.labels = LabelMode::kTsv;
  ASSERT_OK(Ingest(dir.Join("a.db"), {dir.Join("prefix.txt")}, prefix));
  ASSERT_OK(Ingest(dir.Join("a.db"), {dir.Join("more.txt")}, IngestOptions()));
  ASSERT_OK(Ingest(dir.Join("b.db"), {dir.Join("tsv.txt")}, tsv));
  for (const char* name : {"a.db", "b.db"}) {
    auto store = CountStore::Open(dir.Join(name), CountStore::Access::kReadOnly);
    ASSERT_OK(store);
    auto labels = (*store)->ReadLabelCounts();
    ASSERT_OK(labels);
    EXPECT_EQ(labels->documents, 3u) << name;
    EXPECT_EQ(labels->term_documents, (std::vector<uint64_t>{1, 3, 1})) << name;
    ASSERT_EQ(labels->term_label_documents.size(), 4u) << name;
    EXPECT_EQ((*store)->ReadTotals()->tokens, 5u) << name;
  }
}

// A line longer than a piece (1 MiB) goes on in the next block, maybe
// counted by another thread: its labels and its terms stay one document.
TEST(IngestLabels, ALineLongerThanABlockIsOneDocument) {
  TempDir dir;
  std::string line = "__label__long";
  while (line.size() < (3 << 20)) line += " alpha beta";
  WriteFile(dir.Join("long.txt"), line + "\n__label__short alpha\n");
  IngestOptions options;
  options.labels = LabelMode::kPrefix;
  options.threads = 2;
  ASSERT_OK(Ingest(dir.Join("db"), {dir.Join("long.txt")}, options));
  auto store = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto labels = (*store)->ReadLabelCounts();
  ASSERT_OK(labels);
  EXPECT_EQ(labels->labels, (std::vector<std::string>{"long", "short"}));
  EXPECT_EQ(labels->label_documents, (std::vector<uint64_t>{1, 1}));
  EXPECT_EQ(labels->term_documents, (std::vector<uint64_t>{2, 1}));
}

}  // namespace
}  // namespace cooc
