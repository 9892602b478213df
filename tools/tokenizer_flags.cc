#include "tokenizer_flags.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cooc/ingest.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"

namespace cooc {

std::vector<FlagSpec> TokenizerFlags() {
  return {
      {"no-fold", "", "keep letter case (default: NFKC, then case folding)",
       ""},
      {"keep-numbers", "", "keep number tokens (default: dropped)", ""},
      {"pretokenized", "",
       "the text is segmented already (jieba, pkuseg...): tokens are the "
       "pieces between white space, normalized and filtered as usual, "
       "never split or joined (no --dict)",
       ""},
      ConvertFlag(),
  };
}

FlagSpec ConvertFlag() {
  return {"convert", "t2s|s2t",
          "convert Traditional Chinese to Simplified (t2s) or Simplified to "
          "Traditional (s2t) before segmentation, so both count as one "
          "vocabulary (ICU transliterators)",
          ""};
}

std::optional<int> ConvertFromFlags(const CommandLine& command_line,
                                    ScriptConversion* conversion) {
  if (!command_line.Given("convert")) return std::nullopt;
  absl::StatusOr<ScriptConversion> parsed =
      ParseScriptConversion(command_line.Get("convert"));
  if (!parsed.ok()) return command_line.UsageError(parsed.status().message());
  *conversion = *parsed;
  return std::nullopt;
}

std::vector<FlagSpec> TokenFilterFlags() {
  return {
      {"keep-punct", "",
       "keep punctuation and symbol tokens too (default: dropped)", ""},
      {"dict", "FILE",
       "user dictionary: a word per line, optional TAB frequency (or jieba's WORD FREQ TAG)", ""},
      {"stopwords", "LIST",
       absl::StrCat("drop stopwords: built-in ",
                    absl::StrJoin(StopwordList::BuiltinNames(), " or "),
                    ", or a file (a word per line)"),
       ""},
      {"min-length", "N", "drop tokens shorter than N characters", "0"},
  };
}

FlagSpec EncodingFlag() {
  return {"encoding", "NAME",
          "the inputs' encoding, converted to UTF-8 before counting (any ICU "
          "converter: gb18030, big5, shift_jis, latin1, utf-16le, ...; "
          "default: UTF-8, or UTF-16/32 by a byte-order mark; input that is "
          "not UTF-8 is refused with a guess; utf-8 counts it anyway, "
          "invalid sequences replaced)",
          ""};
}

std::optional<int> EncodingFromFlags(const CommandLine& command_line,
                                     std::string* encoding) {
  if (!command_line.Given("encoding")) return std::nullopt;
  const std::string name = command_line.Get("encoding");
  if (absl::Status known = CheckEncoding(name); !known.ok()) {
    return command_line.UsageError(known.message());
  }
  *encoding = name;
  return std::nullopt;
}

std::optional<int> TokenizerOptionsFromFlags(const CommandLine& command_line,
                                             TokenizerOptions* options) {
  *options = TokenizerOptions();
  if (command_line.Given("no-fold")) options->case_folding = CaseFolding::kKeep;
  if (command_line.Given("keep-numbers")) options->keep_numbers = true;
  if (command_line.Given("pretokenized")) {
    options->segmentation = Segmentation::kPretokenized;
  }
  if (std::optional<int> done =
          ConvertFromFlags(command_line, &options->script_conversion)) {
    return done;
  }
  if (options->segmentation == Segmentation::kPretokenized &&
      command_line.Given("dict")) {
    return command_line.UsageError(
        "--pretokenized text is not segmented again: --dict cannot be used "
        "with it");
  }
  return std::nullopt;
}

std::optional<int> AddTokenFilterFlags(const CommandLine& command_line,
                                       TokenizerOptions* options) {
  if (command_line.Given("keep-punct")) options->keep_punctuation = true;
  if (command_line.Given("min-length")) {
    absl::StatusOr<int64_t> length = command_line.GetInt("min-length", 0, 1000);
    if (!length.ok()) return command_line.UsageError(length.status().message());
    options->min_length = static_cast<int>(*length);
  }
  if (command_line.Given("dict")) {
    absl::StatusOr<std::shared_ptr<const UserDictionary>> dictionary =
        UserDictionary::Load(command_line.Get("dict"));
    if (!dictionary.ok()) return RuntimeError(dictionary.status());
    options->dictionary = *std::move(dictionary);
  }
  if (command_line.Given("stopwords")) {
    absl::StatusOr<std::shared_ptr<const StopwordList>> stopwords =
        StopwordList::Open(command_line.Get("stopwords"));
    if (!stopwords.ok()) return RuntimeError(stopwords.status());
    options->stopwords = *std::move(stopwords);
  }
  return std::nullopt;
}

}  // namespace cooc
