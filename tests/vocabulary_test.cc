#include "vocabulary.h"

#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

TEST(Vocabulary, AssignsDenseIdsInOrderOfFirstAppearance) {
  Vocabulary vocabulary;
  EXPECT_EQ(vocabulary.IdOf("the"), 0u);
  EXPECT_EQ(vocabulary.IdOf("cat"), 1u);
  EXPECT_EQ(vocabulary.IdOf("the"), 0u);
  EXPECT_EQ(vocabulary.IdOf("天气"), 2u);
  EXPECT_EQ(vocabulary.size(), 3u);
  const auto terms = vocabulary.TakeNewTerms();
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[2].first, "天气");
  EXPECT_EQ(terms[2].second, 2u);
  EXPECT_TRUE(vocabulary.TakeNewTerms().empty());
}

TEST(Vocabulary, LoadContinuesTheStoredIdSequence) {
  testing::TempDir dir;
  auto store = CountStore::Create(dir.Join("db"), StoreOptions());
  ASSERT_OK(store);
  StoreBatch batch;
  batch.new_terms = {{"a", 0}, {"b", 1}};
  batch.shard_pairs.resize(8);
  ASSERT_OK((*store)->Commit(batch));
  auto vocabulary = Vocabulary::Load(**store);
  ASSERT_OK(vocabulary);
  EXPECT_EQ(vocabulary->IdOf("b"), 1u);
  EXPECT_EQ(vocabulary->IdOf("c"), 2u);
  const auto terms = vocabulary->TakeNewTerms();
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0], (std::pair<std::string, uint32_t>("c", 2)));
}

}  // namespace
}  // namespace cooc
