# The compare benchmark's one-way job in R: read the wave, score satisfaction (all items
# required), then ANOVA, Welch, Levene (car) and Tukey HSD by scenario. Used by scripts/bench.d/compare.sh.
suppressMessages(library(car))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
cb <- read.csv(args[2], stringsAsFactors = FALSE)
items <- cb[cb$role == "item" & cb$scale == "satisfaction", ]
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- items$min[i] + items$max[i] - d[[items$column[i]]]
d$y <- rowMeans(d[, items$column])
d$g <- factor(d$scenario)
d <- d[!is.na(d$y) & !is.na(d$g), ]
print(oneway.test(y ~ g, d, var.equal = TRUE)); print(oneway.test(y ~ g, d))
print(leveneTest(y ~ g, d)); print(TukeyHSD(aov(y ~ g, d)))
