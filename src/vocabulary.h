// Vocabulary: term -> part-local id while text is counted. Ids are dense,
// from 0, in order of first appearance, so the same text counted in one go
// or in pieces gives each term the same place; folding (fold.h) maps them to
// a database's ids. Each term is stored once: a deque keeps the terms in
// place, by id, and the hash set holds only their ids (term_index_set.h),
// so a vocabulary of millions of types costs little more than its strings.

#ifndef COOC_SRC_VOCABULARY_H_
#define COOC_SRC_VOCABULARY_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "term_index_set.h"

namespace cooc {

// Not thread-safe.
class Vocabulary {
 public:
  Vocabulary();
  Vocabulary(const Vocabulary&) = delete;
  Vocabulary& operator=(const Vocabulary&) = delete;

  // Returns the id of `term`, giving it the next id if it is new.
  uint32_t IdOf(absl::string_view term);

  size_t size() const { return terms_.size(); }

  // The bytes the vocabulary holds now (its strings and its hash set), for
  // the memory budget.
  uint64_t MemoryBytes() const;

  // Moves out every term, in id order, and empties the vocabulary.
  std::vector<std::string> TakeTerms();

 private:
  struct TermOfId {
    const std::deque<std::string>* terms;
    absl::string_view operator()(uint32_t id) const { return (*terms)[id]; }
  };

  std::deque<std::string> terms_;  // By id; elements never move.
  uint64_t heap_bytes_ = 0;        // Of the terms too long to be inline.
  TermIndexSet<TermOfId> ids_;
};

}  // namespace cooc

#endif  // COOC_SRC_VOCABULARY_H_
