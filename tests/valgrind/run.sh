#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-valgrind`: the integration tests, except those whose names
# contain one of the words given, with every xdpdump they start running
# under valgrind's memcheck (tests/valgrind/xdpdump). Fails when a test
# fails or when any xdpdump run reported an error; prints those reports.
#
#   BUILD=DIR XDPDUMP_VALGRIND_REAL=BINARY tests/valgrind/run.sh [SKIP-WORD...]
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
: "${BUILD:=$ROOT/build}" "${XDPDUMP_VALGRIND_REAL:=$BUILD/xdpdump}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (make deps)" >&2; exit 1; }

logs=$(mktemp -d /tmp/xdpdump-valgrind.XXXXXX) || exit 1
# VALGRIND_KEEP_LOGS=1 keeps them (the path is printed) for a closer look.
[[ -n ${VALGRIND_KEEP_LOGS:-} ]] && echo "valgrind logs: $logs"
trap '[[ -n ${VALGRIND_KEEP_LOGS:-} ]] || rm -rf "$logs"' EXIT
skipped() {
	local w
	for w in "${@:2}"; do
		[[ $1 == *"$w"* ]] && return 0
	done
	return 1
}

words=()
for t in tests/integration/test_*.sh; do
	skipped "$t" "$@" && echo "valgrind: not running $t" || words+=("$t")
done

# memcheck makes xdpdump's start-up (BTF, program loads) several times
# slower: the tests' waits for it get more time; none is a fixed sleep.
# The ring buffer's dynptr copy needs the kernel's BTF parsed twice (the
# start-up probe, and libbpf for the kfuncs): about 4 s each under
# memcheck, which the budget and rotation tests' timing does not allow
# for. The size classes need neither, and what user space does with a
# record is the same for both copies, so memcheck runs with the classes
# unless told otherwise (make check runs both).
export XDPDUMP_RECORD_COPY=${XDPDUMP_RECORD_COPY:-classes}
XDPDUMP="$ROOT/tests/valgrind/xdpdump" TENV_TIMEOUT=${TENV_TIMEOUT:-40} XDPDUMP_VALGRIND_REAL=$XDPDUMP_VALGRIND_REAL \
	XDPDUMP_VALGRIND_LOGS=$logs BUILD=$BUILD TESTS="${words[*]}" tests/run.sh
status=$?

# Errors are the lines valgrind starts with ==PID==; its warnings about
# eBPF commands it does not know start with --PID-- and are not errors.
runs=$(find "$logs" -name '*.log' | wc -l)
bad=$(grep -l '^==[0-9]*== ' "$logs"/*.log 2>/dev/null)
if [[ -n $bad ]]; then
	for f in $bad; do
		echo "== valgrind: errors in xdpdump run $(basename "$f" .log) (the first 60 lines):"
		grep -v '^--' "$f" | head -n 60
	done
	echo "FAIL valgrind: $(wc -w <<<"$bad") of $runs xdpdump runs had memcheck errors"
	exit 1
fi
echo "PASS valgrind: $runs xdpdump runs, no memcheck errors"
exit "$status"
