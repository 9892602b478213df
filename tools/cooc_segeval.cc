// cooc segeval: score the tokenizer's segmentation against a gold standard.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/report.h"
#include "cooc/segeval.h"
#include "cooc/user_dictionary.h"

namespace cooc {
namespace {

constexpr uint64_t kMismatchesShown = 10;

}  // namespace

int RunSegeval(const std::vector<std::string>& args) {
  CommandLine command_line(
      "segeval --gold GOLD [--dict FILE] [--words FILE] [--oov-list FILE] "
      "[--format F] TEST",
      "Segments the unsegmented UTF-8 text TEST as 'cooc tokenize "
      "--keep-numbers\n"
      "--keep-punct --no-fold [--dict FILE]' does (NFKC, ICU word break, the\n"
      "user dictionary, nothing dropped but whitespace) and scores it against\n"
      "GOLD, the same text with words separated by whitespace, line by line,\n"
      "with the SIGHAN bakeoff definitions: a word is correct if its span is "
      "a\n"
      "gold word's span; precision, recall and F1 over words; with --words\n"
      "(the training words) also the OOV rate and the recall of in-vocabulary\n"
      "and out-of-vocabulary gold words; with --oov-list (words to watch,\n"
      "e.g. the gold words outside a training list) the recall of the gold\n"
      "words in the list and of the others. Both sides are compared after\n"
      "NFKC;\n"
      "a line whose characters differ between TEST and GOLD is reported on\n"
      "stderr and left out of the score (counted in skipped_lines).",
      {
          {"gold", "GOLD", "the gold segmentation of TEST (required)", ""},
          {"dict", "FILE",
           "user dictionary, a word per line (default: ICU alone)", ""},
          {"words", "FILE", "training words, for OOV rate and IV/OOV recall",
           ""},
          {"oov-list", "FILE",
           "words to watch, a word per line: recall of the gold words in it "
           "(listed_recall) and of the others (unlisted_recall)",
           ""},
          FormatFlag(),
      });
  if (std::optional<int> done = command_line.Start(args, {"gold"})) {
    return *done;
  }
  if (command_line.positional().size() != 1) {
    return command_line.UsageError(
        "give exactly one TEST file (the unsegmented text)");
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());

  SegevalOptions options;
  options.test_path = command_line.positional()[0];
  options.gold_path = command_line.Get("gold");
  if (command_line.Given("dict")) {
    absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
        UserDictionary::Load(command_line.Get("dict"));
    if (!dictionary.ok()) return RuntimeError(dictionary.status());
    options.dictionary = *std::move(dictionary);
  }
  if (command_line.Given("words")) {
    absl::StatusOr<std::shared_ptr<const UserDictionary>> words =
        UserDictionary::Load(command_line.Get("words"));
    if (!words.ok()) return RuntimeError(words.status());
    options.vocabulary = *std::move(words);
  }
  if (command_line.Given("oov-list")) {
    absl::StatusOr<std::shared_ptr<const UserDictionary>> listed =
        UserDictionary::Load(command_line.Get("oov-list"));
    if (!listed.ok()) return RuntimeError(listed.status());
    options.oov_list = *std::move(listed);
  }
  uint64_t mismatches = 0;
  options.on_mismatch = [&mismatches](uint64_t line, absl::string_view why) {
    if (++mismatches <= kMismatchesShown) {
      PrintMessage(absl::StrCat("line ", line, " not scored: ", why));
    }
  };
  absl::StatusOr<SegmentationScore> score = EvaluateSegmentation(options);
  if (!score.ok()) return RuntimeError(score.status());
  if (mismatches > kMismatchesShown) {
    std::fprintf(
        stderr, "cooc: %llu more lines not scored\n",
        static_cast<unsigned long long>(mismatches - kMismatchesShown));
  }

  std::vector<std::string> columns = {
      "lines",   "skipped_lines", "gold_words", "test_words",
      "correct", "precision",     "recall",     "f1"};
  std::vector<ReportCell> row = {score->lines,         score->skipped_lines,
                                 score->gold_words,    score->test_words,
                                 score->correct_words, score->precision(),
                                 score->recall(),      score->f1()};
  if (score->has_vocabulary) {
    for (const char* column :
         {"oov_gold_words", "oov_rate", "iv_recall", "oov_recall"}) {
      columns.push_back(column);
    }
    row.push_back(score->oov_gold_words);
    row.push_back(score->oov_rate());
    row.push_back(score->iv_recall());
    row.push_back(score->oov_recall());
  }
  if (score->has_oov_list) {
    for (const char* column :
         {"listed_gold_words", "listed_recall", "unlisted_recall"}) {
      columns.push_back(column);
    }
    row.push_back(score->listed_gold_words);
    row.push_back(score->listed_recall());
    row.push_back(score->unlisted_recall());
  }
  Report report(columns, Report::Layout::kRecord);
  report.AddRow(std::move(row));
  return WriteStdout(report.Render(*format)) ? 0 : 1;
}

}  // namespace cooc
