// cooc sources: the journal of what a database has counted.

#include "commands.h"
#include "query_command.h"

namespace cooc {

int RunSources(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage = "sources --db DIR [--format F]";
  command.summary =
      "Lists the inputs the database has counted, in commit order: the\n"
      "ingest that counted each, when it committed (UTC), its size in bytes,\n"
      "its content hash (0 for standard input) and its path as given. An\n"
      "input with a listed content is skipped by later ingests unless they\n"
      "are given --force.";
  command.answer = [](Query& query, const QueryOptions&,
                      const CommandLine&) -> absl::StatusOr<Report> {
    absl::StatusOr<std::vector<JournalEntry>> journal =
        query.store().ReadJournal();
    if (!journal.ok()) return journal.status();
    return SourcesReport(*journal);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
