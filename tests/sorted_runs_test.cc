#include "sorted_runs.h"

#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "run_file.h"
#include "test_util.h"

namespace cooc {
namespace {

SortedRun MakeRun(std::vector<std::pair<uint64_t, uint64_t>> records) {
  SortedRun run;
  for (const auto& [key, count] : records) run.push_back({key, count});
  return run;
}

std::vector<std::pair<uint64_t, uint64_t>> MergeShard(SortedRuns& runs,
                                                      int shard) {
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  EXPECT_OK(runs.Merge(shard, [&](absl::Span<const KeyCount> batch) {
    for (const auto& [key, count] : batch) merged.emplace_back(key, count);
    return absl::OkStatus();
  }));
  return merged;
}

TEST(SortedRuns, MergeSumsEqualKeysInKeyOrder) {
  testing::TempDir dir;
  SortedRuns runs(2, dir.Join("spill"), 1 << 20);
  ASSERT_OK(runs.Add(0, MakeRun({{1, 1}, {5, 2}, {9, 3}})));
  ASSERT_OK(runs.Add(0, MakeRun({{2, 10}, {5, 20}})));
  ASSERT_OK(runs.Add(1, MakeRun({{7, 7}})));
  EXPECT_EQ(MergeShard(runs, 0),
            (std::vector<std::pair<uint64_t, uint64_t>>{
                {1, 1}, {2, 10}, {5, 22}, {9, 3}}));
  EXPECT_EQ(MergeShard(runs, 1),
            (std::vector<std::pair<uint64_t, uint64_t>>{{7, 7}}));
  EXPECT_EQ(runs.spilled_bytes(), 0u);
}

TEST(SortedRuns, SpilledRunsMergeLikeMemoryRuns) {
  testing::TempDir dir;
  // A budget of 32 bytes holds two records: the rest goes to files.
  SortedRuns runs(1, dir.Join("spill"), 32);
  std::vector<std::pair<uint64_t, uint64_t>> expected;
  for (uint64_t r = 0; r < 5; ++r) {
    SortedRun run;
    for (uint64_t key = r; key < 100000; key += 5) run.push_back({key, r + 1});
    ASSERT_OK(runs.Add(0, std::move(run)));
  }
  EXPECT_GT(runs.spilled_bytes(), 0u);
  EXPECT_TRUE(std::filesystem::exists(dir.Join("spill")));
  const auto merged = MergeShard(runs, 0);
  ASSERT_EQ(merged.size(), 100000u);
  for (uint64_t key = 0; key < merged.size(); ++key) {
    EXPECT_EQ(merged[key].first, key);
    EXPECT_EQ(merged[key].second, key % 5 + 1);
  }
}

TEST(SortedRuns, Issue9HundredsOfSpilledRunsMergeInPassesAndLeaveNoFiles) {
  testing::TempDir dir;
  // No budget: every run is spilled, one file each, far more than one merge
  // takes at once. Run r holds keys r, r + kRuns, ... and key r % 7 too.
  constexpr uint64_t kRuns = 3 * SortedRuns::kMaxMergedFiles + 5;
  SortedRuns runs(1, dir.Join("spill"), 0);
  std::map<uint64_t, uint64_t> expected;
  for (uint64_t r = 0; r < kRuns; ++r) {
    std::map<uint64_t, uint64_t> run_records;
    for (uint64_t key = r; key < 20 * kRuns; key += kRuns) {
      run_records[key] += r + 1;
    }
    run_records[r % 7] += 1000;
    SortedRun run;
    for (const auto& [key, count] : run_records) {
      run.push_back({key, count});
      expected[key] += count;
    }
    ASSERT_OK(runs.Add(0, std::move(run)));
  }
  const uint64_t spilled = runs.spilled_bytes();
  const auto merged = MergeShard(runs, 0);
  EXPECT_EQ(merged, (std::vector<std::pair<uint64_t, uint64_t>>(
                        expected.begin(), expected.end())));
  // The passes wrote merged files (counted as spilled), and removed each
  // file once merged: none is left after the last merge's inputs but those.
  EXPECT_GT(runs.spilled_bytes(), spilled);
  size_t files_left = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir.Join("spill"))) {
    (void)entry;
    ++files_left;
  }
  EXPECT_LE(files_left, SortedRuns::kMaxMergedFiles);
}

TEST(SortedRuns, Issue9AStopEndsTheMergeAndItsPassesBeforeTheirWork) {
  testing::TempDir dir;
  std::atomic<bool> stop{false};
  // Every run spilled, more files than one merge takes: Merge would make a
  // pass first, merging groups of them into new files.
  SortedRuns runs(1, dir.Join("spill"), 0);
  for (uint64_t r = 0; r < 2 * SortedRuns::kMaxMergedFiles; ++r) {
    ASSERT_OK(runs.Add(0, MakeRun({{r, 1}, {r + 1000, 1}})));
  }
  const uint64_t spilled = runs.spilled_bytes();
  stop = true;
  int calls = 0;
  EXPECT_STATUS_CODE(runs.Merge(0,
                                [&](absl::Span<const KeyCount>) {
                                  ++calls;
                                  return absl::OkStatus();
                                },
                                &stop),
                     absl::StatusCode::kCancelled);
  EXPECT_EQ(calls, 0);
  // No pass wrote a merged file.
  EXPECT_EQ(runs.spilled_bytes(), spilled);
}

TEST(SortedRuns, Issue9RunsKeptInMemorySpillWhenSomethingElseTakesTheBudget) {
  testing::TempDir dir;
  // 1 KiB holds both first runs (32 bytes each) in memory.
  SortedRuns runs(2, dir.Join("spill"), 1024);
  ASSERT_OK(runs.Add(0, MakeRun({{1, 1}, {3, 3}})));
  ASSERT_OK(runs.Add(1, MakeRun({{2, 2}, {4, 4}})));
  EXPECT_EQ(runs.spilled_bytes(), 0u);
  // A vocabulary now holds nearly all of it: the next run does not fit, and
  // the runs kept before are written out with it.
  runs.SetHeldElsewhere(1000);
  ASSERT_OK(runs.Add(0, MakeRun({{3, 30}, {5, 5}})));
  EXPECT_EQ(runs.spilled_bytes(), 3 * 2 * sizeof(KeyCount));
  EXPECT_EQ(MergeShard(runs, 0),
            (std::vector<std::pair<uint64_t, uint64_t>>{
                {1, 1}, {3, 33}, {5, 5}}));
  EXPECT_EQ(MergeShard(runs, 1),
            (std::vector<std::pair<uint64_t, uint64_t>>{{2, 2}, {4, 4}}));
}

TEST(SortedRuns, Issue9SpillExcessWritesOutRunsAVocabularyNowNeeds) {
  testing::TempDir dir;
  SortedRuns runs(2, dir.Join("spill"), 1024);
  ASSERT_OK(runs.Add(0, MakeRun({{1, 1}, {3, 3}})));
  ASSERT_OK(runs.Add(1, MakeRun({{2, 2}, {4, 4}})));
  ASSERT_OK(runs.SpillExcess());  // They fit: nothing to write.
  EXPECT_EQ(runs.spilled_bytes(), 0u);
  // Without another run added, the runs kept give way as the vocabulary
  // grows: first one of them, then the other.
  runs.SetHeldElsewhere(1024 - 2 * sizeof(KeyCount));
  ASSERT_OK(runs.SpillExcess());
  EXPECT_EQ(runs.spilled_bytes(), 2 * sizeof(KeyCount));
  runs.SetHeldElsewhere(1024);
  ASSERT_OK(runs.SpillExcess());
  EXPECT_EQ(runs.spilled_bytes(), 4 * sizeof(KeyCount));
  EXPECT_EQ(MergeShard(runs, 0),
            (std::vector<std::pair<uint64_t, uint64_t>>{{1, 1}, {3, 3}}));
  EXPECT_EQ(MergeShard(runs, 1),
            (std::vector<std::pair<uint64_t, uint64_t>>{{2, 2}, {4, 4}}));
}

TEST(SortedRuns, SpillDirectoryIsRemovedWithTheRuns) {
  testing::TempDir dir;
  {
    SortedRuns runs(1, dir.Join("spill"), 0);
    ASSERT_OK(runs.Add(0, MakeRun({{1, 1}})));
    EXPECT_TRUE(std::filesystem::exists(dir.Join("spill")));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.Join("spill")));
}

TEST(SortedRuns, MergeStopsAtTheFirstErrorOfEmit) {
  testing::TempDir dir;
  SortedRuns runs(1, dir.Join("spill"), 1 << 20);
  ASSERT_OK(runs.Add(0, MakeRun({{1, 1}, {2, 1}})));
  int calls = 0;
  EXPECT_STATUS_CODE(runs.Merge(0,
                                [&](absl::Span<const KeyCount>) {
                                  ++calls;
                                  return absl::InternalError("disk full");
                                }),
                     absl::StatusCode::kInternal);
  EXPECT_EQ(calls, 1);
}

TEST(SortedRuns, MergeHandsOutLargeShardsInSeveralBatches) {
  testing::TempDir dir;
  SortedRuns runs(1, dir.Join("spill"), 1 << 30);
  SortedRun run;
  for (uint64_t key = 0; key < 10000; ++key) run.push_back({key, 1});
  ASSERT_OK(runs.Add(0, std::move(run)));
  int batches = 0;
  uint64_t next = 0;
  ASSERT_OK(runs.Merge(0, [&](absl::Span<const KeyCount> batch) {
    ++batches;
    for (const KeyCount& record : batch) EXPECT_EQ(record.key, next++);
    return absl::OkStatus();
  }));
  EXPECT_EQ(next, 10000u);
  EXPECT_GT(batches, 1);
}

// A run file (run_file.h) holds runs of any sizes and groups; read back,
// each group merges to the sums of what was written, and any flipped byte
// or truncation is refused as damage, never read as other counts.
TEST(RunFile, RunsReadBackExactlyAndDamageIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.Join("runs");
  std::mt19937_64 random(42);
  std::map<uint32_t, std::map<uint64_t, uint64_t>> expected;
  {
    RunFileWriter writer(path);
    ASSERT_OK(writer.Open());
    for (int r = 0; r < 12; ++r) {
      const uint32_t group = r % 3;
      std::map<uint64_t, uint64_t> records;
      const int n = r == 5 ? 0 : 1 + static_cast<int>(random() % 5000);
      for (int i = 0; i < n; ++i) {
        // Keys near and far apart, counts small and huge.
        records[random() % (r % 2 ? 1000000 : UINT64_MAX)] =
            1 + random() % (i % 7 == 0 ? UINT64_MAX / 4 : 100);
      }
      SortedRun run;
      for (const auto& [key, count] : records) {
        run.push_back({key, count});
        expected[group][key] += count;
      }
      ASSERT_OK(writer.Add(group, run));
    }
    ASSERT_OK(writer.Finish());
  }
  for (uint32_t group = 0; group < 3; ++group) {
    auto records = ReadRunFileGroup(path, group);
    ASSERT_OK(records);
    std::map<uint64_t, uint64_t> got;
    for (const KeyCount& r : *records) got[r.key] = r.count;
    EXPECT_EQ(got, expected[group]) << "group " << group;
  }
  const std::string bytes = testing::ReadFile(path);
  for (int trial = 0; trial < 200; ++trial) {
    std::string damaged = bytes;
    if (trial % 10 == 0) {
      damaged.resize(random() % bytes.size());
    } else {
      damaged[random() % bytes.size()] ^= static_cast<char>(1 + random() % 255);
    }
    testing::WriteFile(path, damaged);
    absl::Status status = absl::OkStatus();
    for (uint32_t group = 0; group < 3 && status.ok(); ++group) {
      status = ReadRunFileGroup(path, group).status();
    }
    EXPECT_FALSE(status.ok()) << "trial " << trial;
    EXPECT_NE(status.code(), absl::StatusCode::kInternal) << status;
  }
}

TEST(RunMerger, Issue9ReadsInBatchesOfAnySizeWithEqualKeysSummedAcrossRuns) {
  testing::TempDir dir;
  const std::string path = dir.Join("runs");
  std::mt19937_64 random(9);
  std::map<uint64_t, uint64_t> expected;
  {
    // A run given record by record, long enough to be written in several
    // pieces, and a short one.
    RunFileWriter writer(path);
    ASSERT_OK(writer.Open());
    writer.BeginRun(0);
    uint64_t key = 0;
    for (int i = 0; i < 300000; ++i) {
      key += 1 + random() % (i % 2 ? 3 : 1000000);
      const uint64_t count = 1 + random() % 1000;
      ASSERT_OK(writer.Append({key, count}));
      expected[key] += count;
    }
    ASSERT_OK(writer.EndRun());
    writer.BeginRun(0);
    ASSERT_OK(writer.Append({5, 1}));
    EXPECT_EQ(writer.Append({5, 1}).code(), absl::StatusCode::kInvalidArgument);
    ASSERT_OK(writer.EndRun());
    expected[5] += 1;
    ASSERT_OK(writer.Finish());
  }
  auto index = ReadRunFileIndex(path);
  ASSERT_OK(index);
  ASSERT_EQ(index->size(), 2u);
  EXPECT_EQ((*index)[0].run.records, 300000u);
  // Memory runs that share keys with the file's runs.
  SortedRun memory_run;
  size_t i = 0;
  for (const auto& [key, count] : expected) {
    if (i++ % 7 == 0) memory_run.push_back({key, 2});
  }
  for (const KeyCount& record : memory_run) expected[record.key] += 2;
  for (const size_t batch : {size_t{1}, size_t{3}, size_t{4096}}) {
    SCOPED_TRACE(batch);
    std::vector<FileRun> file_runs;
    for (const RunInFile& run : *index) file_runs.push_back(run.run);
    RunMerger merger({&memory_run}, std::move(file_runs));
    std::vector<KeyCount> out(batch);
    std::map<uint64_t, uint64_t> got;
    uint64_t previous = 0;
    bool first = true;
    while (true) {
      auto n = merger.Read(absl::MakeSpan(out));
      ASSERT_OK(n);
      if (*n == 0) break;
      for (size_t i = 0; i < *n; ++i) {
        EXPECT_TRUE(first || out[i].key > previous) << "key " << out[i].key;
        first = false;
        previous = out[i].key;
        got[out[i].key] = out[i].count;
      }
    }
    EXPECT_EQ(got, expected);
  }
}

}  // namespace
}  // namespace cooc
