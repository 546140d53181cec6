#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xdpdump on a libxdp dispatcher that xdp-loader built with two programs:
# xdp_drop_udp9 first (drops UDP port 9, passes the rest) and
# xdp_hook_example after it (the same behaviour). 20 datagrams go to port
# 9 (dropped by the first) and 20 to port 7 (passed by both).
#   1. --rx-capture entry,exit traces the dispatcher itself: one interface
#      named veth0; 20 entry + 20 exit(DROP) records for port 9 and 20
#      entry + 20 exit(PASS) for port 7; each exit shares its entry's id.
#   2. -p all: per-program records (veth0@PROG), and a packet keeps one id
#      through both programs: 4 records for a port 7 packet, 2 for port 9.
#   3. SIGKILL during a multiprog capture (our program joins the
#      dispatcher), then a new run: the dispatcher is as xdp-loader built
#      it (xdp-loader status with the dispatcher's own id masked: the
#      programs' ids, names, order, priorities and chain actions); the same with --cleanup instead of a new run, and with a
#      live capture beside the killed one, which --cleanup leaves alone.
#   4. Another loader adds a program to the dispatcher during a multiprog
#      capture: one line, non-zero exit, and the dispatcher holds the
#      user's programs and no capture program afterwards. The same during
#      a trace capture of the dispatcher.
#   5. Trace mode on a multi-buffer program (9000-byte MTU): entry and exit
#      records of jumbo frames are whole, with their full length.
# Anywhere else (XDPDUMP_VM unset) it skips: these need fentry/fexit and
# freplace, which the development machines' kernel refuses.
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2016 # the arguments of count are awk code
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
TEST_NAME="tests/vm/$(basename "$0")"

[[ -n ${XDPDUMP_VM:-} ]] ||
	skip "runs only inside the VM of testenv/vm/run.sh (make check-vm): needs fentry/fexit and freplace"
require_all
require_cmd xdp-loader
reason=$(probe_fentry) || skip "$reason"
new_tmp
PORT9=20 PORT7=20
HOOK_OBJ="$BUILD/examples/xdp_hook_example.bpf.o"
[[ -r $HOOK_OBJ ]] || fatal "$HOOK_OBJ missing: build first (make tests)"

new_env 1 && env=$TEST_ENV
reason=$(probe_dispatcher "$env" veth0) || skip "$reason"

# One tshark run per file (each start takes seconds under emulation):
#   interface name, UDP port, verdict ("" at entry), packet id.
records_of() {
	[[ -e $1.tsv ]] ||
		tsh -r "$1" -T fields -e frame.interface_name -e udp.dstport \
			-e frame.verdict.ebpf_xdp -e frame.packet_id >"$1.tsv"
	cat "$1.tsv"
}

count() {
	records_of "$1" | awk -F'\t' "$2"' { n++ } END { print n + 0 }'
}

# ids_shared FILE — every UDP packet id has exactly the records it should
# (port 9: N9, port 7: N7 records, one port per id), and the ids are
# distinct per packet: as many ids as packets sent.
# shellcheck disable=SC2317 # called through check
ids_shared() {
	records_of "$1" | awk -F'\t' -v n9="$2" -v n7="$3" -v packets=$(( PORT9 + PORT7 )) '
		$2 == "" { next }
		{ n[$4]++; if (($4 in port) && port[$4] != $2) bad++; port[$4] = $2 }
		END {
			for (id in n) {
				ids++
				if (n[id] != (port[id] == 9 ? n9 : n7)) bad++
			}
			exit (bad > 0 || ids != packets)
		}'
}

# The dispatcher as its user sees it: xdp-loader's status with the
# dispatcher's own id masked (libxdp builds a new dispatcher for every
# change of its program list).
loader_status() {
	tenv_exec "$env-b" xdp-loader status veth0 2>/dev/null | grep -v '^ *$' |
		sed -E '/xdp_dispatcher/ s/ +[0-9]+ +([0-9a-f]{16})/ ID \1/'
}

# shellcheck disable=SC2317 # called through check
capture_in_dispatcher() {
	tenv_exec "$env-b" xdp-loader status veth0 2>/dev/null | grep -q xdpdump_capture
}

# shellcheck disable=SC2317 # called through check
no_tracing_left() {
	! bpftool prog show 2>/dev/null | grep -Eq 'name xdpdump_f(entry|exit)'
}

load_two() {
	tenv_exec "$env-b" xdp-loader load -m native veth0 "$(tenv_obj)" "$HOOK_OBJ" \
		2>"$TEST_TMP/load2.err" ||
		{ show "$TEST_TMP/load2.err"; fatal "xdp-loader could not load two programs"; }
	echo xdploader >"$(tenv_state "$env")/method-veth0"
	echo native >"$(tenv_state "$env")/mode-veth0"
}

# --- 1. the dispatcher's entry and exit ------------------------------------
load_two
built=$(loader_status)
f="$TEST_TMP/default.pcapng" err="$TEST_TMP/default.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit
check_attach_line "$err" \
	'veth0: attached \(trace: fentry/fexit on xdp_dispatcher \(id [0-9]+\): the libxdp dispatcher' \
	"default: traces the dispatcher itself"
check_eq "default: one interface, named as the interface" veth0 \
	"$(records_of "$f" | cut -f1 | sort -u | xargs)"
check_eq "default: port 9 entry records" "$PORT9" "$(count "$f" '$2 == 9 && $3 == ""')"
check_eq "default: port 9 exit records, verdict DROP" "$PORT9" "$(count "$f" '$2 == 9 && $3 == 1')"
check_eq "default: port 7 entry records" "$PORT7" "$(count "$f" '$2 == 7 && $3 == ""')"
check_eq "default: port 7 exit records, verdict PASS" "$PORT7" "$(count "$f" '$2 == 7 && $3 == 2')"
check_eq "default: UDP records in all" $(( 2 * (PORT9 + PORT7) )) "$(count "$f" '$2 != ""')"
check "default: entry and exit of a packet share its id, one id per packet" \
	ids_shared "$f" 2 2
check_eq "default: xdp-loader status unchanged" "$built" "$(loader_status)"
check "default: no tracing program left" no_tracing_left

# --- 2. -p all: one id through both programs -------------------------------
f="$TEST_TMP/all.pcapng" err="$TEST_TMP/all.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit -p all
check_attach_line "$err" 'packet ids given at its entry' "-p all: numbers packets at the dispatcher"
check_eq "-p all: one interface per program" \
	"veth0@xdp_drop_udp9 veth0@xdp_hook_example" \
	"$(records_of "$f" | cut -f1 | sort -u | xargs)"
check_eq "-p all: port 9 only at the first program" $(( 2 * PORT9 )) \
	"$(count "$f" '$2 == 9 && $1 == "veth0@xdp_drop_udp9"')"
check_eq "-p all: port 7 at both programs" $(( 4 * PORT7 )) "$(count "$f" '$2 == 7')"
check "-p all: a packet keeps one id through both programs" ids_shared "$f" 2 4
check_eq "-p all: xdp-loader status unchanged" "$built" "$(loader_status)"

# --- 3. SIGKILL during a multiprog capture ---------------------------------
# kill_in_dispatcher TAG — start an entry capture (strategy multiprog), see
# its program join the dispatcher, SIGKILL it, see the program stay.
kill_in_dispatcher() {
	local err="$TEST_TMP/kill-$1.err"
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/kill-$1.pcapng"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; xdpdump_stop "$XD_PID"; fatal "$1: xdpdump did not start"; }
	check_attach_line "$err" 'veth0: attached \(multiprog' "$1: joins the dispatcher"
	kill -KILL "$XD_PID"
	wait "$XD_PID" 2>/dev/null
	check "$1: after SIGKILL the capture program is still in the dispatcher" \
		capture_in_dispatcher
}

kill_in_dispatcher "kill, new run"
f="$TEST_TMP/rerun.pcapng" err="$TEST_TMP/rerun.err"
capture_udp "$env" "$f" "$err"
check "kill, new run: says it took the leftover out" \
	grep -q 'left by a killed xdpdump out of the libxdp dispatcher' "$err"
check_eq "kill, new run: the new run captured every packet once" $(( PORT9 + PORT7 )) \
	"$(count "$f" '$2 != ""')"
check_eq "kill, new run: dispatcher as xdp-loader built it" "$built" "$(loader_status)"

kill_in_dispatcher "kill, --cleanup"
err="$TEST_TMP/cleanup.err"
xdpdump_run "$env" "$TENV_TIMEOUT" --cleanup -i veth0 2>"$err"
check_eq "kill, --cleanup: exit status" 0 "$?"
check "kill, --cleanup: says it took the leftover out" \
	grep -q 'left by a killed xdpdump out of the libxdp dispatcher' "$err"
check_eq "kill, --cleanup: dispatcher as xdp-loader built it" "$built" "$(loader_status)"
xdpdump_run "$env" "$TENV_TIMEOUT" --cleanup -i veth0 2>"$err"
check "--cleanup again: nothing to clean up" grep -q 'nothing to clean up' "$err"

# A killed capture beside a running one: --cleanup takes out only the
# killed one's program (the running one holds its own), and the running
# one goes on through both changes of the dispatcher and stops normally.
err="$TEST_TMP/live.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/live.pcapng"
live=$XD_PID
xdpdump_wait_ready "$err" "$live" || { show "$err"; fail "live: xdpdump did not start"; }
kill_in_dispatcher "kill beside a live one"
xdpdump_run "$env" "$TENV_TIMEOUT" --cleanup -i veth0 2>"$TEST_TMP/cleanup2.err"
check "kill beside a live one: --cleanup took one program out" \
	grep -q 'took 1 capture program left' "$TEST_TMP/cleanup2.err" ||
	{ show "$TEST_TMP/cleanup2.err"; tenv_exec "$env-b" xdp-loader status veth0; }
check "kill beside a live one: the live capture's program stays" capture_in_dispatcher
tenv_udp "$env" 7 "$PORT7" 100 || fail "sending to port 7"
xdpdump_stop "$live" INT
check_eq "live: exit status after SIGINT" 0 "$?"
check_eq "live: captured port 7 after the cleanup" "$PORT7" \
	"$(count "$TEST_TMP/live.pcapng" '$2 == 7')"
check_eq "kill beside a live one: dispatcher as xdp-loader built it" "$built" "$(loader_status)"
tenv_detach_existing "$env" veth0

# --- 4. another loader changes the dispatcher during a capture -------------
# changed_during TAG ARGS... — capture with ARGS on a dispatcher of
# xdp_drop_udp9 alone; xdp-loader adds xdp_hook_example meanwhile.
changed_during() {
	local tag=$1 err="$TEST_TMP/changed-$1.err" rc
	shift
	tenv_attach_existing "$env" veth0 native xdploader ||
		fatal "$tag: xdp-loader could not load xdp_drop_udp9"
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/changed-$tag.pcapng" "$@"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; xdpdump_stop "$XD_PID"; fatal "$tag: xdpdump did not start"; }
	tenv_exec "$env-b" xdp-loader load -m native veth0 "$HOOK_OBJ" 2>"$TEST_TMP/load3.err" ||
		{ show "$TEST_TMP/load3.err"; fail "$tag: xdp-loader could not add a program"; }
	wait_for "$TENV_TIMEOUT" eval '! kill -0 "$XD_PID" 2>/dev/null'
	xdpdump_stop "$XD_PID" INT
	rc=$?
	check "$tag: xdpdump stopped on its own with a non-zero status" \
		test "$rc" -ne 0 -a "$rc" -ne 124
	check_eq "$tag: one line names the change" 1 \
		"$(grep -c 'by someone else while capturing' "$err")"
	check "$tag: no capture program left in the dispatcher" eval '! capture_in_dispatcher'
	check "$tag: no tracing program left" no_tracing_left
	check_eq "$tag: the dispatcher holds both user programs" 2 \
		"$(tenv_exec "$env-b" xdp-loader status veth0 2>/dev/null |
			grep -cE 'xdp_drop_udp9|xdp_hook_example')"
	(( TEST_FAILS )) && show "$err"
	tenv_detach_existing "$env" veth0
}
changed_during multiprog
changed_during trace --rx-capture entry,exit

# --- 5. trace mode, multi-buffer frames ------------------------------------
MTU=9000 BIG=8000 NBIG=10
BIG_LEN=$(( 14 + 20 + 8 + BIG ))
if ! ip -n "$env-a" link set veth1 mtu "$MTU" || ! ip -n "$env-b" link set veth0 mtu "$MTU"; then
	fatal "cannot set MTU $MTU on the veth pair"
fi
if tenv_attach_existing "$env" veth0 native iplink frags 2>"$TEST_TMP/frags.err"; then
	f="$TEST_TMP/frags.pcapng" err="$TEST_TMP/frags.err"
	# Whole frames need the perf transport in trace mode (bpf_xdp_output
	# copies the fragments; a ring buffer record stops at the first buffer).
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --rx-capture entry,exit --ring perf
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; xdpdump_stop "$XD_PID"; fatal "frags: xdpdump did not start"; }
	check_attach_line "$err" 'trace: fentry/fexit on xdp_drop_udp9_f' "frags: traces the frags program"
	tenv_udp "$env" 7 "$NBIG" "$BIG" || fail "frags: sending $BIG-byte UDP"
	xdpdump_stop "$XD_PID" INT
	check_eq "frags: exit status" 0 "$?"
	tsh -r "$f" -T fields -e frame.len -e frame.cap_len -e frame.verdict.ebpf_xdp \
		-Y "udp.dstport == 7" >"$f.tsv"
	check_eq "frags: entry records of jumbo frames, whole" "$NBIG" \
		"$(awk -F'\t' -v l="$BIG_LEN" '$1 == l && $2 == l && $3 == ""' "$f.tsv" | wc -l)"
	check_eq "frags: exit records of jumbo frames, whole" "$NBIG" \
		"$(awk -F'\t' -v l="$BIG_LEN" '$1 == l && $2 == l && $3 == 2' "$f.tsv" | wc -l)"
	(( TEST_FAILS )) && { show "$err"; sort "$f.tsv" | uniq -c | sed 's/^/#   /'; }
	tenv_detach_existing "$env" veth0
else
	fail "frags: the frags program cannot be attached: $(head -n1 "$TEST_TMP/frags.err")"
fi
finish
