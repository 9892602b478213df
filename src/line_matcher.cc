#include "line_matcher.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "display_width.h"

namespace cooc {
namespace {

// Sort keys: this many words on each side.
constexpr size_t kSortWords = 3;

// `text` with tabs and line breaks as spaces (the same bytes otherwise).
std::string AsOneLine(absl::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
  }
  return line;
}

}  // namespace

bool LineMatcher::MayHold(absl::string_view line) {
  if (settings_.ascii_node.empty()) return false;
  if (!settings_.collocate.empty() && settings_.ascii_collocate.empty()) {
    return false;
  }
  absl::string_view text = line;
  if (settings_.fold) {
    lowered_.resize(line.size());
    for (size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      lowered_[i] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
    text = lowered_;
  }
  return text.find(settings_.ascii_node) != absl::string_view::npos &&
         (settings_.collocate.empty() ||
          text.find(settings_.ascii_collocate) != absl::string_view::npos);
}

void LineMatcher::AddSegment(absl::string_view line, absl::string_view segment,
                             bool spans, bool* known) {
  if (spans) {
    *known &= tokenizer_->Tokenize(segment, &segment_tokens_, &segment_spans_);
  } else {
    tokenizer_->Tokenize(segment, &segment_tokens_);
  }
  const size_t base = segment.data() - line.data();
  const bool units = settings_.store.unit != CountingUnit::kWindow;
  const size_t max_unit =
      settings_.store.max_unit_tokens > 0
          ? static_cast<size_t>(settings_.store.max_unit_tokens)
          : SIZE_MAX;
  for (size_t t = 0; t < segment_tokens_.size(); ++t) {
    if (units && in_unit_ == max_unit) {  // A cut, as PairCounter makes it.
      ++unit_;
      in_unit_ = 0;
    }
    ++in_unit_;
    units_.push_back(unit_);
    // Swapped, not moved: both strings keep their capacity for the next
    // line (the tokenizer reuses the strings it is given).
    if (count_ == tokens_.size()) tokens_.emplace_back();
    std::swap(tokens_[count_], segment_tokens_[t]);
    ++count_;
    if (spans) {
      spans_.push_back({base + segment_spans_[t].begin,
                        base + segment_spans_[t].end});
    }
  }
}

bool LineMatcher::TokenizeLine(absl::string_view line,
                               const std::vector<size_t>& piece_ends,
                               bool spans) {
  count_ = 0;
  spans_.clear();
  units_.clear();
  unit_ = 0;
  in_unit_ = 0;
  bool known = true;
  size_t begin = 0;
  for (size_t p = 0; p < piece_ends.size(); ++p) {
    const absl::string_view piece = line.substr(begin, piece_ends[p] - begin);
    begin = piece_ends[p];
    if (splitter_ == nullptr) {
      AddSegment(line, piece, spans, &known);
      continue;
    }
    // Each sentence ends its unit, except a last one that goes on in the
    // next piece of the line (TextCounter's rule).
    splitter_->Split(piece, &sentences_);
    for (size_t s = 0; s < sentences_.size(); ++s) {
      AddSegment(line, sentences_[s], spans, &known);
      if (s + 1 < sentences_.size() || p + 1 == piece_ends.size()) {
        ++unit_;
        in_unit_ = 0;
      }
    }
  }
  return known;
}

void LineMatcher::FindCollocates(size_t i) {
  marks_.clear();
  if (settings_.collocate.empty()) return;
  if (settings_.store.unit == CountingUnit::kWindow) {
    const size_t window = static_cast<size_t>(settings_.store.window);
    const bool ordered = settings_.store.mode == PairMode::kOrdered;
    const size_t first = ordered ? i + 1 : (i > window ? i - window : 0);
    const size_t last = std::min(count_ - 1, i + window);
    for (size_t j : collocates_) {
      if (j >= first && j <= last && j != i) marks_.push_back(j);
    }
    return;
  }
  if (settings_.node == settings_.collocate) return;  // Never counted.
  for (size_t j : collocates_) {
    if (units_[j] == units_[i]) marks_.push_back(j);
  }
}

uint64_t LineMatcher::Match(absl::string_view line,
                            const std::vector<size_t>& piece_ends,
                            uint64_t line_number,
                            std::vector<ConcordanceRow>* rows) {
  const bool ascii = IsAscii(line);
  if (ascii && !MayHold(line)) return 0;
  // An ASCII line that passed MayHold most likely holds a row, and its
  // spans cost nothing to find: it is tokenized with them at once. Other
  // lines are tokenized with spans only if they hold a row.
  const bool spans_first = settings_.spans_first || ascii;
  bool known = TokenizeLine(line, piece_ends, /*spans=*/spans_first);
  nodes_.clear();
  collocates_.clear();
  for (size_t t = 0; t < count_; ++t) {
    if (tokens_[t] == settings_.node) nodes_.push_back(t);
    if (!settings_.collocate.empty() && tokens_[t] == settings_.collocate) {
      collocates_.push_back(t);
    }
  }
  if (nodes_.empty()) return 0;
  // The rows, and what each adds to c(node, collocate): in a window each
  // (node, collocate) placement; in units each unit holding both once,
  // credited to its first row.
  hits_.clear();
  uint64_t total = 0;
  const bool units = settings_.store.unit != CountingUnit::kWindow;
  uint32_t last_unit = UINT32_MAX;
  for (size_t i : nodes_) {
    FindCollocates(i);
    if (!settings_.collocate.empty() && marks_.empty()) continue;
    uint64_t events = marks_.size();
    if (units && events > 0) {
      events = units_[i] != last_unit ? 1 : 0;
      last_unit = units_[i];
    }
    hits_.emplace_back(i, events);
    total += events;
  }
  if (hits_.empty()) return 0;
  if (!spans_first) known = TokenizeLine(line, piece_ends, /*spans=*/true);
  absl::string_view text = line;
  if (!known) {
    // Show the tokens themselves, joined by spaces.
    joined_.clear();
    joined_spans_.clear();
    for (size_t t = 0; t < count_; ++t) {
      const std::string& token = tokens_[t];
      if (!joined_.empty()) joined_.push_back(' ');
      joined_spans_.push_back({joined_.size(), joined_.size() + token.size()});
      joined_.append(token);
    }
    spans_ = joined_spans_;
    text = joined_;
  }
  for (const auto& [i, events] : hits_) {
    FindCollocates(i);
    AddRow(text, i, line_number, events, rows);
    if (!known) rows->back().offset = 0;
  }
  return total;
}

void LineMatcher::AddRow(absl::string_view line, size_t i,
                         uint64_t line_number, uint64_t cooccurrences,
                         std::vector<ConcordanceRow>* rows) {
  const size_t width = static_cast<size_t>(settings_.width);
  const TokenSpan node = spans_[i];
  const absl::string_view left = LastColumns(line.substr(0, node.begin), width);
  const absl::string_view right = FirstColumns(line.substr(node.end), width);
  const size_t left_begin = node.begin - left.size();
  ConcordanceRow& row = rows->emplace_back();
  row.line = line_number;
  row.offset = node.begin;
  row.left = AsOneLine(left);
  row.node = AsOneLine(line.substr(node.begin, node.end - node.begin));
  row.right = AsOneLine(right);
  row.cooccurrences = cooccurrences;
  for (size_t j : marks_) {
    const TokenSpan span = spans_[j];
    if (span.end <= node.begin && span.begin >= left_begin) {
      row.left_collocates.emplace_back(span.begin - left_begin,
                                       span.end - left_begin);
    } else if (span.begin >= node.end &&
               span.end <= node.end + right.size()) {
      row.right_collocates.emplace_back(span.begin - node.end,
                                        span.end - node.end);
    }
  }
  if (!settings_.sort_words) return;
  for (size_t k = 1; k <= kSortWords && k <= i; ++k) {
    row.left_words.push_back(tokens_[i - k]);
  }
  for (size_t k = 1; k <= kSortWords && i + k < count_; ++k) {
    row.right_words.push_back(tokens_[i + k]);
  }
}

}  // namespace cooc
