# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Checks on capture files shared by the file-output tests (rotation, gzip,
# ownership). Source it after tests/lib.sh.

# file_bytes FILE — FILE's content as xdpdump wrote it before compression.
file_bytes() {
	if [[ $1 == *.gz ]]; then gzip -dc "$1"; else cat "$1"; fi
}

# last_block_type FILE — the type of a pcapng file's last block, in decimal.
# Every block ends with its own total length (draft-ietf-opsawg-pcapng,
# section 3.1), so the last one can be found from the end.
last_block_type() {
	local tmp size len
	tmp=$(mktemp) || return 1
	file_bytes "$1" >"$tmp"
	size=$(stat -c %s "$tmp")
	len=$(od -An -tu4 -j $(( size - 4 )) -N4 "$tmp" | tr -d ' ')
	od -An -tu4 -j $(( size - len )) -N4 "$tmp" | tr -d ' '
	rm -f "$tmp"
}

# check_whole_file FILE WHAT — capinfos and tshark read FILE on its own,
# and a pcapng FILE ends with an Interface Statistics Block (type 5).
check_whole_file() {
	local f=$1 what=$2 n
	if capinfos -c "$f" >/dev/null 2>&1 && tshark -r "$f" >/dev/null 2>&1; then
		pass "$what: capinfos and tshark read $(basename "$f")"
	else
		fail "$what: $(basename "$f") is not readable on its own"
		capinfos -c "$f" 2>&1 | show /dev/stdin
		return
	fi
	[[ $f == *.pcap || $f == *.pcap[0-9]* ]] && return
	n=$(last_block_type "$f")
	check_eq "$what: $(basename "$f") ends with statistics (ISB, type 5)" 5 "$n"
}

# if_names FILE — the interface names in FILE's IDBs, in id order.
if_names() {
	capinfos -I "$1" 2>/dev/null | awk -F'= ' '/^ *Name = / { printf "%s ", $2 }'
}

# packet_ids FILE... — every packet's interface and EPB packet id
# (epb_packetid) in the files. Ids are counted per interface's program, so
# only the pair is unique.
packet_ids() {
	local f
	for f in "$@"; do
		tsh -r "$f" -T fields -e frame.interface_name -e frame.packet_id
	done
}

# total_packets FILE... — sum of the files' packet counts (capinfos).
total_packets() {
	local f sum=0
	for f in "$@"; do
		sum=$(( sum + $(pkt_count "$f") ))
	done
	echo "$sum"
}
