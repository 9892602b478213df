// Segeval: how well the tokenizer segments text, scored against a gold
// standard with the definitions of the SIGHAN Chinese word segmentation
// bakeoffs.
//
//   TEST (unsegmented) -> Tokenizer -> words ─┐
//                                             ├─> precision, recall, F1,
//   GOLD (words separated by whitespace) ─────┘   OOV rate, IV/OOV recall
//
// The test text is segmented exactly as `cooc tokenize --keep-numbers
// --keep-punct --no-fold [--dict FILE]` segments it: NFKC, no case folding,
// ICU word break (plus the user dictionary), keeping numbers and
// punctuation, dropping only whitespace. The gold line is NFKC-normalized
// too and split at whitespace. Both sides must then spell the same
// characters; a line where they do not is reported and left out of the
// score (it cannot be scored: its word spans do not refer to the same text).
//
// A word is correct if its character span in the line equals the span of
// a gold word. precision = correct / test words, recall = correct / gold
// words, F1 = 2PR / (P + R). With a vocabulary (the training words), a gold
// word is out of vocabulary (OOV) if it is not in it (both sides compared
// after NFKC, so a vocabulary in full-width digits covers ASCII digits);
// OOV rate = OOV gold words / gold words, OOV recall = correct OOV gold
// words / OOV gold words, IV recall likewise for the others.
//
// With an OOV list (a list of the words to watch, such as the gold words
// that are not in a training list, used for evaluation only), the gold
// words in the list and those not in it are counted apart: listed recall =
// correct listed gold words / listed gold words, unlisted recall likewise.
// Given the gold words outside the training list, the listed recall equals
// the OOV recall of the training list as vocabulary.

#ifndef COOC_INCLUDE_COOC_SEGEVAL_H_
#define COOC_INCLUDE_COOC_SEGEVAL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/tokenizer.h"
#include "cooc/user_dictionary.h"

namespace cooc {

struct SegmentationScore {
  uint64_t lines = 0;          // Lines scored.
  uint64_t skipped_lines = 0;  // Lines that did not line up (not scored).
  uint64_t gold_words = 0;
  uint64_t test_words = 0;
  uint64_t correct_words = 0;  // Test words whose span is a gold word's.

  // With a vocabulary only.
  bool has_vocabulary = false;
  uint64_t oov_gold_words = 0;     // Gold words not in the vocabulary.
  uint64_t correct_oov_words = 0;  // ... that the test got right.
  uint64_t correct_iv_words = 0;   // Other gold words the test got right.

  // With an OOV list only.
  bool has_oov_list = false;
  uint64_t listed_gold_words = 0;     // Gold words in the list.
  uint64_t correct_listed_words = 0;  // ... that the test got right.
  uint64_t correct_unlisted_words = 0;  // Other gold words it got right.

  // The ratios; 0 when the denominator is 0.
  double precision() const;
  double recall() const;
  double f1() const;
  double oov_rate() const;
  double iv_recall() const;
  double oov_recall() const;
  double listed_recall() const;
  double unlisted_recall() const;
};

// Adds up the score of a segmentation line by line. Not thread-safe.
class SegmentationScorer {
 public:
  // `vocabulary` (the training words; frequencies are ignored) decides
  // which gold words are OOV; null for no OOV figures. `oov_list` (words
  // to watch) decides which are listed; null for no listed figures.
  explicit SegmentationScorer(
      std::shared_ptr<const UserDictionary> vocabulary = nullptr,
      std::shared_ptr<const UserDictionary> oov_list = nullptr);

  // Scores one line: the words `test` against the words `gold`, both
  // already NFKC-normalized. Returns InvalidArgument, and scores nothing
  // (counting the line in skipped_lines), if the two do not spell the same
  // characters; the message shows where they first differ.
  absl::Status AddLine(absl::Span<const std::string> test,
                       absl::Span<const std::string> gold);

  const SegmentationScore& score() const { return score_; }

 private:
  // Counts the gold word `word`, which the test got right if `correct`, in
  // the OOV and listed figures.
  void CountGoldWord(const std::string& word, bool correct);

  absl::flat_hash_set<std::string> vocabulary_;
  absl::flat_hash_set<std::string> oov_list_;
  SegmentationScore score_;
  // Reused per line: word end offsets (bytes) of each side.
  std::vector<size_t> test_ends_;
  std::vector<size_t> gold_ends_;
};

struct SegevalOptions {
  // The unsegmented text and its gold segmentation: UTF-8, one sentence per
  // line, the same number of lines (blank lines at the end do not count).
  // A byte-order mark and "\r\n" line ends are accepted.
  std::string test_path;
  std::string gold_path;

  // The user dictionary to segment with; null for ICU alone.
  // Default: null.
  std::shared_ptr<const UserDictionary> dictionary;

  // The training words, for the OOV figures; null for none.
  // Default: null.
  std::shared_ptr<const UserDictionary> vocabulary;

  // Words to report the recall of apart (SegmentationScore::listed_recall);
  // null for none. Default: null.
  std::shared_ptr<const UserDictionary> oov_list;

  // Called for each line that does not line up, with its number (from 1)
  // and a message saying where the characters differ. Default: none.
  std::function<void(uint64_t line, absl::string_view message)> on_mismatch;
};

// Segments `options.test_path`, scores it against `options.gold_path` and
// returns the score. Returns the errors of reading the inputs (NotFound,
// PermissionDenied, InvalidArgument for a binary file or a directory), and
// InvalidArgument if the two files have different numbers of lines.
absl::StatusOr<SegmentationScore> EvaluateSegmentation(
    const SegevalOptions& options);

// The options of the tokenizer that segments the test text (`cooc tokenize
// --keep-numbers --keep-punct --no-fold [--dict FILE]`), with `dictionary`
// (null: ICU alone). Word discovery (discover.h) checks its candidates
// against the same segmentation.
TokenizerOptions SegmentationTokenizerOptions(
    std::shared_ptr<const UserDictionary> dictionary);

// Splits the gold line `line` for scoring: NFKC, then the pieces between
// runs of whitespace (Unicode White_Space).
std::vector<std::string> GoldWords(absl::string_view line);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_SEGEVAL_H_
