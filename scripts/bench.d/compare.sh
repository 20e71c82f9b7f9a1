# compare (issue 4): sourced by scripts/bench with SK, WAVE, WAVE_CB, WORK, best, report, have_r.
# "Beyond reading" subtracts a run that stops right after loading the wave and scoring the outcome
# (an unknown --by column ends the command there with exit 3).
best compare-read 3 sh -c "'$SK' compare '$WAVE' --codebook '$WAVE_CB' --y satisfaction --by no_such_column 2>/dev/null; true"
read_s=$SECONDS_TAKEN
report "compare: read + score satisfaction only (baseline)"
best compare-tukey 3 "$SK" compare "$WAVE" --codebook "$WAVE_CB" --y satisfaction --by scenario --posthoc tukey
report "compare one-way, --posthoc tukey (ANOVA, Welch, BF, Levene x2, KW)"
awk -v a="$SECONDS_TAKEN" -v b="$read_s" 'BEGIN { printf "  beyond reading: %.3f s (target < 0.3 s)\n", a - b }'
best compare-all 3 "$SK" compare "$WAVE" --codebook "$WAVE_CB" --y satisfaction --by scenario
report "compare one-way, all post hoc methods"
awk -v a="$SECONDS_TAKEN" -v b="$read_s" 'BEGIN { printf "  beyond reading: %.3f s\n", a - b }'
best compare-twoway 3 "$SK" compare "$WAVE" --codebook "$WAVE_CB" --y satisfaction --by scenario,gender
report "compare two-way (scenario x gender), type III"
awk -v a="$SECONDS_TAKEN" -v b="$read_s" 'BEGIN { printf "  beyond reading: %.3f s\n", a - b }'
if have_r; then
	measure compare-r Rscript scripts/bench-compare.R "$WAVE" "$WAVE_CB"
	report "same one-way in R: read.csv + score + oneway.test x2 + leveneTest + TukeyHSD"
fi
