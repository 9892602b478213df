// The one place where rocksdb::Status becomes absl::Status.

#ifndef COOC_SRC_ROCKSDB_UTIL_H_
#define COOC_SRC_ROCKSDB_UTIL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace cooc {

// Converts `status` into an absl::Status whose message starts with `context`
// (the database path, the key being read). A lock held by another process
// becomes FailedPrecondition "database ... is in use by another cooc process".
absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context);

// `slice` as an absl::string_view (in this Abseil build a type distinct from
// the std::string_view that Slice::ToStringView returns).
inline absl::string_view View(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace cooc

#endif  // COOC_SRC_ROCKSDB_UTIL_H_
