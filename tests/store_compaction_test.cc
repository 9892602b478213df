// Tests of the table-file side of a store (store_layout.h, CountStore's
// ReadTotals, Layout, Maintain and Compact): where commits land, when the
// distinct pairs are known, that Maintain bounds the delta runs and that
// compaction changes no count.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cooc/count_store.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::TempDir;

constexpr int kShards = 2;

// `terms` terms (ids from `first_new`: only those are new) and the pairs
// (x, y) for x, y < terms, x != y, each with count `count`.
StoreBatch Pairs(uint32_t first_new, uint32_t terms, uint64_t count) {
  StoreBatch batch;
  for (uint32_t id = first_new; id < terms; ++id) {
    batch.new_terms.push_back({absl::StrCat("t", id), id});
  }
  for (uint32_t id = 0; id < terms; ++id) {
    batch.term_counts.push_back(
        {id, {count, count * (terms - 1), count * (terms - 1)}});
  }
  batch.shard_pairs.resize(kShards);
  for (uint32_t x = 0; x < terms; ++x) {
    for (uint32_t y = 0; y < terms; ++y) {
      if (x != y) {
        batch.shard_pairs[x % kShards].push_back(
            {(uint64_t{x} << 32) | y, count});
      }
    }
  }
  batch.totals.tokens = count * terms;
  batch.totals.pair_events = count * terms * (terms - 1);
  return batch;
}

std::unique_ptr<CountStore> NewStore(const TempDir& dir) {
  StoreOptions options;
  options.shards = kShards;
  auto store = CountStore::Create(dir.Join("db"), options);
  EXPECT_OK(store);
  return store.ok() ? std::move(*store) : nullptr;
}

const FamilyLayout* Family(const std::vector<FamilyLayout>& layouts,
                           const std::string& name) {
  for (const FamilyLayout& layout : layouts) {
    if (layout.family == name) return &layout;
  }
  ADD_FAILURE() << "no family " << name;
  return nullptr;
}

TEST(StoreCompaction, DistinctPairsAreKnownAfterAFirstCommit) {
  TempDir dir;
  auto store = NewStore(dir);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, 0u);  // Empty.
  ASSERT_OK(store->Commit(Pairs(0, 5, 1)));
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, 20u);
  // New pairs whose keys lie beyond every stored key overlap nothing.
  StoreBatch more;
  more.new_terms = {{"t5", 5}};
  more.shard_pairs.resize(kShards);
  more.shard_pairs[5 % kShards].push_back({(uint64_t{5} << 32) | 0, 1});
  ASSERT_OK(store->Commit(more));
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, 21u);
}

TEST(StoreCompaction,
     DistinctPairsAreUnknownWithDeltasPendingAndExactAfterCompact) {
  TempDir dir;
  auto store = NewStore(dir);
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Commit(Pairs(0, 5, 1)));
  ASSERT_OK(store->Commit(Pairs(5, 6, 2)));  // Adds to the first's pairs.
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, std::nullopt);
  ASSERT_OK(store->Compact());
  auto totals = store->ReadTotals();
  ASSERT_OK(totals);
  EXPECT_EQ(totals->distinct_pairs, 30u);
  auto pairs = testing::AllPairs(*store);
  ASSERT_OK(pairs);
  EXPECT_EQ(pairs->size(), 30u);
  EXPECT_EQ(*store->CountPairs(), 30u);
  EXPECT_EQ(*store->PairCount(1, 2), 3u);
  EXPECT_EQ(*store->PairCount(5, 2), 2u);
  EXPECT_EQ(totals->pair_events, 20u + 2 * 30u);
  // Every family is one run of fully merged values.
  auto layouts = store->Layout();
  ASSERT_OK(layouts);
  for (const FamilyLayout& layout : *layouts) {
    SCOPED_TRACE(layout.family);
    EXPECT_LE(layout.sorted_runs, 1);
    EXPECT_EQ(layout.delta_runs, 0);
    EXPECT_EQ(layout.merge_operands, 0u);
  }
  // A read-only open sees the same.
  store.reset();
  auto reader = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(reader);
  EXPECT_EQ((*reader)->ReadTotals()->distinct_pairs, 30u);
}

// Where IngestExternalFiles puts a commit that overlaps what a family
// holds: on the level above it, from the bottom (6) up.
TEST(StoreCompaction, OverlappingCommitsStackUpTheLevelsFromTheBottom) {
  TempDir dir;
  {
    auto store = NewStore(dir);
    ASSERT_NE(store, nullptr);
    ASSERT_OK(store->Commit(Pairs(0, 4, 1)));
    ASSERT_OK(store->Commit(Pairs(4, 4, 1)));
    ASSERT_OK(store->Commit(Pairs(4, 4, 1)));
  }
  EXPECT_EQ(testing::FilesPerLevel(dir.Join("db"), "shard_0"),
            (std::vector<int>{0, 0, 0, 0, 1, 1, 1}));
}

TEST(StoreCompaction, MaintainKeepsTheDeltaRunsBoundedAndTheCountsExact) {
  TempDir dir;
  auto store = NewStore(dir);
  ASSERT_NE(store, nullptr);
  // A large base, then many small commits adding to a few of its pairs:
  // the deltas never outgrow the base, so only delta merges happen.
  ASSERT_OK(store->Commit(Pairs(0, 60, 1)));
  const int kCommits = 14;
  for (int i = 0; i < kCommits; ++i) {
    ASSERT_OK(store->Commit(Pairs(60, 3, 1)));
    ASSERT_OK(store->Maintain());
    auto layouts = store->Layout();
    ASSERT_OK(layouts);
    for (const FamilyLayout& layout : *layouts) {
      SCOPED_TRACE(absl::StrCat(layout.family, " after commit ", i + 2));
      EXPECT_LE(layout.delta_runs, CountStore::kMaxDeltaRuns);
    }
  }
  auto layouts = store->Layout();
  ASSERT_OK(layouts);
  const FamilyLayout* shard = Family(*layouts, "shard_0");
  ASSERT_NE(shard, nullptr);
  EXPECT_GT(shard->delta_runs, 0);  // Merged among themselves, not fully.
  EXPECT_LE(shard->delta_bytes, shard->base_bytes);
  EXPECT_EQ(*store->PairCount(0, 1), 1u + kCommits);
  EXPECT_EQ(*store->PairCount(2, 1), 1u + kCommits);
  EXPECT_EQ(*store->PairCount(4, 7), 1u);
  EXPECT_EQ(store->Counts(1)->frequency, 1u + kCommits);
  EXPECT_EQ(store->ReadTotals()->pair_events, 60u * 59 + kCommits * 6u);
  EXPECT_EQ(*store->CountPairs(), 60u * 59);
}

TEST(StoreCompaction, MaintainMergesAFamilyFullyWhenItsDeltasOutgrowItsBase) {
  TempDir dir;
  auto store = NewStore(dir);
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->Commit(Pairs(0, 3, 1)));   // A small base...
  ASSERT_OK(store->Commit(Pairs(3, 60, 1)));  // ... and a larger delta.
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, std::nullopt);
  ASSERT_OK(store->Maintain());
  auto layouts = store->Layout();
  ASSERT_OK(layouts);
  for (const char* name : {"shard_0", "shard_1", "marginals"}) {
    const FamilyLayout* family = Family(*layouts, name);
    ASSERT_NE(family, nullptr);
    EXPECT_EQ(family->delta_runs, 0) << name;
    EXPECT_EQ(family->merge_operands, 0u) << name;
  }
  EXPECT_EQ(store->ReadTotals()->distinct_pairs, 60u * 59);
  EXPECT_EQ(*store->PairCount(0, 1), 2u);
  EXPECT_EQ(*store->PairCount(0, 50), 1u);
}

TEST(StoreCompaction, ALargeVocabularyIsNotRewrittenForASmallCommit) {
  TempDir dir;
  auto store = NewStore(dir);
  ASSERT_NE(store, nullptr);
  // A vocabulary beyond kFullyMergedFamilyBytes: 500,000 terms of 100
  // bytes that compress little (about 40 MB in the vocab family).
  constexpr uint32_t kTerms = 500000;
  StoreBatch base;
  base.shard_pairs.resize(kShards);
  uint64_t state = 9;
  for (uint32_t id = 0; id < kTerms; ++id) {
    std::string term(100, ' ');
    for (char& c : term) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      c = static_cast<char>('!' + (state >> 33) % 94);
    }
    base.new_terms.push_back({std::move(term), id});
    base.term_counts.push_back({id, {1, 0, 0}});
  }
  const std::string first_term = base.new_terms[0].first;
  ASSERT_OK(store->Commit(base));
  ASSERT_OK(store->Maintain());
  // A small commit: one new term, one more occurrence of the first.
  StoreBatch small;
  small.shard_pairs.resize(kShards);
  small.new_terms.push_back({"new term", kTerms});
  small.term_counts.push_back({0, {1, 0, 0}});
  small.term_counts.push_back({kTerms, {1, 0, 0}});
  ASSERT_OK(store->Commit(small));
  ASSERT_OK(store->Maintain());
  auto layouts = store->Layout();
  ASSERT_OK(layouts);
  const FamilyLayout* vocab = Family(*layouts, "vocab");
  ASSERT_NE(vocab, nullptr);
  EXPECT_GT(vocab->bytes, CountStore::kFullyMergedFamilyBytes);
  EXPECT_EQ(vocab->delta_runs, 1);  // The commit's delta, not merged.
  // The small families of the smaller stores of the tests above are merged
  // after every commit; this one is read through its runs.
  EXPECT_EQ(*store->Lookup("new term"), kTerms);
  EXPECT_EQ(*store->Lookup(first_term), 0u);
  EXPECT_EQ(store->Counts(0)->frequency, 2u);
  EXPECT_EQ(store->Counts(kTerms)->frequency, 1u);
  EXPECT_EQ(*store->Term(kTerms), "new term");
  EXPECT_EQ(store->ReadTotals()->types, kTerms + 1u);
}

TEST(StoreCompaction, MaintainAndCompactNeedAWritableStore) {
  TempDir dir;
  {
    auto store = NewStore(dir);
    ASSERT_NE(store, nullptr);
  }
  auto reader = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(reader);
  EXPECT_STATUS_CODE((*reader)->Maintain(),
                     absl::StatusCode::kFailedPrecondition);
  EXPECT_STATUS_CODE((*reader)->Compact(),
                     absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace cooc
