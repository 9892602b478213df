#!/usr/bin/env bash
# Measures cooc's ingest and query performance and prints every figure.
#
#   tools/bench/bench.sh            the full run (about 3 minutes)
#
# Inputs (override with COOC_BENCH_EN / COOC_BENCH_ZH): the 100 MB English
# and 32 MB Chinese corpora in ../shared/corpora. Everything is written under
# build/bench/. Figures: wall time of the whole `cooc ingest` process, tokens
# per second (tokens / that time), peak RSS (/usr/bin/time -v), database size
# on disk; the result of --memory 256 checked equal to the default's; thread
# and corpus-size scaling; query latencies measured inside one process
# (cooc_query_latency); `collocations --top 1000`; micro-benchmarks.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
tools/install_packages.sh time

en=${COOC_BENCH_EN:-../shared/corpora/en/en_large_gutenberg.txt}
zh=${COOC_BENCH_ZH:-../shared/corpora/zh/zh_large_mixed.txt}
for f in "$en" "$zh"; do
  [[ -r "$f" ]] || { echo "bench: cannot read $f" >&2; exit 1; }
done
cooc=build/cooc
out=build/bench
rm -rf "$out"
mkdir -p "$out"

source tools/bench/ratios.sh
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo

# ingest NAME FILE [OPTIONS...]: one timed ingest into a fresh database.
ingest() {
  local name=$1 file=$2
  shift 2
  local db="$out/$name.db"
  /usr/bin/time -v -o "$out/$name.time" \
    "$cooc" ingest --quiet --db "$db" --format json "$@" "$file" >"$out/$name.json"
  python3 - "$name" "$file" "$out/$name.json" "$out/$name.time" <<'PY'
import json, os, re, sys
name, path, summary, timing = sys.argv[1:]
s = json.load(open(summary))
t = open(timing).read()
wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split()[0]
parts = [float(p) for p in wall.split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(f"{name:<14} {os.path.getsize(path)/1e6:7.1f} MB {s['tokens']:>11,} tokens "
      f"{seconds:6.2f} s {s['tokens']/seconds/1e6:6.2f} M tokens/s "
      f"peak RSS {rss/1024:7.0f} MiB  db {s['db_bytes']/2**20:6.1f} MiB  "
      f"threads {s['threads']}  spilled {s['spilled_bytes']/2**20:.0f} MiB")
PY
}

# slice MB: the first MB megabytes of the English corpus, cut at a line end.
slice() {
  head -c "$(($1 * 1000000))" "$en" | head -n -1 >"$out/en_$1mb.txt"
  echo "$out/en_$1mb.txt"
}

echo "== ingest (window 5, symmetric, default options unless shown)"
# The main figure is the median of three runs: single runs vary by about
# half a second on a shared 2-core machine.
ingest en "$en"
ingest en_run2 "$en"
ingest en_run3 "$en"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
times = []
for name in ("en", "en_run2", "en_run3"):
    t = open(f"{out}/{name}.time").read()
    wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split()[0]
    parts = [float(p) for p in wall.split(":")]
    times.append(sum(p * 60 ** i for i, p in enumerate(reversed(parts))))
tokens = json.load(open(f"{out}/en.json"))["tokens"]
median = sorted(times)[1]
print(f"en median of 3: {median:.2f} s, {tokens / median / 1e6:.2f} M tokens/s "
      f"(runs: {', '.join(f'{t:.2f}' for t in times)} s)")
PY
rm -rf "$out/en_run2.db" "$out/en_run3.db"
ingest zh "$zh"
ingest en_mem256 "$en" --memory 256
ingest en_1thread "$en" --threads 1
ingest en_10mb "$(slice 10)"
ingest en_50mb "$(slice 50)"

echo
echo "== --memory 256 gives the same database as the default"
same=yes
for query in "stats --format tsv" \
             "collocations --measure count --min-count 1 --top 200000 --format tsv" \
             "collocations --measure llr --min-count 5 --top 2000 --format tsv" \
             "assoc --format tsv --top 100 the" "assoc --format tsv --top 100 sea"; do
  a=$("$cooc" $query --db "$out/en.db" | grep -v -E '^(db_bytes|ingests)' | md5sum)
  b=$("$cooc" $query --db "$out/en_mem256.db" | grep -v -E '^(db_bytes|ingests)' | md5sum)
  # stats in TSV is one header and one row: compare all but the db_bytes column.
  if [[ $query == stats* ]]; then
    a=$("$cooc" stats --db "$out/en.db" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("db_bytes"); print(sorted(d.items()))' | md5sum)
    b=$("$cooc" stats --db "$out/en_mem256.db" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("db_bytes"); print(sorted(d.items()))' | md5sum)
  fi
  if [[ $a == "$b" ]]; then echo "  equal: $query"; else echo "  DIFFERENT: $query"; same=no; fi
done
echo "  identical: $same"

echo
echo "== query latency, inside one process (1000 random terms with f >= 5)"
build/cooc_query_latency "$out/en.db" 1000 1

echo
echo "== collocations --top 1000 --min-count 5 (pmi) on the English database"
/usr/bin/time -f "  %e s, peak RSS %M KiB" "$cooc" collocations --db "$out/en.db" \
  --top 1000 --min-count 5 --format tsv >"$out/collocations.tsv"
echo "  $(($(wc -l <"$out/collocations.tsv") - 1)) rows"

echo
echo "== the query-time filters (A: --stopwords en --match '^[a-z]+\$' --min-freq 10)"
echo "   against the same list without them (B), in turn (issue 12: at most 1.2)"
filtered="" unfiltered=""
for round in 1 2 3; do
  filtered+=" $(seconds "$cooc" collocations --db "$out/en.db" --top 1000 \
    --min-count 5 --stopwords en --match '^[a-z]+$' --min-freq 10)"
  unfiltered+=" $(seconds "$cooc" collocations --db "$out/en.db" --top 1000 \
    --min-count 5)"
done
report "filtered / unfiltered collocations" "$filtered" "$unfiltered"

if [[ -x build/cooc_micro_bench ]]; then
  echo
  echo "== micro-benchmarks"
  build/cooc_micro_bench --benchmark_min_time=0.2 2>/dev/null | grep -E '^(BM_|Benchmark)'
fi
