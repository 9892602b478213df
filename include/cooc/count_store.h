// CountStore: the persistent, sharded co-occurrence counts of one corpus.
//
//   text -> tokens -> pairs -> sharded counts -> [RocksDB] -> measures -> query
//
// A store is a RocksDB directory (layout in src/key_format.h): a vocabulary
// (term <-> integer id), per-term counts (token frequency and the pair
// marginals c(x,*) and c(*,x)), corpus totals, and S shards of pair counts
// c(x,y), the pair (x,y) in the shard of x. Every ingest reaches the store
// through one StoreWriter, committed atomically: a reader (or a crash) sees
// the store before or after an ingest, never between.

#ifndef COOC_INCLUDE_COOC_COUNT_STORE_H_
#define COOC_INCLUDE_COOC_COUNT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"

namespace cooc {

// Everything one ingest adds, in memory: a convenience for small ingests and
// tests, committed by CountStore::Commit through a StoreWriter.
struct StoreBatch {
  // Terms new to the vocabulary with their ids; ids continue the store's
  // sequence (the first is Totals::types, then consecutive).
  std::vector<std::pair<std::string, uint32_t>> new_terms;
  // Count increments per term id, sorted by id.
  std::vector<std::pair<uint32_t, TermCounts>> term_counts;
  // Per shard, pair increments ((x << 32) | y, count) sorted by key; the
  // outer vector has one entry per shard.
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> shard_pairs;
  // Increments of tokens, lines, pair_events, invalid_utf8. types,
  // distinct_pairs and ingests are computed by the commit.
  Totals totals;
};

class StoreWriter;  // src/store_writer.h: how an ingest commits.

// Thread-safety: the read methods may be called from several threads at
// once; Commit must not run concurrently with another Commit.
class CountStore {
 public:
  enum class Access {
    kReadOnly,   // Queries. Works while another process writes.
    kReadWrite,  // Ingest. One writer per database: a second one fails.
  };

  // Opens the existing database at `path`. Returns NotFound if there is no
  // database there, FailedPrecondition if the directory is not a cooc
  // database, has another format version, or (kReadWrite) is in use by
  // another cooc process; DataLoss if its metadata is damaged.
  static absl::StatusOr<std::unique_ptr<CountStore>> Open(
      const std::string& path, Access access);

  // Creates a new, empty database at `path` (an absent or empty directory)
  // with `options`, open for writing. Returns AlreadyExists if `path` holds
  // anything, InvalidArgument for invalid options.
  static absl::StatusOr<std::unique_ptr<CountStore>> Create(
      const std::string& path, const StoreOptions& options);

  ~CountStore();
  CountStore(const CountStore&) = delete;
  CountStore& operator=(const CountStore&) = delete;

  const std::string& path() const;
  const StoreOptions& options() const;

  absl::StatusOr<Totals> ReadTotals() const;

  // Returns the id of the (already normalized) `term`, or NotFound.
  absl::StatusOr<uint32_t> Lookup(absl::string_view term) const;
  // Returns the id of each of `terms` (already normalized), or nullopt for a
  // term not in the vocabulary, in one batched read.
  absl::StatusOr<std::vector<std::optional<uint32_t>>> LookupAll(
      absl::Span<const std::string> terms) const;
  // Returns the term of `id`, or NotFound.
  absl::StatusOr<std::string> Term(uint32_t id) const;
  // Returns the counts of `id` (all zero for an id never counted).
  absl::StatusOr<TermCounts> Counts(uint32_t id) const;
  // Returns the counts of each of `ids` (in increasing order), in one
  // batched read: much faster than one Counts call per id.
  absl::StatusOr<std::vector<TermCounts>> Counts(
      const std::vector<uint32_t>& ids) const;
  // Returns the counts of every id in [0, types), indexed by id.
  absl::StatusOr<std::vector<TermCounts>> AllCounts() const;
  // Returns c(x,y), 0 if the pair was never seen.
  absl::StatusOr<uint64_t> PairCount(uint32_t x, uint32_t y) const;

  // Calls `fn(y, c(x,y))` for every stored partner y of `x`, in id order.
  // Reads only x's key range in its shard.
  absl::Status ForEachPartner(
      uint32_t x, const std::function<void(uint32_t, uint64_t)>& fn) const;
  // Calls `fn(x, y, c(x,y))` for every stored pair, shard by shard.
  absl::Status ForEachPair(
      const std::function<void(uint32_t, uint32_t, uint64_t)>& fn) const;
  // Calls `fn(term, id)` for every vocabulary entry, in term byte order.
  absl::Status ForEachTerm(
      const std::function<void(absl::string_view, uint32_t)>& fn) const;

  // Returns the first journal entry of content `hash` (with `bytes`), or
  // NotFound if no committed ingest read that content.
  absl::StatusOr<JournalEntry> FindInJournal(uint64_t hash,
                                             uint64_t bytes) const;
  // Returns the journal, in commit order.
  absl::StatusOr<std::vector<JournalEntry>> ReadJournal() const;

  // Bytes of all files in the database directory.
  absl::StatusOr<uint64_t> SizeOnDisk() const;

  // Checks the database's files: reads every table file and checks each
  // block's checksum (RocksDB DB::VerifyChecksum), and checks that every
  // table file in the directory belongs to the database (one that does not
  // is the sign of a truncated MANIFEST, which RocksDB silently reads as an
  // older state, or of an ingest killed while adding its files). Returns
  // DataLoss naming the file. Reads the whole database: takes time
  // proportional to its size on disk.
  absl::Status VerifyFiles() const;

  // Starts an ingest's writer. FailedPrecondition unless opened kReadWrite.
  // Only one writer may be used at a time.
  absl::StatusOr<std::unique_ptr<StoreWriter>> NewWriter();

  // Adds `batch` to the store atomically (through NewWriter()).
  // REQUIRES: opened kReadWrite (FailedPrecondition otherwise).
  absl::Status Commit(const StoreBatch& batch);


 private:
  friend class CountStoreWriter;
  struct Rep;  // src/count_store_rep.h.
  explicit CountStore(std::unique_ptr<Rep> rep);
  static absl::StatusOr<std::unique_ptr<CountStore>> OpenOnce(
      const std::string& path, Access access);
  std::unique_ptr<Rep> rep_;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_COUNT_STORE_H_
