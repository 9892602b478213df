// cooc assoc: the best associates of one term, or of many in one process.

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunAssoc(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "assoc --db DIR [options] TERM... | --terms-from FILE";
  command.summary =
      "Lists the partners y of TERM (pairs (TERM, y)) with the highest score\n"
      "by --measure, among pairs seen at least --min-count times, best first.\n"
      "Reads only TERM's range of its shard. In an --ordered database\n"
      "--side says which neighbours: right, the words after TERM (pairs\n"
      "(TERM, y)); left, the words before it (pairs (x, TERM), read from the\n"
      "database's index by right word); both (the default), ranked together,\n"
      "each pair with its own table (x and y say which is which). A symmetric\n"
      "database counts both orders in every pair: only both.\n"
      "With several terms (or\n"
      "--terms-from) the rows of each term follow one another in one report\n"
      "whose first column, term, is the query term as given; an unknown term\n"
      "is named on stderr and the others are answered. Exit status 1 if a\n"
      "TERM is unknown."
      "\n\n" +
      std::string(kRankingColumnsHelp);
  command.flags = RankingFlags();
  command.flags.push_back(
      {"side", "SIDE",
       "ordered databases: both, left (words before TERM) or right (after)",
       "both"});
  command.term_list = true;
  // Whether a term of a list was unknown: the others are printed, and the
  // exit status is 1.
  bool some_unknown = false;
  command.answer = [&some_unknown](Query& query, const QueryOptions& options,
                                   const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<std::vector<std::string>> terms = QueryTerms(command_line);
    if (!terms.ok()) return terms.status();
    const std::vector<Measure> also = ExtraMeasures(command_line);
    const bool batch = terms->size() > 1 || command_line.Given("terms-from");
    if (!batch) {
      absl::StatusOr<std::vector<ScoredPair>> pairs =
          query.Associates(terms->front(), options);
      if (!pairs.ok()) return pairs.status();
      return PairReport(*pairs, options.measure, also, options.base);
    }
    std::vector<std::pair<std::string, std::vector<ScoredPair>>> answers;
    for (const std::string& term : *terms) {
      absl::StatusOr<std::vector<ScoredPair>> pairs =
          query.Associates(term, options);
      if (absl::IsNotFound(pairs.status())) {
        // This term only: the others are still answered.
        PrintMessage(std::string(pairs.status().message()));
        some_unknown = true;
        continue;
      }
      if (!pairs.ok()) return pairs.status();
      answers.emplace_back(term, *std::move(pairs));
    }
    return BatchPairReport(answers, options.measure, also, options.base);
  };
  const int status = RunQueryCommand(command, args);
  return status == 0 && some_unknown ? 1 : status;
}

}  // namespace cooc
