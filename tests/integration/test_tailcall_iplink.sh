#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Capture beside a program attached with `ip link` (netlink), in native and
# in skb mode: xdpdump swaps its capture program in, tail-calls the original
# from it, and swaps the original back on exit. See tailcall_common.sh for
# what is asserted.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tailcall_common.sh
. "$(dirname "$0")/tailcall_common.sh"
require_all
new_tmp

for mode in native skb; do
	new_env 1 && env=$TEST_ENV
	tenv_attach_existing "$env" veth0 "$mode" iplink ||
		fatal "ip link could not attach the existing program ($mode)"
	tailcall_run "$env" iplink "$mode"
	tenv_destroy "$env"
done
finish
