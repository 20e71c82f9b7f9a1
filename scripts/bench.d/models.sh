# Regression, moderation and mediation (issue 5); sourced by scripts/bench with SK, WAVE, WAVE_CB,
# WORK, have_r and the functions measure/best/report.
#  - PROCESS model 1 with 5,000 bootstrap resamples at n = 1,000 (target < 0.1 s); in R, a bare
#    loop of lm.fit over the same resamples (the loop alone, from its system.time);
#  - OLS with the 3-level scenario x trust interaction on the 1,000,000-row wave (target < 0.2 s
#    beyond reading): `moderate` minus a run that reads and scores the same two scales and fits
#    one slope (`regress --x trust`), so the difference is the design, the fit and the probing.
# Elapsed times suffer when other jobs share the cores; the CPU seconds (user + system, best of
# the runs) are printed as well, and their difference is the robust figure on a busy machine.

# cpu_best RUNS CMD...: the smallest user + system seconds of RUNS runs, in CPU_TAKEN.
cpu_best() {
	local runs=$1 b=999999; shift
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%U %S' -o "$WORK/cpu.txt" "$@" >/dev/null 2>&1 || { CPU_TAKEN=nan; return 1; }
		b=$(awk -v b="$b" '{ t = $1 + $2; print (t < b ? t : b) }' "$WORK/cpu.txt")
	done
	CPU_TAKEN=$b
}
head -n 1001 "$WAVE" > "$WORK/wave-1k.csv"
best model1-boot 5 "$SK" moderate "$WORK/wave-1k.csv" --codebook "$WAVE_CB" --y satisfaction --x trust --w involvement \
	--boot 5000 --seed 1
report "moderate model 1, n = 1,000, 5,000 bootstrap resamples" "(target < 0.1 s)"
cpu_best 5 "$SK" moderate "$WORK/wave-1k.csv" --codebook "$WAVE_CB" --y satisfaction --x trust --w involvement \
	--boot 5000 --seed 1
printf '%-58s %7.3f s CPU (all threads)\n' "  same, CPU time" "$CPU_TAKEN"
if have_r; then
	"$SK" score "$WORK/wave-1k.csv" --codebook "$WAVE_CB" -o "$WORK/scores-1k.csv" &&
		r_boot=$(Rscript scripts/bench-models.R boot "$WORK/scores-1k.csv" 2>"$WORK/boot-r.err" | tail -n 1)
	printf '%-58s %7s s\n' "same in R: loop of lm.fit over 5,000 resamples" "${r_boot:-nan}"
fi
best ols-interaction 3 "$SK" moderate "$WAVE" --codebook "$WAVE_CB" --y satisfaction --x scenario --w trust
ols_s=$SECONDS_TAKEN
report "moderate scenario x trust on the 1,000,000-row wave (total)"
best ols-baseline 3 "$SK" regress "$WAVE" --codebook "$WAVE_CB" --y satisfaction --x trust
base_s=$SECONDS_TAKEN
report "  baseline: read + score + one slope (regress --x trust)"
awk -v a="$ols_s" -v b="$base_s" 'BEGIN { printf "%-58s %7.3f s            (target < 0.2 s)\n", "  scenario x trust model beyond reading and scoring", a - b }'
cpu_best 3 "$SK" moderate "$WAVE" --codebook "$WAVE_CB" --y satisfaction --x scenario --w trust
ols_cpu=$CPU_TAKEN
cpu_best 3 "$SK" regress "$WAVE" --codebook "$WAVE_CB" --y satisfaction --x trust
awk -v a="$ols_cpu" -v b="$CPU_TAKEN" 'BEGIN { printf "%-58s %7.3f s CPU        (target < 0.2 s)\n", "  same, in CPU seconds (moderate - baseline)", a - b }'
if have_r; then
	r_ols=$(Rscript scripts/bench-models.R ols "$WAVE" "$WAVE_CB" 2>"$WORK/ols-r.err" | tail -n 1)
	printf '%-58s %7s s\n' "same in R: read.csv + score + lm(factor(scenario) * trust)" "${r_ols:-nan}"
fi
