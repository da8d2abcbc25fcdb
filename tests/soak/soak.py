#!/usr/bin/env python3
"""The soak's sampler and its verdict (tests/soak/soak.sh runs both).

  soak.py sample WORK PID MARKER EXPORT_CMD...
      Four times a second, until the script's end marker (a file the script writes before `quit`)
      appears or the kiosk is gone: the kiosk's RSS, open files and threads, the visits
      recorded so far and the database's size, into WORK/samples.csv. Every 20 s it runs
      EXPORT_CMD (`tramso export`) and stops at the first that fails. Nothing is sampled
      while the kiosk shuts down.

  soak.py judge WORK [BOUND_KB_PER_VISIT]
      The verdict, on the steady part (the last two thirds of the visits):
      - memory by its trend: the kiosk's heap in use, ten times a second (WORK/heap.log,
        written by the probe preloaded into the kiosk, tests/soak/soak_shim.c: glibc's bytes
        allocated and not freed, without SQLite's page caches, which grow with the database up
        to their bound). Unlike RSS it falls again when memory is freed, whether or not the
        allocator returns the pages; RSS moved by ±35 MB between visits and stepped when the
        allocator kept a freed picture's pages, so the same binary read as -1.9, +9.7 and +5.6
        KB/visit in three 600-visit runs.
        The trend is the least-squares slope of the lowest heap in each group of G visits (the
        floor, what stays allocated: a leak raises it, a picture being decoded at that moment
        does not; G is 5, or less in a short run so that the fit has 12 groups or more), in KB
        per visit, with its standard error SE from the fit's residuals.
        BOUND (default 0.5 KB per visit) lies halfway between a healthy kiosk (0) and the
        smallest leak to catch (1 KB per visit). A run that resolves it (3 SE <= BOUND) fails
        when the slope exceeds BOUND: a healthy kiosk then fails in fewer than one run in a
        thousand, and a leak of 1 KB per visit is caught in more than 999. A run that does not
        (a short one, or a noisy one) fails only when the slope exceeds BOUND by more than t SE,
        t being Student's one-sided 99.9 % quantile for the fit's degrees of freedom: a growth
        the noise cannot explain (60 visits catch the self-test's 2 MB per visit). The verdict
        prints the smallest leak the run would catch;
      - RSS as a second guard, for memory the heap does not see (a driver's own mappings): its
        floor per group of G visits, fitted the same way, fails when it exceeds 10 KB per visit
        by more than t SE;
      - open files and threads by their floor: the smallest count in each group of 10
        visits. A leak raises every later floor; a file or thread that lives a moment (the
        database's journal, a picture being read, the narrator's worker) only raises the
        peak. It fails when the last full group's floor is more than 1 file or thread
        above the first group's. The peak is printed, and the files open at the highest
        count are kept in WORK/fds_at_peak.txt and printed on a failure;
      - integrity_check on the database and the number of visits recorded.
"""
import csv
import os
import sqlite3
import subprocess
import sys
import time


def visits_recorded(db_file):
    try:
        db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("select count(*) from sessions where ended_at is not null").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None  # not created yet, or busy this second


def status_field(pid, name):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise KeyError(name)


def keep_open_files(pid, path, t, visits):
    """What the kiosk has open now, for a closer look when open files grow."""
    lines = []
    try:
        for fd in sorted(os.listdir(f"/proc/{pid}/fd"), key=int):
            try:
                lines.append(f"{fd} -> {os.readlink(f'/proc/{pid}/fd/{fd}')}")
            except OSError:
                pass  # closed meanwhile
    except OSError:
        return
    with open(path, "w") as f:
        f.write(f"t={t} s, visits={visits}, {len(lines)} open\n" + "\n".join(lines) + "\n")


def group_floors(points, size):
    """points: (visit, value). The smallest value in each full group of `size` visits, as
    (group, floor) in visit order; the last group, which may be short, is left out."""
    low = {}
    for v, y in points:
        g = v // size
        low[g] = min(low.get(g, y), y)
    return [(g, low[g]) for g in sorted(low)[:-1]]


def floors(steady, key):
    """The smallest value of `key` in each full group of 10 visits, in visit order."""
    return [y for _, y in group_floors([(r["visits"], r[key]) for r in steady], 10)]


def sample(work, pid, marker, export_cmd):
    db_file = f"{work}/var/stats.sqlite"
    out = open(f"{work}/samples.csv", "w", newline="")
    w = csv.writer(out)
    w.writerow(["t_s", "visits", "rss_kb", "fds", "threads", "db_kb"])
    start = time.monotonic()
    tick = 0  # a quarter of a second
    last_visits = 0
    peak_fds = -1
    while not os.path.exists(marker):
        try:
            rss = status_field(pid, "VmRSS")
            threads = status_field(pid, "Threads")
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, KeyError):
            break  # the kiosk is gone
        if os.path.exists(marker):
            break  # the script ended while this sample was taken: not a steady sample
        v = visits_recorded(db_file)
        last_visits = v if v is not None else last_visits
        db_kb = sum(os.path.getsize(f) // 1024 for f in (db_file, db_file + "-wal") if os.path.exists(f))
        if fds > peak_fds:
            peak_fds = fds
            keep_open_files(pid, f"{work}/fds_at_peak.txt", tick / 4, last_visits)
        w.writerow([tick // 4, last_visits, rss, fds, threads, db_kb])
        out.flush()
        if tick % 80 == 40:
            with open(f"{work}/export.log", "a") as log:
                r = subprocess.run(export_cmd, stdout=subprocess.DEVNULL, stderr=log)
            if r.returncode != 0:
                sys.exit("soak: an export failed:\n" + open(f"{work}/export.log").read())
        tick += 1
        time.sleep(max(0.0, start + tick / 4 - time.monotonic()))
    out.close()


# Student's t, one-sided 99.9 % quantile, by degrees of freedom (1-30, then 40, 60, 120, inf)
T999 = [318.31, 22.33, 10.21, 7.17, 5.89, 5.21, 4.79, 4.50, 4.30, 4.14, 4.02, 3.93, 3.85, 3.79,
        3.73, 3.69, 3.65, 3.61, 3.58, 3.55, 3.53, 3.50, 3.48, 3.47, 3.45, 3.43, 3.42, 3.41, 3.40,
        3.39]


def t999(df):
    if df < 1:
        return float("inf")
    if df <= 30:
        return T999[df - 1]
    return 3.31 if df <= 40 else 3.23 if df <= 60 else 3.16 if df <= 120 else 3.09


def slope(xs, ys):
    """Least-squares slope of ys against xs and its standard error."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if n < 3 or not sxx:
        return 0.0, float("inf")
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    residual = sum((y - my - b * (x - mx)) ** 2 for x, y in zip(xs, ys))
    return b, (residual / (n - 2) / sxx) ** 0.5


def floor_trend(points, size):
    """points: (visit, value). The least-squares slope of the floor of each full group of
    `size` visits (group_floors) against the group's middle, its standard error, and the
    number of groups."""
    groups = group_floors(points, size)
    b, se = slope([(g + 0.5) * size for g, _ in groups], [y for _, y in groups])
    return b, se, len(groups)


def judge(work, bound):
    rows = [{k: int(v) for k, v in r.items()} for r in csv.DictReader(open(f"{work}/samples.csv"))]
    db = sqlite3.connect(f"file:{work}/var/stats.sqlite?mode=ro", uri=True)
    ok = db.execute("pragma integrity_check").fetchone()[0]
    visits = db.execute("select count(*) from sessions").fetchone()[0]
    if len(rows) < 8 or rows[-1]["visits"] < 45:
        sys.exit(f"soak: too few samples ({len(rows)}, {rows[-1]['visits'] if rows else 0} visits); "
                 "run 60 visits or more")
    heap = []  # (visits, KB): the heap in use ten times a second, without the page caches
    for line in open(f"{work}/heap.log"):
        v, total, page_cache = (int(x) for x in line.split())
        heap.append((v, (total - page_cache) / 1024))
    last = heap[-1][0]
    warm = last // 3
    # after the last visit the kiosk quits and frees what it holds: not a steady sample
    steady_heap = [(v, kb) for v, kb in heap if warm <= v < last]
    size = min(5, max(2, (last - warm) // 13))
    kb_per_visit, se, n = floor_trend(steady_heap, size)
    t = t999(n - 2)
    resolving = 3 * se <= bound
    smallest = bound + (3 if resolving else t) * se
    steady = [r for r in rows if r["visits"] >= warm]
    rss_trend, rss_se, rss_n = floor_trend([(r["visits"], r["rss_kb"]) for r in steady], size)
    rss_t = t999(rss_n - 2)
    fds = [r["fds"] for r in steady]
    thr = [r["threads"] for r in steady]
    rss = [r["rss_kb"] for r in steady]
    heap_kb = [kb for _, kb in steady_heap]
    print(f"soak: {rows[-1]['t_s'] + 1} s sampled, {visits} visits recorded (steady part: visits "
          f"{warm}-{last}); heap in use {min(heap_kb) / 1024:.1f}-{max(heap_kb) / 1024:.1f} MB, "
          f"trend {kb_per_visit:+.2f} ± {se:.2f} KB/visit (floor of each {size} visits, {n} "
          f"groups; {'resolves the bound: fails above ' + str(bound) if resolving else f'fails above {bound} + {t:.1f} SE = {bound + t * se:.1f}'} "
          f"KB/visit; catches leaks of {smallest:.1f} KB/visit and more); RSS "
          f"{min(rss) / 1024:.1f}-{max(rss) / 1024:.1f} MB, trend {rss_trend:+.2f} ± {rss_se:.2f} "
          f"KB/visit (fails above 10 + {rss_t:.1f} SE = {10 + rss_t * rss_se:.1f}); open files "
          f"{min(fds)}-{max(fds)}; threads {min(thr)}-{max(thr)}; database {rows[-1]['db_kb']} KB; "
          f"integrity {ok}")
    problems = []
    if (kb_per_visit > bound) if resolving else (kb_per_visit - t * se > bound):
        problems.append(f"the heap grows by {kb_per_visit:.2f} ± {se:.2f} KB per visit "
                        f"(bound {bound})")
    if rss_trend - rss_t * rss_se > 10:
        problems.append(f"RSS grows by {rss_trend:.2f} ± {rss_se:.2f} KB per visit (bound 10)")
    fd_floor, thr_floor = floors(steady, "fds"), floors(steady, "threads")
    print(f"soak: floor of open files per 10 visits {fd_floor}; of threads {thr_floor}")
    if len(fd_floor) >= 2 and fd_floor[-1] - fd_floor[0] > 1:
        problems.append(f"open files grew (floor {fd_floor[0]} -> {fd_floor[-1]})")
        if os.path.exists(f"{work}/fds_at_peak.txt"):
            print("soak: open at the peak:\n" + open(f"{work}/fds_at_peak.txt").read())
    if len(thr_floor) >= 2 and thr_floor[-1] - thr_floor[0] > 1:
        problems.append(f"threads grew (floor {thr_floor[0]} -> {thr_floor[-1]})")
    if ok != "ok":
        problems.append("integrity_check failed")
    if problems:
        sys.exit("soak: FAIL: " + "; ".join(problems))
    print("soak: PASS")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:])
    elif sys.argv[1] == "judge":
        judge(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.5)
    else:
        sys.exit(__doc__)
