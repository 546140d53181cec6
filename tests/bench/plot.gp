# SPDX-License-Identifier: GPL-2.0
# Plot of the benchmark (run.sh writes the data through report.sh):
#   gnuplot -e "datafile='latest.plot'; outfile='latest.png'" plot.gp
# Top: the share of the frames due that each capture tool wrote to its
# file. Bottom: the generator's rate with each tool on the near end.
if (!exists("datafile")) datafile = 'latest.plot'
if (!exists("outfile")) outfile = 'latest.png'

stats datafile using 0 nooutput
nrows = STATS_records

set terminal pngcairo size 1200,900 font ",10" noenhanced
set output outfile
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xrange [-0.5:nrows - 0.5]
set grid ytics
set key outside right top vertical
set xtics rotate by -30 nomirror
set multiplot layout 2,1
# Same plot area in both panels, whatever the keys need.
set lmargin at screen 0.07
set rmargin at screen 0.80

set title "Frames captured, of those due (%)"
set yrange [0:105]
set ylabel "%"
plot datafile using 2:xtic(1) title "xdpdump" lc rgb "#1b9e77", \
     '' using 3 title "peer xdpdump" lc rgb "#d95f02", \
     '' using 4 title "tcpdump" lc rgb "#7570b3"

set title "Sender rate (Mpps, median)"
set yrange [0:*]
set ylabel "Mpps"
plot datafile using 5:xtic(1) title "no capture (XDP_PASS)" lc rgb "#999999", \
     '' using 6 title "xdpdump" lc rgb "#1b9e77", \
     '' using 7 title "peer xdpdump" lc rgb "#d95f02", \
     '' using 8 title "tcpdump" lc rgb "#7570b3"
unset multiplot
