#!/usr/bin/env python3
"""Plans of two builds side by side: does a change to the allocator make any plan worse?

Usage: bench/plans.py NEW_ALCHEMY OLD_ALCHEMY MEASURE [--events N] [--seed S]

The theme search (count mode) follows estimates read from the stand-in's
flow, and a re-solve may end at any of several flows of the same cost, so a
change to how a re-solve finds its flow, or to a budget, moves some plans
either way: better on one event, worse on the next (docs/allocation.md,
"Judging a change to the search"). A few benchmark rows cannot show that.
This allocates the same events with both builds:
  - the first seed of every case of bench/allocation.py,
  - N events (400) of random shape (1 to 300 delegates, 1 to 100 themes, count
    and list mode, scarce roles, a big organisation, pins, keep-apart pairs,
    absences), made by ../shared/bench/gen_event.py from seed S,
scores both plans with NEW's `alchemy score`, compares the figures level by
level (hard rules, sizes, role spread, missing roles, organisation excess,
same-organisation pairs, preference cost), and prints every event whose plan
differs, then how many got better and worse, and the CPU time of each build.
"""
import argparse
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
OUT = os.path.join(ROOT, "bench", "out")
sys.path.insert(0, HERE)
from allocation import CASES  # noqa: E402

# The levels in the order the allocator weighs them, as `alchemy score` labels them.
LEVELS = (("hard", "1 hard rules broken"), ("size", "2 table sizes"),
          ("role", "3 role spread beyond one"), ("missing", "tables missing a role they could have"),
          ("org", "4 organisation members over the limit"), ("pairs", "same-organisation pairs"),
          ("pref", "5 preference cost"))


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def random_shape(rng):
    """gen_event.py options for one event of random shape."""
    n = max(1, int(round(10 ** rng.uniform(0, 2.48))))   # 1 to 300, as many small as large
    cap = rng.choice([0, 0, 4, 6, 8, 10, 12, 17])
    seats = cap if cap else 10
    tables = max(1, min(n, int(round(n / max(1, seats - rng.choice([0, 1, 2]))))))
    opts = ["--delegates", str(n), "--tables", str(tables), "--capacity", str(cap),
            "--themes", str(rng.choice([1, 2, 5, 8, 12, 20, 40, 63, 100]))]
    if rng.random() < 0.3:
        opts.append("--explicit-themes")
    if rng.random() < 0.25:
        opts += ["--roles", "commissioner=40,investor=6,coop=20,social-enterprise=34"]
    if rng.random() < 0.2:
        opts += ["--big-org", str(max(2, n // 5))]
    if rng.random() < 0.2:
        opts += ["--skew", "3"]
    if rng.random() < 0.2 and n >= 4:   # pins and pairs need people to pick from
        opts += ["--pins", str(rng.randint(1, max(1, n // 10)))]
    if rng.random() < 0.2 and n >= 4:
        opts += ["--avoid", str(rng.randint(1, max(1, n // 10)))]
    if rng.random() < 0.1:
        opts += ["--absent", "0.1"]
    return opts


def figures(alchemy, event, plan):
    """The plan's figures, level by level, or None without a plan."""
    if not os.path.exists(plan):
        return None
    p = run([alchemy, "score", event, plan])
    got = {}
    for line in p.stdout.splitlines():
        for key, label in LEVELS:
            if line.strip().startswith(label) and key not in got:
                words = line.strip()[len(label):].split()
                word = words[0] if words else "0"
                if key == "hard":   # "hold", else how many are broken
                    got[key] = 0 if word == "hold" else int(word) if word.isdigit() else 1
                elif key == "size":   # "9-10": smallest and largest
                    lo, _, hi = word.partition("-")
                    got[key] = int(hi) - int(lo) if lo.isdigit() and hi.isdigit() else 0
                else:
                    got[key] = int(word) if word.isdigit() else 0
    return tuple(got.get(k, 0) for k, _ in LEVELS)


def cpu_seconds(measure, cmd):
    p = run([measure] + cmd)
    f = p.stdout.split()
    return float(f[0]) if len(f) == 3 else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("new")
    ap.add_argument("old")
    ap.add_argument("measure")
    ap.add_argument("--events", type=int, default=400, help="events of random shape (400)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the random shapes (1)")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    events = []
    for name, n, t, opts, seeds in CASES:
        d = os.path.join(OUT, f"alloc-{name.replace(' ', '-').replace('/', '-')}-{seeds[0]}")
        events.append((name, d, ["--delegates", str(n), "--tables", str(t), "--seed", str(seeds[0])] + opts))
    rng = random.Random(a.seed)
    for i in range(a.events):
        opts = random_shape(rng)
        events.append((f"random {a.seed}.{i}", os.path.join(OUT, f"plans-{a.seed}-{i}"),
                       opts + ["--seed", str(rng.randint(1, 10 ** 6))]))
    print(f"Plans of {a.new} (new) against {a.old} (old), {len(events)} events.\n"
          f"Figures: hard size role missing org pairs pref (lower is better, first differing decides).\n")
    better = worse = same_levels = 0
    pref_delta = 0
    t_old = t_new = 0.0
    differ = 0
    for name, d, opts in events:
        if not os.path.exists(os.path.join(d, "roster.yaml")):
            p = run([sys.executable, os.path.join(SHARED, "gen_event.py"), d] + opts)
            if p.returncode != 0:
                last = (p.stderr.strip().splitlines() or ["failed"])[-1]
                print(f"{name}: gen_event.py {' '.join(opts)}: {last}", file=sys.stderr)
                continue
        event = os.path.join(d, "event.yaml")
        plans = []
        for who, alchemy in (("old", a.old), ("new", a.new)):
            plan = os.path.join(d, f"plan-{who}.yaml")
            if os.path.exists(plan):
                os.unlink(plan)
            secs = cpu_seconds(a.measure, [alchemy, "allocate", event, "-o", plan])
            if who == "old":
                t_old += secs
            else:
                t_new += secs
            plans.append(plan)
        old_plan, new_plan = plans
        with open(old_plan, "rb") if os.path.exists(old_plan) else open(os.devnull, "rb") as f:
            old_bytes = f.read()
        with open(new_plan, "rb") if os.path.exists(new_plan) else open(os.devnull, "rb") as f:
            new_bytes = f.read()
        if old_bytes == new_bytes:
            continue
        differ += 1
        fo, fn = figures(a.new, event, old_plan), figures(a.new, event, new_plan)
        verdict = "same figures"
        if fo is None or fn is None:
            verdict = "one build made no plan"
        elif fn < fo:
            better += 1
            verdict = "better"
        elif fn > fo:
            worse += 1
            verdict = "WORSE"
        if fo and fn and fo[:-1] == fn[:-1]:
            same_levels += 1
            pref_delta += fn[-1] - fo[-1]
        print(f"{name:<16} {os.path.relpath(event, ROOT):<44} old {fo}  new {fn}  {verdict}", flush=True)
    print(f"\n{len(events)} events, {differ} plans differ: {better} better, {worse} worse; "
          f"preference cost {pref_delta:+d} over the {same_levels} that differ only there.\n"
          f"CPU: old {t_old:.2f} s, new {t_new:.2f} s (new/old {t_new / t_old if t_old else 0:.3f}).")


if __name__ == "__main__":
    main()
