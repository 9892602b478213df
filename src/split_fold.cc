// A split fold is FoldParts (fold.h) with steps 3 and 4 moved into tasks:
// Begin is steps 1 and 2 (PlanFold), RemapPartTask is step 3 for one part
// (ResortPart into a run file), WriteShardTask is step 4 for one shard
// (WriteShard from the run files), and Commit is the rest (CommitFold).
// The tasks exchange run files (run_file.h):
//
//   map-P.runs      part P's id map: group 0, key local id -> database id
//   runs-P.runs     part P's pairs under database ids: group k, shard k
//   marginals-K.runs  shard K's sums: group 0 rows c(x,*), group 1 columns
//                   c(*,y) (none for symmetric pairs, whose columns are
//                   their rows), ids with a non-zero sum only
//   shard-K.sst     shard K's table file (absent if it has no pairs)
//   TOKEN.runs      its scan file (scan_file.h), which the commit moves
//                   into the database with the table

#include "cooc/split_fold.h"

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fold.h"
#include "ingest_steps.h"
#include "part_file.h"
#include "run_file.h"
#include "scan_file.h"
#include "sorted_runs.h"
#include "status_macros.h"
#include "store_writer.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// The groups of a marginals file.
constexpr uint32_t kRowsGroup = 0;
constexpr uint32_t kColumnsGroup = 1;
// The groups of an id map file: the map (local id -> database id), and the
// database's pair layout, two records: (kLayoutShards, shards) and
// (kLayoutRightIndex, 1 or 0), which tell RemapPartTask where pairs go.
constexpr uint32_t kIdMapGroup = 0;
constexpr uint32_t kLayoutGroup = 1;
constexpr uint64_t kLayoutShards = 0;
constexpr uint64_t kLayoutRightIndex = 1;

std::string FileIn(const std::string& dir, absl::string_view name, size_t i) {
  return (fs::path(dir) / absl::StrFormat("%s-%06d%s", name, i,
                                          name == "shard" ? ".sst" : ".runs"))
      .string();
}

// Writes `values` (by id) with a non-zero value as one run of `group`.
absl::Status AddSparse(RunFileWriter& file, uint32_t group,
                       absl::Span<const uint64_t> values) {
  std::vector<KeyCount> run;
  for (size_t id = 0; id < values.size(); ++id) {
    if (values[id] != 0) run.push_back({id, values[id]});
  }
  return file.Add(group, run);
}

// Removes `file`, and if it is a table file with a scan file beside it
// (NewTableFileWriter), that too.
absl::Status RemoveTaskFile(const std::string& file) {
  std::error_code error;
  if (absl::EndsWith(file, ".sst") && fs::exists(file, error)) {
    absl::StatusOr<std::optional<std::string>> scan = ScanFileOfTable(file);
    if (scan.ok() && scan->has_value()) fs::remove(**scan, error);
  }
  fs::remove(file, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot remove ", file, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

struct SplitFold::Rep {
  absl::Time start;
  std::string work_dir;
  IngestOptions options;  // Force and journal, for the FoldOptions.
  PartsFold fold;
  FoldPlan plan;
  std::unique_ptr<StoreWriter> writer;
  std::vector<bool> shard_empty;
  bool committed = false;

  std::vector<std::string> OwnFiles() const {
    std::vector<std::string> files;
    for (size_t p = 0; p < fold.parts.size(); ++p) {
      files.push_back(FileIn(work_dir, "map", p));
      files.push_back(FileIn(work_dir, "runs", p));
    }
    for (int k = 0; k < static_cast<int>(shard_empty.size()); ++k) {
      files.push_back(FileIn(work_dir, "marginals", k));
      files.push_back(FileIn(work_dir, "shard", k));
    }
    return files;
  }
};

SplitFold::SplitFold(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}

SplitFold::~SplitFold() {
  for (const std::string& file : rep_->OwnFiles()) {
    RemoveTaskFile(file).IgnoreError();
  }
  // The writer first, then the database (removed if Begin created it and
  // nothing was committed).
  rep_->writer.reset();
  rep_->fold.target.reset();
}

absl::StatusOr<std::unique_ptr<SplitFold>> SplitFold::Begin(
    const std::string& db_path, const std::vector<std::string>& part_paths,
    const std::string& work_dir, const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  auto rep = std::make_unique<Rep>();
  rep->start = absl::Now();
  rep->work_dir = work_dir;
  rep->options.force = options.force;
  rep->options.journal = options.journal;
  COOC_ASSIGN_OR_RETURN(rep->fold, OpenPartsFold(db_path, part_paths, options));
  CountStore& store = rep->fold.target->store();
  COOC_ASSIGN_OR_RETURN(
      rep->plan,
      PlanFold(store, rep->fold.parts, FoldOptionsFor(rep->options)));
  COOC_ASSIGN_OR_RETURN(rep->writer, store.NewWriter());
  for (int k = 0; k < PairFamilies(store.options()); ++k) {
    COOC_ASSIGN_OR_RETURN(const bool empty, rep->writer->ShardIsEmpty(k));
    rep->shard_empty.push_back(empty);
  }
  std::error_code error;
  fs::create_directories(work_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", work_dir, ": ", error.message()));
  }
  std::unique_ptr<SplitFold> split(new SplitFold(std::move(rep)));
  // Outputs of an earlier fold in the same directory are not this one's.
  for (const std::string& file : split->rep_->OwnFiles()) {
    COOC_RETURN_IF_ERROR(RemoveTaskFile(file));
  }
  for (size_t p = 0; p < split->rep_->plan.maps.size(); ++p) {
    const std::vector<uint32_t>& ids = split->rep_->plan.maps[p].ids;
    std::vector<KeyCount> map(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) map[i] = {i, ids[i]};
    RunFileWriter file(split->map_file(p));
    COOC_RETURN_IF_ERROR(file.Open());
    COOC_RETURN_IF_ERROR(file.Add(kIdMapGroup, map));
    const StoreOptions& definition = store.options();
    const std::vector<KeyCount> layout = {
        {kLayoutShards, static_cast<uint64_t>(definition.shards)},
        {kLayoutRightIndex, definition.right_index ? uint64_t{1} : 0}};
    COOC_RETURN_IF_ERROR(file.Add(kLayoutGroup, layout));
    COOC_RETURN_IF_ERROR(file.Finish());
  }
  return split;
}

size_t SplitFold::parts() const { return rep_->fold.parts.size(); }

int SplitFold::shards() const {
  return static_cast<int>(rep_->shard_empty.size());
}

std::string SplitFold::map_file(size_t part) const {
  return FileIn(rep_->work_dir, "map", part);
}

std::string SplitFold::run_file(size_t part) const {
  return FileIn(rep_->work_dir, "runs", part);
}

std::vector<std::string> SplitFold::run_files() const {
  std::vector<std::string> files;
  for (size_t p = 0; p < parts(); ++p) files.push_back(run_file(p));
  return files;
}

ShardTask SplitFold::shard_task(int shard) const {
  ShardTask task;
  task.shard = shard;
  const StoreOptions& definition = rep_->fold.target->store().options();
  task.right_index = shard >= definition.shards;
  task.symmetric = definition.mode == PairMode::kSymmetric;
  task.types = rep_->plan.types_after;
  task.final_values = rep_->shard_empty[shard];
  task.table_file = FileIn(rep_->work_dir, "shard", shard);
  task.marginals_file = FileIn(rep_->work_dir, "marginals", shard);
  return task;
}

absl::StatusOr<IngestSummary> SplitFold::Commit() {
  if (rep_->committed) {
    return absl::FailedPreconditionError("this fold is committed already");
  }
  // The shards' sums by slot, as FoldParts keeps them (fold_slots.h).
  const FoldSlots slots = SlotsOf(rep_->plan);
  const bool symmetric =
      rep_->fold.target->store().options().mode == PairMode::kSymmetric;
  std::vector<uint64_t> rows(slots.size(), 0);
  std::vector<uint64_t> columns(symmetric ? 0 : slots.size(), 0);
  for (int k = 0; k < shards(); ++k) {
    const ShardTask task = shard_task(k);
    for (const uint32_t group : {kRowsGroup, kColumnsGroup}) {
      if (group == kColumnsGroup && symmetric) continue;  // WriteShardTask.
      absl::StatusOr<std::vector<KeyCount>> sums =
          ReadRunFileGroup(task.marginals_file, group);
      if (absl::IsNotFound(sums.status())) {
        return absl::DataLossError(absl::StrCat(
            task.marginals_file, " is missing: shard ", k, " was not written"));
      }
      COOC_RETURN_IF_ERROR(sums.status());
      std::vector<uint64_t>& into = group == kRowsGroup ? rows : columns;
      for (const KeyCount& sum : *sums) {
        const size_t slot = slots.SlotOf(sum.key);
        if (slot == slots.size()) {
          return absl::DataLossError(
              absl::StrCat(task.marginals_file, ": id ", sum.key,
                           " is not among the fold's terms"));
        }
        into[slot] += sum.count;
      }
    }
    std::error_code error;
    if (fs::exists(task.table_file, error)) {
      COOC_RETURN_IF_ERROR(rep_->writer->AddShardFile(k, task.table_file));
    }
  }
  CountStore& store = rep_->fold.target->store();
  COOC_RETURN_IF_ERROR(CommitFold(store, *rep_->writer, rep_->fold.parts,
                                  rep_->plan, slots, rows,
                                  symmetric ? rows : columns,
                                  FoldOptionsFor(rep_->options)));
  rep_->committed = true;
  rep_->writer.reset();
  rep_->fold.target->Keep();
  FoldSummary fold;
  fold.new_types = rep_->plan.new_terms.size();
  return rep_->fold.target->Summarize(rep_->fold.parts, fold, rep_->start);
}

absl::Status RemapPartTask(const std::string& part_path,
                           const std::string& map_file,
                           const std::string& run_file, uint64_t memory_mb) {
  if (memory_mb < 16) {
    return absl::InvalidArgumentError("memory must be at least 16 MiB");
  }
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountPart> part,
                        OpenPartFile(part_path));
  COOC_ASSIGN_OR_RETURN(std::vector<KeyCount> map,
                        ReadRunFileGroup(map_file, kIdMapGroup));
  COOC_ASSIGN_OR_RETURN(std::vector<KeyCount> layout,
                        ReadRunFileGroup(map_file, kLayoutGroup));
  if (layout.size() != 2 || layout[0].key != kLayoutShards ||
      layout[1].key != kLayoutRightIndex || layout[0].count < 1 ||
      layout[0].count > 1024 || layout[1].count > 1) {
    return absl::DataLossError(
        absl::StrCat(map_file, ": not the layout of a database"));
  }
  std::vector<uint32_t> ids(map.size());
  for (size_t i = 0; i < map.size(); ++i) {
    if (map[i].key != i || map[i].count > 0xFFFFFFFFu) {
      return absl::DataLossError(absl::StrCat(map_file, ": not an id map"));
    }
    ids[i] = static_cast<uint32_t>(map[i].count);
  }
  const int shards = static_cast<int>(layout[0].count);
  const bool right_index = layout[1].count == 1;
  RunFileWriter out(run_file);
  COOC_RETURN_IF_ERROR(out.Open());
  COOC_RETURN_IF_ERROR(ResortPart(
      *part, ids, shards, right_index,
      ResortChunkRecords(memory_mb, right_index ? 2 * shards : shards),
      nullptr, [&out](int shard, SortedRun run) {
        return out.Add(static_cast<uint32_t>(shard), run);
      }));
  return out.Finish();
}

absl::Status WriteShardTask(const ShardTask& task,
                            const std::vector<std::string>& run_files) {
  // Shard task.shard's runs, as shard 0, all in files. Beyond
  // SortedRuns::kMaxMergedFiles of them (one per part), groups are merged
  // into spill files first, in a directory beside the table file that goes
  // with `runs`.
  SortedRuns runs(1, TemporaryNameBeside(task.table_file) + ".spill", 0);
  for (const std::string& path : run_files) {
    absl::StatusOr<std::vector<RunInFile>> index = ReadRunFileIndex(path);
    if (absl::IsNotFound(index.status())) {
      return absl::DataLossError(
          absl::StrCat(path, " is missing: its part was not re-sorted"));
    }
    COOC_RETURN_IF_ERROR(index.status());
    for (RunInFile& run : *index) {
      if (run.group == static_cast<uint32_t>(task.shard)) {
        runs.AddFileRun(0, std::move(run.run));
      }
    }
  }
  const bool sums = !task.right_index;
  std::vector<uint64_t> rows(sums ? task.types : 0, 0);
  std::vector<uint64_t> columns(sums && !task.symmetric ? task.types : 0, 0);
  // Written under a temporary name and renamed, as every task output.
  const std::string temporary = TemporaryNameBeside(task.table_file);
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> table,
                        NewTableFileWriter(temporary, task.final_values));
  absl::Status written = WriteShard(runs, 0, *table, nullptr,
                                    FoldSlots::Dense(task.types),
                                    absl::MakeSpan(rows),
                                    absl::MakeSpan(columns));
  std::error_code error;
  if (!written.ok()) {
    fs::remove(temporary, error);
    return written;
  }
  COOC_RETURN_IF_ERROR(RemoveTaskFile(task.table_file));  // A retried task's.
  if (fs::exists(temporary, error) &&
      std::rename(temporary.c_str(), task.table_file.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot rename the table file to ", task.table_file));
  }
  RunFileWriter marginals(task.marginals_file);
  COOC_RETURN_IF_ERROR(marginals.Open());
  COOC_RETURN_IF_ERROR(AddSparse(marginals, kRowsGroup, rows));
  if (!task.symmetric) {
    COOC_RETURN_IF_ERROR(AddSparse(marginals, kColumnsGroup, columns));
  }
  return marginals.Finish();
}

}  // namespace cooc
