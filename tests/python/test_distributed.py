"""cooc.distributed.ingest on a LocalCluster (two worker processes on the
loopback interface) gives the database a plain ingest of the same files
gives: every count, the totals, the vocabulary ids and the journal."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cooc
import cooc.distributed
from conftest import EN, SOURCE_DIR, ZH, binary, distinct_terms_text

distributed = pytest.importorskip("distributed")

BENCHMARK_TEXT = SOURCE_DIR.parent / "shared" / "corpora" / "en" / "en_large_gutenberg.txt"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def everything(db):
    """What the two databases must share, read through the module."""
    with cooc.Database(db) as opened:
        stats = opened.stats()
        del stats["db_bytes"], stats["distinct_pairs"]  # Layout-dependent.
        vocabulary = opened.vocabulary(as_frame=False)
        journal = [(e["ingest"], e["path"], e["bytes"], e["content_hash"])
                   for e in opened.sources(as_frame=False)]
        matrix, terms = opened.matrix()
    return stats, vocabulary, journal, matrix, terms


def assert_same_database(a, b):
    stats_a, vocabulary_a, journal_a, matrix_a, terms_a = everything(a)
    stats_b, vocabulary_b, journal_b, matrix_b, terms_b = everything(b)
    assert stats_a == stats_b
    assert journal_a == journal_b
    assert terms_a == terms_b
    for column in ("id", "frequency", "row", "column"):
        assert np.array_equal(vocabulary_a[column], vocabulary_b[column]), column
    assert matrix_a.shape == matrix_b.shape
    assert np.array_equal(matrix_a.indptr, matrix_b.indptr)
    assert np.array_equal(matrix_a.indices, matrix_b.indices)
    assert np.array_equal(matrix_a.data, matrix_b.data)


@pytest.mark.parametrize("options", [{}, {"unit": "sentence"},
                                     {"ordered": True, "window": 2}])
def test_equals_a_plain_ingest_of_the_bundled_corpora(client, tmp_path, options):
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, [EN, ZH], progress=False, **options)
    spread = tmp_path / "spread.db"
    summary = cooc.distributed.ingest(spread, [EN, ZH], client=client,
                                      chunk_bytes=40_000, progress=False,
                                      **options)
    assert summary["tasks"] >= 14  # Both files cut into many ranges.
    assert_same_database(plain, spread)
    # A second run skips both files, as a plain ingest does.
    again = cooc.distributed.ingest(spread, [EN, ZH], client=client,
                                    progress=False)
    assert again["skipped_inputs"] == 2 and again["tokens"] == 0
    assert_same_database(plain, spread)


def test_adding_to_a_database_and_skipping_what_it_counted(client, tmp_path):
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, EN, window=3, progress=False)
    cooc.ingest(plain, [EN, ZH], progress=False)  # EN is skipped.
    spread = tmp_path / "spread.db"
    cooc.ingest(spread, EN, window=3, progress=False)
    summary = cooc.distributed.ingest(spread, [EN, ZH], client=client,
                                      chunk_bytes=100_000, progress=False)
    assert summary["skipped"] == [(str(EN), str(EN))]
    assert_same_database(plain, spread)
    # The database's definition is kept; a contradiction is refused first.
    with pytest.raises(ValueError, match="window"):
        cooc.distributed.ingest(spread, [ZH], client=client, window=5,
                                force=True, progress=False)
    assert_same_database(plain, spread)


@pytest.mark.parametrize("fold_on", ["workers", "client"])
def test_issue9_more_parts_than_a_merge_takes_fold_as_a_plain_ingest(
        client, tmp_path, fold_on):
    # About 170 ranges: more run files per shard than a merge reads at once
    # (SortedRuns::kMaxMergedFiles, 128), so the shard tasks merge groups of
    # them into spill files first.
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, EN, progress=False)
    spread = tmp_path / "spread.db"
    summary = cooc.distributed.ingest(spread, EN, client=client,
                                      chunk_bytes=1800, fold_on=fold_on,
                                      progress=False)
    assert summary["tasks"] > 128
    assert_same_database(plain, spread)


def test_issue9_a_task_beyond_its_budget_warns_at_the_client(client,
                                                            tmp_path):
    text = distinct_terms_text(tmp_path / "types.txt", 720000)
    with pytest.warns(cooc.MemoryBudgetWarning,
                      match="more than memory=16 leaves it"):
        summary = cooc.distributed.ingest(tmp_path / "db", text, client=client,
                                          memory=16, progress=False)
    assert summary["memory_needed_mb"] > 16


def test_bad_inputs_are_refused_before_anything_is_written(client, tmp_path):
    db = tmp_path / "db"
    with pytest.raises(FileNotFoundError):
        cooc.distributed.ingest(db, [EN, tmp_path / "missing.txt"],
                                client=client, progress=False)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(ValueError, match="empty"):
        cooc.distributed.ingest(db, [empty], client=client, progress=False)
    assert not db.exists()


def test_parts_go_to_the_parts_directory_and_are_removed(client, tmp_path):
    parts = tmp_path / "parts"
    cooc.distributed.ingest(tmp_path / "db", [ZH], client=client,
                            parts_dir=parts, chunk_bytes=50_000, progress=False)
    assert parts.is_dir() and list(parts.iterdir()) == []


@pytest.mark.parametrize("fold_on", ["workers", "client"])
def test_labelled_lines_equal_a_plain_labelled_ingest(client, tmp_path,
                                                      fold_on):
    authors = EN.parent / "en_gutenberg_authors.txt"
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, authors, labels="prefix", progress=False)
    spread = tmp_path / "spread.db"
    summary = cooc.distributed.ingest(spread, authors, client=client,
                                      chunk_bytes=10_000, labels="prefix",
                                      fold_on=fold_on, progress=False)
    assert summary["tasks"] >= 10
    assert_same_database(plain, spread)
    with cooc.Database(plain) as a, cooc.Database(spread) as b:
        for label in (None, "austen"):
            assert (a.features(label=label, top=50, as_frame=False)
                    == b.features(label=label, top=50, as_frame=False))
    # A labelled database's definition is kept: more text is counted with
    # labels without saying so again.
    more = tmp_path / "more.txt"
    more.write_text("__label__austen a new line of text\n", encoding="utf-8")
    cooc.distributed.ingest(spread, more, client=client, progress=False)
    cooc.ingest(plain, more, progress=False)
    assert_same_database(plain, spread)


def test_the_command_line_entry(client, tmp_path):
    db = tmp_path / "db"
    result = subprocess.run(
        [sys.executable, "-m", "cooc.distributed", "--scheduler",
         client.scheduler.address, "--db", str(db), "--chunk-mb", "1",
         "--quiet", str(EN)], capture_output=True, text=True,
        env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, EN, progress=False)
    assert_same_database(plain, db)
    bad = subprocess.run(
        [sys.executable, "-m", "cooc.distributed", "--scheduler",
         client.scheduler.address, "--db", str(db), str(tmp_path / "nope")],
        capture_output=True, text=True)
    assert bad.returncode == 1 and "nope" in bad.stderr


@pytest.mark.skipif(not BENCHMARK_TEXT.exists(), reason="no ../shared benchmark text")
def test_the_100_mb_benchmark_text_in_many_ranges(client, tmp_path):
    plain = tmp_path / "plain.db"
    subprocess.run([binary(), "ingest", "--quiet", "--db", str(plain),
                    str(BENCHMARK_TEXT)], check=True)
    spread = tmp_path / "spread.db"
    summary = cooc.distributed.ingest(spread, [BENCHMARK_TEXT], client=client,
                                      chunk_bytes=12 << 20, progress=False)
    assert summary["tasks"] >= 8
    assert_same_database(plain, spread)


def many_lines(tmp_path, copies):
    """A text of `copies` distinct copies of the English sample."""
    path = tmp_path / "many.txt"
    text = EN.read_text(encoding="utf-8")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(copies):
            out.write(text.replace("elizabeth", f"elizabeth{i}"))
    return path


def test_a_worker_killed_during_the_map_changes_nothing(client, tmp_path):
    import threading
    import time
    text = many_lines(tmp_path, 30)
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, text, progress=False)
    spread = tmp_path / "spread.db"
    worker = sorted(client.scheduler_info()["workers"])[0]

    def kill_one_worker():
        time.sleep(1.0)
        try:
            client.run(os._exit, 1, workers=[worker])
        except Exception:  # The worker dies before it can answer.
            pass

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    summary = cooc.distributed.ingest(spread, text, client=client,
                                      chunk_bytes=300_000, progress=False)
    killer.join()
    assert summary["tasks"] >= 20
    assert_same_database(plain, spread)
    client.wait_for_workers(2, timeout=60)  # The nanny restarts it.


def test_the_fold_on_the_client_equals_the_fold_on_the_workers(client,
                                                              tmp_path):
    text = many_lines(tmp_path, 4)
    on_client, on_workers = tmp_path / "client.db", tmp_path / "workers.db"
    for db, where in ((on_client, "client"), (on_workers, "workers")):
        cooc.ingest(db, ZH, progress=False)  # Shards that hold counts.
        cooc.distributed.ingest(db, [text, EN], client=client,
                                chunk_bytes=200_000, fold_on=where,
                                progress=False)
    assert_same_database(on_client, on_workers)
    with pytest.raises(ValueError, match="fold_on"):
        cooc.distributed.ingest(tmp_path / "x.db", EN, client=client,
                                fold_on="scheduler", progress=False)


def test_a_worker_killed_during_the_fold_changes_nothing(client, tmp_path):
    import threading
    import time
    text = many_lines(tmp_path, 30)
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, text, progress=False)
    spread, parts = tmp_path / "spread.db", tmp_path / "parts"
    worker = sorted(client.scheduler_info()["workers"])[1]
    killed = []

    def kill_a_worker_once_the_fold_has_begun():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            # The first run file: the re-sorting tasks are under way.
            if list(parts.glob("fold-*/runs-*.runs")):
                try:
                    client.run(os._exit, 1, workers=[worker])
                except Exception:  # The worker dies before it can answer.
                    pass
                killed.append(True)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_a_worker_once_the_fold_has_begun)
    killer.start()
    summary = cooc.distributed.ingest(spread, text, client=client,
                                      parts_dir=parts, chunk_bytes=100_000,
                                      progress=False)
    killer.join()
    assert killed, "the fold's run files never appeared"
    assert summary["tasks"] >= 60
    assert_same_database(plain, spread)
    assert not any(parts.iterdir())  # Parts and fold files removed.
    client.wait_for_workers(2, timeout=60)


def test_a_killed_client_leaves_the_database_and_a_reusable_parts_directory(
        client, tmp_path):
    import signal
    import time
    text = many_lines(tmp_path, 30)
    db, parts = tmp_path / "db", tmp_path / "parts"
    cooc.ingest(db, ZH, progress=False)
    before = everything(db)
    command = [sys.executable, "-m", "cooc.distributed", "--scheduler",
               client.scheduler.address, "--db", str(db), "--parts-dir",
               str(parts), "--chunk-mb", "1", "--quiet", str(text)]
    killed = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (parts.exists() and any(parts.iterdir())):
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert_same_database_state(before, everything(db))
    # Run again with the same parts directory: the ingest completes.
    client.wait_for_workers(2, timeout=60)
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, ZH, progress=False)
    cooc.ingest(plain, text, progress=False)
    assert_same_database(plain, db)


def assert_same_database_state(a, b):
    stats_a, vocabulary_a, journal_a, matrix_a, terms_a = a
    stats_b, vocabulary_b, journal_b, matrix_b, terms_b = b
    assert stats_a == stats_b and journal_a == journal_b and terms_a == terms_b
    assert (matrix_a != matrix_b).nnz == 0


def test_inputs_in_another_encoding_count_as_their_utf8(client, tmp_path):
    gb = tmp_path / "luxun.gb18030.txt"
    gb.write_bytes(ZH.read_text(encoding="utf-8").encode("gb18030"))
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, ZH, progress=False)
    spread = tmp_path / "spread.db"
    cooc.distributed.ingest(spread, gb, client=client, chunk_bytes=100_000,
                            encoding="gb18030", progress=False)
    a, b = everything(plain), everything(spread)
    assert a[0] == b[0] and a[2] != b[2]  # Same counts; the journal differs.
    assert (a[3] != b[3]).nnz == 0 and a[4] == b[4]
    # Byte ranges of UTF-16 cannot be cut at 0x0A bytes: refused by name.
    utf16 = tmp_path / "luxun.utf16.txt"
    utf16.write_bytes(ZH.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(ValueError, match="(?i)utf-16"):
        cooc.distributed.ingest(tmp_path / "x.db", utf16, client=client,
                                chunk_bytes=100_000, progress=False)


def test_a_binary_input_fails_the_ingest_with_its_name(client, tmp_path):
    db = tmp_path / "db"
    cooc.ingest(db, ZH, progress=False)
    before = everything(db)
    binary_file = tmp_path / "binary.bin"
    binary_file.write_bytes(b"some text\n" * 1000 + b"\x00\x01" + b"more\n" * 100)
    parts = tmp_path / "parts"
    with pytest.raises(ValueError, match="binary.bin"):
        cooc.distributed.ingest(db, [EN, binary_file], client=client,
                                parts_dir=parts, chunk_bytes=50_000,
                                progress=False)
    assert_same_database_state(before, everything(db))
    # The parts directory serves the rerun without the bad input.
    cooc.distributed.ingest(db, [EN], client=client, parts_dir=parts,
                            chunk_bytes=50_000, progress=False)
    plain = tmp_path / "plain.db"
    cooc.ingest(plain, ZH, progress=False)
    cooc.ingest(plain, EN, progress=False)
    assert_same_database(plain, db)
