"""cooc.distributed: count a corpus on a Dask cluster into one cooc database.

    >>> from distributed import Client                     # doctest: +SKIP
    >>> import cooc.distributed
    >>> client = Client("tcp://scheduler:8786")             # doctest: +SKIP
    >>> cooc.distributed.ingest("corpus.db", files, client=client,
    ...                         parts_dir="/shared/parts")  # doctest: +SKIP

The result equals ``cooc.ingest(db, files, **options)`` exactly: every
count, the totals, the vocabulary ids, and the journal (each input recorded
once, with the content hash of the whole file); inputs the database has
counted already are skipped as ingest skips them (unless ``force``).

How: each input is fingerprinted by a task (its size and content hash, as
the journal records it, and its cuts: byte offsets just after a line break,
about ``chunk_bytes`` apart). One counting task per byte range writes a
count part (cooc.count of that range) into ``parts_dir`` under a name that
the range and the definition decide, through a temporary file renamed into
place, so a retried task overwrites its part instead of adding one; a task
returns only the part's path and its summary, never text or counts. Windows
never cross a line, so ranges cut at line breaks count exactly as whole
files.

Then the parts are folded into the database in corpus order, in one atomic
commit, with the work on the pairs done by the workers (a split fold): the
client reads the parts' vocabularies and gives every term its database id
(ids follow corpus order), writing each part's id map into a directory of
``parts_dir``; one task per part re-sorts the part's pairs under those ids
into runs per shard (a run file); one task per shard merges that shard's
runs of every part into the shard's table file and its marginals; the
client commits the table files with the vocabulary, marginals, totals and
journal. The database is held for writing from the id maps to the commit.
``fold_on="client"`` folds on the client instead (``cooc.ingest_parts``).

Every host needs cooc's Python module (same build), the same Debian
packages, and the inputs and ``parts_dir`` at the same paths (a shared
filesystem); the client also writes the database. Memory: each task's
counting is bounded by ``memory`` MiB (plus about 150 MiB), which Dask does
not see: give workers ``--memory-limit`` of at least their threads times
(memory + 200 MiB), and ``--nthreads`` so that this fits.

Run from a shell: ``python3 -m cooc.distributed --scheduler ADDRESS --db DB
FILE...`` (``--help`` lists the options).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from typing import Iterable, Optional, Union

import cooc
from cooc import _cooc

__all__ = ["ingest", "main"]

def _remap_task(part: str, map_file: str, run_file: str, memory: int):
    """On a worker: part's pairs under database ids, per shard."""
    _cooc.remap_part(part, map_file, run_file, memory)
    return run_file


def _shard_task(task: dict, run_files: list):
    """On a worker: one shard's table file from every part's runs."""
    _cooc.write_shard(task, run_files)
    return task["shard"]


# Fields of the database definition, passed to every counting task whole.
_DEFINITION = ("window", "ordered", "unit", "shards", "fold", "keep_numbers",
               "keep_punct", "min_length")


def _cuts(path: str, chunk_bytes: int, size: int) -> list:
    """Offsets that cut `path` into ranges of about chunk_bytes: 0, then
    just after the first line break at or after each multiple of
    chunk_bytes, then the size."""
    cuts = [0]
    with open(path, "rb") as f:
        target = chunk_bytes
        while target < size:
            f.seek(target)
            offset = target
            while True:
                block = f.read(1 << 16)
                if not block:
                    offset = size
                    break
                newline = block.find(b"\n")
                if newline >= 0:
                    offset += newline + 1
                    break
                offset += len(block)
            if offset >= size:
                break
            if offset > cuts[-1]:
                cuts.append(offset)
            target = max(offset, target) + chunk_bytes
    cuts.append(size)
    return cuts


def _fingerprint_task(path: str, chunk_bytes: int):
    """On a worker: the journal entry (bytes, content hash) and the cuts."""
    _, size, content_hash = _cooc.fingerprint(path)
    return size, content_hash, _cuts(path, chunk_bytes, size)


def _count_task(part: str, path: str, begin: int, end: int, options: dict):
    """On a worker: counts bytes [begin, end) of path into the part file."""
    arguments = cooc._counting_arguments(
        options["window"], options["ordered"], options["unit"],
        options["shards"], options["fold"], options["keep_numbers"],
        options["keep_punct"], options["min_length"], options["dictionary"],
        options["stopwords"], False, options["threads"], options["memory"],
        options["encoding"], options["labels"])
    arguments.pretokenized = options.get("pretokenized")
    arguments.convert = options.get("convert")
    summary = _cooc.count_range(part, path, begin, end, arguments, None)
    return (part, summary["tokens"], summary["part_bytes"],
            summary["vocabulary_bytes"], summary["memory_needed_mb"])


def _part_name(index: int, path: str, begin: int, end: int, options: dict,
               content_hash: int) -> str:
    key = repr((os.path.abspath(path), begin, end, content_hash,
                sorted(options.items())))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{index:06d}-{digest[:16]}.part"


def _progress_bar(total: int, what: str, progress):
    if progress is None:
        progress = sys.stderr is not None and sys.stderr.isatty()
    if not progress:
        return None
    try:
        import tqdm
    except ImportError:
        return None
    return tqdm.tqdm(total=total, desc=what, unit="task", file=sys.stderr)


def _run(client, futures: list, what: str, progress) -> list:
    """The results of `futures`, with a bar over them; on an error (or
    Ctrl-C) the tasks not yet started are dropped and the error raised."""
    bar = _progress_bar(len(futures), what, progress)
    try:
        if bar is not None:
            import distributed
            for _ in distributed.as_completed(futures):
                bar.update(1)
        return client.gather(futures)
    except BaseException:
        # A task still running may write its output after the caller has
        # removed the outputs; every name is deterministic, so a rerun
        # overwrites it (and a removed directory makes its write fail).
        client.cancel(futures)
        raise
    finally:
        if bar is not None:
            bar.close()


def ingest(db: Union[str, "os.PathLike[str]"],
           files: Union[str, "os.PathLike[str]", Iterable],
           client=None, parts_dir: Optional[str] = None,
           chunk_bytes: int = 256 << 20, *,
           window: Optional[int] = None, ordered: Optional[bool] = None,
           unit: Optional[str] = None, shards: Optional[int] = None,
           fold: Optional[bool] = None, keep_numbers: Optional[bool] = None,
           keep_punct: Optional[bool] = None, min_length: Optional[int] = None,
           dictionary=None, stopwords=None, encoding: Optional[str] = None,
           labels: Optional[str] = None, force: bool = False,
           threads: int = 1, memory: int = 1024, fold_on: str = "workers",
           fold_threads: int = 0, progress=None) -> dict:
    """Counts ``files`` on the Dask cluster of ``client`` and adds them to
    the database ``db``, with exactly the result of ``cooc.ingest``.

    ``client``: a ``distributed.Client`` (None: the current default
    client, ``distributed.get_client()``). ``parts_dir``: a directory that
    every worker and the client can read and write (default: a temporary
    directory, right for a LocalCluster); the parts written there are
    removed after the fold. ``chunk_bytes``: the size of the byte ranges
    (a line is never split). The definition and tokenizer options are
    ``cooc.ingest``'s (``labels`` too: a line's labels, counted per line
    as a document, as ``cooc.ingest`` counts them); ``threads`` and
    ``memory`` apply to each counting
    task (``memory`` also to each re-sorting task). ``fold_on``:
    ``"workers"`` (re-sorting per part and merging per shard as tasks, the
    commit on the client) or ``"client"`` (the whole fold on the client,
    with ``fold_threads`` threads, 0: one per core). ``progress``: a bar
    over the tasks of each step on a terminal (True: always, False:
    never). Returns ``cooc.ingest``'s summary, plus ``tasks`` (the ranges
    counted). Errors of an input (missing, binary, empty) are raised as
    ``cooc.ingest`` raises them, before anything is written.
    """
    if client is None:
        import distributed
        client = distributed.get_client()
    db_path = cooc._path("db", db)
    inputs = cooc._paths("files", files)
    if not inputs:
        raise ValueError("no input files")
    chunk_bytes = cooc._int("chunk_bytes", chunk_bytes)
    if chunk_bytes < 1:
        raise ValueError("chunk_bytes must be at least 1")
    for name, value in (("threads", threads), ("memory", memory),
                        ("fold_threads", fold_threads)):
        cooc._int(name, value)
    if memory < 16:
        raise ValueError(f"memory must be at least 16 (MiB), not {memory}")
    if fold_on not in ("workers", "client"):
        raise ValueError(f"fold_on must be 'workers' or 'client', not "
                         f"{fold_on!r}")
    cooc._bool("force", force)
    # The definition every task counts with: the database's, checked
    # against the options, or a new database's.
    asked = cooc._counting_arguments(window, ordered, unit, shards, fold,
                                     keep_numbers, keep_punct, min_length,
                                     dictionary, stopwords, force, threads,
                                     memory, labels=labels)
    options = dict(_cooc.resolve_definition(db_path, asked))
    options.update(dictionary=asked.dictionary, stopwords=asked.stopwords,
                   threads=threads, memory=memory,
                   encoding=cooc._str("encoding", encoding, optional=True))
    for path in inputs:
        if path == "-":
            raise ValueError("standard input cannot be counted on a cluster")
    absolute = [os.path.abspath(path) for path in inputs]

    # Fingerprints and cuts, on the workers.
    fingerprints = client.gather(client.map(
        _fingerprint_task, absolute, [chunk_bytes] * len(absolute),
        pure=False))

    # Inputs counted before (or earlier in this call) are skipped.
    counted = {}
    if os.path.isdir(db_path) and os.listdir(db_path):
        with cooc.Database(db_path) as existing:
            for entry in existing.sources(as_frame=False):
                key = (int(entry["content_hash"], 16), entry["bytes"])
                counted.setdefault(key, entry["path"])
    files_entries, ranges, skipped = [], [], []
    for path, full, (size, content_hash, cuts) in zip(inputs, absolute,
                                                     fingerprints):
        key = (content_hash, size)
        if not force and key in counted:
            skipped.append((path, counted[key]))
            continue
        counted.setdefault(key, path)
        files_entries.append((path, size, content_hash))
        for begin, end in zip(cuts, cuts[1:]):
            ranges.append((full, begin, end, content_hash))
    if not ranges:  # Everything counted before: a plain ingest skips all.
        summary = cooc.ingest(db_path, inputs, progress=False)
        summary["tasks"] = 0
        return summary

    own_dir = parts_dir is None
    parts_dir = tempfile.mkdtemp(prefix="cooc-parts-") if own_dir else \
        cooc._path("parts_dir", parts_dir)
    os.makedirs(parts_dir, exist_ok=True)
    parts = [os.path.join(parts_dir, _part_name(i, full, begin, end, options,
                                                content_hash))
             for i, (full, begin, end, content_hash) in enumerate(ranges)]
    try:
        counted_parts = _run(client, client.map(
            _count_task, parts, [r[0] for r in ranges], [r[1] for r in ranges],
            [r[2] for r in ranges], [options] * len(ranges), pure=False),
            "count", progress)
        if fold_on == "client":
            summary = _cooc.ingest_parts(db_path, parts, force, fold_threads,
                                         memory, None, files_entries)
        else:
            summary = _fold_on_workers(client, db_path, parts, parts_dir,
                                       force, memory, files_entries, progress)
    finally:
        for part in parts:
            try:
                os.remove(part)
            except FileNotFoundError:
                pass
        if own_dir:
            shutil.rmtree(parts_dir, ignore_errors=True)
    summary["skipped_inputs"] = len(skipped)
    summary["skipped"] = skipped
    summary["tasks"] = len(ranges)
    # The task that went furthest past its budget, warned here at the
    # client (a worker's warning would not reach the caller).
    worst = max(counted_parts, key=lambda counted: counted[4])
    summary["vocabulary_bytes"], summary["memory_needed_mb"] = worst[3:5]
    cooc._warn_if_over_budget("ingest", summary, memory, stacklevel=2)
    return summary


def _fold_on_workers(client, db_path: str, parts: list, parts_dir: str,
                     force: bool, memory: int, files_entries: list,
                     progress) -> dict:
    """Folds `parts` into the database with a split fold: the id maps and
    the commit here, the pair work as tasks on the workers."""
    work_dir = tempfile.mkdtemp(prefix="fold-", dir=parts_dir)
    split = None
    try:
        split = _cooc._SplitFold(db_path, parts, work_dir, force,
                                 files_entries)
        run_files = split.run_files
        _run(client, client.map(
            _remap_task, parts, split.map_files, run_files,
            [memory] * len(parts), pure=False), "re-sort", progress)
        tasks = split.shard_tasks
        _run(client, client.map(
            _shard_task, tasks, [run_files] * len(tasks), pure=False),
            "shards", progress)
        return split.commit()
    finally:
        if split is not None:
            split.close()
        shutil.rmtree(work_dir, ignore_errors=True)


def main(argv=None) -> int:
    """``python3 -m cooc.distributed``: the command-line entry."""
    import argparse
    parser = argparse.ArgumentParser(
        prog="python3 -m cooc.distributed",
        description="Counts FILEs on a Dask cluster into the cooc database "
                    "DB, with exactly the result of `cooc ingest`. Every "
                    "host must see the FILEs and --parts-dir at the same "
                    "paths.")
    parser.add_argument("--scheduler", required=True,
                        help="the Dask scheduler's address (tcp://HOST:8786)")
    parser.add_argument("--db", required=True, help="the database directory")
    parser.add_argument("--parts-dir", help="a directory every host shares, "
                        "for the count parts (default: a temporary directory, "
                        "only right when the workers run on this host)")
    parser.add_argument("--chunk-mb", type=int, default=256,
                        help="size of the byte ranges of one task, in MiB "
                        "(default: 256)")
    parser.add_argument("--window", type=int)
    parser.add_argument("--ordered", action="store_true", default=None)
    parser.add_argument("--unit", choices=["window", "sentence", "line"])
    parser.add_argument("--shards", type=int)
    parser.add_argument("--no-fold", dest="fold", action="store_false",
                        default=None)
    parser.add_argument("--keep-numbers", action="store_true", default=None)
    parser.add_argument("--keep-punct", action="store_true", default=None)
    parser.add_argument("--min-length", type=int)
    parser.add_argument("--dict", dest="dictionary")
    parser.add_argument("--stopwords")
    parser.add_argument("--encoding", help="the inputs' encoding (an ICU "
                        "converter name; default: UTF-8, and UTF-16/32 by "
                        "their byte-order mark)")
    parser.add_argument("--labels", choices=["prefix", "tsv"],
                        help="lines carry labels (cooc ingest --labels)")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--threads", type=int, default=1,
                        help="counting threads per task (default: 1)")
    parser.add_argument("--memory", type=int, default=1024,
                        help="memory budget of each task, in MiB (default: "
                        "1024)")
    parser.add_argument("--fold-on", choices=["workers", "client"],
                        default="workers",
                        help="where the fold's work on the pairs runs "
                        "(default: workers; the commit is always here)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    import distributed
    try:
        with distributed.Client(args.scheduler) as client:
            summary = ingest(
                args.db, args.files, client=client, parts_dir=args.parts_dir,
                chunk_bytes=args.chunk_mb << 20, window=args.window,
                ordered=args.ordered, unit=args.unit, shards=args.shards,
                fold=args.fold, keep_numbers=args.keep_numbers,
                keep_punct=args.keep_punct, min_length=args.min_length,
                dictionary=args.dictionary, stopwords=args.stopwords,
                encoding=args.encoding, labels=args.labels,
                force=args.force, threads=args.threads, memory=args.memory,
                fold_on=args.fold_on, progress=False if args.quiet else None)
    except (cooc.Error, ValueError, OSError) as error:
        print(f"cooc.distributed: {error}", file=sys.stderr)
        return 1
    for path, counted_as in summary.pop("skipped"):
        print(f"cooc.distributed: skipped {path}: its content was counted "
              f"before (as {counted_as}); --force counts it again",
              file=sys.stderr)
    import json
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
