#include "test_util.h"

#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "count_store_rep.h"
#include "key_format.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "unicode/ucnv.h"

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

std::string Encode(const std::string& utf8, const char* encoding) {
  UErrorCode error = U_ZERO_ERROR;
  const int32_t length =
      ucnv_convert(encoding, "UTF-8", nullptr, 0, utf8.data(),
                   static_cast<int32_t>(utf8.size()), &error);
  std::string out(length, '\0');
  error = U_ZERO_ERROR;
  ucnv_convert(encoding, "UTF-8", out.data(), length, utf8.data(),
               static_cast<int32_t>(utf8.size()), &error);
  EXPECT_TRUE(U_SUCCESS(error)) << encoding << ": " << u_errorName(error);
  return out;
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

absl::StatusOr<std::vector<PairEntry>> AllPairs(const CountStore& store) {
  std::vector<PairEntry> pairs;
  std::vector<PairEntry> batch(7);  // Small, so that reads span batches.
  for (int shard = 0; shard < store.options().shards; ++shard) {
    absl::StatusOr<PairCursor> cursor = store.ShardPairs(shard);
    if (!cursor.ok()) return cursor.status();
    while (true) {
      absl::StatusOr<size_t> n = cursor->Read(absl::MakeSpan(batch));
      if (!n.ok()) return n.status();
      if (*n == 0) break;
      pairs.insert(pairs.end(), batch.begin(), batch.begin() + *n);
    }
  }
  return pairs;
}

namespace {

// Opens the database at `db` with RocksDB itself, with every family.
struct RawDatabase {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  std::vector<std::string> names;
  ~RawDatabase() {
    for (auto* family : families) db->DestroyColumnFamilyHandle(family);
  }
};

bool OpenRaw(const std::string& path, bool read_only, RawDatabase* raw) {
  rocksdb::Options options = DatabaseOptions();
  if (!rocksdb::DB::ListColumnFamilies(options, path, &raw->names).ok()) {
    ADD_FAILURE() << "cannot list the families of " << path;
    return false;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : raw->names) {
    descriptors.emplace_back(name, FamilyOptions());
  }
  rocksdb::DB* db = nullptr;
  const rocksdb::Status status =
      read_only ? rocksdb::DB::OpenForReadOnly(options, path, descriptors,
                                               &raw->families, &db)
                : rocksdb::DB::Open(options, path, descriptors,
                                    &raw->families, &db);
  raw->db.reset(db);
  if (!status.ok()) {
    ADD_FAILURE() << path << ": " << status.ToString();
    return false;
  }
  return true;
}

}  // namespace

absl::Status CreateStoreWith(const std::string& path, int shards,
                             const StoreBatch& batch) {
  StoreOptions options;
  options.shards = shards;
  absl::StatusOr<std::unique_ptr<CountStore>> store =
      CountStore::Create(path, options);
  if (!store.ok()) return store.status();
  return (*store)->Commit(batch);
}

void OverwritePairValue(const std::string& db, uint32_t x, uint32_t y,
                        const std::string& value) {
  RawDatabase raw;
  if (!OpenRaw(db, /*read_only=*/false, &raw)) return;
  auto store = CountStore::Open(db, CountStore::Access::kReadOnly);
  if (!store.ok()) {
    ADD_FAILURE() << store.status();
    return;
  }
  const std::string family =
      ShardFamilyName(ShardOf(x, (*store)->options().shards),
                      (*store)->options().shards);
  for (size_t i = 0; i < raw.names.size(); ++i) {
    if (raw.names[i] != family) continue;
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const rocksdb::Status put =
        raw.db->Put(sync, raw.families[i], EncodePairKey(x, y), value);
    EXPECT_TRUE(put.ok()) << put.ToString();
    return;
  }
  ADD_FAILURE() << "no family " << family;
}

void OverwriteMetadata(const std::string& db, const std::string& record) {
  RawDatabase raw;
  if (!OpenRaw(db, /*read_only=*/false, &raw)) return;
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const rocksdb::Status put =
      raw.db->Put(sync, raw.families[0], kMetaKey, record);  // "default"
  EXPECT_TRUE(put.ok()) << put.ToString();
  EXPECT_EQ(raw.names[0], rocksdb::kDefaultColumnFamilyName);
}

void PutRawRecord(const std::string& db, const std::string& key,
                  const std::string& value, const std::string& family) {
  RawDatabase raw;
  if (!OpenRaw(db, /*read_only=*/false, &raw)) return;
  for (size_t i = 0; i < raw.names.size(); ++i) {
    if (raw.names[i] != family) continue;
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const rocksdb::Status put = raw.db->Put(sync, raw.families[i], key, value);
    EXPECT_TRUE(put.ok()) << put.ToString();
    return;
  }
  ADD_FAILURE() << "no family " << family;
}

std::vector<int> FilesPerLevel(const std::string& db,
                               const std::string& family) {
  RawDatabase raw;
  if (!OpenRaw(db, /*read_only=*/true, &raw)) return {};
  for (size_t i = 0; i < raw.names.size(); ++i) {
    if (raw.names[i] != family) continue;
    rocksdb::ColumnFamilyMetaData meta;
    raw.db->GetColumnFamilyMetaData(raw.families[i], &meta);
    std::vector<int> files;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      files.push_back(static_cast<int>(level.files.size()));
    }
    return files;
  }
  ADD_FAILURE() << "no family " << family;
  return {};
}

CommandResult RunCoocCommand(const std::vector<std::string>& args,
                             const std::string& input) {
  const auto quote = [](const std::string& arg) {
    std::string quoted = "'";
    for (char c : arg) {
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
  };
  TempDir dir;
  WriteFile(dir.Join("in"), input);
  std::string command = quote(COOC_BINARY);
  for (const std::string& arg : args) command += " " + quote(arg);
  command += " <" + quote(dir.Join("in")) + " >" + quote(dir.Join("out")) +
             " 2>" + quote(dir.Join("err"));
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(dir.Join("out"));
  result.err = ReadFile(dir.Join("err"));
  return result;
}

}  // namespace cooc::testing
