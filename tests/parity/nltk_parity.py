#!/usr/bin/python3
"""Parity of cooc's --marginals unigram with NLTK's bigram collocations.

usage: nltk_parity.py COOC SOURCE_DIR CORPUS WINDOW

Builds an --ordered database with window W from SOURCE_DIR/corpora/CORPUS,
feeds NLTK exactly the tokens `cooc tokenize` prints, and compares every
BigramAssocMeasures score of every pair NLTK counts with cooc's value.

How the lines are kept apart. cooc's windows never cross a line. NLTK's
BigramCollocationFinder.from_words(words, window_size=W+1) slides a window
over one sequence; for each start it counts the first word in word_fd and
pairs it with the next W words in ngram_fd, skipping None (its own padding
symbol) in both places. So the sequence given to NLTK is every line's
tokens followed by W Nones: no window reaches across the Nones into the
next line, word_fd counts each real token exactly once (f(x)), and
N = word_fd.N() is the number of real tokens, as in cooc. A made-up padding
word would instead enter word_fd and N. The script checks that NLTK's
N, word_fd and ngram_fd then equal cooc's tokens, f(x), f(y) and c(x,y).

NLTK's score_ngram scores the table (c(x,y)/W, (f(x), f(y)), N), which is
what `--marginals unigram` builds. Measures compared (NLTK -> cooc):
pmi -> pmi, likelihood_ratio -> llr, chi_sq -> chi2, student_t -> tscore,
dice, jaccard, poisson_stirling, mi_like, raw_freq, phi_sq -> phi2 on every
pair, and fisher -> fisher_left on a fixed sample (NLTK's fisher is SciPy's
fisher_exact(alternative="less"), the left tail; it is slow).

The top 20 pairs by count are also read through `cooc pair --format json`
and compared on every measure, so both commands are covered.

Tolerance: a relative difference of 1e-9 (fisher 1e-6), with the exact-value
rule of parity_util.py where NLTK's own formula loses digits (pmi,
likelihood_ratio, student_t, poisson_stirling); those values are counted and
printed separately.

Exit status 0 when every value matches, 1 otherwise.
"""

import json
import os
import random
import sys
import tempfile
import time

from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from parity_util import Comparison, read_columns, read_record, run

TOLERANCE = 1e-9
FISHER_TOLERANCE = 1e-6
FISHER_SAMPLE = 2000
TOP_BY_COUNT = 200
PAIR_COMMAND_PAIRS = 20

# NLTK measure -> (cooc measure, exact kind for parity_util.exact or None).
MEASURES = [
    ("pmi", "pmi", "pmi2"),
    ("likelihood_ratio", "llr", "g2"),
    ("chi_sq", "chi2", "chi2"),
    ("student_t", "tscore", "tscore"),
    ("dice", "dice", None),
    ("jaccard", "jaccard", None),
    ("poisson_stirling", "poisson_stirling", "poisson_stirling2"),
    ("mi_like", "mi_like", None),
    ("raw_freq", "raw_freq", None),
    ("phi_sq", "phi2", None),
    ("fisher", "fisher_left", None),
]


def nltk_finder(lines, window):
    """NLTK's finder over the token lines, each followed by W Nones."""
    words = []
    for line in lines:
        words.extend(line.split())
        words.extend([None] * window)
    return BigramCollocationFinder.from_words(words, window_size=window + 1)


def main():
    cooc, source_dir, corpus, window = sys.argv[1:5]
    window = int(window)
    corpus_path = os.path.join(source_dir, "corpora", corpus)
    started = time.time()
    comparison = Comparison()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "db")
        run([cooc, "ingest", "--quiet", "--db", db, "--ordered", "--window",
             str(window), corpus_path])
        lines = run([cooc, "tokenize", corpus_path]).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        finder = nltk_finder(lines, window)

        # Every pair, by each measure: columns x y o11 r1 c1 n <measure>.
        scores = {}
        tables = None
        for _, cooc_name, _ in MEASURES:
            rows = read_columns(run([
                cooc, "collocations", "--db", db, "--marginals", "unigram",
                "--min-count", "1", "--top", "100000000", "--format", "tsv",
                "--self", "--direction", "any", "--measure", cooc_name]))
            # The ranking measure is the last column (after the table, fx, fy).
            scores[cooc_name] = {(f[0], f[1]): float(f[-1]) for f in rows}
            if tables is None:
                tables = {(f[0], f[1]): (float(f[2]), float(f[3]),
                                         float(f[4]), float(f[5]))
                          for f in rows}

        # The definitions line up: same N, same pairs, same tables.
        stats = read_record(run([cooc, "stats", "--db", db, "--format",
                                 "tsv"]))
        if int(stats["tokens"]) != finder.N:
            comparison.fail("N: cooc has %s tokens, NLTK %d" %
                            (stats["tokens"], finder.N))
        nltk_pairs = set(finder.ngram_fd)
        if nltk_pairs != set(tables):
            comparison.fail("pairs: %d only in NLTK, %d only in cooc" % (
                len(nltk_pairs - set(tables)), len(set(tables) - nltk_pairs)))
        pairs = sorted(nltk_pairs & set(tables))
        for pair in pairs:
            expected = (finder.ngram_fd[pair] / float(window),
                        finder.word_fd[pair[0]], finder.word_fd[pair[1]],
                        finder.N)
            if tables[pair] != expected:
                comparison.fail("table of %s %s: cooc %r, NLTK %r" % (
                    pair[0], pair[1], tables[pair], expected))

        by_count = sorted(pairs, key=lambda p: (-finder.ngram_fd[p], p))
        sample = set(by_count[:TOP_BY_COUNT])
        rest = [p for p in pairs if p not in sample]
        random.Random(20240601).shuffle(rest)
        sample.update(rest[:FISHER_SAMPLE - len(sample)])

        for nltk_name, cooc_name, exact_kind in MEASURES:
            fn = getattr(BigramAssocMeasures, nltk_name)
            fisher = nltk_name == "fisher"
            tolerance = FISHER_TOLERANCE if fisher else TOLERANCE
            by_pair = scores[cooc_name]
            for pair in (sorted(sample) if fisher else pairs):
                comparison.check(cooc_name, "(%s, %s)" % pair,
                                 by_pair.get(pair),
                                 finder.score_ngram(fn, *pair), tolerance,
                                 exact_kind, tables[pair])

        # The pair command builds the same tables.
        for pair in by_count[:PAIR_COMMAND_PAIRS]:
            record = json.loads(run([
                cooc, "pair", "--db", db, "--marginals", "unigram",
                "--format", "json", pair[0], pair[1]]))
            table = tuple(float(record[k]) for k in ("o11", "r1", "c1", "n"))
            for nltk_name, cooc_name, exact_kind in MEASURES:
                comparison.check(
                    cooc_name, "pair %s %s" % pair, record[cooc_name],
                    finder.score_ngram(getattr(BigramAssocMeasures,
                                               nltk_name), *pair),
                    FISHER_TOLERANCE if nltk_name == "fisher" else TOLERANCE,
                    exact_kind, table)

    print("%s, W=%d: all %d pairs NLTK counts (fisher: %d of them, including "
          "the top %d by count; `cooc pair`: the top %d)" % (
              corpus, window, len(pairs), len(sample), TOP_BY_COUNT,
              PAIR_COMMAND_PAIRS))
    comparison.report()
    print("compared %d pairs x %d measures: %d values, %d mismatches (%.1f s)"
          % (len(pairs), len(MEASURES), comparison.compared,
             comparison.mismatches, time.time() - started))
    return 1 if comparison.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
