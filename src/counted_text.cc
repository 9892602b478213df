#include "counted_text.h"

#include <utility>

#include "status_macros.h"
#include "text_counter.h"
#include "vocabulary.h"

namespace cooc {
absl::StatusOr<std::unique_ptr<CountedText>> CountedText::Count(
    const std::vector<std::string>& inputs, std::vector<JournalEntry> journal,
    const StoreOptions& definition, const TextCountingOptions& options) {
  std::unique_ptr<CountedText> part(new CountedText());
  part->runs_ = std::make_unique<SortedRuns>(
      definition.shards, options.spill_dir, (options.memory_mb << 20) / 2);
  part->stop_ = options.stop;
  CountTextOptions count_options;
  count_options.store = definition;
  count_options.threads = options.threads;
  count_options.memory_bytes = options.memory_mb << 20;
  count_options.progress = options.progress;
  count_options.stop = options.stop;
  count_options.range = options.range;
  count_options.encoding = options.encoding;
  Vocabulary vocabulary;  // Part-local ids, from 0.
  TextCounts counts;
  COOC_RETURN_IF_ERROR(CountText(inputs, count_options, &vocabulary,
                                 part->runs_.get(), &counts));

  PartHeader& header = part->header_;
  header.definition = definition;
  header.tokens = counts.tokens;
  header.lines = counts.lines;
  header.pair_events = counts.pair_events;
  header.invalid_utf8 = counts.invalid_utf8;
  header.ingests = 1;
  header.unit_cuts = counts.unit_cuts;
  header.terms = vocabulary.TakeTerms();
  header.frequencies = std::move(counts.frequencies);
  header.document_frequencies = std::move(counts.document_frequencies);
  header.labels = std::move(counts.labels);
  for (size_t i = 0; i < journal.size(); ++i) {
    if (journal[i].content_hash == 0 && i < counts.input_bytes.size()) {
      journal[i].bytes = counts.input_bytes[i];  // A stream, now read.
    }
    journal[i].ingest = 1;
    journal[i].unix_seconds = options.journal_time;
  }
  header.journal = std::move(journal);
  part->bytes_ = counts.bytes;
  part->vocabulary_bytes_ = counts.vocabulary_bytes;
  // The vocabulary is never spilled: beyond what the budget leaves it beside
  // the pair tables' least share, the count went past its budget.
  if (counts.vocabulary_bytes +
          LeastMapBytes(count_options.memory_bytes, options.threads) >
      count_options.memory_bytes) {
    part->memory_needed_mb_ =
        MemoryHoldingVocabularyMb(counts.vocabulary_bytes, options.threads);
  }
  return part;
}

absl::Status CountedText::ReadPairs(const PairBatchFn& emit) {
  for (int shard = 0; shard < runs_->shards(); ++shard) {
    COOC_RETURN_IF_ERROR(runs_->Merge(
        shard,
        [&](absl::Span<const KeyCount> batch) { return emit(shard, batch); },
        stop_));
  }
  return absl::OkStatus();
}

}  // namespace cooc
