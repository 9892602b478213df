// Tokenizer: the first stage of the pipeline.
//
//   text -> [tokens] -> pairs -> sharded counts -> RocksDB -> measures -> query
//
// A line of UTF-8 text becomes a sequence of word tokens:
//   1. invalid UTF-8 is replaced by U+FFFD (and counted);
//   2. the line is normalized to NFKC, then case-folded (unless folding is off),
//      so full-width Latin letters become ordinary letters;
//   3. ICU's word BreakIterator splits it (Chinese and Japanese through ICU's
//      dictionary segmentation);
//   4. a token is kept when its rule status is letter, kana or ideographic, or
//      number when `keep_numbers` is set; spaces, punctuation and symbols go.
//
// The same Tokenizer turns query terms into vocabulary terms, so a query is
// normalized exactly as the text was.

#ifndef COOC_INCLUDE_COOC_TOKENIZER_H_
#define COOC_INCLUDE_COOC_TOKENIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

enum class CaseFolding {
  kFold,  // Unicode full case folding after NFKC ("Hello" -> "hello").
  kKeep,  // NFKC only.
};

struct TokenizerOptions {
  // Case folding after NFKC normalization. Stored in the database: every
  // ingest into one database uses the same value.
  // Default: kFold.
  CaseFolding case_folding = CaseFolding::kFold;

  // Keep tokens whose word-break status is "number" ("1984", "3.14").
  // Stored in the database like `case_folding`.
  // Default: false (numbers are dropped).
  bool keep_numbers = false;
};

// Splits lines of UTF-8 text into normalized word tokens.
//
// A Tokenizer is not thread-safe: use one per thread.
class Tokenizer {
 public:
  // Returns a tokenizer configured by `options`, or Internal if ICU cannot
  // create its normalizer or word break iterator (missing ICU data).
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

  // Returns the single vocabulary term that `term` normalizes to, for looking
  // up query terms. Returns InvalidArgument if `term` yields no token (it is
  // punctuation, a number without keep_numbers, ...) or more than one token
  // (naming the tokens it yields).
  absl::StatusOr<std::string> NormalizeTerm(absl::string_view term);

  // Number of invalid UTF-8 sequences replaced since this tokenizer was made.
  uint64_t invalid_utf8_count() const { return invalid_utf8_count_; }

  const TokenizerOptions& options() const { return options_; }

 private:
  struct Icu;  // ICU objects, kept out of this header.
  Tokenizer(const TokenizerOptions& options, std::unique_ptr<Icu> icu);

  TokenizerOptions options_;
  std::unique_ptr<Icu> icu_;
  uint64_t invalid_utf8_count_ = 0;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_TOKENIZER_H_
