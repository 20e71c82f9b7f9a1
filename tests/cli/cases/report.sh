# report and waves: the files they write, the charts, results.json against the single commands,
# --out/--force, failures that leave nothing behind, and the planted wave shift. Sourced by
# tests/cli/run.

W="$PWD/data/wave-between.csv"
WCB="$PWD/data/wave-between.codebook.csv"

# png_size FILE: "WIDTHxHEIGHT" from the PNG header (IHDR width and height, bytes 16-23)
png_size() {
	# shellcheck disable=SC2046
	set -- $(od -An -tu1 -j16 -N8 "$1")
	echo "$(( ($1 << 24) | ($2 << 16) | ($3 << 8) | $4 ))x$(( ($5 << 24) | ($6 << 16) | ($7 << 8) | $8 ))"
}

run report "$W" --codebook "$WCB" --out rep
if [ "$rc" -ne 0 ]; then bad "report: bundled wave (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
check "report: writes report.txt, report.md, results.json and charts/" \
	"[ -s rep/report.txt ] && [ -s rep/report.md ] && [ -s rep/results.json ] && [ -d rep/charts ] && ! ls -d rep.tmp-* 2>/dev/null"
check "report: every chart has its script and its data" \
	"n=0; for f in rep/charts/*.gp; do n=\$((n + 1)); [ -s \"\${f%.gp}.dat\" ] || exit 1; done; [ \$n -ge 27 ]"
if command -v gnuplot >/dev/null 2>&1; then
	# a PNG only for Word (pandoc) or --figures png|all; the documents use the SVG
	if command -v pandoc >/dev/null 2>&1; then png=1; else png=0; fi
	check "report: every chart is drawn as an SVG, and as a PNG 1950 pixels wide (6.5 in at 300 dpi; 4 in high, or as its rows need) for Word" \
		"for f in rep/charts/*.gp; do p=\"\${f%.gp}.png\"; [ -s \"\${f%.gp}.svg\" ] &&
		 if [ $png = 0 ]; then [ ! -e \"\$p\" ]; else [ -s \"\$p\" ] &&
		 case \"\$(png_size \"\$p\")\" in 1950x1200) ;; 1950x*) case \"\$f\" in */items-*|*/correlations.gp|*/htmt.gp|*/loadings.gp) ;; *) false;; esac;; *) false;; esac; fi ||
		 { echo \"\$p: \$(png_size \"\$p\")\"; exit 1; }; done"
	check "report: Markdown embeds the SVGs by relative path" \
		"grep -q '^!\[.*\](charts/segments.svg)$' rep/report.md && grep -q '(charts/correlations.svg)' rep/report.md"
fi
check "report: finds the study's variables" \
	"[ \"\$('$JSONGET' rep/results.json /study/group)\" = scenario ] &&
	 [ \"\$('$JSONGET' rep/results.json /study/traits | tr '\n' ,)\" = involvement,trust, ] &&
	 [ \"\$('$JSONGET' rep/results.json /study/outcomes | tr '\n' ,)\" = satisfaction,negemo,pwom, ]"
check "report: findings state the effects in words" \
	"grep -q 'Reliability: all 5 scales are reliable' rep/report.txt && grep -q 'Segments: satisfaction differs between the 9 segments' rep/report.txt"
check "report: every part of the study plan is there" \
	"for id in describe reliability correlations compare-satisfaction regress-pwom moderate-negemo-by-trust segments; do
	   grep -q \"\\\"id\\\": \\\"\$id\\\"\" rep/results.json || { echo \"no section \$id\"; exit 1; }; done"
check "report: the moderation charts are drawn from the moderate sections" \
	"[ -s rep/charts/jn-satisfaction-by-involvement.gp ] && [ -s rep/charts/slopes-pwom-by-trust.gp ] && [ -s rep/charts/means-negemo.gp ]"

# results.json holds exactly what each single command prints (both ways, no tolerance)
# same_sections DIR DATA CODEBOOK: every section of DIR/results.json against its command
same_sections() {
	local dir=$1 data=$2 cb=$3 n i id
	n=$("$JSONGET" "$TMP/$dir/results.json" /sections 2>/dev/null || echo 0)
	check "report: $dir has sections" "[ $n -ge 4 ]"
	i=0
	while [ "$i" -lt "$n" ]; do
		id=$("$JSONGET" "$TMP/$dir/results.json" "/sections/$i/id")
		mapfile -t args < <("$JSONGET" "$TMP/$dir/results.json" "/sections/$i/args")
		run "${args[@]}" "$data" --codebook "$cb" --format json
		cp "$TMP/out" "$TMP/one.json"
		check "report: $dir section '$id' equals 'surveykit ${args[*]}'" \
			"[ $rc -eq 0 ] && '$JSONCMP' one.json $dir/results.json --at /sections/$i/result --rel 0 --abs 0 &&
			 '$JSONCMP' $dir/results.json one.json --from /sections/$i/result --rel 0 --abs 0"
		i=$((i + 1))
	done
}
same_sections rep "$W" "$WCB"
n_sections=$("$JSONGET" "$TMP/rep/results.json" /sections 2>/dev/null || echo 0)

# --out is refused when it exists; --force replaces it only when the new report is complete
expect "report: an existing --out is refused" 2 "'rep' already exists; give --force to replace it" -- \
	report "$W" --codebook "$WCB" --out rep
check "report: --force replaces the directory" \
	"touch rep/old-marker && '$SK' report '$W' --codebook '$WCB' --out rep --force --quiet &&
	 [ ! -e rep/old-marker ] && [ -s rep/results.json ] && ! ls -d rep.old-* rep.tmp-* 2>/dev/null"
expect "report: --out is required" 2 "report needs --out DIR" -- report "$W" --codebook "$WCB"
expect "report: an unknown --scenario" 3 "--scenario: no column named 'cell'" -- report "$W" --codebook "$WCB" --out x --scenario cell
check "report: a failed run leaves no report" "[ ! -e x ] && ! ls -d x.tmp-* 2>/dev/null"

# without gnuplot the scripts stay and the report says how to draw them
check "report: without gnuplot the scripts stay and the report says how to render them" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$W' --codebook '$WCB' --out nog --quiet &&
	 [ -s nog/charts/segments.gp ] && [ -s nog/charts/segments.dat ] && ! ls nog/charts/*.png 2>/dev/null &&
	 grep -q 'gnuplot is not installed' nog/report.md && grep -q 'gnuplot NAME.gp' nog/report.md &&
	 [ \"\$('$JSONGET' nog/results.json /charts_rendered)\" = false ]"
# a gnuplot that fails (or a chart that cannot be drawn) ends the run with exit 4 and no half report
printf '#!/bin/sh\necho "charts.gp line 1: cannot draw" >&2\nexit 1\n' > "$TMP/bad-gnuplot"
chmod +x "$TMP/bad-gnuplot"
check "report: a failing gnuplot is exit 4 and leaves no half report" \
	"SURVEYKIT_GNUPLOT='$TMP/bad-gnuplot' '$SK' report '$W' --codebook '$WCB' --out half 2> e.txt; [ \$? -eq 4 ] &&
	 grep -q 'gnuplot failed drawing the charts' e.txt && [ ! -e half ] && ! ls -d half.tmp-* 2>/dev/null"
# a run stopped from outside (here while gnuplot draws) never leaves DIR: it appears only by the
# final rename of the complete report
printf '#!/bin/sh\nsleep 2\n' > "$TMP/slow-gnuplot"
chmod +x "$TMP/slow-gnuplot"
check "report: a run killed while drawing leaves nothing, not even its temporary directory" \
	"SURVEYKIT_GNUPLOT='$TMP/slow-gnuplot' '$SK' report '$W' --codebook '$WCB' --out killed --quiet & pid=\$!;
	 sleep 1; kill -TERM \$pid; wait \$pid; rc=\$?; [ \$rc -eq 143 ] && [ ! -e killed ] && ! ls -d killed.tmp-* 2>/dev/null"
check "report: an interrupt (SIGINT) cleans up the same way" \
	"SURVEYKIT_GNUPLOT='$TMP/slow-gnuplot' '$SK' report '$W' --codebook '$WCB' --out stopped --quiet & pid=\$!;
	 sleep 1; kill -INT \$pid; wait \$pid; rc=\$?; [ \$rc -eq 130 ] && [ ! -e stopped ] && ! ls -d stopped.tmp-* 2>/dev/null"
check "report: an --out that cannot be created is exit 4" \
	"touch afile && '$SK' report '$W' --codebook '$WCB' --out afile/rep 2> e.txt; [ \$? -eq 4 ] && grep -q \"cannot create 'afile/rep'\" e.txt"

# other shapes of data: no codebook (inferred scales), no scenario column (within design)
check "report: without a codebook the inferred scales are used" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$W' --out inf --quiet &&
	 [ \"\$('$JSONGET' inf/results.json /study/traits | tr '\n' ,)\" = inv,tru, ] &&
	 [ \"\$('$JSONGET' inf/results.json /study/group)\" = scenario ]"
check "report: a within-subjects wave is compared across its repeated measures" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$OLDPWD/data/wave-within.csv' --codebook '$OLDPWD/data/wave-within.codebook.csv' --out within --quiet &&
	 grep -q 'no between-subjects condition found' within/report.txt &&
	 grep -q 'the means of satisfaction differ across the scenarios' within/report.txt &&
	 [ -s within/charts/means-satisfaction.gp ] && [ -s within/charts/segments-3.gp ]"
same_sections within "$PWD/data/wave-within.csv" "$PWD/data/wave-within.codebook.csv"

# waves: three simulated waves, the second with satisfaction shifted by 0.5: that shift is flagged
# (wave 1 vs 2 and 2 vs 3) and nothing else; the numbers agree with R (scripts/ref/waves.R)
"$SK" simulate --seed 101 --n 300 -o "$TMP/w1.csv" && "$SK" simulate --seed 102 --n 300 --shift 0.5 -o "$TMP/w2.csv" &&
	"$SK" simulate --seed 103 --n 300 -o "$TMP/w3.csv"
run waves w1.csv w2.csv w3.csv --codebook w1.codebook.csv --out waves
if [ "$rc" -ne 0 ]; then bad "waves: three simulated waves (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
check "waves: the numbers agree with R" "'$JSONCMP' '$EXPECTED/waves-3.json' waves/results.json"
check "waves: the planted satisfaction shift is flagged and nothing else" \
	"[ \"\$('$JSONGET' waves/results.json /changes_flagged)\" = 2 ] &&
	 sed -n '/^What changed/,/^Comparison/p' waves/waves.txt | grep '^  - ' > flagged.txt &&
	 [ \$(wc -l < flagged.txt) -eq 2 ] &&
	 grep -q '^  - satisfaction mean changed from wave-1 to wave-2' flagged.txt &&
	 grep -q '^  - satisfaction mean changed from wave-2 to wave-3' flagged.txt"
check "waves: a report per wave and the comparison files" \
	"for w in wave-1 wave-2 wave-3; do [ -s waves/\$w/report.md ] && [ -s waves/\$w/results.json ] || exit 1; done &&
	 [ -s waves/waves.md ] && [ -s waves/waves.txt ] && [ -s waves/charts/waves-satisfaction.gp ]"
check "waves: a trend chart spans its scale's range from the codebook (1 to 7), unbroken" \
	"grep -qx 'set yrange \[1:7\]' waves/charts/waves-satisfaction.gp && ! grep -q '^set arrow' waves/charts/waves-satisfaction.gp"
check "waves: without a codebook's range the trend chart's zoomed axis is marked broken" \
	"SURVEYKIT_GNUPLOT=none '$SK' waves w1.csv w2.csv --out waves-nocb --quiet &&
	 grep -q '^set object 1 rect .* fc rgb \"white\"' waves-nocb/charts/waves-sat.gp &&
	 [ \$(grep -c '^set arrow [12] from graph -0.015' waves-nocb/charts/waves-sat.gp) -eq 2 ]"
check "waves: the interaction terms compared across waves are named by their value labels" \
	"grep -q '^  moderate-satisfaction-by-trust  *scenario=Fix + apology:trust  *wave-1 ' waves/waves.txt &&
	 ! grep -q 'scenario=2' waves/waves.txt"
expect "waves: one file is not enough" 2 "waves needs at least two data files" -- waves w1.csv --out ww
expect "waves: labels must match the files" 2 "--labels names 1 waves, but 2 data files were given" -- \
	waves w1.csv w2.csv --labels a --out ww
expect "waves: an existing --out is refused" 2 "'waves' already exists" -- waves w1.csv w2.csv --codebook w1.codebook.csv --out waves

# the Johnson-Neyman band drawn in the report is moderate's own conditional effect: at a value of W
# inside the band, moderate --probe W gives the same effect and CI
j=0
while [ "$j" -lt "$n_sections" ] && [ "$("$JSONGET" "$TMP/rep/results.json" "/sections/$j/id")" != moderate-satisfaction-by-involvement ]; do
	j=$((j + 1))
done
band=/sections/$j/chart_data/jn_band
check "report: the JN band equals moderate --probe at a point of the band" \
	"w=\$('$JSONGET' rep/results.json $band/w/10) &&
	 '$SK' moderate '$W' --codebook '$WCB' --y satisfaction --x scenario --w involvement --probe \$w --format json > probe.json &&
	 '$JSONGET' probe.json /conditional_effects/1/llci > a.txt &&
	 '$JSONGET' rep/results.json $band/series/1/llci | sed -n 11p > b.txt &&
	 awk 'NR == FNR { a = \$1; next } { d = a - \$1; if (d < 0) d = -d; exit !(d < 1e-12) }' a.txt b.txt"
