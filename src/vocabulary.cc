#include "vocabulary.h"

#include <utility>

namespace cooc {

Vocabulary::Vocabulary() : ids_(TermOfId{&terms_}) {}

uint32_t Vocabulary::IdOf(absl::string_view term) {
  return ids_.FindOrAdd(term, [&] {
    const uint32_t id = static_cast<uint32_t>(terms_.size());
    terms_.push_back(term);
    return id;
  });
}

uint64_t Vocabulary::MemoryBytes() const {
  return terms_.MemoryBytes() + ids_.capacity() * (sizeof(uint32_t) + 1);
}

TermList Vocabulary::TakeTerms() {
  ids_.Release();
  return std::move(terms_);
}

}  // namespace cooc
