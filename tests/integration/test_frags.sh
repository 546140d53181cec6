#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Beside a multi-buffer (SEC "xdp.frags") program with a 9000-byte MTU:
# frames larger than a page arrive in fragments. A tail call only works
# between programs that agree on frags, and a non-frags program cannot
# even be attached while the peer's MTU is this large, so xdpdump's
# capture program must be frags-aware here. Checks: the capture works,
# jumbo frames are captured at their full length, the existing program
# still drops port 9 and passes port 7, and the original is given back.
# Skipped if the frags program itself cannot be attached.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

MTU=9000 BIG=8000 SMALL=100 NBIG=10 NSMALL=10 N9=5
BIG_LEN=$(( 14 + 20 + 8 + BIG ))
SMALL_LEN=$(( 14 + 20 + 8 + SMALL ))

frags_run() {
	local mode=$1 env before c0 d0 f="$TEST_TMP/frags-$1.pcapng"
	local err="$TEST_TMP/frags-$1.err" total=$(( NBIG + NSMALL + N9 ))
	new_env 1 && env=$TEST_ENV
	if ! ip -n "$env-a" link set veth1 mtu "$MTU" ||
		! ip -n "$env-b" link set veth0 mtu "$MTU"; then
		fatal "$mode: cannot set MTU $MTU on the veth pair"
	fi
	tenv_attach_existing "$env" veth0 "$mode" iplink frags 2>"$TEST_TMP/attach.err" ||
		skip "$mode: the frags program cannot be attached here: $(head -n1 "$TEST_TMP/attach.err")"
	before=$(tenv_xdp_state "$env" veth0)
	tenv_sink_start "$env" 7 9 || fatal "$mode: UDP sink did not start"
	c0=$(tenv_counter "$env") d0=$(tenv_drops "$env")

	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$mode: xdpdump did not start beside the frags program"; }
	check_attach_line "$err" "veth0: attached \(tailcall.*xdp_drop_udp9_f" \
		"$mode: tail-calls the frags program"

	tenv_udp "$env" 7 "$NBIG" "$BIG" || fail "$mode: sending $BIG-byte UDP"
	tenv_udp "$env" 7 "$NSMALL" "$SMALL" || fail "$mode: sending $SMALL-byte UDP"
	tenv_udp "$env" 9 "$N9" "$BIG" || fail "$mode: sending $BIG-byte UDP to port 9"

	xdpdump_stop "$XD_PID" INT
	check_eq "$mode: exit status" 0 "$?"
	tenv_sink_stop "$env"
	check_state "$env" veth0 "$before" "$mode: after exit"

	check_eq "$mode: packets in file" "$total" "$(pkt_count "$f")"
	check_eq "$mode: jumbo frames with their original length" $(( NBIG + N9 )) \
		"$(pkt_count "$f" "frame.len == $BIG_LEN")"
	check_eq "$mode: jumbo frames captured whole (fragments too)" $(( NBIG + N9 )) \
		"$(pkt_count "$f" "frame.cap_len == $BIG_LEN")"
	check_eq "$mode: small frames whole" "$NSMALL" \
		"$(pkt_count "$f" "frame.cap_len == $SMALL_LEN")"
	check_eq "$mode: existing program saw every packet" "$total" \
		$(( $(tenv_counter "$env") - c0 ))
	check_eq "$mode: existing program dropped port 9" "$N9" \
		$(( $(tenv_drops "$env") - d0 ))
	check_eq "$mode: sink got every port 7 datagram" $(( NBIG + NSMALL )) \
		"$(tenv_sink_count "$env" 7)"
	check_eq "$mode: sink got no port 9" 0 "$(tenv_sink_count "$env" 9)"
	tenv_destroy "$env"
}

frags_run native
frags_run skb
finish
