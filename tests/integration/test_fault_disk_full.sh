#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The disk fills up during a capture (the file is on a 256 KiB tmpfs that
# this test mounts), in pcapng and in pcap: xdpdump reports it in one line,
# exits non-zero by itself, restores the interface, and the file is whole
# up to its last complete block — tshark and capinfos read it without
# complaint, every packet in it whole.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd mount umount
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
new_tmp

MNT="$TEST_TMP/small"
mkdir "$MNT" || fatal "mkdir $MNT"
mount -t tmpfs -o size=256k,mode=0700 xdpdump-test-full "$MNT" ||
	skip "cannot mount a tmpfs here"
# shellcheck disable=SC2317 # runs at exit
unmount_then_clean() {
	umount "$MNT" 2>/dev/null
	test_cleanup
}
trap unmount_then_clean EXIT

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# full_disk FORMAT [OPTION]
full_disk() {
	local what=$1 f="$MNT/$1" err="$TEST_TMP/$1.err" rc n
	shift
	rm -f "$MNT"/*
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" "$@"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$what: xdpdump did not start"; }
	# 1,000 packets of 1 KB: four times what the disk holds.
	tenv_udp "$env" 7 1000 1000 || fail "$what: sending"
	exits_within 5 "$XD_PID"
	rc=$EXIT_RC
	check "$what: xdpdump stopped by itself (status $rc)" test "$rc" -ne 124
	check "$what: exit status non-zero ($rc)" test "$rc" -ne 0 -a "$rc" -lt 124
	check_eq "$what: lines on stderr that report the full disk" 1 \
		"$(grep -c 'No space left on device' "$err")"
	check_eq "$what: other error lines" 0 \
		"$(other_lines "$err" 'No space')"
	check_state "$env" veth0 "$before" "$what: after the full disk"
	check "$what: tshark reads the file to its end without error" \
		tshark_ok "$f"
	check "$what: capinfos reads the file without error" readable "$f"
	n=$(pkt_count "$f")
	check "$what: the file holds packets ($n), fewer than sent" \
		test "${n:-0}" -gt 50 -a "${n:-0}" -lt 1000
	check_eq "$what: every packet in it whole (1042 bytes)" "$n" \
		"$(pkt_count "$f" 'frame.cap_len == 1042')"
}

# shellcheck disable=SC2317 # called through check
tshark_ok() {
	tshark -r "$1" -q >/dev/null 2>&1
}

full_disk pcapng
full_disk pcap --pcap
finish
