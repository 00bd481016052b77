#!/usr/bin/env python3
"""Count mode over several rounds, this build against another: the figures
that rank above preferences with rounds (a theme twice, then repeated
meetings) and the preference cost, event by event.

Usage: bench/rounds_plans.py NEW_ALCHEMY OLD_ALCHEMY [--events N] [--seed S]

Makes N count-mode events of random shape (30 to 1,000 delegates, tables of
6 to 12, 4 to 40 themes, 2 to 6 rounds) with ../shared/bench/gen_event.py,
allocates each with both builds and prints both builds' figures and time,
then how many got better, worse or stayed the same, compared in the order
the search ranks them: a theme twice, repeated meetings, preference cost.
Events neither build can seat (status 65 from both) count as the same.
"""
import argparse
import os
import random
import re
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_event.py")
OUT = os.path.join(ROOT, "bench", "out", "rounds-plans")


def figures(alchemy, event, rounds, plan):
    start = time.time()
    p = subprocess.run([alchemy, "allocate", event, "--rounds", str(rounds), "-o", plan],
                       capture_output=True, text=True)
    took = time.time() - start

    def figure(label):
        m = re.search("^" + label + r"\s+(\d+)", p.stdout, re.M)
        return int(m.group(1)) if m else None
    return p.returncode, (figure("the same theme twice"), figure("repeated meetings"),
                          figure("5 preference cost")), took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("new")
    ap.add_argument("old")
    ap.add_argument("--events", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    random.seed(args.seed)
    os.makedirs(OUT, exist_ok=True)
    tally = {"better": 0, "worse": 0, "same": 0, "status differs": 0}
    print("%-22s %28s %28s" % ("event", "old: twice/met/pref, s", "new: twice/met/pref, s"))
    for i in range(args.events):
        delegates = random.choice([30, 60, 110, 200, 400, 1000])
        capacity = random.choice([6, 8, 10, 12])
        tables = max(1, delegates // capacity + random.choice([0, 1, 2]))
        themes = random.choice([4, 6, 8, 12, 20, 40])
        rounds = random.randint(2, min(6, themes))
        folder = os.path.join(OUT, "e%d" % i)
        subprocess.run(["python3", GEN, "--delegates", str(delegates), "--tables", str(tables),
                        "--capacity", str(capacity), "--themes", str(themes), "--seed", str(i), folder],
                       check=True, capture_output=True)
        event = os.path.join(folder, "event.yaml")
        old_status, old, old_s = figures(args.old, event, rounds, os.path.join(folder, "old.yaml"))
        new_status, new, new_s = figures(args.new, event, rounds, os.path.join(folder, "new.yaml"))
        if old_status != new_status:
            verdict = "status differs"
        elif old == new or old_status != 0:
            verdict = "same"
        else:
            verdict = "better" if new < old else "worse"
        tally[verdict] += 1

        def show(status, f, s):
            return "status %d" % status if status else "%s/%s/%s, %.2f" % (f[0], f[1], f[2], s)
        print("%-22s %28s %28s  %s" % ("%d/%dx%d k%d r%d" % (delegates, tables, capacity, themes, rounds),
                                      show(old_status, old, old_s), show(new_status, new, new_s),
                                      verdict if verdict != "same" else ""), flush=True)
    print("%d better, %d worse, %d the same, %d with another exit status" %
          (tally["better"], tally["worse"], tally["same"], tally["status differs"]))


if __name__ == "__main__":
    main()
