// The steps that `cooc ingest` and `cooc count` share: checking and
// selecting the inputs (the journal's exactly-once rule), the definition the
// options ask for, and counting the selected inputs into a part in memory.

#ifndef COOC_SRC_INGEST_STEPS_H_
#define COOC_SRC_INGEST_STEPS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "count_part.h"
#include "counted_text.h"
#include "fold.h"
#include "ingest_target.h"
#include "line_reader.h"

namespace cooc {

// Checks that `inputs` name readable text sources, before anything is
// written: InvalidArgument for none, standard input twice or a directory,
// and the errors of LineReader::Inspect.
absl::Status CheckInputs(const std::vector<std::string>& inputs);

// `base` with every definition field that `asked` sets in its place, and
// this cooc's tokenizer version (the rules text is counted with).
StoreOptions Overlay(const IngestOptions& asked, StoreOptions base);

// The definition of a new database: StoreOptions' defaults and what
// `asked` sets, with its dictionary and stopword list.
StoreOptions NewStoreOptions(const IngestOptions& asked);

// Splits `inputs` into those to count (returned, in order, with their
// journal entries in `*journal`) and those whose content the journal of
// `store` (if not null), or an earlier input of this call, already has
// (`*skipped`), unless `force`. A stream (standard input, a pipe) cannot be
// read twice, so it is always counted, and its journal entry has no content
// hash.
absl::StatusOr<std::vector<std::string>> SelectInputs(
    const CountStore* store, const std::vector<std::string>& inputs,
    bool force, std::vector<JournalEntry>* journal,
    std::vector<std::pair<std::string, JournalEntry>>* skipped);

// A thread count as the options give it (IngestOptions::threads,
// MergeOptions::threads): `threads`, or the number of cores for 0.
int ThreadCount(int threads);

// Counts `to_count` (whose journal entries are `journal`) under
// `definition` into a part in memory, with the threads, memory and progress
// of `options`, spilling to `spill_dir`; `start` is when the call began.
// The journal entries get `journal_time` (TextCountingOptions). With a
// `range`, only those bytes of the single input are counted.
absl::StatusOr<std::unique_ptr<CountedText>> CountSelected(
    const std::vector<std::string>& to_count, std::vector<JournalEntry> journal,
    const StoreOptions& definition, const IngestOptions& options,
    std::string spill_dir, absl::Time start, int64_t journal_time,
    const ByteRange& range = ByteRange());

// Count parts opened for a fold (their headers read; their pairs are read
// by the fold), and the database they fold into.
struct PartsFold {
  std::vector<std::unique_ptr<CountPart>> opened;
  std::vector<CountPart*> parts;  // Views of `opened`, in order.
  std::unique_ptr<IngestTarget> target;
};

// Opens the count part files at `part_paths` and the database at
// `db_path` for writing, creating it with the first part's definition if
// absent. Returns InvalidArgument for no parts or for definition fields set
// in `options` (a part carries its definition), the errors of OpenPartFile
// and IngestTarget::Open.
absl::StatusOr<PartsFold> OpenPartsFold(
    const std::string& db_path, const std::vector<std::string>& part_paths,
    const IngestOptions& options);

// The FoldOptions of `options`: force, threads, memory, stop and journal
// (a view of `options.journal`, valid while `options` is).
FoldOptions FoldOptionsFor(const IngestOptions& options);

}  // namespace cooc

#endif  // COOC_SRC_INGEST_STEPS_H_
