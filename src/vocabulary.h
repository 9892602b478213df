// Vocabulary: term -> part-local id while text is counted. Ids are dense,
// from 0, in order of first appearance, so the same text counted in one go
// or in pieces gives each term the same place; folding (fold.h) maps them to
// a database's ids. Each term is stored once: a deque keeps the terms in
// place, by id, and the hash set holds only their ids (4 bytes a slot; it
// hashes and compares the terms the ids stand for), so a vocabulary of
// millions of types costs little more than its strings.

#ifndef COOC_SRC_VOCABULARY_H_
#define COOC_SRC_VOCABULARY_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

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
  // Hash and equality of ids by their terms, and of terms themselves
  // (heterogeneous lookup by string_view).
  struct TermHash {
    using is_transparent = void;
    const std::deque<std::string>* terms;
    size_t operator()(uint32_t id) const { return (*this)((*terms)[id]); }
    size_t operator()(absl::string_view term) const {
      return absl::Hash<absl::string_view>()(term);
    }
  };
  struct TermEq {
    using is_transparent = void;
    const std::deque<std::string>* terms;
    absl::string_view TermOf(uint32_t id) const { return (*terms)[id]; }
    absl::string_view TermOf(absl::string_view term) const { return term; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return TermOf(a) == TermOf(b);
    }
  };

  std::deque<std::string> terms_;  // By id; elements never move.
  uint64_t heap_bytes_ = 0;        // Of the terms too long to be inline.
  absl::flat_hash_set<uint32_t, TermHash, TermEq> ids_;
};

}  // namespace cooc

#endif  // COOC_SRC_VOCABULARY_H_
