#include "database_part.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cooc/count_store.h"
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
  header_.unit_cuts = totals.unit_cuts;
  header_.terms.reserve(totals.types);
  COOC_RETURN_IF_ERROR(store_->ReadTermsById(
      [this](absl::string_view term) { header_.terms.push_back(term); }));
  const bool units = header_.definition.unit != CountingUnit::kWindow;
  // Document frequencies are the marginals of unit counting only.
  header_.frequencies.assign(totals.types, 0);
  if (units) header_.document_frequencies.assign(totals.types, 0);
  COOC_RETURN_IF_ERROR(store_->ReadCountsById(
      [this, units](uint32_t id, const TermCounts& counts) {
        header_.frequencies[id] = counts.frequency;
        if (units) header_.document_frequencies[id] = counts.row;
      }));
  COOC_ASSIGN_OR_RETURN(header_.journal, store_->ReadJournal());
  if (header_.definition.labels != LabelMode::kNone) {
    COOC_ASSIGN_OR_RETURN(header_.labels, store_->ReadLabelCounts());
  }
  return absl::OkStatus();
}

absl::Status DatabasePart::ReadPairs(const PairBatchFn& emit) {
  std::vector<PairEntry> entries(4096);
  std::vector<KeyCount> batch;
  PairCursorOptions options;
  options.cache = PairCursorOptions::Cache::kBypass;
  for (int shard = 0; shard < header_.definition.shards; ++shard) {
    COOC_ASSIGN_OR_RETURN(PairCursor cursor, store_->ShardPairs(shard, options));
    while (true) {
      COOC_ASSIGN_OR_RETURN(const size_t n,
                            cursor.Read(absl::MakeSpan(entries)));
      if (n == 0) break;
      batch.resize(n);
      for (size_t i = 0; i < n; ++i) {
        batch[i] = {(uint64_t{entries[i].x} << 32) | entries[i].y,
                    entries[i].count};
      }
      COOC_RETURN_IF_ERROR(emit(shard, batch));
    }
  }
  return absl::OkStatus();
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
