# Reference values for tests/unit/test_manova.c (models/manova.h), R 4.2 with car 3.1.
#   Rscript scripts/ref/manova.R      (run from the repository root)
# Writes tests/fixtures/experiments/manova.json and iris_small.csv (three flowers per species:
# fewer cases per group than outcomes).
# Between-subjects: car::Manova(lm(cbind(...) ~ g + covariates)) (type II), the four statistics
# and their F approximations from car's own Pillai, Wilks, HL and Roy functions on the eigenvalues
# of E^-1 H as car's print method takes them (checked against summary.manova without covariates);
# the univariate follow-ups as car::Anova(lm(y ~ g + covariates)). Box's M by its published formula
# (Box 1949, as biotools::boxM and heplots::boxM, neither in Debian: chi2 = M (1 - c1)), checked
# against bartlett.test() for one outcome, whose statistic is M / (1 + c1) with the same M and c1.
# Repeated measures: car::Anova(lm(cbind(...) ~ group), idata, idesign = ~cond, type = 3) with
# contr.sum, summary(multivariate = TRUE); without groups Hotelling's T^2 by its formula as well.
suppressMessages({ library(jsonlite); library(car) })
source("scripts/ref/experiments_data.R")

mv_tests <- function(h) {
  eig <- Re(eigen(qr.coef(qr(h$SSPE), h$SSPH), symmetric = FALSE)$values)
  one <- function(fun) { r <- fun(eig, h$df, h$df.residual)
    list(stat = r[1], F = r[2], df1 = r[3], df2 = r[4], p = pf(r[2], r[3], r[4], lower.tail = FALSE)) }
  list(q = unname(h$df), df_error = h$df.residual, eigen = sort(eig, decreasing = TRUE),
       pillai = one(car:::Pillai), wilks = one(car:::Wilks), hotelling = one(car:::HL), roy = one(car:::Roy))
}
boxm <- function(Y, g) {
  g <- factor(g); p <- ncol(Y); k <- nlevels(g); n <- as.vector(table(g)); N <- nrow(Y)
  S <- lapply(levels(g), function(l) cov(Y[g == l, , drop = FALSE]))
  Sp <- Reduce(`+`, Map(function(s, ni) (ni - 1) * s, S, n)) / (N - k)
  ld <- sapply(S, function(s) as.numeric(determinant(s)$modulus)); ldp <- as.numeric(determinant(Sp)$modulus)
  M <- (N - k) * ldp - sum((n - 1) * ld)
  c1 <- (sum(1 / (n - 1)) - 1 / (N - k)) * (2 * p^2 + 3 * p - 1) / (6 * (p + 1) * (k - 1))
  chi2 <- M * (1 - c1); df <- p * (p + 1) * (k - 1) / 2
  list(M = M, c1 = c1, chi2 = chi2, df = df, p = pchisq(chi2, df, lower.tail = FALSE), log_det = c(ld, ldp))
}
manova_case <- function(file, d, ys, g, covs = character(0), box = TRUE) {
  d$g <- factor(d[[g]])
  options(contrasts = c("contr.sum", "contr.poly"))
  rhs <- c("g", covs)
  fit <- lm(reformulate(rhs, paste0("cbind(", paste(ys, collapse = ", "), ")")), data = d)
  s <- summary(Manova(fit), univariate = FALSE)$multivariate.tests
  uni <- lapply(ys, function(y) { a <- Anova(lm(reformulate(rhs, y), data = d), type = 2)
    list(ss = a["g", "Sum Sq"], df = a["g", "Df"], ss_error = a["Residuals", "Sum Sq"],
         df_error = a["Residuals", "Df"], F = a["g", "F value"], p = a["g", "Pr(>F)"]) })
  options(contrasts = c("contr.treatment", "contr.poly"))
  list(file = file, outcomes = I(ys), group = g, covariates = I(covs), group_test = mv_tests(s$g),
       E = unname(s$g$SSPE), H = unname(s$g$SSPH),
       covariate_tests = lapply(covs, function(v) mv_tests(s[[v]])), univariate = uni,
       box = if (box) boxm(as.matrix(d[ys]), d$g))
}
within_case <- function(file, d, ys, g = NULL) {
  options(contrasts = c("contr.sum", "contr.poly"))
  lhs <- paste0("cbind(", paste(ys, collapse = ", "), ")")
  if (!is.null(g)) d$g <- factor(d[[g]])
  fit <- lm(as.formula(paste(lhs, if (is.null(g)) "~ 1" else "~ g")), data = d)
  idata <- data.frame(cond = factor(seq_along(ys)))
  s <- summary(Anova(fit, idata = idata, idesign = ~cond, type = 3), multivariate = TRUE,
               univariate = FALSE)$multivariate.tests
  options(contrasts = c("contr.treatment", "contr.poly"))
  out <- list(file = file, conditions = I(ys), group = if (is.null(g)) NA else g, within = mv_tests(s$cond),
              interaction = if (!is.null(g)) mv_tests(s$`g:cond`))
  if (is.null(g)) { # Hotelling's T^2 on the k - 1 successive differences
    D <- as.matrix(d[ys[-1]]) - as.matrix(d[ys[-length(ys)]]); n <- nrow(D); m <- colMeans(D)
    out$T2 <- n * drop(t(m) %*% solve(cov(D)) %*% m)
  }
  out
}

# Box's M for one outcome: Bartlett's M and correction
b1 <- boxm(as.matrix(iris_d["sepal_width"]), iris_d$species)
stopifnot(abs(b1$M / (1 + b1$c1) - bartlett.test(sepal_width ~ species, data = iris_d)$statistic) < 1e-10)

small <- exp_write(iris_d[c(1:3, 51:53, 101:103), ], "iris_small.csv")
flowers <- c("sepal_length", "sepal_width", "petal_length", "petal_width")
outcomes <- c("satisfaction", "negemo", "pwom")
obk <- read.csv("tests/fixtures/compare/obk.csv")
between <- list(
  manova_case("iris.csv", iris_d, flowers, "species"),
  manova_case("wave_between.csv", wave_between, outcomes, "scenario"),
  manova_case("wave_between.csv", wave_between, outcomes, "scenario", "trust"),
  manova_case("wave_between.csv", wave_between, outcomes, "scenario", c("trust", "involvement")),
  manova_case("iris_small.csv", small, flowers, "species", box = FALSE))
# without covariates car agrees with summary.manova
sm <- summary(manova(as.matrix(iris_d[flowers]) ~ factor(iris_d$species)), test = "Pillai")$stats
stopifnot(abs(sm[1, "approx F"] - between[[1]]$group_test$pillai$F) < 1e-9)
within <- list(
  within_case("wave_within.csv", wave_within, paste0("satisfaction_s", 1:3)),
  within_case("wave_within.csv", wave_within, paste0("negemo_s", 1:3), "gender"),
  within_case("../compare/obk.csv", obk, c("pre", "post", "fup"), "treatment"))
stopifnot(abs(within[[1]]$T2 - within[[1]]$within$hotelling$stat * within[[1]]$within$df_error) < 1e-8)
writeLines(toJSON(list(between = between, within = within), auto_unbox = TRUE, digits = NA, pretty = TRUE,
                  na = "null"), file.path(exp_dir, "manova.json"))
