// The tokenizer flags shared by `cooc tokenize` and `cooc ingest`.

#ifndef COOC_TOOLS_TOKENIZER_FLAGS_H_
#define COOC_TOOLS_TOKENIZER_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "command_line.h"
#include "cooc/tokenizer.h"

namespace cooc {

// --no-fold, --keep-numbers, --pretokenized and --convert t2s|s2t.
std::vector<FlagSpec> TokenizerFlags();

// --convert t2s|s2t alone (cooc discover).
FlagSpec ConvertFlag();

// Sets `*conversion` to --convert's value if it is given. Returns nullopt on
// success; otherwise prints the usage error and returns the exit status 2.
std::optional<int> ConvertFromFlags(const CommandLine& command_line,
                                    ScriptConversion* conversion);

// --keep-punct, --dict FILE, --stopwords LIST and --min-length N.
std::vector<FlagSpec> TokenFilterFlags();

// --encoding NAME, the encoding the inputs are read in (ingest, count and
// tokenize).
FlagSpec EncodingFlag();

// Sets `*encoding` to --encoding's value if it is given. Returns nullopt on
// success; otherwise prints the usage error (an encoding ICU does not know,
// named) and returns the exit status 2.
std::optional<int> EncodingFromFlags(const CommandLine& command_line,
                                     std::string* encoding);

// Sets `*options` to the TokenizerOptions that the TokenizerFlags() given
// on `command_line` ask for. Returns nullopt on success; otherwise prints
// the usage error (an unknown --convert) and returns the exit status 2.
std::optional<int> TokenizerOptionsFromFlags(const CommandLine& command_line,
                                             TokenizerOptions* options);

// Adds what the TokenFilterFlags() given on `command_line` ask for to
// `*options`, loading the dictionary and stopword list. Returns nullopt on
// success; otherwise prints the error and returns the exit status to end
// with: 2 for a bad --min-length, 1 for a dictionary or stopword list that
// cannot be read or parsed.
std::optional<int> AddTokenFilterFlags(const CommandLine& command_line,
                                       TokenizerOptions* options);

}  // namespace cooc

#endif  // COOC_TOOLS_TOKENIZER_FLAGS_H_
