# SPSS, Stata and SAS files (issue 7): the bundled wave saved by haven and by PSPP reads like the
# CSV with its codebook; codebook, convert and reshape; damaged files. Sourced by tests/cli/run.
# Fixtures: scripts/ref/make_sav.R (haven) and scripts/ref/make_sav.sps, make_wave_sav.sps (PSPP).

R="$PWD"
S="$FIX/sav"
W="$R/data/wave-between.csv"
WCB="$R/data/wave-between.codebook.csv"

# --- the bundled wave as .sav (haven, PSPP) and .dta (haven) gives the same results as the CSV
# (all that may differ is the file name; without a codebook, the file's value labels show)
for f in wave-between.sav wave-between-pspp.sav wave-between.dta; do
	check "readstat: describe $f with the codebook equals the CSV" \
		"'$SK' describe '$W' --codebook '$WCB' --format json | grep -v '\"file\"' > a.json &&
		 '$SK' describe '$S/$f' --codebook '$WCB' --format json | grep -v '\"file\"' > b.json && diff a.json b.json"
	check "readstat: describe $f --by scenario equals the CSV" \
		"'$SK' describe '$W' --codebook '$WCB' --by scenario --format json | grep -v '\"file\"' > a.json &&
		 '$SK' describe '$S/$f' --codebook '$WCB' --by scenario --format json | grep -v '\"file\"' > b.json && diff a.json b.json"
	check "readstat: describe $f without a codebook uses its value labels" \
		"'$SK' describe '$W' --format json | grep -v -e '\"file\"' -e '\"label\"' > a.json &&
		 '$SK' describe '$S/$f' --format json > b0.json && grep -v -e '\"file\"' -e '\"label\"' b0.json > b.json &&
		 diff a.json b.json && grep -q '\"label\": \"Full recovery\"' b0.json && grep -q '\"label\": \"Female\"' b0.json"
done
# the analyses join in as they reach main
for cmd in "reliability" "compare --y satisfaction --by scenario --posthoc tukey" \
	"moderate --y satisfaction --x scenario --w involvement"; do
	name=${cmd%% *}
	if "$SK" "$name" --help >/dev/null 2>&1; then
		for f in wave-between.sav wave-between-pspp.sav wave-between.dta; do
			check "readstat: $name on $f equals the CSV" \
				"'$SK' $cmd '$W' --codebook '$WCB' --format json | grep -v '\"file\"' > a.json &&
				 '$SK' $cmd '$S/$f' --codebook '$WCB' --format json | grep -v '\"file\"' > b.json && diff a.json b.json"
		done
	fi
done
check "readstat: user-missing -99 in the haven file is missing, never data" \
	"'$SK' describe '$S/wave-between.sav' --format json | grep -A3 '\"item\": \"pwom_3\"' | grep -q '\"n_missing\": 11'"
check "readstat: a nominal labelled variable is a group even in few cases" \
	"'$SK' describe '$S/nominal.sav' --format json > n.json && grep -q \"'cond' taken as a group (4 values)\" n.json &&
	 grep -q '\"label\": \"D\"' n.json"
check "readstat: SAS file" \
	"'$SK' describe '$S/small.sas7bdat' --format json | grep -q '\"rows\": 6'"
expect "readstat: a PSPP portable file ReadStat cannot parse" 3 \
	"^surveykit: cannot read '.*pspp.por' \(SPSS portable file\): .*invalid file, or file has unsupported features\)$" -- \
	describe "$S/pspp.por"

# --- damaged files: exit 3, one line, no crash
for n in 0 3 100 500 1000 5000 20000 27000; do
	check "readstat: .sav cut at $n bytes is exit 3" \
		"head -c $n '$S/wave-between.sav' > cut.sav && { '$SK' describe cut.sav > out 2> err; [ \$? -eq 3 ]; } &&
		 [ ! -s out ] && [ \$(wc -l < err) -eq 1 ] && grep -Eq \"cannot read 'cut.sav'|is empty|no data rows\" err"
done
check "readstat: a .sav cut in its data section" "head -c 27000 '$S/wave-between.sav' > data-cut.sav"
expect "readstat: truncated data section" 3 \
	"^surveykit: cannot read 'data-cut.sav' \(SPSS system file\): the file is truncated or corrupt" -- \
	describe data-cut.sav
for off in 4 64 72 80 92 200; do
	check "readstat: .sav with a flipped header byte at $off fails cleanly" \
		"cp '$S/wave-between.sav' bad.sav && printf '\\377' | dd of=bad.sav bs=1 seek=$off conv=notrunc 2>/dev/null &&
		 { '$SK' describe bad.sav --format json > out 2> err; rc=\$?; } ;
		 { [ \$rc -eq 0 ] && [ ! -s err ]; } || { [ \$rc -eq 3 ] && [ ! -s out ] && [ \$(wc -l < err) -eq 1 ]; }"
done
check "readstat: a header claiming 2^31 cases is refused before allocating" \
	"cp '$S/labels-plain.sav' big.sav && printf '\\377\\377\\377\\177' | dd of=big.sav bs=1 seek=80 conv=notrunc 2>/dev/null &&
	 '$SK' describe big.sav 2>&1 | grep -q 'states 2147483647 cases, more than the limit'"
check "readstat: a cut Stata file is exit 3" \
	"head -c 80000 '$S/wave-between.dta' > cut.dta && { '$SK' describe cut.dta 2> err; [ \$? -eq 3 ]; } &&
	 grep -q 'truncated or corrupt' err"

# --- codebook: a starting codebook from a .sav or a CSV
check "codebook: from a .sav holds its labels and missing codes" \
	"'$SK' codebook '$S/wave-between.sav' > cb.csv &&
	 grep -q '^\"scenario\",\"group\",,\"no\",,,,\"1=Fix only;2=Fix + apology;3=Full recovery\",\"Recovery scenario\"$' cb.csv &&
	 grep -q '^\"inv_4\",\"item\",\"inv\",\"no\",\"1\",\"7\",\"-99\",\"1=Strongly disagree;7=Strongly agree\",' cb.csv"
check "codebook: from a .sav with ranges (PSPP)" \
	"'$SK' codebook '$S/pspp.sav' --quiet > cb.csv 2> err && [ ! -s err ] &&
	 grep -q '\"99;lo thru -1\"' cb.csv && grep -q '\"90 thru hi\"' cb.csv"
check "codebook: missing ranges read back as the file states them" \
	"'$SK' codebook '$S/pspp.sav' --quiet > cb.csv && '$SK' describe '$S/pspp.sav' --format json | grep -v 'no codebook' > a.json &&
	 '$SK' describe '$S/pspp.sav' --codebook cb.csv --format json > b.json && diff a.json b.json &&
	 grep -q '\"n_missing\": 3' b.json"
expect "codebook: two missing ranges" 3 "line 2: missing code '3 thru 4' of 'sat_1' is not a number or a range such as 90 thru 99 \(one range at most\)$" -- \
	describe "$S/pspp.sav" --codebook "$S/two-ranges.codebook.csv"
check "codebook: from a CSV holds the inference, and reads back" \
	"'$SK' codebook '$W' -o cb.csv 2> notes && grep -q \"scale 'sat' inferred\" notes &&
	 grep -q '^\"sat_3\",\"item\",\"sat\",\"no\",\"1\",\"7\",,,$' cb.csv &&
	 '$SK' describe '$W' --codebook cb.csv --format json | grep -q '\"name\": \"sat\"'"
check "codebook: a given codebook comes back unchanged" \
	"'$SK' codebook '$W' --codebook '$WCB' > cb.csv && diff '$WCB' cb.csv"
expect "codebook: two data files" 2 "takes one data file, got 2" -- codebook "$W" "$W"

# --- convert: CSV <-> .sav keeps every value, label and code (ReadStat both ways)
check "convert: CSV -> .sav -> CSV gives back the same data and codebook" \
	"'$SK' convert '$W' w.sav --codebook '$WCB' > log && grep -q 'w.sav' log &&
	 '$SK' convert w.sav back.csv > /dev/null && cmp '$W' back.csv && diff '$WCB' back.codebook.csv"
check "convert: CSV -> .zsav -> CSV too" \
	"'$SK' convert '$W' w.zsav --codebook '$WCB' > /dev/null && head -c 4 w.zsav | grep -q 'FL3' &&
	 '$SK' convert w.zsav back.csv > /dev/null && cmp '$W' back.csv && diff '$WCB' back.codebook.csv"
check "convert: haven .sav -> CSV -> .sav -> CSV is stable, codes kept" \
	"'$SK' convert '$S/wave-between.sav' a.csv > /dev/null && '$SK' convert a.csv a.sav > /dev/null &&
	 '$SK' convert a.sav b.csv > /dev/null && cmp a.csv b.csv && diff a.codebook.csv b.codebook.csv &&
	 grep -c -- '-99' a.csv | grep -q '^[1-9]' && grep -q '\"-99\",\"1=Strongly disagree;7=Strongly agree\"' a.codebook.csv"
check "convert: a converted .sav analyses like the CSV without its codebook" \
	"'$SK' convert '$W' w.sav --codebook '$WCB' > /dev/null &&
	 '$SK' describe '$W' --codebook '$WCB' --format json | grep -v '\"file\"' > a.json &&
	 '$SK' describe w.sav --format json | grep -v -e '\"file\"' -e 'as stated in' > b.json && diff a.json b.json"
check "convert: --scores appends the scale scores" \
	"'$SK' convert '$W' s.csv --codebook '$WCB' --scores --format json > log.json &&
	 grep -q '\"satisfaction_score\"' log.json && head -1 s.csv | grep -q ',pwom_score$' &&
	 sed -n 2p s.csv | grep -q ',4.6,4.2,3.25,4.25$'"
check "convert: --missing codes are declared, not lost" \
	"printf 'id,q_1,q_2\n1,3,-9\n2,-9,4\n3,5,5\n' > m.csv && '$SK' convert m.csv m.sav --missing -9 > /dev/null &&
	 '$SK' convert m.sav m2.csv > /dev/null && grep -q -- '-9' m2.csv && grep -q '^\"q_1\",\"item\",\"q\",\"no\",,,\"-9\",,$' m2.codebook.csv"
check "convert: a Stata file to CSV" \
	"'$SK' convert '$S/wave-between.dta' d.csv > /dev/null && cmp '$W' d.csv"
check "convert: a name SPSS cannot take is renamed (issue 13), the original kept as its label" \
	"'$SK' convert '$FIX/sav/bad-name.csv' o.sav > o.txt && grep -q 'my var  *my_var' o.txt &&
	 '$SK' codebook o.sav 2>/dev/null | grep -q '^\"my_var\",.*\"my var\"\$'"
check "convert: nothing is left behind after a failure" "! '$SK' convert '$FIX/sav/bad-name.csv' o2.sav --filter 'nope == 1' 2>/dev/null && [ ! -e o2.sav ] && ! ls o2.sav.tmp-* 2>/dev/null"
expect "convert: an unwritable directory is exit 4" 4 "no/such/dir" -- convert "$W" no/such/dir/x.sav
expect "convert: an unknown output extension" 2 "writes a file named .csv, .sav, .zsav or .por, not 'x.xlsx'" -- convert "$W" x.xlsx
expect "convert: one file" 2 "takes IN and OUT, got 1 file" -- convert "$W"
check "convert: PSPP opens the written .sav and sees the labels and codes" \
	"if ! command -v pspp >/dev/null 2>&1; then echo 'skipped: pspp is not installed' >&2; exit 0; fi
	 '$SK' convert '$S/wave-between.sav' p.sav > /dev/null &&
	 printf \"GET FILE='p.sav'.\\nDISPLAY DICTIONARY /VARIABLES=scenario inv_1.\\n\" > d.sps && pspp d.sps > d.txt &&
	 grep -q 'Recovery scenario' d.txt && grep -q 'Fix + apology' d.txt && grep -q 'Strongly disagree' d.txt &&
	 grep -q -- '-99' d.txt && grep -q 'Nominal' d.txt"

# --- reshape: wide <-> long
WW="$R/data/wave-within.csv"
WWCB="$R/data/wave-within.codebook.csv"
check "reshape: wide -> long -> wide gives back the wave" \
	"'$SK' reshape '$WW' long.csv --to long --codebook '$WWCB' --labels '1=Fix only;2=Fix + apology;3=Full recovery' > log &&
	 [ \$(wc -l < long.csv) -eq 1201 ] && head -1 long.csv | grep -q ',scenario,sat_1,sat_2,sat_3,neg_1,' &&
	 grep -q '^\"sat_2\",\"item\",\"satisfaction\",\"yes\"' long.codebook.csv &&
	 '$SK' reshape long.csv wide.csv --to wide --codebook long.codebook.csv > /dev/null && cmp '$WW' wide.csv"
check "reshape: the long wave is analysed by scenario with its labels" \
	"'$SK' reshape '$WW' long.csv --to long --codebook '$WWCB' --labels '1=Fix only;2=Fix + apology;3=Full recovery' > /dev/null &&
	 '$SK' describe long.csv --codebook long.codebook.csv --by scenario | grep -q 'Fix + apology'"
check "reshape: labels that differ by condition are reported" \
	"'$SK' reshape '$WW' long.csv --to long --codebook '$WWCB' | grep -q \"take the variable label of condition 1\""
if "$SK" compare --help >/dev/null 2>&1; then
	check "reshape: a long .sav back to wide runs the within-subjects comparison as the original" \
		"'$SK' reshape '$WW' long.sav --to long --codebook '$WWCB' > /dev/null &&
		 '$SK' reshape long.sav wide.sav --to wide > /dev/null &&
		 '$SK' compare '$WW' --codebook '$WWCB' --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --format json |
			grep -v -e '\"file\"' > a.json &&
		 '$SK' compare wide.sav --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --format json |
			grep -v -e '\"file\"' -e 'as stated in' > b.json && diff a.json b.json"
fi
check "reshape: to .sav directly" \
	"'$SK' reshape '$WW' long.sav --to long --codebook '$WWCB' > /dev/null && '$SK' describe long.sav --format json | grep -q '\"rows\": 1200'"
expect "reshape: --to is required" 2 "reshape needs --to long or --to wide" -- reshape "$WW" x.csv
expect "reshape: no condition tokens" 3 "no column name carries a condition token like 'sat_x1_1' \(--marker x\)" -- \
	reshape "$WW" x.csv --to long --marker x
expect "reshape: a long file without the index" 3 "no column named 'scenario' \(--index\)" -- reshape "$WW" x.csv --to wide
expect "reshape: bad --labels" 2 "--labels wants VALUE=LABEL" -- reshape "$WW" x.csv --to long --labels 'Fix only'

# --- portable files (ReadStat writes them; PSPP's own cannot be read by ReadStat 1.1.8)
check "convert: CSV -> .por -> CSV keeps the values (names in upper case)" \
	"'$SK' convert '$W' w.por --codebook '$WCB' > /dev/null && '$SK' convert w.por p.csv > /dev/null &&
	 head -1 p.csv | grep -q '^ID,SCENARIO,AGE,' && tail -n +2 p.csv > a && tail -n +2 '$W' > b && cmp a b"
expect "convert: text a portable file cannot hold" 3 \
	"^surveykit: cannot write 'l.por': column 'city' holds 'Z.*rich', but a portable file holds printable ASCII only \(write .sav instead\)$" -- \
	convert "$S/labels.sav" l.por
