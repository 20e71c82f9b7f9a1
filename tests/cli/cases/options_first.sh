# factor and regress as typed commands (issue 12): every option is checked before the data are
# read, so a bad option is exit 2 with one line even when the data file does not exist.
expect factor-options-first-rotation 2 "unknown rotation 'quartimax'" -- factor nowhere.csv --rotation quartimax
expect factor-options-first-suppress 2 "--suppress must lie in \[0, 1\)" -- factor nowhere.csv --suppress 1
expect factor-options-first-max-iter 2 "--max-iter must be at least 1" -- factor nowhere.csv --max-iter 0
expect factor-options-first-factors 2 "--factors 'two' must be a whole number" -- factor nowhere.csv --factors two
expect factor-options-first-twice 2 "item 'a' is listed twice in --items" -- factor nowhere.csv --items a,b,a
expect factor-options-first-max-items 2 "--max-items 'lots' must be a whole number" -- factor nowhere.csv --max-items lots
expect regress-options-first-hc 2 "--hc '5' must be 0, 1, 2, 3 or 4" -- regress nowhere.csv --y y --x a --hc 5
expect regress-options-first-no-x 2 "regress needs --x VAR,... or --blocks" -- regress nowhere.csv --y y
expect regress-options-first-x-and-blocks 2 "either with --x or with --blocks, not both" -- regress nowhere.csv --y y --x a --blocks b
expect regress-options-first-empty-block 2 "--blocks 'a;;b' has an empty block" -- regress nowhere.csv --y y --blocks "a;;b"
expect regress-options-first-empty-list 2 "--categorical 'a,,b' has an empty name" -- regress nowhere.csv --y y --x a --categorical a,,b
