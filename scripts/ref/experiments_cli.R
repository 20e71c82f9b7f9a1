# Reference values for tests/cli/cases/experiments.sh: `compare --contrast`, `--cov`, several --y,
# the effect-size intervals, and `crosstab`, computed by R 4.2 from the same CSVs the commands
# read (tests/fixtures/experiments/, written by scripts/ref/experiments_data.R; the two small
# crosstab tables are written here). Run from the repository root:
#   Rscript scripts/ref/experiments_cli.R
# Writes tests/cli/expected/experiments-*.json in the shape of the commands' JSON (jsoncmp checks
# the values given here and ignores the rest).
# Conventions matched:
#   contrasts: lm(y ~ g) with the contrast matrix (contr.poly(k, scores), or solve(rbind(1/k, L))[, -1]
#     for rows L), summary/confint; SS = t^2 sigma^2 and its share of anova()'s between-groups SS;
#     the Welch row by its formula (sum w^2 s^2 / n, Satterthwaite df);
#   Jonckheere-Terpstra: kSamples::jt.test(method = "asymptotic") (J, mean, sqrt(var), p increasing);
#   eta2, omega2, partial eta2: effectsize's definitions and one-sided intervals (alternative =
#     "greater"): the noncentrality of pf found by uniroot() to 1e-13 rather than effectsize's
#     optim() (which is up to 2e-6 off, see models/effect_size.h); d, g, d_z likewise from pt;
#   ANCOVA: car::Anova(lm(y ~ g + x, contrasts = contr.sum), type = 3); slopes test
#     anova(lm(y ~ g + x), lm(y ~ g * x)); emmeans(fit, "g") and pairs(adjust = "tukey" / "bonferroni");
#   MANOVA: car::Manova(lm(cbind(...) ~ g [+ x])) with the four statistics' F approximations;
#     Box's M by its formula (biotools::boxM's); univariate follow-ups car::Anova(type = 2);
#   crosstab: chisq.test (correct = FALSE and TRUE), $stdres, fisher.test (exact), Cramer's V
#     bias-corrected (effectsize 0.8.3, adjust = TRUE) with the noncentral chi-square interval by
#     uniroot() on pchisq.
suppressMessages({ library(jsonlite); library(car); library(emmeans); library(kSamples) })
options(contrasts = c("contr.sum", "contr.poly"))
exp_dir <- "tests/fixtures/experiments"
out_dir <- "tests/cli/expected"
rd <- function(f) read.csv(file.path(exp_dir, f))
wr <- function(x, f) write_json(x, file.path(out_dir, f), digits = NA, auto_unbox = TRUE, pretty = TRUE,
                                na = "null")

# --- noncentral intervals (one-sided "greater" for eta2 and kin, two-sided for d) -----------------
f_ncp <- function(f, df1, df2, p) {
  if (pf(f, df1, df2) <= p) return(0)
  hi <- 1; while (pf(f, df1, df2, ncp = hi) > p) hi <- hi * 2
  uniroot(function(l) pf(f, df1, df2, ncp = l) - p, c(0, hi), tol = 1e-13 * hi)$root
}
pve_ci <- function(es, df1, df2, level = 0.95) { # effectsize: alternative = "greater"
  es <- max(es, 0); f <- (es / df1) / ((1 - es) / df2)
  l <- f_ncp(f, df1, df2, 1 - (1 - level)) # lower limit of the two-sided interval at 2 level - 1
  list(lo = l / (l + df2), hi = 1)
}
t_ncp <- function(t, df, p) uniroot(function(d) pt(t, df, ncp = d) - p, t + c(-10, 10), tol = 1e-13)$root
d_ci <- function(d, df, h, level = 0.95) {
  t <- d / sqrt(h); a <- 1 - level
  c(t_ncp(t, df, 1 - a / 2), t_ncp(t, df, a / 2)) * sqrt(h)
}
hedges_J <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))

# --- one-way with contrasts -------------------------------------------------------------------------
contrast_rows <- function(y, g, L, C = NULL, level = 0.95, keep = nrow(L)) { # the first `keep` rows
  g <- factor(g); k <- nlevels(g)
  if (is.null(C)) C <- solve(rbind(1 / k, L))[, -1, drop = FALSE]
  fit <- lm(y ~ g, contrasts = list(g = C))
  cf <- summary(fit)$coefficients[-1, , drop = FALSE]; ci <- confint(fit, level = level)[-1, , drop = FALSE]
  n <- as.vector(tapply(y, g, length)); v <- as.vector(tapply(y, g, var))
  ssb <- anova(fit)[["Sum Sq"]][1]; s2 <- summary(fit)$sigma^2
  lapply(seq_len(keep), function(r) {
    w <- L[r, ]; on <- abs(w) > 1e-12 * max(abs(w)); vi <- w[on]^2 * v[on] / n[on]
    se <- sqrt(sum(vi)); df <- sum(vi)^2 / sum(vi^2 / (n[on] - 1)); tc <- qt((1 + level) / 2, df)
    list(weights = unname(w), estimate = cf[r, 1], se = cf[r, 2], t = cf[r, 3], df = fit$df.residual, p = cf[r, 4],
         llci = ci[r, 1], ulci = ci[r, 2], ss = cf[r, 3]^2 * s2, share = cf[r, 3]^2 * s2 / ssb,
         welch_se = se, welch_t = cf[r, 1] / se, welch_df = df, welch_p = 2 * pt(-abs(cf[r, 1] / se), df),
         welch_llci = cf[r, 1] - tc * se, welch_ulci = cf[r, 1] + tc * se)
  })
}
oneway_doc <- function(y, g, rows, level = 0.95) {
  a <- anova(lm(y ~ factor(g))); ssb <- a[1, 2]; ssw <- a[2, 2]; df1 <- a[1, 1]; df2 <- a[2, 1]
  eta2 <- ssb / (ssb + ssw); msw <- ssw / df2
  omega2 <- max(0, (ssb - df1 * msw) / (ssb + ssw + msw))
  e <- pve_ci(eta2, df1, df2, level); o <- pve_ci(omega2, df1, df2, level)
  x <- split(y, factor(g)); k <- length(x); pairs <- list()
  # TukeyHSD's order: (2,1), (3,1), ..., (3,2), each later level minus the earlier one
  ord <- do.call(rbind, lapply(1:(k - 1), function(b) cbind(a = (b + 1):k, b = b)))
  ord <- ord[order(ord[, "b"], ord[, "a"]), , drop = FALSE]
  for (r in seq_len(nrow(ord))) {
    xa <- x[[ord[r, 1]]]; xb <- x[[ord[r, 2]]]; na <- length(xa); nb <- length(xb); df <- na + nb - 2
    sp <- sqrt(((na - 1) * var(xa) + (nb - 1) * var(xb)) / df); d <- (mean(xa) - mean(xb)) / sp
    ci <- d_ci(d, df, 1 / na + 1 / nb, level); J <- hedges_J(df)
    pairs[[r]] <- list(d = d, g = J * d, d_llci = ci[1], d_ulci = ci[2], g_llci = J * ci[1], g_ulci = J * ci[2])
  }
  jt <- jt.test(x, method = "asymptotic")$JT
  list(anova = list(F = a[1, 4], p = a[1, 5], eta2 = eta2, omega2 = omega2, eta2_llci = e$lo, eta2_ulci = 1,
                    omega2_llci = o$lo, omega2_ulci = 1),
       posthoc = pairs, contrasts = rows,
       jonckheere = list(J = unname(jt[1]), mean = unname(jt[2]), var = unname(jt[3])^2, p_increasing = unname(jt[4])))
}
wb <- rd("wave_between.csv"); tg <- rd("toothgrowth.csv")
wr(oneway_doc(wb$satisfaction, wb$scenario, contrast_rows(wb$satisfaction, wb$scenario, t(contr.poly(3)), contr.poly(3))),
   "experiments-quadratic.json")
sdif <- function(k) t(sapply(1:(k - 1), function(j) { w <- rep(0, k); w[j] <- -1; w[j + 1] <- 1; w }))
helm <- function(k) t(sapply(1:(k - 1), function(j) c(rep(0, j - 1), 1, rep(-1 / (k - j), k - j))))
wr(list(contrasts = contrast_rows(tg$len, tg$dose, sdif(3))), "experiments-sequential.json")
wr(list(contrasts = contrast_rows(tg$len, tg$dose, helm(3))), "experiments-helmert.json")
wr(list(contrasts = contrast_rows(tg$len, tg$dose, rbind(c(-2, 1, 1), c(0, -1, 1)), keep = 1)), "experiments-custom.json")
P <- contr.poly(3, scores = c(0.5, 1, 2))
wr(list(contrasts = contrast_rows(tg$len, tg$dose, t(P), P, keep = 1)), "experiments-scores.json")
wr(list(contrasts = contrast_rows(tg$len, tg$supp, rbind(contr.poly(2)[, 1]), contr.poly(2))), "experiments-two-levels.json")

# --- ANCOVA ------------------------------------------------------------------------------------------
wb$g <- factor(wb$scenario)
fit <- lm(satisfaction ~ g + involvement + trust, data = wb)
a3 <- Anova(fit, type = 3)
slopes <- anova(fit, lm(satisfaction ~ g * (involvement + trust), data = wb))
emm <- emmeans(fit, "g"); es <- summary(emm)
pt_tukey <- summary(pairs(emm, adjust = "tukey"), infer = TRUE)
pt_bonf <- summary(pairs(emm, adjust = "bonferroni"), infer = TRUE)
dfe <- a3["Residuals", "Df"]; sse <- a3["Residuals", "Sum Sq"]
term <- function(nm) {
  ss <- a3[nm, "Sum Sq"]; df <- a3[nm, "Df"]; pe <- ss / (ss + sse)
  list(ss = ss, df = df, F = a3[nm, "F value"], p = a3[nm, "Pr(>F)"], partial_eta2 = pe,
       partial_eta2_llci = pve_ci(pe, df, dfe)$lo)
}
pr <- function(s) lapply(seq_len(nrow(s)), function(i) list(estimate = s$estimate[i], se = s$SE[i], df = s$df[i],
                                                           t = s$t.ratio[i], p = s$p.value[i], llci = s$lower.CL[i],
                                                           ulci = s$upper.CL[i]))
wr(list(groups = lapply(seq_len(nrow(es)), function(i) list(emm = es$emmean[i], se = es$SE[i], df = es$df[i],
                                                           llci = es$lower.CL[i], ulci = es$upper.CL[i])),
        slopes = list(list(slope = unname(coef(fit)["involvement"])), list(slope = unname(coef(fit)["trust"]))),
        anova = list(terms = list(term("(Intercept)")[c("ss", "df", "F", "p")], term("g"), term("involvement"),
                                  term("trust"), list(ss = sse, df = dfe))),
        homogeneity_of_slopes = list(F = slopes$F[2], df1 = slopes$Df[2], df2 = slopes$Res.Df[2], p = slopes$`Pr(>F)`[2]),
        pairwise = c(pr(pt_tukey), pr(pt_bonf))), "experiments-ancova.json")

# --- MANOVA / MANCOVA ----------------------------------------------------------------------------------
box_m <- function(Y, g) {
  g <- factor(g); k <- nlevels(g); p <- ncol(Y); n <- as.vector(table(g)); N <- sum(n)
  S <- lapply(levels(g), function(l) cov(Y[g == l, , drop = FALSE]))
  Sp <- Reduce(`+`, Map(function(s, m) (m - 1) * s, S, n)) / (N - k)
  M <- (N - k) * log(det(Sp)) - sum((n - 1) * sapply(S, function(s) log(det(s))))
  c1 <- (sum(1 / (n - 1)) - 1 / (N - k)) * (2 * p^2 + 3 * p - 1) / (6 * (p + 1) * (k - 1))
  df <- p * (p + 1) * (k - 1) / 2; chi2 <- M * (1 - c1)
  list(M = M, chi2 = chi2, df = df, p = pchisq(chi2, df, lower.tail = FALSE))
}
manova_doc <- function(d, ys, g, covs = character(0)) {
  d$g <- factor(d[[g]]); Y <- as.matrix(d[ys])
  rhs <- paste(c("g", covs), collapse = " + ")
  fit <- lm(as.formula(paste("Y ~", rhs)), data = d)
  mv <- summary(Anova(fit, type = 2), univariate = FALSE)$multivariate.tests
  tests <- list()
  for (term in c("g", covs)) {
    h <- mv[[term]]; eig <- Re(eigen(qr.coef(qr(h$SSPE), h$SSPH), symmetric = FALSE)$values)
    for (fun in list(car:::Pillai, car:::Wilks, car:::HL, car:::Roy)) {
      r <- fun(eig, h$df, h$df.residual) # statistic, F, df1, df2 as car::Manova prints them
      tests[[length(tests) + 1]] <- list(stat = r[1], F = r[2], df1 = r[3], df2 = r[4],
                                         p = pf(r[2], r[3], r[4], lower.tail = FALSE))
    }
  }
  uni <- lapply(ys, function(y) {
    a <- Anova(lm(as.formula(paste(y, "~", rhs)), data = d), type = 2)
    ss <- a["g", "Sum Sq"]; sse <- a["Residuals", "Sum Sq"]; df <- a["g", "Df"]; dfe <- a["Residuals", "Df"]
    pe <- ss / (ss + sse)
    list(ss = ss, df1 = df, ss_error = sse, df2 = dfe, F = a["g", "F value"], p = a["g", "Pr(>F)"], partial_eta2 = pe,
         partial_eta2_llci = pve_ci(pe, df, dfe)$lo)
  })
  list(multivariate = list(tests = tests), box_m = box_m(Y, d$g), univariate = uni)
}
ir <- rd("iris.csv")
wr(manova_doc(ir, c("sepal_length", "sepal_width", "petal_length"), "species"), "experiments-manova.json")
wr(manova_doc(wb, c("satisfaction", "negemo", "pwom"), "scenario", "trust"), "experiments-mancova.json")

# --- effect-size intervals elsewhere ---------------------------------------------------------------------
wp <- rd("warpbreaks.csv")
a2 <- Anova(lm(breaks ~ factor(wool) * factor(tension), data = wp), type = 3)
pe_rows <- lapply(c("factor(wool)", "factor(tension)", "factor(wool):factor(tension)"), function(nm) {
  ss <- a2[nm, "Sum Sq"]; sse <- a2["Residuals", "Sum Sq"]; pe <- ss / (ss + sse)
  list(partial_eta2 = pe, partial_eta2_llci = pve_ci(pe, a2[nm, "Df"], a2["Residuals", "Df"])$lo)
})
wr(list(anova = list(terms = c(pe_rows, list(setNames(list(), character(0)))))), "experiments-twoway-es.json")
ww <- rd("wave_within.csv"); dd <- ww$satisfaction_s2 - ww$satisfaction_s1; n <- length(dd)
dz <- mean(dd) / sd(dd); ci <- d_ci(dz, n - 1, 1 / n)
wr(list(paired_t = list(dz = dz, dz_llci = ci[1], dz_ulci = ci[2])), "experiments-paired-es.json")

# --- crosstab ------------------------------------------------------------------------------------------
chisq_ncp <- function(x, df, p) {
  if (pchisq(x, df) <= p) return(0)
  hi <- 1; while (pchisq(x, df, ncp = hi) > p) hi <- hi * 2
  uniroot(function(l) pchisq(x, df, ncp = l) - p, c(0, hi), tol = 1e-13 * hi)$root
}
cramer <- function(X2, N, r, c, level = 0.95) { # adjust = TRUE, alternative = "greater"
  df <- (r - 1) * (c - 1)
  v_of <- function(x2) {
    phi2 <- max(0, x2 / N - df / (N - 1)); rt <- r - (r - 1)^2 / (N - 1); ct <- c - (c - 1)^2 / (N - 1)
    sqrt(phi2 / (min(rt, ct) - 1))
  }
  l <- chisq_ncp(X2, df, level)
  list(v = v_of(X2), llci = if (l == 0) 0 else v_of(l), ulci = 1, v_unadjusted = sqrt(X2 / (N * (min(r, c) - 1))))
}
xt_doc <- function(tab) {
  ch <- suppressWarnings(chisq.test(tab, correct = FALSE)); N <- sum(tab)
  cells <- list()
  for (i in seq_len(nrow(tab))) for (j in seq_len(ncol(tab)))
    cells[[length(cells) + 1]] <- list(count = tab[i, j], row_pct = 100 * tab[i, j] / sum(tab[i, ]),
                                       col_pct = 100 * tab[i, j] / sum(tab[, j]), expected = ch$expected[i, j],
                                       stdres = ch$stdres[i, j])
  doc <- list(cells = cells, pearson = list(chi2 = unname(ch$statistic), df = unname(ch$parameter), p = ch$p.value),
              fisher = list(method = "exact", p = fisher.test(tab, workspace = 2e8)$p.value),
              cramers_v = cramer(unname(ch$statistic), N, nrow(tab), ncol(tab)))
  if (all(dim(tab) == 2)) {
    y <- suppressWarnings(chisq.test(tab, correct = TRUE))
    doc$yates <- list(chi2 = unname(y$statistic), df = 1, p = y$p.value)
  }
  doc
}
wr(xt_doc(table(wb$scenario, wb$gender)), "experiments-crosstab.json")
small <- data.frame(a = rep(c(1, 1, 2, 2), c(12, 5, 7, 15)), b = rep(c(1, 2, 1, 2), c(12, 5, 7, 15)))
write.csv(small, file.path(exp_dir, "crosstab_2x2.csv"), row.names = FALSE)
wr(xt_doc(table(small$a, small$b)), "experiments-crosstab-2x2.json")
# an empty row: level 3 of `a` is answered only where `b` is missing
empty <- rbind(small, data.frame(a = c(3, 3), b = c(NA, NA)))
write.csv(empty, file.path(exp_dir, "crosstab_empty_row.csv"), row.names = FALSE, na = "")

# --- recovery paradox and zone of tolerance --------------------------------------------------------------
# tests/fixtures/experiments/recovery.csv is `surveykit simulate --design recovery --n 400 --seed 11`
# (its codebook beside it: control level 0, zone items of the dimension `recovery`).
rc <- rd("recovery.csv"); rcb <- read.csv(file.path(exp_dir, "recovery.codebook.csv"), stringsAsFactors = FALSE)
items <- rcb$column[rcb$scale %in% "satisfaction"]
x <- as.matrix(rc[items]); rev <- rcb$reverse[match(items, rcb$column)] == "yes"
x[, rev] <- 8 - x[, rev]
rc$satisfaction <- rowMeans(x) # NA unless every item is answered
paradox_doc <- function(y, g, control, margin = 0.5, alpha = 0.05) {
  ok <- !is.na(y) & !is.na(g); y <- y[ok]; g <- g[ok]
  lv <- setdiff(sort(unique(g)), control); yc <- y[g == control]
  rows <- lapply(lv, function(l) {
    yl <- y[g == l]; t <- t.test(yl, yc, var.equal = FALSE)
    lo <- t.test(yl, yc, mu = -margin, alternative = "greater")$p.value
    hi <- t.test(yl, yc, mu = margin, alternative = "less")$p.value
    ci <- t.test(yl, yc, conf.level = 1 - 2 * alpha)$conf.int
    list(n = length(yl), mean = mean(yl), diff = mean(yl) - mean(yc), se = unname(t$stderr), df = unname(t$parameter),
         t = unname(t$statistic), p_greater = t.test(yl, yc, alternative = "greater")$p.value,
         p_less = t.test(yl, yc, alternative = "less")$p.value, p_tost = max(lo, hi), llci = ci[1], ulci = ci[2])
  })
  pg <- p.adjust(sapply(rows, `[[`, "p_greater"), "holm"); pl <- p.adjust(sapply(rows, `[[`, "p_less"), "holm")
  for (i in seq_along(rows)) { rows[[i]]$p_greater_holm <- pg[i]; rows[[i]]$p_less_holm <- pl[i] }
  list(paradox = list(control_mean = mean(yc), margin = margin, levels = rows))
}
wr(paradox_doc(rc$satisfaction, rc$scenario, 0), "experiments-paradox.json")
wr(paradox_doc(rc$satisfaction, rc$scenario, 0, margin = 0.25), "experiments-paradox-margin.json")
role_mean <- function(role) rowMeans(as.matrix(rc[rcb$column[rcb$role == role & rcb$scale == "recovery"]]))
adq <- role_mean("adequate"); des <- role_mean("desired"); per <- role_mean("perceived")
ok <- !is.na(adq) & !is.na(des) & !is.na(per) & !is.na(rc$scenario)
cls <- ifelse(per < adq, "below", ifelse(per > des, "above", "within"))[ok]; g <- rc$scenario[ok]
msa <- (per - adq)[ok]; mss <- (per - des)[ok]
tab <- table(factor(g), factor(cls, levels = c("below", "within", "above")))
zone_rows <- lapply(seq_len(nrow(tab)), function(i) {
  s <- g == as.numeric(rownames(tab)[i]); n <- sum(tab[i, ])
  list(n = n, below = tab[i, "below"], within = tab[i, "within"], above = tab[i, "above"],
       below_share = tab[i, "below"] / n, within_share = tab[i, "within"] / n, above_share = tab[i, "above"] / n,
       msa_mean = mean(msa[s]), msa_sd = sd(msa[s]), mss_mean = mean(mss[s]), mss_sd = sd(mss[s]))
})
ch <- suppressWarnings(chisq.test(tab, correct = FALSE))
# (Fisher's test of this 4 x 3 table passes the exact test's work limit: the command reports a
# Monte Carlo p, not compared here)
wr(list(groups = zone_rows, zone_test = list(chi2 = unname(ch$statistic), df = unname(ch$parameter), p = ch$p.value)),
   "experiments-zone.json")

# --- the multivariate test of a within-subjects factor ----------------------------------------------------
# car::Anova(lm(cbind(s1, s2, s3) ~ 1 or ~ gender), idata, idesign = ~cond, type = 3) with contr.sum
within_mv <- function(d, vars, group = NULL) {
  Y <- as.matrix(d[vars]); idata <- data.frame(cond = factor(seq_along(vars)))
  fit <- if (is.null(group)) lm(Y ~ 1) else { gg <- factor(d[[group]]); lm(Y ~ gg) }
  mv <- summary(Anova(fit, idata = idata, idesign = ~cond, type = 3), multivariate = TRUE,
                univariate = FALSE)$multivariate.tests
  terms <- if (is.null(group)) "cond" else c("cond", "gg:cond")
  tests <- list()
  for (term in terms) {
    h <- mv[[term]]; eig <- Re(eigen(qr.coef(qr(h$SSPE), h$SSPH), symmetric = FALSE)$values)
    for (fun in list(car:::Pillai, car:::Wilks, car:::HL, car:::Roy)) {
      r <- fun(eig, h$df, h$df.residual)
      tests[[length(tests) + 1]] <- list(stat = r[1], F = r[2], df1 = r[3], df2 = r[4],
                                         p = pf(r[2], r[3], r[4], lower.tail = FALSE))
    }
  }
  list(multivariate = list(tests = tests))
}
s3 <- paste0("satisfaction_s", 1:3)
wr(within_mv(ww, s3), "experiments-within-mv.json")
wr(within_mv(ww, s3, "gender"), "experiments-mixed-mv.json")
