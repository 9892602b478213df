// The collector sees a table's entries in key order (for one key, newest
// first) and writes each key once: merge operands of one key in one table
// (a compaction that is not the bottommost may keep several) are summed
// into one record. A plain value beside another entry of its key would
// shadow that entry rather than add to it, so such a table gets no scan
// file; cooc never writes one (an ingest writes plain values only into an
// empty family, a full compaction turns everything below it into one
// plain value), but a scan must never double a count.

#include "scan_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "byte_coding.h"
#include "content_hash.h"
#include "key_format.h"
#include "rocksdb/sst_file_reader.h"
#include "rocksdb_util.h"
#include "run_file.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

constexpr char kScanDirectory[] = "scan";
constexpr char kScanFileSuffix[] = ".runs";
// The table properties: the token naming the table's scan file, and the
// number of records in it.
constexpr char kTokenProperty[] = "cooc.scan_file";
constexpr char kRecordsProperty[] = "cooc.scan_records";
constexpr size_t kTokenChars = 32;
// The groups of a scan file's runs: the pairs; the block index, a record
// (first key, offset in the pairs' run) for each block of kBlockRecords
// pairs; the blocks' hashes, a record (block number, ContentHasher hash of
// its bytes) each.
constexpr uint32_t kPairsGroup = 0;
constexpr uint32_t kBlocksGroup = 1;
constexpr uint32_t kBlockHashesGroup = 2;
constexpr uint64_t kBlockRecords = 1024;

std::string NewToken() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) absl::StrAppend(&token, absl::Hex(random(), absl::kZeroPad8));
  return token;
}

bool IsToken(absl::string_view text) {
  if (text.size() != kTokenChars) return false;
  for (const char c : text) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

// The scan file of token `token` in `directory`.
std::string ScanFileIn(const std::string& directory, absl::string_view token) {
  return (fs::path(directory) / absl::StrCat(token, kScanFileSuffix)).string();
}

absl::Status Damaged(const std::string& path, absl::string_view why) {
  return absl::DataLossError(
      absl::StrCat(path, ": not a whole scan file (", why, ")"));
}

// The scan file of one table as RocksDB writes it. Whatever goes wrong
// here costs the table its scan file, never the table.
class ScanFileCollector : public rocksdb::TablePropertiesCollector {
 public:
  explicit ScanFileCollector(std::string directory)
      : directory_(std::move(directory)), token_(NewToken()) {}

  rocksdb::Status AddUserKey(const rocksdb::Slice& key,
                             const rocksdb::Slice& value,
                             rocksdb::EntryType type, rocksdb::SequenceNumber,
                             uint64_t) override {
    if (!usable_) return rocksdb::Status::OK();
    const bool plain = type == rocksdb::kEntryPut;
    if ((!plain && type != rocksdb::kEntryMerge) ||
        key.size() != kPairKeyBytes || value.size() != kCounterBytes) {
      Abandon();
      return rocksdb::Status::OK();
    }
    const absl::string_view pair_key(key.data(), key.size());
    const KeyCount record{(uint64_t{PairKeyLeft(pair_key)} << 32) |
                              PairKeyRight(pair_key),
                          DecodeFixed64(value.data())};
    if (pending_.has_value() && record.key == pending_->key) {
      if (plain || pending_plain_) {
        Abandon();
      } else {
        pending_->count += record.count;
      }
      return rocksdb::Status::OK();
    }
    if (pending_.has_value()) Write(*pending_);
    pending_ = record;
    pending_plain_ = plain;
    return rocksdb::Status::OK();
  }

  // RocksDB calls this once as it finishes the table and may call it again
  // for the table's properties (BlockBasedTableBuilder::GetTableProperties):
  // the file is written by the first call.
  rocksdb::Status Finish(rocksdb::UserCollectedProperties* properties) override {
    if (!finished_) {
      finished_ = true;
      if (pending_.has_value()) Write(*pending_);
      pending_.reset();
      if (usable_ && writer_ == nullptr) Start();  // A table of no pairs.
      if (usable_ && !WriteBlockIndex().ok()) Abandon();
    }
    if (!usable_) return rocksdb::Status::OK();
    (*properties)[kTokenProperty] = token_;
    (*properties)[kRecordsProperty] = absl::StrCat(records_);
    return rocksdb::Status::OK();
  }

  rocksdb::UserCollectedProperties GetReadableProperties() const override {
    if (!usable_) return {};
    return {{kTokenProperty, token_}, {kRecordsProperty, absl::StrCat(records_)}};
  }

  const char* Name() const override { return "cooc.ScanFileCollector"; }

 private:
  void Start() {
    std::error_code error;
    fs::create_directories(directory_, error);
    writer_ = std::make_unique<RunFileWriter>(ScanFileIn(directory_, token_));
    if (error || !writer_->Open().ok()) {
      Abandon();
      return;
    }
    writer_->BeginRun(kPairsGroup);
  }

  void Write(const KeyCount& record) {
    if (usable_ && writer_ == nullptr) Start();
    if (!usable_) return;
    if (records_ % kBlockRecords == 0) {
      if (records_ > 0) block_hashes_.push_back(writer_->TakeBlockHash());
      blocks_.push_back({record.key, writer_->run_bytes()});
    }
    if (!writer_->Append(record).ok()) {
      Abandon();
      return;
    }
    ++records_;
  }

  // Ends the pairs' run, then writes the block index and the blocks'
  // hashes and finishes the file.
  absl::Status WriteBlockIndex() {
    if (records_ > 0) block_hashes_.push_back(writer_->TakeBlockHash());
    COOC_RETURN_IF_ERROR(writer_->EndRun());
    writer_->BeginRun(kBlocksGroup);
    for (const KeyCount& block : blocks_) {
      COOC_RETURN_IF_ERROR(writer_->Append(block));
    }
    COOC_RETURN_IF_ERROR(writer_->EndRun());
    writer_->BeginRun(kBlockHashesGroup);
    for (uint64_t i = 0; i < block_hashes_.size(); ++i) {
      COOC_RETURN_IF_ERROR(writer_->Append({i, block_hashes_[i]}));
    }
    COOC_RETURN_IF_ERROR(writer_->EndRun());
    return writer_->Finish();
  }

  // No scan file for this table; the writer's destructor removes what it
  // wrote.
  void Abandon() {
    usable_ = false;
    writer_.reset();
    pending_.reset();
  }

  const std::string directory_;
  const std::string token_;
  std::unique_ptr<RunFileWriter> writer_;
  bool usable_ = true;
  bool finished_ = false;
  // The last key seen: its count may still grow by more operands.
  std::optional<KeyCount> pending_;
  bool pending_plain_ = false;
  uint64_t records_ = 0;
  std::vector<KeyCount> blocks_;  // (first key, offset in the run)
  std::vector<uint64_t> block_hashes_;
};

class ScanFileCollectorFactory
    : public rocksdb::TablePropertiesCollectorFactory {
 public:
  explicit ScanFileCollectorFactory(std::string directory)
      : directory_(std::move(directory)) {}

  rocksdb::TablePropertiesCollector* CreateTablePropertiesCollector(
      rocksdb::TablePropertiesCollectorFactory::Context) override {
    return new ScanFileCollector(directory_);
  }

  const char* Name() const override { return "cooc.ScanFileCollectorFactory"; }

 private:
  const std::string directory_;
};

// The token of the scan file a table's properties name, if any.
std::optional<std::string> TokenOf(const rocksdb::TableProperties& table) {
  const auto it = table.user_collected_properties.find(kTokenProperty);
  if (it == table.user_collected_properties.end() || !IsToken(it->second)) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

std::string ScanFileDirectory(const std::string& db_path) {
  return (fs::path(db_path) / kScanDirectory).string();
}

std::shared_ptr<rocksdb::TablePropertiesCollectorFactory>
NewScanFileCollectorFactory(const std::string& directory) {
  return std::make_shared<ScanFileCollectorFactory>(directory);
}

namespace {

// Reads the index of the scan file at `path` and opens its pairs for
// ReadScanFileRange. Returns the errors of ReadRunFileIndex (NotFound for a
// missing file) and DataLoss naming the file for a block index that does
// not fit its pairs.
absl::StatusOr<std::shared_ptr<const ScanFileIndex>> ReadScanFileIndex(
    const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::vector<RunInFile> runs, ReadRunFileIndex(path));
  auto index = std::make_shared<ScanFileIndex>();
  const FileRun* blocks = nullptr;
  const FileRun* hashes = nullptr;
  int pairs_runs = 0;
  for (const RunInFile& run : runs) {
    if (run.group == kPairsGroup) {
      index->pairs = run.run;
      ++pairs_runs;
    } else if (run.group == kBlocksGroup && blocks == nullptr) {
      blocks = &run.run;
    } else if (run.group == kBlockHashesGroup && hashes == nullptr) {
      hashes = &run.run;
    } else {
      return Damaged(path, "a run of an unknown group or a group twice");
    }
  }
  // A table of no pairs has no runs at all.
  if (pairs_runs == 0) index->pairs.path = path;
  if (pairs_runs > 1 || (blocks == nullptr) != (pairs_runs == 0) ||
      (hashes == nullptr) != (blocks == nullptr)) {
    return Damaged(path, "not one run of pairs with its block index");
  }
  if (blocks != nullptr) {
    COOC_ASSIGN_OR_RETURN(std::vector<KeyCount> starts, ReadAllRecords({*blocks}));
    COOC_ASSIGN_OR_RETURN(std::vector<KeyCount> sums, ReadAllRecords({*hashes}));
    const uint64_t expected_blocks =
        (index->pairs.records + kBlockRecords - 1) / kBlockRecords;
    if (starts.size() != expected_blocks || sums.size() != expected_blocks) {
      return Damaged(path, "the block index does not fit the pairs");
    }
    for (size_t i = 0; i < starts.size(); ++i) {
      if (sums[i].key != i || starts[i].count >= index->pairs.bytes ||
          (i == 0 ? starts[i].count != 0
                  : starts[i].count <= starts[i - 1].count)) {
        return Damaged(path, "the block index does not fit the pairs");
      }
      index->first_keys.push_back(starts[i].key);
      index->offsets.push_back(starts[i].count);
      index->hashes.push_back(sums[i].count);
    }
  }
  if (index->pairs.records > 0) {
    index->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (index->fd < 0) {
      return absl::InternalError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
    }
  }
  return index;
}

// ScanFileCache::Live, read afresh.
std::optional<ScanFiles> ReadLiveScanFiles(rocksdb::DB& db,
                                           rocksdb::ColumnFamilyHandle* family,
                                           const std::string& db_path) {
  uint64_t active = 0;
  uint64_t immutable = 0;
  if (!db.GetIntProperty(family,
                         rocksdb::DB::Properties::kNumEntriesActiveMemTable,
                         &active) ||
      !db.GetIntProperty(family,
                         rocksdb::DB::Properties::kNumEntriesImmMemTables,
                         &immutable) ||
      active + immutable > 0) {
    return std::nullopt;
  }
  rocksdb::TablePropertiesCollection tables;
  if (!db.GetPropertiesOfAllTables(family, &tables).ok()) return std::nullopt;
  ScanFiles files;
  for (const auto& [name, table] : tables) {
    const std::optional<std::string> token = TokenOf(*table);
    const auto records =
        table->user_collected_properties.find(kRecordsProperty);
    uint64_t expected = 0;
    if (!token.has_value() ||
        records == table->user_collected_properties.end() ||
        !absl::SimpleAtoi(records->second, &expected)) {
      return std::nullopt;
    }
    absl::StatusOr<std::shared_ptr<const ScanFileIndex>> index =
        ReadScanFileIndex(ScanFileIn(ScanFileDirectory(db_path), *token));
    if (!index.ok() || (*index)->pairs.records != expected) {
      return std::nullopt;
    }
    files.push_back(*std::move(index));
  }
  return files;
}

}  // namespace

ScanFileIndex::~ScanFileIndex() {
  if (fd >= 0) ::close(fd);
}

std::optional<ScanFiles> ScanFileCache::Live(
    rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family,
    const std::string& db_path) {
  absl::MutexLock lock(&mu_);
  const auto it = live_.find(family->GetID());
  if (it != live_.end()) return it->second;
  // Read under the lock: concurrent first queries of a family read its
  // indexes once.
  std::optional<ScanFiles> files = ReadLiveScanFiles(db, family, db_path);
  live_.emplace(family->GetID(), files);
  return files;
}

void ScanFileCache::Forget() {
  absl::MutexLock lock(&mu_);
  live_.clear();
}

absl::StatusOr<std::optional<std::string>> ScanFileOfTable(
    const std::string& table_file) {
  rocksdb::SstFileReader reader{rocksdb::Options()};
  COOC_RETURN_IF_ERROR(FromRocksDb(reader.Open(table_file), table_file));
  const std::shared_ptr<const rocksdb::TableProperties> table =
      reader.GetTableProperties();
  const std::optional<std::string> token =
      table == nullptr ? std::nullopt : TokenOf(*table);
  if (!token.has_value()) return std::nullopt;
  return ScanFileIn(fs::absolute(table_file).parent_path().string(), *token);
}

absl::Status MoveScanFileOfTable(const std::string& table_file,
                                 const std::string& db_path) {
  COOC_ASSIGN_OR_RETURN(const std::optional<std::string> file,
                        ScanFileOfTable(table_file));
  std::error_code error;
  if (!file.has_value() || !fs::exists(*file, error)) return absl::OkStatus();
  const std::string directory = ScanFileDirectory(db_path);
  const std::string target =
      (fs::path(directory) / fs::path(*file).filename()).string();
  fs::create_directories(directory, error);
  if (!error) fs::rename(*file, target, error);
  if (error == std::errc::cross_device_link) {
    // Copied under a name no reader looks for, synced, then renamed.
    const std::string copy = target + ".copying";
    error.clear();
    fs::copy_file(*file, copy, fs::copy_options::overwrite_existing, error);
    if (!error) {
      const int fd = ::open(copy.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::fsync(fd) != 0) {
        error = std::error_code(errno, std::generic_category());
      }
      if (fd >= 0) ::close(fd);
    }
    if (!error) fs::rename(copy, target, error);
    if (!error) fs::remove(*file, error);
  }
  if (error) {
    return absl::InternalError(absl::StrCat("cannot move ", *file, " to ",
                                            directory, ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::Status ReadScanFileRange(const ScanFileIndex& index, uint64_t begin,
                               uint64_t end, SortedRun* out) {
  const std::vector<uint64_t>& firsts = index.first_keys;
  // The blocks that can hold keys in [begin, end): from the last that
  // starts at or before begin to the last that starts before end.
  const size_t from = static_cast<size_t>(
      std::max<ptrdiff_t>(0, std::upper_bound(firsts.begin(), firsts.end(),
                                              begin) -
                                 firsts.begin() - 1));
  const size_t to = static_cast<size_t>(
      std::lower_bound(firsts.begin(), firsts.end(), end) - firsts.begin());
  if (to <= from) return absl::OkStatus();
  const auto block_end = [&index](size_t block) {
    return block + 1 < index.offsets.size() ? index.offsets[block + 1]
                                            : index.pairs.bytes;
  };
  const uint64_t first_byte = index.offsets[from];
  std::string bytes(block_end(to - 1) - first_byte, '\0');
  const ssize_t got =
      ::pread(index.fd, bytes.data(), bytes.size(),
              static_cast<off_t>(index.pairs.offset + first_byte));
  const int read_error = errno;
  if (got != static_cast<ssize_t>(bytes.size())) {
    if (got < 0) {
      return absl::InternalError(absl::StrCat(
          "cannot read ", index.pairs.path, ": ", std::strerror(read_error)));
    }
    return Damaged(index.pairs.path, "shorter than its index says");
  }
  for (size_t block = from; block < to; ++block) {
    absl::string_view rest = absl::string_view(bytes).substr(
        index.offsets[block] - first_byte,
        block_end(block) - index.offsets[block]);
    ContentHasher hasher;
    hasher.Update(rest);
    if (hasher.Finish() != index.hashes[block]) {
      return Damaged(index.pairs.path, "a block's checksum does not match");
    }
    // The first record's key is the block's first key (its delta is from
    // the record before, in the block before); the others' deltas follow.
    uint64_t key = index.first_keys[block];
    bool first = true;
    while (!rest.empty()) {
      uint64_t delta = 0;
      uint64_t count = 0;
      if (!GetVarint(&rest, &delta) || !GetVarint(&rest, &count) ||
          (!first && delta == 0)) {
        return Damaged(index.pairs.path, "a block does not decode");
      }
      if (!first) key += delta;
      first = false;
      if (key >= end) return absl::OkStatus();
      if (key >= begin) out->push_back({key, count});
    }
  }
  return absl::OkStatus();
}

absl::Status RemoveStaleScanFiles(
    rocksdb::DB& db, absl::Span<rocksdb::ColumnFamilyHandle* const> families,
    const std::string& db_path) {
  const std::string directory = ScanFileDirectory(db_path);
  std::error_code error;
  if (!fs::is_directory(directory, error)) return absl::OkStatus();
  absl::flat_hash_set<std::string> live;
  for (rocksdb::ColumnFamilyHandle* family : families) {
    rocksdb::TablePropertiesCollection tables;
    COOC_RETURN_IF_ERROR(
        FromRocksDb(db.GetPropertiesOfAllTables(family, &tables), db_path));
    for (const auto& [name, table] : tables) {
      std::optional<std::string> token = TokenOf(*table);
      if (token.has_value()) live.insert(std::move(*token));
    }
  }
  std::vector<fs::path> stale;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    const bool current =
        absl::EndsWith(name, kScanFileSuffix) &&
        live.contains(absl::string_view(name).substr(
            0, name.size() - (sizeof(kScanFileSuffix) - 1)));
    if (!current) stale.push_back(entry.path());
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot list ", directory, ": ", error.message()));
  }
  for (const fs::path& path : stale) {
    fs::remove(path, error);
    if (error) {
      return absl::InternalError(absl::StrCat("cannot remove ", path.string(),
                                              ": ", error.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace cooc
