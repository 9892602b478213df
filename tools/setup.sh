#!/usr/bin/env bash
# Installs what cooc needs from Debian's packages (only what is missing, and
# quietly when nothing is), then builds it in build/ (Release): the library,
# the cooc command, the tests and the Python module (build/python/cooc).
#
#   tools/setup.sh          build dependencies, then build
#   tools/setup.sh --test   also the packages the test suite uses
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config libicu-dev libabsl-dev librocksdb-dev
          libgtest-dev libgmock-dev libbenchmark-dev libboost-dev
          python3 python3-dev pybind11-dev python3-pybind11 python3-numpy
          python3-scipy python3-pandas python3-tqdm python3-distributed)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3-nltk python3-sklearn python3-mpmath python3-pytest)
fi

tools/install_packages.sh "${packages[@]}"

jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p build
if ! cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCOOC_BUILD_TESTS=ON -DCOOC_BUILD_TOOLS=ON >build/cmake.log 2>&1; then
  cat build/cmake.log >&2
  echo "setup: cmake failed (log: build/cmake.log)" >&2
  exit 1
fi
if ! cmake --build build -j "$jobs" >build/build.log 2>&1; then
  grep -E -A5 "error|Error" build/build.log | head -60 >&2
  echo "setup: build failed (log: build/build.log)" >&2
  exit 1
fi
echo "setup: built build/cooc" >&2
