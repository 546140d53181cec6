#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make fuzz`: run each libFuzzer target for FUZZ_SECONDS, one after the
# other (the machines have two cores, shared). Each starts from its stored
# seeds (tests/fuzz/corpus/TARGET, read only) plus what earlier runs found
# ($FUZZ_BUILD/corpus/TARGET, where new inputs go). A crash leaves its input
# in $FUZZ_BUILD/crashes/ and fails the run. Afterwards the kernel loads the
# translation of every program the translator's fuzzer kept
# (replay_cbpf_xlate): the fuzzer itself checks only the structure.
#
#   FUZZ_BUILD=DIR FUZZ_SECONDS=N BUILD=DIR tests/fuzz/run.sh TARGET...
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
: "${FUZZ_BUILD:=$ROOT/build-fuzz}" "${FUZZ_SECONDS:=60}" "${BUILD:=$ROOT/build}"

failed=()

fuzz_one() {
	local target=$1 work="$FUZZ_BUILD/corpus/$1" log="$FUZZ_BUILD/fuzz_$1.log"

	mkdir -p "$work" "$FUZZ_BUILD/crashes"
	echo "fuzz: $target for ${FUZZ_SECONDS}s (log: $log)"
	# -timeout: one input running for 10 s is a hang, and a failure.
	if ! "$FUZZ_BUILD/fuzz_$target" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/crashes/$target-" \
		"$work" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
		grep -E '^(==[0-9]+==|SUMMARY|fuzz_|.*: runtime error)' "$log" | head -20
		echo "FAIL fuzz $target: see $log and $FUZZ_BUILD/crashes/"
		return 1
	fi
	echo "PASS fuzz $target: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$log" |
		grep -o '[0-9]*$') inputs, $(find "$work" -type f | wc -l) in $work"
}

(( $# )) || { echo "usage: $0 TARGET..." >&2; exit 2; }
for target in "$@"; do
	fuzz_one "$target" || failed+=("$target")
	if [[ $target == cbpf_xlate ]] && ! "$BUILD/fuzz/replay_cbpf_xlate" \
		"$FUZZ_BUILD/corpus/cbpf_xlate" "tests/fuzz/corpus/cbpf_xlate"; then
		echo "FAIL fuzz cbpf_xlate: the verifier refused a translation"
		failed+=("cbpf_xlate (verifier)")
	fi
done
if (( ${#failed[@]} )); then
	printf 'fuzz failed: %s\n' "${failed[@]}"
	exit 1
fi
echo "fuzz: all ${#} targets ran ${FUZZ_SECONDS}s without a finding"
