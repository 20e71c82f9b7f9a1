# Reference values for models/zone (tests/unit/test_zone.c), R 4.2 (stats).
#   Rscript scripts/ref/zone.R        (run from the repository root)
# Writes tests/fixtures/zone/zone.json.
# MSA = perceived - adequate, MSS = perceived - desired; below when perceived < adequate, else
# above when perceived > desired, else within (the rule of models/zone.h, also for an inverted
# zone); per group the class counts, mean and sd of MSA and MSS; across groups chisq.test on the
# groups x classes table (correct = FALSE) and fisher.test.
suppressMessages(library(jsonlite))
set.seed(7)
n <- 90
g <- rep(0:2, each = 30)
item_mean <- function(mu) round(pmin(7, pmax(1, mu + rnorm(n, 0, 0.9))) * 3) / 3
adequate <- item_mean(4)
desired <- pmax(adequate, item_mean(5.5))
perceived <- item_mean(3.6 + 0.8 * g)
desired[c(5, 41, 77)] <- adequate[c(5, 41, 77)] - 1          # inverted zones
perceived[5] <- (adequate[5] + desired[5]) / 2                 # between: below wins
adequate[c(12, 50)] <- NA                                      # missing scores
cls <- ifelse(perceived < adequate, "below", ifelse(perceived > desired, "above", "within"))
ok <- !is.na(cls)
tab <- table(factor(g[ok], 0:2), factor(cls[ok], c("below", "within", "above")))
msa <- perceived - adequate; mss <- perceived - desired
per <- lapply(0:2, function(k) { s <- ok & g == k
  list(n = sum(s), below = sum(cls[s] == "below"), within = sum(cls[s] == "within"), above = sum(cls[s] == "above"),
       msa_mean = mean(msa[s]), msa_sd = sd(msa[s]), mss_mean = mean(mss[s]), mss_sd = sd(mss[s]),
       inverted = sum(adequate[s] > desired[s])) })
cs <- suppressWarnings(chisq.test(tab, correct = FALSE))
out <- list(adequate = adequate, desired = desired, perceived = perceived, group = g,
  groups = per, all = list(msa_mean = mean(msa[ok]), msa_sd = sd(msa[ok]), mss_mean = mean(mss[ok]), mss_sd = sd(mss[ok])),
  inverted_both = sum(ok & adequate > desired & perceived < adequate & perceived > desired, na.rm = TRUE),
  chisq = list(stat = unname(cs$statistic), df = unname(cs$parameter), p = cs$p.value),
  fisher = fisher.test(tab, workspace = 2e8)$p.value)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "tests/fixtures/zone/zone.json")
