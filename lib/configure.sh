#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe the build machine and write config.mk: compiler flags from
# pkg-config, and HAVE_* defines for library functions that differ between
# the libbpf/libxdp versions we support. Usage: configure.sh OUTPUT_FILE
set -euo pipefail

out=${1:?usage: configure.sh OUTPUT_FILE}
CC=${CC:-gcc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "configure: $*" >&2; exit 1; }

pkg_flags() {
	pkg-config --exists "$1" || fail "$1 not found (install its -dev package: make deps)"
}

# Compile and link a one-line use of FUNCTION from HEADER against LIBS.
check_function() {
	local func=$1 header=$2 libs=$3
	printf '#include <%s>\nint main(void) { (void)&%s; return 0; }\n' "$header" "$func" \
		>"$tmp/probe.c"
	# shellcheck disable=SC2086
	$CC -o "$tmp/probe" "$tmp/probe.c" $libs >/dev/null 2>&1
}

for pkg in libbpf libxdp libpcap libelf zlib; do
	pkg_flags "$pkg"
done
command -v clang >/dev/null || fail "clang not found (make deps)"
command -v bpftool >/dev/null || fail "bpftool not found (make deps)"

libs="$(pkg-config --libs libxdp libbpf libelf zlib) -lpcap"
defines=""
check_function bpf_prog_get_info_by_fd bpf/bpf.h "$libs" && defines+=" -DHAVE_BPF_PROG_GET_INFO_BY_FD"
check_function xdp_program__create xdp/libxdp.h "$libs" && defines+=" -DHAVE_XDP_PROGRAM_CREATE"

{
	echo "# Written by lib/configure.sh; delete it to probe again."
	echo "LIBBPF_VERSION := $(pkg-config --modversion libbpf)"
	echo "LIBXDP_VERSION := $(pkg-config --modversion libxdp)"
	echo "LIBPCAP_VERSION := $(pkg-config --modversion libpcap)"
	echo "DEP_CFLAGS := $(pkg-config --cflags libxdp libbpf libpcap libelf zlib)$defines"
	echo "DEP_LIBS := $libs"
} >"$out"
echo "configure: wrote $out"
