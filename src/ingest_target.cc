#include "ingest_target.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/time/clock.h"
#include "cooc/verify.h"
#include "status_macros.h"
#include "symlink_target.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// Where a fold spills the pairs it re-sorts: inside the database directory,
// which the writer holds locked, so no other process can collide with them.
constexpr char kFoldSpillDirectory[] = "fold-spill";

// The definition stored in the database at `path`, read without taking the
// write lock, so that a contradiction with the requested options is found
// before anything is written.
absl::StatusOr<StoreOptions> StoredOptions(const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountStore> reader,
                        CountStore::Open(path, CountStore::Access::kReadOnly));
  return reader->options();
}

}  // namespace

bool HoldsDatabase(const std::string& path) {
  std::error_code error;
  return fs::exists(path, error) && !fs::is_empty(path, error);
}

absl::StatusOr<std::unique_ptr<IngestTarget>> IngestTarget::Open(
    const std::string& path, const Definition& definition) {
  RemoveAbandonedBuilds(path);
  std::unique_ptr<IngestTarget> target(new IngestTarget(path));
  if (!HoldsDatabase(path)) {
    COOC_ASSIGN_OR_RETURN(StoreOptions options, definition(nullptr));
    // Every ordered database made now keeps its pairs by right word too.
    options.right_index = options.mode == PairMode::kOrdered;
    COOC_RETURN_IF_ERROR(ValidateStoreOptions(options));
    // A symbolic link (to an empty directory, or dangling) is made a
    // database where it leads, and only that is removed again on failure.
    target->path_ = SymlinkTarget(path);
    target->directory_existed_ = fs::exists(target->path_);
    absl::StatusOr<std::unique_ptr<CountStore>> created =
        CountStore::Create(path, options);
    if (created.ok()) {
      target->store_ = std::move(*created);
      target->created_ = true;
      target->definition_ = options;
      return target;
    }
    if (!HoldsDatabase(path)) return created.status();
    // Else another process made it meanwhile: open it as existing.
  }
  COOC_ASSIGN_OR_RETURN(StoreOptions stored, StoredOptions(path));
  COOC_ASSIGN_OR_RETURN(target->definition_, definition(&stored));
  COOC_ASSIGN_OR_RETURN(target->store_,
                        CountStore::Open(path, CountStore::Access::kReadWrite));
  return target;
}

IngestTarget::~IngestTarget() {
  if (!created_ || kept_) return;
  store_.reset();
  std::error_code ignored;
  if (!directory_existed_) {
    fs::remove_all(path_, ignored);
    return;
  }
  for (const auto& entry : fs::directory_iterator(path_, ignored)) {
    fs::remove_all(entry.path(), ignored);
  }
}

absl::StatusOr<FoldSummary> IngestTarget::Fold(
    absl::Span<CountPart* const> parts, FoldOptions options) {
  options.spill_dir = Inside(kFoldSpillDirectory);
  COOC_ASSIGN_OR_RETURN(FoldSummary summary,
                        FoldParts(*store_, parts, options));
  Keep();
  return summary;
}

absl::StatusOr<IngestSummary> IngestTarget::Summarize(
    absl::Span<CountPart* const> parts, const FoldSummary& fold,
    absl::Time start) {
  IngestSummary summary;
  summary.created = created_;
  summary.store = store_->options();
  for (CountPart* part : parts) {
    const PartHeader& header = part->header();
    summary.lines += header.lines;
    summary.tokens += header.tokens;
    summary.pair_events += header.pair_events;
    summary.invalid_utf8 += header.invalid_utf8;
    summary.unit_cuts += header.unit_cuts;
    for (const JournalEntry& entry : header.journal) summary.bytes += entry.bytes;
  }
  summary.new_types = fold.new_types;
  summary.spilled_bytes = fold.spilled_bytes;
  summary.vocabulary_bytes = fold.vocabulary_bytes;
  summary.memory_needed_mb = fold.memory_needed_mb;
  COOC_ASSIGN_OR_RETURN(summary.totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(summary.db_bytes, store_->SizeOnDisk());
  summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return summary;
}

std::string IngestTarget::Inside(const char* name) const {
  return (fs::path(path_) / name).string();
}

}  // namespace cooc
