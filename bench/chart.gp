# bench/run's chart: requests/s, one group of bars per page, one bar per way of serving it.
# usage: gnuplot -e "data='FILE.tsv'; out='FILE.png'; title='...'" bench/chart.gp
# FILE.tsv: a header line (page, then the ways), then one line per page; NaN where not measured.
set terminal pngcairo size 1200,650 font ",11" noenhanced
set output out
set title title
set datafile separator "\t"
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set ylabel "requests/s (log scale: equal ratios, equal distances)"
set logscale y
set yrange [1:*]
set grid ytics
set key outside bottom center horizontal
plot for [i=2:6] data using i:xtic(1) title columnheader(i)
