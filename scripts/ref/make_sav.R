# Labelled SPSS, Stata and SAS fixtures for tests/unit/test_readstat_reader.c and the CLI tests,
# written by R's haven (which bundles its own ReadStat): value labels, variable labels, SPSS
# user-missing codes and ranges, strings, a large value. Also the seeds for the SPSS fuzz target.
#   Rscript scripts/ref/make_sav.R        (run from the top of the tree)
suppressMessages(library(haven))
out <- "tests/fixtures/sav"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

small <- data.frame(id = 1:6)
small$scenario <- labelled(c(1, 2, 3, 1, 2, 3),
                           c("Fix only" = 1, "Fix + apology" = 2, "Full recovery" = 3),
                           label = "Recovery scenario")
small$sat_1 <- labelled_spss(c(5, -99, 7, 1, 2, 3),
                             c("Strongly disagree" = 1, "Strongly agree" = 7),
                             na_values = -99, label = "I am satisfied")
small$sat_2 <- labelled_spss(c(5, 6, 98, 1, NA, 3), na_range = c(90, 99), label = "Second item")
small$city <- c("Z\u00fcrich", "Paris", "", "Rome", "Oslo", "Bern")
small$score <- c(1.5, 2.25, NA, 3.1, 0.1, 1e6 + 0.5)

write_sav(small, file.path(out, "labels.sav"))                     # bytecode-compressed
write_sav(small, file.path(out, "labels.zsav"), compress = "zsav")  # zlib
write_sav(small, file.path(out, "labels-plain.sav"), compress = "none")
# Stata has no user-missing values: the same data with the codes already missing.
dta <- small
dta$sat_1 <- labelled(c(5, NA, 7, 1, 2, 3), c("Strongly disagree" = 1, "Strongly agree" = 7),
                      label = "I am satisfied")
dta$sat_2 <- c(5, 6, NA, 1, NA, 3)
attr(dta$sat_2, "label") <- "Second item"
write_dta(dta, file.path(out, "labels.dta"), version = 15)
write_sas(small[, c("id", "city", "score")], file.path(out, "small.sas7bdat"))

# What haven reads back, for the record (the tests hold these values).
back <- read_sav(file.path(out, "labels.sav"), user_na = TRUE)
print(back)
print(attr(back$sat_1, "na_values")); print(attr(back$sat_2, "na_range"))
