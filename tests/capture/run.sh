#!/bin/sh
# Capture end to end: nothing a note-taker saved is ever lost or doubled.
#   run.sh ALCHEMY APPEND_MANY SOURCE_ROOT      (TAP)
set -u
bin=$1
many=$2
root=$3
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
case "$many" in /*) ;; *) many=$(pwd)/$many ;; esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-capture.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
. "$root/tests/lib/tap.sh"
bin=$(alchemy_under_test "$bin" "$scratch")
fresh() { # fresh DIR: a copy of the sample event with no ideas
	rm -rf "$1"
	cp -R "$root/data/imagine-2024" "$1"
	rm -rf "$1/ideas" "$1/day.yaml"
}

# --- 8 processes adding 500 ideas each to one table's journal at once
fresh "$scratch/many"
pids=""
for k in 1 2 3 4 5 6 7 8; do
	"$many" "$scratch/many/event.yaml" 7 500 "writer$k" >"$scratch/ids.$k" &
	pids="$pids $!"
done
# Meanwhile an organiser drafts the report, again and again: it must work,
# and never hold the writers up.
reports=0
report_failed=0
while kill -0 $pids 2>/dev/null; do
	"$bin" report "$scratch/many/event.yaml" --format csv >/dev/null 2>&1 || report_failed=1
	reports=$((reports + 1))
	[ $reports -ge 200 ] && break
done
status=0
for p in $pids; do wait "$p" || status=1; done
result $status "8 writers x 500 ideas all report success"
[ $report_failed -eq 0 ] && [ $reports -ge 1 ]
result $? "the report was drafted $reports times while they wrote, every time successfully"
"$bin" ideas "$scratch/many/event.yaml" >"$scratch/list" 2>"$scratch/warn"
grep -q "^4000 ideas (4000 changes recorded)" "$scratch/list"; result $? "4,000 ideas read back, 4,000 records: none lost, none doubled"
cat "$scratch"/ids.* | sort | uniq -d >"$scratch/dups"
[ ! -s "$scratch/dups" ]; result $? "4,000 distinct ids were reported"
sort "$scratch"/ids.* >"$scratch/reported"
grep -o '^i[0-9a-f]*' "$scratch/list" | sort >"$scratch/found"
cmp -s "$scratch/reported" "$scratch/found"; result $? "every reported id is in the journal"
[ ! -s "$scratch/warn" ]; result $? "and the journal reads without a warning"

# --- kill -9 at random moments, 200 times
fresh "$scratch/kill"
: >"$scratch/saved"
# How long one add takes here (sanitizer builds are slower): kills land at
# random moments across that span, before, during and after write and fsync.
span=0
for run in 1 2 3; do
	t0=$(date +%s%N)
	"$bin" idea add "$scratch/kill/event.yaml" --table 3 "timing run $run" >>"$scratch/saved"
	took=$(( ($(date +%s%N) - t0) / 1000 ))   # microseconds
	if [ $span -eq 0 ] || [ $took -lt $span ]; then span=$took; fi
done
k=0
while [ $k -lt 200 ]; do
	k=$((k + 1))
	"$bin" idea add "$scratch/kill/event.yaml" --table 3 "killed run $k" >"$scratch/out.$k" 2>/dev/null &
	pid=$!
	delay=$(awk -v s="$k" -v span="$span" 'BEGIN { srand(s); printf "%.6f", rand() * span / 1000000 }')
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# An id printed means the command had said "saved".
	[ -s "$scratch/out.$k" ] && cat "$scratch/out.$k" >>"$scratch/saved"
done
saved=$(wc -l <"$scratch/saved")
"$bin" ideas "$scratch/kill/event.yaml" >"$scratch/klist" 2>"$scratch/kwarn"
status=$?
result $status "after 200 kill -9s the journal still loads"
[ $status -ne 0 ] && sed 's/^/# /' "$scratch/kwarn"
lost=0
for id in $(cat "$scratch/saved"); do
	grep -q "^$id " "$scratch/klist" || lost=$((lost + 1))
done
[ "$lost" -eq 0 ] && [ "$saved" -ge 3 ]
result $? "every idea reported saved is there ($saved saved, $lost lost, the rest killed first)"
dup=$(grep -o '^i[0-9a-f]*' "$scratch/klist" | sort | uniq -d | wc -l)
[ "$dup" -eq 0 ]; result $? "no idea is doubled"

# --- purge and merge rewrite or extend the very journal being appended to:
# both take its append lock, so none of 200 ideas saved meanwhile is lost
fresh "$scratch/lock"
k=0
while [ $k -lt 20 ]; do   # 20 other laptops' copies of the same journal file
	k=$((k + 1))
	fresh "$scratch/src$k"
	ALCHEMY_DEVICE=lockdev "$many" "$scratch/src$k/event.yaml" 5 5 "laptop$k" >>"$scratch/merged.ids"
done
ALCHEMY_DEVICE=lockdev "$many" "$scratch/lock/event.yaml" 5 200 "writer" >"$scratch/lock.ids" &
writer=$!
purges=0
rewrote=0
merges=0
k=0
while kill -0 $writer 2>/dev/null; do
	"$bin" purge "$scratch/lock/event.yaml" >"$scratch/purge.out" 2>&1 && purges=$((purges + 1))
	grep -q "; [1-9][0-9]* journal file" "$scratch/purge.out" && rewrote=$((rewrote + 1))
	if [ $k -lt 20 ]; then
		k=$((k + 1))
		"$bin" merge "$scratch/lock/event.yaml" "$scratch/src$k/ideas" >/dev/null 2>&1 && merges=$((merges + 1))
	fi
done
wait $writer; result $? "200 ideas appended while purge and merge ran"
while [ $k -lt 20 ]; do   # the merges the writer did not wait for
	k=$((k + 1))
	"$bin" merge "$scratch/lock/event.yaml" "$scratch/src$k/ideas" >/dev/null 2>&1 && merges=$((merges + 1))
done
echo "# purge ran $purges times ($rewrote rewrote the journal) and merge $merges times during the appends"
[ "$rewrote" -ge 1 ]; result $? "purge rewrote the journal while it was being appended to ($rewrote times)"
"$bin" ideas "$scratch/lock/event.yaml" >"$scratch/llist" 2>"$scratch/lwarn"
lost=0
for id in $(cat "$scratch/lock.ids" "$scratch/merged.ids"); do
	grep -q "^$id " "$scratch/llist" || lost=$((lost + 1))
done
[ "$lost" -eq 0 ] && [ "$(wc -l <"$scratch/lock.ids")" -eq 200 ]
result $? "none of the 200 acknowledged ideas nor the 100 merged ones is lost ($lost lost)"
grep -q "^300 ideas (300 changes recorded)" "$scratch/llist"; result $? "and none is doubled: 300 ideas, 300 records"

# --- a torn last record: kept up to it, reported with its place
fresh "$scratch/torn"
"$bin" idea add "$scratch/torn/event.yaml" --table 2 "before the crash" >/dev/null
file=$(ls "$scratch/torn/ideas"/*.yaml)
printf -- '- {rec: rdead, time: 1, op: add, idea: ihalf, table: "2", text: "half a rec' >>"$file"
"$bin" ideas "$scratch/torn/event.yaml" >"$scratch/tlist" 2>"$scratch/twarn"
grep -q "before the crash" "$scratch/tlist"; result $? "a torn last record: everything before it is kept"
grep -q "cut short" "$scratch/twarn" && grep -q "$(basename "$file"):4:1:" "$scratch/twarn"
result $? "and the warning names the file, line and column"
"$bin" idea add "$scratch/torn/event.yaml" --table 2 "after the crash" >/dev/null
"$bin" ideas "$scratch/torn/event.yaml" 2>/dev/null | grep -q "after the crash"
result $? "a record written after a torn one starts on its own line and reads back"

# --- two laptops apart, merged in either order: the same ideas
fresh "$scratch/a"
fresh "$scratch/b"
ALCHEMY_DEVICE=laptopA "$bin" idea add "$scratch/a/event.yaml" --table 1 "from A" >"$scratch/ida"
ALCHEMY_DEVICE=laptopB "$bin" idea add "$scratch/b/event.yaml" --table 1 "from B" >/dev/null
ALCHEMY_DEVICE=laptopA "$bin" idea add "$scratch/a/event.yaml" --table 5 "A again" >/dev/null
fresh "$scratch/ab"
fresh "$scratch/ba"
"$bin" merge "$scratch/ab/event.yaml" "$scratch/a/ideas" "$scratch/b/ideas" >/dev/null
"$bin" merge "$scratch/ba/event.yaml" "$scratch/b/ideas" "$scratch/a/ideas" >/dev/null
"$bin" ideas "$scratch/ab/event.yaml" >"$scratch/lab"
"$bin" ideas "$scratch/ba/event.yaml" >"$scratch/lba"
cmp -s "$scratch/lab" "$scratch/lba"; result $? "merged in either order, the ideas are the same"
grep -q "^3 ideas" "$scratch/lab"; result $? "all three ideas are there"
"$bin" merge "$scratch/ab/event.yaml" "$scratch/a/ideas" >"$scratch/again"
grep -q "^0 records merged" "$scratch/again"; result $? "merging the same folder again adds nothing"

# --- git keeps two laptops in step (docs/note-taker.md)
if command -v git >/dev/null 2>&1; then
	g() { git -c user.name=Test -c user.email=test@example.org -c init.defaultBranch=main "$@"; }
	mkdir -p "$scratch/git"
	g init -q --bare "$scratch/git/hub.git"
	fresh "$scratch/git/seed"
	(cd "$scratch/git/seed" && g init -q && g add -A && g commit -qm event && g push -q "$scratch/git/hub.git" HEAD:main) >/dev/null 2>&1
	g clone -q "$scratch/git/hub.git" "$scratch/git/one" 2>/dev/null
	g clone -q "$scratch/git/hub.git" "$scratch/git/two" 2>/dev/null
	ALCHEMY_DEVICE=one "$bin" idea add "$scratch/git/one/event.yaml" --table 4 "idea on laptop one" >/dev/null
	ALCHEMY_DEVICE=two "$bin" idea add "$scratch/git/two/event.yaml" --table 4 "idea on laptop two" >/dev/null
	ALCHEMY_DEVICE=two "$bin" idea add "$scratch/git/two/event.yaml" --table 9 "another on two" >/dev/null
	(cd "$scratch/git/one" && g add ideas && g commit -qm "ideas one" && g pull -q --no-rebase --no-edit && g push -q) >/dev/null 2>&1
	(cd "$scratch/git/two" && g add ideas && g commit -qm "ideas two" && g pull -q --no-rebase --no-edit && g push -q) >/dev/null 2>&1
	(cd "$scratch/git/one" && g pull -q --no-rebase --no-edit) >/dev/null 2>&1
	"$bin" ideas "$scratch/git/one/event.yaml" >"$scratch/g1"
	"$bin" ideas "$scratch/git/two/event.yaml" >"$scratch/g2"
	cmp -s "$scratch/g1" "$scratch/g2" && grep -q "^3 ideas" "$scratch/g1"
	result $? "git: two clones, ideas on both, pull: the same three ideas on both, no conflict"
fi

tap_done
