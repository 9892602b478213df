#include "new_terms.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "term_list.h"

namespace cooc {
namespace {

std::vector<std::string> All(const NewTerms& new_terms) {
  std::vector<std::string> terms;
  for (size_t i = 0; i < new_terms.size(); ++i) {
    terms.emplace_back(new_terms[i]);
  }
  return terms;
}

TEST(NewTerms, APartsTermsFromTheFirstOnTakeNoList) {
  const TermList part = ToTermList({"a", "b", "c"});
  NewTerms new_terms;
  for (uint32_t id = 0; id < 3; ++id) EXPECT_EQ(new_terms.Add(part, id), id);
  EXPECT_EQ(All(new_terms), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(NewTerms, PartsWithGapsAndSeveralPartsKeepTheirOrder) {
  const TermList first = ToTermList({"a", "b", "c", "d"});
  const TermList second = ToTermList({"b", "e", "f", "g"});
  NewTerms new_terms;
  EXPECT_EQ(new_terms.Add(first, 0), 0u);
  EXPECT_EQ(new_terms.Add(first, 1), 1u);
  EXPECT_EQ(new_terms.Add(first, 3), 2u);  // "c" was known: a gap.
  EXPECT_EQ(new_terms.Add(second, 1), 3u);
  EXPECT_EQ(new_terms.Add(second, 3), 4u);
  EXPECT_EQ(new_terms.size(), 5u);
  EXPECT_EQ(All(new_terms),
            (std::vector<std::string>{"a", "b", "d", "e", "g"}));
}

TEST(NewTerms, ADenseFirstPartCostsNothingPerTerm) {
  TermList part;
  for (int i = 0; i < 100000; ++i) part.push_back(std::to_string(i));
  NewTerms dense;
  for (uint32_t id = 0; id < part.size(); ++id) dense.Add(part, id);
  NewTerms sparse;
  for (uint32_t id = 1; id < part.size(); ++id) sparse.Add(part, id);
  EXPECT_LT(dense.MemoryBytes(), 1024u);
  EXPECT_GE(sparse.MemoryBytes(), 4u * (part.size() - 1));
  EXPECT_EQ(dense[99999], "99999");
  EXPECT_EQ(sparse[0], "1");
  EXPECT_EQ(sparse[99998], "99999");
}

}  // namespace
}  // namespace cooc
