#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make demo` runs: xdpdump capturing beside an XDP program a user
# already runs, in a throwaway pair of network namespaces.
#
#   testenv/demo.sh [PATH-TO-XDPDUMP]     (or XDPDUMP=... testenv/demo.sh)
#
# The capture file is kept in $DEMO_DIR (default build/demo) to open in
# Wireshark afterwards. Needs root.
set -u

# shellcheck source=testenv/lib.sh
. "$(dirname "$0")/lib.sh"
XDPDUMP=${1:-${XDPDUMP:-$BUILD/xdpdump}}
DEMO_DIR=${DEMO_DIR:-$BUILD/demo}
ENV="xdpdump-demo-$$"
FILE="$DEMO_DIR/demo.pcapng"

heading() {
	printf '\n=== %s\n' "$*"
}

# Show a command, then run it.
run() {
	printf '$ %s\n' "$*"
	"$@"
}

die() {
	echo "demo: $*" >&2
	exit 1
}

(( EUID == 0 )) || die "needs root (network namespaces, XDP)"
[[ -x $XDPDUMP ]] || die "$XDPDUMP not found: run make first"
for cmd in capinfos tcpdump jq bpftool; do
	command -v "$cmd" >/dev/null || die "$cmd is not installed (make deps)"
done
mkdir -p "$DEMO_DIR" || die "cannot create $DEMO_DIR"
trap 'tenv_destroy "$ENV"' EXIT

heading "Two network namespaces joined by a veth pair"
tenv_create "$ENV" || die "cannot create the environment"
echo "sender   $ENV-a  veth1  $(tenv_addr "$ENV" 0 4 a)"
echo "receiver $ENV-b  veth0  $(tenv_addr "$ENV" 0 4 b)   <- XDP runs here"

heading "A user's XDP program on veth0: drops UDP port 9, passes the rest"
echo "\$ ip link set dev veth0 xdpdrv obj $(tenv_obj) sec xdp"
tenv_attach_existing "$ENV" veth0 native iplink || die "cannot attach it"
orig=$(tenv_xdp_state "$ENV" veth0)
echo "attached: $(tenv_xdp_prog_name "$ENV" veth0), mode and id: $orig"

heading "What xdpdump sees on the receiver's interfaces"
run tenv_exec "$ENV-b" "$XDPDUMP" -D

heading "Capture on veth0 (in the background)"
err="$DEMO_DIR/xdpdump.err"
rm -f "$FILE"
printf '$ xdpdump -i veth0 -w %s &\n' "$FILE"
tenv_bg "$ENV-b" /dev/null "$err" "$XDPDUMP" -i veth0 -w "$FILE"
pid=$TENV_BG_PID
tenv_wait_line "$err" 'listening on' "$pid" || { cat "$err"; die "xdpdump did not start"; }
cat "$err"
c0=$(tenv_counter "$ENV")
echo "while capturing, veth0 runs: $(tenv_xdp_prog_name "$ENV" veth0)" \
	"($(tenv_xdp_state "$ENV" veth0)), which tail-calls the original"

heading "Traffic from the sender"
tenv_sink_start "$ENV" 7 9 || die "UDP sink did not start"
echo "ping x3";                 tenv_ping "$ENV" 3 || echo "(ping failed)"
echo "UDP to port 9 x5";        tenv_udp "$ENV" 9 5
echo "UDP to port 7 x5";        tenv_udp "$ENV" 7 5
echo "TCP exchange on port 8080"; tenv_tcp "$ENV" 8080 || echo "(TCP failed)"
tenv_sink_stop "$ENV"
echo "the receiver's stack got: port 7: $(tenv_sink_count "$ENV" 7)," \
	"port 9: $(tenv_sink_count "$ENV" 9) (the XDP program dropped them)"

heading "Stop xdpdump with SIGINT"
kill -INT "$pid"
wait "$pid"
echo "exit status $?"
sed '1,/listening on/d' "$err"

heading "The capture file, read by capinfos and tcpdump"
run capinfos -c -d -t -o -I "$FILE"
echo
run tcpdump -n -r "$FILE" 2>/dev/null

heading "The user's program, after xdpdump"
echo "its own counter saw $(( $(tenv_counter "$ENV") - c0 )) packets during the capture"
now=$(tenv_xdp_state "$ENV" veth0)
if [[ $now == "$orig" ]]; then
	echo "veth0 runs $(tenv_xdp_prog_name "$ENV" veth0) again, same mode and id: $now"
else
	echo "veth0 is NOT as before: was '$orig', now '$now'"
	exit 1
fi

heading "Cleaning up"
tenv_destroy "$ENV"
echo "namespaces removed; the capture stays in $FILE"
