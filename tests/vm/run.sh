#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the tests listed in tests/vm/TESTS: what testenv/vm/run.sh runs
# inside the VM (it works on the host too, where the VM-only checks skip).
# The tests/vm/ entries run first, in the list's order; the integration
# tests then all at once, in tests/run.sh's order.
#
# Entries under tests/integration/ go through tests/run.sh with TESTS set
# to their exact paths, so they run as `make check` runs them. tests/run.sh
# looks only in tests/integration/, so the entries under tests/vm/ are run
# here, with the same output: the test's own PASS/FAIL/SKIP lines, then
# "== PASS|FAIL|SKIP name". A listed test that does not exist or that
# tests/run.sh did not run is a failure, never a silent omission.
#
# Environment: as tests/run.sh (XDPDUMP, BUILD); VM_TESTS (optional) keeps
# only the entries whose path contains one of its words.
# Exit status: 0 when nothing failed.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
: "${XDPDUMP:=$BUILD/xdpdump}"
[[ $XDPDUMP == /* ]] || XDPDUMP="$ROOT/$XDPDUMP"
export BUILD XDPDUMP

failed=0

wanted() {
	local word
	[[ -z ${VM_TESTS:-} ]] && return 0
	for word in $VM_TESTS; do
		[[ $1 == *"$word"* ]] && return 0
	done
	return 1
}

# The list without comments and blank lines.
entries() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' tests/vm/TESTS
}

# run_own NAME — a tests/vm/ test, reported as tests/run.sh reports one.
run_own() {
	local name=$1 out rc start
	out=$(mktemp) || return 1
	start=$SECONDS
	bash "$name" >"$out" 2>&1 </dev/null
	rc=$?
	cat "$out"
	case $rc in
	0) echo "== PASS $name ($(( SECONDS - start ))s)" ;;
	77)
		grep -q '^SKIP ' "$out" || echo "SKIP $name: exit status 77"
		echo "== SKIP $name" ;;
	*)
		failed=1
		echo "== FAIL $name (exit status $rc, $(( SECONDS - start ))s)" ;;
	esac
	rm -f "$out"
}

# not_run NAME WHY — a listed test that could not be run at all.
not_run() {
	failed=1
	echo "FAIL $1: $2"
	echo "== FAIL $1 (not run)"
}

integration=()
while read -r t; do
	wanted "$t" || continue
	if [[ ! -f $t ]]; then
		not_run "$t" "listed in tests/vm/TESTS but missing"
	elif [[ $t == tests/integration/test_*.sh ]]; then
		integration+=("$t")
	else
		run_own "$t"
	fi
done < <(entries)

if (( ${#integration[@]} )); then
	log=$(mktemp) || exit 1
	TESTS="${integration[*]}" tests/run.sh | tee "$log"
	(( PIPESTATUS[0] == 0 )) || failed=1
	for t in "${integration[@]}"; do
		grep -qE "^== (PASS|FAIL|SKIP) $t( |$)" "$log" ||
			not_run "$t" "tests/run.sh did not run it"
	done
	rm -f "$log"
fi
exit "$failed"
