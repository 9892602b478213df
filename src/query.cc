// Ranking keeps a bounded min-heap of (score, x, y) ids: the worst kept
// candidate is on top and is replaced when a better one arrives, so memory
// is O(top) whatever the number of pairs scanned. Terms are resolved only
// for the pairs that make it into the answer. A candidate's rank key is its
// score, negated for the measures where lower is stronger (p-values), and
// candidates whose key is -inf or NaN are never ranked.
//
// Tables are built by TableMaker from the raw counts, once per pair and
// without allocating: marginals, then add-k, then context-distribution
// smoothing, whose normalizer sum_z (C(z) + 2k)^a needs every term's counts
// and is cached in the Query.

#include "cooc/query.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cooc/close_words.h"
#include "dropped_term.h"
#include "shard_scan.h"
#include "status_macros.h"
#include "term_matcher.h"

namespace cooc {
namespace {

struct Candidate {
  double score;
  double key;  // score, or -score where lower is stronger.
  uint32_t x;
  uint32_t y;
  ContingencyTable table;
  uint64_t fx;  // Token frequencies of x and y (PairTable::fx, fy).
  uint64_t fy;
};

// True if `a` ranks before `b`: higher key, then smaller ids.
bool RanksBefore(const Candidate& a, const Candidate& b) {
  if (a.key != b.key) return a.key > b.key;
  if (a.x != b.x) return a.x < b.x;
  return a.y < b.y;
}

// The direction `options` ask for, kDefault resolved.
Direction DirectionOf(const QueryOptions& options) {
  return ResolveDirection(options.direction, options.measure);
}

// Decides which scored pairs a ranking considers (QueryOptions' filters),
// counting those it leaves out.
class PairFilter {
 public:
  // `words`: WordFilter's flags by id (null: every word passes); `counts`
  // gives f of the words.
  PairFilter(const QueryOptions& options, const std::vector<bool>* words)
      : self_pairs_(options.self_pairs),
        min_frequency_(options.min_frequency),
        direction_(DirectionOf(options)),
        words_(words) {}

  // True if the pair (x, y) with word counts fx, fy and `table` is ranked.
  // `check_x`: whether x's word flag applies (not for the term queried).
  bool Keep(uint32_t x, uint32_t y, uint64_t fx, uint64_t fy, bool check_x,
            const ContingencyTable& table, RankingCounts* counts) const {
    if ((!self_pairs_ && x == y) || fx < min_frequency_ ||
        fy < min_frequency_ ||
        (words_ != nullptr &&
         ((check_x && (x >= words_->size() || !(*words_)[x])) ||
          y >= words_->size() || !(*words_)[y]))) {
      ++counts->filtered_words;
      return false;
    }
    const bool keep = OnSide(direction_, table);
    if (!keep) ++counts->filtered_direction;
    return keep;
  }

 private:
  const bool self_pairs_;
  const uint64_t min_frequency_;
  const Direction direction_;
  const std::vector<bool>* const words_;
};

// Keeps the `capacity` best candidates offered.
class TopK {
 public:
  TopK(size_t capacity, const QueryOptions& options)
      : capacity_(capacity),
        sign_(RankingKey(options.measure, DirectionOf(options), 1.0)) {}

  // Counts a candidate seen but left out by a PairFilter.
  RankingCounts* counts() { return &counts_; }

  // Scores `candidate` (its score field) and keeps it if it is among the
  // best so far.
  void Offer(Candidate candidate) {
    candidate.key = sign_ * candidate.score;
    if (std::isnan(candidate.key) || candidate.key == -INFINITY) {
      ++counts_.unscored;
      return;
    }
    if (heap_.size() < capacity_) {
      heap_.push_back(candidate);
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
    } else if (RanksBefore(candidate, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), RanksBefore);
      heap_.back() = candidate;
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore);
    }
  }

  // Returns the kept candidates, best first.
  std::vector<Candidate> Take() {
    std::sort(heap_.begin(), heap_.end(), RanksBefore);
    return std::move(heap_);
  }


 private:
  size_t capacity_;
  double sign_;
  std::vector<Candidate> heap_;  // Heap whose front is the worst kept.
  RankingCounts counts_;
};

// Builds the contingency tables of QueryOptions (marginals and smoothing)
// from raw counts. `cds_normalizer` is sum_z (C(z) + 2k)^a (unused when
// options.cds == 1).
// Unigram marginals (NLTK's convention) are defined for windows only.
absl::Status CheckMarginals(const QueryOptions& options,
                            const StoreOptions& store) {
  if (options.marginals == Marginals::kUnigram &&
      store.unit != CountingUnit::kWindow) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--marginals unigram needs a window database; this one counts ",
        CountingUnitName(store.unit), " units"));
  }
  return absl::OkStatus();
}

class TableMaker {
 public:
  TableMaker(const QueryOptions& options, const StoreOptions& store,
             const Totals& totals, double cds_normalizer)
      : marginals_(options.marginals),
        add_k_(options.add_k),
        cds_(options.cds),
        cds_normalizer_(cds_normalizer),
        pair_events_(static_cast<double>(totals.pair_events)),
        tokens_(static_cast<double>(totals.tokens)),
        // Events per co-occurrence times the window.
        divisor_(static_cast<double>(store.window) *
                 (store.mode == PairMode::kSymmetric ? 2 : 1)) {}

  ContingencyTable Make(uint64_t count, const TermCounts& x,
                        const TermCounts& y) const {
    ContingencyTable t;
    double column;  // C(y): the column marginal the cds distribution uses.
    if (marginals_ == Marginals::kPair) {
      t.o11 = static_cast<double>(count);
      t.r1 = static_cast<double>(x.row);
      t.c1 = static_cast<double>(y.column);
      t.n = pair_events_;
      column = t.c1;
    } else {
      t.o11 = static_cast<double>(count) / divisor_;
      t.r1 = static_cast<double>(x.frequency);
      t.c1 = static_cast<double>(y.frequency);
      t.n = tokens_;
      column = t.c1;
      // Only a pair (x, x) of a word that is most of the corpus: see
      // Marginals::kUnigram.
      if (t.r1 - t.o11 > t.n - t.c1) t.n = t.r1 + t.c1 - t.o11;
    }
    if (add_k_ > 0) {
      t.o11 += add_k_;
      t.r1 += 2 * add_k_;
      t.c1 += 2 * add_k_;
      t.n += 4 * add_k_;
    }
    if (cds_ != 1) {
      t.cds_c1 = t.n * (std::pow(column + 2 * add_k_, cds_) / cds_normalizer_);
    }
    return t;
  }

 private:
  Marginals marginals_;
  double add_k_;
  double cds_;
  double cds_normalizer_;
  double pair_events_;
  double tokens_;
  double divisor_;
};

// Resolves the ids of `ranked` into terms.
// Long answers (more terms than this) read the whole vocabulary in one scan
// instead of one lookup per term.
constexpr size_t kVocabularyScanThreshold = 2000;

absl::StatusOr<std::vector<ScoredPair>> WithTerms(
    const CountStore& store, const std::vector<Candidate>& ranked) {
  std::vector<std::string> vocabulary;  // By id, when scanned.
  if (2 * ranked.size() > kVocabularyScanThreshold) {
    COOC_ASSIGN_OR_RETURN(vocabulary, store.TermsById());
  }
  const auto term = [&](uint32_t id) -> absl::StatusOr<std::string> {
    if (id < vocabulary.size() && !vocabulary[id].empty()) {
      return vocabulary[id];
    }
    return store.Term(id);
  };
  std::vector<ScoredPair> result;
  result.reserve(ranked.size());
  for (const Candidate& c : ranked) {
    ScoredPair scored;
    scored.score = c.score;
    scored.pair.table = c.table;
    scored.pair.fx = c.fx;
    scored.pair.fy = c.fy;
    COOC_ASSIGN_OR_RETURN(scored.pair.x, term(c.x));
    COOC_ASSIGN_OR_RETURN(scored.pair.y, term(c.y));
    result.push_back(std::move(scored));
  }
  return result;
}

}  // namespace

absl::StatusOr<Marginals> ParseMarginals(absl::string_view name) {
  if (name == "pair") return Marginals::kPair;
  if (name == "unigram") return Marginals::kUnigram;
  return UnknownNameError("marginals", name, {"pair", "unigram"});
}

absl::string_view MarginalsName(Marginals marginals) {
  return marginals == Marginals::kPair ? "pair" : "unigram";
}

Direction ResolveDirection(Direction direction, Measure measure) {
  if (direction != Direction::kDefault) return direction;
  return MeasureIsTestStatistic(measure) ? Direction::kPositive
                                         : Direction::kAny;
}

bool OnSide(Direction direction, const ContingencyTable& table) {
  if (direction == Direction::kAny || direction == Direction::kDefault) {
    return true;
  }
  const double expected = Expected11(table);
  return direction == Direction::kPositive ? table.o11 > expected
                                           : table.o11 < expected;
}

double RankingKey(Measure measure, Direction direction, double score) {
  const double sign =
      (MeasureRanking(measure) == Ranking::kLowerIsStronger ? -1 : 1) *
      (direction == Direction::kNegative && MeasureIsSigned(measure) ? -1 : 1);
  return sign * score;
}

absl::StatusOr<Direction> ParseDirection(absl::string_view name) {
  if (name == "positive") return Direction::kPositive;
  if (name == "negative") return Direction::kNegative;
  if (name == "any") return Direction::kAny;
  return UnknownNameError("direction", name, {"positive", "negative", "any"});
}

absl::StatusOr<Side> ParseSide(absl::string_view name) {
  if (name == "both") return Side::kBoth;
  if (name == "left") return Side::kLeft;
  if (name == "right") return Side::kRight;
  return UnknownNameError("side", name, {"both", "left", "right"});
}

absl::string_view DirectionName(Direction direction, Measure measure) {
  QueryOptions options;
  options.direction = direction;
  options.measure = measure;
  switch (DirectionOf(options)) {
    case Direction::kPositive:
      return "positive";
    case Direction::kNegative:
      return "negative";
    default:
      return "any";
  }
}

absl::Status ValidateQueryOptions(const QueryOptions& options) {
  if (options.top < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("top must be at least 1, not ", options.top));
  }
  if (!(options.add_k >= 0 && options.add_k <= kMaxAddK)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "add-k must be a number from 0 to ", kMaxAddK,
        " (larger ones would overflow the table), not ", options.add_k));
  }
  if (!(options.cds > 0 && options.cds <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the cds exponent must be in (0, 1], not ", options.cds));
  }
  return absl::OkStatus();
}

absl::StatusOr<const std::vector<TermCounts>*> Query::AllCounts() {
  if (!all_counts_.has_value()) {
    COOC_ASSIGN_OR_RETURN(all_counts_, store_->AllCounts());
  }
  return &*all_counts_;
}

absl::StatusOr<const std::vector<std::string>*> Query::AllTerms() {
  if (!all_terms_.has_value()) {
    COOC_ASSIGN_OR_RETURN(all_terms_, store_->TermsById());
  }
  return &*all_terms_;
}

absl::StatusOr<const std::vector<bool>*> Query::WordFilter(
    const QueryOptions& options) {
  if (options.stopwords == nullptr && options.match.empty()) return nullptr;
  if (word_filter_.has_value() &&
      word_filter_->stopwords == options.stopwords &&
      word_filter_->match == options.match) {
    return &word_filter_->allowed;
  }
  std::unique_ptr<TermMatcher> matcher;
  if (!options.match.empty()) {
    COOC_ASSIGN_OR_RETURN(matcher, TermMatcher::Create(options.match));
  }
  COOC_ASSIGN_OR_RETURN(const std::vector<std::string>* terms, AllTerms());
  std::vector<bool> allowed(terms->size());
  for (size_t id = 0; id < terms->size(); ++id) {
    const std::string& term = (*terms)[id];
    allowed[id] =
        (options.stopwords == nullptr || !options.stopwords->Contains(term)) &&
        (matcher == nullptr || matcher->Matches(term));
  }
  word_filter_ = WordFilterCache{options.stopwords, options.match,
                                 std::move(allowed)};
  return &word_filter_->allowed;
}

absl::StatusOr<double> Query::CdsNormalizer(const QueryOptions& options) {
  if (options.cds == 1) return 1.0;
  if (cds_cache_.has_value() && cds_cache_->marginals == options.marginals &&
      cds_cache_->add_k == options.add_k && cds_cache_->cds == options.cds) {
    return cds_cache_->normalizer;
  }
  COOC_ASSIGN_OR_RETURN(const std::vector<TermCounts>* counts, AllCounts());
  double sum = 0;
  for (const TermCounts& term : *counts) {
    const uint64_t column = options.marginals == Marginals::kPair
                                ? term.column
                                : term.frequency;
    const double smoothed = static_cast<double>(column) + 2 * options.add_k;
    if (smoothed > 0) sum += std::pow(smoothed, options.cds);
  }
  cds_cache_ = CdsCache{options.marginals, options.add_k, options.cds, sum};
  return sum;
}

Query::Query(std::unique_ptr<CountStore> store,
             std::unique_ptr<Tokenizer> tokenizer)
    : store_(std::move(store)), tokenizer_(std::move(tokenizer)) {}

Query::~Query() = default;

absl::StatusOr<std::unique_ptr<Query>> Query::Open(const std::string& db_path) {
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<CountStore> store,
      CountStore::Open(db_path, CountStore::Access::kReadOnly));
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(store->options().tokenizer));
  return absl::WrapUnique(new Query(std::move(store), std::move(tokenizer)));
}

absl::StatusOr<uint32_t> Query::IdOf(absl::string_view term) {
  absl::StatusOr<std::string> normalized = tokenizer_->NormalizeTerm(term);
  if (!normalized.ok()) {
    // A filter of the database (--min-length, numbers, punctuation) drops
    // it: say which; else what NormalizeTerm says.
    COOC_ASSIGN_OR_RETURN(
        const std::string reason,
        DroppedTermReason(store_->options().tokenizer, term));
    return absl::NotFoundError(absl::StrCat(
        "'", term, "' is not in the vocabulary: ",
        reason.empty() ? normalized.status().message() : reason));
  }
  absl::StatusOr<uint32_t> id = store_->Lookup(*normalized);
  if (absl::IsNotFound(id.status())) {
    // Stopwords are dropped at ingest only (the query's tokenizer does not
    // hold the list): a stopword normalizes and is not found.
    COOC_ASSIGN_OR_RETURN(
        const std::string reason,
        DroppedTermReason(store_->options().tokenizer, term));
    if (!reason.empty()) {
      return absl::NotFoundError(
          absl::StrCat("'", term, "' is not in the vocabulary: ", reason));
    }
    // Up to three vocabulary terms within two edits of it.
    COOC_RETURN_IF_ERROR(AllTerms().status());
    const std::string suggestion =
        DidYouMean(ClosestWords(*normalized, *all_terms_, 3, 2));
    if (*normalized != term) {
      return absl::NotFoundError(absl::StrCat(
          "'", term, "' (normalized: '", *normalized,
          "') is not in the vocabulary", suggestion));
    }
    return absl::NotFoundError(absl::StrCat(
        "'", term, "' is not in the vocabulary", suggestion));
  }
  return id;
}

absl::StatusOr<PairTable> Query::Pair(absl::string_view x,
                                      absl::string_view y,
                                      const QueryOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateQueryOptions(options));
  COOC_ASSIGN_OR_RETURN(uint32_t x_id, IdOf(x));
  COOC_ASSIGN_OR_RETURN(uint32_t y_id, IdOf(y));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(TermCounts x_counts, store_->Counts(x_id));
  COOC_ASSIGN_OR_RETURN(TermCounts y_counts, store_->Counts(y_id));
  COOC_ASSIGN_OR_RETURN(uint64_t count, store_->PairCount(x_id, y_id));
  COOC_ASSIGN_OR_RETURN(double normalizer, CdsNormalizer(options));
  COOC_RETURN_IF_ERROR(CheckMarginals(options, store_->options()));
  const TableMaker tables(options, store_->options(), totals, normalizer);
  PairTable result;
  COOC_ASSIGN_OR_RETURN(result.x, store_->Term(x_id));
  COOC_ASSIGN_OR_RETURN(result.y, store_->Term(y_id));
  result.table = tables.Make(count, x_counts, y_counts);
  result.fx = x_counts.frequency;
  result.fy = y_counts.frequency;
  return result;
}

absl::StatusOr<std::vector<ScoredPair>> Query::Associates(
    absl::string_view term, const QueryOptions& options) {
  last_ranking_ = RankingCounts();
  COOC_RETURN_IF_ERROR(ValidateQueryOptions(options));
  COOC_ASSIGN_OR_RETURN(uint32_t x, IdOf(term));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(TermCounts x_counts, store_->Counts(x));
  COOC_ASSIGN_OR_RETURN(double normalizer, CdsNormalizer(options));
  COOC_RETURN_IF_ERROR(CheckMarginals(options, store_->options()));
  const TableMaker tables(options, store_->options(), totals, normalizer);
  const uint64_t min_count = std::max<uint64_t>(options.min_count, 1);
  const bool ordered = store_->options().mode == PairMode::kOrdered;
  if (!ordered && options.side != Side::kBoth) {
    return absl::InvalidArgumentError(
        "--side left or right needs an ordered database (build one with "
        "--ordered): a symmetric database counts every pair both ways");
  }
  // The partners, in id order per side as the scans yield them: the words
  // after x (pairs (x, y)), then those before it (pairs (y, x)), whose
  // entries are marked in `before`.
  std::vector<uint32_t> partners;
  std::vector<uint64_t> pair_counts;
  std::vector<bool> before;
  PairCursorOptions cursor_options;
  cursor_options.min_count = min_count;
  const auto read = [&](PairCursor& cursor, bool left) -> absl::Status {
    PairEntry batch[256];
    while (true) {
      COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
      if (n == 0) return absl::OkStatus();
      for (size_t i = 0; i < n; ++i) {
        // (x, x) is on both sides: listed once, as a word after x.
        if (left && batch[i].y == x && options.side == Side::kBoth) continue;
        partners.push_back(batch[i].y);
        pair_counts.push_back(batch[i].count);
        before.push_back(left);
      }
    }
  };
  if (!ordered || options.side != Side::kLeft) {
    PairCursor cursor = store_->Partners(x, cursor_options);
    COOC_RETURN_IF_ERROR(read(cursor, false));
  }
  if (ordered && options.side != Side::kRight) {
    absl::StatusOr<PairCursor> cursor =
        store_->LeftPartners(x, cursor_options);
    if (!cursor.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          cursor.status().message(),
          "; --side right lists the words after a term without it"));
    }
    COOC_RETURN_IF_ERROR(read(*cursor, true));
  }

  // The partners' counts: read one by one for a few partners, else from
  // the whole vocabulary's, read once and kept (or already kept).
  std::vector<TermCounts> partner_counts;
  const std::vector<TermCounts>* all = nullptr;
  if (all_counts_.has_value() || partners.size() > kManyPartners) {
    COOC_ASSIGN_OR_RETURN(all, AllCounts());
    for (const uint32_t y : partners) {
      if (y >= all->size()) {
        return absl::DataLossError(absl::StrCat(
            store_->path(), ": pair (", x, ",", y, ") has an unknown id"));
      }
    }
  } else {
    // Counts reads ids in increasing order: both sides' ids, sorted once.
    std::vector<uint32_t> ids = partners;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    COOC_ASSIGN_OR_RETURN(const std::vector<TermCounts> counts,
                          store_->Counts(ids));
    partner_counts.reserve(partners.size());
    for (const uint32_t y : partners) {
      partner_counts.push_back(
          counts[std::lower_bound(ids.begin(), ids.end(), y) - ids.begin()]);
    }
  }
  COOC_ASSIGN_OR_RETURN(const std::vector<bool>* words, WordFilter(options));
  const PairFilter filter(options, words);
  TopK best(options.top, options);
  for (size_t i = 0; i < partners.size(); ++i) {
    const TermCounts& y_counts =
        all != nullptr ? (*all)[partners[i]] : partner_counts[i];
    // A word before x is the pair (y, x), with its own table.
    Candidate candidate =
        before[i]
            ? Candidate{0, 0, partners[i], x,
                        tables.Make(pair_counts[i], y_counts, x_counts),
                        y_counts.frequency, x_counts.frequency}
            : Candidate{0, 0, x, partners[i],
                        tables.Make(pair_counts[i], x_counts, y_counts),
                        x_counts.frequency, y_counts.frequency};
    ++best.counts()->candidates;
    // The word filters apply to the partner, whichever side it is on.
    if (!filter.Keep(x, partners[i], x_counts.frequency, y_counts.frequency,
                     /*check_x=*/false, candidate.table, best.counts())) {
      continue;
    }
    candidate.score = Score(options.measure, candidate.table, options.base);
    best.Offer(candidate);
  }
  last_ranking_ = *best.counts();
  return WithTerms(*store_, best.Take());
}

absl::StatusOr<std::vector<ScoredPair>> Query::Collocations(
    const QueryOptions& options) {
  last_ranking_ = RankingCounts();
  COOC_RETURN_IF_ERROR(ValidateQueryOptions(options));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(const std::vector<TermCounts>* all_counts, AllCounts());
  const std::vector<TermCounts>& counts = *all_counts;
  const bool symmetric = store_->options().mode == PairMode::kSymmetric;
  const uint64_t min_count = std::max<uint64_t>(options.min_count, 1);
  COOC_ASSIGN_OR_RETURN(double normalizer, CdsNormalizer(options));
  COOC_RETURN_IF_ERROR(CheckMarginals(options, store_->options()));
  const TableMaker tables(options, store_->options(), totals, normalizer);
  COOC_ASSIGN_OR_RETURN(const std::vector<bool>* words, WordFilter(options));
  const PairFilter filter(options, words);
  // One heap per shard, each read by its own cursor on some core; the
  // global best are among the union of the shards' best, and RanksBefore
  // is a total order, so the merged answer does not depend on the threads.
  const int shards = store_->options().shards;
  std::vector<std::vector<Candidate>> shard_best(shards);
  std::vector<RankingCounts> shard_counts(shards);
  const CountStore& store = *store_;
  COOC_RETURN_IF_ERROR(ScanShards(shards, [&](int shard) -> absl::Status {
    PairCursorOptions cursor_options;
    cursor_options.triangle =
        symmetric ? PairTriangle::kUpper : PairTriangle::kAll;
    cursor_options.min_count = min_count;
    cursor_options.cache = PairCursorOptions::Cache::kBypass;
    COOC_ASSIGN_OR_RETURN(PairCursor cursor,
                          store.ShardPairs(shard, cursor_options));
    TopK best(options.top, options);
    std::vector<PairEntry> batch(kScanBatch);
    while (true) {
      COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
      if (n == 0) break;
      for (size_t i = 0; i < n; ++i) {
        const PairEntry& p = batch[i];
        if (p.x >= counts.size() || p.y >= counts.size()) {
          return absl::DataLossError(absl::StrCat(
              store.path(), ": pair (", p.x, ",", p.y, ") has an unknown id"));
        }
        Candidate candidate{0, 0, p.x, p.y,
                            tables.Make(p.count, counts[p.x], counts[p.y]),
                            counts[p.x].frequency, counts[p.y].frequency};
        ++best.counts()->candidates;
        if (!filter.Keep(p.x, p.y, counts[p.x].frequency,
                         counts[p.y].frequency, /*check_x=*/true,
                         candidate.table, best.counts())) {
          continue;
        }
        candidate.score = Score(options.measure, candidate.table, options.base);
        best.Offer(candidate);
      }
    }
    shard_counts[shard] = *best.counts();
    shard_best[shard] = best.Take();
    return absl::OkStatus();
  }));
  for (const RankingCounts& counts : shard_counts) {
    last_ranking_.candidates += counts.candidates;
    last_ranking_.unscored += counts.unscored;
    last_ranking_.filtered_words += counts.filtered_words;
    last_ranking_.filtered_direction += counts.filtered_direction;
  }
  std::vector<Candidate> ranked;
  for (std::vector<Candidate>& part : shard_best) {
    ranked.insert(ranked.end(), part.begin(), part.end());
  }
  std::sort(ranked.begin(), ranked.end(), RanksBefore);
  if (ranked.size() > static_cast<size_t>(options.top)) {
    ranked.resize(options.top);
  }
  return WithTerms(*store_, ranked);
}

absl::StatusOr<CorpusStats> Query::Stats(StatsScope scope, LogBase base) {
  CorpusStats stats;
  stats.store = store_->options();
  COOC_ASSIGN_OR_RETURN(stats.totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(stats.db_bytes, store_->SizeOnDisk());
  stats.base = base;
  if (scope == StatsScope::kTotals) return stats;
  if (stats.store.unit == CountingUnit::kWindow) {
    COOC_ASSIGN_OR_RETURN(stats.information,
                          MeasurePairInformation(*store_, base));
    // The scan read every pair: the count is exact whatever the layout.
    stats.totals.distinct_pairs = stats.information->pairs;
  } else {
    const double undefined = std::numeric_limits<double>::quiet_NaN();
    stats.information = PairInformation{undefined, undefined, undefined,
                                        undefined, undefined, undefined,
                                        undefined, 0};
    if (!stats.totals.distinct_pairs.has_value()) {
      COOC_ASSIGN_OR_RETURN(stats.totals.distinct_pairs,
                            store_->CountPairs());
    }
    stats.information->pairs = *stats.totals.distinct_pairs;
  }
  return stats;
}

}  // namespace cooc
