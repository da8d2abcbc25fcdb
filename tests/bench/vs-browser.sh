#!/usr/bin/env bash
# The kiosk beside its alternative, a browser in kiosk mode, on the same machine and display:
# Debian's Chromium on an equivalent static home page (home.html beside this script) against
# `tramso --open home`, under one Xvfb at 1920×1080. Prints both columns and the ratios for
# memory (PSS summed over the process tree), launch to a PNG of the first screen (median of
# 3) and idle CPU, then the kiosk's scrolling frame times against the floor of any full-screen
# frame on this renderer (glxgears -fullscreen, Debian's mesa-utils).
#   bash tests/bench/vs-browser.sh [BUILD_DIR]      (about 2 minutes; BUILD_DIR: build-bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${1:-build-bench}
if [ ! -x "$BUILD/tramso" ]; then
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target tramso >/dev/null
fi
case "$BUILD" in /*) BIN=$BUILD/tramso ;; *) BIN=$ROOT/$BUILD/tramso ;; esac
for tool in chromium glxgears Xvfb; do
  command -v "$tool" >/dev/null || { echo "vs-browser: $tool is not installed" >&2; exit 2; }
done
WORK=$(mktemp -d)
PAGE="file://$ROOT/tests/bench/home.html"
printf 'mm_per_px = 0.265\nidle_seconds = 3600\n' > "$WORK/kiosk.toml"

# One display for everything, on a free number.
for n in $(seq 90 140); do [ -e "/tmp/.X$n-lock" ] || { DISP=":$n"; break; }; done
Xvfb "$DISP" -screen 0 1920x1080x24 -dpi 96 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
cleanup() { kill "$XPID" 2>/dev/null || true; wait "$XPID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export DISPLAY=$DISP
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null || sleep 1

CHROME=(chromium --no-sandbox --no-first-run --no-default-browser-check --noerrdialogs
        --disable-background-networking --disable-component-update --disable-sync
        --password-store=basic --use-mock-keychain)
KIOSK=("$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var")

descendants() { # PID -> PID and all its descendants
  local all=("$1") i=0
  while [ $i -lt ${#all[@]} ]; do
    for c in $(pgrep -P "${all[$i]}" 2>/dev/null); do all+=("$c"); done
    i=$((i + 1))
  done
  echo "${all[@]}"
}
pss_kib() { # sum of Pss over the tree
  local sum=0 v
  for p in $(descendants "$1"); do
    v=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
ticks() { # utime+stime over the tree
  local sum=0 v
  for p in $(descendants "$1"); do
    v=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}
steady() { # command... -> "pss_kib idle_cpu_percent" after it has settled on its first screen
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep 6
  local tck t0 t1 pss
  tck=$(getconf CLK_TCK)
  t0=$(ticks "$pid")
  sleep 10
  t1=$(ticks "$pid")
  pss=$(pss_kib "$pid")
  for p in $(descendants "$pid"); do kill "$p" 2>/dev/null || true; done
  wait "$pid" 2>/dev/null || true
  sleep 1
  echo "$pss $(awk -v a="$t0" -v b="$t1" -v t="$tck" 'BEGIN{printf "%.1f", (b-a)/t/10*100}')"
}
launch_ms() { # command... (writes a PNG and exits) -> median of 3 wall-clock ms
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done | sort -n | sed -n 2p
}

read -r c_pss c_cpu < <(steady "${CHROME[@]}" --user-data-dir="$WORK/chrome" --kiosk "$PAGE")
read -r k_pss k_cpu < <(steady "${KIOSK[@]}" --open home)
c_launch=$(launch_ms "${CHROME[@]}" --user-data-dir="$WORK/chrome2" --headless=new \
  --window-size=1920,1080 --screenshot="$WORK/chrome.png" "$PAGE")
k_launch=$(launch_ms "${KIOSK[@]}" --windowed 1920x1080 --open home --frames 1 \
  --screenshot "$WORK/kiosk.png")
[ -s "$WORK/chrome.png" ] && [ -s "$WORK/kiosk.png" ] || { echo "vs-browser: a screenshot is missing" >&2; exit 1; }

# The floor: glxgears fullscreen on the same display prints frames per 5 s.
gears=$(timeout 16 glxgears -fullscreen 2>/dev/null | awk '/frames in/{fps=$(NF-1)} END{print fps}' || true)
floor=$(awk -v f="${gears:-0}" 'BEGIN{ if (f > 0) printf "%.1f", 1000/f; else print "0" }')

# The kiosk's scrolling frames: a finger scrolls the team's lesson list up and down.
printf '902715\n902715\n' | "${KIOSK[@]}" staff add --role team >/dev/null
{
  echo "open staff-launch"
  for d in 9 0 2 7 1 5; do echo "tap \"$d\""; done
  echo 'expect "Từng bài học"'
  for _ in $(seq 30); do
    echo 'swipe "Đăng nhập Cổng dịch vụ công bằng VNeID" -160'
    echo 'swipe "Đăng nhập Cổng dịch vụ công bằng VNeID" 160'
  done
} > "$WORK/scroll.txt"
"${KIOSK[@]}" --script "$WORK/scroll.txt" --frame-times "$WORK/frames.txt" >/dev/null 2>&1
read -r f50 f95 f99 nframes < <(python3 - "$WORK/frames.txt" <<'PY'
import sys
v = sorted(float(x) for x in open(sys.argv[1]) if x.strip())[20:] or [0.0]  # after start-up
q = lambda p: v[min(len(v) - 1, int(len(v) * p))]
print(f"{q(.5):.1f} {q(.95):.1f} {q(.99):.1f} {len(v)}")
PY
)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "—" }'; }
echo "Trạm Số vs Chromium — $(date -u '+%Y-%m-%d %H:%M') UTC — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(chromium --version 2>/dev/null | head -1)"
echo "One Xvfb 1920×1080, Mesa llvmpipe; kiosk: $BUILD"
echo
echo "| measure | Chromium | tramso | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| memory, PSS summed over the process tree | $((c_pss / 1024)) MiB | $((k_pss / 1024)) MiB | $(ratio "$k_pss" "$c_pss") | ≤ 0.25 |"
echo "| launch to a PNG of the first screen (median of 3) | $c_launch ms | $k_launch ms | $(ratio "$k_launch" "$c_launch") | ≤ 0.20 |"
echo "| idle CPU on a still screen (10 s) | $c_cpu % | $k_cpu % | — | stays ~0 |"
echo
echo "| scrolling the team's lesson list ($nframes frames) | p50 | p95 | p99 | floor (glxgears) | p95 / floor | goal |"
echo "|---|---|---|---|---|---|---|"
echo "| frame time | $f50 ms | $f95 ms | $f99 ms | $floor ms | $(ratio "$f95" "$floor") | ≤ 1.5 |"
