#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wireshark's extcap interface, driven by the real tshark (4.0 looks for
# personal extcap programs in $HOME/.config/wireshark/extcap; HOME points
# at a scratch directory, so nothing outside the test is touched):
#  - `tshark -D` lists "xdp:veth0 (XDP: veth0)", and not loopback;
#  - `tshark -i xdp:veth0 -c 10` captures 10 packets from the veth in the
#    receiver namespace, and the interface is restored after tshark exits;
#  - `-f 'udp port 9'` becomes --extcap-capture-filter and keeps only those;
#  - xdpdump's own answers: DLT, config (every call is an xdpdump option),
#    the filter check (empty stdout when valid, the reason when not);
#  - a --capture stops and restores the interface when the fifo's reader
#    goes away with no packet flowing, and on SIGTERM.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd mkfifo
new_tmp

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

home="$TEST_TMP/home"
mkdir -p "$home/.config/wireshark/extcap"
ln -s "$XDPDUMP" "$home/.config/wireshark/extcap/xdpdump"

# tshark_b ARGS... — tshark in the receiver namespace with our extcap dir.
tshark_b() {
	HOME=$home XDG_CONFIG_HOME=$home/.config tenv_exec "$env-b" \
		timeout -s KILL 60 tshark "$@"
}

# restored WHAT — the interface is back as it was, within TENV_TIMEOUT.
restored() {
	wait_for "$TENV_TIMEOUT" test "$(tenv_xdp_state "$env" veth0)" == "$before"
	check_state "$env" veth0 "$before" "$1"
}

# shellcheck disable=SC2317 # called through wait_for
gone() {
	! kill -0 "$1" 2>/dev/null
}

# --- tshark -D ---------------------------------------------------------
list="$TEST_TMP/list.out"
tshark_b -D >"$list" 2>/dev/null
check "tshark -D lists 'xdp:veth0 (XDP: veth0)'" \
	grep -Eq '^[0-9]+\. xdp:veth0 \(XDP: veth0\)$' "$list"
check "tshark -D does not offer loopback" \
	test "$(grep -c 'xdp:lo' "$list")" -eq 0
check_eq "tshark -D: one XDP interface in this namespace" 1 \
	"$(grep -c '(XDP: ' "$list")"

# --- tshark -i xdp:veth0 -c 10 -----------------------------------------
traffic_start "$env" 7 500
out="$TEST_TMP/ten.pcapng"
tshark_b -i xdp:veth0 -c 10 -w "$out" >/dev/null 2>"$TEST_TMP/ten.err"
rc=$?
check_eq "tshark -c 10: exit status" 0 "$rc"
check_eq "tshark -c 10: packets in its file (capinfos)" 10 "$(pkt_count "$out")"
check_eq "tshark -c 10: all of them our UDP to port 7" 10 \
	"$(pkt_count "$out" "udp.dstport == 7 && ip.dst == $(tenv_addr "$env" 0)")"
check "tshark -c 10: nothing from xdpdump reported as an error" \
	test "$(grep -c 'extcap' "$TEST_TMP/ten.err")" -eq 0
(( TEST_FAILS )) && show "$TEST_TMP/ten.err"
restored "after tshark -c 10 exited"
traffic_stop

# --- tshark -f (capture filter) ----------------------------------------
traffic_start "$env" 7 500
port7=$TRAFFIC_PID
traffic_start "$env" 9 100
out="$TEST_TMP/filtered.pcapng"
tshark_b -i xdp:veth0 -f 'udp port 9' -c 10 -w "$out" >/dev/null 2>&1
check_eq "tshark -f 'udp port 9': exit status" 0 "$?"
check_eq "tshark -f 'udp port 9': 10 packets" 10 "$(pkt_count "$out")"
check_eq "tshark -f 'udp port 9': every one to port 9, though port 7 runs at 5x" \
	10 "$(pkt_count "$out" 'udp.dstport == 9')"
restored "after the filtered capture"
traffic_stop
kill "$port7" 2>/dev/null
wait "$port7" 2>/dev/null

# --- xdpdump's answers, as Wireshark asks them ---------------------------
ans="$TEST_TMP/answer.out"
"$XDPDUMP" --extcap-interface xdp:veth0 --extcap-dlts >"$ans"
check "--extcap-dlts: Ethernet (DLT 1)" \
	grep -qx 'dlt {number=1}{name=EN10MB}{display=Ethernet}' "$ans"
"$XDPDUMP" --extcap-version=4.0 --extcap-interfaces >"$ans"
check "--extcap-interfaces: first line is the extcap version" \
	grep -Eq '^extcap \{version=[0-9.]+\}' <(head -n1 "$ans")
"$XDPDUMP" --extcap-interface xdp:veth0 --extcap-config >"$ans"
check "--extcap-config: every line is an arg or a value sentence" \
	test "$(grep -cvE '^(arg|value) \{' "$ans")" -eq 0
"$XDPDUMP" --help >"$TEST_TMP/help.out"
calls=$(grep -o '{call=--[a-z-]*}' "$ans" | sed 's/{call=\(.*\)}/\1/')
check "--extcap-config offers snaplen, capture point and attach strategy" \
	test "$(grep -cE -- '^--(snaplen|rx-capture|attach)$' <<<"$calls")" -eq 3
for call in $calls; do
	check "--extcap-config: $call is an xdpdump option in --help" \
		grep -q -- "$call " "$TEST_TMP/help.out"
done

"$XDPDUMP" --extcap-interface xdp:veth0 --extcap-capture-filter 'udp port 9' \
	>"$ans" 2>&1
check_eq "valid filter: exit status" 0 "$?"
check_eq "valid filter: nothing printed" 0 "$(wc -c <"$ans")"
"$XDPDUMP" --extcap-interface xdp:veth0 --extcap-capture-filter 'udp port' \
	>"$ans" 2>/dev/null
check_eq "invalid filter: exit status" 1 "$?"
check_eq "invalid filter: one line with the reason on stdout" 1 "$(grep -c . "$ans")"

"$XDPDUMP" --extcap-interface veth0 --extcap-dlts >"$ans" 2>"$TEST_TMP/bad.err"
check_eq "an interface without xdp: prefix: exit status" 1 "$?"
check_eq "an interface without xdp: prefix: one line on stderr" 1 \
	"$(grep -c . "$TEST_TMP/bad.err")"
"$XDPDUMP" --extcap-interface xdp:veth0 --capture >"$ans" 2>"$TEST_TMP/bad.err"
check_eq "--capture without --fifo: exit status" 1 "$?"
check_eq "--capture without --fifo: one line on stderr" 1 \
	"$(grep -c . "$TEST_TMP/bad.err")"

# --- the reader goes away with no traffic; SIGTERM -------------------------
# -v keeps the listening line, which extcap mode otherwise leaves out.
fifo="$TEST_TMP/fifo"
mkfifo "$fifo"
err="$TEST_TMP/idle.err"
xdpdump_start "$env" /dev/null "$err" -v --capture --extcap-interface xdp:veth0 \
	--fifo "$fifo"
cat "$fifo" >"$TEST_TMP/idle.pcapng" &
reader=$!
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "--capture did not start"; }
check "--capture: the capture program is on veth0" \
	test "$(tenv_xdp_prog_name "$env" veth0)" == xdpdump_capture
kill "$reader"
wait "$reader" 2>/dev/null
rc=0
wait_for "$TENV_TIMEOUT" gone "$XD_PID" || rc=1
check_eq "reader gone, no traffic: xdpdump ended by itself" 0 "$rc"
xdpdump_stop "$XD_PID" KILL >/dev/null 2>&1
restored "after the fifo's reader went away"

err="$TEST_TMP/term.err"
xdpdump_start "$env" /dev/null "$err" -v --capture --extcap-interface xdp:veth0 \
	--fifo "$fifo" --snaplen 64
cat "$fifo" >"$TEST_TMP/term.pcapng" &
reader=$!
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "--capture did not start"; }
tenv_udp "$env" 7 5 >/dev/null 2>&1
xdpdump_stop "$XD_PID" TERM
check_eq "SIGTERM: exit status" 0 "$?"
wait "$reader" 2>/dev/null
restored "after SIGTERM"
check_eq "SIGTERM: the fifo got a pcapng with the 5 packets (capinfos)" 5 \
	"$(pkt_count "$TEST_TMP/term.pcapng")"
check_eq "SIGTERM: --snaplen from the config reached the capture" 64 \
	"$(tsh -r "$TEST_TMP/term.pcapng" -T fields -e frame.cap_len | sort -nu | tail -n1)"
finish
