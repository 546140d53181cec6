# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Throwaway network environments for xdpdump's tests and demo. Source it.
#
# An environment NAME is two network namespaces joined by veth pairs:
#
#   NAME-a (sender)                    NAME-b (receiver, where XDP runs)
#   veth1 10.199.X.1 fd00:199:X::1 <-> veth0 10.199.X.2 fd00:199:X::2
#   veth3 10.201.X.1 fd00:201:X::1 <-> veth2 10.201.X.2 fd00:201:X::2 (pair 2)
#
# X is derived from NAME, so captures from different environments can be
# told apart; the namespaces themselves already keep them from clashing.
#
# Everything that touches BPF runs through tenv_exec (nsenter --net), never
# `ip netns exec`: the latter mounts a fresh /sys in a private mount
# namespace, which hides the host's bpffs, so anything pinned there would
# vanish with the command.
#
# Per-environment state (prog ids, helper pids, sink output) lives in
# $TENV_STATE/NAME and is removed by tenv_destroy.

TENV_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TENV_ROOT=$(cd "$TENV_SRC/.." && pwd)
# BUILD may be given relative to the repository (the Makefile's default).
: "${BUILD:=build}"
[[ $BUILD == /* ]] || BUILD="$TENV_ROOT/$BUILD"
: "${TENV_BIN:=$BUILD/testenv}"
: "${TENV_STATE:=/run/xdpdump-testenv}"
# Longest time any helper waits for a condition (seconds).
: "${TENV_TIMEOUT:=10}"

tenv_err() {
	echo "testenv: $*" >&2
}

# tenv_exec NS CMD... — run CMD in namespace NS, keeping the host's mounts.
tenv_exec() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" -- "$@"
}

# tenv_bg NS OUT ERR CMD... — start CMD in NS in the background with
# stdout to OUT and stderr to ERR; its pid is left in TENV_BG_PID. nsenter
# execs CMD, so that pid is CMD's own and a signal sent to it reaches CMD
# (a backgrounded shell function would be a subshell in between).
tenv_bg() {
	local ns=$1 out=$2 err=$3
	shift 3
	nsenter --net="/run/netns/$ns" -- "$@" >"$out" 2>"$err" &
	TENV_BG_PID=$!
}

# tenv_wait_line FILE REGEX PID — wait until FILE has a line matching REGEX;
# fail at once if PID exits first, or after TENV_TIMEOUT seconds.
tenv_wait_line() {
	local file=$1 re=$2 pid=$3 i
	for (( i = 0; i < TENV_TIMEOUT * 20; i++ )); do
		grep -Eq -- "$re" "$file" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	grep -Eq -- "$re" "$file" 2>/dev/null
}

tenv_state() {
	echo "$TENV_STATE/$1"
}

# Third octet / address group of the environment, 1..250, from its name.
tenv_subnet() {
	local sum
	sum=$(printf '%s' "$1" | cksum)
	echo $(( ${sum%% *} % 250 + 1 ))
}

# Prefix of pair 0 (veth0/veth1) or pair 2 (veth2/veth3): "10.199" or "10.201".
tenv_prefix() {
	case ${1:-0} in
	0) echo 199 ;;
	2) echo 201 ;;
	*) tenv_err "no veth pair $1 (use 0 or 2)"; return 1 ;;
	esac
}

# tenv_addr NAME [PAIR] [4|6] [a|b] — an address of the environment; by
# default the receiver's (b) IPv4 address on pair 0.
tenv_addr() {
	local x p host=2
	x=$(tenv_subnet "$1") || return 1
	p=$(tenv_prefix "${2:-0}") || return 1
	[[ ${4:-b} == a ]] && host=1
	if [[ ${3:-4} == 6 ]]; then
		echo "fd00:$p:$x::$host"
	else
		echo "10.$p.$x.$host"
	fi
}

tenv_bpffs() {
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
}

# Settings for a new namespace, applied before its veths exist so that they
# inherit them ("default"). No router solicitations, no DAD, no RA, and the
# repeated unsolicited MLD reports sent 1 ms apart instead of up to a second:
# by the time tenv_create returns, no stray IPv6 packet is still due to
# land in a capture whose packets a test counts.
tenv_ns_setup() {
	local ns=$1 key
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up || return 1
	for key in accept_dad=0 router_solicitations=0 accept_ra=0 \
		mldv1_unsolicited_report_interval=1 \
		mldv2_unsolicited_report_interval=1; do
		tenv_exec "$ns" sysctl -qw "net.ipv6.conf.default.$key" \
			"net.ipv6.conf.all.$key" || return 1
	done
}

tenv_mac() {
	ip -n "$1" -j link show dev "$2" | jq -r '.[0].address'
}

# Permanent neighbour entries both ways: no ARP or neighbour discovery in
# the middle of a capture whose packets a test counts.
tenv_pin_neighbours() {
	local name=$1 pair=$2 bif=$3 aif=$4 bmac amac fam
	bmac=$(tenv_mac "$name-b" "$bif") || return 1
	amac=$(tenv_mac "$name-a" "$aif") || return 1
	for fam in 4 6; do
		ip -n "$name-a" neigh replace "$(tenv_addr "$name" "$pair" "$fam" b)" \
			lladdr "$bmac" dev "$aif" nud permanent || return 1
		ip -n "$name-b" neigh replace "$(tenv_addr "$name" "$pair" "$fam" a)" \
			lladdr "$amac" dev "$bif" nud permanent || return 1
	done
}

# tenv_add_pair NAME PAIR — veth(PAIR) in -b <-> veth(PAIR+1) in -a.
tenv_add_pair() {
	local name=$1 pair=$2 bif="veth$2" aif="veth$(( $2 + 1 ))" p side ns dev
	p=$(tenv_prefix "$pair") || return 1
	ip link add "$aif" netns "$name-a" type veth \
		peer name "$bif" netns "$name-b" || return 1
	for side in a b; do
		ns="$name-$side"
		[[ $side == a ]] && dev=$aif || dev=$bif
		ip -n "$ns" addr add "$(tenv_addr "$name" "$pair" 4 "$side")/24" \
			dev "$dev" || return 1
		ip -n "$ns" addr add "$(tenv_addr "$name" "$pair" 6 "$side")/64" \
			dev "$dev" nodad || return 1
		ip -n "$ns" link set "$dev" up || return 1
	done
	# veth has no queue by default: when the receiver's ring is full in
	# native XDP mode, frames are dropped before XDP sees them. With a
	# qdisc, veth stops the queue instead (backpressure) and the sender's
	# retry on ENOBUFS makes every datagram arrive.
	tc -n "$name-a" qdisc replace dev "$aif" root pfifo limit 1000 ||
		return 1
	tenv_pin_neighbours "$name" "$pair" "$bif" "$aif"
}

# tenv_create NAME [PAIRS] — PAIRS 1 (default) or 2.
#
# Nothing needs to be done on the sender's veth for native XDP on the
# receiving one: the kernel turns off TSO on the peer and caps its MTU
# itself when a non-frags program is attached (checked on 6.18).
tenv_create() {
	local name=$1 pairs=${2:-1}
	if [[ -z $name || ( $pairs != 1 && $pairs != 2 ) ]]; then
		tenv_err "usage: tenv_create NAME [1|2]"
		return 1
	fi
	if [[ -e /run/netns/$name-a || -e /run/netns/$name-b ]]; then
		tenv_err "environment $name exists already"
		return 1
	fi
	tenv_bpffs || return 1
	mkdir -p "$(tenv_state "$name")" || return 1
	tenv_ns_setup "$name-a" && tenv_ns_setup "$name-b" &&
		tenv_add_pair "$name" 0 || return 1
	if (( pairs == 2 )); then
		tenv_add_pair "$name" 2 || return 1
	fi
}

# Stop our helper processes in a namespace: first politely (an xdpdump left
# running restores its interface on SIGTERM), then for good.
tenv_kill_ns_pids() {
	local ns=$1 pids i
	[[ -e /run/netns/$ns ]] || return 0
	mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
	(( ${#pids[@]} )) || return 0
	kill -TERM "${pids[@]}" 2>/dev/null
	for (( i = 0; i < 20; i++ )); do
		mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null)
		(( ${#pids[@]} )) || return 0
		sleep 0.1
	done
	kill -KILL "${pids[@]}" 2>/dev/null
}

# A test that SIGKILLs xdpdump and then fails leaves its capture program
# attached, and its pins (which hold the original program) in bpffs; they
# would outlive the namespace. Let xdpdump clean up after itself when we
# know where it is, and remove its pin directory for that program anyway.
tenv_drop_capture_leftovers() {
	local name=$1 dev id
	[[ -e /run/netns/$name-b ]] || return 0
	for dev in $(ip -n "$name-b" -j link show | jq -r '.[].ifname'); do
		[[ $(tenv_xdp_prog_name "$name" "$dev") == xdpdump_capture ]] ||
			continue
		id=$(tenv_xdp_prog_id "$name" "$dev")
		if [[ -n ${XDPDUMP:-} && -x $XDPDUMP ]]; then
			tenv_exec "$name-b" "$XDPDUMP" --cleanup -i "$dev" \
				>/dev/null 2>&1
		fi
		[[ -n $id ]] && rm -rf "/sys/fs/bpf/xdpdump/prog$id"
	done
}

# tenv_destroy NAME — remove everything tenv_create and the helpers made.
# Safe to call twice and on a half-created environment (tests trap it).
tenv_destroy() {
	local name=$1 side ifs dev
	for side in a b; do
		tenv_kill_ns_pids "$name-$side"
	done
	tenv_drop_capture_leftovers "$name"
	if [[ -e /run/netns/$name-b ]] && command -v xdp-loader >/dev/null; then
		# libxdp pins its dispatcher state under bpffs by ifindex; in
		# namespaces ifindexes repeat, so leave nothing behind.
		mapfile -t ifs < <(ip -n "$name-b" -j link show |
			jq -r '.[] | select(.ifname != "lo") | .ifname')
		for dev in "${ifs[@]}"; do
			tenv_exec "$name-b" xdp-loader unload "$dev" --all \
				>/dev/null 2>&1
		done
	fi
	for side in a b; do
		[[ -e /run/netns/$name-$side ]] && ip netns del "$name-$side"
	done
	rm -rf "$(tenv_state "$name")"
	return 0
}

# tenv_xdp_json NAME IF — the "xdp" object of `ip -d link` for IF in -b.
tenv_xdp_json() {
	ip -n "$1-b" -j -d link show dev "$2" | jq -c '.[0].xdp // empty'
}

# tenv_xdp_prog_id NAME IF — id of the XDP program attached to IF, or
# nothing. With programs in several modes at once, all ids.
tenv_xdp_prog_id() {
	tenv_xdp_json "$1" "$2" |
		jq -r '[.prog.id // empty, (.attached // [])[].prog.id] |
			unique | map(tostring) | join(" ")'
}

# tenv_xdp_prog_name NAME IF — name of the attached XDP program, or nothing.
tenv_xdp_prog_name() {
	tenv_xdp_json "$1" "$2" | jq -r '.prog.name // empty'
}

# tenv_xdp_mode NAME IF — native | skb | hw | multi | none.
tenv_xdp_mode() {
	local mode
	mode=$(tenv_xdp_json "$1" "$2" | jq -r '.mode // 0')
	case ${mode:-0} in
	0) echo none ;;
	1) echo native ;;
	2) echo skb ;;
	3) echo hw ;;
	*) echo multi ;;
	esac
}

# tenv_xdp_state NAME IF — "MODE ID..." ("none" when nothing is attached),
# for before/after comparisons.
tenv_xdp_state() {
	local ids
	ids=$(tenv_xdp_prog_id "$1" "$2")
	echo "$(tenv_xdp_mode "$1" "$2")${ids:+ $ids}"
}

tenv_obj() {
	if [[ ${1:-} == frags ]]; then
		echo "$TENV_BIN/xdp_drop_udp9_frags.bpf.o"
	elif [[ ${1:-} == hook ]]; then
		# The same behaviour, returning through bpf/xdpdump_hook.h.
		echo "$BUILD/examples/xdp_hook_example.bpf.o"
	else
		echo "$TENV_BIN/xdp_drop_udp9.bpf.o"
	fi
}

tenv_attach_iplink() {
	local ns=$1 dev=$2 mode=$3 obj=$4 sec=$5 kw=xdpdrv
	[[ $mode == skb ]] && kw=xdpgeneric
	tenv_exec "$ns" ip link set dev "$dev" "$kw" obj "$obj" sec "$sec"
}

tenv_attach_xdploader() {
	local ns=$1 dev=$2 mode=$3 obj=$4
	# libxdp prints its dispatcher fallback on stderr; keep it for errors.
	tenv_exec "$ns" xdp-loader load -m "$mode" "$dev" "$obj" 2>"$5"
}

tenv_attach_link() {
	local name=$1 dev=$2 mode=$3 obj=$4 prog=$5 out
	out="$(tenv_state "$name")/link-$dev.out"
	tenv_bg "$name-b" "$out" "$out" "$TENV_BIN/xdp_link_hold" "$dev" \
		"$obj" "$prog" "$mode"
	echo "$TENV_BG_PID" >"$(tenv_state "$name")/link-$dev.pid"
	tenv_wait_line "$out" '^attached' "$TENV_BG_PID" && return 0
	cat "$out" >&2
	return 1
}

# tenv_loaded_id NAME IF PROG — id of program PROG on IF. Usually the
# attached program; behind a libxdp dispatcher (where the kernel has
# freplace) it is one of the dispatcher's, which only xdp-loader lists:
# the id is the field before the 16-digit tag on PROG's line.
tenv_loaded_id() {
	local name=$1 dev=$2 prog=$3
	if [[ $(tenv_xdp_prog_name "$name" "$dev") != xdp_dispatcher ]]; then
		tenv_xdp_prog_id "$name" "$dev"
		return
	fi
	# Program names are cut to 15 characters by the kernel.
	tenv_exec "$name-b" xdp-loader status "$dev" 2>/dev/null |
		awk -v p="${prog:0:15}" '{
			for (i = 2; i <= NF; i++)
				if (length($i) == 16 && $i ~ /^[0-9a-f]+$/ && index($0, p)) {
					print $(i - 1); exit
				}
		}'
}

# tenv_attach_existing NAME IF MODE METHOD [frags]
#   MODE native|skb; METHOD iplink | xdploader | link (a bpf_link held by
#   xdp_link_hold in the background until tenv_detach_existing/destroy).
# Records the program id so tenv_counter can find its maps later, even
# while xdpdump has swapped another program in.
tenv_attach_existing() {
	local name=$1 dev=$2 mode=$3 method=$4 variant=${5:-} obj sec prog st err
	obj=$(tenv_obj "$variant")
	sec=xdp prog=xdp_drop_udp9
	[[ $variant == frags ]] && sec=xdp.frags prog=xdp_drop_udp9_frags
	[[ $variant == hook ]] && prog=xdp_hook_example
	st=$(tenv_state "$name")
	if [[ $mode != native && $mode != skb ]]; then
		tenv_err "mode must be native or skb, not '$mode'"
		return 1
	fi
	[[ -r $obj ]] || { tenv_err "$obj missing: build first"; return 1; }
	case $method in
	iplink) tenv_attach_iplink "$name-b" "$dev" "$mode" "$obj" "$sec" ;;
	xdploader)
		err="$st/xdploader-$dev.err"
		tenv_attach_xdploader "$name-b" "$dev" "$mode" "$obj" "$err" ||
			{ cat "$err" >&2; false; } ;;
	link) tenv_attach_link "$name" "$dev" "$mode" "$obj" "$prog" ;;
	*) tenv_err "unknown attach method '$method'"; false ;;
	esac || return 1
	tenv_loaded_id "$name" "$dev" "$prog" >"$st/prog-$dev"
	[[ -s $st/prog-$dev && $(tenv_xdp_mode "$name" "$dev") == "$mode" ]] || {
		tenv_err "$dev: attached, but ip link shows $(tenv_xdp_state "$name" "$dev")"
		return 1
	}
	echo "$method" >"$st/method-$dev"
	echo "$mode" >"$st/mode-$dev"
}

# tenv_detach_existing NAME IF — undo tenv_attach_existing.
tenv_detach_existing() {
	local name=$1 dev=$2 st method pid kw=xdpdrv
	st=$(tenv_state "$name")
	method=$(cat "$st/method-$dev" 2>/dev/null)
	# "xdp off" alone would only detach a native-mode program.
	[[ $(cat "$st/mode-$dev" 2>/dev/null) == skb ]] && kw=xdpgeneric
	case $method in
	link)
		pid=$(cat "$st/link-$dev.pid")
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null ;;
	xdploader) tenv_exec "$name-b" xdp-loader unload "$dev" --all ;;
	*) tenv_exec "$name-b" ip link set dev "$dev" "$kw" off ;;
	esac
	rm -f "$st/method-$dev" "$st/mode-$dev" "$st/prog-$dev"
}

# tenv_existing_id NAME [IF] — id recorded by tenv_attach_existing.
tenv_existing_id() {
	cat "$(tenv_state "$1")/prog-${2:-veth0}" 2>/dev/null
}

# tenv_map_sum PROG_ID MAP_NAME — sum over CPUs of key 0 of a per-CPU map
# that the program uses.
tenv_map_sum() {
	local prog=$1 map=$2 id
	for id in $(bpftool prog show id "$prog" -j | jq '.map_ids[]'); do
		if [[ $(bpftool map show id "$id" -j | jq -r .name) == "$map" ]]; then
			bpftool map lookup id "$id" key 0 0 0 0 -j |
				jq '[.formatted.values[].value] | add'
			return
		fi
	done
	tenv_err "program $prog has no map $map"
	return 1
}

# tenv_counter NAME [IF] — packets the existing program on IF has seen.
tenv_counter() {
	local id
	id=$(tenv_existing_id "$1" "${2:-veth0}")
	[[ -n $id ]] || { tenv_err "no existing program recorded"; return 1; }
	tenv_map_sum "$id" seen_count
}

# tenv_drops NAME [IF] — packets the existing program on IF has dropped.
tenv_drops() {
	local id
	id=$(tenv_existing_id "$1" "${2:-veth0}")
	[[ -n $id ]] || { tenv_err "no existing program recorded"; return 1; }
	tenv_map_sum "$id" drop_count
}

# tenv_ping NAME COUNT [PAIR] [4|6] — COUNT echo requests from -a to -b.
# Succeeds only if every one was answered.
tenv_ping() {
	local name=$1 count=$2 pair=${3:-0} fam=${4:-4}
	tenv_exec "$name-a" ping "-$fam" -q -c "$count" -i 0.01 \
		-w "$TENV_TIMEOUT" "$(tenv_addr "$name" "$pair" "$fam")" >/dev/null
}

# tenv_udp NAME PORT COUNT [SIZE] [CPU] [PAIR] [4|6] [RATE] — send exactly
# COUNT datagrams of SIZE payload bytes (default 64) from -a to -b. On veth
# the receiver's XDP program runs on the sender's CPU, so CPU (taskset)
# picks the CPU that handles the packets. RATE is packets per second (0 or
# empty: as fast as possible). Set TENV_UDP_RATE to pace every call, and
# TENV_UDP_SPORT to send from a fixed source port (to tell senders apart).
tenv_udp() {
	local name=$1 port=$2 count=$3 size=${4:-64} cpu=${5:-} pair=${6:-0}
	local fam=${7:-4} rate=${8:-${TENV_UDP_RATE:-0}} on_cpu=() sport=()
	[[ -n $cpu ]] && on_cpu=(taskset -c "$cpu")
	[[ -n ${TENV_UDP_SPORT:-} ]] && sport=(-S "$TENV_UDP_SPORT")
	tenv_exec "$name-a" "${on_cpu[@]}" "$TENV_BIN/udp_send" \
		-d "$(tenv_addr "$name" "$pair" "$fam")" -p "$port" \
		-n "$count" -s "$size" -r "$rate" "${sport[@]}" >/dev/null
}

# tenv_tcp NAME PORT [PAIR] [4|6] — one short TCP exchange: a listener in
# -b echoes one message from -a. Succeeds if the echo came back whole.
tenv_tcp() {
	local name=$1 port=$2 pair=${3:-0} fam=${4:-4} out pid rc
	out="$(tenv_state "$name")/tcp-$port.out"
	tenv_bg "$name-b" "$out" "$out" "$TENV_BIN/tcp_echo" listen "$port"
	pid=$TENV_BG_PID
	tenv_wait_line "$out" '^ready' "$pid" || { cat "$out" >&2; return 1; }
	tenv_exec "$name-a" "$TENV_BIN/tcp_echo" connect \
		"$(tenv_addr "$name" "$pair" "$fam")" "$port" "hello from $name"
	rc=$?
	wait "$pid" || rc=1
	return "$rc"
}

# tenv_sink_start NAME PORT... — count UDP arriving at -b's stack on PORTs
# until tenv_sink_stop. One sink per environment at a time.
tenv_sink_start() {
	local name=$1 st i
	shift
	st=$(tenv_state "$name")
	tenv_bg "$name-b" "$st/sink.out" "$st/sink.err" "$TENV_BIN/udp_sink" "$@"
	echo "$TENV_BG_PID" >"$st/sink.pid"
	tenv_wait_line "$st/sink.out" '^ready' "$TENV_BG_PID" && return 0
	cat "$st/sink.err" >&2
	return 1
}

# tenv_sink_stop NAME — stop the sink; its counts stay for tenv_sink_count.
tenv_sink_stop() {
	local st pid
	st=$(tenv_state "$1")
	pid=$(cat "$st/sink.pid" 2>/dev/null) || return 1
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$st/sink.pid"
}

# tenv_sink_count NAME PORT — datagrams the stopped sink got on PORT.
tenv_sink_count() {
	awk -v p="$2" '$1 == p { print $2; found = 1 }
		END { if (!found) exit 1 }' "$(tenv_state "$1")/sink.out"
}
