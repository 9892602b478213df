#include "database_part.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cooc/count_store.h"
#include "key_format.h"
#include "status_macros.h"

namespace cooc {
namespace {

class DatabasePart : public CountPart {
 public:
  explicit DatabasePart(std::unique_ptr<CountStore> store)
      : store_(std::move(store)) {}

  absl::Status Load();

  const std::string& name() const override { return store_->path(); }
  const PartHeader& header() const override { return header_; }
  absl::Status ReadPairs(const PairBatchFn& emit) override;

 private:
  std::unique_ptr<CountStore> store_;
  PartHeader header_;
};

absl::Status DatabasePart::Load() {
  header_.definition = store_->options();
  COOC_ASSIGN_OR_RETURN(Totals totals, store_->ReadTotals());
  header_.tokens = totals.tokens;
  header_.lines = totals.lines;
  header_.pair_events = totals.pair_events;
  header_.invalid_utf8 = totals.invalid_utf8;
  header_.ingests = totals.ingests;
  header_.terms.assign(totals.types, std::string());
  uint64_t seen = 0;
  bool in_range = true;
  COOC_RETURN_IF_ERROR(
      store_->ForEachTerm([&](absl::string_view term, uint32_t id) {
        if (id >= header_.terms.size() || !header_.terms[id].empty()) {
          in_range = false;
          return;
        }
        header_.terms[id] = std::string(term);
        ++seen;
      }));
  if (!in_range || seen != totals.types) {
    return absl::DataLossError(absl::StrCat(
        store_->path(), ": the vocabulary does not hold exactly the ids 0..",
        totals.types, "-1"));
  }
  COOC_ASSIGN_OR_RETURN(std::vector<TermCounts> counts, store_->AllCounts());
  const bool units = header_.definition.unit != CountingUnit::kWindow;
  header_.frequencies.resize(counts.size());
  header_.document_frequencies.assign(counts.size(), 0);
  for (size_t id = 0; id < counts.size(); ++id) {
    header_.frequencies[id] = counts[id].frequency;
    if (units) header_.document_frequencies[id] = counts[id].row;
  }
  COOC_ASSIGN_OR_RETURN(header_.journal, store_->ReadJournal());
  return absl::OkStatus();
}

absl::Status DatabasePart::ReadPairs(const PairBatchFn& emit) {
  const int shards = header_.definition.shards;
  std::vector<KeyCount> batch;
  int shard = -1;
  absl::Status status;
  const auto flush = [&] {
    if (!batch.empty() && status.ok()) status = emit(shard, batch);
    batch.clear();
  };
  COOC_RETURN_IF_ERROR(
      store_->ForEachPair([&](uint32_t x, uint32_t y, uint64_t count) {
        const int k = ShardOf(x, shards);
        if (k != shard || batch.size() == 4096) flush();
        shard = k;
        batch.push_back({(uint64_t{x} << 32) | y, count});
      }));
  flush();
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CountPart>> OpenDatabasePart(
    const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<CountStore> store,
                        CountStore::Open(path, CountStore::Access::kReadWrite));
  auto part = std::make_unique<DatabasePart>(std::move(store));
  COOC_RETURN_IF_ERROR(part->Load());
  return std::unique_ptr<CountPart>(std::move(part));
}

}  // namespace cooc
