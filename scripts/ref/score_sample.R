# Reference scale scores for `surveykit score` on data/wave-between.csv (rowMeans after
# reverse-coding, all items required; NA where an item is missing).
# Rscript scripts/ref/score_sample.R > tests/cli/expected/score-wave-between.csv
d <- read.csv("data/wave-between.csv")
cb <- read.csv("data/wave-between.codebook.csv", stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- items$min[i] + items$max[i] - d[[items$column[i]]]
out <- data.frame(id = d$id)
for (s in unique(items$scale)) out[[s]] <- rowMeans(d[, items$column[items$scale == s]])
write.csv(format(out, digits = 15), stdout(), row.names = FALSE, quote = FALSE, na = "")
