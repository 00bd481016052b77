#!/bin/sh
# Two desks at once: many day commands run at the same moment on one event
# must not lose each other's changes (each takes the event's lock, rereads,
# changes and saves). Output is TAP.
#   concurrency.sh ALCHEMY SOURCE_ROOT
set -u
bin=$1
root=$2
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-day.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
. "$root/tests/lib/tap.sh"
bin=$(alchemy_under_test "$bin" "$scratch")

cp -R "$root/data/imagine-2024" "$scratch/ev"
rm -f "$scratch/ev/day.yaml"
event=$scratch/ev/event.yaml
ids=$(sed -n 's/^  - id: \(d0[0-9][0-9]\)$/\1/p' "$scratch/ev/roster.yaml" | head -40)

# 40 check-ins and 8 walk-ins, all at once.
pids=""
for id in $ids; do
	"$bin" checkin "$event" "$id" >/dev/null 2>"$scratch/err.$id" &
	pids="$pids $!"
done
for k in 1 2 3 4 5 6 7 8; do
	"$bin" add "$event" --name "Walk-in $k" --organisation "Drop-in Org $k" --role coop \
		>"$scratch/add.$k" 2>"$scratch/adderr.$k" &
	pids="$pids $!"
done
status=0
for p in $pids; do
	wait "$p" || status=1
done
result $status "48 day commands run at the same moment all succeed"

missing=0
for id in $ids; do
	grep -q "checked_in: \[.*\b$id\b" "$scratch/ev/day.yaml" || missing=$((missing + 1))
done
[ "$missing" -eq 0 ]; result $? "every one of the 40 check-ins is in day.yaml ($missing missing)"

added=$(cat "$scratch"/add.* | sort -u | wc -l)
[ "$added" -eq 8 ]; result $? "8 walk-ins got 8 different ids ($added)"
in_roster=$(grep -c 'name: "Walk-in ' "$scratch/ev/roster.yaml")
[ "$in_roster" -eq 8 ]; result $? "all 8 are in the roster ($in_roster)"
"$bin" check "$event" >/dev/null 2>&1; result $? "the roster still loads"
seated=0
for id in $(cat "$scratch"/add.*); do
	grep -q "\b$id\b" "$scratch/ev/allocation.yaml" && seated=$((seated + 1))
done
[ "$seated" -eq 8 ]; result $? "all 8 walk-ins are seated in the saved plan ($seated)"
"$bin" score "$event" "$scratch/ev/allocation.yaml" >/dev/null 2>&1; result $? "the plan breaks no hard rule"
ls "$scratch/ev" | grep -q '\.tmp\.'; [ $? -ne 0 ]; result $? "no temporary file is left behind"

tap_done
