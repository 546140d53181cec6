#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building xdpdump and running its tests and demo need, on
# Debian 12. `make check` and `make demo` run it first, every time, so it
# asks dpkg what is missing and calls apt only for that: on a machine that
# has everything it does nothing and needs no network. Elsewhere (no dpkg
# or no apt-get) it installs nothing: it names what is missing, with the
# package to look for, and fails only when the build itself cannot work.
# Usage: deps.sh [GROUP...], GROUP one of build test check deb (default:
# build test check).
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
# gcc's ASan/UBSan come with gcc) and valgrind; make format-check: clang-format.
CHECK_PKGS=(libclang-rt-14-dev valgrind clang-format)
# make deb: Debian packaging tools (dpkg-buildpackage, dh, lintian).
DEB_PKGS=(dpkg-dev debhelper lintian fakeroot)

# not_debian — what the build needs, by command and pkg-config module, with
# the package that holds each; test tools only warned about (tests that
# miss one SKIP and say which).
not_debian() {
	local need=() want=() item
	for item in make:make cc:gcc clang:clang llvm-strip:llvm bpftool:bpftool \
		pkg-config:pkg-config; do
		command -v "${item%%:*}" >/dev/null || need+=("${item%%:*} (package ${item#*:})")
	done
	if command -v pkg-config >/dev/null; then
		for item in libbpf:libbpf-dev/libbpf-devel libxdp:libxdp-dev/libxdp-devel \
			libpcap:libpcap-dev/libpcap-devel libelf:libelf-dev/elfutils-libelf-devel \
			zlib:zlib1g-dev/zlib-devel; do
			pkg-config --exists "${item%%:*}" ||
				need+=("${item%%:*} (pkg-config module; package ${item#*:})")
		done
	fi
	for item in ip tcpdump tshark capinfos xdp-loader jq nsenter; do
		command -v "$item" >/dev/null || want+=("$item")
	done
	(( ${#want[@]} )) &&
		echo "deps: not Debian (no dpkg/apt-get); tests that need these will SKIP: ${want[*]}" >&2
	(( ${#need[@]} )) || return 0
	echo "deps: not Debian (no dpkg/apt-get), so nothing is installed; install these:" >&2
	printf 'deps:   %s\n' "${need[@]}" >&2
	return 1
}

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
	not_debian
	exit
fi

groups=("$@")
(( ${#groups[@]} )) || groups=(build test check)
wanted=()
for group in "${groups[@]}"; do
	case $group in
	build) wanted+=("${BUILD_PKGS[@]}") ;;
	test) wanted+=("${TEST_PKGS[@]}") ;;
	check) wanted+=("${CHECK_PKGS[@]}") ;;
	deb) wanted+=("${BUILD_PKGS[@]}" "${DEB_PKGS[@]}") ;;
	*) echo "deps: unknown group '$group' (build test check deb)" >&2; exit 2 ;;
	esac
done

missing=()
for pkg in "${wanted[@]}"; do
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
