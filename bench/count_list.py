#!/usr/bin/env python3
"""Count mode against its list-mode twin: where the time of a count-mode
allocation goes, choosing the themes or seating people at them.

Usage: bench/count_list.py ALCHEMY [--runs N] [--quick] [EVENT.yaml ...]

For each count-mode event (the cases below, generated with
../shared/bench/gen_event.py, or the event files given) it allocates once
to learn the themes alchemy chose, writes the twin: the same roster and
themes with a table list of those themes (same capacity), and times, in
CPU seconds (user + sys, best of N runs):
  check   `alchemy check` on the count-mode event (the issue's yardstick),
  list    `alchemy allocate` on the twin (seating alone, themes given),
  count   `alchemy allocate` on the event (choosing themes, then seating).
count/list is what choosing the themes costs on top of seating; where
list/check is already above 5 the seating itself (step 2's flow) is the
part to make faster. The twin's preference cost is shown beside count's:
with the same themes, seating alone should reach the same or better.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
OUT = os.path.join(ROOT, "bench", "out", "count-list")

# name, gen_event options (count mode: no --explicit-themes)
CASES = [
    ("110/12 k20", ["--delegates", "110", "--tables", "12", "--capacity", "12", "--themes", "20"]),
    ("350/7 k8 8 prefs", ["--delegates", "350", "--tables", "7", "--capacity", "0", "--themes", "8", "--prefs", "8"]),
    ("250/25 k100", ["--delegates", "250", "--tables", "25", "--capacity", "12", "--themes", "100"]),
    ("2000/200 k40", ["--delegates", "2000", "--tables", "200", "--capacity", "12", "--themes", "40"]),
    ("10000/1000 k40", ["--delegates", "10000", "--tables", "1000", "--capacity", "12", "--themes", "40"]),
    ("10000/1000 k100", ["--delegates", "10000", "--tables", "1000", "--capacity", "12", "--themes", "100"]),
    ("10000/120 k100", ["--delegates", "10000", "--tables", "120", "--capacity", "86", "--themes", "100"]),
    ("10000/50 k100", ["--delegates", "10000", "--tables", "50", "--capacity", "0", "--themes", "100"]),
]
QUICK = {"110/12 k20", "350/7 k8 8 prefs", "250/25 k100", "2000/200 k40"}


def cpu_seconds(cmd):
    """CPU time (user + sys) of one run of cmd, output discarded."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: " + " ".join(cmd))
    return usage.ru_utime + usage.ru_stime


def best_of(n, cmd):
    return min(cpu_seconds(cmd) for _ in range(n))


def preference_cost(alchemy, event, plan):
    out = subprocess.run([alchemy, "score", event, plan], capture_output=True, text=True).stdout
    m = re.search(r"^\d+ preference cost\s+(\d+)", out, re.M)
    return m.group(1) if m else "-"


def write_twin(event, plan, twin_dir):
    """The event with a table list of the themes the plan chose."""
    src = open(event, encoding="utf-8").read()
    cap = re.search(r"^\s+capacity:\s*(\d+)", src, re.M)
    if not re.search(r"^\s+count:", src, re.M) or not cap:
        sys.exit(event + ": not a count-mode event (tables: {count, capacity})")
    themes = re.findall(r"^\s+- table: (\S+)\n\s+theme: (\S+)", open(plan, encoding="utf-8").read(), re.M)
    seen, tables = set(), []
    for table, theme in themes:   # the first round's tables
        if table in seen:
            break
        seen.add(table)
        tables.append(theme)
    head = src.split("\ntables:")[0]
    base = os.path.dirname(os.path.abspath(event))
    for key in ("themes", "roster"):   # the twin reads the same files
        head = re.sub(r"^%s:\s*(\S+)" % key,
                      lambda m: "%s: %s" % (key, os.path.join(base, m.group(1))), head, flags=re.M)
    os.makedirs(twin_dir, exist_ok=True)
    twin = os.path.join(twin_dir, "event.yaml")
    with open(twin, "w", encoding="utf-8") as f:
        f.write(head + "\ntables:\n")
        for i, theme in enumerate(tables):
            f.write("- id: %d\n  theme: %s\n  capacity: %s\n" % (i + 1, theme, cap.group(1)))
    return twin


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("events", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="the four small cases only")
    args = ap.parse_args()
    alchemy = os.path.abspath(args.alchemy)
    todo = [(os.path.basename(os.path.dirname(os.path.abspath(e))), os.path.abspath(e)) for e in args.events]
    if not todo:
        for name, opts in CASES:
            if args.quick and name not in QUICK:
                continue
            d = os.path.join(OUT, re.sub(r"[^A-Za-z0-9]+", "-", name))
            if not os.path.exists(os.path.join(d, "event.yaml")):
                subprocess.run([sys.executable, os.path.join(SHARED, "gen_event.py"), d, "--seed", "1"] + opts,
                               check=True, stdout=subprocess.DEVNULL)
            todo.append((name, os.path.join(d, "event.yaml")))
    print("CPU seconds, best of %d; count mode's event beside its list-mode twin (same themes)" % args.runs)
    print("%-18s %8s %8s %8s %10s %11s %10s %6s %6s" %
          ("case", "check", "list", "count", "list/check", "count/check", "count/list", "pref", "twin"))
    for name, event in todo:
        work = os.path.join(OUT, "twins", re.sub(r"[^A-Za-z0-9]+", "-", name))
        os.makedirs(work, exist_ok=True)
        plan, twin_plan = os.path.join(work, "count-plan.yaml"), os.path.join(work, "list-plan.yaml")
        subprocess.run([alchemy, "allocate", event, "-o", plan], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        twin = write_twin(event, plan, work)
        check = best_of(args.runs, [alchemy, "check", event])
        listed = best_of(args.runs, [alchemy, "allocate", twin, "-o", twin_plan])
        count = best_of(args.runs, [alchemy, "allocate", event, "-o", plan])
        print("%-18s %8.3f %8.3f %8.3f %10.2f %11.2f %10.2f %6s %6s" %
              (name, check, listed, count, listed / check, count / check, count / listed,
               preference_cost(alchemy, event, plan), preference_cost(alchemy, twin, twin_plan)), flush=True)


if __name__ == "__main__":
    main()
