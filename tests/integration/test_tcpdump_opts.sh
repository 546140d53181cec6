#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcpdump's options, tcpdump against xdpdump on real traffic:
#  - tcpdump captures ARP, IPv4 and IPv6 pings, neighbour discovery, UDP to
#    closed ports (and the ICMP / ICMPv6 errors they draw), and a TCP
#    exchange over IPv4 and IPv6 on a veth in a test namespace, with
#    nanosecond time stamps;
#  - for each option set below, `xdpdump OPTS -r F` and `tcpdump OPTS -r F`
#    must print exactly the same text. xdpdump never resolves names, so a
#    set without -n is compared with `tcpdump -n OPTS` (man xdpdump, TCPDUMP
#    OPTIONS);
#  - the options that mean nothing at XDP are accepted and change nothing;
#  - the ones XDP cannot do exit 1 with exactly one line on stderr;
#  - -L lists what tcpdump -L lists (but DOCSIS); -U still writes a whole
#    file; -s with -r -w cuts what is written (printing, like tcpdump -r,
#    does not cut).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp
export TZ=UTC
new_env 1 && env=$TEST_ENV
pcap="$TEST_TMP/traffic.pcap"

# Capture on the receiver's veth with tcpdump itself.
tenv_bg "$env-b" "$TEST_TMP/tcpdump.out" "$TEST_TMP/tcpdump.err" \
	tcpdump -i veth0 -n --immediate-mode --time-stamp-precision=nano -w "$pcap"
tcpdump_pid=$TENV_BG_PID
tenv_wait_line "$TEST_TMP/tcpdump.err" 'listening on' "$tcpdump_pid" ||
	{ show "$TEST_TMP/tcpdump.err"; fatal "tcpdump did not start"; }

# Neighbours are pinned by testenv: unpin b's addresses on a's side, so
# that the first ping of each family asks for them (ARP, ND).
ip -n "$env-a" neigh del "$(tenv_addr "$env" 0 4)" dev veth1 ||
	fail "unpinning b's IPv4 neighbour entry"
ip -n "$env-a" neigh del "$(tenv_addr "$env" 0 6)" dev veth1 ||
	fail "unpinning b's IPv6 neighbour entry"
tenv_ping "$env" 3 0 4 || fail "ping (IPv4)"
tenv_ping "$env" 3 0 6 || fail "ping (IPv6)"
tenv_udp "$env" 40001 3 64 "" 0 4 || fail "UDP (IPv4)"
tenv_udp "$env" 40002 3 100 "" 0 6 || fail "UDP (IPv6)"
tenv_tcp "$env" 40003 0 4 >/dev/null || fail "TCP (IPv4)"
tenv_tcp "$env" 40004 0 6 >/dev/null || fail "TCP (IPv6)"
sleep 0.3
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid"

tcpdump -n -r "$pcap" >"$TEST_TMP/all.txt" 2>/dev/null
for what in ARP 'IP6 .*ICMP6, echo' 'ICMP6, neighbor solicitation' 'IP .*ICMP echo' \
	'IP .*UDP' 'IP6 .*UDP' 'ICMP .*udp port 40001 unreachable' 'ICMP6, destination unreachable' \
	'IP .*Flags \[S\]' 'IP6 .*Flags \[P\.\]'; do
	check "the capture has $what" grep -Eq -- "$what" "$TEST_TMP/all.txt"
done
check "the capture has 40 packets or more ($(wc -l <"$TEST_TMP/all.txt"))" \
	test "$(wc -l <"$TEST_TMP/all.txt")" -ge 40
(( TEST_FAILS )) && show "$TEST_TMP/all.txt"

# numeric OPTS... — true if the options already ask tcpdump for numbers.
numeric() {
	local w
	for w in "$@"; do
		[[ $w == -[!-]* && $w == *n* ]] && return 0
	done
	return 1
}

# same OPTS — xdpdump and tcpdump print F with OPTS (words, a filter
# expression last), and the texts must be identical.
same() {
	local -a opts tcp_opts
	read -ra opts <<<"$1"
	tcp_opts=("${opts[@]}")
	numeric "${opts[@]}" || tcp_opts=(-n "${opts[@]}")
	tcpdump "${tcp_opts[@]}" -r "$pcap" >"$TEST_TMP/want" 2>/dev/null
	if ! "$XDPDUMP" "${opts[@]}" -r "$pcap" >"$TEST_TMP/got" 2>"$TEST_TMP/err"; then
		show "$TEST_TMP/err"
		fail "xdpdump ${1:-(no options)}: failed"
		return
	fi
	if [[ ! -s $TEST_TMP/want ]]; then
		fail "tcpdump ${tcp_opts[*]}: printed nothing"
	elif cmp -s "$TEST_TMP/want" "$TEST_TMP/got"; then
		pass "xdpdump ${1:-(no options)} prints what tcpdump ${tcp_opts[*]} prints ($(wc -l <"$TEST_TMP/got") lines)"
	else
		diff "$TEST_TMP/want" "$TEST_TMP/got" | head -6 | sed 's/^/#   /'
		fail "xdpdump ${1:-(no options)}: differs from tcpdump ${tcp_opts[*]}"
	fi
}

sets=(
	"" "-n" "-nn" "-S" "-A" "-AA" "-#" "-v" "-vv" "-vvv" "-e" "-x" "-X" "-xx" "-XX" "-q"
	"-t" "-tt" "-ttt" "-tttt" "-ttttt" "-c 5" "-s 64" "-s 60 -x"
	"--time-stamp-precision=nano" "--time-stamp-precision=micro -tt" "--nano -ttt"
	"--micro -ttttt" "-nnvvS" "-nA" "-nS -X" "-n -q -e" "-v -K" "-vv -K" "-# -e -v"
	"-nn -tttt --nano" "-nvvvSe -XX -#" "-n -c 3 -#" "-U -n"
	"-n tcp" "-nn udp or arp" "-n -v icmp6" "-nA tcp and ip6"
	# no effect here, in tcpdump as in xdpdump
	"-nN" "-n -b -H -u" "-n -O tcp" "-n --immediate-mode" "-n -Q in" "-n -y EN10MB"
	"-n --no-promiscuous-mode" "-nK -e"
)
for opts in "${sets[@]}"; do
	same "$opts"
done
check "at least 28 option sets compared (${#sets[@]})" test "${#sets[@]}" -ge 28

# Without effect: the same text as with none of them.
"$XDPDUMP" -r "$pcap" >"$TEST_TMP/plain" 2>/dev/null
noop=(-n -nn -N -f -b -H -u -O --no-optimize --immediate-mode --no-promiscuous-mode
	-Q in --direction=in -y EN10MB --linktype=EN10MB -U)
"$XDPDUMP" "${noop[@]}" -r "$pcap" >"$TEST_TMP/noop" 2>"$TEST_TMP/noop.err"
check_eq "accepted without effect (${noop[*]}): exit status" 0 "$?"
check "... and the lines are the same as without them" cmp -s "$TEST_TMP/plain" "$TEST_TMP/noop"

# Refused: exit 1, exactly one line, saying why.
refused() {
	local re=$1 rc lines
	shift
	"$XDPDUMP" "$@" -r "$pcap" >"$TEST_TMP/ref.out" 2>"$TEST_TMP/ref.err"
	rc=$?
	lines=$(wc -l <"$TEST_TMP/ref.err")
	if (( rc == 1 && lines == 1 )) && grep -Eq -- "$re" "$TEST_TMP/ref.err" &&
		[[ ! -s $TEST_TMP/ref.out ]]; then
		pass "$* refused: $(cat "$TEST_TMP/ref.err")"
	else
		show "$TEST_TMP/ref.err"
		fail "$*: expected exit 1 and one line matching '$re', got exit $rc, $lines lines"
	fi
}
refused 'received packets only' -Q out
refused 'received packets only' -Q inout
refused 'received packets only' --direction=out
refused 'monitor mode' -I
refused 'monitor mode' --monitor-mode
refused "kernel's clock" -j adapter
refused "kernel's clock" -J
refused 'Ethernet frames only' -y LINUX_SLL
refused 'invalid data link type' -y NOSUCHTYPE
refused 'ESP is not decoded' -E 'spi@10.0.0.1 aes128-cbc:0x00'
refused 'MD5' -M secret
refused 'SNMP' -m /dev/null
refused 'decoded' -T vxlan
refused 'it needs -C or -G' -z gzip -w "$TEST_TMP/never.pcapng"
refused 'cannot go with -w -' --print -w -
refused 'with -w they need --print' -A -w "$TEST_TMP/never.pcapng"

# -L: tcpdump's list (which tcpdump prints on stderr) but for DOCSIS, which
# libpcap offers on any Ethernet device and XDP never sees.
tenv_exec "$env-b" tcpdump -L -i veth0 2>&1 >/dev/null | grep -v DOCSIS >"$TEST_TMP/L.want"
tenv_exec "$env-b" "$XDPDUMP" -L -i veth0 >"$TEST_TMP/L.got" 2>"$TEST_TMP/L.err"
check_eq "-L -i veth0: exit status" 0 "$?"
check "-L -i veth0: what tcpdump -L -i veth0 prints" cmp -s "$TEST_TMP/L.want" "$TEST_TMP/L.got"

# -U with -w: the same file as without.
"$XDPDUMP" -U -r "$pcap" -w "$TEST_TMP/u.pcapng" 2>/dev/null
check_eq "-U -w: exit status" 0 "$?"
check_eq "-U -w: every packet written" "$(wc -l <"$TEST_TMP/all.txt")" \
	"$(tcpdump -r "$TEST_TMP/u.pcapng" 2>/dev/null | wc -l)"

# --print: the lines tcpdump prints, and the whole file beside them.
tcpdump -n -v -# -r "$pcap" >"$TEST_TMP/print.want" 2>/dev/null
"$XDPDUMP" --print -v -# -r "$pcap" -w "$TEST_TMP/print.pcapng" >"$TEST_TMP/print.got" 2>/dev/null
check_eq "--print -w: exit status" 0 "$?"
check "--print -w: the lines of tcpdump -n -v -#" cmp -s "$TEST_TMP/print.want" "$TEST_TMP/print.got"
check_eq "--print -w: every packet written" "$(wc -l <"$TEST_TMP/all.txt")" \
	"$(tcpdump -r "$TEST_TMP/print.pcapng" 2>/dev/null | wc -l)"

# Live: the new options print as they do from a file. XDP on veth0 sees
# a's side of the exchange: SYN, ACK, the message, FIN, ACKs.
# numbered_starts — the packet numbers of lines that start with a number
# and a nanosecond time, in one line.
numbered_starts() {
	grep -o '^ *[0-9]*  [0-9:]*\.[0-9]\{9\} IP ' "$TEST_TMP/live.out" |
		awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }'
}
fails_before=$TEST_FAILS
xdpdump_start "$env" "$TEST_TMP/live.out" "$TEST_TMP/live.err" -i veth0 -n -# -A -S -U \
	--nano -c 5 tcp
if xdpdump_wait_ready "$TEST_TMP/live.err" "$XD_PID"; then
	tenv_tcp "$env" 40005 0 4 >/dev/null || fail "live: TCP"
	xdpdump_stop "$XD_PID" INT
	check_eq "live -# --nano -c 5: lines numbered 1 to 5, nine digits" "1 2 3 4 5" \
		"$(numbered_starts)"
	check "live -A: the message as text" grep -qF "hello from $env" "$TEST_TMP/live.out"
	check "live -S: the first ACK's ack is absolute" \
		grep -Eq 'Flags \[\.\], ack [0-9]{3,}' "$TEST_TMP/live.out"
	(( TEST_FAILS > fails_before )) && show "$TEST_TMP/live.err" && show "$TEST_TMP/live.out"
else
	show "$TEST_TMP/live.err"
	fail "live: xdpdump did not start"
fi

# -V: a list of files, printed as one run (-c counts in each file).
printf '%s\n' "$pcap" "$pcap" >"$TEST_TMP/list"
for opts in "-n -#" "-nS -c 30 -#" "-nv -e"; do
	read -ra words <<<"$opts"
	# -Z root: tcpdump drops to its own user after the first file, and
	# could not open the second one in our private directory.
	tcpdump -Z root "${words[@]}" -V "$TEST_TMP/list" >"$TEST_TMP/V.want" 2>/dev/null
	"$XDPDUMP" "${words[@]}" -V "$TEST_TMP/list" >"$TEST_TMP/V.got" 2>/dev/null
	check "-V LIST $opts: what tcpdump prints ($(wc -l <"$TEST_TMP/V.want") lines)" \
		cmp -s "$TEST_TMP/V.want" "$TEST_TMP/V.got"
done

# -z gzip: each file rotation closes is compressed; the last stays as it is.
mkdir "$TEST_TMP/z"
fails_before=$TEST_FAILS
"$XDPDUMP" -r "$pcap" -C 1k -w "$TEST_TMP/z/rot.pcapng" -z gzip 2>"$TEST_TMP/z.err"
check_eq "-z gzip -C 1k: exit status" 0 "$?"
# gzip runs on its own; it is done when only the last file is left plain
# (while it works, a file is there both plain and compressed).
# shellcheck disable=SC2317 # called through wait_for
one_plain() {
	(( $(find "$TEST_TMP/z" -name 'rot.pcapng*' ! -name '*.gz' | wc -l) == 1 ))
}
wait_for 10 one_plain
nfiles=$(find "$TEST_TMP/z" -name 'rot.pcapng*' | wc -l)
check "-z gzip -C 1k: rotated ($nfiles files)" test "$nfiles" -ge 3
check_eq "-z gzip: all files but the last compressed" "$(( nfiles - 1 ))" \
	"$(find "$TEST_TMP/z" -name 'rot.pcapng*.gz' | wc -l)"
total=0
for f in "$TEST_TMP"/z/rot.pcapng*; do
	[[ $f == *.gz ]] && gunzip "$f" && f=${f%.gz}
	total=$(( total + $(tcpdump -r "$f" 2>/dev/null | wc -l) ))
done
check_eq "-z gzip: every packet in the files" "$(wc -l <"$TEST_TMP/all.txt")" "$total"
(( TEST_FAILS > fails_before )) && show "$TEST_TMP/z.err" &&
	find "$TEST_TMP/z" -type f -printf "#   %f %s bytes\n"

# tcpdump ignores -s when it reads a file, and so does -r; the capture
# program's path (--kernel-filter) cuts as a live capture with -s would.
tcpdump -s 60 -r "$pcap" -w "$TEST_TMP/s60-tcpdump.pcap" 2>/dev/null
"$XDPDUMP" -s 60 -r "$pcap" -w "$TEST_TMP/s60.pcapng" 2>/dev/null
check_eq "-s 60 -r -w: exit status" 0 "$?"
check_eq "-s 60 -r -w: the longest packet in the file, as tcpdump -s 60 -r -w keeps it" \
	"$(tshark -r "$TEST_TMP/s60-tcpdump.pcap" -T fields -e frame.cap_len | sort -n | tail -1)" \
	"$(tshark -r "$TEST_TMP/s60.pcapng" -T fields -e frame.cap_len | sort -n | tail -1)"
"$XDPDUMP" --kernel-filter -s 60 -r "$pcap" -w "$TEST_TMP/s60k.pcapng" 2>/dev/null
check_eq "--kernel-filter -s 60 -r -w: exit status" 0 "$?"
check_eq "--kernel-filter -s 60 -r -w: the longest packet in the file" 60 \
	"$(tshark -r "$TEST_TMP/s60k.pcapng" -T fields -e frame.cap_len | sort -n | tail -1)"
finish
