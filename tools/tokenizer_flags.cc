#include "tokenizer_flags.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"

namespace cooc {

std::vector<FlagSpec> TokenizerFlags() {
  return {
      {"no-fold", "", "keep letter case (default: NFKC, then case folding)",
       ""},
      {"keep-numbers", "", "keep number tokens (default: dropped)", ""},
  };
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

TokenizerOptions TokenizerOptionsFromFlags(const CommandLine& command_line) {
  TokenizerOptions options;
  if (command_line.Given("no-fold")) options.case_folding = CaseFolding::kKeep;
  if (command_line.Given("keep-numbers")) options.keep_numbers = true;
  return options;
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
