#include "cooc/count_store.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

StoreBatch SmallBatch(int shards) {
  // Terms a=0, b=1; pairs (a,b)=2, (b,a)=2; N = 4.
  StoreBatch batch;
  batch.new_terms = {{"a", 0}, {"b", 1}};
  batch.term_counts = {{0, {2, 2, 2}}, {1, {1, 2, 2}}};
  batch.shard_pairs.resize(shards);
  batch.shard_pairs[0 % shards].push_back({(uint64_t{0} << 32) | 1, 2});
  batch.shard_pairs[1 % shards].push_back({(uint64_t{1} << 32) | 0, 2});
  batch.totals.tokens = 3;
  batch.totals.lines = 1;
  batch.totals.pair_events = 4;
  return batch;
}

TEST(CountStore, CommitThenReadBack) {
  TempDir dir;
  const std::string path = dir.Join("db");
  ASSERT_OK(testing::CreateStoreWith(path, 2, SmallBatch(2)));
  auto store = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->options().shards, 2);
  auto totals = (*store)->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->tokens, 3u);
  EXPECT_EQ(totals->types, 2u);
  EXPECT_EQ(totals->pair_events, 4u);
  EXPECT_EQ(totals->distinct_pairs, 2u);
  EXPECT_EQ(totals->ingests, 1u);
  EXPECT_EQ(*(*store)->Lookup("b"), 1u);
  EXPECT_EQ(*(*store)->Term(0), "a");
  EXPECT_EQ(*(*store)->PairCount(0, 1), 2u);
  EXPECT_EQ(*(*store)->PairCount(0, 0), 0u);
  EXPECT_EQ((*store)->Counts(1)->row, 2u);
  EXPECT_STATUS_CODE((*store)->Lookup("zzz"), absl::StatusCode::kNotFound);
  EXPECT_STATUS_CODE((*store)->Term(9), absl::StatusCode::kNotFound);
}

TEST(CountStore, CommitsAddToExistingCountsAndDistinctPairsAreKnownOnceMerged) {
  TempDir dir;
  const std::string path = dir.Join("db");
  auto store = CountStore::Create(path, StoreOptions());
  ASSERT_OK(store);
  ASSERT_OK((*store)->Commit(SmallBatch(8)));
  StoreBatch second = SmallBatch(8);
  second.new_terms = {{"c", 2}};
  second.term_counts.push_back({2, {1, 1, 1}});
  second.shard_pairs[2].push_back({(uint64_t{2} << 32) | 2, 1});
  ASSERT_OK((*store)->Commit(second));
  auto totals = (*store)->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->types, 3u);
  // Shards 0 and 1 hold two commits' operands for (a,b) and (b,a).
  EXPECT_EQ(totals->distinct_pairs, std::nullopt);
  EXPECT_EQ(totals->pair_events, 8u);
  EXPECT_EQ(*(*store)->PairCount(1, 0), 4u);
  EXPECT_EQ((*store)->Counts(0)->frequency, 4u);
  auto all = (*store)->AllCounts();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].column, 1u);
  ASSERT_OK((*store)->Compact());
  totals = (*store)->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->distinct_pairs, 3u);  // (a,b) and (b,a) were not new.
  EXPECT_EQ(*(*store)->PairCount(1, 0), 4u);
}

TEST(CountStore, BatchedCountsMatchSingleReads) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  ASSERT_OK((*store)->Commit(SmallBatch(8)));
  auto counts = (*store)->Counts(std::vector<uint32_t>{0, 1, 7});
  ASSERT_OK(counts);
  ASSERT_EQ(counts->size(), 3u);
  EXPECT_EQ((*counts)[0].frequency, (*store)->Counts(0)->frequency);
  EXPECT_EQ((*counts)[1].row, (*store)->Counts(1)->row);
  EXPECT_EQ((*counts)[2].frequency, 0u);  // Never counted.
}

TEST(CountStore, PartnerCursorReadsOnlyThatTermsRange) {
  TempDir dir;
  StoreOptions options;
  options.shards = 1;  // Every pair in one shard: the range must do the work.
  auto store = CountStore::Create(dir.Join("db"), options);
  ASSERT_OK(store);
  StoreBatch batch;
  for (uint32_t id = 0; id < 4; ++id) {
    batch.new_terms.push_back({std::string(1, 'a' + id), id});
    batch.term_counts.push_back({id, {1, 0, 0}});
  }
  batch.shard_pairs.resize(1);
  for (uint32_t x = 0; x < 4; ++x) {
    for (uint32_t y = 0; y < 4; ++y) {
      if (x != y) batch.shard_pairs[0].push_back({(uint64_t{x} << 32) | y, x + 1});
    }
  }
  ASSERT_OK((*store)->Commit(batch));
  std::map<uint32_t, uint64_t> partners;
  PairCursor cursor = (*store)->Partners(2);
  PairEntry buffer[2];  // Smaller than the range: it takes two reads.
  while (true) {
    auto n = cursor.Read(absl::MakeSpan(buffer));
    ASSERT_OK(n);
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      EXPECT_EQ(buffer[i].x, 2u);
      partners[buffer[i].y] = buffer[i].count;
    }
  }
  EXPECT_OK(cursor.status());
  EXPECT_EQ(partners, (std::map<uint32_t, uint64_t>{{0, 3}, {1, 3}, {3, 3}}));
  auto pairs = testing::AllPairs(**store);
  ASSERT_OK(pairs);
  EXPECT_EQ(pairs->size(), 12u);
}

TEST(CountStore, RejectsANewTermWithAnIdOutOfSequence) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  StoreBatch batch = SmallBatch(8);
  batch.new_terms[1].second = 5;
  EXPECT_STATUS_CODE((*store)->Commit(batch),
                     absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*store)->ReadTotals()->types, 0u);  // Nothing was written.
}

TEST(CountStore, Issue9NewTermsAreStoredInTermOrderWhateverTheirPrefixes) {
  // The commit orders new terms by their first 2 bytes, then their next 8,
  // then whole: terms alike in those, shorter ones, bytes above 0x7F and
  // an embedded NUL must still come out in byte order (the table file
  // refuses keys out of order) and each find its id.
  const std::vector<std::string> terms = {
      "zebra", "a", "ab", std::string("a\0b", 3), "abcdefghij", "abcdefghijk",
      "abcdefghijj", "abcdefghi", "b", "\xe4\xb8\xad\xe6\x96\x87",
      "\xe4\xb8\xad", "\xff", "\xff\xff\xff", "aa", std::string(1, '\0'),
      "abcdefghijka", "abcdefghij" + std::string(300, 'q')};
  StoreBatch batch;
  batch.shard_pairs.resize(2);
  for (size_t i = 0; i < terms.size(); ++i) {
    batch.new_terms.emplace_back(terms[i], static_cast<uint32_t>(i));
    batch.term_counts.push_back({static_cast<uint32_t>(i), {1, 0, 0}});
  }
  batch.totals.tokens = terms.size();
  batch.totals.lines = 1;
  TempDir dir;
  const std::string path = dir.Join("db");
  ASSERT_OK(testing::CreateStoreWith(path, 2, batch));
  auto store = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(*(*store)->Lookup(terms[i]), i) << i;
    EXPECT_EQ(*(*store)->Term(static_cast<uint32_t>(i)), terms[i]) << i;
  }
}

TEST(CountStore, Issue9ANewTermGivenTwiceIsRefused) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  StoreBatch batch = SmallBatch((*store)->options().shards);
  batch.new_terms = {{"ab", 0}, {"ab", 1}};
  const absl::Status status = (*store)->Commit(batch);
  EXPECT_STATUS_CODE(status, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'ab' given twice"), absl::string_view::npos)
      << status;
  EXPECT_EQ((*store)->ReadTotals()->types, 0u);  // Nothing was written.
}

TEST(CountStore, OpenOfAMissingDatabaseIsNotFound) {
  TempDir dir;
  EXPECT_STATUS_CODE(
      CountStore::Open(dir.Join("absent"), CountStore::Access::kReadOnly),
      absl::StatusCode::kNotFound);
}

TEST(CountStore, OpenOfADirectoryThatIsNotADatabaseFails) {
  TempDir dir;
  testing::WriteFile(dir.Join("notes.txt"), "hello");
  EXPECT_STATUS_CODE(
      CountStore::Open(dir.path(), CountStore::Access::kReadWrite),
      absl::StatusCode::kFailedPrecondition);
}

TEST(CountStore, CreateRefusesANonEmptyDirectory) {
  TempDir dir;
  testing::WriteFile(dir.Join("notes.txt"), "hello");
  EXPECT_STATUS_CODE(CountStore::Create(dir.path(), StoreOptions()),
                     absl::StatusCode::kAlreadyExists);
}

TEST(CountStore, CreateRejectsInvalidOptions) {
  TempDir dir;
  StoreOptions options;
  options.window = 0;
  EXPECT_STATUS_CODE(CountStore::Create(dir.Join("db"), options),
                     absl::StatusCode::kInvalidArgument);
}

TEST(CountStore, SecondWriterIsRefusedWhileTheFirstHoldsTheDatabase) {
  TempDir dir;
  const std::string path = dir.Join("db");
  auto writer = CountStore::Create(path, StoreOptions());
  ASSERT_OK(writer);
  auto second = CountStore::Open(path, CountStore::Access::kReadWrite);
  EXPECT_STATUS_CODE(second, absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("in use by another cooc process"),
            absl::string_view::npos)
      << second.status();
  // Readers are not blocked.
  EXPECT_OK(CountStore::Open(path, CountStore::Access::kReadOnly));
}

TEST(CountStore, ReadOnlyStoreRefusesCommit) {
  TempDir dir;
  const std::string path = dir.Join("db");
  ASSERT_OK(CountStore::Create(path, StoreOptions()));
  auto reader = CountStore::Open(path, CountStore::Access::kReadOnly);
  ASSERT_OK(reader);
  EXPECT_STATUS_CODE((*reader)->Commit(SmallBatch(8)),
                     absl::StatusCode::kFailedPrecondition);
}

TEST(CountStore, ReportsItsSizeOnDisk) {
  TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  auto size = (*store)->SizeOnDisk();
  ASSERT_OK(size);
  EXPECT_GT(*size, 0u);
}

}  // namespace
}  // namespace cooc
