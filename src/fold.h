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
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "count_part.h"
#include "fold_slots.h"
#include "new_terms.h"
#include "sorted_runs.h"
#include "store_writer.h"

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
  // What the parts' vocabularies, their id maps and the marginal sums took
  // beside the re-sorted pairs. They are never spilled: if they and the
  // re-sorting buffers outgrew the budget, memory_needed_mb is a budget
  // that would have held them (else 0), as IngestSummary's.
  uint64_t vocabulary_bytes = 0;
  uint64_t memory_needed_mb = 0;
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

// The steps of FoldParts, for a fold whose pair work runs elsewhere (a
// split fold, split_fold.h: the re-sorting of each part and the writing of
// each shard as tasks in other processes, the plan and the commit here).

// The database id of each local id of one part.
struct IdMap {
  std::vector<uint32_t> ids;
  bool identity = true;  // ids[i] == i for every i.
};

// All of a fold but its pairs, decided from the parts' headers and the
// database's vocabulary.
struct FoldPlan {
  std::vector<IdMap> maps;  // One per part.
  // The terms new to the database, in id order (from the vocabulary's size
  // before the fold): places in the parts' own terms, valid while the
  // parts are.
  NewTerms new_terms;
  uint64_t types_after = 0;  // The vocabulary's size after the fold.
};

// Step 1 and 2: checks the parts' definitions and journals against the
// database (errors as FoldParts') and maps their ids.
absl::StatusOr<FoldPlan> PlanFold(const CountStore& store,
                                  absl::Span<CountPart* const> parts,
                                  const FoldOptions& options);

// Receives the re-sorted pairs: `run` sorted by key, keys unique.
using RunSink = std::function<absl::Status(int shard, SortedRun run)>;

// The records of a re-sorting buffer per shard for a budget of `memory_mb`.
size_t ResortChunkRecords(uint64_t memory_mb, int shards);

// Step 3 for one part: reads its pairs, maps them to database ids (`ids`)
// and hands them to `sink` as runs per database pair family (of a database
// of `shards` shards, with a right index or not: PairFamilies in
// store_options.h) of at most `chunk_records` records. Returns the part's
// errors, `sink`'s, and Cancelled when `stop` becomes true.
absl::Status ResortPart(CountPart& part, absl::Span<const uint32_t> ids,
                        int shards, bool right_index, size_t chunk_records,
                        const std::atomic<bool>* stop, const RunSink& sink);

// The slots of the ids `plan` maps its parts to (fold_slots.h).
FoldSlots SlotsOf(const FoldPlan& plan);

// Step 4 for one pair family: merges `shard`'s runs into `writer` and
// finishes it, adding each pair's count to rows[slots.SlotOf(x)] and
// columns[slots.SlotOf(y)] (both sized slots.size()), or, for a family of
// the right index (whose keys are (y,x)), with `rows` and `columns` empty.
// With `columns` alone empty, only the rows are summed (symmetric pairs,
// whose columns are their rows). Returns DataLoss for a pair of an id
// without a slot, Cancelled once `stop` is set (SortedRuns::Merge).
absl::Status WriteShard(SortedRuns& runs, int shard, ShardWriter& writer,
                        const std::atomic<bool>* stop, const FoldSlots& slots,
                        absl::Span<uint64_t> rows,
                        absl::Span<uint64_t> columns);

// Step 4's commit and step 5: commits what `writer` holds with the plan's
// new terms, the parts' term counts (their marginals from `rows` and
// `columns` by the slots of `slots`, the sums of the pairs written),
// totals and journal, then maintains the store. Returns Cancelled if
// options.stop is set before the commit; the error of Maintain after it
// (the commit stands).
absl::Status CommitFold(CountStore& store, StoreWriter& writer,
                        absl::Span<CountPart* const> parts,
                        const FoldPlan& plan, const FoldSlots& slots,
                        absl::Span<const uint64_t> rows,
                        absl::Span<const uint64_t> columns,
                        const FoldOptions& options);

}  // namespace cooc

#endif  // COOC_SRC_FOLD_H_
