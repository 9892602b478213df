// SentenceSplitter: a line of UTF-8 text -> its sentences, by ICU's
// sentence BreakIterator (root locale). Used by `--unit sentence`.

#ifndef COOC_SRC_SENTENCE_SPLITTER_H_
#define COOC_SRC_SENTENCE_SPLITTER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// Not thread-safe: one per thread.
class SentenceSplitter {
 public:
  // Internal if ICU cannot create its sentence break iterator.
  static absl::StatusOr<std::unique_ptr<SentenceSplitter>> Create();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Replaces `*sentences` with the sentences of `text`, in order: views
  // into `text` that together cover it exactly. Invalid UTF-8 is passed
  // through (the tokenizer replaces it later).
  void Split(absl::string_view text, std::vector<absl::string_view>* sentences);

 private:
  struct Icu;
  explicit SentenceSplitter(std::unique_ptr<Icu> icu);
  std::unique_ptr<Icu> icu_;
};

}  // namespace cooc

#endif  // COOC_SRC_SENTENCE_SPLITTER_H_
