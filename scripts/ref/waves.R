# Reference values for `surveykit waves` on three simulated waves, the second with a planted
# satisfaction shift of 0.5 (tests/cli/cases/report.sh makes them with
#   surveykit simulate --seed 101|102|103 [--shift 0.5] --n 300).
# Run from the repository root after writing the waves into DIR: Rscript scripts/ref/waves.R DIR
suppressMessages({library(jsonlite); library(psych)})
dir <- commandArgs(TRUE)[1]
scales <- list(involvement = list(paste0("inv_", 1:5), "inv_4"), trust = list(paste0("tru_", 1:5), "tru_3"),
               satisfaction = list(paste0("sat_", 1:5), "sat_2"), negemo = list(paste0("neg_", 1:4), character()),
               pwom = list(paste0("pwom_", 1:4), character()))
waves <- lapply(1:3, function(i) read.csv(file.path(dir, sprintf("w%d.csv", i))))
lab <- sprintf("wave-%d", 1:3)
score <- function(d, s) { x <- d[, s[[1]]]; for (r in s[[2]]) x[[r]] <- 8 - x[[r]]; rowMeans(x) }
alpha_n <- function(d, s) { x <- d[, s[[1]]]; for (r in s[[2]]) x[[r]] <- 8 - x[[r]]; x <- na.omit(x)
  c(psych::alpha(x, warnings = FALSE)$total$raw_alpha, nrow(x)) }
feldt <- function(a1, n1, a2, n2) { if (a1 >= a2) { hi <- a1; nh <- n1; lo <- a2; nl <- n2 } else { hi <- a2; nh <- n2; lo <- a1; nl <- n1 }
  w <- (1 - lo) / (1 - hi); min(1, 2 * pf(w, nh - 1, nl - 1, lower.tail = FALSE)) }
mp <- list(); ap <- list(); mt <- list(); ps <- c()
for (s in names(scales)) {
  y <- lapply(waves, score, s = scales[[s]])
  g <- factor(rep(lab, sapply(y, length))); yy <- unlist(y)
  a <- oneway.test(yy ~ g, var.equal = TRUE); w <- oneway.test(yy ~ g)
  mt[[length(mt) + 1]] <- list(scale = s, F = unname(a$statistic), p = a$p.value, welch_F = unname(w$statistic),
                               welch_df2 = unname(w$parameter[2]), welch_p = w$p.value)
  for (i in 1:2) for (j in (i + 1):3) {
    tt <- t.test(y[[j]], y[[i]])
    mp[[length(mp) + 1]] <- list(scale = s, a = lab[i], b = lab[j], diff = unname(tt$estimate[1] - tt$estimate[2]),
                                 t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value)
  }
}
for (s in names(scales)) {
  an <- sapply(waves, alpha_n, s = scales[[s]])
  for (i in 1:2) for (j in (i + 1):3)
    ap[[length(ap) + 1]] <- list(scale = s, a = lab[i], b = lab[j], diff = an[1, j] - an[1, i],
                                 p = feldt(an[1, i], an[2, i], an[1, j], an[2, j]))
}
# key coefficients: each trait's slope in lm(outcome ~ involvement + trust) and the interaction
# terms of lm(outcome ~ factor(scenario) * trait), rows complete on every variable of the model
# (and on scenario for the regressions, which surveykit fits with --by scenario)
cp <- list()
coefs <- function(d, f, terms, need) {
  sc <- lapply(names(scales), function(s) score(d, scales[[s]])); names(sc) <- names(scales)
  x <- data.frame(sc, scenario = d$scenario); x <- x[complete.cases(x[, need]), ]
  co <- summary(lm(f, data = x))$coefficients
  co[terms, 1:2, drop = FALSE]
}
for (o in c("satisfaction", "negemo", "pwom")) {
  f <- as.formula(paste(o, "~ involvement + trust"))
  cs <- lapply(waves, coefs, f = f, terms = c("involvement", "trust"), need = c(o, "involvement", "trust", "scenario"))
  for (t in 1:2) for (i in 1:2) for (j in (i + 1):3) {
    z <- (cs[[j]][t, 1] - cs[[i]][t, 1]) / sqrt(cs[[i]][t, 2]^2 + cs[[j]][t, 2]^2)
    cp[[length(cp) + 1]] <- list(model = paste0("regress-", o), diff = cs[[j]][t, 1] - cs[[i]][t, 1], z = z,
                                 p = 2 * pnorm(-abs(z)))
  }
}
for (o in c("satisfaction", "negemo", "pwom")) for (w in c("involvement", "trust")) {
  f <- as.formula(paste(o, "~ factor(scenario) *", w))
  terms <- paste0("factor(scenario)", 2:3, ":", w)
  cs <- lapply(waves, coefs, f = f, terms = terms, need = c(o, w, "scenario"))
  for (t in 1:2) for (i in 1:2) for (j in (i + 1):3) {
    z <- (cs[[j]][t, 1] - cs[[i]][t, 1]) / sqrt(cs[[i]][t, 2]^2 + cs[[j]][t, 2]^2)
    cp[[length(cp) + 1]] <- list(model = paste0("moderate-", o, "-by-", w), diff = cs[[j]][t, 1] - cs[[i]][t, 1],
                                 z = z, p = 2 * pnorm(-abs(z)))
  }
}
# one Holm family: every mean pair, alpha pair and coefficient pair (Holm does not depend on order)
allp <- c(sapply(mp, `[[`, "p"), sapply(ap, `[[`, "p"), sapply(cp, `[[`, "p"))
adj <- p.adjust(allp, "holm")
for (k in seq_along(mp)) mp[[k]]$p_holm <- adj[k]
for (k in seq_along(ap)) ap[[k]]$p_holm <- adj[length(mp) + k]
for (k in seq_along(cp)) cp[[k]]$p_holm <- adj[length(mp) + length(ap) + k]
# surveykit lists, per scale, its mean pairs then its alpha pairs; match that order
mp_by <- split(mp, sapply(mp, `[[`, "scale"))[names(scales)]
ap_by <- split(ap, sapply(ap, `[[`, "scale"))[names(scales)]
out <- list(mean_tests = mt, mean_pairs = unname(unlist(mp_by, recursive = FALSE)),
            alpha_pairs = unname(unlist(ap_by, recursive = FALSE)), coefficient_pairs = cp)
write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/cli/expected/waves-3.json")
cat("flagged:", sum(adj < 0.05), "\n")
