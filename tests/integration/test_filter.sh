#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A pcap filter expression is applied in the kernel: only matching packets
# reach the file, every packet still reaches the existing program (which
# still drops port 9 whether or not the capture keeps it), and the summary
# counts what the capture program saw apart from what it kept. Skipped
# while xdpdump says filters are not supported.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

N7=40 N9=30 PINGS=5
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# filter_run TAG EXPRESSION EXPECTED-IN-FILE CHECK-FILTER
filter_run() {
	local tag=$1 expr=$2 want=$3 match=$4 f="$TEST_TMP/$1.pcapng"
	local err="$TEST_TMP/$1.err" c0 d0 total=$(( N7 + N9 + PINGS ))
	c0=$(tenv_counter "$env") d0=$(tenv_drops "$env")
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" "$expr"
	if ! xdpdump_wait_ready "$err" "$XD_PID"; then
		grep -qi 'not supported' "$err" &&
			skip "$(grep -m1 -i 'not supported' "$err")"
		show "$err"
		fatal "$tag: xdpdump did not start"
	fi
	tenv_udp "$env" 7 "$N7" || fail "$tag: sending to port 7"
	tenv_udp "$env" 9 "$N9" || fail "$tag: sending to port 9"
	tenv_ping "$env" "$PINGS" || fail "$tag: ping"
	xdpdump_stop "$XD_PID" INT
	check_eq "$tag: exit status" 0 "$?"
	check_state "$env" veth0 "$before" "$tag: after exit"
	check_eq "$tag: packets in file" "$want" "$(pkt_count "$f")"
	check_eq "$tag: all of them match '$match'" "$want" "$(pkt_count "$f" "$match")"
	check_eq "$tag: summary, captured" "$want" "$(summary_captured "$err")"
	check_eq "$tag: summary, seen by the capture program" "$total" \
		"$(summary_seen "$err")"
	check_eq "$tag: existing program saw every packet" "$total" \
		$(( $(tenv_counter "$env") - c0 ))
	check_eq "$tag: existing program dropped port 9" "$N9" \
		$(( $(tenv_drops "$env") - d0 ))
}

filter_run udp7 'udp dst port 7' "$N7" 'udp.dstport == 7'
filter_run udp9 'udp and dst port 9' "$N9" 'udp.dstport == 9'
filter_run icmp 'icmp[icmptype] == icmp-echo' "$PINGS" 'icmp.type == 8'
filter_run none 'tcp' 0 'tcp'
finish
