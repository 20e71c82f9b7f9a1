# Reliability (issue 3): alpha, CI, omega and item statistics for the five scales of the
# 1,000,000-row wave. Sourced by scripts/bench (SK, WAVE, WAVE_CB, WORK, measure, best, report,
# have_r). "Beyond reading" subtracts a baseline that reads the same file and makes one pass
# over three items (a one-factor analysis of inv_1..inv_3).
best factor-baseline 3 "$SK" factor "$WAVE" --codebook "$WAVE_CB" --items inv_1,inv_2,inv_3 --factors 1
base_s=$SECONDS_TAKEN
report "read + one pass over 3 items (factor, baseline)"
best reliability 3 "$SK" reliability "$WAVE" --codebook "$WAVE_CB"
rel_s=$SECONDS_TAKEN
report "reliability, 5 scales (alpha, Feldt CI, omega, item stats)"
awk -v a="$rel_s" -v b="$base_s" \
	'BEGIN { printf "  reliability beyond reading: %.3f s (target well under 1 s)\n", a - b }'
best reliability-validity 3 "$SK" reliability "$WAVE" --codebook "$WAVE_CB" --validity
report "reliability --validity (adds CR, AVE, Fornell-Larcker)"
if have_r; then
	cat > "$WORK/alpha.R" <<'RS'
args <- commandArgs(TRUE)
suppressMessages(library(psych))
w <- read.csv(args[1])
x <- w[c("inv_1", "inv_2", "inv_3", "inv_4", "inv_5")]
x$inv_4 <- 8 - x$inv_4
t <- system.time(a <- alpha(x, warnings = FALSE))[["elapsed"]]
cat(sprintf("%.3f\n", t))
RS
	if r_s=$(Rscript "$WORK/alpha.R" "$WAVE" 2>"$WORK/alpha-r.err"); then
		printf '%-58s %7.3f s   (read.csv not counted)\n' "R psych::alpha, one scale (involvement)" "$r_s"
	else
		echo "R psych::alpha: failed (see $WORK/alpha-r.err)"
	fi
fi
