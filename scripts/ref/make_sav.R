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

# The bundled between-subjects wave as an SPSS user would have it: variable labels, value labels
# on the groups and on the item anchors, and the blank item answers coded -99 and declared
# user-missing. `describe` (and every analysis) on it must equal the CSV with its codebook.
wave <- read.csv("data/wave-between.csv")
cb <- read.csv("data/wave-between.codebook.csv", stringsAsFactors = FALSE)
anchors <- c("Strongly disagree" = 1, "Strongly agree" = 7)
sav <- wave
for (i in seq_len(nrow(cb))) {
  col <- cb$column[i]
  x <- wave[[col]]
  if (cb$role[i] == "item") {
    x[is.na(x)] <- -99
    sav[[col]] <- labelled_spss(x, anchors, na_values = -99, label = cb$label[i])
  } else if (nzchar(cb$values[i])) {
    parts <- strsplit(strsplit(cb$values[i], ";")[[1]], "=")
    labels <- setNames(as.numeric(sapply(parts, `[`, 1)), sapply(parts, `[`, 2))
    sav[[col]] <- labelled(x, labels, label = cb$label[i])
  } else {
    attr(sav[[col]], "label") <- cb$label[i]
  }
}
write_sav(sav, file.path(out, "wave-between.sav"))
# Stata: no user-missing values, the blanks stay missing.
dta <- sav
for (col in names(dta)) {
  if (inherits(dta[[col]], "haven_labelled_spss")) dta[[col]] <- zap_missing(dta[[col]])
  lab <- attr(dta[[col]], "label")
  if (inherits(dta[[col]], "haven_labelled")) {
    dta[[col]] <- labelled(as.integer(dta[[col]]), setNames(as.integer(attr(dta[[col]], "labels")),
                                                            names(attr(dta[[col]], "labels"))), label = lab)
  } else {
    dta[[col]] <- as.integer(dta[[col]])
    attr(dta[[col]], "label") <- lab
  }
}
write_dta(dta, file.path(out, "wave-between.dta"), version = 15)
back <- read_sav(file.path(out, "wave-between.sav"))
stopifnot(all.equal(as.numeric(zap_labels(back$sat_2)), as.numeric(wave$sat_2)))
cat("wave-between.sav: ", nrow(back), "rows,", sum(is.na(back$sat_2)), "missing sat_2\n")

# A factor (haven writes it with measurement level nominal) with 4 levels in 6 cases: too few
# cases for inference to call a plain column a group, but the level says it is one.
nominal <- data.frame(id = 1:6, cond = factor(c("A", "B", "C", "D", "A", "B")),
                      q_1 = c(1, 2, 3, 4, 5, 4), q_2 = c(2, 2, 3, 5, 5, 4))
write_sav(nominal, file.path(out, "nominal.sav"))
