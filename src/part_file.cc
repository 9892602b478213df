// Writing goes block by block through one buffer; reading checks each
// block's checksum before decoding it. Pair blocks hold at most
// kRecordsPerBlock records, so a reader's memory is bounded by one block
// whatever the size of the part.

#include "part_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "byte_coding.h"
#include "content_hash.h"
#include "key_format.h"
#include "status_macros.h"

namespace cooc {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'C', 'O', 'O', 'C', 'P', 'A', 'R', 'T'};
constexpr size_t kRecordsPerBlock = 1 << 16;
constexpr size_t kVocabularyBlockBytes = 1 << 20;
// Longest payload a reader accepts: far above what a writer makes, low
// enough that a damaged length cannot make it allocate without bound.
constexpr uint64_t kMaxPayloadBytes = uint64_t{1} << 30;

enum BlockKind : uint32_t {
  kDefinitionBlock = 1,
  kTotalsBlock = 2,
  kJournalBlock = 3,
  kVocabularyBlock = 4,
  kPairsBlock = 5,
  kEndBlock = 6,
  kLabelsBlock = 7,
};

// Decodes a block's payload; every getter returns false past the end or on
// a malformed value.
class Decoder {
 public:
  explicit Decoder(absl::string_view bytes) : rest_(bytes) {}

  bool Fixed32(uint32_t* value) {
    if (rest_.size() < 4) return false;
    *value = 0;
    for (int i = 0; i < 4; ++i) {
      *value |= uint32_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
    }
    rest_.remove_prefix(4);
    return true;
  }
  bool Fixed64(uint64_t* value) {
    if (rest_.size() < 8) return false;
    *value = 0;
    for (int i = 0; i < 8; ++i) {
      *value |= uint64_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
    }
    rest_.remove_prefix(8);
    return true;
  }
  bool Varint(uint64_t* value) { return GetVarint(&rest_, value); }
  bool Bytes(size_t n, absl::string_view* value) {
    if (rest_.size() < n) return false;
    *value = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  absl::string_view rest_;
};

absl::Status ErrnoError(const std::string& path, absl::string_view what) {
  const int error = errno;
  const std::string message =
      absl::StrCat(path, ": cannot ", what, ": ", std::strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES) return absl::PermissionDeniedError(message);
  return absl::InternalError(message);
}

// Appends blocks to a file.
class BlockWriter {
 public:
  explicit BlockWriter(std::string path) : path_(std::move(path)) {}
  ~BlockWriter() {
    if (file_ != nullptr) std::fclose(file_);
  }

  absl::Status Open() {
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) return ErrnoError(path_, "create");
    std::string header(kMagic, sizeof(kMagic));
    PutFixed32(kPartFormatVersion, &header);
    PutFixed32(0, &header);
    return Write(header);
  }

  absl::Status Block(BlockKind kind, const std::string& payload) {
    std::string head;
    PutFixed32(kind, &head);
    PutFixed64(payload.size(), &head);
    ContentHasher hasher;
    hasher.Update(head);
    hasher.Update(payload);
    std::string checksum;
    PutFixed64(hasher.Finish(), &checksum);
    COOC_RETURN_IF_ERROR(Write(head));
    COOC_RETURN_IF_ERROR(Write(payload));
    COOC_RETURN_IF_ERROR(Write(checksum));
    ++blocks_;
    return absl::OkStatus();
  }

  // Flushes, syncs and closes the file.
  absl::Status Close() {
    if (std::fflush(file_) != 0) return ErrnoError(path_, "write");
    if (fsync(fileno(file_)) != 0) return ErrnoError(path_, "sync");
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) return ErrnoError(path_, "close");
    return absl::OkStatus();
  }

  uint64_t blocks() const { return blocks_; }
  uint64_t bytes() const { return bytes_; }

 private:
  absl::Status Write(const std::string& bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      return ErrnoError(path_, "write");
    }
    bytes_ += bytes.size();
    return absl::OkStatus();
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t blocks_ = 0;
  uint64_t bytes_ = 0;
};

std::string EncodeTotals(const PartHeader& header) {
  std::string payload;
  for (uint64_t value :
       {header.tokens, header.lines, header.pair_events, header.invalid_utf8,
        header.ingests, uint64_t{header.terms.size()}, header.unit_cuts}) {
    PutFixed64(value, &payload);
  }
  return payload;
}

std::string EncodeJournal(const std::vector<JournalEntry>& journal) {
  std::string payload;
  PutFixed64(journal.size(), &payload);
  for (const JournalEntry& entry : journal) {
    PutFixed64(entry.ingest, &payload);
    PutFixed64(static_cast<uint64_t>(entry.unix_seconds), &payload);
    PutFixed64(entry.bytes, &payload);
    PutFixed64(entry.content_hash, &payload);
    PutFixed32(static_cast<uint32_t>(entry.path.size()), &payload);
    payload += entry.path;
  }
  return payload;
}

absl::Status WriteVocabulary(const PartHeader& header, BlockWriter& out) {
  std::string payload;
  uint64_t in_block = 0;
  const auto flush = [&]() -> absl::Status {
    std::string block;
    PutFixed64(in_block, &block);
    block += payload;
    payload.clear();
    in_block = 0;
    return out.Block(kVocabularyBlock, block);
  };
  for (size_t id = 0; id < header.terms.size(); ++id) {
    PutVarint(header.terms[id].size(), &payload);
    payload.append(header.terms[id].data(), header.terms[id].size());
    PutVarint(header.frequencies[id], &payload);
    PutVarint(id < header.document_frequencies.size()
                  ? header.document_frequencies[id]
                  : 0,
              &payload);
    ++in_block;
    if (payload.size() >= kVocabularyBlockBytes) COOC_RETURN_IF_ERROR(flush());
  }
  if (in_block > 0 || header.terms.empty()) COOC_RETURN_IF_ERROR(flush());
  return absl::OkStatus();
}

// The labels block: LabelCounts with varints (part_file.h).
std::string EncodeLabels(const LabelCounts& labels) {
  std::string payload;
  PutVarint(labels.documents, &payload);
  PutVarint(labels.labels.size(), &payload);
  for (size_t l = 0; l < labels.labels.size(); ++l) {
    PutVarint(labels.labels[l].size(), &payload);
    payload += labels.labels[l];
    PutVarint(labels.label_documents[l], &payload);
  }
  PutVarint(labels.term_documents.size(), &payload);
  for (uint64_t documents : labels.term_documents) {
    PutVarint(documents, &payload);
  }
  PutVarint(labels.term_label_documents.size(), &payload);
  for (const LabelCounts::TermLabel& entry : labels.term_label_documents) {
    PutVarint(entry.term, &payload);
    PutVarint(entry.label, &payload);
    PutVarint(entry.documents, &payload);
  }
  return payload;
}

// A part file opened for reading: the header read at Open, the pairs
// streamed by ReadPairs.
class PartFile : public CountPart {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {}
  ~PartFile() override {
    if (file_ != nullptr) std::fclose(file_);
  }

  absl::Status Open();

  const std::string& name() const override { return path_; }
  const PartHeader& header() const override { return header_; }
  absl::Status ReadPairs(const PairBatchFn& emit) override;

 private:
  absl::Status Damaged(absl::string_view why) const {
    return absl::DataLossError(
        absl::StrCat(path_, ": damaged count part (", why, ")"));
  }

  // Reads the next block into `payload_`; its kind into `*kind`.
  absl::Status NextBlock(uint32_t* kind);
  absl::Status Expect(BlockKind kind);
  absl::Status ReadVocabulary(uint64_t terms);
  absl::Status ReadLabels();

  std::string path_;
  std::FILE* file_ = nullptr;
  PartHeader header_;
  std::string payload_;
  uint64_t blocks_ = 0;
};

absl::Status PartFile::NextBlock(uint32_t* kind) {
  char head[12];
  const size_t got = std::fread(head, 1, sizeof(head), file_);
  if (got != sizeof(head)) {
    if (std::ferror(file_)) return ErrnoError(path_, "read");
    return absl::DataLossError(absl::StrCat(
        path_, ": truncated count part (it ends after ", blocks_,
        " blocks, without its end block)"));
  }
  Decoder decoder(absl::string_view(head, sizeof(head)));
  uint64_t length = 0;
  decoder.Fixed32(kind);
  decoder.Fixed64(&length);
  if (length > kMaxPayloadBytes) {
    return Damaged(absl::StrCat("block ", blocks_, " claims ", length,
                                " bytes"));
  }
  payload_.resize(length + 8);
  if (std::fread(payload_.data(), 1, payload_.size(), file_) !=
      payload_.size()) {
    if (std::ferror(file_)) return ErrnoError(path_, "read");
    return absl::DataLossError(
        absl::StrCat(path_, ": truncated count part (in block ", blocks_, ")"));
  }
  ContentHasher hasher;
  hasher.Update(absl::string_view(head, sizeof(head)));
  hasher.Update(absl::string_view(payload_.data(), length));
  uint64_t checksum = 0;
  Decoder(absl::string_view(payload_.data() + length, 8)).Fixed64(&checksum);
  if (checksum != hasher.Finish()) {
    return Damaged(absl::StrCat("checksum mismatch in block ", blocks_));
  }
  payload_.resize(length);
  ++blocks_;
  return absl::OkStatus();
}

absl::Status PartFile::Expect(BlockKind kind) {
  uint32_t got = 0;
  COOC_RETURN_IF_ERROR(NextBlock(&got));
  if (got != kind) {
    return Damaged(absl::StrCat("block ", blocks_ - 1, " is of kind ", got,
                                ", expected ", static_cast<uint32_t>(kind)));
  }
  return absl::OkStatus();
}

absl::Status PartFile::ReadVocabulary(uint64_t terms) {
  // Document frequencies are the marginals of unit counting only; a window
  // part's (zeros) are checked and dropped, as a per-term array they would
  // cost memory for nothing.
  const bool units = header_.definition.unit != CountingUnit::kWindow;
  header_.terms.reserve(terms);
  header_.frequencies.reserve(terms);
  if (units) header_.document_frequencies.reserve(terms);
  do {
    COOC_RETURN_IF_ERROR(Expect(kVocabularyBlock));
    Decoder decoder(payload_);
    uint64_t n = 0;
    if (!decoder.Fixed64(&n) || n > terms - header_.terms.size()) {
      return Damaged("vocabulary block count");
    }
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t length = 0, f = 0, df = 0;
      absl::string_view term;
      if (!decoder.Varint(&length) || !decoder.Bytes(length, &term) ||
          !decoder.Varint(&f) || !decoder.Varint(&df) || term.empty()) {
        return Damaged("vocabulary entry");
      }
      header_.terms.push_back(term);
      header_.frequencies.push_back(f);
      if (units) header_.document_frequencies.push_back(df);
    }
    if (!decoder.done()) return Damaged("vocabulary block length");
  } while (header_.terms.size() < terms);
  return absl::OkStatus();
}

absl::Status PartFile::ReadLabels() {
  COOC_RETURN_IF_ERROR(Expect(kLabelsBlock));
  Decoder decoder(payload_);
  LabelCounts& labels = header_.labels;
  const uint64_t terms = header_.terms.size();
  uint64_t n = 0;
  if (!decoder.Varint(&labels.documents) || !decoder.Varint(&n) ||
      n > payload_.size()) {
    return Damaged("labels");
  }
  for (uint64_t l = 0; l < n; ++l) {
    uint64_t length = 0, documents = 0;
    absl::string_view name;
    if (!decoder.Varint(&length) || !decoder.Bytes(length, &name) ||
        !decoder.Varint(&documents) || name.empty()) {
      return Damaged("label");
    }
    labels.labels.emplace_back(name);
    labels.label_documents.push_back(documents);
  }
  if (!decoder.Varint(&n) || n != terms) return Damaged("labels' terms");
  labels.term_documents.resize(terms);
  for (uint64_t& documents : labels.term_documents) {
    if (!decoder.Varint(&documents)) return Damaged("labels' terms");
  }
  if (!decoder.Varint(&n) || n > payload_.size()) {
    return Damaged("labels' term counts");
  }
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t term = 0, label = 0, documents = 0;
    if (!decoder.Varint(&term) || !decoder.Varint(&label) ||
        !decoder.Varint(&documents) || term >= terms ||
        label >= labels.labels.size() || documents == 0) {
      return Damaged("label term count");
    }
    const LabelCounts::TermLabel entry{static_cast<uint32_t>(term),
                                       static_cast<uint32_t>(label),
                                       documents};
    if (!labels.term_label_documents.empty()) {
      const LabelCounts::TermLabel& last = labels.term_label_documents.back();
      if (std::make_pair(last.label, last.term) >=
          std::make_pair(entry.label, entry.term)) {
        return Damaged("label term counts out of order");
      }
    }
    labels.term_label_documents.push_back(entry);
  }
  if (!decoder.done()) return Damaged("labels block length");
  return absl::OkStatus();
}

absl::Status PartFile::Open() {
  file_ = std::fopen(path_.c_str(), "rb");
  if (file_ == nullptr) return ErrnoError(path_, "open");
  char start[16];
  if (std::fread(start, 1, sizeof(start), file_) != sizeof(start) ||
      std::memcmp(start, kMagic, sizeof(kMagic)) != 0) {
    return absl::DataLossError(
        absl::StrCat(path_, ": not a cooc count part (no COOCPART header)"));
  }
  uint32_t version = 0;
  Decoder(absl::string_view(start + 8, 4)).Fixed32(&version);
  if (version < 1 || version > kPartFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": count part format version ", version, "; this cooc reads ",
        kPartFormatVersion));
  }
  COOC_RETURN_IF_ERROR(Expect(kDefinitionBlock));
  absl::StatusOr<StoreOptions> definition = DecodeMetadata(payload_);
  if (!definition.ok()) {
    return Damaged(absl::StrCat("definition: ", definition.status().message()));
  }
  header_.definition = *definition;

  COOC_RETURN_IF_ERROR(Expect(kTotalsBlock));
  Decoder totals(payload_);
  uint64_t terms = 0;
  if (!totals.Fixed64(&header_.tokens) || !totals.Fixed64(&header_.lines) ||
      !totals.Fixed64(&header_.pair_events) ||
      !totals.Fixed64(&header_.invalid_utf8) ||
      !totals.Fixed64(&header_.ingests) || !totals.Fixed64(&terms) ||
      header_.ingests == 0 || terms > (uint64_t{1} << 32)) {
    return Damaged("totals");
  }
  // The unit cuts came later: a part written before has 6 fields.
  header_.unit_cuts = 0;
  if (!totals.done() &&
      (!totals.Fixed64(&header_.unit_cuts) || !totals.done())) {
    return Damaged("totals");
  }

  COOC_RETURN_IF_ERROR(Expect(kJournalBlock));
  Decoder journal(payload_);
  uint64_t entries = 0;
  if (!journal.Fixed64(&entries) || entries > payload_.size()) {
    return Damaged("journal");
  }
  for (uint64_t i = 0; i < entries; ++i) {
    JournalEntry entry;
    uint64_t seconds = 0;
    uint32_t length = 0;
    absl::string_view path;
    if (!journal.Fixed64(&entry.ingest) || !journal.Fixed64(&seconds) ||
        !journal.Fixed64(&entry.bytes) ||
        !journal.Fixed64(&entry.content_hash) || !journal.Fixed32(&length) ||
        !journal.Bytes(length, &path) || entry.ingest < 1 ||
        entry.ingest > header_.ingests) {
      return Damaged("journal entry");
    }
    entry.unix_seconds = static_cast<int64_t>(seconds);
    entry.path = std::string(path);
    header_.journal.push_back(std::move(entry));
  }
  if (!journal.done()) return Damaged("journal length");
  COOC_RETURN_IF_ERROR(ReadVocabulary(terms));
  // Labels came with version 2; a version 1 part has none.
  if (header_.definition.labels != LabelMode::kNone) {
    if (version < 2) return Damaged("labels in a version 1 part");
    COOC_RETURN_IF_ERROR(ReadLabels());
  }
  return absl::OkStatus();
}

absl::Status PartFile::ReadPairs(const PairBatchFn& emit) {
  const uint64_t terms = header_.terms.size();
  const int shards = header_.definition.shards;
  std::vector<KeyCount> batch;
  int last_shard = -1;
  uint64_t last_key = 0;
  bool have_last = false;  // last_key is set (for the current shard).
  uint64_t records = 0;
  while (true) {
    uint32_t kind = 0;
    COOC_RETURN_IF_ERROR(NextBlock(&kind));
    Decoder decoder(payload_);
    if (kind == kEndBlock) {
      uint64_t blocks = 0, total = 0;
      if (!decoder.Fixed64(&blocks) || !decoder.Fixed64(&total) ||
          !decoder.done() || blocks != blocks_ - 1 || total != records) {
        return Damaged("end block disagrees with the blocks before it");
      }
      if (std::fgetc(file_) != EOF) return Damaged("bytes after the end block");
      return absl::OkStatus();
    }
    if (kind != kPairsBlock) return Damaged("unexpected block kind");
    uint32_t shard = 0;
    uint64_t n = 0;
    if (!decoder.Fixed32(&shard) || !decoder.Fixed64(&n) ||
        static_cast<int64_t>(shard) < last_shard ||
        static_cast<int>(shard) >= shards || n > payload_.size()) {
      return Damaged("pairs block header");
    }
    if (static_cast<int>(shard) != last_shard) have_last = false;
    last_shard = static_cast<int>(shard);
    batch.resize(n);
    uint64_t key = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t delta = 0, count = 0;
      if (!decoder.Varint(&delta) || !decoder.Varint(&count) || count == 0) {
        return Damaged("pair record");
      }
      key += delta;
      const uint64_t x = key >> 32, y = key & 0xFFFFFFFFu;
      if ((have_last && key <= last_key) || x >= terms || y >= terms ||
          ShardOf(static_cast<uint32_t>(x), shards) != static_cast<int>(shard)) {
        return Damaged("pair record out of order or out of range");
      }
      last_key = key;
      have_last = true;
      batch[i] = {key, count};
    }
    if (!decoder.done()) return Damaged("pairs block length");
    records += n;
    COOC_RETURN_IF_ERROR(emit(static_cast<int>(shard), batch));
  }
}

}  // namespace

absl::StatusOr<uint64_t> WritePartFile(const std::string& path,
                                       CountPart& part) {
  const PartHeader& header = part.header();
  const std::string temporary =
      absl::StrCat(path, ".writing-", getpid());
  absl::Cleanup remove_temporary = [&temporary] {
    std::error_code ignored;
    fs::remove(temporary, ignored);
  };
  BlockWriter out(temporary);
  COOC_RETURN_IF_ERROR(out.Open());
  COOC_RETURN_IF_ERROR(
      out.Block(kDefinitionBlock, EncodeMetadata(header.definition)));
  COOC_RETURN_IF_ERROR(out.Block(kTotalsBlock, EncodeTotals(header)));
  COOC_RETURN_IF_ERROR(out.Block(kJournalBlock, EncodeJournal(header.journal)));
  COOC_RETURN_IF_ERROR(WriteVocabulary(header, out));
  if (header.definition.labels != LabelMode::kNone) {
    COOC_RETURN_IF_ERROR(out.Block(kLabelsBlock, EncodeLabels(header.labels)));
  }

  std::string payload;
  uint64_t records = 0;
  COOC_RETURN_IF_ERROR(part.ReadPairs(
      [&](int shard, absl::Span<const KeyCount> batch) -> absl::Status {
        for (size_t begin = 0; begin < batch.size();
             begin += kRecordsPerBlock) {
          const size_t n = std::min(kRecordsPerBlock, batch.size() - begin);
          payload.clear();
          PutFixed32(static_cast<uint32_t>(shard), &payload);
          PutFixed64(n, &payload);
          uint64_t previous = 0;
          for (size_t i = begin; i < begin + n; ++i) {
            PutVarint(batch[i].key - previous, &payload);
            PutVarint(batch[i].count, &payload);
            previous = batch[i].key;
          }
          COOC_RETURN_IF_ERROR(out.Block(kPairsBlock, payload));
          records += n;
        }
        return absl::OkStatus();
      }));
  std::string end;
  PutFixed64(out.blocks(), &end);
  PutFixed64(records, &end);
  COOC_RETURN_IF_ERROR(out.Block(kEndBlock, end));
  COOC_RETURN_IF_ERROR(out.Close());
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return ErrnoError(path, "rename the finished part to");
  }
  std::move(remove_temporary).Cancel();
  return out.bytes();
}

absl::StatusOr<std::unique_ptr<CountPart>> OpenPartFile(
    const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a directory, not a count part"));
  }
  auto part = std::make_unique<PartFile>(path);
  COOC_RETURN_IF_ERROR(part->Open());
  return std::unique_ptr<CountPart>(std::move(part));
}

}  // namespace cooc
