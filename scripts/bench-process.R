# The R side of scripts/bench-process: model 58 on the same 1,000 cases with 5,000 case-bootstrap
# resamples by a bare loop of lm.fit over the two equations' model matrices, the conditional
# indirect effects at W's percentiles from each; prints the seconds of the loop on the last line.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
Xm <- cbind(1, d$x, d$w, d$x * d$w); Xy <- cbind(1, d$x, d$m, d$w, d$m * d$w)
wq <- quantile(d$w, c(.16, .5, .84), type = 6)
set.seed(1)
t <- system.time(for (r in 1:5000) {
  i <- sample.int(nrow(d), replace = TRUE)
  a <- lm.fit(Xm[i, ], d$m[i])$coefficients; b <- lm.fit(Xy[i, ], d$y[i])$coefficients
  ind <- (a[2] + a[4] * wq) * (b[3] + b[5] * wq)
})[["elapsed"]]
cat(sprintf("%.3f\n", t))
