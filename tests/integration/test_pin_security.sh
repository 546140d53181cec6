#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# xdpdump's pins (the recovery marker of a tail-call capture) live in
# /sys/fs/bpf/xdpdump, and bpffs's root is often world-writable and sticky
# like /tmp. A directory someone else made first is refused (one line,
# nothing attached); one of ours that is open to others is closed (0700).
# Each run gets a bpffs of its own in a private mount namespace, so that
# changing the directory disturbs no other capture on the machine.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd unshare
new_tmp
new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink || fatal "ip link could not attach"
before=$(tenv_xdp_state "$env" veth0)

# in_private_bpffs SETUP ARGS... — in a new mount namespace with a fresh
# bpffs (mode 1777, as many systems mount it), run the shell code SETUP,
# then xdpdump ARGS in the receiver's network namespace, then print the
# mode and owner of /sys/fs/bpf/xdpdump on fd 3.
# shellcheck disable=SC2016 # the inner script's variables are its own
in_private_bpffs() {
	local setup=$1
	shift
	unshare -m --propagation private bash -c '
		mount -t bpf -o mode=1777 bpf /sys/fs/bpf || exit 90
		eval "$1"; shift
		nsenter --net="/run/netns/$1" -- "${@:2}"
		rc=$?
		stat -c "%a %U" /sys/fs/bpf/xdpdump >&3 2>/dev/null || echo none >&3
		exit $rc' bash "$setup" "$env-b" timeout -s INT "$TENV_TIMEOUT" "$XDPDUMP" "$@"
}

# 1. Someone else's directory.
err="$TEST_TMP/theirs.err"
in_private_bpffs 'mkdir /sys/fs/bpf/xdpdump && chown nobody /sys/fs/bpf/xdpdump' \
	-i veth0 --attach tailcall -c 1 -w "$TEST_TMP/theirs.pcapng" 2>"$err" 3>"$TEST_TMP/theirs.mode" &
pid=$!
tenv_wait_line "$err" 'listening on' "$pid" && tenv_udp "$env" 7 3 >/dev/null 2>&1
wait "$pid"
rc=$?
check "someone else's pin directory: non-zero exit ($rc)" test "$rc" -ne 0 -a "$rc" -ne 90
check_eq "someone else's pin directory: one line on stderr" 1 "$(wc -l <"$err")"
check "someone else's pin directory: the line says why" \
	grep -q 'under /sys/fs/bpf/xdpdump: it is not a directory owned by root' "$err"
check_state "$env" veth0 "$before" "someone else's pin directory: nothing attached"
check_eq "someone else's pin directory: left as it was" "755 nobody" "$(cat "$TEST_TMP/theirs.mode")"

# 2. Our own directory, but open to everyone: closed before use.
err="$TEST_TMP/open.err"
in_private_bpffs 'mkdir -m 0777 /sys/fs/bpf/xdpdump' \
	-i veth0 --attach tailcall -c 3 -w "$TEST_TMP/open.pcapng" 2>"$err" 3>"$TEST_TMP/open.mode" &
pid=$!
tenv_wait_line "$err" 'listening on' "$pid" || show "$err"
tenv_udp "$env" 7 5 >/dev/null 2>&1
wait "$pid"
check_eq "an open pin directory: capture ends normally" 0 "$?"
check_eq "an open pin directory: closed to others" "700 root" "$(cat "$TEST_TMP/open.mode")"
check_state "$env" veth0 "$before" "an open pin directory: after exit"
tenv_detach_existing "$env" veth0
finish
