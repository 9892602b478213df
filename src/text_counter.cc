// Threads and their hand-offs:
//
// The calling thread fills TextBlocks from a BlockReader and queues them
// (at most 2 per worker, so memory does not grow with the input). A worker
// takes a block and tokenizes it, giving each distinct term of the block a
// local id in order of first appearance. Then it waits for its turn: block
// i is mapped to vocabulary ids only after block i-1, under the mutex, by
// looking up each distinct local term once. In the same turn the worker
// takes the "carry" of block i-1, the last `window` ids of a line that
// block i-1 left unfinished, and leaves its own carry for block i+1. Outside
// the lock it counts the block's pairs, starting its first line from the
// carry, so windows span block boundaries exactly as they would in one pass.

#include "text_counter.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "block_reader.h"
#include "cooc/ingest.h"
#include "cooc/tokenizer.h"
#include "growing_counts.h"
#include "out_of_memory.h"
#include "label_tally.h"
#include "pair_counter.h"
#include "sentence_splitter.h"
#include "status_macros.h"
#include "stop_request.h"

namespace cooc {
namespace {

// A block's tokens as block-local term ids.
struct LocalTokens {
  absl::flat_hash_map<std::string, uint32_t> ids;
  std::vector<std::string> terms;   // By local id.
  std::vector<uint32_t> tokens;     // Local ids in text order.
  std::vector<uint32_t> occurrences;  // Tokens of each local id.
  // For each piece: the end of its tokens in `tokens`, and whether it ends
  // its line.
  std::vector<std::pair<size_t, bool>> pieces;
  std::vector<std::string> scratch;  // Tokenizer output, reused.
  // Labelled text: the lines that begin in the block, each with the entry
  // of `pieces` its tokens start at and its labels, label_names[begin,
  // end). A line without tokens (label-only) starts at the same entry as
  // the next line.
  struct LineStart {
    size_t piece = 0;
    size_t begin = 0;
    size_t end = 0;
  };
  std::vector<LineStart> line_starts;
  std::vector<std::string> label_names;

  void Clear() {
    ids.clear();
    terms.clear();
    tokens.clear();
    occurrences.clear();
    pieces.clear();
    line_starts.clear();
    label_names.clear();
  }

  // Tokenizes `block`. With a `splitter` (sentence units), each sentence
  // becomes an entry of `pieces` that ends its unit, except a last sentence
  // whose line goes on in the next piece. Under a `labels` mode, each line
  // loses its labels first (SplitLabels, whose errors it returns).
  absl::Status Tokenize(Tokenizer& tokenizer, const TextBlock& block,
                        SentenceSplitter* splitter, LabelMode labels) {
    Clear();
    for (const TextBlock::Piece& piece : block.pieces) {
      absl::string_view text = block.piece_text(piece);
      if (labels != LabelMode::kNone && piece.begins_line) {
        const size_t begin = label_names.size();
        COOC_RETURN_IF_ERROR(SplitLabels(labels, &text, &label_names));
        line_starts.push_back({pieces.size(), begin, label_names.size()});
      }
      if (splitter == nullptr) {
        Append(tokenizer, text, piece.ends_line);
        continue;
      }
      splitter->Split(text, &sentences);
      for (size_t i = 0; i < sentences.size(); ++i) {
        const bool last = i + 1 == sentences.size();
        Append(tokenizer, sentences[i], !last || piece.ends_line);
      }
    }
    return absl::OkStatus();
  }

  // Counts the block's labelled documents into `tally`, each token's term
  // being ids[local id]: in block order, so that a line going on from the
  // block before keeps its labels.
  void CountLabels(absl::Span<const uint32_t> ids, LabelTally& tally) const {
    size_t t = 0;
    size_t next = 0;
    const auto start_lines = [&](size_t piece) {
      for (; next < line_starts.size() && line_starts[next].piece == piece;
           ++next) {
        const LineStart& line = line_starts[next];
        tally.StartLine(absl::Span<const std::string>(
            label_names.data() + line.begin, line.end - line.begin));
      }
    };
    for (size_t p = 0; p < pieces.size(); ++p) {
      start_lines(p);
      for (; t < pieces[p].first; ++t) tally.See(ids[tokens[t]]);
    }
    start_lines(pieces.size());
  }

 private:
  void Append(Tokenizer& tokenizer, absl::string_view text, bool ends) {
    tokenizer.Tokenize(text, &scratch);
    for (const std::string& token : scratch) {
      auto [it, inserted] =
          ids.try_emplace(token, static_cast<uint32_t>(terms.size()));
      if (inserted) {
        terms.push_back(token);
        occurrences.push_back(0);
      }
      tokens.push_back(it->second);
      ++occurrences[it->second];
    }
    pieces.emplace_back(tokens.size(), ends);
  }

  std::vector<absl::string_view> sentences;
};

class Pipeline {
 public:
  Pipeline(const CountTextOptions& options, Vocabulary* vocabulary,
           SortedRuns* runs)
      : options_(options),
        vocabulary_(vocabulary),
        runs_(runs),
        map_entries_(MapEntriesPerWorker(0)) {}

  absl::Status Run(const std::vector<std::string>& inputs, TextCounts* counts);

 private:
  // Returns the next block to count, or null when there is none (the input
  // is exhausted or an error stopped the work).
  std::unique_ptr<TextBlock> Take();
  void Recycle(std::unique_ptr<TextBlock> block);
  void Fail(absl::Status status);
  absl::Status Work(Tokenizer& tokenizer, SentenceSplitter* splitter,
                    PairCounter& counter);
  bool Stopped() const {
    return StopRequested(options_.stop);
  }
  // Reads blocks from `reader` into the queue until the input ends or an
  // error stops the work; counts the lines read into `*lines`.
  absl::Status Feed(BlockReader& reader, int threads, uint64_t* lines);
  // Each worker's map limit while the vocabulary and the per-term arrays
  // hold `held` bytes: the maps share half of the budget, or what `held`
  // leaves of it when that is less, but at least LeastMapBytes (a
  // vocabulary that alone outgrows the rest takes the process past it).
  size_t MapEntriesPerWorker(uint64_t held) const;
  // Maps `local` to vocabulary ids in block order; returns false on error.
  bool Map(uint64_t index, const LocalTokens& local, const TextBlock::Piece&,
           std::vector<uint32_t>* ids, std::vector<uint32_t>* carry_in);

  const CountTextOptions& options_;
  Vocabulary* vocabulary_;
  SortedRuns* runs_;
  std::atomic<uint64_t> tokens_{0};
  // MapEntriesPerWorker of what the vocabulary held at the last Map.
  std::atomic<size_t> map_entries_;

  absl::Mutex mu_;
  std::deque<std::unique_ptr<TextBlock>> queue_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<TextBlock>> free_ ABSL_GUARDED_BY(mu_);
  bool input_done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  uint64_t next_to_map_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<uint32_t> carry_ ABSL_GUARDED_BY(mu_);
  GrowingCounts frequencies_ ABSL_GUARDED_BY(mu_);  // f(x) by id.
  LabelTally labels_ ABSL_GUARDED_BY(mu_);
  uint64_t vocabulary_bytes_ ABSL_GUARDED_BY(mu_) = 0;  // At the last Map.
};

std::unique_ptr<TextBlock> Pipeline::Take() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](Pipeline* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        return !p->queue_.empty() || p->input_done_ || !p->error_.ok();
      },
      this));
  if (!error_.ok() || queue_.empty()) return nullptr;
  std::unique_ptr<TextBlock> block = std::move(queue_.front());
  queue_.pop_front();
  return block;
}

void Pipeline::Recycle(std::unique_ptr<TextBlock> block) {
  absl::MutexLock lock(&mu_);
  free_.push_back(std::move(block));
}

void Pipeline::Fail(absl::Status status) {
  absl::MutexLock lock(&mu_);
  if (error_.ok()) error_ = std::move(status);
}

size_t Pipeline::MapEntriesPerWorker(uint64_t held) const {
  const uint64_t threads = static_cast<uint64_t>(std::max(1, options_.threads));
  const uint64_t budget = options_.memory_bytes;
  const uint64_t least = LeastMapBytes(budget, options_.threads);
  const uint64_t left = budget > held ? budget - held : 0;
  const uint64_t maps = std::max(least, std::min(budget / 2, left));
  return PairCounter::MaxEntriesWithin(maps / threads, options_.store.mode);
}

bool Pipeline::Map(uint64_t index, const LocalTokens& local,
                   const TextBlock::Piece& last_piece,
                   std::vector<uint32_t>* ids, std::vector<uint32_t>* carry_in) {
  std::pair<Pipeline*, uint64_t> turn(this, index);
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::pair<Pipeline*, uint64_t>* turn)
          ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return turn->first->next_to_map_ == turn->second ||
                   !turn->first->error_.ok();
          },
      &turn));
  if (!error_.ok()) return false;
  ids->clear();
  for (const std::string& term : local.terms) {
    ids->push_back(vocabulary_->IdOf(term));
  }
  // f(x), counted here once for every worker (one array, not one each).
  frequencies_.Grow(vocabulary_->size());
  for (size_t i = 0; i < ids->size(); ++i) {
    frequencies_[(*ids)[i]] += local.occurrences[i];
  }
  // The vocabulary and the per-term arrays take their bytes from the runs'
  // share of the budget, so a text of millions of types spills its runs
  // rather than outgrowing the budget (and then from the maps' share).
  // Besides f(x): per worker and term, 4 bytes while its map spills
  // (PairCounter) and, under units, its document frequencies (12).
  const uint64_t per_worker_term =
      (options_.store.unit == CountingUnit::kWindow ? 0 : 12) + 4;
  const uint64_t held =
      vocabulary_->MemoryBytes() + frequencies_.MemoryBytes() +
      vocabulary_->size() * per_worker_term *
          static_cast<uint64_t>(std::max(1, options_.threads));
  runs_->SetHeldElsewhere(held);
  vocabulary_bytes_ = held;
  map_entries_.store(MapEntriesPerWorker(held), std::memory_order_relaxed);
  if (options_.store.labels != LabelMode::kNone) {
    local.CountLabels(*ids, labels_);
  }
  carry_in->assign(carry_.begin(), carry_.end());
  if (last_piece.ends_line) {
    carry_.clear();
  } else {
    // The unfinished last line: its tokens in this block, after the carry
    // if the line also began before this block.
    size_t line_start = 0;
    for (const auto& [end, ends_line] : local.pieces) {
      if (ends_line) line_start = end;
    }
    const bool began_earlier =
        std::none_of(local.pieces.begin(), local.pieces.end(),
                     [](const auto& piece) { return piece.second; });
    std::vector<uint32_t> tail;
    if (began_earlier) tail = carry_;
    for (size_t t = line_start; t < local.tokens.size(); ++t) {
      tail.push_back((*ids)[local.tokens[t]]);
    }
    const size_t window = static_cast<size_t>(options_.store.window);
    const size_t keep = std::min(window, tail.size());
    carry_.assign(tail.end() - keep, tail.end());
  }
  ++next_to_map_;
  return true;
}

absl::Status Pipeline::Work(Tokenizer& tokenizer, SentenceSplitter* splitter,
                            PairCounter& counter) {
  const bool windows = options_.store.unit == CountingUnit::kWindow;
  LocalTokens local;
  std::vector<uint32_t> ids;
  std::vector<uint32_t> carry;
  while (std::unique_ptr<TextBlock> block = Take()) {
    if (Stopped()) return StoppedError();
    if (absl::Status tokenized = local.Tokenize(tokenizer, *block, splitter,
                                                options_.store.labels);
        !tokenized.ok()) {
      return tokenized;
    }
    const uint64_t index = block->index;
    const TextBlock::Piece last_piece = block->pieces.back();
    Recycle(std::move(block));
    if (!Map(index, local, last_piece, &ids, &carry)) break;
    counter.set_max_entries(map_entries_.load(std::memory_order_relaxed));
    // Runs kept in memory give way to a vocabulary grown since.
    COOC_RETURN_IF_ERROR(runs_->SpillExcess());
    tokens_.fetch_add(local.tokens.size(), std::memory_order_relaxed);
    size_t t = 0;
    if (windows) {
      counter.ContinueLine(carry);
      for (const auto& [end, ends_line] : local.pieces) {
        // A block can hold more new pairs than the map has room for, so the
        // limit is checked after every token.
        for (; t < end; ++t) {
          counter.Add(ids[local.tokens[t]]);
          if (counter.full()) COOC_RETURN_IF_ERROR(counter.SpillTo(runs_));
        }
        if (ends_line) counter.EndLine();
      }
    } else {
      // A unit left open by this worker's previous block (a line longer than
      // a piece that went on in a block counted elsewhere) ends here.
      counter.EndUnit();
      for (const auto& [end, ends_unit] : local.pieces) {
        // A unit makes up to max_unit_tokens^2 / 2 pairs when it ends (or
        // is cut), so the budget is checked after every token, not only
        // once per block as windows can afford.
        for (; t < end; ++t) {
          counter.AddToUnit(ids[local.tokens[t]]);
          if (counter.full()) COOC_RETURN_IF_ERROR(counter.SpillTo(runs_));
        }
        if (ends_unit) counter.EndUnit();
      }
    }
    if (counter.full()) COOC_RETURN_IF_ERROR(counter.SpillTo(runs_));
  }
  if (!windows) counter.EndUnit();
  return counter.SpillAndRelease(runs_);
}

absl::Status Pipeline::Feed(BlockReader& reader, int threads,
                            uint64_t* lines) {
  const size_t max_queued = 2 * static_cast<size_t>(threads);
  while (true) {
    if (Stopped()) return StoppedError();
    std::unique_ptr<TextBlock> block;
    {
      std::pair<Pipeline*, size_t> room(this, max_queued);
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](std::pair<Pipeline*, size_t>* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
            return p->first->queue_.size() < p->second ||
                   !p->first->error_.ok();
          },
          &room));
      if (!error_.ok()) break;
      if (!free_.empty()) {
        block = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (block == nullptr) block = std::make_unique<TextBlock>();
    absl::StatusOr<bool> more = reader.Next(block.get());
    if (!more.ok()) return more.status();
    if (!*more) break;
    for (const TextBlock::Piece& piece : block->pieces) {
      *lines += piece.ends_line;
    }
    {
      absl::MutexLock lock(&mu_);
      queue_.push_back(std::move(block));
    }
    if (options_.progress) {
      options_.progress(reader.bytes_read(),
                        tokens_.load(std::memory_order_relaxed));
    }
  }
  return absl::OkStatus();
}

absl::Status Pipeline::Run(const std::vector<std::string>& inputs,
                           TextCounts* counts) {
  const int threads = std::max(1, options_.threads);
  std::vector<std::unique_ptr<Tokenizer>> tokenizers;
  std::vector<std::unique_ptr<SentenceSplitter>> splitters(threads);
  std::vector<std::unique_ptr<PairCounter>> counters;
  for (int i = 0; i < threads; ++i) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                          Tokenizer::Create(options_.store.tokenizer));
    tokenizers.push_back(std::move(tokenizer));
    if (options_.store.unit == CountingUnit::kSentence) {
      COOC_ASSIGN_OR_RETURN(splitters[i], SentenceSplitter::Create());
    }
    counters.push_back(std::make_unique<PairCounter>(
        options_.store, map_entries_.load(std::memory_order_relaxed)));
  }
  // SIGINT and SIGTERM go to the calling thread, not to a worker: that
  // interrupts a read(2) it is blocked in, so a stop is seen there too.
  sigset_t interrupts, previous;
  sigemptyset(&interrupts);
  sigaddset(&interrupts, SIGINT);
  sigaddset(&interrupts, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &interrupts, &previous);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([this, &tokenizers, &splitters, &counters, i] {
      absl::Status status = CatchOutOfMemory("counting", [&] {
        return Work(*tokenizers[i], splitters[i].get(), *counters[i]);
      });
      if (!status.ok()) Fail(std::move(status));
    });
  }

  pthread_sigmask(SIG_SETMASK, &previous, nullptr);

  BlockReader reader(inputs, options_.block_bytes,
                     BlockReader::EmptyInput::kRefuse, options_.range,
                     options_.encoding);
  if (options_.progress) {
    reader.set_on_piece([this](uint64_t bytes) {
      options_.progress(bytes, tokens_.load(std::memory_order_relaxed));
    });
  }
  uint64_t lines = 0;
  // The workers must be joined whatever happens here (a joinable thread's
  // destructor ends the process), so running out of memory is a Status.
  absl::Status read = CatchOutOfMemory("reading", [&] {
    return Feed(reader, threads, &lines);
  });
  if (!read.ok()) Fail(std::move(read));
  {
    absl::MutexLock lock(&mu_);
    input_done_ = true;
  }
  for (std::thread& worker : workers) worker.join();
  {
    absl::MutexLock lock(&mu_);
    COOC_RETURN_IF_ERROR(error_);
  }

  counts->bytes = reader.bytes_read();
  counts->input_bytes = reader.input_bytes();
  counts->invalid_utf8 = reader.substitutions();
  counts->lines = lines;
  {
    absl::MutexLock lock(&mu_);
    counts->frequencies = frequencies_.Take();
    counts->vocabulary_bytes = vocabulary_bytes_;
  }
  // The workers' document frequencies are summed into the first worker's
  // array, each given back once added: no more per-term arrays at once
  // than during the count.
  const auto sum_into = [&](std::vector<uint64_t>& total,
                            std::vector<uint64_t> more) {
    if (more.size() > total.size()) total.swap(more);
    for (size_t id = 0; id < more.size(); ++id) total[id] += more[id];
  };
  const bool units = options_.store.unit != CountingUnit::kWindow;
  if (units) {
    for (int i = 0; i < threads; ++i) {
      sum_into(counts->document_frequencies,
               counters[i]->TakeDocumentFrequencies());
    }
  }
  counts->frequencies.resize(vocabulary_->size(), 0);
  if (units) counts->document_frequencies.resize(vocabulary_->size(), 0);
  for (int i = 0; i < threads; ++i) {
    counts->tokens += counters[i]->tokens();
    counts->pair_events += counters[i]->pair_events();
    counts->invalid_utf8 += tokenizers[i]->invalid_utf8_count();
    counts->unit_cuts += counters[i]->unit_cuts();
  }
  if (options_.store.labels != LabelMode::kNone) {
    absl::MutexLock lock(&mu_);
    counts->labels = labels_.Take(vocabulary_->size());
  }
  if (options_.progress) options_.progress(counts->bytes, counts->tokens);
  return absl::OkStatus();
}

}  // namespace

uint64_t LeastMapBytes(uint64_t memory_bytes, int threads) {
  // Below 4 MiB a worker's table spills so often that the spills cost more
  // than the memory they save.
  constexpr uint64_t kLeastWorkerBytes = uint64_t{4} << 20;
  const uint64_t workers = static_cast<uint64_t>(std::max(1, threads));
  return std::min(memory_bytes / 2,
                  std::max(memory_bytes / 16, workers * kLeastWorkerBytes));
}

uint64_t MemoryHoldingVocabularyMb(uint64_t vocabulary_bytes, int threads) {
  // M - LeastMapBytes(M) >= v holds once M >= 16/15 v and M >= v + 4 MiB a
  // worker (LeastMapBytes is at most the larger of M/16 and that).
  constexpr uint64_t kMiB = uint64_t{1} << 20;
  const uint64_t workers = static_cast<uint64_t>(std::max(1, threads));
  const uint64_t bytes = std::max(vocabulary_bytes / 15 * 16 + 16,
                                  vocabulary_bytes + workers * 4 * kMiB);
  return (bytes + kMiB - 1) / kMiB;
}

absl::Status CountText(const std::vector<std::string>& inputs,
                       const CountTextOptions& options, Vocabulary* vocabulary,
                       SortedRuns* runs, TextCounts* counts) {
  Pipeline pipeline(options, vocabulary, runs);
  return pipeline.Run(inputs, counts);
}

}  // namespace cooc
