#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The committed fuzz corpora (tests/fuzz/corpus/TARGET/), without libFuzzer:
# every input through its target's checks ($BUILD/fuzz/replay_fuzz_TARGET,
# which aborts on a broken invariant), and every program of the translator's
# corpus, translated in each mode, through the verifier (replay_cbpf_xlate).
# Then the files the pcap fuzzer found, through the real `xdpdump -r`: one
# line naming the packet and what is wrong with it, exit status 1; and a
# time past 2038 in classic pcap, which is right, checked with tshark.
# `make check-asan` runs this test too, with the sanitized build's binaries.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root
new_tmp

corpus=$TEST_ROOT/tests/fuzz/corpus

for dir in "$corpus"/*/; do
	target=$(basename "$dir")
	replay=$BUILD/fuzz/replay_fuzz_$target
	[[ -x $replay ]] || { fail "$replay missing: run make tests"; continue; }
	out="$TEST_TMP/$target.out"
	if "$replay" "$dir" >"$out" 2>&1; then
		pass "$target: $(cat "$out")"
	else
		show "$out"
		fail "$target: an input of the stored corpus breaks the target's checks"
	fi
done

out="$TEST_TMP/verifier.out"
"$BUILD/fuzz/replay_cbpf_xlate" "$corpus/cbpf_xlate" >"$out" 2>&1
case $? in
0) pass "cbpf_xlate: the verifier accepts every translation ($(tail -n1 "$out"))" ;;
77) show "$out"; skip "cannot load BPF programs here" ;;
*) show "$out"; fail "cbpf_xlate: translations the verifier refuses" ;;
esac

# read_refused FILE PATTERN — xdpdump -r FILE fails with PATTERN on stderr.
read_refused() {
	local file="$corpus/pcap_read/$1" err="$TEST_TMP/$1.err" rc
	timeout -s KILL 60 "$XDPDUMP" -r "$file" -w "$TEST_TMP/$1.pcapng" </dev/null \
		>/dev/null 2>"$err"
	rc=$?
	check_eq "xdpdump -r $1: exit status" 1 "$rc"
	if grep -q "$2" "$err"; then
		pass "xdpdump -r $1: says $(grep -m1 "$2" "$err")"
	else
		show "$err"
		fail "xdpdump -r $1: no line matching '$2'"
	fi
}

# As tcpdump -r: the records libpcap reads are kept (a captured length
# above the length, a time fraction out of range), and the file ends with
# an error at the first one it cannot read.
read_refused regress-caplen-above-len 'record 8: invalid packet capture length'
read_refused regress-time-fraction-negative 'record 3: invalid packet capture length'

# Classic pcap seconds are unsigned 32 bits; libpcap hands those past 2038
# over as negative. The first frame of this file is stamped 2091-12-02.
file=$corpus/pcap_read/regress-time-after-2038
timeout -s KILL 60 "$XDPDUMP" -r "$file" -w "$TEST_TMP/2091.pcapng" </dev/null >/dev/null \
	2>"$TEST_TMP/2091.err"
check_eq "xdpdump -r regress-time-after-2038: exit status" 0 "$?"
check_eq "xdpdump -r regress-time-after-2038: first time (tshark)" 3847483733.000000000 \
	"$(tshark -r "$TEST_TMP/2091.pcapng" -T fields -e frame.time_epoch 2>/dev/null | head -n1)"
finish
