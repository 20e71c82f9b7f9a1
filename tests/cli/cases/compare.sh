# compare (issue 4): between, two-way, within, mixed designs on the bundled waves against R
# (scripts/ref/compare_sample.R wrote tests/cli/expected/compare-*.json), edge cases and usage.
# Sourced by tests/cli/run.

C="$FIX/compare"
DB="$PWD/data/wave-between.csv"
CB="$PWD/data/wave-between.codebook.csv"
DW="$PWD/data/wave-within.csv"
CW="$PWD/data/wave-within.codebook.csv"

# --- against R: numbers to 1e-6 relative; absolute 1e-9 for values near 0, because R's ptukey
# computes an upper tail as 1 - P and is off by about 5e-10 there (ours integrates the tail)
check "compare: one-way on the bundled wave vs R (oneway.test, car, TukeyHSD, kruskal.test)" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format json > o.json &&
	 '$JSONCMP' '$EXPECTED/compare-between.json' o.json --abs 1e-9"
jsonmatch "compare: two-way type III vs car::Anova(type = 3), simple effects vs linearHypothesis" \
	"$EXPECTED/compare-twoway-type3.json" -- compare "$DB" --codebook "$CB" --y satisfaction --by scenario,gender
jsonmatch "compare: two-way type II vs car::Anova(type = 2)" \
	"$EXPECTED/compare-twoway-type2.json" -- compare "$DB" --codebook "$CB" --y satisfaction --by scenario,gender --ss 2
jsonmatch "compare: within (3 scales) vs afex, friedman.test, paired t.test" \
	"$EXPECTED/compare-within.json" -- compare "$DW" --codebook "$CW" --within satisfaction_s1,satisfaction_s2,satisfaction_s3
jsonmatch "compare: mixed (within x gender) vs afex" \
	"$EXPECTED/compare-mixed.json" -- compare "$DW" --codebook "$CW" --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --between gender
jsonmatch "compare: two conditions vs t.test(paired) and wilcox.test" \
	"$EXPECTED/compare-paired.json" -- compare "$DW" --codebook "$CW" --within satisfaction_s1,satisfaction_s2

# --- resource limits (issue 11): Games-Howell with 100 groups of two (4950 pairs, each with its own
# Welch df between 1 and 2) took 22 s, a root search over nested integrals per pair; the critical
# values now come from one curve over the pairs' df, and the integral is taken over log s
check "compare: Games-Howell with 100 groups of two takes seconds, not minutes" \
	"awk 'BEGIN { srand(1); print \"g,y\"; for (g = 1; g <= 100; g++) for (j = 0; j < 2; j++) printf \"%d,%.4f\\n\", g, 7 * rand() }' > gh.csv &&
	 timeout 10 '$SK' compare gh.csv --y y --by g --posthoc games-howell --format json > gh.json &&
	 [ \$(grep -c '\"method\": \"games-howell\"' gh.json) -eq 4950 ] && ! grep -q '\"llci\": null' gh.json"

# --- reports
check "compare: text report names the groups by their labels and recommends Welch" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario > r.txt &&
	 grep -q 'Full recovery - Fix only' r.txt && grep -q 'report Welch.s F and the Games-Howell' r.txt"
check "compare: --posthoc tukey gives only Tukey rows" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --posthoc tukey --format json > t.json &&
	 [ \$(grep -c '\"method\": \"tukey\"' t.json) -eq 3 ] && ! grep -q games-howell t.json"
check "compare: --ci 90 narrows the intervals" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --ci 90 --format json | grep -q '\"ci_level\": 0.9'"
check "compare: the rows left out are counted by reason" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario | grep -q '23 of 600 rows left out: sat_4 missing (6); sat_2 missing (5); sat_5 missing (5); sat_3 missing (4); sat_1 missing (3)$'"
check "compare: markdown and csv render" \
	"'$SK' compare '$DW' --codebook '$CW' --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --format markdown | grep -q '^| term |' &&
	 '$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format csv | grep -q '^Post hoc comparisons,'"

# --- edge cases
check "compare: a group with one case keeps the ANOVA and Tukey, nulls Welch/Levene with the group named" \
	"'$SK' compare '$C/one_case.csv' --y y --by g --format json > e.json &&
	 grep -q \"Welch's F not computed: group '3' of 'g' has 1 case\" e.json &&
	 grep -q \"Levene's test not computed: group '3' of 'g' has 1 case\" e.json &&
	 grep -q '\"F\": 21.66666' e.json && grep -q '1 of 10 rows left out: y missing (1)' e.json"
check "compare: a group with zero variance nulls Welch and names it" \
	"'$SK' compare '$C/zero_var.csv' --y y --by g --format json > z.json &&
	 grep -q \"Welch's F not computed: group '1' of 'g' has no variance in 'y'\" z.json"
expect "compare: a single group" 1 "^surveykit: cannot compare groups: 'g' has only one group with data on 'y' \('1'\)$" -- \
	compare "$C/single_group.csv" --y y --by g
expect "compare: every group with one case" 1 "every group of 'g' has 1 case on 'y'" -- \
	compare "$C/all_single.csv" --y y --by g
expect "compare: a constant outcome" 1 "'y' does not vary within any group of 'g'" -- \
	compare "$C/constant.csv" --y y --by g
check "compare: unequal groups and text levels" \
	"'$SK' compare '$C/text_groups.csv' --y y --by g --format json | grep -q '\"pair\": \"z - x\"'"
expect "compare: two-way with an empty cell" 1 "no case with 'a' = '2' and 'b' = '2' \(an empty cell\)" -- \
	compare "$C/twoway_empty.csv" --y y --by a,b
check "compare: within, a respondent missing one condition is left out and counted" \
	"'$SK' compare '$C/within_missing.csv' --within c1,c2,c3 --format json > w.json &&
	 grep -q '\"excluded\": 1' w.json && grep -q '1 of 6 rows left out: c2 missing (1)' w.json"
check "compare: mixed, the same respondent left out" \
	"'$SK' compare '$C/within_missing.csv' --within c1,c2,c3 --between grp --format json | grep -q '\"used\": 5'"
expect "compare: within, no error variance" 1 "no error variance" -- \
	compare "$C/within_flat.csv" --within c1,c2,c3

# --- usage and input errors
expect "compare: needs --y and --by or --within" 2 "compare needs --y VAR --by VAR" -- compare "$C/one_case.csv" --y y
expect "compare: --within needs two conditions" 2 "--within needs two or more conditions" -- compare "$C/within_missing.csv" --within c1
expect "compare: --posthoc checked" 2 "--posthoc must be tukey, games-howell, bonferroni or all" -- \
	compare "$C/one_case.csv" --y y --by g --posthoc scheffe
expect "compare: --ss checked" 2 "--ss must be 2 or 3" -- compare "$C/twoway_empty.csv" --y y --by a,b --ss 1
expect "compare: --ss needs two factors" 2 "--ss applies to a two-way design" -- compare "$C/one_case.csv" --y y --by g --ss 2
expect "compare: --between needs --within" 2 "--between goes with --within" -- compare "$C/one_case.csv" --y y --by g --between g
expect "compare: three factors refused" 2 "--by takes one grouping variable, or two" -- compare "$C/twoway_empty.csv" --y y --by a,b,a
expect "compare: unknown outcome" 3 "no column or scale named 'nope'" -- compare "$C/one_case.csv" --y nope --by g
expect "compare: unknown condition" 3 "no column or scale named 'c9'" -- compare "$C/within_missing.csv" --within c1,c9
