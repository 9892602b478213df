// Report: query answers rendered for people and for scripts.
//
//   ... -> query -> [table | tsv | json | csv]
//
// A Report is a list of named columns and rows of cells. It renders as an
// aligned table (for reading), TSV with a header line (for shell pipelines),
// JSON Lines, one object per row (for Python and jq), or CSV (RFC 4180, for
// spreadsheets, R and pandas). Numbers in TSV, JSON and CSV are printed in
// the shortest form that reads back as the same double, so no digit is lost;
// -inf and inf print as "-inf"/"inf" in table, TSV and CSV and as null in
// JSON (which has no infinities); a value not defined for the database
// (NaN) prints as "n/a" in table and TSV, null in JSON and an empty field in
// CSV.
//
// Text in table and TSV is escaped by DisplayEscape (so a TSV cell never
// holds a tab or a line break, and no output drives a terminal), in JSON by
// JsonQuote (which a JSON reader undoes). CSV has no escapes a reader would
// undo, so it carries the text exactly as stored, only quoted (CsvField):
// a token with a control character reaches the file as it is. CSV is meant
// for files and programs; read it on a terminal through a pager, or use the
// table or TSV format there.

#ifndef COOC_INCLUDE_COOC_REPORT_H_
#define COOC_INCLUDE_COOC_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count.h"
#include "cooc/features.h"
#include "cooc/frequency_list.h"
#include "cooc/ingest.h"
#include "cooc/keyness.h"
#include "cooc/merge.h"
#include "cooc/query.h"

namespace cooc {

enum class OutputFormat { kTable, kTsv, kJson, kCsv };

// Parses "table", "tsv", "json" or "csv"; InvalidArgument otherwise, whose
// message suggests the closest name ("did you mean 'tsv'?").
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

// A value that is not known (such as the distinct pairs while commits are
// unmerged): prints as `text` in table format, "unknown" in TSV, null in
// JSON and an empty field in CSV.
struct UnknownCell {
  std::string text;
};

// A yes/no value: prints as `true_text` or `false_text` ("yes"/"no",
// "on"/"off") in table and TSV format and as true or false in JSON and CSV.
struct BooleanCell {
  bool value = false;
  std::string true_text = "yes";
  std::string false_text = "no";
};

// A cell: text, a count, a real number, an unknown value or a boolean.
using ReportCell =
    std::variant<std::string, uint64_t, double, UnknownCell, BooleanCell>;

// `value` as a BooleanCell printing "on"/"off" outside JSON (settings).
ReportCell OnOffCell(bool value);

// `count` as a cell, or, when it is nullopt, an UnknownCell saying it is
// unknown until the database is compacted (Totals::distinct_pairs).
ReportCell CountOrUnknownCell(const std::optional<uint64_t>& count);

class Report {
 public:
  enum class Layout {
    kRows,    // One line per row under a header (lists of pairs).
    kRecord,  // In table format, one "column  value" line per column
              // (single records such as stats); TSV, JSON and CSV as kRows.
  };

  explicit Report(std::vector<std::string> columns,
                  Layout layout = Layout::kRows);

  // REQUIRES: row.size() == number of columns.
  void AddRow(std::vector<ReportCell> row);

  std::string Render(OutputFormat format) const;
  // Render in two parts, for output written as it comes (a few rows at a
  // time): the header line of TSV and CSV (empty for JSON), and the rows
  // without it. REQUIRES: `format` is not kTable, whose columns are aligned
  // over all the rows.
  std::string RenderHeader(OutputFormat format) const;
  std::string RenderRows(OutputFormat format) const;

  // The report as data, for the Python module (which builds its DataFrames
  // from them, so its field names are the CLI's).
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<ReportCell>>& rows() const { return rows_; }

 private:
  std::string RenderTable() const;

  std::vector<std::string> columns_;
  Layout layout_;
  std::vector<std::vector<ReportCell>> rows_;
};

// The columns x y o11 r1 c1 n, fx fy (the words' token frequencies,
// PairTable::fx: r1 and c1 are pair-event marginals, not word frequencies),
// c1_cds (the smoothed C1 of the pmi family) when the tables carry one,
// followed by `measure`, then a column
// per measure of `also` (in `base`) not equal to `measure`, one row per
// pair. Counts that are not whole numbers (unigram marginals, add-k) print
// as reals.
Report PairReport(const std::vector<ScoredPair>& pairs, Measure measure,
                  const std::vector<Measure>& also = {},
                  LogBase base = LogBase::kTwo);

// The associates of several query terms in one report: a first column
// `term` (the query term as given) before PairReport's columns, the rows of
// each term in the order of `answers`.
Report BatchPairReport(
    const std::vector<std::pair<std::string, std::vector<ScoredPair>>>& answers,
    Measure measure, const std::vector<Measure>& also = {},
    LogBase base = LogBase::kTwo);
// One pair, its table as in PairReport, `expected` (E11) and `direction`
// ("positive", "negative" or "independent": O11 against E11), and every
// measure of AllMeasures().
Report FullPairReport(const PairTable& pair, LogBase base);
// tokens, types, pair events, distinct pairs (unknown: CountOrUnknownCell),
// lines, window, mode, unit, labels (labelled databases only: prefix or
// tsv), max unit tokens, shards, folding, numbers,
// tokenizer version, invalid UTF-8, unit cuts, ingests, database bytes, then, when `stats` has it, the information of the pair
// events (entropy.h) and its base: base, h_left, h_right, h_joint,
// h_left_given_right, h_right_given_left, mi_left_right (I(L;R)) and
// nmi_left_right (I / sqrt(H(L) H(R))).
Report StatsReport(const CorpusStats& stats);

// The summaries of ingest, count and merge (what `cooc ingest`, `cooc
// count` and `cooc merge` print), one record each.
Report IngestReport(const IngestSummary& summary);
Report CountReport(const std::string& part_path, const CountSummary& summary);
Report MergeReport(const MergeSummary& summary);

// The frequency list: rank, term, frequency, document_frequency (when the
// entries have it: unit databases) and per_million.
Report FrequencyListReport(const std::vector<FrequencyListEntry>& entries);

// Keyness: term, target_frequency, reference_frequency, the measure's
// column (llr, chi2, pmi or logratio: `measure`) and, for llr and chi2,
// p_value.
Report KeynessReport(const std::vector<KeynessEntry>& entries,
                     KeynessMeasure measure);

// Features. With a label: term, df_label (O11: documents of the label with
// the term), df (R1), label_documents (C1), documents (N), then `measure`
// (named by MeasureName). Without: term, df (labelled documents with the
// term), top_label, then mi, or chi2 and p_value.
Report FeaturesReport(const std::vector<FeatureEntry>& entries,
                      const FeatureOptions& options);

// The journal, one row per input in commit order: ingest, committed (UTC,
// ISO 8601), bytes, content_hash (16 hex digits) and path.
Report SourcesReport(const std::vector<JournalEntry>& journal);
// Returns `text` with every character that would act on a terminal, or
// change how the text around it looks, written as a visible escape, so that
// what is printed shows what is stored and cannot drive the reader's
// terminal. The one escaping of text in table and TSV output, `tokenize`'s
// output and the messages on stderr (JSON has its own, JsonQuote):
//
//   \\ for a backslash (so that every escape reads back unambiguously),
//   \t \n \r for tab, line feed and carriage return,
//   \xNN for the other C0 controls (U+0000-U+001F), DEL (U+007F) and each
//        byte of invalid UTF-8,
//   \uNNNN for the C1 controls (U+0080-U+009F; U+009B is a CSI that
//        starts an escape sequence like ESC [) and the bidirectional
//        controls (Unicode's Bidi_Control: U+061C, U+200E, U+200F,
//        U+202A-U+202E, U+2066-U+2069), which reorder what the reader sees.
//
// Everything else is copied as it is.
std::string DisplayEscape(absl::string_view text);

// Returns `text` as one CSV field (RFC 4180): as it is, or, if it holds a
// comma, a double quote, a CR or an LF, in double quotes with each double
// quote doubled. Records end in LF (RFC 4180 says CRLF; every CSV reader,
// Python's csv module and R's read.csv included, reads both).
std::string CsvField(absl::string_view text);

// Returns `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);
// The shortest decimal that reads back as `value`; "inf"/"-inf"/"nan".
std::string ShortestDouble(double value);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_REPORT_H_
