// CountedText: text counted in memory, as a CountPart.
//
//   inputs -> [tokens -> part-local ids -> window pairs -> sorted runs]
//
// The counting stage of both `cooc ingest` (the part is folded into the
// database at once) and `cooc count` (the part is written to a file). Ids
// are part-local, in order of first appearance in the text; the pairs stay
// in sorted runs (in memory within the budget, spilled beyond it) until the
// part is folded or written.

#ifndef COOC_SRC_COUNTED_TEXT_H_
#define COOC_SRC_COUNTED_TEXT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cooc/store_options.h"
#include "cooc/store_records.h"
#include "count_part.h"
#include "line_reader.h"
#include "sorted_runs.h"

namespace cooc {

struct TextCountingOptions {
  int threads = 1;  // Counting threads, >= 1.
  // Budget of the counting maps and the runs kept in memory, in MiB.
  uint64_t memory_mb = 1024;
  // Where runs beyond the budget are spilled (created when needed, removed
  // with the part).
  std::string spill_dir;
  // Called now and then with (bytes read, tokens counted).
  std::function<void(uint64_t, uint64_t)> progress;
  // IngestOptions::stop: checked per block.
  const std::atomic<bool>* stop = nullptr;
  // Only this byte range of the (single) input.
  ByteRange range;
  // The inputs' encoding (IngestOptions::encoding).
  std::string encoding;
  // The time the journal entries get (unix seconds); 0 leaves it to the
  // commit that folds the part (the journal then says when it committed).
  int64_t journal_time = 0;
};

class CountedText : public CountPart {
 public:
  // Counts `inputs` (paths or "-") under `definition`. `journal` has one
  // entry per input, in order (path, and size and content hash of a file);
  // a stream's size is filled in once read, and every entry gets ingest 1
  // and `options.journal_time`. Returns the errors of reading, tokenizing or
  // spilling.
  static absl::StatusOr<std::unique_ptr<CountedText>> Count(
      const std::vector<std::string>& inputs, std::vector<JournalEntry> journal,
      const StoreOptions& definition, const TextCountingOptions& options);

  const std::string& name() const override { return name_; }
  const PartHeader& header() const override { return header_; }
  absl::Status ReadPairs(const PairBatchFn& emit) override;
  SortedRuns* runs() override { return runs_.get(); }

  uint64_t bytes() const { return bytes_; }
  uint64_t spilled_bytes() const { return runs_->spilled_bytes(); }
  // TextCounts::vocabulary_bytes of the count, and 0 if they fit in the
  // budget beside the pair tables' least share, else the budget (MiB) that
  // would have held them (IngestSummary::memory_needed_mb).
  uint64_t vocabulary_bytes() const { return vocabulary_bytes_; }
  uint64_t memory_needed_mb() const { return memory_needed_mb_; }

 private:
  CountedText() = default;

  std::string name_ = "text";
  PartHeader header_;
  std::unique_ptr<SortedRuns> runs_;
  uint64_t bytes_ = 0;
  uint64_t vocabulary_bytes_ = 0;
  uint64_t memory_needed_mb_ = 0;
  // TextCountingOptions::stop, for ReadPairs' merge.
  const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace cooc

#endif  // COOC_SRC_COUNTED_TEXT_H_
