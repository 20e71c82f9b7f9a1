# Reference values for `surveykit segment` on the bundled between-subjects wave
# (tests/cli/expected/segment-*.json). Run from the repository root: Rscript scripts/ref/segment.R
suppressMessages(library(jsonlite))
d <- read.csv("data/wave-between.csv")
score <- function(items, rev = character()) {
  x <- d[, items]
  for (r in rev) x[[r]] <- 8 - x[[r]]
  rowMeans(x)                      # NA unless every item is answered
}
inv <- score(paste0("inv_", 1:5), "inv_4")
tru <- score(paste0("tru_", 1:5), "tru_3")
out <- list(satisfaction = score(paste0("sat_", 1:5), "sat_2"),
            negemo = score(paste0("neg_", 1:4)), pwom = score(paste0("pwom_", 1:4)))
ok <- !is.na(inv) & !is.na(tru)
tests <- function(seg) {
  lapply(names(out), function(o) {
    y <- out[[o]][ok]; g <- factor(seg)
    a <- oneway.test(y ~ g, var.equal = TRUE); w <- oneway.test(y ~ g)
    fit <- lm(y ~ g); ss <- anova(fit)
    list(outcome = o, F = unname(a$statistic), df1 = unname(a$parameter[1]), df2 = unname(a$parameter[2]),
         p = a$p.value, eta2 = ss[1, 2] / sum(ss[, 2]), welch_F = unname(w$statistic),
         welch_df2 = unname(w$parameter[2]), welch_p = w$p.value)
  })
}
cut3 <- function(x) { q <- quantile(x, c(1/3, 2/3), type = 6); list(q = unname(q), g = cut(x, c(-Inf, q, Inf), labels = FALSE)) }
ci <- cut3(inv[ok]); ct <- cut3(tru[ok])
seg <- (ci$g - 1) * 3 + ct$g
sizes <- as.vector(table(factor(seg, levels = 1:9)))
tert <- list(input = list(used = sum(ok)),
             cuts = list(list(variable = "involvement", cuts = ci$q), list(variable = "trust", cuts = ct$q)),
             segments = lapply(1:9, function(s) list(n = sizes[s], mean_involvement = mean(inv[ok][seg == s]),
                                                     mean_trust = mean(tru[ok][seg == s]))),
             tests = tests(seg))
write(toJSON(tert, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/cli/expected/segment-tertile.json")
mi <- median(inv[ok]); mt <- median(tru[ok])
segm <- (ifelse(inv[ok] > mi, 2, 1) - 1) * 2 + ifelse(tru[ok] > mt, 2, 1)
med <- list(cuts = list(list(variable = "involvement", cuts = I(mi)), list(variable = "trust", cuts = I(mt))),
            segments = lapply(1:4, function(s) list(n = sum(segm == s))), tests = tests(segm))
write(toJSON(med, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/cli/expected/segment-median.json")
# k-means: R's default Hartigan-Wong with 25 starts on the z-scores; the best total within SS
z <- scale(cbind(inv[ok], tru[ok]))
set.seed(1)
km <- kmeans(z, 3, nstart = 25)
cat("kmeans tot.withinss", format(km$tot.withinss, digits = 17), "betweenss", format(km$betweenss, digits = 17),
    "sizes", sort(km$size), "\n")
write(toJSON(list(kmeans = list(total_within_ss = km$tot.withinss, between_ss = km$betweenss, total_ss = km$totss)),
             auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/cli/expected/segment-kmeans.json")
