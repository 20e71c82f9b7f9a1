# Checks over what the cases before this one wrote (this file runs last, in name order): every
# gnuplot script that report and waves wrote anywhere in the suite holds the texts from the data
# only as single-quoted constants (tests/tools/gp-inert), and no planted payload created a file.
# Sourced by tests/cli/run.

find "$TMP" -name '*.gp' -type f > "$TMP/all-scripts.txt"
echo "written outputs: $(wc -l < "$TMP/all-scripts.txt") gnuplot scripts written by the cases run"
check "written outputs: every gnuplot script of the suite is inert ($(wc -l < "$TMP/all-scripts.txt") scripts)" \
	"xargs -r '$PWD/tests/tools/gp-inert' < all-scripts.txt"
check "written outputs: no payload created a file" "[ -z \"\$(find . -name 'PWNED*')\" ]"
