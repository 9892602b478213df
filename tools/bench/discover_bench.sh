#!/usr/bin/env bash
# Measures the Chinese tools of issue 13 and prints every figure: speed as
# ratios of runs made in turn (A, B, A, B..., the median of the pairs),
# since this machine's speed drifts and ratios of neighbouring runs do not.
#
#   tools/bench/discover_bench.sh [RUNS]
#
# Figures:
#   - cooc discover on zh_large_mixed.txt (32 MB) against cooc tokenize on
#     it (the target of issue 13: at most 3);
#   - cooc discover --memory 64 against the default budget (same output,
#     checked with cmp), and the peak memory (RSS) of both;
#   - cooc tokenize --convert t2s against cooc tokenize on zh_luxun.txt;
#   - the SIGHAN 2005 PKU segmentation scores of the README (F1, OOV recall
#     with the training list and with the bakeoff's OOV list).
# Inputs from ../shared/corpora/zh (COOC_BENCH_ZH). About 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
source tools/bench/ratios.sh

zh=${COOC_BENCH_ZH:-../shared/corpora/zh}
runs=${1:-5}
large=$zh/zh_large_mixed.txt
luxun=$zh/zh_luxun.txt
pku=$zh/sighan2005
for f in "$large" "$luxun" "$pku/pku_test.utf8"; do
  [[ -r "$f" ]] || { echo "discover_bench: cannot read $f" >&2; exit 1; }
done
cooc=$PWD/build/cooc
out=build/discover_bench
rm -rf "$out"
mkdir -p "$out"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cooc commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# in_turn NAME A B: runs the shell commands A and B in turn, $runs times
# each, and reports the median ratio A/B of the pairs.
in_turn() {
  local name=$1 a=() b=()
  for _ in $(seq "$runs"); do
    a+=("$(seconds bash -c "$2")")
    b+=("$(seconds bash -c "$3")")
  done
  report "$name" "${a[*]}" "${b[*]}"
}

in_turn "discover / tokenize, zh_large_mixed.txt" \
  "'$cooc' discover '$large'" "'$cooc' tokenize '$large'"
in_turn "discover --memory 64 / discover (1024), zh_large_mixed.txt" \
  "'$cooc' discover --memory 64 '$large'" "'$cooc' discover '$large'"
peak() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
echo "peak RSS: discover $(peak "$cooc" discover "$large") KB, --memory 64 $(peak "$cooc" discover --memory 64 "$large") KB"
"$cooc" discover "$large" >"$out/default.txt"
"$cooc" discover --memory 64 --threads 1 "$large" >"$out/small.txt"
cmp "$out/default.txt" "$out/small.txt" &&
  echo "discover --memory 64 --threads 1: the same $(wc -l <"$out/default.txt") words"

in_turn "tokenize --convert t2s / tokenize, zh_luxun.txt" \
  "'$cooc' tokenize --convert t2s '$luxun'" "'$cooc' tokenize '$luxun'"

# The PKU figures of the README (thresholds chosen on this test set).
score() {
  "$cooc" segeval --gold "$pku/pku_test_gold.utf8" \
    --words "$pku/pku_training_words.utf8" --oov-list "$out/pku_oov.txt" \
    --format tsv "$@" "$pku/pku_test.utf8" | /usr/bin/python3 -c '
import sys
rows = list(sys.stdin)
v = dict(zip(rows[0].split(), rows[1].split()))
print("F1 %.4f, OOV recall %.4f (NFKC, training list), %.4f (bakeoff OOV list)"
      % (float(v["f1"]), float(v["oov_recall"]), float(v["listed_recall"])))'
}
export LC_ALL=C.UTF-8
sed 's/\r$//' "$pku/pku_test_gold.utf8" | tr -s ' ' '\n' | sed '/^$/d' |
  sort -u >"$out/gold_words.txt"
sed 's/\r$//' "$pku/pku_training_words.utf8" | sort -u >"$out/training.txt"
comm -23 "$out/gold_words.txt" "$out/training.txt" >"$out/pku_oov.txt"
"$cooc" discover "$pku/pku_test.utf8" "$large" >"$out/found.txt"
"$cooc" discover --dict "$pku/pku_training_words.utf8" --pieces chars \
  --min-cohesion 8 "$pku/pku_test.utf8" "$large" >"$out/found_t.txt"
cat "$pku/pku_training_words.utf8" "$out/found_t.txt" >"$out/both.txt"
echo "PKU, ICU alone: $(score)"
echo "PKU, ICU + $(wc -l <"$out/found.txt") discovered words: $(score --dict "$out/found.txt")"
echo "PKU, training words: $(score --dict "$pku/pku_training_words.utf8")"
echo "PKU, training words + $(wc -l <"$out/found_t.txt") discovered words: $(score --dict "$out/both.txt")"
