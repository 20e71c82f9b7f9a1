# Publication output (io/docmodel.h, io/docwrite.h): tests/tools/docsample builds a sample document
# (two APA tables, one wider than a phone, two figures) and a hostile one (every text from the
# data is markup, a script, Markdown image syntax, LaTeX specials, backquotes or invalid UTF-8)
# and writes each as HTML, Markdown, LaTeX and Word. The optional tools (tidy, Chromium, pandoc,
# LibreOffice, poppler-utils, a TeX engine) are used when installed, with a notice when not.
# Screenshots and converted files stay in BUILD/test-output/publication.
DOCSAMPLE="$PWD/$build/docsample"
BROWSER_CHECK="$PWD/tests/tools/browser-check"
PUB="$PWD/$build/test-output/publication"
rm -rf "$PUB"
mkdir -p "$PUB"

check "publication: docsample writes HTML, Markdown and LaTeX" \
	"'$DOCSAMPLE' '$FIX/publication' '$PUB' 2> docsample.err &&
	 for f in sample hostile; do for e in html md tex; do [ -s '$PUB'/\$f.\$e ] || { echo \"no \$f.\$e\"; exit 1; }; done; done"

# --- HTML: valid HTML5, self-contained, inert
if command -v tidy >/dev/null 2>&1; then
	check "publication: sample.html and hostile.html are valid HTML5 (tidy: no error, no warning)" \
		"tidy -q -e '$PUB/sample.html' && tidy -q -e '$PUB/hostile.html'"
else
	echo "notice: tidy is not installed: the HTML is not validated (apt-get install tidy)"
fi
check "publication: sample.html asks for nothing outside itself (no http:, https:, //, src=, link or import)" \
	"! grep -n -E -i 'https?:|//|src=|<link|@import|url\\([^#]' '$PUB/sample.html' &&
	 ! grep -o -E 'href=\"[^\"]*\"' '$PUB/sample.html' | grep -v '^href=\"#'"
check "publication: sample.html has its table of contents, tables, figures and print styles" \
	"grep -q '<nav aria-labelledby=\"contents\">' '$PUB/sample.html' &&
	 [ \$(grep -c '<table>' '$PUB/sample.html') -eq 2 ] && [ \$(grep -c '<div class=\"chart\" role=\"img\"' '$PUB/sample.html') -eq 2 ] &&
	 grep -q '@media print' '$PUB/sample.html' && grep -q 'break-inside:avoid' '$PUB/sample.html'"
check "publication: hostile.html has no element or attribute from the data" \
	"! grep -i -E '<script|<img|<iframe|<a [^>]*href=\"[^#]|javascript:| on[a-z]+=\"' '$PUB/hostile.html' &&
	 grep -q '&lt;img src=x onerror=alert(1)&gt;' '$PUB/hostile.html' &&
	 grep -q '&lt;/th&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(2)&lt;/script&gt;' '$PUB/hostile.html' &&
	 ! grep -q 'alert(4)\\|alert(5)' '$PUB/hostile.html' && grep -q '&lt;script&gt;alert(6)&lt;/script&gt;' '$PUB/hostile.html'"
check "publication: every figure's ids are its own" \
	"grep -o ' id=\"[^\"]*\"' '$PUB/sample.html' | sort | uniq -d | grep . && exit 1;
	 grep -q 'id=\"figure-1-gnuplot_canvas\"' '$PUB/sample.html' && grep -q 'id=\"figure-2-gnuplot_canvas\"' '$PUB/sample.html'"

# --- the page in a real browser: it renders, nothing overflows sideways at 1280 px or at the
# narrowest window (500 px), every chart is visible, no request and no error; the checker itself
# fails a page that overflows, requests a file or throws
if [ -x /usr/bin/chromium ]; then
	check "publication: sample.html in Chromium at 1280 px" "'$BROWSER_CHECK' '$PUB/sample.html' '$PUB/browser' 1280"
	check "publication: sample.html in Chromium at 500 px" "'$BROWSER_CHECK' '$PUB/sample.html' '$PUB/browser' 500"
	check "publication: hostile.html in Chromium at 1280 px" "'$BROWSER_CHECK' '$PUB/hostile.html' '$PUB/browser-hostile' 1280"
	check "publication: the browser check fails a page that overflows, requests or throws" \
		"sed 's/\\.scroll{overflow-x:auto;max-width:100%}//' '$PUB/sample.html' > wide.html &&
		 sed 's|</main>|<img src=\"http://127.0.0.1:9/x.png\" alt=\"\"><script>throw new Error(\"boom\")</script></main>|' '$PUB/sample.html' > bad.html &&
		 ! '$BROWSER_CHECK' wide.html '$PUB/browser-negative' 1280 > wide.out && grep -q 'charts=2 bad= resources=0 errors=$' wide.out &&
		 ! '$BROWSER_CHECK' bad.html '$PUB/browser-negative' 1280 > bad.out && grep -q 'errors=error: Uncaught Error: boom' bad.out"
	check "publication: the screenshots are saved" "[ -s '$PUB/browser/screenshot-1280.png' ] && [ -s '$PUB/browser/screenshot-500.png' ]"
else
	echo "notice: chromium is not installed: report pages are not checked in a browser (apt-get install chromium)"
fi

# --- Markdown: GitHub's reading of it has no element from the data
if command -v pandoc >/dev/null 2>&1; then
	check "publication: hostile.md rendered as GitHub Markdown has only the figures' images and no link" \
		"pandoc -f gfm -t html --wrap=none '$PUB/hostile.md' -o hostile-md.html &&
		 ! grep -E -i '<script|<a |<b>|<iframe|javascript:' hostile-md.html &&
		 [ \$(grep -o '<img [^>]*>' hostile-md.html | wc -l) -eq 2 ] &&
		 [ \$(grep -o '<img src=\"charts/[a-z]*.png\"' hostile-md.html | wc -l) -eq 2 ] &&
		 [ \$(grep -c '<table>' hostile-md.html) -eq 2 ]"
	check "publication: sample.md has its tables as pipe tables" \
		"pandoc -f gfm -t html '$PUB/sample.md' -o sample-md.html && [ \$(grep -c '<table>' sample-md.html) -eq 2 ] &&
		 grep -q '<td style=\"text-align: right;\">1,204</td>' sample-md.html"
fi

# --- LaTeX: no command from the data; compiled when a TeX engine is there
check "publication: hostile.tex has every LaTeX special escaped" \
	"! grep -q '\\\\input{' '$PUB/hostile.tex' && grep -q '\\\\textbackslash{}input\\\\{/etc/passwd\\\\}' '$PUB/hostile.tex' &&
	 grep -q '\\\\toprule' '$PUB/sample.tex' && grep -q '\\\\cmidrule(lr){2-4}' '$PUB/sample.tex'"
tex=""
for e in pdflatex xelatex lualatex; do command -v $e >/dev/null 2>&1 && { tex=$e; break; }; done
if [ -n "$tex" ]; then
	check "publication: sample.tex and hostile.tex compile with $tex" \
		"cd '$PUB' && for f in sample hostile; do $tex -interaction=nonstopmode -halt-on-error \$f.tex > \$f.latex.log 2>&1 || { tail -20 \$f.latex.log; exit 1; }; done"
else
	echo "notice: no TeX engine is installed: the LaTeX output is not compiled"
fi

# --- Word: real tables and embedded figures; through LibreOffice to PDF when it is there
if command -v pandoc >/dev/null 2>&1; then
	check "publication: sample.docx and hostile.docx hold two tables and two pictures each" \
		"for f in sample hostile; do [ -s '$PUB'/\$f.docx ] || exit 1;
		   [ \$(unzip -p '$PUB'/\$f.docx word/document.xml | grep -o '<w:tbl>' | wc -l) -eq 2 ] || exit 1;
		   [ \$(unzip -l '$PUB'/\$f.docx | grep -c 'word/media/') -eq 2 ] || exit 1; done &&
		 unzip -p '$PUB/sample.docx' word/document.xml | grep -q 'w:tblStyle w:val=\"Table\"' &&
		 unzip -p '$PUB/sample.docx' word/styles.xml | grep -q 'Times New Roman'"
	check "publication: hostile.docx shows the hostile text as text" \
		"unzip -p '$PUB/hostile.docx' word/document.xml | grep -q '&lt;img src=x onerror=alert(1)&gt;'"
	if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfimages >/dev/null 2>&1; then
		check "publication: sample.docx opens in LibreOffice: its PDF shows the tables' cells and both figures" \
			"mkdir -p '$PUB/pdf' && HOME='$PUB/pdf' timeout 120 soffice --headless --norestore --convert-to pdf --outdir '$PUB/pdf' '$PUB/sample.docx' > soffice.log 2>&1 &&
			 pdftotext -layout '$PUB/pdf/sample.pdf' sample.txt &&
			 grep -q 'Table 1' sample.txt && grep -q 'Satisfaction by Recovery Scenario' sample.txt &&
			 grep -q 'Fix +' sample.txt && grep -q 'apology' sample.txt && grep -q '1,204' sample.txt && grep -q '< .001' sample.txt &&
			 grep -q '5.30' sample.txt && grep -q 'Figure 2' sample.txt &&
			 [ \$(pdfimages -list '$PUB/pdf/sample.pdf' | tail -n +3 | wc -l) -eq 2 ]"
	else
		echo "notice: LibreOffice or poppler-utils is not installed: report.docx is not converted to PDF (apt-get install libreoffice-writer-nogui poppler-utils)"
	fi
else
	echo "notice: pandoc is not installed: no Word output is made or checked (apt-get install pandoc)"
fi
check "publication: without pandoc no .docx is written and the notice says how to get it" \
	"SURVEYKIT_PANDOC=none '$DOCSAMPLE' '$FIX/publication' nopandoc 2> nopandoc.err && [ ! -e nopandoc/sample.docx ] &&
	 grep -q 'notice: sample.docx not written: install pandoc (Debian: apt-get install pandoc)' nopandoc.err"
