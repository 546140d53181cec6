#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-kernel filter decides exactly as libpcap does. A generated corpus
# (tests/filter/gen_corpus.c, 6,000 packets of every kind the issue lists)
# runs through `xdpdump -r --kernel-filter` (the capture program in the
# kernel decides) with each expression of
# tests/filter/expressions.txt, and tests/filter/diff_verdicts.c compares
# every kept packet (id, cap length, bytes) with libpcap's
# pcap_offline_filter() verdicts: zero mismatches. Then the same over
# truncated copies of the packets, and once more with a small snap length.
# Last, each expression of tests/filter/bad_expressions.txt must be refused
# with one line on stderr and a non-zero exit.
#
# The truncated pass takes every FILTER_DIFF_STRIDE-th packet (default 5)
# cut to every length from 14 to FILTER_DIFF_MAXCUT bytes (default 256),
# then at 16 lengths spread over the rest and at the test run's page edges:
# about 133,000 copies, three to four minutes on two cores.
# FILTER_DIFF_FULL=1 cuts every packet to every length instead: about
# 1,300,000 copies in a 1.4 GB file under TMPDIR, some thirty minutes.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root
require_cmd capinfos timeout

FILTER_SRC="$TEST_ROOT/tests/filter"
: "${FILTER_BIN:=$BUILD/tests/filter}"
: "${FILTER_DIFF_STRIDE:=5}"
: "${FILTER_DIFF_MAXCUT:=256}"
: "${FILTER_DIFF_JOBS:=$(nproc)}"
if [[ ${FILTER_DIFF_FULL:-0} == 1 ]]; then
	FILTER_DIFF_STRIDE=1
	FILTER_DIFF_MAXCUT=0
fi
GEN="$FILTER_BIN/gen_corpus"
DIFF="$FILTER_BIN/diff_verdicts"

[[ -x $XDPDUMP ]] || fatal "$XDPDUMP missing: run make"
for f in "$GEN" "$DIFF"; do
	[[ -x $f ]] || fatal "$f missing: run make tests"
done
new_tmp
corpus="$TEST_TMP/corpus.pcap"

"$GEN" "$corpus" || fatal "gen_corpus failed"
check_eq "corpus: packets (capinfos)" 6000 \
	"$(capinfo "$corpus" -c "Number of packets")"

out="$TEST_TMP/compile.out"
if "$DIFF" -c "$FILTER_SRC/expressions.txt" >"$out"; then
	pass "every expression compiles with libpcap: $(tail -n1 "$out")"
else
	fail "expressions that libpcap refuses"
	show "$out"
fi
if "$DIFF" -c -b "$FILTER_SRC/bad_expressions.txt" >"$out"; then
	pass "libpcap refuses every bad expression: $(tail -n1 "$out")"
else
	fail "bad expressions that libpcap compiles"
	show "$out"
fi

# An xdpdump without -r or without filters cannot be compared.
probe_err="$TEST_TMP/probe.err"
if ! timeout -s KILL 60 "$XDPDUMP" -r "$corpus" -w "$TEST_TMP/probe.pcapng" tcp \
	>/dev/null 2>"$probe_err"; then
	grep -Eqi 'not supported|invalid option|unrecognized option' "$probe_err" &&
		skip "xdpdump -r with a filter: $(head -n1 "$probe_err")"
	show "$probe_err"
	fatal "xdpdump -r $corpus tcp failed"
fi

# diff_run TAG DIFF-ARGS... — run the checker, show what it found, and
# check its verdict and its count of mismatches.
diff_run() {
	local tag=$1 log="$TEST_TMP/diff-$1.out" rc summary
	shift
	"$DIFF" -j "$FILTER_DIFF_JOBS" "$@" >"$log"
	rc=$?
	# every failing expression, what libpcap could not decide, the timings
	grep -E '^(MISMATCH|ERROR|NOTE|pass |[0-9]+ runs)' "$log" | head -n 200 | sed 's/^/#   /'
	summary=$(grep -E '^expressions [0-9]+, packets' "$log" | tail -n1)
	if [[ -z $summary ]]; then
		fail "$tag: diff_verdicts printed no summary (exit status $rc)"
		show "$log"
		return
	fi
	check_eq "$tag: mismatches ($summary)" 0 "${summary##*mismatches }"
	check_eq "$tag: diff_verdicts exit status (1: mismatches or failed runs)" 0 "$rc"
}

diff_run "corpus and truncated copies" -t -S "$FILTER_DIFF_STRIDE" \
	-M "$FILTER_DIFF_MAXCUT" "$XDPDUMP" "$corpus" "$FILTER_SRC/expressions.txt"
diff_run "snap length 96" "$XDPDUMP" "$corpus" "$FILTER_SRC/expressions.txt" 96

# Bad input: one line on stderr, an error exit (not a signal or timeout).
err="$TEST_TMP/bad.err"
while IFS= read -r expr; do
	[[ -z $expr || $expr == \#* ]] && continue
	timeout -s KILL 60 "$XDPDUMP" -r "$corpus" --kernel-filter "$expr" </dev/null >/dev/null 2>"$err"
	rc=$?
	lines=$(wc -l <"$err")
	if (( rc == 0 || rc >= 124 )); then
		fail "refused '$expr': exit status $rc (want an error exit)"
		show "$err"
	elif (( lines != 1 )); then
		fail "refused '$expr': $lines lines on stderr, want 1"
		show "$err"
	else
		pass "refused '$expr': status $rc, $(cat "$err")"
	fi
done <"$FILTER_SRC/bad_expressions.txt"
finish
