# Reference values for tests/unit/test_descriptives.c (R 4.2, psych).
# Rscript scripts/ref/descriptives.R
suppressMessages(library(psych))
x <- c(2, 4, 4, 5, 7, 1, 3, 6, 6, 5, 5.5, 1e-3)
d <- describe(x, type = 2)
cat(sprintf("%-10s %.17g\n", c("mean", "sd", "skew", "kurtosis", "q16", "q50", "q84"),
            c(mean(x), sd(x), d$skew, d$kurtosis, quantile(x, c(.16, .5, .84), type = 6))), sep = "")
