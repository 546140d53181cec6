# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the fault tests (test_fault_*.sh), sourced after
# tests/lib.sh.

# exits_within SECONDS PID — wait for PID to end by itself; its status is
# left in EXIT_RC. Fails (EXIT_RC 124) when it did not, after stopping it
# with SIGTERM.
exits_within() {
	local i
	for (( i = 0; i < $1 * 20; i++ )); do
		kill -0 "$2" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$2" 2>/dev/null; then
		xdpdump_stop "$2" TERM
		# shellcheck disable=SC2034 # read by the test that sourced us
		EXIT_RC=124
		return 1
	fi
	wait "$2"
	# shellcheck disable=SC2034
	EXIT_RC=$?
}

# other_lines ERR REGEX — how many lines of xdpdump's stderr are neither
# its usual ones (attached, listening, the summary) nor match REGEX.
other_lines() {
	grep -cvE "$2|attached|listening|captured|written" "$1"
}

# shellcheck disable=SC2317 # called through check
readable() {
	capinfos "$1" >/dev/null 2>&1
}
