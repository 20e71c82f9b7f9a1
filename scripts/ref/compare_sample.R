# Expected output of `surveykit compare --format json` on the bundled waves, computed with R 4.2
# (stats, car 3.1, afex 1.2), for tests/cli/cases/compare.sh (jsonmatch: 1e-6 relative).
#   Rscript scripts/ref/compare_sample.R     (run from the repository root)
# Scale scores as surveykit computes them: values outside the codebook's min..max are missing,
# reverse-keyed items score min + max - x, every item is required, and the mean is taken by adding
# the items in codebook order and dividing (not rowMeans, whose long-double sum can differ in the
# last bit and so split ties that the rank tests must see).
suppressMessages({ library(jsonlite); library(car); library(afex) })
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
                                 file.path("tests/cli/expected", f))
score <- function(d, cb, scale) {
  it <- cb[cb$role == "item" & cb$scale == scale, ]
  cols <- lapply(seq_len(nrow(it)), function(i) {
    x <- d[[it$column[i]]]; x[!is.na(x) & (x < it$min[i] | x > it$max[i])] <- NA
    if (it$reverse[i] == "yes") it$min[i] + it$max[i] - x else x
  })
  Reduce(`+`, cols) / length(cols)
}
summ <- function(x) { n <- length(x); se <- sd(x) / sqrt(n); t <- qt(.975, n - 1)
  list(n = n, mean = mean(x), sd = sd(x), se = se, llci = mean(x) - t * se, ulci = mean(x) + t * se, median = median(x)) }
ftest <- function(F, df1, df2) list(F = F, df1 = df1, df2 = df2, p = pf(F, df1, df2, lower.tail = FALSE))

## between: satisfaction by scenario
d <- read.csv("data/wave-between.csv"); cb <- read.csv("data/wave-between.codebook.csv", stringsAsFactors = FALSE)
d$y <- score(d, cb, "satisfaction")
labels <- c("1" = "Fix only", "2" = "Fix + apology", "3" = "Full recovery")
b <- d[!is.na(d$y) & !is.na(d$scenario), ]
b$g <- factor(b$scenario); lv <- levels(b$g); k <- length(lv); N <- nrow(b)
rk <- rank(b$y)
groups <- lapply(lv, function(l) c(list(level = l, label = unname(labels[l])), summ(b$y[b$g == l]),
                                   list(mean_rank = mean(rk[b$g == l]))))
aovm <- aov(y ~ g, data = b); ss <- summary(aovm)[[1]]
ssb <- ss$`Sum Sq`[1]; ssw <- ss$`Sum Sq`[2]; msw <- ss$`Mean Sq`[2]; dfw <- N - k
a <- oneway.test(y ~ g, b, var.equal = TRUE); wel <- oneway.test(y ~ g, b)
ni <- tapply(b$y, b$g, length); mi <- tapply(b$y, b$g, mean); vi <- tapply(b$y, b$g, var)
den <- sum((1 - ni / N) * vi); ci <- (1 - ni / N) * vi / den
lev <- function(center) { l <- leveneTest(y ~ g, b, center = center); ftest(l$`F value`[1], l$Df[1], l$Df[2]) }
kw <- kruskal.test(y ~ g, b)
tk <- TukeyHSD(aovm)$g
pb <- pairwise.t.test(b$y, b$g, p.adjust.method = "bonferroni", pool.sd = TRUE)$p.value
ph <- list(); m <- k * (k - 1) / 2
for (method in c("tukey", "games-howell", "bonferroni")) for (i in 1:(k - 1)) for (j in (i + 1):k) {
  x1 <- b$y[b$g == lv[j]]; x0 <- b$y[b$g == lv[i]]; diff <- mean(x1) - mean(x0)
  v <- length(x1) + length(x0) - 2; sp <- sqrt(((length(x1) - 1) * var(x1) + (length(x0) - 1) * var(x0)) / v)
  J <- exp(lgamma(v / 2) - log(sqrt(v / 2)) - lgamma((v - 1) / 2))
  se <- sqrt(msw * (1 / length(x1) + 1 / length(x0)))
  r <- if (method == "tukey") {
    row <- tk[paste0(lv[j], "-", lv[i]), ]
    list(se = se, df = dfw, p = unname(row["p adj"]), llci = unname(row["lwr"]), ulci = unname(row["upr"]))
  } else if (method == "games-howell") {
    v1 <- var(x1) / length(x1); v0 <- var(x0) / length(x0)
    df <- (v1 + v0)^2 / (v1^2 / (length(x1) - 1) + v0^2 / (length(x0) - 1)); q <- qtukey(.95, k, df)
    list(se = sqrt(v1 + v0), df = df, p = ptukey(abs(diff) / sqrt((v1 + v0) / 2), k, df, lower.tail = FALSE),
         llci = diff - q * sqrt((v1 + v0) / 2), ulci = diff + q * sqrt((v1 + v0) / 2))
  } else {
    tc <- qt(1 - .05 / (2 * m), dfw)
    list(se = se, df = dfw, p = pb[lv[j], lv[i]], llci = diff - tc * se, ulci = diff + tc * se)
  }
  ph[[length(ph) + 1]] <- c(list(method = method, a = lv[j], b = lv[i], diff = diff), r, list(d = diff / sp, g = J * diff / sp))
}
out(list(design = "between", y = "satisfaction", by = "scenario", input = list(rows = nrow(d), used = N),
         excluded = nrow(d) - N, groups = groups,
         anova = list(F = unname(a$statistic), df1 = k - 1, df2 = dfw, p = a$p.value, eta2 = ssb / (ssb + ssw),
                      omega2 = (ssb - (k - 1) * msw) / (ssb + ssw + msw), ss_between = ssb, ss_within = ssw, ms_within = msw),
         welch = list(F = unname(wel$statistic), df1 = unname(wel$parameter[1]), df2 = unname(wel$parameter[2]), p = wel$p.value),
         brown_forsythe = ftest(sum(ni * (mi - mean(b$y))^2) / den, k - 1, 1 / sum(ci^2 / (ni - 1))),
         levene = lev(mean), levene_median = lev(median),
         kruskal = list(H = unname(kw$statistic), df = unname(kw$parameter), p = kw$p.value,
                        epsilon2 = unname(kw$statistic) / ((N^2 - 1) / (N + 1))),
         posthoc = ph), "compare-between.json")

## two-way: satisfaction by scenario x gender, type III (contr.sum) and type II
t2 <- d[!is.na(d$y) & !is.na(d$scenario) & !is.na(d$gender), ]
t2$A <- factor(t2$scenario); t2$B <- factor(t2$gender)
options(contrasts = c("contr.sum", "contr.poly"))
fm <- lm(y ~ A * B, data = t2)
terms <- function(type) {
  x <- as.data.frame(Anova(fm, type = type))[c("A", "B", "A:B", "Residuals"), ]
  rows <- lapply(1:3, function(i) list(term = c("scenario", "gender", "scenario:gender")[i], ss = x$`Sum Sq`[i], df = x$Df[i],
    F = x$`F value`[i], p = x$`Pr(>F)`[i], partial_eta2 = x$`Sum Sq`[i] / (x$`Sum Sq`[i] + x$`Sum Sq`[4])))
  c(rows, list(list(term = "error", ss = x$`Sum Sq`[4], df = x$Df[4])))
}
t2$cell <- interaction(t2$A, t2$B, sep = "_")
cm <- lm(y ~ 0 + cell, data = t2); cn <- names(coef(cm)); sse <- sum(resid(fm)^2)
simple <- function(effect, at, lvls, cells_of) lapply(lvls, function(l) {
  cells <- cells_of(l); L <- matrix(0, length(cells) - 1, length(cn)); colnames(L) <- cn
  for (r in seq_len(nrow(L))) { L[r, cells[r]] <- 1; L[r, cells[r + 1]] <- -1 }
  h <- linearHypothesis(cm, L)
  list(effect = effect, at = at, level = l, F = h$F[2], df1 = h$Df[2], df2 = h$Res.Df[2], p = h$`Pr(>F)`[2],
       partial_eta2 = h$`Sum of Sq`[2] / (h$`Sum of Sq`[2] + sse))
})
se <- c(simple("scenario", "gender", levels(t2$B), function(l) paste0("cell", levels(t2$A), "_", l)),
        simple("gender", "scenario", levels(t2$A), function(l) paste0("cell", l, "_", levels(t2$B))))
cells <- list()
for (i in levels(t2$A)) for (j in levels(t2$B))
  cells[[length(cells) + 1]] <- c(list(a_level = i, b_level = j), summ(t2$y[t2$A == i & t2$B == j]))
for (type in 3:2)
  out(list(design = "two-way", ss_type = type, input = list(used = nrow(t2)), cells = cells,
           anova = list(terms = terms(type), r2 = summary(fm)$r.squared), simple_effects = se),
      sprintf("compare-twoway-type%d.json", type))
options(contrasts = c("contr.treatment", "contr.poly"))

## within: satisfaction_s1..s3; paired s1, s2; mixed with gender
w <- read.csv("data/wave-within.csv"); cbw <- read.csv("data/wave-within.codebook.csv", stringsAsFactors = FALSE)
for (s in 1:3) w[[paste0("s", s)]] <- score(w, cbw, paste0("satisfaction_s", s))
rm_rows <- function(fit, term, corr = TRUE) {
  s <- summary(fit$Anova, multivariate = FALSE); u <- unclass(s$univariate.tests); a <- fit$anova_table
  F <- u[term, "F value"]; df1 <- u[term, "num Df"]; df2 <- u[term, "den Df"]; ss <- u[term, "Sum Sq"]; sse <- u[term, "Error SS"]
  base <- list(term = sub("phase", "condition", term), ss = ss, F = F, ss_error = sse, partial_eta2 = ss / (ss + sse),
               ges = a[sub("phase", "phase", term), "ges"])
  if (!corr) return(list(c(base, list(correction = "none", df1 = df1, df2 = df2, p = u[term, "Pr(>F)"]))))
  pa <- unclass(s$pval.adjustments); gg <- pa[term, "GG eps"]; hf <- pa[term, "HF eps"]
  lapply(list(c("none", 1, u[term, "Pr(>F)"]), c("greenhouse-geisser", gg, pa[term, "Pr(>F[GG])"]),
              c("huynh-feldt", min(1, hf), pa[term, "Pr(>F[HF])"]),
              c("lower-bound", 1 / df1, pf(F, 1, df2 / df1, lower.tail = FALSE))),
         function(r) { e <- as.numeric(r[2]); c(base, list(correction = r[1], epsilon = e, df1 = e * df1, df2 = e * df2, p = as.numeric(r[3]))) })
}
sph <- function(fit, n_e) {
  s <- summary(fit$Anova, multivariate = FALSE); m <- unclass(s$sphericity.tests); pa <- unclass(s$pval.adjustments)
  W <- m[1, "Test statistic"]; p <- 2; rho <- 1 - (2 * p^2 + p + 2) / (6 * p * n_e)
  list(W = W, chi2 = -n_e * rho * log(W), df = p * (p + 1) / 2 - 1, p = m[1, "p-value"],
       gg_epsilon = pa[1, "GG eps"], hf_epsilon = pa[1, "HF eps"], lb_epsilon = 0.5)
}
cc <- w[complete.cases(w[, c("s1", "s2", "s3")]), ]
long <- reshape(cc[, c("id", "gender", "s1", "s2", "s3")], direction = "long", varying = c("s1", "s2", "s3"),
                v.names = "y", timevar = "phase", times = c("s1", "s2", "s3"), idvar = "id")
long$phase <- factor(long$phase); long$id <- factor(long$id); long$gender <- factor(long$gender)
fit <- aov_ez("id", "y", long, within = "phase", type = 3)
Y <- as.matrix(cc[, c("s1", "s2", "s3")]); fr <- friedman.test(Y)
rks <- t(apply(Y, 1, rank))
names3 <- paste0("satisfaction_s", 1:3)
conds <- lapply(1:3, function(j) c(list(name = names3[j]), summ(Y[, j]), list(mean_rank = mean(rks[, j]))))
pw <- list()
for (i in 1:2) for (j in (i + 1):3) {
  tt <- t.test(Y[, j], Y[, i], paired = TRUE, conf.level = 1 - .05 / 3)
  pw[[length(pw) + 1]] <- list(a = names3[j], b = names3[i], diff = unname(tt$estimate), se = unname(tt$stderr),
    t = unname(tt$statistic), df = unname(tt$parameter), p = min(1, 3 * tt$p.value), llci = tt$conf.int[1],
    ulci = tt$conf.int[2], dz = mean(Y[, j] - Y[, i]) / sd(Y[, j] - Y[, i]))
}
out(list(design = "within", input = list(rows = nrow(w), used = nrow(cc)), excluded = nrow(w) - nrow(cc),
         conditions = conds, anova = list(terms = rm_rows(fit, "phase")), sphericity = sph(fit, nrow(cc) - 1),
         friedman = list(chi2 = unname(fr$statistic), df = unname(fr$parameter), p = fr$p.value,
                         kendall_w = unname(fr$statistic) / (nrow(cc) * 2)),
         pairwise = pw), "compare-within.json")

mx <- aov_ez("id", "y", long, within = "phase", between = "gender", type = 3)
gl <- levels(long$gender); glab <- c("1" = "Female", "2" = "Male")
cells <- list()
for (g in gl) for (j in 1:3) cells[[length(cells) + 1]] <- c(list(level = g, label = unname(glab[g]), condition = names3[j]),
                                                        summ(Y[cc$gender == as.integer(g), j]))
out(list(design = "mixed", between = "gender", input = list(used = nrow(cc)),
         groups = lapply(gl, function(g) list(level = g, label = unname(glab[g]), n = sum(cc$gender == as.integer(g)))),
         cells = cells,
         anova = list(terms = c(rm_rows(mx, "phase"), lapply(rm_rows(mx, "gender:phase"), function(r) { r$term <- "condition:gender"; r$ges <- mx$anova_table["gender:phase", "ges"]; r }),
                                rm_rows(mx, "gender", corr = FALSE))),
         sphericity = sph(mx, nrow(cc) - 2)), "compare-mixed.json")

pc <- w[complete.cases(w[, c("s1", "s2")]), ]
tt <- t.test(pc$s2, pc$s1, paired = TRUE)
wx <- wilcox.test(pc$s2, pc$s1, paired = TRUE, exact = FALSE, correct = TRUE)
dd <- pc$s2 - pc$s1; nz <- dd[dd != 0]; r <- rank(abs(nz))
out(list(design = "within", input = list(used = nrow(pc)), excluded = nrow(w) - nrow(pc),
         paired_t = list(a = "satisfaction_s2", b = "satisfaction_s1", n = nrow(pc), diff = unname(tt$estimate), sd = sd(dd),
                         se = unname(tt$stderr), t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value,
                         llci = tt$conf.int[1], ulci = tt$conf.int[2], dz = mean(dd) / sd(dd)),
         wilcoxon = list(V = unname(wx$statistic), p = wx$p.value, rank_biserial = (sum(r[nz > 0]) - sum(r[nz < 0])) / sum(r),
                         n_nonzero = length(nz), zeros = sum(dd == 0))), "compare-paired.json")
cat("ok\n")
