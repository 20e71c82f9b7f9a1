# Reference values for `surveykit describe` on a wave and its codebook (R 4.2, psych).
# Scale score = mean of the items after reverse-coding (min + max - x), all items required;
# skewness and kurtosis as psych::describe(type = 2), which are SPSS's G1 and G2.
# Usage: Rscript scripts/ref/describe_sample.R DATA.csv CODEBOOK.csv > expected.json
suppressMessages({ library(psych); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
cb <- read.csv(args[2], stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
for (i in seq_len(nrow(items))) {
  col <- items$column[i]
  if (items$reverse[i] == "yes") d[[col]] <- items$min[i] + items$max[i] - d[[col]]
}
scales <- unique(items$scale)
# SE of skewness and kurtosis as SPSS/PSPP print them
se_skew <- function(n) sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))
se_kurt <- function(n) 2 * se_skew(n) * sqrt((n^2 - 1) / ((n - 3) * (n + 5)))
out <- lapply(scales, function(s) {
  x <- rowMeans(d[, items$column[items$scale == s]])
  x <- x[!is.na(x)]
  ds <- describe(x, type = 2)
  list(name = s, n = length(x), mean = mean(x), sd = sd(x), min = min(x), max = max(x),
       median = median(x), skewness = ds$skew, kurtosis = ds$kurtosis,
       se_skewness = se_skew(length(x)), se_kurtosis = se_kurt(length(x)))
})
item_rows <- lapply(items$column, function(col) {
  x <- read.csv(args[1])[[col]]; x <- x[!is.na(x)]
  list(item = col, n = length(x), mean = mean(x), sd = sd(x), min = min(x), max = max(x))
})
complete <- sum(complete.cases(sapply(scales, function(s) rowMeans(d[, items$column[items$scale == s]]))))
cat(toJSON(list(input = list(rows = nrow(d), used = complete), items = item_rows, scales = out),
           auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
