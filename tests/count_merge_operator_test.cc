#include "count_merge_operator.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "key_format.h"
#include "rocksdb/merge_operator.h"

namespace cooc {
namespace {

// Runs the operator's associative Merge on (existing, operand).
bool Merge(const std::string* existing, const std::string& operand,
           std::string* result) {
  auto op = NewCountMergeOperator();
  auto* associative =
      static_cast<rocksdb::AssociativeMergeOperator*>(op.get());
  rocksdb::Slice existing_slice;
  if (existing != nullptr) existing_slice = rocksdb::Slice(*existing);
  return associative->Merge("key", existing ? &existing_slice : nullptr,
                            operand, result, nullptr);
}

TEST(CountMergeOperator, AddsCountersElementWise) {
  const uint64_t a[] = {1, 2, 3};
  const uint64_t b[] = {10, 20, 0xFFFFFFFFull};
  const std::string existing = EncodeCountVector(a);
  std::string sum;
  ASSERT_TRUE(Merge(&existing, EncodeCountVector(b), &sum));
  auto decoded = DecodeCountVector(sum, 3);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::vector<uint64_t>({11, 22, 0x100000002ull}));
}

TEST(CountMergeOperator, CarriesAcrossBytesAboveTwoToThe32) {
  const uint64_t a[] = {(1ull << 40) - 1};
  const uint64_t b[] = {1};
  const std::string existing = EncodeCountVector(a);
  std::string sum;
  ASSERT_TRUE(Merge(&existing, EncodeCountVector(b), &sum));
  EXPECT_EQ(*DecodeCount(sum), 1ull << 40);
}

TEST(CountMergeOperator, FirstOperandBecomesTheValue) {
  const uint64_t a[] = {42};
  std::string result;
  ASSERT_TRUE(Merge(nullptr, EncodeCountVector(a), &result));
  EXPECT_EQ(*DecodeCount(result), 42u);
}

TEST(CountMergeOperator, RejectsMalformedOperands) {
  const uint64_t one[] = {1};
  const uint64_t two[] = {1, 2};
  const std::string existing = EncodeCountVector(one);
  std::string result;
  EXPECT_FALSE(Merge(&existing, EncodeCountVector(two), &result));
  EXPECT_FALSE(Merge(&existing, "short", &result));
  EXPECT_FALSE(Merge(nullptr, "", &result));
  const std::string damaged = "1234567";
  EXPECT_FALSE(Merge(&damaged, EncodeCountVector(one), &result));
}

}  // namespace
}  // namespace cooc
