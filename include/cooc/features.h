// Features: the terms that best predict the labels of a labelled database
// (StoreOptions::labels), as text classification selects features
// (scikit-learn's SelectKBest with chi2 or mutual_info_classif on
// CountVectorizer(binary=True) output).
//
//   label counts (store_records.h) -> [term x label tables] -> ranked terms
//
// Documents are lines with at least one label (LabelCounts): a term counts
// once per document, however often it occurs there (binary presence).
//
// One label (FeatureOptions::label = L): each term's 2x2 table of
// documents, (has the term / has not) x (label L / not L),
//
//   O11 = documents of L containing the term, R1 = documents containing it,
//   C1 = documents of L, N = labelled documents,
//
// scored by any measure of measures.h (same table, same code), attraction
// only by default as collocations rank (Direction). A document with two
// labels is a document of each: it is in "L" for both of its labels.
//
// All labels (no FeatureOptions::label): the 2 x K table of presence by
// class. A document with k labels counts k times, once for each label, which
// is what scikit-learn computes when given that line k times, once with each
// label (it takes one label per row): with n_k documents of label k, f_k of
// them containing the term, N' = sum n_k and F = sum f_k,
//
//   mi   = I(T;C) = sum over the 2K cells of p log_b(p / (p_T p_C)), 0 log 0
//          = 0: exactly mutual_info_classif(X, y, discrete_features=True)
//          with --base e (nats)
//   chi2 (convention kSklearn) = sum_k (f_k - n_k F/N')^2 / (n_k F/N'): the
//          "present" row only, as sklearn.feature_selection.chi2 computes it
//          (it sums the feature's counts per class); p_value = P(chi2 with
//          K-1 degrees of freedom >= chi2) as its second array
//   chi2 (convention kPearson) = Pearson's X2 of the whole 2 x K table, the
//          absent row too; since the absent row's deviations are the present
//          row's negated, X2 = chi2_sklearn * N' / (N' - F) (0 for a term in
//          every document), with the same K-1 degrees of freedom
//
// Reads the label records and the vocabulary once: the cost grows with the
// number of (term, label) pairs, not with the pair counts.

#ifndef COOC_INCLUDE_COOC_FEATURES_H_
#define COOC_INCLUDE_COOC_FEATURES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/count_store.h"
#include "cooc/measures.h"
#include "cooc/query.h"

namespace cooc {

// How chi2 over all labels is computed (see the top of this file).
enum class FeatureConvention { kSklearn, kPearson };

absl::string_view FeatureConventionName(FeatureConvention convention);
// Parses "sklearn" or "pearson"; InvalidArgument otherwise.
absl::StatusOr<FeatureConvention> ParseFeatureConvention(
    absl::string_view name);

struct FeatureOptions {
  // The label whose 2x2 tables rank the terms; empty for all labels (the
  // 2 x K tables). Default: empty.
  std::string label;
  // With a label: any measure. Without: kMi or kChi2. Default: kMi.
  Measure measure = Measure::kMi;
  // chi2 without a label. Default: kSklearn.
  FeatureConvention convention = FeatureConvention::kSklearn;
  // With a label: which side of independence is ranked (query.h).
  // Default: kDefault (attraction for the test statistics).
  Direction direction = Direction::kDefault;
  // Terms in fewer labelled documents than this are left out. Default: 1.
  uint64_t min_documents = 1;
  // How many terms at most, best first; 0 lists all. Default: 0.
  uint64_t top = 0;
  // Logarithm of mi and of the measures that take one. Default: kTwo.
  LogBase base = LogBase::kTwo;
};

// One ranked term.
struct FeatureEntry {
  std::string term;
  // With a label: the 2x2 table. Without: o11 = F (document-label pairs
  // with the term), r1 = F, c1 = 0, n = N'.
  ContingencyTable table;
  // Labelled documents containing the term.
  uint64_t documents = 0;
  double score = 0;
  // chi2 without a label: its p-value (K-1 degrees of freedom).
  std::optional<double> p_value;
  // Without a label: the label in whose documents the term is most frequent
  // relative to the label's size (largest f_k / n_k; ties: the first in
  // byte order). Empty with a label.
  std::string top_label;
};

// Ranks the terms of the labelled database `store` under `options`, best
// first (ties by order of first appearance in the corpus). Returns
// FailedPrecondition for a database without labels, NotFound for a label it
// does not have (suggesting close ones), InvalidArgument for a measure other
// than mi or chi2 without a label; the store's read errors.
absl::StatusOr<std::vector<FeatureEntry>> Features(
    const CountStore& store, const FeatureOptions& options);

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_FEATURES_H_
