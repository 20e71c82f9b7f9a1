# waves: measurement invariance across the waves before their means (analysis/report/
# waves_invariance.c). The table's numbers are those of `surveykit cfa STACKED --group wave
# --invariance` on the file `surveykit stack` writes (that command is tested against lavaan and
# semTools in cfa.sh), compared here as printed; two simulated waves are invariant at the scalar
# step, a copy of wave 2 with sat_1 raised by 2 (capped at 7) is not.
"$SK" simulate --n 600 --seed 1 -o "$TMP/wi1.csv" >/dev/null && "$SK" simulate --n 600 --seed 2 -o "$TMP/wi2.csv" >/dev/null
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sat_1") c = i; print; next }
	{ if ($c != "") { $c += 2; if ($c > 7) $c = 7 } print }' "$TMP/wi2.csv" >"$TMP/wi2s.csv"

# wi_rows FILE: the configural, metric and scalar rows of an invariance table, spaces squeezed
wi_rows() { grep -E '^  (configural|metric|scalar) ' "$1" | tr -s ' '; }

for v in same:wi2 shifted:wi2s; do
	name=${v%%:*} w2=${v#*:}
	run waves wi1.csv "$w2.csv" --codebook wi1.codebook.csv --out "wi-$name" --quiet
	if [ "$rc" -ne 0 ]; then bad "waves invariance ($name): exit $rc" "$(cat "$TMP/err")"; continue; fi
	ok
	check "waves invariance ($name): the table equals cfa --group wave --invariance on the stacked waves" \
		"'$SK' stack wi1.csv $w2.csv --codebook wi1.codebook.csv -o wi-$name.csv >/dev/null &&
		 '$SK' cfa wi-$name.csv --codebook wi1.codebook.csv --group wave --invariance >wi-$name.cfa &&
		 sed -n '/^Measurement invariance across waves/,/^\$/p' wi-$name/waves.txt >wi-$name.table &&
		 [ \$(wi_rows wi-$name.table | wc -l) -eq 3 ] && diff <(wi_rows wi-$name.table) <(wi_rows wi-$name.cfa)"
	check "waves invariance ($name): in waves.md, waves.html and results.json, and no work files left" \
		"grep -q 'Measurement invariance across waves' wi-$name/waves.md && grep -q 'Measurement Invariance Across Waves\|Measurement invariance across waves' wi-$name/waves.html &&
		 grep -q '\"measurement_invariance_across_waves\"' wi-$name/results.json &&
		 grep -q 'CFI drops by more than .01 (Cheung & Rensvold 2002) or RMSEA rises by more than .015 (Chen 2007)' wi-$name/waves.txt &&
		 [ -z \"\$(find wi-$name -name '.*' ! -name . ! -name ..)\" ]"
done
check "waves invariance: two simulated waves rest on full scalar invariance" \
	"grep -E '^  scalar .* supported *\$' wi-same/waves.txt | grep -qv 'not supported' &&
	 grep -q 'The comparison of the means rests on full scalar invariance across the waves' wi-same/waves.txt"
check "waves invariance: an item shifted in wave 2 is detected at the scalar step, the sentence says partial" \
	"grep -E '^  metric .* supported *\$' wi-shifted/waves.txt | grep -qv 'not supported' &&
	 grep -qE '^  scalar .* not supported *\$' wi-shifted/waves.txt &&
	 grep -q 'rests on partial invariance only: the loadings are equal across the waves (metric invariance), the item intercepts are not' wi-shifted/waves.txt &&
	 grep -q 'read the comparison of the means with caution' wi-shifted/waves.md &&
	 grep -q 'rests on partial invariance only' wi-shifted/waves.html && grep -q 'rests on partial invariance only' wi-shifted/results.json"

# too few rows for a multi-group CFA: a note naming the step and the item, never a failure
"$SK" simulate --n 20 --seed 3 -o "$TMP/wt1.csv" >/dev/null && "$SK" simulate --n 20 --seed 4 -o "$TMP/wt2.csv" >/dev/null
run waves wt1.csv wt2.csv --codebook wt1.codebook.csv --out wi-tiny --quiet
if [ "$rc" -ne 0 ]; then bad "waves invariance (too few rows): exit $rc" "$(cat "$TMP/err")"; else ok; fi
check "waves invariance (too few rows): a note and a cautious sentence, the means still compared" \
	"grep -q \"the configural model could not be fitted: the sample covariance matrix in group 'wave-1' is not positive definite\" wi-tiny/waves.txt &&
	 grep -q 'could not be tested to the scalar step' wi-tiny/waves.txt && grep -q '^Means' wi-tiny/waves.txt"
