// CountToPart: text -> a count part file, without a database.
//
//   [text -> tokens -> pairs -> count part] -> (later) fold into a database
//
// A count part (format in src/part_file.h) is the portable, mergeable result
// of counting some text: its definition, its own vocabulary, frequencies,
// totals, pair counts and the journal entries of its inputs. Parts can be
// counted anywhere (another process, another machine) and folded into a
// database later with IngestParts (ingest.h), with exactly the result of
// ingesting their texts there.

#ifndef COOC_INCLUDE_COOC_COUNT_H_
#define COOC_INCLUDE_COOC_COUNT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "cooc/ingest.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"

namespace cooc {

struct CountSummary {
  StoreOptions definition;    // What the part was counted with.
  uint64_t bytes = 0;         // Input bytes read.
  uint64_t lines = 0;
  uint64_t tokens = 0;
  uint64_t pair_events = 0;
  uint64_t types = 0;         // Terms of the part's vocabulary.
  uint64_t invalid_utf8 = 0;
  uint64_t unit_cuts = 0;     // Units cut at max_unit_tokens (Totals).
  uint64_t part_bytes = 0;    // Size of the part file.
  uint64_t spilled_bytes = 0;
  // As IngestSummary's.
  uint64_t vocabulary_bytes = 0;
  uint64_t memory_needed_mb = 0;
  // Inputs not counted because an earlier input of the call had the same
  // content (unless `force`).
  std::vector<std::pair<std::string, JournalEntry>> skipped;
  int threads = 0;
  double seconds = 0;
};

// Counts the text of `inputs` ("-" is standard input) as Ingest would into
// a new database with `options` (its definition fields, unset ones taking
// StoreOptions' defaults; threads, memory_mb, force and progress as for
// Ingest), and writes the part to `part_path`, replacing a file there (so a
// retried count overwrites rather than doubles). The file appears only
// whole. Returns the errors Ingest returns for bad inputs and options, and
// the I/O errors of writing.
absl::StatusOr<CountSummary> CountToPart(const std::string& part_path,
                                         const std::vector<std::string>& inputs,
                                         const IngestOptions& options);

// Counts bytes [begin, end) of the regular file `path` as CountToPart
// counts a whole input (`end` beyond the file's size means its end). Give a
// range that begins at the file's start or just after a line break, and
// ends at the file's end or just after a line break: windows never cross
// lines, so the parts of consecutive ranges, folded in order, count exactly
// as the whole file. The part's journal has one entry for the piece (the
// path, the range's bytes and content hash 0, which the journal never looks
// up); fold such parts with IngestOptions::journal naming the files whole.
// Errors as CountToPart's, and InvalidArgument for a stream or begin > end.
absl::StatusOr<CountSummary> CountRangeToPart(const std::string& part_path,
                                              const std::string& path,
                                              uint64_t begin, uint64_t end,
                                              const IngestOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_COUNT_H_
