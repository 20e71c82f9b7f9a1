# Reference values for `surveykit process` (tests/cli/cases/process.sh): the expected documents
# tests/cli/expected/process-*.json, each holding the numbers the command must print with
# --format json (tests/tools/jsoncmp: every value present, 1e-9 relative for OLS, 1e-6 for a
# logistic Y equation).
#
# Every equation is a separate R fit with the terms written out by hand in the order PROCESS
# lists them (antecedents, W and its products, Z and its products, covariates): lm, or for a
# dichotomous Y glm(family = binomial) iterated to convergence (epsilon 1e-14) with Wald CIs on
# qnorm(.975). Effects are computed from those coefficients: a conditional direct effect is
# l'b with SE sqrt(l'Vl) on the residual df; an indirect effect is the product of the slopes of
# its links at the moderators' probe values (PROCESS's 16th, 50th and 84th percentiles, quantile
# type 6, as scripts/ref/process_models.R); an index of moderated mediation is the derivative
# of that product with respect to the moderator. A multicategorical X is coded by the contrast
# matrix of its coding (Hayes & Montoya 2017; sequential: column j is 1 for levels >= j).
# Within-subject designs from the MEMORE formulas (Montoya & Hayes 2017, Montoya 2019), as
# scripts/ref/memore.R: t tests of the differences and lm on difference scores and centred
# averages.
# Data: Hayes's glbwarm and protest (tests/fixtures/reference/), the simulated data of the
# engine's unit tests (tests/fixtures/models/process_sim.csv, process_logit_sim.csv) and the
# bundled within-subject wave (data/wave-within.csv with its codebook).
# Run from the repository root: Rscript scripts/ref/process_cli.R
suppressMessages({library(jsonlite); library(sandwich)})
options(warn = 2)
out <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE),
                                    file.path("tests/cli/expected", paste0("process-", name, ".json")))
pct <- function(x) quantile(x, c(.16, .5, .84), type = 6, names = FALSE)
glb <- read.csv("tests/fixtures/reference/glbwarm.csv")
sim <- read.csv("tests/fixtures/models/process_sim.csv")
lsim <- read.csv("tests/fixtures/models/process_logit_sim.csv")
pro <- read.csv("tests/fixtures/reference/protest.csv")

fit_lm <- function(f, d) lm(terms(f, keep.order = TRUE), data = d)
fit_glm <- function(f, d) glm(terms(f, keep.order = TRUE), family = binomial, data = d,
                              control = glm.control(epsilon = 1e-14, maxit = 100))

equation <- function(fit, outcome) {
  s <- summary(fit)
  cf <- s$coefficients
  if (inherits(fit, "glm")) {
    z <- qnorm(.975)
    rows <- lapply(seq_len(nrow(cf)), function(i) list(term = rownames(cf)[i], b = cf[i, 1], se = cf[i, 2],
      z = cf[i, 3], p = cf[i, 4], llci = cf[i, 1] - z * cf[i, 2], ulci = cf[i, 1] + z * cf[i, 2],
      odds_ratio = exp(cf[i, 1])))
    return(list(outcome = outcome, minus2ll = deviance(fit), model_ll = fit$null.deviance - deviance(fit),
                coefficients = rows))
  }
  ci <- confint(fit)
  rows <- lapply(seq_len(nrow(cf)), function(i) list(term = rownames(cf)[i], b = cf[i, 1], se = cf[i, 2],
    t = cf[i, 3], p = cf[i, 4], llci = ci[i, 1], ulci = ci[i, 2]))
  f <- s$fstatistic
  list(outcome = outcome, r2 = s$r.squared, adj_r2 = s$adj.r.squared, mse = s$sigma^2, F = unname(f[1]),
       df1 = unname(f[2]), df2 = unname(f[3]), p = pf(f[1], f[2], f[3], lower.tail = FALSE)[[1]],
       coefficients = rows)
}

## l'b of a fit with its SE, t (or z), p and CI; l given by coefficient names
lincom <- function(fit, l, extra = list()) {
  b <- coef(fit); w <- setNames(numeric(length(b)), names(b)); w[names(l)] <- unlist(l)
  est <- sum(w * b); se <- sqrt(as.numeric(t(w) %*% vcov(fit) %*% w))
  if (inherits(fit, "glm")) {
    z <- est / se; crit <- qnorm(.975); p <- 2 * pnorm(-abs(z))
    r <- list(effect = est, se = se, z = z, p = p, llci = est - crit * se, ulci = est + crit * se)
  } else {
    df <- fit$df.residual; crit <- qt(.975, df); t <- est / se
    r <- list(effect = est, se = se, t = t, p = 2 * pt(-abs(t), df), llci = est - crit * se, ulci = est + crit * se)
  }
  c(extra, r)
}
eff <- function(x) list(effect = x)
B <- function(fit, name) unname(coef(fit)[name])

## Johnson-Neyman: the roots inside the range of age of (t*^2 v11 - b1^2) w^2 + 2 (t*^2 v01 - b0 b1) w +
## (t*^2 v00 - b0^2) = 0 for the effect b0 + b1 w, with the shares of cases below and above each
jn <- function(fit, a, ab, w) {
  tc <- qt(.975, fit$df.residual); b <- coef(fit); V <- vcov(fit)
  qa <- tc^2 * V[ab, ab] - b[ab]^2; qb <- 2 * (tc^2 * V[a, ab] - b[a] * b[ab]); qc <- tc^2 * V[a, a] - b[a]^2
  r <- sort(c(-qb - sqrt(qb^2 - 4 * qa * qc), -qb + sqrt(qb^2 - 4 * qa * qc)) / (2 * qa))
  r <- unname(r[r >= min(w) & r <= max(w)])
  list(critical = tc, min = min(w), max = max(w), points = lapply(r, function(x)
    list(value = unname(x), below = 100 * mean(w < x), above = 100 * mean(w > x))))
}

## model 1 on glbwarm: the conditional effect of negemot at the percentiles of age
ws <- pct(glb$age)
y <- fit_lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, glb)
out(list(process_model = 1, equations = list(equation(y, "govact")),
         direct_effects = lapply(ws, function(w) lincom(y, list(negemot = 1, "negemot:age" = w), list(w = w)))),
    "model1")

## model 1 with HC3 standard errors (sandwich::vcovHC, type "HC3"): coefficients and conditional effects
hc <- function(fit) {
  V <- vcovHC(fit, type = "HC3"); b <- coef(fit); se <- sqrt(diag(V)); df <- fit$df.residual; tc <- qt(.975, df)
  list(coefficients = lapply(seq_along(b), function(i) list(term = names(b)[i], b = unname(b[i]), se = unname(se[i]),
    t = unname(b[i] / se[i]), p = 2 * pt(-abs(unname(b[i] / se[i])), df), llci = unname(b[i] - tc * se[i]),
    ulci = unname(b[i] + tc * se[i]))), V = V)
}
ws <- pct(glb$age)
y <- fit_lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, glb)
h <- hc(y)
out(list(se_type = "HC3", equations = list(list(outcome = "govact", coefficients = h$coefficients)),
         direct_effects = lapply(ws, function(w) { l <- c(0, 1, 0, w, 0, 0, 0); est <- sum(l * coef(y))
           se <- sqrt(as.numeric(t(l) %*% h$V %*% l)); list(w = w, effect = est, se = se) })), "model1-hc3")

## model 3 on the simulated data: X x W x Z; the conditional direct effects over the W x Z grid and
## the X x W interaction at each Z
ws <- pct(sim$W); zs <- pct(sim$Z)
y <- fit_lm(Y ~ X + W + X:W + Z + X:Z + W:Z + X:W:Z, sim)
grid <- expand.grid(z = zs, w = ws)[, c("w", "z")]
out(list(equations = list(c(equation(y, "Y"), list(conditional_interactions = lapply(zs, function(z)
           lincom(y, list("X:W" = 1, "X:W:Z" = z), list(interaction = "X:W", z = z)))))),
         direct_effects = lapply(seq_len(nrow(grid)), function(i) { w <- grid$w[i]; z <- grid$z[i]
           lincom(y, list(X = 1, "X:W" = w, "X:Z" = z, "X:W:Z" = w * z), list(w = w, z = z)) })), "model3")

## model 4 on glbwarm: two parallel mediators, covariates; total, direct, indirect, contrast
m1 <- fit_lm(negemot ~ ideology + age + sex, glb)
m2 <- fit_lm(posemot ~ ideology + age + sex, glb)
y <- fit_lm(govact ~ ideology + negemot + posemot + age + sex, glb)
tot <- fit_lm(govact ~ ideology + age + sex, glb)
ind <- c(B(m1, "ideology") * B(y, "negemot"), B(m2, "ideology") * B(y, "posemot"))
out(list(equations = list(equation(m1, "negemot"), equation(m2, "posemot"), equation(y, "govact"),
                          equation(tot, "govact")),
         total_effect = list(lincom(tot, list(ideology = 1))), direct_effects = list(lincom(y, list(ideology = 1))),
         indirect_effects = lapply(ind, eff), total_indirect_effect = list(eff(sum(ind))),
         contrasts = list(eff(ind[1] - ind[2]))), "model4")

## model 6 on the simulated data: two and three mediators in series, covariate C1
m1 <- fit_lm(M1 ~ X + C1, sim)
m2 <- fit_lm(M2 ~ X + M1 + C1, sim)
y <- fit_lm(Y ~ X + M1 + M2 + C1, sim)
tot <- fit_lm(Y ~ X + C1, sim)
ind <- c(B(m1, "X") * B(y, "M1"), B(m1, "X") * B(m2, "M1") * B(y, "M2"), B(m2, "X") * B(y, "M2"))
out(list(equations = list(equation(m1, "M1"), equation(m2, "M2"), equation(y, "Y"), equation(tot, "Y")),
         total_effect = list(lincom(tot, list(X = 1))), direct_effects = list(lincom(y, list(X = 1))),
         indirect_effects = lapply(ind, eff), total_indirect_effect = list(eff(sum(ind)))), "model6-2")
m3 <- fit_lm(M3 ~ X + M1 + M2 + C1, sim)
y <- fit_lm(Y ~ X + M1 + M2 + M3 + C1, sim)
a <- c(B(m1, "X"), B(m2, "X"), B(m3, "X")); b <- c(B(y, "M1"), B(y, "M2"), B(y, "M3"))
d21 <- B(m2, "M1"); d31 <- B(m3, "M1"); d32 <- B(m3, "M2")
ind <- c(a[1] * b[1], a[1] * d21 * b[2], a[1] * d31 * b[3], a[1] * d21 * d32 * b[3], a[2] * b[2], a[2] * d32 * b[3],
         a[3] * b[3])
out(list(equations = list(equation(m1, "M1"), equation(m2, "M2"), equation(m3, "M3"), equation(y, "Y"),
                          equation(tot, "Y")),
         indirect_effects = lapply(ind, eff), total_indirect_effect = list(eff(sum(ind)))), "model6-3")

## model 7 on glbwarm: W (age) on X -> M; covariate ideology in both equations
ws <- pct(glb$age)
m <- fit_lm(posemot ~ negemot + age + negemot:age + ideology, glb)
y <- fit_lm(govact ~ negemot + posemot + ideology, glb)
b <- B(y, "posemot")
out(list(equations = list(equation(m, "posemot"), equation(y, "govact")),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = (B(m, "negemot") + B(m, "negemot:age") * w) * b)),
         index_of_moderated_mediation = list(list(index = B(m, "negemot:age") * b)),
         johnson_neyman = list(jn(m, "negemot", "negemot:age", glb$age))), "model7")

## model 8 on the simulated data: W on X -> M and X -> Y
ws <- pct(sim$W)
m <- fit_lm(M1 ~ X + W + X:W, sim)
y <- fit_lm(Y ~ X + M1 + W + X:W, sim)
b <- B(y, "M1")
out(list(equations = list(equation(m, "M1"), equation(y, "Y")),
         direct_effects = lapply(ws, function(w) lincom(y, list(X = 1, "X:W" = w), list(w = w))),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = (B(m, "X") + B(m, "X:W") * w) * b)),
         index_of_moderated_mediation = list(list(index = B(m, "X:W") * b))), "model8")

## model 14 on glbwarm: W (age) on M -> Y
ws <- pct(glb$age)
m <- fit_lm(posemot ~ negemot, glb)
y <- fit_lm(govact ~ negemot + posemot + age + posemot:age, glb)
a <- B(m, "negemot")
out(list(equations = list(equation(m, "posemot"), equation(y, "govact")),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = a * (B(y, "posemot") + B(y, "posemot:age") * w))),
         index_of_moderated_mediation = list(list(index = a * B(y, "posemot:age")))), "model14")

## model 58 on glbwarm: W on X -> M and M -> Y (no index: the effect is quadratic in W)
m <- fit_lm(posemot ~ negemot + age + negemot:age, glb)
y <- fit_lm(govact ~ negemot + posemot + age + posemot:age, glb)
out(list(equations = list(equation(m, "posemot"), equation(y, "govact")),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = (B(m, "negemot") + B(m, "negemot:age") * w) *
                                                          (B(y, "posemot") + B(y, "posemot:age") * w)))), "model58")

## model 59 on the simulated data: W on every path
ws <- pct(sim$W)
m <- fit_lm(M1 ~ X + W + X:W, sim)
y <- fit_lm(Y ~ X + M1 + W + X:W + M1:W, sim)
out(list(equations = list(equation(m, "M1"), equation(y, "Y")),
         direct_effects = lapply(ws, function(w) lincom(y, list(X = 1, "X:W" = w), list(w = w))),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = (B(m, "X") + B(m, "X:W") * w) *
                                                          (B(y, "M1") + B(y, "M1:W") * w)))), "model59")

## model 21 on the simulated data: W on X -> M, Z on M -> Y; indices of conditional moderated
## mediation (by W at each Z, by Z at each W) and of moderated moderated mediation
ws <- pct(sim$W); zs <- pct(sim$Z)
m <- fit_lm(M1 ~ X + W + X:W, sim)
y <- fit_lm(Y ~ X + M1 + Z + M1:Z, sim)
a <- function(w) B(m, "X") + B(m, "X:W") * w
b <- function(z) B(y, "M1") + B(y, "M1:Z") * z
grid <- expand.grid(z = zs, w = ws)[, c("w", "z")]
out(list(equations = list(equation(m, "M1"), equation(y, "Y")),
         indirect_effects = lapply(seq_len(nrow(grid)), function(i)
           list(w = grid$w[i], z = grid$z[i], effect = a(grid$w[i]) * b(grid$z[i]))),
         conditional_moderated_mediation = c(lapply(zs, function(z) list(z = z, index = B(m, "X:W") * b(z))),
                                             lapply(ws, function(w) list(w = w, index = a(w) * B(y, "M1:Z")))),
         moderated_moderated_mediation = list(list(index = B(m, "X:W") * B(y, "M1:Z")))), "model21")

## model 92 on the simulated data: two mediators in series, W on every path
ws <- pct(sim$W)
m1 <- fit_lm(M1 ~ X + W + X:W, sim)
m2 <- fit_lm(M2 ~ X + M1 + W + X:W + M1:W, sim)
y <- fit_lm(Y ~ X + M1 + M2 + W + X:W + M1:W + M2:W, sim)
s <- function(fit, a, w) B(fit, a) + B(fit, paste0(a, ":W")) * w
out(list(equations = list(equation(m1, "M1"), equation(m2, "M2"), equation(y, "Y")),
         direct_effects = lapply(ws, function(w) lincom(y, list(X = 1, "X:W" = w), list(w = w))),
         indirect_effects = c(lapply(ws, function(w) list(w = w, effect = s(m1, "X", w) * s(y, "M1", w))),
                              lapply(ws, function(w) list(w = w, effect = s(m1, "X", w) * s(m2, "M1", w) * s(y, "M2", w))),
                              lapply(ws, function(w) list(w = w, effect = s(m2, "X", w) * s(y, "M2", w))))), "model92")

## a dichotomous Y (buy: 1 or 2, coded 0 and 1) in model 14: logistic Y equation, OLS mediator
lsim$buy01 <- lsim$buy - 1
ws <- pct(lsim$W)
m <- fit_lm(M1 ~ X, lsim)
y <- fit_glm(buy01 ~ X + M1 + W + M1:W, lsim)
eqy <- equation(y, "buy")
out(list(y_model = "logistic", y_coding = list(coded_0 = 1, coded_1 = 2),
         equations = list(equation(m, "M1"), eqy),
         direct_effects = list(lincom(y, list(X = 1))),
         indirect_effects = lapply(ws, function(w) list(w = w, effect = B(m, "X") * (B(y, "M1") + B(y, "M1:W") * w))),
         index_of_moderated_mediation = list(list(index = B(m, "X") * B(y, "M1:W")))), "logistic14")

## model 1 with the protest conditions as X in sequential coding (mcx=2): each condition against
## the one before it, at the percentiles of sexism
C <- matrix(c(0, 1, 1, 0, 0, 1), 3, 2)
pro$protest_D1 <- C[pro$protest + 1, 1]; pro$protest_D2 <- C[pro$protest + 1, 2]
ws <- pct(pro$sexism)
y <- fit_lm(liking ~ protest_D1 + protest_D2 + sexism + protest_D1:sexism + protest_D2:sexism, pro)
out(list(coding_x = lapply(1:3, function(l) list(level = as.character(l - 1), protest_D1 = C[l, 1], protest_D2 = C[l, 2])),
         equations = list(equation(y, "liking")),
         direct_effects = unlist(lapply(ws, function(w) lapply(1:2, function(j) {
           l <- list(1, w); names(l) <- paste0("protest_D", j, c("", ":sexism"))
           lincom(y, l, list(x_column = paste0("protest_D", j), w = w))
         })), recursive = FALSE)), "mcx-sequential")

## within-subject mediation (MEMORE): Y and the mediators in scenario 3 (condition 1) and
## scenario 1 (condition 2); complete cases on the six scale scores
d <- read.csv("data/wave-within.csv")
sc <- function(prefix, rev = integer(0)) {
  x <- d[grep(paste0("^", prefix, "_[0-9]+$"), names(d))]
  x[rev] <- 8 - x[rev]
  rowMeans(x)
}
s <- na.omit(data.frame(y1 = sc("pwom_s3"), y2 = sc("pwom_s1"), sat1 = sc("sat_s3", 2), sat2 = sc("sat_s1", 2),
                        neg1 = sc("neg_s3"), neg2 = sc("neg_s1")))
ttest <- function(x) { t <- t.test(x); list(effect = unname(t$estimate), se = unname(t$stderr),
  t = unname(t$statistic), df = unname(t$parameter), p = t$p.value, llci = t$conf.int[1], ulci = t$conf.int[2]) }
yd <- s$y1 - s$y2; md <- cbind(s$sat1 - s$sat2, s$neg1 - s$neg2)
ma <- cbind((s$sat1 + s$sat2) / 2, (s$neg1 + s$neg2) / 2); ma <- sweep(ma, 2, colMeans(ma))
r <- lm(yd ~ md[, 1] + md[, 2] + ma[, 1] + ma[, 2])
rc <- summary(r)$coefficients; rci <- confint(r)
row <- function(i) list(effect = rc[i, 1], se = rc[i, 2], t = rc[i, 3], df = r$df.residual, p = rc[i, 4],
                        llci = rci[i, 1], ulci = rci[i, 2])
a <- c(mean(md[, 1]), mean(md[, 2])); bb <- rc[2:3, 1]
out(list(total_effect = ttest(yd), direct_effect = row(1), a_paths = list(ttest(md[, 1]), ttest(md[, 2])),
         b_paths = list(row(2), row(3)), d_paths = list(row(4), row(5)),
         indirect_effects = list(eff(a[1] * bb[1]), eff(a[2] * bb[2])), total_indirect_effect = eff(sum(a * bb))),
    "memore")

## within-subject moderation (MEMORE model 2): the difference regressed on involvement, the
## condition effect at its percentiles and the Johnson-Neyman points; complete cases on the three
s <- na.omit(data.frame(y1 = sc("pwom_s3"), y2 = sc("pwom_s1"), w = sc("inv", 4)))
r <- lm(I(y1 - y2) ~ w, s)
ws <- pct(s$w)
pts <- jn(r, "(Intercept)", "w", s$w)$points
at <- function(w) { l <- lincom(r, list("(Intercept)" = 1, w = w)); c(list(w = w), l[c("effect", "se", "t")],
  list(df = r$df.residual), l[c("p", "llci", "ulci")]) }
out(list(coefficients = list(list(b = B(r, "(Intercept)")), list(b = B(r, "w"))),
         conditional_effects = lapply(ws, at), johnson_neyman = lapply(pts, function(p) at(p$value))),
    "memore-moderation")
