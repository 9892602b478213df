#!/usr/bin/python3
"""Parity of cooc's pair-event measures and corpus information with SciPy
and scikit-learn.

usage: scipy_parity.py COOC SOURCE_DIR

For two databases built from the bundled corpora (English, symmetric,
window 5; Chinese, ordered, window 2), with the default pair-event marginals
(O11 = c(x,y), R1 = c(x,*), C1 = c(*,y), N = pair events):

  * per pair, on a fixed sample of 2,000 pairs that includes the top 200 by
    count, the 2x2 table [[O11, O12], [O21, O22]] given to
      chi2_contingency(correction=False)             -> chi2, chi2_p
      chi2_contingency(correction=False,
                       lambda_="log-likelihood")     -> llr, llr_p
      fisher_exact(alternative="greater")            -> fisher
      fisher_exact(alternative="less")               -> fisher_left
      mutual_info_score(None, None, contingency=t)   -> mi (--base e, nats)
    to a relative difference of 1e-9 (Fisher 1e-6), with the exact-value rule
    of parity_util.py for SciPy's G2 and scikit-learn's MI, whose sums lose
    digits near independence;
  * for the corpus, the contingency matrix of every pair count (a SciPy
    sparse coo_matrix, both directions of each pair in symmetric mode)
    against `cooc stats --base e`: I(L;R) = mutual_info_score(None, None,
    contingency=matrix), H(L), H(R) and H(L,R) = scipy.stats.entropy of the
    row sums, the column sums and the counts, H(L|R) and H(R|L) from the
    matrix with NumPy, normalized MI = I / sqrt(H(L) H(R)); and the same in
    bits against `cooc stats --base 2`.

Exit status 0 when every value matches, 1 otherwise.
"""

import math
import os
import random
import sys
import tempfile
import time

import numpy as np
import scipy.sparse
import scipy.stats
from scipy.stats import chi2_contingency, fisher_exact
from sklearn.metrics import mutual_info_score

from parity_util import (Comparison, exact, read_columns, read_record,
                         rounding_bound, run)

TOLERANCE = 1e-9
FISHER_TOLERANCE = 1e-6
SAMPLE = 2000
TOP_BY_COUNT = 200
DATABASES = [
    ("en_austen_sample.txt", ["--window", "5"]),
    ("zh_luxun_sample.txt", ["--ordered", "--window", "2"]),
]
# cooc measure -> extra flags.
MEASURES = [("chi2", []), ("llr", []), ("chi2_p", []), ("llr_p", []),
            ("fisher", []), ("fisher_left", []), ("mi", ["--base", "e"])]


def chi2_p_exact(kind):
    """(exact p-value, bound on the reference's error) of a statistic."""
    def truth(table):
        return float(scipy.stats.chi2.sf(exact(kind, *table), 1))

    def bound(table):
        statistic = exact(kind, *table)
        density = scipy.stats.chi2.pdf(statistic, 1)
        return 2 * density * rounding_bound(kind, *table) + 1e-15 * truth(
            table)
    return truth, bound


def compare_pairs(cooc, db, label, comparison):
    scores = {}
    tables = None
    for measure, flags in MEASURES:
        rows = read_columns(run([
            cooc, "collocations", "--db", db, "--min-count", "1", "--top",
            "100000000", "--format", "tsv", "--self", "--direction", "any",
            "--measure", measure] + flags))
        # The measure is the last column (after the table, fx, fy, c1_cds).
        scores[measure] = {(f[0], f[1]): float(f[-1]) for f in rows}
        if tables is None:
            tables = {(f[0], f[1]): tuple(int(v) for v in f[2:6])
                      for f in rows}
    pairs = sorted(tables)
    by_count = sorted(pairs, key=lambda p: (-tables[p][0], p))
    sample = set(by_count[:TOP_BY_COUNT])
    rest = [p for p in pairs if p not in sample]
    random.Random(20240601).shuffle(rest)
    sample.update(rest[:SAMPLE - len(sample)])
    for pair in sorted(sample):
        o11, r1, c1, n = table = tables[pair]
        t = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]])
        chi2, chi2_p, _, _ = chi2_contingency(t, correction=False)
        g2, g2_p, _, _ = chi2_contingency(t, correction=False,
                                          lambda_="log-likelihood")
        name = "%s (%s, %s)" % (label, pair[0], pair[1])

        def check(measure, reference, tolerance=TOLERANCE, kind=None):
            comparison.check(measure, name, scores[measure][pair],
                             float(reference), tolerance, kind, table)
        check("chi2", chi2, kind="chi2")
        check("llr", g2, kind="g2")
        check("chi2_p", chi2_p, kind=chi2_p_exact("chi2"))
        check("llr_p", g2_p, kind=chi2_p_exact("g2"))
        check("fisher", fisher_exact(t, alternative="greater").pvalue,
              FISHER_TOLERANCE)
        check("fisher_left", fisher_exact(t, alternative="less").pvalue,
              FISHER_TOLERANCE)
        check("mi", mutual_info_score(None, None, contingency=t), kind="mi")
    return len(pairs), len(sample)


def compare_information(cooc, db, label, comparison):
    """cooc stats against the full contingency matrix of pair counts."""
    stats = read_record(run([cooc, "stats", "--db", db, "--information",
                             "--base", "e", "--format", "tsv"]))
    bits = read_record(run([cooc, "stats", "--db", db, "--information",
                            "--base", "2", "--format", "tsv"]))
    symmetric = stats["mode"] == "symmetric"
    rows = read_columns(run([cooc, "collocations", "--db", db, "--min-count",
                             "1", "--top", "100000000", "--format", "tsv",
                             "--self", "--measure", "count"]))
    ids = {}
    left, right, counts = [], [], []
    for f in rows:
        x = ids.setdefault(f[0], len(ids))
        y = ids.setdefault(f[1], len(ids))
        left.append(x)
        right.append(y)
        counts.append(int(f[2]))
        if symmetric and x != y:  # Listed once; the matrix has both.
            left.append(y)
            right.append(x)
            counts.append(int(f[2]))
    size = len(ids)
    matrix = scipy.sparse.coo_matrix((counts, (left, right)),
                                     shape=(size, size)).tocsr()
    row_sums = np.ravel(matrix.sum(axis=1))
    column_sums = np.ravel(matrix.sum(axis=0))
    n = int(matrix.sum())
    if n != int(stats["pair_events"]):
        comparison.fail("%s: the pairs sum to %d, N = %s" % (
            label, n, stats["pair_events"]))
    c = np.array(counts, dtype=np.float64)
    p = c / n
    h_left_given_right = float(-np.sum(p * np.log(c / column_sums[right])))
    h_right_given_left = float(-np.sum(p * np.log(c / row_sums[left])))
    mi = float(mutual_info_score(None, None, contingency=matrix.tocoo()))
    h_left = float(scipy.stats.entropy(row_sums[row_sums > 0]))
    h_right = float(scipy.stats.entropy(column_sums[column_sums > 0]))
    references = {
        "mi_left_right": mi,
        "h_left": h_left,
        "h_right": h_right,
        "h_joint": float(scipy.stats.entropy(c)),
        "h_left_given_right": h_left_given_right,
        "h_right_given_left": h_right_given_left,
        "nmi_left_right": mi / math.sqrt(h_left * h_right),
    }
    for field, reference in references.items():
        comparison.check("stats " + field, label + " (nats)",
                         float(stats[field]), reference, TOLERANCE)
        scale = 1.0 if field == "nmi_left_right" else math.log(2)
        comparison.check("stats " + field, label + " (bits)",
                         float(bits[field]), reference / scale, TOLERANCE)
    return len(counts)


def main():
    cooc, source_dir = sys.argv[1:3]
    started = time.time()
    comparison = Comparison()
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus, flags in DATABASES:
            db = os.path.join(tmp, corpus + ".db")
            run([cooc, "ingest", "--quiet", "--db", db] + flags +
                [os.path.join(source_dir, "corpora", corpus)])
            label = "%s %s" % (corpus, " ".join(flags))
            pairs, sample = compare_pairs(cooc, db, label, comparison)
            cells = compare_information(cooc, db, label, comparison)
            summary.append("%s: %d of %d pairs per pair (top %d by count "
                           "included); information from all %d nonzero "
                           "cells" % (label, sample, pairs, TOP_BY_COUNT,
                                      cells))
    for line in summary:
        print(line)
    comparison.report()
    print("compared %d values (%d pairs x %d measures per database, 7 "
          "information fields x 2 bases): %d mismatches (%.1f s)" % (
              comparison.compared, SAMPLE, len(MEASURES),
              comparison.mismatches, time.time() - started))
    return 1 if comparison.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
