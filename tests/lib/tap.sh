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
