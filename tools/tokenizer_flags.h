// The tokenizer flags shared by `cooc tokenize` and `cooc ingest`.

#ifndef COOC_TOOLS_TOKENIZER_FLAGS_H_
#define COOC_TOOLS_TOKENIZER_FLAGS_H_

#include <vector>

#include "command_line.h"
#include "cooc/tokenizer.h"

namespace cooc {

// --no-fold and --keep-numbers.
std::vector<FlagSpec> TokenizerFlags();

// The TokenizerOptions the flags ask for.
TokenizerOptions TokenizerOptionsFromFlags(const CommandLine& command_line);

}  // namespace cooc

#endif  // COOC_TOOLS_TOKENIZER_FLAGS_H_
