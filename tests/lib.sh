# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for tests/integration/test_*.sh. Source it first thing.
#
# A test prints one line per check:
#   PASS tests/integration/test_x.sh: what held
#   FAIL tests/integration/test_x.sh: what did not
#   SKIP tests/integration/test_x.sh: why it could not run (exit 77)
# and ends with `finish`, which exits 1 if any check failed. tests/run.sh
# reads the exit status: 0 pass, 77 skip, anything else fail.

set -u

TEST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEST_NAME="tests/integration/$(basename "$0")"
# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=testenv/lib.sh
. "$TEST_ROOT/testenv/lib.sh"
: "${XDPDUMP:=$BUILD/xdpdump}"
[[ $XDPDUMP == /* ]] || XDPDUMP="$TEST_ROOT/$XDPDUMP"
# XDPDUMP_RING=perf|ringbuf|auto runs every test on that record transport,
# XDPDUMP_RECORD_COPY=dynptr|classes|auto with that ring buffer record
# copy: xdpdump is replaced by a wrapper that adds --ring and --record-copy
# (it execs, so the pid and /proc/PID/fdinfo stay xdpdump's).
ring_args=()
[[ -n ${XDPDUMP_RING:-} ]] && ring_args+=(--ring "$XDPDUMP_RING")
[[ -n ${XDPDUMP_RECORD_COPY:-} ]] && ring_args+=(--record-copy "$XDPDUMP_RECORD_COPY")
if ((${#ring_args[@]})) && [[ ${XDPDUMP_RING_WRAPS:-} != "$XDPDUMP" ]]; then
	# In /tmp: the build directory is read-only in the VM (make check-vm).
	mkdir -p "${TMPDIR:-/tmp}/xdpdump-ring.$UID"
	ring_wrapper="${TMPDIR:-/tmp}/xdpdump-ring.$UID/xdpdump-${XDPDUMP_RING:-auto}-${XDPDUMP_RECORD_COPY:-auto}"
	printf '#!/bin/bash\nexec %q %s "$@"\n' "$XDPDUMP" "${ring_args[*]@Q}" \
		>"$ring_wrapper.$$"
	chmod +x "$ring_wrapper.$$"
	mv -f "$ring_wrapper.$$" "$ring_wrapper"
	XDPDUMP=$ring_wrapper
	XDPDUMP_RING_WRAPS=$XDPDUMP
	export XDPDUMP_RING_WRAPS
fi
export XDPDUMP

TEST_FAILS=0
TEST_PASSES=0
TEST_ENVS=()
TEST_TMP=

pass() {
	echo "PASS $TEST_NAME: $*"
	TEST_PASSES=$(( TEST_PASSES + 1 ))
}

# fail MSG — record a failed check and go on with the others.
fail() {
	echo "FAIL $TEST_NAME: $*"
	TEST_FAILS=$(( TEST_FAILS + 1 ))
}

# fatal MSG — a failed check after which the rest cannot mean anything.
fatal() {
	fail "$@"
	exit 1
}

skip() {
	echo "SKIP $TEST_NAME: $*"
	exit 77
}

# check DESCRIPTION CMD... — pass or fail on CMD's status.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [[ $2 == "$3" ]]; then
		pass "$1 ($3)"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

finish() {
	if (( TEST_FAILS )); then
		exit 1
	fi
	(( TEST_PASSES )) || fatal "no check ran"
	exit 0
}

# show FILE — a file's lines on stdout, marked as diagnostics, for failures.
show() {
	[[ -s $1 ]] && sed 's/^/#   /' "$1"
	return 0
}

require_root() {
	(( EUID == 0 )) || skip "needs root (network namespaces, BPF)"
}

require_cmd() {
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null || skip "$cmd is not installed"
	done
}

# A missing build product is a failure, not a skip: `make check` builds
# them, so their absence means the build is broken.
require_build() {
	local f
	[[ -x $XDPDUMP ]] || fatal "$XDPDUMP missing: run make"
	for f in udp_send udp_sink tcp_echo xdp_drop_udp9.bpf.o \
		xdp_drop_udp9_frags.bpf.o; do
		[[ -e $TENV_BIN/$f ]] || fatal "$TENV_BIN/$f missing: run make tests"
	done
}

# The usual start of a test: root, the reference tools, the build.
require_all() {
	require_root
	require_cmd ip tc nsenter taskset jq bpftool ping tshark capinfos tcpdump
	require_build
}

test_cleanup() {
	local env
	for env in "${TEST_ENVS[@]}"; do
		tenv_destroy "$env"
	done
	[[ -n $TEST_TMP ]] && rm -rf "$TEST_TMP"
}

# new_env [PAIRS] — create an environment named after the test and this
# shell; prints the name. Everything is removed on exit. Call it as
#   new_env 2 && ENV=$TEST_ENV
# (not in $(...): the cleanup list must be this shell's).
new_env() {
	local short
	short=$(basename "$0" .sh)
	short=${short#test_}
	TEST_ENV="xt-${short//_/-}-$$-${#TEST_ENVS[@]}"
	TEST_ENVS+=("$TEST_ENV")
	tenv_create "$TEST_ENV" "${1:-1}" || fatal "cannot create environment"
}

# Scratch directory for capture files, removed on exit.
new_tmp() {
	TEST_TMP=$(mktemp -d /tmp/xdpdump-test.XXXXXX) ||
		fatal "cannot make a temporary directory"
}

trap test_cleanup EXIT

# wait_for TIMEOUT CMD... — poll CMD until it succeeds; fail after TIMEOUT
# seconds. For conditions that can be observed (a line on stderr, a new
# program id), instead of a fixed sleep.
wait_for() {
	local timeout=$1 i
	shift
	for (( i = 0; i < timeout * 20; i++ )); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# Kernel feature probes. Each returns 0 when the feature works and prints
# the reason on stdout when it does not.

# probe_fentry — can a tracing program be loaded? Loads the smallest fentry
# program (testenv/probe_fentry.bpf.c) and unpins it at once.
probe_fentry() {
	local pin="/sys/fs/bpf/xdpdump-probe-fentry-$$" out
	if [[ ! -r $TENV_BIN/probe_fentry.bpf.o ]]; then
		echo "$TENV_BIN/probe_fentry.bpf.o missing: run make tests"
		return 1
	fi
	out=$(bpftool prog load "$TENV_BIN/probe_fentry.bpf.o" "$pin" 2>&1)
	if [[ -e $pin ]]; then
		rm -f "$pin"
		return 0
	fi
	echo "fentry programs do not load here:" \
		"$(grep -m1 -iE 'not permitted|error' <<<"$out")"
	return 1
}

# probe_dispatcher ENV IF — does xdp-loader build a libxdp multiprog
# dispatcher on this kernel (needs freplace)? Leaves IF as it was.
probe_dispatcher() {
	local env=$1 dev=$2 out mode
	out=$(tenv_exec "$env-b" xdp-loader load -v -m skb "$dev" \
		"$(tenv_obj)" 2>&1)
	mode=$(tenv_exec "$env-b" xdp-loader status "$dev" 2>/dev/null |
		grep -c xdp_dispatcher)
	tenv_exec "$env-b" xdp-loader unload "$dev" --all >/dev/null 2>&1
	if (( mode == 0 )); then
		echo "libxdp cannot build its dispatcher here:" \
			"$(grep -m1 -i 'fail' <<<"$out" | sed 's/^ *libxdp: //')"
		return 1
	fi
	return 0
}

# --- running xdpdump -------------------------------------------------------

# xdpdump_start ENV OUT ERR ARGS... — run xdpdump in ENV-b in the background
# (stdout to OUT, stderr to ERR); its pid is left in XD_PID.
xdpdump_start() {
	local env=$1 out=$2 err=$3
	shift 3
	tenv_bg "$env-b" "$out" "$err" "$XDPDUMP" "$@"
	# shellcheck disable=SC2034 # read by the test that sourced us
	XD_PID=$TENV_BG_PID
}

# xdpdump_wait_ready ERR PID — wait until xdpdump says it is listening
# (one line for all its interfaces). Fails if it exits first.
xdpdump_wait_ready() {
	tenv_wait_line "$1" 'listening on' "$2"
}

# xdpdump_stop PID [SIGNAL] — stop xdpdump and return its exit status. If
# it does not exit within TENV_TIMEOUT seconds it is killed and 124 is
# returned.
xdpdump_stop() {
	local pid=$1 sig=${2:-INT} i
	kill "-$sig" "$pid" 2>/dev/null
	for (( i = 0; i < TENV_TIMEOUT * 20; i++ )); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 124
	fi
	wait "$pid"
}

# xdpdump_run ENV TIMEOUT ARGS... — run xdpdump in ENV-b in the foreground,
# killed after TIMEOUT seconds (exit 137 then).
xdpdump_run() {
	local env=$1 t=$2
	shift 2
	tenv_exec "$env-b" timeout -s KILL "$t" "$XDPDUMP" "$@"
}

# Numbers from xdpdump's closing summary (one line per interface), e.g.
#   "xdpdump: veth0: 210 packets captured, 0 lost in rings, 210 seen by the
#   capture program"
summary_captured() {
	grep -Eo '[0-9]+ packets? captured' "$1" | tail -n1 | grep -Eo '^[0-9]+'
}

summary_seen() {
	grep -Eo '[0-9]+ (packets? )?seen' "$1" | tail -n1 | grep -Eo '^[0-9]+'
}

summary_lost() {
	grep -Eo '[0-9]+ (packets? )?(lost|dropped)' "$1" | tail -n1 |
		grep -Eo '^[0-9]+'
}

# --- exit capture: the drop-port-9 program's two kinds of traffic -------

# send_udp_9_7 ENV — PORT9 datagrams to port 9 (which xdp_drop_udp9 and the
# hook example drop) and PORT7 to port 7 (which they pass); the caller sets
# PORT9 and PORT7.
send_udp_9_7() {
	tenv_udp "$1" 9 "$PORT9" 100 || fail "sending to port 9"
	tenv_udp "$1" 7 "$PORT7" 100 || fail "sending to port 7"
}

# capture_udp ENV FILE ERR ARGS... — one capture of veth0 into FILE with
# ARGS while send_udp_9_7 runs, stopped with SIGINT, which must end it with
# status 0. The hook's state while it ran is left in CAPTURE_HOOK_STATE.
capture_udp() {
	local env=$1 file=$2 err=$3
	shift 3
	xdpdump_start "$env" "$TEST_TMP/out" "$err" -i veth0 -w "$file" "$@"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; xdpdump_stop "$XD_PID"; fatal "xdpdump did not start ($*)"; }
	# shellcheck disable=SC2034 # read by the test that sourced us
	CAPTURE_HOOK_STATE=$(tenv_xdp_state "$env" veth0)
	send_udp_9_7 "$env"
	xdpdump_stop "$XD_PID" INT
	check_eq "exit status after SIGINT ($*)" 0 "$?"
}

# --- reading capture files -------------------------------------------------

# tshark without its warning about running as root.
tsh() {
	tshark "$@" 2>/dev/null
}

# capinfo FILE OPTION KEY — one value of capinfos' long report, e.g.
#   capinfo f.pcapng -c "Number of packets"  ->  210
capinfo() {
	capinfos -M "$2" "$1" 2>/dev/null |
		awk -v k="$3" -F': +' '$1 == k { print $2; exit }'
}

# pkt_count FILE [DISPLAY-FILTER] — packets in FILE (capinfos), or those
# that match the filter (tshark).
pkt_count() {
	if [[ -n ${2:-} ]]; then
		tsh -r "$1" -Y "$2" | wc -l
	else
		capinfo "$1" -c "Number of packets"
	fi
}

# Total of all packets' original lengths (frame.len), in bytes.
pkt_bytes() {
	tsh -r "$1" -T fields -e frame.len | awk '{ s += $1 } END { print s + 0 }'
}

# time_ordered FILE — timestamps never go back. sort compares the decimal
# strings exactly; awk's doubles would lose the nanoseconds.
time_ordered() {
	tsh -r "$1" -T fields -e frame.time_epoch | sort -n -C
}

# check_state ENV IF EXPECTED WHAT — the interface's XDP state ("mode ids",
# from tenv_xdp_state) is what it was.
check_state() {
	check_eq "$4: $2 XDP state" "$3" "$(tenv_xdp_state "$1" "$2")"
}

# check_attach_line ERR REGEX WHAT — xdpdump said how it attached.
check_attach_line() {
	if grep -Eq -- "$2" "$1"; then
		pass "$3: $(grep -E -m1 -- "$2" "$1")"
	else
		fail "$3: no stderr line matches /$2/"
		show "$1"
	fi
}

# Background traffic that a test stops when it has seen enough.
# traffic_start ENV PORT RATE [PAIR] — UDP to -b at RATE packets/s.
traffic_start() {
	tenv_bg "$1-a" /dev/null /dev/null "$TENV_BIN/udp_send" \
		-d "$(tenv_addr "$1" "${4:-0}")" -p "$2" -n 100000000 -r "$3"
	TRAFFIC_PID=$TENV_BG_PID
}

traffic_stop() {
	[[ -n ${TRAFFIC_PID:-} ]] || return 0
	kill "$TRAFFIC_PID" 2>/dev/null
	wait "$TRAFFIC_PID" 2>/dev/null
	TRAFFIC_PID=
}
