# The regression benchmark's jobs in R (used by scripts/bench.d/models.sh):
#   boot FILE: PROCESS model 1 (satisfaction on trust x involvement) with 5,000 case-bootstrap
#              refits by a bare loop of lm.fit on the scores written by `surveykit score`;
#   ols FILE CB: read the wave, score satisfaction and trust, lm with scenario x trust.
# Prints the seconds of the timed part on the last line.
args <- commandArgs(trailingOnly = TRUE)
if (args[1] == "boot") {
  d <- na.omit(read.csv(args[2])[, c("satisfaction", "trust", "involvement")])
  X <- cbind(1, d$trust, d$involvement, d$trust * d$involvement); y <- d$satisfaction
  w <- quantile(d$involvement, c(.16, .5, .84), type = 6)
  set.seed(1)
  t <- system.time(for (r in 1:5000) {
    i <- sample.int(nrow(X), replace = TRUE)
    b <- lm.fit(X[i, ], y[i])$coefficients
    ce <- b[2] + b[4] * w
  })[["elapsed"]]
} else {
  t <- system.time({
    d <- read.csv(args[2]); cb <- read.csv(args[3], stringsAsFactors = FALSE)
    items <- cb[cb$role == "item", ]
    score <- function(s) {
      it <- items[items$scale == s, ]
      rowMeans(sapply(seq_len(nrow(it)), function(k) {
        x <- d[[it$column[k]]]; if (it$reverse[k] == "yes") it$min[k] + it$max[k] - x else x }))
    }
    m <- lm(sat ~ factor(scenario) * trust, data = data.frame(sat = score("satisfaction"), trust = score("trust"), scenario = d$scenario))
  })[["elapsed"]]
}
cat(sprintf("%.3f\n", t))
