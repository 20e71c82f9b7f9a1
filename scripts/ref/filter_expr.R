# Reference values for tests/unit/test_filter_functions.c and test_filter_flow.c (R 4.2, base only).
# Rscript scripts/ref/filter_expr.R
# The table is the one tests/unit/filter_table.c builds (12 rows). Whole-column values use every
# row with na.rm = TRUE; quantile is R's default type 7; sd has the n - 1 denominator.
x   <- c(12.5, 3, 7, 7, 41, 0.25, 19, 3, 88, 5.5, NA, 23)
big <- 1e6 + c(0.1, 0.7, 0.2, 0.9, 0.4, 0.35, 0.15, 0.8, 0.05, 0.6, 0.3, 0.55)
dur <- c(300, 45, 600, 250, NA, 80, 400, 1000, 20, 350, 95, 410)
show <- function(name, v) cat(sprintf("%-24s %.17g\n", name, v), sep = "")
for (v in c("x", "big", "dur")) {
  d <- get(v)
  show(sprintf("median(%s)", v), median(d, na.rm = TRUE))
  show(sprintf("mean(%s)", v), mean(d, na.rm = TRUE))
  show(sprintf("sd(%s)", v), sd(d, na.rm = TRUE))
}
for (p in c(0, 0.05, 0.15, 0.25, 1/3, 0.5, 0.66, 0.9, 0.99, 1))
  show(sprintf("quantile(x, %.6g)", p), quantile(x, p, type = 7, na.rm = TRUE, names = FALSE))
show("quantile(big, 0.37)", quantile(big, 0.37, names = FALSE))
show("quantile(dur, 0.25)", quantile(dur, 0.25, na.rm = TRUE, names = FALSE))
show("quantile(dur, 0.75)", quantile(dur, 0.75, na.rm = TRUE, names = FALSE))

# The exclusion flow of the six steps in test_filter_flow.c, counted independently: a row counts
# at the first step that removes it; a step keeps a row only when its condition is TRUE (NA fails).
id       <- c(101, 102, 103, 103, 105, 106, 107, 102, 109, 110, 111, 112)
consent  <- c(1, 1, 0, 1, NA, 1, 1, 1, 1, 1, 1, 1)
finished <- c("True", "True", "False", "True", "True", "True", "False", "True", "True", "True", "True", "True")
attn     <- c(3, 3, 3, 2, 3, 3, 3, 3, 3, 1, 3, 3)
items <- rbind(
  c(5, 5, 5, 5, 4, 4, 4), c(6, 6, 6, 6, 6, 6, 6), c(3, 4, 5, 2, 4, 5, 3), c(7, 6, 7, 5, 2, 3, 2),
  c(4, NA, NA, NA, NA, NA, NA), c(2, 2, 2, NA, NA, NA, NA), c(1, 2, 1, 2, 5, 5, 4),
  c(3, 3, 3, 3, 3, 3, NA), c(4, 5, 4, 5, 3, 3, 4), c(5, 4, 5, 4, 6, 5, 6), c(2, 2, 2, 2, 2, NA, NA),
  c(7, 6, 5, 4, 3, 2, 1))
# straight-lining as describe flags it: at least 3 and half of the items answered, all alike
straightlining <- function(items) {
  answered <- rowSums(!is.na(items))
  answered >= 3 & answered * 2 >= ncol(items) &
    apply(items, 1, function(r) length(unique(r[!is.na(r)])) == 1)
}
straight <- straightlining(items)
cat(sprintf("%-24s rows %s\n", "straightlining()", paste(which(straight), collapse = " ")))
cat(sprintf("%-24s rows %s\n", "  of satisfaction", paste(which(straightlining(items[, 1:4])), collapse = " ")))
cat(sprintf("%-24s rows %s\n", "  of involvement", paste(which(straightlining(items[, 5:7])), collapse = " ")))
cat(sprintf("%-24s rows %s\n", "duplicate_id()", paste(which(duplicated(id)), collapse = " ")))
steps <- list(
  consent = !is.na(consent) & consent == 1,
  finished = finished == "True",
  attention = attn == 3,
  speed = !is.na(dur) & !(dur < median(dur, na.rm = TRUE) / 3),
  duplicate = !duplicated(id),
  straightlining = !straight)
alive <- rep(TRUE, length(id))
for (s in names(steps)) {
  removed <- alive & !steps[[s]]
  cat(sprintf("%-24s %d (rows %s)\n", paste("removed", s), sum(removed), paste(which(removed), collapse = " ")))
  alive <- alive & !removed
}
cat(sprintf("%-24s %d (rows %s)\n", "kept", sum(alive), paste(which(alive), collapse = " ")))
