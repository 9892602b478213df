// cooc stats: corpus totals and the database's settings.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunStats(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "stats --db DIR [--base B] [--format F]";
  command.summary =
      "Prints the corpus totals (tokens, types, pair events N, distinct pairs,\n"
      "lines), the settings the database was built with (window, mode, shards,\n"
      "tokenizer), the database's size on disk in bytes, and the information\n"
      "of the left word L and right word R of a pair event: H(L), H(R),\n"
      "H(L,R), H(L|R), H(R|L), I(L;R) and I/sqrt(H(L)H(R)), in base --base\n"
      "(this reads every pair count).";
  command.flags = {LogBaseFlag()};
  command.answer = [](Query& query, const QueryOptions& options,
                      const std::vector<std::string>&) -> absl::StatusOr<Report> {
    absl::StatusOr<CorpusStats> stats = query.Stats(options.base);
    if (!stats.ok()) return stats.status();
    return StatsReport(*stats);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
