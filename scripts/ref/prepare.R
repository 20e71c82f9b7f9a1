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

# Computed variables (tests/fixtures/prepare/computed.codebook.csv) on the rows kept by
# consent == 1 and speed >= 1/3, speed being the duration over the median duration of every row
# read: sat_gap = sat_1 - trust_1 (mean, sd with n - 1, na.rm), age_group = recode(age, 18-34=1,
# 35-54=2, 55-99=3) (n and mean), speed (mean).
speed <- dur / median(dur, na.rm = TRUE)
f_c <- flow(list(num$consent == 1, speed >= 1/3))
k <- num[f_c$alive, ]
sat_gap <- k$sat_1 - k$trust_1
age_group <- ifelse(k$age >= 18 & k$age <= 34, 1, ifelse(k$age >= 35 & k$age <= 54, 2, ifelse(k$age >= 55 & k$age <= 99, 3, NA)))
cat(sprintf("computed removed %s kept %d\n", paste(f_c$removed, collapse = " "), f_c$kept))
cat(sprintf("sat_gap n %d mean %.17g sd %.17g\n", sum(!is.na(sat_gap)), mean(sat_gap, na.rm = TRUE), sd(sat_gap, na.rm = TRUE)))
cat(sprintf("age_group n %d mean %.17g\n", sum(!is.na(age_group)), mean(age_group, na.rm = TRUE)))
cat(sprintf("speed mean %.17g\n", mean(speed[f_c$alive])))

# The quality step too_fast("Duration (in seconds)", 1/3) alone on every row read: duration below
# a third of the median duration.
cat(sprintf("too_fast %d\n", sum(dur < median(dur, na.rm = TRUE) / 3, na.rm = TRUE)))
