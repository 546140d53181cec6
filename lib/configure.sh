#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe the build machine and write config.mk: compiler flags from
# pkg-config, and HAVE_* defines for library functions that differ between
# the libbpf/libxdp versions we support. Usage: configure.sh OUTPUT_FILE
set -euo pipefail

out=${1:?usage: configure.sh OUTPUT_FILE}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "configure: $*" >&2; exit 1; }

# The package that holds each dependency, on Debian and on Fedora, so the
# message names something a user can install on either.
hint() {
	case $1 in
	libbpf) echo "Debian libbpf-dev, Fedora libbpf-devel" ;;
	libxdp) echo "Debian libxdp-dev, Fedora libxdp-devel" ;;
	libpcap) echo "Debian libpcap-dev, Fedora libpcap-devel" ;;
	libelf) echo "Debian libelf-dev, Fedora elfutils-libelf-devel" ;;
	zlib) echo "Debian zlib1g-dev, Fedora zlib-devel" ;;
	clang) echo "Debian and Fedora clang" ;;
	bpftool) echo "Debian and Fedora bpftool" ;;
	*) echo "see testenv/deps.sh" ;;
	esac
}

need_module() {
	"$PKG_CONFIG" --exists "$1" ||
		fail "$1 not found by $PKG_CONFIG (package: $(hint "$1"); on Debian: make deps)"
}

# Compile and link a one-line use of FUNCTION from HEADER against LIBS.
check_function() {
	local func=$1 header=$2 libs=$3
	printf '#include <%s>\nint main(void) { (void)&%s; return 0; }\n' "$header" "$func" \
		>"$tmp/probe.c"
	# The packager's flags too: a sysroot or -L there changes the answer.
	# shellcheck disable=SC2086
	$CC ${CPPFLAGS:-} ${CFLAGS:-} ${LDFLAGS:-} -o "$tmp/probe" "$tmp/probe.c" $libs \
		>/dev/null 2>&1
}

command -v "$PKG_CONFIG" >/dev/null ||
	fail "$PKG_CONFIG not found (package: Debian pkg-config, Fedora pkgconf-pkg-config)"
for pkg in libbpf libxdp libpcap libelf zlib; do
	need_module "$pkg"
done
for cmd in clang bpftool; do
	command -v "$cmd" >/dev/null || fail "$cmd not found (package: $(hint "$cmd"); on Debian: make deps)"
done

libs=$("$PKG_CONFIG" --libs libxdp libbpf libpcap libelf zlib)
defines=""
check_function bpf_prog_get_info_by_fd bpf/bpf.h "$libs" && defines+=" -DHAVE_BPF_PROG_GET_INFO_BY_FD"
check_function xdp_program__create xdp/libxdp.h "$libs" && defines+=" -DHAVE_XDP_PROGRAM_CREATE"

{
	echo "# Written by lib/configure.sh; delete it to probe again."
	echo "LIBBPF_VERSION := $("$PKG_CONFIG" --modversion libbpf)"
	echo "LIBXDP_VERSION := $("$PKG_CONFIG" --modversion libxdp)"
	echo "LIBPCAP_VERSION := $("$PKG_CONFIG" --modversion libpcap)"
	echo "DEP_CFLAGS := $("$PKG_CONFIG" --cflags libxdp libbpf libpcap libelf zlib)$defines"
	echo "DEP_LIBS := $libs"
} >"$out"
echo "configure: wrote $out"
