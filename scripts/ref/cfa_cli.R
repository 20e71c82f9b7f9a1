# Expected output of `surveykit cfa` (tests/cli/cases/cfa.sh; tests/cli/expected/cfa_*.json),
# computed with R 4.2, lavaan 0.6.14, semTools 0.5.6 and psych, in the command's JSON keys.
#   Rscript scripts/ref/cfa_cli.R          (run from the repository root; about 3 min)
#
# The fits are those of scripts/ref/cfa.R (its functions are read from it, its cases are not
# run): lavaan's cfa() defaults for each estimator, polished by Newton steps to the optimum, and
# RMSEA intervals solved to 1e-13. What each key is in lavaan's terms:
#   fit: fitMeasures() (sabic = bic2; *_p_close = rmsea.pvalue*); loadings, factor_variances,
#   factor_correlations, residual_variances: parameterEstimates() and standardizedSolution()
#   (std = est.std, std_se = its se; cor = est.std of a factor covariance, with its CI); r2 =
#   lavInspect(fit, "r2"); validity: CR and AVE from the std.all loadings, msv the largest
#   squared latent correlation, omega = semTools::compRelSEM(), ave_semtools = semTools::AVE();
#   htmt: semTools::htmt() with htmt2 = FALSE and TRUE; common_method: eigen(cor(x))$values[1] / p,
#   psych::fa(x, 1, fm = "pa", rotate = "none")'s Proportion Var and the single-factor cfa()
#   against the model (lavTestLRT); modification_indices: modindices(sort. = TRUE), the first 10;
#   residual_correlations: lavResiduals(type = "cor.bollen") above .10; invariance: cfa() with
#   group.equal = loadings, + intercepts, + residuals (group.partial as --free) and lavTestLRT
#   between steps; latent_means: the scalar step's factor means (~1) of the groups after the first.
suppressMessages({ library(lavaan); library(semTools); library(psych); library(jsonlite) })
options(warn = 1)

# the functions (and model strings) of scripts/ref/cfa.R, without running its cases
for (e in parse("scripts/ref/cfa.R")) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) &&
      ((is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) || is.character(e[[3]])))
    eval(e, globalenv())
}
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"),
                                 file.path("tests/cli/expected", f))

hs <- read.csv("tests/fixtures/hs1939.csv")
bfi <- read.csv("tests/fixtures/bfi.csv")
bfi_rev <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
bfi[bfi_rev] <- 7 - bfi[bfi_rev]
wave <- read.csv("data/wave-between.csv")
wave_rev <- c("inv_4", "tru_3", "sat_2")
wave[wave_rev] <- 8 - wave[wave_rev]

num <- function(x) if (is.null(x) || length(x) == 0 || is.na(x)) NA else unname(x)

fit_section <- function(fit) {
  fm <- fitMeasures(fit)
  ci <- exact_ci(fit, fm)
  r <- list(chisq = fm[["chisq"]], df = fm[["df"]], p = fm[["pvalue"]], cfi = fm[["cfi"]], tli = fm[["tli"]],
            rmsea = fm[["rmsea"]], rmsea_lo = ci$standard[1], rmsea_hi = ci$standard[2],
            rmsea_p_close = fm[["rmsea.pvalue"]], srmr = fm[["srmr"]], aic = fm[["aic"]], bic = fm[["bic"]],
            sabic = fm[["bic2"]], logl = fm[["logl"]], baseline_chisq = fm[["baseline.chisq"]],
            baseline_df = fm[["baseline.df"]])
  if (!is.na(fm["chisq.scaled"])) {
    r <- c(r, list(chisq_scaled = fm[["chisq.scaled"]], df_scaled = fm[["df.scaled"]], p_scaled = fm[["pvalue.scaled"]],
                   scaling_factor = fm[["chisq.scaling.factor"]], cfi_scaled = fm[["cfi.scaled"]],
                   tli_scaled = fm[["tli.scaled"]], rmsea_scaled = fm[["rmsea.scaled"]],
                   rmsea_scaled_lo = ci$scaled[1], rmsea_scaled_hi = ci$scaled[2],
                   rmsea_scaled_p_close = fm[["rmsea.pvalue.scaled"]],
                   cfi_robust = fm[["cfi.robust"]], tli_robust = fm[["tli.robust"]], rmsea_robust = fm[["rmsea.robust"]],
                   rmsea_robust_lo = ci$robust[1], rmsea_robust_hi = ci$robust[2],
                   rmsea_robust_p_close = fm[["rmsea.pvalue.robust"]]))
  }
  r
}

estimates <- function(fit) {
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  pe$std <- ss$est.std; pe$std_se <- ss$se; pe$std_lo <- ss$ci.lower; pe$std_hi <- ss$ci.upper
  lv <- lavNames(fit, "lv")
  r2 <- lavInspect(fit, "r2")
  row <- function(i, ...) c(list(...), list(est = pe$est[i], se = pe$se[i], z = num(pe$z[i]), p = num(pe$pvalue[i])))
  ci <- function(i) list(llci = pe$ci.lower[i], ulci = pe$ci.upper[i])
  load <- which(pe$op == "=~")
  var <- which(pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% lv)
  cov <- which(pe$op == "~~" & pe$lhs != pe$rhs & pe$lhs %in% lv)
  rv <- which(pe$op == "~~" & pe$lhs == pe$rhs & !(pe$lhs %in% lv))
  r <- list(
    loadings = lapply(load, function(i) c(row(i, factor = pe$lhs[i], item = pe$rhs[i]), ci(i),
                                          list(std = pe$std[i], std_se = pe$std_se[i]))),
    factor_variances = lapply(var, function(i) c(row(i, factor = pe$lhs[i]), ci(i))),
    residual_variances = lapply(rv, function(i) c(row(i, item = pe$lhs[i]), list(std = pe$std[i], r2 = r2[[pe$lhs[i]]]))))
  if (length(cov))
    r$factor_correlations <- lapply(cov, function(i) list(a = pe$lhs[i], b = pe$rhs[i], cov = pe$est[i], se = pe$se[i],
                                                           z = pe$z[i], p = pe$pvalue[i], cor = pe$std[i],
                                                           cor_se = pe$std_se[i], cor_llci = pe$std_lo[i],
                                                           cor_ulci = pe$std_hi[i]))
  r
}

validity <- function(fit) {
  ss <- standardizedSolution(fit)
  lv <- lavNames(fit, "lv")
  phi <- lavInspect(fit, "cor.lv")
  om <- compRelSEM(fit); av <- AVE(fit)
  v <- lapply(seq_along(lv), function(k) {
    f <- lv[k]; x <- ss$est.std[ss$op == "=~" & ss$lhs == f]
    cr <- sum(x)^2 / (sum(x)^2 + sum(1 - x^2)); ave <- mean(x^2)
    r <- list(factor = f, items = length(x), cr = cr, ave = ave, sqrt_ave = sqrt(ave))
    if (length(lv) > 1) {
      other <- phi[k, -k]^2
      r <- c(r, list(msv = max(other), msv_with = lv[-k][which.max(other)], ave_above_msv = ave > max(other),
                     fornell_larcker = all(sqrt(ave) > abs(phi[k, -k]))))
    }
    c(r, list(omega = om[[f]], ave_semtools = av[[f]]))
  })
  r <- list(validity = v)
  if (length(lv) > 1) {
    d <- sapply(v, function(x) x$sqrt_ave)
    fl <- phi; diag(fl) <- d
    r$fornell_larcker <- lapply(seq_along(lv), function(k) c(list(factor = lv[k]), setNames(as.list(fl[k, ]), lv)))
  }
  r
}

htmt_rows <- function(model, data) {
  h <- htmt(model, data, htmt2 = FALSE); h2 <- htmt(model, data, htmt2 = TRUE)
  lv <- rownames(h); r <- list()
  for (a in seq_along(lv)) for (b in seq_along(lv)) if (a < b)
    r[[length(r) + 1]] <- list(a = lv[a], b = lv[b], htmt = h[b, a], htmt2 = h2[b, a],
                               below_085 = h[b, a] < .85, below_090 = h[b, a] < .90)
  r
}

common_method <- function(model, fit, data, items) {
  x <- na.omit(data[items]); p <- length(items)
  ev <- eigen(cor(x), symmetric = TRUE, only.values = TRUE)$values
  pa <- suppressMessages(suppressWarnings(fa(x, nfactors = 1, rotate = "none", fm = "pa")))
  one <- fit_cfa(paste("g =~", paste(items, collapse = " + ")), data)
  fo <- fitMeasures(one); t <- lrt(list(one, fit))
  list(harman_share_pc = ev[1] / p, harman_share_pa = pa$Vaccounted["Proportion Var", 1],
       harman_majority = ev[1] / p > .5, one_factor_chisq = fo[["chisq"]], one_factor_df = fo[["df"]],
       one_factor_cfi = fo[["cfi"]], one_factor_rmsea = fo[["rmsea"]], chisq_diff = t$chisq_diff,
       df_diff = t$df_diff, p = t$p)
}

mod_indices <- function(fit) {
  m <- modindices(fit, sort. = TRUE)[1:10, ]
  lapply(seq_len(nrow(m)), function(i) list(lhs = m$lhs[i], op = m$op[i], rhs = m$rhs[i], mi = m$mi[i],
                                            epc = m$epc[i], sepc_all = m$sepc.all[i]))
}

residual_cor <- function(fit) {
  r <- lavResiduals(fit, type = "cor.bollen", se = FALSE, summary = FALSE)$cov
  ov <- rownames(r); out <- list()
  for (i in seq_along(ov)) for (j in seq_len(i - 1)) if (abs(r[i, j]) > .1)
    out[[length(out) + 1]] <- list(a = ov[j], b = ov[i], residual = r[i, j])
  out
}

# the invariance table: groups in the order of their codes, labelled as the codebook labels them
invariance_doc <- function(model, data, group, labels, partial = NULL, ...) {
  codes <- as.character(sort(unique(data[[group]])))
  steps <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
                strict = c("loadings", "intercepts", "residuals"))
  fits <- lapply(steps, function(eq) {
    if (is.null(partial)) fit_cfa(model, data, group = group, group.label = codes, group.equal = eq, ...)
    else fit_cfa(model, data, group = group, group.label = codes, group.equal = eq, group.partial = partial, ...)
  })
  rows <- list()
  for (s in seq_along(steps)) {
    fm <- fitMeasures(fits[[s]])
    robust <- !is.na(fm["chisq.scaled"])
    r <- list(step = names(steps)[s], chisq = fm[["chisq"]], df = fm[["df"]], p = fm[["pvalue"]], cfi = fm[["cfi"]],
              rmsea = fm[["rmsea"]], srmr = fm[["srmr"]])
    if (robust)
      r <- c(r, list(chisq_scaled = fm[["chisq.scaled"]], cfi_scaled = fm[["cfi.scaled"]],
                     rmsea_scaled = fm[["rmsea.scaled"]]))
    if (s == 1) {
      r <- c(r, list(chisq_diff = NA, df_diff = NA, p_diff = NA, delta_cfi = NA, delta_rmsea = NA, decision = "baseline"))
    } else {
      # with scaled tests lavTestLRT's difference is the Satorra-Bentler (2001) scaled one; the
      # plain difference of the ML chi-squares is shown beside it
      t <- lrt(fits[c(s, s - 1)]); prev <- fitMeasures(fits[[s - 1]])
      dc <- fm[["cfi"]] - prev[["cfi"]]; dr <- fm[["rmsea"]] - prev[["rmsea"]]
      d <- fm[["chisq"]] - prev[["chisq"]]
      r <- c(r, list(chisq_diff = d, df_diff = t$df_diff, p_diff = pchisq(d, t$df_diff, lower.tail = FALSE)))
      if (robust) r <- c(r, list(scaled_diff = t$chisq_diff, scaled_p = t$p))
      r <- c(r, list(delta_cfi = dc, delta_rmsea = dr,
                     decision = if (dc < -.01 || dr > .015) "not supported" else "supported"))
    }
    rows[[s]] <- r
  }
  n <- lavInspect(fits$configural, "nobs")
  pe <- parameterEstimates(fits$scalar); ss <- standardizedSolution(fits$scalar)
  lv <- lavNames(fits$scalar, "lv")
  k <- which(pe$op == "~1" & pe$lhs %in% lv & pe$group > 1)
  list(groups = lapply(seq_along(codes), function(g) list(group = labels[g], n = n[g])),
       invariance = rows,
       latent_means = lapply(k, function(i) list(group = labels[pe$group[i]], factor = pe$lhs[i], est = pe$est[i],
                                                 se = pe$se[i], z = pe$z[i], p = pe$pvalue[i], llci = pe$ci.lower[i],
                                                 ulci = pe$ci.upper[i], std = ss$est.std[i])))
}

hs_items <- paste0("x", 1:9)
wave_items <- c(paste0("inv_", 1:5), paste0("tru_", 1:5), paste0("sat_", 1:5), paste0("neg_", 1:4), paste0("pwom_", 1:4))

# the three-factor model of HolzingerSwineford1939 from the codebook's scales
hs_fit <- fit_cfa(hs_model, hs)
out(c(list(fit = fit_section(hs_fit)), estimates(hs_fit), validity(hs_fit),
      list(htmt = htmt_rows(hs_model, hs), common_method = common_method(hs_model, hs_fit, hs, hs_items),
           modification_indices = mod_indices(hs_fit), residual_correlations = residual_cor(hs_fit))),
    "cfa_hs_ml.json")
# the same from the model file, with the robust estimators
for (est in c("MLM", "MLR")) {
  f <- fit_cfa(hs_model, hs, estimator = est)
  out(c(list(fit = fit_section(f)), estimates(f)), sprintf("cfa_hs_%s.json", tolower(est)))
}
# factors scaled by their variances (std.lv = TRUE)
f <- fit_cfa(hs_model, hs, std.lv = TRUE)
out(c(list(fit = fit_section(f)), estimates(f)), "cfa_hs_std_lv.json")
# invariance across the two schools, then with the intercepts of x3 and x7 free
hs_schools <- c("Pasteur", "Grant-White")
out(invariance_doc(hs_model, hs, "school", hs_schools), "cfa_hs_invariance.json")
out(invariance_doc(hs_model, hs, "school", hs_schools, partial = c("x3~1", "x7~1")), "cfa_hs_partial.json")
out(invariance_doc(hs_model, hs, "school", hs_schools, estimator = "MLM"), "cfa_hs_invariance_mlm.json")

# the bundled wave's scales, and invariance across gender
wave_fit <- fit_cfa(wave_model, wave)
out(c(list(fit = fit_section(wave_fit)), estimates(wave_fit), validity(wave_fit),
      list(htmt = htmt_rows(wave_model, wave), common_method = common_method(wave_model, wave_fit, wave, wave_items))),
    "cfa_wave.json")
out(invariance_doc(wave_model, wave, "gender", c("Female", "Male")), "cfa_wave_invariance.json")

# psych's bfi with its missing answers by FIML
f <- fit_cfa(bfi_model, bfi, missing = "ml")
out(c(list(fit = fit_section(f)), estimates(f)), "cfa_bfi_fiml.json")
