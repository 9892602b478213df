// Tests of scan files (src/scan_file.h): whole-shard cursors read them and
// return what the tables hold, through delta commits, maintenance and
// compaction; a missing one leaves the scan to the tables, a damaged one
// is named; the files of tables the database no longer has are removed.

#include "scan_file.h"

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cooc/count_store.h"
#include "cooc/verify.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;
using ::cooc::testing::TempDir;

constexpr int kShards = 3;
// Enough pairs that a shard's table holds several blocks of its scan file
// (1024 pairs each) and a term's partners cross from one into the next.
constexpr uint32_t kTerms = 150;

// A commit of random pairs among kTerms terms (new in the first commit
// only), with random counts, in symmetric form (both directions).
StoreBatch RandomCommit(std::mt19937& random, bool first) {
  StoreBatch batch;
  if (first) {
    for (uint32_t id = 0; id < kTerms; ++id) {
      batch.new_terms.push_back({absl::StrCat("w", id), id});
    }
  }
  std::vector<std::vector<uint64_t>> counts(kTerms,
                                            std::vector<uint64_t>(kTerms, 0));
  for (int i = 0; i < 6000; ++i) {
    const uint32_t x = random() % kTerms;
    const uint32_t y = random() % kTerms;
    if (x == y) continue;
    const uint64_t count = 1 + random() % 9;
    counts[x][y] += count;
    counts[y][x] += count;
  }
  batch.shard_pairs.resize(kShards);
  std::vector<uint64_t> rows(kTerms, 0);
  for (uint32_t x = 0; x < kTerms; ++x) {
    for (uint32_t y = 0; y < kTerms; ++y) {
      if (counts[x][y] == 0) continue;
      batch.shard_pairs[x % kShards].push_back(
          {(uint64_t{x} << 32) | y, counts[x][y]});
      rows[x] += counts[x][y];
      batch.totals.pair_events += counts[x][y];
    }
  }
  for (uint32_t id = 0; id < kTerms; ++id) {
    batch.term_counts.push_back({id, {rows[id], rows[id], rows[id]}});
    batch.totals.tokens += rows[id];
  }
  batch.totals.lines = 1;
  return batch;
}

using Pair = std::tuple<uint32_t, uint32_t, uint64_t>;

// The pairs of `shard` through a cursor reading `source`; whether it read
// scan files in `*from_scan_files`.
std::vector<Pair> ShardPairs(const CountStore& store, int shard,
                             PairCursorOptions options,
                             bool* from_scan_files = nullptr) {
  std::vector<Pair> pairs;
  auto cursor = store.ShardPairs(shard, options);
  EXPECT_OK(cursor);
  if (!cursor.ok()) return pairs;
  if (from_scan_files != nullptr) *from_scan_files = cursor->reads_scan_files();
  std::vector<PairEntry> batch(5);  // Small, so that reads span batches.
  while (true) {
    auto n = cursor->Read(absl::MakeSpan(batch));
    EXPECT_OK(n);
    if (!n.ok() || *n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      pairs.emplace_back(batch[i].x, batch[i].y, batch[i].count);
    }
  }
  return pairs;
}

std::vector<std::string> ScanFiles(const std::string& db) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry :
       fs::directory_iterator(ScanFileDirectory(db), error)) {
    files.push_back(entry.path().string());
  }
  return files;
}

uint64_t PairTables(const CountStore& store) {
  uint64_t tables = 0;
  auto layouts = store.Layout();
  EXPECT_OK(layouts);
  for (const FamilyLayout& layout : *layouts) {
    if (absl::StartsWith(layout.family, "shard_")) tables += layout.files;
  }
  return tables;
}

// Every shard reads the same pairs from its scan files as from its tables,
// in every cursor mode, and reads scan files.
void ExpectScanFilesMatchTables(const CountStore& store) {
  for (int shard = 0; shard < kShards; ++shard) {
    for (const PairTriangle triangle : {PairTriangle::kAll, PairTriangle::kUpper}) {
      for (const uint64_t min_count : {uint64_t{0}, uint64_t{12}}) {
        SCOPED_TRACE(absl::StrCat("shard ", shard, " min_count ", min_count,
                                  triangle == PairTriangle::kAll ? " all"
                                                                 : " upper"));
        PairCursorOptions options;
        options.triangle = triangle;
        options.min_count = min_count;
        bool from_scan_files = false;
        const std::vector<Pair> scanned =
            ShardPairs(store, shard, options, &from_scan_files);
        EXPECT_TRUE(from_scan_files);
        options.source = PairCursorOptions::Source::kTables;
        bool from_tables = true;
        EXPECT_EQ(scanned, ShardPairs(store, shard, options, &from_tables));
        EXPECT_FALSE(from_tables);
        if (min_count == 0) {
          EXPECT_FALSE(scanned.empty());
        }
      }
    }
  }
  // The partners of each term, as assoc reads them.
  for (uint32_t x = 0; x <= kTerms; ++x) {
    SCOPED_TRACE(absl::StrCat("partners of ", x));
    std::vector<Pair> from[2];
    for (const auto source : {PairCursorOptions::Source::kScanFiles,
                              PairCursorOptions::Source::kTables}) {
      PairCursorOptions options;
      options.source = source;
      PairCursor cursor = store.Partners(x, options);
      EXPECT_EQ(cursor.reads_scan_files(),
                source == PairCursorOptions::Source::kScanFiles);
      std::vector<PairEntry> batch(3);
      while (true) {
        auto n = cursor.Read(absl::MakeSpan(batch));
        ASSERT_OK(n);
        if (*n == 0) break;
        for (size_t i = 0; i < *n; ++i) {
          from[source == PairCursorOptions::Source::kTables].emplace_back(
              batch[i].x, batch[i].y, batch[i].count);
        }
      }
    }
    EXPECT_EQ(from[0], from[1]);
    if (x < kTerms) {
      EXPECT_FALSE(from[0].empty());
    }
  }
}

TEST(ScanFile, Issue9ShardScansReadScanFilesThatAgreeWithTheTables) {
  TempDir dir;
  const std::string db = dir.Join("db");
  std::mt19937 random(9);
  {
    StoreOptions options;
    options.shards = kShards;
    auto store = CountStore::Create(db, options);
    ASSERT_OK(store);
    for (int commit = 0; commit < 7; ++commit) {
      SCOPED_TRACE(absl::StrCat("commit ", commit));
      ASSERT_OK((*store)->Commit(RandomCommit(random, commit == 0)));
      ExpectScanFilesMatchTables(**store);
      ASSERT_OK((*store)->Maintain());
      ExpectScanFilesMatchTables(**store);
      // One scan file per table of a pair family, none left over.
      EXPECT_EQ(ScanFiles(db).size(), PairTables(**store));
    }
    ASSERT_OK((*store)->Compact());
    ExpectScanFilesMatchTables(**store);
    EXPECT_EQ(ScanFiles(db).size(), PairTables(**store));
    EXPECT_EQ(PairTables(**store), uint64_t{kShards});
  }
  auto reader = CountStore::Open(db, CountStore::Access::kReadOnly);
  ASSERT_OK(reader);
  ExpectScanFilesMatchTables(**reader);
  auto report = VerifyStore(**reader, VerifyOptions());
  ASSERT_OK(report);
  for (const VerifyProblem& problem : report->problems) {
    ADD_FAILURE() << problem.check << " " << problem.subject << ": expected "
                  << problem.expected << ", found " << problem.found;
  }
}

// Makes a database of kShards shards at `db` from `commits` random commits
// (seeded with `seed`), then compacted if `compact`.
void BuildStore(const std::string& db, unsigned seed, int commits,
                bool compact) {
  std::mt19937 random(seed);
  StoreOptions options;
  options.shards = kShards;
  auto store = CountStore::Create(db, options);
  ASSERT_OK(store);
  for (int commit = 0; commit < commits; ++commit) {
    ASSERT_OK((*store)->Commit(RandomCommit(random, commit == 0)));
  }
  if (compact) ASSERT_OK((*store)->Compact());
}

TEST(ScanFile, Issue9AMissingScanFileLeavesTheScanToTheTables) {
  TempDir dir;
  const std::string db = dir.Join("db");
  ASSERT_NO_FATAL_FAILURE(BuildStore(db, 10, 2, /*compact=*/false));
  const std::vector<std::string> files = ScanFiles(db);
  ASSERT_EQ(files.size(), 2u * kShards);
  fs::remove(files[0]);
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  int from_scan_files = 0;
  for (int shard = 0; shard < kShards; ++shard) {
    bool scanned = false;
    const std::vector<Pair> pairs =
        ShardPairs(**store, shard, PairCursorOptions(), &scanned);
    from_scan_files += scanned;
    PairCursorOptions tables;
    tables.source = PairCursorOptions::Source::kTables;
    EXPECT_EQ(pairs, ShardPairs(**store, shard, tables)) << "shard " << shard;
  }
  EXPECT_EQ(from_scan_files, kShards - 1);
}

TEST(ScanFile, Issue9ADamagedScanFileIsNamedAndVerifyReportsIt) {
  TempDir dir;
  const std::string db = dir.Join("db");
  ASSERT_NO_FATAL_FAILURE(BuildStore(db, 11, 1, /*compact=*/false));
  const std::vector<std::string> files = ScanFiles(db);
  ASSERT_EQ(files.size(), size_t{kShards});
  std::string bytes = testing::ReadFile(files[0]);
  bytes[20] ^= 0x10;  // In the run, after the 16-byte header.
  testing::WriteFile(files[0], bytes);
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  bool damage_named = false;
  for (int shard = 0; shard < kShards; ++shard) {
    auto cursor = (*store)->ShardPairs(shard);
    ASSERT_OK(cursor);
    std::vector<PairEntry> batch(4096);
    absl::StatusOr<size_t> n;
    do {
      n = cursor->Read(absl::MakeSpan(batch));
    } while (n.ok() && *n > 0);
    if (!n.ok()) {
      EXPECT_EQ(n.status().code(), absl::StatusCode::kDataLoss);
      EXPECT_TRUE(absl::StrContains(n.status().message(), files[0]))
          << n.status();
      damage_named = true;
    }
  }
  EXPECT_TRUE(damage_named);
  auto report = VerifyStore(**store, VerifyOptions());
  ASSERT_OK(report);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].check, "scan_file");
}

TEST(ScanFile, Issue9FilesOfTablesTheDatabaseNoLongerHasAreRemoved) {
  TempDir dir;
  const std::string db = dir.Join("db");
  ASSERT_NO_FATAL_FAILURE(BuildStore(db, 12, 2, /*compact=*/true));
  EXPECT_EQ(ScanFiles(db).size(), size_t{kShards});
  // What a killed compaction or ingest leaves: a whole file and a partial
  // one of tables that never joined the database.
  const std::string orphan =
      (fs::path(ScanFileDirectory(db)) / "0123456789abcdef0123456789abcdef.runs")
          .string();
  testing::WriteFile(orphan, "x");
  testing::WriteFile(orphan + ".writing-host-1", "x");
  {
    // A reader leaves them.
    auto reader = CountStore::Open(db, CountStore::Access::kReadOnly);
    ASSERT_OK(reader);
    EXPECT_EQ(ScanFiles(db).size(), size_t{kShards} + 2);
    ExpectScanFilesMatchTables(**reader);
  }
  auto store = CountStore::Open(db, CountStore::Access::kReadWrite);
  ASSERT_OK(store);
  EXPECT_EQ(ScanFiles(db).size(), size_t{kShards});
  EXPECT_FALSE(fs::exists(orphan));
  ExpectScanFilesMatchTables(**store);
}

}  // namespace
}  // namespace cooc
