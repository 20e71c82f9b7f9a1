# Truthful tables and no silent data loss (issue 11, points 14 and 19-22): value labels in every
# model table, rows left out counted by reason, missing-value codes and stray text noticed
# without a codebook, text groups trimmed, columns that look like items of a codebook scale.
# Sourced by tests/cli/run.

DB="$PWD/data/wave-between.csv"
CB="$PWD/data/wave-between.codebook.csv"

# --- value labels in model tables: the label in text, Markdown and CSV; the code kept in JSON
check "labels: moderate prints scenario=Fix + apology, not scenario=2, in coefficients and conditional effects" \
	"'$SK' moderate '$DB' --codebook '$CB' --y satisfaction --x scenario --w trust > m.txt &&
	 grep -q '^  scenario=Fix + apology  ' m.txt && grep -q '^  scenario=Full recovery:trust ' m.txt &&
	 [ \$(grep -c '^  scenario=Fix + apology ' m.txt) -eq 4 ] && ! grep -q 'scenario=2' m.txt"
check "labels: moderate JSON keeps the term and adds its label" \
	"'$SK' moderate '$DB' --codebook '$CB' --y satisfaction --x scenario --w trust --format json > m.json &&
	 [ \"\$('$JSONGET' m.json /coefficients/1/term)\" = 'scenario=2' ] &&
	 [ \"\$('$JSONGET' m.json /coefficients/1/label)\" = 'scenario=Fix + apology' ] &&
	 [ \"\$('$JSONGET' m.json /coefficients/4/label)\" = 'scenario=Fix + apology:trust' ] &&
	 [ \"\$('$JSONGET' m.json /conditional_effects/1/term)\" = 'scenario=3' ] &&
	 [ \"\$('$JSONGET' m.json /conditional_effects/1/label)\" = 'scenario=Full recovery' ] &&
	 [ \"\$('$JSONGET' m.json /coefficients/3/label)\" = 'trust' ]"
check "labels: regress tables (text, Markdown, CSV) and --by headings use the labels" \
	"'$SK' regress '$DB' --codebook '$CB' --y satisfaction --x scenario,trust --by gender > r.txt &&
	 grep -q '^  scenario=Full recovery ' r.txt && ! grep -q 'scenario=3' r.txt &&
	 grep -q '^Groups: Female$' r.txt && grep -q '^Groups: Male$' r.txt &&
	 '$SK' regress '$DB' --codebook '$CB' --y satisfaction --x trust --by scenario > rb.txt &&
	 grep -q '^Groups: Fix only$' rb.txt && grep -q '^Groups: Full recovery$' rb.txt &&
	 '$SK' regress '$DB' --codebook '$CB' --y satisfaction --x scenario --format markdown | grep -q '^| scenario=Fix + apology |' &&
	 '$SK' regress '$DB' --codebook '$CB' --y satisfaction --x scenario --format csv | grep -q '^Coefficients,scenario=Fix + apology,'"
check "labels: mediate paths, effects and indirect effects use the labels" \
	"'$SK' mediate '$DB' --codebook '$CB' --y pwom --x scenario --m satisfaction --boot 200 --seed 1 > md.txt &&
	 [ \$(grep -c '^  scenario=Fix + apology ' md.txt) -eq 7 ] && ! grep -q 'scenario=2' md.txt &&
	 '$SK' mediate '$DB' --codebook '$CB' --y pwom --x scenario --m satisfaction --w trust --boot 200 --seed 1 --format json > md7.json &&
	 [ \"\$('$JSONGET' md7.json /index_of_moderated_mediation/0/term)\" = 'scenario=2:trust' ] &&
	 [ \"\$('$JSONGET' md7.json /index_of_moderated_mediation/0/label)\" = 'scenario=Fix + apology:trust' ]"
check "labels: compare names groups, pairs and cells by their labels in text, Markdown and CSV" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario,gender > c.txt &&
	 grep -q '^  2        Fix + apology  1        Female ' c.txt && grep -q ' scenario  2      Fix + apology ' c.txt &&
	 '$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format markdown | grep -q '| Full recovery - Fix + apology |' &&
	 '$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format csv | grep -q '^Groups,1,Fix only,'"

T="$FIX/truthful"

# --- text group values are trimmed; a note says when that made differently written values one
check "trim: 'Fix only ', ' Fix only' and 'Fix only' are one level (no-break space too), with a note" \
	"'$SK' compare '$T/trim_groups.csv' --y y --by g --format json > t.json &&
	 [ \"\$('$JSONGET' t.json /groups)\" = 3 ] && [ \"\$('$JSONGET' t.json /groups/0/level)\" = 'Fix only' ] &&
	 [ \"\$('$JSONGET' t.json /groups/0/n)\" = 3 ] &&
	 grep -q \"'g': values that differ only in spaces around them are one value once trimmed: 'Apology' (written 'Apology', 'Apology.*'); 'Fix only' (written ' Fix only', 'Fix only', 'Fix only ')\" t.json"
check "trim: no note when nothing was merged" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format json > nt.json && ! grep -q 'differ only in spaces' nt.json"

# --- every analysis says how many rows it left out and why: out of range per item, missing items,
# missing group (drops.csv: a_2 = 9 on 3 rows, outside the codebook's 1..5; a_3 = -99, a missing
# code, on 2 rows, one of them also a_2 = 9; a_1 blank on 1 row; the group g blank on 2 rows)
DR="$T/drops.csv"
DC="$T/drops.codebook.csv"
A_REASONS='a_2 out of range 1..5 (3); a_3 missing (2); a_1 missing (1)'
check "dropped: compare names the item out of range, the missing items and the missing group" \
	"'$SK' compare '$DR' --codebook '$DC' --y a --by g > c.txt &&
	 grep -q '^  - 7 of 18 rows left out: a_2 out of range 1..5 (3); a_3 missing (2); g missing (2); a_1 missing (1)$' c.txt"
check "dropped: compare's JSON lists the reasons in input.dropped" \
	"'$SK' compare '$DR' --codebook '$DC' --y a --by g --format json > c.json &&
	 [ \"\$('$JSONGET' c.json /input/dropped/rows)\" = 7 ] && [ \"\$('$JSONGET' c.json /input/used)\" = 11 ] &&
	 [ \"\$('$JSONGET' c.json /input/dropped/reasons/0/column)\" = a_2 ] &&
	 [ \"\$('$JSONGET' c.json /input/dropped/reasons/0/reason)\" = 'out of range' ] &&
	 [ \"\$('$JSONGET' c.json /input/dropped/reasons/0/max)\" = 5.0 ] &&
	 [ \"\$('$JSONGET' c.json /input/dropped/reasons/2/column)\" = g ] &&
	 [ \"\$('$JSONGET' c.json /input/dropped/reasons/2/reason)\" = missing ] &&
	 grep -q '7 of 18 rows left out: a_2 out of range' c.json"
check "dropped: regress" \
	"'$SK' regress '$DR' --codebook '$DC' --y a --x x,b | grep -q '^  - 5 of 18 rows left out: $A_REASONS$'"
check "dropped: moderate (the group as X: its missing rows too)" \
	"'$SK' moderate '$DR' --codebook '$DC' --y a --x g --w x | grep -q '^  - 7 of 18 rows left out: a_2 out of range 1..5 (3); a_3 missing (2); g missing (2); a_1 missing (1)$'"
check "dropped: mediate" \
	"'$SK' mediate '$DR' --codebook '$DC' --y a --x x --m b --boot 0 | grep -q '^  - 5 of 18 rows left out: $A_REASONS$'"
check "dropped: reliability, per scale" \
	"'$SK' reliability '$DR' --codebook '$DC' > rl.txt && grep -q \"^  - scale 'a': 5 of 18 rows left out: $A_REASONS\$\" rl.txt &&
	 ! grep -q \"scale 'b': .*left out\" rl.txt"
check "dropped: correlate, pairwise (per variable) and listwise" \
	"'$SK' correlate '$DR' --codebook '$DC' | grep -q \"^  - 'a' (and each correlation with it): 5 of 18 rows left out: $A_REASONS\$\" &&
	 '$SK' correlate '$DR' --codebook '$DC' --listwise | grep -q '^  - 5 of 18 rows left out: $A_REASONS$'"
check "dropped: describe, segment and factor" \
	"'$SK' describe '$DR' --codebook '$DC' | grep -q '^  - 5 of 18 rows left out: $A_REASONS$' &&
	 '$SK' segment '$DR' --codebook '$DC' --on a,b --method median | grep -q '^  - 5 of 18 rows left out: $A_REASONS$' &&
	 '$SK' factor '$DR' --codebook '$DC' --items a_1,a_2,a_3,b_1,b_2 --factors 1 | grep -q '^  - 5 of 18 rows left out: $A_REASONS$'"
check "dropped: segment, per outcome profile" \
	"'$SK' segment '$DR' --codebook '$DC' --on x --method median | grep -q \"^  - outcome 'a': 5 of 18 rows left out: $A_REASONS\$\""
check "dropped: a codebook range typo on the bundled wave is named in compare (not just 'outcome missing')" \
	"'$SK' compare '$DB' --codebook '$T/range_typo.codebook.csv' --y satisfaction --by scenario |
	 grep -q '^  - 131 of 600 rows left out: sat_2 out of range 1..5 (109); sat_4 missing (6); '"
for cmd in "compare '$DB' --codebook '$CB' --y satisfaction --by scenario" \
	"regress '$DB' --codebook '$CB' --y satisfaction --x scenario,trust --by gender" \
	"moderate '$DB' --codebook '$CB' --y satisfaction --x scenario --w trust" \
	"mediate '$DB' --codebook '$CB' --y pwom --x scenario --m satisfaction --boot 0" \
	"describe '$DB' --codebook '$CB'" "correlate '$DB' --codebook '$CB' --listwise" \
	"segment '$DB' --codebook '$CB' --on involvement,trust" "factor '$DB' --codebook '$CB'" \
	"compare '$PWD/data/wave-within.csv' --codebook '$PWD/data/wave-within.codebook.csv' --within satisfaction_s1,satisfaction_s2 --between gender"; do
	check "dropped: input.dropped.rows = rows - used: ${cmd%% *}" \
		"'$SK' $cmd --format json > d.json &&
		 [ \$(( \$('$JSONGET' d.json /input/rows) - \$('$JSONGET' d.json /input/used) )) = \"\$('$JSONGET' d.json /input/dropped/rows)\" ]"
done

# --- a column named like an item of a codebook scale but not in the codebook gets a note
check "unlisted: NEG_4 beside the codebook's neg_1..neg_3 is named in a note" \
	"'$SK' describe '$T/unlisted.csv' --codebook '$T/unlisted.codebook.csv' --format json > u.json &&
	 grep -q \"'NEG_4' is not in the codebook, so it is in no scale, though it is named like the items of scale 'negemo' (such as 'neg_[123]')\" u.json &&
	 '$SK' describe '$DB' --codebook '$CB' --format json > b.json && ! grep -q 'is not in the codebook' b.json"

# --- without a codebook, a cell that is not a number in a numeric column is a missing cell with a
# note naming the column and its line, not a reason to turn the column (and its scale) to text
check "stray text: '-', 'n/a' and 'nan' among answers are missing cells, with notes naming the lines" \
	"'$SK' describe '$T/stray_text.csv' --format json > st.json &&
	 grep -q \"'sat_2': 1 cell that is not a number (line 4) taken as missing; the other 5 are numbers\" st.json &&
	 grep -q \"'sat_3': 2 cells that are not numbers (lines 2, 6) taken as missing; the other 4 are numbers\" st.json &&
	 grep -q \"scale 'sat' inferred from sat_1, sat_2, sat_3\" st.json &&
	 grep -q '3 of 6 rows left out: sat_3 not a number (2); sat_2 not a number (1)' st.json &&
	 [ \"\$('$JSONGET' st.json /input/dropped/reasons/0/reason)\" = 'not a number' ]"
check "stray text: a column with more text than numbers stays text, with a note" \
	"'$SK' describe '$T/stray_text.csv' | grep -q \"'q7' is used as text: 4 cells are not numbers (lines 2, 4, 5, 6) against 2 that are\""
check "stray text: convert copies such a column as it is (text)" \
	"'$SK' convert '$T/stray_text.csv' st_out.csv --quiet && grep -q '^1,1,3,4,-,a$' st_out.csv"

# --- without a codebook, values that look like missing codes among answers are warned of, and
# `codebook` writes them as missing codes (missing_codes.csv: -99 in sat_2 and in the bipolar
# bip_1 (-3..3), 999 in sat_1, 99 in tru_1, -9 in the group g; sat_3r is reverse-keyed)
MC="$T/missing_codes.csv"
check "missing codes: a warning names each code, its columns and the answers' range, and suggests --missing" \
	"'$SK' describe '$MC' > mc.txt &&
	 grep -q \"^  - no codebook: -99 looks like a missing-value code in 'sat_2' (4 cells; other values 1..7), 'bip_1' (1 cell; other values -3..3), yet it is used as an answer: give --missing -99 (or a codebook) if it means missing\$\" mc.txt &&
	 grep -q \"999 looks like a missing-value code in 'sat_1' (1 cell; other values 1..7)\" mc.txt &&
	 grep -q \"99 looks like a missing-value code in 'tru_1' (2 cells; other values 1..7)\" mc.txt &&
	 grep -q \"^  - no codebook: -9 looks like a missing-value code in 'g' (1 cell; other values 1..3)\" mc.txt &&
	 [ \$(grep -c 'missing-value code' mc.txt) -eq 4 ] && ! grep -q \"in 'bip_2'\" mc.txt"
check "missing codes: none once --missing declares them" \
	"'$SK' describe '$MC' --missing -99,999,99,-9 > mm.txt && ! grep -q 'missing-value code' mm.txt"
check "missing codes: codebook writes them as missing codes and the items' range without them" \
	"'$SK' codebook '$MC' > mc.codebook.csv 2> mc.err &&
	 grep -qx '\"sat_1\",\"item\",\"sat\",\"no\",\"1\",\"7\",\"999\",,' mc.codebook.csv &&
	 grep -qx '\"sat_2\",\"item\",\"sat\",\"no\",\"1\",\"7\",\"-99\",,' mc.codebook.csv &&
	 grep -qx '\"sat_3r\",\"item\",\"sat\",\"yes\",\"1\",\"7\",,,' mc.codebook.csv &&
	 grep -qx '\"bip_1\",\"item\",\"bip\",\"no\",\"-3\",\"3\",\"-99\",,' mc.codebook.csv &&
	 grep -qx '\"g\",\"group\",,\"no\",,,\"-9\",,' mc.codebook.csv &&
	 grep -q '^surveykit: warning: no codebook: -99 looks like a missing-value code' mc.err"
check "missing codes: the written codebook makes them missing" \
	"'$SK' describe '$MC' --codebook mc.codebook.csv --format json > mcb.json && ! grep -q 'missing-value code' mcb.json &&
	 [ \"\$('$JSONGET' mcb.json /items/1/n_missing)\" = 4 ]"
printf 'a_1,a_2\n1,2\n7,-1\n3,4\n5,6\n' > "$TMP/gap.csv"
printf 'a_1,a_2\n0,0\n10,-1\n3,4\n5,10\n' > "$TMP/adjacent.csv"
printf 'a_1,a_2\n1,2\n7,-99\n3,1.5\n5,6\n' > "$TMP/fraction.csv"
printf 'a_1,a_2\n1,20\n7,-99\n3,4\n5,6\n' > "$TMP/wide.csv"
check "missing codes: the rule: -1 apart from 1..7 is a code; -1 next to 0..10, or beside fractions or a span over 11 points, is not" \
	"'$SK' describe gap.csv | grep -q -- \"-1 looks like a missing-value code in 'a_2'\" &&
	 ! '$SK' describe adjacent.csv | grep -q 'missing-value code' &&
	 ! '$SK' describe fraction.csv | grep -q 'missing-value code' &&
	 ! '$SK' describe wide.csv | grep -q 'missing-value code'"
check "missing codes: none on the bundled waves, bfi or the PROCESS data" \
	"for f in '$DB' '$PWD/data/wave-within.csv' '$FIX/bfi.csv' '$FIX/reference/glbwarm.csv' '$FIX/reference/protest.csv'; do
	   '$SK' describe \"\$f\" --format json | grep -q 'missing-value code' && exit 1; done; true"
