#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The committed fuzz corpora (tests/fuzz/corpus/TARGET/), without libFuzzer:
# every input through its target's checks ($BUILD/fuzz/replay_fuzz_TARGET,
# which aborts on a broken invariant), and every program of the translator's
# corpus, translated in each mode, through the verifier (replay_cbpf_xlate).
# Then the files the pcap fuzzer found, through the real `xdpdump -r`: one
# line naming the packet and what is wrong with it, exit status 1.
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

read_refused regress-caplen-above-len 'packet 7: captured length 128 is larger than its length 0'
read_refused regress-time-negative 'packet 1: time -[0-9]* s + 0 ns is out of range'
read_refused regress-time-fraction-negative 'packet 2: time .* is out of range'
finish
