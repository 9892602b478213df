// Query: the right half of the pipeline.
//
//   RocksDB counts -> [contingency tables -> measures -> ranked answers]
//
// A Query opens a database read-only (it works while an ingest writes and
// sees the last committed state) and answers the four questions cooc is
// asked: one pair's table, the best associates of a term, the best pairs of
// the corpus, and the corpus statistics. Query terms are normalized by the
// tokenizer settings the database was built with, exactly as its text was.

#ifndef COOC_INCLUDE_COOC_QUERY_H_
#define COOC_INCLUDE_COOC_QUERY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/entropy.h"
#include "cooc/measures.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"

namespace cooc {

// Which counts make up a pair's contingency table (measures.h).
enum class Marginals {
  // Pair-event marginals (the default): O11 = c(x,y), R1 = c(x,*),
  // C1 = c(*,y), N = all pair events. The four cells sum to N, so the
  // table is a real 2x2 table of pair events.
  kPair,
  // NLTK's convention (BigramCollocationFinder.score_ngram): O11 =
  // c(x,y)/W, R1 = f(x), C1 = f(y), N = tokens, where W is the window and
  // f the token frequency. In symmetric mode, where every co-occurrence is
  // two events, O11 = c(x,y)/(2W), the mean of the two directions' O11. If
  // the result has R1 + C1 - O11 > N (only possible for a pair (x, x) whose
  // word is more than half of the tokens, where NLTK's likelihood_ratio
  // fails on a negative cell), N is raised to R1 + C1 - O11.
  kUnigram,
};

// Parses "pair" or "unigram"; InvalidArgument otherwise.
absl::StatusOr<Marginals> ParseMarginals(absl::string_view name);
absl::string_view MarginalsName(Marginals marginals);

// Which side of independence a ranking lists: pairs seen more often than
// expected (O11 > E11 = R1*C1/N, attraction) or less (repulsion).
enum class Direction {
  // kPositive for the test statistics (MeasureIsTestStatistic: llr, chi2,
  // mi, ...), whose strong scores include repulsion; kAny for the others.
  kDefault,
  kPositive,  // Attraction only.
  kNegative,  // Repulsion only: for a signed measure (MeasureIsSigned) the
              // lowest scores first, for the others the strongest evidence.
  kAny,       // Both.
};

// Parses "positive", "negative" or "any"; InvalidArgument otherwise.
absl::StatusOr<Direction> ParseDirection(absl::string_view name);

// Which neighbours of a term Query::Associates lists in an ordered
// database: the words after it (pairs (term, y)), before it (pairs
// (x, term), read from the right index, StoreOptions::right_index), or
// both, each pair with its own table, ranked together. A symmetric
// database counts both directions in every pair and takes only kBoth.
enum class Side { kBoth, kLeft, kRight };

// Parses "both", "left" or "right"; InvalidArgument otherwise.
absl::StatusOr<Side> ParseSide(absl::string_view name);
// "positive", "negative" or "any" for the direction `direction` means with
// `measure` (kDefault resolved).
absl::string_view DirectionName(Direction direction, Measure measure);

// `direction` with kDefault resolved for `measure`: kPositive for the test
// statistics (MeasureIsTestStatistic), kAny for the others.
Direction ResolveDirection(Direction direction, Measure measure);
// True if `table` is on the side of independence that the resolved
// `direction` keeps (O11 > E11 for kPositive, O11 < E11 for kNegative).
bool OnSide(Direction direction, const ContingencyTable& table);
// The key a ranking by `measure` in the resolved `direction` sorts by,
// highest first: `score`, negated for the p-values (MeasureRanking) and
// for the repulsion ranking of a signed measure (MeasureIsSigned). NaN or
// -inf: not rankable.
double RankingKey(Measure measure, Direction direction, double score);

struct QueryOptions {
  // The measure that ranks associates and collocations. Default: kPmi.
  Measure measure = Measure::kPmi;
  // Logarithm base of the measures that take one (measures.h). Default:
  // kTwo (bits).
  LogBase base = LogBase::kTwo;
  // How many results at most. Default: 20.
  int top = 20;
  // Pairs seen fewer times than this (raw c(x,y), whatever the marginals
  // and smoothing) are not ranked (low counts make pmi unreliable). Values
  // below 1 count as 1. Default: 5.
  uint64_t min_count = 5;
  // Which counts make up the table. Default: kPair.
  Marginals marginals = Marginals::kPair;
  // Additive smoothing: k is added to every cell of the table, so O11 + k,
  // R1 + 2k, C1 + 2k, N + 4k (after the marginals are chosen). It affects
  // every measure and makes the pmi of an unseen pair finite. From 0 to
  // kMaxAddK. Default: 0 (none).
  double add_k = 0;
  // Context-distribution smoothing exponent a (Levy, Goldberg & Dagan 2015):
  // the pmi family (pmi, npmi, ppmi, mi2, mi3, local_mi) takes C1 =
  // N * C(y)^a / sum_z C(z)^a, where C(z) is the column marginal of the
  // chosen marginals plus 2k (c(*,z) + 2k, or f(z) + 2k), z runs over the
  // whole vocabulary and N is the table's N; other measures keep C1. In
  // (0, 1]; 1 leaves C1 as it is. Default: 1 (none). Levy et al. use 0.75.
  double cds = 1;

  // Filters of the rankings (Associates and Collocations; Pair ignores
  // them). They leave the counts and every table as they are: a pair they
  // leave out is not ranked.
  //
  // Whether a pair (x, x) of a word with itself is ranked: in a window a
  // repeated word pairs with itself without being a collocation. Default:
  // false.
  bool self_pairs = false;
  // Which side of independence is ranked. Default: kDefault.
  Direction direction = Direction::kDefault;
  // Associates only: which neighbours of the term (Side). Default: kBoth.
  Side side = Side::kBoth;
  // Pairs whose words' token frequency f is below this (either word) are
  // not ranked. Default: 0 (none).
  uint64_t min_frequency = 0;
  // Words of this list are not ranked: a term's partners (Associates) or
  // either word of a pair (Collocations). Default: null (none).
  std::shared_ptr<const StopwordList> stopwords;
  // An ICU regular expression that must match somewhere in a term's
  // partners (Associates) or in both words of a pair (Collocations); empty
  // for any. Default: empty.
  std::string match;
};

// The largest QueryOptions::add_k. A pseudo-count of a trillion outweighs
// any real count many times over, and the bound keeps every cell of a table
// (at most 2^64 + 4k) and every product of cells the measures form (chi2's
// is of the fifth power) far inside the range of a double, so no cell or
// score overflows to inf (issue 10: --add-k 1e308 made N + 4k infinite and
// every score NaN, so collocations listed nothing).
inline constexpr double kMaxAddK = 1e12;

// Returns InvalidArgument unless top >= 1, 0 <= add_k <= kMaxAddK and
// 0 < cds <= 1.
absl::Status ValidateQueryOptions(const QueryOptions& options);

// What the last Associates or Collocations call ranked, so that an empty
// answer can say why.
struct RankingCounts {
  // Pairs seen at least min_count times (the pairs that were scored).
  uint64_t candidates = 0;
  // Of those, the pairs without a rankable score (NaN, -inf, or +inf for a
  // p-value), which are never listed.
  uint64_t unscored = 0;
  // Of the candidates, those left out by the word filters (self_pairs,
  // min_frequency, stopwords, match), and of the rest those on the other
  // side of independence (direction).
  uint64_t filtered_words = 0;
  uint64_t filtered_direction = 0;
};

// One pair (x, y) with its contingency table (measures.h), built as
// QueryOptions::marginals and the smoothing options say.
//
// `fx` and `fy` are the words' token frequencies f(x) and f(y)
// (TermCounts::frequency), whatever the marginals: with the default pair
// marginals r1 and c1 are pair-event marginals (about 2W times f in a
// window of W), which a reader does not take for word frequencies.
struct PairTable {
  std::string x;
  std::string y;
  ContingencyTable table;
  uint64_t fx = 0;
  uint64_t fy = 0;
};

struct ScoredPair {
  PairTable pair;
  double score = 0;  // By QueryOptions::measure.
};

// What Query::Stats computes.
enum class StatsScope {
  // The totals, the settings and the size on disk: no pair is read, so it
  // takes milliseconds whatever the database's size.
  kTotals,
  // Also the information of the pair events (entropy.h), from a scan of
  // every pair on all cores, which also counts the distinct pairs exactly.
  kInformation,
};

struct CorpusStats {
  StoreOptions store;
  // totals.distinct_pairs is nullopt when it is unknown without a scan
  // (CountStore::ReadTotals), and always known with kInformation.
  Totals totals;
  uint64_t db_bytes = 0;
  // The base of `information`.
  LogBase base = LogBase::kTwo;
  // The information of the left and right words of the pair events
  // (entropy.h), in `base`; nullopt unless asked for (kInformation). Not
  // defined (all NaN) for sentence and line units, whose marginals are
  // document frequencies rather than sums of pair events.
  std::optional<PairInformation> information;
};

// Thread-safety: not thread-safe (it owns a Tokenizer).
class Query {
 public:
  // Opens the database at `db_path` read-only. Errors as CountStore::Open.
  static absl::StatusOr<std::unique_ptr<Query>> Open(const std::string& db_path);

  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Returns the table of (`x`, `y`) under `options` (marginals and
  // smoothing; the ranking fields are ignored). NotFound if a term is not in
  // the vocabulary (or does not normalize to a single term);
  // InvalidArgument for invalid options. A pair never seen has c(x,y) = 0.
  absl::StatusOr<PairTable> Pair(absl::string_view x, absl::string_view y,
                                 const QueryOptions& options = {});

  // Returns the best partners y of `term` (pairs (term, y)) by
  // `options.measure`, best first (highest score, or lowest for the
  // p-values: MeasureRanking), ties broken by order of first appearance
  // of y in the corpus. Pairs whose score is -inf (or +inf for a p-value)
  // are never listed. Reads only term's key range in its shard and its
  // partners' counts; for a term with more than kManyPartners partners
  // (and with cds) it reads every term's counts instead, once per Query,
  // and keeps them (24 bytes per vocabulary term), so that queries of
  // frequent terms, and many queries in one process, cost a scan of the
  // partners only. The filters of `options` (self_pairs, direction,
  // min_frequency, stopwords, match) apply to the partners; stopwords and
  // match read the whole vocabulary once per Query and keep a flag per term.
  // InvalidArgument for a pattern ICU does not accept.
  absl::StatusOr<std::vector<ScoredPair>> Associates(
      absl::string_view term, const QueryOptions& options);

  // Returns the best pairs of the whole corpus, best first, ties broken by
  // order of first appearance of x, then of y. In symmetric mode each
  // unordered pair appears once (x before y in first-appearance order).
  // Reads the shards in parallel on all cores. Memory is bounded by
  // `options.top` times the number of shards, plus the vocabulary size,
  // whatever the number of pairs. The filters of `options` apply to both
  // words of a pair.
  absl::StatusOr<std::vector<ScoredPair>> Collocations(
      const QueryOptions& options);

  // Returns the totals, the settings and the size on disk; with
  // StatsScope::kInformation also the information of the pair events in
  // `base`, which scans every pair (MeasurePairInformation).
  absl::StatusOr<CorpusStats> Stats(StatsScope scope = StatsScope::kTotals,
                                    LogBase base = LogBase::kTwo);

  const CountStore& store() const { return *store_; }

  // Above this many partners a term's query reads the whole vocabulary's
  // counts once (see Associates) rather than the partners' one by one.
  static constexpr size_t kManyPartners = 2048;
  // The counts of the last Associates or Collocations call (zeros before
  // any, and after one that failed before scoring).
  const RankingCounts& last_ranking() const { return last_ranking_; }

 private:
  // The counts of every term, read once (CountStore::AllCounts) and kept.
  absl::StatusOr<const std::vector<TermCounts>*> AllCounts();
  Query(std::unique_ptr<CountStore> store, std::unique_ptr<Tokenizer> tokenizer);
  absl::StatusOr<uint32_t> IdOf(absl::string_view term);
  // Returns sum_z (C(z) + 2k)^a of QueryOptions::cds, computed once per
  // (marginals, k, a) and cached.
  absl::StatusOr<double> CdsNormalizer(const QueryOptions& options);
  // The vocabulary by id, read once and kept.
  absl::StatusOr<const std::vector<std::string>*> AllTerms();
  // For each id, whether its term passes options.stopwords and
  // options.match; null when neither is set. Kept for the last
  // (stopwords, match) asked.
  absl::StatusOr<const std::vector<bool>*> WordFilter(
      const QueryOptions& options);

  struct CdsCache {
    Marginals marginals;
    double add_k;
    double cds;
    double normalizer;
  };

  std::unique_ptr<CountStore> store_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::optional<CdsCache> cds_cache_;
  std::optional<std::vector<TermCounts>> all_counts_;
  // The vocabulary by id, read for the first unknown query term (whose
  // message suggests close terms) and kept.
  std::optional<std::vector<std::string>> all_terms_;
  struct WordFilterCache {
    std::shared_ptr<const StopwordList> stopwords;
    std::string match;
    std::vector<bool> allowed;
  };
  std::optional<WordFilterCache> word_filter_;
  RankingCounts last_ranking_;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_QUERY_H_
