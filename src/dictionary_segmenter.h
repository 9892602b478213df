// DictionarySegmenter: the user-dictionary step of the Tokenizer.
//
//   text -> ICU word break -> [dictionary] -> filters -> tokens
//
// It re-segments one run of ICU segments (adjacent segments with no space
// between them, at least one of them ideographic or kana) using the words
// of a UserDictionary. The rule, stated in full in include/cooc/tokenizer.h:
// the run is covered by a sequence of words, each of which is a dictionary
// word or one of ICU's segments; among all such sequences the one with the
// lowest cost wins, where a dictionary word costs ln((F + 1) / f) (f its
// frequency, F the dictionary's total, and the 1 keeps every cost above 0;
// all equal when the file gives no frequencies); an ICU segment that is not a
// dictionary word costs DictionaryTrie::kUnknownIcuWordWeight (2.5) times the
// rarest dictionary word if it is ideographic or kana, and as much as the
// rarest word otherwise. Ties go to the sequence whose word lengths are most
// even (smallest sum of squared lengths). So ICU's split stays where the
// dictionary has nothing to say, and the dictionary may cut inside an ICU
// segment only where dictionary words (or other ICU segments) cover both sides
// of the cut, and only inside ideographic or kana segments (which ICU itself
// found with a dictionary); numbers and Latin words are never cut.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_DICTIONARY_SEGMENTER_H_
#define COOC_SRC_DICTIONARY_SEGMENTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "cooc/user_dictionary.h"

namespace cooc {

// The dictionary's words compiled for matching: a trie over UTF-16 code
// units with each word's cost, and the costs of ICU segments. Immutable and
// thread-safe; made once per dictionary and case-folding setting and shared
// by every tokenizer that uses them (see DictionaryTrie::Get).
class DictionaryTrie {
 public:
  // Returns the trie of `dictionary`'s words, case folded if `fold` (as the
  // text they are matched against is). The first call for a dictionary and
  // `fold` builds it; later calls, from any thread, return the same one.
  // Returns Internal if ICU fails.
  static absl::StatusOr<std::shared_ptr<const DictionaryTrie>> Get(
      const UserDictionary& dictionary, bool fold);

  // Not copyable.
  DictionaryTrie(const DictionaryTrie&) = delete;
  DictionaryTrie& operator=(const DictionaryTrie&) = delete;

  // The node reached from `node` by `unit`, or -1. The root is node 0.
  int32_t Child(int32_t node, char16_t unit) const {
    auto it = children_.find((static_cast<uint64_t>(node) << 16) | unit);
    return it == children_.end() ? -1 : it->second;
  }
  // The cost of the word ending at `node`, or -1 if none does.
  int64_t WordCost(int32_t node) const { return word_cost_[node]; }

  // True if the UTF-16 `word` (already normalized as text) is a dictionary
  // word. For tests.
  bool Contains(const std::u16string& word) const;

  int64_t icu_cost() const { return icu_cost_; }
  int64_t icu_cjk_cost() const { return icu_cjk_cost_; }

  // An ideographic or kana ICU segment that is not a dictionary word costs
  // this many times the rarest dictionary word: it loses to any split into
  // two dictionary words and wins over any split into three or more (the
  // dictionary is the word standard; ICU's dictionary is the fallback).
  // Any value in (2, 3) gives the same segmentations when the dictionary
  // has no frequencies; 2.5 sits in the middle. Other ICU segments
  // (numbers, Latin words, punctuation) cost as much as the rarest word.
  static constexpr double kUnknownIcuWordWeight = 2.5;

 private:
  DictionaryTrie() = default;
  static absl::StatusOr<std::shared_ptr<const DictionaryTrie>> Build(
      const UserDictionary& dictionary, bool fold);
  void Insert(const std::u16string& word, int64_t cost);

  std::vector<int64_t> word_cost_;
  absl::flat_hash_map<uint64_t, int32_t> children_;
  int64_t icu_cost_ = 0;      // An ICU piece that is not ideographic.
  int64_t icu_cjk_cost_ = 0;  // An ideographic or kana ICU piece.
};

// Not thread-safe (it reuses its buffers): one per Tokenizer.
class DictionarySegmenter {
 public:
  // One ICU segment: the UTF-16 offsets [begin, end) in the text.
  struct Piece {
    int32_t begin;
    int32_t end;
    bool ideographic;  // Ideographic or kana (ICU's dictionary segmented it).
  };

  // Returns a segmenter for `dictionary`'s words, case folded if `fold`.
  // Returns Internal if ICU fails.
  static absl::StatusOr<std::unique_ptr<DictionarySegmenter>> Create(
      const UserDictionary& dictionary, bool fold);

  // Not copyable.
  DictionarySegmenter(const DictionarySegmenter&) = delete;
  DictionarySegmenter& operator=(const DictionarySegmenter&) = delete;

  // Segments the run covered by `pieces` of `text` and replaces `*ends` with
  // the end offset of each chosen word, in order (the first word begins at
  // pieces.front().begin, the last ends at pieces.back().end). The buffers
  // are reused: a steady-state call does not allocate.
  // REQUIRES: `pieces` is not empty and contiguous
  // (pieces[i].end == pieces[i + 1].begin), each piece non-empty.
  void Segment(const char16_t* text, absl::Span<const Piece> pieces,
               std::vector<int32_t>* ends);

  const DictionaryTrie& trie() const { return *trie_; }

 private:
  explicit DictionarySegmenter(std::shared_ptr<const DictionaryTrie> trie)
      : trie_(std::move(trie)) {}

  std::shared_ptr<const DictionaryTrie> trie_;

  // The lattice of the current run, indexed by offset from its start.
  std::vector<int64_t> cost_;
  std::vector<int32_t> moved_;  // Words ending where ICU put no boundary.
  std::vector<int64_t> sum_squares_;
  std::vector<int32_t> back_;
  std::vector<uint8_t> inside_;  // 1: inside a piece that must not be cut.
  std::vector<uint8_t> icu_boundary_;  // 1: where an ICU piece ends.
};

}  // namespace cooc

#endif  // COOC_SRC_DICTIONARY_SEGMENTER_H_
