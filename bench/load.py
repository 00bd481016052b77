#!/usr/bin/env python3
"""Loading benchmark: `alchemy check` against a bare libyaml parse.

Usage: bench/load.py ALCHEMY BARE_PARSE MEASURE [--sizes 1000,10000,50000] [--runs 5]

Generates events with ../shared/bench/gen_event.py (one per size, seeded),
then times `alchemy check EVENT` and `bare_parse event.yaml themes.yaml
roster.yaml` (the floor: libyaml's parser over the same bytes, building
nothing). Prints the best of --runs wall times, peak memory (max RSS of that
process alone, from wait4), and the ratios. Goal at 10,000 delegates: at most
2x the bare parse, under 100 MB.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_event.py")


def measure(measure_tool, cmd, runs):
    """Best wall time (s) and largest peak RSS (MiB) over runs, taken by the
    small C helper bench/measure (a Python parent would inflate the RSS)."""
    best, peak = float("inf"), 0.0
    for _ in range(runs):
        p = subprocess.run([measure_tool] + cmd, capture_output=True, text=True)
        fields = p.stdout.split()
        if p.returncode != 0 or len(fields) != 3 or fields[2] != "0":
            sys.exit(f"{' '.join(cmd)} failed:\n{p.stdout}{p.stderr}")
        best = min(best, float(fields[0]))
        peak = max(peak, int(fields[1]) / 1024.0)
    return best, peak


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("bare_parse")
    ap.add_argument("measure")
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if not os.path.exists(GEN):
        sys.exit(f"missing {GEN}: the benchmark needs ../shared beside the checkout")
    out = os.path.join(ROOT, "bench", "out")
    rows = []
    for n in (int(s) for s in a.sizes.split(",")):
        d = os.path.join(out, f"load-{n}")
        if not os.path.exists(os.path.join(d, "roster.yaml")):
            tables = max(1, n // 10)
            subprocess.run([sys.executable, GEN, d, "--delegates", str(n), "--tables", str(tables),
                            "--seed", "7", "--pins", str(n // 100), "--avoid", str(n // 100),
                            "--absent", "0.05"], check=True)
        files = [os.path.join(d, f) for f in ("event.yaml", "themes.yaml", "roster.yaml")]
        size = sum(os.path.getsize(f) for f in files) / (1024 * 1024)
        t_check, m_check = measure(a.measure, [a.alchemy, "check", files[0]], a.runs)
        t_bare, m_bare = measure(a.measure, [a.bare_parse] + files, a.runs)
        rows.append((n, size, t_check, m_check, t_bare, m_bare))

    print(f"alchemy check vs bare libyaml parse (best of {a.runs} runs; peak RSS per process)")
    print(f"{'delegates':>10} {'MiB in':>7} {'check s':>8} {'bare s':>8} {'time x':>7} "
          f"{'check MiB':>10} {'bare MiB':>9} {'mem x':>6}")
    for n, size, tc, mc, tb, mb in rows:
        print(f"{n:>10} {size:>7.2f} {tc:>8.3f} {tb:>8.3f} {tc / tb:>7.2f} "
              f"{mc:>10.1f} {mb:>9.1f} {mc / mb:>6.2f}")
    print("goal at 10,000 delegates: time x <= 2.00, check MiB < 100")


if __name__ == "__main__":
    main()
