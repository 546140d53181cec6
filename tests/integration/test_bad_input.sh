#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input: each case must give exactly one line on stderr, a non-zero
# exit status (not a crash), and leave every interface as it was, even
# when the bad part comes after a good one (`-i veth0 -i nosuch0`: veth0
# must not stay half-attached). veth0 has the existing program; veth2 has
# none.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before0=$(tenv_xdp_state "$env" veth0)
before2=$(tenv_xdp_state "$env" veth2)

# bad CASE-NAME ARGS... — run xdpdump with ARGS and check the above.
bad() {
	local what=$1 err="$TEST_TMP/bad.err" rc lines
	shift
	xdpdump_run "$env" 20 "$@" >/dev/null 2>"$err"
	rc=$?
	lines=$(wc -l <"$err")
	if (( rc == 0 || rc >= 124 )); then
		fail "$what: exit status $rc (want an error exit, not 0, a timeout or a signal)"
		show "$err"
	elif (( lines != 1 )); then
		fail "$what: $lines lines on stderr, want 1"
		show "$err"
	else
		pass "$what: status $rc, $(cat "$err")"
	fi
	check_state "$env" veth0 "$before0" "$what"
	check_state "$env" veth2 "$before2" "$what"
}

bad "missing interface" -i nosuch0 -w "$TEST_TMP/x.pcapng"
bad "good then missing interface" -i veth0 -i nosuch0 -w "$TEST_TMP/x.pcapng"
bad "free then missing interface" -i veth2 -i nosuch0 -w "$TEST_TMP/x.pcapng"
bad "--attach bogus" -i veth0 --attach bogus -w "$TEST_TMP/x.pcapng"
bad "--load-mode bogus" -i veth2 --load-mode bogus -w "$TEST_TMP/x.pcapng"
bad "-s -1" -i veth0 -s -1 -w "$TEST_TMP/x.pcapng"
bad "-c abc" -i veth0 -c abc -w "$TEST_TMP/x.pcapng"
bad "-B 0" -i veth0 -B 0 -w "$TEST_TMP/x.pcapng"
bad "unwritable output file" -i veth0 -w /nonexistent-dir/x.pcapng
bad "--attach multiprog, program without a dispatcher" \
	-i veth0 --attach multiprog -w "$TEST_TMP/x.pcapng"
bad "--attach multiprog, no program at all" \
	-i veth2 --attach multiprog -w "$TEST_TMP/x.pcapng"
bad "--attach tailcall, no program to chain to" \
	-i veth2 --attach tailcall -w "$TEST_TMP/x.pcapng"
bad "--attach load, hook taken" -i veth0 --attach load -w "$TEST_TMP/x.pcapng"
bad "filter expression that does not compile" \
	-i veth0 -w "$TEST_TMP/x.pcapng" 'udp port'
bad "the same interface twice" -i veth0 -i veth0 -w "$TEST_TMP/x.pcapng"
# The file options: rotation, ownership, mode.
bad "-C 0" -i veth0 -C 0 -w "$TEST_TMP/f.pcapng"
bad "-C 5x" -i veth0 -C 5x -w "$TEST_TMP/f.pcapng"
bad "-C k" -i veth0 -C k -w "$TEST_TMP/f.pcapng"
bad "-G 0" -i veth0 -G 0 -w "$TEST_TMP/f.pcapng"
bad "-W 0" -i veth0 -C 1 -W 0 -w "$TEST_TMP/f.pcapng"
bad "-W without -C or -G" -i veth0 -W 3 -w "$TEST_TMP/f.pcapng"
bad "-C without -w" -i veth0 -C 1
bad "-G with -w -" -i veth0 -G 1 -w -
bad "-Z unknown user" -i veth0 -Z "no-such-user-$$" -w "$TEST_TMP/f.pcapng"
bad "--file-mode 0400" -i veth0 --file-mode 0400 -w "$TEST_TMP/f.pcapng"
bad "--file-mode 9" -i veth0 --file-mode 9 -w "$TEST_TMP/f.pcapng"
check "bad file options: no file created" test ! -e "$TEST_TMP/f.pcapng"
finish
