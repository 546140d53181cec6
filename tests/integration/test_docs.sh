#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README is a front door and the man page the one reference:
#  - README.md is at most 12,000 bytes;
#  - it shares no run of 10 or more consecutive words with man/xdpdump.8
#    (roff requests, font and character escapes, markdown, punctuation and
#    case taken out on both sides): a fact told twice drifts apart;
#  - it does not speak of "development machines" or "CI machines";
#  - every relative link in README.md and docs/hacking.md names a file
#    that exists, and the README links to the man page and to both
#    docs/design.md and docs/hacking.md, which link back to the man page.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_cmd awk sed
new_tmp

readme="$TEST_ROOT/README.md"
page="$TEST_ROOT/man/xdpdump.8"
RUN=10

size=$(wc -c <"$readme")
check "README.md is at most 12,000 bytes ($size)" test "$size" -le 12000

# words FILE — one lower-case word per line; for the man page after its
# roff is taken out: request names, comments, font switches, \(xx
# characters, escaped hyphens and spaces.
roff_text() {
	sed -e '/^\.\\"/d' -e 's/^\.[A-Za-z]\{1,3\}\( \|$\)//' \
		-e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\(..//g' \
		-e 's/\\-/-/g' -e 's/\\[~ &|^e]/ /g' -e 's/\\//g' "$1"
}
md_text() {
	sed -e 's/\](\([^)]*\))/] /g' "$1"
}
words() {
	tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9\n' ' ' | tr -s ' ' '\n' | sed '/^$/d'
}
roff_text "$page" | words >"$TEST_TMP/man.words"
md_text "$readme" | words >"$TEST_TMP/readme.words"
check "the man page has words to compare ($(wc -l <"$TEST_TMP/man.words"))" \
	test "$(wc -l <"$TEST_TMP/man.words")" -gt 5000

# Every run of RUN words of the man page, then each of the README's that
# is among them.
shared=$(awk -v n="$RUN" '
	FNR == 1 { file++; k = 0 }
	{ w[++k] = $0 }
	k >= n {
		run = w[k - n + 1]
		for (i = k - n + 2; i <= k; i++)
			run = run " " w[i]
		if (file == 1)
			seen[run] = 1
		else if (run in seen && !(run in told)) {
			told[run] = 1
			print run
		}
	}' "$TEST_TMP/man.words" "$TEST_TMP/readme.words")
count=$(grep -c . <<<"$shared")
check_eq "runs of $RUN words the README shares with man/xdpdump.8" 0 "$count"
if (( count )); then
	echo "$shared" >"$TEST_TMP/shared"
	show "$TEST_TMP/shared"
fi

machines=$(grep -inE '(development|ci|these|our) machines?' "$readme")
check_eq "README.md speaks of no development or CI machines" "" "$machines"

# links FILE — the relative targets of its markdown links, anchors cut.
links() {
	grep -o '\]([^)]*)' "$1" | sed -e 's/^](//' -e 's/)$//' -e 's/#.*//' |
		grep -v -e '^[a-z]*:' -e '^$' | sort -u
}
for doc in README.md docs/hacking.md; do
	[[ -f $TEST_ROOT/$doc ]] || { fail "$doc is missing"; continue; }
	dir=$(dirname "$TEST_ROOT/$doc")
	n=0
	for target in $(links "$TEST_ROOT/$doc"); do
		n=$(( n + 1 ))
		[[ -e $dir/$target ]] || fail "$doc links to $target, which does not exist"
	done
	pass "$doc: $n relative links checked"
done
readme_links=$(links "$readme")
for target in man/xdpdump.8 docs/design.md docs/hacking.md; do
	check "README.md links to $target" grep -qx "$target" <<<"$readme_links"
done
for doc in docs/design.md docs/hacking.md; do
	check "$doc links to the man page" grep -q '\](\.\./man/xdpdump\.8)' "$TEST_ROOT/$doc"
done

finish
