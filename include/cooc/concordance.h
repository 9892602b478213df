// Concordance: the lines behind a count, as keyword-in-context (KWIC) rows.
//
//   text -> tokens -> pairs -> counts -> measures -> query
//     \__ [concordance]: the text again, where a node (and a collocate) occur
//
// A count such as c(war, civil) = 240 says how often two words occurred
// together; a concordance shows where. It reads the database's inputs again
// (the paths its journal records, each checked against the recorded size
// and content hash, or texts given explicitly), tokenizes every line with
// the database's own tokenizer settings, and returns the occurrences of the
// node: with a collocate, only those where the collocate occurs as it was
// counted (below), so that the co-occurrences found add up to the stored
// c(node, collocate) when the texts are the database's inputs.
//
// As counted means (StoreOptions):
//   - window units, symmetric: the collocate within `window` tokens of the
//     node on either side, on the same line; c(x,y) is the number of
//     (node, collocate) position pairs so placed (for x = y each pair of
//     positions is counted from both ends, as the store counts (x,x) twice);
//   - window units, ordered: the collocate 1..window tokens after the node,
//     as c(node, collocate) counts (left, right);
//   - sentence and line units: the collocate anywhere in the node's unit
//     (its sentence, or line, cut every max_unit_tokens tokens as ingest
//     cuts it); c(x,y) is the number of units holding both, and a word is
//     never counted with itself.
// Tokens are the ingest's: pieces of a long line and sentences are
// tokenized one by one as ingest tokenizes them, stopwords and filtered
// tokens are gone before windows are formed.
//
// Speed: sources are read in parallel by byte ranges that start at lines,
// and a line of ASCII text is tokenized only if the node's text (case
// folded as the database folds) occurs in it, which is exact because an
// ASCII line's tokens are pieces of its folded text; other lines are all
// tokenized. With `limit` and no sorting the scan stops once the first
// `limit` rows in input order are found.

#ifndef COOC_INCLUDE_COOC_CONCORDANCE_H_
#define COOC_INCLUDE_COOC_CONCORDANCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/query.h"
#include "cooc/report.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"

namespace cooc {

// The order of the rows.
enum class ConcordanceSort {
  kNone,   // Input order: source, then line, then position in the line.
  kLeft,   // By the words left of the node, nearest first (1L, 2L, 3L).
  kRight,  // By the words right of the node (1R, 2R, 3R).
};

// "none", "left", "right".
absl::string_view ConcordanceSortName(ConcordanceSort sort);
// Parses a ConcordanceSortName; InvalidArgument (with a suggestion)
// otherwise.
absl::StatusOr<ConcordanceSort> ParseConcordanceSort(absl::string_view name);

struct ConcordanceOptions {
  // The node as the user writes it, normalized as every query term is.
  // Required.
  std::string node;
  // The collocate, likewise, or empty for every occurrence of the node.
  std::string collocate;

  // Context on each side of the node, in display columns (a wide CJK
  // character is 2). Must be in [0, 1000]. Default: 40.
  int width = 40;

  // At most this many rows (after sorting); 0 for all. Default: 25.
  size_t limit = 25;

  // Default: kNone (which lets `limit` stop the scan early).
  ConcordanceSort sort = ConcordanceSort::kNone;

  // The texts to read instead of the journal's inputs ("-" for standard
  // input, read once, in order). Empty: the journal's.
  std::vector<std::string> from;

  // The inputs' encoding, as IngestOptions::encoding. Default: UTF-8 (or
  // a byte-order mark's).
  std::string encoding;

  // Worker threads; 0 for one per core. Default: 0.
  int threads = 0;

  // A regular file is read by tasks of about this many bytes (cut at line
  // starts), which the threads share. Must be at least 1. Default: 8 MiB.
  uint64_t range_bytes = uint64_t{8} << 20;

  // The dictionary and stopword list the database was built with, when it
  // was built with a dictionary or a stopword file (the database stores
  // only their checksums; a built-in stopword list is loaded by name):
  // without them the text cannot be tokenized as it was counted, which is
  // FailedPrecondition. Checked against the stored checksums.
  std::shared_ptr<const UserDictionary> dictionary;
  std::shared_ptr<const StopwordList> stopwords;

  // If set, the scan stops when it becomes true (Cancelled).
  const std::atomic<bool>* stop = nullptr;
};

// A byte range [begin, end) of a context string.
using TextSpan = std::pair<size_t, size_t>;

// One occurrence of the node.
struct ConcordanceRow {
  std::string source;  // The input's path as the journal or `from` has it.
  uint64_t line = 0;   // 1-based.
  uint64_t offset = 0; // Byte of the line where the node's text starts.
  // The line's text before the node (its last `width` columns), the node's
  // own text, and the text after it (its first `width` columns), as the
  // input has them (not normalized; tabs as spaces). When the tokenizer
  // could not map a token back to the text (Tokenizer::Tokenize returned
  // false), the normalized tokens joined by spaces instead.
  std::string left;
  std::string node;
  std::string right;
  // Where the collocate's occurrences as counted are in `left` and `right`.
  std::vector<TextSpan> left_collocates;
  std::vector<TextSpan> right_collocates;
  // Co-occurrences of this node occurrence as counted (see the top).
  uint64_t cooccurrences = 0;
  // The nearest tokens on each side (up to 3, nearest first): the sort
  // keys, given only when the rows are sorted.
  std::vector<std::string> left_words;
  std::vector<std::string> right_words;
};

// An input that was not read, and why.
struct SkippedSource {
  std::string path;
  std::string reason;
};

struct Concordance {
  std::string node;       // Normalized.
  std::string collocate;  // Normalized; empty if none.
  std::vector<ConcordanceRow> rows;
  // Whether every source was read to its end (false when `limit` stopped
  // the scan or a source failed). Only then are the totals below those of
  // all the text; else they are those of the rows returned.
  bool complete = false;
  // Whether `limit` stopped the scan before the end of the text.
  bool limited = false;
  uint64_t matches = 0;        // Rows found (all rows when complete).
  uint64_t shown = 0;          // Rows given: at most `limit` of them.
  uint64_t cooccurrences = 0;  // Sum over the rows found (with a collocate).
  uint64_t sources_read = 0;
  std::vector<SkippedSource> skipped;
  // c(node, collocate) (with a collocate) or f(node) as the database has
  // them, to hold the totals against.
  uint64_t stored_count = 0;
};

// Finds the rows of `options` in the inputs of the database of `query`
// (which resolves the terms, as for every query). Errors:
// InvalidArgument for bad options or a node or collocate that is no single
// token, NotFound for a node or collocate not in the vocabulary (with a
// suggestion), FailedPrecondition when the dictionary or stopword list the
// database needs is missing or another one, Cancelled on `stop`, and the
// read errors of a `from` input. A journal input that is gone, changed, a
// stream or a piece is skipped and named in `skipped`.
//
// With `emit`, the rows are given to it in their order instead of being
// kept in Concordance::rows (which stays empty): unsorted rows as the scan
// finds them, so memory stays bounded whatever their number, and sorted
// ones at the end. It is called from one thread at a time; its error ends
// the scan and is returned.
using ConcordanceRowFn = std::function<absl::Status(const ConcordanceRow&)>;
absl::StatusOr<Concordance> FindConcordance(
    Query& query, const ConcordanceOptions& options,
    const ConcordanceRowFn& emit = nullptr);

// The rows as an aligned keyword-in-context table, one line each:
// "source:line", the left context right-aligned in `width` columns, the
// node, the right context. With `highlight`, the node is bold red and the
// collocates bold blue (ANSI escapes, for a terminal). Text is escaped by
// DisplayEscape.
std::string ConcordanceTable(const Concordance& concordance, int width,
                             bool highlight);
// One line of that table, its "source:line" padded to `place_columns`.
std::string ConcordanceTableLine(const ConcordanceRow& row, int width,
                                 bool highlight, size_t place_columns);

// The columns of ConcordanceReport (with a collocate, or not) and the
// cells of one row, for rows written as they come.
std::vector<std::string> ConcordanceColumns(bool collocate);
std::vector<ReportCell> ConcordanceCells(const ConcordanceRow& row,
                                         bool collocate);

// The rows for scripts: source, line, offset, left, node, right and, with a
// collocate, cooccurrences (Report: TSV, JSON Lines, CSV).
Report ConcordanceReport(const Concordance& concordance);

// What the rows stand for, for a person (stderr), one message a line: "N
// lines" with the co-occurrences against the database's count and the
// sources read, then each source skipped with its reason.
std::vector<std::string> ConcordanceSummary(const Concordance& concordance);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_CONCORDANCE_H_
