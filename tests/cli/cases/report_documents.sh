# report.html and report.docx (analysis/report/report_documents.c, report_prose.c) and --figures.
# The report of the bundled wave with every figure format; its page in Chromium (screenshots in
# BUILD/test-output/report-documents), validated by tidy, its Word document through LibreOffice;
# each tool when installed, with a notice when not.
RD="$PWD/$build/test-output/report-documents"
rm -rf "$RD"
mkdir -p "$RD"
DW="$PWD/data/wave-between.csv"
DWCB="$PWD/data/wave-between.codebook.csv"
expect "report: --figures takes png, svg, pdf or all (checked before the data are read)" 2 \
	"--figures 'gif' must be png, svg, pdf or all" -- report "$TMP/no-such.csv" --out x --figures gif
expect "waves: --figures is checked before the data are read" 2 \
	"--figures 'eps' must be png, svg, pdf or all" -- waves "$TMP/no-such.csv" "$TMP/no-such2.csv" --out x --figures eps
run report "$DW" --codebook "$DWCB" --out docs --figures all --quiet
if [ "$rc" -ne 0 ]; then bad "report: --figures all (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
cp -r "$TMP/docs/report.html" "$RD/" 2>/dev/null
check "report: writes report.html beside report.md" "[ -s docs/report.html ] && [ -s docs/report.md ] && [ -s docs/results.json ]"
check "report.html: one self-contained page (no http:, //, src=, link or import; in-page links only)" \
	"! grep -n -E -i 'https?:|//|src=|<link|@import|url\\([^#]' docs/report.html &&
	 ! grep -o -E 'href=\"[^\"]*\"' docs/report.html | grep -v '^href=\"#'"
check "report.html: contents, the summary first, print styles" \
	"grep -q '<nav aria-labelledby=\"contents\">' docs/report.html && grep -q 'Rows Used by Each Analysis' docs/report.html &&
	 [ \$(grep -n 'Rows Used by Each Analysis' docs/report.html | head -1 | cut -d: -f1) -lt \$(grep -n 'Data screening</h2>' docs/report.html | head -1 | cut -d: -f1) ] &&
	 grep -q '@media print' docs/report.html"
check "report.html: the results in APA prose (italic statistics, p < .001, eta squared)" \
	"grep -q -F 'A one-way ANOVA showed that pwom differed across the levels of scenario, <em>F</em>(2, 573) = 66.66, <em>p</em> &lt; .001, η<sup>2</sup> = .19' docs/report.html &&
	 grep -q -F 'involvement moderated the effect of scenario on satisfaction, <em>ΔR</em><sup>2</sup> = .04, <em>F</em>(2, 540) = 20.20, <em>p</em> &lt; .001' docs/report.html"
check "report.html: eta squared in the prose with the one-sided interval compare's result holds (effectsize's default)" \
	"grep -q -F 'η<sup>2</sup> = .19, one-sided 95% CI [.14, 1.00] (Fix only: <em>M</em> = 3.05, <em>SD</em> = 0.95;' docs/report.html"
if command -v gnuplot >/dev/null 2>&1; then
	check "report --figures all: every chart as PNG, SVG and PDF; each a captioned figure with inline SVG in report.html" \
		"n=\$(ls docs/charts/*.gp | wc -l); [ \$n -ge 27 ] &&
		 for f in docs/charts/*.gp; do for e in png svg pdf; do [ -s \"\${f%.gp}.\$e\" ] || { echo \"no \${f%.gp}.\$e\"; exit 1; }; done; done &&
		 [ \$(grep -c '<div class=\"chart\" role=\"img\"' docs/report.html) -eq \$n ] &&
		 [ \$(grep -c '<span class=\"number\">Figure [0-9]*</span>' docs/report.html) -eq \$n ] && ! grep -q 'The figure was not drawn' docs/report.html"
	check "report: the figures carry no title of their own (the documents caption them)" \
		"! grep -q 'Answers to the trust items' docs/charts/items-trust.svg && grep -q 'Answers to the trust items' docs/report.html"
fi
if command -v tidy >/dev/null 2>&1; then
	check "report.html is valid HTML5 (tidy: no error, no warning)" "tidy -q -e docs/report.html"
else
	echo "notice: tidy is not installed: report.html is not validated (apt-get install tidy)"
fi
if [ -x /usr/bin/chromium ]; then
	check "report.html in Chromium at 1280 px: renders, no overflow, every chart visible, no error" \
		"'$PWD/tests/tools/browser-check' docs/report.html '$RD/browser' 1280"
	check "report.html in Chromium at 500 px" "'$PWD/tests/tools/browser-check' docs/report.html '$RD/browser' 500"
	check "report.html: the screenshots are saved" "[ -s '$RD/browser/screenshot-1280.png' ] && [ -s '$RD/browser/screenshot-500.png' ]"
else
	echo "notice: chromium is not installed: report.html is not checked in a browser (apt-get install chromium)"
fi
if command -v pandoc >/dev/null 2>&1; then
	check "report.docx: a Word table for every table of report.html and the PNG of every chart" \
		"[ -s docs/report.docx ] && cp docs/report.docx '$RD/' &&
		 [ \$(unzip -p docs/report.docx word/document.xml | grep -o '<w:tbl>' | wc -l) -eq \$(grep -c '<table>' docs/report.html) ] &&
		 [ \$(unzip -l docs/report.docx | grep -c 'word/media/') -eq \$(ls docs/charts/*.gp | wc -l) ]"
	check "report.docx: a wide table's cells in the smaller type of the reference document, its columns as wide as their text" \
		"unzip -p docs/report.docx word/styles.xml | grep -q 'w:styleId=\"TableTextSmallest\"' &&
		 unzip -p docs/report.docx word/document.xml | grep -q '<w:rStyle w:val=\"TableTextSmall\" />' &&
		 unzip -p docs/report.docx word/document.xml | grep -q '<w:rStyle w:val=\"TableTextSmallest\" />' &&
		 [ \$(unzip -p docs/report.docx word/document.xml | grep -o '<w:tblGrid>.*' | sed 's|</w:tblGrid>.*||' | grep -o 'w:w=\"[0-9]*\"' | sort -u | wc -l) -gt 1 ]"
	# each section of the document (its properties end it) is landscape when it holds a table in
	# the smallest type (more than 10 columns), and such sections hold one at least
	check "report.docx: each table of more than 10 columns in a section of landscape pages, the rest portrait" \
		"unzip -p docs/report.docx word/document.xml |
		 grep -o -E 'w:val=\"TableTextSmallest\"|<w:sectPr>|w:orient=\"landscape\"|</w:sectPr>' |
		 awk '/TableTextSmallest/ { wide = 1 } /<w:sectPr>/ { land = 0 } /orient/ { land = 1 }
		      /<\\/w:sectPr>/ { if (wide != land) bad++; n += land; wide = 0 }
		      END { if (bad || n == 0) { print \"sections wrong: \" bad + 0 \", landscape: \" n + 0; exit 1 } }' &&
		 unzip -p docs/report.docx word/document.xml | grep -q '<w:pgSz w:w=\"15840\" w:h=\"12240\" w:orient=\"landscape\"/>'"
	if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
		check "report.docx opens in LibreOffice: its PDF shows the tables and every figure" \
			"HOME='$RD' timeout 300 soffice --headless --norestore --convert-to pdf --outdir '$RD' '$RD/report.docx' > soffice.log 2>&1 &&
			 pdftotext -layout '$RD/report.pdf' report.txt && grep -q 'Table 1' report.txt && grep -q 'Rows Used by Each Analysis' report.txt &&
			 grep -q 'Figure 1' report.txt && grep -q '< .001' report.txt &&
			 [ \$(pdfimages -list '$RD/report.pdf' | tail -n +3 | wc -l) -ge \$(ls docs/charts/*.gp | wc -l) ]"
		check "report.docx in LibreOffice: the wide tables on landscape Letter pages, their numbers on one line" \
			"pdfinfo -l 9999 '$RD/report.pdf' | grep -q 'size: *792 x 612' && pdfinfo -l 9999 '$RD/report.pdf' | grep -q 'size: *612 x 792' &&
			 grep -q '31,645.26 *31,879.80 *31,702.06 *-15,766.63' report.txt"
	else
		echo "notice: LibreOffice or poppler-utils is not installed: report.docx is not converted to PDF (apt-get install libreoffice-writer-nogui poppler-utils)"
	fi
else
	echo "notice: pandoc is not installed: report.docx is not checked (apt-get install pandoc)"
fi
check "report: without pandoc report.html is written, report.docx is not, and the notice says how to get it" \
	"SURVEYKIT_PANDOC=none SURVEYKIT_GNUPLOT=none '$SK' report '$DW' --codebook '$DWCB' --out nodocx 2> nodocx.err > /dev/null &&
	 [ -s nodocx/report.html ] && [ ! -e nodocx/report.docx ] &&
	 grep -q 'notice: report.docx not written: install pandoc (Debian: apt-get install pandoc)' nodocx.err &&
	 grep -q 'report.docx not written: install pandoc' nodocx/report.md && grep -q 'The figure was not drawn' nodocx/report.html"
if command -v gnuplot >/dev/null 2>&1; then
	check "report: each figure drawn once per format needed: SVG only without pandoc, PNG when --figures png asks" \
		"SURVEYKIT_PANDOC=none '$SK' report '$DW' --codebook '$DWCB' --out svgonly --quiet 2>/dev/null &&
		 [ -s svgonly/charts/segments.svg ] && ! ls svgonly/charts/*.png svgonly/charts/*.pdf 2>/dev/null &&
		 ! grep -q 'set terminal pngcairo' svgonly/charts/segments.gp && grep -q '(charts/segments.svg)' svgonly/report.md &&
		 grep -q 'charts drawn by .* in charts/ (SVG)' svgonly/report.md &&
		 SURVEYKIT_PANDOC=none '$SK' report '$DW' --codebook '$DWCB' --out pngtoo --quiet --figures png 2>/dev/null &&
		 [ -s pngtoo/charts/segments.png ] && [ -s pngtoo/charts/segments.svg ] && ! ls pngtoo/charts/*.pdf 2>/dev/null"
fi

# waves.html and waves.docx (analysis/report/waves_documents.c): two simulated waves, checked as
# report.html and report.docx are (saved in BUILD/test-output/report-documents/waves)
WD="$RD/waves"
mkdir -p "$WD"
"$SK" simulate --seed 101 --n 300 -o "$TMP/dw1.csv" && "$SK" simulate --seed 102 --n 300 --shift 0.5 -o "$TMP/dw2.csv"
run waves dw1.csv dw2.csv --codebook dw1.codebook.csv --out dwaves --quiet
if [ "$rc" -ne 0 ]; then bad "waves: waves.html and waves.docx (exit $rc)" "$(cat "$TMP/err")"; else ok; fi
cp "$TMP/dwaves/waves.html" "$WD/" 2>/dev/null
check "waves.html: one self-contained page with the APA tables, the changes first and every chart as a captioned figure" \
	"[ -s dwaves/waves.html ] && ! grep -n -E -i 'https?:|//|src=|<link|@import|url\\([^#]' dwaves/waves.html &&
	 ! grep -o -E 'href=\"[^\"]*\"' dwaves/waves.html | grep -v '^href=\"#' &&
	 grep -q 'satisfaction mean changed from wave-1 to wave-2' dwaves/waves.html &&
	 [ \$(grep -n 'What Changed</h2>' dwaves/waves.html | cut -d: -f1) -lt \$(grep -n 'Comparison</h2>' dwaves/waves.html | cut -d: -f1) ] &&
	 grep -q '<span class=\"number\">Table 1</span>' dwaves/waves.html &&
	 { ! command -v gnuplot >/dev/null 2>&1 ||
	   [ \$(grep -c '<div class=\"chart\" role=\"img\"' dwaves/waves.html) -eq \$(ls dwaves/charts/*.gp | wc -l) ]; }"
if command -v tidy >/dev/null 2>&1; then
	check "waves.html is valid HTML5 (tidy: no error, no warning)" "tidy -q -e dwaves/waves.html"
fi
if [ -x /usr/bin/chromium ]; then
	check "waves.html in Chromium at 1280 and 500 px: renders, no overflow, every chart visible, no error" \
		"'$PWD/tests/tools/browser-check' dwaves/waves.html '$WD/browser' 1280 &&
		 '$PWD/tests/tools/browser-check' dwaves/waves.html '$WD/browser' 500 && [ -s '$WD/browser/screenshot-1280.png' ]"
fi
if command -v pandoc >/dev/null 2>&1; then
	check "waves.docx: a Word table for every table of waves.html and the PNG of every chart" \
		"[ -s dwaves/waves.docx ] && cp dwaves/waves.docx '$WD/' &&
		 [ \$(unzip -p dwaves/waves.docx word/document.xml | grep -o '<w:tbl>' | wc -l) -eq \$(grep -c '<table>' dwaves/waves.html) ] &&
		 { ! command -v gnuplot >/dev/null 2>&1 ||
		   [ \$(unzip -l dwaves/waves.docx | grep -c 'word/media/') -eq \$(ls dwaves/charts/*.gp | wc -l) ]; }"
	if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
		check "waves.docx opens in LibreOffice: its PDF shows the tables and the changes" \
			"HOME='$WD' timeout 300 soffice --headless --norestore --convert-to pdf --outdir '$WD' '$WD/waves.docx' > soffice-waves.log 2>&1 &&
			 pdftotext -layout '$WD/waves.pdf' waves-docx.txt && grep -q 'Table 1' waves-docx.txt &&
			 grep -q 'satisfaction mean changed' waves-docx.txt"
	fi
fi
check "waves: without pandoc waves.html is written, waves.docx is not, and the notice says how to get it" \
	"SURVEYKIT_PANDOC=none SURVEYKIT_GNUPLOT=none '$SK' waves dw1.csv dw2.csv --codebook dw1.codebook.csv --out dwaves-nodocx 2> dwaves-nodocx.err > /dev/null &&
	 [ -s dwaves-nodocx/waves.html ] && [ ! -e dwaves-nodocx/waves.docx ] &&
	 grep -q 'notice: waves.docx not written: install pandoc (Debian: apt-get install pandoc)' dwaves-nodocx.err &&
	 grep -q 'waves.docx not written: install pandoc' dwaves-nodocx/waves.md"
