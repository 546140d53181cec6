#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building xdpdump and running its tests and demo need, on
# Debian 12. `make check` and `make demo` run it first, every time, so it
# asks dpkg what is missing and calls apt only for that: on a machine that
# has everything it does nothing and needs no network.
set -u

# Build: compilers, BPF tooling, the libraries xdpdump links.
BUILD_PKGS=(make gcc clang llvm pkg-config bpftool libbpf-dev libxdp-dev
	libpcap-dev libelf-dev zlib1g-dev)
# Tests and demo: namespaces and veths (iproute2: ip, tc), nsenter,
# taskset and unshare (util-linux), script for a pty (bsdutils), gzip,
# ping, independent readers of the capture files
# (tcpdump, tshark, capinfos from wireshark-common), xdp-loader
# (xdp-tools), jq for `ip -j` and `bpftool -j` output, shellcheck for lint;
# groff, man and col (groff-base, man-db, bsdextrautils) check the man page;
# openssh-server and openssh-client: a real sshd per namespace for the
# remote capture points (test_remote_points.sh).
TEST_PKGS=(iproute2 util-linux bsdutils gzip iputils-ping tcpdump tshark wireshark-common
	xdp-tools jq shellcheck ethtool gnuplot-nox groff-base man-db bsdextrautils
	openssh-server openssh-client)
# make fuzz, check-asan, check-valgrind: clang's libFuzzer and sanitizer
# runtimes (for the clang that lib/common.mk's CLANG names, Debian 12's 14;
# gcc's ASan/UBSan come with gcc) and valgrind.
CHECK_PKGS=(libclang-rt-14-dev valgrind)

missing=()
for pkg in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${CHECK_PKGS[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)
	[[ $status == installed ]] || missing+=("$pkg")
done
(( ${#missing[@]} )) || exit 0

if (( EUID != 0 )); then
	echo "deps: missing ${missing[*]}; run as root to install" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
# tshark asks whether non-root users may capture: take the default.
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq &&
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
