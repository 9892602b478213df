// Test helpers shared by every suite: status assertions (Abseil 20220623 has
// no status matchers), temporary directories and paths to bundled corpora.

#ifndef COOC_TESTS_TEST_UTIL_H_
#define COOC_TESTS_TEST_UTIL_H_

#include <spawn.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cooc/count_store.h"
#include "gtest/gtest.h"

namespace cooc::testing {

inline const absl::Status& ToStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& ToStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Deletes the directory tree it made when it goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Returns path()/`name`.
  std::string Join(const std::string& name) const;

 private:
  std::string path_;
};

// Returns the path of `name` in the repository's corpora/ directory.
std::string CorpusPath(const std::string& name);

// Writes `contents` to `path`, failing the test on error.
void WriteFile(const std::string& path, const std::string& contents);

// Returns the contents of `path`, failing the test on error.
std::string ReadFile(const std::string& path);

// What a run of the cooc binary (COOC_BINARY) did.
struct CommandResult {
  int exit_code = -1;  // -1 if it did not exit normally.
  std::string out;
  std::string err;
};

// Runs `cooc args...` with `input` on standard input (the arguments are
// quoted for the shell).
CommandResult RunCoocCommand(const std::vector<std::string>& args,
                             const std::string& input = "");

// `utf8` converted to `encoding` by ICU (as iconv would), failing the test
// on error.
std::string Encode(const std::string& utf8, const char* encoding);

// Starts the program argv[0] (looked up on PATH) with `argv`, the file
// actions and the attributes (either may be null) and the caller's
// environment. Returns its pid, or -1 after recording a test failure.
pid_t Spawn(const std::vector<std::string>& argv,
            const posix_spawn_file_actions_t* actions,
            const posix_spawnattr_t* attributes = nullptr);

// Every stored pair of `store`, shard by shard (ShardPairs cursors), or the
// first cursor error.
absl::StatusOr<std::vector<PairEntry>> AllPairs(const CountStore& store);

// Creates a database of `shards` shards at `path` holding `batch` as its
// one commit, and closes it; returns the first error.
absl::Status CreateStoreWith(const std::string& path, int shards,
                             const StoreBatch& batch);

// Overwrites the stored value of pair (`x`, `y`) in its shard of the
// (closed) database at `db` with `value` (a Put, so no merge can hide it),
// opening the database with RocksDB directly. Fails the test on error.
void OverwritePairValue(const std::string& db, uint32_t x, uint32_t y,
                        const std::string& value);

// Overwrites the metadata record ("meta") of the (closed) database at `db`
// with `record`, opening the database with RocksDB directly, as a database
// made by another version of cooc (or tampered with) would have it. Fails
// the test on error.
void OverwriteMetadata(const std::string& db, const std::string& record);

// Writes `value` under `key` in the column family `family` of the (closed)
// database at `db`, as RocksDB's `ldb put` would. Fails the test on error.
void PutRawRecord(const std::string& db, const std::string& key,
                  const std::string& value,
                  const std::string& family = "default");

// The table files of each level of column family `family` of the (closed)
// database at `db`: result[level] = number of files.
std::vector<int> FilesPerLevel(const std::string& db,
                               const std::string& family);

// The command line that runs the cooc binary under test with `args`.
std::vector<std::string> CoocCommand(const std::vector<std::string>& args);

}  // namespace cooc::testing

// Each evaluates `expr` (a Status or StatusOr) exactly once.
#define EXPECT_OK(expr)                                                  \
  do {                                                                   \
    const ::absl::Status cooc_status_ = ::cooc::testing::ToStatus(expr); \
    EXPECT_TRUE(cooc_status_.ok()) << cooc_status_;                      \
  } while (0)
#define ASSERT_OK(expr)                                                  \
  do {                                                                   \
    const ::absl::Status cooc_status_ = ::cooc::testing::ToStatus(expr); \
    ASSERT_TRUE(cooc_status_.ok()) << cooc_status_;                      \
  } while (0)
// Expects `expr` to fail with the status code `expected_code`.
#define EXPECT_STATUS_CODE(expr, expected_code)                          \
  do {                                                                   \
    const ::absl::Status cooc_status_ = ::cooc::testing::ToStatus(expr); \
    EXPECT_EQ(cooc_status_.code(), (expected_code)) << cooc_status_;     \
  } while (0)

#endif  // COOC_TESTS_TEST_UTIL_H_
