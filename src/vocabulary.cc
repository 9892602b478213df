#include "vocabulary.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "status_macros.h"

namespace cooc {

absl::StatusOr<Vocabulary> Vocabulary::Load(const CountStore& store) {
  COOC_ASSIGN_OR_RETURN(Totals totals, store.ReadTotals());
  Vocabulary vocabulary;
  vocabulary.ids_.reserve(totals.types);
  bool ids_in_range = true;
  TermCursor cursor = store.Terms();
  std::vector<TermEntry> batch(1024);
  while (true) {
    COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) {
      ids_in_range &= batch[i].id < totals.types;
      vocabulary.ids_.emplace(batch[i].term, batch[i].id);
    }
  }
  if (!ids_in_range || vocabulary.ids_.size() != totals.types) {
    return absl::DataLossError(absl::StrCat(
        store.path(), ": the vocabulary holds ", vocabulary.ids_.size(),
        " terms with ids not all below the recorded ", totals.types));
  }
  vocabulary.first_new_id_ = static_cast<uint32_t>(totals.types);
  return vocabulary;
}

uint32_t Vocabulary::IdOf(absl::string_view term) {
  auto it = ids_.find(term);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(ids_.size());
  ids_.emplace(term, id);
  new_terms_.emplace_back(term);
  return id;
}

std::vector<std::pair<std::string, uint32_t>> Vocabulary::TakeNewTerms() {
  std::vector<std::pair<std::string, uint32_t>> terms;
  terms.reserve(new_terms_.size());
  uint32_t id = first_new_id_;
  for (std::string& term : new_terms_) terms.emplace_back(std::move(term), id++);
  new_terms_.clear();
  first_new_id_ = id;
  return terms;
}

}  // namespace cooc
