#!/usr/bin/env bash
# One table of the kiosk's performance, each figure beside its goal, with the machine it ran
# on: builds Release, then measures launch, RSS, idle CPU (static and attract), frame times
# while scrolling a list at 1920×1080 under Xvfb, event enqueue, the dashboard and the
# export over 1,000,000 events, QR encode + upload, and content load.
#   bash tests/bench/run-all.sh            (about 6 minutes on 2 cores)
# Paste its output into tests/bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/install-deps >/dev/null
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench -j"$(nproc)" --target tramso tramso_bench export_bench speech_bench >/dev/null
BIN=$PWD/build-bench/tramso
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
X=(xvfb-run -a -s "-screen 0 1920x1080x24")

# Launch, RSS, idle CPU: the shell benchmark's measurements.
read -r home_cpu _ home_rss < <("${X[@]}" bash tests/bench/shell.sh --measure home 10)
read -r attract_cpu _ attract_rss < <("${X[@]}" bash tests/bench/shell.sh --measure attract 10)
read -r ff_median ff_max < <("${X[@]}" bash tests/bench/shell.sh --launches 10)
rss=$(( home_rss > attract_rss ? home_rss : attract_rss ))

# Frame times while a finger scrolls the launch list (plans and every lesson) up and down.
printf 'mm_per_px = 0.265\nidle_seconds = 3600\n' > "$WORK/kiosk.toml"
printf '902715\n902715\n' | "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" \
  staff add --role team >/dev/null
{
  echo "open staff-launch"
  for d in 9 0 2 7 1 5; do echo "tap \"$d\""; done
  echo 'expect "Từng bài học"'
  for _ in $(seq 30); do
    echo 'swipe "Đăng nhập Cổng dịch vụ công bằng VNeID" -160'
    echo 'swipe "Đăng nhập Cổng dịch vụ công bằng VNeID" 160'
  done
} > "$WORK/scroll.txt"
"${X[@]}" "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" --script "$WORK/scroll.txt" \
  --frame-times "$WORK/frames.txt" 2>/dev/null
read -r f50 f95 f99 nframes < <(python3 - "$WORK/frames.txt" <<'PY'
import sys
v = sorted(float(x) for x in open(sys.argv[1]) if x.strip())[20:] or [0.0]  # after start-up
q = lambda p: v[min(len(v) - 1, int(len(v) * p))]
print(f"{q(.5):.1f} {q(.95):.1f} {q(.99):.1f} {len(v)}")
PY
)

# Micro-benchmarks (JSON) and the export.
"${X[@]}" ./build-bench/tests/bench/tramso_bench --benchmark_format=json \
  --benchmark_filter='BM_EventEnqueue|BM_DashboardChart|BM_DashboardOneMillion|BM_QrEncodeAndUpload|BM_LoadBundledContent' \
  --benchmark_min_time=0.2 > "$WORK/bench.json" 2>/dev/null
read -r enq99 dashAll dashMax qrMin qrMax content < <(python3 - "$WORK/bench.json" <<'PY'
import json, sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
def ms(x):
    f = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[x["time_unit"]]
    return x["real_time"] * f
enq = next(v for k, v in b.items() if k.startswith("BM_EventEnqueue"))["p99_us"]
dash = ms(next(v for k, v in b.items() if k.startswith("BM_DashboardOneMillion")))
charts = [ms(v) for k, v in b.items() if k.startswith("BM_DashboardChart")]
qr = [ms(v) for k, v in b.items() if k.startswith("BM_QrEncodeAndUpload")]
content = ms(b["BM_LoadBundledContent"])
print(f"{enq:.1f} {dash:.0f} {max(charts):.0f} {min(qr):.2f} {max(qr):.2f} {content:.1f}")
PY
)
./build-bench/tests/bench/export_bench make /tmp/tramso-bench-export >/dev/null 2>&1
export_line=$(./build-bench/tests/bench/export_bench run /tmp/tramso-bench-export 2>/dev/null)
export_s=$(sed -n 's/.*: \([0-9.]*\) s, peak RSS \([0-9]*\) MB.*/\1/p' <<<"$export_line")
export_mb=$(sed -n 's/.*: \([0-9.]*\) s, peak RSS \([0-9]*\) MB.*/\2/p' <<<"$export_line")

echo "Trạm Số performance — $(date -u +%Y-%m-%d) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME")"
echo "Release build; Xvfb 1920×1080 with Mesa llvmpipe (software OpenGL)"
echo
echo "| measure | figure | goal |"
echo "|---|---|---|"
echo "| launch to first frame, median / worst of 10 | $ff_median / $ff_max ms | ≤ 500 ms |"
echo "| peak RSS | $(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') MB | report |"
echo "| idle CPU, static home screen (10 s, one core) | $home_cpu % | ≤ 2 % |"
echo "| idle CPU, attract animation (10 s) | $attract_cpu % | ≤ 5 % |"
echo "| frame time scrolling a list, p50 / p95 / p99 ($nframes frames) | $f50 / $f95 / $f99 ms | ≤ 16.7 ms (60 fps) |"
echo "| event enqueue on the UI thread, p99 | $enq99 µs | ≤ 20 µs |"
echo "| dashboard over 1,000,000 events: all charts / slowest chart | $dashAll / $dashMax ms | ≤ 100 ms per chart |"
echo "| export of 1,000,000 events: time / peak RSS | $export_s s / $export_mb MB | ≤ 20 s / ≤ 100 MB |"
echo "| QR encode + upload, per portal | $qrMin–$qrMax ms | ≤ 2 ms |"
echo "| content load (bundled) | $content ms | report |"
echo
echo "Narration (speech_bench):"
./build-bench/tests/bench/speech_bench 2>&1 | sed 's/^/    /'
# The kiosk beside a browser in kiosk mode on the same display (issue #19), when Debian's
# Chromium is installed.
if command -v chromium >/dev/null; then
  echo
  bash tests/bench/vs-browser.sh build-bench
else
  echo
  echo "(vs-browser: Debian's chromium is not installed; apt-get install chromium to compare)"
fi
