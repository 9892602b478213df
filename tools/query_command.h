// What the query subcommands (stats, pair, assoc, collocations) share:
// --db, --format and the ranking flags, opening the database, printing the
// report, and the exit-status conventions.

#ifndef COOC_TOOLS_QUERY_COMMAND_H_
#define COOC_TOOLS_QUERY_COMMAND_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "command_line.h"
#include "cooc/query.h"
#include "cooc/report.h"

namespace cooc {

struct QueryCommand {
  std::string usage;
  std::string summary;
  // Flags besides --db and --format.
  std::vector<FlagSpec> flags;
  // Number of positional arguments (terms) the command takes, and how many
  // more it may take.
  size_t terms = 0;
  size_t optional_terms = 0;
  // Whether it takes a list of terms instead: one or more positional terms
  // and those of --terms-from FILE (which it then declares), in that order.
  bool term_list = false;
  // Whether the command reads --measure, --top and --min-freq itself (as
  // keyness and features do, whose measures are not QueryOptions'); --base
  // still fills QueryOptions::base.
  bool own_ranking = false;
  // Checks the command's own flags before the database is opened: an error
  // is a usage error (exit status 2). Default: none.
  std::function<absl::Status(const CommandLine& command_line)> check_flags;
  // Answers the query; `options` is filled from the ranking flags present,
  // the terms are `command_line.positional()`, and the command's own
  // flags are read from `command_line`.
  std::function<absl::StatusOr<Report>(Query& query,
                                       const QueryOptions& options,
                                       const CommandLine& command_line)>
      answer;
  // Answers and renders in one (a command whose table format is its own);
  // when set, `answer` is not used. Returns the text for standard output.
  std::function<absl::StatusOr<std::string>(
      Query& query, const CommandLine& command_line, OutputFormat format)>
      answer_text;
};

// --base, with the list of what it applies to.
FlagSpec LogBaseFlag();
// The --marginals, --add-k and --cds flags with QueryOptions' defaults.
std::vector<FlagSpec> TableFlags();
// The --measure, --top, --min-count and --base flags and TableFlags(), with
// QueryOptions' defaults.
std::vector<FlagSpec> RankingFlags();

// The --help paragraph of assoc's and collocations' columns (r1 and c1 are
// pair-event marginals, fx and fy word frequencies).
inline constexpr char kRankingColumnsHelp[] =
    "Columns: x, y; the table o11 = c(x,y), r1 = c(x,*), c1 = c(*,y) and\n"
    "n, whose r1 and c1 are pair-event marginals (the pairs a word is in,\n"
    "up to 2W times its frequency in a window of W), not word frequencies;\n"
    "fx and fy, the words' token frequencies f(x) and f(y) (as vocab\n"
    "lists them); then the measures.";

// The --top count (0 or more; 0: all) and the count of `minimum_flag` (1 or
// more) of the commands that rank a whole vocabulary (vocab, keyness,
// features). InvalidArgument for a bad value.
absl::Status ReadTopAndMinimum(const CommandLine& command_line,
                               absl::string_view minimum_flag, uint64_t* top,
                               uint64_t* minimum);

// --measures: extra measure columns besides the ranking one.
FlagSpec MeasuresFlag();
// The measures of --measures (none if not given). REQUIRES: the flag's
// value parses, which RunQueryCommand checks before answering.
std::vector<Measure> ExtraMeasures(const CommandLine& command_line);

// The query terms of a command with `term_list`: the positional ones, then
// the lines of --terms-from FILE ("-" for standard input; blank lines and
// surrounding whitespace ignored). Errors: the file's.
absl::StatusOr<std::vector<std::string>> QueryTerms(
    const CommandLine& command_line);

// Parses `args` for `command`, opens the database, answers and prints.
int RunQueryCommand(const QueryCommand& command,
                    const std::vector<std::string>& args);

}  // namespace cooc

#endif  // COOC_TOOLS_QUERY_COMMAND_H_
