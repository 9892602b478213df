// cooc._cooc: the C++ side of the Python module.
//
//   Python (src/python/cooc/__init__.py) -> [this binding] -> include/cooc/
//
// A thin layer over the public headers only: options arrive as keyword
// arguments with the CLI's defaults, answers leave as the CLI's reports
// (report.h) turned into columns (dict of lists) or, for the vocabulary and
// the co-occurrence matrix, numpy arrays filled without a Python object per
// entry. The Python package wraps them into pandas DataFrames and scipy
// matrices and carries the documentation.
//
// Every call that reads or writes a database or text runs without the GIL.
// An ingest (or count, or fold, or merge) checks for Python signals about
// four times a second, and Ctrl-C (KeyboardInterrupt) cancels it cleanly:
// the database is unchanged and the interrupt is raised again when the C++
// call has returned.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cooc/count.h"
#include "cooc/ingest.h"
#include "cooc/measures.h"
#include "cooc/merge.h"
#include "cooc/query.h"
#include "cooc/report.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"
#include "cooc/user_dictionary.h"

namespace py = pybind11;

namespace cooc {
namespace {

// ---------------------------------------------------------------------------
// Errors: cooc's statuses as Python exceptions.

// cooc.Error and its subclasses, made at import (MakeExceptions).
PyObject* error_type = nullptr;
PyObject* database_error_type = nullptr;
PyObject* term_not_found_type = nullptr;

// What a NotFound status means where it arises.
enum class NotFoundMeans {
  kFile,  // A file or database path: FileNotFoundError.
  kTerm,  // A query term: cooc.TermNotFound (a KeyError).
};

[[noreturn]] void Raise(PyObject* type, absl::string_view message) {
  PyErr_SetString(type, std::string(message).c_str());
  throw py::error_already_set();
}

// Raises the Python exception of `status` (not OK).
[[noreturn]] void RaiseStatus(const absl::Status& status,
                              NotFoundMeans not_found = NotFoundMeans::kFile) {
  const absl::string_view message = status.message();
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      Raise(PyExc_ValueError, message);
    case absl::StatusCode::kNotFound:
      Raise(not_found == NotFoundMeans::kTerm ? term_not_found_type
                                              : PyExc_FileNotFoundError,
            message);
    case absl::StatusCode::kAlreadyExists:
      Raise(PyExc_FileExistsError, message);
    case absl::StatusCode::kPermissionDenied:
      Raise(PyExc_PermissionError, message);
    case absl::StatusCode::kCancelled:
      Raise(PyExc_KeyboardInterrupt, message);
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnavailable:
      Raise(database_error_type, message);
    case absl::StatusCode::kResourceExhausted:
      Raise(PyExc_MemoryError, message);
    default:
      Raise(error_type, message);
  }
}

template <typename T>
T ValueOrRaise(absl::StatusOr<T> value,
               NotFoundMeans not_found = NotFoundMeans::kFile) {
  if (!value.ok()) RaiseStatus(value.status(), not_found);
  return *std::move(value);
}

void OkOrRaise(const absl::Status& status,
               NotFoundMeans not_found = NotFoundMeans::kFile) {
  if (!status.ok()) RaiseStatus(status, not_found);
}

void MakeExceptions(py::module_& m) {
  error_type = PyErr_NewExceptionWithDoc(
      "cooc.Error", "Base class of the errors cooc raises itself.",
      PyExc_Exception, nullptr);
  database_error_type = PyErr_NewExceptionWithDoc(
      "cooc.DatabaseError",
      "A database that is damaged, not a cooc database, or in use by a "
      "writer; or a count part that is damaged or foreign.",
      error_type, nullptr);
  py::tuple bases = py::make_tuple(py::handle(error_type),
                                   py::handle(PyExc_KeyError));
  term_not_found_type = PyErr_NewExceptionWithDoc(
      "cooc.TermNotFound",
      "A query term that is not in the database's vocabulary (or does not "
      "normalize to one term). A KeyError.",
      bases.ptr(), nullptr);
  m.add_object("Error", py::handle(error_type));
  m.add_object("DatabaseError", py::handle(database_error_type));
  m.add_object("TermNotFound", py::handle(term_not_found_type));
}

// ---------------------------------------------------------------------------
// Values in and out.

// Text as Python str; bytes that are not UTF-8 (a path as given) are kept
// as surrogate escapes, as os.fsdecode does.
py::object Text(absl::string_view text) {
  PyObject* object = PyUnicode_DecodeUTF8(
      text.data(), static_cast<Py_ssize_t>(text.size()), "surrogateescape");
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

py::object Cell(const ReportCell& cell) {
  return std::visit(
      [](const auto& value) -> py::object {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return Text(value);
        } else if constexpr (std::is_same_v<T, UnknownCell>) {
          return py::none();
        } else {
          return py::cast(value);
        }
      },
      cell);
}

// A report as {column: [values...]}, columns in the report's order.
py::dict Columns(const Report& report) {
  py::dict columns;
  for (size_t c = 0; c < report.columns().size(); ++c) {
    py::list values;
    for (const std::vector<ReportCell>& row : report.rows()) {
      values.append(Cell(row[c]));
    }
    columns[Text(report.columns()[c])] = values;
  }
  return columns;
}

// A one-row report as {column: value}.
py::dict Record(const Report& report) {
  py::dict record;
  if (report.rows().empty()) return record;
  for (size_t c = 0; c < report.columns().size(); ++c) {
    record[Text(report.columns()[c])] = Cell(report.rows()[0][c]);
  }
  return record;
}

// The tokenizer settings as keyword arguments (the CLI's flags).
TokenizerOptions MakeTokenizerOptions(bool fold, bool keep_numbers,
                                      bool keep_punct, int min_length,
                                      const std::optional<std::string>& dict,
                                      const std::optional<std::string>& stops) {
  TokenizerOptions options;
  options.case_folding = fold ? CaseFolding::kFold : CaseFolding::kKeep;
  options.keep_numbers = keep_numbers;
  options.keep_punctuation = keep_punct;
  options.min_length = min_length;
  if (dict) options.dictionary = ValueOrRaise(UserDictionary::Load(*dict));
  if (stops) options.stopwords = ValueOrRaise(StopwordList::Open(*stops));
  return options;
}

// Calls back into Python from the C++ thread that runs an ingest: the
// progress callable (if any) and the signal check, with the GIL taken for
// each call. The first Python exception (KeyboardInterrupt, or one the
// callable raised) cancels the ingest and is raised again by Rethrow.
class PythonHooks {
 public:
  explicit PythonHooks(py::object progress) : progress_(std::move(progress)) {}

  // Checks for signals (Ctrl-C) at most every 100 ms.
  bool Cancelled() {
    if (failed_) return true;
    const absl::Time now = absl::Now();
    if (now < next_check_) return false;
    next_check_ = now + absl::Milliseconds(100);
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) Capture();
    return failed_;
  }

  void Progress(py::dict update) {
    if (failed_ || progress_.is_none()) return;
    try {
      progress_(update);
    } catch (py::error_already_set& error) {
      error_ = std::move(error);
      failed_ = true;
    }
  }

  std::function<void(const IngestProgress&)> IngestCallback() {
    return [this](const IngestProgress& p) {
      py::gil_scoped_acquire gil;
      py::dict update;
      update["bytes_read"] = p.bytes_read;
      update["bytes_total"] = p.bytes_total;
      update["tokens"] = p.tokens;
      update["seconds"] = p.seconds;
      Progress(update);
    };
  }

  // After the C++ call returned (GIL held): raises the captured exception.
  void Rethrow() {
    if (error_) throw *std::move(error_);
  }

 private:
  void Capture() {  // GIL held, a Python error set.
    error_ = py::error_already_set();
    failed_ = true;
  }

  py::object progress_;
  std::atomic<bool> failed_{false};
  std::optional<py::error_already_set> error_;
  absl::Time next_check_ = absl::InfinitePast();
};

// The definition and counting options of ingest and count.
struct CountingArguments {
  std::optional<int> window;
  std::optional<bool> ordered;
  std::optional<std::string> unit;
  std::optional<int> shards;
  std::optional<bool> fold;
  std::optional<bool> keep_numbers;
  std::optional<bool> keep_punct;
  std::optional<int> min_length;
  std::optional<std::string> dictionary;
  std::optional<std::string> stopwords;
  bool force = false;
  int threads = 0;
  int64_t memory = 1024;
};

IngestOptions MakeIngestOptions(const CountingArguments& a) {
  IngestOptions options;
  if (a.window) {
    if (*a.window < 1 || *a.window > 1000) {
      Raise(PyExc_ValueError, absl::StrCat("window must be in [1, 1000], not ",
                                           *a.window));
    }
    options.window = *a.window;
  }
  if (a.ordered) {
    options.mode = *a.ordered ? PairMode::kOrdered : PairMode::kSymmetric;
  }
  if (a.unit) options.unit = ValueOrRaise(ParseCountingUnit(*a.unit));
  if (options.unit && *options.unit != CountingUnit::kWindow &&
      options.mode == PairMode::kOrdered) {
    Raise(PyExc_ValueError, "ordered=True works only with unit='window'");
  }
  if (a.shards) {
    if (*a.shards < 1 || *a.shards > 1024) {
      Raise(PyExc_ValueError,
            absl::StrCat("shards must be in [1, 1024], not ", *a.shards));
    }
    options.shards = *a.shards;
  }
  if (a.fold) {
    options.case_folding = *a.fold ? CaseFolding::kFold : CaseFolding::kKeep;
  }
  options.keep_numbers = a.keep_numbers;
  options.keep_punctuation = a.keep_punct;
  if (a.min_length) {
    if (*a.min_length < 0 || *a.min_length > 1000) {
      Raise(PyExc_ValueError, absl::StrCat("min_length must be in [0, 1000], not ",
                                           *a.min_length));
    }
    options.min_length = *a.min_length;
  }
  if (a.dictionary) {
    options.dictionary = ValueOrRaise(UserDictionary::Load(*a.dictionary));
  }
  if (a.stopwords) {
    options.stopwords = ValueOrRaise(StopwordList::Open(*a.stopwords));
  }
  options.force = a.force;
  options.threads = a.threads;
  if (a.memory < 16) {
    Raise(PyExc_ValueError,
          absl::StrCat("memory must be at least 16 (MiB), not ", a.memory));
  }
  options.memory_mb = static_cast<uint64_t>(a.memory);
  OkOrRaise(ValidateIngestOptions(options));
  return options;
}

// Runs `call` (an ingest, count or fold) without the GIL, with `hooks`
// as its progress and cancellation, and returns its result's report.
template <typename Summary, typename Call, typename ToReport>
py::dict RunCounting(IngestOptions options, PythonHooks& hooks, Call call,
                     ToReport to_report) {
  options.progress = hooks.IngestCallback();
  options.cancelled = [&hooks] { return hooks.Cancelled(); };
  absl::StatusOr<Summary> summary;
  {
    py::gil_scoped_release release;
    summary = call(options);
  }
  hooks.Rethrow();
  return Record(to_report(ValueOrRaise(std::move(summary))));
}

// The journal entries an ingest skipped, as [(input, counted_as), ...].
py::list Skipped(
    const std::vector<std::pair<std::string, JournalEntry>>& skipped) {
  py::list list;
  for (const auto& [input, entry] : skipped) {
    list.append(py::make_tuple(Text(input), Text(entry.path)));
  }
  return list;
}

py::dict IngestText(const std::string& db, const std::vector<std::string>& files,
                    const CountingArguments& arguments, py::object progress) {
  PythonHooks hooks(std::move(progress));
  std::vector<std::pair<std::string, JournalEntry>> skipped;
  py::dict record = RunCounting<IngestSummary>(
      MakeIngestOptions(arguments), hooks,
      [&](const IngestOptions& options) { return Ingest(db, files, options); },
      [&](const IngestSummary& summary) {
        skipped = summary.skipped;
        return IngestReport(summary);
      });
  record["skipped"] = Skipped(skipped);
  return record;
}

// A file's journal entry as (path, bytes, content hash).
using FileEntry = std::tuple<std::string, uint64_t, uint64_t>;

py::dict IngestCountParts(const std::string& db,
                          const std::vector<std::string>& parts, bool force,
                          int threads, int64_t memory, py::object progress,
                          const std::optional<std::vector<FileEntry>>& files) {
  CountingArguments arguments;
  arguments.force = force;
  arguments.threads = threads;
  arguments.memory = memory;
  IngestOptions options = MakeIngestOptions(arguments);
  if (files) {
    options.journal.emplace();
    for (const auto& [path, bytes, hash] : *files) {
      JournalEntry entry;
      entry.path = path;
      entry.bytes = bytes;
      entry.content_hash = hash;
      options.journal->push_back(std::move(entry));
    }
  }
  PythonHooks hooks(std::move(progress));
  return RunCounting<IngestSummary>(
      std::move(options), hooks,
      [&](const IngestOptions& options) {
        return IngestParts(db, parts, options);
      },
      [](const IngestSummary& summary) { return IngestReport(summary); });
}

// The definition an ingest of `arguments` into `db` counts with, as the
// definition arguments (dictionary and stopwords as given).
py::dict ResolveDefinition(const std::string& db,
                           const CountingArguments& arguments) {
  const IngestOptions options = MakeIngestOptions(arguments);
  absl::StatusOr<StoreOptions> definition;
  {
    py::gil_scoped_release release;
    definition = IngestDefinition(db, options);
  }
  ValueOrRaise(definition);
  py::dict result;
  result["window"] = definition->window;
  result["ordered"] = definition->mode == PairMode::kOrdered;
  result["unit"] = std::string(CountingUnitName(definition->unit));
  result["shards"] = definition->shards;
  const TokenizerOptions& tokenizer = definition->tokenizer;
  result["fold"] = tokenizer.case_folding == CaseFolding::kFold;
  result["keep_numbers"] = tokenizer.keep_numbers;
  result["keep_punct"] = tokenizer.keep_punctuation;
  result["min_length"] = tokenizer.min_length;
  return result;
}

FileEntry Fingerprint(const std::string& path) {
  absl::StatusOr<JournalEntry> entry;
  {
    py::gil_scoped_release release;
    entry = FingerprintInput(path);
  }
  ValueOrRaise(entry);
  return {entry->path, entry->bytes, entry->content_hash};
}

py::dict CountRange(const std::string& part, const std::string& path,
                    uint64_t begin, uint64_t end,
                    const CountingArguments& arguments, py::object progress) {
  PythonHooks hooks(std::move(progress));
  return RunCounting<CountSummary>(
      MakeIngestOptions(arguments), hooks,
      [&](const IngestOptions& options) {
        return CountRangeToPart(part, path, begin, end, options);
      },
      [&](const CountSummary& summary) { return CountReport(part, summary); });
}

py::dict CountText(const std::string& part, const std::vector<std::string>& files,
                   const CountingArguments& arguments, py::object progress) {
  PythonHooks hooks(std::move(progress));
  return RunCounting<CountSummary>(
      MakeIngestOptions(arguments), hooks,
      [&](const IngestOptions& options) {
        return CountToPart(part, files, options);
      },
      [&](const CountSummary& summary) { return CountReport(part, summary); });
}

py::dict Merge(const std::string& out, const std::vector<std::string>& inputs,
               bool force, int threads, int64_t memory) {
  MergeOptions options;
  options.force = force;
  options.threads = threads;
  if (memory < 16) {
    Raise(PyExc_ValueError,
          absl::StrCat("memory must be at least 16 (MiB), not ", memory));
  }
  options.memory_mb = static_cast<uint64_t>(memory);
  absl::StatusOr<MergeSummary> summary;
  {
    py::gil_scoped_release release;
    summary = MergeDatabases(out, inputs, options);
  }
  return Record(MergeReport(ValueOrRaise(std::move(summary))));
}

py::list TokenizeLines(const std::vector<std::string>& lines, bool fold,
                       bool keep_numbers, bool keep_punct, int min_length,
                       const std::optional<std::string>& dictionary,
                       const std::optional<std::string>& stopwords) {
  const TokenizerOptions options = MakeTokenizerOptions(
      fold, keep_numbers, keep_punct, min_length, dictionary, stopwords);
  std::unique_ptr<Tokenizer> tokenizer =
      ValueOrRaise(Tokenizer::Create(options));
  std::vector<std::vector<std::string>> tokens(lines.size());
  {
    py::gil_scoped_release release;
    for (size_t i = 0; i < lines.size(); ++i) {
      tokenizer->Tokenize(lines[i], &tokens[i]);
    }
  }
  py::list result;
  for (const std::vector<std::string>& line : tokens) {
    py::list list;
    for (const std::string& token : line) list.append(Text(token));
    result.append(list);
  }
  return result;
}

// ---------------------------------------------------------------------------
// Database: a read-only Query with a lock, since a Query is not thread-safe.

// The query options as keyword arguments.
QueryOptions MakeQueryOptions(const std::string& measure, int top,
                              int64_t min_count, const std::string& base,
                              const std::string& marginals, double add_k,
                              double cds) {
  QueryOptions options;
  options.measure = ValueOrRaise(ParseMeasure(measure));
  if (top < 1) Raise(PyExc_ValueError, "top must be at least 1");
  options.top = top;
  if (min_count < 1) Raise(PyExc_ValueError, "min_count must be at least 1");
  options.min_count = static_cast<uint64_t>(min_count);
  options.base = ValueOrRaise(ParseLogBase(base));
  options.marginals = ValueOrRaise(ParseMarginals(marginals));
  options.add_k = add_k;
  options.cds = cds;
  OkOrRaise(ValidateQueryOptions(options));
  return options;
}

std::vector<Measure> MakeMeasures(const std::optional<std::string>& names) {
  if (!names) return {};
  return ValueOrRaise(ParseMeasureList(*names));
}

// Growable storage in fixed chunks: no copy when it grows, and each chunk
// can be freed as soon as it has been copied out.
template <typename T>
class ChunkedArray {
 public:
  static constexpr size_t kChunk = size_t{1} << 18;
  void push_back(T value) {
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    chunks_.back().push_back(value);
    ++size_;
  }
  size_t size() const { return size_; }

  // Reads the array front to back, freeing each chunk once it is read.
  class Reader {
   public:
    explicit Reader(ChunkedArray* array) : array_(array) {}
    // Copies the next `n` values to `out`.
    template <typename U>
    void Take(size_t n, U* out) {
      while (n > 0) {
        std::vector<T>& chunk = array_->chunks_[chunk_];
        const size_t here = std::min(n, chunk.size() - at_);
        out = std::copy_n(chunk.begin() + at_, here, out);
        at_ += here;
        n -= here;
        if (at_ == chunk.size()) {
          std::vector<T>().swap(chunk);
          ++chunk_;
          at_ = 0;
        }
      }
    }

   private:
    ChunkedArray* array_;
    size_t chunk_ = 0;
    size_t at_ = 0;
  };

 private:
  std::vector<std::vector<T>> chunks_;
  size_t size_ = 0;
};

// The stored pairs of one shard, by row: each row x's partners y and counts
// (in y order), rows in increasing x.
struct ShardRows {
  std::vector<std::pair<uint32_t, uint64_t>> rows;  // (x, number of pairs)
  ChunkedArray<uint32_t> columns;
  ChunkedArray<uint64_t> counts;
};

class Database {
 public:
  explicit Database(const std::string& path) : path_(path) {
    absl::StatusOr<std::unique_ptr<Query>> query;
    {
      py::gil_scoped_release release;
      query = Query::Open(path);
    }
    query_ = ValueOrRaise(std::move(query));
  }

  void Close() {
    absl::MutexLock lock(&mu_);
    query_.reset();
  }
  bool closed() {
    absl::MutexLock lock(&mu_);
    return query_ == nullptr;
  }
  const std::string& path() const { return path_; }

  py::dict Stats(bool information, const std::string& base) {
    const LogBase log_base = ValueOrRaise(ParseLogBase(base));
    absl::StatusOr<CorpusStats> stats = Locked([&](Query& query) {
      return query.Stats(
          information ? StatsScope::kInformation : StatsScope::kTotals,
          log_base);
    });
    return Record(StatsReport(ValueOrRaise(std::move(stats))));
  }

  py::dict Pair(const std::string& x, const std::string& y,
                const std::string& base, const std::string& marginals,
                double add_k, double cds) {
    const QueryOptions options =
        MakeQueryOptions("pmi", 1, 1, base, marginals, add_k, cds);
    absl::StatusOr<PairTable> pair =
        Locked([&](Query& query) { return query.Pair(x, y, options); });
    return Record(FullPairReport(
        ValueOrRaise(std::move(pair), NotFoundMeans::kTerm), options.base));
  }

  py::tuple Assoc(const std::vector<std::string>& terms,
                  const std::string& measure, int top, int64_t min_count,
                  const std::optional<std::string>& measures,
                  const std::string& base, const std::string& marginals,
                  double add_k, double cds, bool skip_missing) {
    const QueryOptions options = MakeQueryOptions(
        measure, top, min_count, base, marginals, add_k, cds);
    const std::vector<Measure> also = MakeMeasures(measures);
    std::vector<std::pair<std::string, std::vector<ScoredPair>>> answers;
    std::vector<std::string> missing;
    absl::Status status = LockedStatus([&](Query& query) -> absl::Status {
      for (const std::string& term : terms) {
        absl::StatusOr<std::vector<ScoredPair>> pairs =
            query.Associates(term, options);
        const bool unknown = absl::IsNotFound(pairs.status());
        if (unknown && skip_missing) {
          missing.push_back(term);
          continue;
        }
        if (unknown) return absl::NotFoundError(pairs.status().message());
        if (!pairs.ok()) return pairs.status();
        answers.emplace_back(term, *std::move(pairs));
      }
      return absl::OkStatus();
    });
    OkOrRaise(status, NotFoundMeans::kTerm);
    py::list missing_terms;
    for (const std::string& term : missing) missing_terms.append(Text(term));
    return py::make_tuple(
        Columns(BatchPairReport(answers, options.measure, also, options.base)),
        missing_terms);
  }

  py::dict Collocations(const std::string& measure, int top, int64_t min_count,
                        const std::optional<std::string>& measures,
                        const std::string& base, const std::string& marginals,
                        double add_k, double cds) {
    const QueryOptions options = MakeQueryOptions(
        measure, top, min_count, base, marginals, add_k, cds);
    const std::vector<Measure> also = MakeMeasures(measures);
    absl::StatusOr<std::vector<ScoredPair>> pairs =
        Locked([&](Query& query) { return query.Collocations(options); });
    return Columns(PairReport(ValueOrRaise(std::move(pairs)), options.measure,
                              also, options.base));
  }

  py::dict Sources() {
    absl::StatusOr<std::vector<JournalEntry>> journal =
        Locked([](Query& query) { return query.store().ReadJournal(); });
    return Columns(SourcesReport(ValueOrRaise(std::move(journal))));
  }

  // {term: [str], id, frequency, row, column: numpy uint64 arrays}.
  py::dict Vocabulary() {
    std::vector<std::string> terms;
    std::vector<TermCounts> counts;
    OkOrRaise(LockedStatus([&](Query& query) -> absl::Status {
      absl::StatusOr<std::vector<std::string>> by_id =
          query.store().TermsById();
      if (!by_id.ok()) return by_id.status();
      absl::StatusOr<std::vector<TermCounts>> all = query.store().AllCounts();
      if (!all.ok()) return all.status();
      terms = *std::move(by_id);
      counts = *std::move(all);
      return absl::OkStatus();
    }));
    const size_t n = terms.size();
    py::array_t<uint64_t> id(n), frequency(n), row(n), column(n);
    auto ids = id.mutable_unchecked<1>();
    auto f = frequency.mutable_unchecked<1>();
    auto r = row.mutable_unchecked<1>();
    auto c = column.mutable_unchecked<1>();
    py::list term_list(n);
    for (size_t i = 0; i < n; ++i) {
      term_list[i] = Text(terms[i]);
      const TermCounts& tc = i < counts.size() ? counts[i] : TermCounts();
      ids(i) = i;
      f(i) = tc.frequency;
      r(i) = tc.row;
      c(i) = tc.column;
    }
    py::dict columns;
    columns["term"] = term_list;
    columns["id"] = id;
    columns["frequency"] = frequency;
    columns["row"] = row;
    columns["column"] = column;
    return columns;
  }

  // The stored pair counts with count >= min_count as CSR arrays:
  // (indptr, indices, data, n) for an n x n matrix of ids; indices and
  // indptr int32 while the pairs fit, else int64; data int64.
  py::tuple Matrix(int64_t min_count) {
    if (min_count < 1) Raise(PyExc_ValueError, "min_count must be at least 1");
    std::vector<ShardRows> shards;
    uint64_t types = 0;
    OkOrRaise(LockedStatus([&](Query& query) -> absl::Status {
      absl::StatusOr<Totals> totals = query.store().ReadTotals();
      if (!totals.ok()) return totals.status();
      types = totals->types;
      return ReadShards(query.store(), static_cast<uint64_t>(min_count),
                        &shards);
    }));
    uint64_t nnz = 0;
    for (const ShardRows& shard : shards) nnz += shard.columns.size();
    if (nnz < (uint64_t{1} << 31) && types < (uint64_t{1} << 31)) {
      return Csr<int32_t>(shards, types, nnz);
    }
    return Csr<int64_t>(shards, types, nnz);
  }

 private:
  // Runs `read` on the query with the lock held and without the GIL.
  template <typename Read>
  auto Locked(Read read) -> decltype(read(std::declval<Query&>())) {
    py::gil_scoped_release release;
    absl::MutexLock lock(&mu_);
    if (query_ == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(path_, ": the database is closed"));
    }
    return read(*query_);
  }
  absl::Status LockedStatus(const std::function<absl::Status(Query&)>& read) {
    return Locked(read);
  }

  // Calls `work(s)` for each s in [0, count), on all cores.
  template <typename Work>
  static void ForEachShard(int count, Work work) {
    std::atomic<int> next{0};
    const auto worker = [&] {
      for (int s = next++; s < count; s = next++) work(s);
    };
    const int threads = std::max(
        1, std::min<int>(count, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(worker);
    worker();
    for (std::thread& thread : workers) thread.join();
  }

  // Reads every shard into `*shards`, on all cores.
  static absl::Status ReadShards(const CountStore& store, uint64_t min_count,
                                 std::vector<ShardRows>* shards) {
    const int count = store.options().shards;
    shards->resize(count);
    absl::Mutex mu;
    absl::Status first_error;
    ForEachShard(count, [&](int s) {
      std::vector<PairEntry> buffer(4096);
      {
        PairCursorOptions options;
        options.min_count = min_count;
        options.cache = PairCursorOptions::Cache::kBypass;
        absl::StatusOr<PairCursor> cursor = store.ShardPairs(s, options);
        absl::Status status = cursor.status();
        ShardRows& rows = (*shards)[s];
        while (status.ok()) {
          absl::StatusOr<size_t> n = cursor->Read(absl::MakeSpan(buffer));
          if (!n.ok()) {
            status = n.status();
            break;
          }
          if (*n == 0) break;
          for (size_t i = 0; i < *n; ++i) {
            const PairEntry& e = buffer[i];
            if (rows.rows.empty() || rows.rows.back().first != e.x) {
              rows.rows.push_back({e.x, 0});
            }
            ++rows.rows.back().second;
            rows.columns.push_back(e.y);
            rows.counts.push_back(e.count);
          }
        }
        if (!status.ok()) {
          absl::MutexLock lock(&mu);
          if (first_error.ok()) first_error = status;
        }
      }
    });
    return first_error;
  }

  template <typename Index>
  static py::tuple Csr(std::vector<ShardRows>& shards, uint64_t types,
                       uint64_t nnz) {
    py::array_t<Index> indptr(types + 1);
    py::array_t<Index> indices(nnz);
    py::array_t<int64_t> data(nnz);
    Index* ptr = indptr.mutable_data();
    Index* col = indices.mutable_data();
    int64_t* value = data.mutable_data();
    {
      py::gil_scoped_release release;
      // Row lengths, then their prefix sums.
      std::fill(ptr, ptr + types + 1, 0);
      for (const ShardRows& shard : shards) {
        for (const auto& [x, length] : shard.rows) {
          if (x < types) ptr[x + 1] = static_cast<Index>(length);
        }
      }
      for (uint64_t x = 0; x < types; ++x) ptr[x + 1] += ptr[x];
      // Each shard's rows to their places (shards hold disjoint rows, so
      // on all cores), each chunk freed once copied.
      ForEachShard(static_cast<int>(shards.size()), [&](int s) {
        ShardRows& shard = shards[s];
        typename ChunkedArray<uint32_t>::Reader columns(&shard.columns);
        typename ChunkedArray<uint64_t>::Reader counts(&shard.counts);
        for (const auto& [x, length] : shard.rows) {
          columns.Take(length, col + ptr[x]);
          counts.Take(length, value + ptr[x]);
        }
        shard = ShardRows();
      });
    }
    return py::make_tuple(indptr, indices, data, types);
  }

  const std::string path_;
  absl::Mutex mu_;
  std::unique_ptr<Query> query_ ABSL_GUARDED_BY(mu_);
};

}  // namespace
}  // namespace cooc

PYBIND11_MODULE(_cooc, m) {
  using namespace cooc;  // NOLINT: the module's definitions below.
  m.doc() = "The C++ side of cooc; use the cooc package, not this module.";
  MakeExceptions(m);

  py::class_<CountingArguments>(m, "_CountingArguments")
      .def(py::init<>())
      .def_readwrite("window", &CountingArguments::window)
      .def_readwrite("ordered", &CountingArguments::ordered)
      .def_readwrite("unit", &CountingArguments::unit)
      .def_readwrite("shards", &CountingArguments::shards)
      .def_readwrite("fold", &CountingArguments::fold)
      .def_readwrite("keep_numbers", &CountingArguments::keep_numbers)
      .def_readwrite("keep_punct", &CountingArguments::keep_punct)
      .def_readwrite("min_length", &CountingArguments::min_length)
      .def_readwrite("dictionary", &CountingArguments::dictionary)
      .def_readwrite("stopwords", &CountingArguments::stopwords)
      .def_readwrite("force", &CountingArguments::force)
      .def_readwrite("threads", &CountingArguments::threads)
      .def_readwrite("memory", &CountingArguments::memory);

  m.def("tokenize_lines", &TokenizeLines, py::arg("lines"), py::arg("fold"),
        py::arg("keep_numbers"), py::arg("keep_punct"), py::arg("min_length"),
        py::arg("dictionary"), py::arg("stopwords"));
  m.def("ingest", &IngestText, py::arg("db"), py::arg("files"),
        py::arg("arguments"), py::arg("progress"));
  m.def("ingest_parts", &IngestCountParts, py::arg("db"), py::arg("parts"),
        py::arg("force"), py::arg("threads"), py::arg("memory"),
        py::arg("progress"), py::arg("files") = py::none());
  m.def("fingerprint", &Fingerprint, py::arg("path"));
  m.def("resolve_definition", &ResolveDefinition, py::arg("db"),
        py::arg("arguments"));
  m.def("count_range", &CountRange, py::arg("part"), py::arg("path"),
        py::arg("begin"), py::arg("end"), py::arg("arguments"),
        py::arg("progress"));
  m.def("count", &CountText, py::arg("part"), py::arg("files"),
        py::arg("arguments"), py::arg("progress"));
  m.def("merge", &Merge, py::arg("out"), py::arg("inputs"), py::arg("force"),
        py::arg("threads"), py::arg("memory"));
  m.def("measure_names", [] {
    std::vector<std::string> names;
    for (Measure measure : AllMeasures()) {
      names.emplace_back(MeasureName(measure));
    }
    return names;
  });

  py::class_<Database>(m, "_Database")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def_property_readonly("path", &Database::path)
      .def_property_readonly("closed", &Database::closed)
      .def("close", &Database::Close)
      .def("stats", &Database::Stats, py::arg("information"), py::arg("base"))
      .def("pair", &Database::Pair, py::arg("x"), py::arg("y"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"))
      .def("assoc", &Database::Assoc, py::arg("terms"), py::arg("measure"),
           py::arg("top"), py::arg("min_count"), py::arg("measures"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"), py::arg("skip_missing"))
      .def("collocations", &Database::Collocations, py::arg("measure"),
           py::arg("top"), py::arg("min_count"), py::arg("measures"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"))
      .def("sources", &Database::Sources)
      .def("vocabulary", &Database::Vocabulary)
      .def("matrix", &Database::Matrix, py::arg("min_count"));
}
