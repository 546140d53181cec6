#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh THROUGHPUT.TSV COST.TSV BUSY-PERCENT SECONDS — turn the raw
# figures of run.sh into the markdown report (stdout), and write the data
# for plot.gp next to the TSV (same name, .plot). Runs of one case are
# summarised by their median (rate, CPU) and their worst (frames in the
# file, frames lost, memory), so a good run cannot hide a bad one.
set -u

TSV=$1 COST=$2 BUSY=$3 SECS=$4
PLOT="${TSV%.tsv}.plot"

version_of() {
	"$@" 2>&1 | head -1
}

header() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	echo "<!-- SPDX-License-Identifier: GPL-2.0 -->"
	echo "<!-- Written by tests/bench/run.sh (make bench); do not edit. -->"
	echo "# xdpdump benchmark"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), took $(( SECS / 60 )) min $(( SECS % 60 )) s"
	echo "- machine: Linux $(uname -r), ${cpu:-unknown CPU}, $(nproc) CPUs;" \
		"${BUSY}% busy with other work just before the run"
	echo "- tools: $(version_of "$XDPDUMP" --version) (${XDPDUMP_BUILT:-?});" \
		"peer: $(version_of "$PEER_XDPDUMP" --version);" \
		"$(version_of tcpdump --version)"
	echo "- traffic: ${BENCH_FRAMES} UDP/IPv4 frames per run, ${BENCH_REPS} run(s) per case," \
		"xdp_gen ($(gen_method), batch ${BENCH_BATCH}) on CPU ${BENCH_GEN_CPU};" \
		"capture processes on CPU ${BENCH_TOOL_CPU:-any}; both at nice ${BENCH_NICE};" \
		"files in ${BENCH_WORK}" \
		"$(df -P "$BENCH_WORK" | awk 'NR == 2 { print "(" $1 ")" }')"
	echo "- filters: some = \`udp src port 1000\` (10% of the frames)," \
		"none = \`udp src port 999\`; tcpdump gets the same expression, the peer" \
		"has none (n/a). xdpdump options: \`${XDPDUMP_ARGS:-defaults}\`;" \
		"xdpdump-ringbuf and xdpdump-perf add \`--ring ringbuf\` and \`--ring perf\`"
	echo "- warm memory: the capture files' file system written once before the first" \
		"case; before each measured run every capture tool got the same warm-up burst" \
		"of ${BENCH_WARM_MB:-0} MiB of frames to another port (not counted)"
	echo
}

# How xdp_gen sent (run.sh collects its method= fields).
gen_method() {
	local m out=()
	for m in ${BENCH_GEN_METHOD:-live}; do
		case $m in
		live) out+=("BPF_PROG_RUN live frames") ;;
		afpacket) out+=("AF_PACKET TX ring with qdisc bypass, as the kernel refused live frames") ;;
		*) out+=("$m") ;;
		esac
	done
	local IFS=';'
	echo "${out[*]}"
}

# Aggregate the runs of each case; print one line per case:
# size filter tool runs sent mpps ratio infile expected capture lost cpu_ms ns_frame rss_mib note busy
summarise() {
	awk -F '\t' '
	function median(list,    n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n ? (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) : "-"
	}
	NR == 1 { next }
	{
		k = $1 SUBSEP $2 SUBSEP $3
		if (!(k in runs)) { order[++nk] = k; worst_in[k] = -1 }
		runs[k]++
		sent[k] = $5
		if ($17 + 0 > busy[k] + 0) busy[k] = $17
		if ($16 != "ok") note[k] = $16
		if ($5 == "-") next
		rate[k] = rate[k] " " $6
		expect[k] = $8
		if ($9 != "-") {
			if (worst_in[k] < 0 || $9 < worst_in[k]) worst_in[k] = $9
			if (!(k in lost) || ($13 != "?" && lost[k] != "?" && $13 + 0 > lost[k] + 0) || $13 == "?")
				lost[k] = $13
			cpu[k] = cpu[k] " " $14 / 1000
			if ($9 > 0) nsf[k] = nsf[k] " " $14 * 1000 / $9
			if ($15 + 0 > rss[k] + 0) rss[k] = $15
		}
	}
	END {
		for (i = 1; i <= nk; i++) {
			k = order[i]; split(k, f, SUBSEP)
			m[k] = rate[k] == "" ? "-" : median(rate[k])
		}
		for (i = 1; i <= nk; i++) {
			k = order[i]; split(k, f, SUBSEP)
			b = f[1] SUBSEP f[2] SUBSEP "bare"
			ratio = (b in m && m[b] != "-" && m[b] > 0 && m[k] != "-") ? sprintf("%.0f%%", 100 * m[k] / m[b]) : "-"
			inf = worst_in[k] >= 0 ? worst_in[k] : "-"
			cap = (inf != "-" && expect[k] > 0) ? sprintf("%.2f%%", 100 * inf / expect[k]) : "-"
			if (inf != "-" && expect[k] == 0) cap = inf == 0 ? "(none due)" : "?"
			printf "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				f[1], f[2], f[3], runs[k], sent[k],
				m[k] == "-" ? "-" : sprintf("%.3f", m[k]), ratio, inf, expect[k] == "" ? "-" : expect[k], cap,
				(k in lost) ? lost[k] : "-",
				cpu[k] == "" ? "-" : sprintf("%.0f", median(cpu[k])),
				nsf[k] == "" ? "-" : sprintf("%.0f", median(nsf[k])),
				rss[k] == "" ? "-" : sprintf("%.1f", rss[k] / 1024),
				(k in note) ? note[k] : "", busy[k] + 0
		}
	}' "$TSV"
}

throughput_table() {
	echo "## Throughput (same traffic for every tool)"
	echo
	echo "Sender rate: median over the runs; \"vs bare\" compares it with no capture" \
		"(bare XDP_PASS). In file: the worst run's count of generator frames in the" \
		"capture file, of those the filter should keep. Lost: what the tool itself" \
		"reported (xdpdump: lost in rings; peer: dropped by perf ring; tcpdump:" \
		"dropped by kernel), worst run. CPU: user + system time of the capture" \
		"process, median; per frame = CPU / frames in the file. RSS: peak (VmHWM)." \
		"Others: the machine's CPU load from other work, sampled for 0.5 s before" \
		"each run (worst run); rows with much of it are noisy."
	echo
	echo "| frame | filter | tool | runs | sent | sender Mpps | vs bare | in file | due | captured | lost (tool) | CPU ms | CPU ns/frame | peak RSS MiB | others | note |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	summarise | awk -F '\t' -v OFS=' | ' '{
		if ($3 == "bare") { $8 = $9 = $10 = $11 = $12 = $13 = $14 = "—" }
		print "| " $1 " B", $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16 "%", $15 " |"
	}'
	echo
}

cost_table() {
	[[ -s $COST ]] || return 0
	echo "## Kernel cost per packet (BPF_PROG_TEST_RUN, repeat ${BENCH_COST_REPEAT}, median of ${BENCH_COST_ROUNDS})"
	echo
	echo "Each program as its tool loaded it (found by id while the tool ran, writing" \
		"to /dev/null), run on a UDP frame with source port 1000. \"over bare\" is the" \
		"median of per-round differences with a bare XDP_PASS run just before each" \
		"round (steadier than subtracting two medians). \"ring full\" counts" \
		"test runs whose record found the ring full because the reader fell behind: those runs" \
		"are cheaper, so a large share makes the figure too low."
	echo
	echo "| program | 64 B ns | over bare | ring full | 1500 B ns | over bare | ring full |"
	echo "|---|---|---|---|---|---|---|"
	awk -F '\t' 'NR > 1 {
		if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 }
		ns[$1, $2] = $3; over[$1, $2] = $4; fail[$1, $2] = $5 == "" ? "—" : $5; name[$1] = $6
	}
	END {
		for (i = 1; i <= n; i++) {
			p = order[i]
			printf "| %s (`%s`)", p, name[p]
			for (s = 64; s <= 1500; s += 1436)
				printf " | %s | %s | %s", ns[p, s] == "" ? "—" : ns[p, s],
					over[p, s] == "" ? "—" : over[p, s], fail[p, s]
			print " |"
		}
	}' "$COST"
	echo
}

# Where the targets of issue 5 stand, computed from the same figures.
targets() {
	local sum
	sum=$(summarise)
	echo "## Targets"
	echo
	awk -F '\t' '
	# Every xdpdump row (xdpdump, xdpdump-ringbuf, xdpdump-perf) is judged
	# on its own: one set of lines per tool.
	$3 ~ /^xdpdump/ && !($3 in seen_tool) { tools[++ntools] = $3; seen_tool[$3] = 1 }
	$3 ~ /^xdpdump/ && $1 == 64 && $2 == "all" {
		ok = ($8 == $5 && $11 == 0)
		verdict = ok ? "**met**" : "**missed**"
		if (ok && $5 < 5000000) verdict = "met at " $5 " frames (below 5 M: not the target run)"
		zl[$3] = sprintf("- %s: zero loss, 5 M 64-byte frames, no filter: %s (worst run: %s of %s sent in the file, %s lost in rings)\n",
			$3, verdict, $8, $5, $11)
	}
	$3 ~ /^xdpdump/ && $7 != "-" {
		r = $7; sub("%", "", r)
		line[$3] = line[$3] sprintf(" %s B/%s %s,", $1, $2, $7)
		if (!($3 in min) || r + 0 < min[$3] + 0) min[$3] = r
	}
	$3 != "bare" && $13 != "-" && $2 != "none" { nsf[$1 "/" $2, $3] = $13; sc[$1 "/" $2] = 1 }
	END {
		for (i = 1; i <= ntools; i++) {
			x = tools[i]
			printf "%s", zl[x]
			l = line[x]; sub(/,$/, "", l)
			verdict = (x in min && min[x] + 0 >= 90) ? "**met**" : "**missed**"
			printf "- %s: sender rate >= 90%% of bare: %s (lowest %s%%;%s)\n", x, verdict, min[x], l
			np = okp = nt = okt = 0; pl = tl = ""
			for (s in sc) {
				o = nsf[s, x]; p = nsf[s, "peer"]; t = nsf[s, "tcpdump"]
				if (o == "") continue
				if (p != "") { np++; if (o <= p / 2) okp++; pl = pl sprintf(" %s: %s vs %s,", s, o, p) }
				if (t != "") { nt++; if (o <= t + 0) okt++; tl = tl sprintf(" %s: %s vs %s,", s, o, t) }
			}
			sub(/,$/, "", pl); sub(/,$/, "", tl)
			verdict = np ? (okp == np ? "**met**" : "**missed**") : "n/a (peer not run)"
			printf "- %s: CPU per captured frame <= half the peer'"'"'s: %s (ns, ours vs peer:%s)\n", x, verdict, pl
			verdict = nt ? (okt == nt ? "**met**" : "**missed**") : "n/a (tcpdump not run)"
			printf "- %s: CPU per captured frame <= tcpdump'"'"'s: %s (ns, ours vs tcpdump:%s)\n", x, verdict, tl
		}
	}' <<<"$sum"
	[[ -s $COST ]] && awk -F '\t' '
	$1 ~ /^xdpdump.*, rejecting filter$/ { t = $1; sub(/, rejecting filter$/, "", t); r[t " " $2 " B"] = $4 }
	END {
		ok = 1
		n = 0
		for (s in r) { n++; if (r[s] >= 10) ok = 0; l = l sprintf(" %s: +%s ns,", s, r[s]) }
		sub(/,$/, "", l)
		verdict = (n && ok) ? "**met**" : "**missed**"
		printf "- rejecting filter < 10 ns/packet over bare XDP_PASS: %s (%s)\n", verdict, l
	}' "$COST"
	echo
}

# Data for plot.gp: one line per scenario with the captured fraction of
# each capture tool and the sender rate of every tool ("-" = none).
plot_data() {
	summarise | awk -F '\t' '
	{
		s = $1 "B " $2
		if (!(s in seen)) { order[++n] = s; seen[s] = 1 }
		tool = $3
		# The plot has one column for ours: the default transport.
		if (tool == "xdpdump-ringbuf" || (tool == "xdpdump" && !((s, "xdpdump") in cap)))
			tool = "xdpdump"
		else if (tool ~ /^xdpdump/)
			next
		c = $10; sub("%", "", c); cap[s, tool] = c ~ /^[0-9.]+$/ ? c : "-"
		rate[s, tool] = $6
	}
	END {
		print "# SPDX-License-Identifier: GPL-2.0"
		print "# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps"
		for (i = 1; i <= n; i++) {
			s = order[i]
			printf "\"%s\"", s
			split("xdpdump peer tcpdump", t, " ")
			for (j = 1; j <= 3; j++) printf " %s", (s, t[j]) in cap ? cap[s, t[j]] : "-"
			split("bare xdpdump peer tcpdump", t, " ")
			for (j = 1; j <= 4; j++) printf " %s", (s, t[j]) in rate ? rate[s, t[j]] : "-"
			print ""
		}
	}' >"$PLOT"
}

header
throughput_table
cost_table
targets
plot_data
echo "Plot: [latest.png](latest.png). Raw figures: latest.tsv, latest-cost.tsv."
