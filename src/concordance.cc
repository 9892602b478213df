// How it works. FindConcordance resolves the node and collocate with a
// Query (the same normalization and "not in the vocabulary" messages as
// every query), picks the sources (the journal's inputs that still hold
// what was counted, or `from`), cuts each regular file into byte ranges that
// start at lines (tasks), and lets `threads` workers take the tasks in
// order. Each worker has its own LineMatcher (line_matcher.h, with its own
// Tokenizer). A task reads its range line by line (LineReader), hands each
// line to the matcher and keeps its rows, with line numbers counted from
// the range's start. As the tasks from the first one on are done, their
// rows are delivered in input order (Scan::DeliverTask), their line numbers
// made absolute from the lines of the ranges before, and freed: to the
// caller's callback as they come, or collected when sorted or asked for in
// Concordance::rows. Without sorting, once `limit` rows are delivered no
// later task is started and running later tasks give up: the rows are the
// first `limit` in input order.

#include "cooc/concordance.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "content_hash.h"
#include "cooc/close_words.h"
#include "cooc/ingest.h"
#include "cooc/query.h"
#include "cooc/tokenizer.h"
#include "ingest_steps.h"
#include "line_matcher.h"
#include "line_reader.h"
#include "sentence_splitter.h"
#include "status_macros.h"
#include "stop_request.h"
#include "text_decoder.h"

namespace cooc {

absl::string_view ConcordanceSortName(ConcordanceSort sort) {
  switch (sort) {
    case ConcordanceSort::kNone:
      return "none";
    case ConcordanceSort::kLeft:
      return "left";
    case ConcordanceSort::kRight:
      return "right";
  }
  return "none";
}

absl::StatusOr<ConcordanceSort> ParseConcordanceSort(absl::string_view name) {
  for (ConcordanceSort sort : {ConcordanceSort::kNone, ConcordanceSort::kLeft,
                               ConcordanceSort::kRight}) {
    if (name == ConcordanceSortName(sort)) return sort;
  }
  return UnknownNameError("sort", name, {"none", "left", "right"});
}

namespace {

// A running task checks whether it is still needed every this many lines.
constexpr uint64_t kCheckLines = 1024;

// The node's occurrences per line above which lines are tokenized with
// spans at once (MatchSettings::spans_first): the spans of a line cost
// about what a second tokenization does.
constexpr double kSpansFirstRate = 0.25;

// An input to read.
struct Source {
  std::string path;
  bool from_journal = false;  // Else given in `from`: its errors fail.
};

// One byte range of one source.
struct Task {
  size_t source = 0;
  ByteRange range;
};

struct TaskResult {
  std::vector<ConcordanceRow> rows;  // Line numbers from the range's start.
  uint64_t lines = 0;
  uint64_t cooccurrences = 0;
  bool done = false;
  // The task stopped before the end of its range: it alone holds `limit`
  // rows, or an earlier task made it unneeded.
  bool partial = false;
  absl::Status status;
};

// The start of the first line at or after byte `offset` of the file `fd` of
// `size` bytes (`size` if none).
absl::StatusOr<uint64_t> LineStartAtOrAfter(int fd, uint64_t offset,
                                            uint64_t size,
                                            const std::string& path) {
  if (offset == 0) return 0;
  char buffer[1 << 16];
  uint64_t at = offset - 1;  // A line starts after a '\n'.
  while (at < size) {
    const ssize_t got = pread(fd, buffer, sizeof(buffer), at);
    if (got < 0) {
      return absl::InternalError(
          absl::StrCat(path, ": read failed: ", std::strerror(errno)));
    }
    if (got == 0) break;
    const void* newline = std::memchr(buffer, '\n', got);
    if (newline != nullptr) {
      return at + (static_cast<const char*>(newline) - buffer) + 1;
    }
    at += got;
  }
  return size;
}

// Cuts `source` into tasks: ranges of about `range_bytes` that start at
// lines, for a regular file whose encoding allows it; else one task.
absl::Status AddTasks(size_t index, const Source& source,
                      const std::string& encoding, uint64_t range_bytes,
                      std::vector<Task>* tasks) {
  COOC_ASSIGN_OR_RETURN(const LineReader::Kind kind,
                        LineReader::Inspect(source.path));
  // No encoding is UTF-8 (or a byte-order mark's, checked below).
  bool splits = !kind.stream && kind.size > range_bytes &&
                (encoding.empty() ||
                 CheckSplitsAtLineFeeds(encoding, source.path).ok());
  const int fd = splits ? open(source.path.c_str(), O_RDONLY) : -1;
  if (splits && fd < 0) splits = false;
  if (splits && encoding.empty()) {
    // A UTF-16 or UTF-32 byte-order mark: the reader decodes it, whole.
    unsigned char head[4] = {1, 1, 1, 1};
    if (pread(fd, head, 4, 0) >= 2 &&
        ((head[0] == 0xFF && head[1] == 0xFE) ||
         (head[0] == 0xFE && head[1] == 0xFF) ||
         (head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF))) {
      splits = false;
    }
  }
  if (!splits) {
    if (fd >= 0) close(fd);
    tasks->push_back({index, ByteRange()});
    return absl::OkStatus();
  }
  uint64_t begin = 0;
  absl::Status status;
  while (begin < kind.size) {
    absl::StatusOr<uint64_t> end =
        LineStartAtOrAfter(fd, begin + range_bytes, kind.size, source.path);
    if (!end.ok()) {
      status = end.status();
      break;
    }
    tasks->push_back({index, ByteRange{begin, *end}});
    begin = *end;
  }
  close(fd);
  return status;
}

// The journal's inputs that hold what was counted; the others go to
// `*skipped`. An input ingested more than once (--force) is read once.
absl::StatusOr<std::vector<Source>> JournalSources(
    const CountStore& store, std::vector<SkippedSource>* skipped) {
  COOC_ASSIGN_OR_RETURN(const std::vector<JournalEntry> journal,
                        store.ReadJournal());
  std::vector<Source> sources;
  absl::flat_hash_set<std::string> seen;
  for (const JournalEntry& entry : journal) {
    if (!seen.insert(entry.path).second) continue;
    if (entry.content_hash == 0) {
      skipped->push_back(
          {entry.path,
           entry.path == LineReader::kStdin
               ? "standard input was counted; give its text with --from"
               : "a stream or a piece of a file was counted, whose content "
                 "the journal cannot check; give the text with --from"});
      continue;
    }
    absl::StatusOr<FileFingerprint> now = FingerprintFile(entry.path);
    if (!now.ok()) {
      skipped->push_back(
          {entry.path, absl::StrCat("cannot be read (", now.status().message(),
                                    "); a path is as ingest was given it")});
      continue;
    }
    if (now->bytes != entry.bytes || now->hash != entry.content_hash) {
      skipped->push_back(
          {entry.path,
           absl::StrCat("changed since it was counted (", now->bytes,
                        " bytes now, ", entry.bytes, " then, or other content)")});
      continue;
    }
    sources.push_back({entry.path, true});
  }
  return sources;
}

// Orders rows by the words on the sort's side, then by input order.
bool SortsBefore(ConcordanceSort sort, const ConcordanceRow& a,
                 const ConcordanceRow& b) {
  const std::vector<std::string>& wa =
      sort == ConcordanceSort::kLeft ? a.left_words : a.right_words;
  const std::vector<std::string>& wb =
      sort == ConcordanceSort::kLeft ? b.left_words : b.right_words;
  return wa < wb;
}

// The parallel scan of the tasks. Rows are delivered to `deliver` in input
// order, task by task, as the tasks from the first on are done (under a
// mutex, so `deliver` is called from one thread at a time), with their
// sources and absolute line numbers; the rows of a task are freed once
// delivered. A journal source whose task fails is skipped from there on;
// a `from` source's failure ends the scan with its error.
class Scan {
 public:
  using Deliver = std::function<absl::Status(ConcordanceRow row)>;

  Scan(const ConcordanceOptions& options, const MatchSettings& settings,
       const std::vector<Source>& sources, std::vector<Task> tasks,
       Deliver deliver, Concordance* result)
      : options_(options),
        settings_(settings),
        sources_(sources),
        tasks_(std::move(tasks)),
        results_(tasks_.size()),
        deliver_(std::move(deliver)),
        limit_(options.sort == ConcordanceSort::kNone ? options.limit : 0),
        result_(result) {}

  // Runs the scan and fills the result's complete, limited, matches,
  // cooccurrences, sources_read and skipped.
  absl::Status Run(int threads, const TokenizerOptions& tokenizer_options);

 private:
  void Work(LineMatcher& matcher);
  void RunTask(size_t t, LineMatcher& matcher);
  // Marks task `t` done and delivers what the done prefix now allows.
  void Finish(size_t t);
  // Delivers task `t`'s rows. REQUIRES: mutex_ held.
  void DeliverTask(size_t t);
  // No task after `t` is needed any more. REQUIRES: mutex_ held.
  void StopAfter(size_t t) {
    size_t expected = SIZE_MAX;
    stop_after_.compare_exchange_strong(expected, t);
  }
  bool Needed(size_t t) const {
    return t <= stop_after_.load(std::memory_order_relaxed) &&
           !StopRequested(options_.stop);
  }

  const ConcordanceOptions& options_;
  const MatchSettings& settings_;
  const std::vector<Source>& sources_;
  const std::vector<Task> tasks_;
  std::vector<TaskResult> results_;
  const Deliver deliver_;
  const size_t limit_;  // Rows to deliver at most; 0 for all.
  Concordance* const result_;
  std::atomic<size_t> next_{0};
  // Tasks after this one are not needed (SIZE_MAX: all are).
  std::atomic<size_t> stop_after_{SIZE_MAX};

  std::mutex mutex_;  // Guards the rest.
  size_t prefix_ = 0;  // Tasks [0, prefix_) are delivered.
  size_t delivered_ = 0;
  uint64_t lines_before_ = 0;  // Of the source of task prefix_ - 1.
  bool source_failed_ = false;  // The source of task prefix_ - 1 failed.
  bool limited_ = false;
  bool stopped_read_ = false;  // Some task was not read to its end.
  absl::Status error_;  // A `from` source's failure, or deliver_'s.
};

absl::Status Scan::Run(int threads, const TokenizerOptions& tokenizer_options) {
  std::vector<std::unique_ptr<LineMatcher>> matchers;
  for (int i = 0; i < threads; ++i) {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                          Tokenizer::Create(tokenizer_options));
    std::unique_ptr<SentenceSplitter> splitter;
    if (settings_.store.unit == CountingUnit::kSentence) {
      COOC_ASSIGN_OR_RETURN(splitter, SentenceSplitter::Create());
    }
    matchers.push_back(std::make_unique<LineMatcher>(
        settings_, std::move(tokenizer), std::move(splitter)));
  }
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) {
    workers.emplace_back([this, &matchers, i] { Work(*matchers[i]); });
  }
  Work(*matchers[0]);
  for (std::thread& worker : workers) worker.join();
  if (StopRequested(options_.stop)) return StoppedError();
  COOC_RETURN_IF_ERROR(error_);
  result_->limited = limited_;
  result_->complete = !limited_ && !stopped_read_ && prefix_ == tasks_.size() &&
                      result_->skipped.empty();
  return absl::OkStatus();
}

void Scan::Work(LineMatcher& matcher) {
  for (size_t t = next_.fetch_add(1); t < tasks_.size() && Needed(t);
       t = next_.fetch_add(1)) {
    RunTask(t, matcher);
    Finish(t);
  }
}

void Scan::RunTask(size_t t, LineMatcher& matcher) {
  TaskResult& result = results_[t];
  const Source& source = sources_[tasks_[t].source];
  absl::StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(
      source.path, size_t{1} << 20, tasks_[t].range, options_.encoding);
  if (!reader.ok()) {
    result.status = reader.status();
    return;
  }
  std::string line;  // A line of several pieces, joined.
  std::vector<size_t> piece_ends;
  LinePiece piece;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&piece);
    if (!more.ok()) {
      result.status = more.status();
      return;
    }
    if (!*more) break;
    absl::string_view text = piece.text;
    if (!piece.ends_line || !piece_ends.empty()) {
      line.append(piece.text.data(), piece.text.size());
      piece_ends.push_back(line.size());
      if (!piece.ends_line) continue;
      text = line;
    } else {
      piece_ends.push_back(text.size());
    }
    ++result.lines;
    result.cooccurrences +=
        matcher.Match(text, piece_ends, result.lines, &result.rows);
    line.clear();
    piece_ends.clear();
    if ((limit_ > 0 && result.rows.size() >= limit_) ||
        (result.lines % kCheckLines == 0 && !Needed(t))) {
      result.partial = true;
      return;
    }
  }
}

void Scan::Finish(size_t t) {
  std::lock_guard<std::mutex> lock(mutex_);
  results_[t].done = true;
  while (prefix_ < tasks_.size() && results_[prefix_].done &&
         prefix_ <= stop_after_.load()) {
    DeliverTask(prefix_);
    ++prefix_;
  }
}

void Scan::DeliverTask(size_t t) {
  TaskResult& task = results_[t];
  const size_t s = tasks_[t].source;
  if (t == 0 || tasks_[t - 1].source != s) {  // A new source.
    lines_before_ = 0;
    source_failed_ = false;
  }
  const bool last_of_source = t + 1 == tasks_.size() || tasks_[t + 1].source != s;
  if (!source_failed_ && !task.status.ok()) {
    source_failed_ = true;
    if (!sources_[s].from_journal) {
      if (error_.ok()) error_ = task.status;
      StopAfter(t);
      return;
    }
    result_->skipped.push_back({sources_[s].path,
                                std::string(task.status.message())});
  }
  if (!source_failed_) {
    for (ConcordanceRow& row : task.rows) {
      if (limit_ > 0 && delivered_ == limit_) {
        limited_ = true;
        StopAfter(t);
        break;
      }
      row.source = sources_[s].path;
      row.line += lines_before_;
      result_->cooccurrences += row.cooccurrences;
      ++result_->matches;
      ++delivered_;
      absl::Status delivered = deliver_(std::move(row));
      if (!delivered.ok()) {
        if (error_.ok()) error_ = delivered;
        StopAfter(t);
        break;
      }
    }
    lines_before_ += task.lines;
    if (task.partial) stopped_read_ = true;
    if (last_of_source && !task.partial && !limited_) ++result_->sources_read;
  }
  if (limit_ > 0 && delivered_ == limit_ && !limited_) {
    // The limit is reached exactly: later rows, if any, are not wanted.
    if (task.partial || t + 1 < tasks_.size()) limited_ = true;
    StopAfter(t);
  }
  task.rows = std::vector<ConcordanceRow>();
}

// Loads what the tokenizer needs that the database stores only by checksum.
absl::StatusOr<TokenizerOptions> TokenizerFor(
    const StoreOptions& store, const ConcordanceOptions& options) {
  TokenizerOptions tokenizer = store.tokenizer;
  if (tokenizer.dictionary_checksum != 0) {
    if (options.dictionary == nullptr) {
      return absl::FailedPreconditionError(
          "the database was built with a dictionary (--dict): give the same "
          "file with --dict to tokenize its text as it was counted");
    }
    tokenizer.dictionary = options.dictionary;
  }
  if (!tokenizer.stopwords_name.empty()) {
    if (options.stopwords != nullptr) {
      tokenizer.stopwords = options.stopwords;
    } else if (tokenizer.stopwords_name != "file") {
      COOC_ASSIGN_OR_RETURN(tokenizer.stopwords,
                            StopwordList::Builtin(tokenizer.stopwords_name));
    } else {
      return absl::FailedPreconditionError(
          "the database was built with a stopword file (--stopwords FILE): "
          "give the same file with --stopwords to tokenize its text as it "
          "was counted");
    }
  }
  // Tokenizer::Create checks the checksums: another file is refused.
  absl::StatusOr<std::unique_ptr<Tokenizer>> check =
      Tokenizer::Create(tokenizer);
  if (!check.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "not the database's tokenizer settings: ", check.status().message()));
  }
  return tokenizer;
}

}  // namespace

absl::StatusOr<Concordance> FindConcordance(Query& query,
                                            const ConcordanceOptions& options,
                                            const ConcordanceRowFn& emit) {
  if (options.width < 0 || options.width > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("width must be from 0 to 1000, not ", options.width));
  }
  if (options.threads < 0 || options.threads > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("threads must be from 0 to 256, not ", options.threads));
  }
  if (options.range_bytes < 1) {
    return absl::InvalidArgumentError("range_bytes must be at least 1");
  }
  if (!options.encoding.empty()) {
    COOC_RETURN_IF_ERROR(CheckEncoding(options.encoding));
  }
  const CountStore& store = query.store();
  Concordance result;
  // The terms, as every query resolves them.
  COOC_ASSIGN_OR_RETURN(
      const PairTable pair,
      query.Pair(options.node,
                 options.collocate.empty() ? options.node : options.collocate));
  result.node = pair.x;
  result.collocate = options.collocate.empty() ? "" : pair.y;
  result.stored_count = options.collocate.empty() ? pair.fx
                                                  : static_cast<uint64_t>(
                                                        pair.table.o11);
  COOC_ASSIGN_OR_RETURN(const TokenizerOptions tokenizer,
                        TokenizerFor(store.options(), options));

  MatchSettings settings;
  settings.node = result.node;
  settings.collocate = result.collocate;
  settings.store = store.options();
  settings.width = options.width;
  settings.fold = tokenizer.case_folding == CaseFolding::kFold;
  settings.sort_words = options.sort != ConcordanceSort::kNone;
  COOC_ASSIGN_OR_RETURN(const Totals totals, store.ReadTotals());
  settings.spans_first =
      static_cast<double>(pair.fx) >
      kSpansFirstRate * static_cast<double>(std::max<uint64_t>(totals.lines, 1));
  if (IsAscii(result.node)) settings.ascii_node = result.node;
  if (IsAscii(result.collocate)) settings.ascii_collocate = result.collocate;

  std::vector<Source> sources;
  if (options.from.empty()) {
    COOC_ASSIGN_OR_RETURN(sources, JournalSources(store, &result.skipped));
  } else {
    for (const std::string& path : options.from) sources.push_back({path});
  }
  std::vector<Task> tasks;
  for (size_t s = 0; s < sources.size(); ++s) {
    absl::Status added =
        AddTasks(s, sources[s], options.encoding, options.range_bytes, &tasks);
    if (!added.ok()) {
      if (!sources[s].from_journal) return added;
      result.skipped.push_back({sources[s].path, std::string(added.message())});
    }
  }

  // Unsorted rows go to `emit` as they come, or into the result; sorted
  // ones are collected, sorted, cut to the limit, then given.
  const bool sorted = options.sort != ConcordanceSort::kNone;
  std::vector<ConcordanceRow> collected;
  Scan::Deliver deliver = [&](ConcordanceRow row) -> absl::Status {
    if (emit != nullptr && !sorted) return emit(row);
    collected.push_back(std::move(row));
    return absl::OkStatus();
  };
  Scan scan(options, settings, sources, std::move(tasks), deliver, &result);
  COOC_RETURN_IF_ERROR(scan.Run(ThreadCount(options.threads), tokenizer));
  if (sorted) {
    std::stable_sort(collected.begin(), collected.end(),
                     [&options](const ConcordanceRow& a,
                                const ConcordanceRow& b) {
                       return SortsBefore(options.sort, a, b);
                     });
    if (options.limit > 0 && collected.size() > options.limit) {
      collected.resize(options.limit);
    }
  }
  result.shown = sorted ? collected.size() : result.matches;
  if (emit != nullptr) {
    for (const ConcordanceRow& row : collected) COOC_RETURN_IF_ERROR(emit(row));
  } else {
    result.rows = std::move(collected);
  }
  return result;
}

}  // namespace cooc
