#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -i NETNS/IF beside a plain -i IF: one run captures the interface of the
# namespace it runs in (E1-b's veth0, "the host") and interfaces in two
# other namespaces (E1-a's veth1, E2-b's veth0) into one file. tshark
# checks the interface names (NETNS/IF), that every UDP datagram sent is
# there on the interface it arrived on, and time order across them; every
# interface is given back as it was, in its own namespace. A NETNS/IF that
# names no namespace, or no interface in it, is one line and nothing is
# left attached. --cleanup -i NETNS/IF restores what a killed capture left
# in a namespace.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

N=20 ROUNDS=3
new_env 1 && e1=$TEST_ENV
new_env 1 && e2=$TEST_ENV
tenv_attach_existing "$e2" veth0 native iplink ||
	fatal "could not attach the existing program to $e2-b's veth0"
before_host=$(tenv_xdp_state "$e1" veth0)
before_e2=$(tenv_xdp_state "$e2" veth0)
before_e1a=$(ip -n "$e1-a" -j -d link show dev veth1 | jq -c '.[0].xdp // empty')
f="$TEST_TMP/points.pcapng" err="$TEST_TMP/points.err"

xdpdump_start "$e1" /dev/null "$err" -i veth0 -i "$e1-a/veth1" -i "$e2-b/veth0" \
	-w "$f" udp
xdpdump_wait_ready "$err" "$XD_PID" ||
	{ show "$err"; xdpdump_stop "$XD_PID"; fatal "xdpdump did not start"; }
check_attach_line "$err" "$e2-b/veth0: attached \\(tailcall" \
	"the other namespace's existing program is chained"
check_eq "XDP program on $e1-a's veth1 while capturing" xdpdump_capture \
	"$(ip -n "$e1-a" -j -d link show dev veth1 | jq -r '.[0].xdp.prog.name // empty')"

# Interleaved: host, the other environment, then the reverse direction
# (E1-b to E1-a, which E1-a's veth1 receives).
for (( r = 0; r < ROUNDS; r++ )); do
	tenv_udp "$e1" 7 "$N" || fail "sending to the host's veth0"
	tenv_udp "$e2" 9 "$N" || fail "sending to $e2-b"
	tenv_exec "$e1-b" "$TENV_BIN/udp_send" -d "$(tenv_addr "$e1" 0 4 a)" -p 5 \
		-n "$N" -s 64 -r 0 >/dev/null || fail "sending to $e1-a"
done

xdpdump_stop "$XD_PID" INT
check_eq "exit status after SIGINT" 0 "$?"
check_state "$e1" veth0 "$before_host" "the host's interface given back"
check_state "$e2" veth0 "$before_e2" "$e2-b's interface given back"
check_eq "$e1-a's veth1 given back" "$before_e1a" \
	"$(ip -n "$e1-a" -j -d link show dev veth1 | jq -c '.[0].xdp // empty')"

total=$(( 3 * N * ROUNDS ))
check_eq "interface names in the file" \
	"$(printf '%s\n' veth0 "$e1-a/veth1" "$e2-b/veth0" | sort | xargs)" \
	"$(capinfos -I "$f" 2>/dev/null | awk -F'= *' '/^ *Name/ { print $2 }' | sort | xargs)"
check_eq "every datagram in the file" "$total" "$(pkt_count "$f" 'udp && !icmp')"
check_eq "the host's datagrams on veth0" $(( N * ROUNDS )) \
	"$(pkt_count "$f" 'frame.interface_name == "veth0" && udp.dstport == 7')"
check_eq "$e1-a's datagrams on $e1-a/veth1" $(( N * ROUNDS )) \
	"$(pkt_count "$f" "frame.interface_name == \"$e1-a/veth1\" && udp.dstport == 5")"
check_eq "$e2-b's datagrams on $e2-b/veth0" $(( N * ROUNDS )) \
	"$(pkt_count "$f" "frame.interface_name == \"$e2-b/veth0\" && udp.dstport == 9")"
check "timestamps in order across namespaces" time_ordered "$f"
# The rounds are sequential: the file must interleave them in that order.
order=$(tsh -r "$f" -Y 'udp && !icmp' -T fields -e udp.dstport | uniq | xargs)
check_eq "rounds in the order they were sent" \
	"$(for (( r = 0; r < ROUNDS; r++ )); do printf '7 9 5 '; done | xargs)" "$order"

# Bad points: one line naming the point, non-zero, nothing attached.
out=$(xdpdump_run "$e1" 10 -i veth0 -i "no-such-ns-$$/veth0" -w "$TEST_TMP/bad.pcapng" 2>&1)
check "an unknown namespace is refused" test $? -ne 0
check_eq "one line for the unknown namespace" 1 "$(grep -c "no-such-ns-$$" <<<"$out")"
out=$(xdpdump_run "$e1" 10 -i veth0 -i "$e2-b/nosuchif" -w "$TEST_TMP/bad.pcapng" 2>&1)
check "an unknown interface in a namespace is refused" test $? -ne 0
check "it names the point" grep -q "$e2-b/nosuchif: no such interface" <<<"$out"
check_state "$e1" veth0 "$before_host" "nothing left on the host's veth0"
check_state "$e2" veth0 "$before_e2" "nothing left in $e2-b"
out=$(xdpdump_run "$e1" 10 -i "$e2-b/veth0" -i "$e2-b/veth0" -w "$TEST_TMP/bad.pcapng" 2>&1)
check "the same point twice is refused" grep -q "given twice" <<<"$out"

# --cleanup -i NETNS/IF undoes a killed capture in that namespace. (Clear
# the leftover before the next capture would; recovery is tested here on
# its own.)
xdpdump_start "$e1" /dev/null "$err" -i "$e2-b/veth0" -w "$TEST_TMP/killed.pcapng"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "xdpdump did not start (kill)"; }
kill -KILL "$XD_PID"
wait "$XD_PID" 2>/dev/null
check "after SIGKILL the capture program is left in $e2-b" test \
	"$(tenv_xdp_prog_name "$e2" veth0)" = xdpdump_capture
out=$(xdpdump_run "$e1" 20 --cleanup -i "$e2-b/veth0" 2>&1)
check_eq "--cleanup -i NETNS/IF: exit status" 0 "$?"
check_state "$e2" veth0 "$before_e2" "--cleanup -i NETNS/IF gave $e2-b's veth0 back"
finish
