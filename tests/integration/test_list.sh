#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `xdpdump -D` lists the namespace's interfaces with their XDP programs:
# veth0 with the existing program in native mode (ip link), veth2 with it
# in skb mode (bpf_link), lo with none; each with the right name, id and
# mode, and nothing attached by listing. --version names the libraries.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

new_env 2 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program to veth0"
tenv_attach_existing "$env" veth2 skb link ||
	fatal "could not attach the existing program to veth2 with a bpf_link"
before0=$(tenv_xdp_state "$env" veth0)
before2=$(tenv_xdp_state "$env" veth2)
out="$TEST_TMP/list.out"

xdpdump_run "$env" 20 -D >"$out" 2>"$TEST_TMP/list.err"
check_eq "-D exit status" 0 "$?"

# line_has IFNAME WORD... — the line naming IFNAME has every WORD.
# shellcheck disable=SC2317 # called through check
line_has() {
	local line word
	line=$(grep -E "(^|[^[:alnum:]])$1([^[:alnum:]]|$)" "$out") || return 1
	shift
	for word in "$@"; do
		grep -qw -- "$word" <<<"$line" || return 1
	done
}

check "-D: veth0 shows xdp_drop_udp9, its id, native" \
	line_has veth0 xdp_drop_udp9 "$(tenv_existing_id "$env" veth0)" native
check "-D: veth2 shows xdp_drop_udp9, its id, skb" \
	line_has veth2 xdp_drop_udp9 "$(tenv_existing_id "$env" veth2)" skb
check "-D: lo is listed" line_has lo
check "-D: only this namespace's three interfaces are listed" \
	test "$(grep -c . "$out")" -eq 3
[[ $TEST_FAILS == 0 ]] || show "$out"
check_state "$env" veth0 "$before0" "-D changes nothing"
check_state "$env" veth2 "$before2" "-D changes nothing"

"$XDPDUMP" --version >"$out" 2>&1
check_eq "--version exit status" 0 "$?"
check "--version names libxdp" grep -qi libxdp "$out"
check "--version names libbpf" grep -qi libbpf "$out"
finish
