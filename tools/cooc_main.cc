// cooc: corpus co-occurrence counts and association measures.
// Dispatches to one subcommand per verb (tools/cooc_<verb>.cc).

#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "cooc/close_words.h"
#include "commands.h"
#include "cooc/version.h"

namespace {

constexpr char kHelp[] =
    "usage: cooc COMMAND [options] [args]\n"
    "\n"
    "Counts which words occur near which in a corpus (English, Chinese and any\n"
    "language ICU segments), stores the counts in a RocksDB directory, and\n"
    "scores word pairs by PMI, MI and other association measures.\n"
    "\n"
    "commands:\n"
    "  tokenize      print the tokens of each input line\n"
    "  ingest        add text, or count parts, to a database (creating it\n"
    "                if absent)\n"
    "  count         count text into a count part file, without a database\n"
    "  merge         combine databases of one definition into a new one\n"
    "  stats         corpus totals and settings (--information: entropies)\n"
    "  pair          one pair's contingency table and every measure\n"
    "  assoc         the best associates of a term\n"
    "  collocations  the best pairs of the whole corpus\n"
    "  sources       the inputs a database has counted (its journal)\n"
    "  vocab         the frequency list: terms by token frequency\n"
    "  keyness       terms over- and under-used against a reference database\n"
    "  features      terms that best predict the labels of labelled lines\n"
    "  segeval       score the word segmentation against a gold standard\n"
    "  discover      new Chinese words from the text's statistics, as a\n"
    "                dictionary for --dict\n"
    "  verify        check a database's files and counts for damage\n"
    "  compact       merge a database's table files so reads merge nothing\n"
    "\n"
    "Run 'cooc COMMAND --help' for a command's options, 'cooc --version'\n"
    "for the versions of cooc, RocksDB and ICU.\n"
    "Exit status: 0 success, 1 runtime error, 2 usage error.\n";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"tokenize", cooc::RunTokenize},
    {"ingest", cooc::RunIngest},
    {"count", cooc::RunCount},
    {"merge", cooc::RunMerge},
    {"stats", cooc::RunStats},
    {"pair", cooc::RunPair},
    {"assoc", cooc::RunAssoc},
    {"collocations", cooc::RunCollocations},
    {"concordance", cooc::RunConcordance},
    {"sources", cooc::RunSources},
    {"vocab", cooc::RunVocab},
    {"keyness", cooc::RunKeyness},
    {"features", cooc::RunFeatures},
    {"segeval", cooc::RunSegeval},
    {"discover", cooc::RunDiscover},
    {"verify", cooc::RunVerify},
    {"compact", cooc::RunCompact},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  const std::string verb = argv[1];
  if (verb == "-h" || verb == "--help" || verb == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (verb == "--version" || verb == "version") {
    return cooc::WriteStdout(cooc::VersionReport()) ? 0 : 1;
  }
  for (const Command& command : kCommands) {
    if (verb != command.name) continue;
    // Running out of memory unwinds to here (the library returns Statuses,
    // but operator new throws), through the destructors that remove what an
    // unfinished command made: a database it was creating, its scratch and
    // spill files. Worker threads turn it into a Status themselves.
    try {
      return command.run(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const std::bad_alloc&) {
      cooc::PrintMessage(
          "out of memory; nothing was written (free some memory; for ingest "
          "and count, a smaller --memory, fewer --threads or a smaller "
          "--max-unit-tokens needs less)");
      return 1;
    }
  }
  std::vector<std::string> names;
  for (const Command& command : kCommands) names.emplace_back(command.name);
  cooc::PrintMessage(absl::StrCat(
      "unknown command '", verb, "'",
      cooc::DidYouMean(cooc::ClosestWords(verb, names, 3, 2))));
  std::fprintf(stderr, "\n%s", kHelp);
  return 2;
}
