* PSPP cross-check of `surveykit describe` on data/wave-between.csv: scale scores (reverse-keyed
* items inv_4, tru_3, sat_2 as 8 - x; all items required), skewness and kurtosis with their SEs.
* Run from the repository root: pspp -O format=csv scripts/ref/describe_sample.sps
GET DATA /TYPE=TXT /FILE='data/wave-between.csv' /DELIMITERS=',' /ARRANGEMENT=DELIMITED /FIRSTCASE=2
  /VARIABLES=id F8 scenario F1 age F3 gender F1
    inv_1 F1 inv_2 F1 inv_3 F1 inv_4 F1 inv_5 F1 tru_1 F1 tru_2 F1 tru_3 F1 tru_4 F1 tru_5 F1
    sat_1 F1 sat_2 F1 sat_3 F1 sat_4 F1 sat_5 F1 neg_1 F1 neg_2 F1 neg_3 F1 neg_4 F1
    pwom_1 F1 pwom_2 F1 pwom_3 F1 pwom_4 F1.
COMPUTE inv_4 = 8 - inv_4.
COMPUTE tru_3 = 8 - tru_3.
COMPUTE sat_2 = 8 - sat_2.
COMPUTE involvement = MEAN.5(inv_1, inv_2, inv_3, inv_4, inv_5).
COMPUTE trust = MEAN.5(tru_1, tru_2, tru_3, tru_4, tru_5).
COMPUTE satisfaction = MEAN.5(sat_1, sat_2, sat_3, sat_4, sat_5).
COMPUTE negemo = MEAN.4(neg_1, neg_2, neg_3, neg_4).
COMPUTE pwom = MEAN.4(pwom_1, pwom_2, pwom_3, pwom_4).
FORMATS involvement trust satisfaction negemo pwom (F18.12).
DESCRIPTIVES VARIABLES=involvement trust satisfaction negemo pwom
  /STATISTICS=MEAN STDDEV SKEWNESS KURTOSIS.
