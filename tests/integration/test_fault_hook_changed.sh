#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Another loader changes the XDP hook while xdpdump captures in front of
# the existing program (tailcall strategy):
#  - removes it (`ip link set ... xdpdrv off`; for a bpf_link-held
#    original, `bpftool link detach`),
#  - replaces it (`ip -force link set ... xdpdrv obj ...`);
# or, with the load strategy, detaches xdpdump's own link (netlink cannot
# replace it).
# xdpdump must notice within about a second by itself (no signal), say so
# in exactly one line, exit non-zero, leave the hook as the other loader
# set it (never put the stale original back over it), and leave a file
# that capinfos reads with the packets captured before.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
new_tmp

new_env 1 && env=$TEST_ENV

# changed_under CASE METHOD CHANGE — capture, let CHANGE (a function)
# alter the hook, then check what xdpdump did. CHANGE prints the state
# the hook should stay in.
changed_under() {
	local what=$1 method=$2 change=$3 f err want n label="$1 (${2/none/load strategy})"
	f="$TEST_TMP/$what-$method.pcapng" err="$TEST_TMP/$what-$method.err"
	if [[ $method != none ]]; then
		tenv_attach_existing "$env" veth0 native "$method" ||
			fatal "$label: could not attach the existing program"
	fi
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$label: xdpdump did not start"; }
	tenv_udp "$env" 7 25 || fail "$label: sending before the change"
	if [[ $method == none ]]; then
		# Our own program sits in our bpf_link: netlink cannot touch it.
		check "load: ip link cannot replace the capture program" \
			not tenv_exec "$env-b" ip -force link set dev veth0 xdpdrv \
			obj "$(tenv_obj)" sec xdp
		check "load: the capture goes on" kill -0 "$XD_PID"
	fi
	want=$("$change")
	exits_within 3 "$XD_PID"
	check "$label: xdpdump stopped by itself within 3 s (status $EXIT_RC)" \
		test "$EXIT_RC" -ne 124
	check "$label: exit status non-zero ($EXIT_RC)" test "$EXIT_RC" -ne 0
	n=$(grep -c 'someone else' "$err")
	check_eq "$label: lines that report the change" 1 "$n"
	check_attach_line "$err" "veth0: the XDP program was $what by someone else" \
		"$label: the report says what happened"
	check_eq "$label: lines on stderr that are errors besides it" 0 \
		"$(other_lines "$err" 'someone else')"
	check_state "$env" veth0 "$want" "$label: the other loader's hook kept"
	check_eq "$label: packets from before the change in the file" 25 \
		"$(pkt_count "$f" 'udp.dstport == 7')"
	check_eq "$label: summary agrees with the file" \
		"$(pkt_count "$f")" "$(summary_captured "$err")"
	rm -f "$(tenv_state "$env")"/{method,mode,prog}-veth0
	tenv_exec "$env-b" ip link set dev veth0 xdpdrv off 2>/dev/null
}

# shellcheck disable=SC2317 # called through check
not() {
	! "$@" 2>/dev/null
}

# shellcheck disable=SC2317 # called through changed_under
remove_iplink() {
	tenv_exec "$env-b" ip link set dev veth0 xdpdrv off
	echo none
}

# shellcheck disable=SC2317
replace_iplink() {
	tenv_exec "$env-b" ip -force link set dev veth0 xdpdrv obj \
		"$(tenv_obj)" sec xdp
	tenv_xdp_state "$env" veth0
}

# A bpf_link-held original: the other loader detaches the link (its holder
# merely exiting would not do: our reference keeps the link alive until we
# swap the original back). With the load strategy the link is our own.
# shellcheck disable=SC2317
remove_link() {
	local prog link
	prog=$(tenv_xdp_prog_id "$env" veth0)
	link=$(bpftool link show -j |
		jq -r --argjson p "$prog" '.[] | select(.prog_id == $p) | .id')
	bpftool link detach id "$link"
	echo none
}

changed_under removed iplink remove_iplink
changed_under replaced iplink replace_iplink
changed_under removed link remove_link
# The load strategy: someone detaches our own link.
changed_under removed none remove_link
# With nothing there, --cleanup has nothing to do either.
check "no capture program left on the hook" \
	test "$(tenv_xdp_prog_name "$env" veth0)" != xdpdump_capture
finish
