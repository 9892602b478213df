// cooc ingest: add text, or count parts, to a database.

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/ingest.h"
#include "cooc/report.h"
#include "ingest_flags.h"

namespace cooc {

int RunIngest(const std::vector<std::string>& args) {
  std::vector<FlagSpec> flags = {DbFlag()};
  flags.push_back({"parts", "",
                   "the arguments are count parts (written by cooc count) to "
                   "add, in order, instead of text; they carry their "
                   "definition, so no counting or tokenizer flags go with them",
                   ""});
  for (FlagSpec& flag : DefinitionFlags()) flags.push_back(std::move(flag));
  for (FlagSpec& flag : CountingFlags()) flags.push_back(std::move(flag));
  flags.push_back(FormatFlag());
  CommandLine command_line(
      "ingest --db DIR [options] FILE...|-\n"
      "       cooc ingest --db DIR --parts PART...",
      "Tokenizes the text of each FILE (- for standard input), counts the\n"
      "pairs of every window and adds them to the database in one atomic\n"
      "commit, creating the database if DIR is absent or empty. Text is read\n"
      "as UTF-8 (UTF-16 or UTF-32 if it starts with their byte-order mark);\n"
      "a FILE that does not look like UTF-8 is refused with a guess of its\n"
      "encoding: give it with --encoding NAME (GB18030, Big5, Shift_JIS,\n"
      "latin1, ...; per call, not stored: files in different encodings may\n"
      "go into one database), or --encoding utf-8 to count it as it is,\n"
      "invalid sequences replaced. On an existing\n"
      "database, options left out take the stored values and options that\n"
      "contradict them are an error. A FILE whose content the database has\n"
      "counted before is skipped (see cooc sources). With --parts, adds count\n"
      "parts instead, in the order given, in one atomic commit: the result is\n"
      "exactly that of ingesting their texts in that order; a part whose\n"
      "definition differs from the database's, or one with an input the\n"
      "database has counted (unless --force), is refused and nothing is\n"
      "written. Ctrl-C (SIGINT) or SIGTERM stops it and leaves the database\n"
      "unchanged (exit status 130 or 143). Prints a summary.",
      flags);
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  const bool parts = command_line.Given("parts");
  if (command_line.positional().empty()) {
    return command_line.UsageError(parts ? "no count parts given"
                                         : "no input files (use - for stdin)");
  }
  if (parts && AnyDefinitionFlag(command_line)) {
    return command_line.UsageError(
        "count parts carry their definition: give no counting or tokenizer "
        "options with --parts");
  }
  if (parts && command_line.Given("encoding")) {
    return command_line.UsageError(
        "count parts hold counts, not text: --encoding goes with cooc count");
  }
  OutputFormat format;
  IngestOptions options;
  if (std::optional<int> done =
          CountingCommandOptions(command_line, &format, &options)) {
    return *done;
  }

  absl::StatusOr<IngestSummary> summary =
      parts ? IngestParts(command_line.Get("db"), command_line.positional(),
                          options)
            : Ingest(command_line.Get("db"), command_line.positional(), options);
  if (options.progress) std::fputs("\n", stderr);
  if (std::optional<int> interrupted =
          InterruptedExit(summary.status(), "DB is unchanged")) {
    return *interrupted;
  }
  if (!summary.ok()) return RuntimeError(summary.status());
  NoteLateInterrupt();
  PrintInputNotes(summary->skipped, summary->invalid_utf8, summary->unit_cuts,
                  summary->store);
  PrintMemoryNote(summary->vocabulary_bytes, summary->memory_needed_mb,
                  options.memory_mb);
  return WriteStdout(IngestReport(*summary).Render(format)) ? 0 : 1;
}

}  // namespace cooc
