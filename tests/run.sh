#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every unit test binary ($BUILD/tests/test_*) and every integration
# test (tests/integration/test_*.sh), print what each one says, and a
# summary. Exit status: 0 when nothing failed.
#
# Environment: XDPDUMP (default $BUILD/xdpdump), BUILD (default build),
# TESTS (optional: only tests whose file name contains one of these words).
#
# Exit status of one test: 0 pass, 77 skip, anything else fail. A test
# prints its own PASS/FAIL/SKIP lines; this script adds one line per test
# file and counts files.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
: "${XDPDUMP:=$BUILD/xdpdump}"
[[ $XDPDUMP == /* ]] || XDPDUMP="$ROOT/$XDPDUMP"
export BUILD XDPDUMP

passed=0 failed=0 skipped=0
failed_names=()

selected() {
	local word
	[[ -z ${TESTS:-} ]] && return 0
	for word in $TESTS; do
		[[ $1 == *"$word"* ]] && return 0
	done
	return 1
}

# run_one NAME CMD... — run a test, show its output, count its status.
run_one() {
	local name=$1 out rc start secs
	shift
	out=$(mktemp)
	start=$SECONDS
	"$@" >"$out" 2>&1 </dev/null
	rc=$?
	secs=$(( SECONDS - start ))
	cat "$out"
	case $rc in
	0)
		passed=$(( passed + 1 ))
		echo "== PASS $name (${secs}s)" ;;
	77)
		skipped=$(( skipped + 1 ))
		# Integration tests print their own SKIP line with the reason.
		grep -q '^SKIP ' "$out" || echo "SKIP $name: exit status 77"
		echo "== SKIP $name" ;;
	*)
		failed=$(( failed + 1 ))
		failed_names+=("$name")
		echo "== FAIL $name (exit status $rc, ${secs}s)" ;;
	esac
	rm -f "$out"
}

for bin in "$BUILD"/tests/test_*; do
	[[ -f $bin && -x $bin ]] || continue
	selected "$bin" || continue
	run_one "${bin#"$ROOT"/}" "$bin"
done

for t in tests/integration/test_*.sh; do
	[[ -f $t ]] || continue
	selected "$t" || continue
	run_one "$t" bash "$t"
done

echo "$passed passed, $failed failed, $skipped skipped"
if (( failed )); then
	printf 'failed: %s\n' "${failed_names[@]}"
	exit 1
fi
(( passed + skipped )) || { echo "no tests found"; exit 1; }
exit 0
