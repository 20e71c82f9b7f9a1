# Hardening (issue 8): malformed and hostile inputs, limits, numerical edge cases and output
# safety. Every input ends in a one-line error with its documented exit code or in a checked
# result, never a crash: `make SANITIZE=address,undefined test` runs this same file against the
# AddressSanitizer + UndefinedBehaviorSanitizer build. Fixtures: tests/fixtures/hostile, written
# by scripts/fixtures/make-hostile.sh; the large inputs are generated here. Sourced by tests/cli/run.

H="$FIX/hostile"
printf '{}' > "$TMP/any.json"

# valid_json NAME ARGS...: exit 0 and stdout is JSON in valid UTF-8 (jansson refuses anything else)
valid_json() {
	local name=$1; shift
	run "$@" --format json
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc" "$(cat "$TMP/err")"; return; fi
	if ! iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null 2>&1; then bad "$name: output is not valid UTF-8"; return; fi
	if ! "$JSONCMP" "$TMP/any.json" "$TMP/out" >"$TMP/diff" 2>&1; then bad "$name: output is not JSON" "$(cat "$TMP/diff")"; return; fi
	ok
}
# jsonhas NAME JSON ARGS...: exit 0 and the JSON output holds every value of JSON (jsoncmp:
# numbers to 1e-12 relative, no absolute slack)
jsonhas() {
	local name=$1 want=$2; shift 2
	printf '%s' "$want" > "$TMP/want.json"
	run "$@" --format json
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc" "$(cat "$TMP/err")"; return; fi
	if ! "$JSONCMP" "$TMP/want.json" "$TMP/out" --rel 1e-12 --abs 0 >"$TMP/diff" 2>&1; then bad "$name: JSON differs" "$(cat "$TMP/diff")"; return; fi
	ok
}
# has NAME REGEX ARGS...: exit 0 and stdout matches REGEX (extended)
has() {
	local name=$1 re=$2; shift 2
	run "$@"
	if [ "$rc" -ne 0 ]; then bad "$name: exit $rc" "$(cat "$TMP/err")"; return; fi
	if ! grep -Eq -- "$re" "$TMP/out"; then bad "$name: output does not match /$re/" "$(head -c 600 "$TMP/out")"; return; fi
	ok
}

# --- bytes that are not text
expect "hostile: binary garbage" 3 "^surveykit: '.*binary-garbage.bin' line 1: malformed quoting" -- describe "$H/binary-garbage.bin"
expect "hostile: only NUL bytes" 3 "nul-only.bin' has a header but no data rows$" -- describe "$H/nul-only.bin"
expect "hostile: a gzip file" 3 "gzip.csv.gz' " -- describe "$H/gzip.csv.gz"
expect "hostile: SPSS magic followed by garbage" 3 "spss-magic.sav'" -- describe "$H/spss-magic.sav"
expect "hostile: an old Stata header with an empty read (found by fuzzing)" 3 "cannot read '.*fuzz-stata-empty-read.dta' \\(Stata file\\): " -- \
	describe "$H/fuzz-stata-empty-read.dta"
expect "hostile: an old Stata value-label name without its NUL (found by fuzzing)" 3 "cannot read '.*fuzz-stata-label-name.dta' \\(Stata file\\): " -- \
	describe "$H/fuzz-stata-label-name.dta"
expect "hostile: UTF-16 little endian" 3 "utf16le.csv' is UTF-16 text; save it as CSV in UTF-8$" -- describe "$H/utf16le.csv"
expect "hostile: UTF-16 big endian" 3 "utf16be.csv' is UTF-16 text; save it as CSV in UTF-8$" -- describe "$H/utf16be.csv"
has "hostile: a NUL inside a header name cuts the name" '"variable": "s"' describe "$H/nul-in-header.csv" --format json
has "hostile: a NUL inside a cell makes the column text" '"variable": "a"' describe "$H/nul-in-cell.csv" --format json
expect "hostile: a directory as data" 3 "^surveykit: '.*' read error: Is a directory$" -- describe "$H"
expect "hostile: /dev/null as data" 3 "'/dev/null' is empty$" -- describe /dev/null

# --- encodings: JSON output stays valid UTF-8, errors stay on one line
valid_json "hostile: invalid UTF-8 in the header" describe "$H/invalid-utf8-header.csv"
has "hostile: invalid UTF-8 in a name becomes U+FFFD" "\"scale\": \"sat$(printf '\357\277\275')\"" describe "$H/invalid-utf8-header.csv" --format json
valid_json "hostile: invalid UTF-8 in text cells (ids, overlong, surrogate)" describe "$H/invalid-utf8-cells.csv"
has "hostile: duplicate ids with invalid UTF-8 are flagged" '"duplicate_ids": 2' describe "$H/invalid-utf8-cells.csv" --format json
valid_json "hostile: Latin-1 header and cells" describe "$H/latin1.csv"
valid_json "hostile: invalid UTF-8 in a codebook value label" describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-bad-labels.csv"
valid_json "hostile: --by a text column of invalid UTF-8" describe "$H/invalid-utf8-cells.csv" --by id
expect "hostile: escape sequences in a message are shown as ?" 3 "duplicate column name '\?\[31mred' \(columns 1 and 2\)$" -- describe "$H/control-chars.csv"
expect "hostile: a line break in a header name stays on one line" 3 "duplicate column name 'a\?b' \(columns 1 and 2\)$" -- describe "$H/newline-in-header.csv"
n100k=$(head -c 100000 /dev/zero | tr '\0' 'n')
printf '%s,%s\n1,2\n' "$n100k" "$n100k" > "$TMP/long-name.csv"
expect "hostile: a 100 KB column name, repeated" 3 "line 1: duplicate column name 'nnnn" -- describe "$TMP/long-name.csv"

# --- quoting
expect "hostile: unbalanced quote" 3 "unbalanced-quote.csv' line 2: unterminated quoted field" -- describe "$H/unbalanced-quote.csv"
expect "hostile: unbalanced quote in the last field" 3 "unbalanced-quote-last.csv' line 3: unterminated quoted field" -- describe "$H/unbalanced-quote-last.csv"
expect "hostile: a quote inside an unquoted field" 3 "quote-in-unquoted.csv' line 2: malformed quoting" -- describe "$H/quote-in-unquoted.csv"
expect "hostile: text after a closing quote" 3 "text-after-quote.csv' line 2: malformed quoting" -- describe "$H/text-after-quote.csv"
has "hostile: deeply nested doubled quotes" '"rows": 3' describe "$H/nested-quotes.csv" --format json
has "hostile: quoted line breaks (LF, CRLF, only line breaks)" '"mean": 5' describe "$H/quoted-line-breaks.csv" --format json

# --- shape
expect "hostile: mixed delimiters" 3 "mixed-delimiters.csv' line 2: row has 1 fields, the header has 3$" -- describe "$H/mixed-delimiters.csv"
expect "hostile: header longer than the rows" 3 "header-longer.csv' line 2: row has 2 fields, the header has 3$" -- describe "$H/header-longer.csv"
expect "hostile: a row longer than the header" 3 "row-longer.csv' line 3: row has more than the 2 fields of the header$" -- describe "$H/row-longer.csv"
expect "hostile: a short row on line 1000" 3 "ragged-late.csv' line 1000: row has 1 fields, the header has 2$" -- describe "$H/ragged-late.csv"
expect "hostile: duplicate header names" 3 "duplicate column name 'x' \(columns 1 and 3\)$" -- describe "$H/duplicate-headers.csv"
expect "hostile: the first repeat is named" 3 "duplicate column name 'b' \(columns 2 and 4\)$" -- describe "$H/duplicate-headers-far.csv"
has "hostile: an empty header name is named column_N" '"variable": "column_2"' describe "$H/empty-header-name.csv" --format json
has "hostile: a trailing delimiter gives an empty column with a note" "'column_3': no valid value, so no statistic is defined" describe "$H/trailing-delimiter.csv"
expect "hostile: only delimiters" 1 "every value of item 'column_1' of scale 'column' is missing$" -- describe "$H/only-delimiters.csv"
expect "hostile: header only, CRLF" 3 "header-only-crlf.csv' has a header but no data rows$" -- describe "$H/header-only-crlf.csv"
expect "hostile: a byte order mark and nothing else" 3 "bom-only.csv' has no header row$" -- describe "$H/bom-only.csv"
expect "hostile: a byte order mark and a line break" 3 "bom-newline.csv' has no header row$" -- describe "$H/bom-newline.csv"
expect "hostile: only blank lines" 3 "blank-lines.csv' has no header row$" -- describe "$H/blank-lines.csv"
has "hostile: lone CR line endings" '"rows": 3' describe "$H/lone-cr.csv" --format json
expect "hostile: lone CR line endings: errors name the right line" 3 "lone-cr-ragged.csv' line 3: row has 2 fields, the header has 3$" -- \
	describe "$H/lone-cr-ragged.csv"
has "hostile: CRLF and LF mixed, no final line break" '"rows": 3' describe "$H/crlf-mixed.csv" --format json
expect "hostile: Qualtrics header rows and no data" 3 "qualtrics-headers-only.csv' has a header but no data rows$" -- describe "$H/qualtrics-headers-only.csv"
has "hostile: a lone ImportId row is data" '"rows": 1' describe "$H/qualtrics-one-row.csv" --format json
has "hostile: spaces and tabs around numbers" '"name": "a"' describe "$H/spaces.csv" --format json

# --- values
expect "hostile: only missing values in a scale" 1 "every value of item 'a_1' of scale 'a' is missing$" -- describe "$H/only-missing.csv"
has "hostile: only missing values elsewhere: null with a note" "'x', 'y': no valid value, so no statistic is defined" describe "$H/only-missing-variables.csv" --format json
jsonhas "hostile: negative zero reads as 0" '{"variables": [{"n": 5, "mean": 0, "sd": 0, "min": 0, "max": 0}]}' describe "$H/negative-zero.csv"
check "hostile: ... and is never printed as -0" "'$SK' describe '$H/negative-zero.csv' --format json | grep -Eq ': 0(\.0)?,?$' && ! '$SK' describe '$H/negative-zero.csv' --format json | grep -q ': -0'"
expect "hostile: 1e400" 3 "huge-exponent.csv' line 3, column 'x': '1e400' is too large for a number$" -- describe "$H/huge-exponent.csv"
expect "hostile: -1e400" 3 "line 3, column 'x': '-1e400' is too large for a number$" -- describe "$H/huge-negative-exponent.csv"
check "hostile: 1e-400 reads as 0, subnormals keep their spread" \
	"'$SK' describe '$H/tiny-exponent.csv' --format json > t.json && printf '{\"variables\": [{\"n\": 3, \"min\": 0, \"sd\": 2e-320}]}' > t-want.json && '$JSONCMP' t-want.json t.json --rel 1e-4 --abs 0"
jsonhas "hostile: values near 1e308 whose sum overflows" '{"variables": [{"mean": 1.2333333333333333e308, "sd": 4.0414518843273795e307}]}' describe "$H/overflowing-sum.csv"
has "hostile: nan and inf are text, not numbers" '"variable": "x"' describe "$H/nan-inf.csv" --format json
expect "hostile: nan in a numeric column of the codebook" 3 "nan-inf.csv' line 2, column 'y': 'nan' is not a number$" -- \
	describe "$H/nan-inf.csv" --codebook "$FIX/hostile/codebook-nan-inf.csv"
has "hostile: a lone - against one number leaves an item text, with a note naming the line" "'a_2' is used as text: 1 cell is not a number \(line 2\) against 1 that is" describe "$H/lone-dash.csv"
has "hostile: hex, thousands separators, 1.2.3, Arabic digits are text" '"rows": 8' describe "$H/not-quite-numbers.csv" --format json
jsonhas "hostile: a 301-digit number" '{"variables": [{"n": 2, "min": 2, "max": 1e300, "sd": 7.0710678118654757e299}]}' describe "$H/long-number.csv"
jsonhas "hostile: decimal comma with semicolons" '{"variables": [{"variable": "a", "mean": 4, "min": 3.5, "max": 4.5}, {"variable": "b", "mean": 1.5}]}' describe "$H/decimal-comma.csv"
has "hostile: a constant scale: zero variance note" "'a': zero variance \(every value the same\), so skewness and kurtosis are not defined" describe "$H/constant.csv"
has "hostile: one row: sd not defined, with a note" "'a_1', 'a_2', 'x', 'a': one valid value, so sd, skewness and kurtosis are not defined" describe "$H/one-row.csv"
expect "hostile: --by a column of 101 levels" 1 "'g' has more than 100 distinct values" -- describe "$H/many-levels.csv" --by g
check "hostile: values near 1e6 with a small spread (R var/sd, 1e-12)" \
	"'$SK' describe '$H/near-1e6.csv' --format json > n.json && '$JSONCMP' '$EXPECTED/hostile-near-1e6.json' n.json --rel 1e-12 --abs 0"
check "hostile: values near 1e12 with a spread of 0.4 (R var/sd, 1e-12)" \
	"'$SK' describe '$H/near-1e12.csv' --format json > n.json && '$JSONCMP' '$EXPECTED/hostile-near-1e12.json' n.json --rel 1e-12 --abs 0"
check "hostile: no NaN or Inf in any output format" \
	"for f in one-row constant overflowing-sum only-missing-variables trailing-delimiter tiny-exponent; do
	   for fmt in text json csv markdown; do '$SK' describe \"$H/\$f.csv\" --format \$fmt || exit 1; done; done > all.txt &&
	 ! grep -Eiw 'nan|-?inf|infinity' all.txt"

# --- codebooks
expect "hostile: codebook of binary bytes" 3 "codebook-binary.csv' line 1: unknown column '\\?\\?\\?'" -- \
	describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-binary.csv"
expect "hostile: a NUL in a codebook role" 3 "line 2: unknown role 'it' for 's_1'" -- describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-nul.csv"
expect "hostile: codebook min 1e400" 3 "codebook: '.*codebook-huge-min.csv' line 2, column 'min': '1e400' is too large for a number$" -- \
	describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-huge-min.csv"
expect "hostile: a reversed item whose min + max overflows" 3 "line 2: 's_1' is reversed but min \+ max \(1e\+308 \+ 1.7e\+308\) is too large to reverse with$" -- \
	describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-reverse-overflow.csv"
expect "hostile: codebook repeats, the first named" 3 "line 5: column 'g' is listed twice \(lines 3 and 5\)$" -- \
	describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-duplicate-far.csv"
expect "hostile: empty missing codes" 3 "line 2: missing code ';;' of 'g' is not a number" -- \
	describe "$H/data-for-codebooks.csv" --codebook "$H/codebook-empty-codes.csv"

# --- limits: each with its message and the flag that raises it
printf 'id,comment\n1,' > "$TMP/line100.csv"; head -c 100000000 /dev/zero | tr '\0' 'x' >> "$TMP/line100.csv"; printf '\n2,short\n' >> "$TMP/line100.csv"
expect "limits: a 100 MB line (one field) over --max-field" 3 "line100.csv' line 2: a field is longer than 1048576 bytes \(raise the limit with --max-field\)$" -- \
	describe "$TMP/line100.csv"
has "limits: the same 100 MB line under --max-field 200000000" '"rows": 2' describe "$TMP/line100.csv" --max-field 200000000 --format json
rm -f "$TMP/line100.csv"
{ head -c 100000000 /dev/zero | tr '\0' ','; printf '\n1\n'; } > "$TMP/commas100.csv"
expect "limits: a 100 MB header line of empty names" 3 "commas100.csv' line 1: more than 100000 columns \(raise the limit with --max-columns\)$" -- \
	describe "$TMP/commas100.csv"
rm -f "$TMP/commas100.csv"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "%st%dq", (i ? "," : ""), i; print ""; for (i = 0; i < 1000000; i++) printf "%sa", (i ? "," : ""); print "" }' > "$TMP/cols1m.csv"
expect "limits: 1,000,000 columns over --max-columns" 3 "cols1m.csv' line 1: more than 100000 columns \(raise the limit with --max-columns\)$" -- \
	describe "$TMP/cols1m.csv"
has "limits: 1,000,000 columns under --max-columns 1000000" '"rows": 1' describe "$TMP/cols1m.csv" --max-columns 1000000 --format json
rm -f "$TMP/cols1m.csv"
{ echo x; yes 3 | head -n 2000000; } > "$TMP/rows2m.csv"
has "limits: 2,000,000 rows of one column" '"n": 2000000' describe "$TMP/rows2m.csv" --format json
expect "limits: 2,000,000 rows over --max-rows" 3 "rows2m.csv' line 2000001: more than 1999999 data rows \(raise the limit with --max-rows\)$" -- \
	describe "$TMP/rows2m.csv" --max-rows 1999999
rm -f "$TMP/rows2m.csv"
expect "limits: --max-field 0" 2 "a limit must be a positive whole number, not '0'" -- describe x.csv --max-field 0
expect "limits: --max-rows -1" 2 "a limit must be a positive whole number, not '-1'" -- describe x.csv --max-rows -1
expect "limits: --max-columns beyond size_t" 2 "a limit must be a positive whole number, not '99999999999999999999999'" -- \
	describe x.csv --max-columns 99999999999999999999999
expect "limits: a small --max-field" 3 "line 1: a field is longer than 2 bytes \(raise the limit with --max-field\)$" -- describe "$H/constant.csv" --max-field 2
awk 'BEGIN { for (i = 0; i <= 100000; i++) printf "%sc%d", (i ? "," : ""), i; print "" }' > "$TMP/wide.codebook.csv"
expect "limits: a codebook obeys the default limits too" 3 "codebook: '.*' line 1: more than 100000 columns" -- \
	describe "$H/constant.csv" --codebook "$TMP/wide.codebook.csv"

# --- output: nothing half-written, inputs never touched
D="$PWD/data/wave-between.csv"
check "output: the input's checksum and mtime do not change" \
	"cp -p '$D' in.csv && touch -d '2020-01-02 03:04:05' in.csv && before=\$(stat -c '%Y %s' in.csv)\$(md5sum < in.csv) &&
	 '$SK' describe in.csv -o r.txt && '$SK' describe in.csv --format json > /dev/null &&
	 [ \"\$(stat -c '%Y %s' in.csv)\$(md5sum < in.csv)\" = \"\$before\" ]"
check "output: a read-only input is read" "cp '$D' ro.csv && chmod 444 ro.csv && '$SK' describe ro.csv > /dev/null"
cp "$D" "$TMP/in2.csv"
expect "output: -o naming the data file is refused" 2 "output 'in2.csv' is the input file 'in2.csv'; write to another file$" -- \
	describe in2.csv -o in2.csv
check "output: ... and the data file is unchanged" "cmp in2.csv '$D'"
check "output: closed stdout is exit 4 with a message" \
	"'$SK' describe '$D' >&- 2> err.txt; [ \$? -eq 4 ] && grep -q '^surveykit: cannot write to standard output: Bad file descriptor$' err.txt"
# (devices such as /dev/null are written in place like the pipe below; they are not tested with
# -o here, since as root a regression would replace the device node itself)
check "output: -o a named pipe writes into the pipe" \
	"rm -f pipe && mkfifo pipe && { cat pipe > from-pipe & } && '$SK' describe '$D' -o pipe && wait && [ -p pipe ] && grep -q '^Scales' from-pipe"
check "output: -o through a symlink replaces the file it points to" \
	"echo old > target.txt && ln -sf target.txt link.txt && '$SK' describe '$D' -o link.txt && [ -L link.txt ] && grep -q '^Scales' target.txt"
check "output: a file size limit is exit 4 and leaves no file" \
	"(ulimit -f 1; '$SK' describe '$D' -o big.txt 2> err.txt); [ \$? -eq 4 ] && grep -q \"cannot write 'big.txt': File too large\" err.txt && ! ls big.txt* 2>/dev/null"
check "output: an existing file is replaced only on success" \
	"echo keep > kept.txt && ! '$SK' describe '$H/huge-exponent.csv' -o kept.txt 2>/dev/null && grep -qx keep kept.txt && ! ls kept.txt.tmp-* 2>/dev/null"
expect "output: -o into a missing directory" 4 "cannot write '.*no-such-dir/r.txt': No such file or directory$" -- describe "$D" -o "$TMP/no-such-dir/r.txt"
expect "output: -o a directory" 4 "cannot write '.*': Is a directory$" -- describe "$D" -o "$TMP"

# --- report: chart names made from scale names (12 charts: items, histogram and means of the three
# scales, the correlations, and the measurement model's loadings and HTMT)
check "hostile: scales 'out/x' and 'out x' and a 250-byte scale name each keep their charts in report" \
	"'$SK' report '$H/colliding-names.csv' --codebook '$H/colliding-names.codebook.csv' --out coll --quiet &&
	 [ \$(ls coll/charts/*.gp | wc -l) -eq 12 ] && ls coll/charts | awk 'length(\$0) > 255 { exit 1 }' &&
	 grep -q \"= 'Distribution of the out/x scores'\" coll/charts/hist-out_x.gp &&
	 grep -q \"= 'Distribution of the out x scores'\" coll/charts/hist-out_x-2.gp &&
	 grep -o '\"script\": \"charts/[^\"]*\"' coll/results.json | cut -d'\"' -f4 | sort -u > listed.txt &&
	 [ \$(wc -l < listed.txt) -eq 12 ] && while read -r f; do [ -s \"coll/\$f\" ] || exit 1; done < listed.txt"

# --- Markdown: value labels, a variable label and a scale name that are Markdown or HTML are shown
# as text (no raw HTML, no link or image, no table cell broken by '|')
# md_inert FILE: outside the code spans of the commands, no '<', no link or image syntax, no bare
# URL; every row of the frequency table has as many cell borders as its header
md_inert() {
	grep -v '^`surveykit ' "$1" > "$1.text" &&
	! grep -q '<' "$1.text" && ! grep -q '[^\\]](' "$1.text" && ! grep -q 'http://' "$1.text" && grep -q 'alert(1)' "$1.text" &&
		[ "$(grep -m1 '^| variable | level |' "$1" | tr -cd '|' | wc -c)" = \
		  "$(grep -m1 '^| scenario | 3 |' "$1" | sed 's/\\|//g' | tr -cd '|' | wc -c)" ]
}
check "hostile: report.md shows Markdown and HTML labels as written" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$H/markdown-labels.csv' --codebook '$H/markdown-labels.codebook.csv' --out mdrep --quiet &&
	 md_inert mdrep/report.md"
check "hostile: --format markdown shows Markdown and HTML labels as written" \
	"'$SK' describe '$H/markdown-labels.csv' --codebook '$H/markdown-labels.codebook.csv' --format markdown > d.md && md_inert d.md"
if command -v pandoc >/dev/null 2>&1; then
	check "hostile: report.md rendered by pandoc (GitHub Markdown) has no element from the data" \
		"pandoc -f gfm -t html mdrep/report.md -o mdrep.html && ! grep -Eq '<(a|img|script|b)[ >]' mdrep.html &&
		 grep -q '&lt;img src=x onerror=alert(1)&gt;' mdrep.html"
else
	echo "notice: pandoc is not installed: the rendering of report.md is not checked"
fi

# --- gnuplot: no text from the data runs. report on a codebook whose scale names, variable labels
# and value labels carry payloads, on a file whose column names and text group values do, on the
# .sav converted from the first (its labels inside the .sav), and waves on two copies; every
# payload that runs would create a file PWNED_* in $PWNED_DIR (or in gnuplot's directory)
GP_INERT="$PWD/tests/tools/gp-inert"
export PWNED_DIR="$TMP/pwned"
mkdir -p "$PWNED_DIR"
cp "$H/payload.csv" "$TMP/payload-2.csv"
check "hostile: report with payloads in the codebook's names and labels" \
	"'$SK' report '$H/payload.csv' --codebook '$H/payload.codebook.csv' --out payload-cb --quiet"
check "hostile: report with payloads in column names and text group values" \
	"'$SK' report '$H/payload-nocb.csv' --out payload-nocb --quiet"
check "hostile: report with payloads in the labels inside a .sav" \
	"'$SK' convert '$H/payload.csv' payload.sav --codebook '$H/payload.codebook.csv' > /dev/null &&
	 '$SK' report payload.sav --out payload-sav --quiet 2> /dev/null"
check "hostile: waves with payloads in the codebook's names and labels" \
	"'$SK' waves '$H/payload.csv' payload-2.csv --codebook '$H/payload.codebook.csv' --out payload-waves --quiet"
check "hostile: no payload ran (no PWNED file anywhere)" \
	"[ -z \"\$(ls -A '$PWNED_DIR')\" ] && [ -z \"\$(find . -name 'PWNED*')\" ]"
check "hostile: the commands the report shows, pasted into a shell, run no payload" \
	"n=\$('$JSONGET' payload-nocb/results.json /sections) && [ \$n -ge 5 ] && i=0 &&
	 while [ \$i -lt \$n ]; do
	   cmd=\$('$JSONGET' payload-nocb/results.json /sections/\$i/command 2>/dev/null) || { i=\$((i + 1)); continue; }
	   ( eval \"set -- \$cmd\" ) || exit 1; i=\$((i + 1)); done &&
	 [ -z \"\$(ls -A '$PWNED_DIR')\" ] && [ -z \"\$(find . -name 'PWNED*')\" ]"
check "hostile: the payloads are in the scripts only as single-quoted constants (a wrapped one joined by newline)" \
	"n=\$(ls payload-*/charts/*.gp payload-waves/*/charts/*.gp | wc -l) && [ \$n -ge 60 ] &&
	 '$GP_INERT' payload-*/charts/*.gp payload-waves/*/charts/*.gp &&
	 sed \"s/'\\.newline\\.'/ /g\" payload-cb/charts/means-sat*.gp |
	 grep -q \"^text_[0-9]* = '\\\`touch \\\${PWNED_DIR:-.}/PWNED_a\\\`'\$\""
# svg_texts FILE: the texts an SVG of gnuplot's draws, in order, a space after each (a label wrapped
# over lines reads as written)
svg_texts() { sed -n 's/.*<text>\(.*\)<\/text>.*/\1/p' "$1" | sed 's/<[^>]*>//g' | tr '\n' ' '; }
if command -v gnuplot >/dev/null 2>&1; then
	check "hostile: the charts draw each label as written ('Fix + 10% refund', the backquoted command)" \
		"for f in payload-cb/charts/means-sat*.svg payload-nocb/charts/means-sat*.svg payload-sav/charts/means-sat*.svg; do
		   svg_texts \"\$f\" > texts.txt && grep -qF 'Fix + 10% refund ' texts.txt &&
		   { grep -qF '\`touch \${PWNED_DIR:-.}/PWNED_a\` ' texts.txt || grep -qF '\`touch \${PWNED_DIR:-.}/PWNED_j\` ' texts.txt; } ||
		   { echo \"\$f\"; exit 1; }; done"
else
	echo "notice: gnuplot is not installed: the charts with payloads are not drawn, only their scripts checked"
fi
unset PWNED_DIR
