# SPSS input and output (issue 7), sourced by scripts/bench: the 1,000,000-row wave converted to
# .sav, read back for describe, and converted back to CSV; with R, haven::read_sav on the same
# file. Issue 7 sets no targets: these are for the record.
SAV=$WORK/wave-1m.sav
best convert-sav 3 "$SK" convert "$WAVE" "$SAV" --codebook "$WAVE_CB"
report "convert CSV -> .sav (surveykit convert)" "(no target; $(du -h "$SAV" | cut -f1) written)"
best describe-sav 3 "$SK" describe "$SAV"
sav_s=$SECONDS_TAKEN sav_mb=$PEAK_MB
report "read .sav + score + describe (surveykit describe)" "(no target)"
best convert-back 3 "$SK" convert "$SAV" "$WORK/wave-1m-back.csv"
report "convert .sav -> CSV (surveykit convert)" "(no target)"
if have_r; then
	measure read-sav-r Rscript -e "suppressMessages(library(haven)); d <- read_sav('$SAV'); cat(nrow(d), '\n')"
	report "R: haven::read_sav of the same file (read only)"
	awk -v a="$SECONDS_TAKEN" -v b="$sav_s" -v ma="$PEAK_MB" -v mb="$sav_mb" \
		'BEGIN { printf "  ratio R read / surveykit read+describe: %.1fx time, %.1fx peak memory\n", a / b, ma / mb }'
fi
