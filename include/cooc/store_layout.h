// StoreLayout: how a database's column families sit in table files, which
// decides how much work a read does and whether the number of distinct
// pairs is known without a scan.
//
// Every commit bulk-loads new table files (RocksDB IngestExternalFiles).
// A file whose keys overlap what a family already holds is placed on a
// level above it, so each commit that adds to existing keys adds one more
// "sorted run" of Merge operands that every read of those keys merges.
// CountStore::Maintain and CountStore::Compact (count_store.h) merge runs
// to keep that work bounded; FamilyLayout says where a family stands.

#ifndef COOC_INCLUDE_COOC_STORE_LAYOUT_H_
#define COOC_INCLUDE_COOC_STORE_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace cooc {

// The table files of one column family.
struct FamilyLayout {
  std::string family;  // "default", "vocab", "terms", "marginals", "shard_K".
  uint64_t files = 0;  // Live table files.
  uint64_t bytes = 0;  // Their size on disk.
  // Sorted runs: each level-0 file, and each other level that has files. A
  // key is in at most one entry of each run, so a read merges at most this
  // many entries per key.
  int sorted_runs = 0;
  // The runs above the base (the deepest level that has files): the deltas
  // of later commits, not yet merged into the base.
  int delta_runs = 0;
  uint64_t base_bytes = 0;      // Bytes of the base level's files.
  uint64_t delta_bytes = 0;     // Bytes of the delta runs' files.
  uint64_t entries = 0;         // Entries of all files (table properties).
  uint64_t merge_operands = 0;  // Of which Merge operands.
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_STORE_LAYOUT_H_
