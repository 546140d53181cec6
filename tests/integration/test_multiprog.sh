#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Beside a libxdp multiprog dispatcher (xdp-loader on a kernel with
# freplace): auto mode joins the dispatcher ahead of the existing program
# instead of swapping the dispatcher out; the same traffic checks as the
# tail-call tests hold, and `xdp-loader status` is unchanged afterwards:
# the same programs with the same ids, priorities and chain actions. The
# dispatcher itself gets a new id: libxdp builds a new dispatcher for every
# change of its program list, both when xdpdump joins and when it leaves.
# Skipped where libxdp cannot build a dispatcher (no freplace), as on the
# 6.18 development VMs; it runs in the qemu guest with a stock kernel.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tailcall_common.sh
. "$(dirname "$0")/tailcall_common.sh"
require_all
require_cmd xdp-loader
new_tmp

new_env 1 && env=$TEST_ENV
reason=$(probe_dispatcher "$env" veth0) || skip "$reason"

# xdp-loader's status with the dispatcher's own id masked (see above).
loader_status() {
	tenv_exec "$1-b" xdp-loader status veth0 2>/dev/null | grep -v '^ *$' |
		sed -E '/xdp_dispatcher/ s/ +[0-9]+ +([0-9a-f]{16})/ ID \1/'
}

for mode in native skb; do
	tenv_attach_existing "$env" veth0 "$mode" xdploader ||
		fatal "xdp-loader could not attach the existing program ($mode)"
	status=$(loader_status "$env")
	tailcall_run "$env" multiprog "$mode" 'veth0: attached \(multiprog'
	check_eq "multiprog/$mode: xdp-loader status unchanged" \
		"$status" "$(loader_status "$env")"
	tenv_detach_existing "$env" veth0
done
finish
