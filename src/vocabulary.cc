#include "vocabulary.h"

#include <utility>

namespace cooc {

uint32_t Vocabulary::IdOf(absl::string_view term) {
  auto it = ids_.find(term);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(terms_.size());
  terms_.emplace_back(term);
  ids_.emplace(terms_.back(), id);
  return id;
}

std::vector<std::string> Vocabulary::TakeTerms() {
  ids_.clear();
  std::vector<std::string> terms;
  terms.reserve(terms_.size());
  for (std::string& term : terms_) terms.push_back(std::move(term));
  terms_.clear();
  return terms;
}

}  // namespace cooc
