#!/usr/bin/python3
"""Parity of `cooc features` with scikit-learn's feature selection and of
`cooc keyness` with SciPy and the published formulas.

usage: sklearn_features_parity.py COOC SOURCE_DIR

The corpus is corpora/en_gutenberg_authors.txt: 720 paragraphs of six
Project Gutenberg books, each line labelled by its book's author in
fastText's convention (`__label__austen ...`). It is ingested with
`--labels prefix`; scikit-learn gets the same documents as
CountVectorizer(binary=True, analyzer=...) fed cooc's own tokens (`cooc
tokenize` of each line without its label), so that both see one
vocabulary. Then, for every term:

  * `features --measure mi --base e` = mutual_info_classif(X, y,
    discrete_features=True) (nats);
  * `features --measure chi2` (--convention sklearn) and its p_value =
    sklearn.feature_selection.chi2(X, y);
  * `features --measure chi2 --convention pearson` = chi2_contingency of
    the term's 2 x 6 table (present / absent x author, correction=False)
    and = sklearn's chi2 * N / (N - df);
  * `features --label austen` with chi2, llr (--direction any) and mi
    (--base e) = chi2_contingency(correction=False), chi2_contingency(
    lambda_="log-likelihood") and mutual_info_score of the 2x2 table of
    documents (has the term / not) x (Austen / not);
  * the top 50 of `features` by mi and by chi2 = SelectKBest(k=50)'s
    choice. SelectKBest keeps, among terms tied at the 50th score, those of
    the highest column index (CountVectorizer sorts its vocabulary, so the
    alphabetically last); cooc keeps the first seen in the corpus. The sets
    must agree on every term scored above the 50th score, and the rest of
    both must be terms of that score.

Keyness: the Austen lines (target) against the other five books
(reference), two databases ingested without labels, token counts from
`cooc tokenize`:

  * llr and chi2 (signed) = chi2_contingency(table, correction=False,
    lambda_="log-likelihood") and chi2_contingency(table, correction=False)
    of the table [[a, b], [Tt - a, Tr - b]];
  * --correction yates = chi2_contingency(correction=True) where quanteda
    applies the correction (an expected cell below 5 and |ad - bc| >= N/2
    for chi2, > N/2 for llr), the uncorrected value elsewhere;
  * --correction williams = the uncorrected value / q, q = 1 + (N/R1 + N/R2
    - 1)(N/C1 + N/C2 - 1) / (6N) (1 when a cell is 0), written out here;
  * logratio = log2((a'/Tt) / (b'/Tr)), a zero count taken as 0.5 (Hardie
    2014); pmi = log2(a N / ((a + b) Tt)).

Every value at a relative difference of 1e-9 (with parity_util's rule for
a reference that loses digits to cancellation: scikit-learn's mutual
information, SciPy's G2). Exit status 0 when everything matches.
"""

import collections
import math
import os
import random
import sys
import tempfile

import mpmath
import numpy as np
from scipy.stats import chi2_contingency
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.feature_selection import SelectKBest, chi2, mutual_info_classif
from sklearn.metrics import mutual_info_score

from parity_util import (EPS, Comparison, exact, read_columns,
                         rounding_bound, run)

TOLERANCE = 1e-9
CORPUS = "en_gutenberg_authors.txt"
TARGET_LABEL = "austen"
TOP_K = 50
# Terms whose tables go to SciPy's chi2_contingency and scikit-learn's
# mutual_info_score one at a time (slow): the 200 in most documents and a
# fixed random sample of the rest. scikit-learn's vectorized
# mutual_info_classif and chi2 are compared on every term.
SAMPLE = 1000
TOP_BY_DF = 200


def exact_mi(table):
    """I(T;C) of a 2 x K table ((present counts), (class sizes)), in nats."""
    mpmath.mp.dps = 50
    present, sizes = table
    n = mpmath.mpf(sum(sizes))
    f = mpmath.mpf(sum(present))
    total = mpmath.mpf(0)
    for row, row_total in ((present, f),
                           ([s - p for p, s in zip(present, sizes)], n - f)):
        for count, size in zip(row, sizes):
            if count > 0:
                count = mpmath.mpf(count)
                total += count / n * mpmath.log(count * n / (row_total * size))
    return float(total)


def mi_rounding_bound(table):
    """scikit-learn's error bound on a 2 x K table (see parity_util)."""
    present, sizes = table
    n = sum(sizes)
    f = sum(present)
    total = 0.0
    for row, row_total in ((present, f),
                           ([s - p for p, s in zip(present, sizes)], n - f)):
        for count, size in zip(row, sizes):
            if count > 0:
                e = row_total * size / n
                total += count * (abs(math.log(count / e)) + 1 +
                                  4 * abs(math.log(n)))
    return 16 * EPS * total / n + 4 * len(sizes) * EPS


def cooc_table(cooc, args):
    """Runs a cooc query with --format tsv: the rows keyed by term."""
    text = run([cooc] + args + ["--format", "tsv"])
    header = text.split("\n")[0].split("\t")
    return {row[0]: dict(zip(header, row)) for row in read_columns(text)}


def tokenize(cooc, texts, tmp):
    path = os.path.join(tmp, "texts.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in texts))
    lines = run([cooc, "tokenize", path]).split("\n")
    assert len(lines) == len(texts) + 1 and lines[-1] == "", len(lines)
    return [line.split(" ") if line else [] for line in lines[:-1]]


def sample_terms(terms, document_counts):
    """The terms checked table by table: the TOP_BY_DF in most documents
    (ties by term) and a fixed random sample of the others."""
    by_df = sorted(terms, key=lambda t: (-sum(document_counts[t]), t))
    rest = sorted(by_df[TOP_BY_DF:])
    random.Random(14).shuffle(rest)
    return set(by_df[:TOP_BY_DF]) | set(rest[:SAMPLE - TOP_BY_DF])


def features_parity(cooc, db, labels, token_lists, comparison, summary):
    vectorizer = CountVectorizer(binary=True, analyzer=lambda tokens: tokens)
    x = vectorizer.fit_transform(token_lists)
    terms = vectorizer.get_feature_names_out()
    y = np.array(labels)
    classes = sorted(set(labels))
    sizes = [int((y == c).sum()) for c in classes]
    xc = x.tocsc()
    present = {}  # term -> per-class document counts, in `classes` order
    for j, term in enumerate(terms):
        rows = xc.indices[xc.indptr[j]:xc.indptr[j + 1]]
        present[term] = [int((y[rows] == c).sum()) for c in classes]

    mi = mutual_info_classif(x, y, discrete_features=True)
    chi2_scores, chi2_p = chi2(x, y)

    ours_mi = cooc_table(cooc, ["features", "--db", db, "--measure", "mi",
                                "--base", "e", "--top", "0"])
    ours_chi2 = cooc_table(cooc, ["features", "--db", db, "--measure", "chi2",
                                  "--top", "0"])
    ours_pearson = cooc_table(cooc, ["features", "--db", db, "--measure",
                                     "chi2", "--convention", "pearson",
                                     "--top", "0"])
    if set(ours_mi) != set(terms):
        comparison.fail("vocabularies differ: %d cooc terms, %d scikit-learn "
                        "terms, %d in both" % (len(ours_mi), len(terms),
                                               len(set(ours_mi) & set(terms))))
        return
    n = sum(sizes)
    sample = sample_terms(terms, present)
    for j, term in enumerate(terms):
        table = (present[term], sizes)
        comparison.check("features mi", term, float(ours_mi[term]["mi"]),
                         float(mi[j]), TOLERANCE,
                         exact_kind=(exact_mi, mi_rounding_bound), table=table)
        comparison.check("features chi2", term,
                         float(ours_chi2[term]["chi2"]),
                         float(chi2_scores[j]), TOLERANCE)
        comparison.check("features chi2 p", term,
                         float(ours_chi2[term]["p_value"]), float(chi2_p[j]),
                         TOLERANCE)
        df = sum(present[term])
        comparison.check("pearson = sklearn N/(N-df)", term,
                         float(ours_pearson[term]["chi2"]),
                         float(chi2_scores[j]) * n / (n - df) if df < n else 0,
                         TOLERANCE)
        comparison.check("features df", term, float(ours_mi[term]["df"]),
                         float(df), 0)
        if term not in sample:
            continue
        full = np.array([present[term],
                         [s - p for p, s in zip(present[term], sizes)]])
        pearson = (chi2_contingency(full, correction=False)[0]
                   if df < n else 0.0)
        comparison.check("features pearson", term,
                         float(ours_pearson[term]["chi2"]), float(pearson),
                         TOLERANCE)

    for name, scores, measure in (("mi", mi, "mi"),
                                  ("chi2", chi2_scores, "chi2")):
        # The scores computed above (mutual_info_classif takes seconds).
        selector = SelectKBest(lambda a, b, s=scores: s, k=TOP_K).fit(x, y)
        top = list(cooc_table(cooc, ["features", "--db", db, "--measure",
                                     measure, "--top", str(TOP_K)]))
        selected = set(terms[selector.get_support()])
        kth = sorted(scores, reverse=True)[TOP_K - 1]
        above = {terms[i] for i in range(len(terms))
                 if scores[i] > kth * (1 + 1e-9)}
        at = {terms[i] for i in range(len(terms))
              if abs(scores[i] - kth) <= 1e-9 * kth}
        comparison.compared += 1
        ok = (above <= set(top) and above <= selected and
              (set(top) - above) <= at and (selected - above) <= at and
              len(top) == len(selected) == TOP_K)
        if not ok:
            comparison.fail("%s top %d: cooc %s, SelectKBest %s" %
                            (name, TOP_K, sorted(top), sorted(selected)))
        summary.append("top %d by %s: %d terms above the %dth score agree; "
                       "%d term(s) tie at it, %d of them taken" %
                       (TOP_K, name, len(above), TOP_K, len(at),
                        TOP_K - len(above)))

    # One label: the 2x2 tables of documents.
    target = classes.index(TARGET_LABEL)
    in_label = sizes[target]
    label_flags = ["features", "--db", db, "--label", TARGET_LABEL, "--top",
                   "0", "--direction", "any"]
    label_chi2 = cooc_table(cooc, label_flags + ["--measure", "chi2"])
    label_llr = cooc_table(cooc, label_flags + ["--measure", "llr"])
    label_mi = cooc_table(cooc, label_flags + ["--measure", "mi", "--base",
                                               "e"])
    is_target = (y == TARGET_LABEL).astype(int)
    for j, term in enumerate(terms):
        if term not in sample:
            continue
        o11 = present[term][target]
        r1 = sum(present[term])
        table = np.array([[o11, r1 - o11], [in_label - o11,
                                            n - r1 - in_label + o11]])
        if r1 == n:
            continue  # A term in every document: no table (0 everywhere).
        comparison.check("label chi2", term, float(label_chi2[term]["chi2"]),
                         chi2_contingency(table, correction=False)[0],
                         TOLERANCE)
        comparison.check("label llr", term, float(label_llr[term]["llr"]),
                         chi2_contingency(table, correction=False,
                                          lambda_="log-likelihood")[0],
                         TOLERANCE, exact_kind="g2",
                         table=(o11, r1, in_label, n))
        column = np.asarray(xc[:, j].todense()).ravel()
        comparison.check("label mi", term, float(label_mi[term]["mi"]),
                         mutual_info_score(column, is_target), TOLERANCE,
                         exact_kind="mi", table=(o11, r1, in_label, n))
    summary.append("features: %d terms (%d of them also table by table), "
                   "%d documents, %d labels" %
                   (len(terms), len(sample), n, len(classes)))


def keyness_parity(cooc, tmp, labels, token_lists, texts, comparison,
                   summary):
    paths = {}
    for side in ("target", "reference"):
        paths[side] = os.path.join(tmp, side + ".txt")
        with open(paths[side], "w", encoding="utf-8") as f:
            for label, text in zip(labels, texts):
                if (label == TARGET_LABEL) == (side == "target"):
                    f.write(text + "\n")
        run([cooc, "ingest", "--quiet", "--db",
             os.path.join(tmp, side + ".db"), paths[side]])
    a_counts = collections.Counter()
    b_counts = collections.Counter()
    for label, tokens in zip(labels, token_lists):
        (a_counts if label == TARGET_LABEL else b_counts).update(tokens)
    tt = sum(a_counts.values())
    tr = sum(b_counts.values())
    n = tt + tr
    base = ["keyness", "--db", os.path.join(tmp, "target.db"),
            "--reference", os.path.join(tmp, "reference.db")]
    results = {}
    for measure in ("llr", "chi2", "pmi", "logratio"):
        results[measure] = cooc_table(cooc, base + ["--measure", measure])
    for measure in ("llr", "chi2"):
        for correction in ("yates", "williams"):
            results[measure, correction] = cooc_table(
                cooc, base + ["--measure", measure, "--correction",
                              correction])
    vocabulary = set(a_counts) | set(b_counts)
    if set(results["llr"]) != vocabulary:
        comparison.fail("keyness vocabulary: %d cooc terms, %d tokenized" %
                        (len(results["llr"]), len(vocabulary)))
        return
    applied = 0
    sample = sample_terms(sorted(vocabulary),
                          {t: [a_counts[t] + b_counts[t]] for t in vocabulary})
    for term in sorted(vocabulary):
        a, b = a_counts[term], b_counts[term]
        row = results["llr"][term]
        if int(row["target_frequency"]) != a or \
                int(row["reference_frequency"]) != b:
            comparison.fail("keyness %s: frequencies %s/%s, tokenized %d/%d"
                            % (term, row["target_frequency"],
                               row["reference_frequency"], a, b))
        ratio = math.log2(((a or 0.5) / tt) / ((b or 0.5) / tr))
        comparison.check("keyness logratio", term,
                         float(results["logratio"][term]["logratio"]), ratio,
                         TOLERANCE)
        if term not in sample:
            continue
        table = np.array([[a, b], [tt - a, tr - b]])
        r1 = a + b
        e11 = r1 * tt / n
        sign = 1 if a > e11 else (-1 if a < e11 else 0)
        g2 = chi2_contingency(table, correction=False,
                              lambda_="log-likelihood")[0]
        x2 = chi2_contingency(table, correction=False)[0]
        comparison.check("keyness llr", term, float(row["llr"]), sign * g2,
                         TOLERANCE, exact_kind=(
                             lambda t: sign * exact_g2(t),
                             lambda t: rounding_bound("g2", *t)),
                         table=(a, r1, tt, n))
        comparison.check("keyness chi2", term,
                         float(results["chi2"][term]["chi2"]), sign * x2,
                         TOLERANCE)
        # quanteda's condition for Yates' correction.
        cells = [a, b, tt - a, tr - b]
        expected = [r1 * tt / n, r1 * tr / n, (n - r1) * tt / n,
                    (n - r1) * tr / n]
        gap = abs(cells[0] * cells[3] - cells[1] * cells[2])
        small = min(expected) < 5
        yates_x2 = (chi2_contingency(table, correction=True)[0]
                    if small and gap >= n / 2 else x2)
        corrected = small and gap > n / 2
        yates_g2 = (chi2_contingency(table, correction=True,
                                     lambda_="log-likelihood")[0]
                    if corrected else g2)
        # SciPy's correction moves each cell 0.5 towards independence.
        a_yates = a + (0.5 if a < e11 else -0.5) if corrected else a
        applied += corrected
        comparison.check("keyness chi2 yates", term,
                         float(results["chi2", "yates"][term]["chi2"]),
                         sign * yates_x2, TOLERANCE)
        comparison.check("keyness llr yates", term,
                         float(results["llr", "yates"][term]["llr"]),
                         sign * yates_g2, TOLERANCE, exact_kind=(
                             lambda t: sign * exact_g2(t),
                             lambda t: rounding_bound("g2", *t)),
                         table=(a_yates, r1, tt, n))
        q = 1.0
        if min(cells) > 0:
            q = 1 + (n / r1 + n / (n - r1) - 1) * (n / tt + n / tr - 1) / (
                6 * n)
        comparison.check("keyness chi2 williams", term,
                         float(results["chi2", "williams"][term]["chi2"]),
                         sign * x2 / q, TOLERANCE)
        comparison.check("keyness llr williams", term,
                         float(results["llr", "williams"][term]["llr"]),
                         sign * g2 / q, TOLERANCE, exact_kind=(
                             lambda t: sign * exact_g2(t) / q,
                             lambda t: rounding_bound("g2", *t) / q),
                         table=(a, r1, tt, n))
        pmi = results["pmi"][term]["pmi"]
        if a == 0:
            comparison.compared += 1
            if pmi != "-inf":
                comparison.fail("keyness pmi %s: %s, expected -inf" %
                                (term, pmi))
        else:
            comparison.check("keyness pmi", term, float(pmi),
                             math.log2(a * n / (r1 * tt)), TOLERANCE)
    summary.append("keyness: %d terms (%d of them against SciPy), %d target "
                   "and %d reference tokens; Yates' correction applied (llr) "
                   "to %d of those" %
                   (len(vocabulary), len(sample), tt, tr, applied))


def exact_g2(table):
    return exact("g2", *table)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    cooc, source_dir = sys.argv[1:]
    corpus = os.path.join(source_dir, "corpora", CORPUS)
    labels, texts = [], []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split(" ", 1)
            assert label.startswith("__label__")
            labels.append(label[len("__label__"):])
            texts.append(text)
    comparison = Comparison()
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "labelled.db")
        run([cooc, "ingest", "--quiet", "--labels", "prefix", "--db", db,
             corpus])
        token_lists = tokenize(cooc, texts, tmp)
        features_parity(cooc, db, labels, token_lists, comparison, summary)
        keyness_parity(cooc, tmp, labels, token_lists, texts, comparison,
                       summary)
    for line in summary:
        print(line)
    comparison.report()
    print("%d values compared, %d mismatches" % (comparison.compared,
                                                 comparison.mismatches))
    return 0 if comparison.mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
