#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --sample N and --max-rate PPS (bpf/budget.h), on a veth pair with a real
# XDP program attached (ip link) that xdpdump captures in front of:
#   - --sample 10 with a filter: 1000 kept packets sent from one CPU give
#     exactly 100 records (1st, 11th, ... by sequence number); the summary
#     says 900 left out by --sample, and seen = written + lost + left out
#     by the filter + unsampled + over budget, with the 200 packets the
#     filter rejects among those left out by it;
#   - the same figures in the file's statistics block (read by tshark):
#     isb_filteraccept 1000, isb_usrdeliv 100, isb_osdrop 0, and the
#     comment with unsampled=900; nothing reported as a drop;
#   - --max-rate 200 with traffic at 1000/s for 3 s: about 200 records a
#     second plus the burst (loosely; tests/bench measures it), the rest
#     over budget, and the identity holds;
#   - both together, with -c, with -w - into tcpdump, with printed lines,
#     through Wireshark's extcap fifo, on the status line of a terminal
#     (what the budget left out, apart from lost), with -G/-W, with -C
#     rotation (every file's ISB
#     has the budget), and with exit capture through the hook (entry and
#     exit sampled alike);
#   - bad values: one line on stderr and a non-zero exit each, nothing
#     attached.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_all
new_tmp

# summary_num ERR REGEX — the number in front of REGEX in the summary.
summary_num() {
	grep -Eo "[0-9]+ $2" "$1" | tail -n1 | grep -Eo '^[0-9]+'
}

# isb_option FILE NAME — an option of the file's last ISB, read by tshark's
# own pcapng dissector (the file as a file, not its packets).
isb_option() {
	tsh -r "$1" -X read_format:"MIME Files Format" -V |
		awk -v k="$2" '$0 ~ "^ *" k ": " { sub("^ *" k ": ", ""); v = $0 } END { print v }'
}

# identity ERR FILE — seen = written + lost + left out by the filter +
# unsampled + over budget, from the summary and the file.
identity() {
	local err=$1 file=$2 seen kept written lost unsampled over filtered
	seen=$(summary_seen "$err")
	kept=$(summary_num "$err" 'records kept')
	written=$(pkt_count "$file")
	lost=$(summary_lost "$err")
	unsampled=$(summary_num "$err" 'left out by --sample')
	over=$(summary_num "$err" 'over --max-rate')
	filtered=$(( seen - kept ))
	IDENTITY="seen $seen = written $written + lost $lost + filtered $filtered +"
	IDENTITY+=" unsampled ${unsampled:-0} + over ${over:-0}"
	(( seen == written + lost + filtered + ${unsampled:-0} + ${over:-0} ))
}

new_env 1 && env=$TEST_ENV
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)

# --- 1 in 10, from one CPU, with a filter ----------------------------------
f="$TEST_TMP/sample.pcapng" err="$TEST_TMP/sample.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --sample 10 'udp port 9'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "--sample 10 did not start"; }
tenv_udp "$env" 9 1000 64 0 || fail "sending 1000 to port 9"
tenv_udp "$env" 7 200 64 0 || fail "sending 200 to port 7"
xdpdump_stop "$XD_PID" INT
check_eq "--sample 10: exit status" 0 "$?"
check_state "$env" veth0 "$before" "--sample 10: after exit"
check_eq "--sample 10: records in the file (1000 / 10)" 100 "$(pkt_count "$f")"
check_eq "--sample 10: all of them port 9" 100 "$(pkt_count "$f" 'udp.dstport == 9')"
# udp_send's payload starts with its sequence number: one CPU keeps the
# 1st of every 10, so 0, 10, 20, ...
seqs=0
while read -r h; do
	(( 0x$h % 10 )) && seqs=$(( seqs + 1 ))
done < <(tsh -r "$f" -T fields -e data.data | cut -c1-8)
check_eq "--sample 10: the sampled ones are every 10th by sequence" 0 "$seqs"
check_eq "--sample 10: summary left out by --sample" 900 \
	"$(summary_num "$err" 'left out by --sample 10')"
check_eq "--sample 10: summary records kept by the filter" 1000 \
	"$(summary_num "$err" 'records kept')"
check_eq "--sample 10: summary lost" 0 "$(summary_lost "$err")"
if identity "$err" "$f"; then pass "--sample 10: $IDENTITY"; else fail "--sample 10: $IDENTITY"; show "$err"; fi
check "--sample 10: the filter left out at least the 200 to port 7" \
	test $(( $(summary_seen "$err") - 1000 )) -ge 200
check_eq "--sample 10: ISB filteraccept" 1000 "$(isb_option "$f" 'Number of Accepted by Filter Packets')"
check_eq "--sample 10: ISB usrdeliv" 100 "$(isb_option "$f" 'Number of Delivered to the User Packets')"
check_eq "--sample 10: ISB osdrop (no drops)" 0 "$(isb_option "$f" 'Number of Dropped Packets by OS')"
check "--sample 10: ISB comment with the figures" \
	grep -q 'unsampled=900 over_budget=0 sample=10' <<<"$(isb_option "$f" 'Comment')"

# --- at most 200 a second ----------------------------------------------------
f="$TEST_TMP/rate.pcapng" err="$TEST_TMP/rate.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --max-rate 200 'udp port 9'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "--max-rate 200 did not start"; }
start=$(date +%s%N)
tenv_udp "$env" 9 3000 64 "" 0 4 1000 || fail "sending 3000 at 1000/s"
secs_ms=$(( ($(date +%s%N) - start) / 1000000 ))
xdpdump_stop "$XD_PID" INT
check_eq "--max-rate 200: exit status" 0 "$?"
n=$(pkt_count "$f")
due=$(( 200 * secs_ms / 1000 + 2 )) # the burst: 10 ms of 200/s, at least 1
check "--max-rate 200: $n records in $secs_ms ms, about $due (within 25%)" \
	test "$n" -ge $(( due * 3 / 4 )) -a "$n" -le $(( due * 5 / 4 ))
check_eq "--max-rate 200: over budget = 3000 - written" $(( 3000 - n )) \
	"$(summary_num "$err" 'over --max-rate 200')"
if identity "$err" "$f"; then pass "--max-rate 200: $IDENTITY"; else fail "--max-rate 200: $IDENTITY"; show "$err"; fi
check "--max-rate 200: ISB comment" \
	grep -q "over_budget=$(( 3000 - n )) sample=1 max_rate=200 burst=2" \
	<<<"$(isb_option "$f" 'Comment')"

# --- both, and -c, and the other transports --------------------------------
f="$TEST_TMP/both.pcapng" err="$TEST_TMP/both.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" --sample 4 --max-rate 1000000 udp
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "both did not start"; }
tenv_udp "$env" 9 400 64 0 || fail "sending 400"
xdpdump_stop "$XD_PID" INT
check_eq "--sample 4 --max-rate 1000000: records" 100 "$(pkt_count "$f")"
check_eq "--sample 4 --max-rate 1000000: nothing over budget" 0 \
	"$(summary_num "$err" 'over --max-rate')"
if identity "$err" "$f"; then pass "both: $IDENTITY"; else fail "both: $IDENTITY"; show "$err"; fi

err="$TEST_TMP/count.err"
traffic_start "$env" 9 2000
n=$(xdpdump_run "$env" 30 -i veth0 --sample 10 -c 20 -w - 'udp port 9' 2>"$err" |
	tcpdump -r - -n 2>/dev/null | wc -l)
check_eq "--sample 10 -c 20 -w - | tcpdump: lines" 20 "$n"
n=$(xdpdump_run "$env" 30 -i veth0 --max-rate 50 -c 10 'udp port 9' 2>"$err" | wc -l)
check_eq "--max-rate 50 -c 10, printed: lines" 10 "$n"
traffic_stop
check_state "$env" veth0 "$before" "after the -c runs"

# --- Wireshark's extcap fifo ------------------------------------------------
fifo="$TEST_TMP/fifo" err="$TEST_TMP/extcap.err"
mkfifo "$fifo"
xdpdump_start "$env" /dev/null "$err" -v --capture --extcap-interface xdp:veth0 --fifo "$fifo" \
	--extcap-capture-filter 'udp port 9' --sample 5
cat "$fifo" >"$TEST_TMP/extcap.pcapng" &
reader=$!
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "extcap --sample 5 did not start"; }
tenv_udp "$env" 9 50 64 0 || fail "sending 50"
xdpdump_stop "$XD_PID" TERM
check_eq "extcap --sample 5: exit status" 0 "$?"
wait "$reader" 2>/dev/null
check_eq "extcap --sample 5: records through the fifo" 10 "$(pkt_count "$TEST_TMP/extcap.pcapng")"

# --- the status line on a terminal shows what the budget leaves out --------
if command -v script >/dev/null; then
	traffic_start "$env" 9 500
	printf -v cmd '%q ' timeout --preserve-status -s INT 10 nsenter --net="/run/netns/$env-b" -- \
		"$XDPDUMP" -i veth0 -w "$TEST_TMP/tty.pcapng" --max-rate 100 'udp port 9'
	script -qefc "$cmd" "$TEST_TMP/tty.tty" >/dev/null </dev/null
	check_eq "status line: exit status" 0 "$?"
	traffic_stop
	check "status line: it shows the records left out by the budget" \
		grep -Eq 'xdpdump: [0-9]+ packets captured, [0-9]+/s, [0-9]+ lost, [1-9][0-9]* left out by the budget' \
		<(tr '\r' '\n' <"$TEST_TMP/tty.tty")
else
	fail "script(1) missing: cannot check the status line"
fi

# --- rotation: every file has its share and its statistics ---------------
f="$TEST_TMP/rot.pcapng" err="$TEST_TMP/rot.err"
xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$f" -C 1k --sample 2 'udp port 9'
xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "-C 1k --sample 2 did not start"; }
tenv_udp "$env" 9 200 64 0 || fail "sending 200"
xdpdump_stop "$XD_PID" INT
check_eq "-C 1k --sample 2: exit status" 0 "$?"
files=("$f"*)
total=0 commented=0
for g in "${files[@]}"; do
	total=$(( total + $(pkt_count "$g") ))
	isb_option "$g" Comment | grep -q 'xdpdump budget: unsampled=' && commented=$(( commented + 1 ))
done
check "-C 1k --sample 2: several files (${#files[@]})" test "${#files[@]}" -gt 2
check_eq "-C 1k --sample 2: records over all files" 100 "$total"
check_eq "-C 1k --sample 2: every file's ISB has the budget comment" "${#files[@]}" "$commented"

# -G 1 -W 2 with a rate: two files of about a second each, then it stops.
err="$TEST_TMP/g.err"
traffic_start "$env" 9 1000
start=$(date +%s%N)
xdpdump_run "$env" 30 -i veth0 -G 1 -W 2 --max-rate 100 -w "$TEST_TMP/g-%H%M%S.pcapng" \
	'udp port 9' 2>"$err"
check_eq "-G 1 -W 2 --max-rate 100: ended by itself with status 0" 0 "$?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
traffic_stop
gfiles=("$TEST_TMP"/g-*.pcapng)
check_eq "-G 1 -W 2 --max-rate 100: files" 2 "${#gfiles[@]}"
total=0
for g in "${gfiles[@]}"; do
	total=$(( total + $(pkt_count "$g") ))
done
# Two seconds or so at 100 a second, plus the burst; traffic is 1000/s.
# The run's whole time (start-up included) bounds the time attached.
check "-G 1 -W 2 --max-rate 100: $total records over both files in $ms ms, 100 to 100/s + 1" \
	test "$total" -ge 100 -a "$total" -le $(( 100 * ms / 1000 + 1 ))
check "-G 1 -W 2 --max-rate 100: over budget in the summary" \
	test "$(summary_num "$err" 'over --max-rate 100')" -gt 0

# --- exit capture through the hook: entry and exit sampled alike ---------
new_env 1 && env2=$TEST_ENV
if tenv_attach_existing "$env2" veth0 native iplink hook; then
	f="$TEST_TMP/exit.pcapng" err="$TEST_TMP/exit.err"
	xdpdump_start "$env2" /dev/null "$err" -i veth0 -w "$f" --rx-capture entry,exit \
		--sample 5 'udp port 7'
	xdpdump_wait_ready "$err" "$XD_PID" || { show "$err"; fatal "exit --sample 5 did not start"; }
	tenv_udp "$env2" 7 100 64 0 || fail "sending 100 to port 7"
	xdpdump_stop "$XD_PID" INT
	check_eq "exit --sample 5: exit status" 0 "$?"
	check_eq "exit --sample 5: entry records" 20 "$(pkt_count "$f" 'udp && !frame.verdict')"
	check_eq "exit --sample 5: exit records" 20 "$(pkt_count "$f" 'udp && frame.verdict')"
	check_eq "exit --sample 5: the same packets at entry and exit" 20 \
		"$(tsh -r "$f" -T fields -e frame.packet_id -Y udp | sort | uniq -d | wc -l)"
	check_eq "exit --sample 5: left out, entry and exit" 160 \
		"$(summary_num "$err" 'left out by --sample 5')"
else
	fail "ip link could not attach the hook example"
fi

# --- bad values ----------------------------------------------------------------
for bad in "--sample 0" "--sample -5" "--sample ten" "--sample 10x" "--sample 1e3" \
	"--sample 99999999999999999999" "--sample 1000000001" "--sample ''" \
	"--max-rate 0" "--max-rate -1" "--max-rate fast" "--max-rate 100pps" \
	"--max-rate 10000001" "--max-rate 18446744073709551616" "--max-rate 1.5"; do
	eval "set -- $bad"
	out=$(xdpdump_run "$env" 10 -i veth0 "$@" -w "$TEST_TMP/bad.pcapng" 2>&1)
	rc=$?
	check "$bad: non-zero exit ($rc)" test "$rc" -ne 0 -a "$rc" -ne 137
	check_eq "$bad: one line on stderr" 1 "$(wc -l <<<"$out")"
	check "$bad: it names the option" grep -q -- "${1#--}" <<<"$out"
done
out=$(xdpdump_run "$env" 10 -r "$f" --sample 2 2>&1)
check "--sample with -r: refused in one line" test $? -ne 0 -a "$(wc -l <<<"$out")" -eq 1
check_state "$env" veth0 "$before" "after the bad values"
finish
