#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Capture beside a program loaded by xdp-loader (libxdp), in native and skb
# mode. Where the kernel lacks freplace, libxdp falls back to attaching the
# program alone, so xdpdump must tail-call it; where libxdp built its
# dispatcher, auto mode may join the dispatcher instead, which this test
# accepts as long as everything still reaches the capture and the program.
# Afterwards `xdp-loader status` must say what it said before.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tailcall_common.sh
. "$(dirname "$0")/tailcall_common.sh"
require_all
require_cmd xdp-loader
new_tmp

loader_status() {
	tenv_exec "$1-b" xdp-loader status veth0 2>/dev/null | grep '^veth0'
}

for mode in native skb; do
	new_env 1 && env=$TEST_ENV
	tenv_attach_existing "$env" veth0 "$mode" xdploader ||
		fatal "xdp-loader could not attach the existing program ($mode)"
	if [[ $(tenv_xdp_prog_name "$env" veth0) == xdp_dispatcher ]]; then
		# A dispatcher: xdpdump's multiprog path, tested elsewhere.
		skip "libxdp built a dispatcher here; this test is for the single-program fallback"
	fi
	status=$(loader_status "$env")
	tailcall_run "$env" xdploader "$mode"
	check_eq "xdploader/$mode: xdp-loader status unchanged" \
		"$status" "$(loader_status "$env")"
	tenv_destroy "$env"
done
finish
