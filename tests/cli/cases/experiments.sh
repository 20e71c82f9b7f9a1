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
