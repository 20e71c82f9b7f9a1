# Reference values for tests/unit/test_correlation.c: Pearson r and two-sided p on a small set
# with missing values, pairwise (psych::corr.test default) and listwise, and with a 1e6 offset.
# Run: Rscript scripts/ref/correlation.R
suppressMessages(library(psych))
d <- data.frame(
  a = c(1, 2, 3, 4, 5, 6, 7, NA, 2, 5),
  b = c(2, 1, 4, 3, 6, 5, 7, 3, NA, 4),
  c = c(7, 6, 6, 4, 3, 3, 1, 2, 5, NA))
options(digits = 17)
pw <- corr.test(d, adjust = "none")
cat("pairwise r\n"); print(pw$r); cat("pairwise p\n"); print(pw$p); cat("pairwise n\n"); print(pw$n)
lw <- corr.test(na.omit(d), adjust = "none")
cat("listwise r\n"); print(lw$r); cat("listwise p\n"); print(lw$p); cat("listwise n\n"); print(nrow(na.omit(d)))
e <- na.omit(d) / 1000 + 1e6
cat("offset r\n"); print(cor(e))
