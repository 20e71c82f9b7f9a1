* SPSS system files written by PSPP for tests/unit/test_readstat_reader.c: a LO THRU range and
* a discrete user-missing code, a THRU HI range, a string user-missing value, measurement levels,
* uncompressed and compressed. Also a portable file, which ReadStat 1.1.8 cannot read (the
* reader must fail with a clear message).
*   cd tests/fixtures/sav && pspp ../../../scripts/ref/make_sav.sps.
DATA LIST LIST /id scenario sat_1 sat_2 (F8.0) city (A10).
BEGIN DATA
1 1 5 5 "Zurich"
2 2 -99 6 "Paris"
3 3 7 98 "x"
4 1 1 1 "Rome"
5 2 -5 . "Oslo"
6 3 99 3 "Bern"
END DATA.
VARIABLE LABELS scenario 'Recovery scenario' sat_1 'I am satisfied'.
VALUE LABELS scenario 1 'Fix only' 2 'Fix + apology' 3 'Full recovery'.
MISSING VALUES sat_1 (LO THRU -1, 99) sat_2 (90 THRU HI) city ('x').
VARIABLE LEVEL scenario (NOMINAL) sat_1 sat_2 (ORDINAL) id (SCALE).
SAVE OUTFILE='pspp.sav' /UNCOMPRESSED.
SAVE OUTFILE='pspp-compressed.sav' /COMPRESSED.
EXPORT OUTFILE='pspp.por'.
