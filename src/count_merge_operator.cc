// CountVectorAdd as a RocksDB AssociativeMergeOperator: unsigned addition
// (wrapping modulo 2^64, which no real corpus reaches) of little-endian
// 64-bit counters, without decoding into a temporary vector.

#include "count_merge_operator.h"

#include <cstdint>
#include <string>

#include "key_format.h"
#include "rocksdb/slice.h"

namespace cooc {
namespace {

class CountVectorAdd : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    if (value.size() == 0 || value.size() % kCounterBytes != 0) return false;
    if (existing == nullptr) {
      new_value->assign(value.data(), value.size());
      return true;
    }
    if (existing->size() != value.size()) return false;
    new_value->resize(value.size());
    for (size_t offset = 0; offset < value.size(); offset += kCounterBytes) {
      uint64_t sum = Load(existing->data() + offset) + Load(value.data() + offset);
      for (size_t i = 0; i < kCounterBytes; ++i) {
        (*new_value)[offset + i] = static_cast<char>(sum >> (8 * i));
      }
    }
    return true;
  }

  const char* Name() const override { return "cooc.CountVectorAdd"; }

 private:
  static uint64_t Load(const char* p) {
    uint64_t v = 0;
    for (int i = kCounterBytes - 1; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(p[i]);
    }
    return v;
  }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewCountMergeOperator() {
  return std::make_shared<CountVectorAdd>();
}

}  // namespace cooc
