# Sourced by the benchmark scripts: timing a command and reporting ratios of
# runs made in turn (A and B alternately, the median of the pairs' ratios),
# since this machine's speed drifts and ratios of neighbouring runs do not.

# seconds CMD...: wall seconds of one run of CMD (output discarded).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# report NAME A_TIMES B_TIMES: the median of the ratios A/B pair by pair,
# with both medians (four significant digits: a p99 of 0.0005 s shows) and
# every ratio.
report() {
  /usr/bin/python3 - "$@" <<'PY'
import statistics, sys
name, a, b = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
a = [float(x) for x in a]; b = [float(x) for x in b]
ratios = [x / y for x, y in zip(a, b)]
digits = 2 if min(ratios) >= 0.1 else 4
print(f"{name}: ratio {statistics.median(ratios):.{digits}f} (median of {len(ratios)} pairs; "
      f"A {statistics.median(a):#.4g} s, B {statistics.median(b):#.4g} s; "
      f"ratios {', '.join(f'{r:.{digits}f}' for r in ratios)})")
PY
}
