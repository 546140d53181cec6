#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The throughput benchmark (`make bench`): xdpdump beside the peer xdpdump
# (xdp-tools), tcpdump and no capture at all, on the same traffic, and the
# kernel cost per packet of each capture program. Writes
# results/latest.md (also printed), results/latest.png and the raw
# figures in results/latest.tsv.
#
# Traffic: xdp_gen runs an XDP_TX program in BPF_PROG_RUN live-frames mode
# on the far veth of a namespace pair (pinned to BENCH_GEN_CPU). The
# frames land in the near veth's XDP hook, in the softirq on the
# generator's CPU; so whatever a capture costs in the kernel shows as a
# lower sender rate. The capture processes run on BENCH_TOOL_CPU. A kernel
# that refuses live frames (EPERM) gets the same frames from an AF_PACKET
# TX ring instead (xdp_gen says method=afpacket; the report names it):
# slower, and the sender's own cost is then part of every rate.
#
# Warm memory: the first write to a page of this VM costs up to ten times
# a later one (the host backs guest memory lazily), so before the first
# case the file system of the capture files is written once as far as the
# largest case will fill it, and before each measured run every capture
# tool gets the same warm-up burst (to another UDP port, so it is not
# counted) that passes its ring and its output once.
#
# Environment (defaults in brackets):
#   BENCH_FRAMES [5000000]  frames per case
#   BENCH_RUNS [3]  runs per case (BENCH_REPS, its older name, also works)
#   BENCH_QUICK=1           500000 frames, 1 run, for development
#   BENCH_SIZES ["64 512 1500"]   BENCH_FILTERS ["all some none"]
#   BENCH_TOOLS ["bare xdpdump-ringbuf xdpdump-perf peer tcpdump"]
#     xdpdump-KIND runs ours with --ring KIND; plain xdpdump: its default
#   BENCH_WARM_MB [96] warm-up burst per run, MiB of frames (0: no warm-up
#     burst, and the file system is not warmed either)
#   BENCH_COST [1] kernel costs
#   BENCH_COST_REPEAT [1000000]   BENCH_COST_ROUNDS [5]
#   BENCH_GEN_CPU [0]  BENCH_TOOL_CPU [1] (empty: let the scheduler choose)
#   BENCH_NICE [-20] niceness of the generator and the capture processes:
#     on a machine shared with other work they then get the CPU they need
#     (nice 0 to see what the neighbours do to them)
#   BENCH_BATCH [64] live-frames batch size
#   BENCH_WORK  capture files [a fresh directory in /dev/shm, else /var/tmp]
#   BENCH_RESULTS [tests/bench/results]
#   XDPDUMP [$BUILD/xdpdump]  XDPDUMP_ARGS [] extra options for ours
#   PEER_XDPDUMP [/usr/sbin/xdpdump]
set -u

BENCH_SRC=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_SRC/../.." && pwd)
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
# shellcheck source-path=SCRIPTDIR/../..
# shellcheck source=testenv/lib.sh
. "$ROOT/testenv/lib.sh"

: "${BENCH_REPS:=${BENCH_RUNS:-}}"
if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	: "${BENCH_FRAMES:=500000}" "${BENCH_REPS:=1}" "${BENCH_COST_REPEAT:=200000}"
fi
: "${BENCH_FRAMES:=5000000}" "${BENCH_REPS:=3}" "${BENCH_WARM_MB:=96}"
: "${BENCH_SIZES=64 512 1500}" "${BENCH_FILTERS=all some none}"
: "${BENCH_TOOLS=bare xdpdump-ringbuf xdpdump-perf peer tcpdump}"
: "${BENCH_COST:=1}" "${BENCH_COST_REPEAT:=1000000}" "${BENCH_COST_ROUNDS:=5}"
: "${BENCH_GEN_CPU:=0}" "${BENCH_TOOL_CPU=1}" "${BENCH_BATCH:=64}" "${BENCH_NICE:=-20}"
: "${BENCH_RESULTS:=$BENCH_SRC/results}"
: "${XDPDUMP:=$BUILD/xdpdump}" "${XDPDUMP_ARGS:=}"
: "${PEER_XDPDUMP:=/usr/sbin/xdpdump}"
[[ $XDPDUMP == /* ]] || XDPDUMP="$ROOT/$XDPDUMP"
export XDPDUMP # tenv_destroy uses it to clean up after a killed xdpdump

# The filters of the scenarios: the generator cycles the UDP source port
# through 1000..1009, so "some" keeps 10% and "none" nothing. prog_cost's
# frame has source port 1000: "some" is the accepting filter there.
declare -A FILTERS=([some]='udp src port 1000' [none]='udp src port 999')
DPORT=9
# The warm-up burst's port: pcount counts only DPORT's frames.
WARM_DPORT=10
ENV=xbench
NEAR="$ENV-b" FAR="$ENV-a"
BIN="$BUILD/bench"
# Longest wait for a tool to start, and for its file to stop growing.
TENV_TIMEOUT=30
DRAIN_MAX=120

TSV='' COST_TSV='' WORK='' HOLD_PID='' START=$SECONDS

say() {
	echo "bench: $*" >&2
}

die() {
	say "$*"
	exit 1
}

cleanup() {
	[[ -n $HOLD_PID ]] && kill "$HOLD_PID" 2>/dev/null
	tenv_destroy "$ENV"
	[[ -n $WORK && -d $WORK ]] && rm -rf "$WORK"
}

# ---- preparation -------------------------------------------------------

check_prereqs() {
	local cmd
	(( EUID == 0 )) || die "must run as root (namespaces, BPF)"
	for cmd in ip nsenter taskset ethtool jq tcpdump gnuplot bpftool; do
		command -v "$cmd" >/dev/null || die "$cmd is missing (testenv/deps.sh)"
	done
	[[ -x $XDPDUMP ]] || die "$XDPDUMP is missing: build it first (make)"
	[[ -x $PEER_XDPDUMP ]] || say "no $PEER_XDPDUMP (xdp-tools): peer rows will say n/a"
	make -s -C "$BENCH_SRC" BUILD="$BUILD" >&2 || die "could not build the bench tools"
}

# A directory for capture files, on tmpfs when it has room: at 1500 bytes
# a case writes ~8 GB, and the disk here (~190 MB/s) rather than the tool
# would decide how much is lost.
make_workdir() {
	local need=$(( BENCH_FRAMES * 1600 / 1024 + 1048576 )) avail
	if [[ -z ${BENCH_WORK:-} ]]; then
		avail=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
		if (( ${avail:-0} > need )); then
			BENCH_WORK=/dev/shm
		else
			BENCH_WORK=/var/tmp
		fi
	fi
	WORK=$(mktemp -d "$BENCH_WORK/xdpdump-bench.XXXXXX") || die "no work directory"
}

setup_env() {
	tenv_create "$ENV" || die "could not create the namespaces"
	tenv_bg "$NEAR" "$WORK/hold.out" "$WORK/hold.err" "$BIN/udp_hold" "$DPORT"
	HOLD_PID=$TENV_BG_PID
	tenv_wait_line "$WORK/hold.out" '^ready' "$HOLD_PID" || die "udp_hold did not start"
}

# machine_busy [SECONDS] — CPU time of the whole machine that was not idle,
# in percent, over SECONDS (default 1) while nothing of ours runs: other
# work on the machine makes every figure here noisy.
machine_busy() {
	local a b
	read -ra a < <(head -1 /proc/stat)
	sleep "${1:-1}"
	read -ra b < <(head -1 /proc/stat)
	awk -v a="${a[*]}" -v b="${b[*]}" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 2; i <= n; i++) { d = y[i] - x[i]; t += d; if (i == 5 || i == 6) idle += d }
		printf "%.0f", t ? 100 * (t - idle) / t : 0 }'
}

# ---- the near end --------------------------------------------------------

attach_pass() {
	tenv_exec "$NEAR" ip link set dev veth0 xdpdrv obj "$BIN/xdp_pass.bpf.o" sec xdp
}

detach_any() {
	local id
	id=$(tenv_xdp_prog_id "$ENV" veth0)
	[[ -z $id ]] && return 0
	if [[ $(tenv_xdp_prog_name "$ENV" veth0) == xdpdump_capture ]]; then
		tenv_exec "$NEAR" "$XDPDUMP" --cleanup -i veth0 >/dev/null 2>&1
	fi
	tenv_exec "$NEAR" ip link set dev veth0 xdpdrv off 2>/dev/null
	tenv_exec "$NEAR" ip link set dev veth0 xdpgeneric off 2>/dev/null
	[[ -z $(tenv_xdp_prog_id "$ENV" veth0) ]]
}

# Frames the near veth's XDP hook has seen so far (all its rx queues).
near_xdp_packets() {
	tenv_exec "$NEAR" ethtool -S veth0 |
		awk '/rx_queue_[0-9]+_xdp_packets:/ { n += $2 } END { print n + 0 }'
}

# tool_cmd TOOL FILTER FILE — the capture command line, one word a line.
tool_cmd() {
	local tool=$1 filt=$2 file=$3 expr="" args
	[[ $filt != all ]] && expr=$(filter_expr "$filt")
	case $tool in
	xdpdump | xdpdump-*)
		read -ra args <<<"$XDPDUMP_ARGS"
		[[ $tool == xdpdump-* ]] && args+=(--ring "${tool#xdpdump-}")
		printf '%s\n' "$XDPDUMP" -i veth0 -w "$file" "${args[@]}" ${expr:+"$expr"} ;;
	peer) printf '%s\n' "$PEER_XDPDUMP" --load-xdp-program -i veth0 -w "$file" ;;
	tcpdump) printf '%s\n' tcpdump -i veth0 -B 65536 -w "$file" ${expr:+"$expr"} ;;
	esac
}

filter_expr() {
	echo "${FILTERS[$1]}"
}

# start_tool TOOL FILTER FILE OUT ERR STAT — start a capture under runstat
# (pinned to BENCH_TOOL_CPU) and wait until it listens. Pid in TOOL_PID.
start_tool() {
	local tool=$1 filt=$2 file=$3 out=$4 err=$5 stat=$6 cmd pin=()
	mapfile -t cmd < <(tool_cmd "$tool" "$filt" "$file")
	[[ -n $BENCH_TOOL_CPU ]] && pin=(taskset -c "$BENCH_TOOL_CPU")
	tenv_bg "$NEAR" "$out" "$err" "$BIN/runstat" -o "$stat" \
		nice -n "$BENCH_NICE" "${pin[@]}" "${cmd[@]}"
	TOOL_PID=$TENV_BG_PID
	tenv_wait_line "$err" 'listening on' "$TOOL_PID" && return 0
	kill -INT "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	return 1
}

# Wait until FILE has stopped growing for a second (the tool has written
# what its rings held), at most DRAIN_MAX seconds.
wait_drained() {
	local file=$1 last=-1 size stable=0 i
	for (( i = 0; i < DRAIN_MAX * 4 && stable < 4; i++ )); do
		size=$(stat -c %s "$file" 2>/dev/null || echo 0)
		if (( size == last )); then
			stable=$(( stable + 1 ))
		else
			stable=0
		fi
		last=$size
		sleep 0.25
	done
}

stop_tool() {
	local pid=$1 i
	kill -INT "$pid" 2>/dev/null
	for (( i = 0; i < DRAIN_MAX * 10; i++ )); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# ---- one case ------------------------------------------------------------

# Frames the filter keeps out of N sent: sequence numbers 0..N-1, source
# port 1000 + seq % 10.
expected() {
	local filt=$1 n=$2
	case $filt in
	all) echo "$n" ;;
	some) echo $(( (n + 9) / 10 )) ;;
	none) echo 0 ;;
	esac
}

# Frames the tool says it lost, from its own summary.
reported_lost() {
	local tool=$1 out=$2 err=$3
	case $tool in
	xdpdump*) sed -n 's/.* packets captured, \([0-9]*\) lost in rings.*/\1/p' "$err" ;;
	peer) sed -n 's/^\([0-9]*\) packets dropped by perf ring.*/\1/p' "$out" "$err" ;;
	tcpdump) sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$err" ;;
	esac | awk '{ n += $1; found = 1 } END { print found ? n : "?" }'
}

kv() {
	sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$2" | head -1
}

# send SIZE OUT [FRAMES [PORT]]
send() {
	local size=$1 out=$2 frames=${3:-$BENCH_FRAMES} port=${4:-$DPORT}
	tenv_exec "$FAR" nice -n "$BENCH_NICE" taskset -c "$BENCH_GEN_CPU" "$BIN/xdp_gen" -i veth1 \
		-d "$(tenv_addr "$ENV")" -m "$(tenv_mac "$NEAR" veth0)" \
		-n "$frames" -s "$size" -b "$BENCH_BATCH" -p "$port" >"$out"
}

# warm_run SIZE FILE — the same warm-up burst for every capture tool
# before its measured run: its ring and its output pages are written once
# (a VM backs them lazily), then the tool has written what it got.
warm_run() {
	local size=$1 file=$2 frames
	(( BENCH_WARM_MB > 0 )) || return 0
	frames=$(( BENCH_WARM_MB * 1048576 / (size + 64) ))
	send "$size" /dev/null "$frames" "$WARM_DPORT"
	wait_drained "$file"
}

# Write the capture files' file system once as far as the largest case
# fills it, and give it back: every tool then writes to warm memory.
warm_workdir() {
	local size max=0 mib
	(( BENCH_WARM_MB > 0 )) || return 0
	for size in $BENCH_SIZES; do (( size > max )) && max=$size; done
	mib=$(( BENCH_FRAMES * (max + 64) / 1048576 + BENCH_WARM_MB + 16 ))
	say "warming $WORK: $mib MiB"
	dd if=/dev/zero of="$WORK/warm" bs=1M count="$mib" status=none 2>/dev/null ||
		say "warning: could not warm $WORK"
	rm -f "$WORK/warm"
}

# Fields of a results line (TSV), in this order. busy: the machine's load
# from others just before the case.
FIELDS="size filter tool rep sent mpps delivered expected infile strays dup reordered lost cpu_us rss_kb note busy"

# run_case SIZE FILTER TOOL REP — prints one TSV line.
run_case() {
	local size=$1 filt=$2 tool=$3 rep=$4 base file ext=pcapng note=ok
	local sent=0 mpps=0 before after infile=- strays=- dup=- reord=- lost=- cpu=- rss=- busy
	busy=$(machine_busy 0.5)
	base="$WORK/$size-$filt-$tool"
	[[ $tool == tcpdump ]] && ext=pcap
	file="$base.$ext"
	rm -f "$base".*
	detach_any || { say "veth0 keeps an XDP program"; return 1; }
	case $tool in
	bare | tcpdump) attach_pass || { say "could not attach xdp_pass"; return 1; } ;;
	esac
	if [[ $tool != bare ]] && ! start_tool "$tool" "$filt" "$file" "$base.out" \
		"$base.err" "$base.stat"; then
		note="did not start: $(grep -v '^ *$' "$base.err" | tail -1 | tr '\t' ' ')"
		printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t%s\n' \
			"$size" "$filt" "$tool" "$rep" "$note" "$busy"
		detach_any
		return 0
	fi
	[[ $(tenv_xdp_mode "$ENV" veth0) == native ]] || note="near end not in native mode"
	[[ $tool != bare ]] && warm_run "$size" "$file"
	before=$(near_xdp_packets)
	send "$size" "$base.gen" || note="generator failed"
	after=$(near_xdp_packets)
	sent=$(kv sent "$base.gen")
	kv method "$base.gen" >>"$WORK/methods"
	mpps=$(kv mpps "$base.gen")
	# Frames the veth dropped on the way (its ring full) never reach any
	# tool; say so rather than count them against the tool.
	(( after - before < ${sent:-0} )) &&
		note="only $(( after - before )) of $sent reached the near XDP hook"
	if [[ $tool != bare ]]; then
		wait_drained "$file"
		stop_tool "$TOOL_PID"
		read -r infile strays dup reord < <("$BIN/pcount" -p "$DPORT" "$file" 2>/dev/null |
			awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			       print v["gen"], v["packets"] - v["gen"], v["dup"], v["reordered"] }')
		lost=$(reported_lost "$tool" "$base.out" "$base.err")
		cpu=$(( $(kv user_us "$base.stat") + $(kv sys_us "$base.stat") ))
		rss=$(kv maxrss_kb "$base.stat")
		[[ $(kv status "$base.stat") == 0 ]] || note="exit status $(kv status "$base.stat")"
	fi
	detach_any || note="could not clear veth0"
	rm -f "$file"
	printf '%s\t' "$size" "$filt" "$tool" "$rep" "${sent:-0}" "${mpps:-0}" \
		$(( after - before )) "$(expected "$filt" "${sent:-0}")" "${infile:--}" \
		"${strays:--}" "${dup:--}" "${reord:--}" "${lost:--}" "$cpu" "${rss:--}"
	printf '%s\t%s\n' "$note" "$busy"
}

run_throughput() {
	local size filt tool rep
	echo "$FIELDS" | tr ' ' '\t' >"$TSV"
	for size in $BENCH_SIZES; do
		for filt in $BENCH_FILTERS; do
			for rep in $(seq 1 "$BENCH_REPS"); do
				for tool in $BENCH_TOOLS; do
					skip_case "$filt" "$tool" && continue
					say "$size bytes, filter $filt, $tool, run $rep/$BENCH_REPS"
					run_case "$size" "$filt" "$tool" "$rep" | tee -a "$TSV" |
						awk -F '\t' '{ printf "bench:   sent %s at %s Mpps, in file %s, lost %s, %s\n", $5, $6, $9, $13, $16 }' >&2
				done
			done
		done
	done
}

# The peer has no filter, and may not be installed.
skip_case() {
	[[ $2 == peer && ( $1 != all || ! -x $PEER_XDPDUMP ) ]]
}

# ---- kernel cost per packet ---------------------------------------------

# cost_of LABEL TOOL FILTER — start TOOL writing to /dev/null, test-run the
# program it attached (each round right after a bare XDP_PASS), print
# "LABEL<TAB>size<TAB>ns<TAB>ns-over-bare<TAB>ring-full<TAB>name" per size.
cost_of() {
	local label=$1 tool=$2 filt=$3 id size line err="$WORK/cost.err"
	detach_any || return 1
	if [[ $tool == bare ]]; then
		attach_pass || return 1
	elif ! start_tool "$tool" "$filt" /dev/null "$WORK/cost.out" "$err" "$WORK/cost.stat"; then
		say "cost of $label: $(tail -1 "$err")"
		return 0
	fi
	id=$(tenv_xdp_prog_id "$ENV" veth0)
	for size in 64 1500; do
		line=$(tenv_exec "$NEAR" taskset -c "$BENCH_GEN_CPU" "$BIN/prog_cost" -p "$id" \
			-B "$BIN/xdp_pass.bpf.o" -i veth0 -s "$size" \
			-n "$BENCH_COST_REPEAT" -r "$BENCH_COST_ROUNDS")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$size" \
			"$(field ns_median "$line")" "$(field over_median "$line")" \
			"$(field output_failed "$line")" "$(field name "$line")"
	done
	[[ $tool != bare ]] && stop_tool "$TOOL_PID"
	detach_any
}

# field NAME LINE — the value of NAME=VALUE in LINE.
field() {
	sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

run_costs() {
	printf 'program\tsize\tns\tover_bare\toutput_failed\tname\n' >"$COST_TSV"
	say "kernel cost per packet (BPF_PROG_TEST_RUN, repeat $BENCH_COST_REPEAT)"
	{
		cost_of "bare XDP_PASS" bare all
		local tool
		for tool in $BENCH_TOOLS; do
			[[ $tool == xdpdump* ]] || continue
			cost_of "$tool, no filter" "$tool" all
			cost_of "$tool, rejecting filter" "$tool" none
			cost_of "$tool, accepting filter" "$tool" some
		done
		[[ -x $PEER_XDPDUMP ]] && cost_of "peer xdpdump" peer all
	} >>"$COST_TSV"
}

# ---- main ----------------------------------------------------------------

main() {
	local busy
	check_prereqs
	mkdir -p "$BENCH_RESULTS" || die "cannot write $BENCH_RESULTS"
	TSV="$BENCH_RESULTS/latest.tsv" COST_TSV="$BENCH_RESULTS/latest-cost.tsv"
	make_workdir
	trap cleanup EXIT
	# One binary for the whole run, whatever happens to the build meanwhile.
	cp "$XDPDUMP" "$WORK/xdpdump" || die "cannot copy $XDPDUMP"
	XDPDUMP_BUILT="$XDPDUMP, $(stat -c %y "$XDPDUMP" | cut -d. -f1), git $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?')"
	XDPDUMP="$WORK/xdpdump"
	trap 'exit 130' INT TERM
	busy=$(machine_busy)
	(( busy > 10 )) && say "warning: the machine is ${busy}% busy before we start; figures will be noisy"
	setup_env
	warm_workdir
	run_throughput
	[[ $BENCH_BUDGET == 1 ]] && run_budget
	[[ $BENCH_COST == 1 ]] && run_costs
	BENCH_GEN_METHOD=$(sort -u "$WORK/methods" 2>/dev/null | paste -sd ' ')
	export BENCH_GEN_METHOD BENCH_WARM_MB BENCH_FRAMES BENCH_REPS BENCH_BATCH BENCH_GEN_CPU BENCH_TOOL_CPU BENCH_WORK BENCH_NICE \
		BENCH_COST_REPEAT BENCH_COST_ROUNDS PEER_XDPDUMP XDPDUMP_ARGS XDPDUMP_BUILT
	"$BENCH_SRC/report.sh" "$TSV" "$COST_TSV" "$busy" "$(( SECONDS - START ))" \
		>"$BENCH_RESULTS/latest.md" || die "could not write the report"
	gnuplot -e "datafile='$BENCH_RESULTS/latest.plot'; outfile='$BENCH_RESULTS/latest.png'" \
		"$BENCH_SRC/plot.gp" || say "gnuplot failed; no plot"
	cat "$BENCH_RESULTS/latest.md"
	say "done in $(( SECONDS - START )) s; results in $BENCH_RESULTS"
}

# shellcheck source=tests/bench/budget.sh
. "$BENCH_SRC/budget.sh"
main "$@"
"$BENCH_SRC/offline.sh" || say "the offline benchmark (offline.sh) failed"
