// Folding, step by step:
//   1. Check every part's definition against the database's, and its
//      journal entries against the database's journal and earlier parts'.
//   2. Map each part's local ids to database ids: a term the database has
//      keeps its id (one batched lookup per part); a new term gets the next
//      id, in the part's order. A part whose ids all map to themselves (the
//      first part folded into an empty database) needs no re-sorting.
//   3. Re-sort the pairs under database ids into runs per database shard
//      (in memory within the budget, spilled beyond it); the runs of a
//      single in-memory part with identity ids are used as they are.
//   4. Merge each shard's runs into the store writer (shards in parallel),
//      summing the marginals c(x,*) and c(*,y) from the merged pairs, and
//      commit pairs, vocabulary, term counts, totals and journal at once.
//   5. Maintain the store's files (CountStore::Maintain), so reads stay
//      bounded however many folds came before.

#include "fold.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cooc/ingest.h"
#include "key_format.h"
#include "label_tally.h"
#include "shard_scan.h"
#include "sorted_runs.h"
#include "status_macros.h"
#include "stop_request.h"
#include "store_writer.h"
#include "term_index_set.h"

namespace cooc {
namespace {

// The journal entries one part (or FoldOptions::journal) adds, and whose
// they are, for messages.
struct JournalGroup {
  std::string name;
  const std::vector<JournalEntry>* entries;
};

// Refuses a group one of whose inputs the database's journal, or an earlier
// group, has: its counts would be added twice.
absl::Status CheckJournal(const CountStore& store,
                          const std::vector<JournalGroup>& groups) {
  COOC_ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, store.ReadJournal());
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, std::string> seen;
  for (const JournalEntry& entry : journal) {
    if (entry.content_hash == 0) continue;
    seen.try_emplace(std::make_pair(entry.content_hash, entry.bytes),
                     absl::StrCat("in ingest ", entry.ingest, " of ",
                                  store.path(), ", as ", entry.path));
  }
  for (const JournalGroup& group : groups) {
    const std::vector<JournalEntry>& entries = *group.entries;
    for (const JournalEntry& entry : entries) {
      if (entry.content_hash == 0) continue;
      auto it = seen.find(std::make_pair(entry.content_hash, entry.bytes));
      if (it != seen.end()) {
        return absl::FailedPreconditionError(absl::StrCat(
            group.name, ": its input ", entry.path,
            " was counted before (", it->second,
            "); adding it would count that text twice (--force adds it "
            "anyway)"));
      }
    }
    for (const JournalEntry& entry : entries) {
      if (entry.content_hash == 0) continue;
      seen.try_emplace(std::make_pair(entry.content_hash, entry.bytes),
                       absl::StrCat("in ", group.name, ", as ", entry.path));
    }
  }
  return absl::OkStatus();
}

// Maps every part's ids; the terms new to the database go to `*new_terms`.
absl::StatusOr<std::vector<IdMap>> MapIds(const CountStore& store,
                                          absl::Span<CountPart* const> parts,
                                          uint64_t types_before,
                                          NewTerms* new_terms) {
  // The terms new in this fold, as their places in `*new_terms`, for the
  // parts after the first (a part's own terms are distinct, so the first
  // needs no such set).
  struct NewTermAt {
    const NewTerms* new_terms;
    absl::string_view operator()(uint32_t index) const {
      return (*new_terms)[index];
    }
  };
  TermIndexSet<NewTermAt> fresh(NewTermAt{new_terms});
  // The database's ids are looked up in batches: one MultiGet of a whole
  // vocabulary would hold a value buffer per term at once.
  constexpr size_t kLookupBatch = 4096;
  std::vector<absl::string_view> batch;
  std::vector<std::optional<uint32_t>> stored;
  std::vector<IdMap> maps(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) {
    const TermList& terms = parts[p]->header().terms;
    IdMap& map = maps[p];
    map.ids.resize(terms.size());
    for (size_t begin = 0; begin < terms.size(); begin += kLookupBatch) {
      const size_t end = std::min(terms.size(), begin + kLookupBatch);
      if (types_before > 0) {
        batch.clear();
        for (size_t i = begin; i < end; ++i) batch.push_back(terms[i]);
        COOC_ASSIGN_OR_RETURN(stored, store.LookupAll(batch));
      } else {
        stored.assign(end - begin, std::nullopt);
      }
      for (size_t i = begin; i < end; ++i) {
        uint64_t id;
        if (const std::optional<uint32_t>& known = stored[i - begin];
            known.has_value()) {
          id = *known;
          if (id >= types_before) {
            return absl::DataLossError(absl::StrCat(
                store.path(), ": term '", terms[i], "' has id ", id,
                " beyond the vocabulary size ", types_before));
          }
        } else {
          if (types_before + new_terms->size() >= 0xFFFFFFFFull) {
            return absl::ResourceExhaustedError(
                "the vocabulary would exceed 2^32 - 1 terms");
          }
          const auto add = [&] {
            return static_cast<uint32_t>(
                new_terms->Add(terms, static_cast<uint32_t>(i)));
          };
          const uint32_t index =
              parts.size() > 1 ? fresh.FindOrAdd(terms[i], add) : add();
          id = types_before + index;
        }
        map.ids[i] = static_cast<uint32_t>(id);
        map.identity &= id == i;
      }
    }
  }
  return maps;
}

// Re-sorts remapped pairs into runs per database pair family: the pair
// (x,y) into shard ShardOf(x), and with a right index also the key (y,x)
// into family shards + ShardOf(y).
class Resorter {
 public:
  Resorter(const RunSink* sink, int shards, bool right_index,
           size_t chunk_records)
      : sink_(sink),
        chunk_(chunk_records),
        shards_(shards),
        right_index_(right_index),
        buffers_(right_index ? 2 * shards : shards) {}

  absl::Status Add(uint64_t key, uint64_t count) {
    const uint32_t x = static_cast<uint32_t>(key >> 32);
    COOC_RETURN_IF_ERROR(AddTo(ShardOf(x, shards_), key, count));
    if (!right_index_) return absl::OkStatus();
    const uint32_t y = static_cast<uint32_t>(key);
    return AddTo(shards_ + ShardOf(y, shards_), (uint64_t{y} << 32) | x,
                 count);
  }

  // Ends a part: the runs of the next part are separate runs, whose equal
  // keys the merge sums.
  absl::Status FlushAll() {
    for (int shard = 0; shard < static_cast<int>(buffers_.size()); ++shard) {
      COOC_RETURN_IF_ERROR(Flush(shard));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Flush(int shard) {
    SortedRun& buffer = buffers_[shard];
    if (buffer.empty()) return absl::OkStatus();
    if (!std::is_sorted(buffer.begin(), buffer.end())) {
      std::sort(buffer.begin(), buffer.end());
    }
    COOC_RETURN_IF_ERROR((*sink_)(shard, std::move(buffer)));
    buffer = SortedRun();
    return absl::OkStatus();
  }

  absl::Status AddTo(int family, uint64_t key, uint64_t count) {
    SortedRun& buffer = buffers_[family];
    buffer.push_back({key, count});
    if (buffer.size() >= chunk_) return Flush(family);
    return absl::OkStatus();
  }

  const RunSink* sink_;
  const size_t chunk_;
  const int shards_;
  const bool right_index_;
  std::vector<SortedRun> buffers_;
};

// Merges each pair family's runs into `writer` on `threads` threads and
// returns the marginals c(x,*) (rows) and c(*,y) (columns) of the merged
// pairs by slot (of the `shards` shards; a right index's families hold the
// same pairs again). Symmetric pairs are stored in both directions, so
// their columns are their rows: `columns` is left empty, and no column is
// summed.
absl::Status WriteShards(SortedRuns& runs, int shards, StoreWriter& writer,
                         int threads, bool symmetric,
                         const FoldSlots& slots, const std::atomic<bool>* stop,
                         const std::function<void()>& shard_written,
                         std::vector<uint64_t>* rows,
                         std::vector<uint64_t>* columns) {
  threads = std::max(1, std::min(threads, runs.shards()));
  // A row x gets counts from its own shard only, so the threads share one
  // array (each writes the rows of the shards it merges); a column gets
  // counts from every shard, so each thread sums its own, added up at the
  // end. Every per-term array counts against the memory of a large
  // vocabulary, hence no more of them than that.
  rows->assign(slots.size(), 0);
  columns->clear();
  std::vector<std::vector<uint64_t>> thread_columns(symmetric ? 0 : threads);
  for (std::vector<uint64_t>& sums : thread_columns) {
    sums.assign(slots.size(), 0);
  }
  COOC_RETURN_IF_ERROR(ScanShardsOn(
      runs.shards(), threads, [&](int k, int t) -> absl::Status {
        COOC_ASSIGN_OR_RETURN(std::unique_ptr<ShardWriter> shard,
                              writer.OpenShard(k));
        const bool sums = k < shards;
        COOC_RETURN_IF_ERROR(WriteShard(
            runs, k, *shard, stop, slots,
            sums ? absl::MakeSpan(*rows) : absl::Span<uint64_t>(),
            sums && !symmetric ? absl::MakeSpan(thread_columns[t])
                               : absl::Span<uint64_t>()));
        shard_written();
        return absl::OkStatus();
      }));
  if (symmetric) return absl::OkStatus();
  *columns = std::move(thread_columns[0]);
  for (int t = 1; t < threads; ++t) {
    for (size_t slot = 0; slot < slots.size(); ++slot) {
      (*columns)[slot] += thread_columns[t][slot];
    }
    thread_columns[t] = std::vector<uint64_t>();
  }
  return absl::OkStatus();
}

// True if the fold's term counts are those of its single part, read where
// they are: its ids are the database's.
bool CountsInPlace(absl::Span<CountPart* const> parts, const FoldPlan& plan) {
  return parts.size() == 1 && plan.maps[0].identity;
}

// The bytes a fold holds besides its pairs: the parts' vocabularies and
// term counts, the plan, the slots and the sums by slot: the marginals
// WriteShards makes (one array of rows, and one of columns per thread
// unless the pairs are symmetric) and CommitFold's frequencies (token and
// document frequencies, unless a single part's are read in place).
uint64_t FoldMemoryBytes(absl::Span<CountPart* const> parts,
                         const FoldPlan& plan, const FoldSlots& slots,
                         int threads, bool symmetric) {
  const uint64_t sum_arrays =
      1 + (symmetric ? 0 : static_cast<uint64_t>(std::max(1, threads))) +
      (CountsInPlace(parts, plan) ? 0 : 2);
  uint64_t bytes = plan.new_terms.MemoryBytes() + slots.MemoryBytes() +
                   slots.size() * sizeof(uint64_t) * sum_arrays;
  for (size_t p = 0; p < parts.size(); ++p) {
    const PartHeader& header = parts[p]->header();
    bytes += header.terms.MemoryBytes() +
             (header.frequencies.capacity() +
              header.document_frequencies.capacity()) * sizeof(uint64_t) +
             plan.maps[p].ids.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace

absl::StatusOr<FoldPlan> PlanFold(const CountStore& store,
                                  absl::Span<CountPart* const> parts,
                                  const FoldOptions& options) {
  const StoreOptions& definition = store.options();
  for (CountPart* part : parts) {
    COOC_RETURN_IF_ERROR(CheckSameDefinition(
        definition, part->header().definition, part->name()));
  }
  if (!options.force) {
    std::vector<JournalGroup> groups;
    if (options.journal != nullptr) {
      groups.push_back({"this ingest", options.journal});
    } else {
      for (CountPart* part : parts) {
        groups.push_back({part->name(), &part->header().journal});
      }
    }
    COOC_RETURN_IF_ERROR(CheckJournal(store, groups));
  }
  COOC_ASSIGN_OR_RETURN(Totals before, store.ReadTotals());
  FoldPlan plan;
  COOC_ASSIGN_OR_RETURN(plan.maps,
                        MapIds(store, parts, before.types, &plan.new_terms));
  plan.types_after = before.types + plan.new_terms.size();
  return plan;
}

size_t ResortChunkRecords(uint64_t memory_mb, int shards) {
  return std::max<size_t>(size_t{1} << 16, (memory_mb << 20) / 4 / shards /
                                               sizeof(KeyCount));
}

absl::Status ResortPart(CountPart& part, absl::Span<const uint32_t> ids,
                        int shards, bool right_index, size_t chunk_records,
                        const std::atomic<bool>* stop, const RunSink& sink) {
  if (ids.size() != part.header().terms.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        part.name(), " has ", part.header().terms.size(), " terms; the id map ",
        ids.size()));
  }
  Resorter resorter(&sink, shards, right_index, chunk_records);
  // Every id is below the part's vocabulary size (a part checks its pairs
  // as it reads them).
  COOC_RETURN_IF_ERROR(part.ReadPairs(
      [&](int, absl::Span<const KeyCount> batch) -> absl::Status {
        if (StopRequested(stop)) return StoppedError();
        for (const KeyCount& record : batch) {
          COOC_RETURN_IF_ERROR(resorter.Add(
              (uint64_t{ids[record.key >> 32]} << 32) |
                  ids[record.key & 0xFFFFFFFFu],
              record.count));
        }
        return absl::OkStatus();
      }));
  return resorter.FlushAll();
}

FoldSlots SlotsOf(const FoldPlan& plan) {
  std::vector<absl::Span<const uint32_t>> id_lists;
  for (const IdMap& map : plan.maps) id_lists.push_back(map.ids);
  return FoldSlots::Of(id_lists, plan.types_after);
}

absl::Status WriteShard(SortedRuns& runs, int shard, ShardWriter& writer,
                        const std::atomic<bool>* stop, const FoldSlots& slots,
                        absl::Span<uint64_t> rows,
                        absl::Span<uint64_t> columns) {
  // The pairs come by x, so a row's sum is kept here until x changes: the
  // rows array is written once per row (other threads write the rows of
  // other shards, which share its cache lines), and x's slot found once.
  const size_t no_slot = slots.size();
  uint64_t row = ~uint64_t{0}, row_sum = 0;  // No row yet.
  size_t row_slot = no_slot;
  const auto end_row = [&] {
    if (row_sum > 0) rows[row_slot] += row_sum;
    row_sum = 0;
  };
  const auto beyond = [] {
    return absl::DataLossError(
        "a re-sorted pair's id is not among the fold's terms");
  };
  COOC_RETURN_IF_ERROR(
      runs.Merge(shard, [&](absl::Span<const KeyCount> batch) {
        for (const KeyCount& record : batch) {
          if (!rows.empty()) {  // Else keys of a right index: no sums.
            const uint32_t x = static_cast<uint32_t>(record.key >> 32);
            const uint32_t y = static_cast<uint32_t>(record.key);
            if (x != row) {
              end_row();
              row = x;
              row_slot = slots.SlotOf(x);
              if (row_slot == no_slot) return beyond();
            }
            row_sum += record.count;
            if (!columns.empty()) {
              const size_t y_slot = slots.SlotOf(y);
              if (y_slot == no_slot) return beyond();
              columns[y_slot] += record.count;
            } else if (y >= slots.types()) {  // Its own row checks the slot.
              return beyond();
            }
          }
          COOC_RETURN_IF_ERROR(writer.Add(record.key, record.count));
        }
        return absl::OkStatus();
      }, stop));
  if (!rows.empty()) end_row();
  return writer.Finish();
}

absl::Status CommitFold(CountStore& store, StoreWriter& writer,
                        absl::Span<CountPart* const> parts,
                        const FoldPlan& plan, const FoldSlots& slots,
                        absl::Span<const uint64_t> rows,
                        absl::Span<const uint64_t> columns,
                        const FoldOptions& options) {
  const StoreOptions& definition = store.options();
  const uint64_t types_after = plan.types_after;
  // Term counts, totals and journal of all parts. The term counts of a
  // single part whose ids are the database's are read where they are;
  // otherwise they are summed under database ids (the document frequencies
  // only where they are the marginals).
  // Sums are kept by slot; a single part with the database's ids has local
  // id = database id = slot (its ids are 0..n-1, every one a slot).
  const bool by_documents = definition.unit != CountingUnit::kWindow;
  const bool in_place = CountsInPlace(parts, plan);
  std::vector<uint64_t> summed_frequencies;
  std::vector<uint64_t> summed_document_frequencies;
  if (!in_place) {
    summed_frequencies.assign(slots.size(), 0);
    if (by_documents) summed_document_frequencies.assign(slots.size(), 0);
  }
  Totals increments;
  std::vector<JournalEntry> journal;
  const bool labelled = definition.labels != LabelMode::kNone;
  LabelTally labels;
  for (size_t p = 0; p < parts.size(); ++p) {
    const PartHeader& header = parts[p]->header();
    const std::vector<uint32_t>& ids = plan.maps[p].ids;
    if (labelled) {
      if (absl::Status added = labels.Add(header.labels, ids); !added.ok()) {
        return absl::DataLossError(
            absl::StrCat(parts[p]->name(), ": ", added.message()));
      }
    }
    if (!in_place) {
      for (size_t i = 0; i < ids.size(); ++i) {
        const size_t slot = slots.SlotOf(ids[i]);
        if (slot == slots.size()) {
          return absl::InternalError("a part's term is not among the slots");
        }
        summed_frequencies[slot] += header.frequencies[i];
        if (by_documents && i < header.document_frequencies.size()) {
          summed_document_frequencies[slot] += header.document_frequencies[i];
        }
      }
    }
    if (options.journal == nullptr) {
      for (JournalEntry entry : header.journal) {
        entry.ingest += increments.ingests;  // Numbered after earlier parts'.
        journal.push_back(std::move(entry));
      }
    }
    increments.tokens += header.tokens;
    increments.lines += header.lines;
    increments.pair_events += header.pair_events;
    increments.invalid_utf8 += header.invalid_utf8;
    increments.ingests += header.ingests;
    increments.unit_cuts += header.unit_cuts;
  }
  if (options.journal != nullptr) {  // The parts are pieces of one ingest.
    increments.ingests = 1;
    for (JournalEntry entry : *options.journal) {
      entry.ingest = 1;
      journal.push_back(std::move(entry));
    }
  }
  const absl::Span<const uint64_t> frequencies =
      in_place ? absl::MakeConstSpan(parts[0]->header().frequencies)
               : absl::MakeConstSpan(summed_frequencies);
  const absl::Span<const uint64_t> document_frequencies =
      in_place ? absl::MakeConstSpan(parts[0]->header().document_frequencies)
               : absl::MakeConstSpan(summed_document_frequencies);
  const auto at = [](absl::Span<const uint64_t> counts, size_t slot) {
    return slot < counts.size() ? counts[slot] : uint64_t{0};
  };
  size_t next_slot = 0;
  const auto next_term_counts = [&](uint32_t* id, TermCounts* counts) {
    for (; next_slot < slots.size(); ++next_slot) {
      const uint64_t frequency = at(frequencies, next_slot);
      if (frequency == 0) continue;  // Every paired id occurred.
      *id = slots.id(next_slot);
      if (by_documents) {  // Marginals are document frequencies.
        const uint64_t df = at(document_frequencies, next_slot);
        *counts = {frequency, df, df};
      } else {
        *counts = {frequency, at(rows, next_slot), at(columns, next_slot)};
      }
      ++next_slot;
      return true;
    }
    return false;
  };
  // The last moment a stop leaves the database unchanged: after it, the
  // commit is whole or (after a crash) absent.
  if (StopRequested(options.stop)) return StoppedError();
  if (options.steps) options.steps(IngestPhase::kCommitting, 0, 0);
  const LabelCounts label_counts =
      labelled ? labels.Take(types_after) : LabelCounts();
  COOC_RETURN_IF_ERROR(writer.Commit(plan.new_terms, next_term_counts,
                                     increments, journal,
                                     labelled ? &label_counts : nullptr));
  // Keeps the files a read merges bounded (count_store.h); the commit above
  // stands whatever happens here, and a later commit maintains again.
  if (options.steps) options.steps(IngestPhase::kMaintaining, 0, 0);
  return store.Maintain();
}

absl::StatusOr<FoldSummary> FoldParts(CountStore& store,
                                      absl::Span<CountPart* const> parts,
                                      const FoldOptions& options) {
  const StoreOptions& definition = store.options();
  COOC_ASSIGN_OR_RETURN(const FoldPlan plan,
                        PlanFold(store, parts, options));

  // The pairs under database ids, as runs per pair family. A part counted
  // in memory whose ids are the database's is folded as it is, unless the
  // right index needs its pairs by right word too.
  const int families = PairFamilies(definition);
  SortedRuns resorted(families, options.spill_dir,
                      (options.memory_mb << 20) / 2);
  // The parts' vocabularies and the plan take their bytes from the runs'
  // share of the budget (as the vocabulary does while text is counted).
  const bool symmetric = definition.mode == PairMode::kSymmetric;
  const FoldSlots slots = SlotsOf(plan);
  const uint64_t vocabulary_bytes =
      FoldMemoryBytes(parts, plan, slots, options.threads, symmetric);
  resorted.SetHeldElsewhere(vocabulary_bytes);
  SortedRuns* runs = &resorted;
  if (CountsInPlace(parts, plan) && !definition.right_index &&
      parts[0]->runs() != nullptr) {
    runs = parts[0]->runs();
  } else {
    const size_t chunk = ResortChunkRecords(options.memory_mb, families);
    const RunSink sink = [&resorted](int shard, SortedRun run) {
      return resorted.Add(shard, std::move(run));
    };
    if (options.steps) options.steps(IngestPhase::kResorting, 0, parts.size());
    for (size_t p = 0; p < parts.size(); ++p) {
      COOC_RETURN_IF_ERROR(ResortPart(*parts[p], plan.maps[p].ids,
                                      definition.shards, definition.right_index,
                                      chunk, options.stop, sink));
      if (options.progress) options.progress(p + 1);
      if (options.steps) {
        options.steps(IngestPhase::kResorting, p + 1, parts.size());
      }
    }
  }

  COOC_ASSIGN_OR_RETURN(std::unique_ptr<StoreWriter> writer, store.NewWriter());
  std::vector<uint64_t> rows;
  std::vector<uint64_t> columns;
  // Progress: shards written of the shards, told one thread at a time.
  absl::Mutex progress_mu;
  uint64_t shards_written = 0;
  if (options.steps) options.steps(IngestPhase::kWriting, 0, families);
  COOC_RETURN_IF_ERROR(WriteShards(
      *runs, definition.shards, *writer, std::max(1, options.threads),
      symmetric, slots, options.stop,
      [&] {
        absl::MutexLock lock(&progress_mu);
        ++shards_written;
        if (options.steps) {
          options.steps(IngestPhase::kWriting, shards_written, families);
        }
      },
      &rows, &columns));
  COOC_RETURN_IF_ERROR(CommitFold(store, *writer, parts, plan, slots, rows,
                                  symmetric ? rows : columns, options));
  FoldSummary summary;
  summary.new_types = plan.new_terms.size();
  summary.spilled_bytes = resorted.spilled_bytes();
  summary.vocabulary_bytes = vocabulary_bytes;
  // Beside the vocabularies, the re-sorted runs kept in memory take what
  // is left of half the budget, and the re-sorting buffers a quarter
  // (ResortChunkRecords): the fold held at most the larger of the two
  // plus the buffers, within M once M >= 4/3 of the vocabularies (M >= them
  // without re-sorting).
  const bool resorting = runs == &resorted;
  const uint64_t needed_bytes =
      resorting ? vocabulary_bytes / 3 * 4 + 4 : vocabulary_bytes;
  if (needed_bytes > (options.memory_mb << 20)) {
    constexpr uint64_t kMiB = uint64_t{1} << 20;
    summary.memory_needed_mb = (needed_bytes + kMiB - 1) / kMiB;
  }
  return summary;
}

}  // namespace cooc
