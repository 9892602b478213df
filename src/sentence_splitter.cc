// The break iterator reads the UTF-8 bytes through a UText, so its break
// positions are byte offsets into the line and no conversion is needed.

#include "sentence_splitter.h"

#include "absl/memory/memory.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/utext.h"

namespace cooc {

struct SentenceSplitter::Icu {
  std::unique_ptr<icu::BreakIterator> breaks;
  UText text = UTEXT_INITIALIZER;
  ~Icu() { utext_close(&text); }
};

SentenceSplitter::SentenceSplitter(std::unique_ptr<Icu> icu)
    : icu_(std::move(icu)) {}
SentenceSplitter::~SentenceSplitter() = default;

absl::StatusOr<std::unique_ptr<SentenceSplitter>> SentenceSplitter::Create() {
  auto icu = std::make_unique<Icu>();
  UErrorCode error = U_ZERO_ERROR;
  icu->breaks.reset(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), error));
  COOC_RETURN_IF_ERROR(IcuStatus(error, "creating the sentence break iterator"));
  return absl::WrapUnique(new SentenceSplitter(std::move(icu)));
}

void SentenceSplitter::Split(absl::string_view text,
                             std::vector<absl::string_view>* sentences) {
  sentences->clear();
  if (text.empty()) return;
  UErrorCode error = U_ZERO_ERROR;
  utext_openUTF8(&icu_->text, text.data(), static_cast<int64_t>(text.size()),
                 &error);
  if (U_FAILURE(error)) {
    sentences->push_back(text);
    return;
  }
  icu_->breaks->setText(&icu_->text, error);
  if (U_FAILURE(error)) {
    sentences->push_back(text);
    return;
  }
  int32_t start = icu_->breaks->first();
  for (int32_t end = icu_->breaks->next(); end != icu::BreakIterator::DONE;
       start = end, end = icu_->breaks->next()) {
    sentences->push_back(text.substr(start, end - start));
  }
}

}  // namespace cooc
