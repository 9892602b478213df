// Rendering. The table format pads each column to its widest cell, measuring
// width in terminal columns (East Asian wide and full-width characters take
// two, combining marks none: display_width.h), numbers right-aligned and text left-aligned. Reals print with six
// significant digits in the table and in shortest round-trip form
// (std::to_chars) in TSV and JSON.

#include "cooc/report.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "unicode/uchar.h"
#include "cooc/close_words.h"
#include "display_width.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

// A count held in a double cell prints as an integer when it is whole.
ReportCell CountCell(double value) {
  if (value >= 0 && value < 1.8e19 && value == std::floor(value)) {
    return static_cast<uint64_t>(value);
  }
  return value;
}

enum class Style { kTable, kTsv, kJson, kCsv };

std::string CellText(const ReportCell& cell, Style style) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    switch (style) {
      case Style::kJson: return JsonQuote(*text);
      case Style::kCsv: return CsvField(*text);
      default: return DisplayEscape(*text);
    }
  }
  if (const auto* count = std::get_if<uint64_t>(&cell)) {
    return absl::StrCat(*count);
  }
  if (const auto* boolean = std::get_if<BooleanCell>(&cell)) {
    if (style == Style::kJson || style == Style::kCsv) {
      return boolean->value ? "true" : "false";
    }
    return boolean->value ? boolean->true_text : boolean->false_text;
  }
  if (const auto* unknown = std::get_if<UnknownCell>(&cell)) {
    switch (style) {
      case Style::kTable: return unknown->text;
      case Style::kTsv: return "unknown";
      case Style::kJson: return "null";
      case Style::kCsv: return "";
    }
  }
  const double value = std::get<double>(cell);
  if (!std::isfinite(value)) {
    if (style == Style::kJson) return "null";
    if (style == Style::kCsv && std::isnan(value)) return "";
    // NaN marks a value that is not defined for this database.
    return std::isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf");
  }
  if (style == Style::kTable) return absl::StrFormat("%.6g", value);
  return ShortestDouble(value);
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "tsv") return OutputFormat::kTsv;
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  static const std::vector<std::string>* const kNames =
      new std::vector<std::string>{"table", "tsv", "json", "csv"};
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format '", name, "'",
                   DidYouMean(ClosestWords(name, *kNames, 1, 2)),
                   " (valid: table, tsv, json, csv)"));
}

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string DisplayEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(text.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0) {  // Invalid UTF-8: each byte of the sequence.
      for (int32_t k = start; k < i; ++k) {
        absl::StrAppend(&out, "\\x",
                        absl::Hex(static_cast<unsigned char>(text[k]),
                                  absl::kZeroPad2));
      }
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; continue;
      case '\t': out += "\\t"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    } else if ((c >= 0x80 && c <= 0x9F) ||
               u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) {
      absl::StrAppend(&out, "\\u", absl::Hex(c, absl::kZeroPad4));
    } else {
      out.append(text.data() + start, i - start);
    }
  }
  return out;
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string ShortestDouble(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

Report::Report(std::vector<std::string> columns, Layout layout)
    : columns_(std::move(columns)), layout_(layout) {}

void Report::AddRow(std::vector<ReportCell> row) {
  row.resize(columns_.size());
  rows_.push_back(std::move(row));
}

std::string Report::Render(OutputFormat format) const {
  if (format == OutputFormat::kTable) return RenderTable();
  return absl::StrCat(RenderHeader(format), RenderRows(format));
}

std::string Report::RenderHeader(OutputFormat format) const {
  std::string out;
  switch (format) {
    case OutputFormat::kTsv:
      absl::StrAppend(&out, absl::StrJoin(columns_, "\t"), "\n");
      break;
    case OutputFormat::kCsv:
      for (size_t i = 0; i < columns_.size(); ++i) {
        absl::StrAppend(&out, i > 0 ? "," : "", CsvField(columns_[i]));
      }
      out += "\n";
      break;
    case OutputFormat::kTable:
    case OutputFormat::kJson:
      break;
  }
  return out;
}

std::string Report::RenderRows(OutputFormat format) const {
  std::string out;
  const Style style = format == OutputFormat::kTsv    ? Style::kTsv
                      : format == OutputFormat::kCsv  ? Style::kCsv
                      : format == OutputFormat::kJson ? Style::kJson
                                                      : Style::kTable;
  for (const auto& row : rows_) {
    if (format == OutputFormat::kJson) out += "{";
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += format == OutputFormat::kTsv ? "\t" : ",";
      if (format == OutputFormat::kJson) {
        absl::StrAppend(&out, JsonQuote(columns_[i]), ":");
      }
      out += CellText(row[i], style);
    }
    out += format == OutputFormat::kJson ? "}\n" : "\n";
  }
  return out;
}

std::string Report::RenderTable() const {
  std::string out;
  if (layout_ == Layout::kRecord) {
    size_t width = 0;
    for (const std::string& column : columns_) {
      width = std::max(width, DisplayColumns(column));
    }
    for (const auto& row : rows_) {
      for (size_t i = 0; i < columns_.size(); ++i) {
        absl::StrAppend(&out, columns_[i],
                        std::string(width - DisplayColumns(columns_[i]) + 2, ' '),
                        CellText(row[i], Style::kTable), "\n");
      }
    }
    return out;
  }
  std::vector<std::vector<std::string>> texts;
  std::vector<size_t> widths(columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    widths[i] = DisplayColumns(columns_[i]);
  }
  for (const auto& row : rows_) {
    std::vector<std::string>& line = texts.emplace_back();
    for (size_t i = 0; i < columns_.size(); ++i) {
      line.push_back(CellText(row[i], Style::kTable));
      widths[i] = std::max(widths[i], DisplayColumns(line.back()));
    }
  }
  // Text is left-aligned, numbers right-aligned; a header like its column.
  const auto append_line = [&](const std::vector<std::string>& cells,
                               const std::vector<ReportCell>* row) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(widths[i] - DisplayColumns(cells[i]), ' ');
      const bool is_text = row == nullptr ||
                           std::holds_alternative<std::string>((*row)[i]) ||
                           std::holds_alternative<UnknownCell>((*row)[i]) ||
                           std::holds_alternative<BooleanCell>((*row)[i]);
      if (i > 0) line += "  ";
      absl::StrAppend(&line, is_text ? cells[i] : pad,
                      is_text ? pad : cells[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    absl::StrAppend(&out, line, "\n");
  };
  append_line(columns_, rows_.empty() ? nullptr : &rows_[0]);
  for (size_t r = 0; r < rows_.size(); ++r) append_line(texts[r], &rows_[r]);
  return out;
}

namespace {

// The table columns, then the words' token frequencies fx and fy, then
// c1_cds when context-distribution smoothing is on.
std::vector<std::string> TableColumns(bool smoothed) {
  std::vector<std::string> columns = {"x",  "y", "o11", "r1",
                                      "c1", "n", "fx",  "fy"};
  if (smoothed) columns.push_back("c1_cds");
  return columns;
}

std::vector<ReportCell> TableCells(const PairTable& pair, bool smoothed) {
  std::vector<ReportCell> cells;
  cells.reserve(9);
  cells.emplace_back(pair.x);
  cells.emplace_back(pair.y);
  for (double count : {pair.table.o11, pair.table.r1, pair.table.c1,
                       pair.table.n}) {
    cells.push_back(CountCell(count));
  }
  cells.emplace_back(pair.fx);
  cells.emplace_back(pair.fy);
  if (smoothed) {
    cells.emplace_back(std::in_place_type<double>,
                       pair.table.cds_c1.value_or(pair.table.c1));
  }
  return cells;
}

ReportCell ScoreCell(Measure measure, double score) {
  return measure == Measure::kCount ? CountCell(score) : ReportCell(score);
}

}  // namespace

namespace {

// PairReport's and BatchPairReport's rows, each after `leading` cells.
void AddPairRows(const std::vector<ScoredPair>& pairs, Measure measure,
                 const std::vector<Measure>& also, LogBase base,
                 bool smoothed, const std::vector<ReportCell>& leading,
                 Report* report) {
  for (const ScoredPair& scored : pairs) {
    std::vector<ReportCell> row = leading;
    for (ReportCell& cell : TableCells(scored.pair, smoothed)) {
      row.push_back(std::move(cell));
    }
    row.push_back(ScoreCell(measure, scored.score));
    for (Measure other : also) {
      if (other == measure) continue;
      row.push_back(ScoreCell(other, Score(other, scored.pair.table, base)));
    }
    report->AddRow(std::move(row));
  }
}

// The columns after `leading`: the table's, `measure`, then `also`.
std::vector<std::string> PairColumns(std::vector<std::string> leading,
                                     bool smoothed, Measure measure,
                                     const std::vector<Measure>& also) {
  for (std::string& column : TableColumns(smoothed)) {
    leading.push_back(std::move(column));
  }
  leading.emplace_back(MeasureName(measure));
  for (Measure other : also) {
    if (other != measure) leading.emplace_back(MeasureName(other));
  }
  return leading;
}

}  // namespace

Report PairReport(const std::vector<ScoredPair>& pairs, Measure measure,
                  const std::vector<Measure>& also, LogBase base) {
  const bool smoothed =
      !pairs.empty() && pairs.front().pair.table.cds_c1.has_value();
  Report report(PairColumns({}, smoothed, measure, also));
  AddPairRows(pairs, measure, also, base, smoothed, {}, &report);
  return report;
}

Report BatchPairReport(
    const std::vector<std::pair<std::string, std::vector<ScoredPair>>>& answers,
    Measure measure, const std::vector<Measure>& also, LogBase base) {
  bool smoothed = false;
  for (const auto& [term, pairs] : answers) {
    if (!pairs.empty()) smoothed = pairs.front().pair.table.cds_c1.has_value();
  }
  Report report(PairColumns({"term"}, smoothed, measure, also));
  for (const auto& [term, pairs] : answers) {
    AddPairRows(pairs, measure, also, base, smoothed, {term}, &report);
  }
  return report;
}

Report FullPairReport(const PairTable& pair, LogBase base) {
  const bool smoothed = pair.table.cds_c1.has_value();
  std::vector<std::string> columns = TableColumns(smoothed);
  std::vector<ReportCell> row = TableCells(pair, smoothed);
  // E11 = R1*C1/N, and which side of it O11 is.
  const double expected = Expected11(pair.table);
  columns.emplace_back("expected");
  row.push_back(expected);
  columns.emplace_back("direction");
  row.push_back(std::string(pair.table.o11 > expected   ? "positive"
                            : pair.table.o11 < expected ? "negative"
                                                        : "independent"));
  for (Measure measure : AllMeasures()) {
    columns.emplace_back(MeasureName(measure));
    row.push_back(ScoreCell(measure, Score(measure, pair.table, base)));
  }
  Report report(std::move(columns), Report::Layout::kRecord);
  report.AddRow(std::move(row));
  return report;
}

ReportCell OnOffCell(bool value) { return BooleanCell{value, "on", "off"}; }

ReportCell CountOrUnknownCell(const std::optional<uint64_t>& count) {
  if (count.has_value()) return *count;
  return UnknownCell{"unknown until compaction (cooc compact)"};
}

Report StatsReport(const CorpusStats& stats) {
  std::vector<std::string> columns = {
      "tokens", "types", "pair_events", "distinct_pairs", "lines", "window",
      "mode", "unit", "max_unit_tokens", "shards", "case_folding",
      "keep_numbers", "keep_punct", "min_length", "segmentation", "convert",
      "dictionary", "stopwords", "tokenizer_version", "invalid_utf8",
      "unit_cuts", "ingests", "db_bytes"};
  const Totals& t = stats.totals;
  const TokenizerOptions& tokenizer = stats.store.tokenizer;
  // A dictionary is known by its checksum only (the database keeps no
  // copy); a stopword list by its name ("en", "zh", "file").
  const std::string dictionary =
      tokenizer.dictionary_checksum == 0
          ? "none"
          : absl::StrCat("checksum ",
                         absl::Hex(tokenizer.dictionary_checksum,
                                   absl::kZeroPad16));
  const std::string stopwords =
      tokenizer.stopwords_name.empty() ? "none" : tokenizer.stopwords_name;
  std::vector<ReportCell> row = {
      t.tokens, t.types, t.pair_events, CountOrUnknownCell(t.distinct_pairs),
      t.lines, static_cast<uint64_t>(stats.store.window),
      std::string(PairModeName(stats.store.mode)),
      std::string(CountingUnitName(stats.store.unit)),
      static_cast<uint64_t>(stats.store.max_unit_tokens),
      static_cast<uint64_t>(stats.store.shards),
      OnOffCell(tokenizer.case_folding == CaseFolding::kFold),
      OnOffCell(tokenizer.keep_numbers),
      OnOffCell(tokenizer.keep_punctuation),
      static_cast<uint64_t>(tokenizer.min_length),
      std::string(tokenizer.segmentation == Segmentation::kPretokenized
                      ? "pretokenized"
                      : "icu"),
      std::string(ScriptConversionName(tokenizer.script_conversion)),
      dictionary, stopwords,
      static_cast<uint64_t>(stats.store.tokenizer_version), t.invalid_utf8,
      t.unit_cuts, t.ingests, stats.db_bytes};
  if (stats.store.labels != LabelMode::kNone) {  // After "unit".
    columns.insert(columns.begin() + 8, "labels");
    row.insert(row.begin() + 8,
               ReportCell(std::string(LabelModeName(stats.store.labels))));
  }
  if (stats.information.has_value()) {
    const PairInformation& info = *stats.information;
    for (const char* column :
         {"base", "h_left", "h_right", "h_joint", "h_left_given_right",
          "h_right_given_left", "mi_left_right", "nmi_left_right"}) {
      columns.emplace_back(column);
    }
    for (ReportCell cell :
         {ReportCell(std::string(LogBaseName(stats.base))),
          ReportCell(info.h_left), ReportCell(info.h_right),
          ReportCell(info.h_joint), ReportCell(info.h_left_given_right),
          ReportCell(info.h_right_given_left),
          ReportCell(info.mutual_information),
          ReportCell(info.normalized_mi)}) {
      row.push_back(std::move(cell));
    }
  }
  Report report(std::move(columns), Report::Layout::kRecord);
  report.AddRow(std::move(row));
  return report;
}

Report IngestReport(const IngestSummary& s) {
  Report report({"created", "skipped_inputs", "bytes", "lines", "tokens",
                 "pair_events", "new_types", "invalid_utf8", "unit_cuts",
                 "threads", "spilled_bytes", "vocabulary_bytes",
                 "memory_needed_mb", "seconds", "tokens_per_second",
                 "total_tokens", "total_types", "total_pair_events",
                 "distinct_pairs", "db_bytes"},
                Report::Layout::kRecord);
  report.AddRow({BooleanCell{s.created},
                 static_cast<uint64_t>(s.skipped.size()), s.bytes, s.lines,
                 s.tokens, s.pair_events, s.new_types, s.invalid_utf8,
                 s.unit_cuts, static_cast<uint64_t>(s.threads),
                 s.spilled_bytes, s.vocabulary_bytes, s.memory_needed_mb,
                 s.seconds, s.seconds > 0 ? s.tokens / s.seconds : 0.0,
                 s.totals.tokens, s.totals.types, s.totals.pair_events,
                 CountOrUnknownCell(s.totals.distinct_pairs), s.db_bytes});
  return report;
}

Report CountReport(const std::string& part_path, const CountSummary& s) {
  Report report({"part", "skipped_inputs", "bytes", "lines", "tokens",
                 "pair_events", "types", "invalid_utf8", "unit_cuts", "threads",
                 "spilled_bytes", "vocabulary_bytes", "memory_needed_mb",
                 "seconds", "part_bytes"},
                Report::Layout::kRecord);
  report.AddRow({part_path, static_cast<uint64_t>(s.skipped.size()), s.bytes,
                 s.lines, s.tokens, s.pair_events, s.types, s.invalid_utf8,
                 s.unit_cuts, static_cast<uint64_t>(s.threads),
                 s.spilled_bytes, s.vocabulary_bytes, s.memory_needed_mb,
                 s.seconds, s.part_bytes});
  return report;
}

Report MergeReport(const MergeSummary& s) {
  Report report({"inputs", "threads", "vocabulary_bytes", "memory_needed_mb",
                 "seconds", "total_tokens", "total_types", "total_pair_events",
                 "ingests", "db_bytes"},
                Report::Layout::kRecord);
  report.AddRow({s.inputs, static_cast<uint64_t>(s.threads),
                 s.vocabulary_bytes, s.memory_needed_mb, s.seconds,
                 s.totals.tokens, s.totals.types, s.totals.pair_events,
                 s.totals.ingests, s.db_bytes});
  return report;
}

Report SourcesReport(const std::vector<JournalEntry>& journal) {
  Report report({"ingest", "committed", "bytes", "content_hash", "path"});
  for (const JournalEntry& entry : journal) {
    report.AddRow({entry.ingest,
                   absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                    absl::FromUnixSeconds(entry.unix_seconds),
                                    absl::UTCTimeZone()),
                   entry.bytes, absl::StrFormat("%016x", entry.content_hash),
                   entry.path});
  }
  return report;
}

Report FrequencyListReport(const std::vector<FrequencyListEntry>& entries) {
  const bool units =
      !entries.empty() && entries.front().document_frequency.has_value();
  std::vector<std::string> columns = {"rank", "term", "frequency"};
  if (units) columns.push_back("document_frequency");
  columns.push_back("per_million");
  Report report(std::move(columns));
  for (const FrequencyListEntry& entry : entries) {
    std::vector<ReportCell> row = {entry.rank, entry.term, entry.frequency};
    if (units) row.push_back(entry.document_frequency.value_or(0));
    row.push_back(entry.per_million);
    report.AddRow(std::move(row));
  }
  return report;
}

Report KeynessReport(const std::vector<KeynessEntry>& entries,
                     KeynessMeasure measure) {
  const bool tests = measure == KeynessMeasure::kLlr ||
                     measure == KeynessMeasure::kChi2;
  std::vector<std::string> columns = {"term", "target_frequency",
                                      "reference_frequency",
                                      std::string(KeynessMeasureName(measure))};
  if (tests) columns.push_back("p_value");
  Report report(std::move(columns));
  for (const KeynessEntry& entry : entries) {
    std::vector<ReportCell> row = {entry.term, entry.target_frequency,
                                   entry.reference_frequency, entry.score};
    if (tests) row.push_back(entry.p_value.value_or(1.0));
    report.AddRow(std::move(row));
  }
  return report;
}

Report FeaturesReport(const std::vector<FeatureEntry>& entries,
                      const FeatureOptions& options) {
  const std::string measure(MeasureName(options.measure));
  if (!options.label.empty()) {
    Report report({"term", "df_label", "df", "label_documents", "documents",
                   measure});
    for (const FeatureEntry& entry : entries) {
      report.AddRow({entry.term, static_cast<uint64_t>(entry.table.o11),
                     static_cast<uint64_t>(entry.table.r1),
                     static_cast<uint64_t>(entry.table.c1),
                     static_cast<uint64_t>(entry.table.n), entry.score});
    }
    return report;
  }
  const bool p_values = options.measure == Measure::kChi2;
  std::vector<std::string> columns = {"term", "df", "top_label", measure};
  if (p_values) columns.push_back("p_value");
  Report report(std::move(columns));
  for (const FeatureEntry& entry : entries) {
    std::vector<ReportCell> row = {entry.term, entry.documents,
                                   entry.top_label, entry.score};
    if (p_values) row.push_back(entry.p_value.value_or(1.0));
    report.AddRow(std::move(row));
  }
  return report;
}

}  // namespace cooc
