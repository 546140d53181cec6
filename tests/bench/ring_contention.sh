#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What one record costs the packet path when one CPU writes, and when both
# write at once into the same capture program (BPF_PROG_TEST_RUN from each
# core, side by side): the shared BPF ring buffer takes a spinlock per
# reservation, the perf rings are per CPU. xdpdump reads into /dev/null
# meanwhile. Prints one line per transport, size and number of writers:
#   ring=KIND size=N writers=N over_bare_ns=A(full:F)[,B(full:F)]
# F: runs whose record found the ring full (cheaper: a figure with many is
# too low).
#
#   tests/bench/ring_contention.sh  (root; after make and make -C tests/bench)
# Environment: XDPDUMP [build/xdpdump], BUILD [build], REPEAT [200000],
# ROUNDS [5], SIZES ["64 1500"], RINGS ["ringbuf perf"].
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${BUILD:=$ROOT/build}" "${XDPDUMP:=$BUILD/xdpdump}"
: "${REPEAT:=200000}" "${ROUNDS:=5}" "${SIZES:=64 1500}" "${RINGS:=ringbuf perf}"
NS=xring$$ BIN=$BUILD/bench XD=

cleanup() {
	[[ -n $XD ]] && kill -INT "$XD" 2>/dev/null && wait "$XD" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT

cost() {
	ip netns exec "$NS" taskset -c "$1" "$BIN/prog_cost" -p "$2" -i v0 -s "$3" \
		-n "$REPEAT" -r "$ROUNDS" -B "$BIN/xdp_pass.bpf.o" |
		sed -n 's/.*over_median=\([0-9-]*\).*output_failed=\([0-9]*\).*/\1(full:\2)/p'
}

ip netns add "$NS" || exit 1
ip -n "$NS" link add v0 type veth peer name v1
ip -n "$NS" link set v0 up
ip -n "$NS" link set v1 up
for ring in $RINGS; do
	ip netns exec "$NS" "$XDPDUMP" --ring "$ring" -i v0 -w /dev/null 2>/dev/null &
	XD=$!
	for (( i = 0; i < 100; i++ )); do
		id=$(ip -n "$NS" -j link show v0 | jq '.[0].xdp.prog.id // empty')
		[[ -n $id ]] && break
		sleep 0.1
	done
	[[ -n $id ]] || { echo "xdpdump --ring $ring did not attach" >&2; exit 1; }
	for size in $SIZES; do
		echo "ring=$ring size=$size writers=1 over_bare_ns=$(cost 0 "$id" "$size")"
		a=$(mktemp)
		cost 0 "$id" "$size" >"$a" &
		b=$(cost 1 "$id" "$size")
		wait $!
		echo "ring=$ring size=$size writers=2 over_bare_ns=$(cat "$a"),$b"
		rm -f "$a"
	done
	kill -INT "$XD"
	wait "$XD" 2>/dev/null
	XD=
done
