#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the committed seed corpora (tests/fuzz/corpus/*/) from the
# project's own inputs. Run from the top directory after `make tests`, as
# root (xdpdump -r loads BPF). The fuzzers grow their corpora in
# $(FUZZ_BUILD)/corpus/ and never write here.
#
#   cbpf_xlate  the expressions of tests/filter/expressions.txt and a few
#               that the differential test leaves out (ifindex, inbound,
#               outbound, an offset past 65535), compiled by libpcap, and
#               4096 loads whose translation is too long for 16-bit jumps
#   pcap_read   a dozen frames of tests/filter/gen_corpus cut to 128 bytes
#               (so caplen < len) as microsecond pcap, nanosecond pcap and
#               pcapng from editcap, and as pcapng and pcap written by
#               xdpdump -r, whose blocks carry every option we write
set -euo pipefail

BUILD=${BUILD:-build}
XDPDUMP=${XDPDUMP:-$BUILD/xdpdump}
out=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The regress-* inputs of fixed bugs stay.
rm -f "$out"/cbpf_xlate/expr-* "$out"/cbpf_xlate/long-* "$out"/pcap_read/pcap*
mkdir -p "$out/cbpf_xlate" "$out/pcap_read"

"$BUILD/fuzz/gen_cbpf_seeds" "$out/cbpf_xlate" tests/filter/expressions.txt \
	'ifindex 1' inbound outbound 'ether[70000] = 1'

"$BUILD/tests/filter/gen_corpus" "$tmp/frames.pcap" 12 >/dev/null
editcap -F pcap -s 128 "$tmp/frames.pcap" "$out/pcap_read/pcap-usec"
editcap -F nsecpcap "$out/pcap_read/pcap-usec" "$out/pcap_read/pcap-nsec"
editcap -F pcapng "$out/pcap_read/pcap-usec" "$out/pcap_read/pcapng-editcap"
"$XDPDUMP" -r "$out/pcap_read/pcap-usec" -w "$out/pcap_read/pcapng-xdpdump" ip
"$XDPDUMP" -r "$out/pcap_read/pcap-usec" --pcap -w "$out/pcap_read/pcap-xdpdump"
ls -l "$out/pcap_read"

# print: every frame of the printer's golden pcaps, whole, behind the four
# option bytes of fuzz_print.c (byte 1 cycles through -x/-X/-e/-q/-v
# settings, bytes 2-3 say the frame was 4 bytes longer on the wire).
rm -f "$out"/print/frame-*
mkdir -p "$out/print"
n=0
for f in tests/golden/*.pcap; do
	# Hex lines are "<tab>0xOFFSET:  hhhh hhhh ..."; the rest starts a frame.
	tcpdump -n -xx -r "$f" 2>/dev/null | awk '
		!/^\t0x[0-9a-f]+:/ { if (hex != "") print hex; hex = ""; next }
		{ for (i = 2; i <= NF && $i ~ /^[0-9a-f]+$/; i++) hex = hex $i }
		END { if (hex != "") print hex }' >"$tmp/frames.hex"
	while read -r hex; do
		opts=$(printf '\\x%02x\\x%02x\\x00\\x04' $(( n % 6 )) $(( (n * 37) % 256 )))
		# shellcheck disable=SC2059,SC2001 # the format is the data
		printf "$opts$(sed 's/../\\x&/g' <<<"$hex")" >"$out/print/frame-$(printf %03d "$n")"
		n=$(( n + 1 ))
	done <"$tmp/frames.hex"
done
find "$out/print" -type f | wc -l
