// Tokenizer: the first stage of the pipeline.
//
//   text -> [tokens] -> pairs -> sharded counts -> RocksDB -> measures -> query
//
// A line of UTF-8 text becomes a sequence of tokens:
//   1. invalid UTF-8 is replaced by U+FFFD (and counted);
//   2. the line is normalized to NFKC, then case-folded (unless folding is off),
//      so full-width Latin letters and digits become ordinary ones;
//   2a. with `script_conversion`, Traditional Chinese characters become
//      Simplified ones or back (ICU's Traditional-Simplified and
//      Simplified-Traditional transliterators), so texts in both scripts
//      count as one vocabulary;
//   3. ICU's word BreakIterator splits it into segments (Chinese, Japanese
//      and Thai through ICU's dictionaries); each segment's rule status makes
//      it a word (letters, kana, ideographs), a number, punctuation (status
//      "none": punctuation, symbols, emoji, U+FFFD) or blank (whitespace and
//      invisible format characters); default-ignorable code points inside a
//      segment (a ZWJ or a bidirectional control in a word) are removed, as
//      NFKC_Casefold removes them, except the joiners of emoji sequences and
//      of Arabic-script and Indic words, so "a<ZWJ>b" is the word "ab";
//   4. with a user dictionary, runs of segments are re-segmented (below);
//   5. a token is kept when it is a word, a number with `keep_numbers`, or
//      punctuation with `keep_punctuation`; blanks never are;
//   6. then tokens shorter than `min_length` characters and stopwords are
//      dropped, before any window is formed.
// Steps 5 and 6 only filter: they never change where tokens begin and end.
//
// Pretokenized text (Segmentation::kPretokenized: text a segmenter such as
// jieba, pkuseg or LTP has already split) skips steps 3 and 4: the tokens are
// the pieces of the line between runs of white space (any code point with
// the Unicode White_Space property: U+3000, U+00A0, tabs...; not ZERO WIDTH
// SPACE, which is removed from inside a piece like any default-ignorable
// code point). Each piece is one token, never split nor joined; its kind
// for step 5 is the greatest among its code points' kinds: ideographic
// (Ideographic property), kana (Hiragana or Katakana script), letter
// (Alphabetic property), number (a decimal digit), punctuation (anything
// else visible), so 3.14 is a number, a-b and 2001年 words, —— punctuation,
// and a piece of default-ignorable code points only is no token at all.
//
// The user dictionary rule (step 4). A run is a maximal sequence of
// adjacent non-blank segments (no space between them) of which at least
// one is ideographic or kana; runs without any (Latin, Thai, Korean...
// text) are left as ICU made them. A run is covered by a sequence of words,
// each of which is a dictionary word or one of ICU's segments, and the
// sequence with the lowest total cost wins:
//   - a dictionary word costs ln((F+1)/f), f its frequency and F the sum of
//     all frequencies (so all words cost the same when the file gives none);
//   - an ideographic or kana ICU segment that is not in the dictionary costs
//     2.5 times the rarest dictionary word: it loses to any split into two
//     dictionary words and wins over any split into three or more;
//   - any other ICU segment (number, Latin word, punctuation) that is not in
//     the dictionary costs as much as the rarest dictionary word.
// Ties go to the sequence with the fewest words that end where ICU put no
// boundary (so a boundary ICU placed between dictionary words moves only
// when that is cheaper: ICU's 科学 方面 的 stays although 科学 方 面的 costs
// the same), then to the one whose word lengths are most even (smallest sum
// of squared lengths in characters), then to the first found. Without
// frequencies the rule reads: fewest words, counting an unknown Chinese or
// Japanese ICU word as 2.5. Consequences:
//   - adjacent ICU segments that together form a dictionary word are joined
//     (马 克斯 -> 马克斯; 2001 年 -> 2001年), the longest words first as far
//     as that means fewer words;
//   - ICU's split stays wherever the dictionary has no word;
//   - the dictionary is the word standard where it has words: an ICU word it
//     lacks is split if two dictionary words make it up (ICU 新的 -> 新 的
//     when 新 and 的 are listed but 新的 is not), and an ICU segment is cut
//     where dictionary words cover both sides of the cut (ICU 研究生 命 ->
//     研究 生命), never leaving a piece that is neither a dictionary word
//     nor an ICU segment. Only ideographic and kana segments (which ICU
//     itself found with a dictionary) are ever cut: numbers, Latin words
//     and punctuation are joined whole or left alone (55.6 亿 never becomes
//     5 5.6亿). So give either a complete word list of the
//     standard you want, or only the words to add (without single
//     characters, which are what lets the dictionary split ICU's words);
//   - a joined token is a word if any of its segments is, else a number if
//     any is, else punctuation.
// Dictionary words are matched after NFKC and case folding, like the text.
//
// The same Tokenizer turns query terms into vocabulary terms, so a query is
// normalized exactly as the text was.

#ifndef COOC_INCLUDE_COOC_TOKENIZER_H_
#define COOC_INCLUDE_COOC_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

class StopwordList;    // cooc/stopwords.h
class UserDictionary;  // cooc/user_dictionary.h

// The version of the tokenization rules, which a database records
// (StoreOptions::tokenizer_version) so that text tokenized by other rules is
// never added to its counts. 1: until issue 10; 2: default-ignorable code
// points (invisible format characters, bidirectional controls, variation
// selectors) are removed from tokens, except joiners a script needs
// (RemoveDefaultIgnorables in src/icu_util.h).
inline constexpr int kTokenizerVersion = 2;

// How a line is split into tokens.
enum class Segmentation {
  kIcu,           // ICU's word break (and the user dictionary).
  kPretokenized,  // At white space only: the text is already segmented.
};

// Which Chinese script the text is converted to before segmentation.
enum class ScriptConversion {
  kNone,
  kTraditionalToSimplified,  // ICU's "Traditional-Simplified": 語言 -> 语言.
  kSimplifiedToTraditional,  // ICU's "Simplified-Traditional": 语言 -> 語言.
};

// "none", "t2s", "s2t": the names of the --convert flag and of a
// database's metadata.
absl::string_view ScriptConversionName(ScriptConversion conversion);
// Parses a name of ScriptConversionName; InvalidArgument otherwise.
absl::StatusOr<ScriptConversion> ParseScriptConversion(absl::string_view name);

enum class CaseFolding {
  kFold,  // Unicode full case folding after NFKC ("Hello" -> "hello").
  kKeep,  // NFKC only.
};

struct TokenizerOptions {
  // Case folding after NFKC normalization. Stored in the database: every
  // ingest into one database uses the same value.
  // Default: kFold.
  CaseFolding case_folding = CaseFolding::kFold;

  // How lines are split into tokens (see the top of this file). Stored in
  // the database like `case_folding`. kPretokenized cannot be combined with
  // a `dictionary` (the dictionary re-segments ICU's segments, and
  // pretokenized text has none).
  // Default: kIcu.
  Segmentation segmentation = Segmentation::kIcu;

  // Converts Traditional characters to Simplified ones or back, after NFKC
  // and case folding and before segmentation, so that one word written in
  // either script is one vocabulary term (and query terms are converted
  // likewise). Costs time on non-ASCII lines only (ICU's transliterator);
  // ASCII lines are untouched. A user dictionary and stopwords are matched
  // against the converted text: give them in the target script (the
  // built-in zh stopwords have both). Stored in the database.
  // Default: kNone.
  ScriptConversion script_conversion = ScriptConversion::kNone;

  // Keep tokens whose word-break status is "number" ("1984", "3.14").
  // Stored in the database like `case_folding`.
  // Default: false (numbers are dropped).
  bool keep_numbers = false;

  // Keep punctuation tokens too: segments whose rule status is "none" and
  // that are not blank (punctuation, symbols, emoji, U+FFFD), so that the
  // tokens line up with a segmentation gold standard (cooc segeval). Each
  // ICU segment is one token ("——" is two unless the dictionary joins it).
  // Stored in the database like `case_folding`.
  // Default: false (dropped).
  bool keep_punctuation = false;

  // Drop tokens shorter than this many characters (Unicode code points of
  // the normalized token; 天气 is 2, "the" is 3). 0 and 1 keep every token.
  // Must be in [0, 1000]. Stored in the database.
  // Default: 0.
  int min_length = 0;

  // The user dictionary (the rule is in the comment at the top of this
  // file); null for none. Share one between tokenizers: it is immutable.
  // The database stores only its checksum (`dictionary_checksum`).
  // Default: null.
  std::shared_ptr<const UserDictionary> dictionary;

  // The dictionary's UserDictionary::checksum(), or 0 for no dictionary:
  // what a database stores and compares. Tokenizer::Create fills it in from
  // `dictionary` when it is 0 and rejects a value that does not match.
  // Options read back from a database have the checksum but no dictionary;
  // a tokenizer made from them segments with ICU alone (see NormalizeTerm).
  // Default: 0.
  uint64_t dictionary_checksum = 0;

  // Words to drop (matched in NFKC, case-folded form, also when case is
  // kept); null for none. Share one between tokenizers: it is immutable.
  // The database stores its name and checksum (below).
  // Default: null.
  std::shared_ptr<const StopwordList> stopwords;

  // The stopword list's StopwordList::name() ("en", "zh" or "file") and
  // checksum(); "" and 0 for none. Tokenizer::Create fills them in from
  // `stopwords` when they are empty and rejects values that do not match.
  // Default: "" and 0.
  std::string stopwords_name;
  uint64_t stopwords_checksum = 0;
};

// Where a token came from: the bytes [begin, end) of the text given to
// Tokenizer::Tokenize, from the start of the first code point it was made of
// to the end of the last (a token is normalized, so its bytes may differ
// from these: "Hello" -> hello, "ﬁne" -> fine).
struct TokenSpan {
  size_t begin = 0;
  size_t end = 0;
};

// Splits lines of UTF-8 text into normalized word tokens.
//
// A Tokenizer is not thread-safe: use one per thread.
class Tokenizer {
 public:
  // Returns a tokenizer configured by `options`. Returns InvalidArgument if
  // `min_length` is out of range, a checksum (or stopword name) does not
  // match its dictionary or stopword list, or a dictionary is given with
  // Segmentation::kPretokenized; Internal if ICU cannot create its
  // normalizer, word break iterator or transliterator (missing ICU data).
  static absl::StatusOr<std::unique_ptr<Tokenizer>> Create(
      const TokenizerOptions& options);

  ~Tokenizer();

  // Not copyable.
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Replaces the contents of `*tokens` with the tokens of `text`, in order.
  // `text` is one line or part of one (no line break is expected; a '\n' or
  // '\r' in it is treated as a space). Invalid UTF-8 never fails: each
  // maximal invalid subsequence becomes U+FFFD (which is then dropped as a
  // non-word) and is added to invalid_utf8_count().
  //
  // `*tokens` is reused: existing strings keep their capacity, so a caller
  // that passes the same vector for every line allocates little.
  void Tokenize(absl::string_view text, std::vector<std::string>* tokens);

  // As above, and replaces the contents of `*spans` with where each token
  // came from in `text` ((*spans)[i] for (*tokens)[i]), for showing tokens
  // in their original text (cooc concordance). Returns false if some spans
  // are not known: normalization joined text across a place where the
  // tokenizer could otherwise map it back (not seen in practice; those
  // tokens get the empty span at the start of their piece of text). Slower
  // than Tokenize without spans for text that is not ASCII: the
  // normalization is redone piece by piece to find the mapping.
  bool Tokenize(absl::string_view text, std::vector<std::string>* tokens,
                std::vector<TokenSpan>* spans);

  // Returns the single vocabulary term that `term` normalizes to, for looking
  // up query terms. Returns InvalidArgument if `term` yields no token (it is
  // punctuation, a number without keep_numbers, a stopword, ...) or more
  // than one token (naming the tokens it yields).
  //
  // A tokenizer whose options name a dictionary (dictionary_checksum != 0)
  // that it does not have (options read back from a database) cannot know
  // which segments the dictionary joined: it returns a term that splits
  // into several tokens with nothing between them (no space, no
  // punctuation) as their concatenation ("马克斯" -> 马克斯, which ICU alone
  // splits into 马 克斯).
  absl::StatusOr<std::string> NormalizeTerm(absl::string_view term);

  // Number of invalid UTF-8 sequences replaced since this tokenizer was made.
  uint64_t invalid_utf8_count() const { return invalid_utf8_count_; }

  // The options, with dictionary_checksum, stopwords_name and
  // stopwords_checksum filled in from the dictionary and stopword list.
  const TokenizerOptions& options() const { return options_; }

 private:
  struct Icu;  // ICU objects, kept out of this header.
  Tokenizer(const TokenizerOptions& options, std::unique_ptr<Icu> icu);

  TokenizerOptions options_;  // With the checksums filled in.
  std::unique_ptr<Icu> icu_;
  uint64_t invalid_utf8_count_ = 0;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_TOKENIZER_H_
