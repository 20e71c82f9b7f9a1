# No output says nan or inf (issue 11): every command on a wave whose values reach 1e308, -1e308
# and 1e-308, with constant columns and a codebook range that gives only a min or only a max
# (tests/fixtures/extreme/), in every format, and the files that commands write. A value that
# cannot be computed is null (JSON), empty (CSV cells), '.' (tables) or 'n/a' (sentences), with a
# note; values beyond what sums of squares can hold are refused with one line (exit 1).
# Sourced by tests/cli/run.

XD="$FIX/extreme"
X="$XD/extreme.csv"
XCB="$XD/extreme.codebook.csv"
NAN_WORD='nan|inf|infinity'

# no_nan NAME -- ARGS...: in text, json, csv and markdown, exit 0 or 1 and no nan/inf on stdout or stderr.
no_nan() {
	local name=$1 fmt bad=""; shift 2
	for fmt in text json csv markdown; do
		run "$@" --format "$fmt"
		if [ "$rc" -gt 1 ]; then bad="$fmt: exit $rc $(head -c 200 "$TMP/err")"; break; fi
		if grep -qiwE "$NAN_WORD" "$TMP/out" "$TMP/err"; then
			bad="$fmt: $(grep -iwE "$NAN_WORD" "$TMP/out" "$TMP/err" | head -n 3)"; break
		fi
	done
	if [ -n "$bad" ]; then bad "$name" "$bad"; else ok; fi
}

for cb in "" "--codebook $XCB"; do
	t=${cb:+ (codebook)}
	no_nan "extreme: describe$t" -- describe "$X" $cb
	no_nan "extreme: describe --by$t" -- describe "$X" $cb --by scenario
	check "extreme: score$t" "'$SK' score '$X' $cb > s.csv && ! grep -qiwE '$NAN_WORD' s.csv"
	no_nan "extreme: reliability --validity$t" -- reliability "$X" $cb --validity
	no_nan "extreme: factor$t" -- factor "$X" $cb --items sat_1,sat_2,sat_3,tru_1,tru_2,tru_3
	no_nan "extreme: factor of the Likert items$t" -- factor "$X" $cb --items tru_1,tru_2,tru_3,inv_2,inv_3
	for y in big tiny neg const tru_3 inv_1; do
		no_nan "extreme: compare --y $y$t" -- compare "$X" $cb --y $y --by scenario
	done
	no_nan "extreme: compare two-way$t" -- compare "$X" $cb --y tru_3 --by scenario,gender
	no_nan "extreme: compare within$t" -- compare "$X" $cb --within tru_1,tru_2,tru_3
	no_nan "extreme: compare within, overflowing$t" -- compare "$X" $cb --within big,neg
	no_nan "extreme: compare mixed$t" -- compare "$X" $cb --within tru_1,tru_3,inv_1 --between gender
	no_nan "extreme: regress$t" -- regress "$X" $cb --y big --x neg,tiny
	no_nan "extreme: regress Likert$t" -- regress "$X" $cb --y tru_3 --x inv_2,inv_3 --by gender
	no_nan "extreme: regress on a constant$t" -- regress "$X" $cb --y tru_3 --x inv_1
	no_nan "extreme: moderate$t" -- moderate "$X" $cb --y big --x tru_3 --w neg --jn
	no_nan "extreme: moderate Likert$t" -- moderate "$X" $cb --y tru_3 --x inv_2 --w inv_3 --jn --boot 200 --seed 1
	no_nan "extreme: mediate$t" -- mediate "$X" $cb --y tru_3 --x inv_2 --m inv_3 --boot 200 --seed 1
	no_nan "extreme: mediate overflowing$t" -- mediate "$X" $cb --y big --x tru_3 --m neg --boot 200 --seed 1
	no_nan "extreme: correlate$t" -- correlate "$X" $cb --vars tru_1,tru_2,tru_3,inv_1,const
	no_nan "extreme: correlate overflowing$t" -- correlate "$X" $cb --vars big,tiny,neg
	no_nan "extreme: segment$t" -- segment "$X" $cb --on tru_3,inv_3 --outcomes tru_1,inv_1,big
	no_nan "extreme: segment kmeans$t" -- segment "$X" $cb --on tru_3,inv_3 --method kmeans --k 2 --outcomes inv_2
done
no_nan "extreme: scales of the codebook" -- compare "$X" --codebook "$XCB" --y satisfaction --by scenario
no_nan "extreme: a scale whose items sum past 1e308" -- regress "$X" --codebook "$XCB" --y satisfaction --x trust
check "extreme: a codebook range with only a min or only a max reads 'below'/'above'" \
	"'$SK' describe '$X' --codebook '$XCB' > d.txt &&
	 grep -q \"'tru_1': 1 value below 2 treated as missing (line 9: 1)\" d.txt &&
	 grep -q \"'tru_2': 2 values above 6 treated as missing (line 4: 7, line 6: 7)\" d.txt"
check "extreme: values beyond sums of squares are refused with one line, not 'does not vary'" \
	"'$SK' compare '$X' --y big --by scenario 2> e; [ \$? -eq 1 ] && [ \$(wc -l < e) -eq 1 ] &&
	 grep -q \"'big' has values up to 1.7e+308: sums of their squares exceed the double range\" e"
check "extreme: a scale score of items near 1e308 is their mean, not inf" \
	"'$SK' score '$X' --codebook '$XCB' --format json > s.json 2>&1; '$SK' score '$X' --codebook '$XCB' > s.csv &&
	 ! grep -qiwE '$NAN_WORD' s.csv && grep -q '^1,1,1,1e+308,' s.csv"
check "extreme: the files written by score, codebook, convert and report hold no nan or inf" \
	"'$SK' score '$X' --codebook '$XCB' -o s.csv && '$SK' codebook '$X' -o c.csv 2> /dev/null &&
	 '$SK' convert '$X' w.csv --codebook '$XCB' --scores > /dev/null &&
	 '$SK' convert '$X' w.sav --codebook '$XCB' > /dev/null && '$SK' convert w.sav b.csv > /dev/null &&
	 '$SK' codebook '$X' --codebook '$XCB' -o c2.csv 2> /dev/null &&
	 SURVEYKIT_GNUPLOT=none '$SK' report '$X' --codebook '$XCB' --out extreme-rep --scenario scenario --traits trust,involvement > /dev/null 2> e &&
	 ! grep -iwE '$NAN_WORD' s.csv c.csv c2.csv w.csv w.codebook.csv b.csv b.codebook.csv extreme-rep/report.md extreme-rep/report.txt \
		extreme-rep/results.json e"
check "extreme: waves on the same file twice" \
	"SURVEYKIT_GNUPLOT=none '$SK' waves '$X' '$X' --codebook '$XCB' --out extreme-waves > /dev/null 2> e &&
	 ! grep -riwE '$NAN_WORD' extreme-waves/waves.md extreme-waves/waves.txt extreme-waves/results.json extreme-waves/wave-1/report.md extreme-waves/wave-1/results.json e"

# the reliability flags come only from values that were computed: items that cancel out (x and
# 8 - x) have no alpha, and it is not 'alpha -inf is below .70'
printf 'id,a_1,a_2,b_1,b_2,b_3\n1,1,7,1,2,3\n2,2,6,2,2,4\n3,3,5,3,4,4\n4,4,4,5,5,6\n5,6,2,6,6,7\n' > "$TMP/cancel.csv"
check "extreme: alpha of items that cancel out is null with a warning, not 'alpha -inf is below .70'" \
	"'$SK' reliability '$TMP/cancel.csv' --format json > r.json && ! grep -q 'is below .70' r.json &&
	 grep -q \"scale 'a': alpha could not be computed: the sum of the items does not vary\" r.json &&
	 tr -d ' \n' < r.json | grep -q '\"name\":\"a\",\"k\":2,\"n\":5,\"alpha\":null'"

# regress: the outcome is not a predictor (exit 2 before the data are read)
expect "regress: --y among --x" 2 "^surveykit: 'sat' is the outcome --y and cannot also be a predictor \(--x\)$" -- \
	regress nosuch.csv --y sat --x sat
expect "regress: --y among --cov" 2 "'sat' is the outcome --y and cannot also be a predictor \(--cov\)" -- \
	regress nosuch.csv --y sat --x a --cov sat
expect "regress: --y in a block" 2 "'sat' is the outcome --y and cannot also be a predictor \(--blocks\)" -- \
	regress nosuch.csv --y sat --blocks "a;sat"
expect "regress: a predictor twice" 2 "predictor 'a' is named twice" -- regress nosuch.csv --y sat --x a,b --cov a
