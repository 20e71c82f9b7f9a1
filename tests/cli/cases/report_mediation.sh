# report: the mediation section (analysis/report/report_mediation.c) on a wave with a justice
# scale: the bundled between-subjects wave with three perceived-justice items made from each
# respondent's scenario and satisfaction answers by awk (jus_k = satisfaction item + scenario - 2
# + a small deterministic offset, kept within 1-7; a missing answer stays missing). The report
# finds the scale by its name, fits PROCESS model 4 per outcome and model 7 per outcome and trait
# with its fixed bootstrap, and each section equals `surveykit process` with the section's args.

JW="$TMP/jwave.csv"
JCB="$TMP/jwave.codebook.csv"
awk -F, -v OFS=, '
function jus(v, shift) { if (v == "") return ""; v = v + shift; return v < 1 ? 1 : v > 7 ? 7 : v }
NR == 1 { print $0, "jus_1", "jus_2", "jus_3"; next }
{ s = $2 - 2; print $0, jus($15, s + $1 % 3 - 1), jus($17, s + ($1 + 1) % 3 - 1), jus($18, ($1 + 2) % 3 - 1) }' \
	"$PWD/data/wave-between.csv" > "$JW"
{ cat "$PWD/data/wave-between.codebook.csv"
  echo '"jus_1","item","justice","no","1","7",,,"The firm treated me fairly"'
  echo '"jus_2","item","justice","no","1","7",,,"The outcome I received was fair"'
  echo '"jus_3","item","justice","no","1","7",,,"The firm handled the problem in a fair way"'; } > "$JCB"

run report "$JW" --codebook "$JCB" --out jrep
if [ "$rc" -ne 0 ]; then bad "report mediation: wave with a justice scale (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
check "report mediation: justice is the mediator, not an outcome" \
	"[ \"\$('$JSONGET' jrep/results.json /study/mediators)\" = justice ] &&
	 [ \"\$('$JSONGET' jrep/results.json /study/outcomes | tr '\n' ,)\" = satisfaction,negemo,pwom, ]"
check "report mediation: model 4 per outcome and model 7 per outcome and trait" \
	"for id in mediation-satisfaction mediation-pwom mediation-negemo-by-trust mediation-pwom-by-involvement; do
	   grep -q \"\\\"id\\\": \\\"\$id\\\"\" jrep/results.json || { echo \"no section \$id\"; exit 1; }; done"
check "report mediation: the findings name the indirect effects and the index with bootstrap CIs" \
	"grep -q 'Mediation: indirect effects of scenario on satisfaction (percentile bootstrap, 5000 resamples): Fix + apology vs Fix only through justice = ' jrep/report.txt &&
	 grep -q 'Moderated mediation by trust of the effect of scenario on pwom (index of moderated mediation' jrep/report.txt"
check "report mediation: the conditional indirect effects are charted per trait" \
	"[ -s jrep/charts/indirect-satisfaction-by-trust.gp ] && [ -s jrep/charts/indirect-pwom-by-involvement.gp ]"
# each mediation section is exactly what `surveykit process` prints with the section's args
n=$("$JSONGET" "$TMP/jrep/results.json" /sections 2>/dev/null || echo 0)
i=0
while [ "$i" -lt "$n" ]; do
	id=$("$JSONGET" "$TMP/jrep/results.json" "/sections/$i/id")
	case "$id" in
	mediation-satisfaction | mediation-pwom-by-trust)
		mapfile -t args < <("$JSONGET" "$TMP/jrep/results.json" "/sections/$i/args")
		run "${args[@]}" "$JW" --codebook "$JCB" --format json
		cp "$TMP/out" "$TMP/one.json"
		check "report mediation: section '$id' equals 'surveykit ${args[*]}'" \
			"[ $rc -eq 0 ] && '$JSONCMP' one.json jrep/results.json --at /sections/$i/result --rel 0 --abs 0 &&
			 '$JSONCMP' jrep/results.json one.json --from /sections/$i/result --rel 0 --abs 0" ;;
	esac
	i=$((i + 1))
done
# --mediators names them (here a scale not named like one), --serial needs two of them
run report "$JW" --codebook "$JCB" --mediators negemo,justice --serial --out jrep2
if [ "$rc" -ne 0 ]; then bad "report mediation: --mediators --serial (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
check "report mediation: --mediators and --serial give model 6 through both, in order" \
	"[ \"\$('$JSONGET' jrep2/results.json /study/mediators | tr '\n' ,)\" = negemo,justice, ] &&
	 grep -q 'Mediation of the scenario effect on pwom through negemo,justice (PROCESS model 6)' jrep2/results.json &&
	 grep -q 'through negemo then justice = ' jrep2/report.txt"
expect "report mediation: --mediators names a variable the wave lacks" 3 "--mediators: no column or scale named 'fairness'" -- \
	report "$JW" --codebook "$JCB" --mediators fairness --out jrep3
