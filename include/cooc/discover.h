// Discover: new words of a Chinese text found from its own statistics, as a
// user dictionary for --dict.
//
//   text -> runs of Han characters (a number may start one) -> n-gram
//   counts (2..L+1) -> cohesion, left and right entropy -> thresholds ->
//   not one ICU word -> dictionary
//
// The classic method: a string of characters is a word when its characters
// stick together (cohesion) and it combines freely with what is around it
// (freedom). Every n-gram of symbols w = c1..cn (2 <= n <= max_length) is
// counted within runs of Han characters (code points with the Ideographic
// property in the Basic Multilingual Plane, compatibility ideographs mapped
// by NFKC; any other character and every line break ends a run, so no
// n-gram spans them). A number is a symbol too: a run of digits (any
// Word_Break=Numeric code point, so ASCII and full-width digits alike, as
// NFKC makes them one), with one separator between two digits (a point,
// comma, semicolon or apostrophe: Word_Break=MidNum, MidNumLet or
// Single_Quote; 3.5, 1,000, and 1，000 after NFKC), exactly the number
// token of ICU's word break; digits next to a letter (x37, 3G) are no
// number, as ICU makes one token of both. A number starts a run (what is before it ends the
// previous run), so it can only be the first symbol of a candidate, and it
// takes one Han character: the candidates with a number are the number and
// the character after it (2000年, 12月, 3.5万), which is how the units and
// measure words of Chinese join a number; a longer string is that word and
// another (1日 电, 3个 月). Numbers seen fewer than min_count times end
// the run instead (they cannot be in a frequent candidate). With c(x) the
// count of the string x and N the number of Han characters counted
// (numbers are not in N):
//
//   cohesion(w) = min over 1 <= i < n of log2( c(w) N / (c(c1..ci) c(ci+1..cn)) )
//
// the smallest pointwise mutual information (in bits) of the two parts over
// all split points: low when some split leaves two parts that meet by
// chance (a number followed by whatever comes next has a cohesion near 0).
// The right entropy is the entropy, in bits, of the symbol that follows w:
//
//   H_R(w) = - sum over b of (c(wb)/c(w)) log2 (c(wb)/c(w))
//
// where each occurrence of w at the end of a run (before punctuation, a
// Latin letter, a number, the end of the line) counts as a neighbour of its
// own, seen once, so a word that ends sentences is free on that side; the
// left entropy H_L likewise over the symbol before w (a number, for a
// string after one; a word starting with a number, at the start of its
// run, is always free on the left). A candidate is kept when c(w) >=
// min_count, cohesion(w) >= min_cohesion, and both entropies are >=
// min_entropy, and the base segmentation (ICU's word break, plus
// the `dictionary` if one is given) splits w as `pieces` says: never
// returning it as one word (so the result only adds what the base lacks),
// and, by default, breaking it into single symbols (Han characters, or the
// number) save perhaps its first piece, which is how ICU fails on a word
// it does not know (蒲 力 汗 诺 夫, 现代 化, 2000 年) rather than on a
// phrase of words it knows (信息 技术).
//
// Counting is exact and level by level: the n-grams of length n counted
// are those whose prefix or suffix of length n-1 occurs at least min_count
// times (every other n-gram is rarer than min_count and is needed by no
// entropy); the frequent ones of them (both parts frequent, c >= min_count)
// are kept for the next level, the cohesion and the entropies. The
// counting tables of one level are bounded by the memory budget: when a
// table would outgrow its share, its key range is split in two by hash
// and counted again in two scans, so memory stays bounded and the result
// never depends on it. The text itself is held as 2 bytes per Han
// character or number (while it is read, 4 bytes more per number and each
// distinct number's text), and the frequent n-grams (at most N / min_count
// per length) are kept, beyond the budget.

#ifndef COOC_INCLUDE_COOC_DISCOVER_H_
#define COOC_INCLUDE_COOC_DISCOVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/tokenizer.h"

namespace cooc {

class UserDictionary;  // cooc/user_dictionary.h

// Which candidates are kept, by the pieces the base segmentation splits
// them into (any candidate it returns as one word is dropped).
enum class DiscoverPieces {
  kAny,         // Any split.
  kCharacters,  // Single symbols only: 游 景 玉, 克 林 顿, 2000 年.
  kWordThenCharacters,  // ... or a first piece, then single characters:
                        // also 现代 化, 委员 会, 黑龙江 省.
};

// "any", "chars", "word-chars": the names of the --pieces flag.
absl::string_view DiscoverPiecesName(DiscoverPieces pieces);
// Parses a name of DiscoverPiecesName; InvalidArgument otherwise.
absl::StatusOr<DiscoverPieces> ParseDiscoverPieces(absl::string_view name);

struct DiscoverOptions {
  // Candidates seen fewer times are not words. At least 2.
  // Default: 5.
  uint64_t min_count = 5;

  // The longest candidate, in characters, from 2 to 7.
  // Default: 6.
  int max_length = 6;

  // The smallest cohesion (bits; see above) of a word. The default was
  // chosen by measurement on the SIGHAN 2005 PKU test text with
  // zh_large_mixed.txt (README, "New words: cooc discover").
  // Default: 5.
  double min_cohesion = 5.0;

  // The smallest left and right entropy (bits) of a word. Chosen like
  // `min_cohesion`.
  // Default: 1.
  double min_entropy = 1.0;

  // Which splits of the base segmentation keep a candidate (above).
  // Default: kWordThenCharacters.
  DiscoverPieces pieces = DiscoverPieces::kWordThenCharacters;

  // The user dictionary of the base segmentation: discover the words that
  // ICU with this dictionary lacks. Null: ICU alone. Default: null.
  std::shared_ptr<const UserDictionary> dictionary;

  // Converts Traditional characters to Simplified ones or back before
  // counting (TokenizerOptions::script_conversion, --convert), and the base
  // segmentation likewise: the words found are in the target script, as a
  // database counted with the same conversion has them.
  // Default: kNone.
  ScriptConversion script_conversion = ScriptConversion::kNone;

  // Keep only the `top` most frequent words; 0 keeps all.
  // Default: 0.
  uint64_t top = 0;

  // Counting threads; 0 means one per core. The result does not depend on
  // it. Default: 0.
  int threads = 0;

  // Memory for the counting tables of one level, in MiB (see above). The
  // result does not depend on it. Default: 1024.
  uint64_t memory_mb = 1024;

  // The encoding of the inputs (IngestOptions::encoding). Default: empty
  // (UTF-8, or UTF-16/32 by a byte-order mark).
  std::string encoding;
};

struct DiscoveredWord {
  std::string word;  // UTF-8.
  uint64_t count = 0;
  double cohesion = 0;
  double left_entropy = 0;
  double right_entropy = 0;
};

struct Discovery {
  // Ordered by count, most frequent first, then by word.
  std::vector<DiscoveredWord> words;
  uint64_t han_characters = 0;
  // Occurrences of the numbers counted as symbols (seen min_count times);
  // N is han_characters + numbers.
  uint64_t numbers = 0;
  // Candidates that passed the thresholds but the base segmentation
  // returns as one word, or splits otherwise than `pieces` asks.
  uint64_t icu_words_dropped = 0;
  uint64_t split_dropped = 0;
  // Scans of the text that the memory budget added (0 when it sufficed).
  uint64_t extra_scans = 0;
};

// Finds the new words of the texts `inputs` (paths; "-" is standard input)
// by `options`. Returns InvalidArgument for options out of range or no
// input, and the errors of reading the inputs (NotFound, InvalidArgument
// for a file that is not text or not UTF-8...), Internal if ICU fails.
absl::StatusOr<Discovery> DiscoverWords(const std::vector<std::string>& inputs,
                                        const DiscoverOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_DISCOVER_H_
