// CountPart: the portable result of counting some text, the seam between
// counting and the database.
//
//   text -> tokens -> pairs -> [count part] -> fold into a database
//
// A part holds everything one or more ingests would add to a database,
// independent of any database: the definition it was counted with, its own
// vocabulary in order of first appearance (part-local ids 0, 1, ...), each
// term's token and document frequency, the totals, the pair counts keyed by
// part-local ids, sharded by the left id as a database shards them, and the
// journal entries of its inputs. Folding (fold.h) maps the local ids to the
// database's, so a part folded into any database gives exactly what
// ingesting its text there would.
//
// Three kinds of part share this interface: text counted in memory (the
// ingest path), a part file (part_file.h, written by `cooc count`), and a
// whole database (database_part.h, for `cooc merge`).

#ifndef COOC_SRC_COUNT_PART_H_
#define COOC_SRC_COUNT_PART_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"
#include "sorted_runs.h"
#include "term_list.h"

namespace cooc {

// Everything of a part but its pairs.
struct PartHeader {
  // The definition the text was counted with (its `shards` is also the
  // sharding of the part's pairs, by local left id).
  StoreOptions definition;
  uint64_t tokens = 0;
  uint64_t lines = 0;
  uint64_t pair_events = 0;  // Or units, for unit counting.
  uint64_t invalid_utf8 = 0;
  uint64_t ingests = 0;      // Ingests the part stands for.
  uint64_t unit_cuts = 0;    // Totals::unit_cuts of the part's text.
  // By local id: the term, f(x), and (unit counting; else 0) the number of
  // units containing x.
  TermList terms;
  std::vector<uint64_t> frequencies;
  std::vector<uint64_t> document_frequencies;
  // Labelled text (definition.labels): its document counts, term ids
  // local. Empty otherwise.
  LabelCounts labels;
  // The inputs counted, each with `ingest` numbered 1..ingests within the
  // part and the time it was counted.
  std::vector<JournalEntry> journal;
};

// Called with consecutive batches of one shard's records in increasing key
// order ((local x << 32) | local y, count; each key once per shard).
using PairBatchFn =
    std::function<absl::Status(int shard, absl::Span<const KeyCount> batch)>;

class CountPart {
 public:
  virtual ~CountPart() = default;

  // A name for messages: the part file's path, the database's, or "text".
  virtual const std::string& name() const = 0;
  virtual const PartHeader& header() const = 0;

  // Reads every pair, shard 0 first, in key order within each shard.
  // Returns the first error of `emit`, or DataLoss for damaged data (naming
  // the part). May be called once.
  virtual absl::Status ReadPairs(const PairBatchFn& emit) = 0;

  // The pairs as sorted runs keyed by local ids, if the part holds them so
  // (text counted in memory), for folding without a copy; else null. After
  // a caller takes them, ReadPairs is not called.
  virtual SortedRuns* runs() { return nullptr; }
};

}  // namespace cooc

#endif  // COOC_SRC_COUNT_PART_H_
