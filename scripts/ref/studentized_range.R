# Reference values for tests/unit/test_studentized_range.c (R 4.2).
# Rscript scripts/ref/studentized_range.R   (writes tests/fixtures/compare/studentized_range*.txt; about 1 min)
# Two references: R's ptukey/qtukey, and the defining double integral evaluated independently with
# R's integrate() at a tight tolerance (ptukey itself is an approximation: off by up to 1e-4 at
# df = 2 and 1e-7 at df = 5, see the test).
inner <- function(w, k, up) sapply(w, function(ww) {
  f <- if (!up) function(z) dnorm(z) * (pnorm(z + ww) - pnorm(z))^(k - 1) else function(z) {
    a <- pnorm(z, lower.tail = FALSE); b <- pnorm(z + ww) - pnorm(z); s <- 0
    for (i in 0:(k - 2)) s <- s + a^i * b^(k - 2 - i)
    dnorm(z) * pnorm(z + ww, lower.tail = FALSE) * s
  }
  k * integrate(f, -Inf, Inf, rel.tol = 1e-13, abs.tol = 0)$value
})
tail2 <- function(q, k, df, up) integrate(function(s) {
  lf <- (df / 2) * log(df) - lgamma(df / 2) - (df / 2 - 1) * log(2) + (df - 1) * log(s) - df * s^2 / 2
  exp(lf) * inner(q * s, k, up)
}, 0, Inf, rel.tol = 1e-12, abs.tol = 0, subdivisions = 1000)$value
g <- expand.grid(q = c(0.5, 2, 3.5, 5, 10), k = c(2, 3, 5, 10, 20), df = c(2, 5, 20, 66.85, 126, 1000))
g$ptukey_P <- ptukey(g$q, g$k, g$df); g$ptukey_Q <- ptukey(g$q, g$k, g$df, lower.tail = FALSE)
g$int_P <- mapply(tail2, g$q, g$k, g$df, FALSE); g$int_Q <- mapply(tail2, g$q, g$k, g$df, TRUE)
# a few extreme upper tails (k = 2: Q / sqrt(2) is |t|, so the exact value is 2 pt(-q / sqrt(2), df))
x <- data.frame(q = c(20, 30, 12), k = 2, df = c(1000, 50, 3))
x$exact_Q <- 2 * pt(-x$q / sqrt(2), x$df)
h <- expand.grid(p = c(0.05, 0.01, 0.5), k = c(2, 3, 4, 6, 10), df = c(5, 20, 126, 1000))
h$qtukey <- qtukey(h$p, h$k, h$df, lower.tail = FALSE)
fmt <- function(d, f) write.table(format(d, digits = 17), f, row.names = FALSE, quote = FALSE)
fmt(g, "tests/fixtures/compare/studentized_range.txt")
fmt(x, "tests/fixtures/compare/studentized_range_exact.txt")
fmt(h, "tests/fixtures/compare/studentized_range_qtukey.txt")
