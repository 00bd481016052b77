#!/bin/sh
# The sample event's report as text: every idea counted, every challenge,
# anonymous unless --names (no browser needed). The HTML report in a real
# browser: hostile ideas must show as text and no
# script may run. Headless Chromium loads the report, its DOM is dumped and
# searched, and a phone-sized screenshot is kept. Then the sample event's
# report (data/imagine-2024, with its captured ideas) is printed to an A4 PDF
# and read back with pdftotext: every column of every table is on the page,
# chart labels are whole, each challenge starts a page, nothing runs past the
# margin; a screenshot at 1200 px and the PDF are kept. Output is TAP.
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
# --- the sample event's report as text (no browser needed)
cp -R "$root/data/imagine-2024" "$scratch/sample"
ev=$scratch/sample/event.yaml
"$bin" report "$ev" -o "$scratch/sample.md"
result $? "the sample event's report is written"
listed=$("$bin" ideas "$ev" | sed -n 's/^\([0-9]*\) ideas (.*/\1/p')
[ "${listed:-0}" -gt 50 ] && grep -q "^- The tables recorded $listed items: " "$scratch/sample.md"
result $? "its summary counts every idea the sample's journals hold ($listed)"
missing=0
for title in $(sed -n 's/^    title: "\(.*\)"$/\1/p' "$scratch/sample/themes.yaml" | tr ' ' '_'); do
	grep -qxF "## $(echo "$title" | tr '_' ' ')" "$scratch/sample.md" || missing=$((missing + 1))
done
[ "$missing" = 0 ]; result $? "each of the eight challenges has its section"
grep -q "^### Key points" "$scratch/sample.md" && grep -q "^### Actions" "$scratch/sample.md" &&
	grep -q "^### Open questions" "$scratch/sample.md" && grep -q '^### #social-value (3 ideas)$' "$scratch/sample.md" &&
	grep -q "(owner: Greater Irwell Combined Authority)" "$scratch/sample.md"
result $? "with key points, actions and their owners, questions and #tags"
! grep -q "Amara Obi\|Priya Natarajan\|Femi Adeyemi" "$scratch/sample.md"
result $? "anonymous: no note-taker's name, and an owner who is a person is left out"
! grep -q '\\[&#>=+-]' "$scratch/sample.md"
result $? "the Markdown master copy has no needless backslash (A&E, #tags, -1 stay as typed)"
sed -n '/^## Themes across challenges/,/^## Participating/p' "$scratch/sample.md" | grep '^### ' |
	sed 's/^### \(.*\) (\([0-9]*\) ideas*)$/\2 \1/' >"$scratch/tags"
sort -k1,1nr -k2,2f -s "$scratch/tags" | cmp -s - "$scratch/tags" && [ -s "$scratch/tags" ] &&
	! sed -n '/^## Themes across/,/^## Participating/p' "$scratch/sample.md" | grep '^- ' | grep -vq '^- \*'
result $? "themes across challenges: most used tags first, then A to Z, each idea with its challenge"
"$bin" report "$ev" --names | sed -n '/^## Who was in the room/,$p' | sed -n 's/^| \([^|]*\) |.*/\1/p' | sed '1d' |
	LC_ALL=C awk '{ c = substr($1, 1, 1); print (c >= "\343" && c <= "\355") ? $1 : $NF }' >"$scratch/family"
[ -s "$scratch/family" ] && LC_ALL=C sort -f -s "$scratch/family" | cmp -s - "$scratch/family"
result $? "--names: who was in the room, A to Z by family name (the first word of a Chinese, Japanese or Korean name)"
! grep -q "Sol y Sombra" "$scratch/sample.md" && grep -q "^[0-9]* more organisations, each with fewer than 3" "$scratch/sample.md" &&
	"$bin" report "$ev" --names | grep -q "^- Cooperativa Sol y Sombra$"
result $? "anonymous: an organisation with fewer than 3 present is not named (grouped), as in the JSON; --names names it"
"$bin" report "$ev" --names | grep -q "Amara Obi" && "$bin" report "$ev" --names | grep -q "(owner: Femi Adeyemi)"
result $? "--names shows who wrote and every owner"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "# SKIP the browser checks: chromium is not installed (./dev test installs it)"
	tap_done
	exit
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
grep -q "class=\"chart\"" "$scratch/dom.html" && grep -q "<table>" "$scratch/dom.html"
result $? "the charts (HTML, no script) and the figures tables are there"

mkdir -p "$keep"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --window-size=412,1400 --hide-scrollbars \
	--screenshot="$keep/report-phone.png" "file://$scratch/report.html" >/dev/null 2>&1
[ -s "$keep/report-phone.png" ]; result $? "a phone-sized screenshot is kept ($keep/report-phone.png)"

# --- the sample event's report, printed
"$bin" report "$scratch/sample/event.yaml" --format html -o "$scratch/sample.html"
result $? "the sample event's HTML report is written"
grep -q "Every care leaver has a trusted adult" "$scratch/sample.html"
result $? "with the sample's captured ideas in it"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --window-size=1200,1600 --hide-scrollbars \
	--screenshot="$keep/report-1200.png" "file://$scratch/sample.html" >/dev/null 2>&1
[ -s "$keep/report-1200.png" ]; result $? "a screenshot at 1200 px is kept ($keep/report-1200.png)"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --no-pdf-header-footer --print-to-pdf="$keep/report.pdf" \
	"file://$scratch/sample.html" >/dev/null 2>&1
[ -s "$keep/report.pdf" ]; result $? "Chromium prints it to PDF ($keep/report.pdf)"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -raw "$keep/report.pdf" "$scratch/pages.txt" &&
		pdftotext -bbox "$keep/report.pdf" "$scratch/bbox.html"
	result $? "pdftotext reads the PDF"
	check() { # check WHAT DESCRIPTION
		python3 "$root/tests/report/pdf_check.py" "$scratch/sample.html" "$scratch/pages.txt" \
			"$scratch/bbox.html" "$1" >"$scratch/why" 2>&1
		result $? "$2"
		sed 's/^/# /' "$scratch/why"
	}
	check columns "every column of every table is in the printed text (nothing cut at the page edge)"
	check width "no word is printed past the right margin of an A4 portrait page"
	check titles "chart labels are whole challenge titles, wrapped, never cut with an ellipsis"
	check pages "the title block opens page 1 and each challenge starts a new page"
	check plurals "counts read as English: no '1 ideas', '1 key points', '1 actions'"
	check footer "every printed page has a footer: the event's name and 'Page N of M'"
	check breaks "short hyphenated words (Co-operative, #co-production) and vote counts are never broken"
	check front "the front matter takes three pages at most, none near-empty: each chart with its table"
	# The sample with ideas at one table only: the seven challenges that
	# recorded nothing are one short list, not a near-blank page each.
	cp -R "$root/data/imagine-2024" "$scratch/quiet"
	find "$scratch/quiet/ideas" -name '*.yaml' ! -name 'table-01.*' -exec rm {} +
	"$bin" report "$scratch/quiet/event.yaml" --format html -o "$scratch/quiet.html"
	# shellcheck disable=SC2086
	timeout 60 "$browser" $flags --no-pdf-header-footer --print-to-pdf="$keep/report-quiet.pdf" \
		"file://$scratch/quiet.html" >/dev/null 2>&1
	pdftotext -raw "$keep/report-quiet.pdf" "$scratch/pages.txt" &&
		pdftotext -bbox "$keep/report-quiet.pdf" "$scratch/bbox.html" && cp "$scratch/quiet.html" "$scratch/sample.html"
	result $? "the report with one table's ideas prints to PDF ($keep/report-quiet.pdf)"
	check quiet "challenges with nothing recorded are listed together: no near-empty page but the last"
	check width "in it too, nothing runs past the right margin (the longest bar's label included)"
	# The day's print-outs of the sample, printed the same way.
	for what in tables desk; do
		"$bin" print "$ev" --$what --format html -o "$scratch/$what.html" &&
			# shellcheck disable=SC2086
			timeout 60 "$browser" $flags --no-pdf-header-footer --print-to-pdf="$keep/print-$what.pdf" \
				"file://$scratch/$what.html" >/dev/null 2>&1 &&
			pdftotext -raw "$keep/print-$what.pdf" "$scratch/pages.txt" &&
			pdftotext -bbox "$keep/print-$what.pdf" "$scratch/bbox.html" && cp "$scratch/$what.html" "$scratch/sample.html"
		result $? "print --$what --format html prints to PDF ($keep/print-$what.pdf)"
		check printout "print --$what: a footer (event, Page N of M) on every page; no name, role or hyphenated word of an organisation wrapped"
		check width "print --$what: nothing past the right margin"
	done
else
	echo "# SKIP the PDF's text: pdftotext is not installed (./dev test installs poppler-utils)"
fi

tap_done
