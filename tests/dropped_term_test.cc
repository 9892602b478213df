// Tests for DroppedTermReason (src/dropped_term.h): which of a database's
// token filters dropped a query term (issue 12: "querying a word that the
// database's stopwords or filters removed says so").

#include "dropped_term.h"

#include <string>

#include "absl/strings/match.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

// The options as a database built with --stopwords en stores them: the
// list's name and checksum, not the list.
TokenizerOptions StoredWithEnglishStopwords() {
  absl::StatusOr<std::shared_ptr<const StopwordList>> en =
      StopwordList::Builtin("en");
  EXPECT_OK(en);
  TokenizerOptions options;
  options.stopwords_name = "en";
  options.stopwords_checksum = en.ok() ? (*en)->checksum() : 0;
  return options;
}

std::string ReasonOrDie(const TokenizerOptions& options,
                        absl::string_view term) {
  absl::StatusOr<std::string> reason = DroppedTermReason(options, term);
  EXPECT_OK(reason);
  return reason.ok() ? *reason : "";
}

TEST(DroppedTermReason, Issue12NamesTheStopwordListOfTheDatabase) {
  const TokenizerOptions options = StoredWithEnglishStopwords();
  EXPECT_EQ(ReasonOrDie(options, "the"),
            "it is a stopword of this database (--stopwords en at ingest)");
  // Matched as the tokenizer matches: folded.
  EXPECT_EQ(ReasonOrDie(options, "The"), ReasonOrDie(options, "the"));
  EXPECT_EQ(ReasonOrDie(options, "darcy"), "");
}

TEST(DroppedTermReason, Issue12ALiveListIsUsedAsIs) {
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Parse("darcy\n", "file", "names.txt");
  ASSERT_OK(list);
  TokenizerOptions options;
  options.stopwords = *list;
  EXPECT_EQ(ReasonOrDie(options, "Darcy"),
            "it is a stopword of this database (--stopwords names.txt at "
            "ingest)");
}

TEST(DroppedTermReason, Issue12AStopwordFileThatIsNotHeldMayHaveIt) {
  TokenizerOptions options;
  options.stopwords_name = "file";
  options.stopwords_checksum = 12345;
  EXPECT_TRUE(absl::StrContains(ReasonOrDie(options, "darcy"),
                                "it may be one of them"));
}

TEST(DroppedTermReason, Issue12NamesMinLengthNumbersAndPunctuation) {
  TokenizerOptions options;
  options.min_length = 3;
  EXPECT_EQ(ReasonOrDie(options, "an"),
            "it has fewer characters than this database's --min-length 3 "
            "(at ingest)");
  EXPECT_EQ(ReasonOrDie(options, "and"), "");
  EXPECT_EQ(ReasonOrDie(options, "1811"),
            "it is a number, and this database was built without "
            "--keep-numbers");
  // Both filters drop "12" on their own.
  EXPECT_EQ(ReasonOrDie(options, "12"),
            "it has fewer characters than this database's --min-length 3 "
            "(at ingest); it is a number, and this database was built "
            "without --keep-numbers");
  EXPECT_EQ(ReasonOrDie(TokenizerOptions(), ";"),
            "it is punctuation or a symbol, and this database was built "
            "without --keep-punct");
  TokenizerOptions numbers;
  numbers.keep_numbers = true;
  EXPECT_EQ(ReasonOrDie(numbers, "1811"), "");
}

TEST(DroppedTermReason, Issue12SaysNothingOfATermThatIsNotOneToken) {
  const TokenizerOptions options = StoredWithEnglishStopwords();
  EXPECT_EQ(ReasonOrDie(options, "of the"), "");
  EXPECT_EQ(ReasonOrDie(options, "  "), "");
  EXPECT_EQ(ReasonOrDie(options, ""), "");
}

}  // namespace
}  // namespace cooc
