"""Database.matrix and Database.vocabulary against an independent recount of
the bundled corpora from cooc.tokenize, entry by entry."""

import collections

import numpy as np
import pytest
import scipy.sparse

import cooc
from conftest import EN, ZH


def recount(corpus, window, ordered):
    """Pair counts by the definition: token i with tokens i+1..i+window of
    its line; symmetric mode counts both directions."""
    lines = corpus.read_text(encoding="utf-8").split("\n")
    counts = collections.Counter()
    frequencies = collections.Counter()
    for tokens in cooc.tokenize(lines):
        frequencies.update(tokens)
        for i, left in enumerate(tokens):
            for right in tokens[i + 1:i + 1 + window]:
                counts[left, right] += 1
                if not ordered:
                    counts[right, left] += 1
    return counts, frequencies


@pytest.mark.parametrize("name,corpus,window,ordered", [
    ("en", EN, 5, False), ("zh", ZH, 5, False), ("en_ordered", EN, 3, True)])
def test_matrix_equals_a_recount(databases, name, corpus, window, ordered):
    counts, frequencies = recount(corpus, window, ordered)
    with cooc.Database(databases[name]) as db:
        matrix, terms = db.matrix()
        vocabulary = db.vocabulary()
    assert isinstance(matrix, scipy.sparse.csr_matrix)
    assert matrix.shape == (len(terms), len(terms))
    assert matrix.dtype == np.int64 and matrix.indices.dtype == np.int32
    assert matrix.has_sorted_indices
    id_of = {term: i for i, term in enumerate(terms)}
    assert len(id_of) == len(terms) == len(frequencies)
    assert matrix.nnz == len(counts)
    coo = matrix.tocoo()
    got = {(terms[x], terms[y]): c for x, y, c in zip(coo.row, coo.col, coo.data)}
    assert got == dict(counts)
    # Row sums are the stored marginals c(x,*), column sums c(*,y).
    assert list(vocabulary["term"]) == terms
    assert (np.asarray(matrix.sum(axis=1)).ravel() == vocabulary["row"].to_numpy()).all()
    assert (np.asarray(matrix.sum(axis=0)).ravel() == vocabulary["column"].to_numpy()).all()
    assert all(vocabulary["frequency"].to_numpy() ==
               [frequencies[t] for t in terms])
    if not ordered:
        assert (matrix != matrix.T).nnz == 0


def test_min_count_keeps_only_frequent_pairs(databases):
    with cooc.Database(databases["en"]) as db:
        full, _ = db.matrix()
        frequent, _ = db.matrix(min_count=5)
    expected = full.multiply(full >= 5)
    assert frequent.nnz == expected.nnz
    assert (frequent != expected).nnz == 0


def test_vocabulary_of_a_unit_database_has_document_frequencies(databases):
    with cooc.Database(databases["en_line"]) as db:
        vocabulary = db.vocabulary(as_frame=False)
    lines = EN.read_text(encoding="utf-8").split("\n")
    documents = collections.Counter()
    for tokens in cooc.tokenize(lines):
        documents.update(set(tokens))
    for term, row in zip(vocabulary["term"], vocabulary["row"]):
        assert row == documents[term]
