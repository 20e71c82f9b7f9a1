# Reference values for models/paradox (tests/unit/test_paradox.c), R 4.2 (stats).
#   Rscript scripts/ref/paradox.R        (run from the repository root)
# Writes tests/fixtures/paradox/paradox.json.
# Per recovery level against the no-failure control: t.test(level, control, alternative =
# "greater", var.equal = FALSE) and "less", p.adjust(method = "holm") over the levels; TOST by its
# definition with R's t.test: p_low from t.test(mu = -margin, alternative = "greater"), p_high
# from t.test(mu = margin, alternative = "less"), the interval from t.test(conf.level = 1 - 2 alpha).
suppressMessages(library(jsonlite))

ref <- function(groups, control, margin = 0.5, alpha = 0.05) {
  ctrl <- groups[[control]]
  lv <- setdiff(seq_along(groups), control)
  rows <- lapply(lv, function(i) {
    x <- groups[[i]]
    g <- t.test(x, ctrl, alternative = "greater", var.equal = FALSE)
    l <- t.test(x, ctrl, alternative = "less", var.equal = FALSE)
    lo <- t.test(x, ctrl, mu = -margin, alternative = "greater", var.equal = FALSE)
    hi <- t.test(x, ctrl, mu = margin, alternative = "less", var.equal = FALSE)
    ci <- t.test(x, ctrl, var.equal = FALSE, conf.level = 1 - 2 * alpha)$conf.int
    list(level = i - 1, diff = mean(x) - mean(ctrl), t = unname(g$statistic), df = unname(g$parameter),
         p_greater = g$p.value, p_less = l$p.value, t_low = unname(lo$statistic), p_low = lo$p.value,
         t_high = unname(hi$statistic), p_high = hi$p.value, p_tost = max(lo$p.value, hi$p.value),
         llci = ci[1], ulci = ci[2])
  })
  pg <- p.adjust(sapply(rows, `[[`, "p_greater"), "holm")
  pl <- p.adjust(sapply(rows, `[[`, "p_less"), "holm")
  for (i in seq_along(rows)) { rows[[i]]$p_greater_holm <- pg[i]; rows[[i]]$p_less_holm <- pl[i] }
  list(groups = groups, control = control - 1, margin = margin, alpha = alpha, levels = rows)
}

set.seed(6)
wave <- list(round(rnorm(40, 4.5, 1.0), 4), round(rnorm(35, 3.6, 1.1), 4),
             round(rnorm(38, 4.45, 0.9), 4), round(rnorm(42, 5.2, 1.0), 4))
close <- list(round(rnorm(60, 5, 1), 4), round(rnorm(70, 5.05, 1), 4), round(rnorm(65, 4.9, 1.2), 4))
constant <- list(rep(5, 10), round(rnorm(12, 5.4, 0.8), 4), rep(4, 9))
out <- list(wave = ref(wave, 1), close = ref(close, 1, margin = 0.4, alpha = 0.05),
            constant_control = ref(constant[1:2], 1), constant_level = ref(constant[c(2, 3)], 1))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests/fixtures/paradox/paradox.json")
