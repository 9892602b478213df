"""Bad queries raise the documented exceptions, never crash."""

import shutil

import pytest

import cooc


def test_unknown_terms(databases):
    with cooc.Database(databases["en"]) as db:
        with pytest.raises(cooc.TermNotFound, match="zzzqqq") as error:
            db.pair("elizabeth", "zzzqqq")
        assert isinstance(error.value, KeyError)
        assert isinstance(error.value, cooc.Error)
        with pytest.raises(KeyError):
            db.assoc(["elizabeth", "zzzqqq"])
        kept = db.assoc(["elizabeth", "zzzqqq", "darcy"], missing="skip", top=3)
        assert list(kept["term"].unique()) == ["elizabeth", "darcy"]
        with pytest.raises(cooc.TermNotFound):
            db.assoc("two words")  # Not one term.


def test_missing_and_foreign_databases(tmp_path):
    with pytest.raises(FileNotFoundError, match="no cooc database"):
        cooc.Database(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(cooc.DatabaseError, match="not a cooc database"):
        cooc.Database(tmp_path / "empty")
    (tmp_path / "file").write_text("x")
    with pytest.raises((cooc.DatabaseError, FileNotFoundError)):
        cooc.Database(tmp_path / "file")


def test_damaged_database(databases, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copytree(databases["en"], copy)
    for table in copy.glob("*.sst"):
        data = bytearray(table.read_bytes())
        for i in range(100, len(data), 97):
            data[i] ^= 0xFF
        table.write_bytes(data)
    # Opening may already see the damage; if not, a scan does.
    with pytest.raises(cooc.DatabaseError):
        with cooc.Database(copy) as db:
            db.collocations(min_count=1, top=10)
            db.matrix()


def test_invalid_query_options(databases):
    with cooc.Database(databases["en"]) as db:
        with pytest.raises(ValueError, match="unknown measure"):
            db.assoc("elizabeth", measure="pmmi")
        with pytest.raises(ValueError, match="unknown measure"):
            db.collocations(measures=["pmi", "nope"])
        with pytest.raises(ValueError, match="top"):
            db.assoc("elizabeth", top=0)
        with pytest.raises(ValueError, match="min_count"):
            db.collocations(min_count=0)
        with pytest.raises(ValueError, match="base"):
            db.stats(base=3)
        with pytest.raises(ValueError):
            db.pair("elizabeth", "darcy", marginals="both")
        with pytest.raises(ValueError):
            db.pair("elizabeth", "darcy", add_k=-1)
        with pytest.raises(ValueError):
            db.pair("elizabeth", "darcy", cds=2)
        with pytest.raises(ValueError, match="missing"):
            db.assoc("elizabeth", missing="drop")
        with pytest.raises(TypeError, match="top"):
            db.assoc("elizabeth", top="5")
        with pytest.raises(TypeError, match="x must be a str"):
            db.pair(1, "darcy")
        with pytest.raises(TypeError, match="min_count"):
            db.matrix(min_count=1.5)


def test_closed_database(databases):
    db = cooc.Database(databases["en"])
    assert "open" in repr(db)
    db.close()
    assert db.closed and "closed" in repr(db)
    with pytest.raises(cooc.DatabaseError, match="closed"):
        db.stats()


def test_threads_share_a_database(databases):
    import concurrent.futures
    with cooc.Database(databases["en"]) as db:
        terms = ["elizabeth", "darcy", "jane", "bingley", "sister", "house"] * 5
        expected = [db.assoc(t, top=5) for t in terms]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda t: db.assoc(t, top=5), terms))
        assert all(a.equals(b) for a, b in zip(got, expected))
