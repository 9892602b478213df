// Tests of the cursors (store_cursor.h): whole-shard and partner scans read
// exactly what is stored, in batches of any size, the filters skip what
// they say, and damage stops a cursor with DataLoss.

#include "cooc/store_cursor.h"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "cooc/count_store.h"
#include "cooc/query.h"
#include "key_format.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

// Terms t0..t{n-1}; the pair (x, y) for every x != y (and x == y when
// `diagonal`), with count 10 * x + y + 1.
StoreBatch Square(uint32_t n, int shards, bool diagonal = false) {
  StoreBatch batch;
  for (uint32_t id = 0; id < n; ++id) {
    batch.new_terms.push_back({absl::StrCat("t", id), id});
    batch.term_counts.push_back({id, {1, 0, 0}});
  }
  batch.shard_pairs.resize(shards);
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t y = 0; y < n; ++y) {
      if (x == y && !diagonal) continue;
      batch.shard_pairs[x % shards].push_back(
          {(uint64_t{x} << 32) | y, 10 * x + y + 1});
    }
  }
  return batch;
}

using PairMap = std::map<std::pair<uint32_t, uint32_t>, uint64_t>;

PairMap Expected(uint32_t n, bool diagonal, uint64_t min_count, bool upper) {
  PairMap pairs;
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t y = 0; y < n; ++y) {
      if (x == y && !diagonal) continue;
      if (upper && y < x) continue;
      const uint64_t count = 10 * x + y + 1;
      if (count >= min_count) pairs[{x, y}] = count;
    }
  }
  return pairs;
}

// Every pair of every shard, read `batch` pairs at a time; checks that
// each shard's pairs come in key order and belong to the shard.
PairMap ReadAll(const CountStore& store, const PairCursorOptions& options,
                size_t batch) {
  PairMap pairs;
  std::vector<PairEntry> buffer(batch);
  for (int shard = 0; shard < store.options().shards; ++shard) {
    auto cursor = store.ShardPairs(shard, options);
    EXPECT_OK(cursor);
    if (!cursor.ok()) return pairs;
    std::tuple<uint32_t, uint32_t> last = {0, 0};
    bool first = true;
    while (true) {
      auto n = cursor->Read(absl::MakeSpan(buffer));
      EXPECT_OK(n);
      if (!n.ok() || *n == 0) break;
      for (size_t i = 0; i < *n; ++i) {
        const PairEntry& p = buffer[i];
        EXPECT_EQ(static_cast<int>(p.x) % store.options().shards, shard);
        EXPECT_TRUE(first || std::make_tuple(p.x, p.y) > last);
        first = false;
        last = {p.x, p.y};
        EXPECT_TRUE(pairs.insert({{p.x, p.y}, p.count}).second);
      }
    }
    EXPECT_OK(cursor->status());
  }
  return pairs;
}

TEST(StoreCursor, ShardCursorsTogetherReadEveryPairOnceInAnyBatchSize) {
  TempDir dir;
  StoreOptions options;
  options.shards = 3;
  auto store = CountStore::Create(dir.Join("db"), options);
  ASSERT_OK(store);
  ASSERT_OK((*store)->Commit(Square(40, 3)));
  for (size_t batch : {1, 7, 4096}) {
    SCOPED_TRACE(batch);
    EXPECT_EQ(ReadAll(**store, {}, batch), Expected(40, false, 0, false));
  }
}

TEST(StoreCursor, UpperTriangleAndMinCountSkipInsideTheCursor) {
  TempDir dir;
  StoreOptions options;
  options.shards = 2;
  auto store = CountStore::Create(dir.Join("db"), options);
  ASSERT_OK(store);
  // 60 terms: rows far longer than the run after which the cursor seeks.
  ASSERT_OK((*store)->Commit(Square(60, 2, /*diagonal=*/true)));
  PairCursorOptions upper;
  upper.triangle = PairTriangle::kUpper;
  EXPECT_EQ(ReadAll(**store, upper, 5), Expected(60, true, 0, true));
  upper.min_count = 300;
  EXPECT_EQ(ReadAll(**store, upper, 64), Expected(60, true, 300, true));
  PairCursorOptions all;
  all.min_count = 300;
  all.cache = PairCursorOptions::Cache::kBypass;
  EXPECT_EQ(ReadAll(**store, all, 64), Expected(60, true, 300, false));
}

TEST(StoreCursor, PartnerCursorReadsOnlyItsTermsRange) {
  TempDir dir;
  StoreOptions options;
  options.shards = 1;  // Every row in one shard: the range must do the work.
  auto store = CountStore::Create(dir.Join("db"), options);
  ASSERT_OK(store);
  ASSERT_OK((*store)->Commit(Square(20, 1)));
  for (uint32_t x : {0u, 7u, 19u, 20u}) {
    PairCursor cursor = (*store)->Partners(x);
    std::vector<PairEntry> buffer(3);
    PairMap got;
    while (true) {
      auto n = cursor.Read(absl::MakeSpan(buffer));
      ASSERT_OK(n);
      if (*n == 0) break;
      for (size_t i = 0; i < *n; ++i) {
        got[{buffer[i].x, buffer[i].y}] = buffer[i].count;
      }
    }
    PairMap expected;
    for (const auto& [pair, count] : Expected(20, false, 0, false)) {
      if (pair.first == x) expected[pair] = count;
    }
    EXPECT_EQ(got, expected) << x;
  }
}

TEST(StoreCursor, ADamagedValueStopsTheCursorWithDataLoss) {
  TempDir dir;
  const std::string path = dir.Join("db");
  ASSERT_OK(testing::CreateStoreWith(path, 2, Square(10, 2)));
  testing::OverwritePairValue(path, 4, 5, "bad");  // 3 bytes, not 8.
  auto store = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  auto cursor = (*store)->ShardPairs(0);
  ASSERT_OK(cursor);
  std::vector<PairEntry> buffer(4);
  absl::Status stopped;
  size_t read = 0;
  while (stopped.ok()) {
    auto n = cursor->Read(absl::MakeSpan(buffer));
    if (!n.ok()) {
      stopped = n.status();
      break;
    }
    ASSERT_NE(*n, 0u) << "the cursor reached the end past the damage";
    read += *n;
  }
  EXPECT_STATUS_CODE(stopped, absl::StatusCode::kDataLoss);
  EXPECT_NE(stopped.message().find("(4,5)"), absl::string_view::npos)
      << stopped;
  EXPECT_STATUS_CODE(cursor->status(), absl::StatusCode::kDataLoss);
  // It stays stopped.
  EXPECT_STATUS_CODE(cursor->Read(absl::MakeSpan(buffer)),
                     absl::StatusCode::kDataLoss);
  EXPECT_LT(read, 25u);  // Shard 0 holds rows 0, 2, 4, 6, 8: 45 pairs.
  // The partner cursor of 4 and every whole-store scan stop too.
  PairCursor partners = (*store)->Partners(4);
  absl::StatusOr<size_t> partner_read;
  do {
    partner_read = partners.Read(absl::MakeSpan(buffer));
  } while (partner_read.ok() && *partner_read > 0);
  EXPECT_STATUS_CODE(partner_read, absl::StatusCode::kDataLoss);
  EXPECT_STATUS_CODE((*store)->CountPairs(), absl::StatusCode::kDataLoss);
}

TEST(StoreCursor, StatsWithoutTheInformationReadNoPair) {
  TempDir dir;
  const std::string path = dir.Join("db");
  ASSERT_OK(testing::CreateStoreWith(path, 2, Square(10, 2)));
  testing::OverwritePairValue(path, 4, 5, "bad");
  auto query = Query::Open(path);
  ASSERT_OK(query);
  // A damaged pair count cannot disturb what reads no pair count.
  auto stats = (*query)->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->totals.types, 10u);
  EXPECT_FALSE(stats->information.has_value());
  EXPECT_STATUS_CODE((*query)->Stats(StatsScope::kInformation),
                     absl::StatusCode::kDataLoss);
}

TEST(StoreCursor, ReadsIntoAnEmptyBufferOrAnUnknownShardAreRefused) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  EXPECT_STATUS_CODE((*store)->ShardPairs(8),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_STATUS_CODE((*store)->ShardPairs(-1),
                     absl::StatusCode::kInvalidArgument);
  auto cursor = (*store)->ShardPairs(0);
  ASSERT_OK(cursor);
  EXPECT_STATUS_CODE(cursor->Read({}), absl::StatusCode::kInvalidArgument);
  std::vector<PairEntry> buffer(4);
  auto n = cursor->Read(absl::MakeSpan(buffer));
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0u);  // An empty store.
  EXPECT_EQ(*cursor->Read(absl::MakeSpan(buffer)), 0u);
}

// Every (term, id) `cursor` gives, read `batch` entries at a time; fails
// the test on a read error.
std::vector<std::pair<std::string, uint32_t>> ReadAllTerms(TermCursor& cursor,
                                                          size_t batch) {
  std::vector<TermEntry> buffer(batch);
  std::vector<std::pair<std::string, uint32_t>> terms;
  while (true) {
    auto n = cursor.Read(absl::MakeSpan(buffer));
    EXPECT_OK(n);
    if (!n.ok() || *n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      terms.push_back({buffer[i].term, buffer[i].id});
    }
  }
  EXPECT_OK(cursor.status());
  return terms;
}

TEST(StoreCursor, TermCursorReadsTheVocabularyInByteOrder) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  StoreBatch batch;
  batch.new_terms = {{"pride", 0}, {"and", 1}, {"prejudice", 2}, {"自然", 3}};
  batch.shard_pairs.resize(8);
  ASSERT_OK((*store)->Commit(batch));
  TermCursor cursor = (*store)->Terms();
  EXPECT_EQ(ReadAllTerms(cursor, 3),
            (std::vector<std::pair<std::string, uint32_t>>{
                {"and", 1}, {"prejudice", 2}, {"pride", 0}, {"自然", 3}}));
}

// A store at `path` (default options) with `batches` committed in turn,
// each without pairs.
std::unique_ptr<CountStore> StoreOfCommits(const std::string& path,
                                           std::vector<StoreBatch> batches) {
  auto store = CountStore::Create(path, StoreOptions());
  EXPECT_OK(store);
  if (!store.ok()) return nullptr;
  for (StoreBatch& batch : batches) {
    batch.shard_pairs.resize((*store)->options().shards);
    EXPECT_OK((*store)->Commit(batch));
  }
  return std::move(*store);
}

TEST(StoreCursor, Issue9TermsReadInIdOrderWithoutAVectorOfStrings) {
  TempDir dir;
  const std::string path = dir.Join("db");
  {
    // Two commits, ids in neither term order nor one batch.
    StoreBatch first;
    first.new_terms = {{"pride", 0}, {"and", 1}};
    StoreBatch second;
    second.new_terms = {{"prejudice", 2}, {"自然", 3}, {"a", 4}};
    std::unique_ptr<CountStore> store = StoreOfCommits(path, {first, second});
    ASSERT_NE(store, nullptr);
    const std::vector<std::string> expected = {"pride", "and", "prejudice",
                                               "自然", "a"};
    TermCursor cursor = store->TermsInIdOrder();
    const std::vector<std::pair<std::string, uint32_t>> entries =
        ReadAllTerms(cursor, 2);
    ASSERT_EQ(entries.size(), expected.size());
    for (uint32_t id = 0; id < expected.size(); ++id) {
      EXPECT_EQ(entries[id], std::make_pair(expected[id], id));
    }
    std::vector<std::string> read;
    ASSERT_OK(store->ReadTermsById(
        [&](absl::string_view term) { read.emplace_back(term); }));
    EXPECT_EQ(read, expected);
    auto by_id = store->TermsById();
    ASSERT_OK(by_id);
    EXPECT_EQ(*by_id, expected);
  }
  // A stray id beyond the vocabulary's size is damage, never a term.
  testing::PutRawRecord(path, EncodeId(9), "stray", kTermsFamily);
  auto store = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  EXPECT_STATUS_CODE((*store)->ReadTermsById([](absl::string_view) {}),
                     absl::StatusCode::kDataLoss);
  EXPECT_STATUS_CODE((*store)->TermsById(), absl::StatusCode::kDataLoss);
}

TEST(StoreCursor, Issue9CountsReadInIdOrderWithoutAVectorOfAll) {
  TempDir dir;
  const std::string path = dir.Join("db");
  {
    // Two commits: the second adds to id 0 and skips id 1.
    StoreBatch first;
    first.new_terms = {{"pride", 0}, {"and", 1}};
    first.term_counts = {{0, {3, 2, 1}}, {1, {1, 1, 1}}};
    StoreBatch second;
    second.new_terms = {{"prejudice", 2}, {"a", 3}};
    second.term_counts = {{0, {1, 1, 1}}, {2, {5, 4, 3}}};
    std::unique_ptr<CountStore> store = StoreOfCommits(path, {first, second});
    ASSERT_NE(store, nullptr);
    std::vector<std::pair<uint32_t, TermCounts>> read;
    ASSERT_OK(store->ReadCountsById(
        [&](uint32_t id, const TermCounts& counts) {
          read.push_back({id, counts});
        }));
    ASSERT_EQ(read.size(), 3u);  // Id 3 has no counts.
    EXPECT_EQ(read[0].first, 0u);
    EXPECT_EQ(read[0].second.frequency, 4u);
    EXPECT_EQ(read[0].second.row, 3u);
    EXPECT_EQ(read[0].second.column, 2u);
    EXPECT_EQ(read[1].first, 1u);
    EXPECT_EQ(read[2].first, 2u);
    EXPECT_EQ(read[2].second.column, 3u);
    auto all = store->AllCounts();
    ASSERT_OK(all);
    ASSERT_EQ(all->size(), 4u);
    EXPECT_EQ((*all)[0].frequency, 4u);
    EXPECT_EQ((*all)[3].frequency, 0u);
  }
  // Counts of an id beyond the vocabulary are damage.
  const uint64_t fields[] = {1, 1, 1};
  testing::PutRawRecord(path, EncodeId(9), EncodeCountVector(fields),
                        kMarginalsFamily);
  auto store = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  EXPECT_STATUS_CODE(
      (*store)->ReadCountsById([](uint32_t, const TermCounts&) {}),
      absl::StatusCode::kDataLoss);
  EXPECT_STATUS_CODE((*store)->AllCounts(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace cooc
