// The command line of one cooc subcommand: its flags, their help text and
// defaults, parsing, and the exit-code conventions (0 success, 1 runtime
// error, 2 usage error).
//
// Why not absl/flags: its flags are process-global, so every subcommand
// would accept (and --help would list) every other subcommand's flags, and
// absl 20220623 exits with status 1 on an unknown flag where cooc promises 2.

#ifndef COOC_TOOLS_COMMAND_LINE_H_
#define COOC_TOOLS_COMMAND_LINE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

struct FlagSpec {
  std::string name;        // Without the leading "--".
  std::string value_name;  // "N", "DIR", ...; empty for a boolean switch.
  std::string help;
  std::string default_value;  // Shown in --help and returned by Get().
};

class CommandLine {
 public:
  // `usage` is the synopsis after "cooc", `summary` a paragraph for --help.
  CommandLine(std::string usage, std::string summary,
              std::vector<FlagSpec> flags);

  // Parses `args` (everything after the subcommand name). Accepts
  // "--flag=value", "--flag value", "--switch", "-h"/"--help", and "--" to
  // end the flags. Returns InvalidArgument for an unknown flag (whose
  // message suggests the closest declared flag: "did you mean '--top'?") or
  // a missing value.
  absl::Status Parse(const std::vector<std::string>& args);

  // Parses `args` and handles what ends a command at once: a usage error,
  // --help, or a flag of `required` left out. Returns the exit status to end
  // with in those cases (after printing), nullopt when the command goes on.
  std::optional<int> Start(const std::vector<std::string>& args,
                           const std::vector<std::string>& required = {});

  bool help_requested() const { return help_requested_; }
  std::string Help() const;

  // True if the flag was given on the command line.
  bool Given(absl::string_view name) const;
  // The flag's value, or its default (the last value of a flag given more
  // than once).
  std::string Get(absl::string_view name) const;
  // Every value of a flag given once or more, in order; none if not given.
  std::vector<std::string> GetAll(absl::string_view name) const;
  // The flag's value as an integer in [min, max]; InvalidArgument otherwise.
  absl::StatusOr<int64_t> GetInt(absl::string_view name, int64_t min,
                                 int64_t max) const;
  // The flag's value as a count of at least `min` (up to INT64_MAX), into
  // `*value`; InvalidArgument otherwise (GetInt's message).
  absl::Status GetCount(absl::string_view name, uint64_t min,
                        uint64_t* value) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // Prints "cooc: `message`" and a pointer to --help; returns 2.
  int UsageError(absl::string_view message) const;

 private:
  const FlagSpec* Find(absl::string_view name) const;
  // " (did you mean '--flag'?)" for the declared flag closest to `name`
  // (given without its dashes), or "".
  std::string SuggestFlag(absl::string_view name) const;

  std::string usage_;
  std::string summary_;
  std::vector<FlagSpec> flags_;
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::vector<std::string>, std::less<>> all_values_;
  std::vector<std::string> positional_;
  bool help_requested_ = false;
};

// Prints "cooc: <message>" on stderr, escaped by DisplayEscape (report.h),
// so that a message naming a hostile term or path cannot drive the
// terminal.
void PrintMessage(absl::string_view message);

// Prints "cooc: <status message>" on stderr; returns 1.
int RuntimeError(const absl::Status& status);

// Writes `text` to standard output; returns false if that fails.
bool WriteStdout(absl::string_view text);

// Flags several subcommands share.
FlagSpec DbFlag();
FlagSpec FormatFlag();

}  // namespace cooc

#endif  // COOC_TOOLS_COMMAND_LINE_H_
