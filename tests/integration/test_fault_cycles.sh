#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Start/stop cycles: `xdpdump -c 1` over and over with traffic flowing,
# alternately in front of an existing program (tailcall) and alone (load).
# Afterwards nothing may be left: the hook as it was, no pins, no capture
# programs or maps of ours that nothing holds, and in every run the
# descriptors open after the capture session equal those before it
# (xdpdump -v says both).
#
# Each cycle is a process start and a BPF load and verification: 0.1 to
# 0.16 s here, so the thousand take about three minutes. FAULT_CYCLES=N
# runs another number.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
require_all
new_tmp

CYCLES=${FAULT_CYCLES:-1000}
(( CYCLES % 2 == 0 )) || CYCLES=$(( CYCLES + 1 ))

new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before0=$(tenv_xdp_state "$env" veth0)
before2=$(tenv_xdp_state "$env" veth2)

# Programs and maps of the capture object, by the kernel's names.
OUR_PROGS='^xdpdump_'
OUR_MAPS='^(events|rb|stats|chain|hook_state|budget|capture_b.*)$'

# ids of our objects that exist now, one a line: prog|map ID.
our_objects() {
	bpftool prog show -j | jq -r --arg re "$OUR_PROGS" \
		'.[] | select(.name != null and (.name | test($re))) | "prog \(.id)"'
	bpftool map show -j | jq -r --arg re "$OUR_MAPS" \
		'.[] | select(.name != null and (.name | test($re))) | "map \(.id)"'
}

# The ids that some process holds a descriptor of (other xdpdumps running
# beside this test hold theirs), and those a pinned marker keeps: another
# test's killed capture waiting for its --cleanup, with its maps.
held_objects() {
	local d id
	cat /proc/[0-9]*/fdinfo/* 2>/dev/null |
		awk '$1 == "prog_id:" { print "prog", $2 } $1 == "map_id:" { print "map", $2 }'
	for d in /sys/fs/bpf/xdpdump/prog*; do
		[[ -e $d ]] || continue
		id=${d##*/prog}
		echo "prog $id"
		bpftool prog show id "$id" -j 2>/dev/null | jq -r '.map_ids[]? | "map \(.)"'
	done
}

max_id() {
	bpftool "$1" show -j | jq '[.[].id] | max // 0'
}

first_prog=$(max_id prog) first_map=$(max_id map)
pins_before=$(find /sys/fs/bpf/xdpdump -mindepth 1 -maxdepth 1 2>/dev/null | sort)

traffic_start "$env" 7 2000 0
TRAFFIC0=$TRAFFIC_PID
traffic_start "$env" 7 2000 2
start=$SECONDS bad=0 fd_bad=0
for (( n = 0; n < CYCLES; n++ )); do
	dev=veth0
	(( n % 2 )) && dev=veth2
	err="$TEST_TMP/cycle.err"
	xdpdump_run "$env" 20 -v -i "$dev" -c 1 -w "$TEST_TMP/cycle.pcapng" \
		>/dev/null 2>"$err"
	rc=$?
	if (( rc )); then
		(( bad++ < 3 )) && { fail "cycle $n on $dev: exit status $rc"; show "$err"; }
		continue
	fi
	fds=$(grep -Eo '[0-9]+ open after the capture session, [0-9]+ before' "$err")
	read -r after _ _ _ _ _ fbefore _ <<<"$fds"
	if [[ -z $fds || $after != "$fbefore" ]]; then
		(( fd_bad++ < 3 )) && fail "cycle $n on $dev: descriptors: ${fds:-no -v line}"
	fi
done
secs=$(( SECONDS - start ))
traffic_stop
TRAFFIC_PID=$TRAFFIC0
traffic_stop
(( bad )) || pass "$CYCLES cycles in $secs s, each exit status 0"
(( fd_bad )) || pass "$CYCLES cycles: as many descriptors open after each session as before it"
(( bad + fd_bad )) && fail "$bad cycles failed, $fd_bad with descriptors left open"
echo "# $CYCLES cycles, $secs s: $(( secs * 1000 / CYCLES )) ms each"

check_state "$env" veth0 "$before0" "after the cycles"
check_state "$env" veth2 "$before2" "after the cycles"
pins_after=$(find /sys/fs/bpf/xdpdump -mindepth 1 -maxdepth 1 2>/dev/null | sort)
new_pins=$(comm -13 <(echo "$pins_before") <(echo "$pins_after") | while read -r d; do
	[[ -z $d ]] && continue
	owner=$(find "$d" -name 'owner*' -printf '%f\n' | head -n1)
	kill -0 "${owner#owner}" 2>/dev/null || echo "$d"
done)
check_eq "pin directories left without a live owner" "" "$new_pins"

# Created during the loop, still there, and held by no process: leaked.
leaked=$(comm -23 <(our_objects | awk -v p="$first_prog" -v m="$first_map" \
	'($1 == "prog" && $2 > p) || ($1 == "map" && $2 > m)' | sort) \
	<(held_objects | sort -u) | xargs)
check_eq "capture programs and maps created by the cycles and left behind" "" "$leaked"
finish
