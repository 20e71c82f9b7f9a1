# report with --filter: the exclusion record once, first (results.json's top-level "exclusions",
# the first table of report.md), none in the sections, counts as describe gives them. Sourced by
# tests/cli/run.

RFW="$PWD/data/wave-between.csv"
RFCB="$PWD/data/wave-between.codebook.csv"
RFF=(--filter "gender != 2" --filter "age >= 25")

run report "$RFW" --codebook "$RFCB" "${RFF[@]}" --out rf
if [ "$rc" -ne 0 ]; then bad "report --filter: bundled wave (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
run describe "$RFW" --codebook "$RFCB" "${RFF[@]}" --format json
cp "$TMP/out" "$TMP/rf-describe.json"
check "report --filter: results.json has one top-level exclusions with describe's counts" \
	"for p in /rows_read /kept /steps/0/removed /steps/0/remaining /steps/1/removed /steps/1/remaining /steps/1/filter; do
	     [ \"\$('$JSONGET' rf/results.json /exclusions\$p)\" = \"\$('$JSONGET' rf-describe.json /exclusions\$p)\" ] || exit 1;
	 done &&
	 [ \"\$('$JSONGET' rf/results.json /exclusions/sentence)\" = \"600 rows read; removed 279 by step 1 'gender != 2', 37 by step 2 'age >= 25'; 284 kept\" ] &&
	 [ \$(grep -c '\"exclusions\"' rf/results.json) -eq 1 ]"
check "report --filter: no section carries the record or its note" \
	"n=\$('$JSONGET' rf/results.json /sections) && [ \$n -ge 5 ] && i=0 &&
	 while [ \$i -lt \$n ]; do
	     ! '$JSONGET' rf/results.json /sections/\$i/result/exclusions >/dev/null || exit 1;
	     ! '$JSONGET' rf/results.json /sections/\$i/result/notes 2>/dev/null | grep -q '^exclusions:' || exit 1;
	     i=\$((i + 1));
	 done"
check "report --filter: report.md's and report.txt's first table is the exclusions, shown once" \
	"[ \"\$(grep -m1 '^|' rf/report.md)\" = '| step | filter | removed | remaining |' ] &&
	 [ \"\$(grep -m1 '^###' rf/report.md)\" = '### Exclusions' ] &&
	 [ \$(grep -c 'exclusions: 600 rows read' rf/report.md) -eq 1 ] &&
	 [ \"\$(grep -m1 -n '^Exclusions\$' rf/report.txt | cut -d: -f1)\" -lt \"\$(grep -m1 -n '^Study variables' rf/report.txt | cut -d: -f1)\" ] &&
	 [ \$(grep -c 'exclusions: 600 rows read' rf/report.txt) -eq 1 ]"
check "report --filter: report.html opens its summary with the exclusions table" \
	"grep -o '<h3[^>]*>[^<]*</h3>' rf/report.html | head -1 | grep -q '>Exclusions<' &&
	 [ \$(grep -c '600 rows read; removed 279' rf/report.html) -eq 1 ]"

# the measurement model: a section of cfa's document after reliability, its fit as cfa prints it
run report "$RFW" --codebook "$RFCB" --out rfc
if [ "$rc" -ne 0 ]; then bad "report: bundled wave for the CFA section (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
run cfa "$RFW" --codebook "$RFCB" --format json
cp "$TMP/out" "$TMP/rf-cfa.json"
check "report: the CFA section follows reliability, its fit measures as cfa --format json prints them" \
	"[ \"\$('$JSONGET' rfc/results.json /sections/1/id)\" = reliability ] &&
	 [ \"\$('$JSONGET' rfc/results.json /sections/2/id)\" = cfa ] &&
	 [ \"\$('$JSONGET' rfc/results.json /sections/2/title)\" = 'Measurement model (CFA)' ] &&
	 for m in cfi rmsea tli srmr chisq df; do
	     [ \"\$('$JSONGET' rfc/results.json /sections/2/result/fit/\$m)\" = \"\$('$JSONGET' rf-cfa.json /fit/\$m)\" ] || exit 1;
	 done &&
	 '$JSONCMP' rf-cfa.json rfc/results.json --at /sections/2/result --rel 0 --abs 0"
check "report: the reliability section says its validity is principal-axis" \
	"[ \"\$('$JSONGET' rfc/results.json /sections/1/title)\" = 'Reliability and principal-axis validity of the scales' ]"
# 15 rows: the CFA cannot be fitted; the report is written with the reason as the section's note
run report "$RFW" --codebook "$RFCB" --filter "id <= 15" --out rff
if [ "$rc" -ne 0 ]; then bad "report: a CFA that cannot be fitted does not abort the report (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
check "report: a CFA that cannot be fitted is a note in its section" \
	"[ \"\$('$JSONGET' rff/results.json /sections/2/id)\" = cfa ] &&
	 '$JSONGET' rff/results.json /sections/2/result/notes | grep -q '^the measurement model could not be fitted: cannot fit the CFA: ' &&
	 ! '$JSONGET' rff/results.json /sections/2/result/fit >/dev/null"
