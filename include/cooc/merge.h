// MergeDatabases: databases of one definition -> one new database.
//
//   IN1.db IN2.db ... -> [each read as a count part -> fold] -> OUT.db
//
// The result equals ingesting every input's texts, in the order of the
// inputs and of their own ingests, into one new database: the same counts,
// marginals, totals, vocabulary ids and journal (the union, each ingest
// numbered after those before it). Atomic like an ingest: OUT appears
// complete or not at all.

#ifndef COOC_INCLUDE_COOC_MERGE_H_
#define COOC_INCLUDE_COOC_MERGE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"

namespace cooc {

struct MergeOptions {
  // Merge even if two inputs' journals record the same input content, whose
  // counts the result would then hold twice. Default: false.
  bool force = false;
  // Threads for writing the shards; 0 means one per core. Default: 0.
  int threads = 0;
  // Budget of the pairs re-sorted under the new ids, in MiB; beyond it they
  // spill to disk inside OUT. Default: 1024.
  uint64_t memory_mb = 1024;
  // Called after each input is read, with the inputs read so far, their
  // number and the seconds since the merge began. Default: none.
  std::function<void(size_t read, size_t inputs, double seconds)> progress;
  // Checked about every batch of pairs while the inputs are read and the
  // shards written: once it is true the merge stops with Cancelled and
  // leaves no `out` (nor its unfinished build beside it). Once OUT's
  // commit has begun, the merge completes. Default: null (never stops).
  const std::atomic<bool>* stop = nullptr;
};

struct MergeSummary {
  StoreOptions store;       // The definition of OUT (that of the inputs).
  uint64_t inputs = 0;      // Databases merged.
  Totals totals;            // OUT's totals.
  uint64_t db_bytes = 0;    // OUT's size on disk.
  // The inputs' vocabularies (with their id maps and marginal sums) held
  // while merging, and, if they outgrew what `memory_mb` leaves them (they
  // are never spilled), a budget that would have held them (else 0).
  uint64_t vocabulary_bytes = 0;
  uint64_t memory_needed_mb = 0;
  int threads = 0;
  double seconds = 0;
};

// Writes the merge of the databases `inputs` (at least one) to the new
// database `out`. Each input is opened for writing while it is read, so a
// database another process is writing to is refused (FailedPrecondition,
// "in use"), and none is changed. Returns AlreadyExists if `out` exists and
// is not an empty directory; InvalidArgument for no inputs, an input given
// twice, or inputs of different definitions (naming the first difference);
// FailedPrecondition naming the input content that two inputs both counted,
// unless `options.force`; the inputs' errors as CountStore::Open.
absl::StatusOr<MergeSummary> MergeDatabases(
    const std::string& out, const std::vector<std::string>& inputs,
    const MergeOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_MERGE_H_
