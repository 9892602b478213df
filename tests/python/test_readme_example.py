"""Runs the README's Python example (the ```python block after the marker
`<!-- example: tests/python/test_readme_example.py -->`) in a scratch
directory and checks what it prints against the output the README shows
after it: the same lines, and the figures that must agree (cooc's PPMI and
the example's; scikit-learn's mutual_info_score and cooc's mi) agree."""

import contextlib
import io
import math
import os
import re

from conftest import SOURCE_DIR

MARKER = "<!-- example: tests/python/test_readme_example.py -->"


def readme_blocks():
    text = (SOURCE_DIR / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARKER):]
    blocks = re.findall(r"```(\w*)\n(.*?)```", after, flags=re.S)
    assert blocks[0][0] == "python" and blocks[1][0] == "text", blocks[:2]
    return blocks[0][1], blocks[1][1]


def test_the_readme_example_runs_and_prints_what_the_readme_shows(tmp_path):
    code, shown = readme_blocks()
    os.symlink(SOURCE_DIR / "corpora", tmp_path / "corpora")
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md example", "exec"), {"__name__": "example"})
    finally:
        os.chdir(cwd)
    printed = out.getvalue().splitlines()
    expected = shown.splitlines()
    assert len(printed) == len(expected)
    for got, want in zip(printed, expected):
        if re.fullmatch(r"[0-9.e+\- ]+", want):  # Figures: to 12 digits.
            got_numbers = [float(v) for v in got.split()]
            want_numbers = [float(v) for v in want.split()]
            assert all(math.isclose(a, b, rel_tol=1e-12)
                       for a, b in zip(got_numbers, want_numbers)), (got, want)
            if len(got_numbers) == 2:  # Two computations of one quantity.
                assert math.isclose(*got_numbers, rel_tol=1e-12), got
        else:
            assert got == want
