// LineMatcher: the concordance rows of one line (concordance.h).
//
// A line is tokenized as ingest tokenized it (its pieces, sentences and
// unit cuts), the node's occurrences are found, and with a collocate only
// those whose collocate occurs as the database counted the pair; each
// becomes a ConcordanceRow cut out of the line's own text through the
// tokens' spans (Tokenizer::Tokenize with spans). An ASCII line that cannot
// hold the node's folded text is not tokenized at all.

#ifndef COOC_SRC_LINE_MATCHER_H_
#define COOC_SRC_LINE_MATCHER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "ascii.h"
#include "cooc/concordance.h"
#include "cooc/store_options.h"
#include "cooc/tokenizer.h"
#include "sentence_splitter.h"

namespace cooc {

// What every worker's matcher needs to know.
struct MatchSettings {
  std::string node;
  std::string collocate;
  StoreOptions store;
  int width = 40;
  // The folded node and collocate as they occur in the text of an ASCII
  // line, or empty when they are not ASCII (and so in no ASCII line).
  std::string ascii_node;
  std::string ascii_collocate;
  bool fold = true;
  // Whether a line that is not ASCII is tokenized with spans at once (the
  // node is in so many lines that the second tokenization of a line with a
  // row would cost more than the spans of lines without one).
  bool spans_first = false;
  // Whether rows get their sort keys.
  bool sort_words = false;
};


// Finds the rows of one line. Not thread-safe: one per worker.
class LineMatcher {
 public:
  LineMatcher(const MatchSettings& settings,
              std::unique_ptr<Tokenizer> tokenizer,
              std::unique_ptr<SentenceSplitter> splitter)
      : settings_(settings),
        tokenizer_(std::move(tokenizer)),
        splitter_(std::move(splitter)) {}

  // Appends the rows of `line`, whose pieces (as the LineReader cut it)
  // end at the offsets `piece_ends`, to `*rows` (with `line_number`).
  // Returns the co-occurrences found.
  uint64_t Match(absl::string_view line, const std::vector<size_t>& piece_ends,
                 uint64_t line_number, std::vector<ConcordanceRow>* rows);

 private:
  // Whether an ASCII line can hold the node (and collocate) at all.
  // REQUIRES: `line` is ASCII.
  bool MayHold(absl::string_view line);
  // Tokenizes `line` as ingest does (pieces, sentences, unit cuts) into
  // tokens_ and units_, and with `spans` also spans_ (bytes of `line`).
  // Returns false if some span is unknown.
  bool TokenizeLine(absl::string_view line,
                    const std::vector<size_t>& piece_ends, bool spans);
  void AddSegment(absl::string_view line, absl::string_view segment,
                  bool spans, bool* known);
  // The collocates of the node at `i` as counted, into `marks_`.
  void FindCollocates(size_t i);
  void AddRow(absl::string_view line, size_t i, uint64_t line_number,
              uint64_t cooccurrences, std::vector<ConcordanceRow>* rows);

  const MatchSettings& settings_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<SentenceSplitter> splitter_;  // Sentence units only.

  // The line's tokens are tokens_[0, count_) (later strings are kept for
  // their capacity).
  std::vector<std::string> tokens_;
  size_t count_ = 0;
  std::vector<TokenSpan> spans_;
  std::vector<uint32_t> units_;  // The unit of each token.
  uint32_t unit_ = 0;
  size_t in_unit_ = 0;
  std::vector<std::string> segment_tokens_;
  std::vector<TokenSpan> segment_spans_;
  std::vector<absl::string_view> sentences_;
  std::vector<size_t> nodes_;       // Positions of the node.
  std::vector<size_t> collocates_;  // Positions of the collocate.
  std::vector<size_t> marks_;       // The node's collocates as counted.
  std::vector<std::pair<size_t, uint64_t>> hits_;  // Node, co-occurrences.
  std::string lowered_;
  std::string joined_;  // The tokens joined, when spans are unknown.
  std::vector<TokenSpan> joined_spans_;
};

}  // namespace cooc

#endif  // COOC_SRC_LINE_MATCHER_H_
