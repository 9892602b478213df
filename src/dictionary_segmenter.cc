// How the segmenter works.
//
// The dictionary's words (NFKC at load time, folded here if the tokenizer
// folds) are kept in a trie over UTF-16 code units; a node's children are
// found in one hash map keyed by (node, unit), so walking from a position
// costs one probe per character and stops as soon as no word continues.
// The trie is immutable and cached in the UserDictionary (one per folding
// setting), so the tokenizers of a parallel ingest share one copy; each
// DictionarySegmenter has only its own lattice buffers.
//
// Segment() is a shortest-path search over the run's offsets 0..n (relative
// to the run's start). Offset i can be left by the ICU piece that starts
// there (if one does) and by every dictionary word that matches at i (a trie
// walk). Offsets are visited left to right and only reachable ones are
// expanded, so an offset inside an ICU piece is used only if a dictionary
// word ends there, and no word may end inside a piece that is not
// ideographic or kana. Each offset keeps the best (cost, ICU boundaries
// moved, sum of squared word lengths) seen, compared lexicographically, and
// a back pointer; the words are read back from n. Costs are integers (nats
// * 1024, rounded), so equal-frequency words have exactly equal costs and
// ties are real ties, broken by the number of words that end where ICU put
// no boundary (fewest first: ICU's cut stands unless moving it is
// cheaper), then by the squared lengths and then by the first path found.
//
// Work per run: one trie walk per reachable offset, bounded by the longest
// word that matches there; the three arrays are reused between runs.

#include "dictionary_segmenter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"

namespace cooc {
namespace {

constexpr int64_t kUnreachable = std::numeric_limits<int64_t>::max();
constexpr double kCostScale = 1024;

int64_t ScaledCost(double nats) { return std::llround(nats * kCostScale); }

}  // namespace

absl::StatusOr<std::shared_ptr<const DictionaryTrie>> DictionaryTrie::Get(
    const UserDictionary& dictionary, bool fold) {
  {
    absl::MutexLock lock(&dictionary.mu_);
    if (dictionary.tries_[fold] != nullptr) return dictionary.tries_[fold];
  }
  // Built outside the lock; if two threads race, the first stored wins and
  // the other's copy is dropped.
  COOC_ASSIGN_OR_RETURN(std::shared_ptr<const DictionaryTrie> built,
                        Build(dictionary, fold));
  absl::MutexLock lock(&dictionary.mu_);
  if (dictionary.tries_[fold] == nullptr) dictionary.tries_[fold] = built;
  return dictionary.tries_[fold];
}

absl::StatusOr<std::shared_ptr<const DictionaryTrie>> DictionaryTrie::Build(
    const UserDictionary& dictionary, bool fold) {
  std::shared_ptr<DictionaryTrie> trie(new DictionaryTrie());
  trie->word_cost_.push_back(-1);  // The root.
  const double total = static_cast<double>(dictionary.total_frequency());
  int64_t highest = 0;
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(code);
  COOC_RETURN_IF_ERROR(IcuStatus(code, "loading the NFKC normalizer"));
  icu::UnicodeString word;
  icu::UnicodeString scratch;
  icu::UnicodeString folded;
  for (const UserDictionary::Entry& entry : dictionary.entries()) {
    COOC_RETURN_IF_ERROR(Utf8ToUnicodeString(entry.word, &word, nullptr));
    const icu::UnicodeString* key = &word;
    if (fold) {  // As the tokenizer folds text (entries are NFKC already).
      COOC_RETURN_IF_ERROR(NfkcFold(*nfkc, word, &scratch, &folded));
      key = &folded;
    }
    const int64_t cost = ScaledCost(
        std::log((total + 1) / static_cast<double>(entry.frequency)));
    highest = std::max(highest, cost);
    trie->Insert(std::u16string(key->getBuffer(), key->length()), cost);
  }
  trie->icu_cost_ = highest;
  trie->icu_cjk_cost_ =
      std::llround(static_cast<double>(highest) * kUnknownIcuWordWeight);
  return trie;
}

void DictionaryTrie::Insert(const std::u16string& word, int64_t cost) {
  if (word.empty()) return;
  int32_t node = 0;
  for (const char16_t unit : word) {
    const uint64_t key = (static_cast<uint64_t>(node) << 16) | unit;
    auto [it, inserted] =
        children_.try_emplace(key, static_cast<int32_t>(word_cost_.size()));
    if (inserted) word_cost_.push_back(-1);
    node = it->second;
  }
  // Two entries can fold to the same word: the cheaper (more frequent) wins.
  if (word_cost_[node] < 0 || cost < word_cost_[node]) word_cost_[node] = cost;
}

bool DictionaryTrie::Contains(const std::u16string& word) const {
  int32_t node = 0;
  for (const char16_t unit : word) {
    node = Child(node, unit);
    if (node < 0) return false;
  }
  return node > 0 && word_cost_[node] >= 0;
}

absl::StatusOr<std::unique_ptr<DictionarySegmenter>>
DictionarySegmenter::Create(const UserDictionary& dictionary, bool fold) {
  COOC_ASSIGN_OR_RETURN(std::shared_ptr<const DictionaryTrie> trie,
                        DictionaryTrie::Get(dictionary, fold));
  return std::unique_ptr<DictionarySegmenter>(
      new DictionarySegmenter(std::move(trie)));
}

void DictionarySegmenter::Segment(const char16_t* text,
                                  absl::Span<const Piece> pieces,
                                  std::vector<int32_t>* ends) {
  const DictionaryTrie& trie = *trie_;
  const int32_t base = pieces.front().begin;
  const int32_t n = pieces.back().end - base;
  const char16_t* run = text + base;
  cost_.assign(n + 1, kUnreachable);
  moved_.assign(n + 1, 0);
  sum_squares_.assign(n + 1, 0);
  back_.assign(n + 1, -1);
  cost_[0] = 0;
  // The offsets where ICU put a boundary: a word ending anywhere else moves
  // one of ICU's boundaries.
  icu_boundary_.assign(n + 1, 0);
  for (const Piece& piece : pieces) icu_boundary_[piece.end - base] = 1;
  // Offsets inside a piece that is not ideographic or kana (a number, a
  // Latin word): no word may end there, so such a piece is never cut.
  inside_.assign(n + 1, 0);
  for (const Piece& piece : pieces) {
    if (piece.ideographic) continue;
    for (int32_t k = piece.begin + 1; k < piece.end; ++k) inside_[k - base] = 1;
  }

  const auto relax = [this](int32_t from, int32_t to, int64_t cost,
                            int64_t length) {
    const int64_t c = cost_[from] + cost;
    const int32_t m = moved_[from] + (icu_boundary_[to] ? 0 : 1);
    const int64_t s = sum_squares_[from] + length * length;
    if (c < cost_[to] ||
        (c == cost_[to] &&
         (m < moved_[to] || (m == moved_[to] && s < sum_squares_[to])))) {
      cost_[to] = c;
      moved_[to] = m;
      sum_squares_[to] = s;
      back_[to] = from;
    }
  };

  size_t next_piece = 0;
  for (int32_t i = 0; i < n; ++i) {
    while (next_piece < pieces.size() && pieces[next_piece].begin - base < i) {
      ++next_piece;
    }
    if (cost_[i] == kUnreachable) continue;
    // The ICU piece starting here, if any, as a word of its own.
    if (next_piece < pieces.size() && pieces[next_piece].begin - base == i) {
      const int32_t end = pieces[next_piece].end - base;
      int64_t length = 0;
      for (int32_t k = i; k < end; ++k) length += !U16_IS_TRAIL(run[k]);
      relax(i, end,
            pieces[next_piece].ideographic ? trie.icu_cjk_cost()
                                           : trie.icu_cost(),
            length);
    }
    // Every dictionary word starting here.
    int32_t node = 0;
    int64_t length = 0;
    for (int32_t k = i; k < n; ++k) {
      node = trie.Child(node, run[k]);
      if (node < 0) break;
      length += !U16_IS_TRAIL(run[k]);
      const int64_t cost = trie.WordCost(node);
      if (cost >= 0 && !inside_[k + 1] &&
          !(k + 1 < n && U16_IS_TRAIL(run[k + 1]))) {
        relax(i, k + 1, cost, length);
      }
    }
  }

  // Read the words back from the end. The path of ICU pieces always
  // reaches n, so back_ leads to 0.
  ends->clear();
  for (int32_t at = n; at > 0; at = back_[at]) ends->push_back(at + base);
  std::reverse(ends->begin(), ends->end());
}

}  // namespace cooc
