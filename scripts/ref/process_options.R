# Reference values for `surveykit process --wmodval/--zmodval/--cmatrix` (tests/cli/cases/process.sh):
# the expected documents tests/cli/expected/process-modval-*.json and process-cmatrix-*.json
# (tests/tools/jsoncmp, 1e-9 relative).
# Each equation is a separate R lm with the terms in PROCESS's order; the conditional effects are
# l'b with SE sqrt(l'Vl) on the residual df (vcov of lm), evaluated at the moderator values given on
# the command line instead of PROCESS's percentiles (PROCESS's wmodval/zmodval). With --center the
# given values are in the data's metric and the model's are centred, so the probe value printed
# (and used here) is the given value minus the sample mean. --cmatrix (PROCESS's cmatrix: one row
# per consequent M1..Mk, Y, one column per covariate) puts each covariate only in the equations
# its column marks; the total-effect model takes the Y equation's covariates; indirect effects
# are the products of the a and b coefficients of those separate fits.
# Data: Hayes's glbwarm (tests/fixtures/reference/) and the engine's simulated data
# (tests/fixtures/models/process_sim.csv).
# Run from the repository root: Rscript scripts/ref/process_options.R
suppressMessages(library(jsonlite))
options(warn = 2)
out <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE),
                                    file.path("tests/cli/expected", paste0("process-", name, ".json")))
glb <- read.csv("tests/fixtures/reference/glbwarm.csv")
sim <- read.csv("tests/fixtures/models/process_sim.csv")
equation <- function(fit, outcome) {
  cf <- summary(fit)$coefficients; ci <- confint(fit)
  list(outcome = outcome, r2 = summary(fit)$r.squared, coefficients = lapply(seq_len(nrow(cf)), function(i)
    list(term = rownames(cf)[i], b = cf[i, 1], se = cf[i, 2], t = cf[i, 3], p = cf[i, 4], llci = ci[i, 1],
         ulci = ci[i, 2])))
}
fit_lm <- function(f, d) lm(terms(f, keep.order = TRUE), data = d)
B <- function(fit, name) unname(coef(fit)[name])
lincom <- function(fit, l, extra = list()) {
  b <- coef(fit); w <- setNames(numeric(length(b)), names(b)); w[names(l)] <- unlist(l)
  est <- sum(w * b); se <- sqrt(as.numeric(t(w) %*% vcov(fit) %*% w))
  df <- fit$df.residual; crit <- qt(.975, df); t <- est / se
  c(extra, list(effect = est, se = se, t = t, p = 2 * pt(-abs(t), df), llci = est - crit * se, ulci = est + crit * se))
}

## model 1 on glbwarm, X and W mean-centred, W probed at ages 30, 50.5 and 70
d <- glb; d$negemot <- d$negemot - mean(d$negemot); d$age <- d$age - mean(d$age)
ws <- c(30, 50.5, 70) - mean(glb$age)
y <- fit_lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, d)
out(list(direct_effects = lapply(ws, function(w) lincom(y, list(negemot = 1, "negemot:age" = w), list(w = w)))),
    "modval-model1")

## model 3 on the simulated data, W at 2 and 6, Z at 1, 2 and 3.5
ws <- c(2, 6); zs <- c(1, 2, 3.5)
y <- fit_lm(Y ~ X + W + X:W + Z + X:Z + W:Z + X:W:Z, sim)
grid <- expand.grid(z = zs, w = ws)[, c("w", "z")]
out(list(equations = list(list(conditional_interactions = lapply(zs, function(z)
           lincom(y, list("X:W" = 1, "X:W:Z" = z), list(interaction = "X:W", z = z))))),
         direct_effects = lapply(seq_len(nrow(grid)), function(i) { w <- grid$w[i]; z <- grid$z[i]
           lincom(y, list(X = 1, "X:W" = w, "X:Z" = z, "X:W:Z" = w * z), list(w = w, z = z)) })), "modval-model3")

## model 7 on glbwarm: the indirect effect of negemot through posemot at ages 25, 45 and 65
ws <- c(25, 45, 65)
m <- fit_lm(posemot ~ negemot + age + negemot:age + ideology, glb)
y <- fit_lm(govact ~ negemot + posemot + ideology, glb)
out(list(indirect_effects = lapply(ws, function(w) list(w = w, effect = (B(m, "negemot") + B(m, "negemot:age") * w) *
                                                           B(y, "posemot")))), "modval-model7")

## model 4 on glbwarm with --cmatrix 1,0,1,1,0,1: negemot on ideology and age, posemot on ideology,
## age and sex, govact on ideology, both mediators and sex; the total-effect model govact on
## ideology and sex
m1 <- fit_lm(negemot ~ ideology + age, glb)
m2 <- fit_lm(posemot ~ ideology + age + sex, glb)
y <- fit_lm(govact ~ ideology + negemot + posemot + sex, glb)
tot <- fit_lm(govact ~ ideology + sex, glb)
ind <- c(B(m1, "ideology") * B(y, "negemot"), B(m2, "ideology") * B(y, "posemot"))
out(list(equations = list(equation(m1, "negemot"), equation(m2, "posemot"), equation(y, "govact"),
                          equation(tot, "govact")),
         total_effect = list(lincom(tot, list(ideology = 1))), direct_effects = list(lincom(y, list(ideology = 1))),
         indirect_effects = lapply(ind, function(e) list(effect = e))), "cmatrix-model4")
