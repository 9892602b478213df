#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang in build-fuzz/ (-O1
# -g; ASan and UBSan everywhere, the library instrumented for coverage) and
# runs each for COOC_FUZZ_SECONDS seconds (default 60), starting from a
# fresh copy of its seed corpus (tests/fuzz/corpus/<target>/). Exits 1 if a
# target fails (a crash, a sanitizer report, a leak, a timeout or running out
# of memory) and prints the file that holds the failing input; reproduce it
# with `build-fuzz/<target> FILE`. A crash that is a bug becomes a test in
# the matching tests/<unit>_test.cc.
#
#   tools/fuzz.sh                   every target
#   tools/fuzz.sh tokenizer_fuzz    only the targets named
#   COOC_FUZZ_SECONDS=600 tools/fuzz.sh
#
# Needs no network once the Debian packages below are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make pkg-config libicu-dev libabsl-dev librocksdb-dev
          clang libclang-rt-14-dev)
tools/install_packages.sh "${packages[@]}"

all_targets=(tokenizer_fuzz key_format_fuzz ingest_fuzz)
targets=("$@")
if ((${#targets[@]} == 0)); then targets=("${all_targets[@]}"); fi
seconds=${COOC_FUZZ_SECONDS:-60}
jobs=$(nproc 2>/dev/null || echo 2)
out=build-fuzz

# Longest input per target: a long line for the tokenizer, a small file for
# the ingest (each run counts it twice and may build a database).
max_len() {
  case "$1" in
    tokenizer_fuzz) echo 65536 ;;
    *) echo 4096 ;;
  esac
}

mkdir -p "$out"
start=$SECONDS
if ! cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_COMPILER=clang++ \
    -DCOOC_FUZZ=ON -DCOOC_BUILD_TESTS=OFF -DCOOC_BUILD_TOOLS=OFF \
    >"$out/cmake.log" 2>&1; then
  cat "$out/cmake.log" >&2
  echo "fuzz: cmake failed (log: $out/cmake.log)" >&2
  exit 1
fi
if ! cmake --build "$out" -j "$jobs" --target "${targets[@]}" \
    >"$out/build.log" 2>&1; then
  grep -E -A5 "error|Error" "$out/build.log" | head -60 >&2
  echo "fuzz: build failed (log: $out/build.log)" >&2
  exit 1
fi
echo "fuzz: built ${targets[*]} in $((SECONDS - start)) s" >&2

# Any sanitizer finding stops the target and counts as a crash.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Prints the final figures of one run from its log.
summarize() {
  local target=$1 log=$2
  local last execs rate rss
  last=$(grep -E "^#[0-9]+.*cov: " "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
  echo "fuzz: $target: ${execs:-?} runs (${rate:-?}/s), peak RSS ${rss:-?} MB;" \
    "$(sed -E 's/^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+//; s/ exec\/s.*//' <<<"$last")" >&2
}

failed=0
for target in "${targets[@]}"; do
  run="$out/fuzz/$target"
  rm -rf "$run/corpus" "$run/tmp"
  mkdir -p "$run/corpus" "$run/artifacts" "$run/tmp"
  cp tests/fuzz/corpus/"$target"/* "$run/corpus/"
  echo "fuzz: $target for $seconds s (log: $run/fuzz.log)" >&2
  status=0
  TMPDIR="$PWD/$run/tmp" "$out/$target" -max_total_time="$seconds" \
    -max_len="$(max_len "$target")" -timeout=60 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$run/artifacts/" \
    "$run/corpus" >"$run/fuzz.log" 2>&1 || status=$?
  summarize "$target" "$run/fuzz.log"
  if ((status != 0)); then
    failed=1
    grep -E "^(==[0-9]+==ERROR|SUMMARY|[a-z_]+_fuzz: )" "$run/fuzz.log" |
      head -5 >&2 || true
    saved=$(sed -n 's/.*Test unit written to //p' "$run/fuzz.log")
    echo "fuzz: $target FAILED (exit $status); input saved to:" \
      "${saved:-see $run/fuzz.log}" >&2
    echo "fuzz: reproduce with $out/$target ${saved:-FILE}" >&2
  fi
done
exit "$failed"
