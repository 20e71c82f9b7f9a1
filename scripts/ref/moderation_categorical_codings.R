# Reference values for tests/unit/test_moderation.c's moderation_categorical_codings_* tests: the
# conditional-process engine (models/process_*.h) fitting PROCESS models 2 and 3 as moderate asks
# for them, with a categorical (indicator-coded) Z, and a categorical X with a categorical W
# together (PROCESS's mcx and mcw, which PROCESS itself does not allow at once).
# tests/fixtures/models/moderation_categorical_codings.json. Run from the repository root:
#   Rscript scripts/ref/moderation_categorical_codings.R
# Needs r-base-core, r-cran-jsonlite. Conventions: lm; joint tests of interaction terms as
# anova(reduced, full) (the R2-change F of PROCESS's "test(s) of highest order unconditional
# interaction(s)", its BOTH row in model 2); conditional effects and the conditional X:W
# interaction as linear combinations of lm's coefficients with vcov(); percentiles type 6.
suppressMessages(library(jsonlite))
g <- read.csv("tests/fixtures/reference/glbwarm.csv")
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)
pct <- function(x, q = c(.16, .5, .84)) quantile(x, q, type = 6, names = FALSE)
lc <- function(m, L) {
  e <- sum(L * coef(m)); se <- sqrt(as.numeric(t(L) %*% vcov(m) %*% L)); df <- m$df.residual; q <- qt(.975, df)
  list(effect = e, se = se, t = e / se, p = 2 * pt(-abs(e / se), df), llci = e - q * se, ulci = e + q * se)
}
Lvec <- function(m, terms, vals) { L <- setNames(rep(0, length(coef(m))), names(coef(m))); L[terms] <- vals; L }
coefs <- function(m) { s <- summary(m)$coefficients; data.frame(term = rownames(s), b = s[, 1], se = s[, 2], row.names = NULL) }
r2ch <- function(full, red) { a <- anova(red, full)
  list(r2_change = summary(full)$r.squared - summary(red)$r.squared, F = a$F[2], df1 = a$Df[2], df2 = a$Res.Df[2], p = a$`Pr(>F)`[2]) }
wald <- function(m, L) { th <- L %*% coef(m); q <- nrow(L)
  F <- as.numeric(t(th) %*% solve(L %*% vcov(m) %*% t(L)) %*% th) / q
  list(F = F, df1 = q, df2 = m$df.residual, p = pf(F, q, m$df.residual, lower.tail = FALSE)) }
# indicator codes of partyid (levels 1, 2, 3; 1 the reference) and of sex (0, 1)
d <- data.frame(govact = g$govact, posemot = g$posemot, negemot = g$negemot, age = g$age,
                P2 = as.numeric(g$partyid == 2), P3 = as.numeric(g$partyid == 3), S1 = as.numeric(g$sex == 1))

## A. model 2: X = negemot, W = age, Z = partyid (categorical), covariate posemot; the design in the
## engine's order: X, W, X:W, Z_D1, Z_D2, X:Z_D1, X:Z_D2, posemot
a <- with(d, data.frame(govact, X = negemot, W = age, XW = negemot * age, Z1 = P2, Z2 = P3,
                        XZ1 = negemot * P2, XZ2 = negemot * P3, posemot))
m2 <- lm(govact ~ ., data = a)
m2_noxw <- lm(govact ~ . - XW, data = a)
m2_noxz <- lm(govact ~ . - XZ1 - XZ2, data = a)
m2_none <- lm(govact ~ . - XW - XZ1 - XZ2, data = a)
wv <- pct(d$age)
zc <- list(c(0, 0), c(1, 0), c(0, 1))
ce2 <- do.call(c, lapply(wv, function(w) lapply(zc, function(z)
  c(w = w, lc(m2, Lvec(m2, c("X", "XW", "XZ1", "XZ2"), c(1, w, z)))))))

## B. model 3: X = partyid (categorical), W = sex (categorical), Z = negemot, covariate posemot; the
## design: X_D1, X_D2, W_D1, X_D1:W_D1, X_D2:W_D1, Z, X_D1:Z, X_D2:Z, W_D1:Z, X_D1:W_D1:Z,
## X_D2:W_D1:Z, posemot
b <- with(d, data.frame(govact, X1 = P2, X2 = P3, W1 = S1, X1W1 = P2 * S1, X2W1 = P3 * S1, Z = negemot,
                        X1Z = P2 * negemot, X2Z = P3 * negemot, W1Z = S1 * negemot, X1W1Z = P2 * S1 * negemot,
                        X2W1Z = P3 * S1 * negemot, posemot))
m3 <- lm(govact ~ ., data = b)
m3_red <- lm(govact ~ . - X1W1Z - X2W1Z, data = b)
zv <- pct(d$negemot)
# conditional effects of X's two columns, and their omnibus test, at each level of W x each Z
ce3 <- list(); om3 <- list()
for (wl in 0:1) for (z in zv) {
  L1 <- Lvec(m3, c("X1", "X1W1", "X1Z", "X1W1Z"), c(1, wl, z, wl * z))
  L2 <- Lvec(m3, c("X2", "X2W1", "X2Z", "X2W1Z"), c(1, wl, z, wl * z))
  ce3[[length(ce3) + 1]] <- c(w = wl, z = z, col = 0, lc(m3, L1))
  ce3[[length(ce3) + 1]] <- c(w = wl, z = z, col = 1, lc(m3, L2))
  om3[[length(om3) + 1]] <- c(w = wl, z = z, wald(m3, rbind(L1, L2)))
}
# the conditional X:W interaction (each X column by W's column) at each Z
xw3 <- do.call(c, lapply(zv, function(z) list(
  c(z = z, col = 0, lc(m3, Lvec(m3, c("X1W1", "X1W1Z"), c(1, z)))),
  c(z = z, col = 1, lc(m3, Lvec(m3, c("X2W1", "X2W1Z"), c(1, z)))))))
# predicted govact at X level x W level x Z (posemot at its mean)
px <- list(c(0, 0), c(1, 0), c(0, 1))
yhat3 <- list()
for (x in px) for (wl in 0:1) for (z in zv) {
  nd <- data.frame(X1 = x[1], X2 = x[2], W1 = wl, X1W1 = x[1] * wl, X2W1 = x[2] * wl, Z = z, X1Z = x[1] * z,
                   X2Z = x[2] * z, W1Z = wl * z, X1W1Z = x[1] * wl * z, X2W1Z = x[2] * wl * z, posemot = mean(d$posemot))
  yhat3[[length(yhat3) + 1]] <- list(x1 = x[1], x2 = x[2], w = wl, z = z, yhat = unname(predict(m3, nd)))
}

out(list(
  model2 = list(coefficients = coefs(m2), r2 = summary(m2)$r.squared, w = wv, xw = r2ch(m2, m2_noxw),
                xz = r2ch(m2, m2_noxz), both = r2ch(m2, m2_none), conditional_effects = ce2),
  model3 = list(coefficients = coefs(m3), r2 = summary(m3)$r.squared, z = zv, xwz = r2ch(m3, m3_red),
                conditional_effects = ce3, omnibus = om3, xw_at_z = xw3, yhat = yhat3)),
  "tests/fixtures/models/moderation_categorical_codings.json")
cat("ok\n")
