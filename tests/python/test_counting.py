"""cooc.ingest, count, ingest_parts and merge give the databases the cooc
command gives; progress, Ctrl-C and bad input behave as documented."""

import os
import random
import signal
import threading
import time
import warnings

import pytest

import cooc
from conftest import EN, ZH, cli_json, distinct_terms_text, run_cooc


def dump(db):
    """Everything a database answers: stats, every pair, the journal
    without its times, the vocabulary."""
    stats = cli_json("stats", "--db", db, "--information")[0]
    del stats["db_bytes"]
    pairs = cli_json("collocations", "--db", db, "--min-count", "1", "--top",
                     "100000000", "--measure", "count")
    journal = [(j["ingest"], j["bytes"], j["content_hash"], j["path"])
               for j in cli_json("sources", "--db", db)]
    with cooc.Database(db) as opened:
        vocabulary = opened.vocabulary(as_frame=False)
    terms = list(vocabulary["term"])
    counts = [list(vocabulary[c]) for c in ("frequency", "row", "column")]
    return stats, pairs, journal, terms, counts


def test_ingest_equals_the_cli(tmp_path):
    python_db, cli_db = tmp_path / "python.db", tmp_path / "cli.db"
    summary = cooc.ingest(python_db, [str(EN), ZH], window=3, progress=False)
    run_cooc("ingest", "--quiet", "--db", cli_db, "--window", "3", EN, ZH)
    assert summary["created"] in ("yes", True)
    assert summary["tokens"] > 50000 and summary["skipped"] == []
    assert dump(python_db) == dump(cli_db)
    # A second ingest of the same file is skipped, as the CLI skips it.
    again = cooc.ingest(python_db, EN, progress=False)
    assert again["skipped_inputs"] == 1
    assert again["skipped"] == [(str(EN), str(EN))]
    assert again["tokens"] == 0


def test_count_then_ingest_parts_equals_ingest(tmp_path):
    parts = []
    for i, corpus in enumerate([EN, ZH]):
        parts.append(tmp_path / f"part{i}.part")
        summary = cooc.count(parts[-1], corpus, unit="sentence", progress=False)
        assert summary["part"] == str(parts[-1]) and summary["types"] > 1000
    folded = tmp_path / "folded.db"
    cooc.ingest_parts(folded, parts, progress=False)
    plain = tmp_path / "plain.db"
    run_cooc("ingest", "--quiet", "--db", plain, "--unit", "sentence", EN)
    run_cooc("ingest", "--quiet", "--db", plain, ZH)
    assert dump(folded) == dump(plain)
    with pytest.raises(cooc.DatabaseError, match="counted"):
        cooc.ingest_parts(folded, parts[:1], progress=False)


def test_merge_equals_ingesting_everything(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    cooc.ingest(a, EN, progress=False)
    cooc.ingest(b, ZH, progress=False)
    merged = tmp_path / "merged.db"
    summary = cooc.merge(merged, [a, b])
    assert summary["inputs"] == 2
    both = tmp_path / "both.db"
    cooc.ingest(both, EN, progress=False)
    cooc.ingest(both, ZH, progress=False)
    assert dump(merged) == dump(both)
    with pytest.raises(FileExistsError):
        cooc.merge(merged, [a, b])
    with pytest.raises(cooc.DatabaseError, match="counted"):
        cooc.merge(tmp_path / "twice.db", [a, both])


def test_progress_callable_sees_the_bytes(tmp_path):
    updates = []
    cooc.ingest(tmp_path / "db", [EN, ZH], progress=updates.append)
    assert updates, "progress was never called"
    last = updates[-1]
    assert last["bytes_read"] == last["bytes_total"] == EN.stat().st_size + ZH.stat().st_size
    assert last["tokens"] > 0
    assert all(set(u) == {"bytes_read", "bytes_total", "tokens", "seconds"} for u in updates)


def big_text(tmp_path, copies=40):
    path = tmp_path / "big.txt"
    text = EN.read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(copies):  # Distinct copies: a journal skips none.
            out.write(text.replace("elizabeth", f"elizabeth{i}"))
    return path


def test_an_exception_in_progress_stops_the_ingest_and_changes_nothing(tmp_path):
    db = tmp_path / "db"
    cooc.ingest(db, ZH, progress=False)
    before = dump(db)

    def fail(update):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        cooc.ingest(db, big_text(tmp_path), progress=fail)
    assert dump(db) == before
    assert not (db / "ingest-spill").exists()


def test_ctrl_c_interrupts_cleanly(tmp_path):
    db = tmp_path / "db"
    cooc.ingest(db, ZH, progress=False)
    before = dump(db)
    text = big_text(tmp_path)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        cooc.ingest(db, text, memory=16, progress=False)
    timer.join()
    assert time.monotonic() - started < 5, "the interrupt was not prompt"
    assert dump(db) == before
    # A new database interrupted while it is made is not left behind. (The
    # small memory budget keeps the ingest counting well past the interrupt:
    # one that reaches its commit first completes, as documented.)
    fresh = tmp_path / "fresh.db"
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        cooc.ingest(fresh, text, memory=16, progress=False)
    timer.join()
    assert not fresh.exists()
    assert not [p for p in tmp_path.iterdir() if ".creating-" in p.name]


def test_ctrl_c_interrupts_a_merge_cleanly(tmp_path):
    # Two databases of 9 MB of random words each (millions of distinct
    # pairs), so that the merge runs well past the interrupt.
    rng = random.Random(9)
    def word(i):  # Letters only: a word with a digit is not a token.
        letters = ""
        while True:
            letters += chr(ord("a") + i % 26)
            i //= 26
            if i == 0:
                return letters
    words = [word(i) for i in range(200_000)]
    inputs = []
    for name in ("a", "b"):
        text = tmp_path / f"{name}.txt"
        text.write_text("".join(" ".join(rng.choices(words, k=20)) + "\n"
                                for _ in range(60_000)), encoding="utf-8")
        inputs.append(tmp_path / f"{name}.db")
        cooc.ingest(inputs[-1], text, progress=False)
    def totals(db):  # (A full dump of millions of pairs takes a minute.)
        stats = cli_json("stats", "--db", db)[0]
        del stats["db_bytes"]
        return stats
    before = totals(inputs[0])
    out = tmp_path / "merged.db"
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        cooc.merge(out, inputs, memory=16)
    timer.join()
    assert time.monotonic() - started < 5, "the interrupt was not prompt"
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".merging-" in p.name]
    assert totals(inputs[0]) == before
    run_cooc("verify", "--db", inputs[0])


def test_bad_input_raises_the_documented_exceptions(tmp_path):
    db = tmp_path / "db"
    with pytest.raises(FileNotFoundError, match="nothing.txt"):
        cooc.ingest(db, tmp_path / "nothing.txt", progress=False)
    assert not db.exists()
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\x00\x01\x02 text")
    with pytest.raises(ValueError, match="binary"):
        cooc.ingest(db, binary, progress=False)
    with pytest.raises(ValueError, match="window"):
        cooc.ingest(db, EN, window=0, progress=False)
    with pytest.raises(ValueError, match="unit"):
        cooc.ingest(db, EN, unit="paragraph", progress=False)
    with pytest.raises(ValueError, match="memory"):
        cooc.ingest(db, EN, memory=1, progress=False)
    with pytest.raises(TypeError, match="window"):
        cooc.ingest(db, EN, window="5", progress=False)
    with pytest.raises(TypeError, match="ordered"):
        cooc.ingest(db, EN, ordered=1, progress=False)
    with pytest.raises(TypeError, match="files"):
        cooc.ingest(db, 42, progress=False)
    with pytest.raises(TypeError, match="progress"):
        cooc.ingest(db, EN, progress="yes")
    assert not db.exists()
    cooc.ingest(db, EN, progress=False)
    with pytest.raises(ValueError, match="window"):
        cooc.ingest(db, ZH, window=2, progress=False)  # Contradicts the database.
    with pytest.raises(ValueError, match="stopword"):
        cooc.ingest(db, ZH, stopwords="en", progress=False)
    with pytest.raises(FileNotFoundError):
        cooc.ingest(tmp_path / "other", EN, dictionary=tmp_path / "no.dict", progress=False)


def test_an_ingest_into_a_database_held_by_a_writer_is_refused(tmp_path):
    db = tmp_path / "db"
    cooc.ingest(db, EN, progress=False)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    import subprocess
    from conftest import binary
    writer = subprocess.Popen([binary(), "ingest", "--quiet", "--db", str(db), str(fifo)],
                              stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        with open(fifo, "w") as feed:  # The writer holds the database now.
            feed.write("some words\n")
            feed.flush()
            with pytest.raises(cooc.DatabaseError, match="in use"):
                cooc.ingest(db, ZH, progress=False)
            # Reading still works while it writes.
            with cooc.Database(db) as reader:
                assert reader.stats()["ingests"] == 1
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0


def test_issue10_encoding_reads_other_encodings_as_the_cli_does(tmp_path):
    text = "我們喜歡自然語言處理。臺灣的學生在圖書館讀書。\n" * 20
    utf8, big5 = tmp_path / "utf8.txt", tmp_path / "big5.txt"
    utf8.write_text(text, encoding="utf-8")
    big5.write_bytes(text.encode("big5"))
    # Not UTF-8: refused with the guess, nothing created.
    with pytest.raises(ValueError, match="does not look like UTF-8"):
        cooc.ingest(tmp_path / "refused.db", big5, progress=False)
    assert not (tmp_path / "refused.db").exists()
    with pytest.raises(ValueError, match="unknown encoding 'klingon-8'"):
        cooc.ingest(tmp_path / "x.db", big5, encoding="klingon-8",
                    progress=False)
    python_db, cli_db, plain = (tmp_path / n for n in ("p.db", "c.db", "u.db"))
    summary = cooc.ingest(python_db, big5, encoding="big5", progress=False)
    assert summary["invalid_utf8"] == 0
    run_cooc("ingest", "--quiet", "--db", cli_db, "--encoding", "big5", big5)
    run_cooc("ingest", "--quiet", "--db", plain, utf8)
    stats, pairs, journal, terms, counts = dump(python_db)
    assert (stats, pairs, journal, terms, counts) == dump(cli_db)
    assert (pairs, terms, counts) == dump(plain)[1:2] + dump(plain)[3:]
    part = tmp_path / "big5.part"
    cooc.count(part, big5, encoding="big5", progress=False)
    folded = tmp_path / "folded.db"
    cooc.ingest_parts(folded, part, progress=False)
    assert dump(folded)[1] == pairs


def test_issue13_pretokenized_and_convert_as_the_cli(tmp_path):
    text = tmp_path / "segmented.txt"
    text.write_text("長江大橋 很 长\n长江大桥 很 宽\n", encoding="utf-8")
    assert cooc.tokenize("長江大橋 很", pretokenized=True,
                         convert="t2s") == ["长江大桥", "很"]
    assert cooc.tokenize("长江大桥") == ["长江", "大", "桥"]
    python_db, cli_db = tmp_path / "python.db", tmp_path / "cli.db"
    cooc.ingest(python_db, text, pretokenized=True, convert="t2s",
                progress=False)
    run_cooc("ingest", "--quiet", "--db", cli_db, "--pretokenized",
             "--convert", "t2s", text)
    assert dump(python_db) == dump(cli_db)
    with cooc.Database(python_db) as db:
        terms = list(db.vocabulary(as_frame=False)["term"])
    assert "长江大桥" in terms
    # A later ingest with another setting is refused; a bad name too.
    with pytest.raises(ValueError, match="convert"):
        cooc.ingest(python_db, text, convert="s2t", force=True,
                    progress=False)
    with pytest.raises(ValueError, match="t2s"):
        cooc.tokenize("语言", convert="zh")


def test_issue9_a_vocabulary_beyond_the_budget_warns_with_the_budget_it_needs(
        tmp_path):
    # 720,000 types take about 25 MiB, more than memory=16 leaves them.
    text = distinct_terms_text(tmp_path / "types.txt", 720000)
    for what, call, target in [("ingest", cooc.ingest, tmp_path / "small.db"),
                               ("count", cooc.count, tmp_path / "small.part")]:
        with pytest.warns(cooc.MemoryBudgetWarning,
                          match=f"cooc {what}: the vocabulary took .* more "
                          "than memory=16 leaves it") as caught:
            summary = call(target, text, memory=16, progress=False)
        assert summary["memory_needed_mb"] > 16
        assert summary["vocabulary_bytes"] > 16 << 20
        assert f"memory={summary['memory_needed_mb']} or more" in str(
            caught[0].message)
        # Warned at the caller's line, not inside the module.
        assert caught[0].filename == __file__
    # The budget it named holds it: no warning, and the same database.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summary = cooc.ingest(tmp_path / "held.db", text,
                              memory=summary["memory_needed_mb"],
                              progress=False)
    assert summary["memory_needed_mb"] == 0
    stats = [cli_json("stats", "--db", db)[0] for db in
             (tmp_path / "held.db", tmp_path / "small.db")]
    for record in stats:
        del record["db_bytes"]
    assert stats[0] == stats[1] and stats[0]["types"] == 720000
    # Folds hold the vocabularies of what they fold (the CLI test checks
    # that the default budget holds them).
    with pytest.warns(cooc.MemoryBudgetWarning,
                      match="cooc ingest_parts: .* more than memory=16"):
        summary = cooc.ingest_parts(tmp_path / "parts.db",
                                    tmp_path / "small.part", memory=16,
                                    progress=False)
    assert summary["memory_needed_mb"] > 16
    with pytest.warns(cooc.MemoryBudgetWarning,
                      match="cooc merge: .* more than memory=16"):
        summary = cooc.merge(tmp_path / "merged.db",
                             [tmp_path / "small.db", tmp_path / "held.db"],
                             force=True, memory=16)
    assert summary["memory_needed_mb"] > 16
