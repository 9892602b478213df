// Shards are handed out through an atomic counter, so a thread that drew a
// small shard takes the next one at once (shards differ in size: frequent
// words make heavy rows). Each shard's status goes into its own slot, and
// the first failed slot in shard order is the answer.

#include "shard_scan.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "out_of_memory.h"

namespace cooc {

int ScanThreads(int shards) {
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, std::min(cores > 0 ? cores : 1, shards));
}

absl::Status ScanShards(int shards,
                        const std::function<absl::Status(int shard)>& scan) {
  return ScanShardsOn(shards, ScanThreads(shards),
                      [&](int shard, int) { return scan(shard); });
}

absl::Status ScanShardsOn(
    int shards, int threads,
    const std::function<absl::Status(int shard, int thread)>& scan) {
  std::vector<absl::Status> statuses(shards);
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&](int thread) {
    // A shard once taken is always scanned, so every shard below a failed
    // one has its status.
    while (!failed.load(std::memory_order_relaxed)) {
      const int shard = next++;
      if (shard >= shards) return;
      // An exception escaping a helper thread would end the process.
      statuses[shard] = CatchOutOfMemory(
          "reading the shards", [&] { return scan(shard, thread); });
      if (!statuses[shard].ok()) failed = true;
    }
  };
  threads = std::max(1, std::min(threads, shards));
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (int i = 1; i < threads; ++i) helpers.emplace_back(work, i);
  work(0);
  for (std::thread& helper : helpers) helper.join();
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace cooc
