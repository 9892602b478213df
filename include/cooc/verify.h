// VerifyStore: checks a database's files and its internal invariants.
//
//   text -> tokens -> pairs -> sharded counts -> [RocksDB] -> verify
//
// Damage to the bytes of the files (a flipped bit, a truncated table file)
// is found by the block checksums and returned as an error status; counts
// that disagree with each other (totals, marginals, vocabulary) are listed
// as problems of a VerifyReport.

#ifndef COOC_INCLUDE_COOC_VERIFY_H_
#define COOC_INCLUDE_COOC_VERIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cooc/count_store.h"

namespace cooc {

struct VerifyOptions {
  // At most this many problems are listed; the rest are only counted.
  // Default: 100.
  size_t max_problems = 100;
};

// One disagreement between what a database stores and what its other
// records imply.
struct VerifyProblem {
  std::string check;     // Which invariant: "pair_events", "distinct_pairs",
                         // "types", "vocabulary", "terms", "row", "column",
                         // "symmetry", "tokens", "pair_id", "frequency",
                         // "marginals", "window_bound", "unit_bound",
                         // "unit_pair", "lines", "journal", "scan_file".
  std::string subject;   // What it is about: "totals", "id 7 'pride'", ...
  std::string expected;  // The value the other records imply.
  std::string found;     // The value stored.
};

struct VerifyReport {
  std::vector<VerifyProblem> problems;  // The first max_problems found.
  uint64_t problem_count = 0;           // All problems found.
  uint64_t pairs_checked = 0;           // Stored pairs read.
  uint64_t terms_checked = 0;           // Vocabulary ids checked.

  bool ok() const { return problem_count == 0; }
};

// Checks `store`: first every table file's block checksums
// and that every table file belongs to the database
// (CountStore::VerifyFiles), then that
//   - totals.pair_events is the sum of all pair counts (window unit only:
//     for sentence and line units it is the number of units),
//   - the distinct pairs the table files imply (Totals::distinct_pairs,
//     when known) are the number of stored pairs,
//   - totals.types is the vocabulary size, and every id in [0, types) has a
//     term that maps back to it,
//   - each id's row marginal c(x,*) is the sum of its row and its column
//     marginal c(*,x) the sum of its column (window unit), or row equals
//     column (other units),
//   - in symmetric databases every pair (x,y) has (y,x) with the same count,
//   - totals.tokens is the sum of the token frequencies, and every id has a
//     frequency f(x) >= 1 (an id is given to a term counted as a token),
//   - window unit: c(x,*) and c(*,x) are at most k W f(x), and
//     totals.pair_events at most k W tokens (W the window, k = 1 ordered,
//     2 symmetric: each occurrence is in at most W events per side);
//     units: c(x,*), c(*,x) <= f(x), c(x,y) <= min(c(x,*), c(*,y)), and
//     for line units N <= lines + unit cuts,
//   - tokens > 0 implies lines > 0,
//   - every journal entry belongs to an ingest in 1..totals.ingests.
// An ordered database symmetric by chance is not a problem.
// Returns DataLoss (or the read error) when a file is damaged or a stored
// value does not decode; otherwise a report listing the problems found.
// Reads the whole database; the pairs one shard per core.
absl::StatusOr<VerifyReport> VerifyStore(const CountStore& store,
                                         const VerifyOptions& options = {});

// Removes what killed processes left half-built beside the database at
// `db_path` and returns the paths removed. A new database is built in
// PATH.creating-PID-N (CountStore::Create) and a merge's in PATH.merging-PID,
// each renamed onto PATH when complete; a process killed before that (kill
// -9, a crash, a power cut) leaves the directory behind for good. Every such
// sibling whose process no longer exists (kill(PID, 0) fails with ESRCH) is
// removed; one whose process runs is being built and stays. For a symbolic
// link, beside where it leads. Errors remove nothing and are ignored (this
// is housekeeping). `cooc verify`, every ingest and every merge call it.
std::vector<std::string> RemoveAbandonedBuilds(const std::string& db_path);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_VERIFY_H_
