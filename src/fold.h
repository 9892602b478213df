// FoldParts: count parts -> one atomic commit to a database.
//
//   count parts -> [local ids -> database ids -> sorted shards] -> commit
//
// The one way counts reach a database: `cooc ingest` folds the text it
// counted in memory, `cooc ingest --parts` folds part files, `cooc merge`
// folds whole databases into a new one. Folding parts in order gives exactly
// what ingesting their texts in that order would: a part's terms that are
// new to the database get the next ids in the part's order of first
// appearance, every count, marginal and total is added, and the journal
// gets each part's inputs with the part's ingests numbered after the
// database's.

#ifndef COOC_SRC_FOLD_H_
#define COOC_SRC_FOLD_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "count_part.h"

namespace cooc {

struct FoldOptions {
  // Fold a part even if the database's journal, or an earlier part, already
  // has one of its inputs (same content hash and size). Default: false.
  bool force = false;
  // Threads for writing the shards, >= 1.
  int threads = 1;
  // Budget of the pairs re-sorted under database ids, in MiB; beyond it
  // they spill to `spill_dir`.
  uint64_t memory_mb = 1024;
  std::string spill_dir;
  // Called with the number of parts read so far, after each part (not for a
  // single part counted in memory, which is folded without re-reading).
  // Default: none.
  std::function<void(size_t)> progress;
  // Called at each step after re-sorting: (kWriting, shards written,
  // shards) as shards are written (from one thread at a time), then
  // (kCommitting, 0, 0) and (kMaintaining, 0, 0). Default: none.
  std::function<void(IngestPhase, uint64_t done, uint64_t total)> steps;
  // IngestOptions::stop: checked per batch of pairs and before the commit.
  const std::atomic<bool>* stop = nullptr;
  // If set, the parts are pieces of one ingest (count parts of byte ranges,
  // CountRangeToPart) and these are its journal entries, recorded (and
  // checked against the journal) instead of the parts' own, as one ingest.
  // Default: null (each part's own entries, each part its own ingests).
  const std::vector<JournalEntry>* journal = nullptr;
};

struct FoldSummary {
  uint64_t new_types = 0;      // Terms new to the database.
  uint64_t spilled_bytes = 0;  // Re-sorted pairs spilled to disk.
};

// Folds `parts`, in order, into `store` in one atomic commit. Reads each
// part's pairs once. Returns InvalidArgument if a part's definition differs
// from the database's, FailedPrecondition (naming the part and the input)
// if an input is in the journal already and `options.force` is false, the
// part's DataLoss for damaged data, and the store's errors; nothing is
// written on any error before the commit. After the commit the store is
// maintained (CountStore::Maintain); its error is returned too, but the
// commit stands.
// REQUIRES: `store` is open for writing.
absl::StatusOr<FoldSummary> FoldParts(CountStore& store,
                                      absl::Span<CountPart* const> parts,
                                      const FoldOptions& options);

}  // namespace cooc

#endif  // COOC_SRC_FOLD_H_
