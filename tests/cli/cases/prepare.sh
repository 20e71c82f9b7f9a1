# From the raw export to the analysed sample (issue 13): --filter exclusion steps on every data
# command, the exclusion record, text answers read through the codebook, level order.
# Fixtures: scripts/fixtures/qualtrics.R; exclusion counts and the hand-cleaned file:
# scripts/ref/prepare.R (rows_read 470, removed 9 17 23 18, kept 403).
P="$FIX/prepare"
PCB="$P/qualtrics.codebook.csv"
PF=(--filter "consent == 1" --filter "Finished == 1" --filter "attn == 5"
    --filter '"Duration (in seconds)" >= median("Duration (in seconds)") / 3')

# sameat NAME A.json B.json POINTER...: the subtrees at each pointer are the same (1e-12 relative).
sameat() {
	local name=$1 a=$2 b=$3; shift 3
	for p in "$@"; do
		if ! "$JSONCMP" "$TMP/$a" "$TMP/$b" --rel 1e-12 --from "$p" --at "$p" >"$TMP/diff" 2>&1; then
			bad "$name: $p differs" "$(cat "$TMP/diff")"; return
		fi
	done
	ok
}

# --- the exclusion record reproduces R's independent count
run describe "$P/qualtrics_numeric.csv" --codebook "$PCB" "${PF[@]}" --format json; cp "$TMP/out" "$TMP/flow.json"
check "filters: rows read, removed per step and kept as R counts them (scripts/ref/prepare.R)" \
	"[ \"\$('$JSONGET' flow.json /exclusions/rows_read)\" = 470 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/0/removed)\" = 9 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/1/removed)\" = 17 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/2/removed)\" = 23 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/3/removed)\" = 18 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/3/remaining)\" = 403 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/kept)\" = 403 ] && [ \"\$('$JSONGET' flow.json /input/rows)\" = 403 ] &&
	 [ \"\$('$JSONGET' flow.json /exclusions/steps/2/filter)\" = 'attn == 5' ]"
check "filters: the record is a table and a note in text and Markdown" \
	"'$SK' describe '$P/qualtrics_numeric.csv' --codebook '$PCB' --filter 'consent == 1' > t.txt &&
	 grep -q '^Exclusions' t.txt && grep -q 'consent == 1 .* 9 .* 461' t.txt &&
	 grep -q \"exclusions: 470 rows read; removed 9 by step 1 'consent == 1'; 461 kept\" t.txt &&
	 '$SK' describe '$P/qualtrics_numeric.csv' --codebook '$PCB' --filter 'consent == 1' --format markdown > t.md &&
	 grep -q 'Exclusions' t.md && grep -q 'consent == 1' t.md && grep -q '470 rows read' t.md"
check "filters: no --filter, no exclusions object" \
	"'$SK' describe '$P/hand_cleaned.csv' --codebook '$PCB' --format json > nf.json && ! grep -q exclusions nf.json"

# --- filtering on the fly equals the hand-cleaned file
for fmt in numeric text; do
	run reliability "$P/qualtrics_$fmt.csv" --codebook "$PCB" "${PF[@]}" --format json; cp "$TMP/out" "$TMP/rel_$fmt.json"
	run regress "$P/qualtrics_$fmt.csv" --codebook "$PCB" "${PF[@]}" --y satisfaction --x scenario,age --format json; cp "$TMP/out" "$TMP/reg_$fmt.json"
	run describe "$P/qualtrics_$fmt.csv" --codebook "$PCB" "${PF[@]}" --format json; cp "$TMP/out" "$TMP/des_$fmt.json"
done
run reliability "$P/hand_cleaned.csv" --codebook "$PCB" --format json; cp "$TMP/out" "$TMP/rel_clean.json"
run regress "$P/hand_cleaned.csv" --codebook "$PCB" --y satisfaction --x scenario,age --format json; cp "$TMP/out" "$TMP/reg_clean.json"
sameat "filters: alphas and item statistics equal the hand-cleaned file's" rel_clean.json rel_numeric.json /scales
sameat "filters: regression equals the hand-cleaned file's" reg_clean.json reg_numeric.json /coefficients /r2 /n
# --- the choice-text export gives what the numeric one gives
sameat "choice text: the same alphas and scale means as numeric values" rel_numeric.json rel_text.json /scales
sameat "choice text: the same coefficients" reg_numeric.json reg_text.json /coefficients /r2
sameat "choice text: the same scale summaries, items and frequencies" des_numeric.json des_text.json /scales /items /frequencies /exclusions
check "level order: 'Fix only', listed first in the codebook, is the reference" \
	"[ \"\$('$JSONGET' reg_text.json /coefficients/1/label)\" = 'scenario=Fix + apology' ] &&
	 [ \"\$('$JSONGET' reg_text.json /coefficients/2/label)\" = 'scenario=Full recovery' ]"
sed 's/1=Fix only;2=Fix + apology;3=Full recovery/2=Fix + apology;1=Fix only;3=Full recovery/' "$PCB" > "$TMP/apology_first.codebook.csv"
check "level order: the level listed first is the reference; --reference overrides" \
	"'$SK' regress '$P/qualtrics_text.csv' --codebook apology_first.codebook.csv --y satisfaction --x scenario --format json > a.json &&
	 [ \"\$('$JSONGET' a.json /coefficients/1/label)\" = 'scenario=Fix only' ] &&
	 '$SK' regress '$P/qualtrics_text.csv' --codebook apology_first.codebook.csv --y satisfaction --x scenario --reference 'scenario=Full recovery' --format json > b.json &&
	 [ \"\$('$JSONGET' b.json /coefficients/1/label)\" = 'scenario=Fix + apology' ] &&
	 [ \"\$('$JSONGET' b.json /coefficients/2/label)\" = 'scenario=Fix only' ]"

# --- every data command takes --filter
check "filters: compare, correlate, score, convert and reshape keep the same 461 rows" \
	"'$SK' compare '$P/qualtrics_text.csv' --codebook '$PCB' --y satisfaction --by scenario --filter 'consent == 1' --format json > c.json &&
	 [ \"\$('$JSONGET' c.json /exclusions/kept)\" = 461 ] &&
	 '$SK' correlate '$P/qualtrics_text.csv' --codebook '$PCB' --filter 'consent == 1' --format json > r.json &&
	 [ \"\$('$JSONGET' r.json /exclusions/kept)\" = 461 ] &&
	 '$SK' score '$P/qualtrics_text.csv' --codebook '$PCB' --filter 'consent == 1' -o s.csv > /dev/null &&
	 [ \"\$(grep -c '^' s.csv)\" = 462 ] &&
	 '$SK' convert '$P/qualtrics_numeric.csv' cv.csv --codebook '$PCB' --filter 'consent == 1' --format json > cv.json &&
	 [ \"\$('$JSONGET' cv.json /output/rows)\" = 461 ] && [ \"\$('$JSONGET' cv.json /exclusions/steps/0/removed)\" = 9 ]"

check "filters: the quality steps as exclusion steps (too_fast removes the 21 rows R counts)" \
	"'$SK' describe '$P/qualtrics_numeric.csv' --codebook '$PCB' --filter 'not duplicate_id()' --filter 'not straightlining()' \
	   --filter 'not too_fast(\"Duration (in seconds)\", 1/3)' --format json > q.json &&
	 [ \"\$('$JSONGET' q.json /exclusions/steps/0/removed)\" = 0 ] && [ \"\$('$JSONGET' q.json /exclusions/steps/2/removed)\" = 21 ]"

# --- filter errors: one line, exit 2 (syntax) or 3 (the data)
expect "filter: a syntax error points at the character" 2 "--filter 'consent = 1': syntax error at character 9" -- \
	describe "$P/qualtrics_numeric.csv" --filter "consent = 1"
expect "filter: an unknown column names the closest" 3 "unknown column 'consnt' at character 1; did you mean 'consent'" -- \
	describe "$P/qualtrics_numeric.csv" --codebook "$PCB" --filter "consnt == 1"
expect "filter: text compared with a number" 3 "type error at character 1: column 'ResponseId' is text" -- \
	describe "$P/qualtrics_numeric.csv" --filter "ResponseId > 3"
expect "filter: a syntax error is found before the data is read" 2 "syntax error" -- \
	describe "$P/no-such-file.csv" --filter "(consent == 1"
expect "filter: a bare quality step is refused" 2 "" -- \
	describe "$P/qualtrics_numeric.csv" --filter "straightlining()"
expect "reference: an unknown level lists the levels" 3 "no such level \\(its levels: 'Fix only', 'Fix \\+ apology', 'Full recovery'\\)" -- \
	regress "$P/qualtrics_numeric.csv" --codebook "$PCB" --y satisfaction --x scenario --reference "scenario=None"
awk 'NR == 5 { sub(/"Somewhat agree"/, "\"Very much\"") } { print }' "$P/qualtrics_text.csv" > "$TMP/bad_answer.csv"
expect "text answers: an unknown answer names line, column, text and labels" 3 "line 5, column 'attn': 'Very much' is not one of its values \\('Strongly disagree'" -- \
	describe "$TMP/bad_answer.csv" --codebook "$PCB"

# --- prepare: the kept rows, their codebook and the audit; re-read, they give what filtering gives
run prepare "$P/qualtrics_text.csv" --codebook "$PCB" "${PF[@]}" -o "$TMP/clean.csv" --format json; cp "$TMP/out" "$TMP/prep.json"
check "prepare: writes OUT.csv, OUT.codebook.csv and OUT.exclusions.csv with the record" \
	"[ -s clean.csv ] && [ -s clean.codebook.csv ] && [ -s clean.exclusions.csv ] &&
	 [ \"\$('$JSONGET' prep.json /output/rows)\" = 403 ] && [ \"\$('$JSONGET' prep.json /exclusions/kept)\" = 403 ] &&
	 [ \"\$(head -1 clean.exclusions.csv)\" = 'id,line,step,filter' ] &&
	 [ \"\$(tail -n +2 clean.exclusions.csv | cut -d, -f3 | sort | uniq -c | awk '{printf \"%s \", \$1}')\" = '9 17 23 18 ' ] &&
	 grep -q '^R_[A-Za-z0-9]*,[0-9]*,1,consent == 1\$' clean.exclusions.csv"
check "prepare: text answers are written as their codes" \
	"! grep -q 'Strongly agree' clean.csv && ! grep -q 'I agree' clean.csv && grep -q '^StartDate,' clean.csv"
run reliability "$TMP/clean.csv" --codebook "$TMP/clean.codebook.csv" --format json; cp "$TMP/out" "$TMP/rel_prep.json"
run regress "$TMP/clean.csv" --codebook "$TMP/clean.codebook.csv" --y satisfaction --x scenario,age --format json; cp "$TMP/out" "$TMP/reg_prep.json"
sameat "prepare: re-read, the same alphas as filtering on the fly" rel_text.json rel_prep.json /scales
sameat "prepare: re-read, the same coefficients as filtering on the fly" reg_text.json reg_prep.json /coefficients /r2 /n
expect "prepare: needs -o" 2 "needs -o OUT.csv" -- prepare "$P/qualtrics_text.csv" --filter "consent == 1"
expect "prepare: writes only .csv" 2 "writes a CSV file named NAME.csv" -- prepare "$P/qualtrics_text.csv" -o out.sav
expect "prepare: never replaces its input" 2 "" -- prepare "$TMP/clean.csv" --codebook "$TMP/clean.codebook.csv" -o "$TMP/clean.csv"
check "prepare: a failed run leaves no file behind" \
	"! '$SK' prepare '$P/qualtrics_text.csv' --codebook '$PCB' --filter 'nope == 1' -o failed.csv 2>/dev/null && ! ls failed* 2>/dev/null"

# --- stack: one file with a wave column, once the codebooks agree
check "stack: two prepared waves with a labelled wave column" \
	"'$SK' prepare '$P/qualtrics_numeric.csv' --codebook '$PCB' --filter 'consent == 1' -o w1.csv > /dev/null &&
	 '$SK' prepare '$P/qualtrics_text.csv' --codebook '$PCB' --filter 'attn == 5' -o w2.csv > /dev/null &&
	 '$SK' stack w1.csv w2.csv -o all.csv --labels 'Wave 1,Wave 2' --format json > st.json &&
	 [ \"\$('$JSONGET' st.json /waves/0/rows)\" = 461 ] && [ \"\$('$JSONGET' st.json /waves/1/rows)\" = 437 ] &&
	 [ \"\$('$JSONGET' st.json /output/rows)\" = 898 ] && head -1 all.csv | grep -q '^wave,StartDate,' &&
	 grep -q '\"wave\",\"group\",,\"no\",,,,\"1=Wave 1;2=Wave 2\"' all.codebook.csv &&
	 '$SK' compare all.csv --codebook all.codebook.csv --y satisfaction --by wave --format json > sc.json &&
	 [ \"\$('$JSONGET' sc.json /groups/1/label)\" = 'Wave 2' ]"
check "stack: --wave-column names the column" \
	"'$SK' stack w1.csv w2.csv -o all_p.csv --wave-column period > /dev/null && head -1 all_p.csv | grep -q '^period,'"
sed 's/"Age"/"Age in years"/; s/"Consent"/"Agreed"/' "$TMP/w2.codebook.csv" > "$TMP/w2b.codebook.csv"
cp "$TMP/w2.csv" "$TMP/w2b.csv"
expect "stack: every difference between the codebooks is reported" 3 "the waves do not agree \\(2 differences\\): 'consent' has another label in '.*w2b.csv' than in '.*w1.csv'; 'age' has another label" -- \
	stack "$TMP/w1.csv" "$TMP/w2b.csv" -o "$TMP/bad.csv"
printf 'id,x,y\n1,2,3\n' > "$TMP/sa.csv"; printf 'id,x,z\n2,3,4\n' > "$TMP/sb.csv"
expect "stack: columns missing from a wave" 3 "\\(2 differences\\): 'y' is in '.*sa.csv' but not in '.*sb.csv'; 'z' is in '.*sb.csv' but not in '.*sa.csv'" -- \
	stack "$TMP/sa.csv" "$TMP/sb.csv" -o "$TMP/bad.csv"
expect "stack: needs two waves" 2 "two or more waves" -- stack "$TMP/w1.csv" -o "$TMP/bad.csv"
expect "stack: one label per wave" 2 "--labels gives 1 labels for 2 waves" -- stack "$TMP/w1.csv" "$TMP/w2.csv" --labels A -o "$TMP/bad.csv"
expect "stack: --filter is refused" 2 "stack the waves, then filter" -- stack "$TMP/w1.csv" "$TMP/w2.csv" --filter "age > 1" -o "$TMP/bad.csv"

# --- computed variables (values from scripts/ref/prepare.R): arithmetic, recode() and a whole-column
# value, usable in filters and by every command like a column
run describe "$P/qualtrics_text.csv" --codebook "$P/computed.codebook.csv" --filter "consent == 1" --filter "speed >= 1/3" --format json
cp "$TMP/out" "$TMP/comp.json"
printf '{"variable": "sat_gap", "n": 432, "mean": 0.018518518518518517, "sd": 1.4401049296745616}' > "$TMP/w_gap.json"
printf '{"variable": "age_group", "n": 423, "mean": 2.2009456264775413}' > "$TMP/w_age.json"
printf '{"variable": "speed", "mean": 1.0884445100354192}' > "$TMP/w_speed.json"
check "computed: a filter on a computed variable removes what R removes" \
	"[ \"\$('$JSONGET' comp.json /exclusions/steps/1/removed)\" = 21 ] && [ \"\$('$JSONGET' comp.json /exclusions/kept)\" = 440 ]"
check "computed: sat_1 - trust_1, recode(age, ...) and a ratio to the median as R computes them" \
	"'$JSONCMP' w_gap.json comp.json --at /variables/6 && '$JSONCMP' w_age.json comp.json --at /variables/7 &&
	 '$JSONCMP' w_speed.json comp.json --at /variables/8"
check "computed: a recoded variable groups like a column, with its value labels" \
	"'$SK' compare '$P/qualtrics_text.csv' --codebook '$P/computed.codebook.csv' --y satisfaction --by age_group --format json > ag.json &&
	 [ \"\$('$JSONGET' ag.json /groups/2/label)\" = '55+' ]"
check "computed: prepare keeps the expression in the codebook, and re-read gives the same values" \
	"'$SK' prepare '$P/qualtrics_text.csv' --codebook '$P/computed.codebook.csv' --filter 'consent == 1' --filter 'speed >= 1/3' -o cp.csv > /dev/null &&
	 ! head -1 cp.csv | grep -q sat_gap && grep -q 'recode(age' cp.codebook.csv &&
	 '$SK' describe cp.csv --codebook cp.codebook.csv --format json > cp.json && '$JSONCMP' w_gap.json cp.json --at /variables/6"
sed 's/sat_1 - trust_1/sat_1 - trst_1/' "$P/computed.codebook.csv" > "$TMP/bad_compute.codebook.csv"
expect "computed: an unknown column in an expression names the line and the closest names" 3 "codebook '.*bad_compute.codebook.csv' line 16: compute of 'sat_gap' 'sat_1 - trst_1': unknown column 'trst_1' at character 9; did you mean 'trust_1'" -- \
	describe "$P/qualtrics_text.csv" --codebook "$TMP/bad_compute.codebook.csv"
sed 's/sat_1 - trust_1/sat_1 == trust_1/' "$P/computed.codebook.csv" > "$TMP/bool_compute.codebook.csv"
expect "computed: an expression must give a number" 3 "but a computed variable must be a number" -- \
	describe "$P/qualtrics_text.csv" --codebook "$TMP/bool_compute.codebook.csv"
sed 's/18-34=1/34-18=1/' "$P/computed.codebook.csv" > "$TMP/range_compute.codebook.csv"
expect "computed: a recode range runs upwards" 3 "runs from the smaller number to the larger" -- \
	describe "$P/qualtrics_text.csv" --codebook "$TMP/range_compute.codebook.csv"

# --- Qualtrics and SPSS details
check "qualtrics: the question-text row becomes the variable labels; free text is text, not a group" \
	"'$SK' codebook '$P/qualtrics_numeric.csv' -o q.codebook.csv 2> q.err &&
	 grep -q '^\"sat_1\",.*\"How do you feel about the way the shop handled your problem? - I am satisfied with how the shop handled it\"\$' q.codebook.csv &&
	 grep -q '^\"comment\",\"text\"' q.codebook.csv && grep -q \"'comment' taken as free text, not a group\" q.err"
check "qualtrics: a codebook's empty label takes the question text, its own label wins" \
	"'$SK' convert '$P/qualtrics_numeric.csv' ql.csv --codebook '$PCB' > /dev/null &&
	 grep -q '^\"sat_1\",.*I am satisfied with how the shop handled it\"\$' ql.codebook.csv &&
	 grep -q '^\"consent\",.*\"Consent\"\$' ql.codebook.csv"
check "convert: a name SPSS rejects is renamed, the mapping printed and the original kept as the label" \
	"'$SK' convert '$P/qualtrics_numeric.csv' q.sav --codebook '$PCB' --filter 'consent == 1' --format json > qs.json &&
	 [ \"\$('$JSONGET' qs.json /renamed/0/column)\" = 'Duration (in seconds)' ] &&
	 [ \"\$('$JSONGET' qs.json /renamed/0/spss_name)\" = 'Duration_in_seconds' ] &&
	 [ \"\$('$JSONGET' qs.json /output/rows)\" = 461 ] &&
	 '$SK' codebook q.sav 2>/dev/null | grep -q '^\"Duration_in_seconds\",\"numeric\",,\"no\",,,,,\"Duration (in seconds)\"\$'"
