#!/usr/bin/env python3
"""TUI responsiveness at 10,000 delegates, through a real terminal (tmux).

Usage: bench/tui.py ALCHEMY [--delegates 10000] [--tables 1000]

Generates an event, allocates it, then in a private tmux server measures:
start-up to the first complete screen, the redraw after another desk's
change (no key pressed), a search keystroke in the people view, opening a
table, and a repair proposal (after 10% no-shows). Each figure is the time
from send-keys (or from the other desk's command returning, its change on
disk) until capture-pane shows the marker, polled every 5 ms (so it
includes up to ~5 ms of polling).
"""
import argparse
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
OUT = os.path.join(ROOT, "bench", "out")
SOCK = f"alchemy-bench-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args), capture_output=True, text=True)


def wait_for(text, timeout=60.0):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in tmux("capture-pane", "-p").stdout:
            return time.perf_counter() - start
        time.sleep(0.005)
    sys.exit(f"timed out waiting for {text!r}")


def timed(keys, marker):
    start = time.perf_counter()
    tmux("send-keys", *keys)
    while time.perf_counter() - start < 60:
        if marker in tmux("capture-pane", "-p").stdout:
            return time.perf_counter() - start
        time.sleep(0.005)
    sys.exit(f"timed out waiting for {marker!r}")


def seats(table):
    """The overview's "N/C" for a table, as on the screen now."""
    for line in tmux("capture-pane", "-p").stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == table:
            return next((p for p in parts[1:] if re.fullmatch(r"\d+/\d+", p)), None)
    return None


def outside_changes(alchemy, event, allocation, samples=10):
    """Another desk marks one member of each of the first tables absent;
    returns the seconds from its command returning until the overview
    shows that table one seat emptier, with no key pressed."""
    tables = re.findall(r"- table: (\S+)\n.*\n +delegates: \[([^]]*)\]", open(allocation).read())
    times = []
    for table, members in tables[:samples]:
        before = seats(table)
        who = members.split(", ")[0]
        subprocess.run([alchemy, "checkin", event, who, "--absent"], check=True, capture_output=True)
        start = time.perf_counter()
        while seats(table) == before:
            if time.perf_counter() - start > 60:
                sys.exit(f"timed out waiting for table {table} to change from {before}")
            time.sleep(0.005)
        times.append(time.perf_counter() - start)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("--delegates", type=int, default=10000)
    ap.add_argument("--tables", type=int, default=1000)
    a = ap.parse_args()
    alchemy = os.path.abspath(a.alchemy)
    d = os.path.join(OUT, f"tui-{a.delegates}")
    subprocess.run(["rm", "-rf", d])
    subprocess.run([sys.executable, os.path.join(SHARED, "gen_event.py"), d, "--delegates",
                    str(a.delegates), "--tables", str(a.tables), "--seed", "5"], check=True)
    event = os.path.join(d, "event.yaml")
    subprocess.run([alchemy, "allocate", event], check=True, capture_output=True)
    env = "env LANG=C.UTF-8 TERM=xterm-256color"
    rows = []
    try:
        start = time.perf_counter()
        tmux("-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", f"{env} '{alchemy}' '{event}'")
        wait_for("Plan: ")
        rows.append(("start-up to the first screen", time.perf_counter() - start))
        late = sorted(outside_changes(alchemy, event, os.path.join(d, "allocation.yaml")))
        rows.append((f"redraw after another desk's change, median of {len(late)}", late[len(late) // 2]))
        rows.append((f"  the slowest of those {len(late)}", late[-1]))
        rows.append(("open the people view", timed(["p"], "shown")))
        tmux("send-keys", "/")
        wait_for("search: _")
        rows.append(("search: first letter typed", timed(["K"], "search: K_")))
        rows.append(("search: second letter typed", timed(["h"], "search: Kh_")))
        tmux("send-keys", "Escape", "Escape")
        wait_for("Tables")
        rows.append(("open a table", timed(["Enter"], "Table 1: ")))
        tmux("send-keys", "Escape")
        wait_for("Tables")
        ids = re.findall(r"^- id: (\S+)$", open(os.path.join(d, "roster.yaml")).read(), re.M)
        absent = random.Random(5).sample(ids, len(ids) // 10)
        subprocess.run([alchemy, "checkin", event] + absent + ["--absent"], check=True, capture_output=True)
        rows.append(("repair proposal after 10% no-shows", timed(["r"], "y applies")))
        rows.append(("apply the repair (and save)", timed(["y"], "Repaired")))
    finally:
        tmux("kill-server")
    print(f"TUI at {a.delegates} delegates, {a.tables} tables (80x24, via tmux)\n")
    for name, seconds in rows:
        print(f"  {name:<52} {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
