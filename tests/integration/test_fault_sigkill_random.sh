#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SIGKILL at random moments: 0-80 or 0-300 ms after start (loading,
# attaching, capturing) and 0-30 ms after a SIGINT (restoring, draining),
# 20 times for each strategy, while UDP runs through the interface all
# along:
#  - tailcall (xdp_drop_udp9 attached with ip link): after every kill the
#    hook holds the original, or a capture program whose pinned chain holds
#    it; the next xdpdump or --cleanup puts it back. Across the whole loop
#    the original decided every packet: it dropped every datagram to port 9
#    (the sink got none) and every one to port 7 arrived (sent == received:
#    nothing may be lost, not even during a swap).
#  - load (nothing attached): our program goes with the process; every
#    datagram, port 9 and 7, arrives; the hook ends empty.
# Set FAULT_SEED to replay a run: the delays come from it.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
require_all
new_tmp

KILLS=20 RATE=400
declare -A PHASES
RANDOM=${FAULT_SEED:=$$}
echo "# FAULT_SEED=$FAULT_SEED"

new_env 1 && env=$TEST_ENV

# The hook after a kill: the original, or a capture program from which the
# original can be restored.
# shellcheck disable=SC2317 # called through check
recoverable() {
	local id name pin
	id=$(tenv_xdp_prog_id "$env" veth0)
	name=$(tenv_xdp_prog_name "$env" veth0)
	[[ $id == "$1" ]] && return 0
	[[ $name == xdpdump_capture ]] || return 1
	pin="/sys/fs/bpf/xdpdump/prog$id/chain"
	# The value is the program id, little-endian bytes.
	[[ $(bpftool map lookup pinned "$pin" key 0 0 0 0 -j 2>/dev/null |
		jq -r '[.value[] | ltrimstr("0x")] | reverse | join("")' |
		xargs -I{} printf '%d' 0x{}) == "$1" ]]
}

# kill_once N — start xdpdump and SIGKILL it at a random moment.
kill_once() {
	local n=$1 err="$TEST_TMP/kill$1.err" delay
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/kill$n.pcapng"
	if (( n % 3 == 2 )) && xdpdump_wait_ready "$err" "$XD_PID"; then
		delay=$(( RANDOM % 31 ))
		KILLED_AT="${delay} ms after SIGINT"
		kill -INT "$XD_PID"
	else
		# A third of them within the first 80 ms: loading and attaching
		# take about that long, and most kills should not all land in
		# the capture.
		delay=$(( RANDOM % (n % 3 ? 301 : 81) ))
		KILLED_AT="${delay} ms after start"
	fi
	sleep "$(printf '0.%03d' "$delay")"
	kill -KILL "$XD_PID" 2>/dev/null
	wait "$XD_PID" 2>/dev/null
	# Where it was, from what it had said.
	if [[ $KILLED_AT == *SIGINT* ]]; then
		PHASES[stopping]=$(( ${PHASES[stopping]:-0} + 1 ))
	elif grep -q 'listening on' "$err"; then
		PHASES[capturing]=$(( ${PHASES[capturing]:-0} + 1 ))
	elif grep -q 'attached' "$err"; then
		PHASES[attached]=$(( ${PHASES[attached]:-0} + 1 ))
	else
		PHASES[starting]=$(( ${PHASES[starting]:-0} + 1 ))
	fi
}

# loop STRATEGY EXPECTED-STATE ORIG-ID
loop() {
	local what=$1 before=$2 orig=$3 n rc bad=0 cleanups=0 restarts=0
	PHASES=()
	for (( n = 0; n < KILLS; n++ )); do
		kill_once "$n"
		if [[ -n $orig ]] && ! recoverable "$orig"; then
			fail "$what: after a kill $KILLED_AT the original cannot be restored ($(tenv_xdp_state "$env" veth0))"
			bad=1
		fi
		if (( n % 2 )); then
			tenv_exec "$env-b" timeout -s KILL 20 "$XDPDUMP" --cleanup \
				-i veth0 >/dev/null 2>"$TEST_TMP/cleanup.err"
			rc=$?
			cleanups=$(( cleanups + 1 ))
			if (( rc )) || [[ $(tenv_xdp_state "$env" veth0) != "$before" ]]; then
				fail "$what: --cleanup after a kill $KILLED_AT: status $rc, $(tenv_xdp_state "$env" veth0)"
				show "$TEST_TMP/cleanup.err"
				bad=1
			fi
		else
			restarts=$(( restarts + 1 ))
		fi
	done
	(( bad )) || pass "$what: $KILLS kills, the interface restorable after each; $cleanups restored by --cleanup, $restarts by the next xdpdump"
	echo "# $what: killed while starting or attaching ${PHASES[starting]:-0}," \
		"just attached ${PHASES[attached]:-0}, capturing ${PHASES[capturing]:-0}," \
		"restoring after SIGINT ${PHASES[stopping]:-0}"
	tenv_exec "$env-b" timeout -s KILL 20 "$XDPDUMP" --cleanup -i veth0 \
		>/dev/null 2>&1
	check_state "$env" veth0 "$before" "$what: at the end"
	check_eq "$what: capture pins left by the killed runs" 0 \
		"$(pins_alive)"
}

# Pins whose capture program is still loaded (stale ones are swept by the
# next xdpdump and hold nothing).
pins_alive() {
	local d id n=0
	for d in /sys/fs/bpf/xdpdump/prog*; do
		[[ -e $d ]] || continue
		id=${d##*/prog}
		[[ $(tenv_xdp_prog_id "$env" veth0) == "$id" ]] && n=$(( n + 1 ))
	done
	echo "$n"
}

# with_traffic SECONDS STRATEGY EXPECTED-STATE ORIG-ID — run loop while
# datagrams go to ports 9 and 7 at RATE each for SECONDS; then compare.
with_traffic() {
	local secs=$1 what=$2 count s9 s7 d0 start
	count=$(( secs * RATE ))
	tenv_sink_start "$env" 7 9 || fatal "$what: sink"
	[[ -n $4 ]] && d0=$(tenv_drops "$env")
	tenv_bg "$env-a" "$TEST_TMP/send9.out" "$TEST_TMP/send9.err" "$TENV_BIN/udp_send" \
		-d "$(tenv_addr "$env")" -p 9 -n "$count" -r "$RATE"
	s9=$TENV_BG_PID
	tenv_bg "$env-a" "$TEST_TMP/send7.out" "$TEST_TMP/send7.err" "$TENV_BIN/udp_send" \
		-d "$(tenv_addr "$env")" -p 7 -n "$count" -r "$RATE"
	s7=$TENV_BG_PID
	start=$SECONDS
	loop "$what" "$3" "$4"
	if kill -0 "$s7" 2>/dev/null; then
		pass "$what: traffic ran during the whole loop ($(( SECONDS - start )) s of $secs s)"
	else
		fail "$what: traffic ended before the loop ($secs s)"
		show "$TEST_TMP/send7.err"
	fi
	wait "$s9" "$s7" 2>/dev/null
	check_eq "$what: the senders sent all" "sent $count sent $count" \
		"$(cat "$TEST_TMP/send9.out" "$TEST_TMP/send7.out" | xargs)"
	show "$TEST_TMP/send9.err"
	show "$TEST_TMP/send7.err"
	tenv_sink_stop "$env"
	check_eq "$what: datagrams to port 7 that arrived" "$count" \
		"$(tenv_sink_count "$env" 7)"
	if [[ -n $4 ]]; then
		check_eq "$what: datagrams to port 9 that passed" 0 \
			"$(tenv_sink_count "$env" 9)"
		check_eq "$what: datagrams to port 9 the original dropped" "$count" \
			$(( $(tenv_drops "$env") - d0 ))
	else
		check_eq "$what: datagrams to port 9 that arrived" "$count" \
			"$(tenv_sink_count "$env" 9)"
	fi
}

tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"

with_traffic 25 tailcall "$(tenv_xdp_state "$env" veth0)" "$(tenv_existing_id "$env")"
tenv_detach_existing "$env" veth0
with_traffic 25 load none ""
finish
