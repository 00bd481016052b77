#!/usr/bin/env python3
"""Writes the sample event's captured ideas (data/imagine-2024/ideas/).

What note-takers at E3M Imagine 2024 might have captured, table by table,
from several laptops: ideas in each stage, barriers, actions with owners,
questions, #tags, key points, votes, an edit and a deletion. Every record is
in the exact journal format alchemy writes (src/core/journal.c put_record:
one YAML flow mapping a line), with fixed times on the day and ids derived
from the table and a counter, so running this again writes the same files.

    python3 data/make-sample-ideas.py        # rewrites data/imagine-2024/ideas/

The people named as note-takers are fictional, as is everyone in the roster.
"""
import hashlib
import os
import sys
from datetime import datetime, timezone

EVENT = "E3M Imagine 2024"
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "imagine-2024", "ideas")

# Stage start times on 16 July 2024 (BST, UTC+1), as the programme ran.
STAGE_START = {"possible": "09:45", "ideas": "10:15", "impact": "11:15", "finance": "11:45"}

# table: (device, [(stage, kind, text, extras)]); extras: key, votes, owner,
# author, edit (a later text), delete.
TABLES = {
    "1": ("notes-01", [
        ("possible", "idea", "A supported housing market where providers compete on outcomes, not on the lowest hourly rate #commissioning", {"key": True, "votes": 4}),
        ("possible", "barrier", "Exempt accommodation rules let poor-quality landlords claim enhanced housing benefit with no checks on support", {"votes": 2}),
        ("ideas", "idea", "A regional quality standard for supported housing, inspected jointly by councils and the ICB", {}),
        ("ideas", "idea", "Community land trusts hold the buildings; co-operatives run the support", {"votes": 1}),
        ("impact", "idea", "Measure tenancy sustainment at 12 months, not just move-in #social-value", {}),
        ("finance", "action", "Draft a shared outcomes framework for supported housing across the three boroughs", {"owner": "Irwell City Council", "key": True, "votes": 3}),
        ("finance", "question", "Who carries the void risk while a new scheme fills up?", {}),
    ]),
    "2": ("notes-02", [
        ("possible", "idea", "Every care leaver has a trusted adult until 25, not a case file that closes at 18", {"key": True, "votes": 6}),
        ("possible", "barrier", "Young people leave care to whatever tenancy is free that week, often miles from friends and college", {}),
        ("ideas", "idea", "Staying Close: a flat near the children's home, with the same key worker", {"votes": 2}),
        ("ideas", "idea", "Apprenticeships ring-fenced for care leavers in council contracts #social-value", {"votes": 3}),
        ("ideas", "idea", "A rent guarantee fund so private landlords will take a first-time tenant", {"edit": "A rent guarantee fund, backed by the council, so private landlords will take a first-time tenant"}),
        ("impact", "idea", "Count the costs avoided: homelessness, custody, NEET years #outcomes-fund", {}),
        ("finance", "action", "Scope a social outcomes contract for care leavers' housing and work", {"owner": "Greater Irwell Combined Authority", "votes": 2}),
        ("finance", "question", "Can the rent guarantee fund be pooled across councils so one default does not sink it?", {}),
    ]),
    "3": ("laptop-amara", [
        ("possible", "idea", "Enough good local placements that no child is sent out of area for lack of a bed", {"key": True, "votes": 5, "author": "Amara Obi"}),
        ("possible", "barrier", "Private providers' margins on residential placements: councils pay more and get less", {"votes": 4, "author": "Amara Obi"}),
        ("ideas", "idea", "Not-for-profit children's homes owned by a consortium of councils, run by social enterprises", {"votes": 3, "author": "Amara Obi"}),
        ("ideas", "idea", "Recruit foster carers through employers: paid leave and a community around them", {"author": "Amara Obi"}),
        ("ideas", "barrier", "Ofsted registration takes 9 to 12 months for a new home", {"author": "Amara Obi"}),
        ("impact", "idea", "Stability: fewer moves per child per year is the measure that matters", {"author": "Amara Obi"}),
        ("finance", "action", "Bring two councils and a social investor together on a pilot home", {"owner": "Northbridge Social Capital", "key": True, "votes": 2, "author": "Amara Obi"}),
        ("finance", "question", "How would capital be repaid if occupancy drops?", {"author": "Amara Obi"}),
    ]),
    "4": ("notes-04", [
        ("possible", "idea", "Social prescribing link workers in every practice, with a budget to spend locally #co-production", {"key": True, "votes": 3}),
        ("ideas", "idea", "Community pharmacies and libraries as wellbeing hubs, open evenings", {"votes": 1}),
        ("ideas", "barrier", "GP practices cannot see what the voluntary sector offers near each patient #data-sharing", {"votes": 2}),
        ("impact", "idea", "Fewer repeat GP appointments for loneliness, tracked with consent", {}),
        ("finance", "action", "Map community groups a practice can refer to, and keep the map current", {"owner": "NHS Irwell Integrated Care Board"}),
        ("finance", "question", "Will the ICB fund link workers beyond the current three-year pilot?", {"votes": 1}),
    ]),
    "5": ("notes-05", [
        ("possible", "idea", "The perpetrator, not the victim, leaves the home: with somewhere to go and a programme to attend", {"key": True, "votes": 5}),
        ("possible", "barrier", "Without a place to go, police hesitate to remove a perpetrator and the victim moves out instead", {"votes": 3}),
        ("ideas", "idea", "A small stock of short-stay flats for perpetrators, tied to a behaviour change programme", {"votes": 2}),
        ("ideas", "idea", "Housing associations agree a shared protocol to transfer tenancies to the victim", {}),
        ("impact", "idea", "Children stay at their school and near their friends", {"votes": 2}),
        ("finance", "action", "Cost a two-year pilot of perpetrator accommodation", {"owner": "Office of the Pennine Police and Crime Commissioner", "votes": 1}),
        ("finance", "action", "Ask the judge liaison group whether occupation orders can be fast-tracked", {"owner": "Femi Adeyemi"}),
        ("finance", "question", "Who pays when the perpetrator refuses the programme?", {}),
    ]),
    "6": ("notes-06", [
        ("possible", "idea", "Prevention upstream: act at the first rent arrears letter, not the eviction notice #housing-first", {"key": True, "votes": 4}),
        ("possible", "barrier", "Councils only get a duty to help 56 days before homelessness: too late for most", {"votes": 2}),
        ("ideas", "idea", "Housing First for people sleeping rough, with support that does not end", {"votes": 3}),
        ("ideas", "idea", "A lettings agency run as a social enterprise, so landlords let to people on benefits", {"votes": 2}),
        ("ideas", "idea", "Pop-up advice in food banks", {"delete": True}),
        ("impact", "idea", "Fewer nights in temporary accommodation per household #outcomes-fund", {}),
        ("finance", "action", "Share the arrears data that would let landlords and the council act early #data-sharing", {"owner": "Pathways Housing Trust", "key": True, "votes": 2}),
        ("finance", "question", "Can temporary accommodation savings be reinvested in prevention in the same year?", {"votes": 1}),
    ]),
    "7": ("notes-07", [
        ("possible", "idea", "Older people own their care: co-operatives of care workers and the people they support", {"key": True, "votes": 3}),
        ("ideas", "idea", "A shared digital rota owned by the co-operative, not a platform that takes 20%", {"votes": 2}),
        ("ideas", "barrier", "Councils commission by the 15-minute visit, which a co-operative cannot run well on", {"votes": 3}),
        ("impact", "idea", "Care workers stay longer when they own the business: measure turnover", {}),
        ("finance", "action", "Commission one patch by outcomes, with a care co-operative, for a year", {"owner": "Riverside Care Co-operative", "votes": 1}),
        ("finance", "question", "Will lenders accept a co-operative's contract with the council as security?", {}),
    ]),
    "8": ("laptop-priya", [
        ("possible", "idea", "Mental health support in the places people already go: barbers, gyms, football clubs #co-production", {"key": True, "votes": 4, "author": "Priya Natarajan"}),
        ("ideas", "idea", "Peer supporters trained and paid, not volunteers asked to do a professional's job", {"votes": 3, "author": "Priya Natarajan"}),
        ("ideas", "barrier", "Small groups cannot take on contracts: too much paperwork, paid in arrears", {"votes": 2, "author": "Priya Natarajan"}),
        ("impact", "idea", "Count who comes back, and who brings a friend", {"author": "Priya Natarajan"}),
        ("finance", "action", "A small grants pot with a one-page application for community groups", {"owner": "Irwell Community Foundation", "votes": 2, "author": "Priya Natarajan"}),
    ]),
    "9": ("laptop-priya", [
        ("possible", "idea", "A community investment fund for mental health, raised locally through community shares", {"key": True, "votes": 2}),
        ("ideas", "idea", "Pay community groups upfront, quarterly, on trust", {"votes": 2}),
        ("impact", "question", "How do we value prevention nobody sees, a crisis that never happened?", {"votes": 1}),
        ("finance", "action", "Test interest in a community share offer with two credit unions", {"owner": "Kindred Impact Fund"}),
    ]),
    "10": ("notes-10", [
        ("possible", "idea", "Young people's mental health: somewhere to go after school that is not a waiting list", {"key": True, "votes": 3}),
        ("ideas", "idea", "Youth clubs with a counsellor on site two evenings a week", {"votes": 2}),
        ("ideas", "barrier", "Referral criteria so narrow that most young people are turned away", {"votes": 1}),
        ("impact", "idea", "Fewer A&E visits for self-harm among under-18s", {}),
        ("finance", "action", "Pool youth and CAMHS budgets for one neighbourhood as a test", {"owner": "Mersey Vale Council"}),
    ]),
    "11": ("notes-11", [
        ("possible", "idea", "Employers as part of the answer: good work keeps people well #social-value", {"votes": 1}),
        ("ideas", "idea", "Individual placement and support for people with serious mental illness, in every job centre", {"key": True, "votes": 3}),
        ("ideas", "barrier", "Benefit rules frighten people out of trying part-time work", {"votes": 2}),
        ("finance", "question", "Could an outcomes fund pay for sustained employment? #outcomes-fund", {}),
    ]),
    "12": ("notes-12", [
        ("possible", "idea", "Community health workers on every street, as in Brazil's family health teams", {"key": True, "votes": 2}),
        ("ideas", "idea", "A co-operative of GP practices sharing back-office staff", {}),
        ("impact", "idea", "Track how many patients the community health worker reaches who never see a GP #data-sharing", {}),
        ("finance", "action", "Cost a community health worker pilot for 1,200 households", {"owner": "Greater Irwell Combined Authority", "votes": 1}),
    ]),
}

# The organiser's desk laptop adds votes cast on the wall at the end of the day.
WALL_VOTES = {("6", 2): 2, ("2", 0): 1, ("8", 0): 1}


def hex_id(*parts, n):
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()[:n]


def quoted(s):
    """YAML double-quoted, as src/core/escape.c yaml_quoted writes it."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def ms(stage, minute):
    hh, mm = map(int, STAGE_START[stage].split(":"))
    t = datetime(2024, 7, 16, hh - 1, mm, tzinfo=timezone.utc)   # BST to UTC
    return int(t.timestamp() * 1000) + minute * 60_000


def record(table, seq, time, op, idea, **f):
    line = "- {rec: r%s, time: %d, op: %s, idea: %s, table: %s" % (hex_id(table, seq, "rec", n=16), time, op, idea, quoted(table))
    for key in ("author", "stage"):
        if key in f:
            line += ", %s: %s" % (key, quoted(f[key]))
    if "kind" in f:
        line += ", kind: %s" % f["kind"]
    if "key" in f:
        line += ", key: %s" % ("true" if f["key"] else "false")
    if "vote" in f:
        line += ", vote: %d" % f["vote"]
    if "owner" in f:
        line += ", owner: %s" % quoted(f["owner"])
    if "text" in f:
        line += ", text: %s" % quoted(f["text"])
    return line + "}\n"


def header(table, device):
    return ("# Ideas captured at table %s on %s for %s. Append-only: alchemy adds one\n"
            "# record a line; do not edit by hand (copy the file to merge it elsewhere).\n" % (table, device, EVENT))


def file_name(table, device):
    return "table-%02d.%s.yaml" % (int(table), device)


def main():
    os.makedirs(HERE, exist_ok=True)
    for name in os.listdir(HERE):
        if name.endswith(".yaml"):
            os.remove(os.path.join(HERE, name))
    desk = []
    for table, (device, items) in TABLES.items():
        lines, later, seq = [], [], 0
        per_stage = {}
        for k, (stage, kind, text, extra) in enumerate(items):
            minute = per_stage.get(stage, 3)
            per_stage[stage] = minute + 4
            idea = "i" + hex_id(table, k, n=12)
            t = ms(stage, minute)
            author = extra.get("author", "table " + table)
            f = {"author": author, "stage": stage, "kind": kind, "key": False, "text": text}
            if "owner" in extra:
                f["owner"] = extra["owner"]
            seq += 1
            lines.append((t, record(table, seq, t, "add", idea, **f)))
            if "edit" in extra:
                seq += 1
                lines.append((t + 90_000, record(table, seq, t + 90_000, "text", idea, text=extra["edit"])))
            for v in range(extra.get("votes", 0)):
                seq += 1
                tv = t + 30_000 + v * 7_000
                lines.append((tv, record(table, seq, tv, "vote", idea, vote=1)))
            if extra.get("key"):
                seq += 1
                lines.append((t + 120_000, record(table, seq, t + 120_000, "key", idea, key=True)))
            if extra.get("delete"):
                seq += 1
                lines.append((t + 150_000, record(table, seq, t + 150_000, "delete", idea)))
            for v in range(WALL_VOTES.get((table, k), 0)):
                tw = ms("finance", 45) + v * 5_000
                desk.append((table, tw, idea))
        lines.sort(key=lambda x: x[0])
        with open(os.path.join(HERE, file_name(table, device)), "w", encoding="utf-8") as fh:
            fh.write(header(table, device))
            fh.writelines(l for _, l in lines)
    by_table = {}
    for table, tw, idea in desk:
        by_table.setdefault(table, []).append((tw, idea))
    for table, votes in by_table.items():
        with open(os.path.join(HERE, file_name(table, "desk")), "w", encoding="utf-8") as fh:
            fh.write(header(table, "desk"))
            for n, (tw, idea) in enumerate(sorted(votes)):
                fh.write(record(table, "desk%d" % n, tw, "vote", idea, vote=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
