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
	 [ \"\$('$JSONGET' t.json /groups)\" = 3 ] && [ \"\$('$JSONGET' t.json /groups/1/level)\" = 'Fix only' ] &&
	 [ \"\$('$JSONGET' t.json /groups/1/n)\" = 3 ] &&
	 grep -q \"'g': values that differ only in spaces around them are one value once trimmed: 'Apology' (written 'Apology', 'Apology.*'); 'Fix only' (written ' Fix only', 'Fix only', 'Fix only ')\" t.json"
check "trim: no note when nothing was merged" \
	"'$SK' compare '$DB' --codebook '$CB' --y satisfaction --by scenario --format json > nt.json && ! grep -q 'differ only in spaces' nt.json"
