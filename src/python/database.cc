#include "database.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cooc/concordance.h"
#include "cooc/features.h"
#include "cooc/keyness.h"
#include "cooc/measures.h"
#include "cooc/query.h"
#include "cooc/report.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"
#include "python_values.h"

namespace cooc::python {
namespace {

// The query options as keyword arguments.
QueryOptions MakeQueryOptions(const std::string& measure, int top,
                              int64_t min_count, const std::string& base,
                              const std::string& marginals, double add_k,
                              double cds) {
  QueryOptions options;
  options.measure = ValueOrRaise(ParseMeasure(measure));
  if (top < 1) Raise(PyExc_ValueError, "top must be at least 1");
  options.top = top;
  if (min_count < 1) Raise(PyExc_ValueError, "min_count must be at least 1");
  options.min_count = static_cast<uint64_t>(min_count);
  options.base = ValueOrRaise(ParseLogBase(base));
  options.marginals = ValueOrRaise(ParseMarginals(marginals));
  options.add_k = add_k;
  options.cds = cds;
  OkOrRaise(ValidateQueryOptions(options));
  return options;
}

// The ranking filters of assoc and collocations (QueryOptions), as the
// Python package passes them.
struct RankingFilters {
  bool self_pairs = false;
  std::optional<std::string> direction;  // Unset: the measure's default.
  int64_t min_freq = 0;
  std::optional<std::string> stopwords;  // "en", "zh" or a file.
  std::optional<std::string> match;
};

void ApplyFilters(const RankingFilters& filters, QueryOptions* options) {
  options->self_pairs = filters.self_pairs;
  if (filters.direction) {
    options->direction = ValueOrRaise(ParseDirection(*filters.direction));
  }
  if (filters.min_freq < 0) {
    Raise(PyExc_ValueError, "min_freq must be at least 0");
  }
  options->min_frequency = static_cast<uint64_t>(filters.min_freq);
  if (filters.stopwords) {
    options->stopwords = ValueOrRaise(StopwordList::Open(*filters.stopwords));
  }
  if (filters.match) options->match = *filters.match;
}

std::vector<Measure> MakeMeasures(const std::optional<std::string>& names) {
  if (!names) return {};
  return ValueOrRaise(ParseMeasureList(*names));
}

// Growable storage in fixed chunks: no copy when it grows, and each chunk
// can be freed as soon as it has been copied out.
template <typename T>
class ChunkedArray {
 public:
  static constexpr size_t kChunk = size_t{1} << 18;
  void push_back(T value) {
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    chunks_.back().push_back(value);
    ++size_;
  }
  size_t size() const { return size_; }
  const T& operator[](size_t i) const {
    return chunks_[i / kChunk][i % kChunk];
  }

  // Reads the array front to back, freeing each chunk once it is read.
  class Reader {
   public:
    explicit Reader(ChunkedArray* array) : array_(array) {}
    // Copies the next `n` values to `out`.
    template <typename U>
    void Take(size_t n, U* out) {
      while (n > 0) {
        std::vector<T>& chunk = array_->chunks_[chunk_];
        const size_t here = std::min(n, chunk.size() - at_);
        out = std::copy_n(chunk.begin() + at_, here, out);
        at_ += here;
        n -= here;
        if (at_ == chunk.size()) {
          std::vector<T>().swap(chunk);
          ++chunk_;
          at_ = 0;
        }
      }
    }

   private:
    ChunkedArray* array_;
    size_t chunk_ = 0;
    size_t at_ = 0;
  };

 private:
  std::vector<std::vector<T>> chunks_;
  size_t size_ = 0;
};

// The numpy arrays of a CSR matrix with `types` rows and `nnz` entries,
// allocated without the GIL released, filled through the raw pointers.
template <typename Index>
struct CsrArrays {
  CsrArrays(uint64_t types, uint64_t nnz)
      : indptr(types + 1),
        indices(nnz),
        data(nnz),
        ptr(indptr.mutable_data()),
        col(indices.mutable_data()),
        value(data.mutable_data()) {}
  // (indptr, indices, data, n), as Database.matrix returns them.
  py::tuple Tuple(uint64_t types) const {
    return py::make_tuple(indptr, indices, data, types);
  }
  py::array_t<Index> indptr;
  py::array_t<Index> indices;
  py::array_t<int64_t> data;
  Index* ptr;
  Index* col;
  int64_t* value;
};

// The stored pairs of one shard, by row: each row x's partners y and counts
// (in y order), rows in increasing x.
struct ShardRows {
  std::vector<std::pair<uint32_t, uint64_t>> rows;  // (x, number of pairs)
  ChunkedArray<uint32_t> columns;
  ChunkedArray<uint64_t> counts;
};

class Database {
 public:
  explicit Database(const std::string& path) : path_(path) {
    absl::StatusOr<std::unique_ptr<Query>> query;
    {
      py::gil_scoped_release release;
      query = Query::Open(path);
    }
    query_ = ValueOrRaise(std::move(query));
  }

  void Close() {
    absl::MutexLock lock(&mu_);
    query_.reset();
  }
  bool closed() {
    absl::MutexLock lock(&mu_);
    return query_ == nullptr;
  }
  const std::string& path() const { return path_; }

  py::dict Stats(bool information, const std::string& base) {
    const LogBase log_base = ValueOrRaise(ParseLogBase(base));
    absl::StatusOr<CorpusStats> stats = Locked([&](Query& query) {
      return query.Stats(
          information ? StatsScope::kInformation : StatsScope::kTotals,
          log_base);
    });
    return Record(StatsReport(ValueOrRaise(std::move(stats))));
  }

  py::dict Pair(const std::string& x, const std::string& y,
                const std::string& base, const std::string& marginals,
                double add_k, double cds) {
    const QueryOptions options =
        MakeQueryOptions("pmi", 1, 1, base, marginals, add_k, cds);
    absl::StatusOr<PairTable> pair =
        Locked([&](Query& query) { return query.Pair(x, y, options); });
    return Record(FullPairReport(
        ValueOrRaise(std::move(pair), NotFoundMeans::kTerm), options.base));
  }

  py::tuple Assoc(const std::vector<std::string>& terms,
                  const std::string& measure, int top, int64_t min_count,
                  const std::optional<std::string>& measures,
                  const std::string& base, const std::string& marginals,
                  double add_k, double cds, const RankingFilters& filters,
                  bool skip_missing, const std::string& side) {
    QueryOptions options = MakeQueryOptions(measure, top, min_count, base,
                                            marginals, add_k, cds);
    ApplyFilters(filters, &options);
    options.side = ValueOrRaise(ParseSide(side));
    const std::vector<Measure> also = MakeMeasures(measures);
    std::vector<std::pair<std::string, std::vector<ScoredPair>>> answers;
    std::vector<std::string> missing;
    absl::Status status = LockedStatus([&](Query& query) -> absl::Status {
      for (const std::string& term : terms) {
        absl::StatusOr<std::vector<ScoredPair>> pairs =
            query.Associates(term, options);
        const bool unknown = absl::IsNotFound(pairs.status());
        if (unknown && skip_missing) {
          missing.push_back(term);
          continue;
        }
        if (unknown) return absl::NotFoundError(pairs.status().message());
        if (!pairs.ok()) return pairs.status();
        answers.emplace_back(term, *std::move(pairs));
      }
      return absl::OkStatus();
    });
    OkOrRaise(status, NotFoundMeans::kTerm);
    py::list missing_terms;
    for (const std::string& term : missing) missing_terms.append(Text(term));
    return py::make_tuple(
        Columns(BatchPairReport(answers, options.measure, also, options.base)),
        missing_terms);
  }

  py::dict Collocations(const std::string& measure, int top, int64_t min_count,
                        const std::optional<std::string>& measures,
                        const std::string& base, const std::string& marginals,
                        double add_k, double cds,
                        const RankingFilters& filters) {
    QueryOptions options = MakeQueryOptions(measure, top, min_count, base,
                                            marginals, add_k, cds);
    ApplyFilters(filters, &options);
    const std::vector<Measure> also = MakeMeasures(measures);
    absl::StatusOr<std::vector<ScoredPair>> pairs =
        Locked([&](Query& query) { return query.Collocations(options); });
    return Columns(PairReport(ValueOrRaise(std::move(pairs)), options.measure,
                              also, options.base));
  }

  // The rows of `cooc concordance --format tsv` as columns; the summary's
  // counts as a dict under "summary".
  py::dict Concordance(const std::string& node, const std::string& collocate,
                       int width, int64_t limit, const std::string& sort,
                       const std::vector<std::string>& from,
                       const std::string& encoding,
                       const std::optional<std::string>& dictionary,
                       const std::optional<std::string>& stopwords,
                       int threads) {
    ConcordanceOptions options;
    options.node = node;
    options.collocate = collocate;
    options.width = width;
    if (limit < 0) {
      throw py::value_error("limit must be >= 0 (0 for all)");
    }
    options.limit = static_cast<size_t>(limit);
    options.sort = ValueOrRaise(ParseConcordanceSort(sort));
    options.from = from;
    options.encoding = encoding;
    options.threads = threads;
    if (dictionary.has_value()) {
      options.dictionary = ValueOrRaise(UserDictionary::Load(*dictionary));
    }
    if (stopwords.has_value()) {
      options.stopwords = ValueOrRaise(StopwordList::Open(*stopwords));
    }
    // An unknown term is TermNotFound; a `from` file that is missing,
    // FileNotFoundError.
    absl::StatusOr<PairTable> terms = Locked([&](Query& query) {
      return query.Pair(node, collocate.empty() ? node : collocate);
    });
    ValueOrRaise(std::move(terms), NotFoundMeans::kTerm);
    absl::StatusOr<cooc::Concordance> found = Locked(
        [&](Query& query) { return FindConcordance(query, options); });
    const cooc::Concordance concordance = ValueOrRaise(std::move(found));
    py::dict columns = Columns(ConcordanceReport(concordance));
    py::dict summary;
    summary["complete"] = concordance.complete;
    summary["matches"] = concordance.matches;
    summary["cooccurrences"] = concordance.cooccurrences;
    summary["stored_count"] = concordance.stored_count;
    summary["sources_read"] = concordance.sources_read;
    py::list skipped;
    for (const SkippedSource& source : concordance.skipped) {
      skipped.append(py::make_tuple(source.path, source.reason));
    }
    summary["skipped"] = skipped;
    py::dict result;
    result["columns"] = columns;
    result["summary"] = summary;
    return result;
  }

  // cooc features (features.h).
  py::dict Features(const std::optional<std::string>& label,
                    const std::string& measure, const std::string& convention,
                    const std::optional<std::string>& direction, int64_t top,
                    int64_t min_df, const std::string& base) {
    FeatureOptions options;
    options.label = label.value_or("");
    options.measure = ValueOrRaise(ParseMeasure(measure));
    options.convention = ValueOrRaise(ParseFeatureConvention(convention));
    if (direction) options.direction = ValueOrRaise(ParseDirection(*direction));
    if (top < 0) Raise(PyExc_ValueError, "top must be at least 0 (0: all)");
    options.top = static_cast<uint64_t>(top);
    if (min_df < 1) Raise(PyExc_ValueError, "min_df must be at least 1");
    options.min_documents = static_cast<uint64_t>(min_df);
    options.base = ValueOrRaise(ParseLogBase(base));
    absl::StatusOr<std::vector<FeatureEntry>> entries = Locked(
        [&](Query& query) { return cooc::Features(query.store(), options); });
    // An unknown label is a KeyError, as an unknown term is.
    return Columns(FeaturesReport(
        ValueOrRaise(std::move(entries), NotFoundMeans::kTerm), options));
  }

  // cooc keyness (keyness.h) against the database at `reference`.
  py::dict Keyness(const std::string& reference, const std::string& measure,
                   const std::string& correction, int64_t top,
                   int64_t min_freq, const std::string& base) {
    KeynessOptions options;
    options.measure = ValueOrRaise(ParseKeynessMeasure(measure));
    options.correction = ValueOrRaise(ParseKeynessCorrection(correction));
    if (top < 0) Raise(PyExc_ValueError, "top must be at least 0 (0: all)");
    options.top = static_cast<uint64_t>(top);
    if (min_freq < 1) Raise(PyExc_ValueError, "min_freq must be at least 1");
    options.min_frequency = static_cast<uint64_t>(min_freq);
    options.base = ValueOrRaise(ParseLogBase(base));
    absl::StatusOr<std::vector<KeynessEntry>> entries =
        Locked([&](Query& query) -> absl::StatusOr<std::vector<KeynessEntry>> {
          absl::StatusOr<std::unique_ptr<CountStore>> other =
              CountStore::Open(reference, CountStore::Access::kReadOnly);
          if (!other.ok()) return other.status();
          return cooc::Keyness(query.store(), **other, options);
        });
    return Columns(
        KeynessReport(ValueOrRaise(std::move(entries)), options.measure));
  }

  py::dict Sources() {
    absl::StatusOr<std::vector<JournalEntry>> journal =
        Locked([](Query& query) { return query.store().ReadJournal(); });
    return Columns(SourcesReport(ValueOrRaise(std::move(journal))));
  }

  // {term: [str], id, frequency, row, column: numpy uint64 arrays}.
  // Every term, by id (one scan of the vocabulary, no counts).
  py::list Terms() {
    absl::StatusOr<std::vector<std::string>> terms =
        Locked([](Query& query) { return query.store().TermsById(); });
    ValueOrRaise(terms);
    py::list list(terms->size());
    for (size_t i = 0; i < terms->size(); ++i) list[i] = Text((*terms)[i]);
    return list;
  }

  py::dict Vocabulary() {
    std::vector<std::string> terms;
    std::vector<TermCounts> counts;
    OkOrRaise(LockedStatus([&](Query& query) -> absl::Status {
      absl::StatusOr<std::vector<std::string>> by_id =
          query.store().TermsById();
      if (!by_id.ok()) return by_id.status();
      absl::StatusOr<std::vector<TermCounts>> all = query.store().AllCounts();
      if (!all.ok()) return all.status();
      terms = *std::move(by_id);
      counts = *std::move(all);
      return absl::OkStatus();
    }));
    const size_t n = terms.size();
    py::array_t<uint64_t> id(n), frequency(n), row(n), column(n);
    auto ids = id.mutable_unchecked<1>();
    auto f = frequency.mutable_unchecked<1>();
    auto r = row.mutable_unchecked<1>();
    auto c = column.mutable_unchecked<1>();
    py::list term_list(n);
    for (size_t i = 0; i < n; ++i) {
      term_list[i] = Text(terms[i]);
      const TermCounts& tc = i < counts.size() ? counts[i] : TermCounts();
      ids(i) = i;
      f(i) = tc.frequency;
      r(i) = tc.row;
      c(i) = tc.column;
    }
    py::dict columns;
    columns["term"] = term_list;
    columns["id"] = id;
    columns["frequency"] = frequency;
    columns["row"] = row;
    columns["column"] = column;
    return columns;
  }

  // The stored pair counts with count >= min_count as CSR arrays:
  // (indptr, indices, data, n) for an n x n matrix of ids; indices and
  // indptr int32 while the pairs fit, else int64; data int64.
  py::tuple Matrix(int64_t min_count) {
    if (min_count < 1) Raise(PyExc_ValueError, "min_count must be at least 1");
    std::vector<ShardRows> shards;
    uint64_t types = 0;
    bool symmetric = false;
    OkOrRaise(LockedStatus([&](Query& query) -> absl::Status {
      absl::StatusOr<Totals> totals = query.store().ReadTotals();
      if (!totals.ok()) return totals.status();
      types = totals->types;
      symmetric = query.store().options().mode == PairMode::kSymmetric;
      return ReadShards(query.store(), static_cast<uint64_t>(min_count),
                        symmetric ? PairTriangle::kUpper : PairTriangle::kAll,
                        &shards);
    }));
    uint64_t nnz = 0;  // Of the whole matrix.
    {
      py::gil_scoped_release release;
      for (const ShardRows& shard : shards) {
        nnz += shard.columns.size();
        if (!symmetric) continue;
        // Every pair off the diagonal stands for two entries.
        uint64_t offset = 0;
        for (const auto& [x, length] : shard.rows) {
          for (uint64_t i = offset; i < offset + length; ++i) {
            nnz += shard.columns[i] != x;
          }
          offset += length;
        }
      }
    }
    const bool narrow =
        nnz < (uint64_t{1} << 31) && types < (uint64_t{1} << 31);
    if (symmetric) {
      return narrow ? MirroredCsr<int32_t>(shards, types, nnz)
                    : MirroredCsr<int64_t>(shards, types, nnz);
    }
    return narrow ? Csr<int32_t>(shards, types, nnz)
                  : Csr<int64_t>(shards, types, nnz);
  }

 private:
  // Runs `read` on the query with the lock held and without the GIL.
  template <typename Read>
  auto Locked(Read read) -> decltype(read(std::declval<Query&>())) {
    py::gil_scoped_release release;
    absl::MutexLock lock(&mu_);
    if (query_ == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat(path_, ": the database is closed"));
    }
    return read(*query_);
  }
  absl::Status LockedStatus(const std::function<absl::Status(Query&)>& read) {
    return Locked(read);
  }

  // Calls `work(s)` for each s in [0, count), on all cores.
  template <typename Work>
  static void ForEachShard(int count, Work work) {
    std::atomic<int> next{0};
    const auto worker = [&] {
      for (int s = next++; s < count; s = next++) work(s);
    };
    const int threads = std::max(
        1, std::min<int>(count, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(worker);
    worker();
    for (std::thread& thread : workers) thread.join();
  }

  // Reads every shard into `*shards`, on all cores.
  static absl::Status ReadShards(const CountStore& store, uint64_t min_count,
                                 PairTriangle triangle,
                                 std::vector<ShardRows>* shards) {
    const int count = store.options().shards;
    shards->resize(count);
    absl::Mutex mu;
    absl::Status first_error;
    ForEachShard(count, [&](int s) {
      std::vector<PairEntry> buffer(4096);
      {
        PairCursorOptions options;
        options.min_count = min_count;
        options.triangle = triangle;
        options.cache = PairCursorOptions::Cache::kBypass;
        absl::StatusOr<PairCursor> cursor = store.ShardPairs(s, options);
        absl::Status status = cursor.status();
        ShardRows& rows = (*shards)[s];
        while (status.ok()) {
          absl::StatusOr<size_t> n = cursor->Read(absl::MakeSpan(buffer));
          if (!n.ok()) {
            status = n.status();
            break;
          }
          if (*n == 0) break;
          for (size_t i = 0; i < *n; ++i) {
            const PairEntry& e = buffer[i];
            if (rows.rows.empty() || rows.rows.back().first != e.x) {
              rows.rows.push_back({e.x, 0});
            }
            ++rows.rows.back().second;
            rows.columns.push_back(e.y);
            rows.counts.push_back(e.count);
          }
        }
        if (!status.ok()) {
          absl::MutexLock lock(&mu);
          if (first_error.ok()) first_error = status;
        }
      }
    });
    return first_error;
  }

  template <typename Index>
  static py::tuple Csr(std::vector<ShardRows>& shards, uint64_t types,
                       uint64_t nnz) {
    CsrArrays<Index> csr(types, nnz);
    Index* ptr = csr.ptr;
    Index* col = csr.col;
    int64_t* value = csr.value;
    {
      py::gil_scoped_release release;
      // Row lengths, then their prefix sums.
      std::fill(ptr, ptr + types + 1, 0);
      for (const ShardRows& shard : shards) {
        for (const auto& [x, length] : shard.rows) {
          if (x < types) ptr[x + 1] = static_cast<Index>(length);
        }
      }
      for (uint64_t x = 0; x < types; ++x) ptr[x + 1] += ptr[x];
      // Each shard's rows to their places (shards hold disjoint rows, so
      // on all cores), each chunk freed once copied.
      ForEachShard(static_cast<int>(shards.size()), [&](int s) {
        ShardRows& shard = shards[s];
        typename ChunkedArray<uint32_t>::Reader columns(&shard.columns);
        typename ChunkedArray<uint64_t>::Reader counts(&shard.counts);
        for (const auto& [x, length] : shard.rows) {
          columns.Take(length, col + ptr[x]);
          counts.Take(length, value + ptr[x]);
        }
        shard = ShardRows();
      });
    }
    return csr.Tuple(types);
  }

  // The CSR arrays of a symmetric store's matrix from its upper triangle
  // (`shards` holds the pairs x <= y; nnz counts both (x,y) and (y,x)):
  // row y is its mirrored entries (w,y) with w < y, in increasing w, then
  // its own entries (y,z) with z >= y. Each thread fills the rows of one
  // range, reading the whole triangle, so the threads share no row.
  template <typename Index>
  static py::tuple MirroredCsr(std::vector<ShardRows>& shards, uint64_t types,
                               uint64_t nnz) {
    CsrArrays<Index> csr(types, nnz);
    Index* ptr = csr.ptr;
    Index* col = csr.col;
    int64_t* value = csr.value;
    {
      py::gil_scoped_release release;
      // Where each row's own entries are: shard, first entry, length.
      struct Row {
        uint32_t shard = 0;
        uint64_t offset = 0;
        uint64_t length = 0;
      };
      std::vector<Row> rows(types);
      std::fill(ptr, ptr + types + 1, 0);
      for (uint32_t s = 0; s < shards.size(); ++s) {
        const ShardRows& shard = shards[s];
        uint64_t offset = 0;
        for (const auto& [x, length] : shard.rows) {
          if (x >= types) continue;
          rows[x] = {s, offset, length};
          ptr[x + 1] += static_cast<Index>(length);
          for (uint64_t i = offset; i < offset + length; ++i) {
            const uint32_t y = shard.columns[i];
            if (y != x && y < types) ++ptr[y + 1];
          }
          offset += length;
        }
      }
      for (uint64_t x = 0; x < types; ++x) ptr[x + 1] += ptr[x];
      std::vector<Index> next(ptr, ptr + types);
      // Row ranges of about equal entries, one per thread.
      const int threads = std::max(1u, std::thread::hardware_concurrency());
      std::vector<uint64_t> bounds = {0};
      for (int t = 1; t < threads; ++t) {
        const Index target = static_cast<Index>(nnz * t / threads);
        bounds.push_back(std::lower_bound(ptr, ptr + types + 1, target) - ptr);
      }
      bounds.push_back(types);
      ForEachShard(threads, [&](int t) {
        const uint64_t low = bounds[t], high = std::max(bounds[t], bounds[t + 1]);
        for (uint64_t x = 0; x < types; ++x) {
          const Row& row = rows[x];
          const ShardRows& shard = shards[row.shard];
          const bool own = x >= low && x < high;
          for (uint64_t i = row.offset; i < row.offset + row.length; ++i) {
            const uint32_t y = shard.columns[i];
            const uint64_t count = shard.counts[i];
            if (own) {  // After its mirrored entries: rows w < x came first.
              col[next[x]] = static_cast<Index>(y);
              value[next[x]++] = static_cast<int64_t>(count);
            }
            if (y != x && y >= low && y < high) {
              col[next[y]] = static_cast<Index>(x);
              value[next[y]++] = static_cast<int64_t>(count);
            }
          }
        }
      });
      for (ShardRows& shard : shards) shard = ShardRows();
    }
    return csr.Tuple(types);
  }

  const std::string path_;
  absl::Mutex mu_;
  std::unique_ptr<Query> query_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

void DefineDatabase(py::module_& m) {
  py::class_<RankingFilters>(m, "_RankingFilters")
      .def(py::init<>())
      .def_readwrite("self_pairs", &RankingFilters::self_pairs)
      .def_readwrite("direction", &RankingFilters::direction)
      .def_readwrite("min_freq", &RankingFilters::min_freq)
      .def_readwrite("stopwords", &RankingFilters::stopwords)
      .def_readwrite("match", &RankingFilters::match);
  py::class_<Database>(m, "_Database")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def_property_readonly("path", &Database::path)
      .def_property_readonly("closed", &Database::closed)
      .def("close", &Database::Close)
      .def("stats", &Database::Stats, py::arg("information"), py::arg("base"))
      .def("pair", &Database::Pair, py::arg("x"), py::arg("y"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"))
      .def("assoc", &Database::Assoc, py::arg("terms"), py::arg("measure"),
           py::arg("top"), py::arg("min_count"), py::arg("measures"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"), py::arg("filters"), py::arg("skip_missing"),
           py::arg("side"))
      .def("collocations", &Database::Collocations, py::arg("measure"),
           py::arg("top"), py::arg("min_count"), py::arg("measures"),
           py::arg("base"), py::arg("marginals"), py::arg("add_k"),
           py::arg("cds"), py::arg("filters"))
      .def("concordance", &Database::Concordance, py::arg("node"),
           py::arg("collocate"), py::arg("width"), py::arg("limit"),
           py::arg("sort"), py::arg("from_files"), py::arg("encoding"),
           py::arg("dictionary"), py::arg("stopwords"), py::arg("threads"))
      .def("features", &Database::Features, py::arg("label"),
           py::arg("measure"), py::arg("convention"), py::arg("direction"),
           py::arg("top"), py::arg("min_df"), py::arg("base"))
      .def("keyness", &Database::Keyness, py::arg("reference"),
           py::arg("measure"), py::arg("correction"), py::arg("top"),
           py::arg("min_freq"), py::arg("base"))
      .def("sources", &Database::Sources)
      .def("terms", &Database::Terms)
      .def("vocabulary", &Database::Vocabulary)
      .def("matrix", &Database::Matrix, py::arg("min_count"));
}

}  // namespace cooc::python
