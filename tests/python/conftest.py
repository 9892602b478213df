"""Fixtures of the Python module's tests: the bundled corpora, databases
built from them by the ``cooc`` command, and a runner of that command whose
``--format json`` answers the module must equal.

Run by CTest (tools/test.sh) with PYTHONPATH=build/python and COOC_BINARY
set; by hand:
    PYTHONPATH=build/python COOC_BINARY=build/cooc /usr/bin/python3 -m pytest tests/python
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import cooc  # The module under test: a missing module fails every test.

SOURCE_DIR = Path(__file__).resolve().parents[2]
CORPORA = SOURCE_DIR / "corpora"
EN = CORPORA / "en_austen_sample.txt"
ZH = CORPORA / "zh_luxun_sample.txt"


def distinct_terms_text(path, terms):
    """`terms` distinct 6-letter terms, 12 a line (the CLI test's text)."""
    words = []
    for i in range(terms):
        n, letters = i, []
        for _ in range(6):
            letters.append(chr(ord("a") + n % 26))
            n //= 26
        words.append("".join(letters))
    path.write_text("\n".join(" ".join(words[i:i + 12])
                              for i in range(0, terms, 12)) + "\n")
    return path


def binary() -> str:
    path = os.environ.get("COOC_BINARY", str(SOURCE_DIR / "build" / "cooc"))
    assert os.access(path, os.X_OK), f"no cooc binary at {path}"
    return path


def run_cooc(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([binary(), *map(str, args)], capture_output=True,
                            text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def cli_json(*args) -> list:
    """The JSON Lines answer of `cooc ARGS --format json`, as dicts."""
    out = run_cooc(*args, "--format", "json").stdout
    return [json.loads(line) for line in out.splitlines() if line]


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Databases built by the cooc command: name -> path."""
    root = tmp_path_factory.mktemp("dbs")
    built = {}
    for name, corpus, flags in [
        ("en", EN, []),
        ("zh", ZH, []),
        ("en_ordered", EN, ["--ordered", "--window", "3"]),
        ("en_sentence", EN, ["--unit", "sentence"]),
        ("zh_sentence", ZH, ["--unit", "sentence"]),
        ("en_line", EN, ["--unit", "line"]),
    ]:
        path = root / f"{name}.db"
        run_cooc("ingest", "--quiet", "--db", path, *flags, corpus)
        built[name] = path
    return built
