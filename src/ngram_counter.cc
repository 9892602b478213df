// NgramCounter (the method is in the header). The threads of a level take
// parts from a shared queue; each part is one scan of the whole text into
// a table of its own, which is then folded into the frequent sets under
// one lock (the folding is short next to the scan). A part that overflows
// pushes its two halves back on the queue.

#include "ngram_counter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace cooc {
namespace {

// Bytes a counting-table entry takes at worst (a 32-byte slot and its
// control byte, at the lowest load factor after the table grows).
constexpr uint64_t kBytesPerTableEntry = 80;

NgramCounter::Key Mask(int length) {
  return length >= 8 ? ~NgramCounter::Key(0)
                     : (NgramCounter::Key(1) << (16 * length)) - 1;
}

// The hash that assigns keys to parts (independent of the table's hash).
uint64_t PartHash(NgramCounter::Key key) {
  const uint64_t h = absl::Uint128Low64(key) * 0x9E3779B97F4A7C15ull ^
                     absl::Uint128High64(key) * 0xC2B2AE3D27D4EB4Full;
  return h ^ (h >> 29);
}

double CLogC(uint64_t c) {
  return c <= 1 ? 0.0 : static_cast<double>(c) * std::log2(static_cast<double>(c));
}

struct Part {
  uint64_t parts;  // m, a power of two.
  uint64_t index;  // r < m.
};

// The parts of a level still to count, shared by its threads.
struct PartQueue {
  absl::Mutex mu;
  std::deque<Part> parts ABSL_GUARDED_BY(mu);
  int active ABSL_GUARDED_BY(mu) = 0;  // Parts being counted.
  uint64_t extra_scans ABSL_GUARDED_BY(mu) = 0;

  // A thread may take a part, or stop: no part is left and none is being
  // counted (which could still split into two).
  static bool Ready(PartQueue* queue) ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue->mu) {
    return !queue->parts.empty() || queue->active == 0;
  }
};

}  // namespace

NgramCounter::Key NgramCounter::MakeKey(const uint16_t* chars, int length) {
  Key key = 0;
  for (int i = 0; i < length; ++i) key = (key << 16) | Key(chars[i]);
  return key;
}

std::vector<uint16_t> NgramCounter::Characters(Key key, int length) {
  std::vector<uint16_t> chars(length);
  for (int i = length - 1; i >= 0; --i) {
    chars[i] = static_cast<uint16_t>(absl::Uint128Low64(key) & 0xFFFF);
    key >>= 16;
  }
  return chars;
}

NgramCounter::NgramCounter(absl::Span<const uint16_t> text,
                           const Options& options)
    : char_counts_(1 << 16, 0),
      frequent_chars_(1 << 16, false),
      levels_(options.max_length + 1) {
  for (const uint16_t c : text) {
    if (c == 0) continue;
    ++char_counts_[c];
    ++characters_;
  }
  for (size_t c = 1; c < char_counts_.size(); ++c) {
    frequent_chars_[c] = char_counts_[c] >= options.min_count;
  }
  for (int n = 2; n <= options.max_length + 1; ++n) {
    CountLevel(text, n, options);
  }
}

uint64_t NgramCounter::Count(Key key, int n) const {
  if (n == 1) return char_counts_[absl::Uint128Low64(key) & 0xFFFF];
  const auto it = levels_[n].find(key);
  return it == levels_[n].end() ? 0 : it->second.count;
}

void NgramCounter::CountLevel(absl::Span<const uint16_t> text, int n,
                              const Options& options) {
  const int threads = std::max(1, options.threads);
  const uint64_t table_limit = std::max<uint64_t>(
      1024, options.memory_bytes / threads / kBytesPerTableEntry);
  const Key mask = Mask(n);
  const Key part_mask = Mask(n - 1);
  Level* const shorter = n >= 3 ? &levels_[n - 1] : nullptr;
  Level* const frequent = n <= options.max_length ? &levels_[n] : nullptr;

  PartQueue queue;
  uint64_t first_parts = 1;
  while (first_parts < static_cast<uint64_t>(threads)) first_parts *= 2;
  {
    absl::MutexLock lock(&queue.mu);
    for (uint64_t r = 0; r < first_parts; ++r) {
      queue.parts.push_back({first_parts, r});
    }
  }

  const auto is_frequent = [&](Key part) {
    if (shorter == nullptr) {
      return static_cast<bool>(frequent_chars_[absl::Uint128Low64(part)]);
    }
    return shorter->contains(part);
  };

  const auto work = [&] {
    absl::flat_hash_map<Key, uint64_t> table;
    while (true) {
      Part part;
      {
        absl::MutexLock lock(&queue.mu);
        queue.mu.Await(absl::Condition(&PartQueue::Ready, &queue));
        if (queue.parts.empty()) return;
        part = queue.parts.front();
        queue.parts.pop_front();
        ++queue.active;
      }
      table.clear();
      bool overflow = false;
      Key key = 0;
      int run = 0;
      const uint64_t part_bits = part.parts - 1;
      for (const uint16_t c : text) {
        if (c == 0) {
          run = 0;
          continue;
        }
        key = ((key << 16) | Key(c)) & mask;
        if (++run < n) continue;
        if ((PartHash(key) & part_bits) != part.index) continue;
        if (!is_frequent(key >> 16) && !is_frequent(key & part_mask)) continue;
        ++table[key];
        if (table.size() > table_limit) {
          overflow = true;
          break;
        }
      }
      absl::MutexLock lock(&queue.mu);
      --queue.active;
      if (overflow) {
        queue.parts.push_back({part.parts * 2, part.index});
        queue.parts.push_back({part.parts * 2, part.index + part.parts});
        ++queue.extra_scans;
        continue;
      }
      for (const auto& [ngram, count] : table) {
        const Key prefix = ngram >> 16;
        const Key suffix = ngram & part_mask;
        bool prefix_frequent;
        bool suffix_frequent;
        if (shorter != nullptr) {
          const auto p = shorter->find(prefix);
          const auto s = shorter->find(suffix);
          prefix_frequent = p != shorter->end();
          suffix_frequent = s != shorter->end();
          const double clogc = CLogC(count);
          if (prefix_frequent) p->second.right_sum += clogc;
          if (suffix_frequent) s->second.left_sum += clogc;
        } else {
          prefix_frequent = is_frequent(prefix);
          suffix_frequent = is_frequent(suffix);
        }
        if (frequent != nullptr && count >= options.min_count &&
            prefix_frequent && suffix_frequent) {
          (*frequent)[ngram].count = count;
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  absl::MutexLock lock(&queue.mu);
  extra_scans_ += queue.extra_scans;
}

}  // namespace cooc
