# Reference values for tests/cli/cases/hostile.sh: describe on data near 1e6 and 1e12 with a
# small spread (catastrophic cancellation in a one-pass sum of squares). R's var() is two-pass
# with long double accumulation; psych::describe(type = 2) gives SPSS skewness and kurtosis.
# Run from the repository root: Rscript scripts/ref/hostile_moments.R
suppressMessages(library(psych))
options(digits = 17)
h <- "tests/fixtures/hostile"
d <- read.csv(file.path(h, "near-1e6.csv"))
for (v in c("x", "a_1", "a_2")) cat(v, "mean", mean(d[[v]]), "sd", sd(d[[v]]), "\n")
a <- rowMeans(d[, c("a_1", "a_2")])
s <- describe(a, type = 2)
cat("scale a mean", mean(a), "sd", sd(a), "median", median(a), "skew", s$skew, "kurtosis", s$kurtosis, "\n")
e <- read.csv(file.path(h, "near-1e12.csv"), colClasses = "numeric")
cat("near-1e12 x mean", mean(e$x), "sd", sd(e$x), "var", var(e$x), "\n")
