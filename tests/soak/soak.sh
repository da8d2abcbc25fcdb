#!/usr/bin/env bash
# Soak: a festival day at speed under Xvfb. Plays VISITS resident visits (every lesson,
# portal and toolbar setting, idle resets, staff logins) while `tramso export` runs every
# 20 s, samples the kiosk's RSS, open files and threads every second, and checks at the end
# that they stayed flat (RSS growth under 1 MB after warm-up) and that the database passes
# integrity_check.
#   bash tests/soak/soak.sh [VISITS] [BUILD_DIR]     (CI: 120 visits; long: 2000)
set -euo pipefail
VISITS=${1:-120}
BUILD=${2:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN="$ROOT/$BUILD/tramso"
[ -x "$BIN" ] || BIN="$BUILD/tramso"
WORK=$(mktemp -d /tmp/tramso-soak.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/kiosk.toml" <<CFG
mm_per_px = 0.265
idle_seconds = 15
warning_seconds = 20
kiosk_id = "soak"
CFG
printf '902715\n902715\n' | "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" \
  staff add --role technician --label soak >/dev/null
python3 "$HERE/make_script.py" "$VISITS" 902715 > "$WORK/soak.txt"
mkdir -p "$WORK/stick"

xvfb-run -a -s "-screen 0 1920x1080x24" "$BIN" --config "$WORK/kiosk.toml" \
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
echo "t_s,rss_kb,fds,threads,db_kb" > "$WORK/samples.csv"
t=0
while kill -0 "$PID" 2>/dev/null; do
  rss=$(awk '/VmRSS/{print $2}' /proc/"$PID"/status 2>/dev/null || echo "")
  thr=$(awk '/Threads/{print $2}' /proc/"$PID"/status 2>/dev/null || echo "")
  fds=$( (ls /proc/"$PID"/fd 2>/dev/null || true) | wc -l)
  db=$( (du -k "$WORK/var/stats.sqlite" "$WORK/var/stats.sqlite-wal" 2>/dev/null || true) | awk '{s+=$1} END {print s+0}')
  [ -n "$rss" ] && echo "$t,$rss,$fds,$thr,$db" >> "$WORK/samples.csv"
  if (( t % 20 == 10 )); then
    "$BIN" --config "$WORK/kiosk.toml" --data-dir "$WORK/var" export --to "$WORK/stick" \
      >/dev/null 2>>"$WORK/export.log" || { echo "soak: an export failed"; cat "$WORK/export.log"; exit 1; }
  fi
  sleep 1
  t=$((t + 1))
done
wait "$XPID" || { echo "soak: the script failed"; tail -5 "$WORK/kiosk.log"; exit 1; }
python3 - "$WORK" <<'PY'
import csv, sqlite3, statistics, sys
work = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{work}/samples.csv"))]
if len(rows) < 8:
    sys.exit(f"soak: too few samples ({len(rows)}); run more visits")
warm = len(rows) // 3
base, tail = rows[warm:warm + max(2, len(rows) // 6)], rows[-max(2, len(rows) // 6):]
rss0 = statistics.median(int(r["rss_kb"]) for r in base)
rss1 = statistics.median(int(r["rss_kb"]) for r in tail)
fds = {int(r["fds"]) for r in rows[warm:]}
thr = {int(r["threads"]) for r in rows[warm:]}
db = sqlite3.connect(f"file:{work}/var/stats.sqlite?mode=ro", uri=True)
ok = db.execute("pragma integrity_check").fetchone()[0]
visits = db.execute("select count(*) from sessions").fetchone()[0]
print(f"soak: {len(rows)} s, {visits} visits recorded; RSS {rss0/1024:.1f} MB after warm-up -> "
      f"{rss1/1024:.1f} MB at the end ({(rss1-rss0)/1024:+.2f} MB); open files {min(fds)}-{max(fds)}; "
      f"threads {min(thr)}-{max(thr)}; database {rows[-1]['db_kb']} KB; integrity {ok}")
problems = []
if rss1 - rss0 >= 1024:
    problems.append("RSS grew by 1 MB or more after warm-up")
if max(fds) - min(fds) > 2:
    problems.append("open files grew")
if max(thr) - min(thr) > 1:
    problems.append("threads grew")
if ok != "ok":
    problems.append("integrity_check failed")
sys.exit("soak: " + "; ".join(problems) if problems else 0)
PY
