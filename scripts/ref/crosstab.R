# Reference values for models/crosstab, the noncentral chi-square of models/noncentral and models/fisher_exact
# (tests/unit/test_crosstab.c, tests/unit/test_noncentral_chisq.c), computed with R 4.2 (stats) and effectsize 0.8.3.
#   Rscript scripts/ref/crosstab.R        (run from the repository root)
# Writes tests/fixtures/crosstab/crosstab.json.
# Conventions matched: chisq.test(correct = FALSE / TRUE) and its $expected and $stdres;
# fisher.test's p-value (FEXACT, workspace raised so that it finishes), and for the Monte Carlo
# test fisher.test(simulate.p.value = TRUE, B = 1e5) for information (the tests bound the
# toolkit's own Monte Carlo p by the exact one, since the random numbers differ);
# G2 = 2 sum O log(O / E) by its formula (stats has no G-test); effectsize::cramers_v with its
# defaults (adjust = TRUE, alternative = "greater") and with adjust = FALSE and alternative =
# "two.sided". effectsize finds the noncentrality by optim() to about 1e-7 relative; the same
# limits found by uniroot() to 1e-14 are stored beside them ("exact").
# A table with an empty row or column is reduced first, as models/crosstab does.
suppressMessages({ library(jsonlite); library(effectsize) })

tables <- list(
  a2x2 = rbind(c(12, 5), c(7, 15)),
  zero2x2 = rbind(c(0, 8), c(5, 10)),
  t2x4 = rbind(c(22, 15, 9, 18), c(30, 25, 14, 21)),
  t3x3 = rbind(c(50, 20, 15), c(25, 35, 40), c(10, 50, 60)),
  weak3x3 = rbind(c(30, 25, 45), c(20, 35, 50), c(15, 40, 40)),
  sparse3x4 = rbind(c(3, 0, 1, 4), c(1, 2, 6, 0), c(0, 5, 2, 1)),
  empty_row = rbind(c(10, 4, 6), c(0, 0, 0), c(3, 9, 8)),
  empty_col = rbind(c(10, 0, 4), c(3, 0, 9))
)

exact_limits <- function(X2, df, n, r, c, level, adjust) {
  root <- function(p) {
    if (pchisq(X2, df) <= p) return(0)
    hi <- max(1, X2); while (pchisq(X2, df, hi) > p) hi <- 2 * hi
    uniroot(function(ncp) pchisq(X2, df, ncp) - p, c(0, hi), tol = 1e-14)$root
  }
  v <- function(x2) {
    if (!adjust) return(sqrt(x2 / (n * (min(r, c) - 1))))
    phi2 <- max(0, x2 / n - df / (n - 1))
    sqrt(phi2 / (min(r - (r - 1)^2 / (n - 1), c - (c - 1)^2 / (n - 1)) - 1))
  }
  alpha <- 1 - level
  lo <- root(1 - alpha / 2); hi <- root(alpha / 2)
  list(ncp_low = lo, ncp_high = hi, llci = v(lo), ulci = min(1, v(hi)))
}

one <- function(x0) {
  x <- x0[rowSums(x0) > 0, colSums(x0) > 0, drop = FALSE]
  n <- sum(x); r <- nrow(x); c <- ncol(x)
  cs <- suppressWarnings(chisq.test(x, correct = FALSE))
  E <- cs$expected
  res <- list(counts = x0, kept = x,
    pearson = list(stat = unname(cs$statistic), df = unname(cs$parameter), p = cs$p.value),
    lr = list(stat = 2 * sum(ifelse(x > 0, x * log(x / E), 0)), df = unname(cs$parameter)),
    expected = E, stdres = cs$stdres)
  res$lr$p <- pchisq(res$lr$stat, res$lr$df, lower.tail = FALSE)
  if (r == 2 && c == 2) {
    y <- suppressWarnings(chisq.test(x, correct = TRUE))
    res$yates <- list(stat = unname(y$statistic), df = 1, p = y$p.value)
  }
  vv <- function(adjust, alternative) {
    cv <- cramers_v(x, adjust = adjust, alternative = alternative)
    list(v = cv[[1]], llci = cv$CI_low, ulci = cv$CI_high,
         exact = exact_limits(res$pearson$stat, res$pearson$df, n, r, c,
                              if (alternative == "greater") 0.90 else 0.95, adjust))
  }
  res$fisher <- fisher.test(x, workspace = 2e8)$p.value
  res$v_default <- vv(TRUE, "greater")
  res$v_plain <- vv(FALSE, "greater")
  res$v_two_sided <- vv(TRUE, "two.sided")
  res$v_plain_two_sided <- vv(FALSE, "two.sided")
  res
}

# Fisher's exact test on more shapes: ties in probability, a transposed shape, a large 2 x 2,
# 3 x 3 tables with N = 300 (the speed target), and the Monte Carlo p for information
fisher_tables <- list(
  square_ties = rbind(c(2, 0, 1), c(0, 2, 1), c(1, 1, 0)),
  f2x3 = rbind(c(3, 1, 6), c(7, 9, 2)),
  f5x2 = rbind(c(4, 1), c(2, 6), c(5, 5), c(0, 7), c(3, 2)),
  f3x5 = rbind(c(5, 2, 8, 1, 4), c(3, 9, 2, 6, 2), c(7, 1, 3, 4, 9)),
  f4x4 = rbind(c(3, 1, 0, 2), c(1, 4, 2, 0), c(0, 2, 5, 1), c(2, 0, 1, 3)),
  f3x3_n300 = rbind(c(40, 35, 25), c(30, 40, 30), c(20, 30, 50)),
  f3x3_n300_null = rbind(c(33, 35, 32), c(31, 36, 33), c(34, 33, 33)),
  f2x2_large = rbind(c(4000, 3500), c(3600, 3900)),
  one_table = rbind(c(1, 0), c(0, 1))
)
set.seed(15)
fisher <- lapply(fisher_tables, function(x) list(counts = x,
  p = fisher.test(x, workspace = 2e8)$p.value,
  p_simulated_1e5 = fisher.test(x, simulate.p.value = TRUE, B = 1e5)$p.value))

pc <- expand.grid(x = c(0.5, 3, 10, 40, 150), df = c(1, 4, 12), ncp = c(0.3, 5, 50, 400))
pc$P <- pchisq(pc$x, pc$df, pc$ncp)

out <- list(tables = lapply(tables, one), fisher = fisher, pchisq = pc)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "tests/fixtures/crosstab/crosstab.json")
