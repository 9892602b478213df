// ContentHash: a 64-bit fingerprint of a file's bytes, for the ingest
// journal (an input whose content was ingested before is skipped).
//
// Not cryptographic: it tells the same text given twice from different
// texts, which is all the journal needs (with the byte count alongside).
// It mixes 8-byte little-endian words, about one cycle per byte, so hashing
// a 100 MB input costs tens of milliseconds. The value is part of the
// on-disk format (journal keys): DO NOT CHANGE.

#ifndef COOC_SRC_CONTENT_HASH_H_
#define COOC_SRC_CONTENT_HASH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// Hashes a byte stream given in pieces of any sizes.
class ContentHasher {
 public:
  void Update(absl::string_view bytes);
  // The hash of everything given so far (the hasher can go on after it).
  uint64_t Finish() const;
  uint64_t bytes() const { return bytes_; }

 private:
  uint64_t state_ = 0x243F6A8885A308D3ull;
  uint64_t bytes_ = 0;
  char tail_[8];
  size_t tail_size_ = 0;
};

struct FileFingerprint {
  uint64_t bytes = 0;
  uint64_t hash = 0;
};

// Reads the file at `path` and returns its size and hash. The errors of
// opening and reading it (NotFound, PermissionDenied, Internal).
absl::StatusOr<FileFingerprint> FingerprintFile(const std::string& path);

}  // namespace cooc

#endif  // COOC_SRC_CONTENT_HASH_H_
