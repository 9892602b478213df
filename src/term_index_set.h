// TermIndexSet: a hash set of terms that are stored elsewhere (in a
// vocabulary's list, a fold's list of new terms), held as their 4-byte
// indices there. A set of string views would take 24 bytes a slot: with
// millions of terms that is most of a vocabulary's memory.

#ifndef COOC_SRC_TERM_INDEX_SET_H_
#define COOC_SRC_TERM_INDEX_SET_H_

#include <cstdint>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace cooc {

// `TermOf` is a copyable callable: uint32_t index -> absl::string_view, the
// term stored at that index; stored terms must not change while in the set.
// Not thread-safe.
template <typename TermOf>
class TermIndexSet {
 public:
  explicit TermIndexSet(TermOf term_of)
      : set_(0, Hash{term_of}, Eq{term_of}) {}

  // Returns the index of `term`; if the set has no such term, `add()` stores
  // it and returns its index (its term being `term` from then on), which
  // joins the set. One hash of `term` either way.
  template <typename Add>
  uint32_t FindOrAdd(absl::string_view term, Add add) {
    return *set_.lazy_emplace(
        term, [&](const auto& construct) { construct(add()); });
  }

  // Slots of the hash set (for the memory budget: 5 bytes each).
  size_t capacity() const { return set_.capacity(); }

  // Empties the set and gives back its memory.
  void Release() { set_ = Set(0, set_.hash_function(), set_.key_eq()); }

 private:
  struct Hash {
    using is_transparent = void;
    TermOf term_of;
    size_t operator()(uint32_t index) const { return (*this)(term_of(index)); }
    size_t operator()(absl::string_view term) const {
      return absl::Hash<absl::string_view>()(term);
    }
  };
  struct Eq {
    using is_transparent = void;
    TermOf term_of;
    absl::string_view TermOfKey(uint32_t index) const { return term_of(index); }
    absl::string_view TermOfKey(absl::string_view term) const { return term; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return TermOfKey(a) == TermOfKey(b);
    }
  };
  using Set = absl::flat_hash_set<uint32_t, Hash, Eq>;

  Set set_;
};

}  // namespace cooc

#endif  // COOC_SRC_TERM_INDEX_SET_H_
