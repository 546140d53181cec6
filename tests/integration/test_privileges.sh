#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A missing privilege is named before anything is loaded:
#  - as nobody, without capabilities, a live capture and -r exit 1 with one
#    line that names root, CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON, and the
#    interface keeps no XDP program;
#  - with some of the capabilities, the line names the ones missing (as
#    nobody with CAP_BPF and CAP_PERFMON; as root without CAP_NET_ADMIN);
#  - as nobody with the three capabilities, -r prints what root's -r prints;
#  - -h, --version, -d and -L need no privilege.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd setpriv
getent passwd nobody >/dev/null || skip "no user 'nobody' here"
new_tmp
new_env 1 && env=$TEST_ENV
# nobody must reach the file and the tool.
chmod 0711 "$TEST_TMP"
pcap="$TEST_TMP/tcp.pcap"
install -m 0644 "$TEST_ROOT/tests/golden/tcp.pcap" "$pcap"
setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups test -x "$XDPDUMP" ||
	skip "nobody cannot run $XDPDUMP (a parent directory is closed to others)"

# as_nobody CAPS CMD... — CMD in env-b as nobody, with CAPS (setpriv's
# +bpf,+perfmon form; empty: none) in its effective set.
as_nobody() {
	local caps=$1 capargs=()
	shift
	[[ -n $caps ]] && capargs=(--inh-caps="$caps" --ambient-caps="$caps")
	tenv_exec "$env-b" setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
		"${capargs[@]}" "$@"
}

# refused TAG MISSING CMD... — exit 1 and exactly one line on stderr, which
# names root and all three capabilities, and MISSING as what is missing.
refused() {
	local tag=$1 missing=$2 rc
	shift 2
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	check_eq "$tag: exit status" 1 "$rc"
	check_eq "$tag: lines on stderr" 1 "$(wc -l <"$TEST_TMP/err")"
	check "$tag: names what is needed: $(cat "$TEST_TMP/err")" grep -q \
		"needs root, or CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON (missing here: $missing)" \
		"$TEST_TMP/err"
}

before=$(tenv_xdp_state "$env" veth0)
all="CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON"
refused "nobody -i veth0" "$all" as_nobody "" "$XDPDUMP" -i veth0 -c 1
check_state "$env" veth0 "$before" "nobody -i veth0: after exit"
# -r decides in user space, as tcpdump -r does: no privilege needed.
as_nobody "" "$XDPDUMP" -r "$pcap" >/dev/null 2>"$TEST_TMP/err"
check_eq "nobody -r: reads the file as tcpdump -r would" 0 "$?"
refused "nobody -r --kernel-filter" "$all" as_nobody "" "$XDPDUMP" --kernel-filter -r "$pcap"
refused "nobody with CAP_BPF and CAP_PERFMON -i veth0" "CAP_NET_ADMIN" \
	as_nobody +bpf,+perfmon "$XDPDUMP" -i veth0 -c 1
check_state "$env" veth0 "$before" "nobody with two capabilities: after exit"
refused "root without CAP_NET_ADMIN -i veth0" "CAP_NET_ADMIN" \
	tenv_exec "$env-b" setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
	"$XDPDUMP" -i veth0 -c 1
check_state "$env" veth0 "$before" "root without CAP_NET_ADMIN: after exit"

"$XDPDUMP" -r "$pcap" >"$TEST_TMP/root.txt" 2>/dev/null
as_nobody +bpf,+perfmon,+net_admin "$XDPDUMP" -r "$pcap" >"$TEST_TMP/caps.txt" 2>"$TEST_TMP/err"
check_eq "nobody with the three capabilities: -r exit status" 0 "$?"
check "nobody with the three capabilities: -r prints what root's -r prints ($(wc -l <"$TEST_TMP/root.txt") lines)" \
	cmp -s "$TEST_TMP/root.txt" "$TEST_TMP/caps.txt"

for args in "-h" "--version" "-d tcp" "-L -i veth0"; do
	# shellcheck disable=SC2086 # separate words
	as_nobody "" "$XDPDUMP" $args >/dev/null 2>"$TEST_TMP/err"
	check_eq "nobody: xdpdump $args needs no privilege" 0 "$?"
done
finish
