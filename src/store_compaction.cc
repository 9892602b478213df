// The table-file side of a CountStore: its layout, the distinct pairs that
// the layout makes known, and compaction (the policy is in count_store.h).
//
// Where bulk-loaded files go: IngestExternalFiles puts a file on the
// deepest level where it overlaps nothing, and otherwise on the level just
// above the shallowest level whose files (or the memtable) it overlaps, and
// on level 0 when it overlaps level 0. So a family's first commit lands on
// the bottom level (6), a second commit adding to the same keys on level 5,
// and so on up; only after six stacked commits do files pile up on level 0.
// Maintain's delta merges write onto levels above the base, so the next
// commits stack above them again and reach level 0 only rarely.
//
// Maintain compacts with CompactFiles, which runs in the calling thread;
// the families are compacted in parallel (ScanShards over the families).
//
// Distinct pairs: within one sorted run a key has one entry (a table file
// written by SstFileWriter has each key once, and a compaction's output
// has one entry per key), so when a shard's files have pairwise disjoint
// key ranges, the sum of their entries (TableProperties::num_entries) is
// the number of distinct pairs, whether the entries are Puts or Merge
// operands. Overlapping files mean keys may be counted twice: unknown.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cooc/count_store.h"
#include "count_store_rep.h"
#include "key_format.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
#include "rocksdb/table_properties.h"
#include "rocksdb_util.h"
#include "shard_scan.h"
#include "status_macros.h"

namespace cooc {
namespace {

// The files of one family, per level, from RocksDB's in-memory metadata.
struct FamilyFiles {
  std::string name;
  std::vector<std::vector<rocksdb::SstFileMetaData>> levels;
  int base_level = -1;  // Deepest level with files; -1 if none.
};

FamilyFiles ReadFamilyFiles(rocksdb::DB& db,
                            rocksdb::ColumnFamilyHandle* family) {
  rocksdb::ColumnFamilyMetaData meta;
  db.GetColumnFamilyMetaData(family, &meta);
  FamilyFiles files;
  files.name = meta.name;
  for (rocksdb::LevelMetaData& level : meta.levels) {
    if (!level.files.empty()) files.base_level = level.level;
    if (static_cast<int>(files.levels.size()) <= level.level) {
      files.levels.resize(level.level + 1);
    }
    files.levels[level.level] = std::move(level.files);
  }
  return files;
}

// True if no two files of `files` share a key (their ranges are disjoint).
bool IsOneSortedRun(const FamilyFiles& files) {
  std::vector<const rocksdb::SstFileMetaData*> all;
  for (const auto& level : files.levels) {
    for (const rocksdb::SstFileMetaData& file : level) all.push_back(&file);
  }
  std::sort(all.begin(), all.end(), [](const auto* a, const auto* b) {
    return a->smallestkey < b->smallestkey;
  });
  for (size_t i = 1; i < all.size(); ++i) {
    if (all[i]->smallestkey <= all[i - 1]->largestkey) return false;
  }
  return true;
}

FamilyLayout LayoutOf(const FamilyFiles& files) {
  FamilyLayout layout;
  layout.family = files.name;
  for (size_t level = 0; level < files.levels.size(); ++level) {
    const auto& level_files = files.levels[level];
    if (level_files.empty()) continue;
    const int runs = level == 0 ? static_cast<int>(level_files.size()) : 1;
    layout.sorted_runs += runs;
    uint64_t bytes = 0;
    for (const rocksdb::SstFileMetaData& file : level_files) bytes += file.size;
    layout.files += level_files.size();
    layout.bytes += bytes;
    if (static_cast<int>(level) == files.base_level) {
      // On level 0 only the oldest file is the base; the others are deltas.
      if (level == 0) {
        layout.delta_runs += runs - 1;
        layout.base_bytes += level_files.back().size;
        layout.delta_bytes += bytes - level_files.back().size;
      } else {
        layout.base_bytes += bytes;
      }
    } else {
      layout.delta_runs += runs;
      layout.delta_bytes += bytes;
    }
  }
  return layout;
}

std::vector<std::string> FileNames(const FamilyFiles& files, int from_level,
                                   int to_level) {
  std::vector<std::string> names;
  for (int level = from_level; level <= to_level; ++level) {
    for (const rocksdb::SstFileMetaData& file : files.levels[level]) {
      names.push_back(file.name);
    }
  }
  return names;
}

// One delta run: a level-0 file, or a level above the base.
struct DeltaRun {
  int level;
  std::vector<std::string> files;
  uint64_t bytes = 0;
};

// The delta runs of `files`, newest first: level-0 files (newest first, as
// RocksDB lists them), then the levels from 1 down to the base's.
std::vector<DeltaRun> DeltaRuns(const FamilyFiles& files) {
  std::vector<DeltaRun> runs;
  for (int level = 0; level < files.base_level; ++level) {
    for (const rocksdb::SstFileMetaData& file : files.levels[level]) {
      if (level == 0 || runs.empty() || runs.back().level != level) {
        runs.push_back({level, {}, 0});
      }
      runs.back().files.push_back(file.name);
      runs.back().bytes += file.size;
    }
  }
  return runs;
}

struct DeltaMerge {
  std::vector<std::string> inputs;
  int output_level;
};

// Which deltas to merge when there are too many runs, size-tiered: the
// newest runs, extended to the next older run while the group is at least
// as large as it (so a large old delta is not rewritten for each small new
// one), and at least the two newest. The group lands on the level just
// above the next older run (or the base). If that would be level 0 (a
// group of level-0 files above a level-1 run), every delta is merged onto
// the level above the base instead.
// REQUIRES: more than one delta run and files.base_level >= 2.
DeltaMerge ChooseDeltaMerge(const FamilyFiles& files) {
  const std::vector<DeltaRun> runs = DeltaRuns(files);
  size_t group = 1;
  uint64_t bytes = runs[0].bytes;
  while (group < runs.size() && (group < 2 || bytes >= runs[group].bytes)) {
    bytes += runs[group].bytes;
    ++group;
  }
  int output_level =
      group < runs.size() ? runs[group].level - 1 : files.base_level - 1;
  if (output_level < 1) {
    group = runs.size();
    output_level = files.base_level - 1;
  }
  DeltaMerge merge;
  merge.output_level = output_level;
  for (size_t i = 0; i < group; ++i) {
    merge.inputs.insert(merge.inputs.end(), runs[i].files.begin(),
                        runs[i].files.end());
  }
  return merge;
}

}  // namespace

absl::StatusOr<std::optional<uint64_t>> CountStore::DistinctPairs() const {
  if (!rep_->writable) {
    absl::MutexLock lock(&rep_->distinct_mu);
    if (rep_->distinct_pairs.has_value()) return *rep_->distinct_pairs;
  }
  uint64_t total = 0;
  bool known = true;
  for (int k = 0; k < rep_->options.shards && known; ++k) {
    rocksdb::ColumnFamilyHandle* family = rep_->shard(k);
    uint64_t in_memory = 0;
    uint64_t value = 0;
    if (rep_->db->GetIntProperty(
            family, rocksdb::DB::Properties::kNumEntriesActiveMemTable,
            &value)) {
      in_memory += value;
    }
    if (rep_->db->GetIntProperty(
            family, rocksdb::DB::Properties::kNumEntriesImmMemTables, &value)) {
      in_memory += value;
    }
    const FamilyFiles files = ReadFamilyFiles(*rep_->db, family);
    if (in_memory > 0 || !IsOneSortedRun(files)) {
      known = false;
      break;
    }
    if (files.base_level < 0) continue;  // No pairs.
    rocksdb::TablePropertiesCollection properties;
    COOC_RETURN_IF_ERROR(FromRocksDb(
        rep_->db->GetPropertiesOfAllTables(family, &properties), rep_->path));
    for (const auto& [file, table] : properties) {
      if (table->num_deletions > 0 || table->num_range_deletions > 0) {
        known = false;
        break;
      }
      total += table->num_entries;
    }
  }
  std::optional<uint64_t> distinct;
  if (known) distinct = total;
  if (!rep_->writable) {
    absl::MutexLock lock(&rep_->distinct_mu);
    rep_->distinct_pairs = distinct;
  }
  return distinct;
}

absl::StatusOr<std::vector<FamilyLayout>> CountStore::Layout() const {
  std::vector<FamilyLayout> layouts;
  for (rocksdb::ColumnFamilyHandle* family : rep_->families) {
    const FamilyFiles files = ReadFamilyFiles(*rep_->db, family);
    FamilyLayout layout = LayoutOf(files);
    if (files.base_level >= 0) {
      rocksdb::TablePropertiesCollection properties;
      COOC_RETURN_IF_ERROR(FromRocksDb(
          rep_->db->GetPropertiesOfAllTables(family, &properties), rep_->path));
      for (const auto& [file, table] : properties) {
        layout.entries += table->num_entries;
        layout.merge_operands += table->num_merge_operands;
      }
    }
    layouts.push_back(std::move(layout));
  }
  return layouts;
}

absl::Status CountStore::Maintain() {
  if (!rep_->writable) {
    return absl::FailedPreconditionError(
        absl::StrCat(rep_->path, " is open read-only"));
  }
  // Families are independent: their compactions run on all cores.
  const absl::Status compacted =
      ScanShards(static_cast<int>(rep_->families.size()),
                 [this](int index) { return MaintainFamily(index); });
  rep_->scan_files.Forget();  // Tables were replaced, even if one failed.
  COOC_RETURN_IF_ERROR(compacted);
  // The scan files of the tables compacted away, and of an ingest's table
  // files that did not join the database.
  return rep_->RemoveStaleScanFiles();
}

absl::Status CountStore::MaintainFamily(int index) {
  rocksdb::ColumnFamilyHandle* family = rep_->families[index];
  const FamilyFiles files = ReadFamilyFiles(*rep_->db, family);
  const FamilyLayout layout = LayoutOf(files);
  if (layout.delta_runs == 0) return absl::OkStatus();
  const int base = files.base_level;
  // The small families are kept to one run while they are small
  // (count_store.h).
  const bool small_family = index < kFirstShardFamily &&
                            layout.bytes <= kFullyMergedFamilyBytes;
  bool full = layout.delta_bytes > layout.base_bytes || small_family;
  if (!full && layout.delta_runs <= kMaxDeltaRuns) return absl::OkStatus();
  // With the base on level 0 or 1 there is no level between the deltas
  // and the base to merge the deltas onto.
  if (base <= 1) full = true;
  rocksdb::CompactionOptions options;
  // ZSTD like the ingested files, so that delta and base bytes compare.
  options.compression = rocksdb::kZSTD;
  std::vector<std::string> inputs;
  int output_level;
  if (full) {
    // Every file into the base level, which is then the bottommost level
    // with data, so merge operands become plain values.
    inputs = FileNames(files, 0, base);
    output_level = base == 0 ? static_cast<int>(files.levels.size()) - 1 : base;
  } else {
    // Some deltas among themselves (DeltaMerge): not onto the bottommost
    // level, so merge operands stay operands (one per key).
    const DeltaMerge merge = ChooseDeltaMerge(files);
    inputs = merge.inputs;
    output_level = merge.output_level;
  }
  return FromRocksDb(
      rep_->db->CompactFiles(options, family, inputs, output_level),
      absl::StrCat(rep_->path, ": compacting ", files.name));
}

absl::Status CountStore::Compact() {
  if (!rep_->writable) {
    return absl::FailedPreconditionError(
        absl::StrCat(rep_->path, " is open read-only"));
  }
  rocksdb::CompactRangeOptions options;
  // kForceOptimized: the bottommost level is rewritten even when nothing
  // above it overlaps (a family's only run may hold merge operands), but
  // files this compaction has just written there are not rewritten again.
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForceOptimized;
  // Families are independent: their compactions run on all cores (RocksDB
  // runs them on its background threads, DatabaseOptions).
  options.exclusive_manual_compaction = false;
  const std::vector<rocksdb::ColumnFamilyHandle*>& families = rep_->families;
  const absl::Status compacted =
      ScanShards(static_cast<int>(families.size()), [&](int index) {
        rocksdb::ColumnFamilyHandle* family = families[index];
        return FromRocksDb(
            rep_->db->CompactRange(options, family, nullptr, nullptr),
            absl::StrCat(rep_->path, ": compacting ", family->GetName()));
      });
  rep_->scan_files.Forget();  // Tables were replaced, even if one failed.
  COOC_RETURN_IF_ERROR(compacted);
  return rep_->RemoveStaleScanFiles();
}

}  // namespace cooc
