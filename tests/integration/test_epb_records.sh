#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ring buffer records are pcapng Enhanced Packet Blocks made by the
# capture program and written to the file as they are (issue 12). For each
# way the program copies the packet (--record-copy classes, and dynptr
# where the kernel has bpf_dynptr_copy), frames of every length around the
# 4-byte padding and the class and dynptr boundaries, whole and cut by -s,
# must read in tshark exactly as the perf transport's (whose blocks user
# space builds): lengths, payload, direction, unique packet ids, wall-clock
# times inside the capture's own window, and no malformed block.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

"$XDPDUMP" --version >"$TEST_TMP/version" 2>&1
grep -q '^record path: BPF ring buffer' "$TEST_TMP/version" ||
	skip "this kernel has no BPF ring buffer: only the perf transport runs here"
copies=(classes)
if grep -q '^record copy: dynptr' "$TEST_TMP/version"; then
	copies+=(dynptr)
else
	echo "SKIP $TEST_NAME: dynptr cases: this kernel has no bpf_dynptr_copy (6.15+)"
fi

# Lengths of UDP payload: the frame is 42 bytes more. 1..4 around the
# padding, 214 the last frame below dynptr_min_cap (256), 215 the first at
# it, 1472 a full 1514-byte frame in the 1536 class.
SIZES=(1 2 3 4 22 23 214 215 982 983 1472)
EACH=3
new_env 1 && env=$TEST_ENV

# capture NAME ARGS...: the sizes above, EACH frames of each.
capture() {
	local name=$1 f err
	shift
	f="$TEST_TMP/$name.pcapng" err="$TEST_TMP/$name.err"
	xdpdump_start "$env" /dev/null "$err" -v "$@" -i veth0 -w "$f" udp
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "$name: xdpdump did not start"; }
	date +%s.%N >"$TEST_TMP/$name.t0"
	for size in "${SIZES[@]}"; do
		tenv_udp "$env" 7 "$EACH" "$size" || fail "$name: sender, size $size"
	done
	date +%s.%N >"$TEST_TMP/$name.t1"
	xdpdump_stop "$XD_PID" INT
	check_eq "$name: exit status" 0 "$?"
}

# What must be the same whatever made the block.
fields() {
	tsh -r "$1" -T fields -e frame.len -e frame.cap_len -e frame.packet_flags_direction \
		-e frame.interface_id -e udp.length -e udp.payload
}

# shellcheck disable=SC2317 # called through check
no_malformed() {
	local out
	out=$(tshark -r "$1" -V 2>&1) || return 1
	! grep -qiE 'malformed|expert info \(error|appears to be damaged|cut short' <<<"$out"
}

# Every EPB's padding bytes, from the raw file: od prints the words, awk
# walks the blocks (little-endian host: this runs where it was captured).
# shellcheck disable=SC2317 # called through check
padding_zero() {
	od -An -v -tu1 -w1 "$1" | awk '
		{ b[NR - 1] = $1 } END {
			p = 0; n = 0
			while (p + 12 <= NR) {
				t = b[p] + 256 * (b[p+1] + 256 * (b[p+2] + 256 * b[p+3]))
				l = b[p+4] + 256 * (b[p+5] + 256 * (b[p+6] + 256 * b[p+7]))
				if (l < 12) exit 1
				if (t == 6) {
					c = b[p+20] + 256 * (b[p+21] + 256 * (b[p+22] + 256 * b[p+23]))
					for (i = c; i % 4; i++) if (b[p + 28 + i] != 0) exit 1
					n++
				}
				p += l
			}
			exit !(n > 0 && p == NR)
		}'
}

# shellcheck disable=SC2317 # called through check
ids_unique() {
	local n u
	n=$(tsh -r "$1" -T fields -e frame.packet_id | wc -l)
	u=$(tsh -r "$1" -T fields -e frame.packet_id | sort -u | wc -l)
	(( n > 0 && n == u ))
}

# shellcheck disable=SC2317 # called through check
times_inside() {
	local t0 t1
	t0=$(<"$TEST_TMP/$2.t0") t1=$(<"$TEST_TMP/$2.t1")
	tsh -r "$1" -T fields -e frame.time_epoch |
		awk -v a="$t0" -v b="$t1" '$1 < a - 0.5 || $1 > b + 0.5 { bad = 1 } END { exit bad || NR == 0 }'
}

want=$(( ${#SIZES[@]} * EACH ))
for snap in 0 100; do
	sargs=()
	(( snap )) && sargs=(-s "$snap")
	capture "perf-s$snap" --ring perf "${sargs[@]}"
	fields "$TEST_TMP/perf-s$snap.pcapng" >"$TEST_TMP/perf-s$snap.fields"
	check_eq "perf -s $snap: frames in file" "$want" "$(wc -l <"$TEST_TMP/perf-s$snap.fields")"
	for copy in "${copies[@]}"; do
		name="$copy-s$snap"
		capture "$name" --ring ringbuf --record-copy "$copy" "${sargs[@]}"
		f="$TEST_TMP/$name.pcapng"
		check "$name: the capture says it used $copy" \
			grep -q "record copy: $copy\$" "$TEST_TMP/$name.err"
		check "$name: tshark finds no malformed block" no_malformed "$f"
		check_eq "$name: capinfos counts every frame" "$want" \
			"$(capinfo "$f" -c "Number of packets")"
		fields "$f" >"$TEST_TMP/$name.fields"
		check "$name: lengths, direction, interface and payload as the perf transport's" \
			cmp -s "$TEST_TMP/perf-s$snap.fields" "$TEST_TMP/$name.fields"
		check "$name: every block written as the program made it" \
			grep -q "blocks: $want written as the capture program made them, 0 rebuilt" \
			"$TEST_TMP/$name.err"
		check "$name: padding after the packet is zero" padding_zero "$f"
		check "$name: packet ids unique" ids_unique "$f"
		check "$name: wall-clock times inside the capture" times_inside "$f" "$name"
	done
done
# The cut is what -s says, and the frame keeps its whole length.
check_eq "-s 100: the 1514-byte frames are cut to 100" "$EACH" \
	"$(awk '$1 == 1514 && $2 == 100' "$TEST_TMP/${copies[0]}-s100.fields" | wc -l)"
finish
