// Vocabulary: term <-> id during an ingest. Ids are dense and assigned in
// order of first appearance, continuing the database's sequence, so the
// same text ingested in one go or in parts gets the same ids.

#ifndef COOC_SRC_VOCABULARY_H_
#define COOC_SRC_VOCABULARY_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"

namespace cooc {

// Not thread-safe.
class Vocabulary {
 public:
  // Returns the vocabulary stored in `store`; DataLoss if its ids are not
  // exactly 0..types-1.
  static absl::StatusOr<Vocabulary> Load(const CountStore& store);

  Vocabulary() = default;

  // Returns the id of `term`, giving it the next id if it is new.
  uint32_t IdOf(absl::string_view term);

  size_t size() const { return ids_.size(); }

  // Moves out the terms added since Load, with their ids, in id order.
  std::vector<std::pair<std::string, uint32_t>> TakeNewTerms();

 private:
  absl::flat_hash_map<std::string, uint32_t> ids_;
  uint32_t first_new_id_ = 0;
  std::vector<std::string> new_terms_;
};

}  // namespace cooc

#endif  // COOC_SRC_VOCABULARY_H_
