# The foundation benchmark's job in R, as `surveykit score` does it: read the wave, reverse-code
# the items (min + max - x), score each scale as the mean of its items with rowMeans (all items
# required: a row with one missing has no score), and write the id and group columns and the
# scores as CSV. Used by scripts/bench:
#   Rscript scripts/bench-read-score.R base  WAVE CODEBOOK OUT   read.csv + rowMeans + write.csv
#   Rscript scripts/bench-read-score.R fread WAVE CODEBOOK OUT   data.table fread + rowMeans + fwrite
#                                                                (all cores: setDTthreads(0))
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
cb <- read.csv(args[3], stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
keep <- cb$column[cb$role %in% c("id", "group")]
if (mode == "fread") {
	suppressMessages(library(data.table))
	setDTthreads(0)
	d <- fread(args[2])
} else {
	d <- read.csv(args[2])
}
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- items$min[i] + items$max[i] - d[[items$column[i]]]
cols <- function(x) if (mode == "fread") d[, x, with = FALSE] else d[x]
out <- cols(keep)
for (s in unique(items$scale)) out[[s]] <- rowMeans(cols(items$column[items$scale == s]))
if (mode == "fread") fwrite(out, args[4], na = "") else write.csv(out, args[4], row.names = FALSE, na = "")
