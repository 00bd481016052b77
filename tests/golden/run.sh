#!/bin/sh
# Golden-case runner, after pkgconf's t/*.test: every folder under CASES is one
# case, a set of input files plus case.test:
#
#   # one line saying what the case checks
#   setup: SHELL COMMAND      (optional; runs in the case's scratch copy)
#   args: check event.yaml    (arguments to alchemy, shell-quoted)
#   stdin: FILE               (optional; alchemy's standard input, else /dev/null)
#   status: 65
#   stdout:                   (optional section: exact expected stdout)
#   ...
#   stderr:                   (optional section: exact expected stderr)
#   ...
#   check: SHELL COMMAND      (optional; must succeed afterwards, e.g. to
#                              compare a written file or prove none was written)
#
# Cases run as device desk-1 (ALCHEMY_DEVICE) with TZ=UTC and ALCHEMY_NONCE=0.
#
# A case runs in a scratch copy of its folder, so setup may create files;
# setup and check see the binary under test as $ALCHEMY.
# Output is TAP; adding a case is adding a folder, no code.
#
# An optional third argument K/N runs every N-th case from the K-th (meson
# runs the shards side by side: under valgrind one run of them all took
# most of CI's time on its own).
set -u
bin=$1
cases=$2
shard=${3:-1/1}
shard_k=${shard%/*}
shard_n=${shard#*/}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-golden.XXXXXX")
. "$(dirname "$0")/../lib/tap.sh"
bin=$(alchemy_under_test "$bin" "$scratch")
ALCHEMY=$bin
export ALCHEMY
# The day journal is per device, and the log prints local times: both fixed
# so expected output is the same on every machine (a case's setup may set
# another device for one command).
ALCHEMY_DEVICE=desk-1
TZ=UTC
# A walk-in's id ends in a random part: fixed here (0000) so ids are known.
ALCHEMY_NONCE=0
export ALCHEMY_DEVICE TZ ALCHEMY_NONCE
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT

section() { # section NAME FILE: the lines after "NAME:" up to the next section
	awk -v want="$1" '
		/^(stdout|stderr):$/ { inside = ($0 == want ":"); found = found || inside; next }
		inside { print }
		END { exit !found }' "$2"
}

list=$(find "$cases" -mindepth 1 -maxdepth 1 -type d | sort | awk -v k="$shard_k" -v n="$shard_n" 'NR % n == k % n')
total=$(printf '%s\n' "$list" | grep -c .)
echo "1..$total"
n=0
failed=0
for dir in $list; do
	n=$((n + 1))
	name=$(basename "$dir")
	spec=$dir/case.test
	work=$scratch/$name
	cp -R "$dir" "$work"
	why=""
	args=$(sed -n 's/^args: //p' "$spec")
	want_status=$(sed -n 's/^status: //p' "$spec")
	setup=$(sed -n 's/^setup: //p' "$spec")
	after=$(sed -n 's/^check: //p' "$spec")
	input=$(sed -n 's/^stdin: //p' "$spec")
	if [ -n "$setup" ] && ! (cd "$work" && sh -c "$setup") >"$scratch/setup.log" 2>&1; then
		why="setup failed: $(cat "$scratch/setup.log")"
	fi
	if [ -z "$why" ]; then
		(cd "$work" && eval "set -- $args" && exec "$bin" "$@" <"${input:-/dev/null}") \
			>"$scratch/stdout" 2>"$scratch/stderr"
		status=$?
		if [ "$status" != "$want_status" ]; then
			why="exit status $status, expected $want_status"
		fi
		if [ -n "$after" ] && ! (cd "$work" && sh -c "$after") >"$scratch/check.log" 2>&1; then
			why="${why:+$why; }check failed: $after"
			sed 's/^/# /' "$scratch/check.log" >"$scratch/diff.check"
		fi
		for stream in stdout stderr; do
			if section "$stream" "$spec" >"$scratch/want.$stream"; then
				if ! diff -u "$scratch/want.$stream" "$scratch/$stream" >"$scratch/diff.$stream"; then
					why="${why:+$why; }$stream differs"
				fi
			fi
		done
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name: $why"
		for stream in stdout stderr check; do
			[ -s "$scratch/diff.$stream" ] && sed 's/^/# /' "$scratch/diff.$stream"
		done
	fi
	rm -f "$scratch"/diff.* "$scratch"/want.*
done
[ "$failed" -eq 0 ]
