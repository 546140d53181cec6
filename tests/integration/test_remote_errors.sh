#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Remote capture points (remote_common.sh: two sshds in namespaces):
#  - what the user typed reaches the remote xdpdump verbatim and runs
#    nothing else there: interface names and expressions full of shell
#    metacharacters come back in the remote's own error line, byte for
#    byte, and no command in them ran; a valid expression with them
#    captures and is the file's if_filter as typed;
#  - a host given as root@[IPv6]:IF is reached, and named [IPv6]:IF;
#  - an unknown host, an ssh authentication failure, a missing remote
#    xdpdump, one too old for capture points and a remote permission
#    failure each give one line naming the host and a non-zero exit, and
#    leave no capture running anywhere (the other host, started first, is
#    stopped and restored).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp
# shellcheck source=remote_common.sh
. "$(dirname "$0")/remote_common.sh"
remote_setup
T=$TEST_TMP

# point ERRFILE ARGS... — one run from the management namespace, its
# stderr in ERRFILE; the exit status.
point() {
	local err=$1
	shift
	remote_local timeout -s KILL 30 "$XDPDUMP" "$@" -w "$T/out.pcapng" 2>"$err"
}

# shellcheck disable=SC2317 # called through check
nothing_left() {
	no_xdp "$RA-b" && no_xdp "$RB-b" &&
		(( $(remote_xdpdumps "$RA-b") + $(remote_xdpdumps "$RB-b") == 0 ))
}

# --- metacharacters ------------------------------------------------------
# shellcheck disable=SC2016,SC1003 # meant to stay unexpanded, and a lone \
ifname='veth0;touch '"$T"'/owned-if1 && touch '"$T"'/owned-if2|$(touch '"$T"'/owned-if3)`touch '"$T"'/owned-if4`'"'"'"\'
point "$T/e1" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" -i "hosta:$ifname"
check "an interface name with metacharacters is refused" test $? -ne 0
check "the remote saw the interface name verbatim" grep -qF -- "xdpdump: hosta: $ifname:" "$T/e1"
show "$T/e1"
expr='port 80; touch '"$T"'/owned-e1'
point "$T/e2" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" -i hosta:veth0 "$expr"
check "'$expr' is a filter error" test $? -ne 0
check "the remote compiled it verbatim" grep -qF -- "xdpdump: hosta: filter '$expr'" "$T/e2"
# shellcheck disable=SC2016,SC1003
expr='port 80'"'"' ; touch '"$T"'/owned-e2 ; echo '"'"' $(touch '"$T"'/owned-e3) `touch '"$T"'/owned-e4` > '"$T"'/owned-e5 \'
point "$T/e3" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" -i hosta:veth0 "$expr"
check "an expression with quotes, \$( ), backticks and > is a filter error" test $? -ne 0
check "the remote compiled it verbatim" grep -qF -- "xdpdump: hosta: filter '$expr'" "$T/e3"
show "$T/e3"
owned=$(find "$T" -name 'owned-*' | wc -l)
check_eq "no command from the words ran anywhere" 0 "$owned"
check "no capture left after the refused words" nothing_left

# A valid expression full of metacharacters captures, as typed.
expr='udp and (dst port 7 or dst port 9) and not (src port 1 && len < 10)'
f="$T/meta.pcapng"
tenv_bg "$RM" /dev/null "$T/e4" "$XDPDUMP" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" \
	-i hosta:veth0 -w "$f" "$expr"
pid=$TENV_BG_PID
tenv_wait_line "$T/e4" 'listening on 1 capture points' "$pid" ||
	{ show "$T/e4"; xdpdump_stop "$pid"; fatal "the capture did not start"; }
tenv_udp "$RA" 7 10 || fail "sending to hosta"
tenv_udp "$RA" 5 10 || fail "sending to hosta"
xdpdump_stop "$pid" INT
check_eq "exit status after Ctrl-C" 0 "$?"
check_eq "the expression selected what it says" 10 "$(pkt_count "$f" 'udp && !icmp')"
check "the file's if_filter is the expression as typed" grep -qaF -- "$expr" "$f"

# An IPv6 host in brackets, with a user: ssh gets root@fd00:250:1::2, the
# file names the interface as typed, without the user.
f="$T/v6.pcapng"
tenv_bg "$RM" /dev/null "$T/v6" "$XDPDUMP" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" \
	-i 'root@[fd00:250:1::2]:veth0' -w "$f" udp
pid=$TENV_BG_PID
tenv_wait_line "$T/v6" 'listening on 1 capture points' "$pid" ||
	{ show "$T/v6"; xdpdump_stop "$pid"; fatal "the capture over IPv6 did not start"; }
tenv_udp "$RA" 7 10 || fail "sending to hosta"
xdpdump_stop "$pid" INT
check_eq "IPv6 host: exit status after Ctrl-C" 0 "$?"
check_eq "IPv6 host: the interface's name" "[fd00:250:1::2]:veth0" \
	"$(capinfos -I "$f" 2>/dev/null | awk -F'= *' '/^ *Name/ { print $2 }' | xargs)"
check_eq "IPv6 host: the datagrams" 10 "$(pkt_count "$f" 'udp && !icmp')"

# --- errors: one line naming the host, nothing left running ----------------
# one_error ERRFILE HOST REGEX WHAT — exactly one line on stderr, naming
# HOST and matching REGEX.
one_error() {
	local lines
	lines=$(wc -l <"$1")
	if (( lines == 1 )) && grep -qE "^xdpdump: $2: .*$3" "$1"; then
		pass "$4: $(cat "$1")"
	else
		fail "$4: expected one line 'xdpdump: $2: ...$3'"
		show "$1"
	fi
}

point "$T/u" --rsh "$RSH" --xdpdump-path "$REMOTE_XDPDUMP" -i hosta:veth0 -i nosuchhost.invalid:veth0 udp
check "an unknown host: non-zero exit" test $? -ne 0
one_error "$T/u" nosuchhost.invalid 'ssh failed: .*nosuchhost.invalid' "an unknown host"
check "an unknown host: nothing left on hosta" wait_for 5 nothing_left

cat >"$T/bad_config" <<EOC
Host *
    HostName 10.250.1.2
    User root
    IdentityFile $T/other_key
    IdentitiesOnly yes
    UserKnownHostsFile $T/known_hosts
    BatchMode yes
    LogLevel ERROR
EOC
point "$T/a" --rsh "ssh -F $T/bad_config" --xdpdump-path "$REMOTE_XDPDUMP" -i hosta:veth0
check "an ssh authentication failure: non-zero exit" test $? -ne 0
one_error "$T/a" hosta 'ssh failed: .*Permission denied' "an ssh authentication failure"

point "$T/m" --rsh "$RSH" --xdpdump-path "$T/no/such/xdpdump" -i hostb:veth0 -i hosta:veth0
check "a missing remote xdpdump: non-zero exit" test $? -ne 0
check_eq "a missing remote xdpdump: one line per host" 2 "$(wc -l <"$T/m")"
check "a missing remote xdpdump: the line names hosta" \
	grep -qE "^xdpdump: hosta: no program '$T/no/such/xdpdump' there" "$T/m"

# The peer tool of the same name (xdp-tools) stands in for an xdpdump too
# old for capture points.
if [[ -x /usr/sbin/xdpdump ]]; then
	point "$T/o" --rsh "$RSH" --xdpdump-path /usr/sbin/xdpdump -i hosta:veth0
	check "a too old remote xdpdump: non-zero exit" test $? -ne 0
	one_error "$T/o" hosta 'not an xdpdump with capture points' "a too old remote xdpdump"
else
	echo "# /usr/sbin/xdpdump (xdp-tools) missing: no too-old check"
fi

# A remote user without the privileges for BPF: the same xdpdump run with
# no capabilities and as nobody.
printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all %s "$@"\n' \
	"$REMOTE_XDPDUMP" >"$T/unprivileged-xdpdump"
chmod 755 "$T/unprivileged-xdpdump"
point "$T/p" --rsh "$RSH" --xdpdump-path "$T/unprivileged-xdpdump" -i hosta:veth0 -i hostb:veth0
check "a remote permission failure: non-zero exit" test $? -ne 0
# The first host to fail stops the other, which may not get as far.
check "a remote permission failure: a line naming the host" \
	grep -qE "^xdpdump: host[ab]: .*(not permitted|ermission|needs root)" "$T/p"
check_eq "a remote permission failure: no other lines" 0 \
	"$(grep -cvE "^xdpdump: host[ab]: .*(not permitted|ermission|needs root)" "$T/p")"
show "$T/p"
check "after every error: no capture left on either host" wait_for 5 nothing_left

# Our own output fails (-w - into a reader that goes away): every host is
# stopped and restored, and the failure is said once.
# shellcheck disable=SC2016 # expanded by the inner bash
X=$XDPDUMP R=$RSH P=$REMOTE_XDPDUMP tenv_bg "$RM" /dev/null "$T/w" bash -c \
	'"$X" --rsh "$R" --xdpdump-path "$P" -i hosta:veth0 -i hostb:veth0 -w - udp | head -c 100 >/dev/null; echo "status ${PIPESTATUS[0]}" >&2'
pid=$TENV_BG_PID
tenv_wait_line "$T/w" 'listening on 2 capture points' "$pid" ||
	{ show "$T/w"; fatal "the capture into a pipe did not start"; }
tenv_udp "$RA" 7 20 || fail "sending to hosta"
tenv_udp "$RB" 7 20 || fail "sending to hostb"
tenv_wait_line "$T/w" '^status ' "$pid"
check "a failed output: non-zero exit" grep -qE '^status [1-9]' "$T/w"
check_eq "a failed output: said once" 1 "$(grep -c 'stdout: Broken pipe' "$T/w")"
check "a failed output: both hosts stopped and restored" wait_for 5 nothing_left
show "$T/w"
check "after every error: the file was not made" test ! -e "$T/out.pcapng"
finish
