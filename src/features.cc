// Features reads the label counts once (CountStore::ReadLabelCounts), then
// walks the (label, term) counts label by label into one row of K counts
// per term, and scores each term: through measures.h's Score for a label's
// 2x2 table, by the formulas at the top of features.h for the 2 x K table.
// The chi-squared tail with K-1 degrees of freedom is Boost.Math's
// regularized upper incomplete gamma function Q((K-1)/2, x/2), the function
// SciPy's chdtrc computes.

#include "cooc/features.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "best_first.h"
#include "boost/math/special_functions/gamma.hpp"
#include "cooc/close_words.h"
#include "status_macros.h"

namespace cooc {
namespace {

// p log(p / q) in nats for a cell of `count` of `n`, whose row and column
// totals are `row` and `column`; 0 for an empty cell.
double CellInformation(double count, double row, double column, double n) {
  if (count == 0) return 0;
  return (count / n) * std::log(count * n / (row * column));
}

// Boost.Math reports errors through errno, never by throwing.
using NoThrow = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<
        boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<
        boost::math::policies::errno_on_error>>;

// P(chi2 with `dof` degrees of freedom >= `statistic`); below the smallest
// normal double it is 0, as measures.h reports p-values.
double ChiSquaredPValue(double statistic, double dof) {
  if (statistic <= 0 || dof <= 0) return 1;
  const double p = boost::math::gamma_q(dof / 2, statistic / 2, NoThrow());
  return p < std::numeric_limits<double>::min() ? 0 : p;
}

// The index of `label` in `labels`, or NotFound suggesting close names.
absl::StatusOr<uint32_t> LabelIndex(const LabelCounts& counts,
                                    absl::string_view label) {
  for (size_t l = 0; l < counts.labels.size(); ++l) {
    if (counts.labels[l] == label) return static_cast<uint32_t>(l);
  }
  return absl::NotFoundError(absl::StrCat(
      "no label '", label, "' in the database",
      DidYouMean(ClosestWords(label, counts.labels, 3, 3)), " (it has ",
      counts.labels.size(), " label(s); cooc features without --label lists "
      "terms for all of them)"));
}

}  // namespace

absl::string_view FeatureConventionName(FeatureConvention convention) {
  return convention == FeatureConvention::kPearson ? "pearson" : "sklearn";
}

absl::StatusOr<FeatureConvention> ParseFeatureConvention(
    absl::string_view name) {
  if (name == "sklearn") return FeatureConvention::kSklearn;
  if (name == "pearson") return FeatureConvention::kPearson;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown convention '", name, "' (valid: sklearn, pearson)"));
}

absl::StatusOr<std::vector<FeatureEntry>> Features(
    const CountStore& store, const FeatureOptions& options) {
  const bool one_label = !options.label.empty();
  if (!one_label && options.measure != Measure::kMi &&
      options.measure != Measure::kChi2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "without --label, the measure is mi or chi2 (of the term x label "
        "table), not ", MeasureName(options.measure),
        "; with --label L any measure ranks the terms for L"));
  }
  COOC_ASSIGN_OR_RETURN(const LabelCounts counts, store.ReadLabelCounts());
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> terms, store.TermsById());
  const size_t types = std::min(terms.size(), counts.term_documents.size());
  const size_t k = counts.labels.size();

  std::optional<uint32_t> label;
  if (one_label) {
    COOC_ASSIGN_OR_RETURN(label, LabelIndex(counts, options.label));
  }
  // f_k of every term: per_label[t * K + k] (one label: K = 1, that label).
  const size_t columns = one_label ? 1 : k;
  std::vector<uint64_t> per_label(types * columns, 0);
  for (const LabelCounts::TermLabel& entry : counts.term_label_documents) {
    if (entry.term >= types) continue;
    if (one_label) {
      if (entry.label == *label) per_label[entry.term] = entry.documents;
    } else {
      per_label[entry.term * columns + entry.label] = entry.documents;
    }
  }
  const double n_all = static_cast<double>(
      std::accumulate(counts.label_documents.begin(),
                      counts.label_documents.end(), uint64_t{0}));
  const double ln_base = LnBase(options.base);
  const Direction direction =
      ResolveDirection(options.direction, options.measure);

  struct Ranked {
    double key;
    uint32_t id;
    FeatureEntry entry;
  };
  std::vector<Ranked> ranked;
  for (uint32_t t = 0; t < types; ++t) {
    const uint64_t documents = counts.term_documents[t];
    if (documents == 0 || documents < options.min_documents) continue;
    FeatureEntry entry;
    entry.documents = documents;
    double key;
    if (one_label) {
      entry.table.o11 = static_cast<double>(per_label[t]);
      entry.table.r1 = static_cast<double>(documents);
      entry.table.c1 = static_cast<double>(counts.label_documents[*label]);
      entry.table.n = static_cast<double>(counts.documents);
      if (!ValidateTable(entry.table).ok()) {
        return absl::DataLossError(absl::StrCat(
            store.path(), ": the label counts of '", terms[t],
            "' are inconsistent (cooc verify checks them)"));
      }
      if (!OnSide(direction, entry.table)) continue;
      entry.score = Score(options.measure, entry.table, options.base);
      key = RankingKey(options.measure, direction, entry.score);
    } else {
      const uint64_t* f = &per_label[size_t{t} * columns];
      const double present =
          static_cast<double>(std::accumulate(f, f + k, uint64_t{0}));
      const double absent = n_all - present;
      double best_share = -1;
      double mi = 0, chi2 = 0;
      for (size_t c = 0; c < k; ++c) {
        const double n_c = static_cast<double>(counts.label_documents[c]);
        if (n_c == 0) continue;
        const double f_c = static_cast<double>(f[c]);
        mi += CellInformation(f_c, present, n_c, n_all) +
              CellInformation(n_c - f_c, absent, n_c, n_all);
        const double expected = n_c * present / n_all;
        chi2 += (f_c - expected) * (f_c - expected) / expected;
        if (f_c / n_c > best_share) {
          best_share = f_c / n_c;
          entry.top_label = counts.labels[c];
        }
      }
      entry.table.o11 = entry.table.r1 = present;
      entry.table.n = n_all;
      if (options.measure == Measure::kMi) {
        entry.score = std::max(0.0, mi) / ln_base;
      } else {
        if (options.convention == FeatureConvention::kPearson) {
          chi2 = absent == 0 ? 0 : chi2 * n_all / absent;
        }
        entry.score = chi2;
        entry.p_value =
            ChiSquaredPValue(chi2, static_cast<double>(k) - 1);
      }
      key = entry.score;
    }
    if (std::isnan(key) || key == -std::numeric_limits<double>::infinity()) {
      continue;
    }
    entry.term = std::move(terms[t]);
    ranked.push_back({key, t, std::move(entry)});
  }
  const auto better = [](const Ranked& a, const Ranked& b) {
    if (a.key != b.key) return a.key > b.key;
    return a.id < b.id;
  };
  SortBestFirst(options.top, better, &ranked);
  std::vector<FeatureEntry> entries;
  entries.reserve(ranked.size());
  for (Ranked& r : ranked) entries.push_back(std::move(r.entry));
  return entries;
}

}  // namespace cooc
