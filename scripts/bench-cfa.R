# lavaan's side of scripts/bench-cfa: the mean seconds of 20 lavaan::cfa() fits of the five-factor,
# 23-item model to the CSV given, timed inside R after lavaan is loaded (start-up excluded).
#   Rscript scripts/bench-cfa.R build/bench/cfa-wave-600.csv
suppressMessages(library(lavaan))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
m <- "involvement =~ inv_1 + inv_2 + inv_3 + inv_4 + inv_5
trust =~ tru_1 + tru_2 + tru_3 + tru_4 + tru_5
satisfaction =~ sat_1 + sat_2 + sat_3 + sat_4 + sat_5
negemo =~ neg_1 + neg_2 + neg_3 + neg_4
pwom =~ pwom_1 + pwom_2 + pwom_3 + pwom_4"
invisible(cfa(m, d))
t <- system.time(for (i in 1:20) cfa(m, d))[["elapsed"]] / 20
cat(sprintf("%.6f\n", t))
