#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No XDP program on the interface: xdpdump loads its own (in native mode by
# default, and in skb mode when asked), captures pings and a UDP burst, and
# leaves nothing attached. The file is checked with capinfos and tshark:
# exact packet count and bytes, packet kinds and sizes, the UDP sequence
# numbers in order, timestamps that never go back.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

PINGS=10 UDP=200 PAYLOAD=100
# Ethernet 14 + IPv4 20 + ICMP 8 + ping's default 56 bytes of data.
PING_LEN=98
UDP_LEN=$(( 14 + 20 + 8 + PAYLOAD ))
TOTAL=$(( PINGS + UDP ))
BYTES=$(( PINGS * PING_LEN + UDP * UDP_LEN ))

# The UDP payloads' first four bytes are udp_send's sequence numbers.
# shellcheck disable=SC2317 # called through check
udp_sequence_ok() {
	local i=0 p
	while read -r p; do
		(( 16#${p:0:8} == i )) || return 1
		i=$(( i + 1 ))
	done < <(tsh -r "$1" -Y udp -T fields -e udp.payload | tr -d ':')
	(( i == UDP ))
}

capture_run() {
	local mode=$1 f="$TEST_TMP/own-$1.pcapng" err="$TEST_TMP/own-$1.err"
	local args=(-i veth0 -w "$f")
	[[ $mode == skb ]] && args+=(--load-mode skb)
	new_env 1 && env=$TEST_ENV

	xdpdump_start "$env" /dev/null "$err" "${args[@]}"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$mode: xdpdump did not start"; }
	check_attach_line "$err" "veth0: attached \(load.*$mode" \
		"$mode: says it loaded its own program"
	check_eq "$mode: capture program attached while running" \
		"$mode xdpdump_capture" \
		"$(tenv_xdp_mode "$env" veth0) $(tenv_xdp_prog_name "$env" veth0)"

	tenv_ping "$env" "$PINGS" || fail "$mode: ping while capturing"
	tenv_udp "$env" 7 "$UDP" "$PAYLOAD" || fail "$mode: sending UDP"

	xdpdump_stop "$XD_PID" INT
	check_eq "$mode: exit status after SIGINT" 0 "$?"
	check_eq "$mode: no XDP program left on veth0" none \
		"$(tenv_xdp_state "$env" veth0)"

	check_eq "$mode: packets (capinfos)" "$TOTAL" "$(pkt_count "$f")"
	check_eq "$mode: bytes on the wire (sum of frame.len)" "$BYTES" \
		"$(pkt_bytes "$f")"
	check_eq "$mode: data size (capinfos)" "$BYTES bytes" \
		"$(capinfo "$f" -d "Data size")"
	check_eq "$mode: ICMP echo requests" "$PINGS" \
		"$(pkt_count "$f" "icmp.type == 8 && frame.len == $PING_LEN")"
	check_eq "$mode: UDP datagrams of $UDP_LEN bytes, whole" "$UDP" \
		"$(pkt_count "$f" "udp.dstport == 7 && frame.len == $UDP_LEN && frame.cap_len == $UDP_LEN")"
	check "$mode: UDP sequence numbers 0..$(( UDP - 1 )) in order" \
		udp_sequence_ok "$f"
	check "$mode: timestamps never go back (tshark)" time_ordered "$f"
	check_eq "$mode: capinfos, strict time order" True \
		"$(capinfo "$f" -o "Strict time order")"
	check_eq "$mode: capinfos, file type" pcapng "$(capinfo "$f" -t "File type")"
	check_eq "$mode: summary line, packets captured" "$TOTAL" \
		"$(summary_captured "$err")"
	check_eq "$mode: summary line, packets lost" 0 "$(summary_lost "$err")"
	tenv_destroy "$env"
}

capture_run native
capture_run skb
finish
