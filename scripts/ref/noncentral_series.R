# The noncentral F and t distributions as their defining Poisson mixtures, summed over every
# weight that is not negligible with dpois, dgamma and pbeta (Loader's saddle point and TOMS 708):
# an exact reference independent of GSL and of R's pnbeta/pnt approximations (error bound 1e-9;
# nothing beyond |ncp| = 37.62 or df = 4e5). Sourced by scripts/ref/noncentral.R and
# scripts/ref/effect_size.R. series_f and series_t return c(P(X <= q), P(X > q)).
span <- function(c) { lo <- max(0, floor(c - 45 * sqrt(c) - 45)); lo:ceiling(c + 45 * sqrt(c) + 45) }

# noncentral F: sum_j dpois(j, lambda/2) I_x(df1/2 + j, df2/2), and the same for the upper tail
series_f <- function(f, d1, d2, ncp) {
  x <- d1 * f / (d1 * f + d2); j <- span(ncp / 2); w <- dpois(j, ncp / 2)
  c(sum(w * pbeta(x, d1 / 2 + j, d2 / 2)), sum(w * pbeta(x, d1 / 2 + j, d2 / 2, lower.tail = FALSE)))
}
# noncentral t, t >= 0: Phi(-d) + 1/2 sum_j [w_j I_x(j + 1/2, df/2) + sign(d) w_{j+1/2} I_x(j + 1, df/2)]
# with w_z = exp(-c) c^z / Gamma(z + 1) = dgamma(c, z + 1); t < 0 by reflection
series_t <- function(t, df, d) {
  if (t < 0) return(rev(series_t(-t, df, -d)))
  c <- d^2 / 2; j <- span(c); x <- t^2 / (t^2 + df)
  w1 <- dpois(j, c); w2 <- if (c > 0) sign(d) * dgamma(c, j + 1.5) else 0 * j
  lo <- pnorm(-d) + 0.5 * sum(w1 * pbeta(x, j + 0.5, df / 2) + w2 * pbeta(x, j + 1, df / 2))
  up <- 0.5 * sum(w1 * pbeta(x, j + 0.5, df / 2, lower.tail = FALSE) +
                  w2 * pbeta(x, j + 1, df / 2, lower.tail = FALSE))
  c(lo, up)
}
