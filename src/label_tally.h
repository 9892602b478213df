// LabelTally: the document counts of labelled text (LabelCounts,
// store_records.h) as they are counted, line by line, and as count parts
// add up in a fold.
//
//   labelled lines -> [labels x distinct terms of each line] -> LabelCounts

#ifndef COOC_SRC_LABEL_TALLY_H_
#define COOC_SRC_LABEL_TALLY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"

namespace cooc {

// Splits the labels off the start of `*line` under `mode` (kPrefix: the
// leading white-space-separated tokens `__label__NAME`; kTsv: the text
// before the first tab), appending them to `*labels` and leaving the rest
// of the line in `*line`. Returns InvalidArgument, quoting the start of the
// line, for `__label__` without a name, and (kTsv) for a line without a tab
// or with an empty label; a blank line has no labels in either mode. A line
// of kNone is left as it is.
absl::Status SplitLabels(LabelMode mode, absl::string_view* line,
                         std::vector<std::string>* labels);

// Not thread-safe.
class LabelTally {
 public:
  // Starts a document with `labels` (a line; none: a line that counts for
  // nothing here), ending the one before.
  void StartLine(absl::Span<const std::string> labels);
  // Counts term `id` as occurring in the current line (once per line,
  // however often it is called).
  void See(uint32_t id) {
    if (line_labels_.empty()) return;
    if (id >= seen_in_line_.size()) seen_in_line_.resize(id + 1, 0);
    if (seen_in_line_[id] == line_) return;
    seen_in_line_[id] = line_;
    CountTerm(id);
  }

  // Adds `counts`, whose term ids are mapped by `ids` (its term i is id
  // ids[i] here). Returns DataLoss for a term beyond `ids` or a label
  // index beyond its labels.
  absl::Status Add(const LabelCounts& counts, absl::Span<const uint32_t> ids);

  // The counts so far, labels in order of first appearance and
  // `term_documents` sized `types` (at least the largest id seen + 1).
  LabelCounts Take(size_t types);

 private:
  uint32_t LabelId(absl::string_view name);
  void CountTerm(uint32_t id);

  absl::flat_hash_map<std::string, uint32_t> label_ids_;
  LabelCounts counts_;
  // (label << 32) | term -> documents.
  absl::flat_hash_map<uint64_t, uint64_t> term_label_;
  std::vector<uint32_t> line_labels_;  // Of the current line, distinct.
  uint64_t line_ = 0;                  // Lines started, 1-based.
  std::vector<uint64_t> seen_in_line_;  // By id: the line it was last seen.
};

}  // namespace cooc

#endif  // COOC_SRC_LABEL_TALLY_H_
