// cooc discover: new words of a Chinese text from its own statistics, as a
// dictionary for --dict (include/cooc/discover.h).

#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <type_traits>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/discover.h"
#include "cooc/report.h"
#include "cooc/user_dictionary.h"
#include "tokenizer_flags.h"

namespace cooc {

int RunDiscover(const std::vector<std::string>& args) {
  const DiscoverOptions defaults;
  CommandLine command_line(
      "discover [--min-count N] [--max-length L] [--top K] [options] "
      "FILE...|-",
      "Finds the words of Chinese text that ICU's segmentation lacks (names,\n"
      "transliterations, terms) from the text's own statistics, and prints\n"
      "them as a user dictionary: by default one WORD<TAB>FREQUENCY line per\n"
      "word, most frequent first, which --dict reads as it is; --format\n"
      "table|tsv|json|csv prints word, frequency, cohesion, left_entropy and\n"
      "right_entropy. Every character n-gram of 2 to L characters within a\n"
      "run of Han characters (never across a line break or another\n"
      "character) is a candidate, and so is a number (digits as ICU makes a\n"
      "token of them) with the one Han character after it (2000年, 3万);\n"
      "a candidate is kept when it occurs at least N times,\n"
      "its cohesion (the smallest PMI in bits over its split points:\n"
      "min log2(c(w) N / (c(left) c(right))), N the Han characters) reaches\n"
      "--min-cohesion, the entropies of the characters on its left and on its\n"
      "right (bits; an occurrence at the end of a run counts as a neighbour\n"
      "of its own) both reach --min-entropy, and the base segmentation (ICU,\n"
      "with --dict FILE too) splits it as --pieces says: never as one word;\n"
      "word-chars (default): into single characters save perhaps the first\n"
      "piece (蒲 力 汗 诺 夫, 现代 化); chars: single characters only; any:\n"
      "any split. Counting is exact; --memory bounds its tables (a\n"
      "level whose table would outgrow it is counted in more scans of the\n"
      "text; same result). The defaults were chosen by measurement on the\n"
      "SIGHAN 2005 PKU test text (see the README).",
      {
          {"min-count", "N", "the fewest occurrences of a word (at least 2)",
           absl::StrCat(defaults.min_count)},
          {"max-length", "L", "the longest word in characters (2-7)",
           absl::StrCat(defaults.max_length)},
          {"min-cohesion", "BITS", "the smallest cohesion of a word",
           absl::StrFormat("%g", defaults.min_cohesion)},
          {"min-entropy", "BITS",
           "the smallest left and right neighbour entropy of a word",
           absl::StrFormat("%g", defaults.min_entropy)},
          {"pieces", "RULE",
           "which splits of the base segmentation keep a candidate: "
           "word-chars, chars or any",
           std::string(DiscoverPiecesName(defaults.pieces))},
          {"dict", "FILE",
           "the base segmentation's user dictionary: find the words that ICU "
           "with it lacks (default: ICU alone)",
           ""},
          {"top", "K", "print only the K most frequent words (0: all)",
           absl::StrCat(defaults.top)},
          {"threads", "N", "counting threads; 0 = one per core",
           absl::StrCat(defaults.threads)},
          {"memory", "MB", "memory for the counting tables in MiB",
           absl::StrCat(defaults.memory_mb)},
          ConvertFlag(),
          EncodingFlag(),
          {"format", "F", "dict (WORD<TAB>FREQUENCY lines), table, tsv, json "
           "or csv", "dict"},
      });
  if (std::optional<int> done = command_line.Start(args)) return *done;
  DiscoverOptions options;
  const auto get_int = [&](absl::string_view name, int64_t min, int64_t max,
                           auto* value) -> std::optional<int> {
    absl::StatusOr<int64_t> parsed = command_line.GetInt(name, min, max);
    if (!parsed.ok()) return command_line.UsageError(parsed.status().message());
    *value = static_cast<std::remove_reference_t<decltype(*value)>>(*parsed);
    return std::nullopt;
  };
  const auto get_real = [&](absl::string_view name,
                            double* value) -> std::optional<int> {
    const std::string text = command_line.Get(name);
    if (!absl::SimpleAtod(text, value) || !std::isfinite(*value)) {
      return command_line.UsageError(
          absl::StrCat("--", name, " must be a number, not '", text, "'"));
    }
    return std::nullopt;
  };
  for (std::optional<int> done :
       {get_int("min-count", 2, int64_t{1} << 40, &options.min_count),
        get_int("max-length", 2, 7, &options.max_length),
        get_int("top", 0, int64_t{1} << 40, &options.top),
        get_int("threads", 0, 256, &options.threads),
        get_int("memory", 16, int64_t{1} << 30, &options.memory_mb),
        get_real("min-cohesion", &options.min_cohesion),
        get_real("min-entropy", &options.min_entropy),
        EncodingFromFlags(command_line, &options.encoding),
        ConvertFromFlags(command_line, &options.script_conversion)}) {
    if (done) return *done;
  }
  if (command_line.Given("pieces")) {
    absl::StatusOr<DiscoverPieces> pieces =
        ParseDiscoverPieces(command_line.Get("pieces"));
    if (!pieces.ok()) return command_line.UsageError(pieces.status().message());
    options.pieces = *pieces;
  }
  if (command_line.Given("dict")) {
    absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
        UserDictionary::Load(command_line.Get("dict"));
    if (!dictionary.ok()) return RuntimeError(dictionary.status());
    options.dictionary = *std::move(dictionary);
  }
  const std::string format_name = command_line.Get("format");
  std::optional<OutputFormat> format;
  if (format_name != "dict") {
    absl::StatusOr<OutputFormat> parsed = ParseOutputFormat(format_name);
    if (!parsed.ok()) {
      return command_line.UsageError(
          absl::StrCat(parsed.status().message(), "; or dict, the default"));
    }
    format = *parsed;
  }
  std::vector<std::string> inputs = command_line.positional();
  if (inputs.empty()) inputs.push_back("-");

  absl::StatusOr<Discovery> discovery = DiscoverWords(inputs, options);
  if (!discovery.ok()) return RuntimeError(discovery.status());
  if (!format) {
    std::string out;
    for (const DiscoveredWord& word : discovery->words) {
      absl::StrAppend(&out, word.word, "\t", word.count, "\n");
    }
    return WriteStdout(out) ? 0 : 1;
  }
  Report report(
      {"word", "frequency", "cohesion", "left_entropy", "right_entropy"});
  for (const DiscoveredWord& word : discovery->words) {
    report.AddRow({word.word, word.count, word.cohesion, word.left_entropy,
                   word.right_entropy});
  }
  return WriteStdout(report.Render(*format)) ? 0 : 1;
}

}  // namespace cooc
