#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel features the VM runner (testenv/vm/run.sh) exists for. The
# development machines' kernel refuses them (../shared/ENVIRONMENT.md);
# inside the VM each one must work, or the tests of exit capture and of
# the multiprog path that run there do not test what they claim:
#   - fentry/fexit programs load;
#   - xdp-loader builds a real libxdp dispatcher on a veth (freplace), in
#     native and skb mode: `xdp-loader status` lists xdp_dispatcher with
#     the program inside it;
#   - the peer tool (xdp-tools' xdpdump) captures that program's entry and
#     exit: every packet twice, exits carrying the program's verdicts.
# Anywhere else (XDPDUMP_VM unset) it skips: the features are missing by
# design there, and a skip says so instead of failing `make check`.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
TEST_NAME="tests/vm/$(basename "$0")"

[[ -n ${XDPDUMP_VM:-} ]] ||
	skip "runs only inside the VM of testenv/vm/run.sh (make check-vm): this kernel need not have fentry/fexit and freplace"
require_all
require_cmd xdp-loader
PEER=/usr/sbin/xdpdump
[[ -x $PEER ]] || fatal "$PEER (xdp-tools) missing"
new_tmp
new_env 1 && env=$TEST_ENV

# --- fentry/fexit ----------------------------------------------------------
if reason=$(probe_fentry); then
	pass "fentry programs load ($(uname -r))"
else
	fail "fentry programs do not load: $reason"
fi

# --- a libxdp dispatcher ---------------------------------------------------
status_file="$TEST_TMP/status"

# dispatcher_holds MODE — xdp-loader's status of veth0 shows the dispatcher
# in MODE and, below it, xdp_drop_udp9 with its chain actions.
dispatcher_holds() {
	tenv_exec "$env-b" xdp-loader status veth0 >"$status_file" 2>&1
	grep -Eq "^veth0 +xdp_dispatcher +$1 " "$status_file" &&
		grep -Eq '^ +=> +[0-9]+ +xdp_drop_udp9 ' "$status_file"
}

for mode in native skb; do
	if ! tenv_attach_existing "$env" veth0 "$mode" xdploader; then
		fail "$mode: xdp-loader could not load xdp_drop_udp9"
		continue
	fi
	if dispatcher_holds "$mode"; then
		pass "$mode: xdp-loader built a libxdp dispatcher holding xdp_drop_udp9"
	else
		fail "$mode: no libxdp dispatcher holding xdp_drop_udp9; xdp-loader status:"
		show "$status_file"
		show "$(tenv_state "$env")/xdploader-veth0.err"
	fi
	check_eq "$mode: program on veth0 (ip link)" xdp_dispatcher \
		"$(tenv_xdp_prog_name "$env" veth0)"
	tenv_detach_existing "$env" veth0
	check_eq "$mode: veth0 clean after xdp-loader unload" none \
		"$(tenv_xdp_state "$env" veth0)"
done

# --- the peer xdpdump: entry and exit --------------------------------------
# xdp-tools' xdpdump traces the program inside the dispatcher with fentry
# and fexit: one pcapng interface for each ("veth0:xdp_drop_udp9()@fentry"
# and "...@fexit"), the exit records with the program's action as the EPB
# verdict (Wireshark's frame.verdict.ebpf_xdp: 1 XDP_DROP, 2 XDP_PASS).
DROPPED=20 PASSED=30
f="$TEST_TMP/peer.pcapng" err="$TEST_TMP/peer.err" fields="$TEST_TMP/fields"

# records KIND PORT VERDICT — records of the UDP packets to PORT in the
# fentry or fexit interface, with that verdict ("" for none).
records() {
	awk -F'\t' -v k="@$1" -v p="$2" -v v="$3" \
		'substr($1, length($1) - length(k) + 1) == k && $2 == p && $3 == v' \
		"$fields" | wc -l
}

tenv_attach_existing "$env" veth0 native xdploader ||
	fatal "xdp-loader could not load xdp_drop_udp9 for the peer xdpdump"
tenv_bg "$env-b" /dev/null "$err" "$PEER" -i veth0 --rx-capture entry,exit \
	-w "$f"
peer=$TENV_BG_PID
tenv_wait_line "$err" 'listening on' "$peer" ||
	{ show "$err"; xdpdump_stop "$peer"; fatal "the peer xdpdump did not start"; }
tenv_udp "$env" 9 "$DROPPED" || fail "sending to port 9"
tenv_udp "$env" 7 "$PASSED" || fail "sending to port 7"
xdpdump_stop "$peer" INT
check_eq "peer xdpdump: exit status after SIGINT" 0 "$?"
tsh -r "$f" -T fields -e frame.interface_name -e udp.dstport \
	-e frame.verdict.ebpf_xdp >"$fields"
check_eq "peer xdpdump: entry records, port 9" "$DROPPED" "$(records fentry 9 "")"
check_eq "peer xdpdump: entry records, port 7" "$PASSED" "$(records fentry 7 "")"
check_eq "peer xdpdump: exit records with XDP_DROP, port 9" "$DROPPED" \
	"$(records fexit 9 1)"
check_eq "peer xdpdump: exit records with XDP_PASS, port 7" "$PASSED" \
	"$(records fexit 7 2)"
check_eq "peer xdpdump: records in all" $(( 2 * (DROPPED + PASSED) )) \
	"$(wc -l <"$fields")"
if (( TEST_FAILS )); then
	show "$err"
	sort "$fields" | uniq -c | sed 's/^/#   /'
fi
tenv_detach_existing "$env" veth0
finish
