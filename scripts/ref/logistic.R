# Reference values for models/logistic: tests/fixtures/models/logistic.json, with the data it was
# computed on (tests/fixtures/models/logistic_mtcars.csv, logistic_birthwt.csv).
# R's glm(family = binomial) iterated to convergence (epsilon 1e-14 instead of glm's 1e-8), then
# refitted once from its own estimates (`start`): summary.glm takes the covariance from the last
# weighted least-squares step, whose weights come from the iterate before the last one, so without
# the refit its SEs differ from those at the estimates by about 1e-7 (mtcars). After the refit they
# are the inverse information at the maximum-likelihood estimates, (X' W X)^-1 with
# W = diag(mu (1 - mu)), as the stopifnot below checks. Fit statistics as PROCESS 4 prints them for a binary Y (Hayes
# 2022, Appendix A): -2LL, ModelLL = -2LL(intercept only) - -2LL, McFadden = ModelLL / -2LL0,
# Cox-Snell = 1 - exp(-ModelLL / n), Nagelkerke = Cox-Snell / (1 - exp(-(-2LL0) / n)).
# Run from the repository root: Rscript scripts/ref/logistic.R
suppressMessages({ library(jsonlite); library(MASS) })
options(warn = 2)
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
fit <- function(formula, data) {
  f <- glm(formula, family = binomial, data = data, control = ctl)
  update(f, start = coef(f))
}

summ <- function(f, lr_terms = NULL) {
  X <- model.matrix(f); mu <- fitted(f); n <- nrow(X)
  V <- solve(crossprod(X * sqrt(mu * (1 - mu))))
  stopifnot(f$converged, isTRUE(all.equal(V, vcov(f), tolerance = 1e-12, check.attributes = FALSE)))
  V <- vcov(f)
  b <- unname(coef(f)); se <- sqrt(diag(V)); z <- qnorm(0.975)
  dev <- deviance(f); dev0 <- f$null.deviance; chi <- dev0 - dev
  cs <- 1 - exp(-chi / n)
  list(n = n, terms = colnames(X), b = b, se = se, z = b / se, p = 2 * pnorm(-abs(b / se)),
       llci = b - z * se, ulci = b + z * se, or = exp(b), or_llci = exp(b - z * se), or_ulci = exp(b + z * se),
       cov = unname(V), dev = dev, dev_null = dev0, chi2 = chi, df = ncol(X) - 1,
       p_chi2 = pchisq(chi, ncol(X) - 1, lower.tail = FALSE), mcfadden = chi / dev0, cox_snell = cs,
       nagelkerke = cs / (1 - exp(-dev0 / n)))
}

## mtcars: transmission (am: 1 manual) on weight and horsepower
data(mtcars)
write.csv(mtcars[c("am", "wt", "hp")], "tests/fixtures/models/logistic_mtcars.csv", row.names = FALSE, quote = FALSE)
f1 <- fit(am ~ wt + hp, mtcars)

## MASS::birthwt: low birth weight on smoking moderated by the mother's weight, age as covariate
## (PROCESS model 1 with a binary Y: X = smoke, W = lwt)
data(birthwt)
bw <- birthwt[c("low", "smoke", "lwt", "age")]
write.csv(bw, "tests/fixtures/models/logistic_birthwt.csv", row.names = FALSE, quote = FALSE)
f2 <- fit(low ~ smoke + lwt + smoke:lwt + age, bw)
f2r <- fit(low ~ smoke + lwt + age, bw)
lr <- anova(f2r, f2, test = "Chisq")
# conditional effects of smoke on the log-odds at lwt = 16th, 50th, 84th percentiles (PROCESS)
w <- quantile(bw$lwt, c(.16, .5, .84), type = 6, names = FALSE)
V2 <- vcov(f2)
cond <- lapply(w, function(v) {
  L <- setNames(numeric(length(coef(f2))), names(coef(f2)))
  L["smoke"] <- 1; L["smoke:lwt"] <- v
  est <- sum(L * coef(f2)); se <- sqrt(drop(t(L) %*% V2 %*% L))
  list(w = v, L = unname(L), est = est, se = se, z = est / se, p = 2 * pnorm(-abs(est / se)),
       llci = est - qnorm(.975) * se, ulci = est + qnorm(.975) * se)
})
# the same model with 90% Wald intervals
ci90 <- list(llci = unname(coef(f2) - qnorm(.95) * sqrt(diag(V2))), ulci = unname(coef(f2) + qnorm(.95) * sqrt(diag(V2))))

out(list(mtcars = summ(f1),
         birthwt = c(summ(f2), list(ci90 = ci90, reduced = summ(f2r),
                                    interaction_lr = list(chi2 = lr$Deviance[2], df = lr$Df[2], p = lr$`Pr(>Chi)`[2]),
                                    conditional = cond))),
    "tests/fixtures/models/logistic.json")
