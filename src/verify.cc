// VerifyStore reads the vocabulary both ways, then the marginals, then the
// pairs one shard per core (ScanShards), then the journal. The pair scan
// keeps per shard only its tallies and problems, and per id two atomic
// sums (rows and columns): memory in proportion to the vocabulary, never
// to the pairs. Every check compares records with each other, or with
// bounds that the way text is counted implies; none trusts one record to
// vouch for another's value beyond the definition in the meta record,
// whose checksum is checked on every open.
#include "cooc/verify.h"

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "shard_scan.h"
#include "status_macros.h"
#include "symlink_target.h"

namespace cooc {
namespace {

class ProblemList {
 public:
  ProblemList(VerifyReport* report, size_t limit)
      : report_(report), limit_(limit) {}

  void Add(std::string check, std::string subject, std::string expected,
           std::string found) {
    ++report_->problem_count;
    if (report_->problems.size() < limit_) {
      report_->problems.push_back({std::move(check), std::move(subject),
                                   std::move(expected), std::move(found)});
    }
  }

  // Counts `n` problems found but not listed.
  void CountUnlisted(uint64_t n) { report_->problem_count += n; }

  // Adds a problem unless `expected == found`.
  void Expect(absl::string_view check, absl::string_view subject,
              uint64_t expected, uint64_t found) {
    if (expected != found) {
      Add(std::string(check), std::string(subject), absl::StrCat(expected),
          absl::StrCat(found));
    }
  }

 private:
  VerifyReport* report_;
  size_t limit_;
};

// A hash of the unordered pair {x, y} (x < y) with its count, summed over
// each half of a symmetric store to compare the halves in one pass.
uint64_t SymmetryHash(uint32_t x, uint32_t y, uint64_t count) {
  uint64_t h = (uint64_t{x} << 32 | y) ^ (count * 0x9e3779b97f4a7c15ULL);
  h ^= h >> 30;  // splitmix64's finalizer.
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::string IdSubject(uint32_t id, absl::string_view term) {
  return absl::StrCat("id ", id, " '", term, "'");
}

// The label counts of a labelled database against each other and the
// totals (verify.h).
absl::Status CheckLabelCounts(const CountStore& store, const Totals& totals,
                              ProblemList& problems) {
  COOC_ASSIGN_OR_RETURN(const LabelCounts labels, store.ReadLabelCounts());
  COOC_ASSIGN_OR_RETURN(const std::vector<TermCounts> counts,
                        store.AllCounts());
  const auto at_most = [&](absl::string_view subject, uint64_t value,
                           absl::string_view bound_name, uint64_t bound) {
    if (value > bound) {
      problems.Add("labels", std::string(subject),
                   absl::StrCat("at most ", bound_name, " = ", bound),
                   absl::StrCat(value));
    }
  };
  at_most("labelled documents", labels.documents, "lines", totals.lines);
  uint64_t label_sum = 0;
  for (size_t l = 0; l < labels.labels.size(); ++l) {
    label_sum += labels.label_documents[l];
    at_most(absl::StrCat("documents of label '", labels.labels[l], "'"),
            labels.label_documents[l], "labelled documents", labels.documents);
  }
  at_most("labelled documents", labels.documents, "the sum over labels",
          label_sum);
  std::vector<uint64_t> sums(labels.term_documents.size(), 0);
  for (const LabelCounts::TermLabel& entry : labels.term_label_documents) {
    const std::string subject =
        absl::StrCat("documents of label '", labels.labels[entry.label],
                     "' with term id ", entry.term);
    at_most(subject, entry.documents, "the label's documents",
            labels.label_documents[entry.label]);
    at_most(subject, entry.documents, "the term's labelled documents",
            labels.term_documents[entry.term]);
    sums[entry.term] += entry.documents;
  }
  for (size_t id = 0; id < labels.term_documents.size(); ++id) {
    const std::string subject =
        absl::StrCat("labelled documents with term id ", id);
    at_most(subject, labels.term_documents[id], "labelled documents",
            labels.documents);
    at_most(subject, labels.term_documents[id], "the sum over labels",
            sums[id]);
    if (id < counts.size()) {
      at_most(subject, labels.term_documents[id], "its token frequency",
              counts[id].frequency);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VerifyReport> VerifyStore(const CountStore& store,
                                         const VerifyOptions& options) {
  COOC_RETURN_IF_ERROR(store.VerifyFiles());

  VerifyReport report;
  ProblemList problems(&report, options.max_problems);
  COOC_ASSIGN_OR_RETURN(const Totals totals, store.ReadTotals());
  const bool window = store.options().unit == CountingUnit::kWindow;
  const bool symmetric = store.options().mode == PairMode::kSymmetric;
  const uint64_t types = totals.types;

  // Vocabulary: term -> id agrees with id -> term, and ids are dense.
  uint64_t vocabulary_size = 0;
  absl::Status term_status;
  {
    TermCursor cursor = store.Terms();
    std::vector<TermEntry> batch(1024);
    while (term_status.ok()) {
      COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
      if (n == 0) break;
      for (size_t i = 0; i < n && term_status.ok(); ++i) {
        const std::string& term = batch[i].term;
        const uint32_t id = batch[i].id;
        ++vocabulary_size;
        if (id >= types) {
          problems.Add("vocabulary", absl::StrCat("term '", term, "'"),
                       absl::StrCat("an id below ", types),
                       absl::StrCat("id ", id));
          continue;
        }
        absl::StatusOr<std::string> stored = store.Term(id);
        if (absl::IsNotFound(stored.status())) continue;  // Reported below.
        if (!stored.ok()) {
          term_status = stored.status();
        } else if (*stored != term) {
          problems.Add("vocabulary", absl::StrCat("term '", term, "'"),
                       absl::StrCat("id ", id, " has term '", term, "'"),
                       absl::StrCat("id ", id, " has term '", *stored, "'"));
        }
      }
    }
  }
  COOC_RETURN_IF_ERROR(term_status);
  problems.Expect("types", "totals.types vs vocabulary entries",
                  vocabulary_size, types);
  for (uint64_t id = 0; id < types; ++id) {
    absl::StatusOr<std::string> term = store.Term(static_cast<uint32_t>(id));
    if (absl::IsNotFound(term.status())) {
      problems.Add("terms", absl::StrCat("id ", id), "a term", "none");
      continue;
    }
    COOC_RETURN_IF_ERROR(term.status());
    absl::StatusOr<uint32_t> back = store.Lookup(*term);
    if (absl::IsNotFound(back.status())) {
      problems.Add("terms", IdSubject(static_cast<uint32_t>(id), *term),
                   absl::StrCat("term maps to id ", id),
                   "term not in the vocabulary");
      continue;
    }
    COOC_RETURN_IF_ERROR(back.status());
    if (*back != id) {
      problems.Add("terms", IdSubject(static_cast<uint32_t>(id), *term),
                   absl::StrCat("term maps to id ", id),
                   absl::StrCat("term maps to id ", *back));
    }
  }
  report.terms_checked = types;

  // Marginals and token frequencies, read before the pairs: units check
  // each pair count against its terms' marginals.
  COOC_ASSIGN_OR_RETURN(const std::vector<TermCounts> counts,
                        store.AllCounts());
  const auto marginals = [&](uint32_t id) {
    return id < counts.size() ? counts[id] : TermCounts();
  };

  // Pairs: totals and the sums of each row and column, one cursor per
  // shard on all cores. Each shard keeps its own tallies and problems,
  // merged in shard order, so the report is that of a scan shard by shard;
  // the row and column sums are shared (integer sums, in any order).
  //
  // Symmetry: the first scan only sums a hash of (min, max, count) over
  // the pairs with x < y and over those with x > y; the sums agree when
  // every pair has its reverse with the same count (and disagree, but for
  // a 2^-64 chance, when not). Only then is the scan repeated with a
  // lookup of (y,x) for each (x,y) with x < y, which names the pairs.
  std::vector<std::atomic<uint64_t>> row_sums(types);
  std::vector<std::atomic<uint64_t>> column_sums(types);
  struct ShardTally {
    uint64_t pair_sum = 0;
    uint64_t pairs = 0;
    uint64_t pairs_below = 0;  // x < y
    uint64_t pairs_above = 0;  // x > y
    uint64_t below_hash = 0;   // Sum of SymmetryHash over x < y.
    uint64_t above_hash = 0;   // Sum of SymmetryHash over x > y.
    uint64_t all_hash = 0;     // Sum of SymmetryHash over all pairs.
    VerifyReport report;       // Its problems.
  };
  const int shards = store.options().shards;
  std::vector<ShardTally> tallies;
  const auto scan_pairs = [&](bool look_up_reverse) -> absl::Status {
    tallies.assign(shards, ShardTally());
    for (uint64_t id = 0; id < types; ++id) {
      row_sums[id].store(0);
      column_sums[id].store(0);
    }
    return ScanShards(shards, [&](int shard) -> absl::Status {
      PairCursorOptions cursor_options;
      cursor_options.cache = PairCursorOptions::Cache::kBypass;
      cursor_options.source = PairCursorOptions::Source::kTables;
      COOC_ASSIGN_OR_RETURN(PairCursor cursor,
                            store.ShardPairs(shard, cursor_options));
      ShardTally& tally = tallies[shard];
      ProblemList shard_problems(&tally.report, options.max_problems);
      std::vector<PairEntry> batch(kScanBatch);
      while (true) {
        COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
        if (n == 0) return absl::OkStatus();
        for (size_t i = 0; i < n; ++i) {
          const uint32_t x = batch[i].x;
          const uint32_t y = batch[i].y;
          const uint64_t count = batch[i].count;
          ++tally.pairs;
          tally.pair_sum += count;
          tally.all_hash += SymmetryHash(x, y, count);
          if (x >= types || y >= types) {
            shard_problems.Add("pair_id",
                               absl::StrCat("pair (", x, ",", y, ")"),
                               absl::StrCat("ids below ", types),
                               "an id beyond");
            continue;
          }
          row_sums[x].fetch_add(count, std::memory_order_relaxed);
          column_sums[y].fetch_add(count, std::memory_order_relaxed);
          // Units: c(x,y) counts units holding both, so at most the units
          // holding x, c(x,*), and those holding y, c(*,y).
          if (!window && !look_up_reverse &&
              (count > marginals(x).row || count > marginals(y).column)) {
            shard_problems.Add(
                "unit_pair", absl::StrCat("pair (", x, ",", y, ")"),
                absl::StrCat("at most min(c(x,*), c(*,y)) = ",
                             std::min(marginals(x).row, marginals(y).column)),
                absl::StrCat(count));
          }
          // Each (x,y) with x < y is checked against (y,x); equally many
          // pairs with x > y then means none is left without a partner.
          if (x > y) {
            ++tally.pairs_above;
            tally.above_hash += SymmetryHash(y, x, count);
          }
          if (symmetric && x < y) {
            ++tally.pairs_below;
            tally.below_hash += SymmetryHash(x, y, count);
            if (!look_up_reverse) continue;
            COOC_ASSIGN_OR_RETURN(uint64_t reverse, store.PairCount(y, x));
            if (reverse != count) {
              shard_problems.Add("symmetry",
                                 absl::StrCat("pair (", y, ",", x, ")"),
                                 absl::StrCat(count, " as c(", x, ",", y, ")"),
                                 absl::StrCat(reverse));
            }
          }
        }
      }
    });
  };
  COOC_RETURN_IF_ERROR(scan_pairs(/*look_up_reverse=*/false));
  if (symmetric) {
    uint64_t below = 0, above = 0;
    for (const ShardTally& tally : tallies) {
      below += tally.below_hash;
      above += tally.above_hash;
    }
    if (below != above) {
      COOC_RETURN_IF_ERROR(scan_pairs(/*look_up_reverse=*/true));
    }
  }
  uint64_t pair_sum = 0;
  uint64_t pairs = 0;
  uint64_t pairs_below = 0;
  uint64_t pairs_above = 0;
  for (ShardTally& tally : tallies) {
    pair_sum += tally.pair_sum;
    pairs += tally.pairs;
    pairs_below += tally.pairs_below;
    pairs_above += tally.pairs_above;
    for (VerifyProblem& problem : tally.report.problems) {
      problems.Add(std::move(problem.check), std::move(problem.subject),
                   std::move(problem.expected), std::move(problem.found));
    }
    problems.CountUnlisted(tally.report.problem_count -
                           tally.report.problems.size());
  }
  report.pairs_checked = pairs;
  // The scan files of each pair family (scan_file.h), where a scan reads
  // them, hold what its tables hold: as many entries, and the same sum of
  // SymmetryHash over them. `right`: the index by right word, whose
  // entries are hashed as (y, x).
  const auto check_scan_files =
      [&](bool right, const std::vector<uint64_t>& table_entries,
          const std::vector<uint64_t>& table_hashes) -> absl::Status {
    std::vector<std::optional<std::string>> differences(shards);
    COOC_RETURN_IF_ERROR(ScanShards(shards, [&](int shard) -> absl::Status {
      PairCursorOptions cursor_options;
      cursor_options.cache = PairCursorOptions::Cache::kBypass;
      cursor_options.source = PairCursorOptions::Source::kScanFiles;
      COOC_ASSIGN_OR_RETURN(PairCursor cursor,
                            right ? store.RightIndexPairs(shard, cursor_options)
                                  : store.ShardPairs(shard, cursor_options));
      if (!cursor.reads_scan_files()) return absl::OkStatus();
      uint64_t entries = 0, hash = 0;
      std::vector<PairEntry> batch(kScanBatch);
      while (true) {
        absl::StatusOr<size_t> n = cursor.Read(absl::MakeSpan(batch));
        if (!n.ok()) {
          differences[shard] = std::string(n.status().message());
          return absl::OkStatus();
        }
        if (*n == 0) break;
        for (size_t i = 0; i < *n; ++i) {
          const PairEntry& pair = batch[i];
          ++entries;
          hash += right ? SymmetryHash(pair.y, pair.x, pair.count)
                        : SymmetryHash(pair.x, pair.y, pair.count);
        }
      }
      if (entries != table_entries[shard] || hash != table_hashes[shard]) {
        differences[shard] = absl::StrCat(
            entries, " pairs",
            entries == table_entries[shard] ? ", other counts" : "");
      }
      return absl::OkStatus();
    }));
    for (int shard = 0; shard < shards; ++shard) {
      if (!differences[shard].has_value()) continue;
      problems.Add("scan_file",
                   absl::StrCat(right ? "right-index " : "", "shard ", shard),
                   absl::StrCat(table_entries[shard],
                                " pairs as its tables hold them"),
                   *differences[shard]);
    }
    return absl::OkStatus();
  };
  {
    std::vector<uint64_t> entries(shards), hashes(shards);
    for (int k = 0; k < shards; ++k) {
      entries[k] = tallies[k].pairs;
      hashes[k] = tallies[k].all_hash;
    }
    COOC_RETURN_IF_ERROR(check_scan_files(/*right=*/false, entries, hashes));
  }
  if (store.options().right_index) {
    // The index by right word holds every pair again, keyed (y,x): the
    // same number of entries and the same sum of hashes of (x, y, count).
    std::vector<uint64_t> index_entries(shards, 0), index_hashes(shards, 0);
    COOC_RETURN_IF_ERROR(ScanShards(shards, [&](int shard) -> absl::Status {
      PairCursorOptions cursor_options;
      cursor_options.cache = PairCursorOptions::Cache::kBypass;
      cursor_options.source = PairCursorOptions::Source::kTables;
      COOC_ASSIGN_OR_RETURN(PairCursor cursor,
                            store.RightIndexPairs(shard, cursor_options));
      std::vector<PairEntry> batch(kScanBatch);
      while (true) {
        COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
        if (n == 0) return absl::OkStatus();
        for (size_t i = 0; i < n; ++i) {
          ++index_entries[shard];
          index_hashes[shard] +=
              SymmetryHash(batch[i].y, batch[i].x, batch[i].count);
        }
      }
    }));
    COOC_RETURN_IF_ERROR(
        check_scan_files(/*right=*/true, index_entries, index_hashes));
    uint64_t entries = 0, index_hash = 0, pairs_hash = 0;
    for (int k = 0; k < shards; ++k) {
      entries += index_entries[k];
      index_hash += index_hashes[k];
      pairs_hash += tallies[k].all_hash;
    }
    problems.Expect("right_index", "entries of the index by right word vs "
                    "stored pairs", pairs, entries);
    if (entries == pairs && index_hash != pairs_hash) {
      problems.Expect("right_index",
                      "pairs of the index by right word that differ from "
                      "the shards' (by hash)",
                      0, 1);
    }
  }
  if (symmetric) {
    problems.Expect("symmetry", "stored pairs (x,y) with x > y vs x < y",
                    pairs_below, pairs_above);
  }
  // Known only when every shard is one sorted run (CountStore::ReadTotals).
  if (totals.distinct_pairs.has_value()) {
    problems.Expect("distinct_pairs",
                    "distinct pairs from the table files vs stored pairs",
                    pairs, *totals.distinct_pairs);
  }
  if (window) {
    problems.Expect("pair_events", "totals.pair_events vs sum of pair counts",
                    pair_sum, totals.pair_events);
  }

  // Marginals and token frequencies. In window mode each occurrence of x
  // pairs with at most W tokens after it (ordered: c(x,*) <= W f(x), and
  // c(*,x) likewise with the W before it), or is in at most 2W events
  // (symmetric, each stored both ways: c(x,*) <= 2W f(x)); so N <= kW
  // tokens. A unit is counted once per term it holds: c(x,*) <= f(x).
  const uint64_t per_token =
      (symmetric ? 2 : 1) * static_cast<uint64_t>(store.options().window);
  uint64_t frequency_sum = 0;
  if (counts.size() != types) {
    problems.Expect("marginals", "marginal records vs totals.types", types,
                    counts.size());
  }
  for (uint64_t id = 0; id < counts.size() && id < types; ++id) {
    const TermCounts& c = counts[id];
    frequency_sum += c.frequency;
    const std::string subject = absl::StrCat("id ", id);
    if (c.frequency == 0) {
      // An id is given to a term when it is counted as a token.
      problems.Add("frequency", absl::StrCat(subject, " f(x)"), "at least 1",
                   "0");
    }
    const uint64_t bound = window ? per_token * c.frequency : c.frequency;
    const std::string bound_text =
        window ? absl::StrCat("at most ", per_token, " f(x) = ", bound)
               : absl::StrCat("at most f(x) = ", bound);
    if (c.row > bound) {
      problems.Add(window ? "window_bound" : "unit_bound",
                   absl::StrCat(subject, " c(x,*)"), bound_text,
                   absl::StrCat(c.row));
    }
    if (c.column > bound) {
      problems.Add(window ? "window_bound" : "unit_bound",
                   absl::StrCat(subject, " c(*,x)"), bound_text,
                   absl::StrCat(c.column));
    }
    if (window) {
      problems.Expect("row", absl::StrCat(subject, " c(x,*) vs its row sum"),
                      row_sums[id].load(), c.row);
      problems.Expect("column",
                      absl::StrCat(subject, " c(*,x) vs its column sum"),
                      column_sums[id].load(), c.column);
    } else {
      problems.Expect("column", absl::StrCat(subject, " c(*,x) vs c(x,*)"),
                      c.row, c.column);
    }
  }
  problems.Expect("tokens", "totals.tokens vs sum of frequencies",
                  frequency_sum, totals.tokens);
  if (window && totals.pair_events > per_token * totals.tokens) {
    problems.Add("window_bound", "totals.pair_events",
                 absl::StrCat("at most ", per_token, " tokens = ",
                              per_token * totals.tokens),
                 absl::StrCat(totals.pair_events));
  }
  if (store.options().unit == CountingUnit::kLine &&
      totals.pair_events > totals.lines + totals.unit_cuts) {
    // A line unit is a line, or a piece of one cut at max_unit_tokens.
    problems.Add("unit_bound", "totals.pair_events (units)",
                 absl::StrCat("at most lines + unit cuts = ",
                              totals.lines + totals.unit_cuts),
                 absl::StrCat(totals.pair_events));
  }
  if (totals.tokens > 0 && totals.lines == 0) {
    problems.Add("lines", "totals.lines", "at least 1 (there are tokens)",
                 "0");
  }

  if (store.options().labels != LabelMode::kNone) {
    COOC_RETURN_IF_ERROR(CheckLabelCounts(store, totals, problems));
  }

  // The journal: entries in commit order, numbered within 1..ingests
  // (an ingest may have none: CountStore::Commit journals nothing).
  COOC_ASSIGN_OR_RETURN(const std::vector<JournalEntry> journal,
                        store.ReadJournal());
  uint64_t last = 0;
  for (const JournalEntry& entry : journal) {
    const std::string subject =
        absl::StrCat("journal entry '", entry.path, "'");
    if (entry.ingest < 1 || entry.ingest > totals.ingests) {
      problems.Add("journal", subject,
                   absl::StrCat("an ingest in 1..", totals.ingests),
                   absl::StrCat("ingest ", entry.ingest));
      continue;
    }
    if (entry.ingest < last) {
      problems.Add("journal", subject,
                   absl::StrCat("an ingest of ", last, " or later"),
                   absl::StrCat("ingest ", entry.ingest));
      continue;
    }
    last = entry.ingest;
  }
  return report;
}

std::vector<std::string> RemoveAbandonedBuilds(const std::string& db_path) {
  namespace fs = std::filesystem;
  const fs::path target(SymlinkTarget(db_path));
  const std::string base = target.filename().string();
  std::vector<std::string> removed;
  if (base.empty()) return removed;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(target.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    absl::string_view rest = name;
    if (!absl::ConsumePrefix(&rest, base) ||
        !(absl::ConsumePrefix(&rest, ".creating-") ||
          absl::ConsumePrefix(&rest, ".merging-"))) {
      continue;
    }
    int64_t pid = 0;
    if (!absl::SimpleAtoi(rest.substr(0, rest.find('-')), &pid) || pid <= 0) {
      continue;
    }
    if (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (fs::remove_all(entry.path(), ignored) > 0) {
      removed.push_back(entry.path().string());
    }
  }
  return removed;
}

}  // namespace cooc
