# Scenario experiments (issue 15): compare --contrast / --cov / several --y with effect-size
# intervals, and crosstab, against R (scripts/ref/experiments_cli.R wrote
# tests/cli/expected/experiments-*.json from the CSVs in tests/fixtures/experiments/), and the
# edge cases: a contrast on two levels, an empty level, a covariate constant within a group, a
# singular MANOVA, a crosstab with an empty row. Sourced by tests/cli/run.
X="$FIX/experiments"

jsonmatch "compare --contrast quadratic: lm with contr.poly, Welch rows, eta2/omega2 and d/g intervals, Jonckheere-Terpstra" \
	"$EXPECTED/experiments-quadratic.json" -- compare "$X/wave_between.csv" --y satisfaction --by scenario --contrast quadratic --posthoc tukey
jsonmatch "compare --contrast sequential vs lm with the contrast matrix" \
	"$EXPECTED/experiments-sequential.json" -- compare "$X/toothgrowth.csv" --y len --by dose --contrast sequential
jsonmatch "compare --contrast helmert vs lm with the contrast matrix" \
	"$EXPECTED/experiments-helmert.json" -- compare "$X/toothgrowth.csv" --y len --by dose --contrast helmert
jsonmatch "compare --contrast -2,1,1 vs lm with the contrast matrix" \
	"$EXPECTED/experiments-custom.json" -- compare "$X/toothgrowth.csv" --y len --by dose --contrast -2,1,1
jsonmatch "compare --contrast linear --scores 0.5,1,2 vs contr.poly(scores =)" \
	"$EXPECTED/experiments-scores.json" -- compare "$X/toothgrowth.csv" --y len --by dose --contrast linear --scores 0.5,1,2
jsonmatch "compare --contrast quadratic on two levels: the linear contrast only" \
	"$EXPECTED/experiments-two-levels.json" -- compare "$X/toothgrowth.csv" --y len --by supp --contrast quadratic
check "compare --contrast on two levels says so" \
	"'$SK' compare '$X/toothgrowth.csv' --y len --by supp --contrast quadratic | grep -q \"'supp' has two levels with data: a quadratic trend needs three\""
jsonmatch "compare --cov: type III ANCOVA, slopes test, EMMs and pairs vs car::Anova and emmeans" \
	"$EXPECTED/experiments-ancova.json" -- compare "$X/wave_between.csv" --y satisfaction --by scenario --cov involvement,trust
jsonmatch "compare --y A,B,C: MANOVA vs car::Manova, Box's M, univariate follow-ups" \
	"$EXPECTED/experiments-manova.json" -- compare "$X/iris.csv" --y sepal_length,sepal_width,petal_length --by species
jsonmatch "compare --y A,B,C --cov: MANCOVA vs car::Manova (type II)" \
	"$EXPECTED/experiments-mancova.json" -- compare "$X/wave_between.csv" --y satisfaction,negemo,pwom --by scenario --cov trust
jsonmatch "compare two-way: partial eta2 intervals (effectsize, one-sided)" \
	"$EXPECTED/experiments-twoway-es.json" -- compare "$X/warpbreaks.csv" --y breaks --by wool,tension
jsonmatch "compare --within two conditions: d_z with its noncentral t interval" \
	"$EXPECTED/experiments-paired-es.json" -- compare "$X/wave_within.csv" --within satisfaction_s1,satisfaction_s2
jsonmatch "crosstab: chisq.test, stdres, fisher.test, Cramer's V interval" \
	"$EXPECTED/experiments-crosstab.json" -- crosstab "$X/wave_between.csv" --rows scenario --cols gender
jsonmatch "crosstab 2 x 2: Yates' correction and Fisher's exact test" \
	"$EXPECTED/experiments-crosstab-2x2.json" -- crosstab "$X/crosstab_2x2.csv" --rows a --cols b
jsonmatch "crosstab with an empty row: the row is dropped, the tests are those of the rest" \
	"$EXPECTED/experiments-crosstab-2x2.json" -- crosstab "$X/crosstab_empty_row.csv" --rows a --cols b
check "crosstab with an empty row: noted, and the rows missing b counted" \
	"'$SK' crosstab '$X/crosstab_empty_row.csv' --rows a --cols b > e.txt &&
	 grep -q \"row '3' of 'a' has no case with 'b' and is left out\" e.txt && grep -q '2 of 41 rows left out: b missing (2)' e.txt"
check "crosstab --fisher mc: the same p for the same seed, the seed reported" \
	"'$SK' crosstab '$X/wave_between.csv' --rows scenario --cols gender --fisher mc --seed 7 --sims 500 --format json > a.json &&
	 '$SK' crosstab '$X/wave_between.csv' --rows scenario --cols gender --fisher mc --seed 7 --sims 500 --format json > b.json &&
	 cmp a.json b.json && grep -q '\"method\": \"monte-carlo\"' a.json && grep -q '\"seed\": 7' a.json"

# edge cases and usage
printf 'y,g,x\n1,1,5\n2,1,5\n3,1,5\n2,2,1\n3,2,2\n5,2,3\n4,3,2\n6,3,4\n7,3,3\n' > "$TMP/cov_const.csv"
check "compare --cov: a covariate constant within a group weakens the slopes test, with a note" \
	"'$SK' compare '$TMP/cov_const.csv' --y y --by g --cov x | grep -q \"covariate 'x' does not vary (or is collinear) within group '1'\""
printf 'y,g,x\n1,1,5\n2,1,5\n3,2,6\n2,2,6\n5,3,7\n4,3,7\n' > "$TMP/cov_fn.csv"
expect "compare --cov: a covariate that is a function of the group" 1 "covariate 'x' does not vary within any group of 'g'" -- \
	compare "$TMP/cov_fn.csv" --y y --by g --cov x
printf 'g,a,b,c,d\n1,1,2,3,4\n1,2,2,4,1\n2,3,1,1,2\n2,5,3,2,2\n' > "$TMP/manova_small.csv"
expect "compare --y A,B,...: a singular MANOVA (more outcomes than error df)" 1 "cannot fit the MANOVA: 4 cases leave 2 error degrees of freedom for 4 outcomes" -- \
	compare "$TMP/manova_small.csv" --y a,b,c,d --by g
check "compare --y A,B,...: a group smaller than the outcomes leaves Box's M out, with a note" \
	"'$SK' compare '$X/iris_small.csv' --y sepal_length,sepal_width,petal_length,petal_width --by species | grep -q \"Box's M not computed: the covariance matrix of group '1'\""
printf 'y,g\n1,1\n2,1\n3,2\n4,2\n5,3\n6,3\n' > "$TMP/three.csv"
printf 'y,g\n1,1\n2,1\n,2\n,2\n5,3\n6,3\n' > "$TMP/empty_level.csv"
expect "compare --contrast: a weighted level without a case" 1 "cannot test the contrast: level '2' of 'g' has a weight but no case" -- \
	compare "$TMP/empty_level.csv" --y y --by g --contrast 1,-1,0
expect "compare --contrast: weights that do not sum to 0" 2 "weights must sum to 0" -- compare "$TMP/three.csv" --y y --by g --contrast 1,1,1
expect "compare --contrast: too few weights" 2 "--contrast gives 2 values but 'g' has 3 levels" -- compare "$TMP/three.csv" --y y --by g --contrast 1,-1
expect "compare --contrast: unknown kind" 2 "--contrast must be linear, quadratic" -- compare "$TMP/three.csv" --y y --by g --contrast cubic
expect "compare --contrast with two factors" 2 "--contrast applies to a one-way" -- compare "$TMP/three.csv" --y y --by g,y --contrast linear
expect "compare --scores without a polynomial contrast" 2 "--scores goes with --contrast linear or quadratic" -- compare "$TMP/three.csv" --y y --by g --scores 1,2,3
expect "compare --cov with --within" 2 "--cov takes one grouping variable" -- compare "$TMP/three.csv" --within y,g --cov y
expect "compare: --y and --cov name a variable twice" 2 "--y and --cov name 'y' twice" -- compare "$TMP/three.csv" --y y --by g --cov y
expect "compare --posthoc games-howell with --cov" 2 "--posthoc with --cov compares adjusted means" -- compare "$TMP/three.csv" --y y --by g --cov y2 --posthoc games-howell
expect "crosstab needs --rows and --cols" 2 "crosstab needs --rows VAR --cols VAR" -- crosstab "$TMP/three.csv" --rows g
expect "crosstab: --fisher checked" 2 "--fisher must be auto, exact, mc or off" -- crosstab "$TMP/three.csv" --rows g --cols y --fisher maybe
expect "crosstab: --seed with --fisher exact" 2 "--seed and --sims go with --fisher mc or auto" -- crosstab "$TMP/three.csv" --rows g --cols y --fisher exact --seed 3
expect "crosstab: the same variable twice" 2 "--rows and --cols name the same variable" -- crosstab "$TMP/three.csv" --rows g --cols g

# the recovery questions on a simulated wave (tests/fixtures/experiments/recovery.csv: simulate
# --design recovery --n 400 --seed 11, its codebook naming the control level and the zone items)
RC="$X/recovery.csv"
RCB="$X/recovery.codebook.csv"
jsonmatch "compare: the recovery paradox from the codebook's control vs t.test, p.adjust(holm), TOST" \
	"$EXPECTED/experiments-paradox.json" -- compare "$RC" --codebook "$RCB" --y satisfaction --by scenario
jsonmatch "compare --control --margin: the same by option, another margin" \
	"$EXPECTED/experiments-paradox-margin.json" -- compare "$RC" --codebook "$RCB" --y satisfaction --by scenario --control 0 --margin 0.25
jsonmatch "compare --zone: shares, MSA/MSS and the levels x classes test vs R" \
	"$EXPECTED/experiments-zone.json" -- compare "$RC" --codebook "$RCB" --zone recovery --by scenario
jsonmatch "compare --zone with the items named instead of the codebook's roles" \
	"$EXPECTED/experiments-zone.json" -- compare "$RC" --zone recovery --by scenario --adequate adq_1,adq_2 --desired des_1,des_2 --perceived per_1,per_2
check "simulate --design recovery: the codebook marks the control level and the check and zone roles" \
	"'$SK' simulate --design recovery --n 50 -o r.csv &&
	 grep -q '\"scenario\",\"group\",,\"no\",\"0\",\"3\",,\"0=No failure;1=Fix only;2=Fix + apology;3=Full recovery\",\"Recovery scenario\",\"0\"' r.codebook.csv &&
	 grep -q '\"adq_1\",\"adequate\",\"recovery\"' r.codebook.csv && grep -q '\"chk_1\",\"check\"' r.codebook.csv"
check "simulate: a planted paradox is found (full recovery above the no-failure control)" \
	"'$SK' simulate --design recovery --n 4000 --seed 5 --paradox 0.5 -o p.csv &&
	 '$SK' compare p.csv --codebook p.codebook.csv --y satisfaction --by scenario --format json > p.json &&
	 [ \"\$('$JSONGET' p.json /paradox/levels/2/verdict)\" = paradox ]"
for seed in 5 6 7; do
	check "simulate: no planted paradox is not declared one (seed $seed)" \
		"'$SK' simulate --design recovery --n 4000 --seed $seed --paradox 0 -o n.csv &&
		 '$SK' compare n.csv --codebook n.codebook.csv --y satisfaction --by scenario --format json > n.json &&
		 [ \"\$('$JSONGET' n.json /paradox/levels/2/verdict)\" != paradox ]"
done
# planted zone shares (models/simulation.c) per scenario 0..3: below, within, above; recovered within
# 4 standard errors plus the 2% of inverted zones
check "simulate: the zone shares are recovered within sampling error" \
	"'$SK' simulate --design recovery --n 8000 --seed 9 -o z.csv &&
	 '$SK' compare z.csv --codebook z.codebook.csv --zone recovery --by scenario --format json > z.json &&
	 planted='0.10 0.55 0.35 0.50 0.42 0.08 0.30 0.55 0.15 0.15 0.55 0.30' && i=0 &&
	 for g in 0 1 2 3; do n=\$('$JSONGET' z.json /groups/\$g/n);
	   for c in below within above; do i=\$((i + 1)); want=\$(echo \$planted | cut -d' ' -f\$i);
	     got=\$('$JSONGET' z.json /groups/\$g/\${c}_share);
	     awk -v g=\$got -v w=\$want -v n=\$n 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 4 * sqrt(w * (1 - w) / n) + 0.02) }' || exit 1;
	   done; done"
expect "compare --zone: a dimension the codebook does not have" 3 "--zone service: no column has role adequate for that dimension" -- \
	compare "$RC" --codebook "$RCB" --zone service --by scenario
expect "compare --zone with --y" 2 "--zone DIMENSION takes --by VAR" -- compare "$RC" --zone recovery --by scenario --y satisfaction
expect "compare --adequate without the other two" 2 "--adequate, --desired and --perceived go together" -- \
	compare "$RC" --zone recovery --by scenario --adequate adq_1
expect "compare --control: a level that does not exist" 3 "--control: 'scenario' has no level 'None'" -- \
	compare "$RC" --codebook "$RCB" --y satisfaction --by scenario --control None
expect "compare --margin must be positive" 2 "--margin must be a positive number" -- compare "$RC" --y satisfaction --by scenario --control 0 --margin 0
expect "compare --control with two factors" 2 "--control and --margin apply to a one-way design" -- compare "$RC" --y satisfaction --by scenario,gender --control 0
expect "simulate --paradox outside the recovery design" 2 "--paradox goes with --design recovery" -- simulate --paradox 0.3
jsonmatch "compare --within: the multivariate test of the conditions vs car::Anova(idata, idesign)" \
	"$EXPECTED/experiments-within-mv.json" -- compare "$X/wave_within.csv" --within satisfaction_s1,satisfaction_s2,satisfaction_s3
jsonmatch "compare --within --between: multivariate tests of the conditions and the interaction" \
	"$EXPECTED/experiments-mixed-mv.json" -- compare "$X/wave_within.csv" --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --between gender
