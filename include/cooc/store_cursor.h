// Cursors: bulk reads of a CountStore's pairs and vocabulary.
//
//   RocksDB counts -> [cursor -> caller's buffer] -> tables, entropy, verify
//
// A cursor reads one key range of the store (every pair of one shard, the
// partners of one term, or the whole vocabulary) into a buffer the caller
// owns, many entries per call, so a scan costs no std::function call and no
// allocation per entry. A cursor stops at the end of its range or at the
// first error, which it keeps in status(): a damaged value stops it with
// DataLoss naming the key, never a count of 0. Make one with
// CountStore::ShardPairs, CountStore::Partners or CountStore::Terms.
//
// Thread-safety: a cursor is not thread-safe, but cursors of one store may
// be read from different threads at once (one cursor per shard is how the
// parallel scans work). A cursor reads the state of the store when it was
// made, and must not outlive the store.

#ifndef COOC_INCLUDE_COOC_STORE_CURSOR_H_
#define COOC_INCLUDE_COOC_STORE_CURSOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace cooc {

// One stored pair count c(x,y).
struct PairEntry {
  uint32_t x = 0;
  uint32_t y = 0;
  uint64_t count = 0;
};

// Which stored pairs a PairCursor returns.
enum class PairTriangle {
  kAll,    // Every pair.
  kUpper,  // Only pairs with x <= y: one of each unordered pair of a
           // symmetric store. The others are skipped on their key alone
           // (their values are not decoded), with a seek past a long run.
};

struct PairCursorOptions {
  // Which pairs. Default: kAll.
  PairTriangle triangle = PairTriangle::kAll;
  // Pairs whose count is below this are skipped inside the cursor, before
  // they reach the caller's buffer. Default: 0 (none skipped).
  uint64_t min_count = 0;
  // Whether the blocks read go into RocksDB's block cache: kFill for short
  // reads that are repeated (the partners of a term), kBypass for scans of
  // a whole shard, which would only evict what other queries use.
  enum class Cache { kFill, kBypass };
  // Default: kFill.
  Cache cache = Cache::kFill;
  // What a whole-shard cursor (CountStore::ShardPairs, RightIndexPairs)
  // reads: kScanFiles reads the shard's scan files (cooc's own copy of each
  // table's pairs, src/scan_file.h) when every table of the shard has one,
  // and the tables otherwise; kTables always reads RocksDB's tables (verify
  // does, to check what they hold). Both give the same pairs. Default:
  // kScanFiles.
  enum class Source { kScanFiles, kTables };
  Source source = Source::kScanFiles;
};

// Reads stored pairs in key order (x, then y).
class PairCursor {
 public:
  PairCursor(PairCursor&&) noexcept;
  PairCursor& operator=(PairCursor&&) noexcept;
  ~PairCursor();
  // Not copyable.
  PairCursor(const PairCursor&) = delete;
  PairCursor& operator=(const PairCursor&) = delete;

  // Reads the next pairs into `out[0..n)`, as many as fit, and returns n.
  // Returns 0 once the range is exhausted (status() is then OK). Returns
  // DataLoss if a stored key or value is malformed or a merge fails, or the
  // store's read error; the cursor then stays stopped with that status.
  // InvalidArgument if `out` is empty.
  absl::StatusOr<size_t> Read(absl::Span<PairEntry> out);

  // OK until the cursor fails; then why it stopped.
  const absl::Status& status() const;

  // Whether the cursor reads scan files rather than tables
  // (PairCursorOptions::Source).
  bool reads_scan_files() const;

 private:
  friend class CountStore;
  struct Rep;  // src/store_cursor_rep.h.
  explicit PairCursor(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// One vocabulary entry.
struct TermEntry {
  std::string term;
  uint32_t id = 0;
};

// Reads the vocabulary, in term byte order (CountStore::Terms) or in id
// order (CountStore::TermsInIdOrder).
class TermCursor {
 public:
  TermCursor(TermCursor&&) noexcept;
  TermCursor& operator=(TermCursor&&) noexcept;
  ~TermCursor();
  // Not copyable.
  TermCursor(const TermCursor&) = delete;
  TermCursor& operator=(const TermCursor&) = delete;

  // As PairCursor::Read. The strings of `out` are assigned, so a buffer
  // reused from call to call keeps their capacity. DataLoss for a stored id
  // that is not 4 bytes.
  absl::StatusOr<size_t> Read(absl::Span<TermEntry> out);

  // OK until the cursor fails; then why it stopped.
  const absl::Status& status() const;

 private:
  friend class CountStore;
  struct Rep;  // src/store_cursor_rep.h.
  explicit TermCursor(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_STORE_CURSOR_H_
