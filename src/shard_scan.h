// ScanShards: runs one scan per shard on all cores.
//
//   shard cursors -> [one thread per core, shards handed out] -> per-shard
//   results merged in shard order by the caller
//
// The whole-store scans (collocations, the information of the pair events,
// verify, CountPairs) each keep one result per shard and merge the results
// in shard order afterwards, so what they return does not depend on the
// number of threads or on which thread read which shard.

#ifndef COOC_SRC_SHARD_SCAN_H_
#define COOC_SRC_SHARD_SCAN_H_

#include <cstddef>
#include <functional>

#include "absl/status/status.h"

namespace cooc {

// Pairs read per PairCursor::Read call by the scans.
inline constexpr size_t kScanBatch = 4096;

// The number of threads ScanShards uses for `shards` shards: the number of
// cores, at most `shards`, at least 1.
int ScanThreads(int shards);

// Calls `scan(shard)` once for every shard in [0, `shards`), from
// ScanThreads(shards) threads, each taking the next shard not yet taken.
// Returns the error of the lowest-numbered shard whose scan failed, or OK.
// Shards after a failure may be skipped. REQUIRES: `scan` is safe to call
// concurrently for different shards.
absl::Status ScanShards(int shards,
                        const std::function<absl::Status(int shard)>& scan);

// As ScanShards, from min(`threads`, `shards`) threads (at least 1), and
// `scan` is also told which of them runs it, as an index in [0, threads),
// for results kept per thread rather than per shard.
absl::Status ScanShardsOn(
    int shards, int threads,
    const std::function<absl::Status(int shard, int thread)>& scan);

}  // namespace cooc

#endif  // COOC_SRC_SHARD_SCAN_H_
