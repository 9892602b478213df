// cooc concordance: the lines behind a count, as keyword-in-context rows.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "cooc/concordance.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"
#include "query_command.h"

namespace cooc {
namespace {

// Whether to color the table: --color always/never, or auto (a terminal
// and no NO_COLOR in the environment).
absl::StatusOr<bool> Highlight(const std::string& color) {
  if (color == "always") return true;
  if (color == "never") return false;
  if (color == "auto") {
    return isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--color takes auto, always or never, not '", color, "'"));
}

absl::StatusOr<ConcordanceOptions> OptionsFromFlags(
    const CommandLine& command_line) {
  ConcordanceOptions options;
  options.node = command_line.positional()[0];
  if (command_line.positional().size() > 1) {
    options.collocate = command_line.positional()[1];
  }
  absl::StatusOr<int64_t> width = command_line.GetInt("width", 0, 1000);
  if (!width.ok()) return width.status();
  options.width = static_cast<int>(*width);
  absl::StatusOr<int64_t> limit = command_line.GetInt("limit", 0, INT64_MAX);
  if (!limit.ok()) return limit.status();
  options.limit = static_cast<size_t>(*limit);
  absl::StatusOr<int64_t> threads = command_line.GetInt("threads", 0, 256);
  if (!threads.ok()) return threads.status();
  options.threads = static_cast<int>(*threads);
  absl::StatusOr<ConcordanceSort> sort =
      ParseConcordanceSort(command_line.Get("sort"));
  if (!sort.ok()) return sort.status();
  options.sort = *sort;
  options.from = command_line.GetAll("from");
  options.encoding = command_line.Get("encoding");
  return options;
}

}  // namespace

int RunConcordance(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "concordance --db DIR NODE [COLLOCATE] [options]";
  command.summary =
      "Keyword in context: the lines where NODE occurs, with COLLOCATE only\n"
      "those where the two co-occur exactly as the database counted them\n"
      "(within its window on the same line, the collocate after the node in\n"
      "an --ordered database, or in the same sentence or line unit), as\n"
      "aligned rows: source:line, the left context, the node, the right\n"
      "context. On a terminal the node is red and the collocates blue.\n"
      "It reads the inputs the journal records (see `cooc sources`), each\n"
      "checked against its recorded size and content hash: an input that is\n"
      "gone or changed is named on stderr and skipped, never quoted. Give\n"
      "the text with --from when it was standard input or lives elsewhere.\n"
      "Lines are tokenized with the database's own settings; a database\n"
      "built with --dict or a stopword file needs the same file again.\n"
      "stderr says how many lines were found and, with COLLOCATE, their\n"
      "co-occurrences against the stored c(NODE, COLLOCATE). The scan runs\n"
      "on all cores and, without --sort, stops after --limit rows.\n"
      "Formats tsv, json and csv give source, line, offset (byte of the\n"
      "line), left, node, right (and cooccurrences with COLLOCATE).";
  command.terms = 1;
  command.optional_terms = 1;
  command.flags = {
      {"width", "N", "context on each side, in columns (0..1000)", "40"},
      {"limit", "N", "at most N rows (0: all)", "25"},
      {"sort", "KEY",
       "none (input order), left or right (by the words on that side, "
       "nearest first)",
       "none"},
      {"from", "FILE",
       "read FILE instead of the journal's inputs (repeat for several; - "
       "for stdin)",
       ""},
      {"encoding", "NAME", "the inputs' encoding, as ingest's --encoding", ""},
      {"dict", "FILE", "the dictionary the database was built with", ""},
      {"stopwords", "FILE",
       "the stopword file the database was built with (built-in lists are "
       "found by name)",
       ""},
      {"threads", "N", "worker threads (0: one per core)", "0"},
      {"color", "WHEN", "highlight: auto, always or never", "auto"},
  };
  command.check_flags = [](const CommandLine& command_line) -> absl::Status {
    absl::Status valid = OptionsFromFlags(command_line).status();
    if (valid.ok()) valid = Highlight(command_line.Get("color")).status();
    return valid;
  };
  command.answer_text = [](Query& query, const CommandLine& command_line,
                           OutputFormat format) -> absl::StatusOr<std::string> {
    absl::StatusOr<ConcordanceOptions> options = OptionsFromFlags(command_line);
    if (!options.ok()) return options.status();
    if (command_line.Given("dict")) {
      absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
          UserDictionary::Load(command_line.Get("dict"));
      if (!dictionary.ok()) return dictionary.status();
      options->dictionary = *dictionary;
    }
    if (command_line.Given("stopwords")) {
      absl::StatusOr<std::shared_ptr<const StopwordList>> stopwords =
          StopwordList::Open(command_line.Get("stopwords"));
      if (!stopwords.ok()) return stopwords.status();
      options->stopwords = *stopwords;
    }
    // Rows are written as they come: memory stays bounded however many
    // there are. The place column is padded for the longest source path
    // and a 7-digit line number, so that it stays aligned.
    const bool highlight = *Highlight(command_line.Get("color"));
    const bool collocate = !options->collocate.empty();
    size_t place_columns = 0;
    std::vector<std::string> sources = options->from;
    if (sources.empty()) {
      absl::StatusOr<std::vector<JournalEntry>> journal =
          query.store().ReadJournal();
      if (!journal.ok()) return journal.status();
      for (const JournalEntry& entry : *journal) sources.push_back(entry.path);
    }
    for (const std::string& source : sources) {
      place_columns = std::max(place_columns, source.size() + 8);
    }
    bool header = format == OutputFormat::kTable;
    const auto write = [](const std::string& text) -> absl::Status {
      if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
        return absl::UnavailableError("cannot write to standard output");
      }
      return absl::OkStatus();
    };
    absl::StatusOr<Concordance> concordance = FindConcordance(
        query, *options, [&](const ConcordanceRow& row) -> absl::Status {
          if (format == OutputFormat::kTable) {
            return write(ConcordanceTableLine(row, options->width, highlight,
                                              place_columns));
          }
          Report one(ConcordanceColumns(collocate));
          if (!header) {
            header = true;
            if (absl::Status status = write(one.RenderHeader(format));
                !status.ok()) {
              return status;
            }
          }
          one.AddRow(ConcordanceCells(row, collocate));
          return write(one.RenderRows(format));
        });
    if (!concordance.ok()) return concordance.status();
    if (!header) {  // No row: the header alone.
      if (absl::Status status =
              write(Report(ConcordanceColumns(collocate)).RenderHeader(format));
          !status.ok()) {
        return status;
      }
    }
    std::fflush(stdout);
    for (const std::string& line : ConcordanceSummary(*concordance)) {
      PrintMessage(line);
    }
    return std::string();
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
