# What an analysis recovers from the simulation model (models/simulation.h) in a large sample:
# the figures quoted in data/README.md. Usage:
#   build/surveykit simulate --n 1000000 --seed 42 -o build/bench/wave-1m.csv
#   Rscript scripts/ref/planted_effects.R build/bench/wave-1m.csv build/bench/wave-1m.codebook.csv
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); cb <- read.csv(args[2], stringsAsFactors = FALSE)
items <- cb[cb$role == "item", ]
for (i in which(items$reverse == "yes")) d[[items$column[i]]] <- 8 - d[[items$column[i]]]
for (s in unique(items$scale)) d[[s]] <- rowMeans(d[, items$column[items$scale == s]])
d <- d[complete.cases(d[, unique(items$scale)]), ]
cat("complete cases:", nrow(d), "\n")
print(aggregate(cbind(satisfaction, negemo, pwom, involvement, trust) ~ scenario, data = d, FUN = mean))
d$c <- d$scenario - 2
d$inv <- d$involvement - mean(d$involvement); d$tru <- d$trust - mean(d$trust)
for (y in c("satisfaction", "negemo", "pwom"))
  print(round(coef(lm(as.formula(paste(y, "~ c * inv + c * tru")), data = d)), 3))
print(round(coef(lm(satisfaction ~ factor(scenario) * involvement, data = d)), 3))
cat("correlation involvement-trust:", round(cor(d$involvement, d$trust), 3), "\n")
