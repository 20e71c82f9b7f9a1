# waves: a difference that cannot be computed is null in the summary of changes, as in its own
# table, never 0. Wave 2's negemo items are all 4: its alpha is undefined, and so is the alpha
# difference of the pair (its mean difference is defined).
"$SK" simulate --seed 101 --n 60 -o "$TMP/wu1.csv" >/dev/null && "$SK" simulate --seed 102 --n 60 -o "$TMP/wu2.csv" >/dev/null
awk -F, 'BEGIN { OFS = "," } NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^neg_/) neg[i] = 1; print; next }
	{ for (i in neg) $i = 4; print }' "$TMP/wu2.csv" >"$TMP/wu2c.csv"
run waves wu1.csv wu2c.csv --codebook wu1.codebook.csv --out wu --quiet
if [ "$rc" -ne 0 ]; then bad "waves undefined difference: exit $rc" "$(cat "$TMP/err")"; else ok; fi
check "waves: an undefined alpha difference is null in the changes, with its note, not 0" \
	"[ \"\$('$JSONGET' wu/results.json /alpha_pairs/3/scale)\" = negemo ] &&
	 [ \"\$('$JSONGET' wu/results.json /alpha_pairs/3/diff)\" = null ] &&
	 [ \"\$('$JSONGET' wu/results.json /changes/7/what)\" = alpha ] &&
	 [ \"\$('$JSONGET' wu/results.json /changes/7/scale)\" = negemo ] &&
	 [ \"\$('$JSONGET' wu/results.json /changes/7/diff)\" = null ] &&
	 [ \"\$('$JSONGET' wu/results.json /changes/7/changed)\" = false ] &&
	 [ \"\$('$JSONGET' wu/results.json /changes/6/diff)\" != null ] &&
	 grep -q \"changes: diff could not be computed (null) for 1 row ('alpha')\" wu/waves.txt"
check "waves: waves.txt shows the undefined difference as undefined, not 0" \
	"grep -Eq '^  alpha +negemo +wave-1 +wave-2 +\. ' wu/waves.txt && ! grep -Eq '^  alpha +negemo .* 0\.0000 ' wu/waves.txt"
