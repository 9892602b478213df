// cooc verify: checks a database's files and internal invariants.

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/count_store.h"
#include "cooc/report.h"
#include "cooc/verify.h"

namespace cooc {

int RunVerify(const std::vector<std::string>& args) {
  CommandLine command_line(
      "verify --db DIR [--format F]",
      "Checks every table file's block checksums and the database's\n"
      "invariants: totals against the sums of the counts, each term's\n"
      "marginals against its row and column sums, every id with a term that\n"
      "maps back to it. Prints 'ok' (exit 0), or each problem found with\n"
      "what was expected and what is stored (exit 1). Damaged files are\n"
      "reported on stderr (exit 1). Reads the whole database.",
      {DbFlag(), FormatFlag()});
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  if (!command_line.positional().empty()) {
    return command_line.UsageError("verify takes no arguments");
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());

  for (const std::string& removed :
       RemoveAbandonedBuilds(command_line.Get("db"))) {
    PrintMessage(absl::StrCat("removed ", removed,
                              ", a database its process (gone) did not finish "
                              "building"));
  }
  absl::StatusOr<std::unique_ptr<CountStore>> store = CountStore::Open(
      command_line.Get("db"), CountStore::Access::kReadOnly);
  if (!store.ok()) return RuntimeError(store.status());
  absl::StatusOr<VerifyReport> verified = VerifyStore(**store);
  if (!verified.ok()) return RuntimeError(verified.status());

  if (verified->ok()) {
    if (*format == OutputFormat::kTable) return WriteStdout("ok\n") ? 0 : 1;
    Report report({"status", "terms_checked", "pairs_checked"});
    report.AddRow({std::string("ok"), verified->terms_checked,
                   verified->pairs_checked});
    return WriteStdout(report.Render(*format)) ? 0 : 1;
  }
  Report report({"check", "subject", "expected", "found"});
  for (const VerifyProblem& problem : verified->problems) {
    report.AddRow({problem.check, problem.subject, problem.expected,
                   problem.found});
  }
  WriteStdout(report.Render(*format));
  return RuntimeError(absl::DataLossError(absl::StrCat(
      command_line.Get("db"), ": ", verified->problem_count,
      " problem(s) found", verified->problem_count > verified->problems.size()
          ? absl::StrCat(" (the first ", verified->problems.size(), " listed)")
          : "")));
}

}  // namespace cooc
