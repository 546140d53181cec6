#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input, as a table: each row must give exactly one line on stderr, a
# non-zero exit status (not a crash), and leave every interface as it was,
# even when the bad part comes after a good one (`-i veth0 -i nosuch0`:
# veth0 must not stay half-attached). veth0 has the existing program; veth2
# has none. Every numeric option is tried negative, huge, out of range and
# not a number; files are tried missing, corrupt, a directory, and (-w) a
# symlink planted in a sticky world-writable directory, which must be
# refused without touching what it points to.
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

HUGE=99999999999999999999999
X="$TEST_TMP/x.pcapng"

# Files for the -r and -w rows.
printf 'this is not a capture file at all\n' >"$TEST_TMP/corrupt.pcap"
head -c 10 "$TEST_TMP/corrupt.pcap" >"$TEST_TMP/short.pcap"
mkdir "$TEST_TMP/adir"
# A world-writable sticky directory (like /tmp) where someone else planted
# a symlink at the name the user will write to.
mkdir -m 1777 "$TEST_TMP/sticky"
echo precious >"$TEST_TMP/target"
ln -s "$TEST_TMP/target" "$TEST_TMP/sticky/x.pcapng"

# Interfaces.
bad "missing interface"                 -i nosuch0 -w "$X"
bad "good then missing interface"       -i veth0 -i nosuch0 -w "$X"
bad "free then missing interface"       -i veth2 -i nosuch0 -w "$X"
bad "the same interface twice"          -i veth0 -i veth0 -w "$X"
bad "interface name too long"           -i abcdefghijklmnopqrstuvwxyz -w "$X"

# Strategies, modes, capture points, verdicts.
bad "--attach bogus"                    -i veth0 --attach bogus -w "$X"
bad "--attach empty"                    -i veth0 --attach "" -w "$X"
bad "--load-mode bogus"                 -i veth2 --load-mode bogus -w "$X"
bad "--attach multiprog, program without a dispatcher" \
	-i veth0 --attach multiprog -w "$X"
bad "--attach multiprog, no program at all" \
	-i veth2 --attach multiprog -w "$X"
bad "--attach tailcall, no program to chain to" \
	-i veth2 --attach tailcall -w "$X"
bad "--attach load, hook taken"         -i veth0 --attach load -w "$X"
bad "--rx-capture bogus"                -i veth0 --rx-capture bogus -w "$X"
bad "--action bogus"                    -i veth0 --rx-capture exit --action bogus -w "$X"

# Snapshot length.
bad "-s -1"                             -i veth0 -s -1 -w "$X"
bad "-s abc"                            -i veth0 -s abc -w "$X"
bad "-s 12abc"                          -i veth0 -s 12abc -w "$X"
bad "-s huge"                           -i veth0 -s "$HUGE" -w "$X"
bad "-s above the maximum"              -i veth0 -s 262145 -w "$X"

# Count.
bad "-c abc"                            -i veth0 -c abc -w "$X"
bad "-c -5"                             -i veth0 -c -5 -w "$X"
bad "-c 0"                              -i veth0 -c 0 -w "$X"
bad "-c huge"                           -i veth0 -c "$HUGE" -w "$X"

# Ring size, wakeup, reorder window.
bad "-B 0"                              -i veth0 -B 0 -w "$X"
bad "-B -1"                             -i veth0 -B -1 -w "$X"
bad "-B abc"                            -i veth0 -B abc -w "$X"
bad "-B huge"                           -i veth0 -B "$HUGE" -w "$X"
bad "-B above the maximum"              -i veth0 -B 1048577 -w "$X"
bad "--perf-wakeup -1"                  -i veth0 --perf-wakeup -1 -w "$X"
bad "--perf-wakeup abc"                 -i veth0 --perf-wakeup abc -w "$X"
bad "--perf-wakeup huge"                -i veth0 --perf-wakeup "$HUGE" -w "$X"
bad "--reorder-window -1"               -i veth0 --reorder-window -1 -w "$X"
bad "--reorder-window abc"              -i veth0 --reorder-window abc -w "$X"
bad "--reorder-window huge"             -i veth0 --reorder-window "$HUGE" -w "$X"
bad "--reorder-window above the maximum" -i veth0 --reorder-window 10001 -w "$X"

# Filters.
bad "filter expression that does not compile" -i veth0 -w "$X" 'udp port'
bad "-F file missing"                   -i veth0 -F "$TEST_TMP/nosuch.filter" -w "$X"

# Reading.
bad "-r missing file"                   -r "$TEST_TMP/nosuch.pcap" -w "$X"
bad "-r a directory"                    -r "$TEST_TMP/adir" -w "$X"
bad "-r corrupt file"                   -r "$TEST_TMP/corrupt.pcap" -w "$X"
bad "-r truncated header"               -r "$TEST_TMP/short.pcap" -w "$X"

# Writing.
bad "unwritable output file"            -i veth0 -w /nonexistent-dir/x.pcapng
bad "-w a directory"                    -i veth0 -w "$TEST_TMP/adir"
bad "-w through a symlink in a sticky directory (tailcall)" \
	-i veth0 -w "$TEST_TMP/sticky/x.pcapng"
bad "-w through a symlink in a sticky directory (load)" \
	-i veth2 -w "$TEST_TMP/sticky/x.pcapng"
check_eq "the symlink's target untouched" precious "$(cat "$TEST_TMP/target")"
check "the planted symlink is still a symlink" test -L "$TEST_TMP/sticky/x.pcapng"

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
