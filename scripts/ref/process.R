# Reference values for the PROCESS engine (models/process_*.h): tests/fixtures/models/process.json,
# and the simulated data it uses, tests/fixtures/models/process_sim.csv.
#
# Every model PROCESS v4 numbers is written out as R formulas in scripts/ref/process_models.R, by
# hand, independently of the C template table. Each equation is fitted with lm.
# The slope of an antecedent A in a fitted equation at moderator values pt is the difference of two
# model.matrix rows (A = 1 and A = 0, every other variable at pt) times the coefficients, so every
# indirect effect is a product of fitted coefficients with no effect formula written by hand; its
# indices of moderated mediation are differences of indirect effects at moderator values 0 and 1
# (exact when the effect is linear in that moderator, which is checked with a second difference).
# Run from the repository root: Rscript scripts/ref/process.R
suppressMessages(library(jsonlite))
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, null = "null"), f)
## simulated data: continuous X, W, Z, four mediators, Y, covariates C1 (continuous), C2 (0/1)
set.seed(20250117)
n <- 300
r4 <- function(x) round(x, 4)
X <- r4(rnorm(n)); W <- r4(runif(n, 1, 7)); Z <- r4(rnorm(n, 2, 1)); C1 <- r4(rnorm(n)); C2 <- rbinom(n, 1, .4)
M1 <- r4(0.5 * X + 0.2 * W + 0.15 * X * W + 0.1 * Z + 0.2 * C1 + rnorm(n))
M2 <- r4(0.4 * X + 0.3 * M1 + 0.1 * W - 0.1 * X * Z + rnorm(n))
M3 <- r4(0.3 * X + 0.2 * M1 + 0.25 * M2 + 0.1 * Z + rnorm(n))
M4 <- r4(0.2 * X + 0.3 * M3 + 0.1 * M1 + rnorm(n))
Y <- r4(0.3 * X + 0.4 * M1 + 0.3 * M2 + 0.2 * M3 + 0.2 * M4 + 0.1 * M1 * W - 0.05 * M2 * Z + 0.1 * X * W +
        0.2 * C1 - 0.3 * C2 + rnorm(n))
write.csv(data.frame(X, W, Z, M1, M2, M3, M4, Y, C1, C2), "tests/fixtures/models/process_sim.csv", row.names = FALSE)
sim <- read.csv("tests/fixtures/models/process_sim.csv")
glb <- read.csv("tests/fixtures/reference/glbwarm.csv")

source("scripts/ref/process_models.R")

## PROCESS's codings of a multicategorical variable with L levels (mcx/mcw 1-4), written out from
## Hayes & Montoya (2017, Table 1): the contrast matrices R fits these models with
codes_of <- function(L, sys) {
  C <- matrix(0, L, L - 1)
  for (j in seq_len(L - 1)) {
    if (sys == 1) C[j + 1, j] <- 1
    if (sys == 2) C[(j + 1):L, j] <- 1
    if (sys == 3) { C[j, j] <- -(L - j) / (L - j + 1); C[(j + 1):L, j] <- 1 / (L - j + 1) }
    if (sys == 4) { C[j + 1, j] <- 1; C[1, j] <- -1 }
  }
  C
}

## Johnson-Neyman analysis of antecedent columns acols in fit over moderator v (the other
## variables at p), v's observed range rg: for one column the roots of the quadratic in v where
## t = t* (Johnson & Neyman 1936, as in scripts/ref/moderation.R), for several (a multicategorical
## X) the values where the omnibus F crosses F*, found by a scan and uniroot; the shares of the
## moderator's values xv below and above each, the band at 21 values over their range and each
## region's significance at its midpoint.
jn_of <- function(fit, acols, v, p, xv) {
  rg <- range(xv); b <- coef(fit); V <- vcov(fit); df <- fit$df.residual
  pv <- function(x) { q <- p; q[[v]] <- x; q }
  Ls <- function(x) do.call(rbind, lapply(acols, function(ac) slope(fit, ac, pv(x))$l))
  values <- seq(rg[1], rg[2], length.out = 21)
  if (length(acols) == 1) {
    tc <- qt(.975, df); l0 <- Ls(0); l1 <- Ls(1) - l0; A <- sum(l0 * b); B <- sum(l1 * b)
    qa <- tc^2 * as.numeric(l1 %*% V %*% t(l1)) - B^2
    qb <- 2 * (tc^2 * as.numeric(l0 %*% V %*% t(l1)) - A * B); qc <- tc^2 * as.numeric(l0 %*% V %*% t(l0)) - A^2
    disc <- qb^2 - 4 * qa * qc
    roots <- if (disc < 0) numeric(0) else sort(c((-qb - sqrt(disc)) / (2 * qa), (-qb + sqrt(disc)) / (2 * qa)))
    points <- roots[roots >= rg[1] & roots <= rg[2]]
    sig <- function(x) { s <- slope(fit, acols, pv(x)); abs(s$est / s$se) >= tc }
    band <- lapply(values, function(x) slope(fit, acols, pv(x)))
    est <- sapply(band, `[[`, "est"); se <- sapply(band, `[[`, "se")
    res <- list(est = I(est), se = I(se), llci = I(est - tc * se), ulci = I(est + tc * se))
  } else {
    Fw <- function(x) { L <- Ls(x); th <- L %*% b; as.numeric(t(th) %*% solve(L %*% V %*% t(L)) %*% th) / nrow(L) }
    fc <- qf(.95, length(acols), df)
    ws <- seq(rg[1], rg[2], length.out = 4001); fv <- sapply(ws, Fw) - fc
    points <- sapply(which(diff(sign(fv)) != 0), function(i)
      uniroot(function(x) Fw(x) - fc, c(ws[i], ws[i + 1]), tol = 1e-13)$root)
    sig <- function(x) Fw(x) >= fc
    res <- list(F = I(sapply(values, Fw)))
  }
  cuts <- c(rg[1], points, rg[2])
  c(list(lo = rg[1], hi = rg[2], points = I(points), values = I(values),
         below = I(sapply(points, function(x) 100 * mean(xv < x))),
         above = I(sapply(points, function(x) 100 * mean(xv > x))),
         sig = I(sapply(seq_len(length(cuts) - 1), function(i) sig((cuts[i] + cuts[i + 1]) / 2)))), res)
}

## One reference case: model spec m on data d (generic names X, W, Z, M1.., Y, covariates). mc
## gives PROCESS's mcx/mcw coding (1-4) of a multicategorical X or W: its levels enter as code
## columns X1.. (W1..); the equations reported are lm fits of the factor with that contrast matrix.
run_case <- function(m, d, vars, data_file, cov = character(0), cov_in = NULL, center = character(0),
                     center_kind = 0, mc = list(X = 0, W = 0), jn = list()) {
  eq <- m$eq; k <- length(eq) - 1; mnames <- paste0("M", seq_len(k))
  for (v in center) d[[v]] <- d[[v]] - mean(d[[v]])
  cols <- list(X = "X", W = "W", Z = "Z"); lev <- list(); dfac <- d
  for (v in c("X", "W")) if (mc[[v]] > 0) {
    lv <- sort(unique(d[[v]])); C <- codes_of(length(lv), mc[[v]]); lev[[v]] <- list(levels = lv, C = C)
    cols[[v]] <- paste0(v, seq_len(ncol(C)))
    for (j in seq_len(ncol(C))) d[[cols[[v]][j]]] <- C[match(d[[v]], lv), j]
    dfac[[v]] <- factor(d[[v]], levels = lv); contrasts(dfac[[v]]) <- C
  }
  sub <- function(s) { for (v in names(lev))
    s <- gsub(paste0("\\b", v, "\\b"), paste0("(", paste(cols[[v]], collapse = " + "), ")"), s, perl = TRUE); s }
  cov_for <- function(j) if (is.null(cov_in)) cov else cov[cov_in[, j] == 1]
  rhs <- function(s, j) paste(c(s, cov_for(j)), collapse = " + ")
  fit_all <- function(dd, f) lapply(seq_len(k + 1), function(j)
    lm(as.formula(paste(names(eq)[j], "~", rhs(f(eq[[j]]), j))), data = dd))
  fits <- setNames(fit_all(d, sub), names(eq))
  ffac <- fit_all(dfac, identity)
  eqs <- lapply(seq_len(k + 1), function(j) eq_json(ffac[[j]], names(eq)[j]))
  allv <- unique(unlist(lapply(eq, function(s) all.vars(as.formula(paste("y ~", s))))))
  mods <- intersect(c("W", "Z"), allv)
  if (m$number == 74) mods <- c("X", mnames)
  probes <- lapply(setNames(mods, mods), function(v) I(if (is.null(lev[[v]])) probe(d[[v]]) else
    seq_along(lev[[v]]$levels) - 1))
  grid <- if (length(mods)) as.matrix(expand.grid(rev(probes)))[, mods, drop = FALSE] else matrix(0, 1, 0)
  allcols <- unique(c(unlist(cols), mnames, cov))
  base <- setNames(as.list(rep(0, length(allcols))), allcols)
  design <- function(v, value) if (is.null(lev[[v]])) setNames(list(value), v) else
    setNames(as.list(lev[[v]]$C[value + 1, ]), cols[[v]])
  at <- function(vals) { p <- base; for (v in names(vals)) p[names(design(v, vals[[v]]))] <- design(v, vals[[v]]); p }
  put <- function(p, v, c, value) { for (cc in cols[[v]]) p[[cc]] <- 0; p[[cols[[v]][c]]] <- value; p }
  xcols <- seq_along(cols$X)
  total <- NULL
  if (m$number %in% unmoderated) {
    tf <- lm(as.formula(paste("Y ~", rhs(sub("X"), k + 1))), data = d)
    eqs[[k + 2]] <- eq_json(lm(as.formula(paste("Y ~", rhs("X", k + 1))), data = dfac), "Y", TRUE)
    tt <- lapply(xcols, function(c) slope(tf, cols$X[c], base))
    total <- list(est = I(sapply(tt, `[[`, "est")), se = I(sapply(tt, `[[`, "se")))
  }
  ps <- paths_of(eq, k)
  ind <- function(path, pt, xc) {
    e <- slope(fits[[paste0("M", path[1])]], cols$X[xc], pt)$est
    if (length(path) > 1) for (i in 2:length(path))
      e <- e * slope(fits[[paste0("M", path[i])]], paste0("M", path[i - 1]), pt)$est
    e * slope(fits[["Y"]], paste0("M", path[length(path)]), pt)$est
  }
  row_vals <- function(r) as.list(grid[r, , drop = TRUE])
  rows <- seq_len(nrow(grid))
  mv <- intersect(c("W", "Z", "X"), mods)
  paths <- lapply(ps, function(path) {
    f <- function(p, xc) ind(path, p, xc)
    ones <- base; for (v in mv) for (cc in cols[[v]]) ones[[cc]] <- 1
    linear_at <- function(o, v, c) {
      v0 <- f(put(o, v, c, 0), 1); v1 <- f(put(o, v, c, 1), 1); v2 <- f(put(o, v, c, 2), 1)
      abs(v2 - 2 * v1 + v0) < 1e-9 * (abs(v0) + abs(v1) + abs(v2) + 1e-12)
    }
    lin <- sapply(mv, function(v) all(sapply(seq_along(cols[[v]]), function(c)
      linear_at(base, v, c) && linear_at(ones, v, c))))
    index <- list()
    for (v in mv) for (c in seq_along(cols[[v]])) for (xc in xcols)
      index[[length(index) + 1]] <- list(var = v, vcol = c - 1, xcol = xc - 1, values = I(sapply(rows, function(r) {
        p <- at(row_vals(r)); f(put(p, v, c, 1), xc) - f(put(p, v, c, 0), xc) })))
    mmm <- list()
    if (all(c("W", "Z") %in% mv)) for (wc in seq_along(cols$W)) for (xc in xcols) {
      g <- function(a, b) f(put(put(base, "W", wc, a), "Z", 1, b), xc)
      mmm[[length(mmm) + 1]] <- list(xcol = xc - 1, wcol = wc - 1, value = g(1, 1) - g(1, 0) - g(0, 1) + g(0, 0))
    }
    list(name = paste(c("X", paste0("M", path), "Y"), collapse = "->"),
         ind = lapply(xcols, function(xc) I(sapply(rows, function(r) ind(path, at(row_vals(r)), xc)))),
         linear = as.list(lin), index = index, mmm = mmm)
  })
  direct <- lapply(xcols, function(xc) lapply(rows, function(r) slope(fits[["Y"]], cols$X[xc], at(row_vals(r)))))
  omnibus <- if (length(xcols) > 1) I(sapply(rows, function(r) {
    L <- do.call(rbind, lapply(xcols, function(xc) direct[[xc]][[r]]$l)); th <- L %*% coef(fits[["Y"]])
    as.numeric(t(th) %*% solve(L %*% vcov(fits[["Y"]]) %*% t(L)) %*% th) / length(xcols) })) else NULL
  jn <- lapply(jn, function(s) c(s, jn_of(fits[[s$eq]], if (s$a == "X") cols$X else s$a, s$var, at(s$at),
                                           d[[s$var]])))
  list(model = m$number, k = k, data = data_file, vars = vars, cov = I(cov), cov_in = cov_in, center = center_kind,
       mcx = mc$X, mcw = mc$W, mods = I(mods), probes = probes, jn = jn,
       grid = unname(lapply(rows, function(r) I(unname(grid[r, ])))),
       equations = eqs, total = total, paths = paths,
       direct = list(est = lapply(direct, function(dx) I(sapply(dx, `[[`, "est"))),
                     se = lapply(direct, function(dx) I(sapply(dx, `[[`, "se")))),
       omnibus = omnibus, sd_x = sd(d$X), sd_y = sd(d$Y),
       ymeans = if (mc$X > 0) I(unname(tapply(d$Y, d$X, mean))) else NULL)
}

sim_vars <- list(X = "X", W = "W", Z = "Z", M1 = "M1", M2 = "M2", M3 = "M3", M4 = "M4", Y = "Y")
cases <- lapply(models, function(m)
  run_case(m, sim, sim_vars, "models/process_sim.csv", cov = c("C1", "C2")))

## Hayes's glbwarm data: the models the issue names, with his variables
gv <- function(...) { v <- list(...); d <- as.data.frame(lapply(v, function(s) glb[[s]])); names(d) <- names(v); d }
find_model <- function(number, k) Filter(function(m) m$number == number && length(m$eq) - 1 == k, models)[[1]]
glb_case <- function(number, k, v, cov, ...) {
  d <- cbind(do.call(gv, v), setNames(glb[cov], cov))
  run_case(find_model(number, k), d, v, "reference/glbwarm.csv", cov = cov, ...)
}
mvars <- list(X = "ideology", W = "age", Z = "sex", M1 = "negemot", Y = "govact")
J <- function(eq, a, var, at = setNames(list(), character(0))) list(eq = eq, a = a, var = var, at = at)
cases <- c(cases, list(
  ## Johnson-Neyman: model 1 with one boundary inside the range, the a path of 7, the b path of 14,
  ## X -> Y over Z at each value of a dichotomous W (model 2), model 74's paths over X and over M1
  glb_case(1, 0, list(X = "age", W = "posemot", Y = "govact"), character(0), jn = list(J("Y", "X", "W"))),
  glb_case(7, 1, mvars[c("X", "W", "M1", "Y")], "sex", jn = list(J("M1", "X", "W"))),
  glb_case(14, 1, mvars[c("X", "W", "M1", "Y")], "sex", jn = list(J("Y", "M1", "W"))),
  glb_case(2, 0, list(X = "negemot", W = "sex", Z = "age", Y = "govact"), c("posemot", "ideology"),
           jn = list(J("Y", "X", "Z", list(W = 0)), J("Y", "X", "Z", list(W = 1)))),
  glb_case(74, 2, list(X = "ideology", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex",
           jn = list(J("Y", "M1", "X"), J("Y", "X", "M1", list(M2 = 3))))))
cases <- c(cases, list(
  glb_case(1, 0, list(X = "negemot", W = "age", Y = "govact"), c("posemot", "ideology", "sex")),
  glb_case(2, 0, list(X = "negemot", W = "sex", Z = "age", Y = "govact"), c("posemot", "ideology")),
  glb_case(3, 0, list(X = "negemot", W = "sex", Z = "age", Y = "govact"), c("posemot", "ideology")),
  glb_case(4, 2, list(X = "ideology", M1 = "negemot", M2 = "posemot", Y = "govact"), c("age", "sex")),
  glb_case(6, 2, list(X = "ideology", M1 = "negemot", M2 = "posemot", Y = "govact"), c("age", "sex")),
  glb_case(7, 1, mvars[c("X", "W", "M1", "Y")], "sex"),
  glb_case(14, 1, mvars[c("X", "W", "M1", "Y")], "sex"),
  glb_case(15, 2, list(X = "ideology", W = "age", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex"),
  glb_case(21, 2, list(X = "ideology", W = "age", Z = "sex", M1 = "negemot", M2 = "posemot", Y = "govact"),
           character(0)),
  glb_case(58, 1, mvars[c("X", "W", "M1", "Y")], "sex"),
  glb_case(59, 2, list(X = "ideology", W = "age", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex"),
  glb_case(74, 2, list(X = "ideology", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex"),
  glb_case(83, 2, list(X = "ideology", W = "age", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex"),
  glb_case(92, 2, list(X = "ideology", W = "age", M1 = "negemot", M2 = "posemot", Y = "govact"), "sex"),
  ## centring: PROCESS center=1 (every continuous variable in a product) and center=2 (not sex)
  glb_case(1, 0, list(X = "negemot", W = "age", Y = "govact"), c("posemot", "ideology", "sex"),
           center = c("X", "W"), center_kind = 1),
  glb_case(2, 0, list(X = "negemot", W = "sex", Z = "age", Y = "govact"), c("posemot", "ideology"),
           center = c("X", "Z"), center_kind = 2),
  glb_case(58, 1, mvars[c("X", "W", "M1", "Y")], "sex", center = c("X", "W", "M1"), center_kind = 1),
  ## covariates in chosen equations: age in M1 and Y, sex only in M2 (rows: covariates; columns: M1, M2, Y)
  glb_case(4, 2, list(X = "ideology", M1 = "negemot", M2 = "posemot", Y = "govact"), c("age", "sex"),
           cov_in = matrix(c(1, 0, 1, 0, 1, 0), nrow = 2, byrow = TRUE))))

## Hayes's protest data with the three protest conditions as a multicategorical X (or W), each of
## PROCESS's codings; the equations are lm fits of factor(protest) with that contrast matrix
pro <- read.csv("tests/fixtures/reference/protest.csv")
pro_case <- function(number, k, v, mc, ...) {
  d <- as.data.frame(lapply(v, function(s) pro[[s]])); names(d) <- names(v)
  run_case(find_model(number, k), d, v, "reference/protest.csv", mc = mc, ...)
}
xv <- list(X = "protest", W = "sexism", M1 = "respappr", Y = "liking")
wv <- list(X = "sexism", W = "protest", M1 = "respappr", Y = "liking")
for (sys in 1:4) cases <- c(cases, list(
  pro_case(1, 0, xv[c("X", "W", "Y")], list(X = sys, W = 0), jn = list(J("Y", "X", "W"))),
  pro_case(4, 1, xv[c("X", "M1", "Y")], list(X = sys, W = 0))))
cases <- c(cases, list(
  pro_case(7, 1, xv, list(X = 2, W = 0), jn = list(J("M1", "X", "W"))), pro_case(7, 1, xv, list(X = 3, W = 0)),
  pro_case(1, 0, wv[c("X", "W", "Y")], list(X = 0, W = 2)), pro_case(7, 1, wv, list(X = 0, W = 3)),
  pro_case(14, 1, wv, list(X = 0, W = 4)),
  pro_case(2, 0, list(X = "respappr", W = "protest", Z = "sexism", Y = "liking"), list(X = 0, W = 1)),
  pro_case(11, 1, list(X = "angry", W = "protest", Z = "sexism", M1 = "respappr", Y = "liking"), list(X = 0, W = 2))))

## Bootstrap reference: R's own case resampling (B = 20000, lm.fit on each equation's model
## matrix) of quantities written out by hand from the equations, on glbwarm (X = ideology,
## W = age, M = negemot, M2 = posemot, Y = govact): model 58's conditional indirect effects at the
## percentiles of age; model 7's with its index of moderated mediation; model 6's three indirect
## effects, total indirect effect, contrast of the first two and completely standardised first.
## Percentile intervals from quantile(), bias-corrected ones from Efron's z0 (Hayes 2022, App. A).
B <- 20000
boot_ci <- function(v, est) {
  z0 <- qnorm(mean(v < est))
  list(est = est, se = sd(v), llci = unname(quantile(v, .025)), ulci = unname(quantile(v, .975)),
       bc_llci = unname(quantile(v, pnorm(2 * z0 + qnorm(.025)))),
       bc_ulci = unname(quantile(v, pnorm(2 * z0 + qnorm(.975)))))
}
boot_ref <- function(d, eqs, stat, seed) {
  mm <- lapply(eqs, function(f) model.matrix(as.formula(f), d))
  ys <- lapply(eqs, function(f) d[[all.vars(as.formula(f))[1]]])
  coefs <- function(i) lapply(seq_along(eqs), function(e) {
    b <- lm.fit(mm[[e]][i, , drop = FALSE], ys[[e]][i])$coefficients; names(b) <- colnames(mm[[e]]); b })
  est <- stat(coefs(seq_len(nrow(d))), d)
  set.seed(seed)
  bt <- t(replicate(B, { i <- sample.int(nrow(d), replace = TRUE); stat(coefs(i), d[i, ]) }))
  lapply(seq_along(est), function(j) boot_ci(bt[, j], est[j]))
}
gd <- data.frame(X = glb$ideology, W = glb$age, M1 = glb$negemot, M2 = glb$posemot, Y = glb$govact, sex = glb$sex,
                 age = glb$age)
wq <- pct(gd$W)
boot <- list(
  B = B, w = I(wq),
  model58 = boot_ref(gd, c("M1 ~ X*W + sex", "Y ~ X + M1*W + sex"), function(b, d)
    (b[[1]]["X"] + b[[1]]["X:W"] * wq) * (b[[2]]["M1"] + b[[2]]["M1:W"] * wq), 58001),
  model7 = boot_ref(gd, c("M1 ~ X*W + sex", "Y ~ X + M1 + sex"), function(b, d)
    c((b[[1]]["X"] + b[[1]]["X:W"] * wq) * b[[2]]["M1"], b[[1]]["X:W"] * b[[2]]["M1"]), 7001),
  model6 = boot_ref(gd, c("M1 ~ X + age + sex", "M2 ~ X + M1 + age + sex", "Y ~ X + M1 + M2 + age + sex"),
    function(b, d) {
      i1 <- b[[1]]["X"] * b[[3]]["M1"]; i2 <- b[[1]]["X"] * b[[2]]["M1"] * b[[3]]["M2"]; i3 <- b[[2]]["X"] * b[[3]]["M2"]
      c(i1, i2, i3, i1 + i2 + i3, i1 - i2, i1 * sd(d$X) / sd(d$Y))
    }, 6001))

out(list(cases = cases, boot = boot), "tests/fixtures/models/process.json")
cat(length(cases), "cases\n")
