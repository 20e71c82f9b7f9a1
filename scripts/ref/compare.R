# Reference values for `surveykit compare` and its models (tests/unit/test_compare_models.c and
# tests/cli/cases/compare.sh), computed with R 4.2 (stats, car 3.1, afex 1.2).
#   Rscript scripts/ref/compare.R        (run from the repository root)
# Writes tests/fixtures/compare/{protest_compare.json, protest_twoway.json, obk.csv, obk_hours.csv,
# obk_rm.json, many_distinct.json}.
# The one-way values of ../shared/reference/protest_oneway.json (ref.R) are not repeated here.
suppressMessages({ library(jsonlite); library(car); library(afex) })
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
                                 file.path("tests/fixtures/compare", f))
p <- read.csv("tests/fixtures/reference/protest.csv")
p$cond <- factor(p$protest)
y <- p$liking; g <- p$cond; lv <- levels(g); k <- length(lv); N <- length(y)

## 1. one-way: what protest_oneway.json lacks
grp <- do.call(rbind, lapply(lv, function(l) {
  x <- y[g == l]; n <- length(x); se <- sd(x) / sqrt(n); t <- qt(.975, n - 1)
  data.frame(level = l, n = n, mean = mean(x), sd = sd(x), se = se, llci = mean(x) - t * se,
             ulci = mean(x) + t * se, median = median(x))
}))
ni <- grp$n; mi <- grp$mean; vi <- grp$sd^2
# Brown & Forsythe (1974) F* for means, with Satterthwaite's df2
den <- sum((1 - ni / N) * vi); ci <- (1 - ni / N) * vi / den
bf <- list(F = sum(ni * (mi - mean(y))^2) / den, df1 = k - 1, df2 = 1 / sum(ci^2 / (ni - 1)))
bf$p <- pf(bf$F, bf$df1, bf$df2, lower.tail = FALSE)
lev <- function(center) { l <- leveneTest(liking ~ cond, data = p, center = center)
  list(F = l$`F value`[1], df1 = l$Df[1], df2 = l$Df[2], p = l$`Pr(>F)`[1]) }
aovm <- aov(liking ~ cond, data = p); msw <- summary(aovm)[[1]]$`Mean Sq`[2]; dfw <- N - k
tk <- TukeyHSD(aovm, conf.level = 0.95)$cond
pairs <- list(); bon <- list(); gh <- list(); m <- k * (k - 1) / 2
pt_bon <- pairwise.t.test(y, g, p.adjust.method = "bonferroni", pool.sd = TRUE)$p.value
for (i in 1:(k - 1)) for (j in (i + 1):k) {
  a <- y[g == lv[j]]; b <- y[g == lv[i]]; diff <- mean(a) - mean(b)
  se <- sqrt(msw * (1 / length(a) + 1 / length(b)))
  tc <- qt(1 - 0.05 / (2 * m), dfw)
  bon[[length(bon) + 1]] <- list(a = lv[j], b = lv[i], diff = diff, se = se, t = diff / se,
    p = pt_bon[lv[j], lv[i]], llci = diff - tc * se, ulci = diff + tc * se)
  # Games-Howell as ref.R, with its CI from qtukey
  v1 <- var(a) / length(a); v2 <- var(b) / length(b)
  df <- (v1 + v2)^2 / (v1^2 / (length(a) - 1) + v2^2 / (length(b) - 1))
  qc <- qtukey(0.95, k, df)
  gh[[length(gh) + 1]] <- list(a = lv[j], b = lv[i], diff = diff, se = sqrt(v1 + v2), df = df,
    p = ptukey(abs(diff) / sqrt((v1 + v2) / 2), k, df, lower.tail = FALSE),
    llci = diff - qc * sqrt((v1 + v2) / 2), ulci = diff + qc * sqrt((v1 + v2) / 2))
  # Cohen's d with the pair's pooled SD; Hedges' g with the exact J
  v <- length(a) + length(b) - 2
  sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / v)
  J <- exp(lgamma(v / 2) - log(sqrt(v / 2)) - lgamma((v - 1) / 2))
  pairs[[length(pairs) + 1]] <- list(a = lv[j], b = lv[i], d = diff / sp, g = J * diff / sp,
    tukey_se = se, tukey_p = tk[paste0(lv[j], "-", lv[i]), "p adj"])
}
kw <- kruskal.test(liking ~ cond, data = p)
out(list(groups = grp, brown_forsythe = bf, levene_mean = lev(mean), levene_median = lev(median),
         bonferroni = bon, games_howell = gh, pairs = pairs,
         kruskal = list(H = unname(kw$statistic), epsilon2 = unname(kw$statistic) / ((N^2 - 1) / (N + 1)))),
    "protest_compare.json")

## 2. two-way: liking by protest x sexism split at its median (3 x 2, unbalanced)
p$sx <- factor(ifelse(p$sexism > median(p$sexism), "high", "low"), levels = c("low", "high"))
options(contrasts = c("contr.sum", "contr.poly"))
fm <- lm(liking ~ cond * sx, data = p)
tab <- function(a) { a <- as.data.frame(a); a <- a[c("cond", "sx", "cond:sx", "Residuals"), ]
  data.frame(term = rownames(a), ss = a$`Sum Sq`, df = a$Df, F = a$`F value`, p = a$`Pr(>F)`, row.names = NULL) }
t3 <- tab(Anova(fm, type = 3)); t2 <- tab(Anova(fm, type = 2))
# simple effects from the cell-means model with linear hypotheses (independent of the SS formula)
p$cell <- interaction(p$cond, p$sx, sep = "_")
cm <- lm(liking ~ 0 + cell, data = p); cn <- names(coef(cm))
simple <- function(fix, levs, var) do.call(rbind, lapply(levs, function(l) {
  cells <- if (var == "cond") paste0("cell", lv, "_", l) else paste0("cell", l, "_", levels(p$sx))
  L <- matrix(0, length(cells) - 1, length(cn)); colnames(L) <- cn
  for (r in seq_len(nrow(L))) { L[r, cells[r]] <- 1; L[r, cells[r + 1]] <- -1 }
  h <- linearHypothesis(cm, L)
  data.frame(effect = var, at = l, F = h$F[2], df1 = h$Df[2], df2 = h$Res.Df[2], p = h$`Pr(>F)`[2])
}))
se <- rbind(simple(NULL, levels(p$sx), "cond"), simple(NULL, lv, "sx"))
out(list(type3 = t3, type2 = t2, r2 = summary(fm)$r.squared, simple_effects = se), "protest_twoway.json")
options(contrasts = c("contr.treatment", "contr.poly"))

## 3. repeated measures: afex's obk.long (O'Brien & Kaiser 1985), value averaged over the hours
## per phase; wide file written first and read back, so R uses the very numbers the tests read
data(obk.long, package = "afex")
w <- aggregate(value ~ id + treatment + gender + phase, data = obk.long, FUN = mean)
w <- reshape(w, idvar = c("id", "treatment", "gender"), timevar = "phase", direction = "wide")
w <- data.frame(id = as.integer(as.character(w$id)), treatment = as.integer(w$treatment),
                gender = as.integer(w$gender), pre = w$value.pre, post = w$value.post, fup = w$value.fup)
w <- w[order(w$id), ]
write.csv(w, "tests/fixtures/compare/obk.csv", row.names = FALSE)
w <- read.csv("tests/fixtures/compare/obk.csv")
long <- reshape(w, direction = "long", varying = c("pre", "post", "fup"), v.names = "value",
                timevar = "phase", times = c("pre", "post", "fup"), idvar = "id")
long$phase <- factor(long$phase, levels = c("pre", "post", "fup"))
long$treatment <- factor(long$treatment); long$id <- factor(long$id)
rm_table <- function(fit) {
  s <- summary(fit$Anova, multivariate = FALSE)
  u <- as.data.frame(unclass(s$univariate.tests)); sp <- as.data.frame(unclass(s$pval.adjustments))
  a <- fit$anova_table
  list(univariate = data.frame(term = rownames(u), ss = u$`Sum Sq`, df1 = u$`num Df`, ss_error = u$`Error SS`,
                               df2 = u$`den Df`, F = u$`F value`, p = u$`Pr(>F)`, row.names = NULL),
       corrections = if (nrow(sp)) data.frame(term = rownames(sp), gg = sp$`GG eps`, gg_p = sp$`Pr(>F[GG])`,
                                              hf = sp$`HF eps`, hf_p = sp$`Pr(>F[HF])`, row.names = NULL),
       mauchly = if (!is.null(s$sphericity.tests)) { m <- as.data.frame(unclass(s$sphericity.tests))
         data.frame(term = rownames(m), W = m$`Test statistic`, p = m$`p-value`, row.names = NULL) },
       afex = data.frame(term = rownames(a), ges = a$ges, row.names = NULL))
}
within <- aov_ez("id", "value", long, within = "phase", type = 3)
mixed <- aov_ez("id", "value", long, within = "phase", between = "treatment", type = 3)
# five conditions (the hours, averaged over the phases): Mauchly's Anderson term is not 0 here
h <- aggregate(value ~ id + hour, data = obk.long, FUN = mean)
h <- reshape(h, idvar = "id", timevar = "hour", direction = "wide")
h <- data.frame(id = as.integer(as.character(h$id)), h[, paste0("value.", 1:5)])
names(h) <- c("id", paste0("hour", 1:5)); h <- h[order(h$id), ]
write.csv(h, "tests/fixtures/compare/obk_hours.csv", row.names = FALSE)
h <- read.csv("tests/fixtures/compare/obk_hours.csv")
hl <- reshape(h, direction = "long", varying = paste0("hour", 1:5), v.names = "value", timevar = "hour",
              times = paste0("hour", 1:5), idvar = "id")
hl$id <- factor(hl$id); hl$hour <- factor(hl$hour)
hours <- aov_ez("id", "value", hl, within = "hour", type = 3)
Y <- as.matrix(w[, c("pre", "post", "fup")])
fr <- friedman.test(Y)
pw <- list()
for (i in 1:2) for (j in (i + 1):3) {
  tt <- t.test(Y[, j], Y[, i], paired = TRUE, conf.level = 1 - 0.05 / 3)
  pw[[length(pw) + 1]] <- list(a = colnames(Y)[j], b = colnames(Y)[i], diff = unname(tt$estimate),
    t = unname(tt$statistic), df = unname(tt$parameter), p = min(1, 3 * tt$p.value),
    llci = tt$conf.int[1], ulci = tt$conf.int[2], dz = mean(Y[, j] - Y[, i]) / sd(Y[, j] - Y[, i]))
}
pwt <- pairwise.t.test(long$value, long$phase, paired = TRUE, p.adjust.method = "bonferroni")$p.value
tt <- t.test(w$post, w$pre, paired = TRUE)
wx <- suppressWarnings(wilcox.test(w$post, w$pre, paired = TRUE, exact = FALSE, correct = TRUE))
d <- w$post - w$pre; d <- d[d != 0]; r <- rank(abs(d))
out(list(within = rm_table(within), mixed = rm_table(mixed), hours = rm_table(hours),
         friedman = list(chi2 = unname(fr$statistic), df = unname(fr$parameter), p = fr$p.value),
         pairwise = pw, pairwise_t_test_p = pwt,
         paired = list(diff = unname(tt$estimate), t = unname(tt$statistic), df = unname(tt$parameter),
                       p = tt$p.value, llci = tt$conf.int[1], ulci = tt$conf.int[2], dz = mean(w$post - w$pre) / sd(w$post - w$pre)),
         wilcoxon = list(V = unname(wx$statistic), p = wx$p.value,
                         rank_biserial = (sum(r[d > 0]) - sum(r[d < 0])) / sum(r))),
    "obk_rm.json")
## 4. rank tests with many distinct values (the sorting path of models/rank_tests.c): a
## deterministic sequence the C test regenerates, v_i = ((i * 7919) mod 10007) / 10, i = 1..12000
i <- 1:12000; v <- ((i * 7919) %% 10007) / 10; gr <- factor(i %% 3)
kw2 <- kruskal.test(v, gr)
x <- v[1:6000]; y2 <- ((i[1:6000] * 104729) %% 10009) / 10
wx2 <- wilcox.test(x, y2, paired = TRUE, exact = FALSE, correct = TRUE)
out(list(kruskal = list(H = unname(kw2$statistic), p = kw2$p.value),
         wilcoxon = list(V = unname(wx2$statistic), p = wx2$p.value)), "many_distinct.json")
cat("ok\n")
