// cooc stats: corpus totals and the database's settings.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunStats(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "stats --db DIR [--format F]";
  command.summary =
      "Prints the corpus totals (tokens, types, pair events N, distinct pairs,\n"
      "lines), the settings the database was built with (window, mode, shards,\n"
      "tokenizer) and the database's size on disk in bytes.";
  command.answer = [](Query& query, const QueryOptions&,
                      const std::vector<std::string>&) -> absl::StatusOr<Report> {
    absl::StatusOr<CorpusStats> stats = query.Stats();
    if (!stats.ok()) return stats.status();
    return StatsReport(*stats);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
