#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the tests in tests/vm/TESTS inside a stock Debian 6.1 kernel under
# qemu: the kernel of these machines refuses fentry/fexit and freplace, so
# the tests of xdpdump's exit capture and of the libxdp multiprog path can
# only run there (see ../shared/ENVIRONMENT.md, "Another kernel in a VM").
#
#   XDPDUMP=$PWD/build/xdpdump BUILD=$PWD/build testenv/vm/run.sh
#
# 1. installs qemu-system-x86 and busybox-static if missing;
# 2. downloads the newest linux-image-6.1.0-N-amd64-unsigned with apt-get
#    (kept in $BUILD/vm/, so the next run does not download it again);
# 3. builds an initramfs of busybox, testenv/vm/init and the modules it
#    needs (virtio, 9p, veth) from the same package;
# 4. boots it with software emulation (TCG: with KVM the guest hangs on
#    these machines); the guest mounts the host's root read-only over 9p
#    and runs tests/vm/run.sh chrooted into it (testenv/vm/guest.sh), so it
#    tests this build with the host's own tools;
# 5. prints the guest's PASS/FAIL/SKIP lines marked "vm-6.1:", and a
#    summary. The console goes to $BUILD/vm/console.log.
#
# Exit status: 0 when every test passed or skipped; 1 when one failed, and
# when the VM did not boot or did not report back ("VM did not boot: ...",
# never counted as a pass or a skip).
#
# Environment: XDPDUMP, BUILD (as tests/run.sh); VM_TESTS (words: only the
# entries of tests/vm/TESTS that contain one); VM_TIMEOUT (seconds for the
# whole VM, default 900); VM_TENV_TIMEOUT (the tests' TENV_TIMEOUT inside
# the VM, default 60: a test takes 20-40 times as long under TCG as on the
# host); VM_KERNEL_PKG (a package name, instead of the newest 6.1 one);
# VM_CPU (qemu's -cpu, default max); XDPDUMP_RING (as tests/lib.sh).
set -u

VM_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$VM_SRC/../.." && pwd)
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$ROOT/$BUILD"
: "${XDPDUMP:=$BUILD/xdpdump}"
[[ $XDPDUMP == /* ]] || XDPDUMP="$ROOT/$XDPDUMP"
: "${VM_TIMEOUT:=900}"
: "${VM_TENV_TIMEOUT:=60}"
: "${VM_KERNEL_PKG:=}"
: "${VM_TESTS:=}"
VM_DIR=$BUILD/vm
LOG=$VM_DIR/console.log
# The results share: written by the guest, read back here after it stops.
SHARE=$VM_DIR/share
# Loaded in this order, each after the modules it depends on (its modinfo).
MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
	virtio_pci netfs fscache 9pnet 9pnet_virtio 9p veth)
KERNEL_RE='^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$'

say() {
	echo "vm: $*"
}

err() {
	echo "vm: $*" >&2
}

# --- 1. host packages -------------------------------------------------------

# Only what is missing, so a machine that has everything needs no network.
vm_deps() {
	local pkg missing=() status
	for pkg in qemu-system-x86 busybox-static; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)
		[[ $status == installed ]] || missing+=("$pkg")
	done
	(( ${#missing[@]} )) || return 0
	say "installing ${missing[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" \
		>/dev/null
}

# --- 2. the kernel ----------------------------------------------------------

newest_kernel_pkg() {
	apt-cache search --names-only "$KERNEL_RE" | awk '{ print $1 }' |
		sort -V | tail -n1
}

# The package to boot: the newest 6.1 the package lists know of (after an
# update when they know none); without any, the newest one downloaded
# before.
kernel_pkg() {
	local pkg
	[[ -n $VM_KERNEL_PKG ]] && { echo "$VM_KERNEL_PKG"; return; }
	pkg=$(newest_kernel_pkg)
	if [[ -z $pkg ]]; then
		apt-get update -qq >&2
		pkg=$(newest_kernel_pkg)
	fi
	if [[ -z $pkg ]]; then
		pkg=$(find "$VM_DIR" -maxdepth 1 -name 'linux-image-*.deb' \
			-printf '%f\n' 2>/dev/null | sed 's/_.*//' | sort -V | tail -n1)
	fi
	[[ -n $pkg ]] || { err "no package matches $KERNEL_RE"; return 1; }
	echo "$pkg"
}

# fetch_deb PKG — path of PKG's .deb in $VM_DIR, downloaded if not there.
fetch_deb() {
	local pkg=$1 deb dl
	deb=$(find "$VM_DIR" -maxdepth 1 -name "${pkg}_*.deb" | sort -V | tail -n1)
	if [[ -z $deb ]]; then
		say "downloading $pkg" >&2
		# apt downloads as its own user (_apt), which may not reach
		# $VM_DIR (under /root, say): a directory of its own in /tmp.
		dl=$(mktemp -d) || return 1
		chown _apt "$dl" 2>/dev/null
		(cd "$dl" && apt-get download -q=2 "$pkg") >&2 ||
			{ rm -rf "$dl"; err "apt-get download $pkg failed"; return 1; }
		mv "$dl"/*.deb "$VM_DIR/" || { rm -rf "$dl"; return 1; }
		rm -rf "$dl"
		# One kernel is cached: the one before this is not booted again.
		find "$VM_DIR" -maxdepth 1 -name 'linux-image-*' ! -name "${pkg}_*" \
			! -name "$pkg" -exec rm -rf {} +
		deb=$(find "$VM_DIR" -maxdepth 1 -name "${pkg}_*.deb" | tail -n1)
	fi
	echo "$deb"
}

# unpack_module SRC DEST — copy a module, uncompressed: busybox's insmod
# takes plain .ko files only.
unpack_module() {
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -q -dc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

# The "depends=" of a module's .modinfo, one name a line. The package has
# no modules.dep (its postinst runs depmod) and the host has no kmod.
mod_depends() {
	tr '\0' '\n' <"$1" | sed -n 's/^depends=//p' | tr ',' '\n' |
		sed '/^$/d'
}

# add_module NAME — unpack module NAME, after the modules it depends on,
# into $KDIR/lib/modules and append it to $KDIR/modules (the load order).
# Uses MODFILE (name -> file in the package) and MODDONE. A module built
# into this kernel needs nothing.
add_module() {
	local name=${1//-/_} src dest dep
	[[ -n ${MODDONE[$name]:-} ]] && return 0
	MODDONE[$name]=1
	src=${MODFILE[$name]:-}
	if [[ -z $src ]]; then
		grep -qE "/${name}\.ko$" "$MODDIR/modules.builtin" && return 0
		err "module $name: not in the package, not built in"
		return 1
	fi
	dest=$KDIR/lib/modules/$name.ko
	unpack_module "$src" "$dest" || return 1
	for dep in $(mod_depends "$dest"); do
		add_module "$dep" || return 1
	done
	echo "$name.ko" >>"$KDIR/modules"
}

# extract_kernel DEB DIR — the kernel image and the modules in load order
# (DIR/modules lists the file names) out of the package, into DIR.
extract_kernel() {
	# add_module reads these through bash's dynamic scope.
	local deb=$1 KDIR=$2 MODDIR x f name rc=0
	local -A MODFILE=() MODDONE=()
	x=$(mktemp -d "$VM_DIR/extract.XXXXXX") || return 1
	if ! { rm -rf "$KDIR" && mkdir -p "$KDIR/lib/modules" &&
		dpkg-deb -x "$deb" "$x"; }; then
		rm -rf "$x"
		return 1
	fi
	MODDIR=$(find "$x/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)
	while read -r f; do
		name=$(basename "$f")
		name=${name%%.ko*}
		MODFILE[${name//-/_}]=$f
	done < <(find "$MODDIR/kernel" -name '*.ko*')
	: >"$KDIR/modules"
	cp "$x"/boot/vmlinuz-* "$KDIR/vmlinuz" || rc=1
	for name in "${MODULES[@]}"; do
		(( rc == 0 )) && { add_module "$name" || rc=1; }
	done
	basename "$MODDIR" >"$KDIR/release"
	rm -rf "$x"
	(( rc == 0 )) || rm -rf "$KDIR"
	return "$rc"
}

# kernel_dir PKG — a directory with the unpacked kernel of PKG, made once.
kernel_dir() {
	local pkg=$1 dir=$VM_DIR/$1 deb
	if [[ ! -s $dir/vmlinuz || ! -s $dir/modules ]]; then
		deb=$(fetch_deb "$pkg") || return 1
		extract_kernel "$deb" "$dir" || { err "cannot unpack $deb"; return 1; }
	fi
	echo "$dir"
}

# --- 3. the initramfs -------------------------------------------------------

# make_initramfs KDIR OUT — busybox (static: nothing else is in there),
# /init, and the modules with their load order.
make_initramfs() {
	local kdir=$1 out=$2 stage rc=0
	stage=$(mktemp -d "$VM_DIR/initramfs.XXXXXX") || return 1
	mkdir -p "$stage"/{bin,dev,proc,sys,newroot,lib/modules} &&
		cp /bin/busybox "$stage/bin/busybox" &&
		cp "$kdir"/lib/modules/*.ko "$stage/lib/modules/" &&
		cp "$kdir/modules" "$stage/modules" &&
		install -m 0755 "$VM_SRC/init" "$stage/init" || rc=1
	if (( rc == 0 )); then
		# The applets as links, so init's commands are found by name.
		"$stage/bin/busybox" --list | while read -r applet; do
			[[ $applet == busybox ]] || ln -s busybox "$stage/bin/$applet"
		done
		(cd "$stage" && find . | busybox cpio -o -H newc 2>/dev/null) |
			gzip -1 >"$out"
		(( PIPESTATUS[0] == 0 && PIPESTATUS[1] == 0 )) || rc=1
	fi
	rm -rf "$stage"
	return "$rc"
}

# --- 4. boot ----------------------------------------------------------------

# prepare_share KEEP — the results share, with what the guest needs to
# know. KEEP: the directories init binds back (keep_dirs).
prepare_share() {
	local v
	rm -rf "$SHARE" && mkdir -p "$SHARE" || return 1
	echo "$ROOT" >"$SHARE/repo"
	printf '%s\n' "$1" | sed '/^$/d' >"$SHARE/keep"
	{
		printf 'VM_REPO=%q\n' "$ROOT"
		for v in XDPDUMP BUILD VM_TESTS; do
			printf 'export %s=%q\n' "$v" "${!v}"
		done
		printf 'export TENV_TIMEOUT=%q\n' "$VM_TENV_TIMEOUT"
		# The record transport the tests use (tests/lib.sh), if chosen.
		[[ -n ${XDPDUMP_RING:-} ]] && printf 'export XDPDUMP_RING=%q\n' "$XDPDUMP_RING"
		# Tells tests/vm/ tests that they are in the VM they need.
		printf 'export XDPDUMP_VM=%q\n' "$VM_LABEL"
	} >"$SHARE/env"
}

# boot KDIR INITRD — run the VM to the end; qemu's exit status.
boot() {
	local kdir=$1 initrd=$2
	# -no-reboot: a panic (panic=-1 reboots at once) ends qemu instead of
	# looping. The host's root is one 9p share; multidevs=remap keeps the
	# inode numbers of its several file systems apart.
	timeout -k 10 "$VM_TIMEOUT" qemu-system-x86_64 \
		-nographic -no-reboot -m 2048 -smp 2 -accel tcg -cpu "${VM_CPU:-max}" \
		-nic none \
		-kernel "$kdir/vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 rdinit=/init panic=-1 quiet loglevel=4" \
		-fsdev "local,id=root,path=/,security_model=none,readonly=on,multidevs=remap" \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
		-fsdev "local,id=results,path=$SHARE,security_model=none" \
		-device virtio-9p-pci,fsdev=results,mount_tag=results \
		</dev/null >"$LOG" 2>&1
}

# --- 5. report --------------------------------------------------------------

# The console without carriage returns and terminal escapes. The BIOS and
# the kernel reset the terminal (ESC c) without ending their line: the
# reset ends it here, so that init's lines start lines.
console() {
	sed -e 's/\r$//' -e 's/\x1bc/\n/g' -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' \
		-e 's/\x1b[^[]//g' "$LOG"
}

show_console() {
	echo "vm: last lines of $LOG:"
	console | tail -n 40 | sed 's/^/#   /'
}

# no_report WHAT QEMU-RC — why the VM said nothing: the reason in one line.
no_report() {
	local what=$1 rc=$2 reason
	reason=$(console | grep -m1 -E 'xdpdump-vm: error|Kernel panic' |
		sed 's/.*xdpdump-vm: error: //')
	if [[ -z $reason ]]; then
		case $rc in
		124|137) reason="no answer within VM_TIMEOUT=${VM_TIMEOUT}s" ;;
		0) reason="it powered off without a result" ;;
		*) reason="qemu exited with status $rc" ;;
		esac
	fi
	echo "FAIL $VM_LABEL: VM $what: $reason"
	show_console
	echo "$VM_LABEL: 0 passed, 1 failed, 0 skipped"
}

# Tests' lines, marked as run in the VM: "PASS vm-6.1: tests/...". The
# summaries of tests/run.sh inside cover only part of the list: one
# summary of the whole is printed instead.
relabel() {
	sed -E -e '/^[0-9]+ passed, [0-9]+ failed/d' -e '/^failed: /d' \
		-e "s/^(PASS|FAIL|SKIP) /\1 $VM_LABEL: /" \
		-e "s/^== (PASS|FAIL|SKIP) /== \1 $VM_LABEL: /" "$SHARE/output"
}

report() {
	local rc=$1 out pass fail skip
	# Not anchored: the firmware's escape codes may share the line (no newline
	# after them when the kernel boots quietly).
	if ! console | grep -q 'xdpdump-vm: booted'; then
		no_report "did not boot" "$rc"
		return 1
	fi
	if [[ ! -s $SHARE/rc ]]; then
		no_report "did not report" "$rc"
		return 1
	fi
	out=$(relabel)
	[[ -n $out ]] && echo "$out"
	pass=$(grep -c '^== PASS ' <<<"$out")
	fail=$(grep -c '^== FAIL ' <<<"$out")
	skip=$(grep -c '^== SKIP ' <<<"$out")
	if (( pass + fail + skip == 0 )); then
		echo "FAIL $VM_LABEL: no test ran in the VM"
		fail=1
	elif [[ $(cat "$SHARE/rc") != 0 ]] && (( fail == 0 )); then
		echo "FAIL $VM_LABEL: tests/vm/run.sh exited with status $(cat "$SHARE/rc")"
		fail=1
	fi
	echo "$VM_LABEL: $pass passed, $fail failed, $skip skipped"
	(( fail == 0 ))
}

# The guest mounts fresh file systems over /tmp, /run and /var/tmp (the
# host's root is read-only there) and its own /dev, /proc and /sys. A
# repository or build below the first three is bound back into place by
# init ("keep" in the share, one directory a line); below the others it
# cannot be seen at all.
keep_dirs() {
	local p d
	for p in "$ROOT" "$BUILD" "$(dirname "$XDPDUMP")"; do
		for d in /dev /proc /sys; do
			[[ $p == "$d" || $p == "$d"/* ]] || continue
			echo "FAIL $VM_LABEL: $p is under $d, which the guest cannot see"
			return 1
		done
		for d in /tmp /run /var/tmp; do
			[[ $p == "$d"/* ]] && echo "$p"
		done
	done | sort -u | awk '
		/^FAIL/ { print; bad = 1; next }
		{ for (k in kept) if (index($0, k "/") == 1) next; kept[$0]; print }
		END { exit bad }'
}

main() {
	local pkg kdir start=$SECONDS vm_start booted rc keep
	VM_LABEL=vm-6.1
	if (( EUID != 0 )); then
		echo "FAIL $VM_LABEL: needs root (apt-get, and the tests need it in the VM)"
		return 1
	fi
	[[ -x $XDPDUMP ]] ||
		{ echo "FAIL $VM_LABEL: $XDPDUMP missing: run make tests"; return 1; }
	keep=$(keep_dirs) || { echo "$keep"; return 1; }
	mkdir -p "$VM_DIR" || return 1
	vm_deps || { echo "FAIL $VM_LABEL: cannot install qemu/busybox"; return 1; }
	if ! { pkg=$(kernel_pkg) && kdir=$(kernel_dir "$pkg") &&
		make_initramfs "$kdir" "$VM_DIR/initrd.gz"; }; then
		echo "FAIL $VM_LABEL: VM did not boot: no kernel or initramfs"
		return 1
	fi
	VM_LABEL="vm-$(cut -d. -f1,2 "$kdir/release")"
	prepare_share "$keep" || return 1

	say "booting $(cat "$kdir/release") after $(( SECONDS - start ))s (qemu TCG; console in $LOG; up to ${VM_TIMEOUT}s)"
	vm_start=$SECONDS
	boot "$kdir" "$VM_DIR/initrd.gz"
	rc=$?
	booted=$(console | sed -n 's/^xdpdump-vm: booted .* in \([0-9.]*\) s$/\1/p')
	say "VM ran $(( SECONDS - vm_start ))s${booted:+ (booted in ${booted}s)}, $(( SECONDS - start ))s in all"
	report "$rc"
}

main "$@"
