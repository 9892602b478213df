#include "test_util.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace cooc::testing {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "cooc_test_XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Join(const std::string& name) const {
  return (std::filesystem::path(path_) / name).string();
}

std::string CorpusPath(const std::string& name) {
  return (std::filesystem::path(COOC_SOURCE_DIR) / "corpora" / name).string();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary);
  out << contents;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

pid_t Spawn(const std::vector<std::string>& argv,
            const posix_spawn_file_actions_t* actions,
            const posix_spawnattr_t* attributes) {
  std::vector<std::string> strings = argv;
  std::vector<char*> pointers;
  for (std::string& arg : strings) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawnp(&pid, pointers[0], actions, attributes,
                                   pointers.data(), environ);
  if (spawned != 0) {
    ADD_FAILURE() << "posix_spawn " << argv[0] << ": "
                  << std::strerror(spawned);
    return -1;
  }
  return pid;
}

std::vector<std::string> CoocCommand(const std::vector<std::string>& args) {
  std::vector<std::string> command = {COOC_BINARY};
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

}  // namespace cooc::testing
