#!/bin/sh
# TUI end-to-end tests: the real binary in a private tmux server, driven with
# send-keys; every wait polls capture-pane for a marker with a deadline,
# never a fixed sleep. Output is TAP.
#   run.sh ALCHEMY SOURCE_ROOT
set -u
bin=$1
root=$2
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
sessions=0
sock=alchemy-tui-test-$$-0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-tui.XXXXXX")
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$scratch"' EXIT
. "$root/tests/lib/tap.sh"
bin=$(alchemy_under_test "$bin" "$scratch")

t() { # t tmux-args...: talk to our private server only
	tmux -L "$sock" "$@"
}

tap_explain_failure() {
	echo "# screen was:"
	t capture-pane -p 2>/dev/null | sed 's/^/#   /'
}

screen() {
	t capture-pane -p
}

# poll COMMAND...: run COMMAND until it succeeds, for at most 5 s.
poll() {
	i=0
	while [ $i -lt 100 ]; do
		if "$@" 2>/dev/null; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

shows() {
	screen | grep -qF -- "$1"
}

# header_shows TEXT: the header (the first line) holds TEXT
header_shows() {
	screen | head -1 | grep -qF -- "$1"
}

# shows_joined TEXT: TEXT on the screen, lines joined (a footer wraps words)
shows_joined() {
	screen | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$1"
}

# wait_for TEXT: poll the screen until TEXT shows.
footer_says() { # footer_says TEXT: the last three lines, joined, hold TEXT (a message wrapped)
	screen | tail -3 | sed 's/^ *//; s/ *$//' | tr '\n' ' ' | grep -qF -- "$1"
}
wait_for() {
	poll shows "$1"
}

# The line holding TEXT is drawn as the selection: a yellow background.
highlighted() {
	t capture-pane -p -e | grep -aF -- "$1" | grep -q "$(printf '\033')\[[0-9;]*43m"
}

# wait_gone TEXT: poll until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		if ! screen 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

# within MS COMMAND...: run COMMAND until it succeeds, for at most MS
# milliseconds from now: a deadline for what must happen in time.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
within() {
	deadline=$(($(now_ms) + $1))
	shift
	while :; do
		if "$@" 2>/dev/null; then
			return 0
		fi
		[ "$(now_ms)" -ge "$deadline" ] && return 1
		sleep 0.02
	done
}
# Another desk's change shows within a second. Under valgrind everything
# runs some twenty times slower, so there the deadline only catches a hang.
live_ms=1000
[ -n "${ALCHEMY_VALGRIND:-}" ] && live_ms=20000

# day_plan EVENT: the path of the day's plan now (the replay of every
# journal, as a snapshot writes it); allocation.yaml is the plan made before.
day_plan() {
	rm -rf "$scratch/now"
	"$bin" snapshot "$1" -o "$scratch/now" >/dev/null && echo "$scratch/now/allocation.yaml"
}
# person_name FOLDER ID: the name the roster in FOLDER gives ID
person_name() {
	grep -A1 "id: $2\$" "$1/roster.yaml" | sed -n 's/ *name: //p' | head -1
}

# start [ENV=VALUE...] -- ARGS...: a fresh 80x24 session running alchemy
# ARGS (an EVENT opens the TUI).
start() {
	# A new server per session: reusing a socket races with the old server's exit.
	t kill-server 2>/dev/null
	sessions=$((sessions + 1))
	sock=alchemy-tui-test-$$-$sessions
	envs=""
	while [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	shift
	args=""
	for a in "$@"; do
		args="$args '$a'"
	done
	# Standard error goes to a file the end of the script checks for
	# sanitizer reports: on the pane they would only scroll past.
	t -f /dev/null new-session -d -x 80 -y 24 \
		"env LANG=C.UTF-8 TERM=xterm-256color $envs '$bin' $args 2>>'$scratch/stderr.$sessions'; echo \$? >'$scratch/status.$sessions'"
}

# Note-taker mode on the scratch copy of the sample: start_capture TABLE
start_capture() {
	t kill-server 2>/dev/null
	sessions=$((sessions + 1))
	sock=alchemy-tui-test-$$-$sessions
	t -f /dev/null new-session -d -x 80 -y 24 \
		"env LANG=C.UTF-8 TERM=xterm-256color '$bin' capture '$scratch/cap/event.yaml' --table $1 2>>'$scratch/stderr.$sessions'; echo \$? >'$scratch/status.$sessions'"
}

# pane_exit_status: prints alchemy's exit status once it has ended. The pane
# runs it under sh, which writes the status to a file (tmux's own
# pane_dead_status needs a SIGCHLD that test harnesses may block).
status_written() {
	[ -s "$scratch/status.$sessions" ]
}
pane_exit_status() {
	if poll status_written; then
		cat "$scratch/status.$sessions"
	else
		echo timeout
	fi
}

# The sample event, copied so the tests never see or leave files in the tree:
# once as shipped (with its plan), once without a plan.
cp -R "$root/data/imagine-2024" "$scratch/planned"
cp -R "$root/data/imagine-2024" "$scratch/unplanned"
rm -f "$scratch/unplanned/allocation.yaml"
sample=$scratch/unplanned/event.yaml

# --- tables overview on the sample event, before any plan
start -- "$sample"
ready="No plan yet"   # the footer is drawn last: the screen is complete
wait_for "$ready"; result $? "the TUI opens on the sample event"
header_shows "0 arrived, 105 expected, 5 absent"; result $? "the header counts arrived, expected and absent (before the doors open)"
screen | grep -q "^ *12 " ; result $? "all twelve tables are listed"
screen | grep -q "Table Theme"; result $? "with column headings"
screen | grep -qF "C0  I0  O0  S1"; result $? "the role mix reads in letters"
screen >"$scratch/overview.txt"
diff -u "$root/tests/tui/expected/overview.txt" "$scratch/overview.txt" >"$scratch/diff"
result $? "the overview matches the expected screen"
[ -s "$scratch/diff" ] && sed 's/^/# /' "$scratch/diff"

# --- moving the selection
highlighted "    1 "; result $? "table 1 starts selected"
t send-keys G k
poll highlighted "   11 "; result $? "G then k selects table 11"
! highlighted "    1 "; result $? "and table 1 is no longer highlighted"

# --- help, generated from the key table
t send-keys '?'
wait_for "Show this help"; result $? "? opens the help screen"
shows "Show this help: every key, the marks and the warnings"; result $? "help says what it holds, in a user's words (not how it is made)"
screen | grep -q "PgDn, Space"; result $? "help lists every key of an action"
screen | grep -q "Moving"; result $? "help groups actions"
screen | grep -q "Enter, Right "; result $? "help names each key once (Enter is two key codes)"
screen | grep -qE "^ {26}desk changed that person since\)$"
result $? "help wraps a long description under itself at 80 columns, never cuts it"
! screen | grep -q " Arrivals"; result $? "help's first page at 80x24 ends before the Arrivals group"
screen | sed -n 23p | grep -qE "lines 1-[0-9]+ of [0-9]+, PgDn for more ?$"; result $? "help's last row says more follows, and where the page is"
screen | sed -n 24p | grep -q "Esc Back  PgDn More"; result $? "help's footer says how to leave it and turn its pages, not the tables' keys"
t send-keys Space
wait_for " Arrivals"; result $? "Space in help turns a page (it scrolled one line)"
! shows "Show this help"; result $? "and the first page's lines are gone"
t send-keys PPage
wait_for "Show this help"; result $? "PgUp in help turns back to the top"
t resize-window -x 80 -y 70
wait_for "Rounds"
[ "$(screen | grep -c "^ [A-Z]")" = "$(screen | grep "^ [A-Z]" | sort -u | wc -l)" ]
result $? "help shows each group under one heading (all of it on a 70-line screen)"
screen | grep -qE "^ +x +People list or a table: mark the selected person"; result $? "help: x marks a no-show, and says where"
screen | grep -qE "^ +C +Doors closed"; result $? "help: C closes the doors"
t send-keys G
wait_for "Warnings on the tables overview"
screen | grep -qE "^ +S +marked for a swap"; result $? "help: explains the marks beside a name"
screen | grep -qE "^ +keep-apart +two people who must sit apart"; result $? "help: and the tables' warnings"
t resize-window -x 80 -y 24
wait_for "N locked"
t resize-window -x 120 -y 40
wait_for "E3M Imagine 2024 "
t resize-window -x 80 -y 24
wait_for "E3M Im"
poll shows "N locked"; result $? "help at its end stays there through a wider screen and back (it showed the middle)"
screen | sed -n 23p | grep -qE "lines [0-9]+-([0-9]+) of \1, the end ?$"; result $? "help's last page says it is the end"
t send-keys g
wait_for "Show this help"
t send-keys Space
wait_gone "Show this help"
! screen | sed -n 2p | grep -qE "^ {26}"; result $? "help's next page starts at an entry's keys, not inside its wrapped words"
t send-keys Escape
wait_for "Table Theme"; result $? "Escape closes help"

# --- resize below the minimum and back
t resize-window -x 60 -y 20
wait_for "Terminal too small: 60x20"; result $? "a 60x20 terminal shows the too-small screen"
t resize-window -x 80 -y 24
wait_for "Table Theme"; result $? "back at 80x24 the overview returns"
wait_gone "Terminal too small"; result $? "and the too-small message is gone"

# --- a resize under a prompt: the screen is drawn for the new size, the
# prompt keeps what was typed, shown once
t send-keys p
wait_for "People"
t send-keys a
wait_for "Walk-in name:"
t send-keys -l "Half Typed"
wait_for "Walk-in name: Half Typed"
t resize-window -x 60 -y 20
wait_for "Terminal too small: 60x20"; result $? "prompt: too small shows the too-small screen"
t send-keys -l "X"
t resize-window -x 80 -y 24
wait_for "Walk-in name: Half Typed"; result $? "prompt: back at 80x24 it returns, what was typed kept"
[ "$(screen | grep -c "Walk-in name:")" = 1 ]; result $? "prompt: shown once"
! shows "Half TypedX"; result $? "prompt: a key typed while too small to ask is not taken"
! shows "Terminal too small"; result $? "prompt: the too-small notice is gone"
shows "shown · everyone"; result $? "prompt: the people list is drawn again under it"
t send-keys Escape
wait_gone "Walk-in name:"; result $? "prompt: Escape still leaves it"
t send-keys Escape

# --- quitting
t send-keys q
status=$(pane_exit_status)
[ "$status" = 0 ]; result $? "q quits with status 0 (got $status)"

# --- colour, and NO_COLOR
start -- "$sample"
wait_for "$ready"
t capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|$(printf '\033')\[[0-9;]*38;5"
result $? "with colour, roles are coloured"
# Each role's letter in the heading has the colour of its counts below
# (the heading's own pair OR-ed in once made another: O blue over yellow).
t capture-pane -p -e | python3 -c '
import re, sys
lines = sys.stdin.read().split("\n")
head = next(l for l in lines if "Theme" in l and "Seats" in l)
row = next(l for l in lines if re.match(r"(\x1b\[[0-9;]*m)* +2 ", l))
def colour_before(line, pattern):
    m = re.search(r"((?:\x1b\[[0-9;]*m)+)" + pattern, line)
    return m and re.findall(r"3[0-7]|38;5;[0-9]+", m.group(1))[-1:]
bad = [c for c in "CIOS" if not colour_before(head, c + " ") or colour_before(head, c + " ") != colour_before(row, c + "[0-9]")]
sys.exit(1 if bad else 0)'
result $? "the role letters in the heading are in their roles' colours"
start NO_COLOR=1 -- "$sample"
wait_for "$ready"; result $? "NO_COLOR: the TUI opens"
! t capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|$(printf '\033')\[[0-9;]*4[0-7]m\|38;5\|48;5"
result $? "NO_COLOR: no colour sequences on the screen"
t capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*7m"
result $? "NO_COLOR: the title bar is in reverse video instead"

# --- with the shipped plan: themes and a full mix at every table
start -- "$scratch/planned/event.yaml"
wait_for "Plan: "; result $? "the shipped plan is loaded"
shows "Mental health"; result $? "tables show the themes the allocator chose"
! screen | grep -q "(theme set by the allocator)"; result $? "every table has its theme"
! screen | grep -E "^ +[0-9]+ " | grep -q " [CIOS]0 "; result $? "every role sits at every table"
! screen | grep -q "missing\|clash"; result $? "and no table carries a warning"

# --- org clash only where a table falls short of what level 4 allows: a
# generated event whose plan has same-organisation pairs, all at their minimum
cp -R "$root/tests/tui/fixtures/orgs" "$scratch/orgs"
orgs=$scratch/orgs/event.yaml
"$bin" allocate "$orgs" >/dev/null
"$bin" score "$orgs" "$scratch/orgs/allocation.yaml" >"$scratch/orgs-score.txt"
grep -q "No table falls short of a level it could meet" "$scratch/orgs-score.txt" &&
	awk '/same-organisation pairs/ { exit !($3 > 0) }' "$scratch/orgs-score.txt"
result $? "orgs: the plan has same-organisation pairs, every level met"
start -- "$orgs"
wait_for "Plan: "; result $? "orgs: the generated event opens"
! shows "org clash"; result $? "orgs: no table is flagged for pairs an even spread cannot avoid"
# Seat the two members of a two-member organisation together: now one table
# falls short of the level.
set -- $(python3 - "$scratch/orgs" <<'PY'
import re, sys, collections
d = sys.argv[1]
members = collections.defaultdict(list)
for m in re.finditer(r"- id: (\S+)\n  name: .*\n  organisation: (.*)\n", open(d + "/roster.yaml").read()):
    members[m.group(2)].append(m.group(1))
table = {}
for m in re.finditer(r"- table: (\S+)\n.*\n +delegates: \[(.*)\]", open(d + "/allocation.yaml").read()):
    for i in m.group(2).split(", "):
        table[i] = m.group(1)
pair = next(v for v in members.values() if len(v) == 2)
print(pair[0], table[pair[1]])
PY
)
"$bin" move "$orgs" "$1" "$2" >/dev/null
start -- "$orgs"
wait_for "Plan: "
screen | grep -E "^ +$2 " | grep -q "org clash"; result $? "orgs: a table seating two of a two-member organisation is flagged"
[ "$(screen | grep -c "org clash")" = 1 ]; result $? "orgs: and only that table"
# The table's own screen names the organisation (the overview has room for
# "org clash" alone): select that table's line, then Enter.
org=$(grep -A2 -- "- id: $1\$" "$scratch/orgs/roster.yaml" | sed -n 's/^  organisation: //p')
row=$(screen | grep -nE "^ +[0-9]+ " | grep -E "^[0-9]+: +$2 " | cut -d: -f1)
first=$(screen | grep -nE "^ +[0-9]+ " | head -1 | cut -d: -f1)
t send-keys g
i=$first; while [ "$i" -lt "$row" ]; do t send-keys j; i=$((i + 1)); done
t send-keys Enter
wait_for "Table $2:"
shows "2 from $org (1 allowed:"; result $? "orgs: the table's screen names the organisation and what an even spread allows"
t send-keys Escape

# --- a hard rule the plan breaks is flagged at its table: a move refuses it,
# but a roster edited after the plan (or two desks' moves merged) can bring it
cp -R "$root/data/imagine-2024" "$scratch/apart"
python3 - "$scratch/apart" <<'PY'
import re, sys
d = sys.argv[1]
plan = open(d + "/allocation.yaml").read()
first = re.search(r"- table: (\S+)\n.*\n +delegates: \[(\S+), (\S+),", plan)
table, a, b = first.groups()
roster = open(d + "/roster.yaml").read()
roster = roster.replace("  - id: %s\n" % a, "  - id: %s\n    avoid: [%s]\n" % (a, b), 1)
open(d + "/roster.yaml", "w").write(roster)
open(d + "/table", "w").write(table)
PY
apart_table=$(cat "$scratch/apart/table")
start -- "$scratch/apart/event.yaml"
wait_for "Plan: "
# At 80 columns the overview's warnings are brief: "apart" for keep-apart.
screen | grep -E "^ +$apart_table " | grep -qE " apart( |$)"; result $? "rules: the table seating two kept apart is flagged"
[ "$(screen | grep -cE " apart( |$)")" = 1 ]; result $? "rules: and only that table"

# --- a role gone from a table: the overview names its letter ("no I", as
# "1 role missing" did not fit beside "org clash" at 80 columns) and the
# table's screen the role
cp -R "$root/data/imagine-2024" "$scratch/norole"
set -- $(python3 - "$scratch/norole" <<'PY'
import re, sys
d = sys.argv[1]
role = {}
for block in open(d + "/roster.yaml").read().split("  - id: ")[1:]:
    role[block.split()[0]] = re.search(r"role: (\S+)", block).group(1)
for m in re.finditer(r"- table: (\S+)\n.*\n +delegates: \[(.*)\]", open(d + "/allocation.yaml").read()):
    investors = [i for i in m.group(2).split(", ") if role.get(i) == "investor"]
    if len(investors) == 1:
        other = "1" if m.group(1) != "1" else "2"
        stays = next(i for i in m.group(2).split(", ") if i != investors[0])
        print(investors[0], m.group(1), other, stays)
        break
PY
)
ALCHEMY_DEVICE=desk-r "$bin" move "$scratch/norole/event.yaml" "$1" "$3" >/dev/null
start -- "$scratch/norole/event.yaml"
wait_for "Plan: "
screen | grep -E "^ +$2 " | grep -qE " no I( |$)"; result $? "roles: the overview names the missing role's letter"
# A second warning stands apart by a comma: "no I 1 locked" read as one.
ALCHEMY_DEVICE=desk-r "$bin" lock "$scratch/norole/event.yaml" "$4" >/dev/null
row_warns() { screen | grep -E "^ +$1 " | grep -qF -- "$2"; }
poll row_warns "$2" "no I, 1 locked"
result $? "roles: the overview's warnings are apart by commas"
t send-keys g
i=1; while [ "$i" -lt "$2" ]; do t send-keys j; i=$((i + 1)); done
t send-keys Enter
wait_for "Table $2:"
shows "no Social investor (I)"; result $? "roles: the table's screen names the role"
shows "r proposes a repair"; result $? "roles: and says what to do about it (the repair's key)"

# --- a table's name (tables: name:) heads its screen: where the desk sends people
cp -R "$root/tests/golden/cases/print-tables-named" "$scratch/named"
start -- "$scratch/named/event.yaml"
wait_for "Plan: "
t send-keys g Enter
wait_for "Table 1 (Room B, by the window): "; result $? "a table's screen shows the table's name beside its number"

# --- a table's warnings wrap under its heading: two long role labels
# missing once hid the organisation over its share on a one-line warning,
# and an organisation of 200 columns hid its "(1 allowed)"
mkdir -p "$scratch/longwarn"
python3 - "$scratch/longwarn" <<'PY'
import sys
d = sys.argv[1]
roles = ["alpha", "beta", "gamma", "delta"]
org = "Organisation with a very long name " + "x" * 170
with open(d + "/event.yaml", "w") as f:
    f.write("event: {name: Long warnings, date: 2025-05-01, venue: Hall}\nroles:\n")
    for r in roles:
        f.write('  - {id: %s, label: "%s role with a long label for the legend"}\n' % (r, r.title()))
    f.write("stages:\n  - {id: s1, title: Possible}\nthemes:\n  - {id: housing, title: Housing}\n"
            "roster: roster.yaml\ntables:\n  - {id: 1, theme: housing, capacity: 8}\n"
            "  - {id: 2, theme: housing, capacity: 8}\n")
with open(d + "/roster.yaml", "w") as f:
    f.write("delegates:\n")
    for i in range(8):
        o = org if i < 2 else "Org %d" % i
        # Table 1 seats the alphas and betas: no gamma, no delta.
        role = ["alpha", "alpha", "beta", "beta", "gamma", "gamma", "delta", "delta"][i]
        f.write('  - {id: d%d, name: "Person %d", organisation: "%s", role: %s}\n' % (i, i, o, role))
with open(d + "/allocation.yaml", "w") as f:
    f.write("rounds:\n  - round: 1\n    tables:\n"
            "      - {table: 1, theme: housing, delegates: [d0, d1, d2, d3]}\n"
            "      - {table: 2, theme: housing, delegates: [d4, d5, d6, d7]}\n")
PY
start -- "$scratch/longwarn/event.yaml"
wait_for "Plan: "
t send-keys g Enter
wait_for "Table 1: "
shows "no Gamma role with a long label for the legend (G)"; result $? "long warnings: the table's screen names a missing role with a long label"
shows "(1 allowed:"; result $? "long warnings: and, wrapped below it, the organisation over its share, its name cut"

# --- a journal record the replay skips (a damaged line) is said at opening,
# and one that another desk's file gains while the screen is open, live
cp -R "$root/data/imagine-2024" "$scratch/damaged"
dmg=$scratch/damaged/event.yaml
ALCHEMY_DEVICE=desk-9 "$bin" checkin "$dmg" d001 >/dev/null
printf '%s\n' '- {at: 1, n: 0, dev: desk-9, seq: 2, op: arrive, set: [["d002"' >>"$scratch/damaged/day/desk-9.yaml"
start ALCHEMY_DEVICE=tui-dmg -- "$dmg"
wait_for "The day's journals: 1 warning"; result $? "skipped: a damaged record is said at opening"
shows "desk-9.yaml:4:1: a damaged record"; result $? "skipped: naming its file and line"
printf '%s\n' 'not a record at all' >>"$scratch/damaged/day/desk-9.yaml"
wait_for "The day's journals: 2 warnings"; result $? "skipped: one more, written while open, is said live"

# --- a walk-in another laptop added offline, named as one already here:
# merged in while the screen is open, it is said live, both are marked D in
# the people list and their table "twice?"; once another desk marks one
# absent the footer says none is left
cp -R "$root/data/imagine-2024" "$scratch/dupwalk"
cp -R "$root/data/imagine-2024" "$scratch/dupwalk-b"
dw=$scratch/dupwalk/event.yaml
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=desk-1 "$bin" add "$dw" --name 'Zoë Walker' --organisation 'Open Door Fund' \
	--role investor >/dev/null
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=lap-b "$bin" add "$scratch/dupwalk-b/event.yaml" --name 'Zoë Walker' \
	--organisation 'Open Door Fund' --role investor >/dev/null
start ALCHEMY_DEVICE=tui-dup -- "$dw"
wait_for "Plan: "; result $? "dup walk-in: one walk-in, nothing to say"
! shows "twice?"; result $? "dup walk-in: and no table says twice?"
ALCHEMY_DEVICE=desk-1 "$bin" merge "$dw" "$scratch/dupwalk-b" >/dev/null 2>&1
wait_for "Zoë Walker (Open Door Fund) may be here"; result $? "dup walk-in: the same walk-in from another laptop is said live"
shows_joined "mark w-lap-b-001-0000 absent"; result $? "dup walk-in: naming the one to mark absent"
shows "twice?"; result $? "dup walk-in: their table says twice?"
t send-keys p
wait_for "shown"
t send-keys / W a l k e r Enter
poll sh -c "[ \$(tmux -L '$sock' capture-pane -p | grep -c '^  D Zoë Walker') = 2 ]"; result $? "dup walk-in: both marked D in the people list"
screen | grep '^  D Zoë Walker' | grep -q 'b-001-0000$'; result $? "dup walk-in: each D line shows its id (its end, at 80 columns), as the warning names it"
! shows "may be here twice"; result $? "dup walk-in: a key cleared the footer"
t send-keys C-l
poll shows_joined "mark w-lap-b-001-0000 absent"; result $? "dup walk-in: Ctrl-L says again which one to mark absent"
ALCHEMY_DEVICE=desk-1 "$bin" merge "$dw" "$scratch/dupwalk-b" >/dev/null 2>&1
ALCHEMY_DEVICE=desk-2 "$bin" checkin "$dw" w-lap-b-001-0000 --absent >/dev/null
poll sh -c "[ \$(tmux -L '$sock' capture-pane -p | grep -c '^  D Zoë Walker') = 0 ]"; result $? "dup walk-in: once one is absent, no D"
cp -R "$root/data/imagine-2024" "$scratch/dupwalk-c"
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=lap-c "$bin" add "$scratch/dupwalk-c/event.yaml" --name 'Zoë Walker' \
	--organisation 'Open Door Fund' --role investor >/dev/null
ALCHEMY_DEVICE=desk-1 "$bin" merge "$dw" "$scratch/dupwalk-c" >/dev/null 2>&1
poll shows_joined "mark w-lap-c-001-0000 absent"; result $? "dup walk-in: a third laptop's is said"
ALCHEMY_DEVICE=desk-2 "$bin" checkin "$dw" w-lap-c-001-0000 --absent >/dev/null
wait_for "No walk-in may be here twice now"; result $? "dup walk-in: and once marked absent elsewhere, the footer says none is left"
# one merge that mends the pair said and brings another: as many as before,
# but the new one is said (the footer compared counts alone)
cp -R "$root/data/imagine-2024" "$scratch/dupwalk-d"
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=lap-d "$bin" add "$scratch/dupwalk-d/event.yaml" --name 'Zoë Walker' \
	--organisation 'Open Door Fund' --role investor >/dev/null
ALCHEMY_DEVICE=desk-1 "$bin" merge "$dw" "$scratch/dupwalk-d" >/dev/null 2>&1
poll shows_joined "mark w-lap-d-001-0000 absent"; result $? "dup walk-in: a fourth laptop's is said"
cp -R "$root/data/imagine-2024" "$scratch/dupwalk-e"
cp -R "$root/data/imagine-2024" "$scratch/dupwalk-f"
ALCHEMY_DEVICE=lap-e "$bin" merge "$scratch/dupwalk-e/event.yaml" "$scratch/dupwalk" >/dev/null 2>&1
ALCHEMY_DEVICE=lap-e "$bin" checkin "$scratch/dupwalk-e/event.yaml" w-lap-d-001-0000 --absent >/dev/null
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=lap-e "$bin" add "$scratch/dupwalk-e/event.yaml" --name 'Yann Tiersen' \
	--organisation 'Open Door Fund' --role investor >/dev/null
ALCHEMY_NONCE=0 ALCHEMY_DEVICE=lap-f "$bin" add "$scratch/dupwalk-f/event.yaml" --name 'Yann Tiersen' \
	--organisation 'Open Door Fund' --role investor >/dev/null
cp "$scratch/dupwalk-f/day/lap-f.yaml" "$scratch/dupwalk-e/day/"
ALCHEMY_DEVICE=desk-1 "$bin" merge "$dw" "$scratch/dupwalk-e" >/dev/null 2>&1
wait_for "Yann Tiersen (Open Door Fund) may be here twice"; result $? "dup walk-in: a pair mended and another come in one merge: the new one is said"
ALCHEMY_DEVICE=desk-2 "$bin" add "$dw" --name 'bell hooks' --organisation 'Hooks Co-op' --role coop >/dev/null
t send-keys Escape / h o o k s Enter
wait_for "1 shown"
t send-keys x
wait_for "bell hooks marked absent"; result $? "the footer keeps a name as written: not capitalised"
# a name from a hand-written journal turning the line's direction is drawn
# as text: the override shows as U+FFFD, it does not reorder the screen
printf '%s\n' '- {at: 1900000000000, n: 0, dev: desk-x, seq: 1, op: walk-in, add: {id: "w-desk-x-001-zzzz", name: "Eve\u202Eevil", organisation: "Odd Org", role: "coop"}, set: [["w-desk-x-001-zzzz", attendance, "arrived", "absent"]]}' \
	>"$scratch/dupwalk/day/desk-x.yaml"
t send-keys Escape / E v e Enter
# polled, not read once: "1 shown" is still on the screen from the search
# before, so it does not say the new journal has been read (a loaded
# machine lost that race once)
wait_for "Eve$(printf '\357\277\275')evil"; result $? "a direction override in a name is drawn as U+FFFD"

# --- a plan of three rounds: } and { show each round, round 1 is the one changed
cp -R "$root/data/imagine-2024" "$scratch/rounds"
"$bin" allocate "$scratch/rounds/event.yaml" --rounds 3 >/dev/null
start -- "$scratch/rounds/event.yaml"
wait_for "round 1/3"; result $? "rounds: the header says round 1 of 3"
screen | grep -E "^ +[0-9]+ " >"$scratch/round1.txt"
t send-keys '}'
wait_for "round 2/3"; result $? "} shows round 2"
screen | grep -E "^ +[0-9]+ " >"$scratch/round2.txt"
! cmp -s "$scratch/round1.txt" "$scratch/round2.txt"; result $? "round 2's tables are not round 1's"
t send-keys Enter m
wait_for "shown to read"; result $? "a move in round 2 is refused before it asks: changes go to round 1"
t send-keys Escape p / W a l s h
wait_for "Walsh_"; result $? "rounds: a search typed in round 2 keeps every letter (a, l and s are change keys)"
wait_for "1 shown"; result $? "rounds: and finds Niamh Walsh"
t send-keys Escape Escape '{'
wait_for "round 1/3"; result $? "{ goes back to round 1"
t send-keys '}' n
wait_for "Round 2 · Ideas go to:"; result $? "capture from round 2 says the round new ideas go to"
t send-keys a "Round two idea" C-d
wait_for "Idea added: saved"
grep -q 'round: 2, kind: idea, key: false, text: "Round two idea"' "$scratch/rounds/ideas/"table-01.*.yaml
result $? "and the idea is recorded with its round"

# --- wide characters stay aligned
start -- "$root/tests/tui/fixtures/wide/event.yaml"
wait_for "Seats"; result $? "an event with wide theme titles opens"
screen >"$scratch/wide.txt"
python3 - "$scratch/wide.txt" <<'PY'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if "/10" in line:
        cols.add(width(line[:line.index("/10")]))
sys.exit(0 if len(cols) == 1 and len(cols) > 0 else 1)
PY
result $? "the seats column lines up under wide titles"
grep -q "住宅と健康の未来" "$scratch/wide.txt"; result $? "CJK titles are shown"

# --- the day's flows, on a copy of the planned sample; each asserts on the
# screen and on what the device's day journal (day/tui-1.yaml) holds, read
# back through a snapshot of the day (plan.yaml of the day: $snap).
cp -R "$root/data/imagine-2024" "$scratch/day"
day=$scratch/day
rm -rf "$day/day.yaml" "$day/day"
snap=$scratch/daysnap
snapshot() { rm -rf "$snap"; ALCHEMY_DEVICE=tui-1 "$bin" snapshot "$day/event.yaml" -o "$snap" >/dev/null; }
start ALCHEMY_DEVICE=tui-1 -- "$day/event.yaml"
wait_for "Plan: "; result $? "day: the planned sample opens"

# A key that does nothing on this screen says so and where it works: a
# walk-in typed on the overview must not run its letters as commands.
t send-keys a
wait_for "a does nothing here: add a walk-in from the People list (p)"; result $? "a on the tables overview says where walk-ins are added"
t send-keys Z
wait_for "That key is not bound. Press ? for help"; result $? "an unbound key says so"
t send-keys Escape

# Table detail
t send-keys Enter
wait_for "Table 1: "; result $? "Enter opens the selected table"
screen | grep "Table 1: " | grep -qE "[0-9]+/10  C[0-9]+ I[0-9]+ O[0-9]+ S[0-9]+"
result $? "its heading keeps seats and the whole mix, the theme cut to fit"
first=$(sed -n 's/.*table: 1$/&/p' "$day/allocation.yaml" | head -1)
member=$(awk '/- table: 1$/{f=1} f && /delegates:/{gsub(/.*\[|\].*/,""); split($0,a,", "); print a[1]; exit}' "$day/allocation.yaml")
name=$(grep -A1 "id: $member\$" "$day/roster.yaml" | sed -n 's/ *name: //p' | head -1)
shows "$name"; result $? "the table lists its members ($name)"

# Lock, then a refused move
t send-keys l
wait_for "Locked $name"; result $? "l locks the selected delegate"
grep -q "\"$member\", lock, \"true\"" "$day/day/tui-1.yaml"; result $? "the lock is saved in the device's journal"
t send-keys m 3 Enter
wait_for "is locked to table"; result $? "moving a locked delegate is refused, with the reason"
t send-keys l
wait_for "Unlocked $name"; result $? "l again unlocks"

# Move, with figures before and after
t send-keys m 3 Enter
wait_for "Moved $name to table 3"; result $? "m moves the delegate"
{ shows "→" || shows "no figure changed"; }; result $? "the footer shows the figures the move changed, before and after"
snapshot; awk '/- table: 3$/{f=1} f && /delegates:/{print; exit}' "$snap/allocation.yaml" | grep -q "$member"
result $? "the move is saved in the journal"

# Undo and redo
t send-keys u
wait_for "Undid: moved"; result $? "u undoes the move"
snapshot; awk '/- table: 1$/{f=1} f && /delegates:/{print; exit}' "$snap/allocation.yaml" | grep -q "$member"
result $? "the undo is saved: back at table 1"
t send-keys C-r
wait_for "Redid: moved"; result $? "Ctrl-R redoes it"
snapshot; awk '/- table: 3$/{f=1} f && /delegates:/{print; exit}' "$snap/allocation.yaml" | grep -q "$member"
result $? "the redo is saved: at table 3 again"
t send-keys Escape

# People: search, check-in (absent), walk-in
t send-keys p
wait_for "shown"; result $? "p opens the people list"
screen | tail -1 | grep -qF "i Arrived  x No-show  a Walk-in  / Search"; result $? "its footer shows the desk's keys, which work there"
t send-keys / t o m a s
wait_for "Tomás Ó Briain"; result $? "a search typed without marks finds a name with them (tomas: Tomás)"
t send-keys Escape
t send-keys / 王
wait_for "王芳"; result $? "search as you type finds a CJK name"
t send-keys Enter
wang=$(grep -B1 "name: 王芳" "$day/roster.yaml" | sed -n 's/.*id: //p')
t send-keys i
wait_for "王芳 arrived: table "; result $? "i marks the selected delegate arrived and says their table, as the desk tells them"
grep -q "\"$wang\", attendance, \"arrived\"" "$day/day/tui-1.yaml"; result $? "the arrival is saved in the journal"
snapshot; grep -q "$wang" "$snap/allocation.yaml"; result $? "an arrived delegate keeps their seat"
t send-keys i
wait_for "王芳 is already arrived (table "; result $? "i again changes nothing and says so: never absent, never another seat"
[ "$(grep -c "\"$wang\", attendance" "$day/day/tui-1.yaml")" = 1 ]; result $? "and writes nothing"
t send-keys x
wait_for "王芳 marked absent"; result $? "x marks the selected delegate absent (a no-show)"
header_shows "0 arrived, 104 expected, 6 absent"; result $? "the header counts one more absent"
grep -q "\"$wang\", attendance, \"absent\"" "$day/day/tui-1.yaml"; result $? "the no-show is saved in the journal"
snapshot; ! grep -q "$wang" "$snap/allocation.yaml"; result $? "a no-show's seat is freed"
t send-keys E
wait_for "王芳 back to expected"; result $? "E puts them back to expected"
header_shows "0 arrived, 105 expected, 5 absent"; result $? "the header counts them expected again"
# Wide names keep the columns: the role letter stands at one display column.
t send-keys / Escape / Council Enter G
wait_for "李伟"; result $? "a search shows councils, CJK names among them"
screen >"$scratch/people.txt"
python3 - "$scratch/people.txt" <<'PY'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
cols = set()
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[2:-1]:
    body = line[3:]
    if len(body.strip()) == 0:
        continue
    # the role letter follows the name column: find " C " etc. after the name
    for k in range(len(body)):
        if body[k] in "CIOS" and body[k - 1:k] == " " and body[k + 1:k + 2] == " " and k > 3:
            cols.add(width(line[:3 + k]))
            break
sys.exit(0 if len(cols) == 1 else 1)
PY
result $? "people's role letters line up whatever the width of their names"
t send-keys / Escape t 1 Enter
wait_for "table: 1 "; result $? "t shows only one table's people"
t send-keys t Enter
wait_for "table: all"; result $? "t with nothing typed shows every table again"
t send-keys a
wait_for "Walk-in name:"; result $? "a asks for a walk-in's name"
t send-keys "Zoë Walker" Enter "Open Door Fund" Enter investor Enter
wait_for "Added Zoë Walker as w-tui-1-001"; result $? "the walk-in is added with an id naming the device"
screen | tail -3 | grep -qE "no figure changed|→"; result $? "and says the figures the seat moved, as a move does"
snapshot; grep -q 'id: "w-tui-1-001-[0-9a-z]*", name: "Zoë Walker"' "$snap/roster.yaml"; result $? "the walk-in is saved in the journal"
grep -q "w-tui-1-001" "$snap/allocation.yaml"; result $? "and seated at once"
# The same person again (case aside): asked last, n adds nobody. The three
# answers typed ahead in one go (as a desk types) all go to their prompts:
# asked between them, the role's letters answered it and ran as keys.
t send-keys a
wait_for "Walk-in name:"
t send-keys "zoë walker" Enter "open door fund" Enter investor Enter
wait_for "y: add another  any other key: no. Already here as w-tui-1-001"
result $? "a walk-in already here is asked about after the role typed ahead, keys first, naming them"
poll footer_says "): Zoë Walker (Open Door Fund)"; result $? "the question is shown whole at 80 columns (wrapped), to whom they are named as"
shows "People · "; result $? "and the role typed ahead ran no key (still the people list)"
t send-keys n
wait_for "Not added: Zoë Walker is w-tui-1-001"; result $? "n adds nobody and says who they are"
snapshot; [ "$(grep -c 'name: "Zoë Walker"' "$snap/roster.yaml")" = 1 ]; result $? "still one Zoë Walker"
# A role mistyped asks again, keeping the rest; the start of one role is it.
t send-keys a
wait_for "Walk-in name:"
t send-keys "Yan Li" Enter "Keystone Energy" Enter mayor Enter
wait_for "No role 'mayor'; role ("; result $? "a role not known asks again"
t send-keys co Enter
wait_for "More than one role starts 'co'"; result $? "the start of two roles asks again, saying so"
t send-keys inv Enter
wait_for "Added Yan Li as w-tui-1-002"; result $? "the start of a role is that role; numbered on from the first walk-in"
snapshot; grep -q 'name: "Yan Li", organisation: "Keystone Energy", role: "investor"' "$snap/roster.yaml"
result $? "inv is the investor"
t send-keys Escape

# Repair
t send-keys r
wait_for "y applies"; result $? "r proposes a repair"
t send-keys y
wait_for "Repaired"; result $? "y applies it"
snapshot; "$bin" score "$snap/event.yaml" "$snap/allocation.yaml" >/dev/null 2>&1; result $? "the repaired plan breaks no hard rule"

# Stage clock: start, survive a restart
t send-keys c
wait_for "Start the stage clock for every desk and the board? y/n"; result $? "c asks before starting every desk's clock"
t send-keys n
wait_for "The clock is as it was"; result $? "n leaves the clock alone, in one key"
! grep -q "op: clock" "$day/day/tui-1.yaml"; result $? "and nothing is written"
t send-keys c y
wait_for "Clock started (The art of the possible)"; result $? "c, y starts the stage clock and names the stage"
! shows "sizes "; result $? "a clock change shows no seating figures"
grep -q "op: clock-start" "$day/day/tui-1.yaml"; result $? "the clock is saved"
t send-keys q
start ALCHEMY_DEVICE=tui-1 -- "$day/event.yaml"
wait_for "possible 1/4"; result $? "after a restart the header shows the stage"
! shows "paused"; result $? "and the clock is still running"
t resize-window -x 130 -y 24
wait_for "The art of the possible (1/4)"; result $? "a wide header names the stage by its title"
t resize-window -x 80 -y 24
wait_for "possible 1/4"; result $? "and at 80 columns by its id again"
t send-keys ] y
wait_for "ideas 2/4"; result $? "], y goes to the next stage"

# --- two screens of one machine as one device share one undo: the second
# says so at opening; as another device it says nothing
cp -R "$root/data/imagine-2024" "$scratch/twice"
other=alchemy-tui-test-$$-other
tmux -L "$other" -f /dev/null new-session -d -x 80 -y 24 \
	"env LANG=C.UTF-8 TERM=xterm-256color ALCHEMY_DEVICE=same-desk '$bin' '$scratch/twice/event.yaml' 2>/dev/null"
poll sh -c "tmux -L '$other' capture-pane -p | grep -q 'Plan: '"; result $? "twice: the first screen opens"
start ALCHEMY_DEVICE=same-desk -- "$scratch/twice/event.yaml"
wait_for "Another alchemy screen on this machine is open on this event as device"
result $? "twice: the second screen as the same device says so"
shows "ALCHEMY_DEVICE=same-desk-2"; result $? "twice: and names a device to open it as"
start ALCHEMY_DEVICE=same-desk-2 -- "$scratch/twice/event.yaml"
wait_for "Plan: "; result $? "twice: as another device it opens with the plan, saying nothing of the other"
tmux -L "$other" kill-server 2>/dev/null
start ALCHEMY_DEVICE=same-desk -- "$scratch/twice/event.yaml"
wait_for "Plan: "; result $? "twice: once the first has closed, the device is free again"

# --- live: every view follows another desk's change within a second, with
# no key pressed (the input wait ticks and stats the files)
cp -R "$root/data/imagine-2024" "$scratch/live"
live=$scratch/live/event.yaml
rm -f "$scratch/live/day.yaml"
members() { # members TABLE: the ids at a table now
	awk -v t="$1" '$0 ~ "- table: " t "$" {f=1} f && /delegates:/ {gsub(/.*\[|\].*/, ""); gsub(/,/, ""); print; exit}' \
		"$(day_plan "$live")"
}
name_of() {
	person_name "$scratch/live" "$1"
}
seats() { # seats TABLE: the overview's "N/10" for a table
	screen | awk -v t="$1" '$1 == t { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { print $i; exit } }'
}
seats_now() {
	[ "$(seats "$1")" = "$2" ]
}
# movable TABLE: its members but those pinned to it in the roster
movable() {
	pinned=$(awk '/- id: /{id=$3} /^    table: /{print id}' "$scratch/live/roster.yaml")
	for id in $(members "$1"); do
		echo "$pinned" | grep -qx "$id" || echo "$id"
	done
}
gone() { # gone TEXT: not in the screen's body (the footer may name the change that took it away)
	! screen | sed '$d' | grep -qF -- "$1"
}
start ALCHEMY_DEVICE=live-tui -- "$live"
wait_for "Plan: "
before=$(seats 1)
ALCHEMY_DEVICE=live-2 "$bin" move "$live" "$(movable 1 | head -1)" 3 >/dev/null
after="$(($(echo "$before" | cut -d/ -f1) - 1))/$(echo "$before" | cut -d/ -f2)"
within $live_ms seats_now 1 "$after"; result $? "live: the overview shows another desk's move within 1 s ($before -> $after)"
shows ": moved "; result $? "live: the footer names that first outside change (it replaced the opening greeting)"
# Select the member just after the one another desk moves away: the
# selection must follow the person up a line, not stay on the line.
set -- $(movable 1)
mover=$1 keeper=$2
line=$(members 1 | tr ' ' '\n' | grep -nx "$keeper" | cut -d: -f1)
t send-keys Enter
wait_for "Table 1: "
keeping=$(name_of "$keeper")
while [ "$line" -gt 1 ]; do t send-keys j; line=$((line - 1)); done
poll highlighted "$keeping"
"$bin" move "$live" "$mover" 4 >/dev/null
within $live_ms gone "$(name_of "$mover")"; result $? "live: table detail drops a member another desk moved away, within 1 s"
highlighted "$keeping"; result $? "live: and the selection stays on the same person ($keeping), a line up"
set -- $(members 1)
staying=$(name_of "$1")
t send-keys Escape p
wait_for "shown"
t send-keys / "$staying" Enter
wait_for "$staying"
"$bin" checkin "$live" "$1" --absent >/dev/null
marked_absent() {
	screen | grep -F -- "$1" | grep -q " absent "
}
within $live_ms marked_absent "$staying"; result $? "live: the people list shows another desk's no-show within 1 s"
t send-keys Escape Escape
wait_for "Table Theme"
t send-keys G n
wait_for "Table 12: "
"$bin" idea add "$live" --table 12 "Live from the other laptop" >/dev/null
within $live_ms shows "Live from the other laptop"; result $? "live: capture shows another note-taker's idea within 1 s"
t send-keys a "Soon deleted at another laptop" C-d
wait_for "Idea added: saved"
gone_id=$("$bin" ideas "$live" --table 12 | grep -B1 "Soon deleted at another laptop" | head -1 | cut -d' ' -f1)
"$bin" idea delete "$live" "$gone_id" >/dev/null
within $live_ms footer_says "What you had selected is gone"; result $? "live: an idea deleted at another laptop under the selection is said, so the next key is not taken for the idea now selected"
t send-keys Left
wait_for "Esc goes back to the tables"
shows "Table 12: "; result $? "capture opened from the tables: Left does not leave it either"
t send-keys Escape r
wait_for "y applies"
screen >"$scratch/repair-before.txt"
repair_changed() {
	! screen | cmp -s - "$scratch/repair-before.txt"
}
set -- $(members 5)
"$bin" checkin "$live" "$1" "$2" --absent >/dev/null
within $live_ms repair_changed; result $? "live: the repair proposal is made again after another desk's no-shows within 1 s"
t send-keys Escape
t send-keys C-l
wait_for "Table Theme"; result $? "live: ^L rereads and redraws"

# --- several desks at once: this TUI (device tui-desk) and two command-line
# devices (desk-a, desk-b) on one event, interleaved. The TUI redraws within
# a second of each outside change with no key pressed; its undo reverts its
# own change only, and refuses when another desk changed that person since.
cp -R "$root/data/imagine-2024" "$scratch/multi"
multi=$scratch/multi/event.yaml
rm -f "$scratch/multi/day.yaml"
desk_a() { ALCHEMY_DEVICE=desk-a "$bin" "$@" >/dev/null; }
desk_b() { ALCHEMY_DEVICE=desk-b "$bin" "$@" >/dev/null; }
table_now() { # table_now ID: the table ID sits at now
	awk -v id="$1" '/- table: /{t=$3} /delegates:/ && $0 ~ "[[ ]" id "[],]" {print t; exit}' "$(day_plan "$multi")"
}
multi_name() {
	person_name "$scratch/multi" "$1"
}
# Seven people expected and not pinned, so any desk may move them.
set -- $(awk '/- id: /{if (id && !skip) print id; id=$3; skip=0} /^    (table|present):/{skip=1} END{if (!skip) print id}' \
	"$scratch/multi/roster.yaml" | sed -n '1,7p')
p1=$1 p2=$2 p3=$3 p4=$4 p5=$5 p6=$6 p7=$7
p1_table=$(table_now "$p1")
find_person() { # find_person ID: the people list searched down to that person
	t send-keys / C-u Escape / "$(multi_name "$1")" Enter
	poll highlighted "$(multi_name "$1")"
}
start ALCHEMY_DEVICE=tui-desk -- "$multi"
wait_for "Plan: "
t send-keys p
wait_for "shown"
find_person "$p1"
t send-keys i
wait_for "$(multi_name "$p1") arrived"; result $? "desks: the TUI marks $p1 arrived"
t send-keys k
wait_for "? Help"
desk_a checkin "$multi" "$p2"
within $live_ms header_shows " 2 arrived"; result $? "desks: desk-a's arrival shows in the TUI within 1 s"
shows "desk-a: $(multi_name "$p2") ($p2) arrived"; result $? "desks: and the footer says which desk did what"
desk_b add "$multi" --name "Wanda Outside" --organisation "Desk B Fund" --role investor
within $live_ms header_shows " 3 arrived"; result $? "desks: desk-b's walk-in shows within 1 s"
to=$([ "$p1_table" = 12 ] && echo 11 || echo 12)
t send-keys m "$to" Enter
wait_for "Moved $(multi_name "$p1") to table $to"; result $? "desks: the TUI moves $p1 to table $to"
desk_a lock "$multi" "$p3"
desk_b checkin "$multi" "$p4" --absent
within $live_ms header_shows " 6 absent"; result $? "desks: desk-b's no-show shows within 1 s"
t send-keys u
wait_for "Undid: moved $(multi_name "$p1")"; result $? "desks: u undoes the TUI's own last change, the move"
[ "$(table_now "$p1")" = "$p1_table" ]; result $? "desks: $p1 is back at table $p1_table"
"$bin" snapshot "$multi" -o "$scratch/multi-now2" | grep -q "3 arrived, 102 expected, 6 absent"
result $? "desks: every arrival and no-show of the three desks survives the undo"
[ -n "$(table_now "$(sed -n 's/.*id: "\(w-desk-b-[0-9a-z-]*\)".*/\1/p' "$scratch/now/roster.yaml" | head -1)")" ]
result $? "desks: desk-b's walk-in keeps their seat"
find_person "$p3"
screen | grep -F "$(multi_name "$p3")" | grep -q "^ *L"; result $? "desks: desk-a's lock survives"
# Undo refused: another desk changed the person since, and the move stands.
find_person "$p5"
p5_table=$(table_now "$p5")
t send-keys m "$to" Enter
wait_for "Moved $(multi_name "$p5") to table $to"
desk_a lock "$multi" "$p5"
locked_shown() { # locked_shown NAME: the people list marks NAME locked
	screen | grep -F -- "$1" | grep -q "^ *L"
}
within $live_ms locked_shown "$(multi_name "$p5")"; result $? "desks: desk-a's lock of the same person shows within 1 s"
t send-keys u
wait_for "cannot undo"; result $? "desks: undo is refused when another desk changed that person since"
poll footer_says "since ('locked $(multi_name "$p5")"; result $? "desks: the refusal says what the other desk did"
footer_says "change it by hand"; result $? "desks: the refusal is shown whole at 80 columns (wrapped), to its last words"
shows "desk-a"; result $? "desks: and it says which desk"
screen | tail -3 | tr -s ' \n' '  ' | grep -qF "since ('locked $(multi_name "$p5") ($p5)'); change it by hand"
result $? "desks: the whole message shows, over more than one footer line"
[ "$(table_now "$p5")" = "$to" ]; result $? "desks: the TUI's move stands"
# Passed over: another desk has since set all the change set (a move, then a no-show).
find_person "$p7"
p7_to=$([ "$(table_now "$p7")" = 1 ] && echo 2 || echo 1)
t send-keys m "$p7_to" Enter
wait_for "Moved $(multi_name "$p7") to table $p7_to"
desk_b checkin "$multi" "$p7" --absent
within $live_ms header_shows " 7 absent"; result $? "desks: desk-b's no-show of the person moved shows within 1 s"
t send-keys u
poll footer_says "Nothing left to undo of 'moved $(multi_name "$p7")"; result $? "desks: undo of a move another desk has overridden passes over it"
footer_says "which stands; passed over"; result $? "desks: saying the other desk's change stands"
t send-keys u
wait_for "cannot undo 'moved $(multi_name "$p5")"; result $? "desks: and the next undo reaches the change before it"
# Undo survives a restart: it is in the journal.
find_person "$p6"
t send-keys l
wait_for "Locked $(multi_name "$p6")"
t send-keys q
start ALCHEMY_DEVICE=tui-desk -- "$multi"
wait_for "Plan: "
t send-keys u
wait_for "Undid: locked $(multi_name "$p6")"; result $? "desks: after a restart u undoes the TUI's last change (the lock)"
t send-keys C-r
wait_for "Redid: locked"; result $? "desks: and Ctrl-R redoes it"
# Doors closed: asks first, then everyone still expected is absent at once.
expected=$(screen | head -1 | sed -n 's/.* \([0-9]*\) expected.*/\1/p')
t send-keys C
wait_for "mark the $expected still expected absent"; result $? "desks: C asks before closing the doors, saying how many"
shows "y/n"; result $? "desks: as one key, y or n"
t send-keys n
wait_for "Doors still open"; result $? "desks: n leaves the doors open at once (no Enter)"
header_shows " $expected expected"; result $? "desks: and nobody is marked absent"
t send-keys C Escape
wait_for "Doors still open"; result $? "desks: Esc cancels too"
t send-keys C y
wait_for "Doors closed: $expected still expected marked absent"; result $? "desks: y closes the doors"
header_shows " 0 expected"; result $? "desks: nobody is expected any more"
t send-keys u
wait_for "Undid: doors closed"; result $? "desks: one u undoes the doors closed"
header_shows " $expected expected"; result $? "desks: everyone is expected again"
"$bin" log "$multi" >"$scratch/multi-log.txt"
[ "$(grep -c " desk-a " "$scratch/multi-log.txt")" = 3 ] && [ "$(grep -c " desk-b " "$scratch/multi-log.txt")" = 3 ] &&
	! grep " desk-[ab] " "$scratch/multi-log.txt" | grep -q "undid"
result $? "desks: the log holds every change of desk-a and desk-b, none undone"

# --- the board: a read-only screen for a projector
cp -R "$root/data/imagine-2024" "$scratch/board"
board=$scratch/board/event.yaml
rm -f "$scratch/board/day.yaml"
table_of() { # table_of ID: the table allocation.yaml seats ID at
	awk -v id="$1" '/- table: /{t=$3} /delegates:/ && $0 ~ "[[ ]" id "[],]" {print t; exit}' "$scratch/board/allocation.yaml"
}
femi=$(grep -B1 "name: Femi Adeyemi" "$scratch/board/roster.yaml" | sed -n 's/.*id: //p')
listed_at() { # listed_at "Family, Given" TABLE: the board lists the name with that table
	screen | grep -qE -- "$1 +$2( |\$)"
}
start ALCHEMY_DEVICE=projector -- board "$board" --seconds 3600
wait_for "page 1 of"; result $? "board: alchemy board opens"
shows "Find your table"; result $? "board: it says what it is for"
listed_at "Adeyemi, Femi" "$(table_of "$femi")"; result $? "board: a name, family name first, with its table"
screen | head -11 >"$scratch/board-top.txt"
diff -u "$root/tests/tui/expected/board-top.txt" "$scratch/board-top.txt" >"$scratch/diff"
result $? "board: the stage and its time left in block digits, as expected"
[ -s "$scratch/diff" ] && sed 's/^/# /' "$scratch/diff"
screen | sed -n '13,23p' | python3 -c "
import sys
lines = sys.stdin.read().splitlines()
names = []
for half in [line[:40] for line in lines] + [line[40:] for line in lines]:
    if ',' in half:
        names.append(half.split(',')[0].strip().lower())
sys.exit(0 if names == sorted(names) and len(names) > 10 else 1)"
result $? "board: A to Z by family name, column after column"
"$bin" move "$board" "$femi" 7 >/dev/null
within $live_ms listed_at "Adeyemi, Femi" 7; result $? "board: another desk's move shows within 1 s, no key pressed"
"$bin" checkin "$board" "$femi" --absent >/dev/null
within $live_ms gone "Adeyemi, Femi"; result $? "board: a no-show leaves the list within 1 s"
t send-keys m u c i
t send-keys Space
wait_for "page 2 of"; result $? "board: Space turns the page by hand"
[ ! -e "$scratch/board/day/projector.yaml" ]
result $? "board: keys that change the day (m u c i) write nothing: it is read-only"
t resize-window -x 60 -y 20
wait_for "Terminal too small: 60x20"; result $? "board: a 60x20 terminal shows the too-small screen"
t resize-window -x 120 -y 30
wait_for "page 2 of 2"; result $? "board: at 120x30 three columns of 18 hold the 104 expected on two pages"
t send-keys q
status=$(pane_exit_status)
[ "$status" = 0 ]; result $? "board: q quits with status 0 (got $status)"
start -- board "$board" --seconds 1
wait_for "page 1 of"
within 3000 shows "page 2 of"; result $? "board: pages turn by themselves"
start NO_COLOR=1 -- board "$board"
wait_for "page 1 of"; result $? "board: NO_COLOR: it opens"
! t capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|$(printf '\033')\[[0-9;]*4[0-7]m\|38;5\|48;5"
result $? "board: NO_COLOR: no colour sequences on the screen"
# the room reads the board: a walk-in who may be here twice (the dup
# walk-in event still has one pair) is not said there
grep -q "Yann Tiersen" "$scratch/dupwalk/day/lap-f.yaml" && "$bin" log "$dw" 2>&1 >/dev/null | grep -q "Yann Tiersen (Open Door Fund) may be here twice"
result $? "board: the event shown next still has a pair said twice"
start ALCHEMY_DEVICE=projector-2 -- board "$dw" --seconds 3600
wait_for "page 1 of"
! shows "may be here"; result $? "board: says no 'may be here twice'"
# The people list's role filter follows the role, not its place in the
# list: roles reordered in event.yaml under it keep the same people shown
cp -R "$root/data/imagine-2024" "$scratch/roles"
start -- "$scratch/roles/event.yaml"
wait_for "Plan: "
t send-keys p
wait_for "shown"
t send-keys R
wait_for "role: Commissioner"
# (the event's new name in the header says the reread has happened)
awk '/id: commissioner, label/ { held = $0; next } { sub(/name: E3M Imagine 2024/, "name: Roles Reordered"); print }
	/id: investor, label/ { print held }' \
	"$scratch/roles/event.yaml" >"$scratch/roles/event.tmp" && mv "$scratch/roles/event.tmp" "$scratch/roles/event.yaml"
grep -A2 '^roles:' "$scratch/roles/event.yaml" | tail -1 | grep -q 'id: commissioner'; result $? "roles: commissioner is second in event.yaml now"
poll header_shows "Roles Reordered"
shows "role: Commissioner"; result $? "roles: the people list still shows Commissioners after the reread"
t send-keys q
[ "$(pane_exit_status)" = 0 ]; result $? "roles: the TUI quits cleanly"
# Capture follows event.yaml by stage id: stages taken out under an open
# capture leave it on a stage that is there, said, never past the list
cp -R "$root/data/imagine-2024" "$scratch/stg"
start -- capture "$scratch/stg/event.yaml" --table 3
wait_for "Table 3"
t send-keys ']' ']' ']'
wait_for "New ideas go to: Financial sustainability"
grep -v 'id: ideas,\|id: impact,\|id: finance,' "$scratch/stg/event.yaml" >"$scratch/stg/event.tmp" && mv "$scratch/stg/event.tmp" "$scratch/stg/event.yaml"
poll footer_says "no longer in the event; they go to The art of the possible"; result $? "capture: stages taken out of event.yaml under it leave it on one that is there, said"
t send-keys Escape y
[ "$(pane_exit_status)" = 0 ]; result $? "capture: and it quits cleanly"
# The board only reads: a projector laptop with a stray ALCHEMY_DEVICE (not a
# device name) still shows the day
start ALCHEMY_DEVICE=projector.1 -- board "$board"
wait_for "page 1 of"; result $? "board: opens whatever ALCHEMY_DEVICE holds (it writes nothing)"
t send-keys q
[ "$(pane_exit_status)" = 0 ]; result $? "board: and quits cleanly"
start -- board "$board" --seconds 0
status=$(pane_exit_status)
[ "$status" = 64 ]; result $? "board: --seconds 0 is a usage error (64, got $status)"
# A clock started on a laptop reset to 1970: decades over time, in digits
# that would not fit the screen: said in plain text, the layout intact.
cp -R "$root/data/imagine-2024" "$scratch/skew"
rm -f "$scratch/skew/day.yaml"
mkdir -p "$scratch/skew/day"
printf -- '- {at: 1500000000000, n: 0, dev: skew, seq: 1, op: clock-start, set: [["-", clock, "0 1 1 0", "0 0 0 0"]]}\n' >"$scratch/skew/day/skew.yaml"
start -- board "$scratch/skew/event.yaml"
wait_for "over time"; result $? "board: a clock decades over time opens"
screen | grep -qE '^ *\+[0-9]+:[0-9]{2} *$'; result $? "board: its time is plain text on one line, not block digits wider than the screen"
shows "page 1 of"; result $? "board: and the list is still below it"

# --- note-taker mode: alchemy capture EVENT --table T
cp -R "$root/data/imagine-2024" "$scratch/cap"
rm -rf "$scratch/cap/ideas" "$scratch/cap/day.yaml"
start_capture 7
wait_for "Table 7: "; result $? "capture opens on the table: theme shown"
! shows "Plan: " && shows "a New idea"; result $? "capture's footer from the first open, not the facilitator's"
! shows "possible 1/4"; result $? "one stage on screen: where new ideas go, not the room's clock too"
shows "At the table: "; result $? "with the people at the table"
shows "Ideas go to: The art of the possible"; result $? "and the current stage"
t send-keys a
wait_for "Ctrl-D: save"; result $? "a opens the multi-line editor"
! shows "a New idea" && ! shows "Plan: "; result $? "the editor's keys alone in the footer, not capture's too"
t send-keys "Housing first pilot" Enter "住宅 and 🏠 on a second line" C-d
wait_for "Idea added: saved"; result $? "Ctrl-D saves the idea, and the footer says so"
screen | grep -q '^Ideas go to: The art of the possible · writing as: the table (scribe)  *1 idea$'
result $? "at 80 columns the stage, the writer and the idea count fit on one line, the count at the right"
shows "possible idea      +0 Housing first pilot / 住宅 and 🏠 on a second line"
result $? "a multi-line idea shows every line in its row, joined with /"
shows "the selected idea in full"; result $? "and, being more than a line, in full below the list"
journal=$(ls "$scratch/cap/ideas"/table-07.*.yaml 2>/dev/null | head -1)
grep -q 'text: "Housing first pilot\\n住宅 and 🏠 on a second line"' "$journal"
result $? "the idea, both lines and wide characters, is in the table's journal"
t send-keys '*' +
wait_for "Vote added: saved"; result $? "* marks a key point and + adds a vote"
shows "★"; result $? "the key point is starred"
grep -q "op: key, .*key: true" "$journal"; result $? "the key point is a journal record"
t send-keys ]
wait_for "New ideas go to: Ideas for large-scale"; result $? "] moves capture to the next stage"
t send-keys ] ] ]
wait_for "Already the last stage; new ideas go to: "; result $? "] on the last stage says so"
t send-keys [ [
wait_for "New ideas go to: Ideas for large-scale"
t send-keys a "Second idea" C-d
wait_for "Idea added: saved"
grep -q 'stage: "ideas", kind: idea, key: false, text: "Second idea"' "$journal"
result $? "a new idea goes to the chosen stage"
t send-keys w "Ana Ruiz" Enter
wait_for "writing as: Ana Ruiz"; result $? "w writes under your own name"
screen | grep -q '^Ideas go to: Ideas for large-scale social enter… · writing as: Ana Ruiz  *[0-9]* ideas$'
result $? "a short name stays whole beside a long stage title, which is cut"
t send-keys w C-u "Maria-Fernanda Alvarez de la Torre y Castellanos" Enter
wait_for "writing as: Maria-Fernanda"
screen | grep -q '^Ideas go to: Ideas for large-scal… · writing as: Maria-Fernanda Alvare…  *[0-9]* ideas$'
result $? "a long name and a long stage title each keep half the line, the count at the right"
t send-keys w C-u "Ana Ruiz" Enter
wait_for "writing as: Ana Ruiz"
t send-keys G D
wait_for "Delete this idea? y: delete"; result $? "D asks first"
t send-keys u
wait_for "Not deleted"; result $? "any key but y keeps the idea, and says so"
! grep -q "op: delete" "$journal"; result $? "nothing is deleted (and the u was the answer, not an undo)"
t send-keys D y
wait_for "Idea deleted"; result $? "D then y deletes the selected idea: one key, no Enter"
grep -q "op: delete" "$journal"; result $? "the deletion is a record (a tombstone), the idea's history stays"
grep -q 'author: "Ana Ruiz"' "$journal"; result $? "and it is credited to the note-taker"

# --- a note-taker has no facilitator's keys: e exports nothing, and Esc
# asks before leaving (there is no facilitator's screen under capture)
t send-keys e p
wait_for "writing as: Ana Ruiz"
! shows "Report exported" && ! [ -e "$scratch/cap/report.md" ] && ! shows "Search"
result $? "e and p do nothing in alchemy capture: no report written over the organiser's"
t send-keys Left h
wait_for "Esc leaves capture"; result $? "Left and h do not leave capture; the footer says how"
t send-keys Escape
wait_for "Leave capture and quit alchemy?"; result $? "Esc in alchemy capture asks before leaving"
t send-keys n
wait_for "Still capturing at table 7"
shows "Table 7: " && ! shows "Tables"; result $? "any other key stays in capture, not the facilitator's overview"
t send-keys Escape y
status=$(pane_exit_status)
[ "$status" = 0 ]; result $? "y quits (status $status)"

# --- export the report from the facilitator's TUI; an edited report is
# never replaced unasked
start -- "$scratch/cap/event.yaml"
wait_for "Table"
t send-keys e
wait_for "Report exported"; result $? "e exports the report"
[ -s "$scratch/cap/report.md" ] && [ -s "$scratch/cap/report.html" ]; result $? "report.md and report.html are written beside the event"
grep -q "Housing first pilot" "$scratch/cap/report.md"; result $? "with the ideas captured a moment ago"
echo "Edited by the organiser" >>"$scratch/cap/report.md"
t send-keys e
wait_for "Replace report.md and report.html"; result $? "e again asks before replacing the reports"
t send-keys n
wait_for "Not exported: report.md and report.html are as they were"
grep -q "Edited by the organiser" "$scratch/cap/report.md"; result $? "n keeps the organiser's edits"
t send-keys e
wait_for "Replace report.md and report.html"
t send-keys y
wait_for "Report exported"
! grep -q "Edited by the organiser" "$scratch/cap/report.md"; result $? "y replaces them"

# --- capture never loses a keystroke: the draft is on disk as it is typed
# (a second behind at most), back after the laptop dies, gone once saved
# or cancelled; Esc asks first; stage and name are kept; u undoes; ? shows
# capture's keys; the selection follows a new idea.
draft_has() { # draft_has PATTERN: the draft kept for table 5 holds PATTERN
	grep -q -- "$1" "$scratch"/cap/ideas/.drafts/table-05.*.yaml
}
gone() { ! kill -0 "$1" 2>/dev/null; }
kill_capture() { # the laptop dies: SIGKILL to the pane's processes, no clean-up
	pane=$(t display-message -p '#{pane_pid}')
	victims="$(ps -o pid= --ppid "$pane" | tr -d ' ') $pane"
	pgid=$(ps -o pgid= -p "$pane" | tr -d ' ')
	# shellcheck disable=SC2086
	kill -9 $victims -- "-$pgid" 2>/dev/null
	for p in $victims; do poll gone "$p"; done
	# only then the server: its SIGHUP would let alchemy keep its draft
	t kill-server 2>/dev/null
}
start_capture 5
wait_for "Table 5: "; result $? "capture opens on table 5"
t send-keys k   # a movement: clears the opening message, so the footer shows its keys
wait_for "a New idea  Enter Edit  u Undo"; result $? "the footer shows capture's keys, not the facilitator's"
t send-keys a
wait_for "Ctrl-D: save"
t send-keys "Unsaved thought" Enter "on two lines"
poll draft_has 'text: "Unsaved thought\\non two lines"'
result $? "what is typed is on disk as a draft within a second, without saving"
kill_capture
! grep -qs "Unsaved thought" "$scratch"/cap/ideas/table-05.*.yaml
result $? "the draft is not an idea: the journal does not hold it"
"$bin" report "$scratch/cap/event.yaml" --format csv | grep -q "Unsaved thought"
[ $? -ne 0 ]; result $? "nor does the report"
start_capture 5
wait_for "Your unsaved idea is back: a continues it"; result $? "after the crash, capture says the draft is back"
shows "Unsaved idea (a continues it): Unsaved thought on two lines"; result $? "and shows it above the list"
t send-keys a
wait_for "Ctrl-D: save"
shows "on two lines"; result $? "a reopens the editor with the draft's text"
t send-keys " kept" C-d
wait_for "Idea added: saved"; result $? "Ctrl-D saves it"
journal5=$(ls "$scratch"/cap/ideas/table-05.*.yaml | head -1)
grep -q 'text: "Unsaved thought\\non two lines kept"' "$journal5"; result $? "the whole text, draft and keys typed after, is in the journal"
poll sh -c "! grep -q '^text:' $scratch/cap/ideas/.drafts/table-05.*.yaml"
result $? "once saved, the draft is gone"
new_id=$(sed -n 's/.*op: add, idea: \(i[0-9a-f]*\),.*Unsaved thought.*/\1/p' "$journal5")
"$bin" idea add "$scratch/cap/event.yaml" --table 5 --stage possible -- "-An older idea from the CLI" >/dev/null
t send-keys G a "Newest idea" C-d
wait_for "Idea added: saved"
t send-keys T
wait_for "barrier: saved"; result $? "T right after adding changes a kind"
newest=$(sed -n 's/.*op: add, idea: \(i[0-9a-f]*\),.*Newest idea.*/\1/p' "$journal5")
grep -q "op: kind, idea: $newest," "$journal5"; result $? "and it is the new idea's: the selection follows a new idea"
t send-keys u
wait_for "Undid \"barrier\": saved"; result $? "u undoes this terminal's last change"
grep -q "op: kind, idea: $newest, .*kind: idea" "$journal5"; result $? "by appending the inverse record"
t send-keys + u
wait_for "Undid \"Vote added\": saved"
[ "$(grep -c "op: vote, idea: $newest" "$journal5")" = 2 ] && grep -q "op: vote, idea: $newest, .*vote: -1" "$journal5"
result $? "a vote undone is a vote taken back"
t send-keys Enter
wait_for "Ctrl-D: save"
t send-keys " edited here" C-d
wait_for "Idea edited: saved"
"$bin" idea edit "$scratch/cap/event.yaml" "$newest" "Changed at another terminal" >/dev/null
t send-keys u
wait_for "Not undone: another terminal has changed that idea since"
result $? "u never overwrites another terminal's later change"
"$bin" ideas "$scratch/cap/event.yaml" --table 5 | grep -q "^    Changed at another terminal$"
result $? "which stays"
t send-keys a "Half a thought"
poll draft_has "Half a thought"
t send-keys Escape
wait_for "Discard what you wrote?"; result $? "Esc on a draft asks first"
t send-keys n
wait_for "Ctrl-D: save"
shows "Half a thought"; result $? "any other key goes on writing, the text intact"
t send-keys Escape y
wait_gone "Ctrl-D: save"; result $? "y discards it"
poll sh -c "! grep -q 'Half a thought' $scratch/cap/ideas/.drafts/table-05.*.yaml"
result $? "and the draft with it"
# A resize while writing: the editor follows the new size, below 80x24
# shows the too-small screen, and keeps what was typed.
t send-keys a "Written through a resize"
wait_for "Written through a resize"
t resize-window -x 120 -y 30
row_has() { screen | sed -n "$1p" | grep -q -- "$2"; }   # row_has ROW PATTERN
poll row_has 30 'Ctrl-D: save'
result $? "editor: at 120x30 its keys are on the new last line"
screen | sed -n 5p | grep -q "^Ideas go to: .\{70,\} [0-9]* ideas$"; result $? "editor: capture's header is drawn again at the new width"
t resize-window -x 60 -y 8
wait_for "Terminal too small: 60x8"; result $? "editor: below 80x24 the too-small screen"
shows "enlarge it (what you type is kept)"; result $? "editor: which says what is typed is kept"
t send-keys -l "X"
t send-keys Enter
t send-keys -l "and a second line"
t send-keys Escape C-d
t resize-window -x 80 -y 24
wait_for "and a second line"; result $? "editor: back at 80x24 the text is there, with the keys typed while too small"
shows "Written through a resizeX"; result $? "editor: its first line too, though one row was all there was while small"
! shows "Terminal too small" && ! shows "Discard what you wrote" && shows "Ctrl-D: save"
result $? "editor: Esc and Ctrl-D, which would leave it unseen, were not taken"
t send-keys C-d
wait_for "Idea added: saved"
grep -q 'text: "Written through a resizeX\\nand a second line"' "$journal5"; result $? "editor: and Ctrl-D saves it whole"
# A prompt whose label would leave no room to type: the label above, the answer below.
t send-keys o
wait_for "Owner (an organisation; a person's name shows only in --names reports)"
t send-keys -l "Bristol and Avon Community Food Co-operative"
poll row_has 24 '^> Bristol and Avon Community Food Co-operative'
result $? "a long prompt's label goes above: what is typed has the whole last line"
row_has 23 "^Owner (an organisation"; result $? "with the label whole on the line above"
t send-keys Enter
wait_for "Owner set: saved"
t send-keys ] w "Ana Ruiz" Enter
wait_for "writing as: Ana Ruiz"
kill_capture
start_capture 5
wait_for "As you left it: stage Ideas for large-scale social enterprise"
shows "Ideas go to: Ideas for large-scale" && shows "· writing as: Ana Ruiz"
result $? "stage and name are kept per device and table, even through a crash, and it says so"
t send-keys a "Mine to undo" C-d
wait_for "Idea added: saved"
mine=$(sed -n 's/.*op: add, idea: \(i[0-9a-f]*\),.*Mine to undo.*/\1/p' "$journal5")
"$bin" idea vote "$scratch/cap/event.yaml" "$mine" >/dev/null
t send-keys u
wait_for "Not undone: another terminal has changed that idea since"
"$bin" ideas "$scratch/cap/event.yaml" --table 5 | grep -q "Mine to undo"
result $? "u never deletes an idea added here once another terminal has changed it (a vote)"
t send-keys a "Where it was" C-d
wait_for "Idea added: saved"
grep -q 'author: "Ana Ruiz", stage: "ideas", kind: idea, key: false, text: "Where it was"' "$journal5"
result $? "new ideas go where they went before"
t send-keys u
wait_for "Undid \"Idea added\", the idea is gone (kept in its history): saved"
"$bin" ideas "$scratch/cap/event.yaml" --table 5 | grep -q "Where it was"
[ $? -ne 0 ]; result $? "undoing an add deletes that idea (kept in the history)"
t send-keys u
wait_for "Nothing to undo"; result $? "and undo stops at this terminal's first change"
kill_capture
# Stopped between saving an idea and clearing its draft (kill -9 within
# milliseconds of Ctrl-D): the journal has the text, so it is not offered
# again, where a second Ctrl-D would have saved it twice.
draft5=$(ls "$scratch"/cap/ideas/.drafts/table-05.*.yaml)
mine_at=$(sed -n "s/.*time: \([0-9]*\), op: add, idea: $mine,.*/\1/p" "$journal5")
printf 'author: "Ana Ruiz"\nidea: ""\ntext: "Mine to undo"\nkept: %s\n' $((mine_at - 60000)) >"$draft5"
start_capture 5
wait_for "Your unsaved idea is back"; result $? "the same text saved long after the draft was kept is another's: the draft is offered"
kill_capture
printf 'author: "Ana Ruiz"\nidea: ""\ntext: "Mine to undo"\nkept: %s\n' $((mine_at - 5)) >"$draft5"
start_capture 5
wait_for "Your last idea was saved before capture closed"; result $? "a draft the journal already holds is said to be saved"
! shows "Unsaved idea"; result $? "and not offered again"
poll sh -c "! grep -q '^text:' '$draft5'"; result $? "its text leaves the draft"
t send-keys a
wait_for "Ctrl-D: save"
t send-keys Escape
wait_gone "Ctrl-D: save"; result $? "a opens an empty editor, not the saved text"
kill_capture
printf 'text: "half a\n' > "$(ls "$scratch"/cap/ideas/.drafts/table-05.*.yaml)"
start_capture 5
wait_for "Draft: not a draft alchemy can read; kept as"; result $? "a damaged draft is said, not silently dropped"
ls "$scratch"/cap/ideas/.drafts/table-05.*.yaml.unreadable >/dev/null 2>&1 && grep -q "half a" "$scratch"/cap/ideas/.drafts/table-05.*.yaml.unreadable
result $? "and kept aside, so the next draft does not overwrite it"
t send-keys '?'
wait_for "Write a new idea"; result $? "? in capture shows capture's keys"
! shows "walk-in"; result $? "not the facilitator's"
shows "Enter, Right " && ! shows "Enter, Enter"; result $? "each key once (Enter is two key codes)"
shows "Esc Back to capture" && ! shows "r Repair"; result $? "its footer is capture's help's, not the facilitator's"
shows "PgDn More"; result $? "and says there is more below"
screen | head -1 | grep -q "^ Capture keys · E3M Imagine 2024 " && ! screen | head -1 | grep -q "…\|possible"
result $? "its header names the event whole, without the room's stage clock"
t send-keys G
wait_for "Leave capture and quit alchemy (it asks first"; result $? "help says Esc leaves alchemy capture, and quits"
screen | grep -q "^   Esc  *Leave capture and quit" && ! shows "Esc, Left, h"; result $? "and names Esc alone: Left and h do not leave it"
shows "Reread the ideas and redraw the screen" && ! shows "here twice"; result $? "^L in capture's words, not the facilitator's"
t send-keys Escape
wait_for "Table 5: "

# --- the terminal closing (SIGHUP) or a kill (SIGTERM) keeps the very last
# keys typed, not only what the one-second draft had
for sig in HUP TERM; do
	t send-keys a "Typed just before the $sig" Enter "and the tail"
	wait_for "and the tail"
	pane=$(t display-message -p '#{pane_pid}')
	kill -$sig "$(ps -o pid= --ppid "$pane" | tr -d ' ' | head -1)"
	poll draft_has "Typed just before the $sig\\\\nand the tail"
	result $? "SIG$sig while typing: the draft holds every key typed before it"
	start_capture 5
	wait_for "Your unsaved idea is back"
	t send-keys a
	wait_for "and the tail"
	t send-keys Escape y
	wait_gone "Ctrl-D: save"
done

# --- Enter opens the highlighted idea, never a draft of something else
kill_capture
"$bin" idea add "$scratch/cap/event.yaml" --table 6 "Already on the list" >/dev/null
start_capture 6
wait_for "Already on the list"
t send-keys a "A new thought, unsaved"
poll sh -c "grep -qs 'A new thought, unsaved' $scratch/cap/ideas/.drafts/table-06.*.yaml"
kill_capture
start_capture 6
wait_for "Your unsaved idea is back"
t send-keys g Enter
wait_for "Your unsaved new idea comes first"
! shows "Ctrl-D: save"; result $? "Enter on an idea does not open a new idea's draft as if it were that idea, and says why"
t send-keys a
wait_for "New idea for stage"; result $? "a goes on with the draft, and the editor says which stage it goes to"
t send-keys Escape y

# --- two terminals of one machine on one table: each keeps its own draft
kill_capture
start_capture 9
wait_for "Table 9: "
t new-window -d "env LANG=C.UTF-8 TERM=xterm-256color '$bin' capture '$scratch/cap/event.yaml' --table 9"
poll sh -c "tmux -L $sock capture-pane -p -t :1 | grep -q 'keeps its own draft'"
result $? "a second capture of the table on this machine says it keeps its own draft"
t send-keys -t :1 a "Draft of the second terminal"
t send-keys -t :0 a "Draft of the first terminal"
poll sh -c "grep -qs 'Draft of the first terminal' $scratch/cap/ideas/.drafts/table-09.*.yaml && grep -qs 'Draft of the second terminal' $scratch/cap/ideas/.drafts/table-09.*~2.yaml"
result $? "both drafts are on disk, neither over the other"
cp "$scratch/cap/roster.yaml" "$scratch/roster.open"
"$bin" purge "$scratch/cap/event.yaml" >/dev/null 2>"$scratch/purge.err"
[ $? = 65 ] && grep -q "a capture is open here" "$scratch/purge.err" && cmp -s "$scratch/cap/roster.yaml" "$scratch/roster.open"
result $? "purge refuses while a capture is open on this machine (it would write names back), changing nothing"
t kill-server 2>/dev/null
# Both stopped with text unsaved: one capture opened again takes the first
# draft back and says the other waits; a second capture gets that one.
captures_gone() { ! pgrep -f "capture $scratch/cap/event.yaml --table 9" >/dev/null; }
poll captures_gone
start_capture 9
wait_for "1 more unsaved draft of this table, from a capture that stopped"
result $? "a draft of a second capture that stopped is said, not left to be found by nobody"
t new-window -d "env LANG=C.UTF-8 TERM=xterm-256color '$bin' capture '$scratch/cap/event.yaml' --table 9"
poll sh -c "tmux -L $sock capture-pane -p -t :1 | grep -q 'Unsaved idea (a continues it): Draft of the second terminal'"
result $? "and a second capture of the table gets it back"
t kill-server 2>/dev/null
poll captures_gone

# --- a draft file that is a symbolic link (to the roster) is never read or
# written through: set aside, the roster intact
kill_capture
cp "$scratch/cap/roster.yaml" "$scratch/roster.before"
draft_link=$scratch/cap/ideas/.drafts/table-05.linktest.yaml
ln -s ../../roster.yaml "$draft_link"
ALCHEMY_DEVICE=linktest
export ALCHEMY_DEVICE
start_capture 5
wait_for "a symbolic link, not a draft"; result $? "a draft that is a symbolic link is said and set aside"
t send-keys a "typed over a link" ]
poll sh -c "grep -qs 'typed over a link' $draft_link"
cmp -s "$scratch/cap/roster.yaml" "$scratch/roster.before" && [ ! -L "$draft_link" ]
result $? "typing keeps a real draft; the roster the link named is untouched"
t send-keys Escape y q
pane_exit_status >/dev/null   # gone, its place kept, before the folder changes
unset ALCHEMY_DEVICE
# ideas/.drafts itself a link: nothing is kept through it, and the editor says so as you type
mv "$scratch/cap/ideas/.drafts" "$scratch/cap/drafts.real"
mkdir "$scratch/elsewhere"
ln -s ../../elsewhere "$scratch/cap/ideas/.drafts"
start_capture 5
wait_for "is a symbolic link, not a folder"; result $? "a linked drafts folder is said when capture opens"
t send-keys a "Only in memory"
wait_for "DRAFT NOT KEPT ON DISK"; result $? "the editor says at once that the draft is not kept"
[ -z "$(ls -A "$scratch/elsewhere")" ]; result $? "and nothing is written where the link points"
t send-keys C-d
wait_for "Idea added: saved"; result $? "Ctrl-D still saves the idea to the journal"
t send-keys q
pane_exit_status >/dev/null
rm "$scratch/cap/ideas/.drafts"
mv "$scratch/cap/drafts.real" "$scratch/cap/ideas/.drafts"

# --- an idea longer than a screen, or than the 4 KiB the editor once held, is edited whole
long=$(python3 -c "print('word ' * 2000 + 'END')")
"$bin" idea add "$scratch/cap/event.yaml" --table 8 "$long" >/dev/null
start_capture 8
wait_for "Table 8: "; result $? "capture opens on a table with a 10 KB idea"
t send-keys Enter
wait_for "Ctrl-D: save"; result $? "Enter opens it in the editor"
t send-keys Z C-d
wait_for "Idea edited: saved"; result $? "a key at its end and Ctrl-D save it"
"$bin" report "$scratch/cap/event.yaml" --format csv | python3 -c "
import sys; t = sys.stdin.read(); sys.exit(not (('word ' * 2000 + 'ENDZ') in t))"
result $? "the saved text is the whole idea plus the key typed, not a cut-short copy"

# --- a thousand tables scroll and page
mkdir -p "$scratch/big"
{
	echo "event: {name: Big}"
	echo "themes: [{id: t, title: Theme}]"
	echo "roster: []"
	echo "tables: {count: 1000, capacity: 8}"
} >"$scratch/big/event.yaml"
start -- "$scratch/big/event.yaml"
wait_for "0/8"; result $? "1,000 tables open"
t send-keys G
wait_for " 1000 "; result $? "G jumps to table 1000"
t send-keys g
wait_for "    1 "; result $? "g goes back to table 1"
t send-keys NPage
wait_for "   22 "; result $? "PgDn shows the next page"
start -- board "$scratch/big/event.yaml"
wait_for "Nobody is expected yet."; result $? "board: an event with nobody and no stages says so"

# --- a clock beyond the event's stages (stages cut after it moved on): no crash
rm -rf "$scratch/cap/ideas"
printf 'clock: {stage: 9, running: false, started: 0, elapsed: 0}\n' >"$scratch/cap/day.yaml"
start_capture 7
wait_for "Ideas go to: Financial sustainability"; result $? "capture with the clock at stage 10 of 4 opens at the last stage, not a crash"
# the same clock carried by the day journal (day/DEVICE.yaml), not day.yaml
rm -f "$scratch/cap/day.yaml"; mkdir -p "$scratch/cap/day"
printf -- '- {at: 1796024390714, n: 0, dev: tester, seq: 1, op: stage, set: [["-", clock, "9 0 0 0", "0 0 0 0"]]}\n' >"$scratch/cap/day/tester.yaml"
start_capture 7
wait_for "Ideas go to: Financial sustainability"; result $? "capture with the day journal's clock at stage 10 of 4 opens at the last stage, not a crash"
rm -rf "$scratch/cap/day"

# --- a plan seating someone the roster no longer has (a re-import took
# d003 out): the TUI opens, says which seat is free and where, and leaves
# allocation.yaml as it is
cp -R "$root/data/imagine-2024" "$scratch/lost"
awk '/^  - id: / { skip = ($3 == "d003") } !skip' "$root/data/imagine-2024/roster.yaml" >"$scratch/lost/roster.yaml"
cp "$scratch/lost/allocation.yaml" "$scratch/lost-plan-before.yaml"
! grep -q "id: d003" "$scratch/lost/roster.yaml" && grep -q "id: d004" "$scratch/lost/roster.yaml"
result $? "lost: the roster without d003 is made"
start -- "$scratch/lost/event.yaml"
poll footer_says "allocation.yaml:7:21: delegate 'd003' is not in the roster"
result $? "lost: the TUI opens and names the free seat's place and id"
poll footer_says "their seat at table 1 is free: on the day alchemy rebalance fills it"; result $? "lost: and says the seat is free until a new plan"
t send-keys q
[ "$(pane_exit_status)" = 0 ]; result $? "lost: the TUI quits cleanly"
cmp -s "$scratch/lost/allocation.yaml" "$scratch/lost-plan-before.yaml"; result $? "lost: allocation.yaml is not rewritten"

# --- a live re-import while the TUI is open: the seat it frees is said in
# the footer (not only at opening), and a swap mark on someone it takes out
# is cleared, said, and never moves on to whoever takes their row
cp -R "$root/data/imagine-2024" "$scratch/reim"
without() { # without FROM ID: FROM's roster less ID, written to reim's roster
	awk -v id="$2" '/^  - id: / { skip = ($3 == id) } !skip' "$1" >"$scratch/reim/roster.tmp" &&
		mv "$scratch/reim/roster.tmp" "$scratch/reim/roster.yaml"
}
start -- "$scratch/reim/event.yaml"
wait_for "Plan: "
without "$root/data/imagine-2024/roster.yaml" d003
poll footer_says "delegate 'd003' is not in the roster"; result $? "reimport: an open TUI says in the footer which seat a live reread freed"
mover=$(person_name "$scratch/reim" d026)
t send-keys p
wait_for "shown"
t send-keys / "$mover" Enter
wait_for "$mover"
t send-keys s
wait_for "$mover marked: select another"; result $? "reimport: s marks $mover for a swap"
screen | grep -qF "  S $mover"; result $? "the swap mark S stands apart from the name"
without "$scratch/reim/roster.yaml" d026
poll footer_says "$mover (d026) is no longer in the roster; swap mark cleared"; result $? "reimport: the mark on someone taken out of the roster is cleared, and said"
t send-keys / Escape
wait_for "108 shown"
! screen | sed -n '3,21p' | grep -qE '^..S'; result $? "reimport: no one else shows the swap mark"
t send-keys s
poll footer_says "marked: select another"; result $? "reimport: the next s marks, and swaps nobody"
! grep -q "swap" "$scratch"/reim/day/*.yaml 2>/dev/null; result $? "reimport: no swap is written"
# A roster another desk leaves refused (d008 avoids d025, taken out): the
# screen goes on with the day as last read and says what is wrong.
without "$scratch/reim/roster.yaml" d025
poll footer_says "Not reread, shown as before: "; result $? "reimport: a reread of a refused roster keeps the day shown, and says so"
footer_says "d008 avoids 'd025', who is not in the roster"; result $? "reimport: naming what is wrong in the file"
t send-keys / Escape
wait_for "108 shown"; result $? "reimport: the TUI goes on, the people list as before"
# Mended (d025 back): the footer no longer says the files are wrong.
without "$root/data/imagine-2024/roster.yaml" d003
without "$scratch/reim/roster.yaml" d026
poll footer_says "Reread: the event's files read right again"; result $? "reimport: a reread that reads right again says so, not the old refusal"
! footer_says "Not reread"; result $? "reimport: and the refusal is gone from the footer"
t send-keys q
[ "$(pane_exit_status)" = 0 ]; result $? "reimport: the TUI quits cleanly"
t kill-server 2>/dev/null

# --- allocate on a terminal: a first Ctrl-C in the search over all rounds
# writes the best plan so far and says so with its figure, exit 0, and the
# progress line is erased. 32 golfers at 8 tables of 4 for 10 rounds: the
# search runs some 15 s, so the Ctrl-C lands in it once its line shows.
mkdir "$scratch/golf"
{
	printf 'event: {name: Golfers, rounds: 10}\nroles:\n  - {id: guest}\nthemes:\n  - {id: t1, title: T}\nroster:\n'
	i=0
	while [ $i -lt 32 ]; do
		printf '  - {id: g%d, name: G %d, organisation: O%d, role: guest}\n' $i $i $i
		i=$((i + 1))
	done
	printf 'tables: {count: 8, capacity: 4}\n'
} >"$scratch/golf/event.yaml"
t kill-server 2>/dev/null
sessions=$((sessions + 1))
sock=alchemy-tui-test-$$-$sessions
t -f /dev/null new-session -d -x 80 -y 24 \
	"cd '$scratch/golf' && env LANG=C.UTF-8 TERM=xterm-256color '$bin' allocate event.yaml -o p.yaml >out.txt; echo \$? >'$scratch/status.$sessions'; sleep 600"
joined() { t capture-pane -p -J | grep -qF -- "$1"; }
search_ms=20000
[ -n "${ALCHEMY_VALGRIND:-}" ] && search_ms=300000
within $search_ms joined "all 10 rounds, attempt "; result $? "allocate: the progress line says 'all 10 rounds, attempt N'"
t send-keys C-c
within $search_ms joined "alchemy: stopped early (Ctrl-C): the best plan found so far was written to p.yaml ("
result $? "allocate: a first Ctrl-C in the search says the best plan so far was written"
[ "$(pane_exit_status)" = 0 ]; result $? "allocate: and exits 0 (a whole plan was written)"
said=$(t capture-pane -p -J | sed -n 's/.*written to p.yaml (\([0-9]*\) repeated meeting.*/\1/p')
scored=$("$bin" score "$scratch/golf/event.yaml" "$scratch/golf/p.yaml" | sed -n 's/^repeated meetings  *//p')
[ -n "$said" ] && [ "$said" = "$scored" ]
result $? "allocate: the figure said ($said) is the written plan's repeated meetings ($scored)"
! joined "attempt "; result $? "allocate: the progress line is erased"
t kill-server 2>/dev/null

# --- check on a terminal ends with the next step (allocate, as the golfers
# have no allocation.yaml); piped, its output has none.
sessions=$((sessions + 1))
sock=alchemy-tui-test-$$-$sessions
t -f /dev/null new-session -d -x 120 -y 24 \
	"cd '$scratch/golf' && env LANG=C.UTF-8 TERM=xterm-256color '$bin' check event.yaml; echo check-ended; sleep 600"
within 20000 joined "check-ended"
joined "Next: alchemy allocate event.yaml seats everyone."; result $? "check: on a terminal it says the next step"
! (cd "$scratch/golf" && "$bin" check event.yaml | grep -q "Next:"); result $? "check: piped, no next step"
t kill-server 2>/dev/null
reports=$(grep -lE "runtime error|AddressSanitizer|LeakSanitizer|^==[0-9]+== " "$scratch"/stderr.* 2>/dev/null)
[ -z "$reports" ]; result $? "no sanitizer or valgrind report from any TUI session"
for f in $reports; do
	sed 's/^/# /' "$f" | head -40
done

tap_done
