#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The two record transports (--ring perf|ringbuf|auto). --version names the
# record path and auto takes the BPF ring buffer where the kernel has one.
# On each transport a paced stream from both CPUs is captured whole, in
# order, with exact accounting. Then memory that follows the traffic: with
# the same total budget (2 MiB: one shared ring, or 1 MiB per CPU on 2
# CPUs) a burst on one CPU while the reader is stopped fits in the shared
# ring, and overflows the one CPU's perf ring; either way every frame the
# program saw is in the file or counted lost, by CPU in the summary and
# in the interface statistics block.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
(( $(nproc) >= 2 )) || skip "needs 2 CPUs, this machine has $(nproc)"
new_tmp

"$XDPDUMP" --version >"$TEST_TMP/version" 2>&1
check_eq "--version exit status" 0 "$?"
check "--version names the record path" grep -q '^record path: ' "$TEST_TMP/version"
has_ringbuf=0
grep -q '^record path: BPF ring buffer' "$TEST_TMP/version" && has_ringbuf=1

# The payloads' first four bytes are udp_send's sequence numbers: each
# source port's stream must come out in order.
# shellcheck disable=SC2317 # called through check
stream_in_order() {
	local prev=-1 p v n=0
	while read -r p; do
		v=$(( 16#${p:0:8} ))
		(( v > prev )) || return 1
		prev=$v n=$(( n + 1 ))
	done < <(tsh -r "$1" -Y "udp.srcport == $2" -T fields -e udp.payload | tr -d ':')
	(( n > 0 ))
}

# Every record the program kept was read or counted lost: no mismatch line,
# and captured + lost = seen when the filter keeps everything.
# shellcheck disable=SC2317 # called through check
accounting_exact() {
	local err=$1
	! grep -q 'accounting mismatch' "$err" &&
		(( $(summary_captured "$err") + $(summary_lost "$err") == $(summary_seen "$err") ))
}

# shellcheck disable=SC2317 # called through check
not_in_file() {
	! grep -q -- "$1" "$2"
}

EACH=3000 RATE=20000
new_env 1 && env=$TEST_ENV

# auto: ask for it explicitly (the suite may run with XDPDUMP_RING).
f="$TEST_TMP/auto.pcapng" err="$TEST_TMP/auto.err"
xdpdump_start "$env" /dev/null "$err" -v --ring auto -i veth0 -w "$f" udp
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "auto: xdpdump did not start"; }
xdpdump_stop "$XD_PID" INT
check_eq "auto: exit status" 0 "$?"
want=perf
(( has_ringbuf )) && want=ringbuf
check "auto takes $want on this kernel" grep -q "record transport: $want\$" "$err"

kinds=(perf)
(( has_ringbuf )) && kinds+=(ringbuf)
(( has_ringbuf )) || echo "SKIP $TEST_NAME: ringbuf cases: this kernel has no BPF ring buffer"

for kind in "${kinds[@]}"; do
	f="$TEST_TMP/$kind.pcapng" err="$TEST_TMP/$kind.err"
	xdpdump_start "$env" /dev/null "$err" --ring "$kind" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "$kind: xdpdump did not start"; }
	TENV_UDP_SPORT=40000 tenv_udp "$env" 7 "$EACH" 64 0 0 4 "$RATE" &
	s0=$!
	TENV_UDP_SPORT=40001 tenv_udp "$env" 7 "$EACH" 64 1 0 4 "$RATE" &
	s1=$!
	wait "$s0" || fail "$kind: sender on CPU 0"
	wait "$s1" || fail "$kind: sender on CPU 1"
	xdpdump_stop "$XD_PID" INT
	check_eq "$kind: exit status after SIGINT" 0 "$?"
	check_eq "$kind: no XDP program left" none "$(tenv_xdp_state "$env" veth0)"
	check_eq "$kind: lost in rings" 0 "$(summary_lost "$err")"
	check_eq "$kind: both streams in the file" $(( 2 * EACH )) \
		"$(pkt_count "$f" 'udp.srcport == 40000 || udp.srcport == 40001')"
	check "$kind: CPU 0's stream in order" stream_in_order "$f" 40000
	check "$kind: CPU 1's stream in order" stream_in_order "$f" 40001
	check "$kind: timestamps never go back" time_ordered "$f"
	check "$kind: accounting exact" accounting_exact "$err"
done

# burst KIND KiB — 12,000 60-byte frames from CPU 0 while xdpdump is
# stopped. A record of one is 120 bytes in either ring: 17,476 fit in a
# 2 MiB ring buffer, 8,738 in a 1 MiB perf ring.
BURST=12000
burst() {
	local kind=$1 kib=$2
	f="$TEST_TMP/burst-$kind.pcapng" err="$TEST_TMP/burst-$kind.err"
	xdpdump_start "$env" /dev/null "$err" --ring "$kind" -B "$kib" -i veth0 -w "$f" udp port 7
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "$kind burst: did not start"; }
	kill -STOP "$XD_PID"
	TENV_UDP_SPORT=40002 tenv_udp "$env" 7 "$BURST" 18 0 0 4 100000 ||
		fail "$kind burst: sending"
	sleep 0.5
	kill -CONT "$XD_PID"
	xdpdump_stop "$XD_PID" INT
	check_eq "$kind burst: exit status" 0 "$?"
	infile=$(pkt_count "$f" 'udp.srcport == 40002')
	lost=$(summary_lost "$err")
	kept=$(grep -Eo '[0-9]+ records kept' "$err" | grep -Eo '^[0-9]+')
	check_eq "$kind burst: the filter kept the whole burst" "$BURST" "$kept"
	check_eq "$kind burst: in file + lost = kept" "$kept" $(( infile + lost ))
	check "$kind burst: no accounting mismatch" not_in_file 'accounting mismatch' "$err"
}

# A ring of 128 KiB that the records go round a dozen times: records that
# wrap past its end (the reader maps the data once and copies those) come
# out whole and in order, and the accounting stays exact.
if (( has_ringbuf )); then
	f="$TEST_TMP/wrap.pcapng" err="$TEST_TMP/wrap.err"
	xdpdump_start "$env" /dev/null "$err" --ring ringbuf -B 128 -i veth0 -w "$f" udp port 7
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "wrap: did not start"; }
	TENV_UDP_SPORT=40003 tenv_udp "$env" 7 5000 100 0 0 4 10000 || fail "wrap: sending"
	xdpdump_stop "$XD_PID" INT
	check_eq "wrap: exit status" 0 "$?"
	infile=$(pkt_count "$f" 'udp.srcport == 40003 && frame.len == 142')
	lost=$(summary_lost "$err")
	check_eq "wrap: whole frames in file + lost = sent" 5000 $(( infile + lost ))
	check "wrap: at most 1% lost ($lost)" test "$lost" -le 50
	check "wrap: the stream in order" stream_in_order "$f" 40003
fi

burst perf 1024
check "perf: a burst on one CPU overflows its 1 MiB share ($lost lost)" test "$lost" -gt 0
# All of them on the sender's CPU, in the summary and in the ISB.
check "perf burst: the summary counts the losses on CPU 0" \
	grep -q "veth0: lost in rings by CPU: 0: $lost\$" "$err"
check "perf burst: the ISB's comment counts them on CPU 0" \
	grep -aq "xdpdump: lost in rings by CPU: 0: $lost" "$f"
if (( has_ringbuf )); then
	burst ringbuf 2048
	check_eq "ringbuf: the same burst fits the shared 2 MiB ring (lost)" 0 "$lost"
	check_eq "ringbuf: the whole burst in the file" "$BURST" "$infile"
fi
finish
