# segment and correlate on the bundled wave against R (scripts/ref/segment.R, scripts/ref/correlation.R
# and tests/fixtures/reference/ref.R), with their edge cases. Sourced by tests/cli/run.

W="$PWD/data/wave-between.csv"
WCB="$PWD/data/wave-between.codebook.csv"

for m in tertile median kmeans; do
	jsonmatch "segment: $m on involvement x trust vs R" "$EXPECTED/segment-$m.json" -- \
		segment "$W" --codebook "$WCB" --on involvement,trust --method $m
done
check "segment: tertile is the default and crosses to 9 segments" \
	"'$SK' segment '$W' --codebook '$WCB' --on involvement,trust --format json > s.json &&
	 grep -q '\"method\": \"tertile\"' s.json && [ \$(grep -c '\"segment\": \"involvement ' s.json) -ge 9 ]"
check "segment: k-means is the same for the same seed" \
	"'$SK' segment '$W' --codebook '$WCB' --on involvement,trust --method kmeans --k 4 --seed 9 --format json > a.json &&
	 '$SK' segment '$W' --codebook '$WCB' --on involvement,trust --method kmeans --k 4 --seed 9 --format json > b.json &&
	 cmp a.json b.json"
check "segment: --outcomes limits the profiles" \
	"'$SK' segment '$W' --codebook '$WCB' --on involvement --outcomes pwom --format json > o.json &&
	 grep -q '\"outcome\": \"pwom\"' o.json && ! grep -q '\"outcome\": \"satisfaction\"' o.json"
expect "segment: --on is required" 2 "segment needs --on" -- segment "$W" --codebook "$WCB"
check "segment: kmeans reports how many of its k-means++ starts reached the best solution" \
	"'$SK' segment '$W' --codebook '$WCB' --on involvement,trust --method kmeans --format json > k.json &&
	 grep -q '\"best_starts\": [1-9]' k.json && grep -q '\"best_share\": 0\\.[0-9]*\\|\"best_share\": 1' k.json &&
	 grep -q 'starts reached the best solution' k.json &&
	 '$SK' segment '$W' --codebook '$WCB' --on involvement,trust --method kmeans | grep -q '^Best share: '"
expect "segment: unknown method" 2 "--method must be median, tertile or kmeans, not 'ward'" -- \
	segment "$W" --codebook "$WCB" --on trust --method ward
expect "segment: unknown variable" 3 "no column or scale named 'loyalty'" -- segment "$W" --codebook "$WCB" --on loyalty
expect "segment: too many clusters for the data" 1 "cannot form 5 clusters" -- \
	segment "$FIX/reference/protest.csv" --on protest --method kmeans --k 5
printf 'a_1,a_2,b_1,b_2\n1,2,3,4\n' > "$TMP/one.csv"
expect "segment: one complete row" 1 "cannot segment: 1 row has every --on variable" -- segment "$TMP/one.csv" --on a
printf 'a_1,a_2,b_1,b_2\n3,3,1,2\n3,3,2,3\n3,3,4,4\n' > "$TMP/const.csv"
expect "segment: k-means on a constant variable" 1 "cannot cluster on 'a': it has no variance" -- \
	segment "$TMP/const.csv" --on a,b --method kmeans --k 2

# correlate: glbwarm against psych::corr.test (ref.R), and the scales of the bundled wave
check "correlate: glbwarm matches psych::corr.test" \
	"'$SK' correlate '$FIX/reference/glbwarm.csv' --vars govact,negemot,posemot,ideology,age --format json > c.json &&
	 '$JSONCMP' '$FIX/reference/glbwarm_correlations.json' c.json --abs 1e-12"
check "correlate: every scale by default, pairwise" \
	"'$SK' correlate '$W' --codebook '$WCB' --format json > c.json && grep -q '\"missing\": \"pairwise\"' c.json &&
	 [ \$(grep -c '\"a\":' c.json) -eq 10 ]"
expect "correlate: one variable" 2 "--vars needs at least two variables" -- correlate "$W" --codebook "$WCB" --vars trust
expect "correlate: a text column" 3 "holds text" -- correlate "$FIX/formats/clean.csv" --vars comment,age
# pairwise and listwise deletion with missing values (R: psych::corr.test on the same 10 rows)
printf 'a,b,c\n1,2,7\n2,1,6\n3,4,6\n4,3,4\n5,6,3\n6,5,3\n7,7,1\n,3,2\n2,,5\n5,4,\n' > "$TMP/miss.csv"
check "correlate: pairwise deletion matches psych::corr.test" \
	"'$SK' correlate miss.csv --vars a,b,c --format json > m.json &&
	 [ \"\$('$JSONGET' m.json /r/0/1)\" = 0.87922493556666237 ] || '$JSONGET' m.json /r/0/1 | grep -q '^0.879224935566662'"
check "correlate: listwise deletion matches psych::corr.test on the complete rows" \
	"'$SK' correlate miss.csv --vars a,b,c --listwise --format json > l.json &&
	 '$JSONGET' l.json /r/0/1 | grep -q '^0.89285714285714' && '$JSONGET' l.json /p/1/2 | grep -q '^0.011724811003954' &&
	 [ \"\$('$JSONGET' l.json /input/used)\" = 7 ]"

# --- limits (issue 11): a correlation matrix of 10,000 scales (165 MB of JSON) stops with one line
awk 'BEGIN { srand(3); for (j = 1; j <= 10000; j++) printf "%ss%d_1,s%d_2", (j > 1 ? "," : ""), j, j; print "";
	for (i = 0; i < 4; i++) { for (j = 1; j <= 20000; j++) printf "%s%d", (j > 1 ? "," : ""), int(rand() * 5) + 1; print "" } }' \
	> "$TMP/scales10k.csv"
expect "limits: correlate on 10,000 scales" 1 \
	"^surveykit: cannot correlate 10000 scales: at most 500 in one matrix \(raise the limit with --max-vars\)$" -- \
	correlate "$TMP/scales10k.csv" --format json
expect "limits: correlate --vars over --max-vars" 1 "cannot correlate 3 variables: at most 2 in one matrix" -- \
	correlate "$PWD/data/wave-between.csv" --codebook "$PWD/data/wave-between.codebook.csv" --vars trust,involvement,satisfaction --max-vars 2
