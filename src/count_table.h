// CountTable: a hash table from 64-bit pair keys to counts, made for the one
// hot loop of an ingest, where every pair event increments one count.
//
// Why not absl::flat_hash_map: with tens of millions of distinct pairs,
// nearly every increment is a cache miss, and done one after another the
// misses do not overlap. CountTable takes keys in batches, computes their
// slots first and prefetches each slot a few keys ahead, so many misses are
// in flight at once (the prefetch API Abseil later added is not in the
// Debian 12 Abseil). Large tables are backed by transparent huge pages,
// which saves most page faults. Open addressing with linear probing, a
// power-of-two capacity kept at most 5/8 full, doubling as it grows.
//
// Keys are (x << 32) | y with ids below 2^32 - 1, so the all-ones key never
// occurs and marks an empty slot.

#ifndef COOC_SRC_COUNT_TABLE_H_
#define COOC_SRC_COUNT_TABLE_H_

#include <cstddef>
#include <cstdint>

namespace cooc {

// Not thread-safe.
class CountTable {
 public:
  CountTable();
  ~CountTable();
  CountTable(const CountTable&) = delete;
  CountTable& operator=(const CountTable&) = delete;

  // Adds 1 to the count of `key`. The increment may be buffered until the
  // next Flush() (size(), ForEach() and Clear() flush first).
  void Increment(uint64_t key) {
    pending_[pending_size_++] = key;
    if (pending_size_ == kBatch) Flush();
  }

  // Applies the buffered increments.
  void Flush();

  // Number of distinct keys. Flushes.
  size_t size() {
    Flush();
    return size_;
  }
  // Distinct keys after the last Flush, plus the buffered increments (an
  // upper bound of size() that does not flush).
  size_t size_bound() const { return size_ + pending_size_; }

  // Calls fn(key, count) for every key, in no particular order. Flushes.
  template <typename Fn>
  void ForEach(Fn fn) {
    Flush();
    for (size_t i = 0; i < capacity_; ++i) {
      if (slots_[i].key != kEmpty) fn(slots_[i].key, slots_[i].count);
    }
  }

  // Removes every key, keeping the table's memory for what comes next (its
  // pages are already faulted in: refilling them is cheaper than new ones).
  void Clear();

  // Removes every key and gives back the table's memory.
  void Release();

  // Bytes of the table's slots now.
  size_t MemoryBytes() const { return capacity_ * sizeof(Slot); }

  // Bytes of the table once it holds `entries` keys.
  static size_t BytesFor(size_t entries);

 private:
  struct Slot {
    uint64_t key;
    uint64_t count;
  };
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static constexpr size_t kBatch = 256;
  static constexpr size_t kPrefetchDistance = 16;
  static constexpr size_t kInitialCapacity = size_t{1} << 16;

  size_t SlotOf(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void Insert(uint64_t key, uint64_t count, size_t slot);
  void Allocate(size_t capacity);
  void Grow();

  Slot* slots_ = nullptr;
  size_t capacity_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
  size_t grow_at_ = 0;
  uint64_t pending_[kBatch];
  size_t pending_size_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_COUNT_TABLE_H_
