#!/bin/sh
# Fault injection: every writer (plan save, day journal append, ideas
# journal append, merge, report export) is run once for each write, fsync
# and rename it makes, with that one call failing (inject.c, preloaded).
# After each: a failed command exits 73 or 74 naming the file, the previous
# file is intact (a journal is cut back to exactly what it was), and no
# temporary file is left; only a failed fsync of the folder, which is best
# effort, may let the command succeed.
#   run.sh ALCHEMY INJECT.so SOURCE_ROOT
set -u
ALCHEMY=$1
INJECT=$2
ROOT=$3
case "$ALCHEMY" in /*) ;; *) ALCHEMY=$(pwd)/$ALCHEMY ;; esac
case "$INJECT" in /*) ;; *) INJECT=$(pwd)/$INJECT ;; esac
. "$ROOT/tests/lib/tap.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-fault.XXXXXX")
trap 'rm -rf "$work"' EXIT
ALCHEMY=$(alchemy_under_test "$ALCHEMY" "$work")
ALCHEMY_DEVICE=desk-1
export ALCHEMY_DEVICE
# ASan wants to be first among the libraries; the shim only wraps three calls.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"

fresh() { # a small event with a plan, a day, a journal and a report
	rm -rf "$work/ev"
	mkdir "$work/ev"
	cp "$ROOT/tests/golden/cases/allocate-small-plan/event.yaml" "$work/ev/"
	(cd "$work/ev" && "$ALCHEMY" allocate event.yaml >/dev/null &&
		"$ALCHEMY" checkin event.yaml d1 >/dev/null &&
		"$ALCHEMY" checkin event.yaml d8 --absent >/dev/null &&   # a free seat: a walk-in fits
		"$ALCHEMY" idea add event.yaml --table 1 "An idea before" >/dev/null &&
		"$ALCHEMY" report event.yaml -o report.md >/dev/null)
}

# scenario NAME PROTECTED-FILE-OR-GLOB FILES-IT-WRITES(regex) COMMAND...
scenario() {
	name=$1
	protected=$2
	writes=$3
	shift 3
	for call in write fsync rename; do
		at=1
		while [ "$at" -le 60 ]; do
			fresh
			file=$(cd "$work/ev" && ls -d $protected 2>/dev/null | head -1)
			cp "$work/ev/$file" "$work/before"
			rm -f "$work/fired"
			(cd "$work/ev" && FAULT_SHORT=${FAULT_SHORT:-} FAULT_CALL=$call FAULT_AT=$at FAULT_FIRED="$work/fired" \
				LD_PRELOAD="$INJECT" "$@" >"$work/stdout" 2>"$work/stderr")
			status=$?
			[ -e "$work/fired" ] || break
			what="$name, $call #$at fails"
			leftovers=$(find "$work/ev" -name '*.alchemy-tmp.*' | wc -l)
			if [ "$status" = 0 ]; then
				[ "$call" = fsync ] && [ "$leftovers" = 0 ] && ! cmp -s "$work/before" "$work/ev/$file"
				result $? "$what: only a folder fsync may fail quietly, and the file is new"
			else
				{ [ "$status" = 73 ] || [ "$status" = 74 ]; } && grep -Eq "$writes" "$work/stderr"
				result $? "$what: exit 73/74 naming the file (got $status: $(head -n 1 "$work/stderr" | head -c 150))"
				cmp -s "$work/ev/$file" "$work/before"
				result $? "$what: the previous $file is intact (a journal not even grown by a part of the record)"
				[ "$leftovers" = 0 ]
				result $? "$what: no temporary file left"
				[ ! -s "$work/stdout" ]
				result $? "$what: nothing on standard output says it was done"
			fi
			at=$((at + 1))
		done
		echo "# $name: $((at - 1)) $call call(s), each made to fail in turn"
		# Every writer writes and fsyncs; a journal append does not rename.
		[ "$call" = rename ] || [ "$at" -gt 1 ]
		result $? "$name: the shim reached its $call calls"
	done
}

scenario "plan save" allocation.yaml 'allocation\.yaml' "$ALCHEMY" allocate event.yaml --seed 2
scenario "day journal append" day/desk-1.yaml 'day/desk-1\.yaml' "$ALCHEMY" checkin event.yaml d2 --absent
scenario "day walk-in" day/desk-1.yaml 'day/desk-1\.yaml' "$ALCHEMY" add event.yaml --name Zed --organisation Zoo --role coop
scenario "journal append" 'ideas/table-01.*.yaml' 'ideas/table-01' "$ALCHEMY" idea add event.yaml --table 1 "An idea during"
# A full disk that takes half the record before failing: cut back, not left.
FAULT_SHORT=1
scenario "journal append, disk full midway" 'ideas/table-01.*.yaml' 'ideas/table-01' "$ALCHEMY" idea add event.yaml --table 1 "An idea during"
FAULT_SHORT=
# A device's first record, its journal made for it, and the disk full: no
# empty journal is left behind ("the journal is as it was" means none).
for call in write fsync; do
	fresh
	rm -f "$work/fired"
	(cd "$work/ev" && ALCHEMY_DEVICE=new-desk FAULT_CALL=$call FAULT_AT=1 FAULT_FIRED="$work/fired" \
		LD_PRELOAD="$INJECT" "$ALCHEMY" idea add event.yaml --table 1 "A first idea" >"$work/stdout" 2>"$work/stderr")
	status=$?
	[ -e "$work/fired" ] && [ "$status" = 74 ]
	result $? "a new journal's first record, $call fails: exit 74 (got $status)"
	[ ! -e "$work/ev/ideas/table-01.new-desk.yaml" ]
	result $? "a new journal's first record, $call fails: no empty journal left"
done
# Another laptop's copy of the same journals, with records this one lacks.
fresh
mv "$work/ev" "$work/other"
(cd "$work/other" && "$ALCHEMY" idea add event.yaml --table 1 "An idea elsewhere" >/dev/null &&
	"$ALCHEMY" checkin event.yaml d3 --absent >/dev/null)
scenario "merge into the ideas journal" ideas/table-01.desk-1.yaml 'ideas/table-01\.desk-1\.yaml' "$ALCHEMY" merge event.yaml "$work/other/ideas"
scenario "merge into the day journal" day/desk-1.yaml 'day/desk-1\.yaml' "$ALCHEMY" merge event.yaml "$work/other/day"
scenario "report export" report.md 'report\.md' "$ALCHEMY" report event.yaml --names -o report.md

# Two Ctrl-C at the exact moments a terminal cannot aim at (issue: a second
# Ctrl-C after the rename exited 130 with the plan replaced). Before the
# hold (the sigprocmask of cli_progress_end) they end the run: 130, the
# plan untouched, said on stderr. From the hold on, the write is finished,
# renamed and reported: 0, the new plan, its summary.
# interrupted CALL WHEN WANT-STATUS WANT-FILE(same|new) WHAT
interrupted() {
	fresh
	cp "$work/ev/allocation.yaml" "$work/before"
	rm -f "$work/fired"
	(cd "$work/ev" && FAULT_CALL=$1 FAULT_AT=1 FAULT_SIGINT=$2 FAULT_FIRED="$work/fired" \
		LD_PRELOAD="$INJECT" "$ALCHEMY" allocate event.yaml --seed 2 >"$work/stdout" 2>"$work/stderr")
	status=$?
	[ -e "$work/fired" ]
	result $? "two Ctrl-C $2 $1: the shim fired"
	[ "$status" = "$3" ]
	result $? "two Ctrl-C $2 $1: exit $3 (got $status: $(head -n 1 "$work/stderr" | head -c 150))"
	if cmp -s "$work/ev/allocation.yaml" "$work/before"; then got=same; else got=new; fi
	[ "$got" = "$4" ] && [ "$(find "$work/ev" -name '*.alchemy-tmp.*' | wc -l)" = 0 ]
	result $? "two Ctrl-C $2 $1: the plan is $4 ($got), no temporary file left"
	if [ "$3" = 130 ]; then
		[ ! -s "$work/stdout" ] && grep -qx 'alchemy: stopped (Ctrl-C twice): nothing written' "$work/stderr"
	else
		grep -q '^Seated [0-9]* delegates' "$work/stdout" && [ ! -s "$work/stderr" ]
	fi
	result $? "two Ctrl-C $2 $1: $5"
}
interrupted sigprocmask before 130 same "says nothing was written"
interrupted sigprocmask after 0 new "the summary is printed"
interrupted rename before 0 new "the summary is printed"
interrupted rename after 0 new "the summary is printed"

# A Ctrl-C ignored by the shell (alchemy run as a background job of a
# script) stays ignored: the plan is made and written, where alchemy used to
# put its own handler over it and stop.
fresh
cp "$work/ev/allocation.yaml" "$work/before"
(cd "$work/ev" && trap '' INT && FAULT_CALL=sigprocmask FAULT_AT=1 FAULT_SIGINT=before FAULT_SIGINT_IGNORED=1 \
	LD_PRELOAD="$INJECT" "$ALCHEMY" allocate event.yaml --seed 2 >"$work/stdout" 2>"$work/stderr")
status=$?
[ "$status" = 0 ] && ! cmp -s "$work/ev/allocation.yaml" "$work/before" && grep -q '^Seated [0-9]* delegates' "$work/stdout"
result $? "two Ctrl-C while SIGINT is ignored: the plan is written, exit 0 (got $status: $(head -n 1 "$work/stderr" | head -c 150))"

# One Ctrl-C just after rebalance's record is fsync'd comes too late to stop
# it: said as done (0), where it said "nothing written" (130) of a journal
# that had grown.
fresh
(cd "$work/ev" && "$ALCHEMY" checkin event.yaml d2 d4 d5 --absent >/dev/null)
cp "$work/ev/day/desk-1.yaml" "$work/before"
rm -f "$work/fired"
(cd "$work/ev" && FAULT_CALL=fsync FAULT_AT=1 FAULT_SIGINT=after FAULT_SIGINTS=1 FAULT_FIRED="$work/fired" \
	LD_PRELOAD="$INJECT" "$ALCHEMY" rebalance event.yaml >"$work/stdout" 2>"$work/stderr")
status=$?
[ -e "$work/fired" ] && ! cmp -s "$work/ev/day/desk-1.yaml" "$work/before"
result $? "a Ctrl-C after rebalance's fsync: the shim fired and the record is written"
[ "$status" = 0 ] && grep -q '^1 moved' "$work/stdout" && [ ! -s "$work/stderr" ]
result $? "a Ctrl-C after rebalance's fsync: said as done, exit 0 (got $status: $(head -n 1 "$work/stderr" | head -c 150))"
tap_done
