#!/usr/bin/env bash
# Installs what is missing, builds, runs the whole test suite (CTest), then
# a bounded run of each libFuzzer target (tools/fuzz.sh: clang, ASan and
# UBSan; COOC_FUZZ_SECONDS each, default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --test
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure --timeout 600 -j "$jobs"
tools/fuzz.sh
