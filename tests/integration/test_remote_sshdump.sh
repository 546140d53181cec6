#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The remote side of a capture point is a plain `xdpdump -w -`, so
# Wireshark's sshdump can run it as its remote capture command (the man
# page's recipe): over a real sshd (remote_common.sh), every datagram sent
# reaches sshdump's fifo as pcapng, and when Wireshark (here: a SIGTERM to
# sshdump) stops, --exit-on-eof ends the remote capture and restores the
# interface within 5 s.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
SSHDUMP=/usr/lib/x86_64-linux-gnu/wireshark/extcap/sshdump
[[ -x $SSHDUMP ]] || skip "$SSHDUMP is not installed (wireshark-common)"
new_tmp
# shellcheck source=remote_common.sh
. "$(dirname "$0")/remote_common.sh"
remote_setup

N=30
fifo="$TEST_TMP/fifo" f="$TEST_TMP/sshdump.pcapng"
mkfifo "$fifo" || fatal "mkfifo"
cat "$fifo" >"$f" &
cat_pid=$!
# libssh reads known hosts from $HOME/.ssh: a scratch HOME keeps the
# user's own out of it.
HOME=$TEST_TMP tenv_bg "$RM" "$TEST_TMP/sshdump.out" "$TEST_TMP/sshdump.err" "$SSHDUMP" \
	--extcap-interface=sshdump --remote-host 10.250.1.2 --remote-username root \
	--sshkey "$TEST_TMP/user_key" \
	--remote-capture-command "$REMOTE_XDPDUMP -i veth0 -w - --exit-on-eof udp" \
	--fifo "$fifo" --capture
pid=$TENV_BG_PID
# shellcheck disable=SC2317 # called through check
capturing() { [[ $(tenv_xdp_prog_name "$RA" veth0) == xdpdump_capture ]]; }
check "sshdump started xdpdump on hosta" wait_for 10 capturing
tenv_udp "$RA" 7 "$N" || fail "sending to hosta"
# Wireshark shows packets as they come: wait until they are in the fifo.
# shellcheck disable=SC2317 # called through check
arrived() { [[ $(pkt_count "$f" 'udp && !icmp' 2>/dev/null) == "$N" ]]; }
check "every datagram reached sshdump's fifo while capturing" wait_for 10 arrived
kill -TERM "$pid"
wait "$pid" 2>/dev/null
# shellcheck disable=SC2317 # called through check
gone() { no_xdp "$RA-b" && (( $(remote_xdpdumps "$RA-b") == 0 )); }
check "after sshdump stops, hosta's capture ends and restores within 5 s" wait_for 5 gone
wait "$cat_pid"
check_eq "datagrams in the file" "$N" "$(pkt_count "$f" 'udp && !icmp')"
check_eq "the interface is hosta's veth0" veth0 \
	"$(capinfos -I "$f" 2>/dev/null | awk -F'= *' '/^ *Name/ { print $2 }' | xargs)"
show "$TEST_TMP/sshdump.err"
finish
