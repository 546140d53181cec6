#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -Z USER and how files are created:
#  - with -Z nobody every file, rotated ones included, is nobody's (and
#    nobody's primary group's), mode 0600, and the interface that a tail
#    call chain had taken (put back over netlink, which needs root) is
#    restored; --file-mode 0640 gives that mode;
#  - an existing file that is not USER's is refused with one line, and
#    left as it was;
#  - a symlink planted at the target, or at the name of the next rotated
#    file, is never followed: one error line, exit 1, its target untouched,
#    the interface restored.
# (An unknown user is in test_bad_input.sh.)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp
getent passwd nobody >/dev/null || skip "no user 'nobody' here"
owner="nobody:$(id -gn nobody)"

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# run TAG ARGS... — capture 300 datagrams of 1000 bytes; stderr to TAG.err,
# the exit status in RC.
run() {
	local tag=$1 err="$TEST_TMP/$1.err"
	shift
	xdpdump_start "$env" /dev/null "$err" -i veth0 "$@"
	if ! xdpdump_wait_ready "$err" "$XD_PID"; then
		wait "$XD_PID"
		RC=$?
		return
	fi
	TENV_UDP_RATE=20000 tenv_udp "$env" 7 300 1000 || fail "$tag: sending"
	sleep 0.3
	xdpdump_stop "$XD_PID" INT
	RC=$?
}

run owned -Z nobody -C 100k -w "$TEST_TMP/z.pcapng"
check_eq "-Z nobody: exit status" 0 "$RC"
check_state "$env" veth0 "$before" "-Z nobody: after exit"
mapfile -t files < <(find "$TEST_TMP" -name 'z.pcapng*' | sort)
check "-Z nobody: the capture was rotated (${#files[@]} files)" test "${#files[@]}" -ge 3
for f in "${files[@]}"; do
	check_eq "-Z nobody: $(basename "$f"): owner, mode" "$owner 600" "$(stat -c '%U:%G %a' "$f")"
done
check_eq "-Z nobody: packets in all files" 300 \
	"$(for f in "${files[@]}"; do pkt_count "$f" 'udp.dstport == 7'; done |
		awk '{ s += $1 } END { print s }')"

run mode --file-mode 0640 -w "$TEST_TMP/m.pcapng"
check_eq "--file-mode 0640: exit status" 0 "$RC"
check_eq "--file-mode 0640: owner, mode" "root:root 640" \
	"$(stat -c '%U:%G %a' "$TEST_TMP/m.pcapng")"

# fingerprint FILE — owner, size, mtime and a digest of the content.
fingerprint() {
	echo "$(stat -c '%U %s %Y' "$1") $(md5sum <"$1" | cut -d' ' -f1)"
}

# Refusals: exactly one line, exit 1, nothing changed.
# refused TAG FILE-TO-WATCH REGEX ARGS...
refused() {
	local tag=$1 watch=$2 re=$3 sum
	shift 3
	sum=$(fingerprint "$watch")
	run "$tag" "$@"
	check_eq "$tag: exit status" 1 "$RC"
	check_state "$env" veth0 "$before" "$tag: after exit"
	check_eq "$tag: one line besides the usual ones" 1 \
		"$(grep -cvE 'attached \(|listening on|packets captured, |packets written to|were not written' \
			"$TEST_TMP/$tag.err")"
	check_attach_line "$TEST_TMP/$tag.err" "$re" "$tag: the reason"
	check_eq "$tag: $(basename "$watch") untouched" "$sum" \
		"$(fingerprint "$watch")"
}

echo "precious" >"$TEST_TMP/root-owned"
refused "-Z on root's file" "$TEST_TMP/root-owned" \
	"root-owned: exists and is not nobody's own file \(-Z\)" \
	-Z nobody -w "$TEST_TMP/root-owned"

echo "precious" >"$TEST_TMP/target"
ln -s "$TEST_TMP/target" "$TEST_TMP/link.pcapng"
refused "symlink at -w" "$TEST_TMP/target" "link.pcapng: Too many levels of symbolic links" \
	-w "$TEST_TMP/link.pcapng"

ln -s "$TEST_TMP/target" "$TEST_TMP/rot.pcapng1"
refused "symlink at the next rotated name" "$TEST_TMP/target" \
	"rot.pcapng1: Too many levels of symbolic links" -C 50k -w "$TEST_TMP/rot.pcapng"
check "symlink at the next rotated name: the first file is whole" \
	capinfos -c "$TEST_TMP/rot.pcapng" >/dev/null

finish
