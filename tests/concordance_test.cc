// Tests of the concordance (issue 12 item 4): its co-occurrences add up to
// the stored counts in every counting mode, rows quote the text as it is,
// changed or missing inputs are skipped and named, and the limit, the
// sorting and the parallel ranges give the rows of a plain scan.

#include "cooc/concordance.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cooc/ingest.h"
#include "cooc/query.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

class ConcordanceTest : public ::testing::Test {
 protected:
  // Ingests `inputs` into a new database and opens it for queries.
  void Build(const std::vector<std::string>& inputs,
             const IngestOptions& options) {
    db_ = dir_.Join(absl::StrCat("db", ++databases_));
    ASSERT_OK(Ingest(db_, inputs, options));
    absl::StatusOr<std::unique_ptr<Query>> query = Query::Open(db_);
    ASSERT_OK(query);
    query_ = std::move(*query);
  }

  absl::StatusOr<Concordance> Find(const std::string& node,
                                   const std::string& collocate,
                                   ConcordanceOptions options = {}) {
    options.node = node;
    options.collocate = collocate;
    return FindConcordance(*query_, options);
  }

  // The most frequent stored pairs (x, y) with x != y, and a self pair.
  std::vector<std::pair<std::string, std::string>> SomePairs(size_t count) {
    QueryOptions options;
    options.measure = Measure::kPmi;
    options.top = count;
    options.min_count = 20;
    absl::StatusOr<std::vector<ScoredPair>> pairs =
        query_->Collocations(options);
    EXPECT_OK(pairs);
    std::vector<std::pair<std::string, std::string>> out;
    for (const ScoredPair& pair : *pairs) {
      out.emplace_back(pair.pair.x, pair.pair.y);
      out.emplace_back(pair.pair.y, pair.pair.x);
    }
    return out;
  }

  testing::TempDir dir_;
  int databases_ = 0;
  std::string db_;
  std::unique_ptr<Query> query_;
};

IngestOptions Definition(CountingUnit unit, PairMode mode, int window) {
  IngestOptions options;
  options.unit = unit;
  options.mode = mode;
  options.window = window;
  return options;
}

// The heart of it: over both bundled samples, in window units (symmetric
// and ordered), sentence and line units, the co-occurrences a concordance
// finds for a pair are exactly the stored c(x,y), and the rows of a node
// alone are its token frequency. Tasks of 16 KiB on 2 threads also check
// that the ranges join into the whole text.
TEST_F(ConcordanceTest, Issue12CoOccurrencesAddUpToTheStoredCountInEveryMode) {
  const std::vector<std::string> inputs = {
      testing::CorpusPath("en_austen_sample.txt"),
      testing::CorpusPath("zh_luxun_sample.txt")};
  for (const IngestOptions& definition :
       {Definition(CountingUnit::kWindow, PairMode::kSymmetric, 5),
        Definition(CountingUnit::kWindow, PairMode::kOrdered, 3),
        Definition(CountingUnit::kSentence, PairMode::kSymmetric, 5),
        Definition(CountingUnit::kLine, PairMode::kSymmetric, 5)}) {
    Build(inputs, definition);
    std::vector<std::pair<std::string, std::string>> pairs = SomePairs(6);
    pairs.emplace_back("the", "the");  // A self pair: counted twice a window.
    pairs.emplace_back("的", "的");
    pairs.emplace_back("elizabeth", "darcy");
    pairs.emplace_back("我", "的");
    for (const auto& [x, y] : pairs) {
      ConcordanceOptions options;
      options.limit = 0;
      options.threads = 2;
      options.range_bytes = 16 << 10;
      absl::StatusOr<Concordance> found = Find(x, y, options);
      ASSERT_OK(found);
      absl::StatusOr<PairTable> stored = query_->Pair(x, y);
      ASSERT_OK(stored);
      EXPECT_TRUE(found->complete);
      EXPECT_EQ(found->sources_read, 2u);
      EXPECT_EQ(found->cooccurrences, stored->table.o11)
          << x << " " << y << " unit " << CountingUnitName(*definition.unit)
          << " mode " << PairModeName(*definition.mode);
      EXPECT_EQ(found->stored_count, stored->table.o11);
    }
    for (const std::string node : {"elizabeth", "的"}) {
      ConcordanceOptions options;
      options.limit = 0;
      absl::StatusOr<Concordance> found = Find(node, "", options);
      ASSERT_OK(found);
      EXPECT_EQ(found->matches, found->stored_count);
      EXPECT_EQ(found->rows.size(), found->stored_count);
    }
  }
}

// Against an independent search of the Austen sample: every line read
// here, tokenized, and each node occurrence's collocates within the window
// counted by a plain loop; the concordance has exactly those rows (line,
// byte of the node, co-occurrences), each once, in symmetric W = 5 and
// ordered W = 3 windows.
TEST_F(ConcordanceTest, Issue12RowsAreThoseOfAnIndependentSearch) {
  const std::string path = testing::CorpusPath("en_austen_sample.txt");
  const std::vector<std::string> lines =
      absl::StrSplit(testing::ReadFile(path), '\n');
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer =
      Tokenizer::Create(TokenizerOptions());
  ASSERT_OK(tokenizer);
  for (const auto& [mode, window] :
       {std::pair(PairMode::kSymmetric, 5), std::pair(PairMode::kOrdered, 3)}) {
    Build({path}, Definition(CountingUnit::kWindow, mode, window));
    size_t total_rows = 0;
    for (const auto& [node, collocate] :
         {std::pair("elizabeth", "darcy"), std::pair("mr", "darcy"),
          std::pair("she", "her"), std::pair("the", "the")}) {
      std::vector<std::tuple<uint64_t, uint64_t, uint64_t>> expected;
      std::vector<std::string> tokens;
      std::vector<TokenSpan> spans;
      for (size_t l = 0; l < lines.size(); ++l) {
        (*tokenizer)->Tokenize(lines[l], &tokens, &spans);
        const int n = static_cast<int>(tokens.size());
        for (int i = 0; i < n; ++i) {
          if (tokens[i] != node) continue;
          uint64_t found = 0;
          for (int j = std::max(0, i - window); j <= std::min(n - 1, i + window);
               ++j) {
            const bool placed =
                j != i && (mode == PairMode::kSymmetric || j > i);
            if (placed && tokens[j] == collocate) ++found;
          }
          if (found > 0) expected.emplace_back(l + 1, spans[i].begin, found);
        }
      }
      ConcordanceOptions options;
      options.limit = 0;
      absl::StatusOr<Concordance> found = Find(node, collocate, options);
      ASSERT_OK(found);
      std::vector<std::tuple<uint64_t, uint64_t, uint64_t>> rows;
      for (const ConcordanceRow& row : found->rows) {
        rows.emplace_back(row.line, row.offset, row.cooccurrences);
      }
      EXPECT_EQ(rows, expected) << node << " " << collocate;
      total_rows += rows.size();
    }
    EXPECT_GT(total_rows, 200u);
  }
}

TEST_F(ConcordanceTest, Issue12RowsQuoteTheOriginalTextAndMarkTheCollocates) {
  const std::string input = dir_.Join("text.txt");
  testing::WriteFile(input,
                     "First line without it.\n"
                     "The\tCAT sat, then ＣＡＴ and the dog; the cat again\n");
  IngestOptions options;
  options.window = 2;
  Build({input}, options);
  ConcordanceOptions find;
  find.width = 12;
  absl::StatusOr<Concordance> found = Find("Cat", "", find);
  ASSERT_OK(found);
  ASSERT_EQ(found->rows.size(), 3u);
  const ConcordanceRow& first = found->rows[0];
  EXPECT_EQ(first.source, input);
  EXPECT_EQ(first.line, 2u);
  EXPECT_EQ(first.offset, 4u);
  EXPECT_EQ(first.left, "The ");  // The tab shows as a space.
  EXPECT_EQ(first.node, "CAT");
  EXPECT_EQ(first.right, " sat, then ");
  EXPECT_EQ(found->rows[1].node, "ＣＡＴ");  // Full-width: 2 columns each.
  EXPECT_EQ(found->rows[1].left, "T sat, then ");
  EXPECT_EQ(found->rows[1].right, " and the dog");
  EXPECT_EQ(found->rows[2].node, "cat");
  EXPECT_EQ(found->rows[2].right, " again");
  EXPECT_TRUE(found->rows[2].left_words.empty());  // Unsorted: no keys.
  // Sorted by the words to the left, nearest first.
  ConcordanceOptions by_left = find;
  by_left.sort = ConcordanceSort::kLeft;
  absl::StatusOr<Concordance> sorted = Find("cat", "", by_left);
  ASSERT_OK(sorted);
  ASSERT_EQ(sorted->rows.size(), 3u);
  EXPECT_EQ(sorted->rows[0].left_words, (std::vector<std::string>{"the"}));
  EXPECT_EQ(sorted->rows[1].left_words,
            (std::vector<std::string>{"the", "dog", "the"}));
  EXPECT_EQ(sorted->rows[2].left_words,
            (std::vector<std::string>{"then", "sat", "cat"}));
  EXPECT_EQ(sorted->rows[2].node, "ＣＡＴ");

  // With a collocate within 2 tokens: "the" before the first and the last
  // cat; the dog is 3 tokens from the second.
  absl::StatusOr<Concordance> pairs = Find("cat", "the", find);
  ASSERT_OK(pairs);
  ASSERT_EQ(pairs->rows.size(), 3u);
  EXPECT_EQ(pairs->rows[0].left_collocates,
            (std::vector<TextSpan>{{0, 3}}));  // "The"
  EXPECT_EQ(pairs->rows[1].right_collocates,
            (std::vector<TextSpan>{{5, 8}}));  // " and the": "the"
  EXPECT_EQ(pairs->cooccurrences, 3u);  // The-CAT, ＣＡＴ-the, the-cat.
  absl::StatusOr<Concordance> dog = Find("cat", "dog", find);
  ASSERT_OK(dog);
  EXPECT_EQ(dog->rows.size(), 1u);
  EXPECT_EQ(dog->cooccurrences, 1u);

  const std::string table = ConcordanceTable(*found, find.width, false);
  EXPECT_NE(table.find(absl::StrCat(input, ":2", std::string(11, ' '),
                                    "The CAT sat, then\n")),
            std::string::npos)
      << table;
  EXPECT_EQ(ConcordanceTable(*pairs, 12, true).find("\x1b[1;34mThe\x1b[0m"),
            ConcordanceTable(*pairs, 12, true).find(":2") + 13);
}

TEST_F(ConcordanceTest, Issue12ChangedOrMissingInputsAreNamedAndSkipped) {
  const std::string kept = dir_.Join("kept.txt");
  const std::string changed = dir_.Join("changed.txt");
  const std::string gone = dir_.Join("gone.txt");
  testing::WriteFile(kept, "alpha beta\n");
  testing::WriteFile(changed, "alpha gamma\n");
  testing::WriteFile(gone, "alpha delta\n");
  Build({kept, changed, gone}, IngestOptions());
  testing::WriteFile(changed, "alpha omega\n");  // Same size, other text.
  std::filesystem::remove(gone);
  absl::StatusOr<Concordance> found = Find("alpha", "");
  ASSERT_OK(found);
  ASSERT_EQ(found->rows.size(), 1u);
  EXPECT_EQ(found->rows[0].source, kept);
  ASSERT_EQ(found->skipped.size(), 2u);
  EXPECT_EQ(found->skipped[0].path, changed);
  EXPECT_NE(found->skipped[0].reason.find("changed"), std::string::npos);
  EXPECT_EQ(found->skipped[1].path, gone);
  const std::vector<std::string> summary = ConcordanceSummary(*found);
  ASSERT_EQ(summary.size(), 3u);
  EXPECT_EQ(summary[2].rfind("skipped " + gone + ": cannot be read", 0), 0u)
      << summary[2];
  EXPECT_FALSE(found->complete);

  // --from reads the text given instead, unchecked.
  ConcordanceOptions from;
  from.from = {changed};
  absl::StatusOr<Concordance> given = Find("alpha", "", from);
  ASSERT_OK(given);
  ASSERT_EQ(given->rows.size(), 1u);
  EXPECT_EQ(given->rows[0].right, " omega");
  from.from = {gone};
  EXPECT_FALSE(Find("alpha", "", from).ok());
}

TEST_F(ConcordanceTest, Issue12LimitAndSortGiveTheRowsOfAWholeScan) {
  Build({testing::CorpusPath("en_austen_sample.txt")}, IngestOptions());
  ConcordanceOptions all;
  all.limit = 0;
  all.threads = 1;
  absl::StatusOr<Concordance> whole = Find("elizabeth", "", all);
  ASSERT_OK(whole);
  ASSERT_GT(whole->rows.size(), 100u);
  for (int threads : {1, 2}) {
    ConcordanceOptions limited;
    limited.limit = 30;
    limited.threads = threads;
    limited.range_bytes = 8 << 10;
    absl::StatusOr<Concordance> first = Find("elizabeth", "", limited);
    ASSERT_OK(first);
    EXPECT_FALSE(first->complete);
    EXPECT_TRUE(first->limited);
    ASSERT_EQ(first->rows.size(), 30u);
    for (size_t i = 0; i < 30; ++i) {
      EXPECT_EQ(first->rows[i].line, whole->rows[i].line);
      EXPECT_EQ(first->rows[i].offset, whole->rows[i].offset);
    }
  }
  for (ConcordanceSort sort : {ConcordanceSort::kLeft, ConcordanceSort::kRight}) {
    const auto key = [sort](const ConcordanceRow& row) {
      return sort == ConcordanceSort::kLeft ? row.left_words : row.right_words;
    };
    ConcordanceOptions sorted = all;
    sorted.sort = sort;
    absl::StatusOr<Concordance> every = Find("elizabeth", "", sorted);
    ASSERT_OK(every);
    ASSERT_EQ(every->rows.size(), whole->rows.size());
    // The same rows, in the order of their keys, ties in input order.
    std::vector<std::pair<uint64_t, uint64_t>> places, sorted_places;
    for (size_t i = 0; i < whole->rows.size(); ++i) {
      places.emplace_back(whole->rows[i].line, whole->rows[i].offset);
      sorted_places.emplace_back(every->rows[i].line, every->rows[i].offset);
      if (i > 0) {
        EXPECT_LE(key(every->rows[i - 1]), key(every->rows[i]));
        if (key(every->rows[i - 1]) == key(every->rows[i])) {
          EXPECT_LT(sorted_places[i - 1], sorted_places[i]);
        }
      }
    }
    std::sort(sorted_places.begin(), sorted_places.end());
    EXPECT_EQ(sorted_places, places);
    sorted.limit = 40;
    absl::StatusOr<Concordance> first = Find("elizabeth", "", sorted);
    ASSERT_OK(first);
    EXPECT_TRUE(first->complete);
    EXPECT_EQ(first->matches, whole->rows.size());
    ASSERT_EQ(first->rows.size(), 40u);
    for (size_t i = 0; i < 40; ++i) {
      EXPECT_EQ(first->rows[i].line, every->rows[i].line);
      EXPECT_EQ(first->rows[i].offset, every->rows[i].offset);
    }
  }
  EXPECT_FALSE(ParseConcordanceSort("lefft").ok());
}

TEST_F(ConcordanceTest, Issue12TokenizesWithTheDatabasesStopwordsAndRefusesWhatItLacks) {
  // Stopwords are gone before windows form: "cat the the dog" at W = 1
  // pairs cat with dog once the two "the" are dropped.
  const std::string input = dir_.Join("stop.txt");
  testing::WriteFile(input, "cat the the dog\n");
  IngestOptions options;
  options.window = 1;
  absl::StatusOr<std::shared_ptr<const StopwordList>> english =
      StopwordList::Builtin("en");
  ASSERT_OK(english);
  options.stopwords = *english;
  Build({input}, options);
  absl::StatusOr<Concordance> found = Find("cat", "dog");
  ASSERT_OK(found);
  EXPECT_EQ(found->cooccurrences, 1u);
  EXPECT_EQ(found->stored_count, 1u);

  const std::string words = dir_.Join("stop_words.txt");
  testing::WriteFile(words, "the\n");
  absl::StatusOr<std::shared_ptr<const StopwordList>> file =
      StopwordList::Open(words);
  ASSERT_OK(file);
  options.stopwords = *file;
  Build({input}, options);
  absl::StatusOr<Concordance> without = Find("cat", "dog");
  EXPECT_EQ(without.status().code(), absl::StatusCode::kFailedPrecondition);
  ConcordanceOptions with;
  with.stopwords = *file;
  absl::StatusOr<Concordance> with_list = Find("cat", "dog", with);
  ASSERT_OK(with_list);
  EXPECT_EQ(with_list->cooccurrences, 1u);
  with.stopwords = *english;  // Another list than the database's.
  EXPECT_EQ(Find("cat", "dog", with).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Find("zebra", "").status().code(), absl::StatusCode::kNotFound);
}

// A database of text segmented beforehand (--pretokenized) or converted
// to Simplified (--convert t2s): the concordance tokenizes as it counted,
// and quotes the text as it is (Traditional stays Traditional).
TEST_F(ConcordanceTest, Issue13PretokenizedAndConvertedDatabasesAreQuotedAsCounted) {
  const std::string input = dir_.Join("zh.txt");
  testing::WriteFile(input, "长江大桥 今天 通车 了\n我們 看見 長江大橋\n");
  IngestOptions pretokenized;
  pretokenized.window = 2;
  pretokenized.segmentation = Segmentation::kPretokenized;
  Build({input}, pretokenized);
  absl::StatusOr<Concordance> bridge = Find("长江大桥", "");
  ASSERT_OK(bridge);
  ASSERT_EQ(bridge->rows.size(), 1u);  // 長江大橋 is another token here.
  EXPECT_EQ(bridge->rows[0].node, "长江大桥");
  EXPECT_EQ(bridge->rows[0].right, " 今天 通车 了");

  IngestOptions converted;
  converted.window = 2;
  converted.segmentation = Segmentation::kPretokenized;
  converted.script_conversion = ScriptConversion::kTraditionalToSimplified;
  Build({input}, converted);
  absl::StatusOr<Concordance> both = Find("長江大橋", "看见");
  ASSERT_OK(both);
  ASSERT_EQ(both->rows.size(), 1u);
  EXPECT_EQ(both->rows[0].line, 2u);
  EXPECT_EQ(both->rows[0].node, "長江大橋");
  EXPECT_EQ(both->rows[0].left, "我們 看見 ");
  EXPECT_EQ(both->rows[0].left_collocates, (std::vector<TextSpan>{{7, 13}}));
  EXPECT_EQ(both->cooccurrences, both->stored_count);
  absl::StatusOr<Concordance> all = Find("长江大桥", "");
  ASSERT_OK(all);
  EXPECT_EQ(all->rows.size(), 2u);
}

}  // namespace
}  // namespace cooc
