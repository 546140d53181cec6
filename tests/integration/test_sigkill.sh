#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIGKILL gives xdpdump no chance to restore the interface. Then:
#  - its capture program stays attached, and still tail-calls the user's
#    program, so the user's traffic policy keeps working (port 9 dropped);
#  - `xdpdump --cleanup -i veth0` puts the original program back, same id,
#    same mode, and removes xdpdump's pins;
#  - or a new normal run does that restore itself, says so, and chains to
#    the original (not to the orphaned capture program);
#  - with no program originally, --cleanup leaves the interface empty.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

# xdpdump pins its state per capture program id. Other xdpdump runs may
# be going on, so only the killed run's directory is looked at.
# shellcheck disable=SC2317 # called through check
no_pins_of() {
	[[ -n $1 && ! -e /sys/fs/bpf/xdpdump/prog$1 ]]
}

# start_and_kill ENV TAG — start a capture, wait until it listens, SIGKILL.
start_and_kill() {
	local err="$TEST_TMP/$2.err"
	xdpdump_start "$1" /dev/null "$err" -i veth0 -w "$TEST_TMP/$2.pcapng"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$2: xdpdump did not start"; }
	kill -KILL "$XD_PID"
	wait "$XD_PID" 2>/dev/null
	KILLED_ID=$(tenv_xdp_prog_id "$1" veth0)
}

drops_for() {
	local env=$1 n=$2 d0
	d0=$(tenv_drops "$env")
	tenv_udp "$env" 9 "$n"
	echo $(( $(tenv_drops "$env") - d0 ))
}

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# 1. SIGKILL, then --cleanup.
start_and_kill "$env" kill1
check_eq "after SIGKILL the capture program is still attached" \
	"native xdpdump_capture" \
	"$(tenv_xdp_mode "$env" veth0) $(tenv_xdp_prog_name "$env" veth0)"
check_eq "after SIGKILL the orphan still chains to the existing program" \
	20 "$(drops_for "$env" 20)"
check "after SIGKILL its pins are there to restore from" \
	test -e "/sys/fs/bpf/xdpdump/prog$KILLED_ID"
err="$TEST_TMP/cleanup.err"
tenv_exec "$env-b" timeout -s KILL 20 "$XDPDUMP" --cleanup -i veth0 2>"$err"
check_eq "--cleanup exit status" 0 "$?"
check_attach_line "$err" 'veth0: restored' "--cleanup says what it restored"
check_state "$env" veth0 "$before" "after --cleanup"
check_eq "after --cleanup the existing program drops port 9" \
	20 "$(drops_for "$env" 20)"
check "after --cleanup no xdpdump pins remain" no_pins_of "$KILLED_ID"
tenv_exec "$env-b" timeout -s KILL 20 "$XDPDUMP" --cleanup -i veth0 \
	>/dev/null 2>&1
check_state "$env" veth0 "$before" "a second --cleanup changes nothing"

# 2. SIGKILL, then a new capture restores first.
start_and_kill "$env" kill2
f="$TEST_TMP/again.pcapng" err="$TEST_TMP/again.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -c 5 -w "$f"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "second run did not start"; }
check_attach_line "$err" 'veth0: restored' "the next run says it restored the original"
check_attach_line "$err" \
	"veth0: attached \(tailcall.*xdp_drop_udp9.*id $(tenv_existing_id "$env")\b" \
	"the next run chains to the original program"
tenv_udp "$env" 7 5
xdpdump_stop "$XD_PID" INT
check_eq "the next run exits after -c 5" 0 "$?"
check_eq "the next run captured 5" 5 "$(pkt_count "$f")"
check_state "$env" veth0 "$before" "after the next run"
check "after the next run no pins of the killed run remain" \
	no_pins_of "$KILLED_ID"

# 3. No program at first: SIGKILL, --cleanup leaves nothing. (xdpdump may
# hold its own program in a bpf_link, which the kernel detaches when the
# process dies; either way nothing may stay after --cleanup.)
tenv_detach_existing "$env" veth0
start_and_kill "$env" kill3
left=$(tenv_xdp_prog_name "$env" veth0)
check "own program: after SIGKILL, nothing or the capture program (${left:-nothing})" \
	test "${left:-xdpdump_capture}" = xdpdump_capture
tenv_exec "$env-b" timeout -s KILL 20 "$XDPDUMP" --cleanup -i veth0 \
	2>"$TEST_TMP/cleanup3.err"
check_eq "--cleanup exit status (own program)" 0 "$?"
check_state "$env" veth0 none "--cleanup removed its own program"
[[ $left == xdpdump_capture ]] &&
	check "own program: no pins remain" no_pins_of "$KILLED_ID"
finish
