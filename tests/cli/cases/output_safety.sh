# Output safety (issue 11): paths and names of any length, outputs that never replace an input,
# directories committed without replacing, interrupted runs that leave nothing. Sourced by
# tests/cli/run.

OW="$PWD/data/wave-between.csv"
OWCB="$PWD/data/wave-between.codebook.csv"

# --- a path of any length works or is refused with one line
# a data path of about 3,000 bytes (15 nested directories of 200 bytes): the report's job list
# names it in full (it overflowed a 2,048-byte buffer)
long_dir=.
for i in $(seq 15); do long_dir="$long_dir/$(printf 'd%.0s' $(seq 200))"; done
mkdir -p "$TMP/$long_dir" && cp "$OW" "$TMP/$long_dir/w.csv" && cp "$OWCB" "$TMP/$long_dir/w.codebook.csv"
check "long paths: report on a 3,000-byte data path names it in every section's command" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$long_dir/w.csv' --codebook '$long_dir/w.codebook.csv' --out longrep --quiet &&
	 n=\$('$JSONGET' longrep/results.json /sections) && [ \$n -ge 8 ] &&
	 for i in \$(seq 0 \$((n - 1))); do
	   '$JSONGET' longrep/results.json /sections/\$i/command | grep -qF -- '$long_dir/w.csv --codebook $long_dir/w.codebook.csv' || exit 1
	 done"
check "long paths: waves on 3,000-byte data paths and a 3,000-byte --out" \
	"SURVEYKIT_GNUPLOT=none '$SK' waves '$long_dir/w.csv' '$long_dir/w.csv' --codebook '$long_dir/w.codebook.csv' \
	   --out '$long_dir/waves' --quiet && [ -s '$long_dir/waves/wave-2/results.json' ] && [ -s '$long_dir/waves/results.json' ]"
check "long paths: a note naming two 3,000-byte paths is kept whole" \
	"'$SK' convert '$long_dir/w.csv' conv.csv --format json > conv.json &&
	 '$JSONGET' conv.json /notes | grep -qxF \"codebook '$long_dir/w.codebook.csv' read as the codebook of '$long_dir/w.csv'\""
dots=$(printf './%.0s' $(seq 2500))
expect "long paths: a 5,000-byte data path is refused in one line" 3 "cannot open '.*': File name too long" -- \
	report "${dots}w.csv" --out longer
huge=$(printf './%.0s' $(seq 50000))
expect "long paths: a 100,000-byte data path is refused in one line" 3 "cannot open '.*': File name too long" -- \
	report "${huge}w.csv" --out longer
expect "long paths: a 100,000-byte --out is refused in one line" 4 "cannot create '.*': File name too long" -- \
	report "$OW" --codebook "$OWCB" --out "${huge}out"
check "long paths: a refused run leaves nothing" "[ ! -e longer ] && ! ls -d longer.tmp-* 2>/dev/null"
expect "long values: a 5,000-byte option value is refused in one line that still ends with the hint" 2 \
	"^surveykit: unknown format 'fffff.*fffff' \(use text, json, csv or markdown\) \(see 'surveykit describe --help'\)$" -- \
	describe "$OW" --format "$(printf 'f%.0s' $(seq 5000))"
expect "long paths: a wave label longer than a file name is refused" 2 "must be a plain name of at most 255 bytes" -- \
	waves "$OW" "$OW" --labels "a,$(printf 'b%.0s' $(seq 300))" --out lw

# names longer than the buffers they were cut to: a 600-byte scale name
long_scale=$(printf 'i%.0s' $(seq 600))
sed "s/,\"involvement\",/,\"$long_scale\",/" "$OWCB" > "$TMP/long-scale.codebook.csv"
check "long names: segment labels and keys keep a 600-byte scale name whole" \
	"'$SK' segment '$OW' --codebook long-scale.codebook.csv --on $long_scale,trust --format json > seg.json &&
	 [ \"\$('$JSONGET' seg.json /segments/0/segment)\" = '$long_scale low, trust low' ] &&
	 grep -q '\"mean_$long_scale\"' seg.json"
check "long names: convert --scores names a 600-byte scale's score column in full" \
	"'$SK' convert '$OW' scored.csv --codebook long-scale.codebook.csv --scores --quiet &&
	 head -n 1 scored.csv | grep -q ',${long_scale}_score,'"

# --- no output replaces an input: the same file (device and inode, any spelling, symbolic or
# hard link) or a directory holding one is refused with exit 2 before anything is written
mkdir -p "$TMP/ins/deep/er"
cp "$OW" "$TMP/ins/w.csv" && cp "$OWCB" "$TMP/ins/w.codebook.csv"
cp "$PWD/data/wave-within.csv" "$TMP/ins/ww.csv" && cp "$PWD/data/wave-within.codebook.csv" "$TMP/ins/ww.codebook.csv"
cp "$OW" "$TMP/ins/deep/er/d.csv"
ln -sf w.csv "$TMP/ins/sym.csv" && ln -f "$TMP/ins/w.csv" "$TMP/ins/hard.csv"
same_msg="output '.*' is the input file '.*'; write to another (file|directory)$"
expect "inputs: score DATA -o DATA" 2 "$same_msg" -- score ins/w.csv --codebook ins/w.codebook.csv -o ./ins/w.csv
expect "inputs: score -o CODEBOOK" 2 "output 'ins/w.codebook.csv' is the input file 'ins/w.codebook.csv'" -- \
	score ins/w.csv --codebook ins/w.codebook.csv -o ins/w.codebook.csv
expect "inputs: codebook DATA -o DATA" 2 "$same_msg" -- codebook ins/w.csv -o ins/w.csv
expect "inputs: -o a symbolic link to the data" 2 "output 'ins/sym.csv' is the input file 'ins/w.csv'" -- \
	describe ins/w.csv -o ins/sym.csv
expect "inputs: -o a hard link to the data" 2 "output 'ins/hard.csv' is the input file 'ins/w.csv'" -- \
	describe ins/w.csv -o ins/hard.csv
expect "inputs: reshape W W" 2 "output 'ins/ww.csv' is the input file 'ins/ww.csv'" -- reshape ins/ww.csv ins/ww.csv --to long
expect "inputs: reshape's codebook over the input's codebook" 2 \
	"output 'ins/ww.codebook.csv' is the input file 'ins/ww.codebook.csv'" -- reshape ins/ww.csv ins/ww.txt --to long
expect "inputs: convert IN IN" 2 "$same_msg" -- convert ins/w.csv ./ins/../ins/w.csv --codebook ins/w.codebook.csv
expect "inputs: convert's codebook over --codebook" 2 "output 'ins/w.codebook.csv' is the input file 'ins/w.codebook.csv'" -- \
	convert ins/w.csv ins/w.txt --codebook ins/w.codebook.csv
expect "inputs: report --force into the data's directory" 2 \
	"output directory 'ins' holds the input file 'ins/deep/er/d.csv'; write to another directory$" -- \
	report ins/deep/er/d.csv --codebook "$OWCB" --out ins --force
expect "inputs: report --force into the codebook's directory" 2 "output directory 'ins/' holds the input file 'ins/w.codebook.csv'" -- \
	report "$OW" --codebook ins/w.codebook.csv --out ins/ --force
ln -sfn ins/deep "$TMP/to-deep"
expect "inputs: report --force into a symbolic link to the data's directory" 2 "output directory 'to-deep' holds the input file" -- \
	report ins/deep/er/d.csv --codebook "$OWCB" --out to-deep --force
expect "inputs: report --out DATA --force" 2 "$same_msg" -- report ins/w.csv --codebook ins/w.codebook.csv --out ins/w.csv --force
expect "inputs: waves --force into a wave's directory" 2 "output directory 'ins/deep' holds the input file 'ins/deep/er/d.csv'" -- \
	waves ins/w.csv ins/deep/er/d.csv --codebook ins/w.codebook.csv --out ins/deep --force
expect "inputs: convert -o DATA is refused before OUT is written" 2 "output 'ins/w.csv' is the input file 'ins/w.csv'" -- \
	convert ins/w.csv ins/conv-o.sav --codebook ins/w.codebook.csv -o ins/w.csv
expect "inputs: reshape -o DATA is refused before OUT is written" 2 "output 'ins/ww.csv' is the input file 'ins/ww.csv'" -- \
	reshape ins/ww.csv ins/long.csv --to long -o ins/ww.csv
check "inputs: every input is unchanged and nothing was written beside them" \
	"cmp ins/w.csv '$OW' && cmp ins/w.codebook.csv '$OWCB' && cmp ins/deep/er/d.csv '$OW' &&
	 cmp ins/ww.csv '$OLDPWD/data/wave-within.csv' && cmp ins/ww.codebook.csv '$OLDPWD/data/wave-within.codebook.csv' &&
	 [ -L ins/sym.csv ] && [ ! -e ins/ww.txt ] && [ ! -e ins/w.txt ] && [ ! -e ins/conv-o.sav ] && [ ! -e ins/long.csv ] &&
	 ! ls -a ins ins/deep | grep -q tmp-"

# --- --out DIR is never replaced without --force, even when it appears while the report is written
# (a slow gnuplot holds the run open; the directory is made once the run's temporary one exists)
printf '#!/bin/sh\nsleep 2\n' > "$TMP/slow-gp"
chmod +x "$TMP/slow-gp"
# bg_report DIR ERR [OPTION]: the shell commands of a run into DIR in the background (stderr in ERR),
# waiting until as many temporary directories of DIR exist as runs were started into it
bg_report() { echo "SURVEYKIT_GNUPLOT='$TMP/slow-gp' '$SK' report '$OW' --codebook '$OWCB' --out $1 --quiet ${3:-} 2> $2 & pid=\$!;
	runs=\$((\${runs:-0} + 1)); i=0;
	while [ \$(ls -d $1.tmp-* 2> /dev/null | wc -l) -lt \$runs ] && [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done"; }
check "no-replace: a directory that appears during the run is left as it is (exit 4)" \
	"$(bg_report app1 app1.err) && mkdir app1 && echo mine > app1/mine.txt; wait \$pid; rc=\$?;
	 [ \$rc -eq 4 ] && grep -qx mine app1/mine.txt && [ ! -e app1/report.txt ] && ! ls -d app1.* 2>/dev/null | grep -q tmp &&
	 grep -q \"^surveykit: 'app1' appeared while this run wrote its output; it was left as it is (give --force to replace it)\$\" app1.err &&
	 [ \$(wc -l < app1.err) -eq 1 ]"
check "no-replace: an empty directory that appears is not replaced either" \
	"$(bg_report app2 app2.err) && mkdir app2; wait \$pid; [ \$? -eq 4 ] && [ -d app2 ] && [ -z \"\$(ls -A app2)\" ] && ! ls -d app2.tmp-* 2>/dev/null"
check "no-replace: of two runs into the same directory one writes it, the other stops with exit 4" \
	"$(bg_report twice t1.err); p1=\$pid; $(bg_report twice t2.err); p2=\$pid;
	 wait \$p1; r1=\$?; wait \$p2; r2=\$?; [ \$((r1 + r2)) -eq 4 ] && [ \$((r1 * r2)) -eq 0 ] &&
	 [ -s twice/report.txt ] && [ -s twice/results.json ] && ! ls -d twice.tmp-* 2>/dev/null"
check "no-replace: with --force a directory that appears during the run is replaced whole" \
	"$(bg_report app3 app3.err --force) && mkdir app3 && touch app3/old.txt; wait \$pid; [ \$? -eq 0 ] && [ ! -e app3/old.txt ] &&
	 [ -s app3/report.txt ] && ! ls -d app3.tmp-* app3.old-* 2>/dev/null"
check "no-replace: --force replaces a file named like the directory" \
	"echo old > app4 && SURVEYKIT_GNUPLOT=none '$SK' report '$OW' --codebook '$OWCB' --out app4 --force --quiet &&
	 [ -s app4/report.txt ] && ! ls -d app4.* 2>/dev/null"
check "no-replace: --out DIR/ (a trailing slash) writes DIR, its temporary directory beside it" \
	"SURVEYKIT_GNUPLOT=none '$SK' report '$OW' --codebook '$OWCB' --out app5/ --quiet && [ -s app5/report.txt ] &&
	 ! ls -A app5 | grep -q tmp"

# --- an interrupted run leaves nothing: its gnuplot processes are killed and reaped before its
# temporaries are removed, for directories and single files alike
printf '#!/bin/sh\necho $$ > "%s/gp.pid"\nexec sleep 30\n' "$TMP" > "$TMP/stuck-gp"
chmod +x "$TMP/stuck-gp"
check "interrupts: SIGTERM kills and reaps gnuplot before the report's directory is removed" \
	"rm -f gp.pid; SURVEYKIT_GNUPLOT='$TMP/stuck-gp' '$SK' report '$OW' --codebook '$OWCB' --out stuck --quiet & pid=\$!;
	 i=0; while [ ! -s gp.pid ] && [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done; gp=\$(cat gp.pid);
	 kill -TERM \$pid; wait \$pid; rc=\$?; [ \$rc -eq 143 ] && ! kill -0 \$gp 2> /dev/null && [ ! -e stuck ] &&
	 ! ls -d stuck.tmp-* 2> /dev/null"
check "interrupts: 100 runs of report, waves, convert and score -o stopped at random points leave nothing" \
	"'$PWD/tests/cli/interrupt-runs' '$SK' \"\$PWD/interrupts\" 100"

# --- after SIGKILL (which cannot be caught) the next output to the same place removes the
# temporaries whose process is gone, and only those
dead=$(($(cat /proc/sys/kernel/pid_max) + 1))
check "stale: a run killed with SIGKILL leaves its temporary directory; the next run into the same DIR removes it" \
	"rm -f gp.pid; SURVEYKIT_GNUPLOT='$TMP/stuck-gp' '$SK' report '$OW' --codebook '$OWCB' --out killed9 --quiet & pid=\$!;
	 i=0; while [ ! -s gp.pid ] && [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done;
	 kill -KILL \$pid; wait \$pid; kill \$(cat gp.pid); ls -d killed9.tmp-sk\$pid-* > /dev/null &&
	 SURVEYKIT_GNUPLOT=none '$SK' report '$OW' --codebook '$OWCB' --out killed9 --quiet && [ -s killed9/report.txt ] &&
	 ! ls -d killed9.tmp-* 2> /dev/null"
check "stale: only temporaries of the same target whose process is gone are removed" \
	"mkdir -p stale/r.tmp-sk$dead-abcdef/charts && touch stale/r.tmp-sk$dead-abcdef/charts/x.gp &&
	 touch stale/s.csv.tmp-sk$dead-ghijkl stale/s.csv.tmp-sk\$\$-mnopqr stale/other.csv.tmp-sk$dead-stuvwx stale/s.csv.tmp-XyZ123 &&
	 SURVEYKIT_GNUPLOT=none '$SK' report '$OW' --codebook '$OWCB' --out stale/r --quiet &&
	 '$SK' score '$OW' --codebook '$OWCB' -o stale/s.csv && [ ! -e stale/r.tmp-sk$dead-abcdef ] &&
	 [ ! -e stale/s.csv.tmp-sk$dead-ghijkl ] && [ -e stale/s.csv.tmp-sk\$\$-mnopqr ] &&
	 [ -e stale/other.csv.tmp-sk$dead-stuvwx ] && [ -e stale/s.csv.tmp-XyZ123 ] && [ -s stale/r/report.txt ] && [ -s stale/s.csv ]"
long_target=$(printf 'n%.0s' $(seq 250))
keep=$((255 - ${#dead} - 14)) # NAME_MAX less ".tmp-sk", the pid, "-" and six random characters
check "stale: a target whose name is near NAME_MAX gets a shortened temporary name, found again after SIGKILL" \
	"mkdir -p nm && SURVEYKIT_GNUPLOT=none '$SK' report '$OW' --codebook '$OWCB' --out nm/$long_target --quiet &&
	 [ -s nm/$long_target/report.txt ] && t=nm/${long_target:0:$keep}.tmp-sk$dead-abcdef && touch \$t &&
	 '$SK' score '$OW' --codebook '$OWCB' -o nm/$long_target.csv && [ -s nm/$long_target.csv ] && [ ! -e \$t ]"
