// cooc merge: combine databases of one definition into a new one.

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/merge.h"
#include "cooc/report.h"
#include "ingest_flags.h"
#include "interrupts.h"

namespace cooc {

int RunMerge(const std::vector<std::string>& args) {
  const MergeOptions defaults;
  CommandLine command_line(
      "merge --db OUT [options] IN.db...",
      "Writes a new database OUT that holds the counts of every IN database,\n"
      "exactly as if all their inputs had been ingested into one database in\n"
      "the order given (each IN's ingests in its own order): counts,\n"
      "marginals, totals, vocabulary ids and the journal, which is the union\n"
      "of theirs. The inputs must have one definition (window, mode, unit,\n"
      "shards, tokenizer); each is locked while it is read, so one that\n"
      "another process is writing is refused, and none is changed. An input\n"
      "text recorded in two of the databases (the same content) would be\n"
      "counted twice: merge refuses it and names it, unless --force. OUT must\n"
      "not exist (or be an empty directory); it appears complete or not at\n"
      "all. Ctrl-C (SIGINT) or SIGTERM stops it and leaves no OUT (exit\n"
      "status 130 or 143).",
      {{"db", "OUT", "the new database to write", ""},
       {"threads", "N", "threads for writing the shards; 0 = one per core",
        absl::StrCat(defaults.threads)},
       {"memory", "MB",
        "memory budget in MiB: the re-sorted pairs kept in memory beside "
        "the inputs' vocabularies; beyond it they spill to disk (same "
        "result); the vocabularies are not spilled, and if they outgrow the "
        "budget a note on stderr gives one that holds them",
        absl::StrCat(defaults.memory_mb)},
       {"force", "",
        "merge even if two inputs counted the same text (it is then counted "
        "twice)",
        ""},
       {"quiet", "", "no progress line", ""},
       {"progress", "", "progress line even when stderr is not a terminal", ""},
       FormatFlag()});
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  if (command_line.positional().empty()) {
    return command_line.UsageError("no databases to merge");
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());
  MergeOptions options;
  absl::StatusOr<int64_t> threads = command_line.GetInt("threads", 0, 256);
  if (!threads.ok()) return command_line.UsageError(threads.status().message());
  options.threads = static_cast<int>(*threads);
  absl::StatusOr<int64_t> memory =
      command_line.GetInt("memory", 16, int64_t{1} << 30);
  if (!memory.ok()) return command_line.UsageError(memory.status().message());
  options.memory_mb = static_cast<uint64_t>(*memory);
  options.force = command_line.Given("force");
  const bool show_progress =
      !command_line.Given("quiet") &&
      (command_line.Given("progress") || isatty(STDERR_FILENO));
  if (show_progress) {
    options.progress = [](size_t read, size_t inputs, double seconds) {
      std::fprintf(stderr, "\rread %zu of %zu databases, %.1f s elapsed  ",
                   read, inputs, seconds);
    };
  }
  StopOnInterrupt();
  options.stop = &interrupt_requested;
  absl::StatusOr<MergeSummary> summary = MergeDatabases(
      command_line.Get("db"), command_line.positional(), options);
  if (show_progress) std::fputs("\n", stderr);
  if (std::optional<int> interrupted =
          InterruptedExit(summary.status(), "OUT was not written")) {
    return *interrupted;
  }
  if (!summary.ok()) return RuntimeError(summary.status());
  NoteLateInterrupt();
  PrintMemoryNote(summary->vocabulary_bytes, summary->memory_needed_mb,
                  options.memory_mb);
  return WriteStdout(MergeReport(*summary).Render(*format)) ? 0 : 1;
}

}  // namespace cooc
