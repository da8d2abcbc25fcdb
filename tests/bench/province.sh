#!/usr/bin/env bash
# Province benchmark: load time and events/s for KIOSKS × DAYS exports (VISITS a day each,
# about 15 events a visit), and the monthly report over 12 months of totals.
# Usage: bash tests/bench/province.sh [KIOSKS=2000] [DAYS=30] [VISITS=40] [JOBS=2]
# JOBS: loading connections, as `tramso province load --jobs` (default 2). The private
# server runs with the settings db/province/README.md recommends (fsync on).
# The full scale writes ~36 M events (~2 GB of CSV in /tmp); try 200 first.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache > /dev/null
nice cmake --build build-release -j2 --target province_bench > /dev/null
nproc | sed 's/^/cores: /'
./build-release/tests/bench/province_bench "${1:-2000}" "${2:-30}" "${3:-40}" "${4:-2}"
