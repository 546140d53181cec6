#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --pcap writes classic pcap with nanosecond timestamps: the magic number
# on disk, capinfos' type and resolution, tcpdump reads it, counts right.
# With -s 60 every packet is cut to 60 bytes and keeps its original
# length, in both formats, and the file header gives the snaplen.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

UDP=20 PINGS=5 PAYLOAD=200
UDP_LEN=$(( 14 + 20 + 8 + PAYLOAD ))
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# capture TAG ARGS... — capture the standard traffic into $TEST_TMP/TAG.
capture() {
	local tag=$1 err="$TEST_TMP/$1.err"
	shift
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/$tag" "$@"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$tag: xdpdump did not start"; }
	tenv_udp "$env" 7 "$UDP" "$PAYLOAD" || fail "$tag: sending UDP"
	tenv_ping "$env" "$PINGS" || fail "$tag: ping"
	xdpdump_stop "$XD_PID" INT
	check_eq "$tag: exit status" 0 "$?"
	check_state "$env" veth0 "$before" "$tag: after exit"
}

capture full.pcap --pcap
f="$TEST_TMP/full.pcap"
# pcap nanosecond magic 0xa1b23c4d, written in host (little-endian) order.
check_eq "pcap: magic number" 4d3cb2a1 "$(od -An -tx1 -N4 "$f" | tr -d ' ')"
check_eq "pcap: capinfos file type" nsecpcap "$(capinfo "$f" -t "File type")"
check_eq "pcap: timestamp precision" "nanoseconds (9)" \
	"$(capinfo "$f" -F "File timestamp precision")"
check_eq "pcap: tcpdump reads every packet" $(( UDP + PINGS )) \
	"$(tcpdump -r "$f" -n 2>/dev/null | wc -l)"
check_eq "pcap: UDP packets, whole" "$UDP" \
	"$(pkt_count "$f" "udp.dstport == 7 && frame.cap_len == $UDP_LEN")"
check "pcap: timestamps in order" time_ordered "$f"

for fmt in pcap pcapng; do
	args=(-s 60)
	[[ $fmt == pcap ]] && args+=(--pcap)
	capture "snap.$fmt" "${args[@]}"
	f="$TEST_TMP/snap.$fmt"
	# pcap has it in the file header, pcapng in each interface block.
	check_eq "$fmt -s 60: snaplen in the file" 60 \
		"$(capinfos -M -l -I "$f" 2>/dev/null |
			grep -Eo '(file hdr: |Capture length = )[0-9]+' | grep -Eo '[0-9]+$' |
			sort -u)"
	check_eq "$fmt -s 60: packets cut to 60 bytes" 0 \
		"$(pkt_count "$f" 'frame.cap_len > 60')"
	check_eq "$fmt -s 60: UDP keeps its original length" "$UDP" \
		"$(pkt_count "$f" "udp && frame.len == $UDP_LEN && frame.cap_len == 60")"
	check_eq "$fmt -s 60: tcpdump reads every packet" $(( UDP + PINGS )) \
		"$(tcpdump -r "$f" -n 2>/dev/null | wc -l)"
done
finish
