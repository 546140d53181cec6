#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The offline benchmark: `xdpdump -r F -w OUT EXPR` against
# `tcpdump -r F -w OUT EXPR` on one file of a million packets of mixed
# traffic (tests/filter/gen_savefiles.c -1: TCP, UDP, ICMP, IGMP, IPv6,
# ARP, 802.1Q, fragments, runts, cut records, frames over 64 KiB), for a
# few expressions, and the time --verify-filter takes over the same file.
# The two tools run in turn, A B A B ..., and each figure is the median
# wall time of BENCH_OFFLINE_REPS runs; the ratio is ours over tcpdump's,
# pair by pair, median. Writes results/latest-offline.md (also printed).
#
# Environment (defaults in brackets):
#   BENCH_OFFLINE_PACKETS [1000000]  BENCH_OFFLINE_REPS [7]
#   BENCH_WORK  where the files go [/dev/shm, else /var/tmp]
#   BENCH_RESULTS [tests/bench/results]  XDPDUMP [$BUILD/xdpdump]
set -u

BENCH_SRC=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_SRC/../.." && pwd)
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
: "${BENCH_OFFLINE_PACKETS:=1000000}" "${BENCH_OFFLINE_REPS:=7}"
: "${BENCH_RESULTS:=$BENCH_SRC/results}"
: "${XDPDUMP:=$BUILD/xdpdump}"
GEN="$BUILD/tests/filter/gen_savefiles"
EXPRS=('' 'ip' 'tcp port 80' 'udp or icmp' 'tcp[tcpflags] & tcp-syn != 0 and len > 100'
	'net 10.0.0.0/24 and not port 22')

die() {
	echo "offline.sh: $*" >&2
	exit 1
}

for f in "$XDPDUMP" "$GEN"; do
	[[ -x $f ]] || die "$f missing: run make tests"
done
command -v tcpdump >/dev/null || die "tcpdump missing"
base=${BENCH_WORK:-}
[[ -z $base ]] && { [[ -d /dev/shm ]] && base=/dev/shm || base=/var/tmp; }
WORK=$(mktemp -d "$base/xdpdump-offline.XXXXXX") || die "cannot make a directory in $base"
trap 'rm -rf "$WORK"' EXIT
F="$WORK/mixed.pcap"
"$GEN" -1 "$F" "$BENCH_OFFLINE_PACKETS" || die "gen_savefiles failed"

# wall_ms CMD... — the command's wall time in milliseconds (output to
# /dev/null, errors to $WORK/err).
wall_ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; die "failed: $*"; }
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# One row: median ms of ours, of tcpdump's, median of the ratios.
row() {
	local expr=$1 i a b ours=() theirs=() ratios=()
	local args=(-r "$F" -w "$WORK/out")
	[[ -n $expr ]] && args+=(-- "$expr")
	wall_ms "$XDPDUMP" "${args[@]}" >/dev/null # warm-up
	wall_ms tcpdump "${args[@]}" >/dev/null
	for ((i = 0; i < BENCH_OFFLINE_REPS; i++)); do
		a=$(wall_ms "$XDPDUMP" "${args[@]}")
		b=$(wall_ms tcpdump "${args[@]}")
		ours+=("$a") theirs+=("$b")
		ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b ? a / b : 0 }')")
	done
	# shellcheck disable=SC2016 # the backquotes are Markdown
	printf '| `%s` | %s | %s | %.2f |\n' "${expr:-(none)}" \
		"$(printf '%s\n' "${ours[@]}" | median)" "$(printf '%s\n' "${theirs[@]}" | median)" \
		"$(printf '%s\n' "${ratios[@]}" | median)"
}

verify_row() {
	local i times=()
	for ((i = 0; i < 3; i++)); do
		times+=("$(wall_ms "$XDPDUMP" -r "$F" --verify-filter -w "$WORK/out" -- 'tcp port 80 or udp')")
	done
	printf '%s\n' "${times[@]}" | median
}

mkdir -p "$BENCH_RESULTS" || die "cannot write $BENCH_RESULTS"
{
	echo "## Offline: -r F -w OUT EXPR, xdpdump against tcpdump"
	echo
	echo "$BENCH_OFFLINE_PACKETS packets of mixed traffic, $(($(stat -c %s "$F") / 1048576)) MiB, in $base;" \
		"median wall time of $BENCH_OFFLINE_REPS runs each, in turn; ratio: ours / tcpdump's, median of the pairs" \
		"(xdpdump writes pcapng, tcpdump pcap). $(tcpdump --version 2>&1 | head -n1)," \
		"$(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "| expression | xdpdump ms | tcpdump ms | ratio |"
	echo "| --- | ---: | ---: | ---: |"
	for e in "${EXPRS[@]}"; do
		row "$e"
	done
	echo
	echo "--verify-filter 'tcp port 80 or udp' over the same file (every packet also through" \
		"the kernel's translation by BPF_PROG_TEST_RUN): $(verify_row) ms, median of 3."
} >"$BENCH_RESULTS/latest-offline.md"
cat "$BENCH_RESULTS/latest-offline.md"
