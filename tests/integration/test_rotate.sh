#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -C, -G and -W with tcpdump's meaning, real traffic through veth:
#  - -C 100k over two interfaces: NAME, NAME1, NAME2, ...; each file is a
#    whole pcapng of its own (both IDBs, same ids, an ISB per interface at
#    its end) that capinfos and tshark read alone; a file is cut only once
#    it is over the size; the packets of all files add up to what was sent,
#    and no packet id is in two files;
#  - -C 1 (millions of bytes) with --pcap;
#  - -C 50k -W 3: a ring NAME0 NAME1 NAME2 and nothing else;
#  - -G 1 -W 2 with a strftime(3) name: two files named after their start
#    time, then xdpdump ends by itself with status 0.
# Every run gives the interfaces back as they were.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=files_common.sh
. "$(dirname "$0")/files_common.sh"
require_all
new_tmp

PAYLOAD=1000
new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before0=$(tenv_xdp_state "$env" veth0)
before2=$(tenv_xdp_state "$env" veth2)

# start TAG ARGS... — xdpdump in the background, stderr to $TEST_TMP/TAG.err.
start() {
	local tag=$1
	shift
	xdpdump_start "$env" /dev/null "$TEST_TMP/$tag.err" "$@"
	xdpdump_wait_ready "$TEST_TMP/$tag.err" "$XD_PID" ||
		{ show "$TEST_TMP/$tag.err"; fatal "$tag: xdpdump did not start"; }
}

# stop TAG — SIGINT, exit status 0, interfaces as they were.
stop() {
	xdpdump_stop "$XD_PID" INT
	check_eq "$1: exit status" 0 "$?"
	check_state "$env" veth0 "$before0" "$1: after exit"
	check_state "$env" veth2 "$before2" "$1: after exit"
}

# --- -C 100k, two interfaces ------------------------------------------------
LIMIT=$(( 100 * 1024 ))
start size -i veth0 -i veth2 -C 100k -w "$TEST_TMP/size.pcapng"
TENV_UDP_RATE=20000 tenv_udp "$env" 7 600 "$PAYLOAD" "" 0 || fail "size: sending on veth0"
TENV_UDP_RATE=20000 tenv_udp "$env" 7 100 "$PAYLOAD" "" 2 || fail "size: sending on veth2"
stop size
files=("$TEST_TMP/size.pcapng")
for (( i = 1; i < 100; i++ )); do
	[[ -e $TEST_TMP/size.pcapng$i ]] || break
	files+=("$TEST_TMP/size.pcapng$i")
done
check_eq "-C 100k: files size.pcapng .. size.pcapng$(( ${#files[@]} - 1 )), nothing else" \
	"${#files[@]}" "$(find "$TEST_TMP" -name 'size.pcapng*' | wc -l)"
check "-C 100k: at least 6 files for 700 packets of 1042 bytes" test "${#files[@]}" -ge 6
for f in "${files[@]}"; do
	check_whole_file "$f" "-C 100k"
	check_eq "-C 100k: $(basename "$f"): interfaces by id" "veth0 veth2 " "$(if_names "$f")"
	check_eq "-C 100k: $(basename "$f"): one statistics entry per interface" "1 1" \
		"$(capinfos -I "$f" 2>/dev/null | awk '/stat entries/ { print $NF }' | xargs)"
done
# tcpdump's rule: a file is closed when it is already over the limit before
# the next packet, so every file but the last holds more than the limit and
# less than the limit plus one packet block (1042 bytes + 52 of EPB).
for f in "${files[@]:0:${#files[@]}-1}"; do
	size=$(stat -c %s "$f")
	if (( size > LIMIT && size <= LIMIT + 1200 )); then
		pass "-C 100k: $(basename "$f") is just over $LIMIT bytes ($size)"
	else
		fail "-C 100k: $(basename "$f") is $size bytes"
	fi
done
check_eq "-C 100k: packets in all files" 700 "$(total_packets "${files[@]}")"
check_eq "-C 100k: UDP on veth0 in all files" 600 \
	"$(for f in "${files[@]}"; do pkt_count "$f" 'frame.interface_id == 0 && udp.dstport == 7'; done |
		awk '{ s += $1 } END { print s }')"
check_eq "-C 100k: no packet id in two files" 0 \
	"$(packet_ids "${files[@]}" | sort | uniq -d | wc -l)"
check_attach_line "$TEST_TMP/size.err" \
	"700 packets written to ${#files[@]} files, the last .*size.pcapng$(( ${#files[@]} - 1 ))\$" \
	"-C 100k: the summary counts the files"

# --- -C 1: millions of bytes, classic pcap ------------------------------------
start mb -i veth0 --pcap -C 1 -w "$TEST_TMP/mb.pcap"
TENV_UDP_RATE=20000 tenv_udp "$env" 7 2200 "$PAYLOAD" "" 0 || fail "-C 1: sending"
stop "-C 1"
size=$(stat -c %s "$TEST_TMP/mb.pcap")
if (( size > 1000000 && size <= 1000000 + 1100 )); then
	pass "-C 1: the first file is just over 1,000,000 bytes ($size)"
else
	fail "-C 1: the first file is $size bytes"
fi
check "-C 1: a third file, mb.pcap2" test -e "$TEST_TMP/mb.pcap2"
check "-C 1: no fourth file" test ! -e "$TEST_TMP/mb.pcap3"
for f in "$TEST_TMP"/mb.pcap*; do
	check_whole_file "$f" "-C 1"
	check_eq "-C 1: $(basename "$f") is nanosecond pcap" nsecpcap \
		"$(capinfo "$f" -t "File type")"
done
check_eq "-C 1: packets in all files" 2200 \
	"$(total_packets "$TEST_TMP/mb.pcap" "$TEST_TMP/mb.pcap1" "$TEST_TMP/mb.pcap2")"

# --- -C 50k -W 3: a ring of three files ---------------------------------------
start ring -i veth0 -C 50k -W 3 -w "$TEST_TMP/ring.pcapng"
TENV_UDP_RATE=20000 tenv_udp "$env" 7 600 "$PAYLOAD" "" 0 || fail "ring: sending"
stop "-W 3 ring"
check_eq "-W 3 ring: the files" "ring.pcapng0 ring.pcapng1 ring.pcapng2" \
	"$(cd "$TEST_TMP" && echo ring.pcapng*)"
for f in "$TEST_TMP"/ring.pcapng?; do
	check_whole_file "$f" "-W 3 ring"
done
# 600 packets fill 12 files of 50 KiB: the three left must hold the last
# packets sent, without a gap (udp_send numbers its datagrams from 0).
seqs=$(for f in "$TEST_TMP"/ring.pcapng?; do
	tsh -r "$f" -Y 'udp.dstport == 7' -T fields -e udp.payload
done | cut -c1-8 | while read -r hex; do echo $(( 16#$hex )); done | sort -n)
read -r first_kept last_kept kept < <(awk 'NR == 1 { f = $1 } { l = $1 } END { print f, l, NR }' \
	<<<"$seqs")
check_eq "-W 3 ring: the last datagram is kept" 599 "$last_kept"
check "-W 3 ring: older files were overwritten (datagrams $first_kept..$last_kept kept)" \
	test "$first_kept" -gt 0
check_eq "-W 3 ring: no gap in what is kept" $(( last_kept - first_kept + 1 )) "$kept"

# --- -G 1 -W 2: time names, stop after two files -----------------------------
traffic_start "$env" 7 200
t0=$(date +%s)
err="$TEST_TMP/time.err"
xdpdump_run "$env" 20 -i veth0 -G 1 -W 2 -w "$TEST_TMP/t-%Y%m%d-%H%M%S.pcapng" 2>"$err"
rc=$?
t1=$(date +%s)
traffic_stop
check_eq "-G 1 -W 2: ended by itself with status 0" 0 "$rc"
check_state "$env" veth0 "$before0" "-G 1 -W 2: after exit"
mapfile -t tfiles < <(find "$TEST_TMP" -name 't-*.pcapng' | sort)
check_eq "-G 1 -W 2: files" 2 "${#tfiles[@]}"
for f in "${tfiles[@]}"; do
	check_whole_file "$f" "-G 1 -W 2"
	stamp=$(basename "$f" .pcapng)
	stamp=${stamp#t-}
	secs=$(date -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
	if (( secs >= t0 && secs <= t1 )); then
		pass "-G 1 -W 2: $(basename "$f") is named after a time of the run"
	else
		fail "-G 1 -W 2: $(basename "$f"): $secs is not within $t0..$t1"
	fi
	check "-G 1 -W 2: $(basename "$f") holds packets" test "$(pkt_count "$f")" -gt 0
done
if (( ${#tfiles[@]} == 2 )); then
	last=$(tsh -r "${tfiles[0]}" -T fields -e frame.time_epoch | tail -n1)
	first=$(tsh -r "${tfiles[1]}" -T fields -e frame.time_epoch | head -n1)
	check "-G 1 -W 2: the second file starts after the first ends" \
		test "$(printf '%s\n%s\n' "$last" "$first" | sort -n | head -n1)" = "$last"
fi
finish
