#include "command_line.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cooc/close_words.h"
#include "cooc/report.h"

namespace cooc {

CommandLine::CommandLine(std::string usage, std::string summary,
                         std::vector<FlagSpec> flags)
    : usage_(std::move(usage)),
      summary_(std::move(summary)),
      flags_(std::move(flags)) {}

const FlagSpec* CommandLine::Find(absl::string_view name) const {
  for (const FlagSpec& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::string CommandLine::SuggestFlag(absl::string_view name) const {
  std::vector<std::string> names;
  for (const FlagSpec& flag : flags_) names.push_back("--" + flag.name);
  names.push_back("--help");
  const std::string given = absl::StrCat("--", name);
  // A flag given exactly but with one dash, or within two edits.
  for (const std::string& candidate : names) {
    if (candidate == given) return DidYouMean({candidate});
  }
  // One edit for a name of up to three characters, so that "--x" does not
  // suggest every short flag.
  return DidYouMean(ClosestWords(given, names, 1, name.size() <= 3 ? 1 : 2));
}

absl::Status CommandLine::Parse(const std::vector<std::string>& args) {
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || !absl::StartsWith(arg, "-")) {
      positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help_requested_ = true;
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      // "-top 5" for "--top 5": suggest the flag it would be with two dashes.
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown option ", arg,
          SuggestFlag(absl::string_view(arg).substr(1, arg.find('=') - 1))));
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    std::string value;
    const size_t equals = body.find('=');
    const bool inline_value = equals != absl::string_view::npos;
    const absl::string_view name = inline_value ? body.substr(0, equals) : body;
    const FlagSpec* flag = Find(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option --", name, SuggestFlag(name)));
    }
    if (flag->value_name.empty()) {
      if (inline_value) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " takes no value"));
      }
      value = "true";
    } else if (inline_value) {
      value = std::string(body.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " needs a value (", flag->value_name, ")"));
    }
    all_values_[std::string(name)].push_back(value);
    values_[std::string(name)] = std::move(value);
  }
  return absl::OkStatus();
}

std::optional<int> CommandLine::Start(const std::vector<std::string>& args,
                                      const std::vector<std::string>& required) {
  if (absl::Status parsed = Parse(args); !parsed.ok()) {
    return UsageError(parsed.message());
  }
  if (help_requested_) return WriteStdout(Help()) ? 0 : 1;
  for (const std::string& name : required) {
    if (!Given(name) || Get(name).empty()) {
      return UsageError(absl::StrCat("--", name, " ", Find(name)->value_name,
                                     " is required"));
    }
  }
  return std::nullopt;
}

std::string CommandLine::Help() const {
  std::string text = absl::StrCat("usage: cooc ", usage_, "\n\n", summary_,
                                  "\n\noptions:\n");
  for (const FlagSpec& flag : flags_) {
    std::string left = absl::StrCat("  --", flag.name);
    if (!flag.value_name.empty()) absl::StrAppend(&left, " ", flag.value_name);
    if (left.size() < 24) left.resize(24, ' ');
    else left += "\n" + std::string(24, ' ');
    absl::StrAppend(&text, left, flag.help);
    if (!flag.default_value.empty() && !flag.value_name.empty()) {
      absl::StrAppend(&text, " (default: ", flag.default_value, ")");
    }
    text += "\n";
  }
  absl::StrAppend(&text, "  -h, --help            show this help\n");
  return text;
}

bool CommandLine::Given(absl::string_view name) const {
  return values_.find(name) != values_.end();
}

std::string CommandLine::Get(absl::string_view name) const {
  auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  const FlagSpec* flag = Find(name);
  return flag == nullptr ? "" : flag->default_value;
}

std::vector<std::string> CommandLine::GetAll(absl::string_view name) const {
  auto it = all_values_.find(name);
  return it == all_values_.end() ? std::vector<std::string>() : it->second;
}

absl::StatusOr<int64_t> CommandLine::GetInt(absl::string_view name,
                                            int64_t min, int64_t max) const {
  const std::string text = Get(name);
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " must be a whole number from ", min, " to ",
                     max, ", not '", text, "'"));
  }
  return value;
}

absl::Status CommandLine::GetCount(absl::string_view name, uint64_t min,
                                   uint64_t* value) const {
  absl::StatusOr<int64_t> count =
      GetInt(name, static_cast<int64_t>(min), INT64_MAX);
  if (!count.ok()) return count.status();
  *value = static_cast<uint64_t>(*count);
  return absl::OkStatus();
}

int CommandLine::UsageError(absl::string_view message) const {
  PrintMessage(message);
  std::fprintf(stderr, "usage: cooc %s\n(see cooc %s --help)\n",
               usage_.c_str(), usage_.substr(0, usage_.find(' ')).c_str());
  return 2;
}

void PrintMessage(absl::string_view message) {
  std::fprintf(stderr, "cooc: %s\n", DisplayEscape(message).c_str());
}

int RuntimeError(const absl::Status& status) {
  PrintMessage(status.message());
  return 1;
}

bool WriteStdout(absl::string_view text) {
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() &&
         std::fflush(stdout) == 0;
}

FlagSpec DbFlag() {
  return {"db", "DIR", "the database directory (required)", ""};
}

FlagSpec FormatFlag() {
  return {"format", "F",
          "output format: table, tsv, json (one object per line) or csv "
          "(RFC 4180, text as stored: table and tsv escape control "
          "characters, csv does not, so it is for files)",
          "table"};
}

}  // namespace cooc
