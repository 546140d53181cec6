# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The budget cases of the benchmark (sourced by run.sh; uses its
# environment, its work directory and its helpers): a 64-byte flood at the
# generator's maximum, with no capture (bare), with `--sample 100` and with
# `--max-rate 10000`, BENCH_REPS times in turn. Per case:
#   - the sender's rate, and its ratio to bare in the same run;
#   - records in the file against what is due: exactly 1 in 100 of the
#     frames that reached the hook (the generator's frames all land on
#     one CPU), or 10,000 a second of sending time (xdp_gen's own clock)
#     plus the burst of 100;
#   - the accounting from xdpdump's summary: seen = in file + lost + left
#     out by the filter + unsampled + over budget.
# Writes $BENCH_RESULTS/latest-budget.tsv and latest-budget.md (printed).
#
# Environment: BENCH_BUDGET [1] (0: skip), BENCH_BUDGET_CASES
# ["sample100 rate10000"].

: "${BENCH_BUDGET:=1}" "${BENCH_BUDGET_CASES=sample100 rate10000}"

BUDGET_FIELDS="case rep sent seconds mpps delivered infile gen due seen kept lost unsampled over cpu_us note busy"
BUDGET_RATE=10000 BUDGET_SAMPLE=100 BUDGET_BURST=100

budget_args() {
	case $1 in
	sample100) echo "--sample $BUDGET_SAMPLE" ;;
	rate10000) echo "--max-rate $BUDGET_RATE" ;;
	esac
}

# budget_due CASE DELIVERED SECONDS — records the file should hold.
budget_due() {
	case $1 in
	sample100) echo $(( ($2 + BUDGET_SAMPLE - 1) / BUDGET_SAMPLE )) ;;
	rate10000) awk -v s="$3" -v r="$BUDGET_RATE" -v b="$BUDGET_BURST" \
		'BEGIN { printf "%d", r * s + b }' ;;
	*) echo - ;;
	esac
}

# budget_summary ERR WHAT — a number from xdpdump's closing summary.
budget_summary() {
	grep -Eo "[0-9]+ $2" "$1" | tail -n1 | grep -Eo '^[0-9]+' || echo 0
}

# budget_case CASE REP — one TSV line.
budget_case() {
	local c=$1 rep=$2 base="$WORK/budget-$1" file before after sent=0 secs=0 mpps=0
	local infile=- gen=- seen=- kept=- lost=- unsampled=- over=- cpu=- note=ok busy
	local XDPDUMP_ARGS started=0
	busy=$(machine_busy 0.5)
	file="$base.pcapng"
	rm -f "$base".*
	detach_any || { say "veth0 keeps an XDP program"; return 1; }
	if [[ $c == bare ]]; then
		attach_pass || { say "could not attach xdp_pass"; return 1; }
	else
		XDPDUMP_ARGS="${XDPDUMP_ARGS_SAVED:-} $(budget_args "$c")"
		if start_tool xdpdump all "$file" "$base.out" "$base.err" "$base.stat"; then
			started=1
		else
			note="did not start: $(grep -v '^ *$' "$base.err" | tail -1 | tr '\t' ' ')"
		fi
	fi
	before=$(near_xdp_packets)
	[[ $note == ok ]] && { send 64 "$base.gen" || note="generator failed"; }
	after=$(near_xdp_packets)
	sent=$(kv sent "$base.gen") secs=$(kv seconds "$base.gen") mpps=$(kv mpps "$base.gen")
	if (( started )) && [[ $note != ok ]]; then
		stop_tool "$TOOL_PID"
	elif (( started )); then
		wait_drained "$file"
		stop_tool "$TOOL_PID"
		read -r infile gen < <("$BIN/pcount" -p "$DPORT" "$file" 2>/dev/null |
			awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			       print v["packets"], v["gen"] }')
		seen=$(budget_summary "$base.err" 'seen')
		kept=$(budget_summary "$base.err" 'records kept')
		lost=$(budget_summary "$base.err" 'lost in rings')
		unsampled=$(budget_summary "$base.err" 'left out by --sample')
		over=$(budget_summary "$base.err" 'over --max-rate')
		cpu=$(( $(kv user_us "$base.stat") + $(kv sys_us "$base.stat") ))
		[[ $(kv status "$base.stat") == 0 ]] || note="exit status $(kv status "$base.stat")"
	fi
	detach_any || note="could not clear veth0"
	rm -f "$file"
	printf '%s\t' "$c" "$rep" "${sent:-0}" "${secs:-0}" "${mpps:-0}" $(( after - before )) \
		"${infile:--}" "${gen:--}" "$(budget_due "$c" $(( after - before )) "${secs:-0}")" \
		"$seen" "$kept" "$lost" "$unsampled" "$over" "$cpu"
	printf '%s\t%s\n' "$note" "$busy"
}

# budget_report TSV — the markdown table: medians of the sender's rate,
# worst run of the file against what was due and of the accounting.
budget_report() {
	cat <<EOF
<!-- SPDX-License-Identifier: GPL-2.0 -->
<!-- Written by tests/bench/run.sh (budget.sh); do not edit. -->
# xdpdump benchmark: sampling and rate budget

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); xdpdump: ${XDPDUMP_BUILT:-$XDPDUMP}
- traffic: $BENCH_FRAMES UDP/IPv4 frames of 64 bytes per run at the generator's maximum, $BENCH_REPS run(s) per case, xdp_gen on CPU $BENCH_GEN_CPU, captures on CPU ${BENCH_TOOL_CPU:-any}, no filter

Sender: median Mpps; vs bare: against no capture in the same run. In file:
the generator's frames in the file (worst run, farthest from due). Due:
--sample 100: ceil(frames at the hook / 100), exact; --max-rate 10000:
10,000 x sending seconds + the burst of 100, within 10%. Accounting:
seen = in file + lost + filtered + unsampled + over budget, every run.

| case | runs | sent | send s | sender Mpps | vs bare | in file | due | file/due | seen | lost | unsampled | over budget | accounting | CPU ms | note |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
	awk -F'\t' '
	NR == 1 { next }
	{ n[$1]++; r[$1, n[$1]] = $5; last[$1] = NR
	  dev = ($9 > 0 && $8 != "-") ? ($8 / $9 > 1 ? $8 / $9 - 1 : 1 - $8 / $9) : 0
	  if (!($1 in worst) || dev >= wdev[$1]) { worst[$1] = $0; wdev[$1] = dev }
	  if ($10 != "-") have[$1]++
	  if ($1 != "bare" && $10 != "-" && $10 != $7 + $12 + ($10 - $11) + $13 + $14) bad[$1]++
	  if ($16 != "ok") note[$1] = $16
	  order[$1] = order[$1] ? order[$1] : ++cases; name[order[$1]] = $1 }
	function median(c,   i, j, t, m, a) {
		m = n[c]; for (i = 1; i <= m; i++) a[i] = r[c, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
	END {
		base = ("bare" in n) ? median("bare") : 0
		for (k = 1; k <= cases; k++) {
			c = name[k]; split(worst[c], f, "\t"); m = median(c)
			vs = base > 0 ? sprintf("%.0f%%", 100 * m / base) : "-"
			ratio = (f[9] > 0 && f[8] != "-") ? sprintf("%.4f", f[8] / f[9]) : "-"
			acc = c == "bare" || !have[c] ? "-" : (bad[c] ? bad[c] " run(s) off" : "holds")
			printf "| %s | %d | %s | %.2f | %.3f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				c, n[c], f[3], f[4], m, vs, f[8], f[9], ratio, f[10], f[12], f[13], f[14],
				acc, f[15] == "-" ? "-" : sprintf("%.0f", f[15] / 1000), note[c] }
	}' "$1"
}

# budget_costs — the kernel's cost per packet of the budget cases
# (run.sh's cost_of: BPF_PROG_TEST_RUN of the attached program), as
# markdown rows, beside a rejecting filter and a capture of everything.
budget_costs() {
	local c XDPDUMP_ARGS
	{
		cost_of "bare XDP_PASS" bare all
		XDPDUMP_ARGS=$XDPDUMP_ARGS_SAVED
		cost_of "xdpdump, rejecting filter" xdpdump none
		cost_of "xdpdump, no filter" xdpdump all
		for c in $BENCH_BUDGET_CASES; do
			XDPDUMP_ARGS="$XDPDUMP_ARGS_SAVED $(budget_args "$c")"
			cost_of "xdpdump $(budget_args "$c")" xdpdump all
		done
	} >"$WORK/budget-cost.tsv"
	awk -F'\t' '{ printf "| %s | %s B | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' \
		"$WORK/budget-cost.tsv"
}

run_budget() {
	local tsv="$BENCH_RESULTS/latest-budget.tsv" md="$BENCH_RESULTS/latest-budget.md" rep c
	XDPDUMP_ARGS_SAVED=$XDPDUMP_ARGS
	echo "$BUDGET_FIELDS" | tr ' ' '\t' >"$tsv"
	for rep in $(seq 1 "$BENCH_REPS"); do
		for c in bare $BENCH_BUDGET_CASES; do
			say "budget: 64 bytes, $c, run $rep/$BENCH_REPS"
			budget_case "$c" "$rep" | tee -a "$tsv" |
				awk -F'\t' '{ printf "bench:   sent %s at %s Mpps, in file %s of %s due, lost %s, %s\n", $3, $5, $8, $9, $12, $16 }' >&2
		done
	done
	budget_report "$tsv" >"$md" || say "could not write $md"
	if [[ $BENCH_COST == 1 ]]; then
		say "budget: kernel cost per packet"
		{
			printf '\n## Kernel cost per packet (BPF_PROG_TEST_RUN, repeat %s)\n\n' \
				"$BENCH_COST_REPEAT"
			echo "In a flood the budget's refusals are nearly every packet: their cost is what the sender pays."
			echo
			echo "| program | frame | ns | over bare | ring full |"
			echo "|---|---|---|---|---|"
			budget_costs
		} >>"$md"
	fi
	cat "$md"
}
