#!/usr/bin/env python3
"""Allocation benchmark: our plans against independent scores and exact optima.

Usage: bench/allocation.py ALCHEMY MEASURE [--quick] [--time-limit S]

Cases named "k20", "k40", ... have that many themes (8 otherwise); with no
"list" in the name alchemy chooses the tables' themes (count mode).
For each case it generates an event with ../shared/bench/gen_event.py, runs
`alchemy allocate` (time and peak memory through bench/measure), scores the
plan with ../shared/bench/score_allocation.py (independent of our code),
checks that `alchemy score` gives the same figures, and sets beside ours:
  - optimum.py's exact optimum for table-list cases up to 250 delegates,
  - demand_bound.py's lower bound for count cases up to 250 delegates,
  - `alchemy check`'s time on the same event (the load), as a ratio.
Prints one table. GLPK (glpk-utils) is needed for the optimum and bound
columns; without it they show '-'.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "bench")
OUT = os.path.join(ROOT, "bench", "out")

# name, delegates, tables, gen_event options, seeds
CASES = [
    ("e3m list", 110, 12, ["--explicit-themes"], [1, 2, 3]),
    ("e3m count", 110, 12, [], [1, 2, 3]),
    ("scarce role", 110, 12, ["--explicit-themes",
                              "--roles", "commissioner=40,investor=6,coop=20,social-enterprise=34"], [1, 2]),
    ("big org", 110, 12, ["--explicit-themes", "--big-org", "20"], [1, 2]),
    ("skewed prefs", 110, 12, ["--explicit-themes", "--skew", "3"], [1, 2]),
    ("pins+apart", 110, 12, ["--explicit-themes", "--pins", "8", "--avoid", "6"], [1, 2]),
    ("40/5", 40, 5, ["--explicit-themes", "--themes", "5"], [1, 2]),
    ("250/25 list", 250, 25, ["--explicit-themes", "--pins", "5", "--avoid", "5"], [1]),
    ("250/25 count", 250, 25, [], [1]),
    ("2000/200", 2000, 200, ["--pins", "20", "--avoid", "20"], [1]),
    ("10000/1000", 10000, 1000, ["--pins", "100", "--avoid", "100"], [1]),
    # The themes axis: alchemy chooses the tables' themes (count mode).
    ("250/25 k20", 250, 25, ["--capacity", "12", "--themes", "20"], [1]),
    ("500/50 k40", 500, 50, ["--capacity", "12", "--themes", "40"], [1]),
    ("2000/200 k20", 2000, 200, ["--capacity", "12", "--themes", "20"], [1]),
    ("2000/200 k40", 2000, 200, ["--capacity", "12", "--themes", "40"], [1]),
    ("10000/1000 k40", 10000, 1000, ["--capacity", "12", "--themes", "40"], [1]),
    ("10000/1000 k100", 10000, 1000, ["--capacity", "12", "--themes", "100"], [1]),
    # Themes outnumbering tables (which themes run at all) and a table a theme.
    ("110/12 k20", 110, 12, ["--capacity", "12", "--themes", "20"], [1]),
    ("250/25 k40", 250, 25, ["--capacity", "12", "--themes", "40"], [1]),
    ("250/25 k100", 250, 25, ["--capacity", "12", "--themes", "100"], [1]),
    ("1000/100 k100", 1000, 100, ["--capacity", "12", "--themes", "100"], [1]),
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def measure(tool, cmd):
    p = run([tool] + cmd)
    f = p.stdout.split()
    if p.returncode != 0 or len(f) != 3:
        sys.exit(f"{' '.join(cmd)}: {p.stdout}{p.stderr}")
    if f[2] != "0":
        sys.exit(f"{' '.join(cmd)} exited {f[2]}")
    return float(f[0]), int(f[1]) / 1024.0


def best_of(tool, cmd, n):
    times, mem = [], 0.0
    for _ in range(n):
        t, m = measure(tool, cmd)
        times.append(t)
        mem = max(mem, m)
    return min(times), mem


def glpk_value(script, event, key, limit):
    if not shutil.which("glpsol"):
        return None
    p = run([sys.executable, os.path.join(SHARED, script), event, "--time-limit", str(limit)])
    m = re.search(rf"^{key}: (\S+)", p.stdout, re.M)
    if not m:
        return None
    proven = "not proven" not in p.stdout
    return (float(m.group(1)), proven)


def our_score(alchemy, event, plan):
    p = run([alchemy, "score", event, plan])
    fig = {}
    for line in p.stdout.splitlines():
        for key, label in (("org_pairs", "same-organisation pairs"), ("pref_cost", "5 preference cost"),
                           ("role_spread_excess", "3 role spread beyond one"),
                           ("role_missing", "tables missing a role"),
                           ("org_excess", "4 organisation members over the limit")):
            if line.strip().startswith(label.strip()):
                fig[key] = int(line[40:].split()[0])
    return fig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("measure")
    ap.add_argument("--quick", action="store_true", help="first seed only, no GLPK")
    ap.add_argument("--time-limit", type=int, default=120)
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    head = (f"{'case':<16} {'seed':>4} {'P/T':>10} {'hard':>4} {'size':>4} {'roleX':>5} {'miss':>4} "
            f"{'orgX':>4} {'pairs':>11} {'pref':>5} {'optimum':>8} {'ratio':>6} {'bound':>6} "
            f"{'ms':>7} {'MiB':>6} {'xload':>6} {'same':>4}")
    print("Allocation benchmark: ours, scored by score_allocation.py; optimum.py (list) or\n"
          "demand_bound.py (count) beside it; time and peak memory of `alchemy allocate`.\n")
    print(head)
    print("-" * len(head))
    for name, n, t, opts, seeds in CASES:
        for seed in seeds[:1] if a.quick else seeds:
            d = os.path.join(OUT, f"alloc-{name.replace(' ', '-').replace('/', '-')}-{seed}")
            if not os.path.exists(os.path.join(d, "roster.yaml")):
                run([sys.executable, os.path.join(SHARED, "gen_event.py"), d, "--delegates", str(n),
                     "--tables", str(t), "--seed", str(seed)] + opts, check=True)
            event = os.path.join(d, "event.yaml")
            plan = os.path.join(d, "plan.yaml")
            runs = 3 if n <= 2000 else 2
            t_alloc, mem = best_of(a.measure, [a.alchemy, "allocate", event, "-o", plan], runs)
            t_check, _ = best_of(a.measure, [a.alchemy, "check", event], runs)
            p = run([sys.executable, os.path.join(SHARED, "score_allocation.py"), event, plan, "--json"])
            s = json.loads(p.stdout)
            ours = our_score(a.alchemy, event, plan)
            same = all(ours.get(k) == s[k] for k in ours) and len(ours) == 5
            opt = bound = None
            listed = "--explicit-themes" in opts
            if not a.quick and n <= 250:
                if listed:
                    opt = glpk_value("optimum.py", event, "pref_cost", a.time_limit)
                else:
                    bound = glpk_value("demand_bound.py", event, "pref_cost_bound", a.time_limit)
            ref = opt or bound
            ratio = f"{s['pref_cost'] / ref[0]:.3f}" if ref and ref[0] else ("1.000" if ref else "-")
            opt_s = "-" if not opt else f"{opt[0]:g}{'' if opt[1] else '?'}"
            bound_s = "-" if not bound else f"{bound[0]:g}"
            print(f"{name:<16} {seed:>4} {f'{n}/{t}':>10} {s['hard_errors']:>4} {s['size_spread']:>4} "
                  f"{s['role_spread_excess']:>5} {s['role_missing']:>4} {s['org_excess']:>4} "
                  f"{s['org_pairs']:>5} ({s['org_pairs_min']:>3}) {s['pref_cost']:>5} {opt_s:>8} {ratio:>6} "
                  f"{bound_s:>6} {t_alloc * 1000:>7.1f} {mem:>6.1f} {t_alloc / t_check:>6.2f} "
                  f"{'yes' if same else 'NO':>4}", flush=True)
    print("\nhard: hard-rule breaches; size: largest minus smallest table; roleX: role spread beyond\n"
          "one; miss: tables missing a role that has a member per table; orgX: members over\n"
          "ceil(k/T); pairs: same-organisation pairs (lower bound); pref: preference cost;\n"
          "ratio: pref / optimum (list) or / demand bound (count); '?': GLPK stopped at its time\n"
          "limit without proving optimality; xload: allocate time / check time; same: `alchemy\n"
          "score` agrees with score_allocation.py on every figure.")


if __name__ == "__main__":
    main()
