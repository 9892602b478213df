#include "tokenizer_flags.h"

namespace cooc {

std::vector<FlagSpec> TokenizerFlags() {
  return {
      {"no-fold", "", "keep letter case (default: NFKC, then case folding)", ""},
      {"keep-numbers", "", "keep number tokens (default: dropped)", ""},
  };
}

TokenizerOptions TokenizerOptionsFromFlags(const CommandLine& command_line) {
  TokenizerOptions options;
  if (command_line.Given("no-fold")) options.case_folding = CaseFolding::kKeep;
  if (command_line.Given("keep-numbers")) options.keep_numbers = true;
  return options;
}

}  // namespace cooc
