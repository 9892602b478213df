// A cursor over scan files (scan_file.h) reads the merged records into a
// buffer of its own and filters them into the caller's. Otherwise cursors
// read a RocksDB iterator straight into the caller's buffer. Keys
// are checked (8 bytes for a pair) and values decoded inline (8 bytes
// little-endian), so the loop does no allocation and no call through a
// std::function. PairTriangle::kUpper looks at the key first: a pair with
// y < x is passed over without decoding its value, and after kSeekAfter
// such pairs in a row the cursor seeks to (x, x), skipping the rest of the
// lower triangle of that row in one step. (On the 100 MB benchmark
// database a scan that steps over the whole lower triangle takes about
// 1.5 times as long as one that seeks after 2; thresholds from 1 to 16
// differ by a few percent.) Read switches RocksDB's perf context off on
// the calling thread: by default it counts every step in thread-local
// counters, which took about 8% of a whole-shard scan; cooc reads no
// perf context.

#include "cooc/store_cursor.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "byte_coding.h"
#include "key_format.h"
#include "rocksdb/perf_level.h"
#include "rocksdb_util.h"
#include "status_macros.h"
#include "store_cursor_rep.h"

namespace cooc {
namespace {

constexpr int kSeekAfter = 2;

// Reads the records of `scan` through `records` and keeps those `options`
// ask for in `out`; as PairCursor::Read, with `*done` set at the end.
absl::StatusOr<size_t> ReadScanFiles(RunMerger& scan,
                                     std::vector<KeyCount>& records,
                                     const PairCursorOptions& options,
                                     absl::Span<PairEntry> out, bool* done) {
  const bool upper = options.triangle == PairTriangle::kUpper;
  const uint64_t min_count = options.min_count;
  records.resize(out.size());
  size_t n = 0;
  while (n < out.size()) {
    COOC_ASSIGN_OR_RETURN(
        const size_t got,
        scan.Read(absl::MakeSpan(records.data(), out.size() - n)));
    if (got == 0) {
      *done = true;
      break;
    }
    for (size_t i = 0; i < got; ++i) {
      const KeyCount& record = records[i];
      const uint32_t x = static_cast<uint32_t>(record.key >> 32);
      const uint32_t y = static_cast<uint32_t>(record.key);
      if ((upper && y < x) || record.count < min_count) continue;
      out[n++] = PairEntry{x, y, record.count};
    }
  }
  return n;
}

}  // namespace

PairCursor::PairCursor(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
PairCursor::PairCursor(PairCursor&&) noexcept = default;
PairCursor& PairCursor::operator=(PairCursor&&) noexcept = default;
PairCursor::~PairCursor() = default;

const absl::Status& PairCursor::status() const { return rep_->status; }

bool PairCursor::reads_scan_files() const { return rep_->scan != nullptr; }

absl::StatusOr<size_t> PairCursor::Read(absl::Span<PairEntry> out) {
  Rep& r = *rep_;
  if (!r.status.ok()) return r.status;
  if (out.empty()) {
    return absl::InvalidArgumentError("PairCursor::Read into an empty buffer");
  }
  if (r.done) return 0;
  if (r.scan != nullptr) {
    absl::StatusOr<size_t> n =
        ReadScanFiles(*r.scan, r.records, r.options, out, &r.done);
    if (n.ok()) return n;
    r.status = absl::Status(
        n.status().code(),
        absl::StrCat(n.status().message(), " (a scan file of ", r.path,
                     "; remove it and cooc reads the tables instead)"));
    return r.status;
  }
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  rocksdb::Iterator& it = *r.it;
  if (!r.started) {
    r.started = true;
    if (r.begin.empty()) {
      it.SeekToFirst();
    } else {
      it.Seek(r.begin);
    }
  }
  const bool upper = r.options.triangle == PairTriangle::kUpper;
  const uint64_t min_count = r.options.min_count;
  size_t n = 0;
  int lower_run = 0;
  while (n < out.size() && it.Valid()) {
    const rocksdb::Slice key = it.key();
    if (key.size() != kPairKeyBytes) {
      r.status = absl::DataLossError(
          absl::StrCat(r.path, ": pair key of ", key.size(),
                       " bytes: ", absl::CHexEscape(View(key))));
      return r.status;
    }
    const uint32_t x = PairKeyLeft(View(key));
    const uint32_t y = PairKeyRight(View(key));
    if (upper && y < x) {
      if (++lower_run >= kSeekAfter) {
        lower_run = 0;
        char target[kPairKeyBytes];
        EncodePairKey(x, x, target);
        it.Seek(rocksdb::Slice(target, kPairKeyBytes));
      } else {
        it.Next();
      }
      continue;
    }
    lower_run = 0;
    const rocksdb::Slice value = it.value();
    if (value.size() != kCounterBytes) {
      r.status = absl::DataLossError(
          absl::StrCat(r.path, ": the count of pair (", x, ",", y, ") has ",
                       value.size(), " bytes, not ", kCounterBytes));
      return r.status;
    }
    const uint64_t count = DecodeFixed64(value.data());
    if (count >= min_count) out[n++] = PairEntry{x, y, count};
    it.Next();
  }
  if (!it.Valid()) {
    r.done = true;
    r.status = FromRocksDb(it.status(), r.path);
    if (!r.status.ok()) return r.status;
  }
  return n;
}

TermCursor::TermCursor(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
TermCursor::TermCursor(TermCursor&&) noexcept = default;
TermCursor& TermCursor::operator=(TermCursor&&) noexcept = default;
TermCursor::~TermCursor() = default;

const absl::Status& TermCursor::status() const { return rep_->status; }

absl::StatusOr<size_t> TermCursor::Read(absl::Span<TermEntry> out) {
  Rep& r = *rep_;
  if (!r.status.ok()) return r.status;
  if (out.empty()) {
    return absl::InvalidArgumentError("TermCursor::Read into an empty buffer");
  }
  if (r.done) return 0;
  rocksdb::Iterator& it = *r.it;
  if (!r.started) {
    r.started = true;
    it.SeekToFirst();
  }
  size_t n = 0;
  while (n < out.size() && it.Valid()) {
    const rocksdb::Slice term = r.keyed_by_id ? it.value() : it.key();
    absl::StatusOr<uint32_t> id =
        DecodeId(View(r.keyed_by_id ? it.key() : it.value()));
    if (!id.ok()) {
      r.status = absl::DataLossError(absl::StrCat(
          r.path, ": the id of term '", absl::CHexEscape(View(term)),
          "': ", id.status().message()));
      return r.status;
    }
    out[n].term.assign(term.data(), term.size());
    out[n].id = *id;
    ++n;
    it.Next();
  }
  if (!it.Valid()) {
    r.done = true;
    r.status = FromRocksDb(it.status(), r.path);
    if (!r.status.ok()) return r.status;
  }
  return n;
}

}  // namespace cooc
