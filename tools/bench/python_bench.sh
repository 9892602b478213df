#!/usr/bin/env bash
# Measures the Python module (issue 11) on the 100 MB English benchmark text
# and prints every figure as a ratio measured in this run (A and B in turn,
# the median of the pairs), since this machine's speed drifts:
#   - 200 associates queries in one db.assoc call against 200 `cooc assoc`
#     processes (target: at most 1/50 of the time);
#   - db.matrix() of the whole database against the ingest that built it
#     (target: at most 0.3x), and its peak memory in bytes per stored pair
#     beyond a process that has read the vocabulary (target: at most 24).
#
#   tools/bench/python_bench.sh
#
# COOC_BENCH_EN overrides the text (default
# ../shared/corpora/en/en_large_gutenberg.txt). Everything is written under
# build/python_bench/. About 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
tools/install_packages.sh time

en=${COOC_BENCH_EN:-../shared/corpora/en/en_large_gutenberg.txt}
[[ -r "$en" ]] || { echo "python_bench: cannot read $en" >&2; exit 1; }
cooc=$PWD/build/cooc
out=build/python_bench
rm -rf "$out"
mkdir -p "$out"
export PYTHONPATH=$PWD/build/python
python=/usr/bin/python3

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "text: $en, $(du -m "$en" | cut -f1) MB"
echo

source tools/bench/ratios.sh

db=$out/en.db

# The matrix of the database (A) against the ingest that builds it (B), in
# turn. The matrix is read by a fresh process each time (cold for cooc, as
# the ingest is).
matrix_py=$out/matrix.py
cat >"$matrix_py" <<'PY'
import sys, cooc
with cooc.Database(sys.argv[1]) as db:
    matrix, terms = db.matrix()
print(matrix.nnz, len(terms))
PY
echo "== db.matrix() (A) against the ingest of the whole text (B)"
ingest_times="" matrix_times=""
for round in 1 2 3; do
  rm -rf "$db"
  ingest_times+=" $(seconds "$cooc" ingest --quiet --db "$db" "$en")"
  matrix_times+=" $(seconds $python "$matrix_py" "$db")"
done
report "matrix / ingest" "$matrix_times" "$ingest_times"
"$cooc" stats --db "$db" | grep -E '^(tokens|types|distinct_pairs) ' | sed 's/^/  /'

echo
echo "== db.matrix() peak memory, beyond a process that read the vocabulary"
vocabulary_py=$out/vocabulary.py
cat >"$vocabulary_py" <<'PY'
import sys, cooc, scipy.sparse
with cooc.Database(sys.argv[1]) as db:
    vocabulary = db.vocabulary()
print(len(vocabulary))
PY
peak_kb() {  # peak RSS in KiB of one run
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {print $2+0}'
}
base_kb=$(peak_kb $python "$vocabulary_py" "$db")
matrix_kb=$(peak_kb $python "$matrix_py" "$db")
nnz=$($python "$matrix_py" "$db" | cut -d' ' -f1)
$python - "$base_kb" "$matrix_kb" "$nnz" <<'PY'
import sys
base, peak, nnz = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"  vocabulary only: {base / 1024:.0f} MiB; with the matrix: {peak / 1024:.0f} MiB; "
      f"{nnz} stored pairs: {(peak - base) * 1024 / nnz:.1f} bytes per pair (target <= 24)")
PY

echo
# assoc_round TERMS: one round of each, in turn; appends to the time lists.
batch_py=$out/batch.py
cat >"$batch_py" <<'PY'
import sys, time, cooc
import pandas  # The DataFrame's library, loaded once per process: not the query.
terms = open(sys.argv[2]).read().split("\n")[:-1]
with cooc.Database(sys.argv[1]) as db:
    start = time.perf_counter()
    frame = db.assoc(terms, measure="pmi", top=20)
    print(f"{time.perf_counter() - start:.6f}")
PY
processes() {
  while read -r term; do "$cooc" assoc --db "$db" "$term" >/dev/null; done <"$1"
}
assoc_figures() {  # NAME TERMS_FILE
  local call_times="" whole_times="" process_times="" start end
  for round in 1 2 3; do
    start=$(date +%s.%N)
    call_times+=" $($python "$batch_py" "$db" "$2")"
    end=$(date +%s.%N)
    whole_times+=" $(echo "$end - $start" | bc)"
    process_times+=" $(seconds processes "$2")"
  done
  report "$1: the db.assoc call / 200 cooc assoc processes" "$call_times" "$process_times"
  report "$1: the whole Python process (start, import, open) / 200 processes" "$whole_times" "$process_times"
}

echo "== 200 associates in one db.assoc call (A) against 200 cooc assoc processes (B)"
# As cooc_query_latency picks them: random terms with f >= 5 (seeded); and
# the worst case, the 200 most frequent terms (the longest partner lists).
$python - "$db" "$out/random_terms.txt" "$out/frequent_terms.txt" <<'PY'
import random, sys, cooc
with cooc.Database(sys.argv[1]) as db:
    vocabulary = db.vocabulary()
frequent = vocabulary.sort_values("frequency", ascending=False)["term"][:200]
candidates = sorted(vocabulary[vocabulary["frequency"] >= 5]["term"])
chosen = random.Random(1).sample(candidates, 200)
open(sys.argv[2], "w").write("\n".join(chosen) + "\n")
open(sys.argv[3], "w").write("\n".join(frequent) + "\n")
PY
assoc_figures "200 random terms (f >= 5)" "$out/random_terms.txt"
assoc_figures "the 200 most frequent terms" "$out/frequent_terms.txt"
