# Reference values for tests/unit/test_correlation.c (correlation_fisher_ci): the confidence
# interval of Pearson's r by Fisher's z, as R's cor.test(x, y)$conf.int, at 95% and 90%.
x <- c(2, 4, 4, 5, 7, 8, 9, 11, 12, 15)
y <- c(1, 3, 2, 6, 5, 9, 7, 10, 14, 12)
for (level in c(0.95, 0.90)) {
  ct <- cor.test(x, y, conf.level = level)
  cat(sprintf("level %.2f: r = %.17g, n = %d, CI = [%.17g, %.17g]\n", level, unname(ct$estimate),
              length(x), ct$conf.int[1], ct$conf.int[2]))
}
