// SpillTo writes each shard's run already grouped by left id, with a
// counting sort: one pass over the map counts the records of each left id
// x, prefix sums give each x its place in its shard's vector, a second pass
// puts every record there, and only the records of one x (its partners y)
// are then sorted. That is much cheaper than sorting a shard's records as a
// whole, unless the map holds far fewer records than there are ids (each
// spill passes over every id): such a map's records are sorted whole. In
// symmetric mode each map entry (x,y) with x < y gives records (x,y) and
// (y,x), and (x,x) gives one record with both directions' count.

#include "pair_counter.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "key_format.h"
#include "status_macros.h"

namespace cooc {

PairCounter::PairCounter(const StoreOptions& options, size_t max_entries)
    : window_(static_cast<size_t>(options.window)),
      symmetric_(options.mode == PairMode::kSymmetric),
      shards_(options.shards),
      max_entries_(std::max<size_t>(max_entries, 1024)),
      max_unit_tokens_(options.max_unit_tokens > 0
                           ? static_cast<size_t>(options.max_unit_tokens)
                           : SIZE_MAX),
      recent_(options.window) {}

size_t PairCounter::MaxEntriesWithin(uint64_t bytes, PairMode mode) {
  // A spill turns each entry into one record (ordered) or two (symmetric).
  const uint64_t run_bytes =
      (mode == PairMode::kSymmetric ? 2 : 1) * sizeof(KeyCount);
  const auto fits = [&](uint64_t entries) {
    return CountTable::BytesFor(entries) + entries * run_bytes <= bytes;
  };
  uint64_t low = 1024;  // The answer is the largest entries that fits.
  uint64_t high = bytes / run_bytes + 1;
  if (!fits(low)) return low;
  while (high - low > 1) {
    const uint64_t middle = low + (high - low) / 2;
    (fits(middle) ? low : high) = middle;
  }
  return static_cast<size_t>(low);
}

void PairCounter::EndUnit() {
  if (unit_.empty()) return;
  std::sort(unit_.begin(), unit_.end());
  unit_.erase(std::unique(unit_.begin(), unit_.end()), unit_.end());
  if (unit_.back() >= document_frequencies_.size()) {
    document_frequencies_.resize(unit_.back() + 1, 0);
  }
  for (size_t i = 0; i < unit_.size(); ++i) {
    ++document_frequencies_[unit_[i]];
    for (size_t j = i + 1; j < unit_.size(); ++j) Count(unit_[i], unit_[j]);
  }
  ++pair_events_;
  unit_.clear();
}

void PairCounter::ContinueLine(absl::Span<const uint32_t> carry) {
  line_length_ = 0;
  const size_t skip = carry.size() > window_ ? carry.size() - window_ : 0;
  for (size_t i = skip; i < carry.size(); ++i) {
    // A carried id may be one this counter never saw (new in the block
    // another counter read): its pairs are spilled by it all the same.
    if (carry[i] >= id_bound_) id_bound_ = size_t{carry[i]} + 1;
    recent_[line_length_ % window_] = carry[i];
    ++line_length_;
  }
}

template <typename Fn>
void PairCounter::ForEachRecord(Fn fn) {
  map_.ForEach([&](uint64_t key, uint64_t count) {
    const uint32_t left = static_cast<uint32_t>(key >> 32);
    const uint32_t right = static_cast<uint32_t>(key);
    if (!symmetric_) {
      fn(left, right, count);
    } else if (left == right) {
      fn(left, right, 2 * count);
    } else {
      fn(left, right, count);
      fn(right, left, count);
    }
  });
}

absl::Status PairCounter::SpillAndRelease(SortedRuns* runs) {
  const absl::Status status = SpillTo(runs);
  map_.Release();
  return status;
}

absl::Status PairCounter::SpillTo(SortedRuns* runs) {
  if (map_.size() == 0) return absl::OkStatus();
  // The counting sort passes over every id below id_bound_: for a map far
  // smaller than the vocabulary (a large vocabulary leaves the map little
  // memory) sorting the records costs less.
  std::vector<SortedRun> shard_runs = map_.size() < id_bound_ / 8
                                          ? RunsBySorting()
                                          : RunsByCountingSort();
  for (int k = 0; k < shards_; ++k) {
    COOC_RETURN_IF_ERROR(runs->Add(k, std::move(shard_runs[k])));
  }
  return absl::OkStatus();
}

void PairCounter::EmptyMap() {
  // A table beyond what the limit needs (set_max_entries lowered it) gives
  // its memory back and grows again within the limit.
  if (map_.MemoryBytes() > CountTable::BytesFor(max_entries_)) {
    map_.Release();
  } else {
    map_.Clear();
  }
}

std::vector<SortedRun> PairCounter::RunsBySorting() {
  std::vector<size_t> shard_size(shards_, 0);
  ForEachRecord([&](uint32_t left, uint32_t, uint64_t) {
    ++shard_size[ShardOf(left, shards_)];
  });
  std::vector<SortedRun> shard_runs(shards_);
  for (int k = 0; k < shards_; ++k) shard_runs[k].reserve(shard_size[k]);
  ForEachRecord([&](uint32_t left, uint32_t right, uint64_t count) {
    shard_runs[ShardOf(left, shards_)].push_back(
        {(uint64_t{left} << 32) | right, count});
  });
  EmptyMap();
  for (SortedRun& run : shard_runs) std::sort(run.begin(), run.end());
  return shard_runs;
}

std::vector<SortedRun> PairCounter::RunsByCountingSort() {
  const size_t ids = id_bound_;
  // Records per left id, then slot (32 bits: a map's records number far
  // fewer than 2^32, and this array is as long as the vocabulary).
  std::vector<uint32_t> next(ids, 0);
  ForEachRecord([&](uint32_t left, uint32_t, uint64_t) { ++next[left]; });
  std::vector<size_t> shard_size(shards_, 0);
  for (size_t x = 0; x < ids; ++x) {
    const uint32_t records = next[x];
    next[x] = static_cast<uint32_t>(shard_size[ShardOf(x, shards_)]);
    shard_size[ShardOf(x, shards_)] += records;
  }
  std::vector<SortedRun> shard_runs(shards_);
  for (int k = 0; k < shards_; ++k) shard_runs[k].resize(shard_size[k]);
  ForEachRecord([&](uint32_t left, uint32_t right, uint64_t count) {
    shard_runs[ShardOf(left, shards_)][next[left]++] = {
        (uint64_t{left} << 32) | right, count};
  });
  EmptyMap();
  // next[x] is now the end of x's records; sort each x's records by y.
  std::vector<size_t> begin(shards_, 0);
  for (size_t x = 0; x < ids; ++x) {
    SortedRun& run = shard_runs[ShardOf(x, shards_)];
    size_t& first = begin[ShardOf(x, shards_)];
    std::sort(run.begin() + first, run.begin() + next[x]);
    first = next[x];
  }
  return shard_runs;
}

}  // namespace cooc
