// A request to stop a running ingest, count or fold (IngestOptions::stop):
// how each stage checks it and what it returns then.

#ifndef COOC_SRC_STOP_REQUEST_H_
#define COOC_SRC_STOP_REQUEST_H_

#include <atomic>

#include "absl/status/status.h"

namespace cooc {

// True once `stop` (null: never) has been set.
inline bool StopRequested(const std::atomic<bool>* stop) {
  return stop != nullptr && stop->load(std::memory_order_relaxed);
}

// What a stage returns when it stopped on request: Cancelled, "interrupted".
inline absl::Status StoppedError() {
  return absl::CancelledError("interrupted");
}

}  // namespace cooc

#endif  // COOC_SRC_STOP_REQUEST_H_
