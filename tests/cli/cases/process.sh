# surveykit process: PROCESS models from the engine against separate R fits
# (scripts/ref/process_cli.R wrote tests/cli/expected/process-*.json, scripts/ref/process_options.R
# the process-modval-*.json and process-cmatrix-*.json: lm to 1e-9 relative, glm to 1e-6), the
# within-subject design (MEMORE), options refused before any data is read, and the bootstrap's
# independence of the number of threads.
R="$FIX/reference"
SIM="$FIX/models/process_sim.csv"
LSIM="$FIX/models/process_logit_sim.csv"
WAVE="$PWD/data/wave-within.csv"
WCB="$PWD/data/wave-within.codebook.csv"

# pmatch NAME EXPECTED REL -- ARGS...: the JSON output holds every value of EXPECTED to REL.
pmatch() {
	local name=$1 want=$2 rel=$3; shift 4
	run "$@" --format json
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc" "$(cat "$TMP/err")"; return; fi
	if ! "$JSONCMP" "$want" "$TMP/out" --rel "$rel" >"$TMP/diff" 2>&1; then bad "$name: JSON differs" "$(cat "$TMP/diff")"; return; fi
	ok
}

pmatch "process: model 1, covariates, conditional effects" "$EXPECTED/process-model1.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 1 --y govact --x negemot --w age --cov posemot,ideology,sex --boot 0
pmatch "process: model 1 with HC3 standard errors" "$EXPECTED/process-model1-hc3.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 1 --y govact --x negemot --w age --cov posemot,ideology,sex --hc 3 --boot 0
pmatch "process: model 3, conditional X x W interaction at Z" "$EXPECTED/process-model3.json" 1e-9 -- \
	process "$SIM" --model 3 --y Y --x X --w W --z Z --boot 0
pmatch "process: model 4, parallel mediators, contrast" "$EXPECTED/process-model4.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 4 --y govact --x ideology --m negemot,posemot --cov age,sex --contrast --boot 0
pmatch "process: model 6, two serial mediators" "$EXPECTED/process-model6-2.json" 1e-9 -- \
	process "$SIM" --model 6 --y Y --x X --m M1,M2 --cov C1 --boot 0
pmatch "process: model 6, three serial mediators" "$EXPECTED/process-model6-3.json" 1e-9 -- \
	process "$SIM" --model 6 --y Y --x X --m M1,M2,M3 --cov C1 --boot 0
pmatch "process: model 7, index of moderated mediation" "$EXPECTED/process-model7.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 7 --y govact --x negemot --m posemot --w age --cov ideology --jn --boot 0
pmatch "process: model 8" "$EXPECTED/process-model8.json" 1e-9 -- \
	process "$SIM" --model 8 --y Y --x X --m M1 --w W --boot 0
pmatch "process: model 14" "$EXPECTED/process-model14.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 14 --y govact --x negemot --m posemot --w age --boot 0
pmatch "process: model 58" "$EXPECTED/process-model58.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 58 --y govact --x negemot --m posemot --w age --boot 0
pmatch "process: model 59" "$EXPECTED/process-model59.json" 1e-9 -- \
	process "$SIM" --model 59 --y Y --x X --m M1 --w W --boot 0
pmatch "process: model 21, conditional and moderated moderated mediation" "$EXPECTED/process-model21.json" 1e-9 -- \
	process "$SIM" --model 21 --y Y --x X --m M1 --w W --z Z --boot 0
pmatch "process: model 92, serial mediators, W on every path" "$EXPECTED/process-model92.json" 1e-9 -- \
	process "$SIM" --model 92 --y Y --x X --m M1,M2 --w W --boot 0
pmatch "process: dichotomous Y by logistic regression (model 14)" "$EXPECTED/process-logistic14.json" 1e-6 -- \
	process "$LSIM" --model 14 --y buy --x X --m M1 --w W --boot 0
pmatch "process: sequential coding of a multicategorical X (model 1)" "$EXPECTED/process-mcx-sequential.json" 1e-9 -- \
	process "$R/protest.csv" --model 1 --y liking --x protest --w sexism --mcx sequential --boot 0
pmatch "process: within-subject mediation (MEMORE)" "$EXPECTED/process-memore.json" 1e-9 -- \
	process "$WAVE" --codebook "$WCB" --within --y pwom_s3,pwom_s1 --m satisfaction_s3,satisfaction_s1,negemo_s3,negemo_s1 --boot 0
pmatch "process: within-subject moderation (MEMORE) with Johnson-Neyman" "$EXPECTED/process-memore-moderation.json" 1e-9 -- \
	process "$WAVE" --codebook "$WCB" --within --y pwom_s3,pwom_s1 --w involvement --jn

# probing at given moderator values (PROCESS wmodval/zmodval) and covariates in chosen equations
# (PROCESS cmatrix); scripts/ref/process_options.R
pmatch "process: --wmodval with --center (model 1)" "$EXPECTED/process-modval-model1.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 1 --y govact --x negemot --w age --cov posemot,ideology,sex --wmodval 30,50.5,70 --center --boot 0
pmatch "process: --wmodval and --zmodval (model 3)" "$EXPECTED/process-modval-model3.json" 1e-9 -- \
	process "$SIM" --model 3 --y Y --x X --w W --z Z --wmodval 2,6 --zmodval 1,2,3.5 --boot 0
pmatch "process: --cmatrix, covariates in chosen equations (model 4)" "$EXPECTED/process-cmatrix-model4.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 4 --y govact --x ideology --m negemot,posemot --cov age,sex --cmatrix 1,0,1,1,0,1 --boot 0
pmatch "process: --wmodval, indirect effects (model 7)" "$EXPECTED/process-modval-model7.json" 1e-9 -- \
	process "$R/glbwarm.csv" --model 7 --y govact --x negemot --m posemot --w age --cov ideology --wmodval 25,45,65 --boot 0
# bootstrap: the same draws for a seed on 1 and 2 threads
same "process: bootstrap identical on 1 and 2 threads" -- \
	process "$R/glbwarm.csv" --model 7 --y govact --x negemot --m posemot --w age --boot 1000 --seed 9 --threads 1 --format json -- \
	process "$R/glbwarm.csv" --model 7 --y govact --x negemot --m posemot --w age --boot 1000 --seed 9 --threads 2 --format json
same "process: within-subject bootstrap identical on 1 and 2 threads" -- \
	process "$WAVE" --codebook "$WCB" --within --y pwom_s3,pwom_s1 --m satisfaction_s3,satisfaction_s1 --boot 500 --seed 3 --threads 1 -- \
	process "$WAVE" --codebook "$WCB" --within --y pwom_s3,pwom_s1 --m satisfaction_s3,satisfaction_s1 --boot 500 --seed 3 --threads 2

# one bootstrap: mediate (models 4 and 7) and the engine draw the same resamples, so the same seed
# gives the same indirect-effect CIs (to 1e-12 relative: other resamples would differ in the third
# digit)
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = a < 0 ? -a : a; exit !(d <= 1e-12 * m) }'; }
check "process: model 4 bootstrap equals mediate's for a seed" \
	"'$SK' mediate '$R/glbwarm.csv' --y govact --x ideology --m negemot,posemot --cov age,sex --boot 1000 --seed 7 --format json > m.json &&
	 '$SK' process '$R/glbwarm.csv' --model 4 --y govact --x ideology --m negemot,posemot --cov age,sex --boot 1000 --seed 7 --format json > p.json &&
	 for i in 0 1; do for k in effect boot_se boot_llci boot_ulci bc_llci bc_ulci; do
	   near \"\$('$JSONGET' m.json /indirect_effects/\$i/\$k)\" \"\$('$JSONGET' p.json /indirect_effects/\$i/\$k)\" || { echo \"\$i \$k\"; exit 1; }; done; done"
check "process: model 7 bootstrap equals mediate --w's for a seed" \
	"'$SK' mediate '$R/glbwarm.csv' --y govact --x negemot --m posemot --w age --cov ideology --boot 1000 --seed 7 --format json > m.json &&
	 '$SK' process '$R/glbwarm.csv' --model 7 --y govact --x negemot --m posemot --w age --cov ideology --boot 1000 --seed 7 --format json > p.json &&
	 for k in index boot_llci boot_ulci; do
	   near \"\$('$JSONGET' m.json /index_of_moderated_mediation/0/\$k)\" \"\$('$JSONGET' p.json /index_of_moderated_mediation/0/\$k)\" || { echo \"index \$k\"; exit 1; }; done &&
	 for i in 0 1 2; do for k in effect boot_llci boot_ulci; do
	   near \"\$('$JSONGET' m.json /conditional_indirect_effects/\$i/\$k)\" \"\$('$JSONGET' p.json /indirect_effects/\$i/\$k)\" || { echo \"\$i \$k\"; exit 1; }; done; done"

# options refused before the data are read (the data file does not exist: exit 2, not 3)
NO="$TMP/absent.csv"
expect "process: model PROCESS does not define" 2 "--model 23: PROCESS v4 defines" -- process "$NO" --model 23 --y a --x b --w c --z d
expect "process: model 0" 2 "--model 0" -- process "$NO" --model 0 --y a --x b
expect "process: model above 92" 2 "--model 93" -- process "$NO" --model 93 --y a --x b --m c
expect "process: no --model" 2 "needs --model" -- process "$NO" --y a --x b
expect "process: model 7 without --w" 2 "needs a moderator --w" -- process "$NO" --model 7 --y a --x b --m c
expect "process: model 21 without --z" 2 "needs a second moderator --z" -- process "$NO" --model 21 --y a --x b --m c --w d
expect "process: --w where the model has none" 2 "has no moderator W" -- process "$NO" --model 4 --y a --x b --m c --w d
expect "process: model 4 without mediators" 2 "needs 1 to 10 mediators" -- process "$NO" --model 4 --y a --x b
expect "process: model 6 with one mediator" 2 "needs 2 to 6 mediators" -- process "$NO" --model 6 --y a --x b --m c
expect "process: model 1 with a mediator" 2 "has no mediator" -- process "$NO" --model 1 --y a --x b --w c --m d
expect "process: model 82 with three mediators" 2 "exactly 4 mediators" -- process "$NO" --model 82 --y a --x b --m c,d,e
expect "process: a variable named twice" 2 "named twice" -- process "$NO" --model 4 --y a --x b --m a
expect "process: unknown coding" 2 "--mcx 'ordinal'" -- process "$NO" --model 1 --y a --x b --w c --mcx ordinal
expect "process: --mcx with model 74" 2 "model 74" -- process "$NO" --model 74 --y a --x b --m c --mcx indicator
expect "process: --mcx and --mcw" 2 "cannot be given together" -- process "$NO" --model 1 --y a --x b --w c --mcx 1 --mcw 2
expect "process: bad --conf" 2 "--conf '150'" -- process "$NO" --model 1 --y a --x b --w c --conf 150
expect "process: bad --hc" 2 "--hc '5'" -- process "$NO" --model 1 --y a --x b --w c --hc 5
expect "process: bad --center" 2 "--center '3'" -- process "$NO" --model 1 --y a --x b --w c --center 3
expect "process: --boot 1" 2 "--boot 1" -- process "$NO" --model 4 --y a --x b --m c --boot 1
expect "process: --contrast with one mediator" 2 "two or more mediators" -- process "$NO" --model 4 --y a --x b --m c --contrast
expect "process: --within with one outcome" 2 "--y Y1,Y2" -- process "$NO" --within --y a --m b,c
expect "process: --within with an odd --m" 2 "takes pairs" -- process "$NO" --within --y a,b --m c,d,e
expect "process: --within with --m and --w" 2 "not both" -- process "$NO" --within --y a,b --m c,d --w e
expect "process: --within with --model" 2 "--model does not apply" -- process "$NO" --within --model 4 --y a,b --m c,d
# errors found in the data: one line, nothing written
expect "process: unknown variable" 3 "no column or scale named 'nope'" -- process "$R/glbwarm.csv" --model 4 --y govact --x nope --m posemot --boot 0
expect "process: model 74 with a dichotomous Y" 1 "model 74 for a continuous Y" -- process "$R/glbwarm.csv" --model 74 --y sex --x negemot --m posemot --boot 0
expect "process: multicategorical X with too many levels" 1 "at most 10" -- process "$R/glbwarm.csv" --model 4 --y govact --x age --m posemot --mcx indicator --boot 0

expect "process: --mcw without --w" 2 "--mcw needs --w" -- process "$NO" --model 4 --y a --x b --m c --mcw 1
expect "process: --wmodval without --w" 2 "--wmodval needs --w" -- process "$NO" --model 4 --y a --x b --m c --wmodval 1
expect "process: --zmodval without --z" 2 "--zmodval needs --z" -- process "$NO" --model 1 --y a --x b --w c --zmodval 1
expect "process: --wmodval not a number" 2 "--wmodval '1,x'" -- process "$NO" --model 1 --y a --x b --w c --wmodval 1,x
expect "process: --wmodval with nine values" 2 "at most 8" -- process "$NO" --model 1 --y a --x b --w c --wmodval 1,2,3,4,5,6,7,8,9
expect "process: --wmodval with --mcw" 2 "continuous W" -- process "$NO" --model 1 --y a --x b --w c --mcw 1 --wmodval 1
expect "process: --wmodval with --within" 2 "--wmodval does not apply" -- process "$NO" --within --y a,b --w c --wmodval 1
expect "process: --cmatrix without --cov" 2 "--cmatrix needs --cov" -- process "$NO" --model 4 --y a --x b --m c --cmatrix 1,1
expect "process: --cmatrix of the wrong size" 2 "must be 4 flags" -- process "$NO" --model 4 --y a --x b --m c --cov d,e --cmatrix 1,1,1
expect "process: --cmatrix not 0/1" 2 "must be 2 flags" -- process "$NO" --model 4 --y a --x b --m c --cov d --cmatrix 1,2
expect "process: --cmatrix leaves a covariate out" 2 "puts the covariate 'e' in no equation" -- process "$NO" --model 4 --y a --x b --m c --cov d,e --cmatrix 1,0,1,0
expect "process: --within --jn without --w" 2 "--jn needs --w" -- process "$NO" --within --y a,b --m c,d --jn
expect "process: --mcx on a scale" 2 "is a scale" -- process "$WAVE" --codebook "$WCB" --model 4 --y pwom_s3 --x trust --m satisfaction_s3 --mcx 1 --boot 0
expect "process: collinear predictors" 1 "regression of 'yall' cannot be fitted" -- process "$FIX/models/edge.csv" --model 4 --y yall --x x1 --m x2 --cov x3 --boot 0
expect "process: constant moderator" 1 "cannot be fitted" -- process "$FIX/models/edge.csv" --model 1 --y yall --x x1 --w c --boot 0
# rows left out are counted by reason
check "process: rows left out named in the notes" \
	"'$SK' process '$WAVE' --codebook '$WCB' --model 4 --y pwom_s3 --x satisfaction_s3 --m negemo_s3 --boot 0 --format json > a.json &&
	 '$JSONGET' a.json /input/dropped/rows | grep -qx '[1-9][0-9]*' && grep -q 'rows left out' a.json"
# every format renders
for f in text markdown csv; do
	check "process: --format $f" "'$SK' process '$R/glbwarm.csv' --model 21 --y govact --x negemot --m posemot --w age --z ideology --jn --boot 200 --seed 1 --format $f > o.txt && test -s o.txt"
done
