# Reference values for tests/unit/test_contrasts.c (models/contrasts.h), R 4.2 with MASS 7.3.
#   Rscript scripts/ref/contrasts.R      (run from the repository root)
# Writes tests/fixtures/experiments/contrasts.json (and contrast_edge.csv, a hand-made data set
# with a group of one).
# Each contrast is the coefficient of lm(y ~ g) with the factor coded so that its coefficients
# are the contrasts: contr.poly(k, scores) and MASS::contr.sdif(k) as they are, any other set of
# contrast rows L by solve(rbind(1/k, L))[, -1]. Estimate, SE, t, p from summary.lm, the CI from
# confint, SS = t^2 sigma^2 and its share of the between-group SS of anova(). The Welch version
# has no lm: it is computed by its formula (sum w^2 s^2 / n, Satterthwaite df), and checked here
# against t.test(var.equal = FALSE) for two groups; a weight below 1e-12 of the largest (a 0 in
# contr.poly's rounding, as for the middle level of a linear trend) does not enter it.
suppressMessages({ library(jsonlite); library(MASS) })
source("scripts/ref/experiments_data.R")

contrast_set <- function(y, g, L, names, C = NULL, level = 0.95) {
  g <- factor(g); k <- nlevels(g)
  if (is.null(C)) C <- solve(rbind(1 / k, L))[, -1, drop = FALSE]
  fit <- lm(y ~ g, contrasts = list(g = C))
  cf <- summary(fit)$coefficients[-1, , drop = FALSE]
  ci <- confint(fit, level = level)[-1, , drop = FALSE]
  n <- as.vector(tapply(y, g, length)); m <- as.vector(tapply(y, g, mean)); v <- as.vector(tapply(y, g, var))
  stopifnot(isTRUE(all.equal(unname(cf[seq_len(nrow(L)), 1]), as.vector(L %*% m), tolerance = 1e-12)))
  ssb <- anova(fit)[["Sum Sq"]][1]; s2 <- summary(fit)$sigma^2
  lapply(seq_len(nrow(L)), function(r) {
    w <- L[r, ]; on <- abs(w) > 1e-12 * max(abs(w)) # contr.poly's rounding of a 0 is a 0
    vi <- w[on]^2 * v[on] / n[on]
    welch <- if (all(n[on] >= 2) && sum(vi) > 0) {
      se <- sqrt(sum(vi)); df <- sum(vi)^2 / sum(vi^2 / (n[on] - 1)); t <- cf[r, 1] / se
      tc <- qt((1 + level) / 2, df)
      list(se = se, df = df, t = t, p = 2 * pt(-abs(t), df), llci = cf[r, 1] - tc * se, ulci = cf[r, 1] + tc * se)
    }
    list(name = names[r], weights = w, estimate = cf[r, 1], se = cf[r, 2], t = cf[r, 3], df = fit$df.residual,
         p = cf[r, 4], llci = ci[r, 1], ulci = ci[r, 2], ss = cf[r, 3]^2 * s2, share = cf[r, 3]^2 * s2 / ssb,
         welch = welch)
  })
}
helmert_rows <- function(k) t(sapply(1:(k - 1), function(j) c(rep(0, j - 1), 1, rep(-1 / (k - j), k - j))))
difference_rows <- function(k) t(sapply(1:(k - 1), function(j) c(rep(-1 / j, j), 1, rep(0, k - j - 1))))
sdif_rows <- function(k) t(sapply(1:(k - 1), function(j) { w <- rep(0, k); w[j] <- -1; w[j + 1] <- 1; w }))
poly_case <- function(y, g, scores = NULL, level = 0.95) {
  k <- length(unique(g)); P <- if (is.null(scores)) contr.poly(k) else contr.poly(k, scores = scores)
  contrast_set(y, g, t(P), paste0("poly", seq_len(k - 1)), C = P, level = level)
}
case <- function(file, y, group, contrasts, scores = NULL, level = 0.95)
  list(file = file, y = y, group = group, level = level, scores = scores, contrasts = contrasts)

wb <- wave_between; tg <- toothgrowth; wp <- warpbreaks_d
cases <- list(
  case("wave_between.csv", "satisfaction", "scenario", c(
    poly_case(wb$satisfaction, wb$scenario),
    contrast_set(wb$satisfaction, wb$scenario, sdif_rows(3), c("seq1", "seq2"), C = contr.sdif(3)),
    contrast_set(wb$satisfaction, wb$scenario, helmert_rows(3), c("helmert1", "helmert2")),
    contrast_set(wb$satisfaction, wb$scenario, difference_rows(3), c("difference1", "difference2")),
    contrast_set(wb$satisfaction, wb$scenario, rbind(c(-2, 1, 1), c(0, -1, 1)), c("custom", "complement")))),
  case("wave_between.csv", "negemo", "scenario", poly_case(wb$negemo, wb$scenario, c(1, 2, 4), level = 0.9),
       scores = c(1, 2, 4), level = 0.9),
  case("toothgrowth.csv", "len", "dose", poly_case(tg$len, tg$dose, c(0.5, 1, 2)), scores = c(0.5, 1, 2)),
  case("warpbreaks.csv", "breaks", "cell", c(
    poly_case(wp$breaks, wp$cell),
    contrast_set(wp$breaks, wp$cell, sdif_rows(6), paste0("seq", 1:5), C = contr.sdif(6)),
    contrast_set(wp$breaks, wp$cell, helmert_rows(6), paste0("helmert", 1:5)),
    contrast_set(wp$breaks, wp$cell, difference_rows(6), paste0("difference", 1:5)))),
  # two levels: the linear contrast is the two-sample t test (pooled and Welch)
  case("toothgrowth.csv", "len", "supp", c(
    poly_case(tg$len, tg$supp),
    contrast_set(tg$len, tg$supp, rbind(c(1, -1)), "custom"))))

# two levels against t.test
tt <- t.test(len ~ supp, data = tg, var.equal = TRUE); tw <- t.test(len ~ supp, data = tg)
two <- cases[[5]]$contrasts[[2]]
stopifnot(abs(two$t - tt$statistic) < 1e-12, abs(two$welch$t - tw$statistic) < 1e-12,
          abs(two$welch$df - tw$parameter) < 1e-9, abs(two$welch$p - tw$p.value) < 1e-12)

# a group of one (level 2): pooled tests work; Welch only where its weight is 0 (linear)
edge <- exp_write(data.frame(y = c(3.1, 4.2, 2.7, 5.0, 6.3, 5.9, 7.4, 6.8), g = c(1, 1, 1, 2, 3, 3, 3, 3)),
                  "contrast_edge.csv")
cases[[6]] <- case("contrast_edge.csv", "y", "g", c(
  poly_case(edge$y, edge$g),
  contrast_set(edge$y, edge$g, helmert_rows(3), c("helmert1", "helmert2"))))

writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"),
           file.path(exp_dir, "contrasts.json"))
