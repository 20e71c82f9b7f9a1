* The bundled between-subjects wave saved by PSPP (SAVE OUTFILE), as tests/cli/cases/readstat.sh
* reads it: variable labels, value labels, blank item answers recoded to -99 and declared
* user-missing, measurement levels. Run from the top of the tree:
*   pspp scripts/ref/make_wave_sav.sps
GET DATA /TYPE=TXT /FILE='data/wave-between.csv' /ARRANGEMENT=DELIMITED /DELIMITERS=','
  /FIRSTCASE=2
  /VARIABLES=
    id F8.0 scenario F8.0 age F8.0 gender F8.0 inv_1 F8.0 inv_2 F8.0 inv_3 F8.0 inv_4 F8.0
    inv_5 F8.0 tru_1 F8.0 tru_2 F8.0 tru_3 F8.0 tru_4 F8.0 tru_5 F8.0 sat_1 F8.0
    sat_2 F8.0 sat_3 F8.0 sat_4 F8.0 sat_5 F8.0 neg_1 F8.0 neg_2 F8.0 neg_3 F8.0
    neg_4 F8.0 pwom_1 F8.0 pwom_2 F8.0 pwom_3 F8.0 pwom_4 F8.0.
RECODE inv_1 TO pwom_4 (SYSMIS=-99).
MISSING VALUES inv_1 TO pwom_4 (-99).
VARIABLE LABELS id 'Respondent' /scenario 'Recovery scenario' /age 'Age in years' /gender 'Gender'
  /inv_1 'This kind of purchase matters a lot to me' /sat_2 "The firm's response was disappointing".
VALUE LABELS scenario 1 'Fix only' 2 'Fix + apology' 3 'Full recovery' /gender 1 'Female' 2 'Male'
  /inv_1 TO pwom_4 1 'Strongly disagree' 7 'Strongly agree'.
VARIABLE LEVEL scenario gender (NOMINAL) /inv_1 TO pwom_4 (ORDINAL) /id age (SCALE).
SAVE OUTFILE='tests/fixtures/sav/wave-between-pspp.sav' /COMPRESSED.
