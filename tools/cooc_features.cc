// cooc features: the terms that best predict the labels of a labelled
// database.

#include "cooc/features.h"

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "query_command.h"

namespace cooc {
namespace {

// The options of the flags (--base is QueryOptions'); InvalidArgument for a
// bad value.
absl::StatusOr<FeatureOptions> ReadFeatureOptions(
    const CommandLine& command_line) {
  FeatureOptions options;
  options.label = command_line.Get("label");
  absl::StatusOr<Measure> measure = ParseMeasure(command_line.Get("measure"));
  if (!measure.ok()) return measure.status();
  options.measure = *measure;
  if (options.label.empty() && options.measure != Measure::kMi &&
      options.measure != Measure::kChi2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "without --label, --measure is mi or chi2, not ",
        MeasureName(options.measure),
        " (with --label L, any measure ranks the terms for L)"));
  }
  absl::StatusOr<FeatureConvention> convention =
      ParseFeatureConvention(command_line.Get("convention"));
  if (!convention.ok()) return convention.status();
  options.convention = *convention;
  if (command_line.Given("direction")) {
    absl::StatusOr<Direction> direction =
        ParseDirection(command_line.Get("direction"));
    if (!direction.ok()) return direction.status();
    options.direction = *direction;
  }
  if (absl::Status counts = ReadTopAndMinimum(
          command_line, "min-df", &options.top, &options.min_documents);
      !counts.ok()) {
    return counts;
  }
  return options;
}

}  // namespace

int RunFeatures(const std::vector<std::string>& args) {
  const FeatureOptions defaults;
  QueryCommand command;
  command.own_ranking = true;
  command.usage =
      "features --db DIR [--label L] [--measure M] [--convention C] "
      "[--top K] [--min-df N] [--base B] [--format F]";
  command.summary =
      "Ranks the terms of a labelled database (ingested with --labels) by\n"
      "how well their presence in a document (a line) predicts its label.\n"
      "A term counts once per document, however often it occurs there.\n"
      "\n"
      "With --label L: each term's 2x2 table of documents, (has the term /\n"
      "has not) x (label L / not L), scored by any measure (as pair scores\n"
      "it; attraction only for the test statistics unless --direction).\n"
      "Columns: term, df_label (documents of L with the term), df (labelled\n"
      "documents with it), label_documents, documents, the measure.\n"
      "\n"
      "Without --label: the table of presence x all K labels. mi is I(T;C),\n"
      "which with --base e is scikit-learn's mutual_info_classif(X, y,\n"
      "discrete_features=True) on CountVectorizer(binary=True) output;\n"
      "chi2 with --convention sklearn is sklearn.feature_selection.chi2 (the\n"
      "'present' row of the table only) and its p-value; --convention\n"
      "pearson is Pearson's X2 of the whole 2 x K table, which equals the\n"
      "sklearn value times N/(N - df), both with K-1 degrees of freedom.\n"
      "Columns: term, df, top_label (the label whose documents contain the\n"
      "term most often, relative to their number), mi or chi2 and p_value.\n"
      "\n"
      "A line with two labels is a document of each label; over all labels\n"
      "it counts twice, which is scikit-learn's result when given the line\n"
      "twice, once with each label. Lines without labels are not documents\n"
      "here. Ties rank in order of first appearance in the corpus.";
  command.flags = {
      {"label", "L", "rank the terms for this label (default: all labels)",
       ""},
      {"measure", "M",
       "with --label any measure of cooc pair (mi, llr, chi2, pmi, npmi, "
       "...); without, mi or chi2",
       std::string(MeasureName(defaults.measure))},
      {"convention", "C", "chi2 without --label: sklearn or pearson",
       std::string(FeatureConventionName(defaults.convention))},
      {"direction", "D",
       "with --label: positive (terms over-represented in L), negative or "
       "any; default: positive for the test statistics, any for the others",
       ""},
      {"top", "K", "how many terms (0: all)", "20"},
      {"min-df", "N", "only terms in at least N labelled documents",
       absl::StrCat(defaults.min_documents)},
      {"base", "B",
       "logarithm base of mi, pmi and the other measures that take one: 2 "
       "(bits), e (nats, scikit-learn's), 10",
       "2"},
  };
  command.check_flags = [](const CommandLine& command_line) {
    return ReadFeatureOptions(command_line).status();
  };
  command.answer = [](Query& query, const QueryOptions& query_options,
                      const CommandLine& command_line)
      -> absl::StatusOr<Report> {
    absl::StatusOr<FeatureOptions> options = ReadFeatureOptions(command_line);
    if (!options.ok()) return options.status();
    options->base = query_options.base;
    absl::StatusOr<std::vector<FeatureEntry>> entries =
        Features(query.store(), *options);
    if (!entries.ok()) return entries.status();
    return FeaturesReport(*entries, *options);
  };
  return RunQueryCommand(command, args);
}

}  // namespace cooc
