// SplitLabels and LabelTally (src/label_tally.h): which tokens of a line are
// its labels, and what a labelled document counts for.

#include "label_tally.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

struct SplitCase {
  LabelMode mode;
  std::string line;
  std::string labels;  // Joined by '|'.
  std::string rest;
};

TEST(SplitLabels, TakesTheLeadingLabelsAndLeavesTheText) {
  const SplitCase cases[] = {
      {LabelMode::kPrefix, "__label__a the cat", "a", " the cat"},
      {LabelMode::kPrefix, "__label__a __label__b  cat", "a|b", "  cat"},
      {LabelMode::kPrefix, "  __label__x\tword", "x", "\tword"},
      {LabelMode::kPrefix, "__label__a", "a", ""},
      {LabelMode::kPrefix, "no labels here", "", "no labels here"},
      // Only leading tokens are labels.
      {LabelMode::kPrefix, "cat __label__a", "", "cat __label__a"},
      {LabelMode::kPrefix, "__label__a cat __label__b", "a", " cat __label__b"},
      {LabelMode::kPrefix, "", "", ""},
      {LabelMode::kTsv, "austen\tIt is a truth", "austen", "It is a truth"},
      {LabelMode::kTsv, " a b \ttext\twith tab", "a b", "text\twith tab"},
      {LabelMode::kTsv, "a\t", "a", ""},
      {LabelMode::kTsv, " ", "", " "},  // A blank line: no document.
      {LabelMode::kNone, "__label__a cat", "", "__label__a cat"},
  };
  for (const SplitCase& c : cases) {
    absl::string_view line = c.line;
    std::vector<std::string> labels;
    SCOPED_TRACE(c.line);
    ASSERT_OK(SplitLabels(c.mode, &line, &labels));
    EXPECT_EQ(absl::StrJoin(labels, "|"), c.labels) << c.line;
    EXPECT_EQ(std::string(line), c.rest) << c.line;
  }
}

TEST(SplitLabels, RefusesALabelWithoutANameAndATsvLineWithoutALabel) {
  for (const auto& [mode, line] :
       std::vector<std::pair<LabelMode, std::string>>{
           {LabelMode::kPrefix, "__label__ the cat"},
           {LabelMode::kPrefix, "__label__a __label__"},
           {LabelMode::kTsv, "no tab at all"},
           {LabelMode::kTsv, " \ttext"}}) {
    absl::string_view text = line;
    std::vector<std::string> labels;
    const absl::Status status = SplitLabels(mode, &text, &labels);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << line;
    EXPECT_NE(status.message().find(line.substr(0, 10)), absl::string_view::npos)
        << status.message();
  }
}

// "label:documents" for each label, then "term:all:label=documents..." for
// each term id with a count.
std::string Render(const LabelCounts& counts) {
  std::vector<std::string> parts = {
      absl::StrCat("documents=", counts.documents)};
  for (size_t l = 0; l < counts.labels.size(); ++l) {
    parts.push_back(
        absl::StrCat(counts.labels[l], ":", counts.label_documents[l]));
  }
  for (size_t t = 0; t < counts.term_documents.size(); ++t) {
    std::string term = absl::StrCat(t, ":", counts.term_documents[t]);
    for (const LabelCounts::TermLabel& entry : counts.term_label_documents) {
      if (entry.term == t) {
        absl::StrAppend(&term, ":", counts.labels[entry.label], "=",
                        entry.documents);
      }
    }
    parts.push_back(term);
  }
  return absl::StrJoin(parts, " ");
}

TEST(LabelTally, CountsEachTermOncePerDocumentOfEachOfItsLabels) {
  LabelTally tally;
  const std::vector<std::string> a = {"a"}, ab = {"a", "b", "a"}, none,
                                     c = {"c"};
  tally.StartLine(a);  // Terms 0 0 1: term 0 once.
  tally.See(0);
  tally.See(0);
  tally.See(1);
  tally.StartLine(ab);  // Two labels (a given twice counts once).
  tally.See(1);
  tally.See(2);
  tally.StartLine(none);  // Unlabelled: counts for nothing here.
  tally.See(0);
  tally.StartLine(c);  // Label-only: a document with no terms.
  EXPECT_EQ(Render(tally.Take(4)),
            "documents=3 a:2 b:1 c:1 0:1:a=1 1:2:a=2:b=1 2:1:a=1:b=1 3:0");
}

TEST(LabelTally, AddsCountsUnderAnIdMap) {
  LabelTally part;
  const std::vector<std::string> x = {"x"}, y = {"y"};
  part.StartLine(x);
  part.See(0);
  part.StartLine(y);
  part.See(1);
  const LabelCounts counts = part.Take(2);
  LabelTally fold;
  ASSERT_OK(fold.Add(counts, std::vector<uint32_t>{5, 2}));
  ASSERT_OK(fold.Add(counts, std::vector<uint32_t>{5, 3}));
  EXPECT_EQ(Render(fold.Take(6)),
            "documents=4 x:2 y:2 0:0 1:0 2:1:y=1 3:1:y=1 4:0 5:2:x=2");
  EXPECT_EQ(fold.Add(counts, std::vector<uint32_t>{1}).code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace cooc
