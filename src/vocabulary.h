// Vocabulary: term -> part-local id while text is counted. Ids are dense,
// from 0, in order of first appearance, so the same text counted in one go
// or in pieces gives each term the same place; folding (fold.h) maps them to
// a database's ids. Each term is stored once: a TermList keeps the terms'
// bytes in place, by id (8 bytes a term besides them, term_list.h), and the
// hash set holds only their ids (term_index_set.h), so a vocabulary of
// millions of types costs little more than its strings.

#ifndef COOC_SRC_VOCABULARY_H_
#define COOC_SRC_VOCABULARY_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "term_index_set.h"
#include "term_list.h"

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
  TermList TakeTerms();

 private:
  struct TermOfId {
    const TermList* terms;
    absl::string_view operator()(uint32_t id) const { return (*terms)[id]; }
  };

  TermList terms_;  // By id.
  TermIndexSet<TermOfId> ids_;
};

}  // namespace cooc

#endif  // COOC_SRC_VOCABULARY_H_
