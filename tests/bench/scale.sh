#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How xdpdump's reader keeps up as more CPUs are busy writing records:
# the generator (xdp_gen, BPF_PROG_RUN live frames) runs on one core, then
# on both at once (the second to another UDP port), into one capture.
# The reader is not pinned: with both cores generating it shares a core
# with a generator, which is the point. One line per transport, frame size
# and number of generators:
#   ring=KIND size=N gens=G sent=S mpps=R,R in_file=F lost=L cpu_ms=C
#
#   tests/bench/scale.sh   (root; after make and make -C tests/bench)
# Environment: XDPDUMP [build/xdpdump], BUILD [build], FRAMES [1000000 per
# generator], SIZES ["64 1500"], RINGS ["ringbuf perf"], WARM_MB [32],
# WORK [a fresh directory in /dev/shm].
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${BUILD:=$ROOT/build}" "${XDPDUMP:=$BUILD/xdpdump}"
: "${FRAMES:=1000000}" "${SIZES:=64 1500}" "${RINGS:=ringbuf perf}" "${WARM_MB:=32}"
# shellcheck source-path=SCRIPTDIR/../..
# shellcheck source=testenv/lib.sh
. "$ROOT/testenv/lib.sh"
export XDPDUMP
ENV=xscale$$ BIN=$BUILD/bench PORTS=(9 11) WARM_PORT=10 HOLD=() XD=
WORK=$(mktemp -d "${WORK:-/dev/shm}/xdpdump-scale.XXXXXX") || exit 1

cleanup() {
	[[ -n $XD ]] && kill -INT "$XD" 2>/dev/null && wait "$XD" 2>/dev/null
	for p in "${HOLD[@]}"; do kill "$p" 2>/dev/null; done
	tenv_destroy "$ENV"
	rm -rf "$WORK"
}
trap cleanup EXIT

gen() {
	local cpu=$1 port=$2 frames=$3 size=$4
	tenv_exec "$ENV-a" taskset -c "$cpu" "$BIN/xdp_gen" -i veth1 -d "$(tenv_addr "$ENV")" \
		-m "$(tenv_mac "$ENV-b" veth0)" -n "$frames" -s "$size" -p "$port"
}

drained() {
	local last=-1 size stable=0
	while (( stable < 4 )); do
		size=$(stat -c %s "$1" 2>/dev/null || echo 0)
		(( size == last )) && stable=$(( stable + 1 )) || stable=0
		last=$size
		sleep 0.25
	done
}

one() {
	local ring=$1 size=$2 gens=$3 f="$WORK/cap.pcapng" i pids=() out infile=0 rates=""
	rm -f "$f"
	tenv_bg "$ENV-b" /dev/null "$WORK/err" "$BIN/runstat" -o "$WORK/stat" \
		nice -n -20 "$XDPDUMP" --ring "$ring" -i veth0 -w "$f"
	XD=$TENV_BG_PID
	tenv_wait_line "$WORK/err" 'listening on' "$XD" || { cat "$WORK/err"; return 1; }
	gen 0 "$WARM_PORT" $(( WARM_MB * 1048576 / (size + 64) )) "$size" >/dev/null
	drained "$f"
	for (( i = 0; i < gens; i++ )); do
		gen "$i" "${PORTS[i]}" "$FRAMES" "$size" >"$WORK/gen$i" &
		pids+=($!)
	done
	wait "${pids[@]}"
	drained "$f"
	kill -INT "$XD"
	wait "$XD"
	XD=
	for (( i = 0; i < gens; i++ )); do
		out=$("$BIN/pcount" -p "${PORTS[i]}" "$f")
		infile=$(( infile + $(sed -n 's/.*gen=\([0-9]*\).*/\1/p' <<<"$out") ))
		rates+="${rates:+,}$(sed -n 's/.*mpps=\([0-9.]*\).*/\1/p' "$WORK/gen$i")"
	done
	echo "ring=$ring size=$size gens=$gens sent=$(( gens * FRAMES )) mpps=$rates" \
		"in_file=$infile lost=$(sed -n 's/.* captured, \([0-9]*\) lost in rings.*/\1/p' "$WORK/err")" \
		"cpu_ms=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(user|sys)_us=/) { split($i, kv, "="); t += kv[2] } }
			END { printf "%d", t / 1000 }' "$WORK/stat")"
}

make -s -C "$ROOT/tests/bench" BUILD="$BUILD" >&2 || exit 1
tenv_create "$ENV" || exit 1
for p in "${PORTS[@]}" "$WARM_PORT"; do
	tenv_bg "$ENV-b" "$WORK/hold$p" /dev/null "$BIN/udp_hold" "$p"
	HOLD+=("$TENV_BG_PID")
done
for size in $SIZES; do
	for ring in $RINGS; do
		one "$ring" "$size" 1
		one "$ring" "$size" 2
	done
done
