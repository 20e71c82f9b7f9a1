# Foundation: reading waves in their real-world shapes, the codebook, describe, simulate, the
# command line and its exit codes. Sourced by tests/cli/run.

B="$FIX/bad"
F="$FIX/formats"

# --- one wave saved four ways gives the same results (the file name and Qualtrics note aside)
for v in semicolon-crlf-bom qualtrics quoted; do
	check "formats: $v reads like clean.csv" \
		"'$SK' describe '$F/clean.csv' --codebook '$F/wave.codebook.csv' --format json | grep -v -e '\"file\"' > a.json &&
		 '$SK' describe '$F/$v.csv' --codebook '$F/wave.codebook.csv' --format json | grep -v -e '\"file\"' -e 'Qualtrics export' > b.json &&
		 diff a.json b.json"
done
check "formats: qualtrics header rows are reported" \
	"'$SK' describe '$F/qualtrics.csv' --codebook '$F/wave.codebook.csv' | grep -q 'Qualtrics export: its 2 extra header rows were skipped'"
check "formats: --delimiter given explicitly" \
	"'$SK' describe '$F/semicolon-crlf-bom.csv' --codebook '$F/wave.codebook.csv' --delimiter ';' --format json | grep -q '\"rows\": 40'"

# --- describe on the bundled sample agrees with R (scripts/ref/describe_sample.R)
jsonmatch "describe: bundled sample vs R psych::describe" "$EXPECTED/describe-wave-between.json" -- \
	describe "$PWD/data/wave-between.csv" --codebook "$PWD/data/wave-between.codebook.csv"
check "describe: --by scenario uses the value labels" \
	"'$SK' describe '$OLDPWD/data/wave-between.csv' --codebook '$OLDPWD/data/wave-between.codebook.csv' --by scenario | grep -q 'Full recovery'"
check "describe: markdown has tables" \
	"'$SK' describe '$OLDPWD/data/wave-between.csv' --codebook '$OLDPWD/data/wave-between.codebook.csv' --format markdown | grep -q '^| name |'"
check "describe: csv output holds every scale" \
	"[ \$('$SK' describe '$OLDPWD/data/wave-between.csv' --codebook '$OLDPWD/data/wave-between.codebook.csv' --format csv | grep -c '^Scales,') -eq 5 ]"
check "describe: without a codebook the scales are inferred and reported" \
	"'$SK' describe '$OLDPWD/data/wave-between.csv' | grep -q \"scale 'sat' inferred from sat_1\""
check "describe: -o writes the file" \
	"'$SK' describe '$OLDPWD/data/wave-between.csv' -o out.txt && grep -q '^Scales' out.txt && ! ls out.txt.tmp-* 2>/dev/null"
check "describe: out-of-range values are counted and reported" \
	"'$SK' describe '$B/out-of-range.csv' --codebook '$B/range.codebook.csv' --format json > r.json &&
	 grep -q \"'sat_1': 1 value outside 1..7 treated as missing (line 3: 9)\" r.json &&
	 grep -q \"'sat_2': 1 value outside 1..7 treated as missing (line 4: 0)\" r.json"
check "describe: duplicate ids and straight-lining are flagged" \
	"printf 'id,a_1,a_2,a_3,a_4\n1,3,3,3,3\n2,1,2,3,4\n2,2,3,4,4\n3,1,,,\n' > q.csv &&
	 '$SK' describe q.csv --format json > q.json &&
	 grep -q '\"duplicate_ids\": 1' q.json && grep -q '\"straight_lining\": 1' q.json && grep -q '\"many_missing\": 1' q.json"
check "describe: --min-items accepts partial responses" \
	"'$SK' describe '$B/all-missing-scale.csv' --min-items 1 --missing 999 --format json | grep -q '\"name\": \"trust\"' ||
	 '$SK' describe '$B/all-missing-scale.csv' --min-items 1 2>&1 | grep -q 'sat'"

# --- bad input: one line, the documented exit code, nothing written
expect "missing file" 3 "^surveykit: cannot open '.*nope.csv': No such file or directory$" -- describe "$FIX/nope.csv"
expect "empty file" 3 "'.*empty.csv' is empty$" -- describe "$B/empty.csv"
expect "header only" 3 "header-only.csv' has a header but no data rows$" -- describe "$B/header-only.csv"
expect "ragged row" 3 "ragged.csv' line 3: row has 2 fields, the header has 3$" -- describe "$B/ragged.csv"
expect "unterminated quote" 3 "unterminated.csv' line 3: unterminated quoted field \\(its quote is never closed\\)$" -- describe "$B/unterminated.csv"
expect "text in a numeric item" 3 "text-in-item.csv' line 3, column 'sat_1': 'abc' is not a number$" -- \
	describe "$B/text-in-item.csv" --codebook "$B/sat.codebook.csv"
expect "codebook names an absent column" 3 "codebook '.*absent-column.codebook.csv' line 5: column 'sat_3' is not in" -- \
	describe "$B/text-in-item.csv" --codebook "$B/absent-column.codebook.csv"
expect "duplicate column names" 3 "line 1: duplicate column name 'sat_1' \(columns 2 and 3\)$" -- describe "$B/duplicate-columns.csv"
expect "scale with one item" 3 "scale 'satisfaction' has only one item \('sat_1'\)" -- \
	describe "$B/text-in-item.csv" --codebook "$B/one-item-scale.codebook.csv"
expect "all values missing in a scale" 1 "scale 'sat' has no respondent|every value of item 'sat_1' of scale 'sat' is missing" -- \
	describe "$B/all-missing-scale.csv"
expect "codebook: min above max" 3 "bad-range.codebook.csv' line 2: bad range for 'sat_1': min 7 is not below max 1$" -- \
	describe "$B/text-in-item.csv" --codebook "$B/bad-range.codebook.csv"
expect "codebook: a column listed twice" 3 "column 'id' is listed twice \(lines 2 and 3\)$" -- \
	describe "$B/text-in-item.csv" --codebook "$B/duplicate-entry.codebook.csv"
head -c 100000000 /dev/zero | tr '\0' 'a' > "$TMP/huge-field.csv"
expect "a 100 MB single field" 3 "huge-field.csv' line 1: a field is longer than 1048576 bytes \(raise the limit with --max-field\)$" -- \
	describe "$TMP/huge-field.csv"
rm -f "$TMP/huge-field.csv"
expect "error writes no output file" 3 "is not a number" -- \
	describe "$B/text-in-item.csv" --codebook "$B/sat.codebook.csv" -o never.txt
check "error leaves no output file behind" "[ ! -e never.txt ] && ! ls never.txt.tmp-* 2>/dev/null"

# --- command line
check "no command prints usage, exit 2" "'$SK' > o.txt 2> e.txt; [ \$? -eq 2 ] && grep -q '^usage: surveykit COMMAND' e.txt && [ ! -s o.txt ]"
expect "unknown command" 2 "unknown command 'frobnicate'" -- frobnicate
expect "unknown option" 2 "unknown option '--bogus'" -- describe x.csv --bogus
expect "option without value" 2 "option '--by' needs a value" -- describe x.csv --by
expect "bad format" 2 "unknown format 'yaml'" -- describe x.csv --format yaml
expect "two data files" 2 "takes one data file, got 2" -- describe a.csv b.csv
check "--version" "'$SK' --version | grep -Eq '^surveykit [0-9]+\.[0-9]+\.[0-9]+$'"
check "--help for a command lists its options" "'$SK' describe --help | grep -q -- '--by VAR'"
if [ -w /dev/full ]; then
	check "a full disk on stdout is exit 4" \
		"'$SK' describe '$OLDPWD/data/wave-between.csv' > /dev/full 2> err.txt; [ \$? -eq 4 ] && grep -q 'cannot write' err.txt"
fi

# --- simulate: same seed, same file; a codebook written beside the data
check "simulate: same seed gives the same file" \
	"'$SK' simulate --n 50 --seed 5 -o a.csv && '$SK' simulate --n 50 --seed 5 -o b.csv && cmp a.csv b.csv && [ -s a.codebook.csv ]"
check "simulate: different seeds differ" \
	"'$SK' simulate --n 50 --seed 5 -o a.csv && '$SK' simulate --n 50 --seed 6 -o c.csv && ! cmp -s a.csv c.csv"
check "simulate: within design reads back with its codebook" \
	"'$SK' simulate --design within --n 30 -o w.csv && '$SK' describe w.csv --codebook w.codebook.csv | grep -q satisfaction_s3"
expect "simulate: bad design" 2 "--design must be between or within" -- simulate --design mixed

# --- score: the scale scores as R's rowMeans gives them (scripts/ref/score_sample.R)
check "score: bundled sample equals R rowMeans" \
	"'$SK' score '$OLDPWD/data/wave-between.csv' --codebook '$OLDPWD/data/wave-between.codebook.csv' --keep ids > s.csv &&
	 cut -d, -f1,4- s.csv > got.csv &&
	 awk -F, 'NR == FNR { for (i = 1; i <= NF; i++) want[FNR, i] = \$i; n = FNR; next }
		  { for (i = 1; i <= NF; i++) { w = want[FNR, i]; g = \$i
		      if ((w == \"\") != (g == \"\")) exit 1
		      if (w != \"\" && FNR > 1 && (g - w > 1e-12 || w - g > 1e-12)) exit 1 } }
		  END { exit FNR != n }' '$EXPECTED/score-wave-between.csv' got.csv"
check "score: --keep all writes every column before the scores" \
	"'$SK' score '$OLDPWD/data/wave-between.csv' --codebook '$OLDPWD/data/wave-between.codebook.csv' --keep all | head -1 | grep -q '^id,scenario,age,gender,inv_1,.*,pwom_4,involvement,trust,satisfaction,negemo,pwom$'"
expect "score: no scales" 1 "has no scales to score" -- score "$FIX/compare/one_case.csv"
check "score, describe, reliability: the same output on one processor (taskset -c 0) as on all" \
	"command -v taskset > /dev/null || exit 0
	 '$SK' simulate --n 30000 --seed 3 -o big.csv > /dev/null &&
	 '$SK' score big.csv --codebook big.codebook.csv -o all.csv && taskset -c 0 '$SK' score big.csv --codebook big.codebook.csv -o one.csv &&
	 cmp all.csv one.csv &&
	 for c in describe 'describe --by scenario' reliability 'reliability --by gender'; do
	   '$SK' \$c big.csv --codebook big.codebook.csv --format json > all.json &&
	   taskset -c 0 '$SK' \$c big.csv --codebook big.codebook.csv --format json > one.json && cmp all.json one.json || exit 1
	 done"
check "score: a stray word in an item is a missing cell, said on stderr with its line (not a lost scale)" \
	"'$SK' score '$FIX/bad/text-in-item.csv' > s.csv 2> s.err && [ \"\$(tr '\\n' ' ' < s.csv)\" = 'id,sat 1,3.5 2, 3,4 ' ] &&
	 grep -q \"^surveykit: note: 'sat_1': 1 cell that is not a number (line 3) taken as missing\" s.err &&
	 grep -q \"^surveykit: note: scale 'sat' (an empty score): 1 of 3 rows left out: sat_1 not a number (1)\$\" s.err &&
	 '$SK' score '$FIX/bad/text-in-item.csv' --quiet 2> q.err > /dev/null && [ ! -s q.err ]"
