#!/usr/bin/env bash
# Soak: a festival day at speed under Xvfb. Plays VISITS resident visits (every lesson,
# portal and toolbar setting, idle resets, staff logins) while `tramso export` runs every
# 20 s, samples the kiosk's RSS, open files, threads and the visits recorded four times a second
# until the script's last step (not while the kiosk shuts down), and judges the steady part
# (the last two thirds of the visits): RSS by its trend in KB per visit (fails when it
# exceeds 0.5 KB/visit by more than Student's 99.9 % t standard errors), open files and threads flat,
# integrity_check passes (tests/soak/soak.py says how).
#   bash tests/soak/soak.sh [VISITS] [BUILD_DIR]     (ctest: 60 visits; long: 600 or more)
# Self-test of the verdict: SOAK_LEAK_KB=N preloads tests/soak/leak_shim.c (built with the
# tests only, never installed), which leaks N KB each time a visit is recorded; the soak
# must then fail on RSS (tests/soak/expect_leak.sh; ctest soak_catches_a_leak).
set -euo pipefail
VISITS=${1:-120}
BUILD=${2:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="$ROOT/$BUILD/tramso"
[ -x "$BIN" ] || BIN="$BUILD/tramso"
PRELOAD=()
if [ -n "${SOAK_LEAK_KB:-}" ]; then
  LEAK="$(dirname "$BIN")/tests/soak/libsoak_leak.so"
  [ -f "$LEAK" ] || { echo "soak: SOAK_LEAK_KB needs $LEAK (built with the tests)"; exit 1; }
  PRELOAD=(env LD_PRELOAD="$LEAK" SOAK_LEAK_KB="$SOAK_LEAK_KB")
  echo "soak: self-test: the kiosk leaks $SOAK_LEAK_KB KB per visit recorded"
fi
WORK=$(mktemp -d /tmp/tramso-soak.XXXXXX)
# SOAK_SAMPLES=FILE keeps the samples (CSV) for a closer look
trap 'kill $(jobs -p) 2>/dev/null || true; [ -z "${SOAK_SAMPLES:-}" ] || cp "$WORK/samples.csv" "$SOAK_SAMPLES" 2>/dev/null; rm -rf "$WORK"' EXIT
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
