// cooc keyness: the terms a target database uses more (or less) than a
// reference database.

#include "cooc/keyness.h"

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "cooc/count_store.h"
#include "query_command.h"

namespace cooc {
namespace {

// The keyness options of the flags (--base is QueryOptions'); InvalidArgument
// for a bad value.
absl::StatusOr<KeynessOptions> ReadKeynessOptions(
    const CommandLine& command_line) {
  KeynessOptions options;
  absl::StatusOr<KeynessMeasure> measure =
      ParseKeynessMeasure(command_line.Get("measure"));
  if (!measure.ok()) return measure.status();
  options.measure = *measure;
  absl::StatusOr<KeynessCorrection> correction =
      ParseKeynessCorrection(command_line.Get("correction"));
  if (!correction.ok()) return correction.status();
  options.correction = *correction;
  if (options.correction != KeynessCorrection::kNone &&
      options.measure != KeynessMeasure::kLlr &&
      options.measure != KeynessMeasure::kChi2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--correction applies to llr and chi2 only, not to ",
        KeynessMeasureName(options.measure)));
  }
  if (absl::Status counts = ReadTopAndMinimum(
          command_line, "min-freq", &options.top, &options.min_frequency);
      !counts.ok()) {
    return counts;
  }
  return options;
}

}  // namespace

int RunKeyness(const std::vector<std::string>& args) {
  const KeynessOptions defaults;
  QueryCommand command;
  command.own_ranking = true;
  command.usage =
      "keyness --db TARGET --reference REF [--measure M] [--correction C] "
      "[--top K] [--min-freq N] [--base B] [--format F]";
  command.summary =
      "Ranks the terms of two databases by how much more often the target\n"
      "(--db) uses them than the reference, from each term's 2x2 table of\n"
      "token counts: (this term / all other terms) x (target / reference).\n"
      "Scores are signed: positive = over-used in the target, negative =\n"
      "under-used; the list runs from the most over-used to the most\n"
      "under-used (swap --db and --reference for the reference's key terms).\n"
      "llr is G2 (Dunning) and chi2 Pearson's X2, exactly cooc's llr and\n"
      "chi2 of that table; --correction yates or williams gives quanteda's\n"
      "corrected values (yates only where an expected cell is below 5).\n"
      "pmi is log_B(a N / ((a+b) Tt)); logratio is Hardie's Log Ratio,\n"
      "log2 of the ratio of the relative frequencies with a zero count taken\n"
      "as 0.5 (always base 2). The two databases must tokenize alike.\n"
      "Columns: term, target_frequency (a), reference_frequency (b), the\n"
      "measure, and p_value (llr, chi2: one degree of freedom).";
  command.flags = {
      {"reference", "DIR", "the reference database (required)", ""},
      {"measure", "M", "llr, chi2, pmi or logratio",
       std::string(KeynessMeasureName(defaults.measure))},
      {"correction", "C", "of llr and chi2: none, yates or williams",
       std::string(KeynessCorrectionName(defaults.correction))},
      {"top", "K", "how many terms from the top (0: all)", "0"},
      {"min-freq", "N",
       "only terms seen at least N times in target and reference together",
       absl::StrCat(defaults.min_frequency)},
      {"base", "B", "logarithm base of pmi: 2 (bits), e (nats), 10", "2"},
  };
  command.check_flags = [](const CommandLine& command_line) -> absl::Status {
    if (!command_line.Given("reference")) {
      return absl::InvalidArgumentError("--reference DIR is required");
    }
    return ReadKeynessOptions(command_line).status();
  };
  command.answer = [](Query& query, const QueryOptions& query_options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<KeynessOptions> options = ReadKeynessOptions(command_line);
    if (!options.ok()) return options.status();
    options->base = query_options.base;
    absl::StatusOr<std::unique_ptr<CountStore>> reference = CountStore::Open(
        command_line.Get("reference"), CountStore::Access::kReadOnly);
    if (!reference.ok()) return reference.status();
    absl::StatusOr<std::vector<KeynessEntry>> entries =
        Keyness(query.store(), **reference, *options);
    if (!entries.ok()) return entries.status();
    return KeynessReport(*entries, options->measure);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
