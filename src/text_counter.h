// CountText: the counting stage of an ingest, on several threads.
//
//   inputs -> blocks -> [tokens -> ids -> window pairs -> sorted runs]
//
// The calling thread reads the inputs into blocks of lines; each worker
// thread tokenizes a block into block-local term ids, then, in block order,
// turns them into vocabulary ids (so ids are assigned in order of first
// appearance, exactly as one thread would), and counts the block's window
// pairs into its own PairCounter, spilling sorted runs when its share of
// the memory budget is full.

#ifndef COOC_SRC_TEXT_COUNTER_H_
#define COOC_SRC_TEXT_COUNTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cooc/count_store.h"
#include "line_reader.h"
#include "sorted_runs.h"
#include "vocabulary.h"

namespace cooc {

struct TextCounts {
  uint64_t bytes = 0;
  std::vector<uint64_t> input_bytes;  // Per input, in order.
  uint64_t lines = 0;
  uint64_t tokens = 0;
  uint64_t pair_events = 0;  // Pair events, or units with unit counting.
  uint64_t invalid_utf8 = 0;
  uint64_t unit_cuts = 0;  // Units cut at max_unit_tokens.
  std::vector<uint64_t> frequencies;  // f(x) by id, for this text only.
  // Units containing x, by id (unit counting only; else zeros).
  std::vector<uint64_t> document_frequencies;
  // Labelled text (StoreOptions::labels): its documents by label.
  LabelCounts labels;
  // Bytes the vocabulary and its per-term arrays held at the end: the part
  // of the memory budget that is never spilled.
  uint64_t vocabulary_bytes = 0;
};

struct CountTextOptions {
  StoreOptions store;
  int threads = 1;              // Worker threads, >= 1.
  // The bytes counting may hold: the workers' maps take half, or less when
  // the vocabulary and the per-term arrays hold more than the other half
  // (the runs passed to CountText get the rest). 0: maps of 1024 entries.
  uint64_t memory_bytes = 0;
  size_t block_bytes = 1 << 20;
  // Called now and then with (bytes read, tokens counted).
  std::function<void(uint64_t, uint64_t)> progress;
  // IngestOptions::stop: when it becomes true, the reader and the workers
  // stop at their next block and CountText returns StoppedError().
  const std::atomic<bool>* stop = nullptr;
  // Only this byte range of the (single) input.
  ByteRange range;
  // The inputs' encoding (IngestOptions::encoding).
  std::string encoding;
};

// The least of a budget of `memory_bytes` that the pair tables of `threads`
// workers keep however large the vocabulary grows: a sixteenth of it and 4
// MiB a worker, but not more than half.
uint64_t LeastMapBytes(uint64_t memory_bytes, int threads);

// A budget, in MiB, that holds `vocabulary_bytes` beside LeastMapBytes.
uint64_t MemoryHoldingVocabularyMb(uint64_t vocabulary_bytes, int threads);

// Counts `inputs` into `runs`, assigning new terms ids through
// `vocabulary`, and fills `*counts`. Returns the first error of reading,
// tokenizing or spilling; the runs and vocabulary are then incomplete.
absl::Status CountText(const std::vector<std::string>& inputs,
                       const CountTextOptions& options, Vocabulary* vocabulary,
                       SortedRuns* runs, TextCounts* counts);

}  // namespace cooc

#endif  // COOC_SRC_TEXT_COUNTER_H_
