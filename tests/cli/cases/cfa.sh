# cfa (issue 14). Expected JSON from scripts/ref/cfa_cli.R (lavaan 0.6.14, semTools 0.5.6, psych),
# compared at 1e-5 relative (iterative estimators).
HS="$FIX/hs1939.csv"; HS_CB="$FIX/cfa/hs1939.codebook.csv"; HS3="$FIX/cfa/hs3.lav"
WAVE="$FIX/../../data/wave-between.csv"; WAVE_CB="$FIX/../../data/wave-between.codebook.csv"
BFI="$FIX/bfi.csv"; BFI_CB="$FIX/bfi.codebook.csv"

# cfamatch NAME EXPECTED.json -- ARGS...: the JSON output holds every value of EXPECTED.json to 1e-5
cfamatch() {
	local name=$1 want=$2; shift 3
	run "$@" --format json
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc" "$(cat "$TMP/err")"; return; fi
	if ! "$JSONCMP" "$want" "$TMP/out" --rel 1e-5 >"$TMP/diff" 2>&1; then bad "$name: JSON differs" "$(cat "$TMP/diff")"; return; fi
	ok
}

# --- against lavaan and semTools
cfamatch cfa-hs-ml "$EXPECTED/cfa_hs_ml.json" -- cfa "$HS" --codebook "$HS_CB"
same cfa-hs-model-file-equals-scales -- cfa "$HS" --codebook "$HS_CB" --format json -- \
	cfa "$HS" --codebook "$HS_CB" --model "$HS3" --format json
same cfa-hs-scales-subset-order -- cfa "$HS" --codebook "$HS_CB" --format json -- \
	cfa "$HS" --codebook "$HS_CB" --scales visual,textual,speed --format json
cfamatch cfa-hs-mlm "$EXPECTED/cfa_hs_mlm.json" -- cfa "$HS" --model "$HS3" --estimator mlm
cfamatch cfa-hs-mlr "$EXPECTED/cfa_hs_mlr.json" -- cfa "$HS" --model "$HS3" --estimator mlr
cfamatch cfa-hs-std-lv "$EXPECTED/cfa_hs_std_lv.json" -- cfa "$HS" --codebook "$HS_CB" --std lv
cfamatch cfa-hs-invariance "$EXPECTED/cfa_hs_invariance.json" -- cfa "$HS" --codebook "$HS_CB" --group school --invariance
cfamatch cfa-hs-partial "$EXPECTED/cfa_hs_partial.json" -- \
	cfa "$HS" --codebook "$HS_CB" --group school --invariance --free x3~1,x7~1
cfamatch cfa-hs-invariance-mlm "$EXPECTED/cfa_hs_invariance_mlm.json" -- \
	cfa "$HS" --codebook "$HS_CB" --group school --invariance --estimator mlm
cfamatch cfa-wave "$EXPECTED/cfa_wave.json" -- cfa "$WAVE" --codebook "$WAVE_CB"
cfamatch cfa-wave-invariance "$EXPECTED/cfa_wave_invariance.json" -- \
	cfa "$WAVE" --codebook "$WAVE_CB" --group gender --invariance
cfamatch cfa-bfi-fiml "$EXPECTED/cfa_bfi_fiml.json" -- cfa "$BFI" --codebook "$BFI_CB" --missing fiml

# --- rows, HTMT bootstrap, text
check cfa-listwise-notes-dropped-rows '"$SK" cfa "$BFI" --codebook "$BFI_CB" | grep -q "rows left out: .*missing"'
check cfa-fiml-notes-rows-with-missing '"$SK" cfa "$BFI" --codebook "$BFI_CB" --missing fiml | grep -q "FIML .*: [0-9]* of the 2800 rows used had missing answers"'
same cfa-htmt-boot-thread-invariant -- cfa "$HS" --codebook "$HS_CB" --boot 200 --seed 7 --threads 1 --format json -- \
	cfa "$HS" --codebook "$HS_CB" --boot 200 --seed 7 --threads 2 --format json
check cfa-htmt-boot-ci-holds-estimate '"$SK" cfa "$HS" --codebook "$HS_CB" --boot 200 --seed 7 --format csv |
	awk -F, "/^HTMT \(heterotrait-monotrait ratio of correlations\),/ { n++; if (!(\$6 <= \$4 && \$4 <= \$7)) bad = 1 } END { exit !(n == 3 && !bad) }"'
check cfa-text-has-sections '"$SK" cfa "$HS" --codebook "$HS_CB" > o && for s in Fit Loadings Validity HTMT "Common method variance" "Modification indices"; do grep -q "^$s" o || exit 1; done'
check cfa-invariance-text '"$SK" cfa "$HS" --codebook "$HS_CB" --group school --invariance | grep -Eq "^ *scalar .* not supported"'

# --- options: exit 2 before the data is read (the data file does not exist)
expect cfa-bad-estimator 2 "--estimator must be ml, mlm or mlr, not 'wls'" -- cfa nowhere.csv --estimator wls
expect cfa-bad-missing 2 "--missing must be listwise or fiml" -- cfa nowhere.csv --missing pairwise
expect cfa-bad-std 2 "--std must be lv or ref, not 'all'" -- cfa nowhere.csv --std all
expect cfa-scales-and-model 2 "--scales and --model cannot go together" -- cfa nowhere.csv --scales a --model m.lav
expect cfa-mlm-fiml 2 "--estimator mlm needs complete data" -- cfa nowhere.csv --estimator mlm --missing fiml
expect cfa-group-without-invariance 2 "--group goes with --invariance" -- cfa nowhere.csv --group g
expect cfa-invariance-without-group 2 "--invariance needs --group VAR" -- cfa nowhere.csv --invariance
expect cfa-free-without-invariance 2 "--free goes with --group VAR --invariance" -- cfa nowhere.csv --free x1
expect cfa-free-covariance 2 "only a residual variance \(ITEM~~ITEM\)" -- cfa nowhere.csv --group g --invariance --free x1~~x2
expect cfa-free-malformed 2 "--free 'x 1' is not ITEM" -- cfa nowhere.csv --group g --invariance --free "x 1"
expect cfa-std-lv-invariance 2 "--std lv cannot go with --invariance" -- cfa nowhere.csv --group g --invariance --std lv
expect cfa-boot-one 2 "--boot 1: a bootstrap CI needs 2 or more resamples" -- cfa nowhere.csv --boot 1
expect cfa-seed-without-boot 2 "--seed and --threads go with --boot" -- cfa nowhere.csv --seed 3
expect cfa-max-iter-zero 2 "--max-iter must be a positive whole number" -- cfa nowhere.csv --max-iter 0

# --- bad models: exit 3 with one line naming the file, line and column
printf 'visual =~ x1 + x2 + x3\ntextual =~ x4 x5 + x6\n' > "$TMP/syntax.lav"
expect cfa-model-syntax-error 3 "'syntax.lav': line 2, column 1[0-9]: " -- cfa "$HS" --model syntax.lav
printf 'visual =~ x1 + x2 + x3\nspeed =~ x7 + x8 + x10\n' > "$TMP/unknown.lav"
expect cfa-model-unknown-variable 3 "'unknown.lav': line 2, column 20: not a column of the data: 'x10'; did you mean 'x1'" -- \
	cfa "$HS" --model unknown.lav
printf 'visual =~ x1 + x2 + x3\nx1 ~ x4\n' > "$TMP/regression.lav"
expect cfa-model-regression 3 "'regression.lav': line 2, column 4: " -- cfa "$HS" --model regression.lav
expect cfa-model-missing-file 3 "cannot read the model 'none.lav'" -- cfa "$HS" --model none.lav
printf 'f =~ x1 + x2\n' > "$TMP/negdf.lav"
expect cfa-model-negative-df 3 "cannot fit the CFA: the model is not identified: it has 4 free parameters but the data only 3 moments" -- \
	cfa "$HS" --model negdf.lav
printf 'visual =~ NA*x1 + x2 + x3 + x4\n' > "$TMP/unidentified.lav"
expect cfa-model-not-identified 3 "the model is not identified: '.*visual.*' and '.*visual.*' can change without changing the fit" -- \
	cfa "$HS" --model unidentified.lav
expect cfa-unknown-scale 3 "no scale named 'visul'; did you mean 'visual'\?" -- cfa "$HS" --codebook "$HS_CB" --scales visul
expect cfa-free-unknown-item 3 "--free: the model has no item 'x33'; did you mean 'x3'" -- \
	cfa "$HS" --codebook "$HS_CB" --group school --invariance --free x33~1

# --- data the model cannot be fitted to (exit 1), or an inadmissible solution (a warning)
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "x10", "c"; next } { print $0, sprintf("%.8f", $7 + $8), 1 }' "$HS" > "$TMP/hs_extra.csv"
printf 'visual =~ x1 + x2 + x10\ntextual =~ x4 + x5 + x6\n' > "$TMP/singular.lav"
expect cfa-sample-not-pd 1 "the sample covariance matrix is not positive definite: item 'x10' is a linear combination" -- \
	cfa hs_extra.csv --model singular.lav
printf 'visual =~ x1 + x2 + x3 + c\n' > "$TMP/constant.lav"
expect cfa-constant-item 1 "item 'c' has no variance" -- cfa hs_extra.csv --model constant.lav
expect cfa-no-convergence 1 "did not converge in 1 iterations" -- cfa "$HS" --codebook "$HS_CB" --max-iter 1
# three items whose correlations (.8, .8, .4) put the first one's loading above 1 (Heywood case)
awk 'BEGIN { srand(5); print "h_1,h_2,h_3"; for (i = 0; i < 300; i++) { for (k = 1; k <= 3; k++) {
	u = rand(); if (u < 1e-12) u = 1e-12; z[k] = sqrt(-2 * log(u)) * cos(6.283185307 * rand()) }
	printf "%.6f,%.6f,%.6f\n", z[1], .8 * z[1] + .6 * z[2], .8 * z[1] - .4 * z[2] + .4472136 * z[3] } }' > "$TMP/heywood.csv"
expect cfa-heywood 0 "" -- cfa heywood.csv
check cfa-heywood-warning '"$SK" cfa heywood.csv | grep -q "the residual variance of item .h_1. is negative (a Heywood case: inadmissible)"'
awk -F, 'BEGIN { OFS = "," } NR == 2 { $5 = 3 } { print }' "$HS" > "$TMP/hs_lonely.csv"
check cfa-group-of-one-row '"$SK" cfa hs_lonely.csv --model "$HS3" --group school --invariance > o && grep -q "the configural model could not be fitted: fewer than two usable rows in group .3." o'
awk -F, 'BEGIN { OFS = "," } NR > 1 { $5 = 1 } { print }' "$HS" > "$TMP/hs_one_school.csv"
expect cfa-one-group 1 "'school' has 1 group with usable rows: invariance needs two or more" -- \
	cfa hs_one_school.csv --model "$HS3" --group school --invariance

# --- a simulated two-group wave whose item a_1 is shifted by one point in the second group: the
# scalar step is not supported, and with the intercept of a_1 free (partial invariance) it is
awk 'function z() { u = rand(); if (u < 1e-12) u = 1e-12; return sqrt(-2 * log(u)) * cos(6.283185307 * rand()) }
BEGIN { srand(9); print "grp,a_1,a_2,a_3,a_4,b_1,b_2,b_3,b_4"; for (i = 0; i < 800; i++) { g = i % 2 + 1; f = z(); h = .4 * f + .9165 * z();
	printf "%d", g; for (k = 1; k <= 4; k++) printf ",%.4f", 3 + .8 * f + .6 * z() + (g == 2 && k == 1 ? 1 : 0);
	for (k = 1; k <= 4; k++) printf ",%.4f", 3 + .7 * h + .7 * z(); print "" } }' > "$TMP/noninvariant.csv"
check cfa-noninvariant-scalar-detected '"$SK" cfa noninvariant.csv --group grp --invariance > o &&
	grep -Eq "^ *metric .* supported *\$" o && grep -Eq "^ *scalar .* not supported *\$" o &&
	grep -q "scalar invariance is not supported across the groups of .grp." o'
check cfa-noninvariant-partial-supported '"$SK" cfa noninvariant.csv --group grp --invariance --free a_1~1 > o &&
	! grep -Eq "^ *(metric|scalar|strict) .*not supported" o && grep -Eq "^ *scalar .* supported *$" o'
