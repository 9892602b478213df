// StoreOptions: the definition of a database, the one shape of a
// database's settings. What counts as co-occurrence (window, mode, unit),
// how the text is tokenized, and how many shards hold the pairs. Fixed when a
// database is created, stored in its metadata, and carried by every count
// part, so that counts of one definition are never mixed with another's.

#ifndef COOC_INCLUDE_COOC_STORE_OPTIONS_H_
#define COOC_INCLUDE_COOC_STORE_OPTIONS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/tokenizer.h"

namespace cooc {

// How a window's pairs are recorded.
enum class PairMode {
  kSymmetric,  // Both (x,y) and (y,x) for each co-occurrence (default).
  kOrdered,    // Only (left, right).
};

absl::string_view PairModeName(PairMode mode);  // "symmetric" / "ordered"

// What counts as co-occurrence.
enum class CountingUnit {
  // Token i with tokens i+1..i+window of the same line: pair events.
  kWindow,
  // Textual co-occurrence: each unordered pair of distinct words at most
  // once per unit; N = number of units (with at least one token);
  // c(x,*) = c(*,x) = number of units containing x (document frequency).
  kSentence,  // ICU sentence break within each line.
  kLine,      // A line is a document.
};

absl::string_view CountingUnitName(CountingUnit unit);  // window/sentence/line
// Parses a name of CountingUnitName; InvalidArgument otherwise.
absl::StatusOr<CountingUnit> ParseCountingUnit(absl::string_view name);

// Whether lines carry labels (the classes of documents, for `cooc
// features`), and how they are written.
enum class LabelMode {
  kNone,    // No labels: every token is a word.
  // fastText's convention: the leading tokens `__label__NAME` of a line
  // (one or more, separated by white space) are its labels, not words.
  kPrefix,
  // `LABEL<TAB>TEXT`: the text before the line's first tab is its one label
  // (a blank line has none; any other line without a tab is an error).
  kTsv,
};

absl::string_view LabelModeName(LabelMode mode);  // "none", "prefix", "tsv"
// Parses a name of LabelModeName; InvalidArgument otherwise.
absl::StatusOr<LabelMode> ParseLabelMode(absl::string_view name);

// What a database was built with. Fixed when the database is created and
// checked on every open: one database holds counts of one definition.
struct StoreOptions {
  // Token i is paired with tokens i+1..i+window of the same line.
  // Default: 5.
  int window = 5;

  // Default: kSymmetric. Units other than kWindow are always symmetric.
  PairMode mode = PairMode::kSymmetric;

  // Default: kWindow. `window` is not used by the other units.
  CountingUnit unit = CountingUnit::kWindow;

  // Number of pair shards (RocksDB column families). Default: 8.
  int shards = 8;

  // Sentence and line units: the longest unit, in tokens. A unit of n
  // distinct words makes n(n-1)/2 pairs, so one long line without sentence
  // ends (a whole article on one line) would need memory without bound; a
  // longer unit is cut into consecutive pieces of `max_unit_tokens` tokens
  // (the last one shorter), each counted as a unit, and the cuts are counted
  // (Totals::unit_cuts). 0 means no bound: databases made before the bound
  // existed. Not used by window units. Default: 1000.
  int max_unit_tokens = 1000;

  // Labelled documents: a line is a document, its labels are stripped
  // before tokenizing, and the database keeps, per label, its documents
  // and, per term and label, the documents of that label containing the
  // term (store_records.h, LabelCounts). Default: kNone.
  LabelMode labels = LabelMode::kNone;

  // How text was tokenized; queries normalize their terms the same way.
  TokenizerOptions tokenizer;

  // The tokenization rules the counts were made with (kTokenizerVersion in
  // tokenizer.h). A database made before the rules had a version records
  // none and reads as 1. Counts of another version are refused, since the
  // same text gives other tokens. Default: kTokenizerVersion.
  int tokenizer_version = kTokenizerVersion;

  // Ordered databases: whether the pairs are also kept by their right word
  // (`shards` more families, "right_<k>": pair (x,y) as the key (y,x) in
  // the family of ShardOf(y)), so that the words before a word (`assoc
  // --side left`) are read without a scan. How pairs are stored, not what
  // is counted: CheckSameDefinition ignores it, so parts and databases
  // without it fold and merge into one with it. Every ordered database
  // made since the index exists has one (NewStoreOptions); older ones
  // read as false. Default: false.
  bool right_index = false;
};

// The pair families of a database of `options`: `shards`, and as many
// again with a right index. Family k < shards holds the pairs (x,y) with
// ShardOf(x) == k; family shards + k, with a right index, the keys (y,x)
// with ShardOf(y) == k.
inline int PairFamilies(const StoreOptions& options) {
  return options.right_index ? 2 * options.shards : options.shards;
}

// The largest max_unit_tokens ValidateStoreOptions accepts.
inline constexpr int kMaxUnitTokensLimit = 1000000;

// Returns InvalidArgument unless 1 <= window <= 1000, 1 <= shards <= 1024,
// max_unit_tokens is 0 or in [2, kMaxUnitTokensLimit], the mode is
// symmetric for units other than kWindow, and a right index only ordered.
absl::Status ValidateStoreOptions(const StoreOptions& options);

// The one compatibility check of two definitions: returns OK if counts made
// under `counts` may be added to a database of definition `database` (every
// field equal; the window only matters for window units), else
// InvalidArgument naming `what` and the first field that differs.
absl::Status CheckSameDefinition(const StoreOptions& database,
                                 const StoreOptions& counts,
                                 absl::string_view what);

// Returns OK if `first` and `second` tokenize text alike (tokenizer version
// and every TokenizerOptions field), so that their terms can be compared
// (keyness.h); else InvalidArgument naming `what` (the second) and the
// first field that differs. Window, mode, unit, shards and labels are not
// compared.
absl::Status CheckSameTokenization(const StoreOptions& first,
                                   const StoreOptions& second,
                                   absl::string_view what);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_STORE_OPTIONS_H_
