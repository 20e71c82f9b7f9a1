# Reference values for tests/unit/test_ancova.c (models/ancova.h), R 4.2 with car 3.1 and
# emmeans 1.8.4.
#   Rscript scripts/ref/ancova.R      (run from the repository root)
# Writes tests/fixtures/experiments/ancova.json and the hand-made data sets ancova_small.csv (the
# wave's first 45 respondents: p-values away from 0), ancova_flat.csv (a covariate constant in
# one group) and ancova_one.csv (a group of one).
# Per case: car::Anova(lm(y ~ g + x...), type = 3) with contr.sum; the common slopes from
# summary.lm; the homogeneity-of-slopes test as anova(lm(y ~ g + x...), lm(y ~ g * (x...)))
# (lm drops aliased columns, as the C code does); emmeans(fit, "g") at the covariate means and
# pairs() with adjust = "tukey" and "bonferroni", summary(infer = TRUE) at the case's level.
suppressMessages({ library(jsonlite); library(car); library(emmeans) })
source("scripts/ref/experiments_data.R")
emm_options(opt.digits = FALSE)

ancova_case <- function(file, d, y, g, covs, level = 0.95) {
  d$g <- factor(d[[g]])
  options(contrasts = c("contr.sum", "contr.poly"))
  add <- lm(reformulate(c("g", covs), y), data = d)
  int <- lm(reformulate(c("g", covs, paste0("g:", covs)), y), data = d)
  a3 <- Anova(add, type = 3)
  cf <- summary(add)$coefficients
  slopes <- anova(add, int)
  e <- emmeans(add, "g", level = level)
  es <- summary(e)
  pr <- function(adj) { s <- as.data.frame(summary(pairs(e, adjust = adj), infer = TRUE, level = level))
    data.frame(estimate = s$estimate, se = s$SE, df = s$df, t = s$t.ratio, p = s$p.value, llci = s$lower.CL,
               ulci = s$upper.CL) }
  options(contrasts = c("contr.treatment", "contr.poly"))
  list(file = file, y = y, group = g, covariates = I(covs), level = level,
       table = data.frame(term = rownames(a3), ss = a3$`Sum Sq`, df = a3$Df, F = a3$`F value`, p = a3$`Pr(>F)`),
       slopes = data.frame(term = covs, b = cf[covs, 1], se = cf[covs, 2]),
       homogeneity = list(ss = slopes$`Sum of Sq`[2], df1 = slopes$Df[2], df2 = slopes$Res.Df[2],
                          F = slopes$F[2], p = slopes$`Pr(>F)`[2]),
       cov_means = I(unname(sapply(covs, function(v) mean(d[[v]])))),
       emm = data.frame(emm = es$emmean, se = es$SE, df = es$df, llci = es$lower.CL, ulci = es$upper.CL),
       tukey = pr("tukey"), bonferroni = pr("bonferroni"))
}

wb <- wave_between
small <- exp_write(wb[1:45, c("scenario", "trust", "involvement", "pwom")], "ancova_small.csv")
set.seed(15)
flat <- data.frame(g = rep(1:3, each = 7), x = round(runif(21, 1, 7), 1))
flat$x[flat$g == 2] <- 4.5
flat$y <- round(2 + 0.4 * flat$x + 0.5 * flat$g + rnorm(21, 0, 0.8), 2)
flat <- exp_write(flat, "ancova_flat.csv")
one <- data.frame(g = c(rep(1, 6), rep(2, 6), 3), x = round(runif(13, 1, 7), 1))
one$y <- round(1 + 0.5 * one$x + one$g + rnorm(13, 0, 0.6), 2)
one <- exp_write(one, "ancova_one.csv")

cases <- list(
  ancova_case("wave_between.csv", wb, "satisfaction", "scenario", c("trust", "involvement")),
  ancova_case("wave_between.csv", wb, "negemo", "scenario", "age", level = 0.9),
  ancova_case("ancova_small.csv", small, "pwom", "scenario", c("trust", "involvement")),
  ancova_case("iris.csv", iris_d, "sepal_length", "species", "sepal_width"),
  ancova_case("ancova_flat.csv", flat, "y", "g", "x"),
  ancova_case("ancova_one.csv", one, "y", "g", "x"))
# the covariate constant in group 2 and the group of one leave the interaction model aliased:
# one slope fewer, which lm and anova() account for
stopifnot(cases[[5]]$homogeneity$df1 == 1, cases[[6]]$homogeneity$df1 == 1)
writeLines(toJSON(cases, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), file.path(exp_dir, "ancova.json"))
