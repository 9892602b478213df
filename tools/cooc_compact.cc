// cooc compact: merges every column family of a database into fully merged
// values (CountStore::Compact), or with --maintain applies only the bounded
// maintenance step (CountStore::Maintain), and prints what it did.

#include <chrono>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/count_store.h"
#include "cooc/report.h"

namespace cooc {

int RunCompact(const std::vector<std::string>& args) {
  CommandLine command_line(
      "compact --db DIR [--maintain] [--format F]",
      "Merges each column family of the database into one sorted run of\n"
      "fully merged values, so reads merge nothing and the distinct pairs are\n"
      "known from the table files. Prints, per family, the table files,\n"
      "sorted runs and bytes before and after, and the seconds it took.\n"
      "Takes the database's write lock (fails while an ingest runs); queries\n"
      "may run meanwhile. Safe to kill: RocksDB switches from the old files\n"
      "to the new ones in one step, so the database stays as it was or is\n"
      "compacted. Takes time proportional to the database's size.\n"
      "\n"
      "With --maintain, only the maintenance step an ingest needs after each\n"
      "commit: per family, merge the pending deltas among themselves when\n"
      "there are more than 4 runs of them, or the whole family when they\n"
      "outgrow its base; the vocabulary, terms and marginals wholly while\n"
      "they hold at most 32 MiB (see CountStore::Maintain). Cheap when\n"
      "nothing needs merging.",
      {DbFlag(),
       {"maintain", "", "only the bounded maintenance step, not a full merge",
        ""},
       FormatFlag()});
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  if (!command_line.positional().empty()) {
    return command_line.UsageError("compact takes no arguments");
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());

  absl::StatusOr<std::unique_ptr<CountStore>> store =
      CountStore::Open(command_line.Get("db"), CountStore::Access::kReadWrite);
  if (!store.ok()) return RuntimeError(store.status());
  absl::StatusOr<std::vector<FamilyLayout>> before = (*store)->Layout();
  if (!before.ok()) return RuntimeError(before.status());
  const auto start = std::chrono::steady_clock::now();
  const bool maintain_only = command_line.Given("maintain");
  if (absl::Status compacted =
          maintain_only ? (*store)->Maintain() : (*store)->Compact();
      !compacted.ok()) {
    return RuntimeError(compacted);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  absl::StatusOr<std::vector<FamilyLayout>> after = (*store)->Layout();
  if (!after.ok()) return RuntimeError(after.status());

  Report report({"family", "files_before", "files_after", "runs_before",
                 "runs_after", "bytes_before", "bytes_after", "seconds"});
  // One row per family, then their sums ("all"), which alone carries the
  // seconds (Compact merges all families in one call).
  uint64_t files_before = 0, files_after = 0, bytes_before = 0, bytes_after = 0,
           runs_before = 0, runs_after = 0;
  for (size_t i = 0; i < before->size() && i < after->size(); ++i) {
    const FamilyLayout& b = (*before)[i];
    const FamilyLayout& a = (*after)[i];
    files_before += b.files;
    files_after += a.files;
    bytes_before += b.bytes;
    bytes_after += a.bytes;
    runs_before += b.sorted_runs;
    runs_after += a.sorted_runs;
    report.AddRow({b.family, b.files, a.files,
                   static_cast<uint64_t>(b.sorted_runs),
                   static_cast<uint64_t>(a.sorted_runs), b.bytes, a.bytes,
                   std::string()});
  }
  report.AddRow({std::string("all"), files_before, files_after, runs_before,
                 runs_after, bytes_before, bytes_after, seconds});
  return WriteStdout(report.Render(*format)) ? 0 : 1;
}

}  // namespace cooc
