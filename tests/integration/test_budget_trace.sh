#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --sample and --max-rate in the fentry/fexit programs (bpf/trace.bpf.c),
# where the kernel allows tracing programs on XDP programs: the qemu guest
# of make check-vm; the development machines' kernel refuses fentry, so it
# skips there. On xdp_drop_udp9 attached with ip link (which passes port 7):
#   - entry,exit --sample 5: 100 packets from one CPU give 20 entry and 20
#     exit records, the same packets (packet ids) at both points, and 160
#     left out by --sample;
#   - --max-rate 5 with 50 packets sent at once: the burst (1 record) and
#     little more, the rest over budget, and seen = written + lost + left
#     out by the filter + over budget;
#   - two programs in one libxdp dispatcher, -p all: the fentry programs
#     share one budget map (one limit for the interface);
#   - xdpdump's own XDP program with both options loads and counts on
#     this kernel too (it reads the coarse clock, which the tracing
#     programs may not).
# tshark starts take seconds under emulation: each file is read once.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
require_cmd xdp-loader jq
reason=$(probe_fentry) || skip "$reason"
new_tmp

summary_num() {
	grep -Eo "[0-9]+ $2" "$1" | tail -n1 | grep -Eo '^[0-9]+'
}

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "ip link could not attach xdp_drop_udp9"
before=$(tenv_xdp_state "$env" veth0)

f="$TEST_TMP/sample.pcapng" err="$TEST_TMP/sample.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --attach trace \
	--rx-capture entry,exit --sample 5 'udp port 7'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "trace --sample 5 did not start"; }
tenv_udp "$env" 7 100 64 0 || fail "sending 100 to port 7"
xdpdump_stop "$XD_PID" INT
check_eq "trace --sample 5: exit status" 0 "$?"
check_attach_line "$err" 'veth0: attached \(trace: ' "trace --sample 5: traces"
check_state "$env" veth0 "$before" "trace --sample 5: after exit"
tsh -r "$f" -T fields -e frame.verdict.ebpf_xdp -e frame.packet_id -Y udp >"$f.tsv"
check_eq "trace --sample 5: entry records" 20 "$(awk -F'\t' '$1 == ""' "$f.tsv" | wc -l)"
check_eq "trace --sample 5: exit records" 20 "$(awk -F'\t' '$1 != ""' "$f.tsv" | wc -l)"
check_eq "trace --sample 5: the same packets at entry and exit" 20 \
	"$(cut -f2 "$f.tsv" | sort | uniq -d | wc -l)"
check_eq "trace --sample 5: left out by --sample" 160 "$(summary_num "$err" 'left out by --sample 5')"

f="$TEST_TMP/rate.pcapng" err="$TEST_TMP/rate.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --attach trace --max-rate 5 'udp port 7'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "trace --max-rate 5 did not start"; }
start=$(date +%s%N)
tenv_udp "$env" 7 50 64 0 || fail "sending 50 to port 7"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
xdpdump_stop "$XD_PID" INT
check_eq "trace --max-rate 5: exit status" 0 "$?"
n=$(summary_num "$err" 'packets captured')
check "trace --max-rate 5: $n records for 50 sent in $ms ms (at most 1 + 5/s)" \
	test "$n" -ge 1 -a "$n" -le $(( 1 + 5 * (ms + 999) / 1000 ))
check_eq "trace --max-rate 5: over budget" $(( 50 - n )) "$(summary_num "$err" 'over --max-rate 5')"
seen=$(summary_seen "$err") kept=$(summary_num "$err" 'records kept')
lost=$(summary_lost "$err") written=$(pkt_count "$f")
check "trace --max-rate 5: seen $seen = written $written + lost $lost + filtered $(( seen - kept )) + over $(( 50 - n ))" \
	test "$seen" -eq $(( written + lost + seen - kept + 50 - n ))

# The XDP capture program reads the coarse clock for --max-rate (the
# tracing programs may not): it must load on this kernel too.
new_env 1 && env2=$TEST_ENV
err="$TEST_TMP/own.err"
xdpdump_start "$env2" /dev/null "$err" -i veth0 -w "$TEST_TMP/own.pcapng" --max-rate 5 --sample 2
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "own program with --max-rate did not start"; }
tenv_udp "$env2" 7 20 64 0 || fail "sending 20 to port 7"
xdpdump_stop "$XD_PID" INT
check_eq "own program --sample 2 --max-rate 5: exit status" 0 "$?"
check_eq "own program --sample 2 --max-rate 5: left out by --sample" 10 \
	"$(summary_num "$err" 'left out by --sample 2')"
check "own program --sample 2 --max-rate 5: at least the first record, the rest over budget" \
	test "$(summary_num "$err" 'packets captured')" -ge 1 -a \
	$(( $(summary_num "$err" 'packets captured') + $(summary_num "$err" 'over --max-rate 5') )) -eq 10

# Two programs in one libxdp dispatcher, traced with -p all: one budget for
# the interface, so every fentry program uses the same "budget" map.
HOOK_OBJ="$BUILD/examples/xdp_hook_example.bpf.o"
new_env 1 && env3=$TEST_ENV
if tenv_exec "$env3-b" xdp-loader load -m native veth0 "$(tenv_obj)" "$HOOK_OBJ" \
	2>"$TEST_TMP/load2.err"; then
	echo xdploader >"$(tenv_state "$env3")/method-veth0"
	echo native >"$(tenv_state "$env3")/mode-veth0"
	err="$TEST_TMP/two.err"
	xdpdump_start "$env3" /dev/null "$err" -i veth0 -w "$TEST_TMP/two.pcapng" -p all \
		--max-rate 5 'udp port 7'
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "-p all --max-rate did not start"; }
	progs=$(bpftool prog show --json | jq -c '[.[] | select(.name == "xdpdump_fentry") | .map_ids]')
	budgets=$(jq -r '.[][]' <<<"$progs" | sort -u | while read -r id; do
		bpftool map show id "$id" --json | jq -r 'select(.name == "budget") | .id'
	done | sort -u | wc -l)
	# One per program, and the one on the dispatcher that numbers the
	# packets (it records nothing; docs/exit-capture.md).
	check_eq "-p all --max-rate 5: fentry programs" 3 "$(jq length <<<"$progs")"
	check_eq "-p all --max-rate 5: one budget map between them" 1 "$budgets"
	tenv_udp "$env3" 7 20 64 0 || fail "sending 20 to port 7"
	xdpdump_stop "$XD_PID" INT
	check_eq "-p all --max-rate 5: exit status" 0 "$?"
	n=$(summary_num "$err" 'packets captured')
	check_eq "-p all --max-rate 5: both programs' records, made or over budget" 40 \
		$(( n + $(summary_num "$err" 'over --max-rate 5') ))
else
	show "$TEST_TMP/load2.err"
	fail "xdp-loader could not load two programs"
fi
finish
