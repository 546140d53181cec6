#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --help and man/xdpdump.8 agree, whatever options exist today:
#  - groff -ww finds nothing to warn about;
#  - every option that --help lists (long and short) has a .TP entry in the
#    man page's OPTIONS, under the subsection named like its --help group,
#    and every entry there is an option --help lists;
#  - --help starts with a usage synopsis that names every short option and
#    every long-only option, and fits 80 columns; the man page's SYNOPSIS
#    names every short option too;
#  - the sections users look for are there;
#  - make install DESTDIR=... installs the page, identical, and man reads it.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_cmd groff man make cmp
[[ -x $XDPDUMP ]] || fatal "$XDPDUMP missing: run make"
new_tmp

page="$TEST_ROOT/man/xdpdump.8"
help="$TEST_TMP/help.out"
"$XDPDUMP" --help >"$help"
check_eq "--help: exit status" 0 "$?"

warnings=$(groff -ww -z -man "$page" 2>&1)
check_eq "groff -ww -z -man: no warnings" "" "$warnings"

# help_pairs — "Group|--long" and "Group|-x" for every option --help lists.
help_pairs() {
	awk '
	/^[A-Z][A-Za-z ]*:$/ { group = substr($0, 1, length($0) - 1); next }
	group != "" && /^ +(-[[:alnum:]#], )?--[[:alnum:]-]+/ {
		line = $0
		sub(/^ +/, "", line)
		if (line ~ /^-[[:alnum:]#], /) {
			print group "|" substr(line, 1, 2)
			line = substr(line, 5)
		}
		match(line, /^--[[:alnum:]-]+/)
		print group "|" substr(line, RSTART, RLENGTH)
	}' "$help" | sort -u
}

# man_pairs — the same from the .TP tags in OPTIONS, grouped by .SS.
man_pairs() {
	sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' "$page" | awk '
	/^\.SH / { in_opts = ($0 == ".SH OPTIONS"); next }
	!in_opts { next }
	/^\.SS / { group = substr($0, 5); next }
	/^\.TP/ { tag = 1; next }
	tag {
		tag = 0
		n = split($0, words, /[ "\[\]=,]+/)
		for (i = 1; i <= n; i++)
			if (words[i] ~ /^--[[:alnum:]][[:alnum:]-]*$/ ||
			    words[i] ~ /^-[[:alnum:]#]$/)
				print group "|" words[i]
	}' | sort -u
}

help_pairs >"$TEST_TMP/help.pairs"
man_pairs >"$TEST_TMP/man.pairs"
check "--help lists options (parsed $(wc -l <"$TEST_TMP/help.pairs"))" \
	test "$(wc -l <"$TEST_TMP/help.pairs")" -ge 20
undocumented=$(comm -23 "$TEST_TMP/help.pairs" "$TEST_TMP/man.pairs" | paste -sd' ')
check_eq "every --help option has a man entry under its group" "" "$undocumented"
stale=$(comm -13 "$TEST_TMP/help.pairs" "$TEST_TMP/man.pairs" | paste -sd' ')
check_eq "every man OPTIONS entry is an option --help lists, in that group" "" "$stale"

# in_synopsis FILE OPT — OPT (-x or --long) is in FILE's synopsis text, as
# [-abc], [-x ARG] or [--long ...].
in_synopsis() {
	local file=$1 opt=$2
	if [[ $opt == --* ]]; then
		grep -qF -- "[$opt" "$file"
	else
		grep -Eq -- "\[-[[:alnum:]#]*${opt#-}[[:alnum:]#]*\]|\[$opt " "$file"
	fi
}

sed '/^$/q' "$help" >"$TEST_TMP/help.synopsis"
check "--help starts with 'Usage: xdpdump'" \
	grep -q '^Usage: xdpdump ' <(head -n1 "$help")
groff -man -Tascii -rLL=300n "$page" 2>/dev/null | col -b |
	sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' >"$TEST_TMP/man.synopsis"
missing_help='' missing_man=''
while IFS='|' read -r group opt; do
	if [[ $opt != --* ]]; then
		in_synopsis "$TEST_TMP/help.synopsis" "$opt" || missing_help+="$opt "
		in_synopsis "$TEST_TMP/man.synopsis" "$opt" || missing_man+="$opt "
	elif [[ $group != "Wireshark extcap" ]] &&
		! grep -Eq -- "^ +-[[:alnum:]#], $opt( |$)" "$help"; then
		in_synopsis "$TEST_TMP/help.synopsis" "$opt" || missing_help+="$opt "
	fi
done <"$TEST_TMP/help.pairs"
check_eq "--help synopsis names every short and long-only option" "" "$missing_help"
check_eq "man SYNOPSIS names every short option" "" "$missing_man"
check_eq "--help fits 80 columns (longer lines)" 0 \
	"$(awk 'length > 79' "$help" | wc -l)"

for section in NAME SYNOPSIS DESCRIPTION OPTIONS WIRESHARK FILTERS \
	"ATTACH STRATEGIES" SIGNALS "EXIT STATUS" "KERNEL REQUIREMENTS" EXAMPLES \
	"SEE ALSO"; do
	check "man page has a $section section" grep -qx ".SH $section" "$page"
done

dest="$TEST_TMP/dest"
make -C "$TEST_ROOT" --no-print-directory install DESTDIR="$dest" PREFIX=/usr \
	>"$TEST_TMP/install.out" 2>&1
check_eq "make install DESTDIR=...: exit status" 0 "$?"
installed="$dest/usr/share/man/man8/xdpdump.8"
check "make install: the man page is installed, identical" cmp -s "$page" "$installed"
check_eq "make install: the man page's mode" 644 "$(stat -c %a "$installed" 2>/dev/null)"
check "make install: the tool is installed" test -x "$dest/usr/sbin/xdpdump"
check "man -l reads the installed page" \
	grep -q 'xdpdump' <(man -l "$installed" 2>/dev/null | sed -n '/^NAME/,+1p')
finish
