# Shared by the shell test scripts: TAP lines and the closing plan.
#   . tests/lib/tap.sh; result $? "what must hold"; ...; tap_done
# A script may define tap_explain_failure to print '#' lines after a failure.
n=0
failed=0

result() { # result STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		if command -v tap_explain_failure >/dev/null 2>&1; then
			tap_explain_failure
		fi
	fi
}

tap_done() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# The alchemy binary a script should run: BIN itself, or under
# `meson test --setup=valgrind` a wrapper written into DIR that runs BIN
# under valgrind (status 99 on a memory error or leak).
alchemy_under_test() { # alchemy_under_test BIN DIR
	if [ -z "${ALCHEMY_VALGRIND:-}" ]; then
		echo "$1"
		return
	fi
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$ALCHEMY_VALGRIND" "'$1'" >"$2/alchemy-valgrind"
	chmod +x "$2/alchemy-valgrind"
	echo "$2/alchemy-valgrind"
}
