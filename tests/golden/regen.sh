#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rewrites the golden files: the pcaps from gen_golden.c, the expected text
# from tcpdump itself (TZ=UTC, -n), one NAME.out per line of cases.txt.
# Run it after changing the generator or the case list, and commit both.
set -eu
cd "$(dirname "$0")"
: "${CC:=gcc}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CC" -Wall -Wextra -Werror -O2 -o "$tmp/gen_golden" gen_golden.c
"$tmp/gen_golden" .
grep -v '^#' cases.txt | while read -r name pcap opts; do
	# shellcheck disable=SC2086 # opts are separate words
	TZ=UTC tcpdump -n $opts -r "$pcap" >"$name.out" 2>/dev/null
done
echo "regen: $(grep -vc '^#' cases.txt) cases from $(tcpdump --version 2>&1 | head -n1)"
