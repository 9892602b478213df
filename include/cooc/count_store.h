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
//
// Reads stay bounded as the store grows: each commit that adds to existing
// pairs adds a sorted run of Merge operands to the families it touches, and
// Maintain() (after each commit) keeps the number of such delta runs per
// family at most kMaxDeltaRuns, so a read merges at most kMaxDeltaRuns + 1
// entries per key. The policy, per column family:
//
//   0. The small families (everything but the pairs: the vocabulary, the
//      terms, the marginals, the totals and journal) are merged into one
//      run after every commit that adds a delta to them while the family
//      holds at most kFullyMergedFamilyBytes: a query looks up the
//      marginals of hundreds of partners, and these families are a few MB
//      (about 4 MB against 100 MB of pairs on the 100 MB text). A larger
//      one (a vocabulary of millions of types: 7M types take about 50 MB
//      in each of vocab, terms and marginals) follows rules 1 and 2 like
//      the pairs, so that a small ingest does not rewrite the whole
//      vocabulary; its tables have Bloom filters (count_store_rep.h), so a
//      lookup reads only the runs that hold its key.
//   1. If the deltas' bytes exceed the base's bytes (the base: the deepest
//      level that has files), merge the whole family into one run of fully
//      merged values (CompactFiles of every file into the base level).
//   2. Otherwise, if there are more than kMaxDeltaRuns delta runs, merge
//      some deltas among themselves, size-tiered: the newest runs, joined
//      by each next older run while the group is at least as large as it,
//      and at least the two newest; the result lands just above the next
//      older run (cost proportional to those deltas, never the base).
//
// Amortized cost: a full merge rewrites base + deltas < 2 x deltas bytes,
// and every delta byte is absorbed by one full merge, so full merges
// rewrite at most about 2 bytes per byte committed. A delta merge doubles
// (at least) the size of the run an older delta joins, so a delta byte is
// rewritten by delta merges about log2(deltas / one commit) times at most
// (the forced "two newest" merges add one small rewrite per commit). On
// 50 equal commits of the 100 MB English text the maintenance took 1.5x
// the commits' own time (README, Performance). RocksDB's own automatic
// compaction is disabled (count_store_rep.h): it would compact by level
// sizes that say nothing here (bulk-loaded files go straight to the deepest
// free level), run in the background of a short-lived ingest process, and
// make CompactFiles fail on files it holds.
//
// Compaction is crash-safe by itself: RocksDB writes the merged files,
// then records the switch from input to output files in one MANIFEST
// record, so a kill leaves the store before or after the compaction. (A
// kill can leave unreferenced partial output files, which `cooc verify`
// reports as not part of the database until the next read-write open
// deletes them.)

#ifndef COOC_INCLUDE_COOC_COUNT_STORE_H_
#define COOC_INCLUDE_COOC_COUNT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/store_cursor.h"
#include "cooc/store_layout.h"
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
  // Increments of tokens, lines, pair_events, invalid_utf8. types and
  // ingests are computed by the commit; distinct_pairs is ignored.
  Totals totals;
};

class StoreWriter;  // src/store_writer.h: how an ingest commits.

// Thread-safety: the read methods may be called from several threads at
// once; Commit, Maintain and Compact must not run concurrently with each
// other.
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

  // Returns the totals. Totals::distinct_pairs is computed from the table
  // files' properties (the stored field is not used): for each shard family
  // whose files form a single sorted run (no two files share a key range,
  // which holds after its first commit and after a full merge), its
  // distinct pairs are the number of entries of its files. If a shard has
  // deltas pending (a later commit added to keys it already held), the
  // number is unknown (nullopt) until Compact() or Maintain() merges it.
  // On a read-only store it is computed once and cached, as such a store
  // does not change.
  absl::StatusOr<Totals> ReadTotals() const;

  // Returns the id of the (already normalized) `term`, or NotFound.
  absl::StatusOr<uint32_t> Lookup(absl::string_view term) const;
  // Returns the id of each of `terms` (already normalized), or nullopt for a
  // term not in the vocabulary, in one batched read.
  absl::StatusOr<std::vector<std::optional<uint32_t>>> LookupAll(
      absl::Span<const absl::string_view> terms) const;
  // Returns the term of `id`, or NotFound.
  absl::StatusOr<std::string> Term(uint32_t id) const;
  // Returns the counts of `id` (all zero for an id never counted).
  absl::StatusOr<TermCounts> Counts(uint32_t id) const;
  // Returns the counts of each of `ids` (in increasing order), in one
  // batched read: much faster than one Counts call per id.
  absl::StatusOr<std::vector<TermCounts>> Counts(
      const std::vector<uint32_t>& ids) const;
  // Returns the counts of every id in [0, types), indexed by id
  // (ReadCountsById; ids without counts have zeros).
  absl::StatusOr<std::vector<TermCounts>> AllCounts() const;
  // Calls `add` with every id that has counts and its counts, in increasing
  // id order, in one scan: for a caller that keeps them its own way (a
  // count part's frequency arrays) without a vector of all of them.
  // DataLoss for an id beyond the vocabulary or a damaged record.
  absl::Status ReadCountsById(
      absl::FunctionRef<void(uint32_t id, const TermCounts& counts)> add)
      const;
  // Returns c(x,y), 0 if the pair was never seen.
  absl::StatusOr<uint64_t> PairCount(uint32_t x, uint32_t y) const;

  // Returns a cursor over every stored pair of shard `shard` (in [0,
  // options().shards)), in key order; InvalidArgument for another shard.
  // The pair (x,y) is in shard ShardOf(x): x mod shards.
  absl::StatusOr<PairCursor> ShardPairs(
      int shard, const PairCursorOptions& options = {}) const;
  // Returns a cursor over every key (y, x) of family `shard` of the right
  // index (the pairs (x, y) with ShardOf(y) == shard, PairEntry::x being
  // y), in key order; FailedPrecondition without a right index,
  // InvalidArgument for another shard.
  absl::StatusOr<PairCursor> RightIndexPairs(
      int shard, const PairCursorOptions& options = {}) const;
  // Returns a cursor over the stored partners (x, y) of `x`, in y order.
  // Reads only x's key range in its shard.
  PairCursor Partners(uint32_t x, const PairCursorOptions& options = {}) const;
  // Returns a cursor over the stored pairs (x, y) of right word `y`, as
  // entries keyed (y, x) (PairEntry::x is `y`), in x order: the words
  // before `y` in an ordered database. Reads only y's key range in its
  // family of the right index (StoreOptions::right_index);
  // FailedPrecondition for a database without one.
  absl::StatusOr<PairCursor> LeftPartners(
      uint32_t y, const PairCursorOptions& options = {}) const;
  // Returns a cursor over the vocabulary, in term byte order.
  TermCursor Terms() const;
  // Returns a cursor over the vocabulary, in id order.
  TermCursor TermsInIdOrder() const;
  // Calls `add` with every term in id order, from id 0, in one scan:
  // for a caller that keeps the terms its own way (a count part's
  // TermList) without holding them twice. DataLoss unless the ids are
  // exactly 0..types-1.
  absl::Status ReadTermsById(
      absl::FunctionRef<void(absl::string_view term)> add) const;
  // Returns every term, indexed by id (ReadTermsById).
  absl::StatusOr<std::vector<std::string>> TermsById() const;

  // Returns the number of stored pairs, counted by a scan of every shard in
  // parallel on all cores. Errors as PairCursor::Read.
  absl::StatusOr<uint64_t> CountPairs() const;

  // Returns the table-file layout of every column family, in family order
  // (default, vocab, terms, marginals, shard_0, ...).
  absl::StatusOr<std::vector<FamilyLayout>> Layout() const;

  // The bound on delta runs per family that Maintain keeps.
  static constexpr int kMaxDeltaRuns = 4;
  // Up to this size a small family is merged into one run after every
  // commit that adds to it (rule 0 above): about 0.2 s of merging.
  static constexpr uint64_t kFullyMergedFamilyBytes = uint64_t{32} << 20;

  // Applies the maintenance policy above to every column family: cheap
  // when nothing needs merging (it reads only in-memory file metadata).
  // Call after each commit. REQUIRES: opened kReadWrite
  // (FailedPrecondition otherwise). Errors: the store's write errors.
  absl::Status Maintain();

  // Merges every column family into fully merged values (RocksDB
  // CompactRange down to the bottommost level, which is rewritten too), so
  // reads merge nothing and Totals::distinct_pairs is known. Takes time
  // proportional to the database's size. REQUIRES: opened kReadWrite
  // (FailedPrecondition otherwise).
  absl::Status Compact();

  // Returns the first journal entry of content `hash` (with `bytes`), or
  // NotFound if no committed ingest read that content.
  absl::StatusOr<JournalEntry> FindInJournal(uint64_t hash,
                                             uint64_t bytes) const;
  // Returns the label counts of a labelled database (StoreOptions::labels),
  // term ids this database's, labels in byte order of their names,
  // `term_documents` sized to the vocabulary. FailedPrecondition for a
  // database built without labels (naming --labels); DataLoss for a
  // damaged record. Reads the label records once (a prefix scan).
  absl::StatusOr<LabelCounts> ReadLabelCounts() const;

  // Returns the journal, in commit order.
  absl::StatusOr<std::vector<JournalEntry>> ReadJournal() const;

  // Bytes of all files in the database directory, scan files included.
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

  // Adds `batch` to the store atomically (through NewWriter()), as one
  // ingest. Does not call Maintain(): ingests (which fold, fold.h) do, and
  // tests of the file layout need the raw commit.
  // REQUIRES: opened kReadWrite (FailedPrecondition otherwise).
  absl::Status Commit(const StoreBatch& batch);


 private:
  friend class CountStoreWriter;
  struct Rep;  // src/count_store_rep.h.
  explicit CountStore(std::unique_ptr<Rep> rep);
  static absl::StatusOr<std::unique_ptr<CountStore>> OpenOnce(
      const std::string& path, Access access);
  // A cursor over pair family `family` (PairFamilies), whole.
  PairCursor FamilyPairs(int family, const PairCursorOptions& options) const;
  // A cursor over the keys of left id `x` in pair family `family`.
  PairCursor RangeOf(uint32_t x, int family,
                     const PairCursorOptions& options) const;
  // Makes `cursor` read the keys of `x` in pair family `family` from the
  // family's scan files (or stop with their read error) and returns true;
  // false if some table has no usable scan file.
  bool ReadRangeFromScanFiles(uint32_t x, int family,
                              PairCursor::Rep* cursor) const;
  // Totals::distinct_pairs from the table properties (ReadTotals), cached
  // for read-only stores. In src/store_compaction.cc.
  absl::StatusOr<std::optional<uint64_t>> DistinctPairs() const;
  // Maintain's policy applied to column family `index` (in family order,
  // as Layout's). In src/store_compaction.cc.
  absl::Status MaintainFamily(int index);
  std::unique_ptr<Rep> rep_;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_COUNT_STORE_H_
