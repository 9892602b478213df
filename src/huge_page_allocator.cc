#include "huge_page_allocator.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

namespace cooc {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

size_t RoundUp(size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

}  // namespace

void* AllocateLarge(size_t bytes) {
  if (bytes < kHugePage) {
    void* memory = std::malloc(bytes == 0 ? 1 : bytes);
    if (memory == nullptr) throw std::bad_alloc();
    return memory;
  }
  bytes = RoundUp(bytes);
  // Map one huge page more than needed, then unmap the unaligned ends.
  const size_t mapped = bytes + kHugePage;
  void* memory = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  const uintptr_t start = reinterpret_cast<uintptr_t>(memory);
  const uintptr_t aligned = RoundUp(start);
  if (aligned > start) munmap(memory, aligned - start);
  const uintptr_t end = aligned + bytes;
  if (start + mapped > end) munmap(reinterpret_cast<void*>(end), start + mapped - end);
  void* block = reinterpret_cast<void*>(aligned);
  madvise(block, bytes, MADV_HUGEPAGE);  // A hint: failure is harmless.
  return block;
}

void FreeLarge(void* memory, size_t bytes) {
  if (memory == nullptr) return;
  if (bytes < kHugePage) {
    std::free(memory);
  } else {
    munmap(memory, RoundUp(bytes));
  }
}

}  // namespace cooc
