#!/usr/bin/env bash
# Measures `cooc concordance` (issue 12 item 4) on the 100 MB English
# benchmark text and prints every figure as a ratio measured in this run (A
# and B in turn, the median of the pairs), since this machine's speed
# drifts:
#   - a scan of the whole text (--limit 0) for a word of middling frequency
#     ("war") and for the most frequent one ("the", a row for nearly every
#     line), against `cooc tokenize` of the same text (target: at most 1.5x);
#   - a scan that --limit 25 stops early against the whole scan.
#
#   tools/bench/concordance_bench.sh [PAIRS]
#
# COOC_BENCH_EN overrides the text (default
# ../shared/corpora/en/en_large_gutenberg.txt). The database is built under
# build/concordance_bench/ (once; about 30 s). PAIRS runs of each (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh

en=${COOC_BENCH_EN:-../shared/corpora/en/en_large_gutenberg.txt}
[[ -r "$en" ]] || { echo "concordance_bench: cannot read $en" >&2; exit 1; }
pairs=${1:-3}
cooc=$PWD/build/cooc
out=build/concordance_bench
db=$out/en.db
mkdir -p "$out"
if [[ ! -d "$db" ]] || ! "$cooc" sources --db "$db" --format tsv | grep -qF "$en"; then
  rm -rf "$db"
  "$cooc" ingest --db "$db" --quiet "$en"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "text: $en, $(du -m "$en" | cut -f1) MB"
echo

source tools/bench/ratios.sh

for node in war the; do
  a=() b=()
  for ((i = 0; i < pairs; i++)); do
    a+=("$(seconds "$cooc" concordance --db "$db" "$node" --limit 0 --format tsv)")
    b+=("$(seconds "$cooc" tokenize "$en")")
  done
  report "concordance '$node' --limit 0 / tokenize" "${a[*]}" "${b[*]}"
done 2>/dev/null

a=() b=()
for ((i = 0; i < pairs; i++)); do
  a+=("$(seconds "$cooc" concordance --db "$db" war peace --limit 25)")
  b+=("$(seconds "$cooc" concordance --db "$db" war peace --limit 0)")
done 2>/dev/null
report "concordance 'war peace' --limit 25 / --limit 0" "${a[*]}" "${b[*]}"
