// PairCounter: tokens -> co-occurrence pairs -> per-shard in-memory counts.
//
// A window of size W pairs token i with tokens i+1..i+W of the same line;
// windows never cross a line break. In ordered mode the pair is recorded as
// (left, right); in symmetric mode both (left, right) and (right, left) are
// recorded, so each co-occurrence is two pair events. Counts are aggregated
// in one hash map per shard (the shard of the left word), ready to be
// written sorted into the store.

#ifndef COOC_SRC_PAIR_COUNTER_H_
#define COOC_SRC_PAIR_COUNTER_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "cooc/count_store.h"

namespace cooc {

// Not thread-safe.
class PairCounter {
 public:
  // REQUIRES: ValidateStoreOptions(options).ok().
  explicit PairCounter(const StoreOptions& options);

  // Counts `id` as the next token of the current line, paired with up to
  // `window` tokens before it on the line.
  void Add(uint32_t id);
  // Ends the current line: the next token starts a new window.
  void EndLine();

  uint64_t tokens() const { return tokens_; }
  uint64_t pair_events() const { return pair_events_; }

  // Moves the counts into `batch`: sorted pairs per shard and per-term
  // frequency, row and column counts, sorted by id; leaves the counter empty.
  void Drain(StoreBatch* batch);

 private:
  void Record(uint32_t x, uint32_t y) {
    ++shards_[x % shard_count_][(uint64_t{x} << 32) | y];
  }

  const int window_;
  const PairMode mode_;
  const uint32_t shard_count_;
  std::vector<uint32_t> recent_;  // Ring of the last `window_` ids.
  size_t line_length_ = 0;        // Tokens so far on the current line.
  std::vector<absl::flat_hash_map<uint64_t, uint64_t>> shards_;
  std::vector<uint64_t> frequencies_;  // Indexed by id.
  uint64_t tokens_ = 0;
  uint64_t pair_events_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_PAIR_COUNTER_H_
