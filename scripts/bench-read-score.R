# The foundation benchmark's job in R: read the wave, reverse-code, score the scales with
# rowMeans (all items required) and describe them. Used by scripts/bench.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
cb <- read.csv(args[2], stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- items$min[i] + items$max[i] - d[[items$column[i]]]
for (s in unique(items$scale)) {
  x <- rowMeans(d[, items$column[items$scale == s]])
  x <- x[!is.na(x)]
  m <- mean(x); s2 <- sd(x)
  print(c(length(x), m, s2, median(x), mean((x - m)^3) / s2^3, mean((x - m)^4) / s2^4 - 3))
}
