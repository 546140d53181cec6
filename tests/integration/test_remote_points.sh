#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -i HOST:IF over a real sshd: two namespaces act as hosts, each with its
# own sshd (remote_common.sh). One local command captures UDP on both
# hosts' veth0; the file holds every datagram sent, in time order, on
# interfaces hosta:veth0 and hostb:veth0, with each host's statistics and
# clock offset. After Ctrl-C (SIGINT) neither host has an XDP program left
# nor an xdpdump running; after SIGKILL of the local xdpdump both remote
# captures end by themselves and restore within 5 s, with no packet
# flowing. When hosta's ssh connection drops, or its link goes down
# silently, hosta's capture ends and restores within 5 s. A local point in another namespace (NETNS/IF) joins the same
# file.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp
# shellcheck source=remote_common.sh
. "$(dirname "$0")/remote_common.sh"
remote_setup

N=25 ROUNDS=4
f="$TEST_TMP/remote.pcapng" err="$TEST_TMP/remote.err"
# Beside the two hosts, a local point in another namespace: hosta's
# sender side, $RA-a's veth1, which gets what hosta sends back.
tenv_bg "$RM" /dev/null "$err" "$XDPDUMP" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" \
	-i hosta:veth0 -i hostb:veth0 -i "$RA-a/veth1" -w "$f" udp
pid=$TENV_BG_PID
tenv_wait_line "$err" 'listening on 3 capture points' "$pid" ||
	{ show "$err"; xdpdump_stop "$pid"; fatal "the remote capture did not start"; }
check_eq "an xdpdump runs on hosta" 1 "$(remote_xdpdumps "$RA-b")"
check_eq "an xdpdump runs on hostb" 1 "$(remote_xdpdumps "$RB-b")"
check "hosta's veth0 has the capture program" test \
	"$(tenv_xdp_prog_name "$RA" veth0)" = xdpdump_capture
for (( r = 0; r < ROUNDS; r++ )); do
	tenv_udp "$RA" 7 "$N" || fail "sending to hosta"
	tenv_udp "$RB" 9 "$N" || fail "sending to hostb"
	tenv_exec "$RA-b" "$TENV_BIN/udp_send" -d "$(tenv_addr "$RA" 0 4 a)" -p 5 \
		-n "$N" -s 64 -r 0 >/dev/null || fail "sending from hosta to $RA-a"
done
xdpdump_stop "$pid" INT
check_eq "exit status after Ctrl-C" 0 "$?"
check "hosta has no XDP program left" no_xdp "$RA-b"
check "hostb has no XDP program left" no_xdp "$RB-b"
check_eq "$RA-a's veth1 given back" "" \
	"$(ip -n "$RA-a" -j -d link show dev veth1 | jq -c '.[0].xdp // empty')"
check_eq "no xdpdump left on hosta" 0 "$(remote_xdpdumps "$RA-b")"
check_eq "no xdpdump left on hostb" 0 "$(remote_xdpdumps "$RB-b")"

check_eq "interface names in the file" \
	"$(printf '%s\n' "$RA-a/veth1" hosta:veth0 hostb:veth0 | sort | xargs)" \
	"$(capinfos -I "$f" 2>/dev/null | awk -F'= *' '/^ *Name/ { print $2 }' | sort | xargs)"
check_eq "every datagram in the file" $(( 3 * N * ROUNDS )) "$(pkt_count "$f" 'udp && !icmp')"
check_eq "hosta's datagrams on hosta:veth0" $(( N * ROUNDS )) \
	"$(pkt_count "$f" 'frame.interface_name == "hosta:veth0" && udp.dstport == 7')"
check_eq "hostb's datagrams on hostb:veth0" $(( N * ROUNDS )) \
	"$(pkt_count "$f" 'frame.interface_name == "hostb:veth0" && udp.dstport == 9')"
check_eq "the local point's datagrams on $RA-a/veth1" $(( N * ROUNDS )) \
	"$(pkt_count "$f" "frame.interface_name == \"$RA-a/veth1\" && udp.dstport == 5")"
check "timestamps in order across hosts" time_ordered "$f"
order=$(tsh -r "$f" -Y 'udp && !icmp' -T fields -e udp.dstport | uniq | xargs)
check_eq "rounds in the order they were sent" \
	"$(for (( r = 0; r < ROUNDS; r++ )); do printf '7 9 5 '; done | xargs)" "$order"
# Each host's own counters: one ISB per interface, with what its capture
# program saw.
stats=$(capinfos -I "$f" 2>/dev/null | grep -c 'Number of stat entries = 1')
check_eq "an ISB for each interface" 3 "$stats"
check "the IDBs record each host's clock offset" \
	grep -qa "clock was [-+][0-9]* ns from this host" "$f"
check "the summary names each host" grep -q "hosta: veth0: .* packets captured" "$err"

# SIGKILL: nobody closes anything in order; the ssh clients die with us
# (or see their pipes close), the sshds close the remote captures' stdin.
tenv_bg "$RM" /dev/null "$err" "$XDPDUMP" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" \
	-i hosta:veth0 -i hostb:veth0 -w "$TEST_TMP/killed.pcapng" udp
pid=$TENV_BG_PID
tenv_wait_line "$err" 'listening on 2 capture points' "$pid" ||
	{ show "$err"; xdpdump_stop "$pid"; fatal "the remote capture did not start (2)"; }
check "hosta captures before the kill" test \
	"$(tenv_xdp_prog_name "$RA" veth0)" = xdpdump_capture
t0=$(date +%s%N)
kill -KILL "$pid"
wait "$pid" 2>/dev/null
true
# shellcheck disable=SC2317 # called through check
both_restored() { no_xdp "$RA-b" && no_xdp "$RB-b"; }
# shellcheck disable=SC2317 # called through check
gone() { (( $(remote_xdpdumps "$RA-b") + $(remote_xdpdumps "$RB-b") == 0 )); }
check "after SIGKILL, both hosts restore their veth0 within 5 s" wait_for 5 both_restored
check "after SIGKILL, both remote captures end within 5 s" wait_for 5 gone
echo "# restored and ended $(( ($(date +%s%N) - t0) / 1000000 )) ms after the SIGKILL"

# start_both ERR — the two-host capture again, its pid in $pid.
start_both() {
	tenv_bg "$RM" /dev/null "$1" "$XDPDUMP" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" \
		-i hosta:veth0 -i hostb:veth0 -w "$TEST_TMP/again.pcapng" udp
	pid=$TENV_BG_PID
	tenv_wait_line "$1" 'listening on 2 capture points' "$pid" ||
		{ show "$1"; xdpdump_stop "$pid"; fatal "the remote capture did not start ($1)"; }
}

# The connection to hosta drops (its ssh client dies): hosta's capture
# ends and restores, the local side says so in one line and stops hostb.
start_both "$TEST_TMP/drop.err"
ssh_pid=$(pgrep -P "$pid" -f 'hosta' | head -n1)
check "hosta's ssh client found" test -n "$ssh_pid"
kill -KILL "$ssh_pid"
check "a dropped connection: hosta restores within 5 s" wait_for 5 no_xdp "$RA-b"
xdpdump_stop "$pid" INT
check_eq "a dropped connection: exit status" 1 "$?"
check "a dropped connection: said in one line naming hosta" \
	grep -q '^xdpdump: hosta: the ssh connection was lost' "$TEST_TMP/drop.err"
check "a dropped connection: hostb stopped and restored" wait_for 5 no_xdp "$RB-b"

# A silent partition: hosta's management link goes down, no FIN, no EOF,
# no packet flowing. Without heartbeats from the local side, hosta's
# capture stops by itself and restores.
start_both "$TEST_TMP/partition.err"
t0=$(date +%s%N)
ip -n "$RM" link set mgt-a down
check "a silent partition: hosta restores within 5 s" wait_for 5 no_xdp "$RA-b"
echo "# hosta restored $(( ($(date +%s%N) - t0) / 1000000 )) ms after its link went down"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
ip -n "$RM" link set mgt-a up
check "a silent partition: hostb restores after the local side dies" wait_for 5 no_xdp "$RB-b"
finish
