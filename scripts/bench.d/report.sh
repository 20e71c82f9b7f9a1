# report and waves (issue 6): sourced by scripts/bench with SK, WAVE, WAVE_CB, WORK, best, report.
# Times the whole study report of the 1,000,000-row wave with its charts (gnuplot when installed),
# the same without drawing, and the report of the bundled 600-row wave. Elapsed times depend on
# what else the machine runs (on two cores shared with other jobs they approach the CPU time), so
# each is followed by its CPU seconds: user + system of surveykit and the gnuplot processes it
# waits for, the best of the runs.

# report_cpu RUNS CMD...: the smallest user + system seconds of RUNS runs, in CPU_TAKEN.
report_cpu() {
	local runs=$1 b=999999; shift
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S' -o "$WORK/cpu.txt" "$@" >/dev/null 2>&1 || { CPU_TAKEN=nan; return 1; }
		b=$(awk -v b="$b" '{ t = $1 + $2; print (t < b ? t : b) }' "$WORK/cpu.txt")
	done
	CPU_TAKEN=$b
}
report_cpu_line() { printf '%-58s %7.3f s CPU\n' "  $1" "$CPU_TAKEN"; }

rm -rf "$WORK/report-1m"
# r1m|r600 [ENV=VALUE]: the shell command that writes the report afresh
r1m() { echo "rm -rf '$WORK/report-1m' && ${1:-} '$SK' report '$WAVE' --codebook '$WAVE_CB' --out '$WORK/report-1m' --quiet"; }
r600() { echo "rm -rf '$WORK/report-600' && ${1:-} '$SK' report data/wave-between.csv --codebook data/wave-between.codebook.csv --out '$WORK/report-600' --quiet"; }
best report-1m 3 sh -c "$(r1m)"
report "report, 1,000,000 rows, with charts" "(target < 3 s)"
report_cpu 3 sh -c "$(r1m)"
report_cpu_line "same, CPU (surveykit + gnuplot)"
best report-1m-nodraw 3 sh -c "$(r1m SURVEYKIT_GNUPLOT=none)"
report "report, 1,000,000 rows, charts written but not drawn"
report_cpu 3 sh -c "$(r1m SURVEYKIT_GNUPLOT=none)"
report_cpu_line "same, CPU"
echo "  charts: $(ls "$WORK"/report-1m/charts/*.gp | wc -l) scripts, data $(du -ch "$WORK"/report-1m/charts/*.dat | tail -n 1 | cut -f1) in all"
best report-600 5 sh -c "$(r600)"
report "report, bundled 600-row wave, with charts" "(target well under 1 s)"
report_cpu 5 sh -c "$(r600)"
report_cpu_line "same, CPU (surveykit + gnuplot)"
report_cpu 5 sh -c "$(r600 SURVEYKIT_GNUPLOT=none)"
report_cpu_line "same without drawing, CPU"
for s in 1 2 3; do
	[ -s "$WORK/wave-600-$s.csv" ] || "$SK" simulate --seed "$((200 + s))" --n 600 -o "$WORK/wave-600-$s.csv"
done
best waves-3x600 3 sh -c "rm -rf '$WORK/waves' && '$SK' waves '$WORK/wave-600-1.csv' '$WORK/wave-600-2.csv' '$WORK/wave-600-3.csv' --codebook '$WORK/wave-600-1.codebook.csv' --out '$WORK/waves' --quiet"
report "waves, three 600-row waves (three reports + comparison)"
