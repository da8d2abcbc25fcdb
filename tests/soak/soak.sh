#!/usr/bin/env bash
# Soak: a festival day at speed under Xvfb. Plays VISITS resident visits (every lesson,
# portal and toolbar setting, idle resets, staff logins) while `tramso export` runs every
# 20 s; samples the kiosk's RSS, open files, threads and the visits recorded four times a
# second until the script's last step (not while the kiosk shuts down), and its heap in use
# ten times a second (a probe preloaded into it, tests/soak/soak_shim.c); and judges the
# steady part (the last two thirds of the visits): the heap by its trend in KB per visit
# (bound 0.5 KB/visit; the verdict prints the smallest leak the run could catch: 1.5-2
# KB/visit in 600 visits here, 0.9 in 1,200), RSS against gross growth,
# open files and threads flat, integrity_check passes (tests/soak/soak.py says how).
#   bash tests/soak/soak.sh [VISITS] [BUILD_DIR]     (ctest: 60 visits; long: 1200)
# Self-test of the verdict: with SOAK_LEAK_KB=N the probe also leaks N KB each time a visit
# is recorded; the soak must then fail on the heap's trend (tests/soak/expect_leak.sh; ctest
# soak_catches_a_leak, 2 MB per visit over 60 visits; by hand, SOAK_LEAK_KB=1 over 1200).
set -euo pipefail
VISITS=${1:-120}
BUILD=${2:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="$ROOT/$BUILD/tramso"
[ -x "$BIN" ] || BIN="$BUILD/tramso"
# The probe (tests/soak/soak_shim.c, built with the tests, never installed) logs the kiosk's
# heap in use ten times a second; with SOAK_LEAK_KB it also leaks that much per visit.
SHIM="$(dirname "$BIN")/tests/soak/libsoak_shim.so"
[ -f "$SHIM" ] || { echo "soak: needs $SHIM (built with the tests)"; exit 1; }
WORK=$(mktemp -d /tmp/tramso-soak.XXXXXX)
PRELOAD=(env LD_PRELOAD="$SHIM" SOAK_HEAP_LOG="$WORK/heap.log")
if [ -n "${SOAK_LEAK_KB:-}" ]; then
  PRELOAD+=(SOAK_LEAK_KB="$SOAK_LEAK_KB")
  echo "soak: self-test: the kiosk leaks $SOAK_LEAK_KB KB per visit recorded"
fi
# SOAK_KEEP=DIR keeps the samples (samples.csv, heap.log) and the data (var/) there
trap 'kill $(jobs -p) 2>/dev/null || true; [ -z "${SOAK_KEEP:-}" ] || { mkdir -p "$SOAK_KEEP"; cp -r "$WORK/samples.csv" "$WORK/heap.log" "$WORK/var" "$SOAK_KEEP/" 2>/dev/null; }; rm -rf "$WORK"' EXIT
cat > "$WORK/kiosk.toml" <<CFG
mm_per_px = 0.265
idle_seconds = 15
warning_seconds = 20
kiosk_id = "soak"
CFG
printf '902715\n902715\n' | "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" \
  staff add --role technician --label soak >/dev/null
python3 "$HERE/make_script.py" "$VISITS" 902715 "$WORK/end.png" > "$WORK/soak.txt"
mkdir -p "$WORK/stick"

xvfb-run -a -s "-screen 0 1920x1080x24" "${PRELOAD[@]}" "$BIN" --config "$WORK/kiosk.toml" \
  --data-dir "$WORK/var" --script "$WORK/soak.txt" 2> "$WORK/kiosk.log" &
XPID=$!
PID=""
for _ in $(seq 100); do
  for p in $(pgrep -x tramso || true); do
    tr '\0' ' ' < /proc/"$p"/cmdline 2>/dev/null | grep -q -- "--script $WORK/soak.txt" && PID=$p
  done
  [ -n "$PID" ] && break
  sleep 0.1
done
[ -n "$PID" ] || { echo "soak: the kiosk did not start"; cat "$WORK/kiosk.log"; exit 1; }
python3 "$HERE/soak.py" sample "$WORK" "$PID" "$WORK/end.png" \
  "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" export --to "$WORK/stick"
wait "$XPID" || { echo "soak: the script failed"; tail -5 "$WORK/kiosk.log"; exit 1; }
python3 "$HERE/soak.py" judge "$WORK"
