# Reference values for tests/unit/test_noncentral.c (models/noncentral.h), R 4.2.
#   Rscript scripts/ref/noncentral.R      (run from the repository root; a few seconds)
# Writes tests/fixtures/experiments/noncentral_{t,f,ncp}.txt.
# Two references for each probability: R's own pt(ncp =) / pf(ncp =), and the defining Poisson
# mixture summed here over every weight that is not negligible (dpois, dgamma and pbeta, i.e.
# Loader's saddle point and TOMS 708, independent of GSL), which stays exact where R's pnt
# (|ncp| > 37.62, df > 4e5) and pnbeta (error bound 1e-9) are approximations.
dir <- "tests/fixtures/experiments"
source("scripts/ref/noncentral_series.R")
fmt <- function(d, f) write.table(format(d, digits = 17), file.path(dir, f), row.names = FALSE, quote = FALSE)

gt <- expand.grid(t = c(-3, -0.5, 0.5, 1, 2.5, 5, 12, 40, 150), df = c(1, 3, 10, 47, 300, 5000, 1e6),
                  ncp = c(-5, -1, 0, 0.7, 3, 10, 36, 60, 200))
s <- t(mapply(series_t, gt$t, gt$df, gt$ncp))
gt$series_lower <- s[, 1]; gt$series_upper <- s[, 2]
gt$r_lower <- suppressWarnings(pt(gt$t, gt$df, gt$ncp))
gt$r_upper <- suppressWarnings(pt(gt$t, gt$df, gt$ncp, lower.tail = FALSE))
fmt(gt, "noncentral_t.txt")

gf <- expand.grid(f = c(0.1, 0.8, 1, 2.5, 7, 30), df1 = c(1, 2, 5, 12), df2 = c(2, 10, 57, 1000, 1e6),
                  ncp = c(0, 0.5, 4, 25, 300, 1e5))
s <- t(mapply(series_f, gf$f, gf$df1, gf$df2, gf$ncp))
gf$series_lower <- s[, 1]; gf$series_upper <- s[, 2]
gf$r_lower <- suppressWarnings(pf(gf$f, gf$df1, gf$df2, gf$ncp))
gf$r_upper <- suppressWarnings(pf(gf$f, gf$df1, gf$df2, gf$ncp, lower.tail = FALSE))
fmt(gf, "noncentral_f.txt")

# inversions: the ncp with P(T <= t) = p or P(F <= f) = p, by uniroot on the series at a tight
# tolerance (kind 0: t, kind 1: F; df2 unused for t)
inv_t <- function(t, df, p) uniroot(function(d) series_t(t, df, d)[1] - p, c(t - 60, t + 60),
                                    tol = 1e-14 * max(1, abs(t)), maxiter = 1000)$root
inv_f <- function(f, d1, d2, p) uniroot(function(l) series_f(f, d1, d2, l)[1] - p, c(0, 5 * (d1 * f + 50)),
                                        tol = 1e-14 * max(1, d1 * f), maxiter = 1000)$root
ci <- rbind(data.frame(kind = 0, q = c(2.1, 2.1, -0.4, 7.3, 0.05, 25, 3), df1 = c(58, 58, 12, 197, 5, 2000, 1e6),
                       df2 = 0, p = c(0.975, 0.025, 0.95, 0.05, 0.5, 0.975, 0.025)),
            data.frame(kind = 1, q = c(4.2, 4.2, 13.6, 1.9, 60), df1 = c(2, 2, 3, 1, 4),
                       df2 = c(597, 597, 87, 20, 5000), p = c(0.975, 0.025, 0.95, 0.5, 0.05)))
ci$ncp <- mapply(function(k, q, d1, d2, p) if (k == 0) inv_t(q, d1, p) else inv_f(q, d1, d2, p),
                 ci$kind, ci$q, ci$df1, ci$df2, ci$p)
fmt(ci, "noncentral_ncp.txt")
