#!/usr/bin/env python3
"""Rounds benchmark: social-golfer instances with a known optimum.

Usage: bench/rounds.py ALCHEMY [--seeds 1,2,3]

Each instance is N delegates at T tables of N/T for R rounds, one role, every
delegate from their own organisation, no preferences: all that is left to
optimise is who meets whom again and who gets a theme twice. Every instance
listed has a schedule in which nobody meets anyone twice (affine planes,
Kirkman's schoolgirls, solved social-golfer cases), so the optimum of
"repeated meetings" is 0; with R > T somebody must get a theme again, at
least N * (R - T) times in all.

The counts are taken from the plan file here, independently of alchemy's own
figures: a pair seated together in k rounds counts k - 1 repeated meetings.
"""
import argparse
import itertools
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "bench", "out")

# (delegates, tables, rounds, where the zero-repeat schedule comes from)
INSTANCES = [
    (9, 3, 4, "affine plane AG(2,3)"),
    (16, 4, 5, "affine plane AG(2,4)"),
    (15, 5, 7, "Kirkman's schoolgirls"),
    (20, 5, 5, "social golfer 5-4-5"),
    (25, 5, 6, "affine plane AG(2,5)"),
    (32, 8, 6, "social golfer 8-4-6"),
    (32, 8, 10, "social golfer 8-4-10"),
    (100, 10, 3, "3 rounds of 10 x 10"),
]


def write_event(path, n, t, r):
    with open(path, "w") as f:
        f.write(f"event: {{name: Golfers {n}-{t}-{r}, rounds: {r}}}\n")
        f.write("roles:\n  - {id: guest, label: Guest}\nthemes:\n")
        for j in range(t):
            f.write(f"  - {{id: th{j + 1}, title: Theme {j + 1}}}\n")
        f.write("roster:\n")
        for i in range(n):
            f.write(f"  - {{id: g{i + 1:04d}, name: G{i + 1}, organisation: Org {i + 1}, role: guest}}\n")
        f.write(f"tables: {{count: {t}, capacity: {n // t}}}\n")


def read_plan(path):
    """[(theme, [delegate ids])] per round, from the plan's own YAML layout."""
    rounds, theme = [], None
    for line in open(path):
        s = line.strip()
        if s.startswith("- round:"):
            rounds.append([])
        elif s.startswith("theme:"):
            theme = s.split(":", 1)[1].strip()
        elif s.startswith("delegates:"):
            ids = s.split(":", 1)[1].strip().strip("[]")
            rounds[-1].append((theme, [x.strip() for x in ids.split(",") if x.strip()]))
    return rounds


def count_repeats(rounds):
    met, themes = {}, {}
    for tables in rounds:
        for theme, ids in tables:
            for d in ids:
                themes[(d, theme)] = themes.get((d, theme), 0) + 1
            for pair in itertools.combinations(sorted(ids), 2):
                met[pair] = met.get(pair, 0) + 1
    return sum(k - 1 for k in met.values()), sum(k - 1 for k in themes.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    os.makedirs(OUT, exist_ok=True)
    print("Rounds: repeated meetings against the known optimum (0), best and worst over seeds "
          + ",".join(map(str, seeds)) + "\n")
    head = (f"{'N-T-R':>10} {'schedule':<24} {'rounds':>6} {'meet again':>10} {'optimum':>7} "
            f"{'worst':>5} {'theme again':>11} {'bound':>5} {'ms':>7}")
    print(head)
    print("-" * len(head))
    total_best = 0
    for n, t, r, source in INSTANCES:
        d = os.path.join(OUT, f"rounds-{n}-{t}-{r}")
        os.makedirs(d, exist_ok=True)
        event = os.path.join(d, "event.yaml")
        write_event(event, n, t, r)
        results = []
        for seed in seeds:
            plan = os.path.join(d, f"allocation-{seed}.yaml")
            start = time.perf_counter()
            p = subprocess.run([a.alchemy, "allocate", event, "--seed", str(seed), "-o", plan],
                               capture_output=True, text=True)
            ms = (time.perf_counter() - start) * 1000
            if p.returncode != 0:
                sys.exit(f"alchemy allocate {event} --seed {seed}: exit {p.returncode}\n{p.stderr}")
            rounds = read_plan(plan)
            if len(rounds) != r:
                sys.exit(f"{plan}: {len(rounds)} rounds, expected {r}")
            results.append(count_repeats(rounds) + (ms,))
        best = min(results)
        worst = max(results)
        total_best += best[0]
        print(f"{f'{n}-{t}-{r}':>10} {source:<24} {r:>6} {best[0]:>10} {0:>7} "
              f"{worst[0]:>5} {best[1]:>11} {n * max(0, r - t):>5} {max(x[2] for x in results):>7.0f}")
    print(f"\nrepeated meetings, best seed, all instances: {total_best} (optimum 0)")


if __name__ == "__main__":
    main()
