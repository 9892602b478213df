// cooc tokenize: the tokens of each input line, as ingest counts them.

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "commands.h"
#include "cooc/ingest.h"
#include "cooc/report.h"
#include "tokenizer_flags.h"

namespace cooc {

int RunTokenize(const std::vector<std::string>& args) {
  std::vector<FlagSpec> flags = TokenizerFlags();
  for (FlagSpec& flag : TokenFilterFlags()) flags.push_back(std::move(flag));
  flags.push_back(EncodingFlag());
  CommandLine command_line(
      "tokenize [options] [FILE...|-]",
      "Prints one output line per input line: its tokens separated by single\n"
      "spaces, an empty line if it has none, as ingest counts them with the\n"
      "same options. Text is NFKC-normalized and case folded and split by\n"
      "ICU's word break; with --dict, Chinese and Japanese text is then\n"
      "re-segmented with the dictionary's words (ICU segments that form a\n"
      "dictionary word are joined; see the README for the rule). With\n"
      "--pretokenized the tokens are the pieces between white space instead\n"
      "(text a segmenter split already); with --convert t2s|s2t Traditional\n"
      "Chinese becomes Simplified (or back) before segmentation. Words\n"
      "(letters, kana, ideographs) are kept, numbers with --keep-numbers,\n"
      "punctuation and symbols with --keep-punct; then stopwords and tokens\n"
      "shorter than --min-length characters are dropped. Reads standard input\n"
      "if no FILE is given, as UTF-8 (UTF-16/32 by a byte-order mark) or in\n"
      "--encoding NAME, as ingest reads it. Invalid UTF-8 (or sequences\n"
      "invalid in the encoding) is replaced and counted on stderr.\n"
      "Control and bidirectional characters in tokens print escaped (\\x1b,\n"
      "\\u202e; a backslash as \\\\), as in every table.",
      flags);
  if (std::optional<int> done = command_line.Start(args)) return *done;
  TokenizerOptions options;
  if (std::optional<int> done =
          TokenizerOptionsFromFlags(command_line, &options)) {
    return *done;
  }
  if (std::optional<int> done = AddTokenFilterFlags(command_line, &options)) {
    return *done;
  }
  std::string encoding;
  if (std::optional<int> done = EncodingFromFlags(command_line, &encoding)) {
    return *done;
  }
  std::vector<std::string> inputs = command_line.positional();
  if (inputs.empty()) inputs.push_back("-");
  bool write_ok = true;
  absl::StatusOr<uint64_t> invalid = TokenizeInputs(
      inputs, options,
      [&write_ok](absl::string_view tokens) {
        // A token can hold control characters (--keep-punct keeps them):
        // shown escaped, as in every table.
        const std::string line = DisplayEscape(tokens);
        write_ok &= std::fwrite(line.data(), 1, line.size(), stdout) ==
                        line.size() &&
                    std::fputc('\n', stdout) != EOF;
      },
      encoding);
  if (!invalid.ok()) return RuntimeError(invalid.status());
  if (*invalid > 0) {
    std::fprintf(stderr, "cooc: replaced %llu invalid UTF-8 sequence(s)\n",
                 static_cast<unsigned long long>(*invalid));
  }
  return write_ok && std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace cooc
