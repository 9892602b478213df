// cooc tokenize: the tokens of each input line, as ingest counts them.

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/ingest.h"
#include "tokenizer_flags.h"

namespace cooc {

int RunTokenize(const std::vector<std::string>& args) {
  std::vector<FlagSpec> flags = TokenizerFlags();
  for (FlagSpec& flag : TokenFilterFlags()) flags.push_back(std::move(flag));
  CommandLine command_line(
      "tokenize [options] [FILE...|-]",
      "Prints one output line per input line: its tokens separated by single\n"
      "spaces, an empty line if it has none, as ingest counts them with the\n"
      "same options. Text is NFKC-normalized and case folded, split by ICU's\n"
      "word break (with --dict, adjacent Chinese/Japanese segments that form\n"
      "a dictionary word are joined), and words (letters, kana, ideographs)\n"
      "are kept; numbers with --keep-numbers, punctuation and symbols with\n"
      "--keep-punct; stopwords and tokens shorter than --min-length are\n"
      "dropped. Reads standard input if no FILE is given. Invalid UTF-8 is\n"
      "replaced and counted on stderr.",
      flags);
  if (std::optional<int> done = command_line.Start(args)) return *done;
  TokenizerOptions options = TokenizerOptionsFromFlags(command_line);
  if (std::optional<int> done = AddTokenFilterFlags(command_line, &options)) {
    return *done;
  }
  std::vector<std::string> inputs = command_line.positional();
  if (inputs.empty()) inputs.push_back("-");
  bool write_ok = true;
  absl::StatusOr<uint64_t> invalid = TokenizeInputs(
      inputs, options,
      [&write_ok](absl::string_view line) {
        write_ok &= std::fwrite(line.data(), 1, line.size(), stdout) ==
                        line.size() &&
                    std::fputc('\n', stdout) != EOF;
      });
  if (!invalid.ok()) return RuntimeError(invalid.status());
  if (*invalid > 0) {
    std::fprintf(stderr, "cooc: replaced %llu invalid UTF-8 sequence(s)\n",
                 static_cast<unsigned long long>(*invalid));
  }
  return write_ok && std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace cooc
