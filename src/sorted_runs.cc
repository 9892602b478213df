// A spilled run is a file of raw 16-byte records (key, count), both
// little-endian as in memory on the machines cooc runs on; it lives only
// for the duration of one ingest and never leaves the machine. A run of a
// run file (run_file.h) has the same records at an offset of a file another
// process wrote, with a hash. Merge reads all of a shard's runs through one
// RunMerger (run_merger.h).

#include "sorted_runs.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

absl::Status FileError(const std::string& path, absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("spill file ", path, ": cannot ", what, ": ",
                   std::strerror(errno)));
}

}  // namespace

SortedRuns::SortedRuns(int shards, std::string spill_dir,
                       uint64_t memory_budget)
    : spill_dir_(std::move(spill_dir)),
      memory_budget_(memory_budget),
      shards_(shards) {}

SortedRuns::~SortedRuns() {
  std::error_code ignored;
  fs::remove_all(spill_dir_, ignored);
}

void SortedRuns::SetHeldElsewhere(uint64_t bytes) {
  absl::MutexLock lock(&mu_);
  held_elsewhere_ = bytes;
}

uint64_t SortedRuns::spilled_bytes() const {
  absl::MutexLock lock(&mu_);
  return spilled_bytes_;
}

absl::Status SortedRuns::Spill(const SortedRun& run,
                               std::string* path) {
  std::FILE* file = std::fopen(path->c_str(), "wb");
  if (file == nullptr) return FileError(*path, "create");
  const size_t written =
      std::fwrite(run.data(), sizeof(KeyCount), run.size(), file);
  const bool closed = std::fclose(file) == 0;
  if (written != run.size() || !closed) return FileError(*path, "write");
  return absl::OkStatus();
}

absl::Status SortedRuns::Add(int shard, SortedRun run) {
  if (run.empty()) return absl::OkStatus();
  const uint64_t bytes = run.size() * sizeof(KeyCount);
  // The runs to write to files: this one if it does not fit, and runs kept
  // while the budget had room for them that no longer fit in what is left
  // of it (SetHeldElsewhere took more of it since).
  std::vector<std::pair<int, SortedRun>> spills;
  {
    absl::MutexLock lock(&mu_);
    if (held_elsewhere_ + memory_bytes_ + bytes <= memory_budget_) {
      memory_bytes_ += bytes;
      shards_[shard].memory_runs.push_back(std::move(run));
      return absl::OkStatus();
    }
    spills.emplace_back(shard, std::move(run));
    for (int k = 0; k < static_cast<int>(shards_.size()); ++k) {
      std::vector<SortedRun>& kept = shards_[k].memory_runs;
      while (!kept.empty() && held_elsewhere_ + memory_bytes_ > memory_budget_) {
        memory_bytes_ -= kept.back().size() * sizeof(KeyCount);
        spills.emplace_back(k, std::move(kept.back()));
        kept.pop_back();
      }
    }
  }
  for (auto& [k, spilled] : spills) {
    COOC_RETURN_IF_ERROR(SpillToFile(k, spilled));
    spilled = SortedRun();  // Its memory back at once.
  }
  return absl::OkStatus();
}

absl::Status SortedRuns::SpillToFile(int shard, const SortedRun& run) {
  std::string path;
  {
    absl::MutexLock lock(&mu_);
    path = (fs::path(spill_dir_) / absl::StrCat("run-", next_file_++)).string();
    spilled_bytes_ += run.size() * sizeof(KeyCount);
  }
  std::error_code error;
  fs::create_directories(spill_dir_, error);
  if (error) {
    return absl::InternalError(absl::StrCat(
        "cannot create spill directory ", spill_dir_, ": ", error.message()));
  }
  COOC_RETURN_IF_ERROR(Spill(run, &path));
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(
      {.path = std::move(path),
       .records = run.size(),
       .bytes = run.size() * sizeof(KeyCount),
       .encoding = FileRun::Encoding::kRaw,
       .hash = std::nullopt});
  return absl::OkStatus();
}

void SortedRuns::AddFileRun(int shard, FileRun run) {
  absl::MutexLock lock(&mu_);
  shards_[shard].file_runs.push_back(std::move(run));
}

absl::Status SortedRuns::Merge(
    int shard,
    const std::function<absl::Status(absl::Span<const KeyCount>)>& emit) {
  Shard runs;
  {
    absl::MutexLock lock(&mu_);
    runs = std::move(shards_[shard]);
    shards_[shard] = Shard();
  }
  std::vector<const SortedRun*> memory_runs;
  for (const SortedRun& run : runs.memory_runs) memory_runs.push_back(&run);
  RunMerger merger(std::move(memory_runs), std::move(runs.file_runs));
  constexpr size_t kBatch = 4096;
  std::vector<KeyCount> batch(kBatch);
  while (true) {
    COOC_ASSIGN_OR_RETURN(const size_t n, merger.Read(absl::MakeSpan(batch)));
    if (n == 0) break;
    COOC_RETURN_IF_ERROR(emit(absl::MakeConstSpan(batch.data(), n)));
  }
  absl::MutexLock lock(&mu_);
  for (const auto& run : runs.memory_runs) {
    memory_bytes_ -= run.size() * sizeof(KeyCount);
  }
  return absl::OkStatus();
}

}  // namespace cooc
