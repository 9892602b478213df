// cooc collocations: the best pairs of the whole corpus.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunCollocations(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "collocations --db DIR [options]";
  command.summary =
      "Lists the pairs of the whole corpus with the highest score by --measure,\n"
      "among pairs seen at least --min-count times, best first. In symmetric\n"
      "mode each unordered pair is listed once. Reads the shards in parallel\n"
      "on all cores. Memory stays bounded by --top (times the shards) and the\n"
      "vocabulary size, whatever the number of pairs."
      "\n\n" +
      std::string(kRankingColumnsHelp);
  command.flags = RankingFlags();
  command.answer = [](Query& query, const QueryOptions& options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<std::vector<ScoredPair>> pairs = query.Collocations(options);
    if (!pairs.ok()) return pairs.status();
    return PairReport(*pairs, options.measure, ExtraMeasures(command_line),
                      options.base);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
