// HugePageAllocator: memory for the large, short-lived arrays of an ingest
// (the count tables and sorted runs, hundreds of MiB each).
//
// Blocks of 2 MiB or more are mapped 2 MiB-aligned and advised for
// transparent huge pages, which turns hundreds of thousands of page faults
// into a few hundred, and are unmapped when freed. Elements are default-initialized, not zeroed: every element of
// these arrays is written before it is read.

#ifndef COOC_SRC_HUGE_PAGE_ALLOCATOR_H_
#define COOC_SRC_HUGE_PAGE_ALLOCATOR_H_

#include <cstddef>
#include <new>
#include <utility>

namespace cooc {

// Returns at least `bytes` bytes (huge-page backed when large); never null
// (throws std::bad_alloc like operator new). Free with FreeLarge and the
// same `bytes`. Large blocks are mapped and unmapped directly, so their
// memory goes back to the system as soon as they are freed (glibc would keep
// many such blocks in its heap).
void* AllocateLarge(size_t bytes);
void FreeLarge(void* memory, size_t bytes);

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: implicit

  T* allocate(size_t n) { return static_cast<T*>(AllocateLarge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeLarge(p, n * sizeof(T)); }

  // Default-initializes instead of value-initializing (no zeroing).
  template <typename U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const { return false; }
};

}  // namespace cooc

#endif  // COOC_SRC_HUGE_PAGE_ALLOCATOR_H_
