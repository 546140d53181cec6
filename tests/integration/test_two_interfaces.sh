#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `-i veth0 -i veth2` into one pcapng: one interface description block per
# interface, every packet attributed to the interface it came in on (30 on
# veth0, 50 on veth2, told apart by their subnets too). veth0 has no
# program (xdpdump loads its own), veth2 has the existing one (tail call):
# both ways in one run, and each interface is given back as it was.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

N0=30 N2=50
new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth2 native iplink ||
	fatal "could not attach the existing program to veth2"
before0=$(tenv_xdp_state "$env" veth0)
before2=$(tenv_xdp_state "$env" veth2)
f="$TEST_TMP/two.pcapng" err="$TEST_TMP/two.err"

xdpdump_start "$env" /dev/null "$err" -i veth0 -i veth2 -w "$f"
xdpdump_wait_ready "$err" "$XD_PID" ||
	{ show "$err"; fatal "xdpdump did not start on both interfaces"; }
check_attach_line "$err" 'veth0: attached \(load' "veth0: own program"
check_attach_line "$err" 'veth2: attached \(tailcall.*xdp_drop_udp9' \
	"veth2: tail call to the existing program"
check_attach_line "$err" 'listening on .*veth0.*veth2|listening on .*veth2.*veth0' \
	"listening on both"

tenv_udp "$env" 7 "$N0" 64 "" 0 || fail "sending on pair 0"
tenv_udp "$env" 7 "$N2" 64 "" 2 || fail "sending on pair 2"

xdpdump_stop "$XD_PID" INT
check_eq "exit status after SIGINT" 0 "$?"
check_state "$env" veth0 "$before0" "veth0 given back"
check_state "$env" veth2 "$before2" "veth2 given back"

check_eq "interfaces in the file (capinfos)" 2 \
	"$(capinfo "$f" -I "Number of interfaces in file")"
check_eq "interface names in the file" "veth0 veth2" \
	"$(capinfos -I "$f" 2>/dev/null | awk -F'= *' '/^ *Name/ { print $2 }' |
		sort | xargs)"
check_eq "packets in file" $(( N0 + N2 )) "$(pkt_count "$f")"
check_eq "packets attributed to veth0" "$N0" \
	"$(pkt_count "$f" 'frame.interface_name == "veth0"')"
check_eq "packets attributed to veth2" "$N2" \
	"$(pkt_count "$f" 'frame.interface_name == "veth2"')"
check_eq "veth0's packets are pair 0's" "$N0" \
	"$(pkt_count "$f" "frame.interface_name == \"veth0\" && ip.dst == $(tenv_addr "$env" 0)")"
check_eq "veth2's packets are pair 2's" "$N2" \
	"$(pkt_count "$f" "frame.interface_name == \"veth2\" && ip.dst == $(tenv_addr "$env" 2)")"
check "timestamps in order across interfaces" time_ordered "$f"
finish
