# report on studies of other shapes than the bundled wave: any number of traits and outcomes, and
# the labels and findings that depend on the options. Sourced by tests/cli/run.

W="$PWD/data/wave-between.csv"
WCB="$PWD/data/wave-between.codebook.csv"

# seven scales a..g of three items, a scenario of three levels that shifts f and g
awk 'BEGIN { srand(21); printf "id,scenario"; for (s = 0; s < 7; s++) for (i = 1; i <= 3; i++) printf ",%s_%d", substr("abcdefg", s + 1, 1), i; print "";
	for (r = 1; r <= 240; r++) { g = r % 3 + 1; printf "%d,%d", r, g; l0 = rand() * 2;
		for (s = 0; s < 7; s++) { l = 2 + l0 + rand() * 3 + (s >= 5 ? g - 2 : 0);
			for (i = 1; i <= 3; i++) { v = int(l + rand() * 2); printf ",%d", (v < 1 ? 1 : (v > 7 ? 7 : v)) } } print "" } }' > "$TMP/seven.csv"

# 1, 2, 3 and 5 traits: every trait is in the correlations, regressions and segments
for traits in a a,b a,b,c a,b,c,d,e; do
	check "report: --traits $traits (outcomes f, g)" \
		"SURVEYKIT_GNUPLOT=none '$SK' report seven.csv --traits $traits --outcomes f,g --out 'tr-$traits' --quiet &&
		 grep -q \"Regressions: f on $(echo "$traits" | sed 's/,/ and /g') per scenario\" 'tr-$traits/report.txt' &&
		 grep -q '^  - Segments: g ' 'tr-$traits/report.txt' && grep -q '^  - Correlations: a with b' 'tr-$traits/report.txt'"
done
check "report: five traits are segmented by median splits (2^5 segments), three by tertiles" \
	"grep -q 'segment seven.csv --on a,b,c,d,e --method median' 'tr-a,b,c,d,e/report.txt' &&
	 grep -q 'Segments: g differs between the 32 segments' 'tr-a,b,c,d,e/report.txt' &&
	 grep -q 'segment seven.csv --on a,b,c --method tertile' 'tr-a,b,c/report.txt'"
check "report: seven traits and no outcome: a report with notes" \
	"SURVEYKIT_GNUPLOT=none '$SK' report seven.csv --traits a,b,c,d,e,f,g --out tr7 --quiet &&
	 grep -q 'segments: no outcome scales found' tr7/report.txt"
# a codebook with a third trust-like scale: three traits found by name
sed 's/"negemo"/"trustworthiness"/' "$WCB" > "$TMP/three-traits.codebook.csv"
check "report: a codebook with a third trust-like scale" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$W' --codebook three-traits.codebook.csv --out tr3 --quiet &&
	 [ \"\$('$JSONGET' tr3/results.json /study/traits | tr '\n' ,)\" = involvement,trust,trustworthiness, ] &&
	 grep -q '^  - Correlations: involvement with trust ' tr3/report.txt"

# --ci 90: every chart that shows a CI says 90% (the Johnson-Neyman bands and axis, the means by
# scenario, the segment profiles, the waves' means), none says 95%
check "report --ci 90: every CI label in the charts says 90%" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$W' --codebook '$WCB' --ci 90 --out ci90 --quiet &&
	 ! grep -l '95%' ci90/charts/*.gp ci90/report.txt ci90/report.md &&
	 for f in ci90/charts/jn-satisfaction-by-trust.gp ci90/charts/means-pwom.gp ci90/charts/segments.gp; do
	   grep -q \"^text_[0-9]* = '90% CI'\$\" \$f || grep -q \"^text_[0-9]* = '.*: 90% CI'\$\" \$f || { echo \"\$f\"; exit 1; }; done &&
	 grep -q \"= 'Conditional effect on satisfaction (90% CI)'\" ci90/charts/jn-satisfaction-by-trust.gp"
"$SK" simulate --seed 7 --n 200 -o "$TMP/ci-w1.csv" && "$SK" simulate --seed 8 --n 200 -o "$TMP/ci-w2.csv"
check "waves --ci 90: the means by wave say 90%" \
	"SURVEYKIT_GNUPLOT=none '$SK' waves ci-w1.csv ci-w2.csv --codebook ci-w1.codebook.csv --ci 90 --out ciw --quiet &&
	 ! grep -l '95%' ciw/charts/*.gp ciw/*/charts/*.gp && grep -q \"= '90% CI'\" ciw/charts/waves-satisfaction.gp"
