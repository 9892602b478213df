// The window is a ring buffer of the last W ids of the current line; each
// new token is paired with every id in it (oldest first), then overwrites
// the oldest. Drain turns each shard's map into a sorted vector and derives
// the marginals c(x,*) and c(*,y) from the pair counts themselves, so they
// agree with the pairs by construction.

#include "pair_counter.h"

#include <algorithm>
#include <utility>

namespace cooc {

PairCounter::PairCounter(const StoreOptions& options)
    : window_(options.window),
      mode_(options.mode),
      shard_count_(static_cast<uint32_t>(options.shards)),
      recent_(options.window),
      shards_(options.shards) {}

void PairCounter::Add(uint32_t id) {
  const size_t partners =
      std::min(line_length_, static_cast<size_t>(window_));
  for (size_t back = partners; back >= 1; --back) {
    const uint32_t left = recent_[(line_length_ - back) % window_];
    Record(left, id);
    if (mode_ == PairMode::kSymmetric) Record(id, left);
  }
  pair_events_ += mode_ == PairMode::kSymmetric ? 2 * partners : partners;
  recent_[line_length_ % window_] = id;
  ++line_length_;
  if (id >= frequencies_.size()) frequencies_.resize(id + 1, 0);
  ++frequencies_[id];
  ++tokens_;
}

void PairCounter::EndLine() { line_length_ = 0; }

void PairCounter::Drain(StoreBatch* batch) {
  std::vector<uint64_t> rows(frequencies_.size(), 0);
  std::vector<uint64_t> columns(frequencies_.size(), 0);
  batch->shard_pairs.assign(shards_.size(), {});
  for (size_t k = 0; k < shards_.size(); ++k) {
    auto& pairs = batch->shard_pairs[k];
    pairs.assign(shards_[k].begin(), shards_[k].end());
    absl::flat_hash_map<uint64_t, uint64_t>().swap(shards_[k]);
    std::sort(pairs.begin(), pairs.end());
    for (const auto& [key, count] : pairs) {
      rows[key >> 32] += count;
      columns[key & 0xFFFFFFFFu] += count;
    }
  }
  batch->term_counts.clear();
  for (uint32_t id = 0; id < frequencies_.size(); ++id) {
    if (frequencies_[id] == 0) continue;  // Every paired id has a frequency.
    batch->term_counts.push_back({id, {frequencies_[id], rows[id], columns[id]}});
  }
  frequencies_.clear();
  tokens_ = 0;
  pair_events_ = 0;
  line_length_ = 0;
}

}  // namespace cooc
