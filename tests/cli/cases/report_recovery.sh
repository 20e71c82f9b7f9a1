# report on the bundled recovery wave (data/wave-recovery.csv, data/README.md): the randomisation
# checks, manipulation check, recovery paradox, zone of tolerance and severity sections are there,
# each holding the numbers of the single command it names, and what they say agrees with what
# simulate planted. Sourced by tests/cli/run.

RW="$PWD/data/wave-recovery.csv"
RCB="$PWD/data/wave-recovery.codebook.csv"
# rsec DIR ID: the index of the section with this id in DIR/results.json
rsec() {
	local i=0 id
	while id=$("$JSONGET" "$1/results.json" "/sections/$i/id" 2>/dev/null); do
		[ "$id" = "$2" ] && { echo "$i"; return 0; }
		i=$((i + 1))
	done
	return 1
}
# rsame DIR ID PATH JSON JPATH: the section's result at PATH equals the command's JSON at JPATH
rsame() {
	local i
	i=$(rsec "$1" "$2") || { echo "no section $2"; return 1; }
	[ "$("$JSONGET" "$1/results.json" "/sections/$i/result$3")" = "$("$JSONGET" "$4" "$5")" ] ||
		{ echo "$2$3 differs"; return 1; }
}

check "report on the recovery wave: every recovery section is there" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$RW' --codebook '$RCB' --out rec --quiet &&
	 for id in randomisation-gender randomisation-age manipulation-check paradox-satisfaction paradox-pwom zone-recovery severity severity-trust; do
	   rsec rec \$id >/dev/null || { echo \"no \$id\"; exit 1; }; done &&
	 ! rsec rec paradox-negemo && ! rsec rec paradox-severity"
check "report on the recovery wave: severity and the manipulation check are not outcomes, justice is a mediator" \
	"[ \"\$('$JSONGET' rec/results.json /study/outcomes)\" = \"\$(printf 'satisfaction\\nnegemo\\npwom')\" ] &&
	 [ \"\$('$JSONGET' rec/results.json /study/mediators)\" = justice ] &&
	 ! rsec rec compare-severity && ! rsec rec compare-check"
check "report: the randomisation checks equal crosstab (gender; age groups by --bands, as a codebook recode gives them)" \
	"'$SK' crosstab '$RW' --codebook '$RCB' --rows scenario --cols gender --format json > ct-g.json &&
	 rsame rec randomisation-gender /pearson/chi2 ct-g.json /pearson/chi2 &&
	 rsame rec randomisation-gender /pearson/p ct-g.json /pearson/p &&
	 '$SK' crosstab '$RW' --codebook '$RCB' --rows scenario --cols age --bands 30,45,60 --fisher mc --format json > ct-a.json &&
	 rsame rec randomisation-age /pearson/chi2 ct-a.json /pearson/chi2 &&
	 rsame rec randomisation-age /cramers_v/v ct-a.json /cramers_v/v &&
	 cp '$RW' agewave.csv && awk 'NR == 1 { print \$0 \",compute\"; next } { print \$0 \",\" }' '$RCB' > agewave.codebook.csv &&
	 echo 'age_group,computed,,,,,,,Age group,,\"recode(age, 0-29=1, 30-44=2, 45-59=3, 60-150=4)\"' >> agewave.codebook.csv &&
	 '$SK' crosstab agewave.csv --codebook agewave.codebook.csv --rows scenario --cols age_group --fisher mc --format json > ct-r.json &&
	 [ \"\$('$JSONGET' ct-r.json /pearson/chi2)\" = \"\$('$JSONGET' ct-a.json /pearson/chi2)\" ] &&
	 [ \"\$('$JSONGET' ct-a.json /cells/0/col_label)\" = 'under 30' ] && [ \"\$('$JSONGET' ct-a.json /cells/3/col_label)\" = '60 and over' ] &&
	 grep -q 'Randomisation: assignment to scenario was balanced on gender: chi2(3) = ' rec/report.txt &&
	 grep -q 'balanced on age group (under 30, 30 to under 45, 45 to under 60, 60 and over)' rec/report.txt"
expect "crosstab --bands: not ascending" 2 "^surveykit: --bands must be ascending: 30 after 45$" -- crosstab x.csv --rows a --cols b --bands 45,30
expect "crosstab --bands: not numbers" 2 "^surveykit: --bands must be numbers separated by commas, not '30,x'$" -- crosstab x.csv --rows a --cols b --bands 30,x
check "report: the manipulation check equals compare --contrast linear and rises with the scenario" \
	"'$SK' compare '$RW' --codebook '$RCB' --y check --by scenario --contrast linear --format json > chk.json &&
	 rsame rec manipulation-check /contrasts/0/estimate chk.json /contrasts/0/estimate &&
	 rsame rec manipulation-check /contrasts/0/p chk.json /contrasts/0/p &&
	 grep -q 'Manipulation check: the check score (check) rises with the scenario' rec/report.txt"
check "report: the paradox section equals compare --control 0; the planted paradox of full recovery is found" \
	"'$SK' compare '$RW' --codebook '$RCB' --y satisfaction --by scenario --control 0 --format json > pd.json &&
	 for k in 0 1 2; do for f in t df p_greater_holm p_tost verdict; do
	   rsame rec paradox-satisfaction /paradox/levels/\$k/\$f pd.json /paradox/levels/\$k/\$f || exit 1; done; done &&
	 [ \"\$('$JSONGET' pd.json /paradox/levels/2/verdict)\" = paradox ] &&
	 grep -q 'Full recovery M = [0-9.]* (+[0-9.]*, t([0-9.]*) = [0-9.]*, Holm p < .001): paradox' rec/report.txt &&
	 grep -q 'Fix only M = [0-9.]* (-[0-9.]*, t([0-9.]*) = -[0-9.]*, Holm p < .001): no paradox: below' rec/report.txt"
check "report: the zone section equals compare --zone; the shares ordered as planted" \
	"'$SK' compare '$RW' --codebook '$RCB' --zone recovery --by scenario --format json > zn.json &&
	 for g in 0 1 2 3; do for c in below within above; do
	   rsame rec zone-recovery /groups/\$g/\${c}_share zn.json /groups/\$g/\${c}_share || exit 1; done; done &&
	 rsame rec zone-recovery /zone_test/pearson/p zn.json /zone_test/pearson/p &&
	 awk -v a=\$('$JSONGET' zn.json /groups/1/below_share) -v b=\$('$JSONGET' zn.json /groups/3/below_share) \
	     -v c=\$('$JSONGET' zn.json /groups/1/above_share) -v d=\$('$JSONGET' zn.json /groups/3/above_share) \
	     'BEGIN { exit !(a > b && c < d) }' &&
	 grep -q 'Zone of tolerance (recovery): below / within / above (delight) No failure' rec/report.txt &&
	 grep -q 'the shares differ across scenario (chi2(6) = ' rec/report.txt"
check "report: the severity sections equal process on the failure scenarios; severity hurts, trust buffers it" \
	"'$SK' process '$RW' --codebook '$RCB' --filter 'scenario != 0' --model 3 --y satisfaction --x scenario --w severity --z trust --center --boot 0 --format json > m3.json &&
	 for k in 1 2 3 4 5 6 7; do rsame rec severity-trust /equations/0/coefficients/\$k/b m3.json /equations/0/coefficients/\$k/b || exit 1; done &&
	 '$SK' process '$RW' --codebook '$RCB' --filter 'scenario != 0' --model 1 --y satisfaction --x scenario --w severity --center --boot 0 --format json > m1.json &&
	 rsame rec severity /equations/0/interaction_tests/0/p m1.json /equations/0/interaction_tests/0/p &&
	 i=\$(rsec rec severity) && '$JSONGET' rec/results.json /sections/\$i/result/notes | grep -q \"removed [0-9]* by step 1 'scenario != 0'\" &&
	 grep -q 'Severity: severity moderates the effect of scenario on satisfaction (scenario x severity b = 0\.' rec/report.txt &&
	 grep -q 'severity b = -0\.[0-9]* (p < .001); severity x trust b = 0\.[0-9]* (p = .0[0-4]' rec/report.txt &&
	 grep -q 'Trust buffers the effect of severity' rec/report.txt"
check "report: the paradox and zone charts are written (scripts; drawn when gnuplot is installed)" \
	"[ -s rec/charts/paradox-satisfaction.gp ] && [ -s rec/charts/zone-recovery.gp ] &&
	 grep -q 'No failure (M = ' rec/charts/paradox-satisfaction.gp"
if command -v gnuplot >/dev/null 2>&1; then
	check "report: the paradox and zone charts are drawn" \
		"'$SK' report '$RW' --codebook '$RCB' --out recg --quiet &&
		 [ -s recg/charts/paradox-satisfaction.png ] && [ -s recg/charts/zone-recovery.svg ]"
else
	echo "notice: gnuplot is not installed: the recovery charts' scripts are checked, not their drawings"
fi
# a wave without a paradox (full recovery planted 0.3 below the control) is not declared one
check "report: a recovery wave without a planted paradox says no paradox" \
	"'$SK' simulate --design recovery --n 800 --seed 6 --paradox -0.3 -o nopd.csv &&
	 SURVEYKIT_GNUPLOT=none '$SK' report nopd.csv --codebook nopd.codebook.csv --out nopd --quiet &&
	 grep -q 'Recovery paradox (satisfaction against No failure.*No paradox: no recovery level exceeds the no-failure level' nopd/report.txt &&
	 ! grep -q 'Recovery paradox (satisfaction.*: paradox: above' nopd/report.txt"
# the bundled between wave has no control: no paradox section, a note saying why
check "report: a wave without a control level has no paradox section and says so" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$PWD/data/wave-between.csv' --codebook '$PWD/data/wave-between.codebook.csv' --out nocontrol --quiet &&
	 ! rsec nocontrol paradox-satisfaction && grep -q 'names no control level of .scenario. (no paradox test)' nocontrol/report.txt"
# the measurement model section (issue 14): the HTMT heat map and the standardised loadings chart
check "report: the CFA section draws the HTMT heat map and the standardised loadings" \
	"i=\$(rsec rec cfa) && [ -s rec/charts/htmt.gp ] && [ -s rec/charts/loadings.gp ] &&
	 [ \"\$('$JSONGET' rec/results.json /sections/\$i/charts/0/script)\" = charts/loadings.gp ] &&
	 [ \"\$('$JSONGET' rec/results.json /sections/\$i/charts/1/script)\" = charts/htmt.gp ] &&
	 grep -q \"'HTMT > .85'\\|HTMT\" rec/charts/htmt.gp"
check "report: a CFA that cannot be fitted draws no HTMT or loadings chart" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$RW' --codebook '$RCB' --filter 'id <= 15' --out rec15 --quiet &&
	 i=\$(rsec rec15 cfa) && '$JSONGET' rec15/results.json /sections/\$i/result/notes | grep -q 'could not be fitted' &&
	 [ ! -e rec15/charts/htmt.gp ] && [ ! -e rec15/charts/loadings.gp ]"
