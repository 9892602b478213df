#include "label_tally.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace cooc {
namespace {

constexpr absl::string_view kLabelMark = "__label__";

// The first characters of `line`, for a message.
std::string Quote(absl::string_view line) {
  constexpr size_t kShown = 60;
  return absl::StrCat("'", line.substr(0, kShown),
                      line.size() > kShown ? "...'" : "'");
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

absl::Status SplitLabels(LabelMode mode, absl::string_view* line,
                         std::vector<std::string>* labels) {
  const absl::string_view whole = *line;
  if (mode == LabelMode::kTsv) {
    // A blank line is no document (as an unlabelled line of kPrefix).
    if (absl::StripAsciiWhitespace(*line).empty()) return absl::OkStatus();
    const size_t tab = line->find('\t');
    if (tab == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--labels tsv: a line without a tab (LABEL<TAB>TEXT): ",
          Quote(whole)));
    }
    const absl::string_view label =
        absl::StripAsciiWhitespace(line->substr(0, tab));
    if (label.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--labels tsv: an empty label before the tab: ", Quote(whole)));
    }
    labels->emplace_back(label);
    line->remove_prefix(tab + 1);
    return absl::OkStatus();
  }
  if (mode != LabelMode::kPrefix) return absl::OkStatus();
  absl::string_view rest = *line;
  while (true) {
    size_t start = 0;
    while (start < rest.size() && IsSpace(rest[start])) ++start;
    size_t end = start;
    while (end < rest.size() && !IsSpace(rest[end])) ++end;
    const absl::string_view token = rest.substr(start, end - start);
    if (!absl::StartsWith(token, kLabelMark)) break;
    if (token.size() == kLabelMark.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--labels prefix: a label token with no name ('__label__' alone): ",
          Quote(whole)));
    }
    labels->emplace_back(token.substr(kLabelMark.size()));
    rest.remove_prefix(end);
  }
  *line = rest;
  return absl::OkStatus();
}

uint32_t LabelTally::LabelId(absl::string_view name) {
  auto [it, inserted] = label_ids_.try_emplace(
      name, static_cast<uint32_t>(counts_.labels.size()));
  if (inserted) {
    counts_.labels.emplace_back(name);
    counts_.label_documents.push_back(0);
  }
  return it->second;
}

void LabelTally::StartLine(absl::Span<const std::string> labels) {
  ++line_;
  line_labels_.clear();
  for (const std::string& name : labels) {
    const uint32_t label = LabelId(name);
    if (std::find(line_labels_.begin(), line_labels_.end(), label) ==
        line_labels_.end()) {
      line_labels_.push_back(label);
      ++counts_.label_documents[label];
    }
  }
  if (!line_labels_.empty()) ++counts_.documents;
}

void LabelTally::CountTerm(uint32_t id) {
  if (id >= counts_.term_documents.size()) {
    counts_.term_documents.resize(id + 1, 0);
  }
  ++counts_.term_documents[id];
  for (uint32_t label : line_labels_) {
    ++term_label_[(uint64_t{label} << 32) | id];
  }
}

absl::Status LabelTally::Add(const LabelCounts& counts,
                             absl::Span<const uint32_t> ids) {
  counts_.documents += counts.documents;
  std::vector<uint32_t> labels;
  for (size_t l = 0; l < counts.labels.size(); ++l) {
    labels.push_back(LabelId(counts.labels[l]));
    counts_.label_documents[labels.back()] += counts.label_documents[l];
  }
  if (counts.term_documents.size() > ids.size()) {
    return absl::DataLossError("label counts of a term beyond the vocabulary");
  }
  for (size_t i = 0; i < counts.term_documents.size(); ++i) {
    if (counts.term_documents[i] == 0) continue;
    const uint32_t id = ids[i];
    if (id >= counts_.term_documents.size()) {
      counts_.term_documents.resize(id + 1, 0);
    }
    counts_.term_documents[id] += counts.term_documents[i];
  }
  for (const LabelCounts::TermLabel& entry : counts.term_label_documents) {
    if (entry.term >= ids.size() || entry.label >= labels.size()) {
      return absl::DataLossError(
          "label counts of a term or label beyond the vocabulary");
    }
    term_label_[(uint64_t{labels[entry.label]} << 32) | ids[entry.term]] +=
        entry.documents;
  }
  return absl::OkStatus();
}

LabelCounts LabelTally::Take(size_t types) {
  LabelCounts counts = std::move(counts_);
  if (counts.term_documents.size() < types) {
    counts.term_documents.resize(types, 0);
  }
  std::vector<std::pair<uint64_t, uint64_t>> entries(term_label_.begin(),
                                                     term_label_.end());
  std::sort(entries.begin(), entries.end());
  counts.term_label_documents.reserve(entries.size());
  for (const auto& [key, documents] : entries) {
    counts.term_label_documents.push_back(
        {static_cast<uint32_t>(key & 0xFFFFFFFFu),
         static_cast<uint32_t>(key >> 32), documents});
  }
  *this = LabelTally();
  return counts;
}

}  // namespace cooc
