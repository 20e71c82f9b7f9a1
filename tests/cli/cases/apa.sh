# --style apa (io/render_apa.c, io/doc_text.c) and the document formats of single commands
# (--format html|latex|docx). Every command's tables in APA style are compared with
# tests/cli/expected/apa/NAME.txt; the data are copied next to the runs so that the "Data:" line
# names them by a relative path. --style plain must print what no --style prints, byte for byte.
APA_OUT="$PWD/$build/test-output/apa"
rm -rf "$APA_OUT"
mkdir -p "$APA_OUT" "$TMP/apa"
cp data/wave-between.csv data/wave-between.codebook.csv data/wave-within.csv data/wave-within.codebook.csv \
	tests/fixtures/reference/glbwarm.csv tests/fixtures/reference/protest.csv tests/fixtures/bfi.csv \
	tests/fixtures/bfi.codebook.csv "$TMP/apa/"
AB="apa/wave-between.csv --codebook apa/wave-between.codebook.csv"
AW="apa/wave-within.csv --codebook apa/wave-within.codebook.csv"
apa_cases=(
	"describe|describe $AB"
	"describe-by|describe $AB --by scenario"
	"reliability|reliability $AB --validity"
	"correlate|correlate $AB"
	"compare-between|compare $AB --y satisfaction --by scenario"
	"compare-twoway|compare $AB --y satisfaction --by scenario,gender"
	"compare-within|compare $AW --within satisfaction_s1,satisfaction_s2,satisfaction_s3"
	"compare-mixed|compare $AW --within satisfaction_s1,satisfaction_s2,satisfaction_s3 --between gender"
	"compare-paired|compare $AW --within satisfaction_s1,satisfaction_s2"
	"regress|regress apa/glbwarm.csv --y govact --x negemot,posemot,ideology,age,sex"
	"regress-blocks|regress apa/glbwarm.csv --y govact --blocks negemot,posemot;ideology --cov age"
	"moderate|moderate apa/glbwarm.csv --y govact --x negemot --w age --cov posemot,ideology,sex --jn"
	"moderate-categorical|moderate apa/protest.csv --y liking --x protest --w sexism --categorical protest"
	"mediate|mediate apa/glbwarm.csv --y govact --x ideology --m negemot,posemot --cov age,sex --boot 0"
	"factor|factor apa/bfi.csv --codebook apa/bfi.codebook.csv --factors 5"
	"segment|segment $AB --on involvement,trust --outcomes satisfaction,pwom"
	"crosstab|crosstab $AB --rows scenario --cols gender"
	"cfa|cfa $AB"
	"process|process apa/glbwarm.csv --model 4 --y govact --x ideology --m negemot,posemot --cov age,sex --boot 0"
)
for c in "${apa_cases[@]}"; do
	name=${c%%|*}
	IFS=' ' read -r -a args <<< "${c#*|}"
	golden "apa/$name.txt" -- "${args[@]}" --style apa
	same "apa: --style plain prints what no --style prints ($name)" -- "${args[@]}" -- "${args[@]}" --style plain
	same "apa: --style plain --format markdown prints today's Markdown ($name)" -- "${args[@]}" --format markdown -- \
		"${args[@]}" --format markdown --style plain
done
same "apa: JSON is data: --style apa leaves it as it is" -- compare $AB --y satisfaction --by scenario --format json -- \
	compare $AB --y satisfaction --by scenario --format json --style apa
expect "apa: an unknown style" 2 "unknown style 'chicago' \\(use plain or apa\\)" -- describe $AB --style chicago
expect "apa: --format docx needs -o" 2 "^surveykit: --format docx needs -o FILE" -- describe $AB --format docx
check "apa: Markdown in APA style has italic symbols and the CI spanner" \
	"'$SK' compare $AB --y satisfaction --by scenario --style apa --format markdown > a.md &&
	 grep -q -F '**Table 1**' a.md && grep -q -F '| 95% CI<br>LL |' a.md && grep -q -F '| *M* |' a.md && grep -q -F '&lt; .001' a.md"

# --- the document formats of every single command
for c in "${apa_cases[@]}"; do
	name=${c%%|*}
	IFS=' ' read -r -a args <<< "${c#*|}"
	(cd "$TMP" && "$SK" "${args[@]}" --style apa --format html -o "$APA_OUT/$name.html" &&
	 "$SK" "${args[@]}" --style apa --format latex -o "$APA_OUT/$name.tex") > /dev/null 2>&1 || echo "FAIL apa: $name html/latex"
done
check "apa: every command's HTML is one self-contained page with its tables" \
	"for f in '$APA_OUT'/*.html; do grep -q '<table>' \$f && grep -q '<caption\\|class=\"table-number\"\\|Table 1' \$f || { echo \$f; exit 1; };
	   ! grep -n -E -i 'https?:|src=|<link|@import|<script' \$f || exit 1; done"
if command -v tidy >/dev/null 2>&1; then
	check "apa: every command's HTML is valid HTML5 (tidy)" "for f in '$APA_OUT'/*.html; do tidy -q -e \$f || { echo \$f; exit 1; }; done"
else
	echo "notice: tidy is not installed: the commands' HTML is not validated (apt-get install tidy)"
fi
check "apa: every command's LaTeX is a booktabs document" \
	"for f in '$APA_OUT'/*.tex; do grep -q '\\\\toprule' \$f && grep -q '\\\\bottomrule' \$f && grep -q '\\\\documentclass' \$f || { echo \$f; exit 1; }; done"
if command -v pandoc >/dev/null 2>&1; then
	check "apa: --format docx writes Word tables, one per table of the text" \
		"'$SK' compare $AB --y satisfaction --by scenario --style apa --format docx -o '$APA_OUT/compare.docx' &&
		 '$SK' compare $AB --y satisfaction --by scenario --style apa > c.txt &&
		 [ \$(unzip -p '$APA_OUT/compare.docx' word/document.xml | grep -o '<w:tbl>' | wc -l) -eq \$(grep -c '^Table [0-9]' c.txt) ]"
	check "apa: without pandoc --format docx fails with how to get it and writes nothing" \
		"! SURVEYKIT_PANDOC=none '$SK' describe $AB --format docx -o none.docx 2> none.err && [ ! -e none.docx ] &&
		 grep -q 'install pandoc (Debian: apt-get install pandoc)' none.err"
	if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
		check "apa: compare.docx opens in LibreOffice: its PDF shows the tables" \
			"HOME='$APA_OUT' timeout 120 soffice --headless --norestore --convert-to pdf --outdir '$APA_OUT' '$APA_OUT/compare.docx' > soffice.log 2>&1 &&
			 pdftotext -layout '$APA_OUT/compare.pdf' compare.txt && grep -q 'Table 8' compare.txt && grep -q 'Post Hoc Comparisons' compare.txt &&
			 grep -q 'Fix +' compare.txt && grep -q '574' compare.txt"
	else
		echo "notice: LibreOffice or poppler-utils is not installed: the commands' .docx is not converted to PDF (apt-get install libreoffice-writer-nogui poppler-utils)"
	fi
else
	echo "notice: pandoc is not installed: --format docx is not checked (apt-get install pandoc)"
fi
