# reliability and factor (issue 3). Expected JSON from scripts/ref/reliability.R (psych::alpha,
# psych::omega, psych::fa, psych::KMO, psych::cortest.bartlett).
BFI="$FIX/bfi.csv"; BFI_CB="$FIX/bfi.codebook.csv"
EDGE="$FIX/rel_edge.csv"; EDGE_CB="$FIX/rel_edge.codebook.csv"

jsonmatch reliability-bfi "$EXPECTED/reliability_bfi.json" -- reliability "$BFI" --codebook "$BFI_CB" --validity
jsonmatch reliability-bfi-by-gender "$EXPECTED/reliability_bfi_by_gender.json" -- \
	reliability "$BFI" --codebook "$BFI_CB" --by gender
jsonmatch reliability-wave-between "$EXPECTED/reliability_wave_between.json" -- \
	reliability "$FIX/../../data/wave-between.csv" --codebook "$FIX/../../data/wave-between.codebook.csv"
for rot in varimax promax oblimin; do
	jsonmatch "factor-bfi-$rot" "$EXPECTED/factor_bfi_$rot.json" -- \
		factor "$BFI" --codebook "$BFI_CB" --factors 5 --rotation "$rot"
done
same factor-items-equal-codebook -- factor "$BFI" --codebook "$BFI_CB" --factors 5 -- \
	factor "$BFI" --codebook "$BFI_CB" --factors 5 --items A1,A2,A3,A4,A5,C1,C2,C3,C4,C5,E1,E2,E3,E4,E5,N1,N2,N3,N4,N5,O1,O2,O3,O4,O5
check reliability-one-scale '"$SK" reliability "$BFI" --codebook "$BFI_CB" --scale neuroticism --format json | grep -q "\"name\": \"neuroticism\"" && [ "$("$SK" reliability "$BFI" --codebook "$BFI_CB" --scale neuroticism --format json | grep -c "\"name\":")" -eq 1 ]'
check reliability-text-reads-like-spss '"$SK" reliability "$BFI" --codebook "$BFI_CB" | grep -q "alpha if deleted"'
check reliability-flags-low-alpha '"$SK" reliability "$BFI" --codebook "$BFI_CB" --scale openness --format json | grep -q "alpha 0.6[0-9]* is below .70"'
check reliability-flags-unreversed-item '"$SK" reliability "$BFI" --codebook "$FIX/bfi.unreversed.codebook.csv" --scale agree | grep -q "item .A1. correlates negatively"'

# edge cases
expect reliability-one-respondent 1 "cannot compute reliability: scale 'lonely' has 1 complete respondent: reliability needs at least 2" -- \
	reliability "$EDGE" --codebook "$EDGE_CB" --scale lonely
expect reliability-unknown-scale 3 "no scale named 'nope'" -- reliability "$EDGE" --codebook "$EDGE_CB" --scale nope
expect reliability-constant-item 0 "" -- reliability "$EDGE" --codebook "$EDGE_CB" --scale constant
check reliability-constant-item-dropped '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --scale constant --format json | tr -d " \n" | grep -q "\"dropped\":\\[\"c_2\"\\]"'
check reliability-constant-item-warning '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --scale constant | grep -q "item .c_2. has no variance (every one of the 12 respondents has 3) and was removed"'
check reliability-perfect-items '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --scale perfect | grep -q "items .p_1. and .p_3. are perfectly correlated"'
check reliability-perfect-omega-null '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --scale perfect --format json | grep -q "\"omega\": null"'
check reliability-some-scales-fail '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --format json | grep -q "scale .lonely. has 1 complete respondent"'
check reliability-by-group-labels '"$SK" reliability "$EDGE" --codebook "$EDGE_CB" --scale good --by grp --format json | grep -q "\"label\": \"Second\""'
expect factor-singular 1 "the correlation matrix is singular \('(g_1|g_2|gsum)' is a linear combination of other items\)" -- \
	factor "$EDGE" --items g_1,g_2,g_3,gsum
expect factor-too-many-factors 1 "cannot extract 2 factors from 3 items: at most 1" -- \
	factor "$EDGE" --items g_1,g_2,g_3 --factors 2
expect factor-two-items 1 "cannot factor 2 items: one factor needs at least 3" -- factor "$EDGE" --items g_1,g_2
expect factor-constant-item 1 "item 'c_2' is constant" -- factor "$EDGE" --items c_1,c_2,c_3,g_1
expect factor-unknown-rotation 2 "unknown rotation 'quartimax'" -- factor "$BFI" --codebook "$BFI_CB" --rotation quartimax
expect factor-no-items 2 "factor needs --items" -- factor "$FIX/reference/glbwarm.csv"
expect factor-unknown-item 3 "no column named 'zz'" -- factor "$EDGE" --items g_1,g_2,zz
expect factor-no-convergence 1 "principal-axis factoring did not converge in 2 iterations" -- \
	factor "$BFI" --codebook "$BFI_CB" --factors 5 --max-iter 2
check factor-sort-groups-items '"$SK" factor "$BFI" --codebook "$BFI_CB" --factors 5 --sort | sed -n "/^Loadings/,/^\$/p" | awk "NR > 2 && NF { printf \"%s \", \$1 }" | grep -q "^N1 N2 N3 N4 N5 E2 E4 E1 E3 E5 C2 C4 C5 C3 C1 A3 A2 A5 A4 A1 O3 O5 O1 O2 O4 \$"'
check factor-suppress-small '"$SK" factor "$BFI" --codebook "$BFI_CB" --factors 5 --suppress 0.3 --format json | tr -d " \n" | grep -q "{\"item\":\"A1\",\"PA1\":null,\"PA2\":null,\"PA3\":null,\"PA4\":0.42"'
expect factor-bad-suppress 2 "--suppress must lie in \[0, 1\)" -- factor "$BFI" --codebook "$BFI_CB" --suppress 1.5

# --- limits (issue 11): work that grows with the square or cube of the items or scales stops with
# one line, and the option that raises the limit
awk 'BEGIN { srand(2); for (j = 1; j <= 10000; j++) printf "%sbig_%d", (j > 1 ? "," : ""), j; print "";
	for (i = 0; i < 5; i++) { for (j = 1; j <= 10000; j++) printf "%s%d", (j > 1 ? "," : ""), int(rand() * 5) + 1; print "" } }' \
	> "$TMP/items10k.csv"
check "limits: reliability on one scale of 10,000 items stops at once, naming --max-items" \
	"timeout 10 '$SK' reliability '$TMP/items10k.csv' 2> e; [ \$? -eq 1 ] && [ \$(wc -l < e) -eq 1 ] &&
	 grep -q \"scale 'big' has 10000 items: at most 1000 are analysed (raise the limit with --max-items)\" e"
check "limits: factor on 10,000 items stops at once" \
	"timeout 10 '$SK' factor '$TMP/items10k.csv' --items \$(head -n 1 '$TMP/items10k.csv') 2> e; [ \$? -eq 1 ] &&
	 grep -q 'cannot factor 10000 items: at most 1000 (raise the limit with --max-items)' e"
expect "limits: --max-items below a scale's size" 1 "scale 'agree' has 5 items: at most 4 are analysed" -- \
	reliability "$BFI" --codebook "$BFI_CB" --scale agree --max-items 4
expect "limits: --max-items 0" 2 "^surveykit: --max-items must be a positive whole number" -- \
	reliability "$BFI" --codebook "$BFI_CB" --max-items 0
check "limits: --max-vars 4 leaves out the Fornell-Larcker table of the five bfi scales, with a note" \
	"'$SK' reliability '$BFI' --codebook '$BFI_CB' --validity --max-vars 4 --format json > v.json &&
	 grep -q 'Fornell-Larcker table not computed: 5 scales, more than 4' v.json && grep -q '\"cr\"' v.json &&
	 tr -d ' \n' < v.json | grep -q '\"fornell_larcker\":\[\]'"
check "limits: stated in --help" \
	"'$SK' reliability --help | grep -q 'max-items N .*default 1000' && '$SK' factor --help | grep -q 'max-items N' &&
	 '$SK' correlate --help | grep -q 'max-vars N .*default 500'"
