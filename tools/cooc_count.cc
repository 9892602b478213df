// cooc count: count text into a count part file, without a database.

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/count.h"
#include "cooc/report.h"
#include "ingest_flags.h"

namespace cooc {

int RunCount(const std::vector<std::string>& args) {
  std::vector<FlagSpec> flags = {
      {"out", "PART", "the count part file to write (replaced if it exists)",
       ""}};
  for (FlagSpec& flag : DefinitionFlags()) flags.push_back(std::move(flag));
  for (FlagSpec& flag : CountingFlags()) flags.push_back(std::move(flag));
  flags.push_back(FormatFlag());
  CommandLine command_line(
      "count --out PART [options] FILE...|-",
      "Tokenizes and counts the text of each FILE (- for standard input;\n"
      "UTF-8, or as --encoding says) exactly as cooc ingest does, and writes the result to the count\n"
      "part PART instead of a database: the definition, the part's own\n"
      "vocabulary, frequencies, totals, pair counts and the journal entries\n"
      "of its inputs, in a checksummed file. 'cooc ingest --db DIR --parts\n"
      "PART...' adds parts to a database with exactly the result of\n"
      "ingesting their texts there. Needs no database; the options are\n"
      "ingest's (unset ones take the defaults of a new database). PART\n"
      "appears only when complete; Ctrl-C (SIGINT) or SIGTERM stops it\n"
      "without writing it (exit status 130 or 143). Prints a summary.",
      flags);
  if (std::optional<int> done = command_line.Start(args, {"out"})) return *done;
  if (command_line.positional().empty()) {
    return command_line.UsageError("no input files (use - for stdin)");
  }
  if (command_line.Get("out").empty()) {
    return command_line.UsageError("--out needs a file name");
  }
  OutputFormat format;
  IngestOptions options;
  if (std::optional<int> done =
          CountingCommandOptions(command_line, &format, &options)) {
    return *done;
  }
  absl::StatusOr<CountSummary> summary =
      CountToPart(command_line.Get("out"), command_line.positional(), options);
  if (options.progress) std::fputs("\n", stderr);
  if (std::optional<int> interrupted =
          InterruptedExit(summary.status(), "no part was written")) {
    return *interrupted;
  }
  if (!summary.ok()) return RuntimeError(summary.status());
  NoteLateInterrupt();
  PrintInputNotes(summary->skipped, summary->invalid_utf8, summary->unit_cuts,
                  summary->definition);
  PrintMemoryNote(summary->vocabulary_bytes, summary->memory_needed_mb,
                  options.memory_mb);
  return WriteStdout(CountReport(command_line.Get("out"), *summary)
                         .Render(format))
             ? 0
             : 1;
}

}  // namespace cooc
