# Reference values for models/harman: tests/fixtures/harman.json.
# Harman's single-factor test on all the items of the codebook's scales (reverse-keyed items
# scored min + max - x, complete cases) of psych's bfi (tests/fixtures/bfi.csv) and the bundled
# wave (data/wave-between.csv): the first eigenvalue of the item correlation matrix over the
# number of items (the first unrotated principal component's share of the total variance,
# eigen(cor(x))), and the variance of a single principal-axis factor over the number of items
# (psych 2.2.9: fa(x, nfactors = 1, rotate = "none", fm = "pa"), its "Proportion Var").
# Run from the repository root: Rscript scripts/ref/harman.R
suppressMessages({ library(psych); library(jsonlite) })
options(warn = 1)
out <- function(x, f) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE), f)

items_of <- function(data_file, codebook_file) {
  d <- read.csv(data_file)
  cb <- read.csv(codebook_file, colClasses = "character")
  it <- cb[cb$role == "item", ]
  x <- d[it$column]
  rev <- it$reverse == "yes"
  x[rev] <- mapply(function(v, lo, hi) as.numeric(lo) + as.numeric(hi) - v, x[rev], it$min[rev], it$max[rev])
  list(x = na.omit(x), items = unname(split(it$column, factor(it$scale, unique(it$scale)))))
}

harman <- function(s) {
  R <- cor(s$x); p <- ncol(R)
  ev <- eigen(R, symmetric = TRUE, only.values = TRUE)$values
  f <- suppressMessages(suppressWarnings(fa(s$x, nfactors = 1, rotate = "none", fm = "pa")))
  l <- as.vector(f$loadings[, 1])
  list(n = nrow(s$x), p = p, items = s$items, eigen1 = ev[1], share_pc = ev[1] / p,
       ss_pa = sum(l^2), share_pa = f$Vaccounted["Proportion Var", 1], loadings = abs(l))
}

out(list(bfi = harman(items_of("tests/fixtures/bfi.csv", "tests/fixtures/bfi.codebook.csv")),
         wave_between = harman(items_of("data/wave-between.csv", "data/wave-between.codebook.csv"))),
    "tests/fixtures/harman.json")
