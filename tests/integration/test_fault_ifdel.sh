#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The interface is deleted while xdpdump captures on it (`ip link del`),
# with the tailcall strategy (a program was attached) and the load strategy
# (none was), and once beside another interface that stays. xdpdump must
# stop by itself within about a second, say so in one line, exit with
# status 1 (as tcpdump does when its interface disappears), give the
# interfaces that remain back as they were, and leave a file that capinfos
# reads holding exactly the packets captured before the delete.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
require_all
new_tmp

SENT=40

# deleted_under WHAT STRATEGY-REGEX IF... — the first IF is deleted; all
# get SENT datagrams first.
deleted_under() {
	local what=$1 re=$2 env f err dev before=() i
	shift 2
	new_env 2 && env=$TEST_ENV
	tenv_attach_existing "$env" veth0 native iplink ||
		fatal "$what: could not attach the existing program"
	for dev in "$@"; do
		before+=("$(tenv_xdp_state "$env" "$dev")")
	done
	f="$TEST_TMP/$what.pcapng" err="$TEST_TMP/$what.err"
	xdpdump_start "$env" /dev/null "$err" "${@/#/-i}" -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$what: xdpdump did not start"; }
	check_attach_line "$err" "$1: attached \($re" "$what: strategy"
	for dev in "$@"; do
		tenv_udp "$env" 7 "$SENT" "" "" "${dev#veth}" ||
			fail "$what: sending before the delete"
	done
	# Whatever is still in the rings when it notices is read at the end.
	tenv_exec "$env-b" ip link del "$1" || fatal "$what: ip link del"
	exits_within 3 "$XD_PID"
	check "$what: xdpdump stopped by itself within 3 s" test "$EXIT_RC" -ne 124
	check_eq "$what: exit status" 1 "$EXIT_RC"
	check_eq "$what: lines saying the interface went" 1 \
		"$(grep -c "$1: the interface went away" "$err")"
	check_eq "$what: other error lines" 0 "$(other_lines "$err" 'went away')"
	for (( i = 1; i < $#; i++ )); do
		dev=${*:i+1:1}
		check_state "$env" "$dev" "${before[i]}" "$what: $dev given back"
	done
	check "$what: capinfos reads the file" readable "$f"
	check_eq "$what: packets in the file" $(( SENT * $# )) "$(pkt_count "$f")"
	check_eq "$what: summary, packets written" $(( SENT * $# )) \
		"$(grep -Eo '[0-9]+ packets written' "$err" | grep -Eo '^[0-9]+')"
	check "$what: no capture pins left for this run" \
		test -z "$(find /sys/fs/bpf/xdpdump -name "owner$XD_PID" 2>/dev/null)"
}

deleted_under tailcall tailcall veth0
deleted_under load load veth2
deleted_under "load, beside a tailcall capture" load veth2 veth0
finish
