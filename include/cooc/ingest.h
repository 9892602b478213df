// Ingest: the left half of the pipeline in one call.
//
//   [text -> tokens -> pairs -> count part -> fold into RocksDB shards]
//
// Reads text files (or standard input) in UTF-8 or another encoding
// (IngestOptions::encoding), tokenizes and counts window
// pairs on several threads within a memory budget into a count part in
// memory, and folds it into the database in one atomic step: after a crash the database holds the
// state before or after the ingest, never between. The result is the same
// for any number of threads and any memory budget. Errors (a missing file,
// a binary file, a database in use) leave the database unchanged; a
// database this call created is removed again.

#ifndef COOC_INCLUDE_COOC_INGEST_H_
#define COOC_INCLUDE_COOC_INGEST_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"

namespace cooc {

// The steps of an ingest, in order, for progress displays.
enum class IngestPhase {
  kCounting,     // Reading the inputs, tokenizing and counting pairs.
  kResorting,    // Count parts: re-sorting their pairs under database ids.
  kWriting,      // Merging each shard's sorted runs into a table file.
  kCommitting,   // The atomic commit of the table files.
  kMaintaining,  // Merging table files after the commit (Maintain).
};

// Where an ingest is, for progress displays.
struct IngestProgress {
  IngestPhase phase = IngestPhase::kCounting;
  // kResorting: parts read of the parts; kWriting: shards written of the
  // shards; 0 of 0 in the other phases. After kCounting, bytes_read,
  // bytes_total and tokens keep the values counting ended with.
  uint64_t done = 0;
  uint64_t total = 0;
  uint64_t bytes_read = 0;   // Over all inputs so far.
  uint64_t bytes_total = 0;  // Sum of the sizes of the regular files to
                             // count (skipped ones left out); 0 if unknown.
  uint64_t tokens = 0;
  double seconds = 0;        // Since the ingest started.
};

struct IngestOptions {
  // The database's definition. An unset field takes the database's stored
  // value, or StoreOptions' default when the database is created. A set
  // field that contradicts the stored value is an error.
  // Default: all unset.
  std::optional<int> window;
  std::optional<PairMode> mode;
  std::optional<int> shards;
  std::optional<CountingUnit> unit;
  std::optional<CaseFolding> case_folding;
  std::optional<bool> keep_numbers;
  std::optional<bool> keep_punctuation;
  std::optional<int> min_length;
  std::optional<Segmentation> segmentation;
  std::optional<ScriptConversion> script_conversion;
  std::optional<int> max_unit_tokens;  // StoreOptions::max_unit_tokens.
  std::optional<LabelMode> labels;     // StoreOptions::labels.
  // A user dictionary and a stopword list (null: not given). A database
  // stores only their checksums: a later ingest into a database built with
  // a dictionary or a stopword file must give the same one again (a
  // built-in stopword list is found by its name).
  std::shared_ptr<const UserDictionary> dictionary;
  std::shared_ptr<const StopwordList> stopwords;

  // The encoding of the inputs, any name ICU has a converter for ("utf-8",
  // "latin1", "gb18030", "big5", "shift_jis", "utf-16le", ...): text is
  // converted to UTF-8 before it is tokenized, and byte sequences invalid
  // in it count as invalid_utf8 (replaced by U+FFFD). A way of reading the
  // inputs, not part of the definition: inputs in different encodings may
  // go into one database, and the journal fingerprints an input's bytes as
  // they are, so it is recognised whatever it was read as. Empty: UTF-8,
  // or UTF-16/UTF-32 when the input starts with their byte-order mark; an
  // input of which more than 1% of the first 64 KiB is invalid UTF-8 is
  // then refused (InvalidArgument naming the charset detector's guess),
  // while "utf-8" counts such an input anyway, invalid sequences replaced.
  // Byte ranges (CountRangeToPart) take only encodings in which a 0x0A byte
  // always ends a line (UTF-8, Latin-1, GB18030, Big5, Shift_JIS...; not
  // UTF-16/32 nor ISO-2022). Default: empty.
  std::string encoding;

  // Count an input even if the journal says its content was ingested
  // before (by default such an input is skipped, and so is a second input
  // of the same content in one ingest). Default: false.
  bool force = false;

  // Counting threads. 0 means one per core. The result does not depend on
  // it. Default: 0.
  int threads = 0;

  // The memory budget, in MiB: the pair tables, the sorted runs kept in
  // memory, the vocabulary and the per-term arrays. Counts beyond it are
  // spilled to sorted files in the database directory and merged at the
  // end; the result does not depend on it. The process uses up to about
  // 150 MiB more (ICU, RocksDB, the threads' blocks, the merge's buffers),
  // and more when the vocabulary alone outgrows the budget (it is not
  // spilled: about 30 bytes a term besides its bytes). Default: 1024.
  uint64_t memory_mb = 1024;

  // Called about four times a second while counting (also while a slow
  // input such as a pipe is read), once when counting ends, and then at
  // each step of the fold (IngestPhase): from one thread at a time.
  // Default: none.
  std::function<void(const IngestProgress&)> progress;

  // When not null and it becomes true (a signal handler may set it), the
  // call stops at its next check, removes what it wrote (a database it
  // created, its scratch and spill files, a part file being written) and
  // returns Cancelled: the database is as it was. It is checked while
  // reading, counting, re-sorting and writing table files, about every
  // block, and last just before the commit; once the commit has begun the
  // call completes. Default: null (never stops).
  const std::atomic<bool>* stop = nullptr;

  // For IngestParts only: when the parts are pieces of files (counted by
  // CountRangeToPart, count.h, as a distributed ingest does), the journal
  // entries of the files (FingerprintInput), recorded once each and checked
  // against the journal instead of the parts' own entries, the whole fold
  // being one ingest: the result is then that of one Ingest of the files.
  // Default: unset (the parts' own entries).
  std::optional<std::vector<JournalEntry>> journal;
};

// Returns InvalidArgument unless 0 <= threads <= 256, memory_mb >= 16 and
// the encoding, if given, is one ICU knows (CheckEncoding).
absl::Status ValidateIngestOptions(const IngestOptions& options);

// Returns OK if ICU has a converter for the encoding `name` (IngestOptions::
// encoding; case and punctuation do not matter), else InvalidArgument
// naming it.
absl::Status CheckEncoding(const std::string& name);

// What one ingest added.
struct IngestSummary {
  bool created = false;       // The database was created by this ingest.
  StoreOptions store;         // The database's definition.
  uint64_t bytes = 0;         // Input bytes read.
  uint64_t lines = 0;
  uint64_t tokens = 0;
  uint64_t pair_events = 0;
  uint64_t new_types = 0;     // Terms new to the vocabulary.
  uint64_t invalid_utf8 = 0;  // Invalid UTF-8 sequences replaced by U+FFFD
                              // (or sequences invalid in the encoding).
  uint64_t unit_cuts = 0;     // Units cut at max_unit_tokens (Totals).
  Totals totals;              // The database's totals afterwards.
  uint64_t db_bytes = 0;      // Database size on disk afterwards.
  uint64_t spilled_bytes = 0; // Pair counts spilled to disk (memory budget).
  // Bytes the counted text's vocabulary and per-term arrays held at the end
  // of counting. They are never spilled: if they outgrew what `memory_mb`
  // leaves them beside the pair tables' least share (a sixteenth of it, at
  // least 4 MiB a thread), the process went past its budget, and
  // memory_needed_mb is a budget that would have held them (else 0).
  uint64_t vocabulary_bytes = 0;
  uint64_t memory_needed_mb = 0;
  // Inputs not counted because their content was ingested before (or
  // earlier in this ingest), each with the journal entry that has it.
  std::vector<std::pair<std::string, JournalEntry>> skipped;
  int threads = 0;            // Counting threads used.
  double seconds = 0;
};

// Adds the text of `inputs` (paths; "-" is standard input) to the database
// at `db_path`, creating it if `db_path` is absent or an empty directory.
// Each input's path, size and content hash go into the database's journal
// in the same atomic commit as its counts; an input whose content is in the
// journal already is skipped (see IngestOptions::force), so re-running an
// interrupted ingest counts every input exactly once. If every input is
// skipped nothing is written.
// Returns InvalidArgument for no inputs, a directory, an empty or binary
// input, or options that contradict the database's; NotFound for a missing
// input; PermissionDenied for an unreadable one; FailedPrecondition if
// `db_path` is not a cooc database or another process is writing to it.
absl::StatusOr<IngestSummary> Ingest(const std::string& db_path,
                                     const std::vector<std::string>& inputs,
                                     const IngestOptions& options);

// Adds the count parts at `part_paths` (written by CountToPart, count.h) to
// the database at `db_path`, in the order given, in one atomic commit,
// creating the database (with the first part's definition) if `db_path` is
// absent or an empty directory. The result is exactly that of ingesting the
// parts' texts in that order, one ingest per part: every count, marginal,
// total, vocabulary id and journal entry. Uses `threads`, `memory_mb` and
// `force` of `options`; its definition fields must be unset (a part carries
// its definition). Returns InvalidArgument for a part whose definition
// differs from the database's, FailedPrecondition for a part with an input
// the database (or an earlier part) has counted, unless `options.force`;
// DataLoss or FailedPrecondition naming the file for a damaged, truncated
// or foreign part; nothing is written on any error.
absl::StatusOr<IngestSummary> IngestParts(
    const std::string& db_path, const std::vector<std::string>& part_paths,
    const IngestOptions& options);

// The definition Ingest would count `options`' text with into `db_path`:
// the stored definition checked against the options' set fields (with the
// dictionary and stopword list they give), or a new database's. For
// counting parts elsewhere that the database will take (a distributed
// ingest). Errors as Ingest's for the options and the database; nothing is
// written.
absl::StatusOr<StoreOptions> IngestDefinition(const std::string& db_path,
                                              const IngestOptions& options);

// The journal entry Ingest records for the regular file at `path` (its
// path as given, size and content hash; ingest and time unset), for
// IngestOptions::journal. Returns the errors Ingest returns for a bad
// input, and InvalidArgument for a stream, which has no fingerprint before
// it is read.
absl::StatusOr<JournalEntry> FingerprintInput(const std::string& path);

// Tokenizes `inputs` (read in `encoding`, as IngestOptions::encoding)
// exactly as Ingest does and calls `emit` once per input line with its
// tokens joined by single spaces ("" for a line without tokens). Returns
// the errors Ingest returns for bad inputs (except that an empty input is
// fine: it has no lines), and the number of invalid sequences replaced.
absl::StatusOr<uint64_t> TokenizeInputs(
    const std::vector<std::string>& inputs, const TokenizerOptions& options,
    const std::function<void(absl::string_view)>& emit,
    const std::string& encoding = "");

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_INGEST_H_
