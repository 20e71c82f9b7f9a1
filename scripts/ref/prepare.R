# Reference values for tests/cli/cases/prepare.sh (issue 13): the exclusion flow of the four
# filters on the Qualtrics-style fixtures (scripts/fixtures/qualtrics.R), counted independently of
# surveykit, and the hand-cleaned file the analyses are compared on.
# Rscript scripts/ref/prepare.R   (R 4.2, base only)
# Steps, in order; a row counts at the first step that removes it; a step keeps a row only when its
# condition is TRUE (NA fails, as SQL's WHERE). The speeder rule compares with the median duration
# of every row read (na.rm = TRUE), as median() in a filter does.
dir <- "tests/fixtures/prepare"
read_export <- function(name) {
  header <- names(read.csv(file.path(dir, name), nrows = 1, check.names = FALSE))
  d <- read.csv(file.path(dir, name), skip = 3, header = FALSE, col.names = header, check.names = FALSE,
                stringsAsFactors = FALSE, na.strings = "")
  d
}
flow <- function(steps) {
  removed <- integer(length(steps)); alive <- rep(TRUE, length(steps[[1]]))
  for (s in seq_along(steps)) {
    pass <- !is.na(steps[[s]]) & steps[[s]]
    removed[s] <- sum(alive & !pass); alive <- alive & pass
  }
  list(removed = removed, kept = sum(alive), alive = alive)
}
num <- read_export("qualtrics_numeric.csv")
dur <- num[["Duration (in seconds)"]]
f_num <- flow(list(num$consent == 1, num$Finished == 1, num$attn == 5, dur >= median(dur, na.rm = TRUE) / 3))
txt <- read_export("qualtrics_text.csv")
dur_t <- txt[["Duration (in seconds)"]]
f_txt <- flow(list(txt$consent == "I agree", txt$Finished == "True", txt$attn == "Somewhat agree",
                   dur_t >= median(dur_t, na.rm = TRUE) / 3))
stopifnot(identical(f_num$removed, f_txt$removed))
cat(sprintf("rows_read %d\n", nrow(num)))
cat(sprintf("removed %s\n", paste(f_num$removed, collapse = " ")))
cat(sprintf("kept %d\n", f_num$kept))
cat(sprintf("median_duration %.17g\n", median(dur, na.rm = TRUE)))
# the hand-cleaned file: the kept rows of the numeric export, one header row
clean <- num[f_num$alive, ]
write.csv(clean, file.path(dir, "hand_cleaned.csv"), row.names = FALSE, na = "")
