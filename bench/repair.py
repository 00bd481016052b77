#!/usr/bin/env python3
"""Repair benchmark: after 10% no-shows and 5% walk-ins, how many already
seated delegates does `alchemy rebalance` move, and what are the figures?

Usage: bench/repair.py ALCHEMY [--seeds 1,2,3]

For each event shape it generates an event (../shared/bench/gen_event.py),
allocates it, marks 10% absent (`alchemy checkin --absent`), adds 5% walk-ins
(`alchemy add`, each seated at once where they fit), then runs `alchemy
rebalance`. Prints moves against no-shows + walk-ins, and the figures of the
plan after, from ../shared/bench/score_allocation.py. A repair that reshuffles
the room would show moves far above the changes.
"""
import argparse
import json
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
SHAPES = [(110, 12), (250, 25), (2000, 200)]
ROLES = ["commissioner", "investor", "coop", "social-enterprise"]


def run(cmd, check=True):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"{' '.join(cmd[:4])}...: {p.stderr}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    print("Repair after 10% no-shows and 5% walk-ins: moves of already-seated delegates\n")
    head = (f"{'P/T':>9} {'seed':>4} {'no-shows':>8} {'walk-ins':>8} {'moved':>5} {'ratio':>5} "
            f"{'hard':>4} {'size':>4} {'roleX':>5} {'miss':>4} {'orgX':>4} {'pairs':>11} {'ms':>7}")
    print(head)
    print("-" * len(head))
    for n, t in SHAPES:
        for seed in (int(s) for s in a.seeds.split(",")):
            d = os.path.join(OUT, f"repair-{n}-{seed}")
            if os.path.exists(d):
                subprocess.run(["rm", "-rf", d])
            run([sys.executable, os.path.join(SHARED, "gen_event.py"), d, "--delegates", str(n),
                 "--tables", str(t), "--seed", str(seed)])
            event = os.path.join(d, "event.yaml")
            run([a.alchemy, "allocate", event])
            rng = random.Random(seed)
            ids = re.findall(r"^- id: (\S+)$", open(os.path.join(d, "roster.yaml")).read(), re.M)
            absent = rng.sample(ids, n // 10)
            run([a.alchemy, "checkin", event] + absent + ["--absent"])
            walkins = n * 5 // 100
            for k in range(walkins):
                run([a.alchemy, "add", event, "--name", f"Walk-in {k}", "--organisation",
                     f"Drop-in {k % 7}", "--role", rng.choice(ROLES)])
            start = time.perf_counter()
            p = run([a.alchemy, "rebalance", event])
            ms = (time.perf_counter() - start) * 1000
            m = re.search(r"(\d+) moved, (\d+) seated, (\d+) seats freed", p.stdout)
            moved = int(m.group(1))
            # The scorer reads presence from the roster: give it the day's.
            import yaml
            scored = os.path.join(d, "as-scored")
            os.makedirs(scored, exist_ok=True)
            for f in ("event.yaml", "themes.yaml", "allocation.yaml"):
                with open(os.path.join(d, f), encoding="utf-8") as src, \
                        open(os.path.join(scored, f), "w", encoding="utf-8") as dst:
                    dst.write(src.read())
            roster = yaml.safe_load(open(os.path.join(d, "roster.yaml"), encoding="utf-8"))
            gone = set(absent)
            for person in roster["delegates"]:
                if person["id"] in gone:
                    person["present"] = False
            with open(os.path.join(scored, "roster.yaml"), "w", encoding="utf-8") as f:
                yaml.safe_dump(roster, f, allow_unicode=True, sort_keys=False)
            s = json.loads(run([sys.executable, os.path.join(SHARED, "score_allocation.py"),
                                os.path.join(scored, "event.yaml"), os.path.join(scored, "allocation.yaml"),
                                "--json"], check=False).stdout)
            changes = len(absent) + walkins
            print(f"{f'{n}/{t}':>9} {seed:>4} {len(absent):>8} {walkins:>8} {moved:>5} "
                  f"{moved / changes:>5.2f} {s['hard_errors']:>4} {s['size_spread']:>4} "
                  f"{s['role_spread_excess']:>5} {s['role_missing']:>4} {s['org_excess']:>4} "
                  f"{s['org_pairs']:>5} ({s['org_pairs_min']:>3}) {ms:>7.0f}", flush=True)
    print("\nmoved: already-seated delegates the repair moved (walk-ins were seated on arrival);\n"
          "ratio: moved / (no-shows + walk-ins); then the independent scorer's figures after.")


if __name__ == "__main__":
    main()
