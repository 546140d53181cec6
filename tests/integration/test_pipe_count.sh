#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every way a capture ends must give the interface back:
#  - `-c 50 -w - | tcpdump -r -`: exactly 50 packets, exit 0, by itself;
#  - `-w - | head -c 1000`: the reader goes away (EPIPE/SIGPIPE);
#  - SIGTERM and SIGHUP.
# Traffic runs in the background all along.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)
traffic_start "$env" 7 2000

# shellcheck disable=SC2317 # called through check
readable() {
	capinfos -c "$1" >/dev/null 2>&1
}

# -c 50 into a pipe.
err="$TEST_TMP/count.err"
lines=$(tenv_exec "$env-b" timeout -s KILL 30 "$XDPDUMP" -i veth0 -c 50 -w - \
	2>"$err" | tcpdump -r - -n 2>/dev/null | wc -l)
rc=${PIPESTATUS[0]}
check_eq "-c 50 | tcpdump: exit status" 0 "$rc"
check_eq "-c 50 | tcpdump: lines" 50 "$lines"
check_state "$env" veth0 "$before" "after -c 50"

# The reader closes the pipe early.
err="$TEST_TMP/pipe.err"
tenv_exec "$env-b" timeout -s KILL 30 "$XDPDUMP" -i veth0 -w - 2>"$err" |
	head -c 1000 >/dev/null
rc=${PIPESTATUS[0]}
check "| head -c 1000: xdpdump ended by itself (status $rc)" test "$rc" -ne 137
check_state "$env" veth0 "$before" "after the reader went away"

for sig in TERM HUP; do
	err="$TEST_TMP/$sig.err"
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/$sig.pcapng"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "SIG$sig: xdpdump did not start"; }
	xdpdump_stop "$XD_PID" "$sig"
	check_eq "SIG$sig: exit status" 0 "$?"
	check_state "$env" veth0 "$before" "after SIG$sig"
	check "SIG$sig: the file is complete enough for capinfos" \
		readable "$TEST_TMP/$sig.pcapng"
done
traffic_stop
finish
