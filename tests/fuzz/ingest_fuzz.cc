// libFuzzer target for the ingest of one buffer: the counting stage
// (src/text_counter.h: blocks, threads, carries, spills, merge) checked
// against a reference count, and, on request, the whole Ingest into a fresh
// database (include/cooc/ingest.h) checked by VerifyStore.
//
// Input: two configuration bytes, then the text of one input file.
//   byte 0  bits 0-2  window 1..8
//           bit 3     ordered pairs (window unit only)
//           bits 4-5  unit: window, sentence, line, window
//           bit 6     keep_numbers
//           bit 7     keep_punctuation
//   byte 1  bit 0     two counting threads (else one)
//           bits 1-3  block size: 1, 3, 16, 64, 256, 1024, 4096 or 1 MiB
//           bit 4     a 1 KiB memory budget for runs (else 1 MiB), so
//                     that the later runs spill to files
//           bit 5     5 shards (else 1)
//           bit 6     case kept (else folded)
//           bit 7     also the whole Ingest + VerifyStore (slower)
//
// The reference count reads the text the way LineReader documents it (a
// leading byte-order mark skipped, lines split at '\n', one trailing '\r'
// dropped), tokenizes each line (or each sentence) with its own Tokenizer,
// gives ids in order of first appearance, and counts pairs by the rules of
// pair_counter.h, one line at a time. (Inputs are far below LineReader's
// 1 MiB piece limit, so no line is cut into pieces.) Checked (abort() on a
// violation):
//   - CountText fails exactly for an empty input or one with a NUL byte;
//   - otherwise lines, tokens, pair events, invalid UTF-8, the vocabulary
//     in id order, f(x), document frequencies and every pair count equal
//     the reference, whatever the threads, block size and spilling;
//   - each shard's merged records are in strictly increasing key order,
//     in the shard of their left id, with nonzero counts;
//   - with the whole Ingest: the totals, the stored vocabulary and pairs
//     equal the reference, VerifyStore finds no problem, and a failed
//     ingest leaves no database behind. This is about 20 times slower than
//     the rest (every RocksDB open starts 16 file-opening threads per column
//     family, slow under ASan), so only inputs with the bit set do it.

#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/count.h"
#include "cooc/ingest.h"
#include "cooc/tokenizer.h"
#include "cooc/verify.h"
#include "key_format.h"
#include "sentence_splitter.h"
#include "sorted_runs.h"
#include "text_counter.h"
#include "vocabulary.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "ingest_fuzz: %s\n", what);
  std::abort();
}

void CheckOk(const absl::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "ingest_fuzz: %s: %s\n", what,
               status.ToString().c_str());
  std::abort();
}

struct Config {
  StoreOptions store;
  int threads = 1;
  size_t block_bytes = 1 << 20;
  uint64_t runs_memory = 1 << 20;
  bool full_ingest = false;
};

Config ParseConfig(uint8_t store_byte, uint8_t run_byte) {
  static constexpr size_t kBlockBytes[] = {1,   3,    16,   64,
                                           256, 1024, 4096, 1 << 20};
  Config config;
  StoreOptions& store = config.store;
  store.window = 1 + (store_byte & 7);
  store.unit = (store_byte >> 4 & 3) == 1   ? CountingUnit::kSentence
               : (store_byte >> 4 & 3) == 2 ? CountingUnit::kLine
                                            : CountingUnit::kWindow;
  store.mode = (store_byte & 8) && store.unit == CountingUnit::kWindow
                   ? PairMode::kOrdered
                   : PairMode::kSymmetric;
  // Units do not use the window: its bits bound the units instead, small
  // enough that many are cut (issue 10).
  if (store.unit != CountingUnit::kWindow) {
    store.max_unit_tokens = 2 + 3 * (store_byte & 7);
  }
  store.tokenizer.keep_numbers = (store_byte & 64) != 0;
  store.tokenizer.keep_punctuation = (store_byte & 128) != 0;
  config.threads = 1 + (run_byte & 1);
  config.block_bytes = kBlockBytes[run_byte >> 1 & 7];
  if (run_byte & 16) config.runs_memory = 1024;
  store.shards = (run_byte & 32) ? 5 : 1;
  store.tokenizer.case_folding =
      (run_byte & 64) ? CaseFolding::kKeep : CaseFolding::kFold;
  config.full_ingest = (run_byte & 128) != 0;
  return config;
}

// A scratch directory for this process, removed at exit.
const std::string& ScratchDir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr ? tmp : "/tmp") + "/cooc_ingest_fuzz.XXXXXX";
    Check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    return pattern;
  }();
  static const int cleanup = std::atexit([] {
    std::error_code ignored;
    fs::remove_all(ScratchDir(), ignored);
  });
  (void)cleanup;
  return dir;
}

// What the reference count expects.
struct Expected {
  uint64_t lines = 0;
  uint64_t tokens = 0;
  uint64_t pair_events = 0;
  uint64_t invalid_utf8 = 0;
  uint64_t unit_cuts = 0;
  std::vector<std::string> terms;  // By id.
  absl::flat_hash_map<std::string, uint32_t> ids;
  std::vector<uint64_t> frequencies;
  std::vector<uint64_t> document_frequencies;
  std::map<uint64_t, uint64_t> pairs;  // (x << 32 | y) -> c(x,y).
};

// The lines of `text` as LineReader reads them.
std::vector<absl::string_view> Lines(absl::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<absl::string_view> lines;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    absl::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == absl::string_view::npos ? text.size()
                                                          : newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
  }
  return lines;
}

std::vector<uint32_t> Ids(const std::vector<std::string>& tokens,
                          Expected* expected) {
  std::vector<uint32_t> ids;
  for (const std::string& token : tokens) {
    auto [it, inserted] = expected->ids.try_emplace(
        token, static_cast<uint32_t>(expected->terms.size()));
    if (inserted) {
      expected->terms.push_back(token);
      expected->frequencies.push_back(0);
      expected->document_frequencies.push_back(0);
    }
    ++expected->frequencies[it->second];
    ids.push_back(it->second);
  }
  expected->tokens += ids.size();
  return ids;
}

void AddPair(uint32_t x, uint32_t y, Expected* expected) {
  ++expected->pairs[uint64_t{x} << 32 | y];
}

void CountWindows(const std::vector<uint32_t>& ids, const StoreOptions& store,
                  Expected* expected) {
  const size_t window = static_cast<size_t>(store.window);
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t back = 1; back <= window && back <= i; ++back) {
      AddPair(ids[i - back], ids[i], expected);
      ++expected->pair_events;
      if (store.mode == PairMode::kSymmetric) {
        AddPair(ids[i], ids[i - back], expected);
        ++expected->pair_events;
      }
    }
  }
}

// Each unordered pair of distinct ids once, both ways; N counts the unit.
void CountUnit(std::vector<uint32_t> ids, Expected* expected) {
  if (ids.empty()) return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (size_t i = 0; i < ids.size(); ++i) {
    ++expected->document_frequencies[ids[i]];
    for (size_t j = i + 1; j < ids.size(); ++j) {
      AddPair(ids[i], ids[j], expected);
      AddPair(ids[j], ids[i], expected);
    }
  }
  ++expected->pair_events;
}

// The reference tokenizer for `options`, one per combination of the three
// options that vary (ICU's break iterators are slow to create).
Tokenizer& ReferenceTokenizer(const TokenizerOptions& options) {
  static std::array<std::unique_ptr<Tokenizer>, 8> tokenizers;
  const int index = (options.case_folding == CaseFolding::kKeep) +
                    2 * options.keep_numbers + 4 * options.keep_punctuation;
  if (tokenizers[index] == nullptr) {
    auto created = Tokenizer::Create(options);
    CheckOk(created.status(), "reference tokenizer");
    tokenizers[index] = std::move(*created);
  }
  return *tokenizers[index];
}

Expected CountReference(absl::string_view text, const StoreOptions& store) {
  Tokenizer& tokenizer = ReferenceTokenizer(store.tokenizer);
  const uint64_t invalid_before = tokenizer.invalid_utf8_count();
  static const std::unique_ptr<SentenceSplitter> splitter = [] {
    auto created = SentenceSplitter::Create();
    CheckOk(created.status(), "sentence splitter");
    return std::move(*created);
  }();
  Expected expected;
  std::vector<std::string> tokens;
  std::vector<absl::string_view> sentences;
  for (const absl::string_view line : Lines(text)) {
    ++expected.lines;
    if (store.unit == CountingUnit::kSentence) {
      splitter->Split(line, &sentences);
    } else {
      sentences.assign(1, line);
    }
    for (const absl::string_view sentence : sentences) {
      tokenizer.Tokenize(sentence, &tokens);
      const std::vector<uint32_t> ids = Ids(tokens, &expected);
      if (store.unit == CountingUnit::kWindow) {
        CountWindows(ids, store, &expected);
        continue;
      }
      // A unit longer than the bound counts as consecutive pieces of it.
      const size_t bound = static_cast<size_t>(store.max_unit_tokens);
      for (size_t begin = 0; begin < ids.size(); begin += bound) {
        if (begin > 0) ++expected.unit_cuts;
        const size_t end = std::min(ids.size(), begin + bound);
        CountUnit(std::vector<uint32_t>(ids.begin() + begin, ids.begin() + end),
                  &expected);
      }
    }
  }
  expected.invalid_utf8 = tokenizer.invalid_utf8_count() - invalid_before;
  return expected;
}

// Merges every shard of `runs`, checking the order and placement of the
// records, and returns them.
std::map<uint64_t, uint64_t> MergeAll(SortedRuns& runs, int shards) {
  std::map<uint64_t, uint64_t> pairs;
  for (int shard = 0; shard < shards; ++shard) {
    bool first = true;
    uint64_t last = 0;
    const auto check = [&](absl::Span<const KeyCount> batch) {
      for (const KeyCount& record : batch) {
        Check(first || record.key > last, "merged keys not increasing");
        Check(ShardOf(record.key >> 32, shards) == shard,
              "pair in the wrong shard");
        Check(record.count > 0, "merged count of zero");
        pairs[record.key] = record.count;
        first = false;
        last = record.key;
      }
      return absl::OkStatus();
    };
    CheckOk(runs.Merge(shard, check), "SortedRuns::Merge");
  }
  return pairs;
}

bool IsCountable(absl::string_view text) {
  return !text.empty() && text.find('\0') == absl::string_view::npos;
}

void CheckCountText(const std::string& path, absl::string_view text,
                    const Config& config, const Expected& expected) {
  CountTextOptions options;
  options.store = config.store;
  options.threads = config.threads;
  options.block_bytes = config.block_bytes;
  options.encoding = "utf-8";  // As IngestOptionsFor.
  SortedRuns runs(config.store.shards, ScratchDir() + "/spill",
                  config.runs_memory);
  Vocabulary vocabulary;
  TextCounts counts;
  const absl::Status status =
      CountText({path}, options, &vocabulary, &runs, &counts);
  if (!IsCountable(text)) {
    Check(absl::IsInvalidArgument(status), "bad input not refused");
    return;
  }
  CheckOk(status, "CountText");
  Check(counts.bytes == text.size(), "bytes");
  Check(counts.lines == expected.lines, "lines");
  Check(counts.tokens == expected.tokens, "tokens");
  Check(counts.pair_events == expected.pair_events, "pair events");
  Check(counts.unit_cuts == expected.unit_cuts, "unit cuts");
  Check(counts.invalid_utf8 == expected.invalid_utf8, "invalid UTF-8 count");
  Check(counts.frequencies == expected.frequencies, "frequencies");
  if (config.store.unit != CountingUnit::kWindow) {
    Check(counts.document_frequencies == expected.document_frequencies,
          "document frequencies");
  }
  const TermList terms = vocabulary.TakeTerms();
  Check(terms.size() == expected.terms.size(), "vocabulary size");
  for (size_t id = 0; id < terms.size(); ++id) {
    Check(terms[id] == expected.terms[id], "vocabulary order");
  }
  Check(MergeAll(runs, config.store.shards) == expected.pairs, "pair counts");
}

IngestOptions IngestOptionsFor(const Config& config) {
  const StoreOptions& store = config.store;
  IngestOptions options;
  options.window = store.window;
  options.mode = store.mode;
  options.unit = store.unit;
  options.max_unit_tokens = store.max_unit_tokens;
  options.shards = store.shards;
  options.case_folding = store.tokenizer.case_folding;
  options.keep_numbers = store.tokenizer.keep_numbers;
  options.keep_punctuation = store.tokenizer.keep_punctuation;
  options.threads = config.threads;
  options.memory_mb = 16;
  // Any bytes as UTF-8, invalid sequences replaced, as the reference
  // counts them (without it, mostly invalid input is refused as not UTF-8).
  options.encoding = "utf-8";
  return options;
}

void CheckStore(const std::string& db, const Expected& expected) {
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  CheckOk(store.status(), "CountStore::Open");
  auto report = VerifyStore(**store);
  CheckOk(report.status(), "VerifyStore");
  for (const VerifyProblem& problem : report->problems) {
    std::fprintf(stderr, "verify: %s %s: expected %s, found %s\n",
                 problem.check.c_str(), problem.subject.c_str(),
                 problem.expected.c_str(), problem.found.c_str());
  }
  Check(report->ok(), "VerifyStore found problems");
  std::map<uint64_t, uint64_t> pairs;
  std::vector<PairEntry> batch(256);
  for (int shard = 0; shard < (*store)->options().shards; ++shard) {
    auto cursor = (*store)->ShardPairs(shard);
    CheckOk(cursor.status(), "ShardPairs");
    while (true) {
      absl::StatusOr<size_t> n = cursor->Read(absl::MakeSpan(batch));
      CheckOk(n.status(), "PairCursor::Read");
      if (*n == 0) break;
      for (size_t i = 0; i < *n; ++i) {
        pairs[uint64_t{batch[i].x} << 32 | batch[i].y] = batch[i].count;
      }
    }
  }
  Check(pairs == expected.pairs, "stored pair counts");
  for (uint32_t id = 0; id < expected.terms.size(); ++id) {
    auto term = (*store)->Term(id);
    Check(term.ok() && *term == expected.terms[id], "stored vocabulary");
  }
}

void CheckIngest(const std::string& path, absl::string_view text,
                 const Config& config, const Expected& expected) {
  const std::string db = ScratchDir() + "/db";
  std::error_code ignored;
  fs::remove_all(db, ignored);
  const IngestOptions options = IngestOptionsFor(config);
  absl::StatusOr<IngestSummary> summary = Ingest(db, {path}, options);
  if (!IsCountable(text)) {
    Check(absl::IsInvalidArgument(summary.status()), "bad input ingested");
    Check(!fs::exists(db), "a failed ingest left a database");
    return;
  }
  CheckOk(summary.status(), "Ingest");
  const Totals& totals = summary->totals;
  Check(totals.tokens == expected.tokens && totals.lines == expected.lines &&
            totals.pair_events == expected.pair_events &&
            totals.invalid_utf8 == expected.invalid_utf8 &&
            totals.unit_cuts == expected.unit_cuts &&
            totals.types == expected.terms.size() &&
            totals.distinct_pairs == expected.pairs.size() &&
            totals.ingests == 1,
        "ingest totals");
  CheckStore(db, expected);
  fs::remove_all(db, ignored);

  // The same text counted into a part and folded gives the same store.
  const std::string part = ScratchDir() + "/text.part";
  CheckOk(CountToPart(part, {path}, options).status(), "CountToPart");
  IngestOptions fold;
  fold.threads = options.threads;
  fold.memory_mb = options.memory_mb;
  CheckOk(IngestParts(db, {part}, fold).status(), "IngestParts");
  CheckStore(db, expected);
  fs::remove_all(db, ignored);
  fs::remove(part, ignored);
}

void FuzzOne(const Config& config, absl::string_view text) {
  const std::string path = ScratchDir() + "/input.txt";
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    Check(file.good(), "writing the input file");
  }
  const Expected expected = CountReference(text, config.store);
  CheckCountText(path, text, config, expected);
  if (config.full_ingest) CheckIngest(path, text, config, expected);
}

}  // namespace
}  // namespace cooc

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const cooc::Config config = cooc::ParseConfig(data[0], data[1]);
  cooc::FuzzOne(config, absl::string_view(
                            reinterpret_cast<const char*>(data) + 2, size - 2));
  return 0;
}
