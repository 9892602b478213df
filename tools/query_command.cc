#include "query_command.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cooc/measures.h"
#include "cooc/stopwords.h"

namespace cooc {
namespace {

std::string MeasureNames() {
  std::vector<std::string> names;
  for (Measure measure : AllMeasures()) {
    names.emplace_back(MeasureName(measure));
  }
  return absl::StrJoin(names, ", ");
}

// Reads the ranking and base flags that `command_line` declares.
absl::StatusOr<QueryOptions> ParseQueryOptions(const CommandLine& command_line,
                                               const QueryCommand& command) {
  QueryOptions options;
  const auto declared = [&](absl::string_view name) {
    for (const FlagSpec& flag : command.flags) {
      if (flag.name == name) return true;
    }
    return false;
  };
  const bool ranking = declared("measure") && !command.own_ranking;
  if (ranking) {
    auto measure = ParseMeasure(command_line.Get("measure"));
    if (!measure.ok()) return measure.status();
    options.measure = *measure;
  }
  // --top and --min-count are ranking flags where --measure is (other
  // commands, such as vocab, give them their own meaning).
  if (ranking && declared("top")) {
    auto top = command_line.GetInt("top", 1, 100000000);
    if (!top.ok()) return top.status();
    options.top = static_cast<int>(*top);
  }
  if (ranking && declared("min-count")) {
    auto min_count = command_line.GetInt("min-count", 1, INT64_MAX);
    if (!min_count.ok()) return min_count.status();
    options.min_count = static_cast<uint64_t>(*min_count);
  }
  if (ranking && declared("direction") && command_line.Given("direction")) {
    auto direction = ParseDirection(command_line.Get("direction"));
    if (!direction.ok()) return direction.status();
    options.direction = *direction;
  }
  if (ranking && declared("side")) {
    auto side = ParseSide(command_line.Get("side"));
    if (!side.ok()) return side.status();
    options.side = *side;
  }
  if (ranking && declared("self")) options.self_pairs = command_line.Given("self");
  if (ranking && declared("min-freq")) {
    auto min_frequency = command_line.GetInt("min-freq", 0, INT64_MAX);
    if (!min_frequency.ok()) return min_frequency.status();
    options.min_frequency = static_cast<uint64_t>(*min_frequency);
  }
  if (ranking && declared("stopwords") && command_line.Given("stopwords")) {
    auto stopwords = StopwordList::Open(command_line.Get("stopwords"));
    if (!stopwords.ok()) return stopwords.status();
    options.stopwords = *stopwords;
  }
  if (ranking && declared("match")) options.match = command_line.Get("match");
  if (declared("base")) {
    auto base = ParseLogBase(command_line.Get("base"));
    if (!base.ok()) return base.status();
    options.base = *base;
  }
  if (declared("marginals")) {
    auto marginals = ParseMarginals(command_line.Get("marginals"));
    if (!marginals.ok()) return marginals.status();
    options.marginals = *marginals;
  }
  const auto get_real = [&](absl::string_view name, double* value) {
    const std::string text = command_line.Get(name);
    if (!absl::SimpleAtod(text, value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " must be a number, not '", text, "'"));
    }
    return absl::OkStatus();
  };
  if (declared("add-k")) {
    if (absl::Status s = get_real("add-k", &options.add_k); !s.ok()) return s;
  }
  if (declared("cds")) {
    if (absl::Status s = get_real("cds", &options.cds); !s.ok()) return s;
  }
  if (absl::Status valid = ValidateQueryOptions(options); !valid.ok()) {
    return valid;
  }
  return options;
}

// Why a ranking listed nothing, from what it ranked.
std::string WhyNothingRanked(const RankingCounts& ranked,
                             const QueryOptions& options) {
  if (ranked.candidates == 0) {
    return absl::StrCat("no results: no pair was seen at least ",
                        options.min_count, " time(s) (--min-count)");
  }
  if (ranked.filtered_words + ranked.filtered_direction > 0 &&
      ranked.filtered_words + ranked.filtered_direction + ranked.unscored >=
          ranked.candidates) {
    return absl::StrCat(
        "no results: of the ", ranked.candidates, " pair(s) seen at least ",
        options.min_count, " time(s), ", ranked.filtered_words,
        " were left out by the word filters (--self, --min-freq, "
        "--stopwords, --match) and ", ranked.filtered_direction,
        " by --direction ",
        DirectionName(options.direction, options.measure),
        (ranked.unscored > 0
             ? absl::StrCat("; ", ranked.unscored,
                            " more have no rankable score")
             : std::string()));
  }
  return absl::StrCat(
      "no results: none of the ", ranked.candidates, " pair(s) seen at least ",
      options.min_count, " time(s) has a ", MeasureName(options.measure),
      " score that can be ranked (each is undefined, or the worst possible",
      " value) with these table options (--marginals, --add-k, --cds)");
}

}  // namespace

FlagSpec LogBaseFlag() {
  return {"base", "B",
          "logarithm base of pmi, ppmi, mi, mi2, mi3, local_mi, "
          "poisson_stirling and of stats' entropies: 2 (bits), e (nats), 10",
          std::string(LogBaseName(QueryOptions().base))};
}

std::vector<FlagSpec> TableFlags() {
  const QueryOptions defaults;
  return {
      {"marginals", "M",
       "pair: o11 = c(x,y), r1 = c(x,*), c1 = c(*,y), n = pair events; "
       "unigram: NLTK's o11 = c(x,y)/W, r1 = f(x), c1 = f(y), n = tokens",
       std::string(MarginalsName(defaults.marginals))},
      {"add-k", "K",
       absl::StrCat("add K to every cell of the table (o11+K, r1+2K, c1+2K, "
                    "n+4K), 0 <= K <= ",
                    kMaxAddK),
       absl::StrCat(defaults.add_k)},
      {"cds", "A",
       "context-distribution smoothing of the pmi family: c1 = n * "
       "C(y)^A / sum_z C(z)^A, A in (0, 1]; 1 is off (Levy et al.: 0.75)",
       absl::StrCat(defaults.cds)},
  };
}

std::vector<FlagSpec> RankingFlags() {
  const QueryOptions defaults;
  std::vector<FlagSpec> flags = {
      {"measure", "M",
       absl::StrCat("ranking measure (p-values rank smallest first): ",
                    MeasureNames()),
       std::string(MeasureName(defaults.measure))},
      {"top", "K", "how many results", absl::StrCat(defaults.top)},
      {"min-count", "N", "ignore pairs seen fewer than N times",
       absl::StrCat(defaults.min_count)},
      {"direction", "D",
       "which side of independence is ranked: positive (o11 > expected, "
       "attraction), negative (repulsion) or any; default: positive for "
       "the test statistics (mi, llr, chi2, phi2, simple_ll, zscore, "
       "tscore, poisson_stirling, log_odds, llr_p, chi2_p), any for the "
       "others",
       ""},
      {"self", "", "also rank pairs of a word with itself (x, x)", ""},
      {"min-freq", "N",
       "ignore pairs whose words' token frequency f is below N (either "
       "word)",
       "0"},
      {"stopwords", "LIST",
       "leave out partners (assoc) or pairs (collocations) with a word of "
       "LIST: en, zh or a file of one word per line; counts are unchanged",
       ""},
      {"match", "REGEX",
       "rank only partners (assoc), or pairs whose two words (collocations), "
       "contain a match of this ICU regular expression (\\p{Han}+, "
       "^[a-z]+$)",
       ""},
      MeasuresFlag(),
      LogBaseFlag(),
  };
  for (FlagSpec& flag : TableFlags()) flags.push_back(std::move(flag));
  return flags;
}

absl::Status ReadTopAndMinimum(const CommandLine& command_line,
                               absl::string_view minimum_flag, uint64_t* top,
                               uint64_t* minimum) {
  if (absl::Status valid = command_line.GetCount("top", 0, top); !valid.ok()) {
    return valid;
  }
  return command_line.GetCount(minimum_flag, 1, minimum);
}

FlagSpec MeasuresFlag() {
  return {"measures", "LIST",
          "also print these measures, comma-separated (pmi,llr,logdice), a "
          "column each after the ranking one",
          ""};
}

std::vector<Measure> ExtraMeasures(const CommandLine& command_line) {
  if (!command_line.Given("measures")) return {};
  return ParseMeasureList(command_line.Get("measures")).value();
}

absl::StatusOr<std::vector<std::string>> QueryTerms(
    const CommandLine& command_line) {
  std::vector<std::string> terms = command_line.positional();
  if (!command_line.Given("terms-from")) return terms;
  const std::string path = command_line.Get("terms-from");
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "r");
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  std::string line;
  int c;
  const auto take = [&] {
    absl::string_view term = absl::StripAsciiWhitespace(line);
    if (!term.empty()) terms.emplace_back(term);
    line.clear();
  };
  while ((c = std::fgetc(file)) != EOF) {
    if (c == '\n') {
      take();
    } else {
      line.push_back(static_cast<char>(c));
    }
  }
  take();
  const bool failed = std::ferror(file);
  if (file != stdin) std::fclose(file);
  if (failed) return absl::InternalError(absl::StrCat("cannot read ", path));
  return terms;
}

int RunQueryCommand(const QueryCommand& command,
                    const std::vector<std::string>& args) {
  std::vector<FlagSpec> flags = {DbFlag()};
  flags.insert(flags.end(), command.flags.begin(), command.flags.end());
  if (command.term_list) {
    flags.push_back({"terms-from", "FILE",
                     "also the terms of FILE, one per line (- for stdin)",
                     ""});
  }
  flags.push_back(FormatFlag());
  CommandLine command_line(command.usage, command.summary, flags);
  if (std::optional<int> done = command_line.Start(args, {"db"})) return *done;
  if (command.term_list) {
    if (command_line.positional().empty() && !command_line.Given("terms-from")) {
      return command_line.UsageError("expected a TERM or --terms-from FILE");
    }
  } else if (command_line.positional().size() < command.terms ||
             command_line.positional().size() >
                 command.terms + command.optional_terms) {
    return command_line.UsageError(absl::StrCat(
        "expected ", command.terms,
        command.optional_terms > 0
            ? absl::StrCat(" to ", command.terms + command.optional_terms)
            : "",
        " term argument(s), got ", command_line.positional().size()));
  }
  if (command_line.Given("measures")) {
    absl::StatusOr<std::vector<Measure>> measures =
        ParseMeasureList(command_line.Get("measures"));
    if (!measures.ok()) {
      return command_line.UsageError(measures.status().message());
    }
  }
  absl::StatusOr<OutputFormat> format =
      ParseOutputFormat(command_line.Get("format"));
  if (!format.ok()) return command_line.UsageError(format.status().message());
  absl::StatusOr<QueryOptions> options =
      ParseQueryOptions(command_line, command);
  if (!options.ok()) return command_line.UsageError(options.status().message());
  if (command.check_flags) {
    if (absl::Status valid = command.check_flags(command_line); !valid.ok()) {
      return command_line.UsageError(valid.message());
    }
  }

  absl::StatusOr<std::unique_ptr<Query>> query =
      Query::Open(command_line.Get("db"));
  if (!query.ok()) return RuntimeError(query.status());
  if (command.answer_text) {
    absl::StatusOr<std::string> text =
        command.answer_text(**query, command_line, *format);
    if (!text.ok()) return RuntimeError(text.status());
    return WriteStdout(*text) ? 0 : 1;
  }
  absl::StatusOr<Report> report =
      command.answer(**query, *options, command_line);
  if (!report.ok()) return RuntimeError(report.status());
  // A ranking (assoc, collocations: the commands with --min-count) that
  // lists nothing says why on stderr; the empty report is still printed.
  const bool ranks = std::any_of(
      command.flags.begin(), command.flags.end(),
      [](const FlagSpec& flag) { return flag.name == "min-count"; });
  if (ranks && report->rows().empty()) {
    PrintMessage(WhyNothingRanked((*query)->last_ranking(), *options));
  }
  return WriteStdout(report->Render(*format)) ? 0 : 1;
}

}  // namespace cooc
