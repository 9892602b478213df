// cooc concordance: the lines behind a count, as keyword-in-context rows.

#include <unistd.h>

#include <cstdlib>

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
    absl::StatusOr<Concordance> concordance = FindConcordance(query, *options);
    if (!concordance.ok()) return concordance.status();
    PrintMessage(ConcordanceSummary(*concordance));
    if (format != OutputFormat::kTable) {
      return ConcordanceReport(*concordance).Render(format);
    }
    return ConcordanceTable(*concordance, options->width,
                            *Highlight(command_line.Get("color")));
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
