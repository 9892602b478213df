// cooc pair: one pair's contingency table and every measure.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunPair(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "pair --db DIR [options] X Y";
  command.summary =
      "Prints the contingency table of the pair (X, Y): o11 = c(X,Y), r1 =\n"
      "c(X,*), c1 = c(*,Y), n = all pair events (or NLTK's unigram marginals,\n"
      "with --marginals unigram), and every association measure computed from\n"
      "it. Terms are normalized as the text was. A pair never seen has o11 = 0\n"
      "(pmi = -inf, unless --add-k). Exit status 1 if a term is unknown.\n"
      "r1 and c1 are pair-event marginals, not word frequencies: fx and fy\n"
      "are the words' token frequencies f(X) and f(Y).";
  command.flags = {LogBaseFlag()};
  for (FlagSpec& flag : TableFlags()) command.flags.push_back(std::move(flag));
  command.terms = 2;
  command.answer = [](Query& query, const QueryOptions& options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    const std::vector<std::string>& terms = command_line.positional();
    absl::StatusOr<PairTable> pair = query.Pair(terms[0], terms[1], options);
    if (!pair.ok()) return pair.status();
    return FullPairReport(*pair, options.base);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
