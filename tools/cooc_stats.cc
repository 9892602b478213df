// cooc stats: corpus totals and the database's settings, and with
// --information the information of the pair events.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunStats(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "stats --db DIR [--information] [--base B] [--format F]";
  command.summary =
      "Prints the corpus totals (tokens, types, pair events N, distinct pairs,\n"
      "lines), the settings the database was built with (window, mode, shards,\n"
      "tokenizer) and the database's size on disk in bytes. This reads no pair\n"
      "count and takes milliseconds. The distinct pairs are known from the\n"
      "table files unless commits adding to existing pairs are not merged yet:\n"
      "then they print as 'unknown until compaction (cooc compact)' (TSV:\n"
      "unknown, JSON: null).\n"
      "\n"
      "With --information, also the information of the left word L and right\n"
      "word R of a pair event: H(L), H(R), H(L,R), H(L|R), H(R|L), I(L;R) and\n"
      "I/sqrt(H(L)H(R)), in base --base. That reads every pair count (on all\n"
      "cores), so it takes time proportional to the number of distinct pairs;\n"
      "it also counts the distinct pairs exactly.";
  command.flags = {
      {"information", "",
       "also compute the entropies and I(L;R) (scans every pair)", ""},
      LogBaseFlag()};
  command.answer = [](Query& query, const QueryOptions& options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    const StatsScope scope = command_line.Given("information")
                                 ? StatsScope::kInformation
                                 : StatsScope::kTotals;
    absl::StatusOr<CorpusStats> stats = query.Stats(scope, options.base);
    if (!stats.ok()) return stats.status();
    return StatsReport(*stats);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
