// PairCounter: token ids -> co-occurrence pairs -> an in-memory count map.
//
// A window of size W pairs token i with tokens i+1..i+W of the same line;
// windows never cross a line break. Each counting thread owns one
// PairCounter. In symmetric mode a co-occurrence of x and y is counted once
// under the canonical key (min, max) and expanded into both (x,y) and (y,x)
// when the map is written out, which halves the hashing work; a word next
// to itself, (x,x), gets both directions' count. In ordered mode the key
// is (left, right).
//
// When the map reaches its entry limit (the thread's share of the memory
// budget), SpillTo turns it into sorted per-shard runs and empties it.

#ifndef COOC_SRC_PAIR_COUNTER_H_
#define COOC_SRC_PAIR_COUNTER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "cooc/count_store.h"
#include "count_table.h"
#include "sorted_runs.h"

namespace cooc {

// Not thread-safe: one per counting thread.
class PairCounter {
 public:
  // The largest `max_entries` for which the map and the runs a spill makes
  // of it together take at most `bytes` (at least 1024).
  static size_t MaxEntriesWithin(uint64_t bytes, PairMode mode);

  // `max_entries` bounds the map (at least 1024).
  // REQUIRES: ValidateStoreOptions(options).ok().
  PairCounter(const StoreOptions& options, size_t max_entries);

  // Starts a line whose earlier tokens, at most the last `window` of them,
  // are `carry` (counted before, by whoever read that part of the line).
  void ContinueLine(absl::Span<const uint32_t> carry);

  // Counts `id` as the next token of the current line, paired with up to
  // `window` tokens before it on the line.
  void Add(uint32_t id) {
    const size_t partners = line_length_ < window_ ? line_length_ : window_;
    for (size_t back = partners; back >= 1; --back) {
      const uint32_t left = recent_[(line_length_ - back) % window_];
      Count(left, id);
    }
    pair_events_ += symmetric_ ? 2 * partners : partners;
    recent_[line_length_ % window_] = id;
    ++line_length_;
    if (id >= id_bound_) id_bound_ = size_t{id} + 1;
    ++tokens_;
  }

  // Ends the current line: the next token starts a new window.
  void EndLine() { line_length_ = 0; }

  // Unit counting (sentence or line units): counts `id` as a token of the
  // current unit. A unit that has max_unit_tokens tokens already ends
  // first (a cut): `id` starts the next piece.
  void AddToUnit(uint32_t id) {
    if (unit_.size() == max_unit_tokens_) {
      EndUnit();
      ++unit_cuts_;
    }
    unit_.push_back(id);
    if (id >= id_bound_) id_bound_ = size_t{id} + 1;
    ++tokens_;
  }
  // Ends the current unit: counts each unordered pair of its distinct ids
  // once and each distinct id's document frequency once. A unit without
  // tokens counts for nothing.
  void EndUnit();

  // Changes the map's entry limit (at least 1024). Below the map's size,
  // full() is true until the next SpillTo, which gives back the memory the
  // map holds beyond the new limit.
  void set_max_entries(size_t max_entries) {
    max_entries_ = std::max<size_t>(max_entries, 1024);
  }

  // True when the map could reach its entry limit with the next token's
  // pairs (at most `window` new keys): checked after every token, the map
  // never grows past the table size its limit was chosen for.
  bool full() const { return map_.size_bound() + window_ >= max_entries_; }

  // Writes the map into `runs` as one sorted run per shard and empties it,
  // keeping its memory for more counting (unless the limit has come down).
  absl::Status SpillTo(SortedRuns* runs);

  // SpillTo, then gives back the map's memory: the last spill.
  absl::Status SpillAndRelease(SortedRuns* runs);

  // Units containing each id (unit counting only), indexed by id (shorter
  // than the vocabulary when the last ids were not seen by this counter).
  // Token frequencies f(x) are counted where ids are given (text_counter.cc:
  // once for all counters, not per counter).
  const std::vector<uint64_t>& document_frequencies() const {
    return document_frequencies_;
  }
  // Moves out document_frequencies().
  std::vector<uint64_t> TakeDocumentFrequencies() {
    return std::move(document_frequencies_);
  }
  // Bytes of the map's table now.
  size_t map_bytes() const { return map_.MemoryBytes(); }
  uint64_t tokens() const { return tokens_; }
  // Pair events (window counting) or units (unit counting).
  uint64_t pair_events() const { return pair_events_; }
  // Units cut because they reached max_unit_tokens (unit counting only).
  uint64_t unit_cuts() const { return unit_cuts_; }

 private:
  // Calls fn(left, right, count) for every record the map stands for.
  template <typename Fn>
  void ForEachRecord(Fn fn);
  // The map's records as one sorted run per shard, by a counting sort on the
  // left ids or by sorting them; both empty the map (EmptyMap).
  std::vector<SortedRun> RunsByCountingSort();
  std::vector<SortedRun> RunsBySorting();
  // Empties the map, giving back the memory it holds beyond its limit.
  void EmptyMap();

  void Count(uint32_t left, uint32_t right) {
    uint64_t key;
    if (symmetric_ && right < left) {
      key = (uint64_t{right} << 32) | left;
    } else {
      key = (uint64_t{left} << 32) | right;
    }
    map_.Increment(key);
  }

  const size_t window_;
  const bool symmetric_;
  const int shards_;
  size_t max_entries_;
  // StoreOptions::max_unit_tokens; SIZE_MAX for no bound.
  const size_t max_unit_tokens_;
  std::vector<uint32_t> recent_;  // Ring of the last `window_` ids.
  size_t line_length_ = 0;        // Tokens so far on the current line.
  CountTable map_;
  size_t id_bound_ = 0;  // Above every id counted.
  std::vector<uint32_t> unit_;  // Ids of the current unit.
  std::vector<uint64_t> document_frequencies_;
  uint64_t tokens_ = 0;
  uint64_t pair_events_ = 0;
  uint64_t unit_cuts_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_PAIR_COUNTER_H_
