# The foundation benchmark's job in R: read the wave, reverse-code and score the scales with
# rowMeans (all items required). Used by scripts/bench.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
cb <- read.csv(args[2], stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- items$min[i] + items$max[i] - d[[items$column[i]]]
scores <- sapply(unique(items$scale), function(s) rowMeans(d[, items$column[items$scale == s]]))
print(colMeans(scores, na.rm = TRUE))
