// cooc vocab: the frequency list of a database.

#include "cooc/frequency_list.h"

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "cooc/close_words.h"
#include "query_command.h"

namespace cooc {

int RunVocab(const std::vector<std::string>& args) {
  QueryCommand command;
  command.usage =
      "vocab --db DIR [--top N] [--min-freq N] [--match REGEX] "
      "[--sort freq|term] [--format F]";
  command.summary =
      "Lists the vocabulary by token frequency, highest first (ties in order\n"
      "of first appearance): rank, term, frequency, the units containing\n"
      "the term (document_frequency; sentence and line databases only) and\n"
      "the frequency per million tokens. The rank is the term's place in the\n"
      "whole list, whatever --min-freq, --match and --sort keep and show.";
  command.flags = {
      {"top", "N", "how many terms (0: all)", "0"},
      {"min-freq", "N", "only terms seen at least N times", "1"},
      {"match", "REGEX",
       "only terms an ICU regular expression matches somewhere in (anchor "
       "with ^ and $; \\p{Han} for Chinese characters)",
       ""},
      {"sort", "ORDER", "freq (highest first) or term (code point order)",
       "freq"},
  };
  // The list's options from the flags; InvalidArgument for a bad value.
  const auto list_options = [](const CommandLine& command_line)
      -> absl::StatusOr<FrequencyListOptions> {
    FrequencyListOptions options;
    if (absl::Status counts = ReadTopAndMinimum(
            command_line, "min-freq", &options.top, &options.min_frequency);
        !counts.ok()) {
      return counts;
    }
    options.match = command_line.Get("match");
    const std::string sort = command_line.Get("sort");
    if (sort == "term") {
      options.order = FrequencyListOptions::Order::kTerm;
    } else if (sort != "freq") {
      return UnknownNameError("--sort", sort, {"freq", "term"});
    }
    return options;
  };
  command.check_flags = [list_options](const CommandLine& command_line) {
    return list_options(command_line).status();
  };
  command.answer = [list_options](Query& query, const QueryOptions&,
                                  const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<FrequencyListOptions> options = list_options(command_line);
    if (!options.ok()) return options.status();
    absl::StatusOr<std::vector<FrequencyListEntry>> list =
        FrequencyList(query.store(), *options);
    if (!list.ok()) return list.status();
    return FrequencyListReport(*list);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
