#include "counting.h"

#include <pybind11/stl.h>

#include <signal.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "cooc/count.h"
#include "cooc/ingest.h"
#include "cooc/measures.h"
#include "cooc/merge.h"
#include "cooc/report.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"
#include "cooc/user_dictionary.h"
#include "python_values.h"

namespace cooc::python {
namespace {

// The definition and counting options of ingest and count, as the Python
// package passes them (unset: the database's or a new database's value).
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
  std::optional<bool> pretokenized;     // Segmentation::kPretokenized.
  std::optional<std::string> convert;   // ScriptConversionName.
  std::optional<std::string> encoding;  // IngestOptions::encoding.
  std::optional<std::string> labels;    // IngestOptions::labels.
  bool force = false;
  int threads = 0;
  int64_t memory = 1024;
};

// The tokenizer settings as keyword arguments (the CLI's flags).
// `convert` as a ScriptConversion, or a ValueError.
ScriptConversion ConversionOrRaise(const std::string& convert) {
  absl::StatusOr<ScriptConversion> conversion = ParseScriptConversion(convert);
  if (!conversion.ok()) {
    Raise(PyExc_ValueError, std::string(conversion.status().message()));
  }
  return *conversion;
}

TokenizerOptions MakeTokenizerOptions(bool fold, bool keep_numbers,
                                      bool keep_punct, int min_length,
                                      const std::optional<std::string>& dict,
                                      const std::optional<std::string>& stops,
                                      bool pretokenized,
                                      const std::string& convert) {
  TokenizerOptions options;
  if (pretokenized) options.segmentation = Segmentation::kPretokenized;
  options.script_conversion = ConversionOrRaise(convert);
  options.case_folding = fold ? CaseFolding::kFold : CaseFolding::kKeep;
  options.keep_numbers = keep_numbers;
  options.keep_punctuation = keep_punct;
  options.min_length = min_length;
  if (dict) options.dictionary = ValueOrRaise(UserDictionary::Load(*dict));
  if (stops) options.stopwords = ValueOrRaise(StopwordList::Open(*stops));
  return options;
}

// The stop flag of the counting call that a SIGINT (Ctrl-C) stops, or
// null; and whether a SIGINT came during the call.
std::atomic<std::atomic<bool>*> interruptible_call{nullptr};
volatile std::sig_atomic_t sigint_seen = 0;

extern "C" void StopOnSigint(int) {
  sigint_seen = 1;
  std::atomic<bool>* stop = interruptible_call.load();
  if (stop != nullptr) stop->store(true);  // Lock-free: async-signal-safe.
}

// What a counting call needs from Python: its progress callable, called with
// the GIL from the thread that reads; and Ctrl-C. While the call runs on
// the main thread (where Python's own SIGINT handler would only set a flag
// that no Python code looks at until the call returns) SIGINT sets the
// call's stop flag (IngestOptions::stop), so the library stops at its next
// check and leaves the database unchanged; afterwards Python's handler is
// back and the interrupt is raised as KeyboardInterrupt. A progress
// callable that raises stops the call the same way, and its exception is
// raised again.
class PythonHooks {
 public:
  explicit PythonHooks(py::object progress) : progress_(std::move(progress)) {}

  // Points `options` at these hooks and, on the main thread, takes SIGINT
  // for the call. GIL held.
  void Start(IngestOptions* options) {
    options->progress = [this](const IngestProgress& p) {
      py::gil_scoped_acquire gil;
      py::dict update;
      update["bytes_read"] = p.bytes_read;
      update["bytes_total"] = p.bytes_total;
      update["tokens"] = p.tokens;
      update["seconds"] = p.seconds;
      Progress(update);
    };
    Start(&options->stop);
  }

  // The same for a call with a stop flag and no progress (a merge).
  void Start(const std::atomic<bool>** stop) {
    *stop = &stop_;
    py::module_ threading = py::module_::import("threading");
    if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) {
      return;  // Only the main thread sees KeyboardInterrupt.
    }
    sigint_seen = 0;
    interruptible_call.store(&stop_);
    struct sigaction action = {};
    action.sa_handler = StopOnSigint;
    sigemptyset(&action.sa_mask);
    handling_sigint_ = sigaction(SIGINT, &action, &python_sigint_) == 0;
  }

  // After the call returned (GIL held): gives SIGINT back to Python and
  // raises what stopped the call, if anything did. `completed`: whether the
  // call finished anyway (an interrupt during its commit lets it finish);
  // then the interrupt is raised at Python's next check.
  void Finish(bool completed) {
    interruptible_call.store(nullptr);
    if (handling_sigint_) {
      sigaction(SIGINT, &python_sigint_, nullptr);
      handling_sigint_ = false;
      if (sigint_seen) {
        sigint_seen = 0;
        if (completed) {
          PyErr_SetInterrupt();
        } else {
          PyErr_SetNone(PyExc_KeyboardInterrupt);
          throw py::error_already_set();
        }
      }
    }
    if (error_) throw *std::move(error_);
  }

 private:
  void Progress(py::dict update) {  // GIL held.
    if (error_ || progress_.is_none()) return;
    try {
      progress_(update);
    } catch (py::error_already_set& error) {
      error_ = std::move(error);
      stop_.store(true);
    }
  }

  py::object progress_;
  std::atomic<bool> stop_{false};
  std::optional<py::error_already_set> error_;
  bool handling_sigint_ = false;
  struct sigaction python_sigint_ = {};
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
  if (a.pretokenized) {
    options.segmentation =
        *a.pretokenized ? Segmentation::kPretokenized : Segmentation::kIcu;
  }
  if (a.convert) options.script_conversion = ConversionOrRaise(*a.convert);
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
  if (a.labels) options.labels = ValueOrRaise(ParseLabelMode(*a.labels));
  if (a.encoding) {
    if (absl::Status known = CheckEncoding(*a.encoding); !known.ok()) {
      Raise(PyExc_ValueError, std::string(known.message()));
    }
    options.encoding = *a.encoding;
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
  hooks.Start(&options);
  absl::StatusOr<Summary> summary;
  {
    py::gil_scoped_release release;
    summary = call(options);
  }
  hooks.Finish(summary.ok());
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


py::dict IngestCountParts(const std::string& db,
                          const std::vector<std::string>& parts, bool force,
                          int threads, int64_t memory, py::object progress,
                          const std::optional<std::vector<FileEntry>>& files) {
  CountingArguments arguments;
  arguments.force = force;
  arguments.threads = threads;
  arguments.memory = memory;
  IngestOptions options = MakeIngestOptions(arguments);
  if (files) options.journal = JournalOf(*files);
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
  result["pretokenized"] =
      tokenizer.segmentation == Segmentation::kPretokenized;
  result["convert"] =
      std::string(ScriptConversionName(tokenizer.script_conversion));
  result["labels"] = std::string(LabelModeName(definition->labels));
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
  PythonHooks hooks{py::none()};
  hooks.Start(&options.stop);
  absl::StatusOr<MergeSummary> summary;
  {
    py::gil_scoped_release release;
    summary = MergeDatabases(out, inputs, options);
  }
  hooks.Finish(summary.ok());
  return Record(MergeReport(ValueOrRaise(std::move(summary))));
}

py::list TokenizeLines(const std::vector<std::string>& lines, bool fold,
                       bool keep_numbers, bool keep_punct, int min_length,
                       const std::optional<std::string>& dictionary,
                       const std::optional<std::string>& stopwords,
                       bool pretokenized, const std::string& convert) {
  const TokenizerOptions options =
      MakeTokenizerOptions(fold, keep_numbers, keep_punct, min_length,
                           dictionary, stopwords, pretokenized, convert);
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

}  // namespace

std::vector<JournalEntry> JournalOf(const std::vector<FileEntry>& files) {
  std::vector<JournalEntry> journal;
  for (const auto& [path, bytes, hash] : files) {
    JournalEntry entry;
    entry.path = path;
    entry.bytes = bytes;
    entry.content_hash = hash;
    journal.push_back(std::move(entry));
  }
  return journal;
}

void DefineCounting(py::module_& m) {
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
      .def_readwrite("pretokenized", &CountingArguments::pretokenized)
      .def_readwrite("convert", &CountingArguments::convert)
      .def_readwrite("encoding", &CountingArguments::encoding)
      .def_readwrite("labels", &CountingArguments::labels)
      .def_readwrite("force", &CountingArguments::force)
      .def_readwrite("threads", &CountingArguments::threads)
      .def_readwrite("memory", &CountingArguments::memory);

  m.def("tokenize_lines", &TokenizeLines, py::arg("lines"), py::arg("fold"),
        py::arg("keep_numbers"), py::arg("keep_punct"), py::arg("min_length"),
        py::arg("dictionary"), py::arg("stopwords"),
        py::arg("pretokenized") = false, py::arg("convert") = "none");
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
}

}  // namespace cooc::python
