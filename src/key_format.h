// The on-disk format of a cooc database. DO NOT CHANGE without bumping
// kFormatVersion: databases written by one version are read by the next.
//
// A database is one RocksDB directory with these column families:
//
//   default      "journal/<hash>/<ingest>/<i>" -> one input of an ingest
//                            (EncodeJournalValue): hash is the content hash
//                            as 16 hex digits, ingest 20 digits, i the
//                            input's place in the ingest, 6 digits.
//                "meta"   -> metadata record (EncodeMetadata): format
//                            version, window, mode, shard count, tokenizer
//                            options, a checksum. Written once, checked on
//                            every open.
//                "totals" -> CountVector of kTotalsFields counters, merge-added.
//                "unit_cuts" -> CountVector of 1 counter, merge-added: the
//                            units cut at max_unit_tokens (Totals::unit_cuts).
//                            Added later within format 1; absent means 0.
//                Labelled databases only (StoreOptions::labels; added later
//                within format 1), each a CountVector of 1 counter,
//                merge-added (LabelCounts, store_records.h):
//                "labelled_documents" -> documents with a label;
//                "label/<name>" -> documents of label <name>;
//                "label_term/<id>" -> labelled documents containing term
//                            <id> (4 bytes big-endian);
//                "label_term_df/<n><name><id>" -> documents of label <name>
//                            containing term <id>; <n> is the name's length
//                            in bytes, 4 bytes big-endian.
//   vocab        term (UTF-8) -> id, 4 bytes big-endian.
//   terms        id (4 bytes big-endian) -> term (UTF-8).
//   marginals    id (4 bytes big-endian) -> CountVector of 3 counters:
//                token frequency f(x), row sum c(x,*), column sum c(*,x).
//   shard_<k>    for k in [0, shards): pair key -> CountVector of 1 counter,
//                c(x,y). The pair (x,y) lives in shard ShardOf(x).
//   right_<k>    only with a right index (StoreOptions::right_index), for k
//                in [0, shards): the pair key of (y,x) -> c(x,y), for every
//                pair (x,y) with ShardOf(y) == k: the same counts by right
//                word. Written by the same commits as the shards.
//
// Beside RocksDB's files the directory holds scan/<token>.runs, the scan
// file of one table of a pair family (scan_file.h): cooc's own copy of the
// table's pairs, named in the table's properties, for scans that do not go
// through RocksDB's iterator. A cache, not part of the format: a table
// without one (a database made before them included) is read through
// RocksDB.
//
// Pair keys are id(x) then id(y), each 4 bytes big-endian, so keys sort by x
// then y and one prefix scan of id(x) yields every partner of x in order.
// A CountVector is a sequence of uint64 counters, each 8 bytes little-endian;
// the merge operator adds two CountVectors of the same length element-wise
// and rejects anything else as corruption.

#ifndef COOC_SRC_KEY_FORMAT_H_
#define COOC_SRC_KEY_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"

namespace cooc {

inline constexpr int kFormatVersion = 1;

inline constexpr char kMetaKey[] = "meta";
inline constexpr char kJournalPrefix[] = "journal/";
inline constexpr char kTotalsKey[] = "totals";
inline constexpr char kUnitCutsKey[] = "unit_cuts";
inline constexpr char kLabelledDocumentsKey[] = "labelled_documents";
inline constexpr char kLabelPrefix[] = "label/";
inline constexpr char kLabelTermPrefix[] = "label_term/";
inline constexpr char kLabelTermLabelPrefix[] = "label_term_df/";
inline constexpr char kVocabFamily[] = "vocab";
inline constexpr char kTermsFamily[] = "terms";
inline constexpr char kMarginalsFamily[] = "marginals";
inline constexpr char kShardFamilyPrefix[] = "shard_";
inline constexpr char kRightFamilyPrefix[] = "right_";

inline constexpr size_t kIdBytes = 4;
inline constexpr size_t kPairKeyBytes = 2 * kIdBytes;
inline constexpr size_t kCounterBytes = 8;

// Field order of the totals CountVector.
enum TotalsField : int {
  kTotalsTokens = 0,
  kTotalsLines,
  kTotalsPairEvents,
  kTotalsDistinctPairs,
  kTotalsTypes,
  kTotalsInvalidUtf8,
  kTotalsIngests,
  kTotalsFields,  // number of fields
};

// Field order of a marginals CountVector.
enum MarginalsField : int {
  kMarginalsFrequency = 0,
  kMarginalsRow,
  kMarginalsColumn,
  kMarginalsFields,
};

// The name of pair family `family` (PairFamilies in store_options.h) of a
// database of `shards` shards: "shard_<k>" for family k < shards, else
// "right_<family - shards>".
std::string ShardFamilyName(int family, int shards);

// The shard that holds every pair whose left word is `id`.
inline int ShardOf(uint32_t id, int shards) {
  return static_cast<int>(id % static_cast<uint32_t>(shards));
}

void AppendId(uint32_t id, std::string* out);
std::string EncodeId(uint32_t id);
// Returns DataLoss unless `bytes` is exactly kIdBytes long.
absl::StatusOr<uint32_t> DecodeId(absl::string_view bytes);

// Writes the kPairKeyBytes key of (x, y) into `out[0..8)`.
void EncodePairKey(uint32_t x, uint32_t y, char* out);
std::string EncodePairKey(uint32_t x, uint32_t y);
// REQUIRES: key.size() == kPairKeyBytes.
uint32_t PairKeyLeft(absl::string_view key);
uint32_t PairKeyRight(absl::string_view key);

std::string EncodeCountVector(absl::Span<const uint64_t> counts);
// Returns DataLoss unless `bytes` holds exactly `fields` counters.
absl::StatusOr<std::vector<uint64_t>> DecodeCountVector(absl::string_view bytes,
                                                       size_t fields);
// Decodes a single-counter CountVector; DataLoss if malformed.
absl::StatusOr<uint64_t> DecodeCount(absl::string_view bytes);

// The journal key of the `index`-th input of ingest `ingest`, of content
// `hash`; JournalHashPrefix(hash) is the prefix of all keys of that content.
std::string JournalKey(uint64_t hash, uint64_t ingest, size_t index);
std::string JournalHashPrefix(uint64_t hash);
// "bytes<TAB>unix_seconds<TAB>path"; decoding takes hash and ingest from
// the key and returns DataLoss for a malformed key or value.
std::string EncodeJournalValue(const JournalEntry& entry);
absl::StatusOr<JournalEntry> DecodeJournalEntry(absl::string_view key,
                                                absl::string_view value);

// The records of `labels` (term ids the database's), as (key, CountVector)
// pairs in key order; counts of 0 are left out.
std::vector<std::pair<std::string, std::string>> EncodeLabelRecords(
    const LabelCounts& labels);

// Adds the label record (`key`, `value`) of the default family to `*labels`
// (whose `term_documents` must already have a slot per term id), taking
// label names from "label/" keys before "label_term_df/" ones as a scan in
// key order gives them. Returns DataLoss for a malformed key or value, a
// term id beyond `term_documents`, or a per-term count of an unknown label.
absl::Status DecodeLabelRecord(absl::string_view key, absl::string_view value,
                               LabelCounts* labels);

// The metadata record: space-separated key=value fields,
//
//   cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=0
//   punct=0 minlen=0 dict=0 stopwords=none unit=window
//
// then tokenizer=V (StoreOptions::tokenizer_version; absent means 1, the
// rules before versions), for sentence and line units only maxunit=N
// (StoreOptions::max_unit_tokens; 0 is no bound), for labelled databases
// only labels=prefix or labels=tsv (StoreOptions::labels; absent: none), for
// ordered databases with a right index rindex=1 (StoreOptions::right_index;
// absent: none; added later within format 1), and last check=H: the
// ContentHasher hash (content_hash.h) of the record's text before " check=",
// as 16 lowercase hex digits. A record whose check does not match was
// changed after it was written (by RocksDB's ldb, say) and is refused as
// DataLoss on every open, since counts added under a definition that is not
// the one they were made with would be silently wrong. Records written
// before checks have none (and no tokenizer version): they are read as
// version 1, to which nothing can be added; a record with a version but no
// check is refused.
//
// fold, numbers, punct: 0 or 1 (TokenizerOptions case_folding,
// keep_numbers, keep_punctuation); minlen: min_length; dict: 0 for no user
// dictionary, else its checksum as 16 lowercase hex digits; stopwords: none,
// or NAME:CHECKSUM (NAME en, zh or file; CHECKSUM 16 hex digits); unit:
// window, sentence or line (CountingUnit; absent means window); maxunit:
// absent in a unit database made before the bound, which is read as 0 (no
// bound), as that database was counted; a window database never has it and
// reads as StoreOptions' default. pretokenized=1 (Segmentation::
// kPretokenized) and convert=t2s|s2t (ScriptConversion) are written only
// when set and read as kIcu and kNone when absent. The keys
// up to numbers are required; punct, minlen, dict and stopwords were added
// later within format 1 and default to 0/0/0/none when absent (databases
// created before them). Unknown keys are ignored.
std::string EncodeMetadata(const StoreOptions& options);
// Returns FailedPrecondition for another format version and DataLoss for a
// record that does not parse.
absl::StatusOr<StoreOptions> DecodeMetadata(absl::string_view record);

}  // namespace cooc

#endif  // COOC_SRC_KEY_FORMAT_H_
