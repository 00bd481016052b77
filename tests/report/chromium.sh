#!/bin/sh
# The HTML report in a real browser: hostile ideas must show as text and no
# script may run. Headless Chromium loads the report, its DOM is dumped and
# searched, and a phone-sized screenshot is kept. Output is TAP.
#   chromium.sh ALCHEMY SOURCE_ROOT OUTPUT_DIR
set -u
bin=$1
root=$2
keep=$3
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
scratch=$(mktemp -d "${TMPDIR:-/tmp}/alchemy-report.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
. "$root/tests/lib/tap.sh"
bin=$(alchemy_under_test "$bin" "$scratch")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "1..0 # SKIP chromium is not installed (./dev test installs it)"
	exit 0
fi

cp -R "$root/tests/golden/cases/report-markdown" "$scratch/ev"
# Canaries: each would retitle the page if it ever ran.
cat >>"$scratch/ev/ideas/table-02.golden.yaml" <<'YAML'
- {rec: r21, time: 1746090020000, op: add, idea: i21, table: "2", author: "<script>document.title='PWNED'</script>", stage: "s1", kind: idea, key: true, text: "<script>document.title='PWNED'</script>"}
- {rec: r22, time: 1746090021000, op: add, idea: i22, table: "2", author: "table 2", stage: "s1", kind: idea, key: false, text: "<img src=x onerror=\"document.title='PWNED'\"> and <svg onload=\"document.title='PWNED'\"></svg>"}
YAML
sed -i 's/name: Person 1,/name: "<script>document.title='"'"'PWNED'"'"'<\/script>",/' "$scratch/ev/roster.yaml"
"$bin" report "$scratch/ev/event.yaml" --format html --names -o "$scratch/report.html"
result $? "the HTML report is written"

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$scratch/profile"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --virtual-time-budget=2000 --dump-dom "file://$scratch/report.html" \
	>"$scratch/dom.html" 2>"$scratch/browser.log"
result $? "Chromium loads it"
grep -q "<title>Golden report</title>" "$scratch/dom.html"; result $? "no script ran: the title is untouched"
! grep -q "PWNED</title>" "$scratch/dom.html"; result $? "no canary retitled the page"
! grep -qi "<script" "$scratch/dom.html"; result $? "the DOM holds no script element"
! grep -qi "<img" "$scratch/dom.html"; result $? "nor an img element"
grep -q "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" "$scratch/dom.html"
result $? "the hostile idea shows as text"
grep -q "<svg" "$scratch/dom.html" && grep -q "<table>" "$scratch/dom.html"
result $? "the charts (inline SVG) and the figures table are there"

mkdir -p "$keep"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --window-size=412,1400 --hide-scrollbars \
	--screenshot="$keep/report-phone.png" "file://$scratch/report.html" >/dev/null 2>&1
[ -s "$keep/report-phone.png" ]; result $? "a phone-sized screenshot is kept ($keep/report-phone.png)"

tap_done
