"""Issue 14: labelled databases from Python (ingest/count with labels),
Database.features and Database.keyness, which must answer as the cooc
command does."""

import pandas
import pytest

import cooc
from conftest import CORPORA, EN, cli_json, run_cooc

AUTHORS = CORPORA / "en_gutenberg_authors.txt"


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    path = tmp_path_factory.mktemp("labels") / "authors.db"
    summary = cooc.ingest(path, AUTHORS, labels="prefix", progress=False)
    assert summary["lines"] == 360
    return path


def test_features_equal_the_command(labelled):
    with cooc.Database(labelled) as db:
        frame = db.features(measure="chi2", top=10)
        assert isinstance(frame, pandas.DataFrame)
        assert list(frame.columns) == ["term", "df", "top_label", "chi2",
                                       "p_value"]
        assert frame.to_dict("records") == cli_json(
            "features", "--db", labelled, "--measure", "chi2", "--top", "10")
        by_label = db.features(label="austen", measure="llr", top=5,
                               as_frame=False)
        assert by_label == cli_json("features", "--db", labelled, "--label",
                                    "austen", "--measure", "llr", "--top", "5")
        assert [row["label_documents"] for row in by_label] == [60] * 5


def test_mi_in_nats_is_scikit_learns(labelled):
    sklearn = pytest.importorskip("sklearn.feature_selection")
    text = pytest.importorskip("sklearn.feature_extraction.text")
    lines = AUTHORS.read_text(encoding="utf-8").splitlines()
    labels = [line.split(" ", 1)[0] for line in lines]
    tokens = cooc.tokenize([line.split(" ", 1)[1] for line in lines])
    vectorizer = text.CountVectorizer(binary=True, analyzer=lambda t: t)
    x = vectorizer.fit_transform(tokens)
    reference = dict(zip(vectorizer.get_feature_names_out(),
                         sklearn.mutual_info_classif(x, labels,
                                                     discrete_features=True)))
    with cooc.Database(labelled) as db:
        ours = db.features(base="e", top=0)
    assert len(ours) == len(reference)
    for term, mi in zip(ours["term"], ours["mi"]):
        assert mi == pytest.approx(reference[term], rel=1e-9, abs=1e-15)


def test_keyness_equals_the_command(tmp_path):
    austen = tmp_path / "austen.txt"
    rest = tmp_path / "rest.txt"
    lines = AUTHORS.read_text(encoding="utf-8").splitlines()
    austen.write_text("".join(l.split(" ", 1)[1] + "\n" for l in lines
                              if l.startswith("__label__austen ")),
                      encoding="utf-8")
    rest.write_text("".join(l.split(" ", 1)[1] + "\n" for l in lines
                            if not l.startswith("__label__austen ")),
                    encoding="utf-8")
    cooc.ingest(tmp_path / "a.db", austen, progress=False)
    cooc.ingest(tmp_path / "r.db", rest, progress=False)
    with cooc.Database(tmp_path / "a.db") as a, \
            cooc.Database(tmp_path / "r.db") as r:
        frame = a.keyness(r, top=15, correction="yates")
        assert frame.to_dict("records") == cli_json(
            "keyness", "--db", tmp_path / "a.db", "--reference",
            tmp_path / "r.db", "--top", "15", "--correction", "yates")
        assert (frame["llr"] > 0).all()
        ratio = a.keyness(tmp_path / "r.db", measure="logratio")
        assert ratio["logratio"].is_monotonic_decreasing
        with pytest.raises(ValueError, match="llr and chi2 only"):
            a.keyness(r, measure="pmi", correction="williams")


def test_label_errors(labelled, tmp_path):
    with cooc.Database(labelled) as db:
        with pytest.raises(KeyError, match="austen"):
            db.features(label="austin")
        with pytest.raises(ValueError, match="mi or chi2"):
            db.features(measure="pmi")
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, EN, progress=False)
    with cooc.Database(plain) as db:
        with pytest.raises(cooc.DatabaseError, match="without labels"):
            db.features()
    bad = tmp_path / "bad.txt"
    bad.write_text("__label__ nameless\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no name"):
        cooc.ingest(tmp_path / "bad.db", bad, labels="prefix", progress=False)
    assert not (tmp_path / "bad.db").exists()
    with pytest.raises(ValueError, match="labels"):
        cooc.ingest(plain, bad, labels="tsv", progress=False)


def test_count_parts_keep_the_labels(labelled, tmp_path):
    part = tmp_path / "authors.part"
    cooc.count(part, AUTHORS, labels="prefix", progress=False)
    cooc.ingest_parts(tmp_path / "folded.db", part, progress=False)
    assert run_cooc("features", "--db", tmp_path / "folded.db", "--top", "0",
                    "--format", "tsv").stdout == run_cooc(
        "features", "--db", labelled, "--top", "0", "--format", "tsv").stdout
