#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The interface is deleted while xdpdump captures on it (`ip link del
# veth0`), with the tailcall strategy (a program was attached) and the load
# strategy (none was). xdpdump must stop by itself within about a second,
# say so in one line, exit with status 1 (as tcpdump does when its
# interface disappears), and leave a file that capinfos reads holding
# exactly the packets captured before the delete, with its statistics.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
new_tmp

SENT=40

# deleted_under STRATEGY
deleted_under() {
	local what=$1 env f err i rc
	new_env 1 && env=$TEST_ENV
	if [[ $what == tailcall ]]; then
		tenv_attach_existing "$env" veth0 native iplink ||
			fatal "$what: could not attach the existing program"
	fi
	f="$TEST_TMP/$what.pcapng" err="$TEST_TMP/$what.err"
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$what: xdpdump did not start"; }
	check_attach_line "$err" "veth0: attached \($what" "$what: strategy"
	tenv_udp "$env" 7 "$SENT" || fail "$what: sending before the delete"
	# The records are read within the 50 ms poll; be sure they were.
	sleep 0.3
	tenv_exec "$env-b" ip link del veth0 || fatal "$what: ip link del"
	for (( i = 0; i < 60; i++ )); do
		kill -0 "$XD_PID" 2>/dev/null || break
		sleep 0.05
	done
	xdpdump_stop "$XD_PID" TERM
	rc=$?
	if (( i == 60 )); then
		fail "$what: xdpdump did not stop by itself within 3 s"
	else
		pass "$what: xdpdump stopped by itself after $(( i * 50 )) ms"
	fi
	check_eq "$what: exit status" 1 "$rc"
	check_eq "$what: lines saying the interface went" 1 \
		"$(grep -c 'veth0: the interface went away' "$err")"
	check_eq "$what: no other error line" 0 \
		"$(other_lines "$err" 'went away')"
	grep -v -E 'went away|attached|listening|captured|written' "$err" | show /dev/stdin
	check "$what: capinfos reads the file" readable "$f"
	check_eq "$what: packets in the file" "$SENT" "$(pkt_count "$f")"
	check_eq "$what: summary, packets captured" "$SENT" "$(summary_captured "$err")"
	check "$what: no capture pins left for this run" \
		test -z "$(find /sys/fs/bpf/xdpdump -name "owner$XD_PID" 2>/dev/null)"
}

deleted_under tailcall
deleted_under load
finish
