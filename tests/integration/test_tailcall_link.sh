#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Capture beside a program held in a bpf_link (as libxdp, cilium and others
# attach). Netlink cannot replace such a program: xdpdump has to swap
# programs with bpf_link_update on the owner's link, and swap back on exit,
# while the owner (xdp_link_hold) still holds the link.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tailcall_common.sh
. "$(dirname "$0")/tailcall_common.sh"
require_all
[[ -x $TENV_BIN/xdp_link_hold ]] ||
	fatal "$TENV_BIN/xdp_link_hold missing: run make tests"
new_tmp

# The link id and program id xdp_link_hold printed when it attached.
held() {
	awk -v f="$2" '/^attached/ { print $f }' \
		"$(tenv_state "$1")/link-veth0.out"
}

for mode in native skb; do
	new_env 1 && env=$TEST_ENV
	tenv_attach_existing "$env" veth0 "$mode" link ||
		fatal "could not attach the existing program through a bpf_link ($mode)"
	tailcall_run "$env" link "$mode"
	check "link/$mode: the link holder still runs" \
		kill -0 "$(cat "$(tenv_state "$env")/link-veth0.pid")"
	check_eq "link/$mode: the owner's link holds the original program again" \
		"$(held "$env" 3)" \
		"$(bpftool link show id "$(held "$env" 5)" -j | jq .prog_id)"
	tenv_destroy "$env"
done
finish
