#!/usr/bin/env bash
# Measures how cooc behaves as a database grows (issue 9) and prints every
# figure as a ratio measured in this run, A and B in turn, the median of the
# pairs: this machine's speed drifts, ratios of neighbouring runs do not.
#
#   tools/bench/growth_bench.sh [BASELINE_COOC]
#
# The 100 MB English text (COOC_BENCH_EN, default
# ../shared/corpora/en/en_large_gutenberg.txt) is split by lines into 50
# parts of about 2 MB (COOC_BENCH_PARTS). Figures:
#   - the 51st ingest of a 2 MB part into the 50-ingest database, against the
#     same ingest into an empty database;
#   - building the database by 50 ingests, against one ingest of the whole;
#   - assoc p99 (cooc_query_latency, 1000 terms) on the 50-ingest database
#     against the one-ingest database;
#   - collocations --top 1000 --min-count 5, and stats, against the
#     one-ingest time;
#   - with BASELINE_COOC (a cooc binary of an earlier commit), the single
#     100 MB ingest of this build against the baseline's.
# Everything is written under build/growth/. About 5 minutes (10 with a
# baseline).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
tools/install_packages.sh time

en=${COOC_BENCH_EN:-../shared/corpora/en/en_large_gutenberg.txt}
parts=${COOC_BENCH_PARTS:-50}
baseline=${1:-}
[[ -r "$en" ]] || { echo "growth_bench: cannot read $en" >&2; exit 1; }
cooc=$PWD/build/cooc
out=build/growth
rm -rf "$out"
mkdir -p "$out/parts"
split -n "l/$parts" -d -a 3 "$en" "$out/parts/part_"
mapfile -t files < <(ls "$out/parts"/part_* | sort)
last=${files[$((${#files[@]} - 1))]}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "text: $en, $(du -m "$en" | cut -f1) MB, split into ${#files[@]} parts of about $(du -k "$last" | cut -f1) KB"
echo

source tools/bench/ratios.sh

echo "== building: one ingest of the whole text (B) and ${#files[@]} ingests (A)"
one_times=""
many_times=""
for round in 1 2; do
  rm -rf "$out/one.db" "$out/many.db"
  one_times+=" $(seconds "$cooc" ingest --quiet --db "$out/one.db" "$en")"
  start=$(date +%s.%N)
  for f in "${files[@]}"; do "$cooc" ingest --quiet --db "$out/many.db" "$f" >/dev/null; done
  many_times+=" $(echo "$(date +%s.%N) - $start" | bc)"
done
report "${#files[@]} ingests / one ingest" "$many_times" "$one_times"
"$cooc" compact --db "$out/one.db" --format tsv >/dev/null  # Already one run: a no-op.
echo "  files per database: one $(ls "$out/one.db"/*.sst | wc -l), many $(ls "$out/many.db"/*.sst | wc -l)"
"$cooc" stats --db "$out/many.db" | grep -E '^(distinct_pairs|ingests)' | sed 's/^/  many: /'

echo
echo "== assoc p99, 1000 terms (cooc_query_latency): ${#files[@]}-ingest database (A), one-ingest (B)"
# Before the next ingest adds to the grown database: both hold the same
# counts, so both draw the same terms. Seven seeds (terms drawn), twice:
# one seed's ratio ranges over 1.1-1.5 from term draw to term draw, and a
# single round of seven p99s of about 1 ms gave 1.46 where two rounds by
# hand gave 1.03.
p99() {
  build/cooc_query_latency "$1" 1000 "$2" |
    awk '/^assoc/ {for (i=1;i<=NF;i++) if ($i ~ /^p99=/) {sub("p99=","",$i); print $i/1000}}'
}
a=""
b=""
for round in 1 2; do
  for seed in 1 2 3 4 5 6 7; do
    a+=" $(p99 "$out/many.db" "$seed")"
    b+=" $(p99 "$out/one.db" "$seed")"
  done
done
report "assoc p99, grown / one-ingest" "$a" "$b"

echo
echo "== the next 2 MB ingest: into the ${#files[@]}-ingest database (A) and into an empty one (B)"
a=""
b=""
for round in 1 2 3 4 5; do
  a+=" $(seconds "$cooc" ingest --quiet --force --db "$out/many.db" "$last")"
  rm -rf "$out/empty.db"
  b+=" $(seconds "$cooc" ingest --quiet --db "$out/empty.db" "$last")"
done
report "next ingest, grown / empty" "$a" "$b"

echo
echo "== scans of the one-ingest database (A) against its ingest (B)"
a=""
b=""
s=""
for round in 1 2 3; do
  a+=" $(seconds "$cooc" collocations --db "$out/one.db" --top 1000 --min-count 5)"
  rm -rf "$out/again.db"
  b+=" $(seconds "$cooc" ingest --quiet --db "$out/again.db" "$en")"
  s+=" $(seconds "$cooc" stats --db "$out/one.db")"
done
report "collocations --top 1000 --min-count 5 / 100 MB ingest" "$a" "$b"
report "stats / 100 MB ingest" "$s" "$b"
echo "  stats (median): $(python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" $s) s"

echo
echo "== memory: 20 MB of text with about 2.2M distinct tokens, --memory 256 (bound: 256 + 150 MiB)"
python3 - "$out/types.txt" <<'PY'
import random, string, sys
random.seed(9)
# Nine tokens in ten are new random words, the tenth from 1,000 common ones.
common = ["".join(random.choices(string.ascii_lowercase, k=5)) for _ in range(1000)]
with open(sys.argv[1], "w") as out:
    size = 0
    while size < 20_000_000:
        words = [random.choice(common) if random.random() < 0.1 else
                 "".join(random.choices(string.ascii_lowercase, k=7))
                 for _ in range(12)]
        line = " ".join(words) + "\n"
        out.write(line)
        size += len(line)
PY
/usr/bin/time -f "%M" -o "$out/types.rss" "$cooc" ingest --quiet --memory 256 \
  --db "$out/types.db" --format json "$out/types.txt" >"$out/types.json"
python3 - "$out/types.json" "$out/types.rss" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
rss = int(open(sys.argv[2]).read().split()[-1]) / 1024
print(f"  {summary['new_types']:,} types, {summary['tokens']:,} tokens: peak RSS {rss:.0f} MiB "
      f"({'within' if rss <= 406 else 'OVER'} 406 MiB)")
PY
rm -rf "$out/types.db" "$out/types.txt"

if [[ -n "$baseline" ]]; then
  echo
  echo "== the single 100 MB ingest: this build (A) against $baseline (B)"
  a=""
  b=""
  for round in 1 2 3; do
    rm -rf "$out/a.db" "$out/b.db"
    a+=" $(seconds "$cooc" ingest --quiet --db "$out/a.db" "$en")"
    b+=" $(seconds "$baseline" ingest --quiet --db "$out/b.db" "$en")"
  done
  report "100 MB ingest, this build / baseline" "$a" "$b"
fi
rm -rf "$out/parts" "$out/again.db" "$out/a.db" "$out/b.db" "$out/empty.db"
