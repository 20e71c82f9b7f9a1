# Reference values for models/htmt: tests/fixtures/htmt.json.
# semTools::htmt (version 0.5-6: arguments missing = "listwise", absolute = TRUE, htmt2 = TRUE;
# with htmt2 = TRUE the correlations are always taken in absolute value) for one construct per
# codebook scale, with reverse-keyed items scored min + max - x, on psych's bfi
# (tests/fixtures/bfi.csv) and the bundled wave (data/wave-between.csv), complete cases over all
# the items. Three variants each: HTMT (absolute = TRUE, htmt2 = FALSE), HTMT2 (htmt2 = TRUE) and
# the signed HTMT (absolute = FALSE, htmt2 = FALSE). Then a percentile bootstrap of both ratios on
# the wave (B = 20000 case resamples, so that the reference's own Monte-Carlo error is small),
# with the ratios computed by the same formulas from each resample's correlation matrix.
# Run from the repository root: Rscript scripts/ref/htmt.R
suppressMessages({ library(semTools); library(jsonlite) })
options(warn = 2)
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)

# Items of each scale, reverse-keyed items reversed, complete cases.
items_of <- function(data_file, codebook_file) {
  d <- read.csv(data_file)
  cb <- read.csv(codebook_file, colClasses = "character")
  it <- cb[cb$role == "item", ]
  x <- d[it$column]
  rev <- it$reverse == "yes"
  x[rev] <- mapply(function(v, lo, hi) as.numeric(lo) + as.numeric(hi) - v, x[rev], it$min[rev], it$max[rev])
  scales <- unique(it$scale)
  list(x = na.omit(x), scales = scales, items = split(it$column, factor(it$scale, scales)))
}

model_of <- function(s) paste(sprintf("%s =~ %s", names(s$items), sapply(s$items, paste, collapse = " + ")),
                              collapse = "\n")

ratios <- function(s) {
  m <- model_of(s)
  h <- function(...) unname(unclass(htmt(m, s$x, ...)))
  list(n = nrow(s$x), scales = s$scales, items = unname(s$items),
       htmt = h(htmt2 = FALSE), htmt2 = h(htmt2 = TRUE), htmt_signed = h(absolute = FALSE, htmt2 = FALSE))
}

bfi <- items_of("tests/fixtures/bfi.csv", "tests/fixtures/bfi.codebook.csv")
wave <- items_of("data/wave-between.csv", "data/wave-between.codebook.csv")
ref <- list(bfi = ratios(bfi), wave_between = ratios(wave))

# Both ratios from a correlation matrix, by the formulas semTools uses (checked against it below).
from_cor <- function(R, items, geometric) {
  R <- abs(R); diag(R) <- NA
  avg <- if (geometric) function(v) exp(mean(log(v), na.rm = TRUE)) else function(v) mean(v, na.rm = TRUE)
  k <- length(items)
  mono <- sapply(items, function(i) avg(R[i, i]))
  h <- matrix(1, k, k)
  for (a in 1:k) for (b in 1:k) if (a != b) h[a, b] <- avg(R[items[[a]], items[[b]]]) / sqrt(mono[a] * mono[b])
  h
}
R <- cor(wave$x)
stopifnot(isTRUE(all.equal(from_cor(R, wave$items, FALSE), ref$wave_between$htmt, tolerance = 1e-12)),
          isTRUE(all.equal(from_cor(R, wave$items, TRUE), ref$wave_between$htmt2, tolerance = 1e-12)))
pairs <- which(upper.tri(diag(length(wave$items))), arr.ind = TRUE)
pairs <- pairs[order(pairs[, 1], pairs[, 2]), , drop = FALSE]
B <- 20000
set.seed(20261117)
draws <- t(replicate(B, {
  Rb <- cor(wave$x[sample.int(nrow(wave$x), replace = TRUE), ])
  c(from_cor(Rb, wave$items, FALSE)[pairs], from_cor(Rb, wave$items, TRUE)[pairs])
}))
ci <- apply(draws, 2, quantile, probs = c(.025, .975), names = FALSE)
np <- nrow(pairs)
ref$wave_between$boot <- list(B = B, pairs = pairs - 1,
                              htmt_llci = ci[1, 1:np], htmt_ulci = ci[2, 1:np],
                              htmt2_llci = ci[1, np + 1:np], htmt2_ulci = ci[2, np + 1:np],
                              htmt_se = apply(draws[, 1:np], 2, sd), htmt2_se = apply(draws[, np + 1:np], 2, sd))
out(ref, "tests/fixtures/htmt.json")
