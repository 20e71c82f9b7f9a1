# Reference values for tests/unit/test_distributions.c (R 4.2).
# Rscript scripts/ref/distributions.R   (writes tests/fixtures/models/distributions.txt and
# tests/fixtures/compare/studentized_range_large_df.txt)
# Columns: what (pt, qt, pf, qf, pchisq), df1, df2 (0 when unused), x, p, lower (1: lower tail). pt, pf, pchisq and ptukey are R's; qt is R's qt. The F quantile is
# found by inverting R's pf (uniroot on log x to 1e-15): R's own qf returns
# qchisq(p, df1) / df1 once df2 > 4e5, which ignores df2 (off by 1e-4 at df1 = 1e6, df2 = 9e6).
# The df follow Feldt's CI of alpha (df1 = n - 1, df2 = 9 (n - 1): 10 items) and the usual tests
# at n = 10^3 .. 10^8, plus df = 1e9.
options(digits = 17)
out <- NULL
add <- function(what, df1, df2, x, p, lower)
  out <<- rbind(out, data.frame(what = what, df1 = df1, df2 = df2, x = x, p = p, lower = as.integer(lower)))
probs <- c(0.5, 0.025, 1e-3, 1e-6, 1e-10, 1e-20, 1e-50)
ns <- c(10^(3:8), 1e9)
for (df in c(1, 2.5, 10, 100, ns)) for (p in probs) for (lower in c(TRUE, FALSE)) {
  x <- qt(p, df, lower.tail = lower)
  add("qt", df, 0, x, p, lower)
  add("pt", df, 0, x, pt(x, df, lower.tail = lower), lower)
}
qf_exact <- function(p, a, b, lower) {
  g <- function(v) log(pf(exp(v), a, b, lower.tail = lower)) - log(p)
  exp(uniroot(g, c(-30, 30), tol = 1e-15, extendInt = "yes")$root)
}
dfs <- list()
for (n in ns) dfs <- c(dfs, list(c(n - 1, 9 * (n - 1)), c(2, n - 3), c(5, n - 6), c(1, n - 2)))
dfs <- c(dfs, list(c(1e9, 1e9), c(1e9, 10), c(3, 7.5), c(1, 1)))
for (d in dfs) for (p in c(0.5, 0.025, 1e-3, 1e-6, 1e-10, 1e-50)) for (lower in c(TRUE, FALSE)) {
  x <- qf_exact(p, d[1], d[2], lower)
  add("qf", d[1], d[2], x, p, lower)
  add("pf", d[1], d[2], x, pf(x, d[1], d[2], lower.tail = lower), lower)
}
for (df in c(1, 2, 5, 30, 1000, 1e4, 1e5 - 1, 1e5, ns)) for (p in c(0.5, 0.025, 1e-3, 1e-10, 1e-50)) for (lower in c(TRUE, FALSE)) {
  x <- qchisq(p, df, lower.tail = lower)
  add("pchisq", df, 0, x, pchisq(x, df, lower.tail = lower), lower)
}
write.table(format(out, digits = 17), "tests/fixtures/models/distributions.txt", row.names = FALSE, quote = FALSE)

# The studentized range at large df (tests/unit/test_studentized_range.c): for k = 2, Q / sqrt(2)
# is |t|, so P(Q > q) = 2 pt(-q / sqrt(2), df) exactly; for k > 2 R's ptukey, which uses the
# df = infinity distribution above df = 25000 (off by O(q^2 / df), 2.4e-6 at q = 8 and df = 1e8:
# compared at df = 1e9 only).
sr <- NULL
for (df in ns) for (q in c(1, 3.3, 5, 8)) {
  sr <- rbind(sr, data.frame(what = "t", k = 2, df = df, q = q, Q = 2 * pt(-q / sqrt(2), df)))
  if (df == 1e9) for (k in c(3, 5, 10))
    sr <- rbind(sr, data.frame(what = "ptukey", k = k, df = df, q = q, Q = ptukey(q, k, df, lower.tail = FALSE)))
}
write.table(format(sr, digits = 17), "tests/fixtures/compare/studentized_range_large_df.txt", row.names = FALSE, quote = FALSE)

# tests/unit/test_distributions.c, distributions_chisq_band: pchisq where GSL's incomplete gamma
# uses its continued fraction below the mean (x/2 within sqrt(df/2) below df/2), and the Poisson
# weight w_z(c) = e^-c c^z / Gamma(z + 1) as dgamma(c, shape = z + 1); printed, pasted into the test.
for (df in c(300, 2e4, 5e4, 82630, 99999)) for (z in c(-1, -0.6, -0.05)) {
  x <- df + z * sqrt(2 * df)
  cat(sprintf("{%.17g, %.17g, %.17g, %.17g},\n", x, df, pchisq(x, df), pchisq(x, df, lower.tail = FALSE)))
}
for (zc in list(c(0, 3), c(7, 7.5), c(2.5, 0.3), c(1e4, 1.01e4), c(3e5, 2.99e5), c(40, 1), c(0.5, 200), c(0.5, 5e-301)))
  cat(sprintf("{%.17g, %.17g, %.17g},\n", zc[1], zc[2], dgamma(zc[2], shape = zc[1] + 1)))
