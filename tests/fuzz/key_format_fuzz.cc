// libFuzzer target for the on-disk format (src/key_format.h) and the merge
// operator that adds its CountVectors (src/count_merge_operator.h).
//
// Input: one selector byte (taken modulo 4), then the payload:
//   0  raw bytes for the fixed-width codecs: ids, counts, CountVectors,
//      pair keys, and the merge operator on the two halves;
//   1  a journal entry: key, '\n', value (DecodeJournalEntry);
//   2  a metadata record (DecodeMetadata);
//   3  values built from the bytes (FuzzedDataProvider) that must survive
//      encode -> decode unchanged.
//
// Checked (abort() on a violation, so libFuzzer saves the input):
//   - a fixed-width decoder accepts exactly the right size, re-encodes
//     what it accepts to the same bytes, and rejects the rest as DataLoss;
//   - pair keys sort bytewise exactly as (left, right) pairs do;
//   - the merge operator succeeds exactly on equal, whole, non-empty
//     operands, and then adds element-wise modulo 2^64;
//   - the text decoders fail only with DataLoss (or FailedPrecondition for
//     another format version), and what they accept re-encodes to a record
//     that decodes to the same value; metadata they accept is valid;
//   - decode(encode(x)) == x for ids, pair keys, CountVectors, journal
//     entries and valid metadata.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "count_merge_operator.h"
#include "key_format.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice.h"

namespace cooc {
namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "key_format_fuzz: %s\n", what);
  std::abort();
}

void CheckDataLoss(const absl::Status& status, const char* what) {
  Check(status.code() == absl::StatusCode::kDataLoss, what);
}

uint64_t LoadLittleEndian64(absl::string_view bytes, size_t offset) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(bytes[offset + i]);
  }
  return v;
}

void FuzzIdsAndCounts(absl::string_view bytes) {
  absl::StatusOr<uint32_t> id = DecodeId(bytes);
  Check(id.ok() == (bytes.size() == kIdBytes), "DecodeId size rule");
  if (id.ok()) Check(EncodeId(*id) == bytes, "DecodeId does not round-trip");
  if (!id.ok()) CheckDataLoss(id.status(), "DecodeId error code");

  absl::StatusOr<uint64_t> count = DecodeCount(bytes);
  Check(count.ok() == (bytes.size() == kCounterBytes), "DecodeCount size");
  if (count.ok()) {
    const uint64_t one[] = {*count};
    Check(EncodeCountVector(one) == bytes, "DecodeCount does not round-trip");
  } else {
    CheckDataLoss(count.status(), "DecodeCount error code");
  }

  for (size_t fields : {size_t{0}, size_t{1}, size_t{kMarginalsFields},
                        size_t{kTotalsFields}}) {
    absl::StatusOr<std::vector<uint64_t>> counts =
        DecodeCountVector(bytes, fields);
    Check(counts.ok() == (bytes.size() == fields * kCounterBytes),
          "DecodeCountVector size rule");
    if (counts.ok()) {
      Check(counts->size() == fields, "DecodeCountVector field count");
      Check(EncodeCountVector(*counts) == bytes,
            "DecodeCountVector does not round-trip");
    } else {
      CheckDataLoss(counts.status(), "DecodeCountVector error code");
    }
  }
}

void FuzzPairKeys(absl::string_view bytes) {
  if (bytes.size() < 2 * kPairKeyBytes) return;
  const absl::string_view a = bytes.substr(0, kPairKeyBytes);
  const absl::string_view b = bytes.substr(kPairKeyBytes, kPairKeyBytes);
  const auto pair = [](absl::string_view key) {
    return std::make_tuple(PairKeyLeft(key), PairKeyRight(key));
  };
  Check(EncodePairKey(PairKeyLeft(a), PairKeyRight(a)) == a,
        "pair key does not round-trip");
  Check((a < b) == (pair(a) < pair(b)), "pair keys sort unlike their pairs");
  Check(a.substr(0, kIdBytes) == EncodeId(PairKeyLeft(a)),
        "a pair key does not start with its left id");
}

// Runs the merge operator on (existing, operand); existing may be null.
bool Merge(const std::string* existing, absl::string_view operand,
           std::string* result) {
  static const std::shared_ptr<rocksdb::MergeOperator> op =
      NewCountMergeOperator();
  const auto* associative =
      static_cast<const rocksdb::AssociativeMergeOperator*>(op.get());
  rocksdb::Slice existing_slice;
  if (existing != nullptr) existing_slice = rocksdb::Slice(*existing);
  return associative->Merge("key", existing ? &existing_slice : nullptr,
                            rocksdb::Slice(operand.data(), operand.size()),
                            result, nullptr);
}

void FuzzMerge(absl::string_view bytes) {
  const std::string existing(bytes.substr(0, bytes.size() / 2));
  const absl::string_view operand = bytes.substr(bytes.size() / 2);
  const bool whole = !operand.empty() && operand.size() % kCounterBytes == 0;
  std::string first;
  Check(Merge(nullptr, operand, &first) == whole, "merge of one operand");
  if (whole) Check(first == operand, "first operand is not the value");

  std::string sum;
  const bool merged = Merge(&existing, operand, &sum);
  Check(merged == (whole && existing.size() == operand.size()),
        "merge accepted or refused the wrong operands");
  if (!merged) return;
  Check(sum.size() == operand.size(), "merged value has another size");
  for (size_t offset = 0; offset < sum.size(); offset += kCounterBytes) {
    Check(LoadLittleEndian64(sum, offset) ==
              LoadLittleEndian64(existing, offset) +
                  LoadLittleEndian64(operand, offset),
          "merge is not element-wise addition");
  }
}

bool SameJournalEntry(const JournalEntry& a, const JournalEntry& b) {
  return a.path == b.path && a.bytes == b.bytes &&
         a.content_hash == b.content_hash && a.ingest == b.ingest &&
         a.unix_seconds == b.unix_seconds;
}

void FuzzJournal(absl::string_view bytes) {
  const size_t newline = bytes.find('\n');
  const absl::string_view key = bytes.substr(0, newline);
  const absl::string_view value = newline == absl::string_view::npos
                                      ? absl::string_view()
                                      : bytes.substr(newline + 1);
  absl::StatusOr<JournalEntry> entry = DecodeJournalEntry(key, value);
  if (!entry.ok()) {
    CheckDataLoss(entry.status(), "DecodeJournalEntry error code");
    return;
  }
  absl::StatusOr<JournalEntry> again =
      DecodeJournalEntry(JournalKey(entry->content_hash, entry->ingest, 0),
                         EncodeJournalValue(*entry));
  Check(again.ok() && SameJournalEntry(*again, *entry),
        "a decoded journal entry does not re-encode");
}

bool SameStoreOptions(const StoreOptions& a, const StoreOptions& b) {
  const TokenizerOptions& x = a.tokenizer;
  const TokenizerOptions& y = b.tokenizer;
  return a.window == b.window && a.mode == b.mode && a.unit == b.unit &&
         a.shards == b.shards && x.case_folding == y.case_folding &&
         x.keep_numbers == y.keep_numbers &&
         x.keep_punctuation == y.keep_punctuation &&
         x.min_length == y.min_length &&
         x.dictionary_checksum == y.dictionary_checksum &&
         x.stopwords_name == y.stopwords_name &&
         x.stopwords_checksum == y.stopwords_checksum;
}

void FuzzMetadata(absl::string_view record) {
  absl::StatusOr<StoreOptions> options = DecodeMetadata(record);
  if (!options.ok()) {
    Check(options.status().code() == absl::StatusCode::kDataLoss ||
              options.status().code() == absl::StatusCode::kFailedPrecondition,
          "DecodeMetadata error code");
    return;
  }
  Check(ValidateStoreOptions(*options).ok(), "decoded metadata is invalid");
  absl::StatusOr<StoreOptions> again = DecodeMetadata(EncodeMetadata(*options));
  Check(again.ok() && SameStoreOptions(*again, *options),
        "decoded metadata does not re-encode");
}

StoreOptions ConsumeStoreOptions(FuzzedDataProvider& data) {
  StoreOptions options;
  options.window = data.ConsumeIntegralInRange(1, 1000);
  options.shards = data.ConsumeIntegralInRange(1, 1024);
  options.unit = data.PickValueInArray(
      {CountingUnit::kWindow, CountingUnit::kSentence, CountingUnit::kLine});
  options.mode = options.unit == CountingUnit::kWindow && data.ConsumeBool()
                     ? PairMode::kOrdered
                     : PairMode::kSymmetric;
  TokenizerOptions& tokenizer = options.tokenizer;
  tokenizer.case_folding =
      data.ConsumeBool() ? CaseFolding::kFold : CaseFolding::kKeep;
  tokenizer.keep_numbers = data.ConsumeBool();
  tokenizer.keep_punctuation = data.ConsumeBool();
  tokenizer.min_length = data.ConsumeIntegralInRange(0, 1000);
  tokenizer.dictionary_checksum = data.ConsumeIntegral<uint64_t>();
  const uint64_t stopwords = data.ConsumeIntegral<uint64_t>();
  if (stopwords != 0) {
    tokenizer.stopwords_name = data.PickValueInArray({"en", "zh", "file"});
    tokenizer.stopwords_checksum = stopwords;
  }
  return options;
}

void FuzzRoundTrips(FuzzedDataProvider& data) {
  const uint32_t x = data.ConsumeIntegral<uint32_t>();
  const uint32_t y = data.ConsumeIntegral<uint32_t>();
  absl::StatusOr<uint32_t> id = DecodeId(EncodeId(x));
  Check(id.ok() && *id == x, "id round trip");
  const std::string key = EncodePairKey(x, y);
  char raw[kPairKeyBytes];
  EncodePairKey(x, y, raw);
  Check(key == absl::string_view(raw, kPairKeyBytes), "pair key encoders");
  Check(PairKeyLeft(key) == x && PairKeyRight(key) == y, "pair key round trip");
  const int shards = data.ConsumeIntegralInRange(1, 1024);
  Check(ShardOf(x, shards) >= 0 && ShardOf(x, shards) < shards, "ShardOf");

  std::vector<uint64_t> counts(data.ConsumeIntegralInRange(0, 16));
  for (uint64_t& count : counts) count = data.ConsumeIntegral<uint64_t>();
  absl::StatusOr<std::vector<uint64_t>> decoded =
      DecodeCountVector(EncodeCountVector(counts), counts.size());
  Check(decoded.ok() && *decoded == counts, "CountVector round trip");

  const StoreOptions options = ConsumeStoreOptions(data);
  Check(ValidateStoreOptions(options).ok(), "generated options are invalid");
  absl::StatusOr<StoreOptions> metadata =
      DecodeMetadata(EncodeMetadata(options));
  Check(metadata.ok() && SameStoreOptions(*metadata, options),
        "metadata round trip");

  JournalEntry entry;
  entry.content_hash = data.ConsumeIntegral<uint64_t>();
  entry.ingest = data.ConsumeIntegral<uint64_t>();
  entry.bytes = data.ConsumeIntegral<uint64_t>();
  entry.unix_seconds = data.ConsumeIntegral<int64_t>();
  const size_t index = data.ConsumeIntegral<uint32_t>();
  entry.path = data.ConsumeRemainingBytesAsString();
  const std::string journal_key =
      JournalKey(entry.content_hash, entry.ingest, index);
  Check(absl::StartsWith(journal_key, JournalHashPrefix(entry.content_hash)),
        "journal key outside its hash prefix");
  absl::StatusOr<JournalEntry> journal =
      DecodeJournalEntry(journal_key, EncodeJournalValue(entry));
  Check(journal.ok() && SameJournalEntry(*journal, entry),
        "journal entry round trip");
}

}  // namespace
}  // namespace cooc

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view payload(reinterpret_cast<const char*>(data) + 1,
                                  size - 1);
  switch (data[0] % 4) {
    case 0:
      cooc::FuzzIdsAndCounts(payload);
      cooc::FuzzPairKeys(payload);
      cooc::FuzzMerge(payload);
      break;
    case 1:
      cooc::FuzzJournal(payload);
      break;
    case 2:
      cooc::FuzzMetadata(payload);
      break;
    default: {
      FuzzedDataProvider provider(data + 1, size - 1);
      cooc::FuzzRoundTrips(provider);
      break;
    }
  }
  return 0;
}
