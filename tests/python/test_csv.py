"""`--format csv` read back by Python's csv module (issue 12 item 7).

Tokens with double quotes and commas (kept with --keep-punct: `"` and `,`;
with --keep-numbers: `1,000`; ICU keeps the Hebrew acronym `צה"ל` whole)
and with a control character (ESC, which CSV carries as stored while JSON
escapes it) must read back, field for field, as the JSON answer of the
same command. A line break never reaches a token (lines are split first);
its quoting is checked in tests/report_test.cc.
"""

import csv
import io

import pytest

from conftest import cli_json, run_cooc

TEXT = ('He said "hi, there" to 1,000 men of צה"ל and "hi, there" again, '
        '1,000 times; צה"ל said it.\n'
        'x\x1by said "a, b" and "a, b" again, 1,000 times.\n')

QUOTED = ['"', ',', '1,000', 'צה"ל', '\x1b']


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("csv")
    corpus = root / "quotes.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    path = root / "quotes.db"
    run_cooc("ingest", "--quiet", "--db", path, "--keep-punct",
             "--keep-numbers", "--window", "2", corpus)
    return path


def csv_rows(*args):
    out = run_cooc(*args, "--format", "csv").stdout
    # newline="" as the csv module asks: quoted fields keep their line ends.
    return list(csv.reader(io.StringIO(out, newline="")))


def as_csv_text(value):
    """A JSON value as the CSV field that stands for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def assert_same_rows(args):
    rows = csv_rows(*args)
    objects = cli_json(*args)
    assert rows, "no header line"
    header, records = rows[0], rows[1:]
    assert len(records) == len(objects)
    for record, obj in zip(records, objects):
        assert header == list(obj)
        assert len(record) == len(header)
        for name, field in zip(header, record):
            value = as_csv_text(obj[name])
            if isinstance(value, str):
                assert field == value, name
            else:
                assert float(field) == value, name
    return header, records


def test_collocations_csv_reads_back_as_the_json(db):
    header, records = assert_same_rows(
        ["collocations", "--db", db, "--min-count", "1", "--top", "1000",
         "--self", "--direction", "any", "--measures", "llr,dice"])
    assert header[:8] == ["x", "y", "o11", "r1", "c1", "n", "fx", "fy"]
    words = {record[0] for record in records} | {record[1] for record in records}
    for token in QUOTED:
        assert token in words, token


@pytest.mark.parametrize("term", ['"', ",", "1,000", 'צה"ל'])
def test_assoc_csv_of_a_quoted_term_reads_back_as_the_json(db, term):
    assert_same_rows(["assoc", "--db", db, "--min-count", "1", "--top",
                      "1000", term])


def test_pair_vocab_stats_and_sources_csv_read_back_as_the_json(db):
    assert_same_rows(["pair", "--db", db, '"', ","])
    _, records = assert_same_rows(["vocab", "--db", db])
    assert {record[1] for record in records} >= set(QUOTED)
    assert_same_rows(["stats", "--db", db])
    assert_same_rows(["sources", "--db", db])


def test_csv_quotes_only_the_fields_that_need_it(db):
    out = run_cooc("vocab", "--db", db, "--format", "csv").stdout
    lines = out.split("\n")
    assert lines[0] == "rank,term,frequency,per_million"
    assert out.endswith("\n") and "\r" not in out
    # Each line after the rank: the term as CSV writes it.
    fields = {line.split(",", 1)[1].rsplit(",", 2)[0] for line in lines[1:]
              if line}
    assert "said" in fields  # Needs no quotes.
    assert '""""' in fields  # The token " (quoted, its quote doubled).
    assert '","' in fields
    assert '"1,000"' in fields
    assert '"צה""ל"' in fields
    assert "\x1b" in fields  # ESC: no quotes, no escape.
