#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packet printer end to end: `xdpdump -r FILE OPTIONS` (each packet
# through the capture program with BPF_PROG_TEST_RUN, then printed) must
# print exactly the text tcpdump printed for every case of
# tests/golden/cases.txt. The stored text is checked against tcpdump once
# more, so a stale .out cannot hide a difference. Options that only shape
# printed lines are refused with -w (-q is not: it also quiets the status line
# of a capture to a file).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root
require_cmd tcpdump
[[ -x $XDPDUMP ]] || fatal "$XDPDUMP missing: run make"
new_tmp
GOLDEN="$TEST_ROOT/tests/golden"
export TZ=UTC

# same WHAT EXPECTED-FILE ACTUAL-FILE — identical, or the first difference.
same() {
	if cmp -s "$2" "$3"; then
		pass "$1 ($(wc -l <"$3") lines)"
	else
		fail "$1 differs:"
		diff "$2" "$3" | head -n 6 | sed 's/^/#   /'
	fi
}

while read -r name pcap opts; do
	[[ $name == \#* || -z $name ]] && continue
	# Frames shorter than an Ethernet header are not run by -r (the
	# kernel's test run refuses them): that file is for the unit test.
	[[ $pcap == short.pcap ]] && continue
	# shellcheck disable=SC2086 # opts are separate words
	tcpdump -n $opts -r "$GOLDEN/$pcap" >"$TEST_TMP/$name.tcpdump" 2>/dev/null
	same "$name: tcpdump still prints the stored text" "$GOLDEN/$name.out" \
		"$TEST_TMP/$name.tcpdump"
	# shellcheck disable=SC2086
	"$XDPDUMP" $opts -r "$GOLDEN/$pcap" >"$TEST_TMP/$name.xdpdump" 2>"$TEST_TMP/$name.err" ||
		{ fail "$name: xdpdump -r failed"; show "$TEST_TMP/$name.err"; continue; }
	same "$name: xdpdump -r $opts prints what tcpdump prints" "$GOLDEN/$name.out" \
		"$TEST_TMP/$name.xdpdump"
done <"$GOLDEN/cases.txt"

# A filter keeps what it keeps, and the printer still tracks its streams.
# IPv4 segments with ACK set: the SYNs are gone, relative numbers are not.
filter='tcp[13] & 16 != 0'
"$XDPDUMP" -r "$GOLDEN/tcp.pcap" "$filter" >"$TEST_TMP/ack.xdpdump" 2>/dev/null
tcpdump -n -r "$GOLDEN/tcp.pcap" "$filter" >"$TEST_TMP/ack.tcpdump" 2>/dev/null
check_eq "-r '$filter': IPv4 segments with ACK kept" 13 "$(wc -l <"$TEST_TMP/ack.xdpdump")"
same "-r '$filter': the same lines as tcpdump with it" "$TEST_TMP/ack.tcpdump" \
	"$TEST_TMP/ack.xdpdump"

for opt in -e -x -X -t -l; do
	"$XDPDUMP" "$opt" -r "$GOLDEN/tcp.pcap" -w "$TEST_TMP/x.pcapng" >/dev/null 2>"$TEST_TMP/bad.err"
	rc=$?
	if (( rc != 0 && rc < 124 )) && [[ $(wc -l <"$TEST_TMP/bad.err") == 1 ]]; then
		pass "$opt with -w refused: $(cat "$TEST_TMP/bad.err")"
	else
		fail "$opt with -w: status $rc, want one line on stderr and an error exit"
		show "$TEST_TMP/bad.err"
	fi
done
finish
