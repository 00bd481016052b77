#!/usr/bin/env python3
"""Limits: time against size for the big inputs alchemy must handle or refuse.

Usage: bench/limits.py ALCHEMY MEASURE [--quick] [--only roster|ideas|tables|themes]

Three families, each at doubling sizes, so a quadratic step shows as a time
ratio near 4 per doubling (linear is near 2):
  roster   delegates 25,000 .. 200,000 (the limit): check, allocate; then
           200,001 delegates and a 100 MB roster, which must be refused;
  ideas    one idea of 128 KiB .. 1 MiB (the limit): idea add, report html;
           then 1 MiB + 1 byte, refused; journals of 10,000 .. 80,000
           records: report, and merge of a copy holding as many more;
  tables   1,250 .. 10,000 tables of ten (8 delegates each): allocate,
           check-in, rebalance, report, print --tables; then 20,001 tables,
           refused;
  import   CSV of 12,500 .. 100,000 rows: first import, and re-import of
           the same sheet with a tenth of the e-mails changed (matched by
           name and organisation);
  refused  hostile inputs (FIFOs, devices, a 2 GiB sparse file, endless
           standard input, an unclosed quote...): each refused, within a
           second, with its status.
  themes   12 .. 200 themes, 10,000 delegates over 1,000 tables whose themes
           alchemy chooses: check, allocate.
--only FAMILY[,FAMILY] runs some of them.
Every run goes through bench/measure (wall time, peak RSS, exit status); a
refusal must exit 65 with its message, anything else is a failure.
The inputs are generated here (seeded), not by gen_event.py: at 200,000
delegates its YAML writer takes minutes.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "bench", "out", "limits")
ROLES = ["commissioner", "investor", "coop", "social-enterprise"]
THEMES = [f"theme-{i:02d}" for i in range(12)]


def run(a, cmd, want=0, stdin=None):
    """(seconds, MiB) of one run of alchemy with cmd; exits unless the status is want."""
    with open(stdin or os.devnull, "rb") as inp:
        try:
            p = subprocess.run([a.measure, a.alchemy] + cmd, stdin=inp, capture_output=True, timeout=300)
        except subprocess.TimeoutExpired:
            sys.exit(f"alchemy {' '.join(cmd)}: still running after 300 s (a hang?)")
    fields = p.stdout.split()
    status = int(fields[2]) if len(fields) == 3 else -1
    if status != want:
        sys.exit(f"alchemy {' '.join(cmd)}: status {status}, expected {want}\n"
                 f"{p.stderr.decode(errors='replace')[-2000:]}")
    return float(fields[0]), int(fields[1]) / 1024.0, p.stderr.decode(errors="replace")


def write_event(d, delegates, tables, capacity=10, roster_bytes=0, themes=12):
    """An event of `tables` tables and `delegates` delegates (or, with
    roster_bytes, as many as make a roster of that size) over `themes`
    themes, which the allocator gives the tables (count mode)."""
    os.makedirs(d, exist_ok=True)
    rng = random.Random(delegates * 31 + tables + (themes - 12) * 7919)
    all_themes = THEMES if themes == 12 else [f"theme-{i:03d}" for i in range(themes)]
    with open(os.path.join(d, "event.yaml"), "w") as f:
        f.write("event: {name: Limits}\nroles:\n")
        f.writelines(f"  - {{id: {r}, label: {r}}}\n" for r in ROLES)
        f.write("themes:\n")
        f.writelines(f"  - {{id: {t}, title: Theme {t}}}\n" for t in all_themes)
        f.write(f"roster: roster.yaml\ntables: {{count: {tables}, capacity: {capacity}}}\n")
    orgs = max(1, delegates // 3)
    with open(os.path.join(d, "roster.yaml"), "w") as f:
        f.write("delegates:\n")
        i = 0
        while (i < delegates) if not roster_bytes else (f.tell() < roster_bytes):
            prefs = ", ".join(rng.sample(all_themes, 3))
            f.write(f"  - {{id: d{i:07d}, name: Delegate {i}, organisation: Org {rng.randrange(orgs)}, "
                    f"role: {ROLES[i % 4]}, preferences: [{prefs}]}}\n")
            i += 1


def write_journal(path, records, start=0):
    with open(path, "w") as f:
        f.write("# Ideas captured at table 1 on bench. Append-only.\n")
        for i in range(start, start + records):
            f.write(f'- {{rec: r{i:016x}, time: {1700000000000 + i}, op: add, idea: i{i:012x}, '
                    f'table: "1", author: "table 1", kind: idea, key: false, '
                    f'text: "Idea number {i}: a community land trust for #housing"}}\n')


def ratios(times):
    return ["" if k == 0 else f"{times[k] / times[k - 1]:.2f}x" if times[k - 1] > 0 else "-"
            for k in range(len(times))]


def table(title, head, rows):
    print(f"\n{title}")
    print("  ".join(f"{h:>12}" for h in head))
    for r in rows:
        print("  ".join(f"{c:>12}" for c in r))


def bench_roster(a, sizes):
    rows, checks, allocs = [], [], []
    for n in sizes:
        d = os.path.join(OUT, f"roster-{n}")
        if not os.path.exists(os.path.join(d, "roster.yaml")):
            write_event(d, n, (n + 9) // 10, capacity=12)   # 20,000 tables at most
        mb = os.path.getsize(os.path.join(d, "roster.yaml")) / 1e6
        tc, mc, _ = run(a, ["check", os.path.join(d, "event.yaml")])
        ta, ma, _ = run(a, ["allocate", os.path.join(d, "event.yaml"), "-o", os.path.join(d, "plan.yaml")])
        checks.append(tc)
        allocs.append(ta)
        rows.append([f"{n:,}", f"{mb:.1f} MB", f"{tc:.3f} s", f"{mc:.0f} MiB", f"{ta:.3f} s", f"{ma:.0f} MiB"])
    for r, c, al in zip(rows, ratios(checks), ratios(allocs)):
        r.insert(4, c)
        r.append(al)
    table("Roster size: alchemy check and allocate (ratio: time against the row above, sizes double)",
          ["delegates", "roster", "check", "memory", "x", "allocate", "memory", "x"], rows)
    refused = []
    d = os.path.join(OUT, "roster-over")
    if not os.path.exists(os.path.join(d, "roster.yaml")):
        write_event(d, 200001, 20000, capacity=11)
    t, m, err = run(a, ["check", os.path.join(d, "event.yaml")], want=65)
    refused.append(("200,001 delegates", os.path.getsize(os.path.join(d, "roster.yaml")), t, m, err))
    d = os.path.join(OUT, "roster-100mb")
    if not os.path.exists(os.path.join(d, "roster.yaml")):
        write_event(d, 0, 10000, roster_bytes=100 * 1000 * 1000)
    t, m, err = run(a, ["check", os.path.join(d, "event.yaml")], want=65)
    refused.append(("a 100 MB roster", os.path.getsize(os.path.join(d, "roster.yaml")), t, m, err))
    print()
    for what, size, t, m, err in refused:
        first = err.strip().splitlines()[0]
        print(f"{what} ({size / 1e6:.0f} MB): refused, status 65, in {t:.3f} s, {m:.0f} MiB:\n  {first}")


def bench_ideas(a, quick):
    base = os.path.join(OUT, "ideas")
    if os.path.exists(base):
        shutil.rmtree(base)
    write_event(base, 80, 10)
    ev = os.path.join(base, "event.yaml")
    rows, adds, reps = [], [], []
    for kib in (128, 256, 512, 1024):
        text = os.path.join(base, f"idea-{kib}.txt")
        with open(text, "w") as f:
            f.write(("word " * (kib * 1024 // 5 + 1))[:kib * 1024])
        shutil.rmtree(os.path.join(base, "ideas"), ignore_errors=True)
        ta, ma, _ = run(a, ["idea", "add", ev, "--table", "1", "-"], stdin=text)
        tr, mr, _ = run(a, ["report", ev, "--format", "html", "-o", os.path.join(base, "report.html")])
        adds.append(ta)
        reps.append(tr)
        rows.append([f"{kib} KiB", f"{ta:.3f} s", f"{ma:.0f} MiB", f"{tr:.3f} s", f"{mr:.0f} MiB"])
    for r, x in zip(rows, ratios(reps)):
        r.append(x)
    table("One long idea: idea add (text on standard input) and the HTML report",
          ["idea", "add", "memory", "report", "memory", "x"], rows)
    # The worst text for a report: every character one Markdown would
    # escape. The HTML report no longer passes it through Markdown at all.
    worst = os.path.join(base, "idea-worst.txt")
    with open(worst, "w") as f:
        f.write("<" * (1024 * 1024))
    shutil.rmtree(os.path.join(base, "ideas"), ignore_errors=True)
    run(a, ["idea", "add", ev, "--table", "1", "-"], stdin=worst)
    for fmt in ("md", "html"):
        t, m, _ = run(a, ["report", ev, "--format", fmt, "-o", os.path.join(base, "report." + fmt)])
        print(f"1 MiB of '<' (every character escaped in Markdown): the {fmt} report in {t:.3f} s, {m:.0f} MiB")
    over = os.path.join(base, "idea-over.txt")
    with open(over, "w") as f:
        f.write("y" * (1024 * 1024 + 1))
    t, m, err = run(a, ["idea", "add", ev, "--table", "1", "-"], want=65, stdin=over)
    print(f"\n1 MiB + 1 byte: refused, status 65, in {t:.3f} s:\n  {err.strip().splitlines()[0]}")

    rows, reps, merges = [], [], []
    for n in ((10000, 20000) if quick else (10000, 20000, 40000, 80000)):
        for sub in ("ideas", "other"):
            shutil.rmtree(os.path.join(base, sub), ignore_errors=True)
            os.makedirs(os.path.join(base, sub))
        # ours holds n records; theirs the same n plus n new ones: half found, half added
        write_journal(os.path.join(base, "ideas", "table-01.bench.yaml"), n)
        write_journal(os.path.join(base, "other", "table-01.bench.yaml"), 2 * n)
        tr, mr, _ = run(a, ["report", ev, "--format", "md", "-o", os.path.join(base, "report.md")])
        tm, mm, _ = run(a, ["merge", ev, os.path.join(base, "other")])
        reps.append(tr)
        merges.append(tm)
        rows.append([f"{n:,}", f"{tr:.3f} s", f"{mr:.0f} MiB", f"{tm:.3f} s", f"{mm:.0f} MiB"])
    for r, x, y in zip(rows, ratios(reps), ratios(merges)):
        r.insert(3, x)
        r.append(y)
    table("Many ideas: the Markdown report, and merging a copy with as many again",
          ["records", "report", "memory", "x", "merge", "memory", "x"], rows)


def bench_tables(a, sizes):
    rows, cols = [], {k: [] for k in ("allocate", "checkin", "rebalance", "report", "print")}
    for t in sizes:
        d = os.path.join(OUT, f"tables-{t}")
        if not os.path.exists(os.path.join(d, "roster.yaml")):
            write_event(d, 8 * t, t)
        ev = os.path.join(d, "event.yaml")
        for f in ("allocation.yaml", "day.yaml"):
            if os.path.exists(os.path.join(d, f)):
                os.remove(os.path.join(d, f))
        r = [f"{t:,}"]
        steps = [("allocate", ["allocate", ev, "-o", os.path.join(d, "allocation.yaml")]),
                 ("checkin", ["checkin", ev, "d0000001"]),
                 ("rebalance", ["rebalance", ev]),
                 ("report", ["report", ev, "-o", os.path.join(d, "report.md")]),
                 ("print", ["print", ev, "--tables", "--format", "html", "-o", os.path.join(d, "tables.html")])]
        for name, cmd in steps:
            s, m, _ = run(a, cmd)
            cols[name].append(s)
            r.append(f"{s:.3f} s")
        rows.append(r)
    for k, name in enumerate(cols):
        for r, x in zip(rows, ratios(cols[name])):
            r[1 + k] += f" {x}" if x else ""
    table("Tables (8 delegates at each, capacity 10): time of each command (x: against the row above)",
          ["tables", "allocate", "check-in", "rebalance", "report", "print"], rows)
    d = os.path.join(OUT, "tables-over")
    write_event(d, 8, 20001)
    t, m, err = run(a, ["check", os.path.join(d, "event.yaml")], want=65)
    print(f"\n20,001 tables: refused, status 65, in {t:.3f} s:\n  {err.strip().splitlines()[0]}")


def write_csv(path, n, changed_every=0):
    """n attendees; with changed_every, every such row has a new e-mail."""
    rng = random.Random(n)
    orgs = max(1, n // 3)
    with open(path, "w") as f:
        f.write("Name,Organisation,Role,Email,Choice 1,Choice 2\n")
        for i in range(n):
            mail = f"p{i}@new.example.org" if changed_every and i % changed_every == 0 else f"p{i}@example.org"
            c1, c2 = rng.sample(THEMES, 2)
            f.write(f"Person {i},Org {i % orgs},{ROLES[i % 4]},{mail},{c1},{c2}\n")


def bench_import(a, sizes):
    rows, firsts, agains = [], [], []
    for n in sizes:
        d = os.path.join(OUT, f"import-{n}")
        if os.path.exists(d):
            shutil.rmtree(d)
        write_event(d, 0, (n + 9) // 10, capacity=12)
        os.remove(os.path.join(d, "roster.yaml"))
        write_csv(os.path.join(d, "first.csv"), n)
        write_csv(os.path.join(d, "again.csv"), n, changed_every=10)
        roster = os.path.join(d, "roster.yaml")
        tf, mf, _ = run(a, ["import", os.path.join(d, "first.csv"), "-o", roster])
        ta, ma, _ = run(a, ["import", os.path.join(d, "again.csv"), "-o", roster])
        firsts.append(tf)
        agains.append(ta)
        rows.append([f"{n:,}", f"{tf:.3f} s", f"{mf:.0f} MiB", f"{ta:.3f} s", f"{ma:.0f} MiB"])
    for r, x, y in zip(rows, ratios(firsts), ratios(agains)):
        r.insert(3, x)
        r.append(y)
    table("Import of a CSV: first import, and re-import with a tenth of the e-mails changed (x: against the row above)",
          ["rows", "first", "memory", "x", "re-import", "memory", "x"], rows)


def bench_refused(a):
    """Hostile inputs: each must be refused with its status, within a second."""
    d = os.path.join(OUT, "refused")
    if os.path.exists(d):
        shutil.rmtree(d)
    write_event(d, 40, 5)
    ev = os.path.join(d, "event.yaml")
    os.mkfifo(os.path.join(d, "fifo.yaml"))
    os.mkfifo(os.path.join(d, "fifo.csv"))
    with open(os.path.join(d, "sparse.csv"), "wb") as f:
        f.truncate(2 * 1024 ** 3)
    with open(os.path.join(d, "unclosed.csv"), "w") as f:
        f.write("Name,Organisation,Role,Email\n")
        f.write('Ann Lee,Org A,coop,"ann@example.org\n')
        for i in range(100000):
            f.write(f"Person {i},Org {i},coop,p{i}@example.org\n")
    fifo_ev = os.path.join(d, "fifo-event")
    write_event(fifo_ev, 4, 2)
    os.remove(os.path.join(fifo_ev, "roster.yaml"))
    os.mkfifo(os.path.join(fifo_ev, "roster.yaml"))
    os.makedirs(os.path.join(d, "ideas"))
    os.mkfifo(os.path.join(d, "ideas", "table-01.bench.yaml"))
    cases = [
        ("a FIFO as the event", ["check", os.path.join(d, "fifo.yaml")], 66, None),
        ("a FIFO as the roster", ["check", os.path.join(fifo_ev, "event.yaml")], 66, None),
        ("a FIFO as the CSV", ["import", os.path.join(d, "fifo.csv"), "-o", os.path.join(d, "r.yaml")], 66, None),
        ("import /dev/zero", ["import", "/dev/zero", "-o", os.path.join(d, "r.yaml")], 66, None),
        ("a 2 GiB sparse CSV", ["import", os.path.join(d, "sparse.csv"), "-o", os.path.join(d, "r.yaml")], 65, None),
        ("100,000 rows after an unclosed quote", ["import", os.path.join(d, "unclosed.csv"), "-o", os.path.join(d, "r.yaml")], 65, None),
        ("idea add - </dev/zero", ["idea", "add", ev, "--table", "2", "-"], 65, "/dev/zero"),
        ("-o onto a FIFO", ["report", ev, "-o", os.path.join(d, "fifo.csv")], 73, None),
        ("-o /dev/null", ["report", ev, "-o", "/dev/null"], 73, None),
        ("a FIFO journal in ideas/ (append)", ["idea", "add", ev, "--table", "1", "An idea"], 73, None),
        ("check ''", ["check", ""], 66, None),
    ]
    os.environ["ALCHEMY_DEVICE"] = "bench"   # the FIFO journal is table-01.bench.yaml
    print("\nHostile inputs: refused, with the status and the time it took (each must take under a second)")
    slow = []
    for what, cmd, want, stdin in cases:
        t, m, err = run(a, cmd, want=want, stdin=stdin)
        said = [line for line in err.strip().splitlines() if not line.startswith("warning:")]
        first = said[0] if said else ""
        print(f"  {what}: status {want} in {t:.3f} s, {m:.0f} MiB\n    {first[:150]}")
        if t >= 1.0:
            slow.append(what)
    if slow:
        sys.exit(f"refused too slowly (a second or more): {', '.join(slow)}")


def bench_themes(a, counts, delegates=10000, tables=1000):
    """Count mode: the allocator chooses each table's theme, so its work
    grows with the themes as well as the delegates."""
    rows, checks, allocs = [], [], []
    for k in counts:
        d = os.path.join(OUT, f"themes-{delegates}-{k}")
        if not os.path.exists(os.path.join(d, "roster.yaml")):
            write_event(d, delegates, tables, capacity=12, themes=k)
        tc, _, _ = run(a, ["check", os.path.join(d, "event.yaml")])
        ta, ma, _ = run(a, ["allocate", os.path.join(d, "event.yaml"), "-o", os.path.join(d, "plan.yaml")])
        checks.append(tc)
        allocs.append(ta)
        rows.append([f"{k}", f"{tc:.3f} s", f"{ta:.3f} s", f"{ma:.0f} MiB", f"{ta / tc:.1f}"])
    for r, x in zip(rows, ratios(allocs)):
        r.append(x)
    table(f"Themes ({delegates:,} delegates, {tables:,} tables of 12, themes chosen by alchemy): "
          "check and allocate (x: against the row above, themes double)",
          ["themes", "check", "allocate", "memory", "/ check", "x"], rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("alchemy")
    ap.add_argument("measure")
    ap.add_argument("--quick", action="store_true", help="the smaller half of each family")
    ap.add_argument("--only", default="roster,ideas,tables,themes,import,refused",
                    help="families to run, comma-separated")
    a = ap.parse_args()
    only = set(a.only.split(","))
    os.makedirs(OUT, exist_ok=True)
    if "roster" in only:
        bench_roster(a, (25000, 50000) if a.quick else (25000, 50000, 100000, 200000))
    if "ideas" in only:
        bench_ideas(a, a.quick)
    if "tables" in only:
        bench_tables(a, (1250, 2500) if a.quick else (1250, 2500, 5000, 10000))
    if "themes" in only:
        bench_themes(a, (12, 25) if a.quick else (12, 25, 50, 100, 200))
    if "import" in only:
        bench_import(a, (12500, 25000) if a.quick else (12500, 25000, 50000, 100000))
    if "refused" in only:
        bench_refused(a)


if __name__ == "__main__":
    main()
