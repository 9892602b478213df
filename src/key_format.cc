// Encoding and decoding of the on-disk format described in key_format.h.
// Every decoder is strict about sizes: a value of the wrong size or a
// metadata record that does not parse is DataLoss, never a silent zero.
// Numbers in text records are read with absl::SimpleAtoi, which also takes
// forms cooc never writes (a sign, spaces, upper-case hex), and flags are
// not range-checked: a damaged digit can go unnoticed there, except in the
// metadata record, whose checksum notices any change.

#include "key_format.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "content_hash.h"
#include "status_macros.h"

namespace cooc {
namespace {

uint32_t LoadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) |
         (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

void StoreBigEndian32(uint32_t v, char* p) {
  p[0] = static_cast<char>(v >> 24);
  p[1] = static_cast<char>(v >> 16);
  p[2] = static_cast<char>(v >> 8);
  p[3] = static_cast<char>(v);
}

uint64_t LoadLittleEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(p[i]);
  }
  return v;
}

void AppendLittleEndian64(uint64_t v, std::string* out) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// Parses exactly 16 lowercase hexadecimal digits into a nonzero `*value`.
bool ParseChecksum(absl::string_view text, uint64_t* value) {
  if (text.size() != 16) return false;
  uint64_t result = 0;
  for (const char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return false;
    }
    result = (result << 4) | static_cast<uint64_t>(digit);
  }
  if (result == 0) return false;
  *value = result;
  return true;
}

// " check=": the last field of a metadata record.
constexpr char kChecksumField[] = " check=";

// The checksum of a metadata record's text before its check field.
uint64_t MetadataChecksum(absl::string_view record) {
  ContentHasher hasher;
  hasher.Update(record);
  return hasher.Finish();
}

}  // namespace

std::string ShardFamilyName(int family, int shards) {
  return family < shards ? absl::StrCat(kShardFamilyPrefix, family)
                         : absl::StrCat(kRightFamilyPrefix, family - shards);
}

void AppendId(uint32_t id, std::string* out) {
  char bytes[kIdBytes];
  StoreBigEndian32(id, bytes);
  out->append(bytes, kIdBytes);
}

std::string EncodeId(uint32_t id) {
  std::string out;
  AppendId(id, &out);
  return out;
}

absl::StatusOr<uint32_t> DecodeId(absl::string_view bytes) {
  if (bytes.size() != kIdBytes) {
    return absl::DataLossError(
        absl::StrCat("term id of ", bytes.size(), " bytes, expected 4"));
  }
  return LoadBigEndian32(bytes.data());
}

void EncodePairKey(uint32_t x, uint32_t y, char* out) {
  StoreBigEndian32(x, out);
  StoreBigEndian32(y, out + kIdBytes);
}

std::string EncodePairKey(uint32_t x, uint32_t y) {
  std::string key(kPairKeyBytes, '\0');
  EncodePairKey(x, y, key.data());
  return key;
}

uint32_t PairKeyLeft(absl::string_view key) {
  return LoadBigEndian32(key.data());
}

uint32_t PairKeyRight(absl::string_view key) {
  return LoadBigEndian32(key.data() + kIdBytes);
}

std::string EncodeCountVector(absl::Span<const uint64_t> counts) {
  std::string out;
  out.reserve(counts.size() * kCounterBytes);
  for (uint64_t count : counts) AppendLittleEndian64(count, &out);
  return out;
}

absl::StatusOr<std::vector<uint64_t>> DecodeCountVector(absl::string_view bytes,
                                                       size_t fields) {
  if (bytes.size() != fields * kCounterBytes) {
    return absl::DataLossError(absl::StrCat("count value of ", bytes.size(),
                                            " bytes, expected ",
                                            fields * kCounterBytes));
  }
  std::vector<uint64_t> counts(fields);
  for (size_t i = 0; i < fields; ++i) {
    counts[i] = LoadLittleEndian64(bytes.data() + i * kCounterBytes);
  }
  return counts;
}

absl::StatusOr<uint64_t> DecodeCount(absl::string_view bytes) {
  if (bytes.size() != kCounterBytes) {
    return absl::DataLossError(
        absl::StrCat("pair count of ", bytes.size(), " bytes, expected 8"));
  }
  return LoadLittleEndian64(bytes.data());
}

std::string JournalHashPrefix(uint64_t hash) {
  return absl::StrFormat("%s%016x/", kJournalPrefix, hash);
}

std::vector<std::pair<std::string, std::string>> EncodeLabelRecords(
    const LabelCounts& labels) {
  std::vector<std::pair<std::string, std::string>> records;
  const auto add = [&records](std::string key, uint64_t count) {
    if (count == 0) return;
    const uint64_t fields[] = {count};
    records.emplace_back(std::move(key), EncodeCountVector(fields));
  };
  add(kLabelledDocumentsKey, labels.documents);
  for (size_t l = 0; l < labels.labels.size(); ++l) {
    add(absl::StrCat(kLabelPrefix, labels.labels[l]),
        labels.label_documents[l]);
  }
  for (size_t id = 0; id < labels.term_documents.size(); ++id) {
    std::string key = kLabelTermPrefix;
    AppendId(static_cast<uint32_t>(id), &key);
    add(std::move(key), labels.term_documents[id]);
  }
  for (const LabelCounts::TermLabel& entry : labels.term_label_documents) {
    const std::string& name = labels.labels[entry.label];
    std::string key = kLabelTermLabelPrefix;
    AppendId(static_cast<uint32_t>(name.size()), &key);
    key.append(name);
    AppendId(entry.term, &key);
    add(std::move(key), entry.documents);
  }
  std::sort(records.begin(), records.end());
  return records;
}

absl::Status DecodeLabelRecord(absl::string_view key, absl::string_view value,
                               LabelCounts* labels) {
  const auto damaged = [&key](absl::string_view why) {
    return absl::DataLossError(absl::StrCat("damaged label record '",
                                            absl::CHexEscape(key), "': ", why));
  };
  COOC_ASSIGN_OR_RETURN(const uint64_t count, DecodeCount(value));
  if (key == kLabelledDocumentsKey) {
    labels->documents = count;
    return absl::OkStatus();
  }
  if (absl::ConsumePrefix(&key, kLabelPrefix)) {
    labels->labels.emplace_back(key);
    labels->label_documents.push_back(count);
    return absl::OkStatus();
  }
  if (absl::ConsumePrefix(&key, kLabelTermPrefix)) {
    absl::StatusOr<uint32_t> id = DecodeId(key);
    if (!id.ok() || *id >= labels->term_documents.size()) {
      return damaged("not a term id of the vocabulary");
    }
    labels->term_documents[*id] = count;
    return absl::OkStatus();
  }
  if (absl::ConsumePrefix(&key, kLabelTermLabelPrefix)) {
    if (key.size() < 2 * kIdBytes) return damaged("too short");
    const uint32_t length = DecodeId(key.substr(0, kIdBytes)).value();
    if (key.size() != 2 * kIdBytes + length) return damaged("wrong length");
    const absl::string_view name = key.substr(kIdBytes, length);
    const uint32_t id = DecodeId(key.substr(kIdBytes + length)).value();
    if (id >= labels->term_documents.size()) {
      return damaged("not a term id of the vocabulary");
    }
    const auto at = std::find(labels->labels.begin(), labels->labels.end(),
                              name);
    if (at == labels->labels.end()) return damaged("an unknown label");
    labels->term_label_documents.push_back(
        {id, static_cast<uint32_t>(at - labels->labels.begin()), count});
    return absl::OkStatus();
  }
  return damaged("not a label record");
}

std::string JournalKey(uint64_t hash, uint64_t ingest, size_t index) {
  return absl::StrFormat("%s%020d/%06d", JournalHashPrefix(hash), ingest,
                         index);
}

std::string EncodeJournalValue(const JournalEntry& entry) {
  return absl::StrCat(entry.bytes, "\t", entry.unix_seconds, "\t", entry.path);
}

absl::StatusOr<JournalEntry> DecodeJournalEntry(absl::string_view key,
                                                absl::string_view value) {
  const auto damaged = [&key](absl::string_view why) {
    return absl::DataLossError(
        absl::StrCat("damaged journal entry '", key, "': ", why));
  };
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  JournalEntry entry;
  if (parts.size() != 4 || parts[1].size() != 16 ||
      !absl::SimpleHexAtoi(parts[1], &entry.content_hash) ||
      !absl::SimpleAtoi(parts[2], &entry.ingest)) {
    return damaged("bad key");
  }
  std::vector<absl::string_view> fields =
      absl::StrSplit(value, absl::MaxSplits('\t', 2));
  if (fields.size() != 3 || !absl::SimpleAtoi(fields[0], &entry.bytes) ||
      !absl::SimpleAtoi(fields[1], &entry.unix_seconds)) {
    return damaged("bad value");
  }
  entry.path = std::string(fields[2]);
  return entry;
}

namespace {

// The fields of the segmentation settings that came with issue 13, written
// only when not the default (so a record of the default says nothing new).
std::string EncodeSegmentationFields(const TokenizerOptions& tokenizer) {
  std::string fields;
  if (tokenizer.segmentation == Segmentation::kPretokenized) {
    fields = " pretokenized=1";
  }
  if (tokenizer.script_conversion != ScriptConversion::kNone) {
    absl::StrAppend(&fields, " convert=",
                    ScriptConversionName(tokenizer.script_conversion));
  }
  return fields;
}

}  // namespace

std::string EncodeMetadata(const StoreOptions& options) {
  const TokenizerOptions& tokenizer = options.tokenizer;
  const std::string stopwords =
      tokenizer.stopwords_checksum == 0
          ? std::string("none")
          : absl::StrFormat("%s:%016x", tokenizer.stopwords_name,
                            tokenizer.stopwords_checksum);
  const std::string record = absl::StrCat(
      "cooc-format=", kFormatVersion, " window=", options.window,
      " mode=", PairModeName(options.mode), " shards=", options.shards,
      " fold=", tokenizer.case_folding == CaseFolding::kFold ? 1 : 0,
      " numbers=", tokenizer.keep_numbers ? 1 : 0,
      " punct=", tokenizer.keep_punctuation ? 1 : 0,
      " minlen=", tokenizer.min_length, " dict=",
      tokenizer.dictionary_checksum == 0
          ? std::string("0")
          : absl::StrFormat("%016x", tokenizer.dictionary_checksum),
      " stopwords=", stopwords, " unit=", CountingUnitName(options.unit),
      options.tokenizer_version == 1
          ? std::string()
          : absl::StrCat(" tokenizer=", options.tokenizer_version),
      options.unit == CountingUnit::kWindow
          ? std::string()
          : absl::StrCat(" maxunit=", options.max_unit_tokens),
      EncodeSegmentationFields(tokenizer),
      options.labels == LabelMode::kNone
          ? std::string()
          : absl::StrCat(" labels=", LabelModeName(options.labels)),
      options.right_index ? " rindex=1" : "");
  return absl::StrCat(record, kChecksumField,
                      absl::StrFormat("%016x", MetadataChecksum(record)));
}

absl::StatusOr<StoreOptions> DecodeMetadata(absl::string_view record) {
  // The checksum covers everything before it; a record without one was
  // written before checksums (and so has no tokenizer version either).
  const absl::string_view whole = record;
  bool checked = false;
  if (const size_t at = record.rfind(kChecksumField);
      at != absl::string_view::npos) {
    uint64_t stored = 0;
    const absl::string_view hex = record.substr(at + strlen(kChecksumField));
    if (!ParseChecksum(hex, &stored)) {
      return absl::DataLossError(absl::StrCat(
          "damaged metadata record '", whole, "': check is not 16 hex digits"));
    }
    record = record.substr(0, at);
    if (stored != MetadataChecksum(record)) {
      return absl::DataLossError(absl::StrCat(
          "the metadata record '", whole, "' was changed after cooc wrote it "
          "(its checksum does not match): the definition it states cannot be "
          "trusted; make the database again from its texts (cooc sources "
          "lists them)"));
    }
    checked = true;
  }
  std::map<std::string, std::string> fields;
  for (absl::string_view field : absl::StrSplit(record, ' ')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(field, '=');
    fields[kv.first] = kv.second;
  }
  const auto damaged = [&record](absl::string_view why) {
    return absl::DataLossError(
        absl::StrCat("damaged metadata record '", record, "': ", why));
  };
  int version = 0;
  if (!absl::SimpleAtoi(fields["cooc-format"], &version)) {
    return damaged("no format version");
  }
  if (version != kFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("database has format version ", version,
                     "; this cooc reads version ", kFormatVersion));
  }
  StoreOptions options;
  int fold = 0;
  int numbers = 0;
  if (!absl::SimpleAtoi(fields["window"], &options.window) ||
      !absl::SimpleAtoi(fields["shards"], &options.shards) ||
      !absl::SimpleAtoi(fields["fold"], &fold) ||
      !absl::SimpleAtoi(fields["numbers"], &numbers)) {
    return damaged("a number field does not parse");
  }
  if (fields["mode"] == "symmetric") {
    options.mode = PairMode::kSymmetric;
  } else if (fields["mode"] == "ordered") {
    options.mode = PairMode::kOrdered;
  } else {
    return damaged("unknown mode");
  }
  // The unit key came later: a record without it counted windows.
  if (fields.count("unit") > 0) {
    absl::StatusOr<CountingUnit> unit = ParseCountingUnit(fields["unit"]);
    if (!unit.ok()) return damaged("unknown unit");
    options.unit = *unit;
  }
  // Labels came later: a record without them has none.
  if (fields.contains("labels")) {
    absl::StatusOr<LabelMode> labels = ParseLabelMode(fields["labels"]);
    if (!labels.ok()) return damaged("unknown labels");
    options.labels = *labels;
  }
  // The tokenizer version came later: a record without it is version 1.
  // Records have had checksums since: one with a version but without a
  // checksum had its checksum taken off.
  if (fields.contains("tokenizer") && !checked) {
    return damaged("no checksum (check=), which every record with a "
                   "tokenizer version has");
  }
  options.tokenizer_version = 1;
  if (fields.contains("tokenizer") &&
      (!absl::SimpleAtoi(fields["tokenizer"], &options.tokenizer_version) ||
       options.tokenizer_version < 1)) {
    return damaged("tokenizer is not a version number");
  }
  // The bound of a unit came later: a unit database without it was counted
  // without one.
  if (options.unit != CountingUnit::kWindow) {
    options.max_unit_tokens = 0;
    if (fields.contains("maxunit") &&
        !absl::SimpleAtoi(fields["maxunit"], &options.max_unit_tokens)) {
      return damaged("maxunit is not a number");
    }
  }
  // The right index came later: a database without the field has none.
  if (fields.contains("rindex")) {
    if (fields["rindex"] != "1" || options.mode != PairMode::kOrdered) {
      return damaged("rindex is not 1 in an ordered database");
    }
    options.right_index = true;
  }
  options.tokenizer.case_folding =
      fold != 0 ? CaseFolding::kFold : CaseFolding::kKeep;
  options.tokenizer.keep_numbers = numbers != 0;
  // The filter keys came later: a record without them is a database made
  // before them, with no punctuation, length limit, dictionary or stopwords.
  TokenizerOptions& tokenizer = options.tokenizer;
  if (fields.contains("punct")) {
    const std::string& punct = fields["punct"];
    if (punct != "0" && punct != "1") return damaged("punct is not 0 or 1");
    tokenizer.keep_punctuation = punct == "1";
  }
  if (fields.contains("minlen") &&
      (!absl::SimpleAtoi(fields["minlen"], &tokenizer.min_length) ||
       tokenizer.min_length < 0 || tokenizer.min_length > 1000)) {
    return damaged("minlen is not a number from 0 to 1000");
  }
  if (fields.contains("dict") && fields["dict"] != "0" &&
      !ParseChecksum(fields["dict"], &tokenizer.dictionary_checksum)) {
    return damaged("dict is not 0 or a 16-digit hexadecimal checksum");
  }
  if (fields.contains("stopwords") && fields["stopwords"] != "none") {
    const std::string& stopwords = fields["stopwords"];
    const size_t colon = stopwords.find(':');
    if (colon == 0 || colon == std::string::npos ||
        !ParseChecksum(stopwords.substr(colon + 1),
                       &tokenizer.stopwords_checksum)) {
      return damaged("stopwords is not none or NAME:CHECKSUM");
    }
    tokenizer.stopwords_name = stopwords.substr(0, colon);
  }
  // The segmentation keys came later still and are written only when set.
  if (fields.contains("pretokenized")) {
    if (fields["pretokenized"] != "1") return damaged("pretokenized is not 1");
    tokenizer.segmentation = Segmentation::kPretokenized;
  }
  if (fields.contains("convert")) {
    absl::StatusOr<ScriptConversion> conversion =
        ParseScriptConversion(fields["convert"]);
    if (!conversion.ok()) return damaged("unknown script conversion");
    tokenizer.script_conversion = *conversion;
  }
  if (absl::Status valid = ValidateStoreOptions(options); !valid.ok()) {
    return damaged(valid.message());
  }
  return options;
}

}  // namespace cooc
