#include "cooc/merge.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cooc/verify.h"
#include "count_part.h"
#include "database_part.h"
#include "fold.h"
#include "ingest_steps.h"
#include "ingest_target.h"
#include "status_macros.h"
#include "symlink_target.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

// InvalidArgument if two of `inputs` are the same directory.
absl::Status CheckDistinct(const std::vector<std::string>& inputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      std::error_code error;
      if (inputs[i] == inputs[j] || fs::equivalent(inputs[i], inputs[j], error)) {
        return absl::InvalidArgumentError(absl::StrCat(
            inputs[i], " is given twice; each input is merged once"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MergeSummary> MergeDatabases(
    const std::string& out, const std::vector<std::string>& inputs,
    const MergeOptions& options) {
  const absl::Time start = absl::Now();
  if (inputs.empty()) {
    return absl::InvalidArgumentError("no databases to merge");
  }
  if (options.threads < 0 || options.threads > 256 || options.memory_mb < 16) {
    return absl::InvalidArgumentError(
        "threads must be between 0 and 256 and the memory budget at least "
        "16 MiB");
  }
  if (HoldsDatabase(out)) {
    return absl::AlreadyExistsError(absl::StrCat(
        out, " exists; merge writes a new database (give a new path)"));
  }
  COOC_RETURN_IF_ERROR(CheckDistinct(inputs));
  std::vector<std::unique_ptr<CountPart>> opened;
  std::vector<CountPart*> parts;
  for (const std::string& input : inputs) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountPart> part,
                          OpenDatabasePart(input));
    if (!parts.empty()) {
      COOC_RETURN_IF_ERROR(CheckSameDefinition(parts[0]->header().definition,
                                               part->header().definition,
                                               input));
    }
    parts.push_back(part.get());
    opened.push_back(std::move(part));
  }
  // Built beside `out` and renamed onto it when complete, so a merge that
  // fails or is killed leaves no `out` (a killed one leaves the sibling).
  // `out` may be a symbolic link (to an empty directory, or dangling): the
  // database goes where it leads (symlink_target.h).
  const std::string destination = SymlinkTarget(out);
  RemoveAbandonedBuilds(out);
  const std::string building =
      absl::StrCat(destination, ".merging-", getpid());
  std::error_code ignored;
  fs::remove_all(building, ignored);
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<IngestTarget> target,
      IngestTarget::Open(building, [&](const StoreOptions* stored)
                                       -> absl::StatusOr<StoreOptions> {
        if (stored != nullptr) {
          return absl::AlreadyExistsError(
              absl::StrCat(building, " is in use by another merge"));
        }
        return parts[0]->header().definition;
      }));
  FoldOptions fold;
  fold.force = options.force;
  fold.threads = ThreadCount(options.threads);
  fold.memory_mb = options.memory_mb;
  fold.stop = options.stop;
  if (options.progress) {
    fold.progress = [&](size_t read) {
      options.progress(read, parts.size(),
                       absl::ToDoubleSeconds(absl::Now() - start));
    };
  }
  COOC_ASSIGN_OR_RETURN(const FoldSummary folded, target->Fold(parts, fold));
  MergeSummary summary;
  summary.vocabulary_bytes = folded.vocabulary_bytes;
  summary.memory_needed_mb = folded.memory_needed_mb;
  summary.store = target->store().options();
  summary.inputs = inputs.size();
  COOC_ASSIGN_OR_RETURN(summary.totals, target->store().ReadTotals());
  COOC_ASSIGN_OR_RETURN(summary.db_bytes, target->store().SizeOnDisk());
  summary.threads = fold.threads;
  target.reset();  // Closed before it moves.
  // rename() replaces `out` only if it is absent or an empty directory.
  if (std::rename(building.c_str(), destination.c_str()) != 0) {
    const int rename_error = errno;
    fs::remove_all(building, ignored);
    if (HoldsDatabase(destination)) {
      return absl::AlreadyExistsError(absl::StrCat(
          out, ": another process made something there during the merge"));
    }
    return absl::InternalError(absl::StrCat(out, ": cannot move the merged "
                                            "database there: ",
                                            std::strerror(rename_error)));
  }
  summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return summary;
}

}  // namespace cooc
