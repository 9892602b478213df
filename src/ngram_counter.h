// NgramCounter: the counting stage of word discovery (cooc/discover.h).
//
//   runs of Han characters -> [n-gram counts, level by level] -> cohesion,
//   entropies
//
// Counts, exactly, the character n-grams of a text that occur at least
// `min_count` times, for n from 2 to `max_length`, together with the sums
// that their left and right entropies need: for a frequent w, the sum of
// c log2 c over the counts c of the (n+1)-grams that extend it by one
// character on that side.
//
// How it works. Characters are 16-bit ids (BMP code points; 0 ends a run),
// and an n-gram is the 128-bit number of its ids, first character in the
// highest place, so its prefix of length n-1 is key >> 16 and its suffix
// key & (2^(16(n-1)) - 1). Level n scans the text and counts the n-grams
// whose prefix or suffix is a frequent (n-1)-gram (level 1: a character
// seen min_count times), in a hash table; only those can be frequent
// themselves or be needed for a frequent (n-1)-gram's entropy. Then each
// counted n-gram adds c log2 c to its prefix's right sum and its suffix's
// left sum, and the n-grams with c >= min_count whose prefix and suffix
// are both frequent make the next level's frequent set. Level max_length+1
// is counted for the entropies only.
//
// The key space of a level is cut into parts by a hash of the key (part r
// of m: hash mod m == r), each counted by one scan of the text; the parts
// are shared among the threads. A part whose table outgrows the memory
// budget's share is dropped and counted again as two parts (2m: r and r+m),
// so memory is bounded and every n-gram is still counted exactly once,
// whatever the budget and the number of threads.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_NGRAM_COUNTER_H_
#define COOC_SRC_NGRAM_COUNTER_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/int128.h"
#include "absl/types/span.h"

namespace cooc {

class NgramCounter {
 public:
  using Key = absl::uint128;

  struct Entry {
    uint64_t count = 0;
    double left_sum = 0;   // Sum of c log2 c over the left extensions.
    double right_sum = 0;  // ... over the right extensions.
  };
  using Level = absl::flat_hash_map<Key, Entry>;

  struct Options {
    uint64_t min_count = 5;  // At least 1.
    int max_length = 6;      // From 2 to 7.
    int threads = 1;         // At least 1.
    uint64_t memory_bytes = uint64_t{1} << 30;
  };

  // The key of the `length` characters at `chars`.
  static Key MakeKey(const uint16_t* chars, int length);
  // The character ids of `key`, an n-gram of `length` characters.
  static std::vector<uint16_t> Characters(Key key, int length);

  // Counts the n-grams of `text`: character ids, runs separated by 0.
  NgramCounter(absl::Span<const uint16_t> text, const Options& options);

  // Not copyable.
  NgramCounter(const NgramCounter&) = delete;
  NgramCounter& operator=(const NgramCounter&) = delete;

  // Han characters in the text (N).
  uint64_t characters() const { return characters_; }
  // How often the character `id` occurs.
  uint64_t CharacterCount(uint16_t id) const { return char_counts_[id]; }
  // The frequent n-grams of length `n`, 2 <= n <= max_length.
  const Level& level(int n) const { return levels_[n]; }
  // The count of the n-gram `key` of length `n` (1 <= n <= max_length),
  // or 0 if it is not frequent.
  uint64_t Count(Key key, int n) const;

  // Scans added because a table outgrew the memory budget.
  uint64_t extra_scans() const { return extra_scans_; }

 private:
  void CountLevel(absl::Span<const uint16_t> text, int n,
                  const Options& options);

  uint64_t characters_ = 0;
  std::vector<uint64_t> char_counts_;
  std::vector<bool> frequent_chars_;
  std::vector<Level> levels_;  // Index n; 0 and 1 unused.
  uint64_t extra_scans_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_NGRAM_COUNTER_H_
