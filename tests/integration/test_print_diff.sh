#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packet printer against tcpdump over the filter test's generated
# corpus (tests/filter/gen_corpus.c: 6,000 frames of Ethernet, 802.1Q,
# QinQ, ARP, RARP, IPv4 with options and fragments, IPv6 extension header
# chains, TCP with every flag byte and odd options, UDP, ICMP, ICMPv6, ND,
# IGMP, tunnels, and protocols we do not decode) and over copies of it cut
# to snap lengths of 20 to 96 bytes: every frame is printed by tcpdump and
# by lib/print (tests/unit/print_pcap.c), with several option sets, and the
# two texts must be the same.
#
# Frames whose tcpdump text shows a protocol we leave undecoded (see
# UNDECODED below, and the man page, PRINTED LINES) are counted, not compared;
# the corpus is a third such frames by design (it was made for the
# filter), so at least 60% of the frames must be compared, and the
# exclusion cannot grow unnoticed.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_cmd tcpdump editcap
GEN="$BUILD/tests/filter/gen_corpus"
PRINT="$BUILD/tests/print_pcap"
for f in "$GEN" "$PRINT"; do
	[[ -x $f ]] || fatal "$f missing: run make tests"
done
new_tmp
export TZ=UTC

# tcpdump's words for what lib/print does not decode: application
# protocols on well-known ports, tunnels and encapsulations other than
# IP-in-IP, LLC/802.3, other ethertypes and IP protocols.
UNDECODED='AH\(|ESP\(|Geneve|VXLAN|HTTP|sctp|BGP|SMTP|NTP|GRE|BOOTP|MPLS|PPPoE|LLDP|STP|'
UNDECODED+='domain|[0-9]+\+? [A-Z]+\?|[0-9]+\*?-? [0-9]+/[0-9]+/[0-9]+|LLC|802\.3|prefix length|'
UNDECODED+='RESP|SSH|FTP|RTSP|NFS|SIP|syslog|SNMP|RIP|TFTP|L2TP|ISAKMP|OpenFlow|whois|LDP|'
UNDECODED+='BFD|LISP|ZEP|PTP|SOMEIP|MACsec|macsec|RADIUS|EIGRP|OSPF|PIM|VRRP|CARP|RSVP|IGRP|'
UNDECODED+='PGM|DCCP|IPComp|CDP|EAP|AARP|IPX|SLOW|LACP|CFM|Null Information|\[\|(llc|gre|'
UNDECODED+='sctp|esp|ah|mpls|pppoe|lldp|stp|macsec|domain|vxlan|geneve|bootp|ntp|ssh|loopback)\]|'
UNDECODED+='dnssl|Loopback|DNS over|[0-9]+ q: '
# Our own fallback for the frames we do not decode at all (an ethertype or
# 802.3 frame without a printer): the Ethernet header and nothing after it.
FALLBACK=', (ethertype [^,]*|802\.3|Unknown Ethertype \(0x[0-9a-f]+\)), length [0-9]+: ($|\\n)'

# one_per_line FILE — each frame's text (several lines at -v or -x) on one
# line, its own line breaks written as \n. A frame starts with its time
# (six or nine digits), after its number with -#.
one_per_line() {
	awk '/^( *[0-9]+  )?[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9][0-9][0-9][0-9][0-9][0-9]([0-9][0-9][0-9])? / {
			if (n++) printf "\n"
			printf "%s", $0
			next
		}
		{ printf "\\n%s", $0 }
		END { if (n) printf "\n" }' "$1"
}

# compare TAG PCAP OPTIONS — tcpdump and lib/print, frame by frame.
compare() {
	local tag=$1 pcap=$2 opts=$3 want="$TEST_TMP/want" got="$TEST_TMP/got" result
	# shellcheck disable=SC2086 # options are separate words
	tcpdump -n $opts -r "$pcap" 2>/dev/null | one_per_line /dev/stdin >"$want"
	"$PRINT" "$pcap" "$opts" | one_per_line /dev/stdin >"$got" ||
		{ fail "$tag: print_pcap failed"; return; }
	# Through the environment: awk -v would expand the backslashes.
	result=$(UNDECODED=$UNDECODED FALLBACK=$FALLBACK awk '
		BEGIN { undecoded = ENVIRON["UNDECODED"]; fallback = ENVIRON["FALLBACK"] }
		NR == FNR { want[FNR] = $0; n = FNR; next }
		{
			if (want[FNR] ~ undecoded || $0 ~ fallback) { skipped++; next }
			compared++
			if (want[FNR] != $0) {
				bad++
				if (bad <= 3)
					print "#   tcpdump: " want[FNR] "\n#   ours:    " $0 > "/dev/stderr"
			}
		}
		END {
			if (FNR != n)
				print "#   frames: tcpdump " n ", ours " FNR > "/dev/stderr"
			printf "%d %d %d %d\n", compared, skipped, bad + 0, (FNR != n)
		}' "$want" "$got")
	read -r compared skipped bad count_differs <<<"$result"
	if (( bad == 0 && !count_differs && compared * 100 >= (compared + skipped) * 60 )); then
		pass "$tag: $compared frames print as tcpdump prints them ($skipped with undecoded protocols not compared)"
	else
		fail "$tag: $bad of $compared frames differ ($skipped not compared)"
	fi
}

corpus="$TEST_TMP/corpus.pcap"
"$GEN" "$corpus" || fatal "gen_corpus failed"
for opts in "" "-v" "-vv" "-e" "-q" "-x" "-e -X" "-A" "-AA" "-S -v" "-v -K" "-vv -K" "-# --nano"; do
	compare "corpus ${opts:-(no options)}" "$corpus" "$opts"
done
for snap in 20 34 54 60 74 96; do
	editcap -s "$snap" "$corpus" "$TEST_TMP/cut$snap.pcap" >/dev/null ||
		fatal "editcap -s $snap failed"
	for opts in "" "-v" "-x" "-A"; do
		compare "cut to $snap bytes ${opts:-(no options)}" "$TEST_TMP/cut$snap.pcap" "$opts"
	done
done
finish
