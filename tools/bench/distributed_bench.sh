#!/usr/bin/env bash
# Measures cooc.distributed (issue 15) on the 100 MB English benchmark text
# and prints the figures of the README's "More than one machine" section:
#   - a LocalCluster of 2 worker processes (1 thread each) against
#     `cooc ingest --threads 2`, in turn, the median of the pairs' ratios
#     (goal: at most 1.3x);
#   - the scaling model's inputs: the counting rate of one core (one task,
#     one thread), the size of the count parts per MB of text, and the fold
#     of 64 parts on the workers (a split fold, its steps timed) against
#     the fold on the client, in turn.
#
#   tools/bench/distributed_bench.sh
#
# COOC_BENCH_EN overrides the text. Everything is written under
# build/distributed_bench/. About 7 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
en=${COOC_BENCH_EN:-../shared/corpora/en/en_large_gutenberg.txt}
[[ -r "$en" ]] || { echo "distributed_bench: cannot read $en" >&2; exit 1; }
out=build/distributed_bench
rm -rf "$out"
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "text: $en, $(du -m "$en" | cut -f1) MB"
echo
PYTHONPATH=$PWD/build/python exec /usr/bin/python3 tools/bench/distributed_bench.py \
  "$PWD/build/cooc" "$en" "$out"
