// Segmentation scoring. Each line's words on both sides are turned into
// the byte offsets where they end in the line's concatenated text (the same
// string on both sides once checked); a test word is correct when both its
// start and its end are the start and end of one gold word, which a merge of
// the two sorted end lists finds in one pass.

#include "cooc/segeval.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cooc/tokenizer.h"
#include "icu_util.h"
#include "line_reader.h"
#include "status_macros.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

double Ratio(uint64_t numerator, uint64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / denominator;
}

// Appends to `*ends` the end offset of each word in the concatenation of
// `words`, and returns the concatenation.
std::string Concatenate(absl::Span<const std::string> words,
                        std::vector<size_t>* ends) {
  std::string text;
  ends->clear();
  for (const std::string& word : words) {
    text += word;
    ends->push_back(text.size());
  }
  return text;
}

// A few characters of `text` around byte `at`, for messages.
std::string Excerpt(absl::string_view text, size_t at) {
  size_t begin = at > 24 ? at - 24 : 0;
  size_t end = std::min(text.size(), at + 24);
  const auto is_continuation = [&text](size_t i) {
    return i < text.size() &&
           (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  while (begin > 0 && is_continuation(begin)) --begin;
  while (end < text.size() && is_continuation(end)) ++end;
  return absl::StrCat(begin > 0 ? "..." : "", text.substr(begin, end - begin),
                      end < text.size() ? "..." : "");
}

// Reads whole lines (joining the pieces LineReader cuts long lines into).
class LineSource {
 public:
  static absl::StatusOr<LineSource> Open(const std::string& path) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<LineReader> reader,
                          LineReader::Open(path));
    return LineSource(std::move(reader));
  }

  // Stores the next line in `*line`; false at the end.
  absl::StatusOr<bool> Next(std::string* line) {
    line->clear();
    LinePiece piece;
    bool any = false;
    while (true) {
      COOC_ASSIGN_OR_RETURN(bool more, reader_->Next(&piece));
      if (!more) return any;
      any = true;
      line->append(piece.text.data(), piece.text.size());
      if (piece.ends_line) return true;
    }
  }

  const LineReader& reader() const { return *reader_; }

 private:
  explicit LineSource(std::unique_ptr<LineReader> reader)
      : reader_(std::move(reader)) {}
  std::unique_ptr<LineReader> reader_;
};

}  // namespace

double SegmentationScore::precision() const {
  return Ratio(correct_words, test_words);
}
double SegmentationScore::recall() const {
  return Ratio(correct_words, gold_words);
}
double SegmentationScore::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}
double SegmentationScore::oov_rate() const {
  return Ratio(oov_gold_words, gold_words);
}
double SegmentationScore::iv_recall() const {
  return Ratio(correct_iv_words, gold_words - oov_gold_words);
}
double SegmentationScore::oov_recall() const {
  return Ratio(correct_oov_words, oov_gold_words);
}
double SegmentationScore::listed_recall() const {
  return Ratio(correct_listed_words, listed_gold_words);
}
double SegmentationScore::unlisted_recall() const {
  return Ratio(correct_unlisted_words, gold_words - listed_gold_words);
}

namespace {

absl::flat_hash_set<std::string> WordSet(const UserDictionary& words) {
  absl::flat_hash_set<std::string> set;
  set.reserve(words.entries().size());
  for (const UserDictionary::Entry& entry : words.entries()) {
    set.insert(entry.word);
  }
  return set;
}

}  // namespace

SegmentationScorer::SegmentationScorer(
    std::shared_ptr<const UserDictionary> vocabulary,
    std::shared_ptr<const UserDictionary> oov_list) {
  if (vocabulary != nullptr) {
    score_.has_vocabulary = true;
    vocabulary_ = WordSet(*vocabulary);
  }
  if (oov_list != nullptr) {
    score_.has_oov_list = true;
    oov_list_ = WordSet(*oov_list);
  }
}

void SegmentationScorer::CountGoldWord(const std::string& word, bool correct) {
  if (score_.has_vocabulary) {
    const bool oov = !vocabulary_.contains(word);
    score_.oov_gold_words += oov;
    score_.correct_oov_words += correct && oov;
    score_.correct_iv_words += correct && !oov;
  }
  if (score_.has_oov_list) {
    const bool listed = oov_list_.contains(word);
    score_.listed_gold_words += listed;
    score_.correct_listed_words += correct && listed;
    score_.correct_unlisted_words += correct && !listed;
  }
}

absl::Status SegmentationScorer::AddLine(absl::Span<const std::string> test,
                                         absl::Span<const std::string> gold) {
  const std::string test_text = Concatenate(test, &test_ends_);
  const std::string gold_text = Concatenate(gold, &gold_ends_);
  if (test_text != gold_text) {
    ++score_.skipped_lines;
    size_t at = 0;
    while (at < test_text.size() && at < gold_text.size() &&
           test_text[at] == gold_text[at]) {
      ++at;
    }
    while (at > 0 && at < gold_text.size() &&
           (static_cast<unsigned char>(gold_text[at]) & 0xC0) == 0x80) {
      --at;
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "the segmented text and the gold differ at byte ", at, ": test \"",
        Excerpt(test_text, at), "\", gold \"", Excerpt(gold_text, at), "\""));
  }
  ++score_.lines;
  score_.test_words += test.size();
  score_.gold_words += gold.size();
  // Walk both lists of word ends; a word is correct when it starts and ends
  // where a gold word does, i.e. the previous ends and the ends match.
  size_t t = 0;
  size_t g = 0;
  size_t test_start = 0;
  size_t gold_start = 0;
  while (t < test_ends_.size() && g < gold_ends_.size()) {
    const size_t test_end = test_ends_[t];
    const size_t gold_end = gold_ends_[g];
    if (test_end == gold_end) {
      const bool correct = test_start == gold_start;
      score_.correct_words += correct;
      CountGoldWord(gold[g], correct);
      test_start = test_end;
      gold_start = gold_end;
      ++t;
      ++g;
    } else if (test_end < gold_end) {
      test_start = test_end;
      ++t;
    } else {
      CountGoldWord(gold[g], false);
      gold_start = gold_end;
      ++g;
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> GoldWords(absl::string_view line) {
  absl::StatusOr<std::string> normalized =
      NormalizeUtf8(line, /*fold=*/false, nullptr);
  // Normalization fails only for lines of 2 GiB or out of memory; such a
  // line is scored as it is (and will most likely not line up).
  const std::string text =
      normalized.ok() ? *std::move(normalized) : std::string(line);
  std::vector<std::string> words;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t word_start = -1;
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    const bool space = c >= 0 && u_hasBinaryProperty(c, UCHAR_WHITE_SPACE);
    if (space && word_start >= 0) {
      words.push_back(text.substr(word_start, at - word_start));
      word_start = -1;
    } else if (!space && word_start < 0) {
      word_start = at;
    }
  }
  if (word_start >= 0) words.push_back(text.substr(word_start));
  return words;
}

TokenizerOptions SegmentationTokenizerOptions(
    std::shared_ptr<const UserDictionary> dictionary) {
  TokenizerOptions options;
  options.case_folding = CaseFolding::kKeep;
  options.keep_numbers = true;
  options.keep_punctuation = true;
  options.dictionary = std::move(dictionary);
  return options;
}

absl::StatusOr<SegmentationScore> EvaluateSegmentation(
    const SegevalOptions& options) {
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<Tokenizer> tokenizer,
      Tokenizer::Create(SegmentationTokenizerOptions(options.dictionary)));
  COOC_ASSIGN_OR_RETURN(LineSource test, LineSource::Open(options.test_path));
  COOC_ASSIGN_OR_RETURN(LineSource gold, LineSource::Open(options.gold_path));
  SegmentationScorer scorer(options.vocabulary, options.oov_list);

  std::string test_line;
  std::string gold_line;
  std::vector<std::string> test_words;
  uint64_t line_number = 0;
  // Lines after the end of the other file; they must be blank.
  uint64_t extra_test = 0;
  uint64_t extra_gold = 0;
  while (true) {
    COOC_ASSIGN_OR_RETURN(bool has_test, test.Next(&test_line));
    COOC_ASSIGN_OR_RETURN(bool has_gold, gold.Next(&gold_line));
    if (!has_test && !has_gold) break;
    ++line_number;
    if (has_test) {
      tokenizer->Tokenize(test_line, &test_words);
    } else {
      test_words.clear();
    }
    const std::vector<std::string> gold_words =
        has_gold ? GoldWords(gold_line) : std::vector<std::string>();
    if (!has_gold && !test_words.empty()) ++extra_test;
    if (!has_test && !gold_words.empty()) ++extra_gold;
    if (!has_test || !has_gold) continue;
    absl::Status status = scorer.AddLine(test_words, gold_words);
    if (!status.ok() && options.on_mismatch) {
      options.on_mismatch(line_number, status.message());
    }
  }
  if (test.reader().bytes_read() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.test_path, " is empty"));
  }
  if (extra_test > 0 || extra_gold > 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        extra_test > 0 ? options.test_path : options.gold_path, " has ",
        extra_test + extra_gold, " more non-blank lines than ",
        extra_test > 0 ? options.gold_path : options.test_path,
        "; the two must have the same lines"));
  }
  return scorer.score();
}

}  // namespace cooc
