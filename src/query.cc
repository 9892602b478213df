// Ranking keeps a bounded min-heap of (score, x, y) ids: the worst kept
// candidate is on top and is replaced when a better one arrives, so memory
// is O(top) whatever the number of pairs scanned. Terms are resolved only
// for the pairs that make it into the answer. Candidates whose score is
// -inf or NaN are never ranked.

#include "cooc/query.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "absl/memory/memory.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace cooc {
namespace {

struct Candidate {
  double score;
  uint32_t x;
  uint32_t y;
  ContingencyTable table;
};

// True if `a` ranks before `b`: higher score, then smaller ids.
bool RanksBefore(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.x != b.x) return a.x < b.x;
  return a.y < b.y;
}

// Keeps the `capacity` best candidates offered.
class TopK {
 public:
  explicit TopK(size_t capacity) : capacity_(capacity) {}

  void Offer(const Candidate& candidate) {
    if (std::isnan(candidate.score) || candidate.score == -INFINITY) return;
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
  std::vector<Candidate> heap_;  // Heap whose front is the worst kept.
};

// Resolves the ids of `ranked` into terms.
absl::StatusOr<std::vector<ScoredPair>> WithTerms(
    const CountStore& store, const std::vector<Candidate>& ranked) {
  std::vector<ScoredPair> result;
  result.reserve(ranked.size());
  for (const Candidate& c : ranked) {
    ScoredPair scored;
    scored.score = c.score;
    scored.pair.table = c.table;
    COOC_ASSIGN_OR_RETURN(scored.pair.x, store.Term(c.x));
    COOC_ASSIGN_OR_RETURN(scored.pair.y, store.Term(c.y));
    result.push_back(std::move(scored));
  }
  return result;
}

}  // namespace

absl::Status ValidateQueryOptions(const QueryOptions& options) {
  if (options.top < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("top must be at least 1, not ", options.top));
  }
  return absl::OkStatus();
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
    return absl::NotFoundError(absl::StrCat("'", term,
                                            "' is not in the vocabulary: ",
                                            normalized.status().message()));
  }
  absl::StatusOr<uint32_t> id = store_->Lookup(*normalized);
  if (absl::IsNotFound(id.status()) && *normalized != term) {
    return absl::NotFoundError(absl::StrCat(
        "'", term, "' (normalized: '", *normalized,
        "') is not in the vocabulary"));
  }
  return id;
}

absl::StatusOr<PairTable> Query::Pair(absl::string_view x,
                                      absl::string_view y) {
  COOC_ASSIGN_OR_RETURN(uint32_t x_id, IdOf(x));
  COOC_ASSIGN_OR_RETURN(uint32_t y_id, IdOf(y));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(TermCounts x_counts, store_->Counts(x_id));
  COOC_ASSIGN_OR_RETURN(TermCounts y_counts, store_->Counts(y_id));
  COOC_ASSIGN_OR_RETURN(uint64_t count, store_->PairCount(x_id, y_id));
  PairTable result;
  COOC_ASSIGN_OR_RETURN(result.x, store_->Term(x_id));
  COOC_ASSIGN_OR_RETURN(result.y, store_->Term(y_id));
  result.table = {static_cast<double>(count), static_cast<double>(x_counts.row),
                  static_cast<double>(y_counts.column),
                  static_cast<double>(totals.pair_events)};
  return result;
}

absl::StatusOr<std::vector<ScoredPair>> Query::Associates(
    absl::string_view term, const QueryOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateQueryOptions(options));
  COOC_ASSIGN_OR_RETURN(uint32_t x, IdOf(term));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(TermCounts x_counts, store_->Counts(x));
  const uint64_t min_count = std::max<uint64_t>(options.min_count, 1);
  std::vector<std::pair<uint32_t, uint64_t>> partners;
  COOC_RETURN_IF_ERROR(store_->ForEachPartner(x, [&](uint32_t y, uint64_t c) {
    if (c >= min_count) partners.emplace_back(y, c);
  }));
  TopK best(options.top);
  for (const auto& [y, count] : partners) {
    COOC_ASSIGN_OR_RETURN(TermCounts y_counts, store_->Counts(y));
    Candidate candidate{0, x, y,
                        {static_cast<double>(count),
                         static_cast<double>(x_counts.row),
                         static_cast<double>(y_counts.column),
                         static_cast<double>(totals.pair_events)}};
    candidate.score = Score(options.measure, candidate.table, options.base);
    best.Offer(candidate);
  }
  return WithTerms(*store_, best.Take());
}

absl::StatusOr<std::vector<ScoredPair>> Query::Collocations(
    const QueryOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateQueryOptions(options));
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(std::vector<TermCounts> counts, store_->AllCounts());
  const bool symmetric = store_->options().mode == PairMode::kSymmetric;
  const uint64_t min_count = std::max<uint64_t>(options.min_count, 1);
  const double n = static_cast<double>(totals.pair_events);
  TopK best(options.top);
  absl::Status bad_id;
  COOC_RETURN_IF_ERROR(
      store_->ForEachPair([&](uint32_t x, uint32_t y, uint64_t count) {
        if (count < min_count || (symmetric && x > y)) return;
        if (x >= counts.size() || y >= counts.size()) {
          bad_id = absl::DataLossError(absl::StrCat(
              store_->path(), ": pair (", x, ",", y, ") has an unknown id"));
          return;
        }
        Candidate candidate{0, x, y,
                            {static_cast<double>(count),
                             static_cast<double>(counts[x].row),
                             static_cast<double>(counts[y].column), n}};
        candidate.score = Score(options.measure, candidate.table, options.base);
        best.Offer(candidate);
      }));
  COOC_RETURN_IF_ERROR(bad_id);
  return WithTerms(*store_, best.Take());
}

absl::StatusOr<CorpusStats> Query::Stats() {
  CorpusStats stats;
  stats.store = store_->options();
  COOC_ASSIGN_OR_RETURN(stats.totals, store_->ReadTotals());
  COOC_ASSIGN_OR_RETURN(stats.db_bytes, store_->SizeOnDisk());
  return stats;
}

}  // namespace cooc
