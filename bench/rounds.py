#!/usr/bin/env python3
"""Rounds benchmark: social-golfer instances with a known optimum.

Usage: bench/rounds.py ALCHEMY [--seeds 1,2,3]

Each instance is N delegates at T tables of N/T for R rounds. The first
table holds the rows of issue 8 (one theme, so only who meets whom again
counts), beside the figures the issue gives for two public solvers on a
2-core machine: good-enough-golfers (GEG, JavaScript swap search) and the
tabu search of Dotu & Van Hentenryck; and Triska & Musliu (2012), whose
greedy starts and tabu search alchemy follows, where issue 16 cites their
result (8-4-10 solved). Every row has a schedule in which
nobody meets anyone twice (affine planes, Kirkman's schoolgirls, solved
social-golfer cases), so the optimum is 0. The 96-delegate row with roles
also asks for two of each of 4 roles at every table and no two of one
organisation (organisations of 8) in any round.

The second table gives every table its own theme, with R at most the number
of themes, so nobody may get a theme twice, a rule above repeated meetings.
Where a table seats as many as there are tables, that rule alone forces
repeats (each table of round 2 meets every table of round 1, one of which
had its theme), so 0 is not reachable there; the figure shows how near.

The third table is an event with people: 500 delegates of 5 roles (two of
each at every table) from organisations of 1 to 8, 50 tables of 10, 5 rounds.
No design is known for it, so its repeats are set against a lower bound
computed here (lower_bound()).

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

# (delegates, tables, rounds, where the zero-repeat schedule comes from,
#  GEG, Dotu & Van Hentenryck: their repeated meetings from issue 8, or "";
#  Triska & Musliu 2012: what issue 16 cites of their paper, or "")
GOLFERS = [
    (9, 3, 4, "affine plane AG(2,3)", "", "", ""),
    (16, 4, 5, "affine plane AG(2,4)", "", "", ""),
    (25, 5, 6, "affine plane AG(2,5)", "", "", ""),
    (15, 5, 7, "Kirkman's schoolgirls", "7-9", "0", ""),
    (32, 8, 8, "social golfer 8-4-8", "7-8", "2 (3.5 s)", ""),
    (32, 8, 9, "social golfer 8-4-9", "16-18", "11 (6.5 s)", ""),
    (32, 8, 10, "social golfer 8-4-10", "31-34", "23-25 (10-140 s)", "0"),
    (96, 12, 6, "social golfer 12-8-6", "22-25 (70 s)", "3 (54 s)", ""),
    (96, 12, 3, "4 roles, organisations", "0 (290-320 s)", "no roles", ""),
    (300, 30, 5, "30 x 10 x 5", "", "", ""),
]
# (delegates, tables = themes, rounds, note)
THEMED = [
    (20, 5, 5, "table of 4 < 5 tables"),
    (32, 8, 6, "table of 4 < 8 tables"),
    (100, 10, 3, "table of 10 = 10 tables"),
]


# (delegates, tables, rounds, roles, note): organisations of 1 to 8
PEOPLE = [
    (500, 50, 5, 5, "roles, organisations"),
]


def org_sizes(n):
    """Organisations of 1, 2, ..., 8, 1, 2, ... members until n are placed."""
    sizes, k = [], 0
    while sum(sizes) < n:
        sizes.append(min(k % 8 + 1, n - sum(sizes)))
        k += 1
    return sizes


def lower_bound(n, t, r, orgs):
    """Repeated meetings no plan can go below. Delegate i meets at least
    r * (n // t - 1) people over the rounds (even tables), counted with
    repeats, but only so many different ones: everyone outside its
    organisation when organisations of at most t members may not share a table
    (level 4: at most ceil(k / t) of one at a table); anyone beyond that is a
    repeat, and each repeated meeting is counted from both of its ends."""
    seats = r * (n // t - 1)
    excess = 0
    for k in orgs:
        partners = n - 1 - (k - 1 if k <= t else 0)
        excess += k * max(0, seats - partners)
    return (excess + 1) // 2


def write_event(path, n, t, r, themes, roles, orgs=None):
    """roles: 4 roles (or that many), two of each at a table, organisations
    of 8 or of the sizes in orgs (else one role and everyone their own
    organisation)."""
    role_ids = ["commissioner", "investor", "coop", "social-enterprise", "funder"] if roles else ["guest"]
    if roles is True:
        role_ids = role_ids[:4]
    elif roles:
        role_ids = [f"role{k + 1}" for k in range(roles)]
    org_of = []
    for o, k in enumerate(orgs or []):
        org_of += [o] * k
    with open(path, "w") as f:
        f.write(f"event: {{name: Golfers {n}-{t}-{r}, rounds: {r}}}\nroles:\n")
        for role in role_ids:
            f.write(f"  - {{id: {role}, label: {role}}}\n")
        f.write("themes:\n")
        for j in range(themes):
            f.write(f"  - {{id: th{j + 1}, title: Theme {j + 1}}}\n")
        f.write("roster:\n")
        for i in range(n):
            org = org_of[i] if orgs else i // 8 if roles else i
            f.write(f"  - {{id: g{i + 1:04d}, name: G{i + 1}, organisation: Org {org + 1}, "
                    f"role: {role_ids[i % len(role_ids)]}}}\n")
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


def run_instance(a, seeds, n, t, r, themes, roles, orgs=None):
    """[(meet again, theme again, ms, organisation pairs)] per seed."""
    d = os.path.join(OUT, f"rounds-{n}-{t}-{r}-{themes}{'-roles' if roles else ''}")
    os.makedirs(d, exist_ok=True)
    event = os.path.join(d, "event.yaml")
    write_event(event, n, t, r, themes, roles, orgs)
    org_of = []
    for o, k in enumerate(orgs or []):
        org_of += [o] * k
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
        meet, theme = count_repeats(rounds)
        org_pairs = 0
        if roles:
            for tables in rounds:
                for _, ids in tables:
                    at = [org_of[int(x[1:]) - 1] if orgs else (int(x[1:]) - 1) // 8 for x in ids]
                    org_pairs += sum(at.count(o) * (at.count(o) - 1) // 2 for o in set(at))
        results.append((meet, theme, ms, org_pairs))
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("--seeds", default="1,2,3")
    a = ap.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    os.makedirs(OUT, exist_ok=True)
    print("Rounds: repeated meetings, best and worst over seeds " + ",".join(map(str, seeds))
          + "; ms: the slowest seed\n")
    head = (f"{'tables x size x rounds':>22} {'schedule':<23} {'best':>4} {'worst':>5} {'optimum':>7} "
            f"{'ms':>6}  {'GEG':<14} {'Dotu & VH':<16} {'T & M':<5}")
    print(head)
    print("-" * len(head))
    total = 0
    for n, t, r, source, geg, dotu, tm in GOLFERS:
        roles = "roles" in source
        res = run_instance(a, seeds, n, t, r, 1, roles)
        best, worst = min(x[0] for x in res), max(x[0] for x in res)
        total += best
        extra = f"  org pairs {max(x[3] for x in res)}" if roles else ""
        print(f"{f'{t} x {n // t} x {r}':>22} {source:<23} {best:>4} {worst:>5} {0:>7} "
              f"{max(x[2] for x in res):>6.0f}  {geg:<14} {dotu:<16} {tm:<5}{extra}")
    print(f"\nrepeated meetings, best seed, all rows: {total} (optimum 0)")

    print("\nA theme per table, nobody gets a theme twice (a rule above repeated meetings)\n")
    head = (f"{'tables x size x rounds':>22} {'':<23} {'best':>4} {'worst':>5} {'theme again':>11} {'ms':>6}")
    print(head)
    print("-" * len(head))
    for n, t, r, note in THEMED:
        res = run_instance(a, seeds, n, t, r, t, False)
        print(f"{f'{t} x {n // t} x {r}':>22} {note:<23} {min(x[0] for x in res):>4} "
              f"{max(x[0] for x in res):>5} {max(x[1] for x in res):>11} {max(x[2] for x in res):>6.0f}")

    print("\nAn event with people: no design known, so against a lower bound (lower_bound())\n")
    head = (f"{'tables x size x rounds':>22} {'':<23} {'best':>4} {'worst':>5} {'bound':>7} {'ms':>6}  org pairs")
    print(head)
    print("-" * len(head))
    for n, t, r, roles, note in PEOPLE:
        orgs = org_sizes(n)
        res = run_instance(a, seeds, n, t, r, 1, roles, orgs)
        print(f"{f'{t} x {n // t} x {r}':>22} {note:<23} {min(x[0] for x in res):>4} "
              f"{max(x[0] for x in res):>5} {lower_bound(n, t, r, orgs):>7} {max(x[2] for x in res):>6.0f}"
              f"  {max(x[3] for x in res)}")


if __name__ == "__main__":
    main()
