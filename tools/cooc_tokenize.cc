// cooc tokenize: the tokens of each input line, as ingest counts them.

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/ingest.h"
#include "tokenizer_flags.h"

namespace cooc {

int RunTokenize(const std::vector<std::string>& args) {
  CommandLine command_line(
      "tokenize [options] [FILE...|-]",
      "Prints one output line per input line: its tokens (ICU word break,\n"
      "NFKC, case folding, letters/kana/ideographs only) separated by single\n"
      "spaces, an empty line if it has none. Reads standard input if no FILE\n"
      "is given. Invalid UTF-8 is replaced and counted on stderr.",
      TokenizerFlags());
  if (std::optional<int> done = command_line.Start(args)) return *done;
  std::vector<std::string> inputs = command_line.positional();
  if (inputs.empty()) inputs.push_back("-");
  bool write_ok = true;
  absl::StatusOr<uint64_t> invalid = TokenizeInputs(
      inputs, TokenizerOptionsFromFlags(command_line),
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
