#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A -w name ending in .gz is written as gzip, streaming:
#  - the file is gzip (magic 1f 8b, gzip -t), capinfos and tshark read it
#    directly, every packet sent is in it, it ends with its statistics;
#  - while xdpdump still runs, what it has written decompresses and already
#    holds the packets sent (not compressed at close);
#  - with -C each rotated file is its own .gz (NAME1.gz, ...), each whole,
#    and together they hold every packet once;
#  - a disk that fills up (a 4 KiB tmpfs in a private mount namespace): exit
#    status 1 by itself, exactly one error line, the interface restored, and
#    a file that decompresses to whole blocks.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=files_common.sh
. "$(dirname "$0")/files_common.sh"
require_all
require_cmd gzip unshare mount
new_tmp

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# udp_in FILE — UDP datagrams to port 7 in FILE (read from a pipe if -).
udp_in() {
	tsh -r "$1" -Y 'udp.dstport == 7' | wc -l
}

# --- one compressed file, read while it is written ---------------------------
f="$TEST_TMP/live.pcapng.gz"
err="$TEST_TMP/live.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "live: xdpdump did not start"; }
tenv_udp "$env" 7 300 200 || fail "live: sending"
# shellcheck disable=SC2317 # called through wait_for
decompressed_so_far() {
	[[ $(gzip -dc "$f" 2>/dev/null | tsh -r - -Y 'udp.dstport == 7' | wc -l) == 300 ]]
}
if wait_for 5 decompressed_so_far; then
	pass "live: the 300 datagrams decompress from the file while xdpdump runs"
else
	fail "live: while running, the file holds $(gzip -dc "$f" 2>/dev/null |
		tsh -r - -Y 'udp.dstport == 7' | wc -l) of 300 datagrams"
fi
check "live: xdpdump was still running then" kill -0 "$XD_PID"
xdpdump_stop "$XD_PID" INT
check_eq "live: exit status" 0 "$?"
check_state "$env" veth0 "$before" "live: after exit"
check_eq "live: gzip magic" 1f8b "$(od -An -tx1 -N2 "$f" | tr -d ' ')"
check "live: gzip -t accepts the finished stream" gzip -t "$f"
check_whole_file "$f" "live"
check_eq "live: capinfos reads it as compressed pcapng" "pcapng (gzip compressed)" \
	"$(capinfo "$f" -t "File type" | sed 's/^Wireshark\/\.\.\. - //')"
check_eq "live: datagrams in the file" 300 "$(udp_in "$f")"

# --- rotation: every file its own .gz ----------------------------------------
err="$TEST_TMP/rot.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -C 40k -w "$TEST_TMP/rot.pcapng.gz"
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "rotation: xdpdump did not start"; }
TENV_UDP_RATE=20000 tenv_udp "$env" 7 400 1000 || fail "rotation: sending"
xdpdump_stop "$XD_PID" INT
check_eq "rotation: exit status" 0 "$?"
check_state "$env" veth0 "$before" "rotation: after exit"
files=("$TEST_TMP/rot.pcapng.gz")
for (( i = 1; i < 100; i++ )); do
	[[ -e $TEST_TMP/rot.pcapng$i.gz ]] || break
	files+=("$TEST_TMP/rot.pcapng$i.gz")
done
check "rotation: rot.pcapng.gz .. rot.pcapng$(( ${#files[@]} - 1 )).gz, at least 9" \
	test "${#files[@]}" -ge 9
check_eq "rotation: no other files" "${#files[@]}" \
	"$(find "$TEST_TMP" -name 'rot.pcapng*' | wc -l)"
for g in "${files[@]}"; do
	check "rotation: gzip -t $(basename "$g")" gzip -t "$g"
	check_whole_file "$g" "rotation"
done
check_eq "rotation: datagrams in all files" 400 \
	"$(for g in "${files[@]}"; do udp_in "$g"; done | awk '{ s += $1 } END { print s }')"
check_eq "rotation: no packet id in two files" 0 \
	"$(packet_ids "${files[@]}" | sort | uniq -d | wc -l)"

# --- a full disk -------------------------------------------------------------
mnt="$TEST_TMP/full"
mkdir -p "$mnt"
err="$TEST_TMP/full.err"
# The tmpfs lives in a mount namespace of its own, so nothing outside sees
# it; the file is copied out before that namespace goes.
# shellcheck disable=SC2016 # expanded by the inner shell
unshare -m -- bash -c 'mount -t tmpfs -o size=4k xdpdump-test "$1" || exit 99
	nsenter --net="/run/netns/$2" -- "$3" -i veth0 -w "$1/full.pcapng.gz"
	rc=$?
	cp "$1/full.pcapng.gz" "$1.pcapng.gz"
	exit $rc' _ "$mnt" "$env-b" "$XDPDUMP" 2>"$err" &
pid=$!
xdpdump_wait_ready "$err" "$pid" || { show "$err"; fatal "disk full: xdpdump did not start"; }
# A few datagrams first, flushed while the rings are idle, then a burst
# that no 4 KiB can hold.
TENV_UDP_RATE=200 tenv_udp "$env" 7 20 200 || fail "disk full: sending"
sleep 0.5
TENV_UDP_RATE=20000 tenv_udp "$env" 7 4000 200 || fail "disk full: sending"
for (( i = 0; i < 200; i++ )); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.05
done
if kill -0 "$pid" 2>/dev/null; then
	fail "disk full: xdpdump still runs 10 s after the disk filled"
	kill -INT "$pid"
fi
wait "$pid"
check_eq "disk full: exit status" 1 "$?"
check_state "$env" veth0 "$before" "disk full: after exit"
# The summary's count of packets the failed output did not write is not
# an error line of its own.
check_eq "disk full: exactly one error line" 1 \
	"$(grep -v 'were not written: the output failed' "$err" |
		grep -ciE 'space|error|fail|cannot|stopped')"
check_attach_line "$err" 'full\.pcapng\.gz: No space left on device$' \
	"disk full: the line names the file and the reason"
# The stream was cut back to its last whole flush: it decompresses to whole
# blocks (tshark reads them without an error), only the trailer is missing.
kept=$(gzip -dc "$mnt.pcapng.gz" 2>/dev/null | tsh -r - -Y 'udp.dstport == 7' | wc -l)
check "disk full: what reached the disk decompresses to the first datagrams ($kept)" \
	test "$kept" -ge 20
# shellcheck disable=SC2016 # expanded by the inner shell
check "disk full: and ends on a block boundary" \
	bash -c 'gzip -dc "$1" 2>/dev/null | tshark -r - >/dev/null 2>&1' _ "$mnt.pcapng.gz"
check_eq "disk full: gzip misses only the end of the stream" "unexpected end of file" \
	"$(gzip -dc "$mnt.pcapng.gz" 2>&1 >/dev/null | grep -Eo 'unexpected end of file|invalid.*|crc.*' |
		sort -u | xargs)"
finish
