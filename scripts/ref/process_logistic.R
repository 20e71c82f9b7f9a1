# Reference values for the PROCESS engine with a dichotomous Y (models/process_logit.h):
# tests/fixtures/models/process_logit.json, and the simulated data it uses,
# tests/fixtures/models/process_logit_sim.csv.
#
# Every model PROCESS v4 numbers but 74 (which PROCESS refuses with a dichotomous Y), with the
# equations of scripts/ref/process_models.R: the mediators' by lm, Y's by glm(family = binomial)
# iterated to convergence (epsilon 1e-14) and refitted once from its own estimates, so that its
# covariance is the inverse information at the estimates (as scripts/ref/logistic.R explains).
# Y is recorded as 1 ("would not buy again") and 2 ("would buy again"): PROCESS codes the higher
# value 1. Reported per model: Y's coefficients, SEs, z, p, Wald CIs and odds ratios, -2LL, the
# model's likelihood-ratio chi-square, McFadden, Cox-Snell and Nagelkerke R2 as PROCESS defines
# them (Hayes 2022, Appendix A), the likelihood-ratio test of each highest-order interaction set
# of Y's equation (glm refitted without it, anova), the conditional direct effect of X at every
# grid point of the moderators' probe values with its z test, and every indirect effect there as
# the product of the fitted slopes (the difference of two model.matrix rows times the
# coefficients, as in scripts/ref/process.R). Johnson-Neyman boundaries of paths in Y's equation
# with z* = qnorm(.975). A bootstrap of glm.fit on every resample (B = 10000; a resample whose fit
# does not converge or separates is drawn again) for models 4, 7 and 58.
# Run from the repository root: Rscript scripts/ref/process_logistic.R
suppressMessages(library(jsonlite))
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, null = "null"), f)
source("scripts/ref/process_models.R")

## simulated data: continuous X, W, Z, four mediators, covariates C1 (continuous), C2 (0/1), and
## "buy" (1 or 2) from a logistic model with interactions
set.seed(20250217)
n <- 400
r4 <- function(x) round(x, 4)
X <- r4(rnorm(n)); W <- r4(runif(n, 1, 7)); Z <- r4(rnorm(n, 2, 1)); C1 <- r4(rnorm(n)); C2 <- rbinom(n, 1, .4)
M1 <- r4(0.5 * X + 0.2 * W + 0.15 * X * W + 0.1 * Z + 0.2 * C1 + rnorm(n))
M2 <- r4(0.4 * X + 0.3 * M1 + 0.1 * W - 0.1 * X * Z + rnorm(n))
M3 <- r4(0.3 * X + 0.2 * M1 + 0.25 * M2 + 0.1 * Z + rnorm(n))
M4 <- r4(0.2 * X + 0.3 * M3 + 0.1 * M1 + rnorm(n))
eta <- -0.4 + 0.3 * X + 0.5 * M1 + 0.3 * M2 + 0.2 * M3 + 0.1 * M4 + 0.15 * M1 * (W - 4) - 0.1 * M2 * (Z - 2) +
  0.1 * X * (W - 4) + 0.3 * C1 - 0.4 * C2
buy <- 1 + rbinom(n, 1, plogis(eta))
## and three recovery scenarios S (1, 2, 3) for a multicategorical X
S <- sample(1:3, n, replace = TRUE)
write.csv(data.frame(X, W, Z, M1, M2, M3, M4, buy, C1, C2, S), "tests/fixtures/models/process_logit_sim.csv",
          row.names = FALSE)
sim <- read.csv("tests/fixtures/models/process_logit_sim.csv")
sim$Y <- as.numeric(sim$buy == max(sim$buy))

ctl <- glm.control(epsilon = 1e-14, maxit = 100)
logit <- function(formula, data) {
  f <- glm(formula, family = binomial, data = data, control = ctl)
  stopifnot(f$converged)
  update(f, start = coef(f))
}
## Y's equation as PROCESS reports it
glm_json <- function(f) {
  V <- vcov(f); b <- coef(f); se <- sqrt(diag(V)); z <- qnorm(.975); n <- nrow(model.matrix(f))
  dev <- deviance(f); dev0 <- f$null.deviance; chi <- dev0 - dev; cs <- 1 - exp(-chi / n)
  list(outcome = "Y", terms = canon(names(b)), b = unname(b), se = unname(se), z = unname(b / se),
       p = unname(2 * pnorm(-abs(b / se))), llci = unname(b - z * se), ulci = unname(b + z * se),
       or = unname(exp(b)), or_llci = unname(exp(b - z * se)), or_ulci = unname(exp(b + z * se)),
       dev = dev, dev_null = dev0, chi2 = chi, df = length(b) - 1,
       p_chi2 = pchisq(chi, length(b) - 1, lower.tail = FALSE), mcfadden = chi / dev0, cox_snell = cs,
       nagelkerke = cs / (1 - exp(-dev0 / n)))
}
## PROCESS's highest-order interaction sets of an equation: for each antecedent A (X, M1, ...), A:W
## and A:Z when there is no A:W:Z, both together when A has both, A:W:Z when there is one
hoi_sets <- function(labels) {
  has <- function(a, ...) { v <- c(a, ...)
    any(sapply(strsplit(labels, ":"), function(f) length(f) == length(v) && setequal(f, v))) }
  sets <- list()
  for (a in c("X", paste0("M", 1:6))) {
    if (has(a, "W", "Z")) { sets[[length(sets) + 1]] <- list(a = a, terms = I(canon(paste(a, "W:Z", sep = ":")))); next }
    if (has(a, "W")) sets[[length(sets) + 1]] <- list(a = a, terms = I(canon(paste(a, "W", sep = ":"))))
    if (has(a, "Z")) sets[[length(sets) + 1]] <- list(a = a, terms = I(canon(paste(a, "Z", sep = ":"))))
    if (has(a, "W") && has(a, "Z"))
      sets[[length(sets) + 1]] <- list(a = a, terms = I(canon(paste(a, c("W", "Z"), sep = ":"))))
  }
  sets
}
## the likelihood-ratio test of dropping a set: glm refitted without those columns
lr_test <- function(f, data, set) {
  mm <- model.matrix(f); keep <- !(canon(colnames(mm)) %in% set$terms)
  r <- glm.fit(mm[, keep, drop = FALSE], f$y, family = binomial(), control = ctl)
  stopifnot(r$converged)
  chi <- r$deviance - deviance(f); df <- sum(!keep)
  c(set, list(chi2 = chi, df = df, p = pchisq(chi, df, lower.tail = FALSE)))
}

run_case <- function(m, d, cov = c("C1", "C2")) {
  eq <- m$eq; k <- length(eq) - 1; mnames <- paste0("M", seq_len(k))
  rhs <- function(s) paste(c(s, cov), collapse = " + ")
  fits <- lapply(seq_len(k + 1), function(j) {
    f <- as.formula(paste(names(eq)[j], "~", rhs(eq[[j]])))
    if (j <= k) lm(f, data = d) else logit(f, d)
  })
  names(fits) <- names(eq)
  fy <- fits[["Y"]]
  allv <- unique(unlist(lapply(eq, function(s) all.vars(as.formula(paste("y ~", s))))))
  mods <- intersect(c("W", "Z"), allv)
  probes <- lapply(setNames(mods, mods), function(v) I(probe(d[[v]])))
  grid <- if (length(mods)) as.matrix(expand.grid(rev(probes)))[, mods, drop = FALSE] else matrix(0, 1, 0)
  base <- setNames(as.list(rep(0, length(c("X", mnames, "W", "Z", cov)))), c("X", mnames, "W", "Z", cov))
  at <- function(r) { p <- base; for (v in mods) p[[v]] <- grid[r, v]; p }
  rows <- seq_len(nrow(grid)); zc <- qnorm(.975)
  ind <- function(path, pt) {
    e <- slope(fits[[paste0("M", path[1])]], "X", pt)$est
    if (length(path) > 1) for (i in 2:length(path))
      e <- e * slope(fits[[paste0("M", path[i])]], paste0("M", path[i - 1]), pt)$est
    e * slope(fy, paste0("M", path[length(path)]), pt)$est
  }
  paths <- lapply(paths_of(eq, k), function(path)
    list(name = paste(c("X", paste0("M", path), "Y"), collapse = "->"),
         ind = I(sapply(rows, function(r) ind(path, at(r))))))
  direct <- lapply(rows, function(r) slope(fy, "X", at(r)))
  est <- sapply(direct, `[[`, "est"); se <- sapply(direct, `[[`, "se")
  list(model = m$number, k = k, data = "models/process_logit_sim.csv",
       vars = list(X = "X", W = "W", Z = "Z", M1 = "M1", M2 = "M2", M3 = "M3", M4 = "M4", Y = "buy"), cov = I(cov),
       center = 0, mcx = 0, mcw = 0, logistic = TRUE, y_values = I(sort(unique(d$buy))),
       mods = I(mods), probes = probes, grid = unname(lapply(rows, function(r) I(unname(grid[r, ])))),
       equations = c(lapply(seq_len(k), function(j) eq_json(fits[[j]], names(eq)[j])), list(glm_json(fy))),
       lr = lapply(hoi_sets(attr(terms(fy), "term.labels")), function(s) lr_test(fy, d, s)),
       paths = paths,
       direct = list(est = I(est), se = I(se), z = I(est / se), p = I(2 * pnorm(-abs(est / se))),
                     llci = I(est - zc * se), ulci = I(est + zc * se)))
}
cases <- lapply(Filter(function(m) m$number != 74, models), run_case, d = sim)

## A multicategorical X (the scenarios S in PROCESS's indicator coding, mcx = 1: X1 = [S = 2],
## X2 = [S = 3]): model 4's equations, relative direct effects with z tests, relative indirect
## effects a_j b and the omnibus likelihood-ratio test of X in Y's equation (glm refitted without
## X1 and X2); model 1's Wald chi-square of X's two columns at each probe value of W (PROCESS's
## "test of equality of conditional logits").
mc <- sim; mc$X1 <- as.numeric(mc$S == 2); mc$X2 <- as.numeric(mc$S == 3)
wald <- function(fit, L) {
  th <- L %*% coef(fit); chi <- as.numeric(t(th) %*% solve(L %*% vcov(fit) %*% t(L)) %*% th)
  list(chi2 = chi, df = nrow(L), p = pchisq(chi, nrow(L), lower.tail = FALSE))
}
mcase <- function(number, k, fits) c(list(model = number, k = k, data = "models/process_logit_sim.csv",
  vars = list(X = "S", W = "W", M1 = "M1", Y = "buy"), cov = I(c("C1", "C2")), center = 0, mcx = 1, mcw = 0,
  logistic = TRUE), fits)
m4m <- lm(M1 ~ X1 + X2 + C1 + C2, mc); m4y <- logit(Y ~ X1 + X2 + M1 + C1 + C2, mc)
red <- glm.fit(model.matrix(m4y)[, -(2:3)], m4y$y, family = binomial(), control = ctl)
b4 <- coef(m4y); se4 <- sqrt(diag(vcov(m4y)))[2:3]
m1y <- logit(Y ~ (X1 + X2) * W + C1 + C2, mc)
L1 <- function(w) { L <- matrix(0, 2, length(coef(m1y)), dimnames = list(NULL, names(coef(m1y))))
  L[1, c("X1", "X1:W")] <- c(1, w); L[2, c("X2", "X2:W")] <- c(1, w); L }
mcx <- list(
  mcase(4, 1, list(equations = list(eq_json(m4m, "M1"), glm_json(m4y)),
                   direct = list(est = I(unname(b4[2:3])), se = I(unname(se4)), z = I(unname(b4[2:3] / se4)),
                                 p = I(unname(2 * pnorm(-abs(b4[2:3] / se4))))),
                   ind = I(unname(coef(m4m)[2:3] * b4["M1"])),
                   omnibus_lr = list(chi2 = red$deviance - deviance(m4y), df = 2,
                                     p = pchisq(red$deviance - deviance(m4y), 2, lower.tail = FALSE)),
                   omnibus_wald = wald(m4y, diag(length(b4))[2:3, ]))),
  mcase(1, 0, list(equations = list(glm_json(m1y)), w = I(pct(mc$W)),
                   wald = lapply(pct(mc$W), function(w) wald(m1y, L1(w))))))

## Johnson-Neyman on paths of Y's equation with z* (PROCESS with a dichotomous Y): the boundaries
## where z = z*, the shares of the moderator's values below and above each, the band at 21 values
jn_z <- function(fit, a, v, p, xv) {
  rg <- range(xv); b <- coef(fit); V <- vcov(fit); zc <- qnorm(.975)
  pv <- function(x) { q <- p; q[[v]] <- x; q }
  l0 <- slope(fit, a, pv(0))$l; l1 <- slope(fit, a, pv(1))$l - l0; A <- sum(l0 * b); B <- sum(l1 * b)
  qa <- zc^2 * as.numeric(l1 %*% V %*% t(l1)) - B^2
  qb <- 2 * (zc^2 * as.numeric(l0 %*% V %*% t(l1)) - A * B); qc <- zc^2 * as.numeric(l0 %*% V %*% t(l0)) - A^2
  disc <- qb^2 - 4 * qa * qc
  roots <- if (disc < 0) numeric(0) else sort(c((-qb - sqrt(disc)) / (2 * qa), (-qb + sqrt(disc)) / (2 * qa)))
  points <- roots[roots >= rg[1] & roots <= rg[2]]
  values <- seq(rg[1], rg[2], length.out = 21)
  band <- lapply(values, function(x) slope(fit, a, pv(x)))
  est <- sapply(band, `[[`, "est"); se <- sapply(band, `[[`, "se")
  list(lo = rg[1], hi = rg[2], crit = zc, points = I(points), values = I(values),
       below = I(sapply(points, function(x) 100 * mean(xv < x))),
       above = I(sapply(points, function(x) 100 * mean(xv > x))),
       est = I(est), se = I(se), p = I(2 * pnorm(-abs(est / se))), llci = I(est - zc * se), ulci = I(est + zc * se))
}
find_model <- function(number, k) Filter(function(m) m$number == number && length(m$eq) - 1 == k, models)[[1]]
yfit <- function(number, k) {
  m <- find_model(number, k)
  logit(as.formula(paste("Y ~", paste(c(m$eq$Y, "C1", "C2"), collapse = " + "))), sim)
}
zero <- list(X = 0, W = 0, Z = 0, M1 = 0, M2 = 0, M3 = 0, M4 = 0, C1 = 0, C2 = 0)
jn <- list(
  c(list(model = 1, k = 0, eq = "Y", a = "X", var = "W", at = setNames(list(), character(0))),
    jn_z(yfit(1, 0), "X", "W", zero, sim$W)),
  c(list(model = 14, k = 1, eq = "Y", a = "M1", var = "W", at = setNames(list(), character(0))),
    jn_z(yfit(14, 1), "M1", "W", zero, sim$W)),
  c(list(model = 2, k = 0, eq = "Y", a = "X", var = "Z", at = list(W = 3)),
    jn_z(yfit(2, 0), "X", "Z", modifyList(zero, list(W = 3)), sim$Z)))

## Bootstrap reference: glm.fit on every resample of the model matrices (B = 10000), started from
## the full-sample estimates; model 4's indirect effect a b, model 7's conditional indirect effects
## at the percentiles of W and its index of moderated mediation a3 b, model 58's conditional
## indirect effects (a1 + a3 w)(b1 + b3 w). Percentile and bias-corrected intervals as in
## scripts/ref/process.R.
B <- 10000
boot_ci <- function(v, est) {
  z0 <- qnorm(mean(v < est))
  list(est = est, se = sd(v), llci = unname(quantile(v, .025)), ulci = unname(quantile(v, .975)),
       bc_llci = unname(quantile(v, pnorm(2 * z0 + qnorm(.025)))),
       bc_ulci = unname(quantile(v, pnorm(2 * z0 + qnorm(.975)))))
}
boot_ref <- function(d, eqs, stat, seed) {
  mm <- lapply(eqs, function(f) model.matrix(as.formula(f), d))
  ys <- lapply(eqs, function(f) d[[all.vars(as.formula(f))[1]]])
  last <- length(eqs)
  full <- lapply(seq_along(eqs), function(e) if (e < last) lm.fit(mm[[e]], ys[[e]])$coefficients else
    glm.fit(mm[[e]], ys[[e]], family = binomial(), control = ctl)$coefficients)
  coefs <- function(i) {
    bs <- lapply(seq_along(eqs), function(e) {
      if (e < last) return(lm.fit(mm[[e]][i, , drop = FALSE], ys[[e]][i])$coefficients)
      g <- suppressWarnings(glm.fit(mm[[e]][i, , drop = FALSE], ys[[e]][i], family = binomial(),
                                    start = full[[e]], control = glm.control(epsilon = 1e-10, maxit = 100)))
      if (!g$converged || any(g$fitted.values < 1e-10 | g$fitted.values > 1 - 1e-10)) return(NULL)
      g$coefficients
    })
    if (any(sapply(bs, function(b) is.null(b) || any(is.na(b))))) return(NULL)
    lapply(seq_along(eqs), function(e) setNames(bs[[e]], colnames(mm[[e]])))
  }
  est <- stat(lapply(seq_along(eqs), function(e) setNames(full[[e]], colnames(mm[[e]]))))
  set.seed(seed)
  redrawn <- 0
  bt <- replicate(B, {
    repeat { b <- coefs(sample.int(nrow(d), replace = TRUE)); if (!is.null(b)) break; redrawn <<- redrawn + 1 }
    stat(b)
  })
  bt <- if (is.matrix(bt)) t(bt) else matrix(bt, ncol = 1)
  list(redrawn = redrawn, stats = lapply(seq_along(est), function(j) boot_ci(bt[, j], est[j])))
}
wq <- pct(sim$W)
boot <- list(
  B = B, w = I(wq),
  model4 = boot_ref(sim, c("M1 ~ X + C1 + C2", "Y ~ X + M1 + C1 + C2"),
                    function(b) b[[1]]["X"] * b[[2]]["M1"], 4001),
  model7 = boot_ref(sim, c("M1 ~ X*W + C1 + C2", "Y ~ X + M1 + C1 + C2"), function(b)
    c((b[[1]]["X"] + b[[1]]["X:W"] * wq) * b[[2]]["M1"], b[[1]]["X:W"] * b[[2]]["M1"]), 7001),
  model58 = boot_ref(sim, c("M1 ~ X*W + C1 + C2", "Y ~ X + M1*W + C1 + C2"), function(b)
    (b[[1]]["X"] + b[[1]]["X:W"] * wq) * (b[[2]]["M1"] + b[[2]]["M1:W"] * wq), 58001))

out(list(cases = cases, mcx = mcx, jn = jn, boot = boot), "tests/fixtures/models/process_logit.json")
cat(length(cases), "cases;", sapply(jn, function(j) length(j$points)), "JN points;",
    sapply(boot[c("model4", "model7", "model58")], `[[`, "redrawn"), "resamples redrawn\n")
