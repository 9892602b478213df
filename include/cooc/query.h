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
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/measures.h"
#include "cooc/tokenizer.h"

namespace cooc {

struct QueryOptions {
  // The measure that ranks associates and collocations. Default: kPmi.
  Measure measure = Measure::kPmi;
  // Logarithm base of pmi, ppmi and mi. Default: kTwo (bits).
  LogBase base = LogBase::kTwo;
  // How many results at most. Default: 20.
  int top = 20;
  // Pairs seen fewer times than this are not ranked (low counts make pmi
  // unreliable). Values below 1 count as 1. Default: 5.
  uint64_t min_count = 5;
};

// Returns InvalidArgument unless top >= 1.
absl::Status ValidateQueryOptions(const QueryOptions& options);

// One pair (x, y) with its contingency table (measures.h): O11 = c(x,y),
// R1 = c(x,*), C1 = c(*,y), N = all pair events.
struct PairTable {
  std::string x;
  std::string y;
  ContingencyTable table;
};

struct ScoredPair {
  PairTable pair;
  double score = 0;  // By QueryOptions::measure.
};

struct CorpusStats {
  StoreOptions store;
  Totals totals;
  uint64_t db_bytes = 0;
};

// Thread-safety: not thread-safe (it owns a Tokenizer).
class Query {
 public:
  // Opens the database at `db_path` read-only. Errors as CountStore::Open.
  static absl::StatusOr<std::unique_ptr<Query>> Open(const std::string& db_path);

  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Returns the table of (`x`, `y`). NotFound if a term is not in the
  // vocabulary (or does not normalize to a single term); a pair never seen
  // has O11 = 0.
  absl::StatusOr<PairTable> Pair(absl::string_view x, absl::string_view y);

  // Returns the best partners y of `term` (pairs (term, y)) by
  // `options.measure`, best first, ties broken by order of first appearance
  // of y in the corpus. Reads only term's key range in its shard.
  absl::StatusOr<std::vector<ScoredPair>> Associates(
      absl::string_view term, const QueryOptions& options);

  // Returns the best pairs of the whole corpus, best first. In symmetric
  // mode each unordered pair appears once (x before y in first-appearance
  // order). Memory is bounded by `options.top` and the vocabulary size,
  // whatever the number of pairs.
  absl::StatusOr<std::vector<ScoredPair>> Collocations(
      const QueryOptions& options);

  absl::StatusOr<CorpusStats> Stats();

  const CountStore& store() const { return *store_; }

 private:
  Query(std::unique_ptr<CountStore> store, std::unique_ptr<Tokenizer> tokenizer);
  absl::StatusOr<uint32_t> IdOf(absl::string_view term);

  std::unique_ptr<CountStore> store_;
  std::unique_ptr<Tokenizer> tokenizer_;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_QUERY_H_
