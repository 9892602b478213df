"""cooc: which words go together in a corpus, and how strongly.

cooc counts word co-occurrences of a corpus (English, Chinese and any
language ICU segments) into a database directory (RocksDB, no server) and
scores word pairs by PMI, MI and 24 other association measures. This module
is the same C++ library as the ``cooc`` command, in one process: no process
start per query, answers as pandas DataFrames, the co-occurrence matrix as a
scipy sparse matrix.

    >>> import cooc
    >>> cooc.ingest("austen.db", ["austen.txt"])           # doctest: +SKIP
    >>> with cooc.Database("austen.db") as db:             # doctest: +SKIP
    ...     db.assoc(["elizabeth", "darcy"], measure="llr", top=5)

Counting:  tokenize, ingest, count (to a count part), ingest_parts, merge.
Querying:  Database (stats, pair, assoc, collocations, sources, vocabulary,
           matrix).
Errors:    cooc.Error (base), cooc.DatabaseError (damaged, foreign or
           in-use database or part), cooc.TermNotFound (a KeyError);
           ValueError for invalid options, TypeError for wrong types,
           FileNotFoundError, PermissionError, FileExistsError as the
           operating system would say them.
Warnings:  cooc.MemoryBudgetWarning (ingest, count, ingest_parts or merge
           went past ``memory``: the vocabulary, which is never spilled,
           outgrew it).

Every option takes the default of the ``cooc`` command's flag of the same
name (``keep_punct`` is ``--keep-punct``, ``min_count`` is ``--min-count``,
``dictionary`` is ``--dict``); ``cooc COMMAND --help`` and the README define
them. The field names of every result are those of ``--format json``.

Threads: the C++ work runs without the GIL. A Database may be shared by
several Python threads; its calls then run one at a time (a lock inside),
so open one Database per thread to query in parallel.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from . import _cooc
from ._cooc import DatabaseError, Error, TermNotFound

__all__ = [
    "MEASURES",
    "Database",
    "DatabaseError",
    "Error",
    "MemoryBudgetWarning",
    "TermNotFound",
    "count",
    "ingest",
    "ingest_parts",
    "merge",
    "tokenize",
]

__version__ = "0.1.0"

#: Every measure name, in the order ``pair`` lists them.
MEASURES: tuple = tuple(_cooc.measure_names())

PathLike = Union[str, "os.PathLike[str]"]
Progress = Union[None, bool, Callable[[dict], Any]]



class MemoryBudgetWarning(UserWarning):
    """Counting went past its ``memory`` budget: the vocabulary (never
    spilled to disk) outgrew what the budget leaves it. The counts are
    right; the warning names a budget that would have held it."""


def _warn_if_over_budget(what: str, summary: dict, memory: int,
                         stacklevel: int) -> None:
    """Warns (MemoryBudgetWarning) if `summary` (of ingest, count,
    ingest_parts or merge) says its vocabulary outgrew `memory`, as the
    ``cooc`` command notes on stderr."""
    needed = summary.get("memory_needed_mb", 0)
    if needed > 0:
        took = -(-summary.get("vocabulary_bytes", 0) // (1 << 20))
        warnings.warn(
            f"cooc {what}: the vocabulary took {took} MiB, more than "
            f"memory={memory} leaves it (it is not spilled), so memory use "
            f"went past the budget; memory={needed} or more would have "
            "held it", MemoryBudgetWarning, stacklevel=stacklevel + 1)


# ---------------------------------------------------------------------------
# Argument checks: clear TypeErrors and ValueErrors before the C++ side.

def _path(name: str, value: Any) -> str:
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    raise TypeError(f"{name} must be a path (str or os.PathLike), "
                    f"not {type(value).__name__}")


def _paths(name: str, value: Any) -> list:
    if isinstance(value, (str, os.PathLike)):
        return [_path(name, value)]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"{name} must be a path or a list of paths, "
                        f"not {type(value).__name__}") from None
    return [_path(name, item) for item in items]


def _int(name: str, value: Any, optional: bool = False) -> Optional[int]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _bool(name: str, value: Any, optional: bool = False) -> Optional[bool]:
    if value is None and optional:
        return None
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, "
                        f"not {type(value).__name__}")
    return value


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    return float(value)


def _str(name: str, value: Any, optional: bool = False) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _base(value: Any) -> str:
    """2, "2", "e", math.e, 10 or "10" -> the CLI's name of the base."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"base must be 2, 'e' or 10, not {type(value).__name__}")
    for name, number in (("2", 2.0), ("e", math.e), ("10", 10.0)):
        if float(value) == number:
            return name
    raise ValueError(f"base must be 2, 'e' or 10, not {value!r}")


def _measures(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    names = list(value)
    for name in names:
        _str("measures", name)
    return ",".join(names)


def _optional_path(name: str, value: Any) -> Optional[str]:
    return None if value is None else _path(name, value)


def _stopwords(value: Any) -> Optional[str]:
    # A built-in list's name ("en", "zh") or a file.
    return None if value is None else _path("stopwords", value)


def _ranking_filters(self_pairs, direction, min_freq, stopwords, match):
    filters = _cooc._RankingFilters()
    filters.self_pairs = _bool("self_pairs", self_pairs)
    filters.direction = _str("direction", direction, optional=True)
    filters.min_freq = _int("min_freq", min_freq)
    filters.stopwords = _stopwords(stopwords)
    filters.match = _str("match", match, optional=True)
    return filters


# ---------------------------------------------------------------------------
# Progress: a tqdm bar on a terminal, a callable, or nothing.

class _Bar:
    """Shows ingest progress with tqdm (python3-tqdm) or a plain line."""

    def __init__(self, what: str):
        self._what = what
        self._bar = None
        self._shown = 0
        try:
            import tqdm  # noqa: F401 (optional)
            self._tqdm = tqdm.tqdm
        except ImportError:
            self._tqdm = None

    def __call__(self, update: dict) -> None:
        total, done = update["bytes_total"], update["bytes_read"]
        if self._tqdm is not None:
            if self._bar is None:
                self._bar = self._tqdm(total=total or None, unit="B",
                                       unit_scale=True, desc=self._what,
                                       file=sys.stderr)
            self._bar.update(done - self._shown)
            self._bar.set_postfix(tokens=update["tokens"], refresh=False)
        else:
            sys.stderr.write(f"\r{self._what}: {done / 1e6:.1f} MB"
                             + (f" of {total / 1e6:.1f} MB" if total else "")
                             + f", {update['tokens']} tokens  ")
        self._shown = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self._tqdm is None and self._shown:
            sys.stderr.write("\n")


def _progress(progress: Progress, what: str):
    """Returns (callable or None, bar to close or None)."""
    if progress is None:
        progress = sys.stderr is not None and sys.stderr.isatty()
    if progress is False:
        return None, None
    if progress is True:
        bar = _Bar(what)
        return bar, bar
    if callable(progress):
        return progress, None
    raise TypeError("progress must be None, True, False or a callable")


def _run_with_progress(progress: Progress, what: str, call):
    callback, bar = _progress(progress, what)
    try:
        return call(callback)
    finally:
        if bar is not None:
            bar.close()


def _counting_arguments(window, ordered, unit, shards, fold, keep_numbers,
                        keep_punct, min_length, dictionary, stopwords, force,
                        threads, memory, encoding=None, labels=None):
    a = _cooc._CountingArguments()
    a.window = _int("window", window, optional=True)
    a.ordered = _bool("ordered", ordered, optional=True)
    a.unit = _str("unit", unit, optional=True)
    a.shards = _int("shards", shards, optional=True)
    a.fold = _bool("fold", fold, optional=True)
    a.keep_numbers = _bool("keep_numbers", keep_numbers, optional=True)
    a.keep_punct = _bool("keep_punct", keep_punct, optional=True)
    a.min_length = _int("min_length", min_length, optional=True)
    a.dictionary = _optional_path("dictionary", dictionary)
    a.stopwords = _stopwords(stopwords)
    a.force = _bool("force", force)
    a.threads = _int("threads", threads)
    a.memory = _int("memory", memory)
    a.encoding = _str("encoding", encoding, optional=True)
    a.labels = _str("labels", labels, optional=True)
    return a


# ---------------------------------------------------------------------------
# Counting.

def _count_text(call, what, target, files, progress, *options,
                pretokenized=None, convert=None):
    """Runs `call` (_cooc.ingest or _cooc.count) on `target` and the text of
    `files`, with the definition and counting `options` in
    _counting_arguments' order, `pretokenized` and `convert` (None: the
    database's), and `progress` as ingest documents it."""
    arguments = _counting_arguments(*options)
    arguments.pretokenized = _bool("pretokenized", pretokenized,
                                   optional=True)
    arguments.convert = _str("convert", convert, optional=True)
    inputs = _paths("files", files)
    summary = _run_with_progress(
        progress, what, lambda callback: call(target, inputs, arguments,
                                              callback))
    # Warned at the caller of ingest() or count(), two frames up.
    _warn_if_over_budget(what, summary, arguments.memory, stacklevel=3)
    return summary



def tokenize(text_or_lines: Union[str, Iterable[str]], *, fold: bool = True,
             keep_numbers: bool = False, keep_punct: bool = False,
             min_length: int = 0, dictionary: Optional[PathLike] = None,
             stopwords: Optional[PathLike] = None,
             pretokenized: bool = False, convert: str = "none"):
    """Returns the tokens cooc counts in a text.

    A str gives a list of tokens (a line break counts as a space, as within
    one line); a list (or any iterable) of lines gives a list of token lists,
    one per line. The options are those of ``cooc tokenize``: ``fold``
    (False is ``--no-fold``), ``keep_numbers``, ``keep_punct``,
    ``min_length``, ``dictionary`` (``--dict`` FILE), ``stopwords``
    ("en", "zh" or a file), ``pretokenized`` (``--pretokenized``: the
    tokens are the pieces between white space) and ``convert``
    (``--convert``: "t2s" Traditional to Simplified, "s2t" back, "none").
    """
    single = isinstance(text_or_lines, str)
    lines = [text_or_lines] if single else list(text_or_lines)
    for line in lines:
        if not isinstance(line, str):
            raise TypeError("tokenize takes a str or an iterable of str, "
                            f"not one with {type(line).__name__}")
    tokens = _cooc.tokenize_lines(
        lines, _bool("fold", fold), _bool("keep_numbers", keep_numbers),
        _bool("keep_punct", keep_punct), _int("min_length", min_length),
        _optional_path("dictionary", dictionary), _stopwords(stopwords),
        _bool("pretokenized", pretokenized), _str("convert", convert))
    return tokens[0] if single else tokens


def ingest(db: PathLike, files: Union[PathLike, Iterable[PathLike]], *,
           window: Optional[int] = None, ordered: Optional[bool] = None,
           unit: Optional[str] = None, shards: Optional[int] = None,
           fold: Optional[bool] = None, keep_numbers: Optional[bool] = None,
           keep_punct: Optional[bool] = None,
           min_length: Optional[int] = None,
           dictionary: Optional[PathLike] = None,
           stopwords: Optional[PathLike] = None,
           pretokenized: Optional[bool] = None,
           convert: Optional[str] = None, force: bool = False,
           threads: int = 0, memory: int = 1024,
           encoding: Optional[str] = None, labels: Optional[str] = None,
           progress: Progress = None) -> dict:
    """Adds the text of ``files`` to the database ``db`` (``cooc ingest``).

    Creates the database if ``db`` is absent or an empty directory. The
    definition options (window, ordered, unit, shards and the tokenizer's
    fold, keep_numbers, keep_punct, min_length, dictionary, stopwords,
    pretokenized (``--pretokenized``: text already segmented, tokens between
    white space) and convert ("t2s" or "s2t": ``--convert``)) are
    fixed when the database is created; None takes the database's value
    (or the default of a new one: window 5, symmetric, unit "window",
    8 shards, folding on), and a value that contradicts the database's is a
    ValueError. An input whose content the database counted before is
    skipped unless ``force``. ``threads`` 0 is one per core; ``memory`` is
    the counting budget in MiB (beyond it, counts spill to disk; the result
    is the same; the vocabulary is not spilled, and one that outgrows the
    budget gives a MemoryBudgetWarning naming a budget that holds it). ``encoding`` (``--encoding``) is the files' encoding, any
    ICU converter name ("gb18030", "big5", "shift_jis", "latin1",
    "utf-16le", ...; an unknown one is a ValueError): None reads UTF-8, or
    UTF-16/32 by a byte-order mark, and refuses a file that does not look
    like UTF-8 (ValueError naming a guess); "utf-8" counts it anyway. It is
    not stored: files in different encodings may go into one database.
    ``labels`` (``--labels``): "prefix" (fastText's leading ``__label__NAME``
    tokens are a line's labels, not words) or "tsv" (``LABEL<TAB>TEXT``)
    makes a labelled database for ``Database.features``; part of the
    definition, like the window.

    ``progress``: None shows a bar (tqdm) when stderr is a terminal, True
    always, False never; a callable is called about four times a second
    with a dict (bytes_read, bytes_total, tokens, seconds).

    Atomic: on any error, and on Ctrl-C (KeyboardInterrupt, raised again
    once the ingest has stopped), the database is as it was (one this call
    created is removed). Returns the summary that ``cooc ingest --format
    json`` prints, plus ``skipped``: [(input, path it was counted as)].
    """
    return _count_text(_cooc.ingest, "ingest", _path("db", db), files,
                       progress, window, ordered, unit, shards, fold,
                       keep_numbers, keep_punct, min_length, dictionary,
                       stopwords, force, threads, memory, encoding, labels,
                       pretokenized=pretokenized, convert=convert)


def count(part: PathLike, files: Union[PathLike, Iterable[PathLike]], *,
          window: Optional[int] = None, ordered: Optional[bool] = None,
          unit: Optional[str] = None, shards: Optional[int] = None,
          fold: Optional[bool] = None, keep_numbers: Optional[bool] = None,
          keep_punct: Optional[bool] = None, min_length: Optional[int] = None,
          dictionary: Optional[PathLike] = None,
          stopwords: Optional[PathLike] = None,
          pretokenized: Optional[bool] = None,
          convert: Optional[str] = None, force: bool = False,
          threads: int = 0, memory: int = 1024,
          encoding: Optional[str] = None, labels: Optional[str] = None,
          progress: Progress = None) -> dict:
    """Counts ``files`` into the count part file ``part`` (``cooc count``).

    No database is involved: a part holds the definition, its own
    vocabulary, frequencies, totals, pair counts and the journal entries of
    its inputs, and ``ingest_parts`` adds it to a database later with
    exactly the result of ingesting the texts there. Options as ``ingest``
    (None takes a new database's default). ``part`` is replaced if it
    exists and appears only when complete. Returns ``cooc count``'s summary.
    """
    return _count_text(_cooc.count, "count", _path("part", part), files,
                       progress, window, ordered, unit, shards, fold,
                       keep_numbers, keep_punct, min_length, dictionary,
                       stopwords, force, threads, memory, encoding, labels,
                       pretokenized=pretokenized, convert=convert)


def ingest_parts(db: PathLike, parts: Union[PathLike, Iterable[PathLike]], *,
                 force: bool = False, threads: int = 0, memory: int = 1024,
                 progress: Progress = None) -> dict:
    """Adds count parts (from ``count``) to ``db``, in order, in one commit.

    ``cooc ingest --parts``: the result equals ingesting the parts' texts in
    that order. A part whose definition differs from the database's is a
    ValueError; one with an input the database counted already is refused
    (DatabaseError) unless ``force``; a damaged part is a DatabaseError.
    Atomic, like ``ingest``.
    """
    db_path, part_paths = _path("db", db), _paths("parts", parts)
    force, threads, memory = (_bool("force", force), _int("threads", threads),
                              _int("memory", memory))
    summary = _run_with_progress(
        progress, "fold",
        lambda callback: _cooc.ingest_parts(db_path, part_paths, force,
                                            threads, memory, callback))
    _warn_if_over_budget("ingest_parts", summary, memory, stacklevel=2)
    return summary


def merge(out: PathLike, inputs: Iterable[PathLike], *, force: bool = False,
          threads: int = 0, memory: int = 1024) -> dict:
    """Writes the merge of the databases ``inputs`` to the new database
    ``out`` (``cooc merge``): equal to ingesting all their inputs, in order,
    into one database. Refuses (DatabaseError) an input content counted by
    two of them unless ``force``; FileExistsError if ``out`` exists. Ctrl-C
    stops it, leaves no ``out`` and raises KeyboardInterrupt. Inputs
    whose vocabularies outgrow ``memory`` give a MemoryBudgetWarning."""
    memory = _int("memory", memory)
    summary = _cooc.merge(_path("out", out), _paths("inputs", inputs),
                          _bool("force", force), _int("threads", threads),
                          memory)
    _warn_if_over_budget("merge", summary, memory, stacklevel=2)
    return summary


# ---------------------------------------------------------------------------
# Querying.

def _frame(columns: dict, as_frame: bool):
    """{column: values} -> a DataFrame, or a list of dicts (as_frame=False)."""
    if as_frame:
        import pandas
        return pandas.DataFrame(columns)
    names = list(columns)
    rows = len(columns[names[0]]) if names else 0
    return [{name: columns[name][i] for name in names} for i in range(rows)]


class Database:
    """A cooc database, open for reading.

    ``Database(path)`` opens the database directory ``path`` read-only. It
    works while another process ingests into it and answers from the state
    of the last commit before it was opened. Use it as a context manager,
    or call ``close()``. Errors: FileNotFoundError if there is no database,
    DatabaseError if it is not a cooc database or is damaged.

    Query terms are normalized as the database's text was (``Elizabeth``
    finds ``elizabeth``). The query options and their defaults are those of
    the ``cooc`` command: ``measure`` "pmi" (any of ``cooc.MEASURES``),
    ``top`` 20, ``min_count`` 5, ``base`` 2 (or "e", 10), ``marginals``
    "pair" (or "unigram", NLTK's), ``add_k`` 0, ``cds`` 1 (off).
    """

    def __init__(self, path: PathLike):
        self._db = _cooc._Database(_path("path", path))

    @property
    def path(self) -> str:
        """The database directory."""
        return self._db.path

    @property
    def closed(self) -> bool:
        return self._db.closed

    def close(self) -> None:
        """Closes the database; later calls raise DatabaseError."""
        self._db.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"cooc.Database({self.path!r}, {state})"

    def stats(self, information: bool = False, base: Union[int, str] = 2
              ) -> dict:
        """Corpus totals and settings (``cooc stats``) as a dict.

        Takes milliseconds: no pair is read. ``distinct_pairs`` is None while
        it is unknown (after ingests not yet merged; ``cooc compact``).
        ``information=True`` adds the entropies of the pair events and
        I(L;R) in ``base`` (h_left, h_right, h_joint, ..., mi_left_right),
        from a scan of every pair.
        """
        return self._db.stats(_bool("information", information), _base(base))

    def pair(self, x: str, y: str, *, base: Union[int, str] = 2,
             marginals: str = "pair", add_k: float = 0.0, cds: float = 1.0
             ) -> dict:
        """One pair's contingency table and every measure (``cooc pair``).

        Returns a dict: x, y, o11, r1, c1, n, fx, fy (the words' token
        frequencies; r1 and c1 are pair-event marginals), c1_cds with
        ``cds`` < 1, expected, direction, then one entry per name of
        ``cooc.MEASURES``. A pair never seen has
        o11 = 0. TermNotFound if a term is not in the vocabulary.
        """
        return self._db.pair(_str("x", x), _str("y", y), _base(base),
                             _str("marginals", marginals),
                             _real("add_k", add_k), _real("cds", cds))

    def assoc(self, terms: Union[str, Sequence[str]], measure: str = "pmi",
              top: int = 20, min_count: int = 5,
              measures: Union[None, str, Sequence[str]] = None, *,
              base: Union[int, str] = 2, marginals: str = "pair",
              add_k: float = 0.0, cds: float = 1.0,
              self_pairs: bool = False, direction: Optional[str] = None,
              min_freq: int = 0, stopwords: Optional[str] = None,
              match: Optional[str] = None, missing: str = "raise",
              side: str = "both", as_frame: bool = True):
        """The best associates of one term or of many (``cooc assoc``).

        For each term (a str or a list of them), its partners y with the
        highest ``measure`` among pairs seen at least ``min_count`` times,
        ``top`` of them, best first. One DataFrame for all terms: columns
        term (the query term as given), x (its normalized form), y, o11, r1,
        c1, n, fx and fy (the words' token frequencies, where r1 and c1 are
        pair-event marginals), the ranking measure, then a column per name
        of ``measures``
        (a list or "pmi,llr"). The filters (``cooc assoc``'s flags) apply
        to the partners: ``self_pairs`` ranks the term with itself;
        ``direction`` "positive" (attraction, O11 > E11), "negative" or
        "any" (default: positive for the test statistics such as llr and
        mi, any for the others); ``min_freq`` the least token frequency of
        both words; ``stopwords`` ("en", "zh" or a file) and ``match`` (an
        ICU regular expression) leave partners out without changing any
        count. ``missing``: "raise" (TermNotFound for an unknown term, the
        default) or "skip" (leave it out). ``side``, in an ordered
        database: "right" (the words after the term, pairs (term, y)),
        "left" (the words before it, pairs (x, term)) or "both" (the
        default; x and y say which side a row is on). ``as_frame`` False
        returns a list of dicts.
        """
        if isinstance(terms, str):
            terms = [terms]
        terms = list(terms)
        for term in terms:
            _str("terms", term)
        if missing not in ("raise", "skip"):
            raise ValueError(f"missing must be 'raise' or 'skip', not {missing!r}")
        columns, _ = self._db.assoc(
            terms, _str("measure", measure), _int("top", top),
            _int("min_count", min_count), _measures(measures), _base(base),
            _str("marginals", marginals), _real("add_k", add_k),
            _real("cds", cds),
            _ranking_filters(self_pairs, direction, min_freq, stopwords,
                             match),
            missing == "skip", _str("side", side))
        return _frame(columns, as_frame)

    def collocations(self, measure: str = "pmi", top: int = 20,
                     min_count: int = 5,
                     measures: Union[None, str, Sequence[str]] = None, *,
                     base: Union[int, str] = 2, marginals: str = "pair",
                     add_k: float = 0.0, cds: float = 1.0,
                     self_pairs: bool = False, direction: Optional[str] = None,
                     min_freq: int = 0, stopwords: Optional[str] = None,
                     match: Optional[str] = None, as_frame: bool = True):
        """The best pairs of the whole corpus (``cooc collocations``).

        Columns x, y, o11, r1, c1, n, fx, fy (the words' token frequencies),
        the ranking measure and ``measures``.
        In symmetric mode each unordered pair appears once. Reads every
        shard on all cores. The filters are ``assoc``'s, applied to both
        words of a pair.
        """
        columns = self._db.collocations(
            _str("measure", measure), _int("top", top),
            _int("min_count", min_count), _measures(measures), _base(base),
            _str("marginals", marginals), _real("add_k", add_k),
            _real("cds", cds),
            _ranking_filters(self_pairs, direction, min_freq, stopwords,
                             match))
        return _frame(columns, as_frame)

    def concordance(self, node: str, collocate: Optional[str] = None, *,
                    width: int = 40, limit: int = 25, sort: str = "none",
                    from_files: Union[None, PathLike,
                                      Iterable[PathLike]] = None,
                    encoding: Optional[str] = None,
                    dictionary: Optional[PathLike] = None,
                    stopwords: Optional[PathLike] = None,
                    threads: int = 0, as_frame: bool = True):
        """Keyword in context (``cooc concordance``): the lines where
        ``node`` occurs, or with ``collocate`` those where the two co-occur
        exactly as the database counted them.

        Columns source, line, offset (the node's byte in the line), left,
        node, right, and with a collocate cooccurrences (what the row adds
        to c(node, collocate)). The text is read from the journal's inputs,
        each checked by size and content hash (one that is gone or changed
        is skipped and named in a warning), or from ``from_files``.
        ``limit`` rows at most (0: all); ``sort`` is "none" (input order,
        which lets the scan stop early), "left" or "right". ``dictionary`` and
        ``stopwords`` give the dictionary or stopword file the database was
        built with, when it was. The frame's ``attrs["summary"]`` holds
        complete, matches, cooccurrences, stored_count (the database's
        c(node, collocate), or f(node)), sources_read and skipped.
        """
        files = [] if from_files is None else _paths("from_files", from_files)
        result = self._db.concordance(
            _str("node", node), _str("collocate", collocate, True) or "",
            _int("width", width), _int("limit", limit), _str("sort", sort),
            files, _str("encoding", encoding, True) or "",
            _optional_path("dictionary", dictionary),
            _optional_path("stopwords", stopwords),
            _int("threads", threads))
        summary = result["summary"]
        for path, reason in summary["skipped"]:
            warnings.warn(f"cooc concordance: skipped {path}: {reason}",
                          stacklevel=2)
        if as_frame:
            import pandas
            frame = pandas.DataFrame(result["columns"])
            frame.attrs["summary"] = summary
            return frame
        return _frame(result["columns"], False)

    def features(self, label: Optional[str] = None, measure: str = "mi",
                 top: int = 20, min_df: int = 1, *,
                 convention: str = "sklearn", direction: Optional[str] = None,
                 base: Union[int, str] = 2, as_frame: bool = True):
        """The terms that best predict the labels (``cooc features``).

        For a database ingested with ``labels``. With ``label``: each
        term's 2x2 table of documents (has the term / not) x (``label`` /
        not), ranked by any ``measure`` (attraction only for the test
        statistics unless ``direction``); columns term, df_label, df,
        label_documents, documents and the measure. Without: the table of
        presence x all labels, ``measure`` "mi" (with ``base="e"``
        scikit-learn's ``mutual_info_classif(X, y, discrete_features=True)``
        on ``CountVectorizer(binary=True)`` output) or "chi2"
        (``convention`` "sklearn": ``sklearn.feature_selection.chi2``, with
        its p-value; "pearson": the whole table's X2); columns term, df,
        top_label, the measure (and p_value). ``top`` 0 lists every term;
        ``min_df`` leaves out terms in fewer labelled documents. A
        KeyError names a label the database does not have.
        """
        columns = self._db.features(
            _str("label", label, optional=True), _str("measure", measure),
            _str("convention", convention),
            _str("direction", direction, optional=True), _int("top", top),
            _int("min_df", min_df), _base(base))
        return _frame(columns, as_frame)

    def keyness(self, reference: Union["Database", PathLike],
                measure: str = "llr", top: int = 0, min_freq: int = 1, *,
                correction: str = "none", base: Union[int, str] = 2,
                as_frame: bool = True):
        """The terms this database uses more (and less) than ``reference``
        (``cooc keyness``), a Database or a database path.

        Each term's token counts against all other tokens, target x
        reference, scored by ``measure`` "llr" (G2), "chi2", "pmi" or
        "logratio" (Hardie's Log Ratio), signed: positive means over-used
        here. ``correction`` "yates" or "williams" (llr and chi2 only) gives
        quanteda's corrected values. Columns term, target_frequency,
        reference_frequency, the measure and (llr, chi2) p_value, from the
        most over-used to the most under-used; ``top`` 0 lists all.
        ValueError if the two databases tokenize differently.
        """
        if isinstance(reference, Database):
            reference = reference.path
        columns = self._db.keyness(
            _path("reference", reference), _str("measure", measure),
            _str("correction", correction), _int("top", top),
            _int("min_freq", min_freq), _base(base))
        return _frame(columns, as_frame)

    def sources(self, as_frame: bool = True):
        """The journal (``cooc sources``): ingest, committed (UTC),
        bytes, content_hash and path of each input counted."""
        columns = self._db.sources()
        if as_frame:
            import pandas
            frame = pandas.DataFrame(columns)
            frame["committed"] = pandas.to_datetime(frame["committed"],
                                                    utc=True)
            return frame
        return _frame(columns, False)

    def vocabulary(self, as_frame: bool = True):
        """Every term with its counts, by id.

        Columns term, id, frequency (token frequency f), row (c(x,*)) and
        column (c(*,x)); for sentence and line units row and column are the
        number of units containing the term (document frequency). With
        ``as_frame`` False, a dict of the columns (numpy arrays, terms a
        list).
        """
        columns = self._db.vocabulary()
        if as_frame:
            import pandas
            return pandas.DataFrame(columns)
        return columns

    def matrix(self, min_count: int = 1):
        """The co-occurrence matrix: ``(scipy.sparse.csr_matrix, terms)``.

        Entry [x, y] is c(x,y) for the term ids x, y (``terms[x]`` is the
        term of id x), over the pairs seen at least ``min_count`` times. In
        symmetric mode it is symmetric (both directions are stored), and
        with ``min_count`` 1 its row sums are the vocabulary's ``row``
        column. Read in bulk on all cores into numpy arrays (int64 counts,
        int32 indices while they fit), without a Python object per entry.
        """
        import scipy.sparse
        indptr, indices, data, n = self._db.matrix(_int("min_count", min_count))
        matrix = scipy.sparse.csr_matrix((data, indices, indptr), shape=(n, n),
                                         copy=False)
        terms = self._db.terms()
        return matrix, terms
