#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A packager's build (lib/common.mk, lib/configure.sh, testenv/deps.sh):
#  - CC, CFLAGS, CPPFLAGS and LDFLAGS given on the make command line reach
#    every compile and link of the tool: CC is a wrapper that logs each
#    call, each call carries the CFLAGS marker, each compile our -Werror and
#    the CPPFLAGS marker, the link the LDFLAGS; the binary records them
#    (-frecord-gcc-switches: .GCC.command.line; -g3: the defines in
#    .debug_macro; an -rpath: RUNPATH; -z now: BIND_NOW);
#  - make install DESTDIR=D PREFIX=/usr lays out exactly the tool, the man
#    page and the hook header; the installed tool runs; make uninstall
#    removes all three and the header's directory;
#  - without dpkg/apt, deps.sh names a missing library and its package and
#    calls no apt; configure.sh names a missing pkg-config module.
# The build goes to a scratch BUILD directory; the tree is not touched.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_cmd make gcc readelf pkg-config
new_tmp

build="$TEST_TMP/build"
dest="$TEST_TMP/dest"
log="$TEST_TMP/cc.log"
marker="XDPDUMP_PKG_CFLAGS_$$"
seed="xdpdump-cflags-$$"
cppmarker="XDPDUMP_PKG_CPPFLAGS_$$"
rpath="/nonexistent/xdpdump-ldflags-$$"

# The compiler wrapper: one line per call, then gcc itself.
cat >"$TEST_TMP/cc" <<WRAP
#!/bin/sh
echo "\$*" >>"$log"
exec gcc "\$@"
WRAP
chmod +x "$TEST_TMP/cc"

out="$TEST_TMP/make.out"
cflags="-O2 -g3 -frecord-gcc-switches -frandom-seed=$seed -D$marker"
make -C "$TEST_ROOT" --no-print-directory -j2 BUILD="$build" CC="$TEST_TMP/cc" \
	CFLAGS="$cflags" CPPFLAGS="-D$cppmarker" \
	LDFLAGS="-Wl,-rpath,$rpath -Wl,-z,now" "$build/xdpdump" >"$out" 2>&1
rc=$?
check_eq "make with CC, CFLAGS, CPPFLAGS, LDFLAGS: exit status" 0 "$rc"
(( rc == 0 )) || { show "$out"; finish; }

bin="$build/xdpdump"
ncompiles=$(grep -c -- ' -c ' "$log")
nobjs=$(find "$build/obj" -name '*.o' | wc -l)
check "CC: the wrapper compiled every object ($ncompiles calls, $nobjs objects)" \
	test "$ncompiles" -ge "$nobjs" -a "$nobjs" -gt 10
# Every call that writes a file (not `cc -print-multiarch`).
without=$(grep -- ' -o ' "$log" | grep -vc -- "-D$marker")
check_eq "CFLAGS: compiles and links without the marker" 0 "$without"
without=$(grep -- ' -c ' "$log" | grep -vc -- "-Werror")
check_eq "our -Werror: compiles without it" 0 "$without"
without=$(grep -- ' -c ' "$log" | grep -vc -- "-D$cppmarker")
check_eq "CPPFLAGS: compiles without the marker" 0 "$without"
links=$(grep -- "-o $bin " "$log")
check "LDFLAGS: the link of the tool carries them" grep -q -- "-Wl,-rpath,$rpath -Wl,-z,now" <<<"$links"

switches=$(readelf -p .GCC.command.line "$bin" 2>/dev/null)
check "the binary records the CFLAGS (.GCC.command.line)" grep -q -- "-frandom-seed=$seed" <<<"$switches"
macros=$(readelf --debug-dump=macro "$bin" 2>/dev/null)
check "the binary's debug info has the CFLAGS define" grep -q -- "$marker" <<<"$macros"
check "the binary's debug info has the CPPFLAGS define" grep -q -- "$cppmarker" <<<"$macros"
dynamic=$(readelf -d "$bin")
check "the binary carries the LDFLAGS -rpath (RUNPATH)" grep -q -- "$rpath" <<<"$dynamic"
check "the binary carries the LDFLAGS -z now (BIND_NOW)" grep -qE 'BIND_NOW|FLAGS_1.*NOW' <<<"$dynamic"

# ---- install and uninstall
make -C "$TEST_ROOT" --no-print-directory BUILD="$build" CC="$TEST_TMP/cc" \
	CFLAGS="$cflags" CPPFLAGS="-D$cppmarker" \
	LDFLAGS="-Wl,-rpath,$rpath -Wl,-z,now" \
	install DESTDIR="$dest" PREFIX=/usr >"$out" 2>&1
check_eq "make install DESTDIR=D PREFIX=/usr: exit status" 0 "$?"
files=$(cd "$dest" && find . -type f | sort | tr '\n' ' ')
check_eq "make install: exactly the tool, the man page, the hook header" \
	"./usr/include/xdpdump/xdpdump_hook.h ./usr/sbin/xdpdump ./usr/share/man/man8/xdpdump.8 " "$files"
check_eq "make install: the tool's mode" 755 "$(stat -c %a "$dest/usr/sbin/xdpdump" 2>/dev/null)"
check_eq "make install: the header's mode" 644 \
	"$(stat -c %a "$dest/usr/include/xdpdump/xdpdump_hook.h" 2>/dev/null)"
check "make install: the header is bpf/xdpdump_hook.h" \
	cmp -s "$TEST_ROOT/bpf/xdpdump_hook.h" "$dest/usr/include/xdpdump/xdpdump_hook.h"
version=$("$dest/usr/sbin/xdpdump" --version 2>&1 | head -n 1)
check "the installed tool runs: --version says '$version'" grep -q '^xdpdump [0-9]' <<<"$version"

make -C "$TEST_ROOT" --no-print-directory BUILD="$build" uninstall DESTDIR="$dest" \
	PREFIX=/usr >"$out" 2>&1
check_eq "make uninstall: exit status" 0 "$?"
left=$(cd "$dest" && find . -type f | wc -l)
check_eq "make uninstall: files left" 0 "$left"
check "make uninstall: include/xdpdump/ is gone" test ! -e "$dest/usr/include/xdpdump"

# ---- off Debian: a PATH with no dpkg-query, an apt-get that only logs,
# and a pkg-config that finds no module.
fake="$TEST_TMP/fakebin"
mkdir -p "$fake"
for cmd in bash make cc gcc clang llvm-strip bpftool pkg-config cat; do
	p=$(command -v "$cmd") && ln -s "$p" "$fake/$cmd"
done
printf '#!/bin/sh\necho "apt-get $*" >>%s\nexit 1\n' "$TEST_TMP/apt.log" >"$fake/apt-get"
chmod +x "$fake/apt-get"
mkdir -p "$TEST_TMP/nopc"
msg=$(PATH="$fake" PKG_CONFIG_LIBDIR="$TEST_TMP/nopc" PKG_CONFIG_PATH="" \
	bash "$TEST_ROOT/testenv/deps.sh" 2>&1)
rc=$?
check "deps.sh off Debian, a library missing: non-zero exit ($rc)" test "$rc" -ne 0
check "deps.sh names the missing libxdp and its package" grep -q 'libxdp.*libxdp-dev' <<<"$msg"
check "deps.sh says it is not Debian" grep -q 'not Debian' <<<"$msg"
check "deps.sh called no apt-get" test ! -e "$TEST_TMP/apt.log"
msg=$(PATH="$fake" bash "$TEST_ROOT/testenv/deps.sh" build 2>&1)
check_eq "deps.sh off Debian, everything for the build there: exit status" 0 "$?"

msg=$(PKG_CONFIG_LIBDIR="$TEST_TMP/nopc" PKG_CONFIG_PATH="" \
	"$TEST_ROOT/lib/configure.sh" "$TEST_TMP/config.mk" 2>&1)
rc=$?
check "configure.sh, no pkg-config module found: non-zero exit ($rc)" test "$rc" -ne 0
check "configure.sh names the module and its package" \
	grep -q 'libbpf not found.*libbpf-dev' <<<"$msg"

finish
