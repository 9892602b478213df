#include "term_list.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace cooc {
namespace {

TEST(TermList, KeepsTermsInOrderAcrossBlocksAndPieces) {
  // 200,000 terms cross three index pieces and many byte blocks; among
  // them an empty term and terms longer than a block.
  std::vector<std::string> expected;
  TermList list;
  for (int i = 0; i < 200000; ++i) {
    std::string term = absl::StrCat("term", i);
    if (i == 7) term.clear();
    if (i % 50000 == 3) term = std::string((3 << 20) + i, 'a' + i % 26);
    list.push_back(term);
    expected.push_back(std::move(term));
  }
  ASSERT_EQ(list.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(list[i], expected[i]) << i;
  }
  EXPECT_EQ(std::vector<std::string>(list.begin(), list.end()), expected);
}

TEST(TermList, ViewsStayValidAsTheListGrows) {
  TermList list;
  list.push_back("first");
  const absl::string_view first = list[0];
  for (int i = 0; i < 100000; ++i) list.push_back(absl::StrCat("t", i));
  EXPECT_EQ(first.data(), list[0].data());
  EXPECT_EQ(first, "first");
}

TEST(TermList, MovedFromIsEmptyAndReusable) {
  TermList list = ToTermList({"a", "bb", "ccc"});
  TermList other = std::move(list);
  EXPECT_EQ(other.size(), 3u);
  EXPECT_EQ(other[2], "ccc");
  EXPECT_TRUE(list.empty());  // NOLINT(bugprone-use-after-move)
  list.push_back("again");
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], "again");
  other.clear();
  EXPECT_TRUE(other.empty());
  EXPECT_EQ(other.MemoryBytes(), TermList().MemoryBytes());
}

TEST(TermList, MemoryIsTheBytesAndEightBytesATerm) {
  // A small list stays small; a large one costs its bytes and 8 bytes a
  // term, within the slack of its last block and piece.
  TermList small = ToTermList({"one", "two"});
  EXPECT_LT(small.MemoryBytes(), 8u << 10);
  TermList large;
  for (int i = 0; i < 1000000; ++i) large.push_back("abcdefg");
  const uint64_t needed = 1000000 * (7 + 8);
  EXPECT_GE(large.MemoryBytes(), needed);
  EXPECT_LE(large.MemoryBytes(), needed + (2 << 20));
}

}  // namespace
}  // namespace cooc
