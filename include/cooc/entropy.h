// Entropy: corpus-level information of the pair events.
//
//   RocksDB counts -> [H(L), H(R), H(L,R), I(L;R)] -> cooc stats
//
// A pair event (x, y) is a draw of two random variables: L, the left word,
// and R, the right word, with P(L = x, R = y) = c(x,y)/N, P(L = x) =
// c(x,*)/N and P(R = y) = c(*,y)/N (the pair-event marginals of the README;
// N = all pair events). This unit computes, in a chosen base:
//
//   H(L)   = -sum_x P(x) log P(x)                  from the row marginals
//   H(R)   = -sum_y P(y) log P(y)                  from the column marginals
//   H(L,R) = -sum_xy P(x,y) log P(x,y)             from every pair count
//   H(L|R) = -sum_xy P(x,y) log(c(x,y)/c(*,y))     from every pair count
//   H(R|L) = -sum_xy P(x,y) log(c(x,y)/c(x,*))     from every pair count
//   I(L;R) =  sum_xy P(x,y) log(c(x,y) N / (c(x,*) c(*,y)))
//   normalized MI = I / sqrt(H(L) H(R))   (0 when H(L) or H(R) is 0)
//
// Each quantity is its own compensated sum, not derived from the others, so
// the identities I = H(L) + H(R) - H(L,R) = H(L) - H(L|R) = H(R) - H(R|L)
// are checks, not definitions. I(L;R) in nats is scikit-learn's
// mutual_info_score of the contingency matrix of all pair counts. In
// symmetric mode L and R have the same distribution, so H(L) = H(R).

#ifndef COOC_INCLUDE_COOC_ENTROPY_H_
#define COOC_INCLUDE_COOC_ENTROPY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "cooc/count_store.h"
#include "cooc/measures.h"

namespace cooc {

// The information of (L, R), every field in the same base. All 0 for a
// corpus without pair events.
struct PairInformation {
  double h_left = 0;              // H(L)
  double h_right = 0;             // H(R)
  double h_joint = 0;             // H(L,R)
  double h_left_given_right = 0;  // H(L|R)
  double h_right_given_left = 0;  // H(R|L)
  double mutual_information = 0;  // I(L;R)
  double normalized_mi = 0;       // I(L;R) / sqrt(H(L) H(R)), in [0, 1].
  uint64_t pairs = 0;  // Joint counts c(x,y) > 0 summed: distinct pairs.
};

// Returns the entropy, in `base`, of the distribution p_i = counts[i] / sum
// of counts; 0 for an empty or all-zero list.
double Entropy(absl::Span<const uint64_t> counts, LogBase base);

// Accumulates the joint counts of (L, R) one pair at a time. Every sum is
// of terms computed as c * ln(ratio) with the ratio formed without
// cancellation, so the entropies are sums of non-negative terms.
// Thread-safety: not thread-safe. Allocates nothing.
class PairInformationBuilder {
 public:
  // `n` is N, the total the rows, the columns and the pairs must each sum
  // to.
  explicit PairInformationBuilder(uint64_t n) : n_(n) {}

  // Adds a row marginal c(x,*) (call once per left word x, zeros allowed).
  void AddRow(uint64_t row);
  // Adds a column marginal c(*,y) (once per right word y).
  void AddColumn(uint64_t column);
  // Adds one joint count c(x,y) > 0 with its marginals `row` = c(x,*) and
  // `column` = c(*,y). Zero counts are ignored.
  void AddPair(uint64_t count, uint64_t row, uint64_t column);
  // Adds the joint counts added to `other` (not its rows and columns), as
  // if each had been added here. For builders of parts of the pairs (one
  // per shard) merged in a fixed order: the sums are then deterministic,
  // though they may differ from one sequential sum in the last bits.
  // REQUIRES: `other` has the same N.
  void AddPairsOf(const PairInformationBuilder& other);

  // Returns the information in `base`. Returns DataLoss if the rows, the
  // columns and the joint counts do not all sum to the same N, or if a pair
  // exceeds its marginals.
  absl::StatusOr<PairInformation> Finish(LogBase base) const;

 private:
  // A Neumaier (compensated) sum.
  struct Sum {
    double sum = 0;
    double compensation = 0;
    void Add(double value);
    void Add(const Sum& other) {
      Add(other.sum);
      Add(other.compensation);
    }
    double value() const { return sum + compensation; }
  };

  uint64_t n_;
  uint64_t row_total_ = 0;
  uint64_t column_total_ = 0;
  uint64_t pair_total_ = 0;
  uint64_t pairs_ = 0;
  bool pair_exceeds_marginal_ = false;
  Sum left_;              // sum_x c(x,*) ln(N / c(x,*))
  Sum right_;             // sum_y c(*,y) ln(N / c(*,y))
  Sum joint_;             // sum_xy c ln(N / c)
  Sum left_given_right_;  // sum_xy c ln(c(*,y) / c)
  Sum right_given_left_;  // sum_xy c ln(c(x,*) / c)
  Sum mutual_;            // sum_xy c ln(c N / (c(x,*) c(*,y)))
};

// Returns the information of a joint count matrix: `counts[x][y]` = c(x,y)
// (rows may differ in length; missing entries are 0). Row and column
// marginals are the matrix's sums.
absl::StatusOr<PairInformation> MatrixInformation(
    const std::vector<std::vector<uint64_t>>& counts, LogBase base);

// Returns the information of the pair events of `store`: H(L) and H(R)
// from the stored marginals of every term, the rest from a scan of every
// pair count (one CountStore::ShardPairs cursor per shard, the shards read
// in parallel on all cores and their sums merged in shard order, so the
// result does not depend on the number of cores; time proportional to the
// number of distinct pairs over the cores, memory to the vocabulary).
// Errors as the store's reads, and DataLoss if the stored marginals
// disagree with the pair counts.
absl::StatusOr<PairInformation> MeasurePairInformation(const CountStore& store,
                                                       LogBase base);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_ENTROPY_H_
