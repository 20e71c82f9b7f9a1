# Reference values for tests/unit/test_reliability.c and test_factor.c (R 4.x, psych 2.2.9,
# GPArotation 2022.10). Writes tests/fixtures/bfi.csv, tests/fixtures/bfi.codebook.csv and
# tests/fixtures/reliability_ref.json (read by the unit tests), and, when data/wave-between.csv
# exists, the values for the bundled sample into the same JSON.
#   Rscript scripts/ref/reliability.R        (from the repository root)
suppressMessages({ library(psych); library(jsonlite) })
options(warn = 1)
data(bfi, package = "psych")

# --- the public Likert dataset: psych's bfi (2800 respondents, 25 items scored 1..6) ----------
items <- colnames(bfi)[1:25]
out <- data.frame(id = rownames(bfi), bfi, check.names = FALSE)
write.csv(out, "tests/fixtures/bfi.csv", row.names = FALSE, na = "", quote = FALSE)
keys <- bfi.keys[c("agree", "conscientious", "extraversion", "neuroticism", "openness")]
scale_of <- setNames(rep(names(keys), lengths(keys)), sub("-", "", unlist(keys)))
reversed <- sub("-", "", grep("^-", unlist(keys), value = TRUE))
cb <- data.frame(column = c("id", items, "gender", "education", "age"),
                 role = c("id", rep("item", 25), "group", "group", "numeric"),
                 scale = c("", scale_of[items], "", "", ""),
                 reverse = c("", ifelse(items %in% reversed, "yes", "no"), "", "", ""),
                 min = c("", rep(1, 25), "", "", ""), max = c("", rep(6, 25), "", "", ""),
                 missing = "",
                 values = c("", rep("", 25), "1=Males;2=Females",
                            "1=HS;2=finished HS;3=some college;4=college graduate;5=graduate degree", ""),
                 label = "")
write.csv(cb, "tests/fixtures/bfi.codebook.csv", row.names = FALSE, quote = FALSE)
# the same with A1 left unreversed, for the "likely unreversed item" flag
cb$reverse[cb$column == "A1"] <- "no"
write.csv(cb, "tests/fixtures/bfi.unreversed.codebook.csv", row.names = FALSE, quote = FALSE)
cb$reverse[cb$column == "A1"] <- "yes"

# One scale: items reverse-coded (min + max - x), listwise within the scale.
scale_ref <- function(x, level = 0.95) {
  x <- na.omit(x)
  a <- suppressWarnings(alpha(x, warnings = FALSE))
  ci <- psych:::alpha.ci(a$total$raw_alpha, nrow(x), ncol(x), p.val = 1 - level)
  om <- suppressMessages(suppressWarnings(
    omega(x, nfactors = 1, fm = "pa", flip = FALSE, plot = FALSE)))
  f1 <- suppressMessages(suppressWarnings(fa(x, nfactors = 1, fm = "pa", rotate = "none")))
  l <- as.vector(f1$loadings[, 1])
  list(n = nrow(x), k = ncol(x), alpha = a$total$raw_alpha, alpha_std = a$total$std.alpha,
       average_r = a$total$average_r, alpha_lo = ci$lower.ci, alpha_hi = ci$upper.ci,
       omega = om$omega.tot, mean = a$total$mean, sd = a$total$sd,
       loadings = l, cr = sum(l)^2 / (sum(l)^2 + sum(1 - l^2)), ave = mean(l^2),
       items = colnames(x), item_mean = a$item.stats$mean, item_sd = a$item.stats$sd,
       r_drop = a$item.stats$r.drop, alpha_if_deleted = a$alpha.drop$raw_alpha)
}
scored <- bfi[items]
scored[reversed] <- 7 - scored[reversed]
ref <- list(bfi = list(scales = lapply(keys, function(k) scale_ref(scored[sub("-", "", k)]))))
ref$bfi$alpha_lo90 <- scale_ref(scored[sub("-", "", keys$agree)], level = 0.90)$alpha_lo
# scale scores (item means, complete items) and their pairwise correlations (Fornell-Larcker)
scores <- sapply(keys, function(k) rowMeans(scored[sub("-", "", k)]))
ref$bfi$score_cor <- unname(cor(scores, use = "pairwise.complete.obs"))

# --- factor analysis of the 25 raw bfi items (complete cases) --------------------------------
x <- na.omit(bfi[items])
r <- cor(x)
km <- KMO(r)
bt <- cortest.bartlett(r, n = nrow(x))
fac <- list(n = nrow(x), msa = km$MSA, msa_item = unname(km$MSAi), bartlett_chisq = bt$chisq,
            bartlett_df = bt$df, bartlett_p = bt$p.value, eigen = eigen(r)$values, smc = unname(smc(r)))
for (rot in c("none", "varimax", "promax", "oblimin")) {
  f <- suppressMessages(fa(x, nfactors = 5, fm = "pa", rotate = rot))
  fac[[rot]] <- list(loadings = unname(unclass(f$loadings)), communality = unname(f$communality),
                     phi = if (is.null(f$Phi)) NULL else unname(f$Phi),
                     iterations = length(f$communality.iterations))
}
f3 <- suppressMessages(fa(x[1:10], nfactors = 2, fm = "pa", rotate = "oblimin"))
fac$small_oblimin <- list(loadings = unname(unclass(f3$loadings)), phi = unname(f3$Phi))
ref$bfi$factor <- fac

# --- the bundled sample -----------------------------------------------------------------------
if (file.exists("data/wave-between.csv")) {
  w <- read.csv("data/wave-between.csv")
  wcb <- read.csv("data/wave-between.codebook.csv", colClasses = "character")
  it <- wcb[wcb$role == "item", ]
  for (i in seq_len(nrow(it))) {
    v <- w[[it$column[i]]]
    lo <- as.numeric(it$min[i]); hi <- as.numeric(it$max[i])
    if (!is.na(lo)) v[v < lo | v > hi] <- NA
    if (it$reverse[i] == "yes") v <- lo + hi - v
    w[[it$column[i]]] <- v
  }
  ref$wave_between <- list(scales = lapply(split(it$column, factor(it$scale, unique(it$scale))),
                                           function(cols) scale_ref(w[cols])))
}
writeLines(toJSON(ref, digits = NA, auto_unbox = TRUE, pretty = TRUE, null = "null"),
           "tests/fixtures/reliability_ref.json")

# --- expected JSON for the command-line tests (tests/cli/cases/reliability.sh) -----------------
cli_scale <- function(name, s, rev) {
  list(name = name, k = s$k, n = s$n, alpha = s$alpha, alpha_ci = c(s$alpha_lo, s$alpha_hi),
       alpha_std = s$alpha_std, average_r = s$average_r, omega = s$omega, mean = s$mean, sd = s$sd,
       items = s$items, reversed = I(intersect(s$items, rev)),
       items_stats = lapply(seq_along(s$items), function(j)
         list(item = s$items[j], mean = s$item_mean[j], sd = s$item_sd[j], r_drop = s$r_drop[j],
              alpha_if_deleted = s$alpha_if_deleted[j])))
}
write_expected <- function(x, file)
  writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path("tests/cli/expected", file))
dir.create("tests/cli/expected", showWarnings = FALSE, recursive = TRUE)
sc <- ref$bfi$scales
fl <- lapply(seq_along(sc), function(i) {
  row <- list(scale = names(sc)[i])
  for (j in seq_along(sc)) row[[names(sc)[j]]] <- if (i == j) sqrt(sc[[i]]$ave) else ref$bfi$score_cor[i, j]
  row
})
write_expected(list(scales = unname(Map(cli_scale, names(sc), sc, MoreArgs = list(rev = reversed))),
                    validity = list(composite_reliability = unname(lapply(names(sc), function(n)
                                      list(scale = n, cr = sc[[n]]$cr, ave = sc[[n]]$ave))),
                                    fornell_larcker = fl)),
               "reliability_bfi.json")
by_gender <- list()
for (g in 1:2) for (n in names(keys)) {
  s <- scale_ref(scored[bfi$gender == g, sub("-", "", keys[[n]])])
  by_gender[[length(by_gender) + 1]] <- c(list(level = as.character(g)), cli_scale(n, s, reversed))
}
write_expected(list(scales = by_gender), "reliability_bfi_by_gender.json")
xs <- na.omit(scored)
for (rot in c("varimax", "promax", "oblimin")) {
  f <- suppressMessages(fa(xs, nfactors = 5, fm = "pa", rotate = rot))
  L <- unclass(f$loadings)
  e <- list(input = list(used = nrow(xs)), kmo = list(msa = KMO(cor(xs))$MSA,
            bartlett_chisq = cortest.bartlett(cor(xs), n = nrow(xs))$chisq, bartlett_df = 300),
            loadings = lapply(seq_len(nrow(L)), function(i)
              c(list(item = rownames(L)[i]), setNames(as.list(L[i, ]), paste0("PA", 1:5)),
                list(communality = f$communality[[i]]))))
  if (!is.null(f$Phi))
    e$factor_correlations <- lapply(1:5, function(i) c(list(factor = paste0("PA", i)), setNames(as.list(f$Phi[i, ]), paste0("PA", 1:5))))
  write_expected(e, paste0("factor_bfi_", rot, ".json"))
}
if (!is.null(ref$wave_between)) {
  rev_w <- it$column[it$reverse == "yes"]
  ws <- ref$wave_between$scales
  write_expected(list(scales = unname(Map(cli_scale, names(ws), ws, MoreArgs = list(rev = rev_w)))),
                 "reliability_wave_between.json")
}
