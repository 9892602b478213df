// Vocabulary: term -> part-local id while text is counted. Ids are dense,
// from 0, in order of first appearance, so the same text counted in one go
// or in pieces gives each term the same place; folding (fold.h) maps them to
// a database's ids. Each term is stored once (the map's keys are views of
// the stored terms, which a deque keeps in place).

#ifndef COOC_SRC_VOCABULARY_H_
#define COOC_SRC_VOCABULARY_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace cooc {

// Not thread-safe.
class Vocabulary {
 public:
  Vocabulary() = default;
  Vocabulary(const Vocabulary&) = delete;
  Vocabulary& operator=(const Vocabulary&) = delete;

  // Returns the id of `term`, giving it the next id if it is new.
  uint32_t IdOf(absl::string_view term);

  size_t size() const { return terms_.size(); }

  // Moves out every term, in id order, and empties the vocabulary.
  std::vector<std::string> TakeTerms();

 private:
  std::deque<std::string> terms_;  // By id; elements never move.
  absl::flat_hash_map<absl::string_view, uint32_t> ids_;
};

}  // namespace cooc

#endif  // COOC_SRC_VOCABULARY_H_
