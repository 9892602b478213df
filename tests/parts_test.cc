// Count parts: counting text into parts and folding them gives exactly the
// database that ingesting the texts gives; damaged or foreign parts are
// refused and change nothing.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cooc/count.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "cooc/merge.h"
#include "cooc/query.h"
#include "cooc/split_fold.h"
#include "cooc/stopwords.h"
#include "cooc/verify.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::CorpusPath;
using ::cooc::testing::ReadFile;
using ::cooc::testing::TempDir;
using ::cooc::testing::WriteFile;

// Everything a database holds that an ingest decides, as text, so two
// databases compare with one EXPECT_EQ and a readable difference.
struct Snapshot {
  std::string totals;
  std::vector<std::string> terms;   // By id, with their counts.
  std::vector<std::string> pairs;   // "x y c(x,y)", in collocation order.
  std::vector<std::string> journal; // Without the commit times.
  // An ordered database's index by right word, "x y c(x,y)" sorted; it
  // must hold exactly the stored pairs (`stored_pairs`, sorted alike).
  std::vector<std::string> right_index;
  std::vector<std::string> stored_pairs;
  // Labelled databases: the documents, each label's, and each term's
  // counts ("term all=3 austen=2 doyle=1").
  std::vector<std::string> labels;
  bool operator==(const Snapshot&) const = default;
};

Snapshot TakeSnapshot(const std::string& db) {
  Snapshot snapshot;
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  EXPECT_OK(store);
  if (!store.ok()) return snapshot;
  auto totals = (*store)->ReadTotals();
  EXPECT_OK(totals);
  if (!totals.ok()) return snapshot;
  snapshot.totals = absl::StrCat(
      "tokens=", totals->tokens, " lines=", totals->lines,
      " N=", totals->pair_events, " types=", totals->types,
      " invalid=", totals->invalid_utf8, " ingests=", totals->ingests);
  auto counts = (*store)->AllCounts();
  EXPECT_OK(counts);
  for (uint32_t id = 0; counts.ok() && id < totals->types; ++id) {
    auto term = (*store)->Term(id);
    EXPECT_OK(term);
    const TermCounts& c = (*counts)[id];
    snapshot.terms.push_back(absl::StrCat(term.ok() ? *term : "?", " f=",
                                          c.frequency, " r=", c.row,
                                          " c=", c.column));
  }
  auto journal = (*store)->ReadJournal();
  EXPECT_OK(journal);
  for (const JournalEntry& entry : journal.ok() ? *journal
                                                : std::vector<JournalEntry>()) {
    snapshot.journal.push_back(absl::StrCat(entry.ingest, " ", entry.path, " ",
                                            entry.bytes, " ",
                                            entry.content_hash));
  }
  if ((*store)->options().right_index) {
    auto stored = testing::AllPairs(**store);
    EXPECT_OK(stored);
    for (const PairEntry& p : stored.ok() ? *stored : std::vector<PairEntry>()) {
      snapshot.stored_pairs.push_back(absl::StrCat(p.x, " ", p.y, " ", p.count));
    }
    for (int k = 0; k < (*store)->options().shards; ++k) {
      auto cursor = (*store)->RightIndexPairs(k);
      EXPECT_OK(cursor);
      if (!cursor.ok()) break;
      PairEntry batch[256];
      while (true) {
        auto n = cursor->Read(absl::MakeSpan(batch));
        EXPECT_OK(n);
        if (!n.ok() || *n == 0) break;
        for (size_t i = 0; i < *n; ++i) {  // Keys (y, x).
          snapshot.right_index.push_back(
              absl::StrCat(batch[i].y, " ", batch[i].x, " ", batch[i].count));
        }
      }
    }
    std::sort(snapshot.stored_pairs.begin(), snapshot.stored_pairs.end());
    std::sort(snapshot.right_index.begin(), snapshot.right_index.end());
    EXPECT_EQ(snapshot.right_index, snapshot.stored_pairs) << db;
    EXPECT_FALSE(snapshot.right_index.empty()) << db;
  }
  if ((*store)->options().labels != LabelMode::kNone) {
    auto labels = (*store)->ReadLabelCounts();
    EXPECT_OK(labels);
    if (labels.ok()) {
      snapshot.labels.push_back(absl::StrCat("documents=", labels->documents));
      for (size_t l = 0; l < labels->labels.size(); ++l) {
        snapshot.labels.push_back(absl::StrCat(labels->labels[l], "=",
                                               labels->label_documents[l]));
      }
      std::vector<std::string> per_term(labels->term_documents.size());
      for (size_t id = 0; id < per_term.size(); ++id) {
        per_term[id] = absl::StrCat(id, " all=", labels->term_documents[id]);
      }
      for (const LabelCounts::TermLabel& entry :
           labels->term_label_documents) {
        absl::StrAppend(&per_term[entry.term], " ",
                        labels->labels[entry.label], "=", entry.documents);
      }
      snapshot.labels.insert(snapshot.labels.end(), per_term.begin(),
                             per_term.end());
    }
  }
  store->reset();
  auto query = Query::Open(db);
  EXPECT_OK(query);
  if (!query.ok()) return snapshot;
  QueryOptions options;
  options.min_count = 1;
  options.top = 100000000;
  options.self_pairs = true;  // Every pair: no ranking filter.
  options.direction = Direction::kAny;
  auto pairs = (*query)->Collocations(options);
  EXPECT_OK(pairs);
  for (const ScoredPair& pair : pairs.ok() ? *pairs
                                           : std::vector<ScoredPair>()) {
    snapshot.pairs.push_back(absl::StrCat(pair.pair.x, " ", pair.pair.y, " ",
                                          pair.pair.table.o11));
  }
  return snapshot;
}

void ExpectSameDatabase(const std::string& a, const std::string& b) {
  const Snapshot left = TakeSnapshot(a);
  const Snapshot right = TakeSnapshot(b);
  EXPECT_EQ(left.totals, right.totals) << a << " vs " << b;
  EXPECT_EQ(left.terms, right.terms) << a << " vs " << b;
  EXPECT_EQ(left.journal, right.journal) << a << " vs " << b;
  EXPECT_EQ(left.right_index, right.right_index) << a << " vs " << b;
  EXPECT_TRUE(left.labels == right.labels) << a << " vs " << b;
  EXPECT_EQ(left.pairs.size(), right.pairs.size()) << a << " vs " << b;
  EXPECT_TRUE(left.pairs == right.pairs) << a << " vs " << b;
  EXPECT_FALSE(left.pairs.empty());
}

// Splits the lines of `text` into `pieces` consecutive runs of lines at
// random places and writes each to a file in `dir`; returns their paths.
std::vector<std::string> SplitIntoFiles(const std::string& text, int pieces,
                                        std::mt19937& random,
                                        const TempDir& dir,
                                        const std::string& stem) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::vector<size_t> cuts = {0, lines.size()};
  std::uniform_int_distribution<size_t> place(1, lines.size() - 1);
  while (static_cast<int>(cuts.size()) < pieces + 1) cuts.push_back(place(random));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::string> files;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    std::string piece;
    for (size_t line = cuts[i]; line < cuts[i + 1]; ++line) {
      absl::StrAppend(&piece, lines[line], "\n");
    }
    files.push_back(dir.Join(absl::StrCat(stem, "-", i, ".txt")));
    WriteFile(files.back(), piece);
  }
  return files;
}

struct SplitCase {
  std::string corpus;
  std::optional<CountingUnit> unit;
  std::optional<PairMode> mode;
  std::optional<LabelMode> labels = std::nullopt;
  // If not empty, the first piece, before the corpus's random pieces.
  std::string first_piece = "";
};

// For random splits of `split.corpus` into 1..8 pieces, with random thread
// counts and a spilling and a non-spilling budget: (A) one plain ingest per
// piece, (B) a part per piece folded in one commit, (C) the parts folded one
// by one, (D) a database per piece merged, all give the same database.
void ExpectEveryWayToAddPiecesAgrees(const SplitCase& split, uint32_t seed) {
  std::mt19937 random(seed);
  int run = 0;
  {
    const std::string text = ReadFile(CorpusPath(split.corpus));
    for (int repeat = 0; repeat < 2; ++repeat, ++run) {
      TempDir dir;
      const int pieces = std::uniform_int_distribution<int>(1, 8)(random);
      std::vector<std::string> files;
      if (!split.first_piece.empty()) {
        files.push_back(dir.Join("first-piece.txt"));
        WriteFile(files.back(), split.first_piece);
      }
      for (const std::string& file :
           SplitIntoFiles(text, pieces, random, dir, "piece")) {
        files.push_back(file);
      }
      IngestOptions options;
      options.unit = split.unit;
      options.mode = split.mode;
      options.labels = split.labels;
      options.threads = std::uniform_int_distribution<int>(1, 2)(random);
      options.memory_mb = repeat == 0 ? 16 : 1024;
      SCOPED_TRACE(absl::StrCat(split.corpus, " run ", run, ": ", files.size(),
                                " pieces, ", options.threads, " threads, ",
                                options.memory_mb, " MiB"));

      // A: one plain ingest per piece.
      const std::string plain = dir.Join("plain.db");
      for (const std::string& file : files) {
        ASSERT_OK(Ingest(plain, {file}, options));
      }
      // B: every piece counted into a part, all folded in one commit.
      std::vector<std::string> parts;
      for (const std::string& file : files) {
        parts.push_back(file + ".part");
        ASSERT_OK(CountToPart(parts.back(), {file}, options));
      }
      IngestOptions fold;
      fold.threads = options.threads;
      fold.memory_mb = options.memory_mb;
      const std::string folded = dir.Join("folded.db");
      ASSERT_OK(IngestParts(folded, parts, fold));
      // C: the parts folded one by one.
      const std::string one_by_one = dir.Join("one_by_one.db");
      for (const std::string& part : parts) {
        ASSERT_OK(IngestParts(one_by_one, {part}, fold));
      }
      // D: a database per piece, merged.
      std::vector<std::string> databases;
      for (size_t i = 0; i < files.size(); ++i) {
        databases.push_back(dir.Join(absl::StrCat("piece-", i, ".db")));
        ASSERT_OK(Ingest(databases.back(), {files[i]}, options));
      }
      MergeOptions merge;
      merge.threads = options.threads;
      merge.memory_mb = options.memory_mb;
      const std::string merged = dir.Join("merged.db");
      ASSERT_OK(MergeDatabases(merged, databases, merge));
      ExpectSameDatabase(plain, folded);
      ExpectSameDatabase(plain, one_by_one);
      ExpectSameDatabase(plain, merged);
    }
  }
}

TEST(Parts, RandomSplitsOfEnglishAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees(
      {"en_austen_sample.txt", std::nullopt, std::nullopt}, 20261201);
}

TEST(Parts, RandomSplitsOfChineseAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees(
      {"zh_luxun_sample.txt", std::nullopt, std::nullopt}, 20261202);
}

TEST(Parts, RandomSplitsOfOrderedCountsAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees(
      {"en_austen_sample.txt", std::nullopt, PairMode::kOrdered}, 20261203);
}

TEST(Parts, RandomSplitsOfSentenceUnitsAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees(
      {"zh_luxun_sample.txt", CountingUnit::kSentence, std::nullopt}, 20261204);
}

// 70,000 distinct words, one a line (every hundredth beside "w", so a few
// pairs): a vocabulary far larger than the sample corpora's, so that
// folding a piece after it sums the marginals by the few ids the piece
// touches (FoldSlots), not by the whole vocabulary.
std::string ManyTypesText() {
  std::string text;
  for (uint32_t i = 0; i < 70000; ++i) {
    std::string word = "w";
    for (uint32_t n = i; n > 0 || word.size() == 1; n /= 26) {
      word.push_back(static_cast<char>('a' + n % 26));
    }
    absl::StrAppend(&text, word, i % 100 == 0 ? " w\n" : "\n");
  }
  return text;
}

TEST(Parts, PiecesAfterAVocabularyFarLargerThanTheirsAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees({"en_austen_sample.txt", std::nullopt,
                                   PairMode::kOrdered, std::nullopt,
                                   ManyTypesText()},
                                  20261205);
  ExpectEveryWayToAddPiecesAgrees({"zh_luxun_sample.txt",
                                   CountingUnit::kSentence, std::nullopt,
                                   std::nullopt, ManyTypesText()},
                                  20261206);
}

// Issue 14: labelled lines' document counts add up the same every way.
TEST(Parts, RandomSplitsOfLabelledLinesAgreeEveryWay) {
  ExpectEveryWayToAddPiecesAgrees({"en_gutenberg_authors.txt", std::nullopt,
                                   std::nullopt, LabelMode::kPrefix},
                                  20261214);
}

TEST(Parts, OneIngestOfManyFilesEqualsThePartOfTheSameFiles) {
  TempDir dir;
  std::mt19937 random(7);
  const std::vector<std::string> files = SplitIntoFiles(
      ReadFile(CorpusPath("en_austen_sample.txt")), 4, random, dir, "p");
  ASSERT_OK(Ingest(dir.Join("plain.db"), files, IngestOptions()));
  ASSERT_OK(CountToPart(dir.Join("all.part"), files, IngestOptions()));
  ASSERT_OK(
      IngestParts(dir.Join("folded.db"), {dir.Join("all.part")}, IngestOptions()));
  ExpectSameDatabase(dir.Join("plain.db"), dir.Join("folded.db"));
}

// The line starts of `text` cut it into ranges: `pieces` random cuts just
// after a line break, as a distributed ingest cuts its inputs.
std::vector<uint64_t> RangeCuts(const std::string& text, int pieces,
                                std::mt19937& random) {
  std::vector<uint64_t> cuts = {0, text.size()};
  std::uniform_int_distribution<size_t> place(0, text.size() - 1);
  for (int i = 1; i < pieces; ++i) {
    const size_t newline = text.find('\n', place(random));
    if (newline != std::string::npos) cuts.push_back(newline + 1);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

// Byte ranges of two files counted into parts (CountRangeToPart), folded in
// order with the files' own journal entries (FingerprintInput), give the
// database of one plain ingest of the two files: the distributed ingest.
TEST(Parts, RangesOfFilesFoldedAsOneIngestEqualTheIngestOfTheFiles) {
  TempDir dir;
  const std::vector<std::string> files = {CorpusPath("en_austen_sample.txt"),
                                          CorpusPath("zh_luxun_sample.txt")};
  for (const std::optional<CountingUnit> unit :
       {std::optional<CountingUnit>(), std::optional(CountingUnit::kSentence)}) {
    SCOPED_TRACE(unit ? "sentence units" : "windows");
    IngestOptions options;
    options.unit = unit;
    const std::string plain = dir.Join(absl::StrCat("plain", unit.has_value()));
    ASSERT_OK(Ingest(plain, files, options));
    for (uint32_t seed : {1u, 2u, 3u}) {
      std::mt19937 random(seed);
      std::vector<std::string> parts;
      IngestOptions fold;
      fold.journal.emplace();
      for (const std::string& file : files) {
        absl::StatusOr<JournalEntry> entry = FingerprintInput(file);
        ASSERT_OK(entry);
        fold.journal->push_back(*entry);
        const std::vector<uint64_t> cuts =
            RangeCuts(ReadFile(file), 1 + seed * 2, random);
        for (size_t i = 0; i + 1 < cuts.size(); ++i) {
          parts.push_back(dir.Join(absl::StrCat("r", seed, "-", parts.size())));
          IngestOptions count = options;
          count.threads = 1 + i % 2;
          ASSERT_OK(CountRangeToPart(parts.back(), file, cuts[i], cuts[i + 1],
                                     count));
        }
      }
      const std::string folded =
          dir.Join(absl::StrCat("folded", seed, unit.has_value()));
      ASSERT_OK(IngestParts(folded, parts, fold));
      ExpectSameDatabase(plain, folded);
      // The files' journal entries make a second fold of them a repeat.
      EXPECT_STATUS_CODE(IngestParts(folded, parts, fold),
                         absl::StatusCode::kFailedPrecondition);
    }
  }
}

TEST(Parts, ARangeOfAStreamOrBackwardsIsRefused) {
  TempDir dir;
  EXPECT_STATUS_CODE(
      CountRangeToPart(dir.Join("p"), CorpusPath("en_austen_sample.txt"), 10,
                       5, IngestOptions()),
      absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(FingerprintInput("/dev/stdin"),
                     absl::StatusCode::kInvalidArgument);
}

// A database of the first half of the English sample and a part of its
// second half, for the refusal tests.
class PartRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text = ReadFile(CorpusPath("en_austen_sample.txt"));
    const size_t middle = text.find('\n', text.size() / 2) + 1;
    first_ = dir_.Join("first.txt");
    second_ = dir_.Join("second.txt");
    WriteFile(first_, text.substr(0, middle));
    WriteFile(second_, text.substr(middle));
    db_ = dir_.Join("db");
    ASSERT_OK(Ingest(db_, {first_}, IngestOptions()));
    part_ = dir_.Join("second.part");
    ASSERT_OK(CountToPart(part_, {second_}, IngestOptions()));
    before_ = TakeSnapshot(db_);
  }

  void ExpectRefused(const std::string& part, absl::StatusCode code) {
    absl::StatusOr<IngestSummary> summary =
        IngestParts(db_, {part}, IngestOptions());
    EXPECT_STATUS_CODE(summary, code);
    EXPECT_TRUE(absl::StrContains(summary.status().message(), part))
        << summary.status();
    EXPECT_TRUE(TakeSnapshot(db_) == before_) << "the database changed";
  }

  TempDir dir_;
  std::string first_, second_, db_, part_;
  Snapshot before_;
};

TEST_F(PartRefusal, FlippedBytesAnywhereAreRefusedWithTheFileName) {
  const std::string bytes = ReadFile(part_);
  for (size_t offset : {size_t{3}, size_t{20}, size_t{200}, bytes.size() / 3,
                        bytes.size() / 2, bytes.size() - 30, bytes.size() - 1}) {
    SCOPED_TRACE(absl::StrCat("byte ", offset));
    std::string damaged = bytes;
    damaged[offset] = static_cast<char>(damaged[offset] ^ 0x10);
    const std::string path = dir_.Join(absl::StrCat("flipped-", offset, ".part"));
    WriteFile(path, damaged);
    ExpectRefused(path, absl::StatusCode::kDataLoss);
  }
}

TEST_F(PartRefusal, TruncatedPartsAreRefusedWithTheFileName) {
  const std::string bytes = ReadFile(part_);
  for (size_t length : {size_t{0}, size_t{10}, size_t{100}, bytes.size() / 2,
                        bytes.size() - 1}) {
    SCOPED_TRACE(absl::StrCat(length, " bytes"));
    const std::string path = dir_.Join(absl::StrCat("cut-", length, ".part"));
    WriteFile(path, bytes.substr(0, length));
    ExpectRefused(path, absl::StatusCode::kDataLoss);
  }
}

TEST_F(PartRefusal, BytesAfterTheEndBlockAreRefused) {
  const std::string path = dir_.Join("appended.part");
  WriteFile(path, ReadFile(part_) + "x");
  ExpectRefused(path, absl::StatusCode::kDataLoss);
}

TEST_F(PartRefusal, AnotherFormatVersionIsFailedPrecondition) {
  std::string bytes = ReadFile(part_);
  bytes[8] = 9;  // The version, little-endian, after the magic.
  const std::string path = dir_.Join("v9.part");
  WriteFile(path, bytes);
  ExpectRefused(path, absl::StatusCode::kFailedPrecondition);
}

// Version 2 added the labels block; a version 1 part (no labels) is read as
// it always was.
TEST_F(PartRefusal, AVersion1PartIsStillRead) {
  std::string bytes = ReadFile(part_);
  ASSERT_EQ(bytes[8], 2);
  bytes[8] = 1;
  const std::string v1 = dir_.Join("v1.part");
  WriteFile(v1, bytes);
  ASSERT_OK(IngestParts(dir_.Join("v1.db"), {v1}, IngestOptions()));
  ASSERT_OK(IngestParts(dir_.Join("v2.db"), {part_}, IngestOptions()));
  ExpectSameDatabase(dir_.Join("v1.db"), dir_.Join("v2.db"));
}

TEST_F(PartRefusal, APartOfAnotherDefinitionIsRefused) {
  IngestOptions window2;
  window2.window = 2;
  const std::string path = dir_.Join("window2.part");
  ASSERT_OK(CountToPart(path, {second_}, window2));
  ExpectRefused(path, absl::StatusCode::kInvalidArgument);
  IngestOptions stopwords;
  auto list = StopwordList::Builtin("en");
  ASSERT_OK(list);
  stopwords.stopwords = *list;
  const std::string other = dir_.Join("stopwords.part");
  ASSERT_OK(CountToPart(other, {second_}, stopwords));
  ExpectRefused(other, absl::StatusCode::kInvalidArgument);
}

TEST_F(PartRefusal, APartOfTextTheDatabaseCountedIsRefusedUnlessForced) {
  const std::string again = dir_.Join("first.part");
  ASSERT_OK(CountToPart(again, {first_}, IngestOptions()));
  ExpectRefused(again, absl::StatusCode::kFailedPrecondition);
  IngestOptions force;
  force.force = true;
  ASSERT_OK(IngestParts(db_, {again}, force));
  auto store = CountStore::Open(db_, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto totals = (*store)->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->ingests, 2u);
}

TEST_F(PartRefusal, TheSamePartTwiceInOneCallIsRefused) {
  absl::StatusOr<IngestSummary> summary =
      IngestParts(db_, {part_, part_}, IngestOptions());
  EXPECT_STATUS_CODE(summary, absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(TakeSnapshot(db_) == before_);
}

TEST_F(PartRefusal, DefinitionOptionsDoNotGoWithParts) {
  IngestOptions options;
  options.window = 5;
  EXPECT_STATUS_CODE(IngestParts(db_, {part_}, options),
                     absl::StatusCode::kInvalidArgument);
}

TEST_F(PartRefusal, AFileThatIsNotAPartIsRefused) {
  ExpectRefused(second_, absl::StatusCode::kDataLoss);
}

TEST(Parts, AFirstFoldCreatesTheDatabaseWithThePartsDefinition) {
  TempDir dir;
  IngestOptions options;
  options.window = 3;
  options.mode = PairMode::kOrdered;
  const std::string part = dir.Join("a.part");
  ASSERT_OK(CountToPart(part, {CorpusPath("en_austen_sample.txt")}, options));
  ASSERT_OK(IngestParts(dir.Join("db"), {part}, IngestOptions()));
  auto store = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->options().window, 3);
  EXPECT_EQ((*store)->options().mode, PairMode::kOrdered);
}

TEST(Parts, ACountRerunReplacesThePartInsteadOfDoublingIt) {
  TempDir dir;
  const std::string part = dir.Join("a.part");
  const std::string corpus = CorpusPath("en_austen_sample.txt");
  ASSERT_OK(CountToPart(part, {corpus}, IngestOptions()));
  ASSERT_OK(CountToPart(part, {corpus}, IngestOptions()));  // A retry.
  ASSERT_OK(IngestParts(dir.Join("folded.db"), {part}, IngestOptions()));
  ASSERT_OK(Ingest(dir.Join("plain.db"), {corpus}, IngestOptions()));
  ExpectSameDatabase(dir.Join("plain.db"), dir.Join("folded.db"));
  // Nothing but the part is left beside it.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    files += entry.path().extension() == ".part" ||
             absl::StrContains(entry.path().filename().string(), ".part.");
  }
  EXPECT_EQ(files, 1);
}

TEST_F(PartRefusal, MergeRefusesTwoDatabasesThatCountedTheSameText) {
  const std::string again = dir_.Join("again.db");
  ASSERT_OK(Ingest(again, {first_}, IngestOptions()));
  absl::StatusOr<MergeSummary> merged =
      MergeDatabases(dir_.Join("out.db"), {db_, again}, MergeOptions());
  EXPECT_STATUS_CODE(merged, absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(merged.status().message(), first_))
      << merged.status();
  EXPECT_FALSE(std::filesystem::exists(dir_.Join("out.db")));
  MergeOptions force;
  force.force = true;
  ASSERT_OK(MergeDatabases(dir_.Join("out.db"), {db_, again}, force));
  EXPECT_TRUE(TakeSnapshot(db_) == before_) << "an input changed";
}

TEST_F(PartRefusal, MergeRefusesAnExistingOutputAndMismatchedInputs) {
  EXPECT_STATUS_CODE(MergeDatabases(db_, {db_}, MergeOptions()),
                     absl::StatusCode::kAlreadyExists);
  IngestOptions ordered;
  ordered.mode = PairMode::kOrdered;
  const std::string other = dir_.Join("ordered.db");
  ASSERT_OK(Ingest(other, {second_}, ordered));
  EXPECT_STATUS_CODE(
      MergeDatabases(dir_.Join("out.db"), {db_, other}, MergeOptions()),
      absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(
      MergeDatabases(dir_.Join("out.db"), {db_, db_}, MergeOptions()),
      absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE(
      MergeDatabases(dir_.Join("out.db"), {dir_.Join("absent")}, MergeOptions()),
      absl::StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_.Join("out.db")));
}

// Runs a split fold of `parts` into `db` with every task in this process,
// in reverse order and one of each kind twice (a retried task), as workers
// might; returns the commit's summary.
absl::StatusOr<IngestSummary> SplitFoldInReverse(
    const std::string& db, const std::vector<std::string>& parts,
    const std::string& work_dir, const IngestOptions& options) {
  absl::StatusOr<std::unique_ptr<SplitFold>> fold =
      SplitFold::Begin(db, parts, work_dir, options);
  if (!fold.ok()) return fold.status();
  for (size_t p = parts.size(); p-- > 0;) {
    for (int attempt = 0; attempt < (p == 0 ? 2 : 1); ++attempt) {
      absl::Status remapped = RemapPartTask(parts[p], (*fold)->map_file(p),
                                            (*fold)->run_file(p), 16);
      if (!remapped.ok()) return remapped;
    }
  }
  for (int k = (*fold)->shards(); k-- > 0;) {
    for (int attempt = 0; attempt < (k == 0 ? 2 : 1); ++attempt) {
      absl::Status written =
          WriteShardTask((*fold)->shard_task(k), (*fold)->run_files());
      if (!written.ok()) return written;
    }
  }
  return (*fold)->Commit();
}

// A split fold into a database of a far larger vocabulary than its parts'
// sums its shards' marginals by the parts' ids (FoldSlots) and gives the
// database of IngestParts, for symmetric and for ordered pairs.
TEST(SplitFold, AFoldIntoALargeVocabularyGivesTheDatabaseOfIngestParts) {
  TempDir dir;
  std::mt19937 random(11);
  std::vector<std::string> files = SplitIntoFiles(
      ReadFile(CorpusPath("en_austen_sample.txt")), 3, random, dir, "piece");
  const std::string many = dir.Join("many-types.txt");
  WriteFile(many, ManyTypesText());
  for (const PairMode mode : {PairMode::kSymmetric, PairMode::kOrdered}) {
    const std::string stem = mode == PairMode::kOrdered ? "ordered" : "sym";
    SCOPED_TRACE(stem);
    IngestOptions count;
    count.mode = mode;
    const std::string many_part = dir.Join(stem + "-many.part");
    ASSERT_OK(CountToPart(many_part, {many}, count));
    std::vector<std::string> parts;
    for (const std::string& file : files) {
      parts.push_back(absl::StrCat(file, ".", stem, ".part"));
      ASSERT_OK(CountToPart(parts.back(), {file}, count));
    }
    const std::string grown = dir.Join(stem + "-grown.db");
    const std::string split = dir.Join(stem + "-split.db");
    for (const std::string& db : {grown, split}) {
      ASSERT_OK(IngestParts(db, {many_part}, IngestOptions()));
    }
    ASSERT_OK(IngestParts(grown, parts, IngestOptions()));
    ASSERT_OK(SplitFoldInReverse(split, parts, dir.Join(stem + "-work"),
                                 IngestOptions()));
    ExpectSameDatabase(grown, split);
  }
}

// The fold of a distributed ingest, split into tasks (split_fold.h), gives
// exactly the database of IngestParts of the same parts: into a new
// database (table files of final values) and into one that holds counts
// (Merge entries), with the parts' own journals and as pieces of one ingest.
TEST(SplitFold, TasksInAnyOrderGiveTheDatabaseOfIngestParts) {
  TempDir dir;
  const std::string text = ReadFile(CorpusPath("en_austen_sample.txt"));
  std::mt19937 random(7);
  const std::vector<std::string> files =
      SplitIntoFiles(text, 5, random, dir, "piece");
  std::vector<std::string> parts;
  for (const std::string& file : files) {
    parts.push_back(file + ".part");
    IngestOptions count;
    count.unit = CountingUnit::kWindow;
    ASSERT_OK(CountToPart(parts.back(), {file}, count));
  }
  // Into a new database, the parts' own journals.
  const std::string folded = dir.Join("folded.db");
  ASSERT_OK(IngestParts(folded, parts, IngestOptions()));
  const std::string split = dir.Join("split.db");
  absl::StatusOr<IngestSummary> summary =
      SplitFoldInReverse(split, parts, dir.Join("work"), IngestOptions());
  ASSERT_OK(summary);
  EXPECT_TRUE(summary->created);
  EXPECT_EQ(summary->tokens, summary->totals.tokens);
  ExpectSameDatabase(folded, split);
  // The work directory holds nothing of the fold afterwards: the tables'
  // scan files went into the database with them (a retried shard task's
  // first one was removed), so scans read them.
  EXPECT_TRUE(std::filesystem::is_empty(dir.Join("work")));
  {
    auto store = CountStore::Open(split, CountStore::Access::kReadOnly);
    ASSERT_OK(store);
    for (int k = 0; k < (*store)->options().shards; ++k) {
      auto cursor = (*store)->ShardPairs(k);
      ASSERT_OK(cursor);
      EXPECT_TRUE(cursor->reads_scan_files()) << "shard " << k;
    }
    auto report = VerifyStore(**store, VerifyOptions());
    ASSERT_OK(report);
    EXPECT_TRUE(report->problems.empty());
  }

  // Into databases that hold the first two pieces: the rest as pieces of
  // one ingest, with their files' journal entries.
  const std::vector<std::string> first(parts.begin(), parts.begin() + 2);
  const std::vector<std::string> rest(parts.begin() + 2, parts.end());
  IngestOptions one_ingest;
  one_ingest.journal.emplace();
  for (size_t i = 2; i < files.size(); ++i) {
    absl::StatusOr<JournalEntry> entry = FingerprintInput(files[i]);
    ASSERT_OK(entry);
    one_ingest.journal->push_back(*entry);
  }
  const std::string grown = dir.Join("grown.db");
  const std::string split_grown = dir.Join("split_grown.db");
  for (const std::string& db : {grown, split_grown}) {
    ASSERT_OK(IngestParts(db, first, IngestOptions()));
  }
  ASSERT_OK(IngestParts(grown, rest, one_ingest));
  ASSERT_OK(SplitFoldInReverse(split_grown, rest, dir.Join("work"), one_ingest));
  ExpectSameDatabase(grown, split_grown);
  // The journal rule holds for a split fold as for IngestParts.
  EXPECT_STATUS_CODE(
      SplitFold::Begin(split_grown, rest, dir.Join("work"), one_ingest),
      absl::StatusCode::kFailedPrecondition);

  // Ordered parts: the tasks also write the index by right word.
  std::vector<std::string> ordered_parts;
  for (const std::string& file : files) {
    ordered_parts.push_back(file + ".ordered.part");
    IngestOptions count;
    count.mode = PairMode::kOrdered;
    ASSERT_OK(CountToPart(ordered_parts.back(), {file}, count));
  }
  const std::string ordered = dir.Join("ordered.db");
  const std::string split_ordered = dir.Join("split_ordered.db");
  ASSERT_OK(IngestParts(ordered, ordered_parts, IngestOptions()));
  ASSERT_OK(SplitFoldInReverse(split_ordered, ordered_parts, dir.Join("work"),
                               IngestOptions()));
  ExpectSameDatabase(ordered, split_ordered);
  EXPECT_FALSE(TakeSnapshot(split_ordered).right_index.empty());
}

// Issue 14: the label counts reach the database through a split fold too.
TEST(SplitFold, LabelledPartsGiveTheDatabaseOfIngestParts) {
  TempDir dir;
  const std::string text = ReadFile(CorpusPath("en_gutenberg_authors.txt"));
  std::mt19937 random(14);
  const std::vector<std::string> files =
      SplitIntoFiles(text, 4, random, dir, "piece");
  std::vector<std::string> parts;
  IngestOptions count;
  count.labels = LabelMode::kPrefix;
  for (const std::string& file : files) {
    parts.push_back(file + ".part");
    ASSERT_OK(CountToPart(parts.back(), {file}, count));
  }
  const std::string folded = dir.Join("folded.db");
  ASSERT_OK(IngestParts(folded, parts, IngestOptions()));
  const std::string split = dir.Join("split.db");
  ASSERT_OK(
      SplitFoldInReverse(split, parts, dir.Join("work"), IngestOptions()));
  const Snapshot labelled = TakeSnapshot(split);
  EXPECT_EQ(labelled.labels.size(), 1 + 6 + labelled.terms.size());
  ExpectSameDatabase(folded, split);
}

// A damaged or missing task output fails the fold, naming the file, and
// changes nothing; the database is held for writing until the fold ends.
TEST(SplitFold, DamagedOrMissingTaskOutputsFailTheFoldAndChangeNothing) {
  TempDir dir;
  const std::string part = dir.Join("austen.part");
  ASSERT_OK(CountToPart(part, {CorpusPath("en_austen_sample.txt")},
                        IngestOptions()));
  const std::string db = dir.Join("db");
  const std::string work = dir.Join("work");
  {
    absl::StatusOr<std::unique_ptr<SplitFold>> fold =
        SplitFold::Begin(db, {part}, work, IngestOptions());
    ASSERT_OK(fold);
    // Held: another writer is refused.
    EXPECT_STATUS_CODE(IngestParts(db, {part}, IngestOptions()),
                       absl::StatusCode::kFailedPrecondition);
    // A shard task before its part was re-sorted: the run file is missing.
    absl::Status early =
        WriteShardTask((*fold)->shard_task(0), (*fold)->run_files());
    EXPECT_STATUS_CODE(early, absl::StatusCode::kDataLoss);
    EXPECT_TRUE(absl::StrContains(early.message(), (*fold)->run_file(0)))
        << early;
    ASSERT_OK(RemapPartTask(part, (*fold)->map_file(0), (*fold)->run_file(0),
                            64));
    // A flipped byte in the middle of the run file.
    const std::string runs = ReadFile((*fold)->run_file(0));
    std::string flipped = runs;
    flipped[runs.size() / 2] ^= 0x20;
    WriteFile((*fold)->run_file(0), flipped);
    absl::Status status = absl::OkStatus();
    for (int k = 0; k < (*fold)->shards() && status.ok(); ++k) {
      status = WriteShardTask((*fold)->shard_task(k), (*fold)->run_files());
    }
    EXPECT_STATUS_CODE(status, absl::StatusCode::kDataLoss);
    EXPECT_TRUE(absl::StrContains(status.message(), (*fold)->run_file(0)))
        << status;
    // Truncated.
    WriteFile((*fold)->run_file(0), runs.substr(0, runs.size() - 9));
    EXPECT_STATUS_CODE(
        WriteShardTask((*fold)->shard_task(0), (*fold)->run_files()),
        absl::StatusCode::kDataLoss);
    // The shards never written: the commit names the first missing output.
    absl::StatusOr<IngestSummary> commit = (*fold)->Commit();
    EXPECT_STATUS_CODE(commit, absl::StatusCode::kDataLoss);
    EXPECT_TRUE(absl::StrContains(commit.status().message(), "marginals"))
        << commit.status();
  }
  // The database the fold created is gone, and so are its files.
  EXPECT_FALSE(std::filesystem::exists(db));
  EXPECT_TRUE(std::filesystem::is_empty(work));
}

}  // namespace
}  // namespace cooc
