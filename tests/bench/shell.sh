#!/usr/bin/env bash
# Kiosk shell benchmark: builds Release and measures, under Xvfb at 1920x1080, the CPU use
# of one core on a static home screen and on the attract animation (10 s each), the time
# from launch to the first frame, and peak RSS. Prints one table with the goals beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$PWD/build-bench/tramso
if [ "${1:-}" != "--measure" ]; then
  bash .ci/install-deps >/dev/null
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j"$(nproc)" --target tramso >/dev/null
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'mm_per_px = 0.265\nidle_seconds = 3600\n' > "$WORK/kiosk.toml"

measure() { # route seconds -> "cpu% first_frame_ms peak_rss_kb"
  local route=$1 secs=$2
  "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" --open "$route" 2> "$WORK/err" &
  local pid=$!
  for _ in $(seq 1 100); do grep -q "first frame" "$WORK/err" && break; sleep 0.05; done
  sleep 2 # settle: the first frames after start render at full rate by design
  local tck t0 t1
  tck=$(getconf CLK_TCK)
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  sleep "$secs"
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  local rss
  rss=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  local ff
  ff=$(sed -n 's/.*first frame shown \([0-9]*\) ms.*/\1/p' "$WORK/err")
  echo "$(awk -v a="$t0" -v b="$t1" -v t="$tck" -v s="$secs" 'BEGIN{printf "%.1f", (b-a)/t/s*100}') $ff $rss"
}

launches() { # N launches in one display -> "median max"
  for _ in $(seq 1 "$1"); do
    "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" --open home --frames 2 2>&1 |
      sed -n 's/.*first frame shown \([0-9]*\) ms.*/\1/p'
  done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)], v[NR]}'
}

if [ "${1:-}" = "--measure" ]; then # inside xvfb-run
  measure "$2" "$3"
  exit 0
fi
if [ "${1:-}" = "--launches" ]; then
  launches "$2"
  exit 0
fi
read -r home_cpu home_ff home_rss < <(xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" --measure home 10)
read -r attract_cpu attract_ff attract_rss < <(xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" --measure attract 10)
ff=$(( home_ff > attract_ff ? home_ff : attract_ff ))
read -r ff_median ff_max < <(xvfb-run -a -s "-screen 0 1920x1080x24" bash "$0" --launches 10)
rss=$(( home_rss > attract_rss ? home_rss : attract_rss ))

echo "Trạm Số shell benchmark — $(date -u +%Y-%m-%d) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "Xvfb 1920x1080, Mesa llvmpipe, Release build"
printf '%-44s %12s %12s\n' "measure" "figure" "goal"
printf '%-44s %11s%% %12s\n' "CPU, static home screen (10 s, one core)" "$home_cpu" "<= 2%"
printf '%-44s %11s%% %12s\n' "CPU, attract animation at 12 fps (10 s)" "$attract_cpu" "(low)"
printf '%-44s %9s ms %12s\n' "launch to first frame, median of 10" "$ff_median" "<= 500 ms"
printf '%-44s %9s ms %12s\n' "launch to first frame, worst of 10" "$ff_max" "<= 500 ms"
printf '%-44s %9s ms %12s\n' "first launch in a freshly started X server" "$ff" "(report)"
printf '%-44s %9s MB %12s\n' "peak RSS" "$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')" "(report)"
