#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ (g++, -DCOOC_SANITIZE=ON) and runs the test suite there. The
# Python parity tests are left out (they test numbers, not memory, and are
# slow under ASan).
#
#   tools/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Packages: tools/setup.sh --test installs what is missing.
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p build-asan
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOOC_SANITIZE=ON \
  -DCOOC_BUILD_TESTS=ON -DCOOC_BUILD_TOOLS=ON >build-asan/cmake.log 2>&1 ||
  { cat build-asan/cmake.log >&2; exit 1; }
cmake --build build-asan -j "$jobs" >build-asan/build.log 2>&1 ||
  { grep -E -A5 "error|Error" build-asan/build.log | head -60 >&2; exit 1; }
# Any finding fails the test that triggered it.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$jobs" -E parity
