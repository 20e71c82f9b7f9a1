# Reference values for tests/unit/test_effect_size.c (models/effect_size.h), R 4.2 with
# effectsize 0.8.3 and car 3.1.
#   Rscript scripts/ref/effect_size.R      (run from the repository root)
# Writes tests/fixtures/experiments/effect_size.json. Each interval is given twice: as effectsize
# reports it ("lo", "hi"), and with its noncentralities solved by uniroot() to 1e-13 on the exact
# series of scripts/ref/noncentral_series.R ("exact_lo", "exact_hi"), since effectsize's optim()
# stops at an absolute error of 1e-9 in the probabilities and R's pf(ncp =) is itself good to 1e-9.
suppressMessages({ library(jsonlite); library(effectsize); library(car) })
source("scripts/ref/experiments_data.R")
source("scripts/ref/noncentral_series.R")
options(es.use_symbols = FALSE)

# the exact interval of a proportion of variance es with (df, df_error), effectsize's rule
exact_pve <- function(es, df, dfe, level, alternative) {
  es <- max(es, 0); f <- (es / df) / ((1 - es) / dfe)
  a <- if (alternative == "two.sided") 1 - level else 2 * (1 - level)
  ncp <- function(p) if (pf(f, df, dfe) <= p) 0 else
    uniroot(function(l) series_f(f, df, dfe, l)[1] - p, c(0, 10 * (f * df + 100)), tol = 1e-13)$root
  lo <- ncp(1 - a / 2); hi <- ncp(a / 2)
  c(lo = if (alternative == "less") 0 else lo / (lo + dfe), hi = if (alternative == "greater") 1 else hi / (hi + dfe))
}
exact_d <- function(d, df, h, level, alternative) {
  t <- d / sqrt(h); a <- if (alternative == "two.sided") 1 - level else 2 * (1 - level)
  ncp <- function(p) uniroot(function(x) series_t(t, df, x)[1] - p, c(t - 30, t + 30), tol = 1e-13)$root
  c(lo = if (alternative == "less") -Inf else ncp(1 - a / 2) * sqrt(h),
    hi = if (alternative == "greater") Inf else ncp(a / 2) * sqrt(h))
}
iv <- function(tab, col) list(estimate = tab[[col]], lo = tab$CI_low, hi = tab$CI_high)

# 1. one-way: satisfaction by scenario on the wave; every proportion of variance, default
#    (one-sided "greater", ci = 0.95) and two-sided 95%
wb <- wave_between; wb$scenario <- factor(wb$scenario)
fit <- aov(satisfaction ~ scenario, data = wb)
s <- summary(fit)[[1]]
term <- list(ss = s$`Sum Sq`[1], df = s$Df[1], ss_error = s$`Sum Sq`[2], df_error = s$Df[2],
             ss_total = sum(s$`Sum Sq`), n_total = sum(s$Df) + 1)
es_all <- function(model, alternative, partial) {
  e <- eta_squared(model, partial = partial, ci = 0.95, alternative = alternative, verbose = FALSE)
  o <- omega_squared(model, partial = partial, ci = 0.95, alternative = alternative, verbose = FALSE)
  p <- epsilon_squared(model, partial = partial, ci = 0.95, alternative = alternative, verbose = FALSE)
  list(eta2 = e, omega2 = o, epsilon2 = p)
}
pack <- function(tabs, row, dfs) {
  out <- list()
  for (nm in names(tabs)) {
    tb <- tabs[[nm]][row, ]; col <- grep("^(Eta2|Omega2|Epsilon2)", names(tb), value = TRUE)
    ex <- exact_pve(tb[[col]], dfs[1], dfs[2], 0.95, attr(tabs[[nm]], "alternative"))
    out[[nm]] <- list(estimate = tb[[col]], lo = tb$CI_low, hi = tb$CI_high, exact_lo = ex[["lo"]], exact_hi = ex[["hi"]])
  }
  out
}
oneway <- list(term = term,
  greater = pack(es_all(fit, "greater", FALSE), 1, c(term$df, term$df_error)),
  two_sided = pack(es_all(fit, "two.sided", FALSE), 1, c(term$df, term$df_error)))

# 2. two-way with type III sums of squares (contr.sum): ToothGrowth len by supp x dose; partial
#    and non-partial, both alternatives; effectsize drops the intercept row of car's table
tg <- toothgrowth; tg$supp <- factor(tg$supp); tg$dose <- factor(tg$dose)
options(contrasts = c("contr.sum", "contr.poly"))
a3 <- Anova(lm(len ~ supp * dose, data = tg), type = 3)
options(contrasts = c("contr.treatment", "contr.poly"))
a3 <- a3[rownames(a3) != "(Intercept)", ]
terms <- c("supp", "dose", "supp:dose")
twoway <- lapply(terms, function(tn) {
  i <- match(tn, rownames(a3)); dfs <- c(a3$Df[i], a3$Df[nrow(a3)])
  list(term = tn, ss = a3$`Sum Sq`[i], df = a3$Df[i], ss_error = a3$`Sum Sq`[nrow(a3)], df_error = a3$Df[nrow(a3)],
       ss_total = sum(a3$`Sum Sq`), n_total = sum(a3$Df) + 1,
       partial_greater = pack(es_all(a3, "greater", TRUE), i, dfs),
       partial_two_sided = pack(es_all(a3, "two.sided", TRUE), i, dfs),
       greater = pack(es_all(a3, "greater", FALSE), i, dfs))
})

# 3. Cohen's d and Hedges' g: two groups (pooled SD), two-sided 95% (the default) and one-sided;
#    paired d_z on the within wave
dpack <- function(x, y, paired, alternative, level = 0.95) {
  d <- cohens_d(x, y, paired = paired, ci = level, alternative = alternative, verbose = FALSE)
  g <- hedges_g(x, y, paired = paired, ci = level, alternative = alternative, verbose = FALSE)
  if (paired) { df <- length(x) - 1; h <- 1 / length(x) } else { df <- length(x) + length(y) - 2; h <- 1 / length(x) + 1 / length(y) }
  ex <- exact_d(d$Cohens_d, df, h, level, alternative)
  list(n_a = length(x), mean_a = mean(x), var_a = var(x), n_b = length(y), mean_b = mean(y), var_b = var(y),
       mean_diff = if (paired) mean(x - y) else NA, sd_diff = if (paired) sd(x - y) else NA,
       level = level, alternative = alternative,
       d = list(estimate = d$Cohens_d, lo = d$CI_low, hi = d$CI_high, exact_lo = ex[["lo"]], exact_hi = ex[["hi"]]),
       g = list(estimate = g$Hedges_g, lo = g$CI_low, hi = g$CI_high))
}
sat <- wave_between$satisfaction; sc <- wave_between$scenario
d_cases <- list(
  dpack(sat[sc == 3], sat[sc == 1], FALSE, "two.sided"),
  dpack(sat[sc == 2], sat[sc == 3], FALSE, "two.sided", 0.9),
  dpack(tg$len[tg$supp == 1], tg$len[tg$supp == 2], FALSE, "two.sided"),
  dpack(tg$len[tg$supp == 1], tg$len[tg$supp == 2], FALSE, "greater"),
  dpack(tg$len[tg$supp == 1 & tg$dose == 1][1:4], tg$len[tg$supp == 2 & tg$dose == 1][1:3], FALSE, "two.sided"),
  dpack(wave_within$satisfaction_s3, wave_within$satisfaction_s1, TRUE, "two.sided"),
  dpack(wave_within$negemo_s2, wave_within$negemo_s1, TRUE, "less"))

# 4. R2 of a regression: satisfaction on trust and involvement; effectsize's F_to_eta2 on the
#    model F (its default, one-sided) and two-sided at 90%
m <- summary(lm(satisfaction ~ trust + involvement, data = wave_between))
f <- m$fstatistic
r2 <- list(r2 = m$r.squared, k = f[["numdf"]], n = f[["numdf"]] + f[["dendf"]] + 1,
  greater = { e <- F_to_eta2(f[["value"]], f[["numdf"]], f[["dendf"]]); ex <- exact_pve(m$r.squared, f[["numdf"]], f[["dendf"]], 0.95, "greater")
    list(estimate = e$Eta2_partial, lo = e$CI_low, hi = e$CI_high, exact_lo = ex[["lo"]], exact_hi = ex[["hi"]]) },
  two_sided90 = { e <- F_to_eta2(f[["value"]], f[["numdf"]], f[["dendf"]], ci = 0.9, alternative = "two.sided")
    ex <- exact_pve(m$r.squared, f[["numdf"]], f[["dendf"]], 0.9, "two.sided")
    list(estimate = e$Eta2_partial, lo = e$CI_low, hi = e$CI_high, exact_lo = ex[["lo"]], exact_hi = ex[["hi"]]) })

writeLines(toJSON(list(oneway = oneway, twoway = twoway, d = d_cases, r2 = r2), auto_unbox = TRUE, digits = NA,
                  pretty = TRUE, na = "null"), file.path(exp_dir, "effect_size.json"))
