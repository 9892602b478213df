// FrequencyList (include/cooc/frequency_list.h) against an independent
// recount of the bundled corpora's token frequencies.

#include "cooc/frequency_list.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cooc/count_store.h"
#include "cooc/ingest.h"
#include "cooc/tokenizer.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

using ::cooc::testing::CorpusPath;
using ::cooc::testing::ReadFile;
using ::cooc::testing::TempDir;

struct Recount {
  std::map<std::string, uint64_t> frequency;
  std::map<std::string, uint64_t> lines;  // Lines containing the term.
  std::vector<std::string> first_seen;    // Terms in order of appearance.
  uint64_t tokens = 0;
};

Recount CountTokens(const std::vector<std::string>& files) {
  Recount recount;
  auto tokenizer = Tokenizer::Create(TokenizerOptions());
  EXPECT_OK(tokenizer);
  std::vector<std::string> tokens;
  for (const std::string& file : files) {
    for (absl::string_view line : absl::StrSplit(ReadFile(file), '\n')) {
      (*tokenizer)->Tokenize(line, &tokens);
      std::set<std::string> seen;
      for (const std::string& token : tokens) {
        if (recount.frequency[token]++ == 0) recount.first_seen.push_back(token);
        if (seen.insert(token).second) ++recount.lines[token];
        ++recount.tokens;
      }
    }
  }
  return recount;
}

class FrequencyListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = {CorpusPath("en_austen_sample.txt"),
              CorpusPath("zh_luxun_sample.txt")};
    IngestOptions options;
    options.unit = CountingUnit::kLine;
    ASSERT_OK(Ingest(dir_.Join("db"), files_, options));
    auto store = CountStore::Open(dir_.Join("db"), CountStore::Access::kReadOnly);
    ASSERT_OK(store);
    store_ = *std::move(store);
    recount_ = CountTokens(files_);
  }

  TempDir dir_;
  std::vector<std::string> files_;
  std::unique_ptr<CountStore> store_;
  Recount recount_;
};

TEST_F(FrequencyListTest, RanksEveryTermByFrequencyThenFirstAppearance) {
  auto list = FrequencyList(*store_, FrequencyListOptions());
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), recount_.frequency.size());
  // The expected order, computed independently.
  std::vector<std::string> expected = recount_.first_seen;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](const std::string& a, const std::string& b) {
                     return recount_.frequency[a] > recount_.frequency[b];
                   });
  for (size_t i = 0; i < list->size(); ++i) {
    const FrequencyListEntry& entry = (*list)[i];
    SCOPED_TRACE(entry.term);
    EXPECT_EQ(entry.rank, i + 1);
    EXPECT_EQ(entry.term, expected[i]);
    EXPECT_EQ(entry.frequency, recount_.frequency[entry.term]);
    ASSERT_TRUE(entry.document_frequency.has_value());
    EXPECT_EQ(*entry.document_frequency, recount_.lines[entry.term]);
    EXPECT_DOUBLE_EQ(entry.per_million,
                     1e6 * entry.frequency / recount_.tokens);
  }
}

TEST_F(FrequencyListTest, FiltersKeepTheRanksOfTheWholeList) {
  auto all = FrequencyList(*store_, FrequencyListOptions());
  ASSERT_OK(all);
  FrequencyListOptions options;
  options.match = "^\\p{Han}+$";
  options.min_frequency = 20;
  options.top = 15;
  auto chinese = FrequencyList(*store_, options);
  ASSERT_OK(chinese);
  ASSERT_EQ(chinese->size(), 15u);
  // The first 15 entries of the whole list that pass both filters.
  std::vector<FrequencyListEntry> expected;
  for (const FrequencyListEntry& entry : *all) {
    const bool han = entry.term.size() >= 3 &&
                     static_cast<unsigned char>(entry.term[0]) >= 0xE4;
    if (han && entry.frequency >= 20 && expected.size() < 15) {
      expected.push_back(entry);
    }
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*chinese)[i].term, expected[i].term);
    EXPECT_EQ((*chinese)[i].rank, expected[i].rank);
  }
  options = FrequencyListOptions();
  options.order = FrequencyListOptions::Order::kTerm;
  options.top = 10;
  auto by_term = FrequencyList(*store_, options);
  ASSERT_OK(by_term);
  ASSERT_EQ(by_term->size(), 10u);
  EXPECT_TRUE(std::is_sorted(by_term->begin(), by_term->end(),
                             [](const auto& a, const auto& b) {
                               return a.term < b.term;
                             }));
  EXPECT_EQ(by_term->front().term, recount_.frequency.begin()->first);
}

TEST_F(FrequencyListTest, ABadExpressionIsInvalidArgument) {
  FrequencyListOptions options;
  options.match = "([a-z]";
  EXPECT_STATUS_CODE(FrequencyList(*store_, options),
                     absl::StatusCode::kInvalidArgument);
}

TEST(FrequencyList, AWindowDatabaseHasNoDocumentFrequencies) {
  TempDir dir;
  ASSERT_OK(Ingest(dir.Join("db"), {CorpusPath("en_austen_sample.txt")},
                   IngestOptions()));
  auto store = CountStore::Open(dir.Join("db"), CountStore::Access::kReadOnly);
  ASSERT_OK(store);
  FrequencyListOptions options;
  options.top = 3;
  auto list = FrequencyList(**store, options);
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].term, "the");
  EXPECT_FALSE((*list)[0].document_frequency.has_value());
}

}  // namespace
}  // namespace cooc
