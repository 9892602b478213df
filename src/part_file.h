// The count part file: a CountPart on disk, written by `cooc count` and
// folded by `cooc ingest --parts`. DO NOT CHANGE without bumping
// kPartFormatVersion.
//
// All integers are little-endian. A file is
//
//   magic "COOCPART" (8 bytes), version (u32), 0 (u32)
//   block*
//
// and a block is
//
//   kind (u32), payload length (u64), payload, checksum (u64)
//
// where the checksum is the ContentHasher hash (content_hash.h) of the kind,
// length and payload bytes. The blocks come in this order:
//
//   1 definition  the database definition as the metadata record of
//                 key_format.h (EncodeMetadata), as text
//   2 totals      7 x u64: tokens, lines, pair events (units), invalid UTF-8
//                 sequences, ingests, terms, unit cuts (the last added
//                 later within version 1: a part of 6 has no cuts)
//   3 journal     u64 n, then n entries: ingest (u64, 1-based within the
//                 part), unix seconds when counted (i64), bytes (u64),
//                 content hash (u64), path length (u32), path bytes
//   4 vocabulary  (one or more) u64 n, then n terms in local id order:
//                 varint length, UTF-8 bytes, varint f(x), varint document
//                 frequency
//   7 labels      (version 2; labelled definitions only, one block) varint
//                 labelled documents, varint L, L labels (varint length,
//                 bytes, varint documents), varint n = terms, n varints
//                 (labelled documents containing local id i), varint E, E
//                 entries (varint local term, varint label index, varint
//                 documents > 0) in increasing (label, term) order: the
//                 LabelCounts of store_records.h
//   5 pairs       (zero or more) shard (u32), u64 n, then n records: varint
//                 (key - previous key of the block, the first from 0),
//                 varint count; key = (local x << 32) | local y. Shards come
//                 in increasing order, keys strictly increase within a
//                 shard, and a record's x belongs to the block's shard.
//   6 end         u64 number of blocks before it, u64 pair records
//
// A varint is LEB128: 7 bits a byte, low bits first. A reader checks every
// checksum, the order and counts of the blocks and every id against the
// vocabulary, so a damaged, truncated or foreign file is refused with its
// name before anything of it is counted.

#ifndef COOC_SRC_PART_FILE_H_
#define COOC_SRC_PART_FILE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "count_part.h"

namespace cooc {

// Version 2 added the labels block; version 1 files are still read.
inline constexpr uint32_t kPartFormatVersion = 2;

// Writes `part` (its header and all its pairs, read once) to `path`: first
// to a temporary file beside it, then synced and renamed, so `path` is
// either the whole part or absent. Returns the bytes written.
absl::StatusOr<uint64_t> WritePartFile(const std::string& path,
                                       CountPart& part);

// Opens the part file at `path`, reading and checking everything but the
// pairs (which ReadPairs checks as it reads them). Returns NotFound for a
// missing file, FailedPrecondition for another format version, DataLoss for
// anything damaged, truncated or not a part file; messages name `path`.
absl::StatusOr<std::unique_ptr<CountPart>> OpenPartFile(
    const std::string& path);

}  // namespace cooc

#endif  // COOC_SRC_PART_FILE_H_
