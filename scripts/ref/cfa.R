# Reference values for the CFA engine (models/cfa_*.h; tests/unit/test_cfa*.c), computed with
# R 4.2, lavaan 0.6.14 and semTools 0.5.6.
#   Rscript scripts/ref/cfa.R [hs] [bfi] [wave]       (run from the repository root; about 7 min)
# Writes tests/fixtures/hs1939.csv (lavaan's HolzingerSwineford1939, school coded 1 = Pasteur,
# 2 = Grant-White in lavaan's group order) and tests/fixtures/cfa/*.json, one file per data set.
#
# Every fit is lavaan's default for its estimator (cfa(): first loading fixed to 1, ML with N in
# the likelihood, expected information for complete data, observed for missing = "ml") and is
# then polished by Newton steps on lavaan's own objective, gradient and Hessian until the largest
# gradient element is below 1e-12: lavaan's nlminb stops at a relative change of 1e-10 in the
# objective, which leaves estimates up to 2e-5 (relative) from the optimum on bfi with FIML, more
# than the 1e-5 the tests check. The EM estimate of the saturated model (missing = "ml") is run
# to em.h1.tol = 1e-12 for the same reason. RMSEA confidence limits are stored both as lavaan
# reports them (uniroot at its default tolerance, 1.2e-4 on the noncentrality) and solved to
# 1e-13 ("exact"), which the tests use.
suppressMessages({ library(lavaan); library(semTools); library(jsonlite) })
options(warn = 1)
dir.create("tests/fixtures/cfa", showWarnings = FALSE)
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = FALSE, na = "null"),
                                 file.path("tests/fixtures/cfa", f))

# ---- data ----------------------------------------------------------------------------------
hs <- HolzingerSwineford1939
hs$school <- ifelse(hs$school == "Pasteur", 1L, 2L)  # lavaan's group order: first seen first
write.csv(hs[c("id", "sex", "ageyr", "agemo", "school", "grade", paste0("x", 1:9))],
          "tests/fixtures/hs1939.csv", row.names = FALSE, na = "", quote = FALSE)
hs <- read.csv("tests/fixtures/hs1939.csv")
bfi <- read.csv("tests/fixtures/bfi.csv")
bfi_rev <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
bfi[bfi_rev] <- 7 - bfi[bfi_rev]
wave <- read.csv("data/wave-between.csv")
wave_rev <- c("inv_4", "tru_3", "sat_2")
wave[wave_rev] <- 8 - wave[wave_rev]

hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
# the syntax features of the reader: a freed first loading with a fixed factor variance, labels
# for equality, a residual covariance, a fixed loading
hs_syntax <- "visual =~ NA*x1 + x2 + x3
visual ~~ 1*visual
textual =~ x4 + a*x5 + a*x6
speed =~ x7 + x8 + x9 + 0*x1
x7 ~~ x8"
bfi_model <- "agree =~ A1 + A2 + A3 + A4 + A5
conscientious =~ C1 + C2 + C3 + C4 + C5
extraversion =~ E1 + E2 + E3 + E4 + E5
neuroticism =~ N1 + N2 + N3 + N4 + N5
openness =~ O1 + O2 + O3 + O4 + O5"
wave_model <- "involvement =~ inv_1 + inv_2 + inv_3 + inv_4 + inv_5
trust =~ tru_1 + tru_2 + tru_3 + tru_4 + tru_5
satisfaction =~ sat_1 + sat_2 + sat_3 + sat_4 + sat_5
negemo =~ neg_1 + neg_2 + neg_3 + neg_4
pwom =~ pwom_1 + pwom_2 + pwom_3 + pwom_4"

# ---- a fit polished to the optimum ---------------------------------------------------------
# Newton steps x - H^-1 g on lavaan's objective; with equality constraints (group.equal, labels)
# the step solves the KKT system [H J'; J 0] so that J x stays at its value.
polish <- function(fit, refit, steps = 6) {
  for (s in seq_len(steps)) {
    M <- fit@Model
    x <- lavaan:::lav_model_get_parameters(M)
    g <- lavaan:::lav_model_gradient(lavmodel = M, lavsamplestats = fit@SampleStats,
                                     lavdata = fit@Data, lavcache = fit@Cache)
    H <- lavaan:::lav_model_hessian(lavmodel = M, lavsamplestats = fit@SampleStats,
                                    lavdata = fit@Data, lavoptions = fit@Options, lavcache = fit@Cache)
    J <- M@ceq.JAC
    if (nrow(J) > 0) {
      K <- rbind(cbind(H, t(J)), cbind(J, matrix(0, nrow(J), nrow(J))))
      step <- solve(K, c(g, rep(0, nrow(J))))[seq_along(x)]
      g <- g - t(J) %*% qr.coef(qr(t(J)), g)   # the gradient within the constraints
    } else {
      step <- solve(H, g)
    }
    if (max(abs(g)) < 1e-12) break
    pt <- parTable(fit)
    pt$est[pt$free > 0] <- (x - step)[pt$free[pt$free > 0]]
    fit <- refit(pt)
  }
  fit
}

# lavaan's RMSEA interval solved to 1e-13 (lav_fit_rmsea_ci with a tight uniroot)
rmsea_ci <- function(X2, df, N, G = 1, c.hat = 1, level = 0.90) {
  up <- 1 - (1 - level) / 2; lo <- (1 - level) / 2
  f_lo <- function(l) pchisq(X2, df = df, ncp = l) - up
  f_up <- function(l) pchisq(X2, df = df, ncp = l) - lo
  lower <- if (df < 1 || f_lo(0) < 0) 0 else
    sqrt(c.hat * uniroot(f_lo, c(0, X2), tol = 1e-13)$root / (N * df)) * sqrt(G)
  NR <- max(N, X2 * 4)
  upper <- if (df < 1 || f_up(NR) > 0 || f_up(0) < 0) 0 else
    sqrt(c.hat * uniroot(f_up, c(0, NR), tol = 1e-13)$root / (N * df)) * sqrt(G)
  c(lower, upper)
}

exact_ci <- function(fit, fm) {
  N <- lavInspect(fit, "ntotal"); G <- lavInspect(fit, "ngroups")
  r <- list(standard = rmsea_ci(fm[["chisq"]], fm[["df"]], N, G))
  if (!is.na(fm["chisq.scaled"])) {
    tests <- lavInspect(fit, "test")
    c <- tests[[2]]$scaling.factor
    r$scaled <- rmsea_ci(fm[["chisq"]], c * fm[["df"]], N, G)
    r$robust <- rmsea_ci(fm[["chisq"]] / c, fm[["df"]], N, G, c.hat = c)
  }
  if (lavInspect(fit, "options")$missing == "ml") {
    # the FIML-corrected robust interval (lavaan's lav_fit_fiml_corrected, V3 when scaled)
    fc <- lavaan:::lav_fit_fiml_corrected(fit, version = if (is.na(fm["chisq.scaled"])) "V6" else "V3")
    r$robust <- rmsea_ci(fc$XX3.scaled, fc$df3, N, G, c.hat = fc$c.hat3)
  }
  r
}

# everything the engine reports about one fit
describe_fit <- function(fit, mi = FALSE, validity = FALSE, brief = FALSE) {
  fm <- fitMeasures(fit)
  pe <- parameterEstimates(fit, remove.nonfree = FALSE)
  ss <- standardizedSolution(fit)
  key <- function(d) paste(d$lhs, d$op, d$rhs, if (is.null(d$group)) 1 else d$group)
  ss <- ss[match(key(pe), key(ss)), ]
  rows <- lapply(seq_len(nrow(pe)), function(i) list(
    lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i],
    group = if (is.null(pe$group)) 1 else pe$group[i], label = pe$label[i],
    est = pe$est[i], se = pe$se[i], z = pe$z[i], p = pe$pvalue[i],
    lo = pe$ci.lower[i], hi = pe$ci.upper[i],
    std = ss$est.std[i], std_se = ss$se[i], std_z = ss$z[i], std_p = ss$pvalue[i],
    std_lo = ss$ci.lower[i], std_hi = ss$ci.upper[i]))
  ng <- lavInspect(fit, "ngroups")
  per_group <- function(x) if (ng == 1) list(x) else unname(x)
  r2 <- per_group(lavInspect(fit, "rsquare"))
  res <- per_group(lavResiduals(fit, type = "cor.bollen", se = FALSE, summary = FALSE))
  if (ng == 1) res <- list(res[[1]])
  samp <- per_group(lavInspect(fit, "sampstat"))
  tests <- lavInspect(fit, "test")
  r <- list(
    ntotal = lavInspect(fit, "ntotal"), nobs = as.list(lavInspect(fit, "nobs")),
    npar = fm[["npar"]], fmin = fm[["fmin"]],
    fit = as.list(fm), rmsea_exact = exact_ci(fit, fm),
    chisq_group = as.list(tests[[1]]$stat.group),
    pe = rows,
    r2 = lapply(r2, function(x) as.list(x)),
    resid_cor = lapply(res, function(x) unname(x$cov)),
    resid_mean = lapply(res, function(x) if (is.null(x$mean)) NULL else unname(x$mean)),
    sample_cov = lapply(samp, function(x) unname(x$cov)),
    sample_mean = lapply(samp, function(x) if (is.null(x$mean)) NULL else unname(x$mean)),
    ov = lavNames(fit, "ov"), lv = lavNames(fit, "lv"),
    group_label = as.list(lavInspect(fit, "group.label")))
  if (brief) r$resid_cor <- r$resid_mean <- r$sample_cov <- r$sample_mean <- NULL
  if (length(tests) > 1) {
    r$scaled <- list(test = tests[[2]]$test, stat = tests[[2]]$stat,
                     scaling = tests[[2]]$scaling.factor, trace = tests[[2]]$trace.UGamma)
  }
  if (mi) {
    m <- modindices(fit)
    m <- m[m$op == "=~" | (m$op == "~~" & m$lhs %in% r$ov & m$rhs %in% r$ov), ]
    r$mi <- lapply(seq_len(nrow(m)), function(i) list(
      lhs = m$lhs[i], op = m$op[i], rhs = m$rhs[i], group = if (is.null(m$group)) 1 else m$group[i],
      mi = m$mi[i], epc = m$epc[i], sepc_all = m$sepc.all[i]))
  }
  if (validity) {
    l <- ss[ss$op == "=~", ]
    fl <- lapply(r$lv, function(f) {
      x <- l$est.std[l$lhs == f]
      list(cr = sum(x)^2 / (sum(x)^2 + sum(1 - x^2)), ave = mean(x^2))
    })
    names(fl) <- r$lv
    r$validity <- list(omega = as.list(compRelSEM(fit)), ave = as.list(AVE(fit)), fl = fl)
  }
  r
}

fit_cfa <- function(model, data, ...) {
  f <- function(...) cfa(model, data, em.h1.tol = 1e-12, em.h1.iter.max = 100000L, ...)
  polish(f(...), function(pt) f(..., start = pt, optim.method = "none", optim.force.converged = TRUE))
}

# lavTestLRT of a restricted model fits[[1]] against fits[[2]]; with scaled tests its method is
# "satorra.bentler.2001", whose scaling factor lavTestLRT does not print (taken from lavaan's own
# function)
lrt <- function(fits) {
  t <- lavTestLRT(fits[[1]], fits[[2]])
  r <- list(chisq_diff = t[["Chisq diff"]][2], df_diff = t[["Df diff"]][2], p = t[["Pr(>Chisq)"]][2])
  if (length(lavInspect(fits[[1]], "test")) > 1)
    r$scaling <- lavaan:::lav_test_diff_SatorraBentler2001(fits[[2]], fits[[1]])$scaling.factor
  r
}

invariance <- function(model, data, group, ..., partial = NULL) {
  # groups in the order of their codes (lavaan's default is the order first seen)
  labels <- as.character(sort(unique(data[[group]])))
  steps <- list(configural = "", metric = "loadings",
                scalar = c("loadings", "intercepts"), strict = c("loadings", "intercepts", "residuals"))
  fits <- lapply(steps, function(eq) fit_cfa(model, data, group = group, group.label = labels,
                                             group.equal = eq, ...))
  if (!is.null(partial))
    fits$partial <- fit_cfa(model, data, group = group, group.label = labels,
                            group.equal = c("loadings", "intercepts"), group.partial = partial, ...)
  d <- lapply(fits, describe_fit, brief = TRUE)
  tests <- list(metric = lrt(fits[c("metric", "configural")]), scalar = lrt(fits[c("scalar", "metric")]),
                strict = lrt(fits[c("strict", "scalar")]))
  if (!is.null(partial)) tests$partial <- lrt(fits[c("partial", "metric")])
  list(fits = d, tests = tests)
}

# ---- the cases (all, or those named on the command line: hs bfi wave) ------------------------
which <- commandArgs(trailingOnly = TRUE)
if (!length(which)) which <- c("hs", "bfi", "wave")
if ("hs" %in% which) out(list(
  ml = describe_fit(fit_cfa(hs_model, hs), mi = TRUE, validity = TRUE),
  mlm = describe_fit(fit_cfa(hs_model, hs, estimator = "MLM"), mi = TRUE),
  mlr = describe_fit(fit_cfa(hs_model, hs, estimator = "MLR")),
  syntax = describe_fit(fit_cfa(hs_syntax, hs), mi = TRUE),
  invariance_ml = invariance(hs_model, hs, "school", partial = c("x3~1", "x7~1")),
  invariance_mlm = invariance(hs_model, hs, "school", estimator = "MLM", partial = c("x3~1", "x7~1")),
  configural_mi = describe_fit(fit_cfa(hs_model, hs, group = "school"), mi = TRUE)
), "hs1939.json")

if ("bfi" %in% which) out(list(
  ml = describe_fit(fit_cfa(bfi_model, bfi), mi = TRUE, validity = TRUE),
  fiml = describe_fit(fit_cfa(bfi_model, bfi, missing = "ml"), mi = TRUE, validity = TRUE),
  fiml_mlr = describe_fit(fit_cfa(bfi_model, bfi, missing = "ml", estimator = "MLR")),
  mlr = describe_fit(fit_cfa(bfi_model, bfi, estimator = "MLR"))
), "bfi.json")

if ("wave" %in% which) out(list(
  ml = describe_fit(fit_cfa(wave_model, wave), mi = TRUE, validity = TRUE),
  fiml = describe_fit(fit_cfa(wave_model, wave, missing = "ml")),
  invariance_ml = invariance(wave_model, wave, "scenario", partial = c("sat_1~1")),
  invariance_mlr = invariance(wave_model, wave, "scenario", estimator = "MLR")
), "wave_between.json")
