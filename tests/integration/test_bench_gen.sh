#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's generator (tests/bench/xdp_gen) delivers exactly what it
# says: COUNT frames of the asked size, sequence numbers 0..COUNT-1 in
# order, UDP source port 1000 + n % 10, whichever way it sends. A kernel
# that allows BPF_PROG_RUN live frames gets method=live (the 6.1 VM,
# tests/vm/TESTS); one that refuses them (EPERM, these machines' 6.18)
# gets the AF_PACKET fallback, method=afpacket, with one line on stderr
# saying so. An xdpdump capture on the near veth is the receiver.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

COUNT=3000
GEN="$BUILD/bench/xdp_gen"
make -s -C "$TEST_ROOT/tests/bench" BUILD="$BUILD" >"$TEST_TMP/make.out" 2>&1 ||
	{ show "$TEST_TMP/make.out"; fatal "could not build the bench tools"; }
new_env 1 && env=$TEST_ENV

# frames_ok FILE SIZE — every generator frame in FILE, in file order: the
# right length, sequence number = its index, source port from it.
# shellcheck disable=SC2317 # called through check
frames_ok() {
	local size=$1 file=$2 i=0 len sport payload seq
	while read -r len sport payload; do
		seq=$(( 16#${payload:0:8} ))
		(( len == size && seq == i && sport == 1000 + seq % 10 )) || return 1
		i=$(( i + 1 ))
	done < <(tsh -r "$file" -Y 'udp.dstport == 9' -T fields -e frame.len \
		-e udp.srcport -e udp.payload | tr -d ':')
	(( i == COUNT ))
}

# field NAME FILE — NAME's value in xdp_gen's key=value line.
field() {
	sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$2" | head -1
}

one_size() {
	local size=$1 f="$TEST_TMP/gen-$1.pcapng" err="$TEST_TMP/xd-$1.err"
	local out="$TEST_TMP/gen-$1.out" gerr="$TEST_TMP/gen-$1.err" method

	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "$size: xdpdump did not start"; }
	tenv_exec "$env-a" "$GEN" -i veth1 -d "$(tenv_addr "$env")" \
		-m "$(tenv_mac "$env-b" veth0)" -n "$COUNT" -s "$size" -p 9 >"$out" 2>"$gerr" ||
		{ show "$gerr"; fail "$size: xdp_gen failed"; }
	xdpdump_stop "$XD_PID" || fail "$size: xdpdump exit status"
	check_eq "$size: xdp_gen reports every frame sent" "$COUNT" "$(field sent "$out")"
	method=$(field method "$out")
	case $method in
	live) check "$size: live frames, nothing on stderr" test ! -s "$gerr" ;;
	afpacket)
		check "$size: the fallback says why" grep -q \
			'^xdp_gen: live frames refused (EPERM); sending through AF_PACKET$' "$gerr" ;;
	*) fail "$size: unknown method '$method'" ;;
	esac
	check_eq "$size: xdpdump saw every frame" "$COUNT" "$(summary_seen "$err")"
	check "$size ($method): $COUNT frames, sequence 0..$(( COUNT - 1 )) in order, ports and length" \
		frames_ok "$size" "$f"
	rm -f "$f"
}

for size in 64 512 1500; do
	one_size "$size"
done
finish
