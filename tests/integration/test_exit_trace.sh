#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Exit capture through fentry/fexit (strategy "trace"), where the kernel
# allows tracing programs on XDP programs: the qemu guest of make check-vm;
# the development machines' kernel refuses fentry, so it skips there.
#   1. A program attached with ip link that knows nothing of xdpdump
#      (xdp_drop_udp9): entry,exit gives every packet twice, the exits with
#      the program's verdicts and the entry's packet id; --action drop and
#      a pcap filter select; the hook is never touched (same program id
#      while capturing) and no tracing program is left afterwards.
#   2. The same program in a libxdp dispatcher, captured by the peer
#      xdpdump (xdp-tools) and by ours at the same time: the same packets
#      with the same verdicts in both files, ours in time order.
#   3. Two programs in one dispatcher: -p all gives one interface per
#      program (IF@NAME), the second seeing only what the first passed;
#      -p with the second's full name (longer than the kernel's 15
#      characters, resolved through BTF) traces only it; an unknown name is
#      one line and a non-zero exit.
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2016 # the arguments of count are awk code
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd xdp-loader
reason=$(probe_fentry) || skip "$reason"
new_tmp
PORT9=20 PORT7=30
PEER=/usr/sbin/xdpdump
HOOK_OBJ="$BUILD/examples/xdp_hook_example.bpf.o"

# tshark starts take seconds under emulation: read each file once, into
# FILE.tsv with the fields the checks below use, as $1..$5 of awk:
#   interface name, UDP port, verdict ("" at entry), packet id, time.
records_of() {
	[[ -e $1.tsv ]] ||
		tsh -r "$1" -T fields -e frame.interface_name -e udp.dstport \
			-e frame.verdict.ebpf_xdp -e frame.packet_id -e frame.time_epoch >"$1.tsv"
	cat "$1.tsv"
}

# count FILE AWK-CONDITION — records of FILE for which the condition holds.
count() {
	records_of "$1" | awk -F'\t' "$2"' { n++ } END { print n + 0 }'
}

# Every exit record's packet id also belongs to an entry record.
# shellcheck disable=SC2317 # called through check
ids_paired() {
	records_of "$1" | awk -F'\t' '$3 == "" { entry[$4] = 1; next }
			    { exits++; if (!($4 in entry)) bad++ }
			    END { exit (exits == 0 || bad > 0) }'
}

# shellcheck disable=SC2317 # called through check
in_time_order() {
	records_of "$1" | cut -f5 | sort -n -C
}

# shellcheck disable=SC2317 # called through check
no_tracing_left() {
	! bpftool prog show 2>/dev/null | grep -Eq 'name xdpdump_f(entry|exit)'
}

# --- 1. a program that knows nothing of xdpdump ----------------------------
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "ip link could not attach xdp_drop_udp9"
before=$(tenv_xdp_state "$env" veth0)
tenv_sink_start "$env" 7 9 || fatal "UDP sink did not start"

f="$TEST_TMP/both.pcapng" err="$TEST_TMP/both.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit
check_attach_line "$err" 'veth0: attached \(trace: fentry/fexit on xdp_drop_udp9 \(id [0-9]+\)\)' \
	"entry,exit: says it traces xdp_drop_udp9"
check_eq "entry,exit: the hook is untouched while capturing" "$before" "$CAPTURE_HOOK_STATE"
check_state "$env" veth0 "$before" "entry,exit: after exit, same program"
check "entry,exit: no tracing program left" no_tracing_left
check_eq "entry,exit: entry records" $(( PORT9 + PORT7 )) "$(count "$f" '$2 != "" && $3 == ""')"
check_eq "entry,exit: port 9 exit records with verdict DROP" "$PORT9" \
	"$(count "$f" '$2 == 9 && $3 == 1')"
check_eq "entry,exit: port 7 exit records with verdict PASS" "$PORT7" \
	"$(count "$f" '$2 == 7 && $3 == 2')"
check "entry,exit: each exit record shares its entry record's packet id" ids_paired "$f"
check "entry,exit: timestamps in order" in_time_order "$f"

f="$TEST_TMP/drop.pcapng" err="$TEST_TMP/drop.err"
capture_udp "$env" "$f" "$err" --rx-capture exit --action drop udp
check_eq "exit --action drop udp: records" "$PORT9" "$(count "$f" 1)"
check_eq "exit --action drop udp: all port 9 with verdict DROP" "$PORT9" \
	"$(count "$f" '$2 == 9 && $3 == 1')"

f="$TEST_TMP/port7.pcapng" err="$TEST_TMP/port7.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit 'udp port 7'
check_eq "filter 'udp port 7' in fentry/fexit: records" $(( 2 * PORT7 )) "$(count "$f" 1)"
check_eq "filter 'udp port 7' in fentry/fexit: all port 7" $(( 2 * PORT7 )) \
	"$(count "$f" '$2 == 7')"
check_state "$env" veth0 "$before" "after three captures, same program"
tenv_sink_stop "$env"
check_eq "the program kept dropping port 9 and passing port 7 (sink counts)" \
	"$(( 3 * PORT7 )) 0" "$(tenv_sink_count "$env" 7) $(tenv_sink_count "$env" 9 || echo 0)"
tenv_detach_existing "$env" veth0

# --- 2. side by side with the peer xdpdump ---------------------------------
# Records as "entry PORT" / "exit PORT VERDICT", sorted. The peer names its
# interfaces IF:PROG()@fentry / @fexit; ours marks exits by their verdict.
peer_records() {
	records_of "$1" | awk -F'\t' '$2 != "" {
		if ($1 ~ /@fexit$/) print "exit", $2, $3; else print "entry", $2 }' | sort
}
our_records() {
	records_of "$1" | awk -F'\t' '$2 != "" {
		if ($3 == "") print "entry", $2; else print "exit", $2, $3 }' | sort
}

if [[ -x $PEER ]]; then
	tenv_attach_existing "$env" veth0 native xdploader ||
		fatal "xdp-loader could not load xdp_drop_udp9"
	ours="$TEST_TMP/ours.pcapng" peer="$TEST_TMP/peer.pcapng"
	tenv_bg "$env-b" /dev/null "$TEST_TMP/peer.err" "$PEER" -i veth0 --rx-capture entry,exit -w "$peer"
	peer_pid=$TENV_BG_PID
	xdpdump_start "$env" "$TEST_TMP/out" "$TEST_TMP/ours.err" -i veth0 --rx-capture entry,exit -w "$ours"
	if tenv_wait_line "$TEST_TMP/peer.err" 'listening on' "$peer_pid" &&
		xdpdump_wait_ready "$TEST_TMP/ours.err" "$XD_PID"; then
		send_udp_9_7 "$env"
	else
		fail "peer comparison: a capture did not start"
		show "$TEST_TMP/peer.err"
		show "$TEST_TMP/ours.err"
	fi
	xdpdump_stop "$XD_PID" INT
	check_eq "peer comparison: our exit status" 0 "$?"
	xdpdump_stop "$peer_pid" INT
	check_eq "peer comparison: the peer's exit status" 0 "$?"
	check_attach_line "$TEST_TMP/ours.err" \
		'attached \(trace: fentry/fexit on xdp_drop_udp9 \(id [0-9]+\) in libxdp dispatcher' \
		"peer comparison: ours traces the program inside the dispatcher"
	peer_records "$peer" >"$TEST_TMP/peer.records"
	our_records "$ours" >"$TEST_TMP/ours.records"
	check_eq "peer comparison: the peer has every packet at entry and exit" \
		$(( 2 * (PORT9 + PORT7) )) "$(wc -l <"$TEST_TMP/peer.records")"
	if cmp -s "$TEST_TMP/peer.records" "$TEST_TMP/ours.records"; then
		pass "peer comparison: same packets with the same verdicts in both files"
	else
		fail "peer comparison: the files differ (< peer, > ours):"
		diff "$TEST_TMP/peer.records" "$TEST_TMP/ours.records" | head -20 | sed 's/^/#   /'
	fi
	check "peer comparison: ours in time order" in_time_order "$ours"
	if in_time_order "$peer"; then
		echo "INFO peer comparison: the peer's file happens to be in time order this run"
	else
		echo "INFO peer comparison: the peer's file is not in time order"
	fi
	tenv_detach_existing "$env" veth0
else
	fail "$PEER (xdp-tools) missing: cannot compare with the peer"
fi

# --- 3. two programs in one dispatcher -------------------------------------
[[ -r $HOOK_OBJ ]] || fatal "$HOOK_OBJ missing: build first (make tests)"
tenv_exec "$env-b" xdp-loader load -m native veth0 "$(tenv_obj)" "$HOOK_OBJ" \
	2>"$TEST_TMP/load2.err" || { show "$TEST_TMP/load2.err"; fatal "xdp-loader could not load two programs"; }
echo xdploader >"$(tenv_state "$env")/method-veth0"
echo native >"$(tenv_state "$env")/mode-veth0"
status=$(tenv_exec "$env-b" xdp-loader status veth0 2>/dev/null)

f="$TEST_TMP/all.pcapng" err="$TEST_TMP/all.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit -p all
check_eq "-p all: one interface per program" \
	"veth0@xdp_drop_udp9 veth0@xdp_hook_example" \
	"$(records_of "$f" | cut -f1 | sort -u | xargs)"
check_eq "-p all: first program, records" $(( 2 * (PORT9 + PORT7) )) \
	"$(count "$f" '$1 == "veth0@xdp_drop_udp9"')"
check_eq "-p all: second program sees only what the first passed" $(( 2 * PORT7 )) \
	"$(count "$f" '$1 == "veth0@xdp_hook_example" && $2 == 7')"
check_eq "-p all: second program, records" $(( 2 * PORT7 )) \
	"$(count "$f" '$1 == "veth0@xdp_hook_example"')"

f="$TEST_TMP/one.pcapng" err="$TEST_TMP/one.err"
capture_udp "$env" "$f" "$err" --rx-capture exit -p xdp_hook_example
check_attach_line "$err" 'trace: fexit on xdp_hook_example|trace: fentry/fexit on xdp_hook_example' \
	"-p NAME: traces the program named (full name from BTF)"
check_eq "-p xdp_hook_example --rx-capture exit: records" "$PORT7" "$(count "$f" 1)"
check_eq "-p xdp_hook_example --rx-capture exit: PASS verdicts" "$PORT7" \
	"$(count "$f" '$2 == 7 && $3 == 2')"

err="$TEST_TMP/nosuch.err"
xdpdump_run "$env" 20 -i veth0 -p nosuch -w "$TEST_TMP/nosuch.pcapng" 2>"$err"
rc=$?
check "-p nosuch: non-zero exit" test "$rc" -ne 0
check_eq "-p nosuch: one line on stderr" 1 "$(wc -l <"$err")"
check "-p nosuch: names the problem" grep -q 'no such XDP program' "$err"
check_eq "two programs: xdp-loader status unchanged" "$status" \
	"$(tenv_exec "$env-b" xdp-loader status veth0 2>/dev/null)"
check "two programs: no tracing program left" no_tracing_left
tenv_detach_existing "$env" veth0
finish
