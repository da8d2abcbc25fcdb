#!/usr/bin/env bash
# Builds Release and runs the micro-benchmarks (QR, content) under Xvfb, then the shell
# benchmark (CPU, first frame, RSS). Usage: bash tests/bench/run.sh [benchmark filter]
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps >/dev/null
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target tramso_bench tramso export_bench speech_bench >/dev/null
echo "== micro-benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores) =="
xvfb-run -a -s "-screen 0 1920x1080x24" ./build-bench/tests/bench/tramso_bench \
  --benchmark_filter="${1:-.}" --benchmark_min_time=0.2
echo
bash tests/bench/shell.sh
echo
echo "== export of 1,000,000 events =="
./build-bench/tests/bench/export_bench make /tmp/tramso-bench-export
./build-bench/tests/bench/export_bench run /tmp/tramso-bench-export
echo
echo "== narration (eSpeak NG) =="
./build-bench/tests/bench/speech_bench
echo "== content pack install (bundled content + 50 MB voice) =="
cmake --build build-bench -j"$(nproc)" --target pack_bench >/dev/null
./build-bench/tests/bench/pack_bench /tmp/tramso-bench-pack
