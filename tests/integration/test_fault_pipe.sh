#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reader of `xdpdump -w -` goes away after 100 bytes (`| head -c
# 100`), in front of an existing program (tailcall) and alone (load), with
# traffic flowing: xdpdump must notice by itself (EPIPE, not a signal),
# exit with status 1 and one line saying why, and give the interface back.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
require_all
new_tmp

new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"

# closed_early WHAT IF
closed_early() {
	local what=$1 dev=$2 before err="$TEST_TMP/$1.err" rc bytes
	before=$(tenv_xdp_state "$env" "$dev")
	tenv_exec "$env-b" timeout -s KILL 30 "$XDPDUMP" -i "$dev" -w - 2>"$err" |
		head -c 100 >"$TEST_TMP/$what.head"
	rc=${PIPESTATUS[0]}
	bytes=$(wc -c <"$TEST_TMP/$what.head")
	check_eq "$what: the reader got its 100 bytes" 100 "$bytes"
	check_eq "$what: exit status (not a signal, not a timeout)" 1 "$rc"
	check_eq "$what: lines saying the output went away" 1 \
		"$(grep -c 'Broken pipe' "$err")"
	check_eq "$what: other error lines" 0 "$(other_lines "$err" 'Broken pipe')"
	check_state "$env" "$dev" "$before" "$what: after the reader went away"
}

traffic_start "$env" 7 2000 0
T0=$TRAFFIC_PID
traffic_start "$env" 7 2000 2
closed_early tailcall veth0
closed_early load veth2
traffic_stop
TRAFFIC_PID=$T0
traffic_stop
finish
