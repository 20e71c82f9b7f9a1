# Reference values for models/mediation: tests/fixtures/models/mediation.json.
# Point estimates from two (or more) lm fits per model; bootstrap percentile CIs from case
# resampling (boot::boot-style, written out here) with B = 20000 so that the reference's own
# Monte-Carlo error is small. Run from the repository root: Rscript scripts/ref/mediation.R
suppressMessages({ library(jsonlite) })
g <- read.csv("tests/fixtures/reference/glbwarm.csv")
p <- read.csv("tests/fixtures/reference/protest.csv")
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)
pct <- function(x, q = c(.16, .5, .84)) quantile(x, q, type = 6, names = FALSE)
B <- 20000

## Model 4, two parallel mediators: X = ideology, M = negemot, posemot, Y = govact, covariates age sex
m4 <- function(d) {
  a1 <- coef(lm(negemot ~ ideology + age + sex, data = d))["ideology"]
  a2 <- coef(lm(posemot ~ ideology + age + sex, data = d))["ideology"]
  fy <- coef(lm(govact ~ ideology + negemot + posemot + age + sex, data = d))
  c(ind1 = unname(a1 * fy["negemot"]), ind2 = unname(a2 * fy["posemot"]),
    total = unname(a1 * fy["negemot"] + a2 * fy["posemot"]),
    std1 = unname(a1 * fy["negemot"] * sd(d$ideology) / sd(d$govact)),
    stdtot = unname((a1 * fy["negemot"] + a2 * fy["posemot"]) * sd(d$ideology) / sd(d$govact)))
}
fa1 <- lm(negemot ~ ideology + age + sex, data = g); fa2 <- lm(posemot ~ ideology + age + sex, data = g)
fy <- lm(govact ~ ideology + negemot + posemot + age + sex, data = g); fc <- lm(govact ~ ideology + age + sex, data = g)
set.seed(20240601)
bt <- t(replicate(B, m4(g[sample.int(nrow(g), replace = TRUE), ])))
ci <- function(v) unname(quantile(v, c(.025, .975)))
model4 <- list(
  a = c(coef(fa1)["ideology"], coef(fa2)["ideology"]), a_se = c(summary(fa1)$coefficients["ideology", 2], summary(fa2)$coefficients["ideology", 2]),
  b = unname(coef(fy)[c("negemot", "posemot")]), direct = unname(coef(fy)["ideology"]),
  direct_se = summary(fy)$coefficients["ideology", 2], total = unname(coef(fc)["ideology"]),
  total_se = summary(fc)$coefficients["ideology", 2], y_r2 = summary(fy)$r.squared,
  estimates = as.list(m4(g)), partially_std1 = unname(m4(g)["ind1"] / sd(g$govact)),
  boot_se = as.list(apply(bt, 2, sd)), boot_ci = lapply(as.data.frame(bt), ci))

## Model 4 with a categorical X: protest (0, 1, 2) -> respappr -> liking
p$D1 <- as.numeric(p$protest == 1); p$D2 <- as.numeric(p$protest == 2)
ma <- lm(respappr ~ D1 + D2, data = p); my <- lm(liking ~ D1 + D2 + respappr, data = p); mt <- lm(liking ~ D1 + D2, data = p)
mcx <- list(a = unname(coef(ma)[c("D1", "D2")]), b = unname(coef(my)["respappr"]),
            ind = unname(coef(ma)[c("D1", "D2")] * coef(my)["respappr"]), direct = unname(coef(my)[c("D1", "D2")]),
            total = unname(coef(mt)[c("D1", "D2")]))

## Model 7: X = D (protest > 0), W = sexism, M = respappr, Y = liking
p$D <- as.numeric(p$protest > 0)
m7 <- function(d, wv) {
  a <- coef(lm(respappr ~ D + sexism + D:sexism, data = d)); b <- coef(lm(liking ~ D + respappr, data = d))["respappr"]
  c(cond = unname((a["D"] + a["D:sexism"] * wv) * b), index = unname(a["D:sexism"] * b))
}
wv <- pct(p$sexism)
fm <- lm(respappr ~ D + sexism + D:sexism, data = p); fy7 <- lm(liking ~ D + respappr, data = p)
set.seed(20240602)
bt7 <- t(replicate(B, m7(p[sample.int(nrow(p), replace = TRUE), ], wv)))
model7 <- list(w = wv, a = unname(coef(fm)[c("D", "sexism", "D:sexism")]), b = unname(coef(fy7)["respappr"]),
               direct = unname(coef(fy7)["D"]), estimates = unname(m7(p, wv)),
               boot_se = unname(apply(bt7, 2, sd)), boot_ci = lapply(as.data.frame(bt7), ci))
out(list(model4 = model4, mcx = mcx, model7 = model7, B = B), "tests/fixtures/models/mediation.json")
cat("ok\n")
