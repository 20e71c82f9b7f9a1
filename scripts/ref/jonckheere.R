# Reference values for models/jonckheere (tests/unit/test_jonckheere.c), R 4.2 with kSamples 1.2-9
# (Debian r-cran-ksamples; clinfun and DescTools are not packaged for Debian).
#   Rscript scripts/ref/jonckheere.R        (run from the repository root)
# Writes tests/fixtures/jonckheere/jonckheere.json.
# J = sum_{i<j} #(x_i < x_j) + #(x_i = x_j) / 2, as clinfun::jonckheere.test and kSamples::jt.test.
# Exact (no ties): the null distribution of J is the convolution of the Mann-Whitney
# distributions of each group against the groups before it (stats::dwilcox), written out here
# from that published result and checked against kSamples::jt.test(method = "exact") (upper
# tail; kSamples enumerates only when there are at most Nsim splits, as in "small" and
# "decreasing", and otherwise simulates Nsim of them, so "ksamples_exact" of the larger sets is a
# Monte Carlo estimate, stored for information); p-values as clinfun defines them: increasing P(J >= j), decreasing P(J <= j), two-sided
# 2 min(both, 1/2).
# Normal: z = (J - E J) / sd with the tie-corrected variance of Hollander & Wolfe (1999, eq. 6.19),
# whose sd is kSamples::jt.test's "sig"; kSamples' asymptotic p is the increasing one.
suppressMessages({ library(jsonlite); library(kSamples) })

jt_stat <- function(x) {
  J <- 0
  for (i in 1:(length(x) - 1)) for (j in (i + 1):length(x))
    J <- J + sum(outer(x[[i]], x[[j]], "<")) + 0.5 * sum(outer(x[[i]], x[[j]], "=="))
  J
}
jt_exact <- function(x) {
  n <- lengths(x); d <- 1; before <- n[1]
  for (g in 2:length(n)) { d <- convolve(d, rev(dwilcox(0:(before * n[g]), n[g], before)), type = "open"); before <- before + n[g] }
  d
}
jt_var <- function(x) {
  n <- lengths(x); N <- sum(n); t <- table(unlist(x))
  (N * (N - 1) * (2 * N + 5) - sum(n * (n - 1) * (2 * n + 5)) - sum(t * (t - 1) * (2 * t + 5))) / 72 +
    sum(n * (n - 1) * (n - 2)) * sum(t * (t - 1) * (t - 2)) / (36 * N * (N - 1) * (N - 2)) +
    sum(n * (n - 1)) * sum(t * (t - 1)) / (8 * N * (N - 1))
}
one <- function(x) {
  n <- lengths(x); N <- sum(n); J <- jt_stat(x)
  mean <- (N^2 - sum(n^2)) / 4; v <- jt_var(x); z <- (J - mean) / sqrt(v)
  ks <- jt.test(x, method = "asymptotic")$JT
  res <- list(groups = x, J = J, mean = mean, var = v, z = z,
    normal = list(p_increasing = pnorm(z, lower.tail = FALSE), p_decreasing = pnorm(z),
                  p_two_sided = 2 * min(pnorm(z), pnorm(z, lower.tail = FALSE), 0.5)),
    ksamples = list(JT = unname(ks[1]), mu = unname(ks[2]), sig = unname(ks[3]), p = unname(ks[4])))
  if (length(unique(unlist(x))) == N && N <= 100) {
    d <- jt_exact(x); u <- 0:(length(d) - 1)
    inc <- sum(d[u >= J]); dec <- sum(d[u <= J])
    res$exact <- list(p_increasing = inc, p_decreasing = dec, p_two_sided = 2 * min(inc, dec, 0.5),
      ksamples_exact = unname(jt.test(x, method = "exact", Nsim = 1e7)$JT[5]))
  }
  res
}

set.seed(15)
sets <- list(
  small = list(c(1, 3, 4), c(2, 6, 7, 9), c(5, 8, 10, 11)),
  four_groups = list(round(rnorm(6, 0), 4), round(rnorm(8, 0.3), 4), round(rnorm(5, 0.6), 4), round(rnorm(7, 1), 4)),
  decreasing = list(c(9.1, 8.4, 7.7, 10.2), c(6.5, 8.8, 5.9, 7.1, 6.0), c(4.2, 5.5, 3.9, 6.3)),
  unbalanced = list(round(rnorm(30, 0), 4), round(rnorm(12, 0.2), 4), round(rnorm(25, 0.1), 4)),
  likert = list(sample(1:7, 20, TRUE, prob = c(2, 3, 4, 4, 3, 2, 1)), sample(1:7, 25, TRUE, prob = c(1, 2, 3, 4, 4, 3, 2)),
                sample(1:7, 22, TRUE, prob = c(1, 1, 2, 3, 4, 4, 3))),
  large = list(round(rnorm(40, 0), 5), round(rnorm(45, 0.15), 5), round(rnorm(38, 0.3), 5))
)
writeLines(toJSON(lapply(sets, one), auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/fixtures/jonckheere/jonckheere.json")
