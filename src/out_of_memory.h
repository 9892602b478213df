// Running out of memory as a Status, not a crash.
//
// cooc never throws, but operator new and AllocateLarge (huge_page_allocator.h)
// throw std::bad_alloc when memory runs out. On the calling thread that
// unwinds to main (tools/cooc_main.cc), which reports it; on a worker thread
// an escaping exception would end the process with std::terminate (exit 134,
// no message, a half-made database left behind). So every thread body that
// allocates runs under CatchOutOfMemory, and the failure travels as a Status
// like any other: the work stops and nothing is committed.

#ifndef COOC_SRC_OUT_OF_MEMORY_H_
#define COOC_SRC_OUT_OF_MEMORY_H_

#include <new>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace cooc {

// ResourceExhausted: out of memory while `during` (a gerund phrase, such as
// "counting"), with what to do about it.
inline absl::Status OutOfMemoryError(absl::string_view during) {
  return absl::ResourceExhaustedError(absl::StrCat(
      "out of memory while ", during,
      "; nothing was written (free some memory; for ingest and count, a "
      "smaller --memory, fewer --threads or a smaller --max-unit-tokens "
      "needs less)"));
}

// Returns fn(), or OutOfMemoryError(`during`) if it throws std::bad_alloc.
template <typename Fn>
absl::Status CatchOutOfMemory(absl::string_view during, Fn&& fn) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return OutOfMemoryError(during);
  }
}

}  // namespace cooc

#endif  // COOC_SRC_OUT_OF_MEMORY_H_
