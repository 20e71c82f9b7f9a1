# Reference values for models/ols, models/regression_diagnostics, hierarchical blocks and the
# group-slope (Chow) tests: tests/fixtures/models/regression.json.
# Run from the repository root: Rscript scripts/ref/regression.R
# Needs r-base-core, r-cran-sandwich, r-cran-lmtest, r-cran-jsonlite.
suppressMessages({ library(jsonlite); library(sandwich); library(lmtest) })
g <- read.csv("tests/fixtures/reference/glbwarm.csv")
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)
se_of <- function(m, type) unname(sqrt(diag(vcovHC(m, type = type))))

m <- lm(govact ~ negemot + posemot + ideology + age + sex, data = g)
e <- resid(m); cd <- cooks.distance(m)
bpk <- bptest(m); bpo <- bptest(m, studentize = FALSE)
wald_hc3 <- waldtest(m, . ~ 1, vcov = vcovHC(m, type = "HC3"), test = "F")

# hierarchical blocks: negemot,posemot ; ideology ; age,sex
h1 <- lm(govact ~ negemot + posemot, data = g)
h2 <- lm(govact ~ negemot + posemot + ideology, data = g)
h3 <- m
a12 <- anova(h1, h2); a23 <- anova(h2, h3)
blocks <- list(
  list(r2 = summary(h1)$r.squared, r2_change = summary(h1)$r.squared,
       F = unname(summary(h1)$fstatistic[1]), df1 = 2, df2 = h1$df.residual,
       p = unname(pf(summary(h1)$fstatistic[1], 2, h1$df.residual, lower.tail = FALSE))),
  list(r2 = summary(h2)$r.squared, r2_change = summary(h2)$r.squared - summary(h1)$r.squared,
       F = a12$F[2], df1 = a12$Df[2], df2 = a12$Res.Df[2], p = a12$`Pr(>F)`[2]),
  list(r2 = summary(h3)$r.squared, r2_change = summary(h3)$r.squared - summary(h2)$r.squared,
       F = a23$F[2], df1 = a23$Df[2], df2 = a23$Res.Df[2], p = a23$`Pr(>F)`[2]))

# slopes by partyid (1, 2, 3): govact ~ negemot + ideology
g$party <- factor(g$partyid)
full <- lm(govact ~ party * (negemot + ideology), data = g)
common <- lm(govact ~ party + negemot + ideology, data = g)
pooled <- lm(govact ~ negemot + ideology, data = g)
slopes <- anova(common, full); chow <- anova(pooled, full)
neg_only <- anova(lm(govact ~ party * ideology + negemot, data = g), full)
ideo_only <- anova(lm(govact ~ party * negemot + ideology, data = g), full)
per_group <- lapply(levels(g$party), function(l) {
  mg <- lm(govact ~ negemot + ideology, data = g[g$party == l, ])
  list(level = l, n = nobs(mg), b = unname(coef(mg)), se = unname(sqrt(diag(vcov(mg)))),
       r2 = summary(mg)$r.squared)
})
full_hc3 <- vcovHC(full, type = "HC3")
idx <- grep(":", names(coef(full)))
bt <- coef(full)[idx]
slopes_hc3_F <- as.numeric(t(bt) %*% solve(full_hc3[idx, idx]) %*% bt) / length(idx)

out(list(
  hc1_se = se_of(m, "HC1"), hc2_se = se_of(m, "HC2"),
  hc3_F = wald_hc3$F[2], hc3_F_p = wald_hc3$`Pr(>F)`[2],
  durbin_watson = sum(diff(e)^2) / sum(e^2),
  cook_max = max(cd), cook_row = which.max(cd) - 1,
  leverage_max = max(hatvalues(m)),
  bp_koenker = unname(bpk$statistic), bp_koenker_df = unname(bpk$parameter), bp_koenker_p = unname(bpk$p.value),
  bp_original = unname(bpo$statistic), bp_original_p = unname(bpo$p.value),
  blocks = blocks,
  groups = list(per_group = per_group,
                slopes = list(F = slopes$F[2], df1 = slopes$Df[2], df2 = slopes$Res.Df[2], p = slopes$`Pr(>F)`[2]),
                slopes_hc3 = list(F = slopes_hc3_F, df1 = length(idx), df2 = full$df.residual,
                                  p = pf(slopes_hc3_F, length(idx), full$df.residual, lower.tail = FALSE)),
                chow = list(F = chow$F[2], df1 = chow$Df[2], df2 = chow$Res.Df[2], p = chow$`Pr(>F)`[2]),
                negemot = list(F = neg_only$F[2], df1 = neg_only$Df[2], p = neg_only$`Pr(>F)`[2]),
                ideology = list(F = ideo_only$F[2], df1 = ideo_only$Df[2], p = ideo_only$`Pr(>F)`[2]))),
  "tests/fixtures/models/regression.json")
cat("ok\n")
