#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian package (debian/, make deb): dpkg-buildpackage -us -uc -b
# builds it (make deb, in a scratch BUILD directory, with dpkg-buildflags'
# hardening flags from the environment); lintian reports no errors; it
# holds the tool, the man page and the hook header; the tool extracted from
# it (dpkg -x, nothing installed on this system) runs and reports the
# package's version; the source tree gets no build products.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
command -v dpkg >/dev/null || skip "not a Debian system (no dpkg)"
if (( EUID != 0 )); then
	for cmd in dpkg-buildpackage dh lintian; do
		command -v "$cmd" >/dev/null ||
			skip "$cmd is missing and only root can install it (testenv/deps.sh deb)"
	done
fi
new_tmp

build="$TEST_TMP/build"
before=$(git -C "$TEST_ROOT" status --porcelain --ignored 2>/dev/null | grep -v '^!! build')
out="$TEST_TMP/deb.out"
make -C "$TEST_ROOT" --no-print-directory BUILD="$build" deb >"$out" 2>&1
rc=$?
check_eq "make deb: exit status (dpkg-buildpackage, then lintian --fail-on error)" 0 "$rc"
(( rc == 0 )) || { show "$out"; finish; }

version=$(dpkg-parsechangelog -l "$TEST_ROOT/debian/changelog" -S Version)
deb="$build/deb/xdpdump_${version}_$(dpkg --print-architecture).deb"
check "the package is $(basename "$deb")" test -f "$deb"
[[ -f $deb ]] || finish

lint=$(lintian "$build"/deb/*.changes 2>&1)
errors=$(grep -c '^E:' <<<"$lint")
check_eq "lintian: errors" 0 "$errors"
if (( errors )); then
	echo "$lint" >"$TEST_TMP/lintian.out"
	show "$TEST_TMP/lintian.out"
fi

contents=$(dpkg-deb -c "$deb")
for f in ./usr/sbin/xdpdump ./usr/share/man/man8/xdpdump.8.gz \
	./usr/include/xdpdump/xdpdump_hook.h ./usr/share/doc/xdpdump/copyright; do
	check "the package holds $f" grep -q " $f\$" <<<"$contents"
done

root="$TEST_TMP/root"
dpkg -x "$deb" "$root"
got=$("$root/usr/sbin/xdpdump" --version 2>&1)
check_eq "xdpdump --version from the package: exit status" 0 "$?"
check_eq "xdpdump --version from the package: the package's version" \
	"xdpdump ${version%-*}" "$(head -n 1 <<<"$got")"
check "the packaged tool is hardened: BIND_NOW (dpkg-buildflags' LDFLAGS)" \
	grep -qE 'BIND_NOW|FLAGS_1.*NOW' <(readelf -d "$root/usr/sbin/xdpdump")
check "the packaged tool is stripped (dh_strip)" \
	bash -c "! readelf -S '$root/usr/sbin/xdpdump' | grep -q '\.debug_info'"
check "the man page reads" bash -c "zcat '$root/usr/share/man/man8/xdpdump.8.gz' | grep -q '^\.TH'"

after=$(git -C "$TEST_ROOT" status --porcelain --ignored 2>/dev/null | grep -v '^!! build')
check_eq "the source tree is as it was (git status)" "$before" "$after"

finish
