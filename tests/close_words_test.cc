// ClosestWords and DidYouMean (include/cooc/close_words.h).

#include "cooc/close_words.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(ClosestWords, FindsWordsWithinTheDistanceNearestFirst) {
  const std::vector<std::string> names = {"count", "pmi", "npmi", "ppmi",
                                          "mi", "llr", "logdice"};
  EXPECT_EQ(ClosestWords("pmmi", names, 3, 2),
            (std::vector<std::string>{"pmi", "ppmi", "npmi"}));  // 1, 1, 2.
  EXPECT_EQ(ClosestWords("lrl", names, 3, 1),
            (std::vector<std::string>{"llr"}));  // A swap is one edit.
  EXPECT_EQ(ClosestWords("zzzzzz", names, 3, 2), std::vector<std::string>());
  EXPECT_EQ(ClosestWords("pmi", names, 3, 0), std::vector<std::string>());
}

TEST(ClosestWords, CountsCodePointsNotBytes) {
  const std::vector<std::string> words = {"伦敦", "北京", "伦敦塔"};
  EXPECT_EQ(ClosestWords("伦顿", words, 3, 1),
            (std::vector<std::string>{"伦敦"}));
}

TEST(DidYouMean, ListsTheWordsOrNothing) {
  EXPECT_EQ(DidYouMean({}), "");
  EXPECT_EQ(DidYouMean({"a"}), " (did you mean 'a'?)");
  EXPECT_EQ(DidYouMean({"a", "b", "c"}), " (did you mean 'a', 'b' or 'c'?)");
}

}  // namespace
}  // namespace cooc
