# Reference values for tests/unit/test_noncentral_chisq.c, noncentral_chisq_against_r (R 4.2):
# both tails of pchisq(x, df, ncp) at points behind lavaan's RMSEA interval. Where R's pnchisq
# warns that the upper tail may lose precision (ncp = 550000), the value is also summed here as
# the Poisson mixture of R's central pchisq (the two agree to 1e-9). Printed; pasted into the test.
#   Rscript scripts/ref/noncentral_chisq.R
options(digits = 17)
pts <- rbind(c(85.3, 24, 30), c(237, 220, 17), c(500, 220, 200), c(10, 3.7, 2.5),
             c(551000, 220, 550000), c(549000, 220, 550000), c(1, 50, 100), c(3000, 265, 3000),
             c(150, 24, 20))
mixture <- function(x, df, ncp, lower) {
  j <- seq(max(0, floor(ncp / 2 - 40 * sqrt(ncp / 2))), ceiling(ncp / 2 + 40 * sqrt(ncp / 2)))
  sum(dpois(j, ncp / 2) * pchisq(x, df + 2 * j, lower.tail = lower))
}
for (i in seq_len(nrow(pts))) {
  p <- pts[i, ]
  P <- suppressWarnings(pchisq(p[1], p[2], p[3]))
  Q <- suppressWarnings(pchisq(p[1], p[2], p[3], lower.tail = FALSE))
  cat(sprintf("{%.17g, %.17g, %.17g, %.17g, %.17g}, /* mixture: %.17g %.17g */\n", p[1], p[2], p[3], P, Q,
              mixture(p[1], p[2], p[3], TRUE), mixture(p[1], p[2], p[3], FALSE)))
}
cat(sprintf("pchisq(551000, 2000, 550000) = %.17g, mixture %.17g\n", pchisq(551000, 2000, 550000),
            mixture(551000, 2000, 550000, TRUE)))
# test_noncentral_chisq.c, noncentral_chisq_edges: x far below every term's df
cat(sprintf("pchisq(1e-300, 1, 1) = %.17g\n", pchisq(1e-300, 1, 1)))
