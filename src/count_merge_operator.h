// The merge operator of every counting column family: adds two CountVectors
// (key_format.h) element by element. It is strict: operands of different
// lengths, or of a length that is not a whole number of counters, make the
// merge fail, which RocksDB reports as Corruption on read, rather than being
// counted as zero.

#ifndef COOC_SRC_COUNT_MERGE_OPERATOR_H_
#define COOC_SRC_COUNT_MERGE_OPERATOR_H_

#include <memory>

#include "rocksdb/merge_operator.h"

namespace cooc {

// Returns the operator registered as "cooc.CountVectorAdd". Never throws.
std::shared_ptr<rocksdb::MergeOperator> NewCountMergeOperator();

}  // namespace cooc

#endif  // COOC_SRC_COUNT_MERGE_OPERATOR_H_
