// Every quantity is a sum over counts c of c * ln(ratio), each ratio formed
// as a quotient of two counts (or a product of two quotients), so no term
// suffers cancellation and no product of counts can overflow; the sums are
// Neumaier-compensated and divided by N once at the end. Entropies are sums
// of non-negative terms; only I(L;R) mixes signs, which is inherent to it.
// Counts are converted to double, exact below 2^53.

#include "cooc/entropy.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "shard_scan.h"
#include "status_macros.h"

namespace cooc {

void PairInformationBuilder::Sum::Add(double value) {
  const double t = sum + value;
  if (std::abs(sum) >= std::abs(value)) {
    compensation += (sum - t) + value;
  } else {
    compensation += (value - t) + sum;
  }
  sum = t;
}

void PairInformationBuilder::AddRow(uint64_t row) {
  if (row == 0) return;
  row_total_ += row;
  const double r = static_cast<double>(row);
  left_.Add(r * std::log(static_cast<double>(n_) / r));
}

void PairInformationBuilder::AddColumn(uint64_t column) {
  if (column == 0) return;
  column_total_ += column;
  const double c = static_cast<double>(column);
  right_.Add(c * std::log(static_cast<double>(n_) / c));
}

void PairInformationBuilder::AddPair(uint64_t count, uint64_t row,
                                     uint64_t column) {
  if (count == 0) return;
  pair_total_ += count;
  ++pairs_;
  if (count > row || count > column) {
    pair_exceeds_marginal_ = true;
    return;
  }
  const double c = static_cast<double>(count);
  const double r = static_cast<double>(row);
  const double k = static_cast<double>(column);
  const double n = static_cast<double>(n_);
  joint_.Add(c * std::log(n / c));
  left_given_right_.Add(c * std::log(k / c));
  right_given_left_.Add(c * std::log(r / c));
  mutual_.Add(c * std::log((c / r) * (n / k)));
}

void PairInformationBuilder::AddPairsOf(const PairInformationBuilder& other) {
  pair_total_ += other.pair_total_;
  pairs_ += other.pairs_;
  pair_exceeds_marginal_ |= other.pair_exceeds_marginal_;
  joint_.Add(other.joint_);
  left_given_right_.Add(other.left_given_right_);
  right_given_left_.Add(other.right_given_left_);
  mutual_.Add(other.mutual_);
}

absl::StatusOr<PairInformation> PairInformationBuilder::Finish(
    LogBase base) const {
  if (pair_exceeds_marginal_) {
    return absl::DataLossError("a pair count exceeds its word's marginal");
  }
  if (row_total_ != n_ || column_total_ != n_ || pair_total_ != n_) {
    return absl::DataLossError(absl::StrCat(
        "counts disagree: N = ", n_, ", rows sum to ", row_total_,
        ", columns to ", column_total_, ", pairs to ", pair_total_));
  }
  PairInformation info;
  info.pairs = pairs_;
  if (n_ == 0) return info;
  const double scale = static_cast<double>(n_) * LnBase(base);
  info.h_left = left_.value() / scale;
  info.h_right = right_.value() / scale;
  info.h_joint = joint_.value() / scale;
  info.h_left_given_right = left_given_right_.value() / scale;
  info.h_right_given_left = right_given_left_.value() / scale;
  info.mutual_information = std::max(0.0, mutual_.value() / scale);
  const double h_product = info.h_left * info.h_right;
  if (h_product > 0) {
    info.normalized_mi =
        std::clamp(info.mutual_information / std::sqrt(h_product), 0.0, 1.0);
  }
  return info;
}

double Entropy(absl::Span<const uint64_t> counts, LogBase base) {
  uint64_t total = 0;
  for (uint64_t c : counts) total += c;
  if (total == 0) return 0;
  double sum = 0, compensation = 0;
  const double n = static_cast<double>(total);
  for (uint64_t c : counts) {
    if (c == 0) continue;
    const double x = static_cast<double>(c);
    const double value = x * std::log(n / x);
    const double t = sum + value;
    compensation += std::abs(sum) >= std::abs(value) ? (sum - t) + value
                                                     : (value - t) + sum;
    sum = t;
  }
  return (sum + compensation) / (n * LnBase(base));
}

absl::StatusOr<PairInformation> MatrixInformation(
    const std::vector<std::vector<uint64_t>>& counts, LogBase base) {
  std::vector<uint64_t> rows(counts.size(), 0);
  std::vector<uint64_t> columns;
  uint64_t n = 0;
  for (size_t x = 0; x < counts.size(); ++x) {
    if (counts[x].size() > columns.size()) columns.resize(counts[x].size(), 0);
    for (size_t y = 0; y < counts[x].size(); ++y) {
      rows[x] += counts[x][y];
      columns[y] += counts[x][y];
      n += counts[x][y];
    }
  }
  PairInformationBuilder builder(n);
  for (uint64_t row : rows) builder.AddRow(row);
  for (uint64_t column : columns) builder.AddColumn(column);
  for (size_t x = 0; x < counts.size(); ++x) {
    for (size_t y = 0; y < counts[x].size(); ++y) {
      builder.AddPair(counts[x][y], rows[x], columns[y]);
    }
  }
  return builder.Finish(base);
}

absl::StatusOr<PairInformation> MeasurePairInformation(const CountStore& store,
                                                       LogBase base) {
  COOC_ASSIGN_OR_RETURN(Totals totals, store.ReadTotals());
  COOC_ASSIGN_OR_RETURN(std::vector<TermCounts> counts, store.AllCounts());
  PairInformationBuilder builder(totals.pair_events);
  for (const TermCounts& term : counts) {
    builder.AddRow(term.row);
    builder.AddColumn(term.column);
  }
  const int shards = store.options().shards;
  std::vector<PairInformationBuilder> parts(
      shards, PairInformationBuilder(totals.pair_events));
  COOC_RETURN_IF_ERROR(ScanShards(shards, [&](int shard) -> absl::Status {
    PairCursorOptions options;
    options.cache = PairCursorOptions::Cache::kBypass;
    COOC_ASSIGN_OR_RETURN(PairCursor cursor, store.ShardPairs(shard, options));
    PairInformationBuilder& part = parts[shard];
    std::vector<PairEntry> batch(kScanBatch);
    while (true) {
      COOC_ASSIGN_OR_RETURN(size_t n, cursor.Read(absl::MakeSpan(batch)));
      if (n == 0) return absl::OkStatus();
      for (size_t i = 0; i < n; ++i) {
        const PairEntry& p = batch[i];
        if (p.x >= counts.size() || p.y >= counts.size()) {
          return absl::DataLossError(absl::StrCat(
              store.path(), ": pair (", p.x, ",", p.y, ") has an unknown id"));
        }
        part.AddPair(p.count, counts[p.x].row, counts[p.y].column);
      }
    }
  }));
  for (const PairInformationBuilder& part : parts) builder.AddPairsOf(part);
  absl::StatusOr<PairInformation> info = builder.Finish(base);
  if (!info.ok()) {
    return absl::DataLossError(
        absl::StrCat(store.path(), ": ", info.status().message()));
  }
  return info;
}

}  // namespace cooc
