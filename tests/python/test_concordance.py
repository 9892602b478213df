"""Database.concordance (issue 12 item 4) gives the rows of
`cooc concordance --format json`, its co-occurrences add up to the stored
count, and a changed input is skipped with a warning."""

import shutil

import pytest

import cooc
from conftest import cli_json


def test_rows_are_the_commands(databases):
    with cooc.Database(databases["en"]) as db:
        frame = db.concordance("elizabeth", "darcy", limit=0, sort="left")
        summary = frame.attrs["summary"]
        assert summary["complete"]
        assert summary["cooccurrences"] == summary["stored_count"]
        assert summary["stored_count"] == db.pair("elizabeth", "darcy")["o11"]
        assert frame["cooccurrences"].sum() == summary["stored_count"]
    cli = cli_json("concordance", "--db", databases["en"], "elizabeth", "darcy",
                   "--limit", "0", "--sort", "left")
    assert frame.to_dict(orient="records") == cli
    assert list(frame.columns) == ["source", "line", "offset", "left", "node",
                                   "right", "cooccurrences"]


def test_node_alone_and_limit(databases):
    with cooc.Database(databases["zh"]) as db:
        every = db.concordance("先生", limit=0)
        assert len(every) == every.attrs["summary"]["stored_count"]
        first = db.concordance("先生", limit=5, width=10)
        assert first.attrs["summary"]["complete"] is False
        assert first["line"].tolist() == every["line"].tolist()[:5]
        assert (first["node"] == "先生").all()
        with pytest.raises(ValueError):
            db.concordance("先生", limit=-1)
        with pytest.raises(ValueError, match="did you mean 'left'"):
            db.concordance("先生", sort="lefft")
        with pytest.raises(cooc.TermNotFound):
            db.concordance("zzzqqq")


def test_changed_input_is_skipped_with_a_warning(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("alpha beta\nalpha gamma\n", encoding="utf-8")
    db_path = tmp_path / "db"
    cooc.ingest(db_path, [text], progress=False)
    text.write_text("alpha betX\nalpha gamma\n", encoding="utf-8")
    with cooc.Database(db_path) as db:
        with pytest.warns(UserWarning, match="changed since it was counted"):
            frame = db.concordance("alpha")
        assert len(frame) == 0
        given = db.concordance("alpha", from_files=[text])
        assert given["right"].tolist() == [" betX", " gamma"]
