# Reference values for models/moderation and models/johnson_neyman beyond ref.R:
# tests/fixtures/models/moderation.json. Run from the repository root:
#   Rscript scripts/ref/moderation.R
# Needs r-base-core, r-cran-sandwich, r-cran-car, r-cran-jsonlite.
suppressMessages({ library(jsonlite); library(sandwich); library(car) })
g <- read.csv("tests/fixtures/reference/glbwarm.csv")
p <- read.csv("tests/fixtures/reference/protest.csv")
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)
pct <- function(x, q = c(.16, .5, .84)) quantile(x, q, type = 6, names = FALSE)
# conditional effect of coefficient x plus sum of coefficients xw[j] * wv[j]
lc <- function(m, L, V = vcov(m)) {
  e <- sum(L * coef(m)); se <- sqrt(as.numeric(t(L) %*% V %*% L)); df <- m$df.residual; q <- qt(.975, df)
  list(effect = e, se = se, t = e / se, p = 2 * pt(-abs(e / se), df), llci = e - q * se, ulci = e + q * se)
}
Lvec <- function(m, terms, vals) { L <- setNames(rep(0, length(coef(m))), names(coef(m))); L[terms] <- vals; L }
coefs <- function(m) { s <- summary(m)$coefficients; data.frame(term = rownames(s), b = s[, 1], se = s[, 2], row.names = NULL) }
r2ch <- function(full, red) { a <- anova(red, full)
  list(r2_change = summary(full)$r.squared - summary(red)$r.squared, F = a$F[2], df1 = a$Df[2], df2 = a$Res.Df[2], p = a$`Pr(>F)`[2]) }
jn_all <- function(m, x, xw, V = vcov(m)) {
  b <- coef(m); tc <- qt(.975, m$df.residual)
  a <- tc^2 * V[xw, xw] - b[xw]^2; bb <- 2 * (tc^2 * V[x, xw] - b[x] * b[xw]); cc <- tc^2 * V[x, x] - b[x]^2
  d <- bb^2 - 4 * a * cc; if (d < 0) return(numeric(0)); unname(sort(c((-bb - sqrt(d)) / (2 * a), (-bb + sqrt(d)) / (2 * a))))
}

## A. glbwarm model 1 with HC3: conditional effects at the percentiles of age
m1 <- lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, data = g)
wv <- pct(g$age)
hc3 <- lapply(wv, function(w) c(w = w, lc(m1, Lvec(m1, c("negemot", "negemot:age"), c(1, w)), vcovHC(m1, type = "HC3"))))
jn_glb <- jn_all(m1, "negemot", "negemot:age")
## simple slopes: yhat at negemot percentiles x age percentiles, covariates at their means
xv <- pct(g$negemot)
ss <- do.call(rbind, lapply(xv, function(x) do.call(rbind, lapply(wv, function(w)
  data.frame(x = x, w = w, yhat = unname(predict(m1, data.frame(negemot = x, age = w, posemot = mean(g$posemot),
                                                             ideology = mean(g$ideology), sex = mean(g$sex)))))))))
## centred model 1
gc <- g; gc$negemot <- g$negemot - mean(g$negemot); gc$age <- g$age - mean(g$age)
m1c <- lm(govact ~ negemot + age + negemot:age + posemot + ideology + sex, data = gc)
wvc <- pct(gc$age)
cec <- lapply(wvc, function(w) c(w = w, lc(m1c, Lvec(m1c, c("negemot", "negemot:age"), c(1, w)))))

## B. protest dichotomous X (protest > 0) x sexism -> liking: two JN points inside the range
p$D <- as.numeric(p$protest > 0)
md <- lm(liking ~ D + sexism + D:sexism, data = p)
jd <- jn_all(md, "D", "D:sexism"); rg <- range(p$sexism)
grid <- sort(c(seq(rg[1], rg[2], length.out = 21), jd))
jn_table <- lapply(grid, function(w) c(w = w, lc(md, Lvec(md, c("D", "D:sexism"), c(1, w)))))
shares <- lapply(jd, function(r) list(w = r, below = 100 * mean(p$sexism < r), above = 100 * mean(p$sexism > r)))

## C. one root inside: govact ~ age * posemot (X = age, W = posemot); D. no real roots: posemot * age
mc <- lm(govact ~ age * posemot, data = g)
mn <- lm(govact ~ posemot * age, data = g)

## E. omnibus JN for the 3-level protest x sexism: where F(w) crosses its critical value
p$D1 <- as.numeric(p$protest == 1); p$D2 <- as.numeric(p$protest == 2)
mm <- lm(liking ~ D1 + D2 + sexism + D1:sexism + D2:sexism, data = p)
Fw <- function(w) { L <- matrix(0, 2, 6, dimnames = list(NULL, names(coef(mm))))
  L[1, "D1"] <- 1; L[1, "D1:sexism"] <- w; L[2, "D2"] <- 1; L[2, "D2:sexism"] <- w
  th <- L %*% coef(mm); as.numeric(t(th) %*% solve(L %*% vcov(mm) %*% t(L)) %*% th) / 2 }
fc <- qf(.95, 2, mm$df.residual)
ws <- seq(min(p$sexism), max(p$sexism), length.out = 4001); fv <- sapply(ws, Fw) - fc
omni_pts <- sapply(which(diff(sign(fv)) != 0), function(i) uniroot(function(w) Fw(w) - fc, ws[i + 0:1], tol = 1e-12)$root)
omni_at <- lapply(c(4, 5.5), function(w) list(w = w, F = Fw(w), p = pf(Fw(w), 2, mm$df.residual, lower.tail = FALSE)))

## F. model 2: X = negemot, W = age, Z = sex, covariates posemot ideology
m2 <- lm(govact ~ negemot + age + negemot:age + sex + negemot:sex + posemot + ideology, data = g)
m2_noxw <- lm(govact ~ negemot + age + sex + negemot:sex + posemot + ideology, data = g)
m2_noxz <- lm(govact ~ negemot + age + negemot:age + sex + posemot + ideology, data = g)
m2_none <- lm(govact ~ negemot + age + sex + posemot + ideology, data = g)
ce2 <- do.call(c, lapply(wv, function(w) lapply(c(0, 1), function(z)
  c(w = w, z = z, lc(m2, Lvec(m2, c("negemot", "negemot:age", "negemot:sex"), c(1, w, z)))))))

## G. model 3: X = negemot, W = age, Z = sex, covariates posemot ideology
m3 <- lm(govact ~ negemot + age + negemot:age + sex + negemot:sex + age:sex + negemot:age:sex + posemot + ideology, data = g)
m3_red <- lm(govact ~ negemot + age + negemot:age + sex + negemot:sex + age:sex + posemot + ideology, data = g)
ce3 <- do.call(c, lapply(wv, function(w) lapply(c(0, 1), function(z)
  c(w = w, z = z, lc(m3, Lvec(m3, c("negemot", "negemot:age", "negemot:sex", "negemot:age:sex"), c(1, w, z, w * z)))))))
xw_at_z <- lapply(c(0, 1), function(z) c(z = z, lc(m3, Lvec(m3, c("negemot:age", "negemot:age:sex"), c(1, z)))))
# JN of the conditional X:W interaction over Z is not asked of a dichotomous Z

## K. categorical W: X = sexism, W = protest (3 levels) -> liking
mw <- lm(liking ~ sexism + D1 + D2 + sexism:D1 + sexism:D2, data = p)
cew <- lapply(list(c(0, 0), c(1, 0), c(0, 1)), function(d) lc(mw, Lvec(mw, c("sexism", "sexism:D1", "sexism:D2"), c(1, d))))

out(list(
  glbwarm_hc3 = hc3, glbwarm_jn_roots = jn_glb, glbwarm_simple_slopes = ss,
  glbwarm_centered = list(coefficients = coefs(m1c), w = wvc, conditional_effects = cec),
  protest_dich = list(coefficients = coefs(md), roots = jd, range = rg, table = jn_table, shares = shares),
  one_root = list(roots = jn_all(mc, "age", "age:posemot"), range = range(g$posemot)),
  no_root = list(roots = jn_all(mn, "posemot", "posemot:age")),
  omnibus_jn = list(points = omni_pts, f_crit = fc, at = omni_at),
  model2 = list(coefficients = coefs(m2), r2 = summary(m2)$r.squared, xw = r2ch(m2, m2_noxw), xz = r2ch(m2, m2_noxz),
                both = r2ch(m2, m2_none), conditional_effects = ce2),
  model3 = list(coefficients = coefs(m3), r2 = summary(m3)$r.squared, xwz = r2ch(m3, m3_red),
                conditional_effects = ce3, xw_at_z = xw_at_z),
  categorical_w = list(coefficients = coefs(mw), conditional_effects = cew)),
  "tests/fixtures/models/moderation.json")
cat("ok\n")
