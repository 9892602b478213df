#!/usr/bin/env bash
# What labels cost (issue 14), as ratios of runs made in turn (A and B
# alternately, the median of the pairs): this machine's speed drifts,
# ratios of neighbouring runs do not.
#
#   tools/bench/labels_bench.sh [RUNS]
#
# The six books of ../shared/corpora/en/en_small_gutenberg.txt (COOC_BENCH_EN;
# its manifest COOC_BENCH_MANIFEST), each line labelled by its book's author
# (fastText's __label__NAME prefix, as the README builds authors.txt).
# Figures:
#   - ingest --labels prefix of the labelled text, against ingest of the
#     same lines without their labels (the same words and pairs: what
#     counting the label records adds);
#   - features (all labels, mi, --top 20) on the labelled database, against
#     vocab --top 20 (both read the vocabulary once);
#   - keyness (llr) of the Austen lines against the other books, against
#     vocab --top 20 of the Austen database.
# RUNS pairs each (default 5). Everything is written under build/labels_bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
. tools/bench/ratios.sh

en=${COOC_BENCH_EN:-../shared/corpora/en/en_small_gutenberg.txt}
manifest=${COOC_BENCH_MANIFEST:-../shared/corpora/en/en_small_MANIFEST.tsv}
runs=${1:-5}
[[ -r "$en" && -r "$manifest" ]] || {
  echo "labels_bench: cannot read $en or $manifest" >&2; exit 1; }
cooc=$PWD/build/cooc
out=build/labels_bench
rm -rf "$out"
mkdir -p "$out"
awk -F'\t' 'NR > 1 { split($1, name, ","); for (i = 0; i < $5; i++) print "__label__" tolower(name[1]) }' \
  "$manifest" | paste -d' ' - "$en" > "$out/authors.txt"
cut -d' ' -f2- "$out/authors.txt" > "$out/plain.txt"
grep '^__label__austen ' "$out/authors.txt" | cut -d' ' -f2- > "$out/austen.txt"
grep -v '^__label__austen ' "$out/authors.txt" | cut -d' ' -f2- > "$out/rest.txt"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "text: $(wc -l < "$out/authors.txt") lines, $(wc -c < "$out/plain.txt") bytes without labels"

labelled_ingest() {
  rm -rf "$out/labelled.db"
  "$cooc" ingest --quiet --labels prefix --db "$out/labelled.db" "$out/authors.txt"
}
plain_ingest() {
  rm -rf "$out/plain.db"
  "$cooc" ingest --quiet --db "$out/plain.db" "$out/plain.txt"
}
a=() b=()
for ((i = 0; i < runs; ++i)); do
  a+=("$(seconds labelled_ingest)")
  b+=("$(seconds plain_ingest)")
done
report "ingest --labels prefix / ingest of the same lines without labels" "${a[*]}" "${b[*]}"

a=() b=()
for ((i = 0; i < runs; ++i)); do
  a+=("$(seconds "$cooc" features --db "$out/labelled.db" --top 20)")
  b+=("$(seconds "$cooc" vocab --db "$out/labelled.db" --top 20)")
done
report "features --top 20 / vocab --top 20 (labelled database)" "${a[*]}" "${b[*]}"

"$cooc" ingest --quiet --db "$out/austen.db" "$out/austen.txt" >/dev/null
"$cooc" ingest --quiet --db "$out/rest.db" "$out/rest.txt" >/dev/null
a=() b=()
for ((i = 0; i < runs; ++i)); do
  a+=("$(seconds "$cooc" keyness --db "$out/austen.db" --reference "$out/rest.db" --top 20)")
  b+=("$(seconds "$cooc" vocab --db "$out/austen.db" --top 20)")
done
report "keyness --top 20 / vocab --top 20 (Austen database)" "${a[*]}" "${b[*]}"
