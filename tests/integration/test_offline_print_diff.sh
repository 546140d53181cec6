#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The printer under the link types -r reads besides Ethernet: Linux cooked
# v1 and v2, raw IP, raw IPv4, raw IPv6, BSD null and loop (and Ethernet
# again), from tests/filter/gen_savefiles.c -p (only what lib/print
# decodes, plus runts, a captured length above the length, cut records and
# frames over 64 KiB), in pcap and pcapng. `xdpdump -r F OPTS` must print
# exactly what `tcpdump -n -r F OPTS` prints, line for line, with each of
# several option sets.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_cmd tcpdump
GEN="$BUILD/tests/filter/gen_savefiles"
for f in "$XDPDUMP" "$GEN"; do
	[[ -x $f ]] || fatal "$f missing: run make tests"
done
new_tmp
export TZ=UTC
sf="$TEST_TMP/sf"
mkdir -p "$sf"
"$GEN" -p "$sf" 300 || fatal "gen_savefiles -p failed"

ours="$TEST_TMP/ours.txt" theirs="$TEST_TMP/theirs.txt"
for link in sll sll2 raw ipv4 ipv6 null loop ether; do
	for fmt in pcap pcapng; do
		f="$sf/$link.$fmt"
		for opts in "" -e -q -eq -v -vv -x -xx -X -XX -ttt; do
			# shellcheck disable=SC2086 # opts is a list of options
			"$XDPDUMP" -r "$f" $opts >"$ours" 2>"$TEST_TMP/err"
			rc=$?
			# shellcheck disable=SC2086
			tcpdump -n -r "$f" $opts >"$theirs" 2>/dev/null
			lines=$(grep -c '^[0-9\[]' "$theirs")
			if ((rc != 0)); then
				fail "$link.$fmt ${opts:-(no options)}: xdpdump exit $rc: $(head -n1 "$TEST_TMP/err")"
			elif cmp -s "$ours" "$theirs"; then
				pass "$link.$fmt ${opts:-(no options)}: $lines packets printed as tcpdump -n prints them"
			else
				fail "$link.$fmt ${opts:-(no options)}: $(diff "$ours" "$theirs" | grep -c '^>') lines differ"
				diff "$ours" "$theirs" | head -n 6 | sed 's/^/#   /'
			fi
		done
	done
done
finish
