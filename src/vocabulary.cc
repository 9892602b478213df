#include "vocabulary.h"

#include <utility>

namespace cooc {

Vocabulary::Vocabulary() : ids_(TermOfId{&terms_}) {}

uint32_t Vocabulary::IdOf(absl::string_view term) {
  return ids_.FindOrAdd(term, [&] {
    const uint32_t id = static_cast<uint32_t>(terms_.size());
    terms_.emplace_back(term);
    if (terms_.back().capacity() > std::string().capacity()) {
      heap_bytes_ += terms_.back().capacity() + 1;
    }
    return id;
  });
}

uint64_t Vocabulary::MemoryBytes() const {
  return terms_.size() * sizeof(std::string) + heap_bytes_ +
         ids_.capacity() * (sizeof(uint32_t) + 1);
}

std::vector<std::string> Vocabulary::TakeTerms() {
  // The set and the deque are given back as the list grows, so the terms
  // are not held twice.
  ids_.Release();
  std::vector<std::string> terms;
  terms.reserve(terms_.size());
  while (!terms_.empty()) {
    terms.push_back(std::move(terms_.front()));
    terms_.pop_front();
  }
  heap_bytes_ = 0;
  return terms;
}

}  // namespace cooc
