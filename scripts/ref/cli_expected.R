# Expected JSON (DESIGN.md's contract) for the CLI cases of regress, moderate and mediate:
# tests/cli/expected/{regress,moderate,mediate}-*.json. Values from lm (and sandwich/car) on the
# shared reference data; term names and row order as surveykit writes them (PROCESS order).
# Run from the repository root: Rscript scripts/ref/cli_expected.R
suppressMessages({ library(jsonlite); library(sandwich); library(car) })
g <- read.csv("tests/fixtures/reference/glbwarm.csv")
p <- read.csv("tests/fixtures/reference/protest.csv")
ex <- "tests/cli/expected"
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), file.path(ex, f))
pct <- function(x, q = c(.16, .5, .84)) quantile(x, q, type = 6, names = FALSE)
# coefficient rows in the order of `terms` (R names) written with the names `as`
coefs <- function(m, terms, as, V = vcov(m), beta = TRUE) {
  b <- coef(m); se <- sqrt(diag(V)); df <- m$df.residual; q <- qt(.975, df)
  mf <- model.matrix(m); sy <- sd(model.response(model.frame(m)))
  do.call(rbind, lapply(seq_along(terms), function(i) {
    t <- terms[i]
    data.frame(term = as[i], b = b[t], se = se[t], t = b[t] / se[t], p = 2 * pt(-abs(b[t] / se[t]), df),
               llci = b[t] - q * se[t], ulci = b[t] + q * se[t],
               beta = if (t == "(Intercept)") NA else b[t] * sd(mf[, t]) / sy, row.names = NULL)
  }))
}
summ <- function(m, V = NULL) {
  s <- summary(m); F <- unname(s$fstatistic[1]); df1 <- unname(s$fstatistic[2]); df2 <- unname(s$fstatistic[3])
  if (!is.null(V)) { i <- -1; b <- coef(m)[i]; F <- as.numeric(t(b) %*% solve(V[i, i]) %*% b) / df1 }
  list(r2 = s$r.squared, adj_r2 = s$adj.r.squared, F = F, df1 = df1, df2 = df2, p = pf(F, df1, df2, lower.tail = FALSE))
}
lc <- function(m, L, V = vcov(m)) {
  e <- sum(L * coef(m)); se <- sqrt(as.numeric(t(L) %*% V %*% L)); df <- m$df.residual; q <- qt(.975, df)
  list(effect = e, se = se, t = e / se, p = 2 * pt(-abs(e / se), df), llci = e - q * se, ulci = e + q * se)
}
Lv <- function(m, terms, vals) { L <- setNames(rep(0, length(coef(m))), names(coef(m))); L[terms] <- vals; L }
itest <- function(full, red) { a <- anova(red, full)
  list(r2_change = summary(full)$r.squared - summary(red)$r.squared, F = a$F[2], df1 = a$Df[2], df2 = a$Res.Df[2], p = a$`Pr(>F)`[2]) }

## regress glbwarm: govact on negemot posemot ideology age sex
m <- lm(govact ~ negemot + posemot + ideology + age + sex, data = g)
tr <- c("(Intercept)", "negemot", "posemot", "ideology", "age", "sex")
out(c(summ(m), list(coefficients = coefs(m, tr, tr),
                    collinearity = data.frame(term = tr[-1], tolerance = 1 / unname(vif(m)), vif = unname(vif(m))))),
    "regress-glbwarm.json")
V3 <- vcovHC(m, type = "HC3")
out(c(summ(m, V3), list(coefficients = coefs(m, tr, tr, V3))), "regress-glbwarm-hc3.json")

## moderate glbwarm: PROCESS model 1, X negemot, W age, covariates posemot ideology sex
m1 <- lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, data = g)
m0 <- lm(govact ~ negemot + age + posemot + ideology + sex, data = g)
t1 <- c("(Intercept)", "negemot", "age", "negemot:age", "posemot", "ideology", "sex")
ce <- function(m, wv, V = vcov(m)) do.call(rbind, lapply(wv, function(w) data.frame(w = w, lc(m, Lv(m, c("negemot", "negemot:age"), c(1, w)), V))))
wv <- pct(g$age); msd <- mean(g$age) + c(-1, 0, 1) * sd(g$age)
out(c(summ(m1), list(coefficients = coefs(m1, t1, t1), interaction_test = itest(m1, m0),
                     conditional_effects = ce(m1, wv), johnson_neyman = list(points = I(numeric(0))))),
    "moderate-glbwarm.json")
out(list(conditional_effects = ce(m1, msd)), "moderate-glbwarm-meansd.json")
H <- vcovHC(m1, type = "HC3")
out(c(list(coefficients = coefs(m1, t1, t1, H)), list(conditional_effects = ce(m1, wv, H))), "moderate-glbwarm-hc3.json")

## moderate protest: categorical X (protest 0/1/2), W sexism -> liking
p$D1 <- as.numeric(p$protest == 1); p$D2 <- as.numeric(p$protest == 2)
mp <- lm(liking ~ D1 + D2 + sexism + D1:sexism + D2:sexism, data = p)
mp0 <- lm(liking ~ D1 + D2 + sexism, data = p)
tp <- c("(Intercept)", "D1", "D2", "sexism", "D1:sexism", "D2:sexism")
ap <- c("(Intercept)", "protest=1", "protest=2", "sexism", "protest=1:sexism", "protest=2:sexism")
wp <- pct(p$sexism)
cep <- do.call(rbind, lapply(wp, function(w) do.call(rbind, lapply(1:2, function(d)
  data.frame(term = paste0("protest=", d), w = w, lc(mp, Lv(mp, c(paste0("D", d), paste0("D", d, ":sexism")), c(1, w))))))))
omni <- do.call(rbind, lapply(wp, function(w) {
  L <- matrix(0, 2, 6, dimnames = list(NULL, names(coef(mp))))
  L[1, "D1"] <- 1; L[1, "D1:sexism"] <- w; L[2, "D2"] <- 1; L[2, "D2:sexism"] <- w
  h <- linearHypothesis(mp, L); data.frame(w = w, F = h$F[2], df1 = 2, df2 = mp$df.residual, p = h$`Pr(>F)`[2]) }))
out(c(summ(mp), list(coefficients = coefs(mp, tp, ap), interaction_test = itest(mp, mp0),
                     conditional_effects = cep, omnibus = omni)), "moderate-protest-mcx.json")

## mediate glbwarm: model 4, X ideology, M negemot posemot, Y govact, covariates age sex
fa1 <- lm(negemot ~ ideology + age + sex, data = g); fa2 <- lm(posemot ~ ideology + age + sex, data = g)
fy <- lm(govact ~ ideology + negemot + posemot + age + sex, data = g); fc <- lm(govact ~ ideology + age + sex, data = g)
ta <- c("(Intercept)", "ideology", "age", "sex"); ty <- c("(Intercept)", "ideology", "negemot", "posemot", "age", "sex")
eff <- function(m) { s <- summary(m)$coefficients["ideology", ]; q <- qt(.975, m$df.residual)
  data.frame(effect = s[1], se = s[2], t = s[3], p = s[4], llci = s[1] - q * s[2], ulci = s[1] + q * s[2],
             c_ps = s[1] / sd(g$govact), c_cs = s[1] * sd(g$ideology) / sd(g$govact), row.names = NULL) }
a <- c(coef(fa1)["ideology"], coef(fa2)["ideology"]); b <- coef(fy)[c("negemot", "posemot")]
ind <- unname(a * b)
out(list(paths = list(c(list(outcome = "negemot"), summ(fa1), list(coefficients = coefs(fa1, ta, ta))),
                      c(list(outcome = "posemot"), summ(fa2), list(coefficients = coefs(fa2, ta, ta))),
                      c(list(outcome = "govact"), summ(fy), list(coefficients = coefs(fy, ty, ty)))),
         total_effect_model = c(summ(fc), list(coefficients = coefs(fc, ta, ta))),
         total_effect = eff(fc), direct_effect = eff(fy),
         indirect_effects = data.frame(mediator = c("negemot", "posemot", "total"), effect = c(ind, sum(ind))),
         completely_standardized_indirect = data.frame(mediator = c("negemot", "posemot", "total"),
                                                       effect = c(ind, sum(ind)) * sd(g$ideology) / sd(g$govact))),
    "mediate-glbwarm.json")
## regress glbwarm --blocks 'negemot,posemot;ideology' --cov age: each step's own lm (SPSS Model 1, 2, 3)
steps <- list(c("age"), c("age", "negemot", "posemot"), c("age", "negemot", "posemot", "ideology"))
out(list(blocks = lapply(seq_along(steps), function(s) {
  ms <- lm(reformulate(steps[[s]], "govact"), data = g); ts <- c("(Intercept)", steps[[s]])
  c(list(block = s, r2 = summary(ms)$r.squared), list(coefficients = coefs(ms, ts, ts)))
})), "regress-glbwarm-blocks.json")
cat("ok\n")
