#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Writing to a file with stderr on a terminal (a pty from script(1)),
# xdpdump redraws one status line about once a second: packets captured,
# the rate, packets lost; the line is erased before the closing summary.
# Not with -q, and not when stderr is a pipe or a file.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd script timeout
new_tmp

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)
STATUS_RE='xdpdump: [0-9]+ packets captured, [0-9]+/s, [0-9]+ lost'

# on_pty TAG ARGS... — xdpdump under script(1) for 5 s, then SIGINT; what
# the terminal showed goes to $TEST_TMP/TAG.tty.
on_pty() {
	local tag=$1 cmd
	shift
	printf -v cmd '%q ' timeout --preserve-status -s INT 5 nsenter --net="/run/netns/$env-b" -- \
		"$XDPDUMP" -i veth0 "$@"
	script -qefc "$cmd" "$TEST_TMP/$tag.tty" >/dev/null </dev/null
	check_eq "$tag: exit status" 0 "$?"
	check_state "$env" veth0 "$before" "$tag: after exit"
}

traffic_start "$env" 7 500
on_pty tty -w "$TEST_TMP/tty.pcapng"
on_pty quiet -q -w "$TEST_TMP/quiet.pcapng"
err="$TEST_TMP/pipe.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/pipe.pcapng"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "pipe: xdpdump did not start"; }
sleep 2.5
xdpdump_stop "$XD_PID" INT
check_eq "pipe: exit status" 0 "$?"
traffic_stop

# Each redraw starts with a carriage return: split the terminal's output there.
mapfile -t lines < <(tr '\r' '\n' <"$TEST_TMP/tty.tty" | grep -Eo "$STATUS_RE")
check "tty: the status line was drawn at least twice in 5 s (${#lines[@]})" \
	test "${#lines[@]}" -ge 2
if (( ${#lines[@]} >= 2 )); then
	n1=$(grep -Eo '^xdpdump: [0-9]+' <<<"${lines[0]}" | grep -Eo '[0-9]+$')
	n2=$(grep -Eo '^xdpdump: [0-9]+' <<<"${lines[-1]}" | grep -Eo '[0-9]+$')
	check "tty: the count grows ($n1 -> $n2)" test "$n2" -gt "$n1"
	rate=$(grep -Eo '[0-9]+/s' <<<"${lines[-1]}" | grep -Eo '^[0-9]+')
	check "tty: the rate is near the 500/s sent ($rate)" \
		test "$rate" -ge 300 -a "$rate" -le 700
	check_eq "tty: nothing lost" 0 "$(grep -Eo '[0-9]+ lost' <<<"${lines[-1]}" |
		grep -Eo '^[0-9]+')"
fi
# ESC [ K erases the rest of the line; the summary must start on a clean one.
check "tty: the line is erased before the summary" \
	grep -qaP '\r\x1b\[Kxdpdump: veth0: [0-9]+ packets captured' "$TEST_TMP/tty.tty"
check_eq "-q: no status line" 0 "$(tr '\r' '\n' <"$TEST_TMP/quiet.tty" | grep -Ec "$STATUS_RE")"
check "-q: the summary is still there" grep -q 'packets written to' "$TEST_TMP/quiet.tty"
check_eq "pipe: no status line" 0 "$(grep -Ec "$STATUS_RE" "$err")"
check_eq "pipe: no carriage return or escape" 0 "$(grep -c $'[\r\033]' "$err")"
finish
