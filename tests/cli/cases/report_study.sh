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

# the Johnson-Neyman chart of a three-level scenario: the omnibus region (F test of both contrasts)
# shaded and named so, each contrast's own region (its CI excludes 0) drawn and named against the
# reference level; the findings say omnibus
check "report: the multicategorical JN chart names the omnibus region and each contrast's own" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$W' --codebook '$WCB' --out jnm --quiet && f=jnm/charts/jn-satisfaction-by-involvement.gp &&
	 grep -q \"= 'Omnibus F test significant (p < 0.05)'\$\" \$f && grep -q \"= 'Omnibus Johnson-Neyman point'\$\" \$f &&
	 grep -q \"= 'Fix + apology vs Fix only: CI excludes 0'\$\" \$f && grep -q \"= 'Full recovery vs Fix only: 95% CI'\$\" \$f &&
	 ! grep -q 'first level' jnm/charts/*.gp &&
	 grep -q 'omnibus Johnson-Neyman point (the F test of all scenario contrasts together) at involvement = 2.65' jnm/report.txt"
j=0
while [ "$j" -lt 30 ] && [ "$("$JSONGET" "$TMP/jnm/results.json" "/sections/$j/id" 2>/dev/null)" != moderate-satisfaction-by-involvement ]; do
	j=$((j + 1))
done
band=/sections/$j/chart_data/jn_band
# in_regions S: every point of the band of contrast S has a CI that excludes 0 exactly when it lies
# in one of the contrast's regions (points within 1e-9 of a boundary are not judged)
in_regions() {
	"$JSONGET" jnm/results.json "$band/w" > w.txt && "$JSONGET" jnm/results.json "$band/series/$1/llci" > l.txt &&
	"$JSONGET" jnm/results.json "$band/series/$1/ulci" > u.txt && : > r.txt &&
	n=$("$JSONGET" jnm/results.json "$band/series/$1/regions") && [ "$n" -ge 1 ] &&
	for r in $(seq 0 $((n - 1))); do "$JSONGET" jnm/results.json "$band/series/$1/regions/$r" | tr '\n' ' ' >> r.txt; echo >> r.txt; done &&
	paste w.txt l.txt u.txt | awk 'NR == FNR { from[NR] = $1; to[NR] = $2; nr = NR; next }
		{ inside = 0; edge = 0
		  for (i = 1; i <= nr; i++) { if ($1 > from[i] && $1 < to[i]) inside = 1;
			if ((($1 - from[i])^2 < 1e-18) || (($1 - to[i])^2 < 1e-18)) edge = 1 }
		  excl = $2 > 0 || $3 < 0
		  if (!edge && inside != excl) { print "w = " $1 ": in a region " inside ", CI excludes 0 " excl; bad = 1 } }
		END { exit bad }' r.txt -
}
check "report: each contrast's region is where its CI excludes 0" "in_regions 0 && in_regions 1"
check "report: the Full recovery contrast is significant below the omnibus point (drawn, not hidden)" \
	"awk -v a=\"\$('$JSONGET' jnm/results.json $band/series/1/regions/0 | head -1)\" \
	     -v b=\"\$('$JSONGET' jnm/results.json $band/omnibus_regions/0 | head -1)\" 'BEGIN { exit !(a + 0 < b + 0) }'"

# a scale whose items cancel out (a_2 = 8 - a_1, not reversed): alpha is -inf, which no output prints
printf 'id,scenario,a_1,a_2,b_1,b_2\n1,1,1,7,1,2\n2,2,2,6,2,2\n3,3,3,5,3,4\n4,1,4,4,5,5\n5,2,5,3,6,5\n6,3,6,2,6,7\n7,1,2,6,2,3\n8,2,3,5,4,4\n9,3,7,1,7,6\n' > "$TMP/cancel.csv"
check "reliability: an alpha of -inf is said not computable, not printed" \
	"'$SK' reliability cancel.csv > rel.txt && grep -q \"scale 'a': alpha could not be computed: the sum of the items does not vary\" rel.txt &&
	 ! grep -Eiw 'nan|-?inf' rel.txt"
check "report: findings say an alpha could not be computed and print no nan or inf" \
	"SURVEYKIT_GNUPLOT=none '$SK' report cancel.csv --traits b --outcomes a --out cancel --quiet &&
	 grep -q \"Reliability: b is reliable, Cronbach's alpha 0.95. Cronbach's alpha could not be computed for a.\" cancel/report.txt &&
	 ! grep -Eiw 'nan|-?inf' cancel/report.txt cancel/report.md"
# a text scenario column (no codebook): the contrasts are named by their texts too
awk -F, 'BEGIN { OFS = "," } NR > 1 { $2 = ($2 == 1 ? "Fix only" : $2 == 2 ? "Fix + apology" : "Full recovery") } { print }' \
	"$TMP/seven.csv" > "$TMP/seven-text.csv"
check "report: the JN chart of a text scenario names its contrasts by level" \
	"SURVEYKIT_GNUPLOT=none '$SK' report seven-text.csv --traits a --outcomes f --out jnt --quiet &&
	 grep -q \"= 'Full recovery vs Fix + apology: 95% CI'\$\" jnt/charts/jn-f-by-a.gp && ! grep -q 'scenario=' jnt/charts/jn-f-by-a.gp"
