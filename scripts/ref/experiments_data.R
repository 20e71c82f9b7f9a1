# The data sets behind the reference values of issue 15 (contrasts, ANCOVA, MANOVA, effect sizes),
# written as numeric CSVs to tests/fixtures/experiments/ and read back, so that R computes from
# the very numbers the C tests read. Sourced by the other scripts/ref/*.R of issue 15; also runs
# on its own:  Rscript scripts/ref/experiments_data.R   (from the repository root)
#   wave_between.csv  data/wave-between.csv scored from its codebook: the mean of each scale's
#                     items, reverse-keyed items as min + max - x (8 - x), every item required;
#                     respondents complete on scenario, age, gender and the five scales (the
#                     same numbers as `build/surveykit score --keep all` gives for those rows)
#   wave_within.csv   data/wave-within.csv: the three scenarios' satisfaction, negemo and pwom
#                     scores (items `_2` reverse-keyed), complete cases
#   toothgrowth.csv   datasets::ToothGrowth, supp 1 = OJ, 2 = VC, dose 1..3 = 0.5, 1, 2 mg
#   warpbreaks.csv    datasets::warpbreaks, wool 1 = A, 2 = B, tension 1..3 = L, M, H, and the
#                     six cells 1..6 = (wool - 1) 3 + tension
#   iris.csv          datasets::iris, species 1..3 = setosa, versicolor, virginica
exp_dir <- "tests/fixtures/experiments"
exp_write <- function(d, f) {
  write.csv(d, file.path(exp_dir, f), row.names = FALSE)
  read.csv(file.path(exp_dir, f))
}
score <- function(d, cb) {
  for (s in setdiff(unique(cb$scale), c(NA, ""))) {
    items <- cb$column[cb$scale %in% s]
    x <- as.matrix(d[items])
    rev <- cb$reverse[match(items, cb$column)] == "yes"
    x[, rev] <- cb$min[match(items, cb$column)][rev] + cb$max[match(items, cb$column)][rev] - x[, rev]
    d[[s]] <- rowMeans(x) # NA unless every item is present
  }
  d
}
cb <- read.csv("data/wave-between.codebook.csv", stringsAsFactors = FALSE)
wb <- score(read.csv("data/wave-between.csv"), cb)
wb <- wb[c("scenario", "age", "gender", "involvement", "trust", "satisfaction", "negemo", "pwom")]
wave_between <- exp_write(wb[complete.cases(wb), ], "wave_between.csv")

cw <- read.csv("data/wave-within.codebook.csv", stringsAsFactors = FALSE)
ww <- score(read.csv("data/wave-within.csv"), cw)
ww <- ww[c("gender", paste0(rep(c("satisfaction", "negemo", "pwom"), each = 3), "_s", 1:3))]
wave_within <- exp_write(ww[complete.cases(ww), ], "wave_within.csv")

toothgrowth <- exp_write(data.frame(len = ToothGrowth$len, supp = as.integer(ToothGrowth$supp),
                                    dose = match(ToothGrowth$dose, c(0.5, 1, 2))), "toothgrowth.csv")
warpbreaks_d <- exp_write(data.frame(breaks = warpbreaks$breaks, wool = as.integer(warpbreaks$wool),
                                     tension = as.integer(warpbreaks$tension),
                                     cell = (as.integer(warpbreaks$wool) - 1) * 3 + as.integer(warpbreaks$tension)),
                          "warpbreaks.csv")
iris_d <- exp_write(data.frame(sepal_length = iris$Sepal.Length, sepal_width = iris$Sepal.Width,
                               petal_length = iris$Petal.Length, petal_width = iris$Petal.Width,
                               species = as.integer(iris$Species)), "iris.csv")
