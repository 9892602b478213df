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
#include "line_reader.h"
#include "counted_text.h"

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

}  // namespace cooc

#endif  // COOC_SRC_INGEST_STEPS_H_
