#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two senders pinned to CPU 0 and CPU 1 at the same time. On veth the
# receiver's XDP program runs on the sender's CPU, so packets land in both
# CPUs' rings and xdpdump has to merge them: the file must hold every
# packet, each sender's packets in their own order, the two streams
# interleaved (not one CPU's block after the other's), and timestamps that
# never go back across the whole file.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
(( $(nproc) >= 2 )) || skip "needs 2 CPUs, this machine has $(nproc)"
new_tmp

# Paced, so the test is about merging, not about ring overflow.
EACH=5000 RATE=20000
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)
f="$TEST_TMP/cpus.pcapng" err="$TEST_TMP/cpus.err"

xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "xdpdump did not start"; }
c0=$(tenv_counter "$env")

TENV_UDP_SPORT=40000 tenv_udp "$env" 7 "$EACH" 64 0 0 4 "$RATE" &
s0=$!
TENV_UDP_SPORT=40001 tenv_udp "$env" 7 "$EACH" 64 1 0 4 "$RATE" &
s1=$!
wait "$s0" || fail "sender on CPU 0"
wait "$s1" || fail "sender on CPU 1"

xdpdump_stop "$XD_PID" INT
check_eq "exit status after SIGINT" 0 "$?"
check_state "$env" veth0 "$before" "after exit"
check_eq "existing program saw both senders' packets" $(( 2 * EACH )) \
	$(( $(tenv_counter "$env") - c0 ))

check_eq "summary line, packets lost" 0 "$(summary_lost "$err")"
check_eq "packets in file" $(( 2 * EACH )) "$(pkt_count "$f")"
check_eq "from the sender on CPU 0" "$EACH" "$(pkt_count "$f" 'udp.srcport == 40000')"
check_eq "from the sender on CPU 1" "$EACH" "$(pkt_count "$f" 'udp.srcport == 40001')"
check "timestamps never go back across the file" time_ordered "$f"

# Each sender's sequence numbers must come out in order.
# shellcheck disable=SC2317 # called through check
stream_in_order() {
	local prev=-1 p v
	while read -r p; do
		v=$(( 16#${p:0:8} ))
		(( v > prev )) || return 1
		prev=$v
	done < <(tsh -r "$1" -Y "udp.srcport == $2" -T fields -e udp.payload | tr -d ':')
}
check "CPU 0's stream in its own order" stream_in_order "$f" 40000
check "CPU 1's stream in its own order" stream_in_order "$f" 40001

# Count changes of source port along the file: with both senders running
# at once, a merged file switches back and forth many times.
switches=$(tsh -r "$f" -T fields -e udp.srcport |
	awk 'NR > 1 && $1 != prev { n++ } { prev = $1 } END { print n + 0 }')
check "the two CPUs' packets interleave ($switches switches)" \
	test "$switches" -ge 10
finish
