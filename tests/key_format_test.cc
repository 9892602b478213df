#include "key_format.h"

#include <cstring>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

TEST(KeyFormat, PairKeyIsBigEndianLeftThenRight) {
  // Golden bytes: changing them breaks every existing database.
  EXPECT_EQ(EncodePairKey(0x01020304, 0xA0B0C0D0),
            std::string("\x01\x02\x03\x04\xA0\xB0\xC0\xD0", 8));
  const std::string key = EncodePairKey(7, 4000000000u);
  EXPECT_EQ(PairKeyLeft(key), 7u);
  EXPECT_EQ(PairKeyRight(key), 4000000000u);
}

TEST(KeyFormat, PairKeysSortByLeftThenRight) {
  EXPECT_LT(EncodePairKey(1, 0xFFFFFFFF), EncodePairKey(2, 0));
  EXPECT_LT(EncodePairKey(2, 1), EncodePairKey(2, 256));
  EXPECT_LT(EncodePairKey(255, 0), EncodePairKey(256, 0));
}

TEST(KeyFormat, AllPartnersOfALeftIdShareItsPrefix) {
  const std::string prefix = EncodeId(300);
  EXPECT_EQ(EncodePairKey(300, 0).substr(0, 4), prefix);
  EXPECT_EQ(EncodePairKey(300, 123456).substr(0, 4), prefix);
  EXPECT_LT(EncodePairKey(300, 0xFFFFFFFF), EncodeId(301));
}

TEST(KeyFormat, IdRoundTripsAndRejectsWrongSizes) {
  absl::StatusOr<uint32_t> id = DecodeId(EncodeId(123456789));
  ASSERT_OK(id);
  EXPECT_EQ(*id, 123456789u);
  EXPECT_STATUS_CODE(DecodeId("abc"), absl::StatusCode::kDataLoss);
  EXPECT_STATUS_CODE(DecodeId("abcde"), absl::StatusCode::kDataLoss);
}

TEST(KeyFormat, CountVectorIsLittleEndian64AndStrict) {
  const uint64_t counts[] = {1, 0x0102030405060708ull};
  const std::string bytes = EncodeCountVector(counts);
  EXPECT_EQ(bytes, std::string("\x01\0\0\0\0\0\0\0"
                               "\x08\x07\x06\x05\x04\x03\x02\x01",
                               16));
  absl::StatusOr<std::vector<uint64_t>> decoded = DecodeCountVector(bytes, 2);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, std::vector<uint64_t>({1, 0x0102030405060708ull}));
  EXPECT_STATUS_CODE(DecodeCountVector(bytes, 3), absl::StatusCode::kDataLoss);
  EXPECT_STATUS_CODE(DecodeCount(bytes), absl::StatusCode::kDataLoss);
  absl::StatusOr<uint64_t> one = DecodeCount(bytes.substr(0, 8));
  ASSERT_OK(one);
  EXPECT_EQ(*one, 1u);
}

TEST(KeyFormat, MetadataRoundTrips) {
  StoreOptions options;
  options.window = 3;
  options.mode = PairMode::kOrdered;
  options.shards = 16;
  options.tokenizer.case_folding = CaseFolding::kKeep;
  options.tokenizer.keep_numbers = true;
  const std::string record = EncodeMetadata(options);
  EXPECT_EQ(record,
            "cooc-format=1 window=3 mode=ordered shards=16 fold=0 numbers=1 "
            "punct=0 minlen=0 dict=0 stopwords=none unit=window tokenizer=2 "
            "check=9b27892b6ca1f1d2");
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(record);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->tokenizer_version, kTokenizerVersion);
  EXPECT_EQ(decoded->window, 3);
  EXPECT_EQ(decoded->mode, PairMode::kOrdered);
  EXPECT_EQ(decoded->shards, 16);
  EXPECT_EQ(decoded->tokenizer.case_folding, CaseFolding::kKeep);
  EXPECT_TRUE(decoded->tokenizer.keep_numbers);
}

TEST(KeyFormat, MetadataRoundTripsTheTokenFilters) {
  StoreOptions options;
  options.tokenizer.keep_punctuation = true;
  options.tokenizer.min_length = 2;
  options.tokenizer.dictionary_checksum = 0x0123456789abcdefull;
  options.tokenizer.stopwords_name = "zh";
  options.tokenizer.stopwords_checksum = 0xfedcba9876543210ull;
  const std::string record = EncodeMetadata(options);
  // Golden: the checksums are stored as 16 lowercase hex digits.
  EXPECT_EQ(record,
            "cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=0 "
            "punct=1 minlen=2 dict=0123456789abcdef "
            "stopwords=zh:fedcba9876543210 unit=window tokenizer=2 "
            "check=53a312f9a42880e9");
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(record);
  ASSERT_OK(decoded);
  EXPECT_TRUE(decoded->tokenizer.keep_punctuation);
  EXPECT_EQ(decoded->tokenizer.min_length, 2);
  EXPECT_EQ(decoded->tokenizer.dictionary_checksum, 0x0123456789abcdefull);
  EXPECT_EQ(decoded->tokenizer.stopwords_name, "zh");
  EXPECT_EQ(decoded->tokenizer.stopwords_checksum, 0xfedcba9876543210ull);
  // The words themselves are not stored.
  EXPECT_EQ(decoded->tokenizer.dictionary, nullptr);
  EXPECT_EQ(decoded->tokenizer.stopwords, nullptr);
}

TEST(KeyFormat, MetadataRoundTripsTheCountingUnit) {
  StoreOptions options;
  options.unit = CountingUnit::kSentence;
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(EncodeMetadata(options));
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->unit, CountingUnit::kSentence);
  // A record without the key counted windows; an unknown unit is damage.
  EXPECT_EQ(DecodeMetadata("cooc-format=1 window=5 mode=symmetric shards=8 "
                           "fold=1 numbers=0")
                ->unit,
            CountingUnit::kWindow);
  EXPECT_STATUS_CODE(DecodeMetadata("cooc-format=1 window=5 mode=symmetric "
                                    "shards=8 fold=1 numbers=0 unit=page"),
                     absl::StatusCode::kDataLoss);
}

// Issue 14: the label mode is in the definition; a record without it (every
// database made before labels) has none, and its bytes are unchanged.
TEST(KeyFormat, Issue14MetadataKeepsTheLabelMode) {
  for (LabelMode mode : {LabelMode::kNone, LabelMode::kPrefix, LabelMode::kTsv}) {
    StoreOptions options;
    options.labels = mode;
    absl::StatusOr<StoreOptions> decoded =
        DecodeMetadata(EncodeMetadata(options));
    ASSERT_OK(decoded);
    EXPECT_EQ(decoded->labels, mode);
    EXPECT_EQ(EncodeMetadata(options).find("labels=") != std::string::npos,
              mode != LabelMode::kNone);
  }
}

TEST(KeyFormat, Issue14LabelRecordsRoundTripInKeyOrder) {
  LabelCounts counts;
  counts.documents = 5;
  counts.labels = {"b", "a/x"};
  counts.label_documents = {3, 2};
  counts.term_documents = {4, 0, 1};
  counts.term_label_documents = {{0, 0, 3}, {2, 0, 1}, {0, 1, 2}};
  const auto records = EncodeLabelRecords(counts);
  ASSERT_EQ(records.size(), 1 + 2 + 2 + 3u);  // A zero count is left out.
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_LT(records[i - 1].first, records[i].first);
  }
  LabelCounts decoded;
  decoded.term_documents.assign(3, 0);
  for (const auto& [key, value] : records) {
    ASSERT_OK(DecodeLabelRecord(key, value, &decoded));
  }
  EXPECT_EQ(decoded.documents, 5u);
  EXPECT_EQ(decoded.labels, (std::vector<std::string>{"a/x", "b"}));
  EXPECT_EQ(decoded.label_documents, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(decoded.term_documents, counts.term_documents);
  EXPECT_EQ(decoded.term_label_documents.size(), 3u);
  // A term id beyond the vocabulary is DataLoss.
  LabelCounts small;
  small.term_documents.assign(1, 0);
  std::string term_2 = kLabelTermPrefix;
  AppendId(2, &term_2);
  const uint64_t one[] = {1};
  EXPECT_EQ(DecodeLabelRecord(term_2, EncodeCountVector(one), &small).code(),
            absl::StatusCode::kDataLoss);
}

TEST(KeyFormat, Issue10MetadataKeepsTheUnitBoundAndAnOldUnitDatabaseHasNone) {
  StoreOptions options;
  options.unit = CountingUnit::kLine;
  options.max_unit_tokens = 250;
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(EncodeMetadata(options));
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->max_unit_tokens, 250);
  EXPECT_OK(CheckSameDefinition(options, *decoded, "test"));
  // A unit database made before the bound was counted without one.
  decoded = DecodeMetadata(
      "cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=0 "
      "unit=sentence");
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->max_unit_tokens, 0);
  StoreOptions sentences;
  sentences.unit = CountingUnit::kSentence;
  EXPECT_STATUS_CODE(CheckSameDefinition(*decoded, sentences, "test"),
                     absl::StatusCode::kInvalidArgument);
  // Window databases do not record it: their counts do not depend on it.
  StoreOptions window;
  window.max_unit_tokens = 7;
  EXPECT_FALSE(absl::StrContains(EncodeMetadata(window), "maxunit"));
  EXPECT_STATUS_CODE(DecodeMetadata("cooc-format=1 window=5 mode=symmetric "
                                    "shards=8 fold=1 numbers=0 unit=line "
                                    "maxunit=1"),
                     absl::StatusCode::kDataLoss);
}

TEST(KeyFormat, Issue10AMetadataRecordChangedAfterWritingIsRefused) {
  StoreOptions options;
  options.window = 5;
  const std::string record = EncodeMetadata(options);
  ASSERT_OK(DecodeMetadata(record));
  // Any change to what the checksum covers: the window, the mode, a flag.
  for (const auto& [from, to] :
       {std::pair{" window=5 ", " window=2 "},
        std::pair{" mode=symmetric ", " mode=ordered "},
        std::pair{" fold=1 ", " fold=0 "}}) {
    std::string tampered = record;
    ASSERT_NE(tampered.find(from), std::string::npos) << record;
    tampered.replace(tampered.find(from), strlen(from), to);
    EXPECT_STATUS_CODE(DecodeMetadata(tampered), absl::StatusCode::kDataLoss);
  }
  // Taking the checksum off a record with a tokenizer version is refused;
  // a record from before both is read as version 1.
  const std::string unchecked = record.substr(0, record.rfind(" check="));
  EXPECT_STATUS_CODE(DecodeMetadata(unchecked), absl::StatusCode::kDataLoss);
  absl::StatusOr<StoreOptions> old = DecodeMetadata(
      "cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=0");
  ASSERT_OK(old);
  EXPECT_EQ(old->tokenizer_version, 1);
  EXPECT_STATUS_CODE(DecodeMetadata(record + "0"), absl::StatusCode::kDataLoss);
}

TEST(KeyFormat, MetadataWithoutTheFilterKeysMeansNoFilters) {
  // The record of a database made before the filter keys existed.
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(
      "cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=1");
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->tokenizer_version, 1);  // Issue 10: before versions.
  EXPECT_TRUE(decoded->tokenizer.keep_numbers);
  EXPECT_FALSE(decoded->tokenizer.keep_punctuation);
  EXPECT_EQ(decoded->tokenizer.min_length, 0);
  EXPECT_EQ(decoded->tokenizer.dictionary_checksum, 0u);
  EXPECT_EQ(decoded->tokenizer.stopwords_name, "");
  EXPECT_EQ(decoded->tokenizer.stopwords_checksum, 0u);
}

TEST(KeyFormat, DamagedFilterKeysAreDataLoss) {
  constexpr char kBase[] =
      "cooc-format=1 window=5 mode=symmetric shards=8 fold=1 numbers=0 ";
  for (const char* fields : {
           "punct=2",
           "minlen=-1",
           "minlen=1001",
           "minlen=x",
           "dict=123",
           "dict=0123456789ABCDEF",  // Upper case is not what we write.
           "dict=0000000000000000",  // 0 is written as "0".
           "stopwords=en",
           "stopwords=:0123456789abcdef",
           "stopwords=en:xyz",
       }) {
    SCOPED_TRACE(fields);
    EXPECT_STATUS_CODE(DecodeMetadata(absl::StrCat(kBase, fields)),
                       absl::StatusCode::kDataLoss);
  }
}

TEST(KeyFormat, MetadataOfAnotherVersionIsFailedPrecondition) {
  EXPECT_STATUS_CODE(
      DecodeMetadata(
          "cooc-format=2 window=5 mode=symmetric shards=8 fold=1 numbers=0"),
      absl::StatusCode::kFailedPrecondition);
}

TEST(KeyFormat, DamagedMetadataIsDataLoss) {
  for (const char* record : {
           "",
           "garbage",
           "cooc-format=1 window=x mode=symmetric shards=8 fold=1 numbers=0",
           "cooc-format=1 window=5 mode=sideways shards=8 fold=1 numbers=0",
           "cooc-format=1 window=5 mode=symmetric shards=0 fold=1 numbers=0",
           "cooc-format=1 window=5 mode=symmetric fold=1 numbers=0",
       }) {
    SCOPED_TRACE(record);
    EXPECT_STATUS_CODE(DecodeMetadata(record), absl::StatusCode::kDataLoss);
  }
}

TEST(KeyFormat, Issue13MetadataRoundTripsPretokenizedAndScriptConversion) {
  StoreOptions options;
  options.tokenizer.segmentation = Segmentation::kPretokenized;
  options.tokenizer.script_conversion =
      ScriptConversion::kTraditionalToSimplified;
  const std::string record = EncodeMetadata(options);
  EXPECT_NE(record.find(" pretokenized=1 convert=t2s "), std::string::npos)
      << record;
  absl::StatusOr<StoreOptions> decoded = DecodeMetadata(record);
  ASSERT_OK(decoded);
  EXPECT_EQ(decoded->tokenizer.segmentation, Segmentation::kPretokenized);
  EXPECT_EQ(decoded->tokenizer.script_conversion,
            ScriptConversion::kTraditionalToSimplified);
  // The default writes neither key (records of databases made before them
  // are unchanged), and reads back as ICU segmentation without conversion.
  const std::string plain = EncodeMetadata(StoreOptions());
  EXPECT_EQ(plain.find("pretokenized"), std::string::npos);
  EXPECT_EQ(plain.find("convert"), std::string::npos);
  absl::StatusOr<StoreOptions> plain_decoded = DecodeMetadata(plain);
  ASSERT_OK(plain_decoded);
  EXPECT_EQ(plain_decoded->tokenizer.segmentation, Segmentation::kIcu);
  EXPECT_EQ(plain_decoded->tokenizer.script_conversion, ScriptConversion::kNone);
  // Different settings are different definitions.
  EXPECT_EQ(CheckSameDefinition(*plain_decoded, *decoded, "part").code(),
            absl::StatusCode::kInvalidArgument);
  StoreOptions converted_only = StoreOptions();
  converted_only.tokenizer.segmentation = Segmentation::kPretokenized;
  absl::Status differs = CheckSameDefinition(*decoded, converted_only, "part");
  EXPECT_NE(differs.message().find("convert"), std::string::npos)
      << differs.message();
}

}  // namespace
}  // namespace cooc
