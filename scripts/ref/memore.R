# Reference values for models/memore: tests/fixtures/models/memore.json and the scores it was
# computed on, tests/fixtures/models/memore.csv.
# Two-condition within-subject mediation (Montoya & Hayes 2017, Psychological Methods 22(1), 6-27)
# and moderation (Montoya 2019, Behavior Research Methods 51, 61-82) computed from the papers'
# formulas with lm on difference scores, the way the MEMORE macro defines the variables: for the
# condition listed first (1) and second (2), Ydiff = Y1 - Y2, Mdiff_j = M1_j - M2_j and the
# centred average Mavg_j = (M1_j + M2_j)/2 minus its sample mean.
#   a_j = mean(Mdiff_j) (one-sample t on n - 1 df); c = mean(Ydiff) (total effect);
#   lm(Ydiff ~ Mdiff_1 + ... + Mdiff_k + Mavg_1 + ... + Mavg_k): c' = intercept (direct effect),
#   b_j = slope of Mdiff_j, d_j = slope of Mavg_j; indirect effect a_j b_j; c = c' + sum a_j b_j.
#   Moderation by a between-subject W: lm(Ydiff ~ W); the effect of the condition at W = w is
#   b0 + b1 w with SE sqrt(v00 + 2 w v01 + w^2 v11) on n - 2 df; Johnson-Neyman boundaries are
#   the roots of (t^2 v11 - b1^2) w^2 + 2 (t^2 v01 - b0 b1) w + (t^2 v00 - b0^2) = 0.
# Data: the bundled within-subject wave (data/wave-within.csv), condition 1 = scenario 3 (full
# recovery), condition 2 = scenario 1 (fix only); Y = PWOM, mediators satisfaction and negative
# emotion (scale means, reverse-keyed items 8 - x), W = trust (no Johnson-Neyman point inside its
# range) or involvement (one point inside); complete cases on all of them.
# Bootstrap: percentile CIs of the indirect effects from B = 20000 case resamples (R's quantile
# type 7; the reference's own Monte-Carlo error is small beside a 5,000-resample run's).
# Run from the repository root: Rscript scripts/ref/memore.R
suppressMessages(library(jsonlite))
options(warn = 2)
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)

d <- read.csv("data/wave-within.csv")
sc <- function(prefix, rev = integer(0)) {
  x <- d[grep(paste0("^", prefix, "_[0-9]+$"), names(d))]
  x[rev] <- 8 - x[rev]
  rowMeans(x)
}
s <- data.frame(y1 = sc("pwom_s3"), y2 = sc("pwom_s1"), sat1 = sc("sat_s3", 2), sat2 = sc("sat_s1", 2),
                neg1 = sc("neg_s3"), neg2 = sc("neg_s1"), trust = sc("tru", 3), involvement = sc("inv", 4))
s <- na.omit(s)
write.csv(s, "tests/fixtures/models/memore.csv", row.names = FALSE, quote = FALSE)
s <- read.csv("tests/fixtures/models/memore.csv")  # the values the tests read, as written
n <- nrow(s)

ttest <- function(v) {
  t <- t.test(v)
  list(est = mean(v), se = sd(v) / sqrt(length(v)), t = unname(t$statistic), df = unname(t$parameter),
       p = t$p.value, llci = t$conf.int[1], ulci = t$conf.int[2])
}
coefs <- function(f) {
  cf <- summary(f)$coefficients; ci <- confint(f)
  lapply(seq_len(nrow(cf)), function(i) list(term = rownames(cf)[i], est = cf[i, 1], se = cf[i, 2], t = cf[i, 3],
                                             df = f$df.residual, p = cf[i, 4], llci = ci[i, 1], ulci = ci[i, 2]))
}

# Mediation with the mediators named in `m` (pairs sat, neg), from a data frame of scores.
med <- function(s, m) {
  yd <- s$y1 - s$y2
  md <- sapply(m, function(v) s[[paste0(v, 1)]] - s[[paste0(v, 2)]])
  ma <- sapply(m, function(v) { a <- (s[[paste0(v, 1)]] + s[[paste0(v, 2)]]) / 2; a - mean(a) })
  colnames(md) <- paste0(m, "_diff"); colnames(ma) <- paste0(m, "_avg")
  f <- lm(yd ~ md + ma)
  a <- colMeans(md); b <- coef(f)[1 + seq_along(m)]
  ind <- unname(a * b)
  list(f = f, md = md, yd = yd, a = a, b = b, ind = ind, total = sum(ind),
       contrast = if (length(m) > 1) unname(ind[1] - ind[2]) else NULL)
}

mediation <- function(m) {
  r <- med(s, m)
  sm <- summary(r$f)
  set.seed(20261118)
  B <- 20000
  bt <- t(replicate(B, {
    x <- med(s[sample.int(n, replace = TRUE), ], m)
    c(x$ind, x$total, x$contrast)
  }))
  ci <- apply(bt, 2, quantile, probs = c(.025, .975), names = FALSE)
  list(mediators = m, n = n, c = ttest(r$yd), a = lapply(seq_along(m), function(j) ttest(r$md[, j])),
       y = list(coefficients = coefs(r$f), r2 = sm$r.squared, adj_r2 = sm$adj.r.squared,
                F = unname(sm$fstatistic[1]), df1 = unname(sm$fstatistic[2]), df2 = unname(sm$fstatistic[3]),
                p = unname(pf(sm$fstatistic[1], sm$fstatistic[2], sm$fstatistic[3], lower.tail = FALSE))),
       indirect = I(r$ind), total_indirect = r$total, contrast = r$contrast,
       boot = list(B = B, llci = ci[1, ], ulci = ci[2, ], se = apply(bt, 2, sd)))
}

# Moderation of the condition effect on Y by a trait.
moderation <- function(w) {
  yd <- s$y1 - s$y2
  f <- lm(yd ~ w); b <- coef(f); V <- vcov(f); tc <- qt(.975, f$df.residual)
  probe <- c(quantile(w, c(.16, .5, .84), type = 6, names = FALSE), mean(w) + c(-1, 0, 1) * sd(w))
  cond <- lapply(probe, function(v) {
    est <- b[1] + b[2] * v; se <- sqrt(V[1, 1] + 2 * v * V[1, 2] + v^2 * V[2, 2])
    list(w = v, est = unname(est), se = unname(se), t = unname(est / se), df = f$df.residual,
         p = 2 * pt(-abs(unname(est / se)), f$df.residual), llci = unname(est - tc * se), ulci = unname(est + tc * se))
  })
  A <- tc^2 * V[2, 2] - b[2]^2; Bq <- 2 * (tc^2 * V[1, 2] - b[1] * b[2]); C <- tc^2 * V[1, 1] - b[1]^2
  disc <- Bq^2 - 4 * A * C
  roots <- if (disc >= 0) sort(unname((-Bq + c(-1, 1) * sqrt(disc)) / (2 * A))) else numeric(0)
  list(n = n, coefficients = coefs(f), r2 = summary(f)$r.squared, w_min = min(w), w_max = max(w),
       conditional = cond, jn_roots = I(roots), jn_points = I(roots[roots >= min(w) & roots <= max(w)]))
}

ref <- list(parallel = mediation(c("sat", "neg")), single = mediation("sat"),
            moderation_trust = moderation(s$trust), moderation_involvement = moderation(s$involvement))
out(ref, "tests/fixtures/models/memore.json")
