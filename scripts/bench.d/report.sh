# report and waves (issue 6): sourced by scripts/bench with SK, WAVE, WAVE_CB, WORK, best, report.
# Times the whole study report of the 1,000,000-row wave with its charts (gnuplot when installed),
# the same without drawing, and the report of the bundled 600-row wave.
rm -rf "$WORK/report-1m"
best report-1m 3 sh -c "rm -rf '$WORK/report-1m' && '$SK' report '$WAVE' --codebook '$WAVE_CB' --out '$WORK/report-1m' --quiet"
report "report, 1,000,000 rows, with charts" "(target < 3 s)"
best report-1m-nodraw 3 sh -c "rm -rf '$WORK/report-1m' && SURVEYKIT_GNUPLOT=none '$SK' report '$WAVE' --codebook '$WAVE_CB' --out '$WORK/report-1m' --quiet"
report "report, 1,000,000 rows, charts written but not drawn"
echo "  charts: $(ls "$WORK"/report-1m/charts/*.gp | wc -l) scripts, data $(du -ch "$WORK"/report-1m/charts/*.dat | tail -n 1 | cut -f1) in all"
best report-600 5 sh -c "rm -rf '$WORK/report-600' && '$SK' report data/wave-between.csv --codebook data/wave-between.codebook.csv --out '$WORK/report-600' --quiet"
report "report, bundled 600-row wave, with charts" "(target well under 1 s)"
for s in 1 2 3; do
	[ -s "$WORK/wave-600-$s.csv" ] || "$SK" simulate --seed "$((200 + s))" --n 600 -o "$WORK/wave-600-$s.csv"
done
best waves-3x600 3 sh -c "rm -rf '$WORK/waves' && '$SK' waves '$WORK/wave-600-1.csv' '$WORK/wave-600-2.csv' '$WORK/wave-600-3.csv' --codebook '$WORK/wave-600-1.codebook.csv' --out '$WORK/waves' --quiet"
report "waves, three 600-row waves (three reports + comparison)"
