#include "count_table.h"

#include <cstring>

#include "huge_page_allocator.h"

namespace cooc {

CountTable::CountTable() = default;

CountTable::~CountTable() { FreeLarge(slots_, capacity_ * sizeof(Slot)); }

void CountTable::Allocate(size_t capacity) {
  slots_ = static_cast<Slot*>(AllocateLarge(capacity * sizeof(Slot)));
  std::memset(slots_, 0xFF, capacity * sizeof(Slot));  // All kEmpty.
  capacity_ = capacity;
  shift_ = 64 - __builtin_ctzll(capacity);
  grow_at_ = capacity / 8 * 5;
}

void CountTable::Insert(uint64_t key, uint64_t count, size_t slot) {
  const size_t mask = capacity_ - 1;
  while (true) {
    Slot& s = slots_[slot];
    if (s.key == key) {
      s.count += count;
      return;
    }
    if (s.key == kEmpty) {
      s.key = key;
      s.count = count;
      ++size_;
      return;
    }
    slot = (slot + 1) & mask;
  }
}

void CountTable::Grow() {
  Slot* old = slots_;
  const size_t old_capacity = capacity_;
  Allocate(old_capacity * 2);
  size_ = 0;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i].key != kEmpty) {
      Insert(old[i].key, old[i].count, SlotOf(old[i].key));
    }
  }
  FreeLarge(old, old_capacity * sizeof(Slot));
}

void CountTable::Flush() {
  if (pending_size_ == 0) return;
  if (slots_ == nullptr) Allocate(kInitialCapacity);
  // Each key can add one entry: make room for all of them first, so the
  // slots computed below stay valid.
  while (size_ + pending_size_ > grow_at_) Grow();
  size_t slots[kBatch];
  for (size_t i = 0; i < pending_size_; ++i) slots[i] = SlotOf(pending_[i]);
  for (size_t i = 0; i < pending_size_; ++i) {
    if (i + kPrefetchDistance < pending_size_) {
      __builtin_prefetch(&slots_[slots[i + kPrefetchDistance]], 1, 1);
    }
    Insert(pending_[i], 1, slots[i]);
  }
  pending_size_ = 0;
}

size_t CountTable::BytesFor(size_t entries) {
  size_t capacity = kInitialCapacity;
  while (capacity / 8 * 5 < entries) capacity *= 2;
  return capacity * sizeof(Slot);
}

void CountTable::Clear() {
  pending_size_ = 0;
  if (slots_ != nullptr) std::memset(slots_, 0xFF, capacity_ * sizeof(Slot));
  size_ = 0;
}

void CountTable::Release() {
  pending_size_ = 0;
  FreeLarge(slots_, capacity_ * sizeof(Slot));
  slots_ = nullptr;
  capacity_ = 0;
  size_ = 0;
  grow_at_ = 0;
  shift_ = 64;
}

}  // namespace cooc
