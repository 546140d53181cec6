#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Live lines: xdpdump prints (no -w) while tcpdump writes a pcap of the same
# interface; afterwards `tcpdump -r` of that file must print the same text
# as xdpdump did, line for line: ICMP and ICMPv6 echo, TCP handshakes, data
# and closes over IPv4 and IPv6 (relative sequence numbers), UDP. Once with
# -v (header fields, checksums), once with -e -q. GRO is off on the
# receiver so that the stack (and tcpdump) sees the frames XDP saw.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd ethtool
new_tmp

FRAMES=21
new_env 1 && env=$TEST_ENV
tenv_exec "$env-b" ethtool -K veth0 gro off >/dev/null 2>&1 ||
	fatal "cannot turn GRO off on veth0"

# run TAG OPTIONS... — capture the standard traffic both ways, compare.
run() {
	local tag=$1 xd_out="$TEST_TMP/$1.xdpdump" xd_err="$TEST_TMP/$1.err"
	local td_err="$TEST_TMP/$1.tcpdump.err" pcap="$TEST_TMP/$1.pcap" td_pid want got
	shift
	xdpdump_start "$env" "$xd_out" "$xd_err" -i veth0 -l "$@"
	xdpdump_wait_ready "$xd_err" "$XD_PID" ||
		{ show "$xd_err"; fatal "$tag: xdpdump did not start"; }
	tenv_bg "$env-b" /dev/null "$td_err" tcpdump -n -i veth0 -Q in -U -w "$pcap"
	td_pid=$TENV_BG_PID
	tenv_wait_line "$td_err" 'listening on' "$td_pid" ||
		{ show "$td_err"; fatal "$tag: tcpdump did not start"; }
	tenv_ping "$env" 3 0 4 || fail "$tag: ping"
	tenv_ping "$env" 3 0 6 || fail "$tag: ping -6"
	tenv_tcp "$env" 5001 0 4 || fail "$tag: TCP over IPv4"
	tenv_tcp "$env" 5002 0 6 || fail "$tag: TCP over IPv6"
	tenv_udp "$env" 40000 3 100 || fail "$tag: UDP"
	# xdpdump writes each line (-l) as it goes; tcpdump as it gets them
	# (-U). Both have seen everything once tcpdump's file has every frame:
	# 6 echo requests, 2 x 6 TCP segments from the client, 3 datagrams.
	wait_for 10 test "$(tcpdump -r "$pcap" 2>/dev/null | wc -l)" -ge $FRAMES
	xdpdump_stop "$XD_PID" INT
	check_eq "$tag: xdpdump exit status" 0 "$?"
	kill -INT "$td_pid" 2>/dev/null
	wait "$td_pid" 2>/dev/null
	want="$TEST_TMP/$tag.want"
	tcpdump -n "$@" -r "$pcap" >"$want" 2>/dev/null
	got=$(grep -c '^[^ 	]' "$xd_out")
	if (( got < FRAMES )); then
		fail "$tag: only $got packets printed, want $FRAMES"
		show "$xd_err"
	elif cmp -s "$want" "$xd_out"; then
		pass "$tag: xdpdump $* printed what tcpdump -r prints ($got packets)"
	else
		fail "$tag: xdpdump $* and tcpdump -r differ:"
		diff "$want" "$xd_out" | head -n 10 | sed 's/^/#   /'
	fi
	check "$tag: TCP over IPv6 printed" grep -q '::2\.5002: ' "$xd_out"
}

run verbose -t -v
run ether-quiet -t -e -q

# Exit records: the same line plus the verdict, after the entry line. The
# hook example drops UDP to port 9 and passes the rest.
tenv_attach_existing "$env" veth0 native iplink hook ||
	fatal "ip link could not attach the hook example"
out="$TEST_TMP/exit.xdpdump" err="$TEST_TMP/exit.err"
xdpdump_start "$env" "$out" "$err" -i veth0 -t --rx-capture entry,exit 'udp or tcp port 5003'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "exit: xdpdump did not start"; }
tenv_udp "$env" 9 2 100 || fail "exit: sending to port 9"
tenv_udp "$env" 7 3 100 || fail "exit: sending to port 7"
tenv_tcp "$env" 5003 0 4 || fail "exit: TCP"
xdpdump_stop "$XD_PID" INT
check_eq "exit: xdpdump exit status" 0 "$?"
# Each entry line, then the same text with its verdict.
pairs() {
	awk -v port="$1" -v verdict="$2" '
		$0 ~ "\\." port ": UDP, length 100$" { entry = $0; next }
		entry != "" && $0 == entry " @exit[" verdict "]" { n++ }
		{ entry = "" }
		END { print n + 0 }' "$out"
}
check_eq "exit: port 9 entry lines each followed by the same with @exit[DROP]" 2 "$(pairs 9 DROP)"
check_eq "exit: port 7 entry lines each followed by the same with @exit[PASS]" 3 "$(pairs 7 PASS)"
# TCP: sequence numbers tracked once per packet, so exit lines repeat
# their entry line exactly (relative numbers included).
tcp_lines=$(grep -c '\.5003: Flags' "$out")
tcp_pairs=$(awk '/\.5003: Flags/ && !/@exit/ { entry = $0; next }
	entry != "" && $0 == entry " @exit[PASS]" { n++ }
	{ entry = "" }
	END { print n + 0 }' "$out")
check_eq "exit: TCP exit lines equal to their entry line plus @exit[PASS]" \
	$(( tcp_lines / 2 )) "$tcp_pairs"
check "exit: TCP lines with relative numbers printed" \
	grep -Eq '5003: Flags \[P\.\], seq 0:[0-9]+, ack 1,' "$out"
finish
