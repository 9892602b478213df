"""Every answer of Database equals the cooc command's --format json answer,
value for value (the same doubles, not approximately), on the bundled
English and Chinese corpora with window and sentence units."""

import math

import pytest

import cooc
from conftest import cli_json

# Query options as (Python keyword arguments, CLI flags).
OPTIONS = [
    ({}, []),
    ({"base": "e", "marginals": "unigram"}, ["--base", "e", "--marginals", "unigram"]),
    ({"base": 10, "add_k": 0.5, "cds": 0.75}, ["--base", "10", "--add-k", "0.5", "--cds", "0.75"]),
]

TERMS = {
    "en": ["elizabeth", "darcy", "Bennet", "house", "sister"],
    "zh": ["中国", "我们", "自己", "先生", "没有"],
}


def same_value(python, cli):
    """JSON has no infinities and no NaN (the information of unit
    databases, which is not defined): the CLI prints them as null."""
    if cli is None and isinstance(python, float):
        return math.isinf(python) or math.isnan(python)
    return python == cli


def assert_same_record(python: dict, cli: dict):
    assert list(python) == list(cli)
    for key in cli:
        assert same_value(python[key], cli[key]), (key, python[key], cli[key])


def rows(frame):
    return frame.to_dict(orient="records")


@pytest.mark.parametrize("name", ["en", "zh", "en_ordered", "en_sentence", "zh_sentence"])
def test_stats_equal_the_cli(databases, name):
    with cooc.Database(databases[name]) as db:
        assert_same_record(db.stats(), cli_json("stats", "--db", databases[name])[0])
        assert_same_record(
            db.stats(information=True, base="e"),
            cli_json("stats", "--db", databases[name], "--information", "--base", "e")[0])


@pytest.mark.parametrize("name", ["en", "zh", "en_sentence", "zh_sentence"])
@pytest.mark.parametrize("python_options,flags", OPTIONS)
def test_pair_has_every_measure_of_the_cli(databases, name, python_options, flags):
    if "sentence" in name and "marginals" in python_options:
        pytest.skip("unigram marginals need a window database")
    language = name.split("_")[0]
    terms = TERMS[language]
    with cooc.Database(databases[name]) as db:
        for x, y in zip(terms, terms[1:] + terms[:1]):
            python = db.pair(x, y, **python_options)
            cli = cli_json("pair", "--db", databases[name], *flags, x, y)[0]
            assert_same_record(python, cli)
            assert set(cooc.MEASURES) <= set(python)


@pytest.mark.parametrize("name", ["en", "zh", "en_ordered", "en_sentence"])
@pytest.mark.parametrize("python_options,flags", OPTIONS)
def test_assoc_equals_the_cli(databases, name, python_options, flags):
    if "sentence" in name and "marginals" in python_options:
        with cooc.Database(databases[name]) as db, pytest.raises(ValueError, match="window"):
            db.assoc("elizabeth", **python_options)
        return
    language = name.split("_")[0]
    with cooc.Database(databases[name]) as db:
        for measure in ["pmi", "llr", "logdice", "fisher"]:
            frame = db.assoc(TERMS[language], measure=measure, top=7, min_count=2,
                             measures=["mi", "tscore"], **python_options)
            got = rows(frame)
            want = []
            for term in TERMS[language]:
                for row in cli_json("assoc", "--db", databases[name], *flags,
                                    "--measure", measure, "--top", "7",
                                    "--min-count", "2", "--measures", "mi,tscore", term):
                    want.append({"term": term, **row})
            assert len(got) == len(want) > 0
            for python, cli in zip(got, want):
                assert_same_record(python, cli)


@pytest.mark.parametrize("name", ["en", "zh", "en_ordered", "zh_sentence"])
def test_collocations_equal_the_cli(databases, name):
    with cooc.Database(databases[name]) as db:
        for measure in ["pmi", "llr", "chi2_p"]:
            got = rows(db.collocations(measure=measure, top=50, measures="count,dice"))
            want = cli_json("collocations", "--db", databases[name], "--measure",
                            measure, "--top", "50", "--measures", "count,dice")
            assert len(got) == len(want) == 50
            for python, cli in zip(got, want):
                assert_same_record(python, cli)


def test_plain_lists_of_dicts_without_pandas(databases):
    with cooc.Database(databases["en"]) as db:
        frame = db.assoc("elizabeth", top=5)
        plain = db.assoc("elizabeth", top=5, as_frame=False)
        assert plain == rows(frame)
        assert plain[0]["term"] == "elizabeth"
        assert db.collocations(top=3, as_frame=False) == rows(db.collocations(top=3))


def test_sources_are_the_journal(databases):
    with cooc.Database(databases["en"]) as db:
        got = db.sources(as_frame=False)
        want = cli_json("sources", "--db", databases["en"])
        assert got == want
        frame = db.sources()
        assert str(frame["committed"].dt.tz) == "UTC"


def test_batch_assoc_of_200_terms_equals_200_single_calls(databases):
    with cooc.Database(databases["en"]) as db:
        vocabulary = db.vocabulary()
        frequent = vocabulary.sort_values("frequency", ascending=False)
        terms = list(frequent["term"][:200])
        batch = db.assoc(terms, measure="llr", top=10)
        singles = [db.assoc(term, measure="llr", top=10) for term in terms]
        import pandas
        assert batch.equals(pandas.concat(singles, ignore_index=True))
        assert list(batch["term"].unique()) == terms


def test_issue12_sides_of_an_ordered_database_are_the_commands(databases):
    """db.assoc(side=...) gives `cooc assoc --side ...`'s rows; the words
    before a term are the pairs (x, term)."""
    with cooc.Database(databases["en_ordered"]) as db:
        for side in ["left", "right", "both"]:
            frame = db.assoc("darcy", "llr", top=10, min_count=2, side=side)
            cli = cli_json("assoc", "--db", databases["en_ordered"], "darcy",
                           "--measure", "llr", "--top", "10", "--min-count",
                           "2", "--side", side)
            assert rows(frame.drop(columns=["term"])) == cli
            if side == "left":
                assert (frame["y"] == "darcy").all()
            if side == "right":
                assert (frame["x"] == "darcy").all()
    with cooc.Database(databases["en"]) as db:
        with pytest.raises(ValueError, match="--ordered"):
            db.assoc("darcy", side="left")
