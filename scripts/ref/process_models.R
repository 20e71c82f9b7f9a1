# The equations of every model PROCESS v4 numbers, written out as R formulas by hand from the
# equations of Hayes (2022, Appendix A) and the model matrix of PROCESS for R 4.3.1, independently
# of the C template table (models/process_model.c). Sourced by scripts/ref/process.R (OLS) and
# scripts/ref/process_logistic.R (a dichotomous Y), with the helpers both use; writes nothing.

pct <- function(x, q = c(.16, .5, .84)) quantile(x, q, type = 6, names = FALSE)
## PROCESS's probe values: a dichotomous moderator at its two values, else the percentiles
probe <- function(x) if (length(unique(x)) == 2) sort(unique(x)) else pct(x)

## coefficient names with the factors in the engine's order (X, W, Z, M1, ...; code columns X1, X2
## of a multicategorical X sort as X)
order_vars <- c("X", "W", "Z", paste0("M", 1:6))
canon <- function(nm) sapply(nm, function(s) {
  f <- strsplit(s, ":", fixed = TRUE)[[1]]
  base <- ifelse(grepl("^[XWZ][0-9]+$", f), substr(f, 1, 1), f)
  paste(f[order(match(base, order_vars))], collapse = ":")
}, USE.NAMES = FALSE)
## an lm fit's coefficients (by those names), SEs and model summary
eq_json <- function(fit, outcome, total = FALSE) {
  s <- summary(fit); cf <- s$coefficients; fs <- s$fstatistic
  list(outcome = outcome, total = total, terms = canon(rownames(cf)), b = unname(cf[, 1]), se = unname(cf[, 2]),
       r2 = s$r.squared, adj_r2 = s$adj.r.squared, F = unname(fs[1]), df1 = unname(fs[2]), df2 = unname(fs[3]))
}

## slope of antecedent column a in fit at point pt (a named list of every column's value): the
## difference of two model.matrix rows, returned as that row difference l with l'b and its SE
slope <- function(fit, a, pt) {
  tt <- delete.response(terms(fit)); p1 <- pt; p0 <- pt; p1[[a]] <- 1; p0[[a]] <- 0
  l <- model.matrix(tt, as.data.frame(p1)) - model.matrix(tt, as.data.frame(p0))
  list(est = sum(l * coef(fit)), se = sqrt(as.numeric(l %*% vcov(fit) %*% t(l))), l = l)
}

## indirect paths X -> M_i -> ... -> Y along the mediator equations' antecedents
paths_of <- function(eq, k) {
  if (k == 0) return(list())
  uses <- function(j, i) paste0("M", i) %in% all.vars(as.formula(paste("y ~", eq[[paste0("M", j)]])))
  grow <- function(p) {
    last <- p[length(p)]; nxt <- Filter(function(j) j > last && uses(j, last), seq_len(k))
    c(list(p), unlist(lapply(nxt, function(j) grow(c(p, j))), recursive = FALSE))
  }
  ps <- unlist(lapply(seq_len(k), function(j) grow(j)), recursive = FALSE)
  ps[order(sapply(ps, `[`, 1), sapply(ps, length), sapply(ps, paste, collapse = ","))]
}

## the models: P(number, k, mediator equation, Y equation) for parallel mediators, where M in the
## Y equation stands for each mediator in turn; S(number, M1 = , M2 = , ..., Y = ) written out
P <- function(number, k, m, y) list(number = number, eq = c(setNames(rep(list(m), k), paste0("M", seq_len(k))),
                                                             list(Y = expand_m(y, k))))
S <- function(number, ...) list(number = number, eq = list(...))
expand_m <- function(rhs, k) {
  terms <- trimws(strsplit(rhs, "+", fixed = TRUE)[[1]])
  paste(unlist(lapply(terms, function(t) {
    f <- strsplit(t, "[*:]")[[1]]
    if (!("M" %in% f)) return(t)
    sapply(seq_len(k), function(j) gsub("\\bM\\b", paste0("M", j), t, perl = TRUE))
  })), collapse = " + ")
}
models <- list(
  S(1, Y = "X*W"), S(2, Y = "X*W + X*Z"), S(3, Y = "X*W*Z"),
  P(4, 1, "X", "X + M"), P(4, 2, "X", "X + M"), P(5, 2, "X", "X*W + M"),
  S(6, M1 = "X", M2 = "X + M1", Y = "X + M1 + M2"),
  S(6, M1 = "X", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X + M1 + M2 + M3"),
  P(7, 1, "X*W", "X + M"), P(7, 2, "X*W", "X + M"), P(8, 2, "X*W", "X*W + M"),
  P(9, 2, "X*W + X*Z", "X + M"), P(10, 2, "X*W + X*Z", "X*W + X*Z + M"),
  P(11, 1, "X*W*Z", "X + M"), P(11, 2, "X*W*Z", "X + M"), P(12, 2, "X*W*Z", "X*W*Z + M"), P(13, 2, "X*W*Z", "X*W + M"),
  P(14, 1, "X", "X + M*W"), P(14, 2, "X", "X + M*W"), P(15, 2, "X", "X*W + M*W"),
  P(16, 2, "X", "X + M*W + M*Z"), P(17, 2, "X", "X*W + X*Z + M*W + M*Z"),
  P(18, 2, "X", "X + M*W*Z"), P(19, 2, "X", "X*W*Z + M*W*Z"), P(20, 2, "X", "X*W + M*W*Z"),
  P(21, 2, "X*W", "X + M*Z"), P(22, 2, "X*W", "X*W + M*Z"),
  P(28, 2, "X*W", "X*Z + M*Z"), P(29, 2, "X*W", "X*W + X*Z + M*Z"),
  P(58, 1, "X*W", "X + M*W"), P(58, 2, "X*W", "X + M*W"), P(59, 2, "X*W", "X*W + M*W"),
  P(60, 2, "X*W + X*Z", "X + M*W"), P(61, 2, "X*W + X*Z", "X*W + M*W"),
  P(62, 2, "X*W + X*Z", "X*Z + M*W"), P(63, 2, "X*W + X*Z", "X*W + X*Z + M*W"),
  P(64, 2, "X*W", "X + M*W + M*Z"), P(65, 2, "X*W", "X*W + M*W + M*Z"),
  P(66, 2, "X*W", "X*Z + M*W + M*Z"), P(67, 2, "X*W", "X*W + X*Z + M*W + M*Z"),
  P(68, 2, "X*W*Z", "X + M*W"), P(69, 2, "X*W*Z", "X*W*Z + M*W"),
  P(70, 2, "X*W", "X + M*W*Z"), P(71, 2, "X*W", "X*W*Z + M*W*Z"),
  P(72, 2, "X*W*Z", "X + M*W*Z"), P(73, 2, "X*W*Z", "X*W*Z + M*W*Z"),
  P(74, 2, "X", "X + M + X:M"),
  P(75, 2, "X*W + X*Z", "X + M*W + M*Z"), P(76, 2, "X*W + X*Z", "X*W + X*Z + M*W + M*Z"),
  S(80, M1 = "X", M2 = "X", M3 = "X + M1 + M2", Y = "X + M1 + M2 + M3"),
  S(81, M1 = "X", M2 = "X + M1", M3 = "X + M1", Y = "X + M1 + M2 + M3"),
  S(82, M1 = "X", M2 = "X + M1", M3 = "X", M4 = "X + M3", Y = "X + M1 + M2 + M3 + M4"),
  S(83, M1 = "X*W", M2 = "X + M1", Y = "X + M1 + M2"),
  S(84, M1 = "X*W", M2 = "X*W + M1", Y = "X + M1 + M2"),
  S(85, M1 = "X*W", M2 = "X*W + M1", Y = "X*W + M1 + M2"),
  S(86, M1 = "X*W", M2 = "X + M1", Y = "X*W + M1 + M2"),
  S(87, M1 = "X", M2 = "X + M1", Y = "X + M1 + M2*W"),
  S(88, M1 = "X", M2 = "X + M1", Y = "X + M1*W + M2*W"),
  S(89, M1 = "X", M2 = "X + M1", Y = "X*W + M1*W + M2*W"),
  S(90, M1 = "X", M2 = "X + M1", Y = "X*W + M1 + M2*W"),
  S(91, M1 = "X", M2 = "X + M1*W", Y = "X + M1 + M2"),
  S(92, M1 = "X*W", M2 = "X*W + M1*W", Y = "X*W + M1*W + M2*W"),
  ## 83-92 with three mediators in series (PROCESS takes 2 to 6): W on X -> M1 only in 83 and 86,
  ## on M3 -> Y only (the last mediator) in 87 and 90, on every M_i -> M_j in 91 and 92
  S(83, M1 = "X*W", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X + M1 + M2 + M3"),
  S(84, M1 = "X*W", M2 = "X*W + M1", M3 = "X*W + M1 + M2", Y = "X + M1 + M2 + M3"),
  S(85, M1 = "X*W", M2 = "X*W + M1", M3 = "X*W + M1 + M2", Y = "X*W + M1 + M2 + M3"),
  S(86, M1 = "X*W", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X*W + M1 + M2 + M3"),
  S(87, M1 = "X", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X + M1 + M2 + M3*W"),
  S(88, M1 = "X", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X + M1*W + M2*W + M3*W"),
  S(89, M1 = "X", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X*W + M1*W + M2*W + M3*W"),
  S(90, M1 = "X", M2 = "X + M1", M3 = "X + M1 + M2", Y = "X*W + M1 + M2 + M3*W"),
  S(91, M1 = "X", M2 = "X + M1*W", M3 = "X + M1*W + M2*W", Y = "X + M1 + M2 + M3"),
  S(92, M1 = "X*W", M2 = "X*W + M1*W", M3 = "X*W + M1*W + M2*W", Y = "X*W + M1*W + M2*W + M3*W"))
unmoderated <- c(4, 6, 80, 81, 82) # PROCESS reports the total effect of X in these
