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
