// The cooc subcommands. Each takes the arguments after its name and returns
// the process exit status: 0 success, 1 runtime error, 2 usage error.

#ifndef COOC_TOOLS_COMMANDS_H_
#define COOC_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

namespace cooc {

int RunTokenize(const std::vector<std::string>& args);
int RunIngest(const std::vector<std::string>& args);
int RunCount(const std::vector<std::string>& args);
int RunMerge(const std::vector<std::string>& args);
int RunStats(const std::vector<std::string>& args);
int RunPair(const std::vector<std::string>& args);
int RunAssoc(const std::vector<std::string>& args);
int RunCollocations(const std::vector<std::string>& args);
int RunSources(const std::vector<std::string>& args);
int RunConcordance(const std::vector<std::string>& args);
int RunDiscover(const std::vector<std::string>& args);
int RunSegeval(const std::vector<std::string>& args);
int RunVerify(const std::vector<std::string>& args);
int RunCompact(const std::vector<std::string>& args);
int RunVocab(const std::vector<std::string>& args);
int RunKeyness(const std::vector<std::string>& args);
int RunFeatures(const std::vector<std::string>& args);

}  // namespace cooc

#endif  // COOC_TOOLS_COMMANDS_H_
