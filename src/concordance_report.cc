// The renderings of a Concordance: the aligned KWIC table, the Report for
// scripts, and the summary for a person.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "cooc/concordance.h"
#include "cooc/report.h"
#include "display_width.h"

namespace cooc {
namespace {

constexpr char kNodeStyle[] = "\x1b[1;31m";
constexpr char kCollocateStyle[] = "\x1b[1;34m";
constexpr char kPlainStyle[] = "\x1b[0m";

// `text` escaped, with the `marks` in the collocate style if `highlight`;
// adds its columns to `*columns`.
std::string Styled(const std::string& text, const std::vector<TextSpan>& marks,
                   bool highlight, size_t* columns) {
  std::string out;
  size_t at = 0;
  const auto plain = [&](size_t end) {
    const std::string piece = DisplayEscape(text.substr(at, end - at));
    *columns += DisplayColumns(piece);
    out += piece;
  };
  for (const TextSpan& mark : marks) {
    plain(mark.first);
    const std::string piece =
        DisplayEscape(text.substr(mark.first, mark.second - mark.first));
    *columns += DisplayColumns(piece);
    if (highlight) {
      absl::StrAppend(&out, kCollocateStyle, piece, kPlainStyle);
    } else {
      out += piece;
    }
    at = mark.second;
  }
  plain(text.size());
  return out;
}

}  // namespace

std::string ConcordanceTableLine(const ConcordanceRow& row, int width,
                                 bool highlight, size_t place_columns) {
  std::string out = DisplayEscape(absl::StrCat(row.source, ":", row.line));
  const size_t place = DisplayColumns(out);
  out.append(place < place_columns ? place_columns - place + 2 : 2, ' ');
  // The node stands between single spaces: the contexts' own blanks next
  // to it go (the marks stay where they are in what is left).
  const std::string trimmed_left(absl::StripTrailingAsciiWhitespace(row.left));
  const absl::string_view right_view =
      absl::StripLeadingAsciiWhitespace(row.right);
  const size_t right_cut = row.right.size() - right_view.size();
  std::vector<TextSpan> right_marks;
  for (const TextSpan& mark : row.right_collocates) {
    right_marks.emplace_back(mark.first - right_cut, mark.second - right_cut);
  }
  size_t left_columns = 0;
  const std::string left =
      Styled(trimmed_left, row.left_collocates, highlight, &left_columns);
  const size_t pad = static_cast<size_t>(width);
  if (left_columns < pad) out.append(pad - left_columns, ' ');
  absl::StrAppend(&out, left, " ");
  const std::string node = DisplayEscape(row.node);
  if (highlight) {
    absl::StrAppend(&out, kNodeStyle, node, kPlainStyle);
  } else {
    out += node;
  }
  size_t right_columns = 0;
  absl::StrAppend(&out, " ",
                  Styled(std::string(right_view), right_marks, highlight,
                         &right_columns));
  while (!out.empty() && out.back() == ' ') out.pop_back();  // No trailing.
  out += '\n';
  return out;
}

std::string ConcordanceTable(const Concordance& concordance, int width,
                             bool highlight) {
  size_t place_columns = 0;
  for (const ConcordanceRow& row : concordance.rows) {
    place_columns = std::max(
        place_columns,
        DisplayColumns(DisplayEscape(absl::StrCat(row.source, ":", row.line))));
  }
  std::string out;
  for (const ConcordanceRow& row : concordance.rows) {
    out += ConcordanceTableLine(row, width, highlight, place_columns);
  }
  return out;
}

std::vector<std::string> ConcordanceColumns(bool collocate) {
  std::vector<std::string> columns = {"source", "line", "offset",
                                      "left",   "node", "right"};
  if (collocate) columns.push_back("cooccurrences");
  return columns;
}

std::vector<ReportCell> ConcordanceCells(const ConcordanceRow& row,
                                         bool collocate) {
  // Built one by one: an initializer list of variant cells, copied into
  // the vector, gave GCC 12 false -Wmaybe-uninitialized warnings.
  std::vector<ReportCell> cells;
  cells.reserve(7);
  cells.emplace_back(row.source);
  cells.emplace_back(row.line);
  cells.emplace_back(row.offset);
  cells.emplace_back(row.left);
  cells.emplace_back(row.node);
  cells.emplace_back(row.right);
  if (collocate) cells.emplace_back(row.cooccurrences);
  return cells;
}

Report ConcordanceReport(const Concordance& concordance) {
  const bool collocate = !concordance.collocate.empty();
  Report report(ConcordanceColumns(collocate));
  for (const ConcordanceRow& row : concordance.rows) {
    report.AddRow(ConcordanceCells(row, collocate));
  }
  return report;
}

std::vector<std::string> ConcordanceSummary(const Concordance& concordance) {
  const bool pairs = !concordance.collocate.empty();
  std::string what =
      pairs ? absl::StrCat("'", concordance.node, "' with '",
                           concordance.collocate, "'")
            : absl::StrCat("'", concordance.node, "'");
  std::string out;
  if (concordance.complete) {
    absl::StrAppend(&out, concordance.matches, " line(s) of ", what, " in ",
                    concordance.sources_read, " source(s)");
    if (concordance.shown < concordance.matches) {
      absl::StrAppend(&out, ", ", concordance.shown, " shown");
    }
    if (pairs) {
      absl::StrAppend(&out, "; ", concordance.cooccurrences,
                      " co-occurrence(s) as counted, the database has c = ",
                      concordance.stored_count);
    } else {
      absl::StrAppend(&out, "; the database has f = ",
                      concordance.stored_count);
    }
  } else if (concordance.limited) {
    absl::StrAppend(&out, "the first ", concordance.shown,
                    " line(s) of ", what,
                    " (the scan stopped at the limit; --limit 0 for all)");
  } else {
    absl::StrAppend(&out, concordance.shown, " line(s) of ", what,
                    " in the ", concordance.sources_read,
                    " source(s) read; not all of the text was read");
  }
  std::vector<std::string> lines = {out};
  for (const SkippedSource& skipped : concordance.skipped) {
    lines.push_back(absl::StrCat("skipped ", skipped.path, ": ", skipped.reason));
  }
  return lines;
}

}  // namespace cooc
