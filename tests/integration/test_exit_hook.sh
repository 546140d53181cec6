#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Exit capture through the cooperative hook (bpf/xdpdump_hook.h), on this
# kernel where fexit is refused. The example program
# tests/examples/xdp_hook_example.bpf.c, attached with `ip link`, drops UDP
# port 9 and returns every verdict through xdpdump_exit(). Asserted:
#   - entry,exit: every UDP packet appears twice, the exit record with the
#     program's verdict (DROP for port 9, PASS for port 7), and both
#     records of one packet carry the same packet id;
#   - exit --action drop: exactly the port 9 packets, all with DROP;
#   - the program still drops port 9 while captured and after, and the
#     hook slot is empty again when xdpdump exits;
#   - a program without the hook: exit capture is refused in one line;
#   - the idle hook's cost per packet (BPF_PROG_TEST_RUN) is reported.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd bpftool
new_tmp

PORT9=20 PORT7=30
HOOK_OBJ="$BUILD/examples/xdp_hook_example.bpf.o"
[[ -r $HOOK_OBJ ]] || fatal "$HOOK_OBJ missing: build first (make tests)"

# Records of FILE that match a display filter.
count() {
	pkt_count "$1" "$2"
}

# Every exit record's packet id also belongs to an entry record.
ids_paired() {
	tsh -r "$1" -T fields -e frame.packet_id -e frame.verdict.ebpf_xdp -Y udp |
		awk -F'\t' '$2 == "" { entry[$1] = 1; next }
			    { exits++; if (!($1 in entry)) bad++ }
			    END { exit (exits == 0 || bad > 0) }'
}

hook_slot_empty() {
	bpftool map dump name xdpd_hook_prog 2>/dev/null | grep -q 'Found 0 elements'
}

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink hook ||
	fatal "ip link could not attach the hook example"
before=$(tenv_xdp_state "$env" veth0)
tenv_sink_start "$env" 7 9 || fatal "UDP sink did not start"
d0=$(tenv_drops "$env")

f="$TEST_TMP/both.pcapng" err="$TEST_TMP/both.err"
capture_udp "$env" "$f" "$err" --rx-capture entry,exit 'udp'
check_attach_line "$err" 'veth0: attached \(tailcall.*exit capture through xdpdump_hook.h' \
	"entry,exit: says it captures exit through the hook"
check_state "$env" veth0 "$before" "entry,exit: after exit, original back"
check "entry,exit: hook slot empty after exit" hook_slot_empty
check_eq "entry,exit: entry records" $(( PORT9 + PORT7 )) \
	"$(count "$f" 'udp && !frame.verdict')"
check_eq "entry,exit: port 9 exit records with verdict DROP" "$PORT9" \
	"$(count "$f" 'udp.dstport == 9 && frame.verdict.ebpf_xdp == 1')"
check_eq "entry,exit: port 7 exit records with verdict PASS" "$PORT7" \
	"$(count "$f" 'udp.dstport == 7 && frame.verdict.ebpf_xdp == 2')"
check "entry,exit: entry and exit records of a packet share its id" ids_paired "$f"
check "entry,exit: timestamps in order" time_ordered "$f"
check_eq "entry,exit: the program dropped port 9 while captured" "$PORT9" \
	$(( $(tenv_drops "$env") - d0 ))

f="$TEST_TMP/drop.pcapng" err="$TEST_TMP/drop.err"
capture_udp "$env" "$f" "$err" --rx-capture exit --action drop
check_eq "exit --action drop: records" "$PORT9" "$(pkt_count "$f")"
check_eq "exit --action drop: all UDP port 9 with verdict DROP" "$PORT9" \
	"$(count "$f" 'udp.dstport == 9 && frame.verdict.ebpf_xdp == 1')"
check_state "$env" veth0 "$before" "exit --action drop: after exit, original back"
check "exit --action drop: hook slot empty after exit" hook_slot_empty
tenv_sink_stop "$env"
check_eq "the receiver never got port 9" 0 "$(tenv_sink_count "$env" 9)"
check_eq "the receiver got all of port 7" $(( 2 * PORT7 )) "$(tenv_sink_count "$env" 7)"
d0=$(tenv_drops "$env")
tenv_udp "$env" 9 10
check_eq "the program still drops port 9 afterwards" 10 $(( $(tenv_drops "$env") - d0 ))
tenv_destroy "$env"

# A program without the hook: refused, one line, nothing changed.
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink || fatal "ip link could not attach"
before=$(tenv_xdp_state "$env" veth0)
err="$TEST_TMP/nohook.err"
xdpdump_run "$env" 20 -i veth0 --rx-capture exit -w "$TEST_TMP/nohook.pcapng" 2>"$err"
rc=$?
check "no hook: non-zero exit" test "$rc" -ne 0
check_eq "no hook: one line on stderr" 1 "$(wc -l <"$err")"
check_attach_line "$err" 'does not use xdpdump_hook.h' "no hook: says why"
check_state "$env" veth0 "$before" "no hook: interface unchanged"
tenv_destroy "$env"

# The idle hook's price: the same program with and without xdpdump_exit(),
# nobody capturing, 1,000,000 runs each on a 64-byte UDP frame to port 7.
pin="/sys/fs/bpf/xdpdump-test-$$"
frame="$TEST_TMP/udp7.bin"
# Ethernet, IPv4 (no options), UDP to port 7, padded to 64 bytes.
printf '\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00''\x45\x00\x00\x32\x00\x01\x00\x00\x40\x11\x00\x00\x0a\x00\x00\x01\x0a\x00\x00\x02''\x30\x39\x00\x07\x00\x1e\x00\x00' >"$frame"
head -c 22 /dev/zero >>"$frame"
run_cost() {
	local obj=$1 name=$2 out
	bpftool prog load "$obj" "$pin-$name" type xdp >/dev/null 2>&1 || return 1
	out=$(bpftool prog run pinned "$pin-$name" data_in "$frame" repeat 1000000 2>&1)
	rm -f "$pin-$name"
	# "Return value: 2, duration (average): 31ns"
	[[ $out =~ Return\ value:\ ([0-9]+),\ duration\ \(average\):\ ([0-9]+)ns ]] || return 1
	echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
}
plain=$(run_cost "$TENV_BIN/xdp_drop_udp9.bpf.o" plain) || fail "test run of the plain program"
hooked=$(run_cost "$HOOK_OBJ" hook) || fail "test run of the hook example"
if [[ -n $plain && -n $hooked ]]; then
	check_eq "idle hook: verdict still PASS for port 7" 2 "${hooked% *}"
	pass "idle hook cost: ${hooked#* } ns/packet with xdpdump_exit() vs ${plain#* } ns without ($(( ${hooked#* } - ${plain#* } )) ns for the hook, BPF_PROG_TEST_RUN x1000000)"
fi
finish
