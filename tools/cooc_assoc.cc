// cooc assoc: the best associates of one term.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunAssoc(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "assoc --db DIR [options] TERM";
  command.summary =
      "Lists the partners y of TERM (pairs (TERM, y)) with the highest score\n"
      "by --measure, among pairs seen at least --min-count times, best first.\n"
      "Reads only TERM's range of its shard. Exit status 1 if TERM is unknown.";
  command.flags = RankingFlags();
  command.terms = 1;
  command.answer = [](Query& query, const QueryOptions& options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<std::vector<ScoredPair>> pairs =
        query.Associates(command_line.positional()[0], options);
    if (!pairs.ok()) return pairs.status();
    return PairReport(*pairs, options.measure);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
