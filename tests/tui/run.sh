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

# wait_for TEXT: poll the screen until TEXT shows.
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

# start [ENV=VALUE...] -- EVENT: a fresh 80x24 session running alchemy.
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
	t -f /dev/null new-session -d -x 80 -y 24 \
		"env LANG=C.UTF-8 TERM=xterm-256color $envs '$bin' '$1'; echo \$? >'$scratch/status.$sessions'"
}

# Note-taker mode on the scratch copy of the sample: start_capture TABLE
start_capture() {
	t kill-server 2>/dev/null
	sessions=$((sessions + 1))
	sock=alchemy-tui-test-$$-$sessions
	t -f /dev/null new-session -d -x 80 -y 24 \
		"env LANG=C.UTF-8 TERM=xterm-256color '$bin' capture '$scratch/cap/event.yaml' --table $1"
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
shows "105/110 present"; result $? "the header counts who is present"
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
screen | grep -q "PgDn, Space"; result $? "help lists every key of an action"
screen | grep -q "Moving"; result $? "help groups actions"
t send-keys Escape
wait_for "Table Theme"; result $? "Escape closes help"

# --- resize below the minimum and back
t resize-window -x 60 -y 20
wait_for "Terminal too small: 60x20"; result $? "a 60x20 terminal shows the too-small screen"
t resize-window -x 80 -y 24
wait_for "Table Theme"; result $? "back at 80x24 the overview returns"
wait_gone "Terminal too small"; result $? "and the too-small message is gone"

# --- quitting
t send-keys q
status=$(pane_exit_status)
[ "$status" = 0 ]; result $? "q quits with status 0 (got $status)"

# --- colour, and NO_COLOR
start -- "$sample"
wait_for "$ready"
t capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*3[0-7]m\|$(printf '\033')\[[0-9;]*38;5"
result $? "with colour, roles are coloured"
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
t send-keys Escape '{'
wait_for "round 1/3"; result $? "{ goes back to round 1"
t send-keys '}' n
wait_for "Round 2 · Stage:"; result $? "capture from round 2 says the round new ideas go to"
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
# screen and on the files saved beside the event.
cp -R "$root/data/imagine-2024" "$scratch/day"
day=$scratch/day
rm -f "$day/day.yaml"
start -- "$day/event.yaml"
wait_for "Plan: "; result $? "day: the planned sample opens"

# Table detail
t send-keys Enter
wait_for "Table 1: "; result $? "Enter opens the selected table"
first=$(sed -n 's/.*table: 1$/&/p' "$day/allocation.yaml" | head -1)
member=$(awk '/- table: 1$/{f=1} f && /delegates:/{gsub(/.*\[|\].*/,""); split($0,a,", "); print a[1]; exit}' "$day/allocation.yaml")
name=$(grep -A1 "id: $member\$" "$day/roster.yaml" | sed -n 's/ *name: //p' | head -1)
shows "$name"; result $? "the table lists its members ($name)"

# Lock, then a refused move
t send-keys l
wait_for "Locked $name"; result $? "l locks the selected delegate"
grep -q "locked: \[$member\]" "$day/day.yaml"; result $? "the lock is saved in day.yaml"
t send-keys m 3 Enter
wait_for "is locked to table"; result $? "moving a locked delegate is refused, with the reason"
t send-keys l
wait_for "Unlocked $name"; result $? "l again unlocks"

# Move, with figures before and after
t send-keys m 3 Enter
wait_for "Moved $name to table 3"; result $? "m moves the delegate"
shows "sizes "; result $? "the footer shows the figures before and after"
awk '/- table: 3$/{f=1} f && /delegates:/{print; exit}' "$day/allocation.yaml" | grep -q "$member"
result $? "the move is saved in allocation.yaml"

# Undo and redo
t send-keys u
wait_for "Undone: Moved"; result $? "u undoes the move"
awk '/- table: 1$/{f=1} f && /delegates:/{print; exit}' "$day/allocation.yaml" | grep -q "$member"
result $? "the undo is saved: back at table 1"
t send-keys C-r
wait_for "Redone: Moved"; result $? "Ctrl-R redoes it"
awk '/- table: 3$/{f=1} f && /delegates:/{print; exit}' "$day/allocation.yaml" | grep -q "$member"
result $? "the redo is saved: at table 3 again"
t send-keys Escape

# People: search, check-in (absent), walk-in
t send-keys p
wait_for "shown"; result $? "p opens the people list"
t send-keys / 王
wait_for "王芳"; result $? "search as you type finds a CJK name"
t send-keys Enter
wang=$(grep -B1 "name: 王芳" "$day/roster.yaml" | sed -n 's/.*id: //p')
t send-keys i
wait_for "王芳 marked absent"; result $? "i marks the selected delegate absent"
grep -q "absent: \[.*$wang" "$day/day.yaml"; result $? "the absence is saved in day.yaml"
! grep -q "$wang" "$day/allocation.yaml"; result $? "an absent delegate's seat is freed in the plan"
t send-keys i
wait_for "王芳 checked in"; result $? "i again checks them in"
grep -q "$wang" "$day/allocation.yaml"; result $? "and they get a seat back"
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
wait_for "Added Zoë Walker as w001"; result $? "the walk-in is added with a new id"
grep -q 'id: w001, name: "Zoë Walker"' "$day/roster.yaml"; result $? "the walk-in is saved to the roster"
grep -q "w001" "$day/allocation.yaml"; result $? "and seated at once"
t send-keys Escape

# Repair
t send-keys r
wait_for "y applies"; result $? "r proposes a repair"
t send-keys y
wait_for "Repaired"; result $? "y applies it"
"$bin" score "$day/event.yaml" "$day/allocation.yaml" >/dev/null 2>&1; result $? "the repaired plan breaks no hard rule"

# Stage clock: start, survive a restart
t send-keys c
wait_for "Clock started"; result $? "c starts the stage clock"
grep -q "running: true" "$day/day.yaml"; result $? "the clock is saved"
t send-keys q
start -- "$day/event.yaml"
wait_for "possible 1/4"; result $? "after a restart the header shows the stage"
! shows "paused"; result $? "and the clock is still running"
t send-keys ]
wait_for "ideas 2/4"; result $? "] goes to the next stage"

# --- note-taker mode: alchemy capture EVENT --table T
cp -R "$root/data/imagine-2024" "$scratch/cap"
rm -rf "$scratch/cap/ideas" "$scratch/cap/day.yaml"
start_capture 7
wait_for "Table 7: "; result $? "capture opens on the table: theme shown"
shows "At the table: "; result $? "with the people at the table"
shows "Stage: The art of the possible"; result $? "and the current stage"
t send-keys a
wait_for "Ctrl-D: save"; result $? "a opens the multi-line editor"
t send-keys "Housing first pilot" Enter "住宅 and 🏠 on a second line" C-d
wait_for "Idea added: saved"; result $? "Ctrl-D saves the idea, and the footer says so"
journal=$(ls "$scratch/cap/ideas"/table-07.*.yaml 2>/dev/null | head -1)
grep -q 'text: "Housing first pilot\\n住宅 and 🏠 on a second line"' "$journal"
result $? "the idea, both lines and wide characters, is in the table's journal"
t send-keys '*' +
wait_for "Vote added: saved"; result $? "* marks a key point and + adds a vote"
shows "★"; result $? "the key point is starred"
grep -q "op: key, .*key: true" "$journal"; result $? "the key point is a journal record"
t send-keys ]
wait_for "New ideas go to: Ideas for large-scale"; result $? "] moves capture to the next stage"
t send-keys a "Second idea" C-d
wait_for "Idea added: saved"
grep -q 'stage: "ideas", kind: idea, key: false, text: "Second idea"' "$journal"
result $? "a new idea goes to the chosen stage"
t send-keys w "Ana Ruiz" Enter
wait_for "writing as: Ana Ruiz"; result $? "w writes under your own name"
t send-keys G D y Enter
wait_for "Idea deleted"; result $? "D deletes the selected idea after asking"
grep -q "op: delete" "$journal"; result $? "the deletion is a record (a tombstone), the idea's history stays"
grep -q 'author: "Ana Ruiz"' "$journal"; result $? "and it is credited to the note-taker"

# --- export the report from the TUI
t send-keys Escape e
wait_for "Report exported"; result $? "e exports the report"
[ -s "$scratch/cap/report.md" ] && [ -s "$scratch/cap/report.html" ]; result $? "report.md and report.html are written beside the event"
grep -q "Housing first pilot" "$scratch/cap/report.md"; result $? "with the ideas captured a moment ago"

# --- capture never loses a keystroke: the draft is on disk as it is typed
# (a second behind at most), back after the laptop dies, gone once saved
# or cancelled; Esc asks first; stage and name are kept; u undoes; ? shows
# capture's keys; the selection follows a new idea.
draft_has() { # draft_has PATTERN: the draft kept for table 5 holds PATTERN
	grep -q -- "$1" "$scratch"/cap/ideas/.drafts/table-05.*.yaml
}
kill_capture() { # the laptop dies: SIGKILL to the pane's processes, no clean-up
	pgid=$(ps -o pgid= -p "$(t display-message -p '#{pane_pid}')" | tr -d ' ')
	kill -9 -- "-$pgid" 2>/dev/null
	t kill-server 2>/dev/null
}
start_capture 5
wait_for "Table 5: "; result $? "capture opens on table 5"
t send-keys x   # no such key: clears the opening message, so the footer shows its keys
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
wait_for "Undone: barrier: saved"; result $? "u undoes this terminal's last change"
grep -q "op: kind, idea: $newest, .*kind: idea" "$journal5"; result $? "by appending the inverse record"
t send-keys + u
wait_for "Undone: Vote added: saved"
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
t send-keys ] w "Ana Ruiz" Enter
wait_for "writing as: Ana Ruiz"
kill_capture
start_capture 5
wait_for "As you left it: stage Ideas for large-scale social enterprise"
shows "Stage: Ideas for large-scale social enterprise · writing as: Ana Ruiz"
result $? "stage and name are kept per device and table, even through a crash, and it says so"
t send-keys a "Where it was" C-d
wait_for "Idea added: saved"
grep -q 'author: "Ana Ruiz", stage: "ideas", kind: idea, key: false, text: "Where it was"' "$journal5"
result $? "new ideas go where they went before"
t send-keys u
wait_for "Undone: Idea added: saved"
"$bin" ideas "$scratch/cap/event.yaml" --table 5 | grep -q "Where it was"
[ $? -ne 0 ]; result $? "undoing an add deletes that idea (kept in the history)"
t send-keys u
wait_for "Nothing to undo"; result $? "and undo stops at this terminal's first change"
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
t send-keys Escape
wait_for "Table 5: "

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

tap_done
