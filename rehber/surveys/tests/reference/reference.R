# Reference estimates for rehber/surveys/estimation, computed with R's survey package.
# Run from the repository root (Debian: apt-get install r-base-core r-cran-survey):
#   Rscript rehber/surveys/tests/reference/reference.R
# Writes estimates.csv and qt.csv next to this script, every number with 17 significant
# digits. The tests read those files; they do not need R.
suppressPackageStartupMessages(library(survey))
here <- "rehber/surveys/tests/reference"
num <- function(x) ifelse(is.na(x), "NA", format(x, digits = 17))

make_design <- function(d, weight, strata, cluster) {
  ids <- if (cluster) ~cluster else ~1
  st <- if (strata) ~stratum else NULL
  w <- if (weight) ~weight else NULL
  suppressWarnings(svydesign(ids = ids, strata = st, weights = w, nest = TRUE, data = d))
}

# One row per estimate. Proportions:
#   svyciprop(~I(destination == cat), design, method = "xlogit", na.rm = TRUE)
# (on subset(design, nationality == g) for a domain; df defaults to degf() of that design).
# Means:
#   m <- svymean(~age, design, na.rm = TRUE); confint(m, df = degf(design))
estimate_rows <- function(design, d, label, lonely, group = NA) {
  rows <- list()
  inside <- if (is.na(group)) rep(TRUE, nrow(d)) else (!is.na(d$nationality) & d$nationality == group)
  for (cat in sort(unique(na.omit(d$destination)))) {
    design$variables$ind <- design$variables$destination == cat
    p <- svyciprop(~ind, design_of(design, group), method = "xlogit", na.rm = TRUE)
    ci <- attr(p, "ci")
    rows[[length(rows) + 1]] <- data.frame(
      dataset = label$dataset, design = label$design, lonely = lonely,
      statistic = "proportion", variable = "destination",
      by = if (is.na(group)) "" else "nationality", group = if (is.na(group)) "" else group,
      category = cat, estimate = num(as.vector(p)), se = num(sqrt(as.vector(attr(p, "var")))),
      ci_low = num(ci[1]), ci_high = num(ci[2]), df = degf(design_of(design, group)),
      n = sum(inside & !is.na(d$destination) & d$destination == cat)
    )
  }
  sub <- design_of(design, group)
  m <- svymean(~age, sub, na.rm = TRUE)
  ci <- confint(m, df = degf(sub))
  rows[[length(rows) + 1]] <- data.frame(
    dataset = label$dataset, design = label$design, lonely = lonely,
    statistic = "mean", variable = "age",
    by = if (is.na(group)) "" else "nationality", group = if (is.na(group)) "" else group,
    category = "", estimate = num(coef(m)[[1]]), se = num(SE(m)[[1]]),
    ci_low = num(ci[1, 1]), ci_high = num(ci[1, 2]), df = degf(sub),
    n = sum(inside & !is.na(d$age))
  )
  do.call(rbind, rows)
}

design_of <- function(design, group) {
  if (is.na(group)) design else subset(design, nationality == group)
}

designs <- list(
  full = c(weight = TRUE, strata = TRUE, cluster = TRUE),
  weight_only = c(weight = TRUE, strata = FALSE, cluster = FALSE),
  strata_weight = c(weight = TRUE, strata = TRUE, cluster = FALSE),
  cluster_weight = c(weight = TRUE, strata = FALSE, cluster = TRUE),
  none = c(weight = FALSE, strata = FALSE, cluster = FALSE)
)
runs <- list(
  list(dataset = "design", designs = names(designs), lonely = "adjust"),
  list(dataset = "lonely", designs = c("full", "strata_weight"), lonely = "adjust"),
  list(dataset = "lonely", designs = c("full"), lonely = "certainty")
)

out <- list()
for (run in runs) {
  d <- read.csv(file.path(here, paste0(run$dataset, ".csv")), na.strings = c("", "NA"),
                stringsAsFactors = FALSE)
  options(survey.lonely.psu = run$lonely)
  for (name in run$designs) {
    spec <- designs[[name]]
    design <- make_design(d, spec[["weight"]], spec[["strata"]], spec[["cluster"]])
    label <- list(dataset = run$dataset, design = name)
    out[[length(out) + 1]] <- estimate_rows(design, d, label, run$lonely)
    for (g in sort(unique(na.omit(d$nationality)))) {
      out[[length(out) + 1]] <- estimate_rows(design, d, label, run$lonely, g)
    }
  }
}
write.csv(do.call(rbind, out), file.path(here, "estimates.csv"), row.names = FALSE, quote = TRUE)

qt_grid <- expand.grid(p = c(0.6, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.025, 1e-6),
                       df = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 29, 30, 31, 50, 99, 100, 101,
                              250, 500, 999, 1000, 1001, 2500, 10000, 123456, 999999))
write.csv(data.frame(p = num(qt_grid$p), df = qt_grid$df, q = num(qt(qt_grid$p, qt_grid$df))),
          file.path(here, "qt.csv"), row.names = FALSE, quote = FALSE)
cat("survey", format(packageVersion("survey")), "on", R.version.string, "\n")
