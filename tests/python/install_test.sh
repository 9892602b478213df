#!/usr/bin/env bash
# The documented install of the Python module works: `cmake --install BUILD
# --component python --prefix P` puts the package under P, and
# /usr/bin/python3 imports it from another directory and counts with it.
#
#   tests/python/install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --component python --prefix "$prefix" >/dev/null
site=$(find "$prefix" -type d \( -name dist-packages -o -name site-packages \) | head -1)
[[ -f "$site/cooc/__init__.py" ]] || { echo "no cooc package under $prefix" >&2; exit 1; }
cd /
PYTHONPATH=$site /usr/bin/python3 - "$prefix" "$site" <<'PY'
import os, sys
import cooc
assert cooc.__file__.startswith(sys.argv[2]), cooc.__file__
text = os.path.join(sys.argv[1], "t.txt")
with open(text, "w") as f:
    f.write("the cat sat on the mat\nthe dog sat on the log\n")
cooc.ingest(os.path.join(sys.argv[1], "t.db"), text, progress=False)
with cooc.Database(os.path.join(sys.argv[1], "t.db")) as db:
    assert db.pair("sat", "on")["o11"] == 2, db.pair("sat", "on")
print("installed cooc", cooc.__version__, "at", os.path.dirname(cooc.__file__))
PY
