# Issue 17, second round, on the k-means side and in the pictures and
# tutorials: identifier columns, columns on very different scales, the
# silhouette of a standardized fit, the elbow curve, plot labels, the ROC
# legend, and the tutorials' text.  Each family gathers the members found.

pima_columns <- c("glu", "bmi", "age")

# --- 3a. Identifier columns, in every function that reads descriptors -----

test_that("identifier columns are named, with the advice to leave them out", {
  train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
  for (expr in list(quote(k_means(train, k = 3)),
                    quote(k_means(train[c("id", "d1", "d2")], k = 3)),
                    quote(wss_curve(train[c("id", "d1", "d2")], k = 1:3)),
                    quote(silhouette_score(train[c("id", "d1", "d2")], rep(1:3, 5))))) {
    err <- tryCatch(eval(expr), error = identity)
    expect_s3_class(err, "error")
    expect_match(conditionMessage(err), "column \"id\", which identifies the rows", fixed = TRUE)
    expect_match(conditionMessage(err), "x[c(\"d1\", \"d2\")]", fixed = TRUE)
    expect_no_match(conditionMessage(err), "as.numeric")   # the advice that clustered the ids
  }
  # the student who followed the old advice: the ids as numbers are grouped no more
  numbered <- train
  numbered$id <- as.numeric(numbered$id)
  expect_error(k_means(numbered[c("id", "d1", "d2")], 3), "identifies the rows")
  # a patient number, and the row numbers that write.csv() / read.csv() add
  patients <- data.frame(patient_id = 101:115, train[c("d1", "d2")])
  expect_error(k_means(patients, 2), "column \"patient_id\"")
  file <- tempfile(fileext = ".csv")
  utils::write.csv(train[c("d1", "d2")], file)
  read_back <- utils::read.csv(file)
  expect_error(wss_curve(read_back, 1:3), "column \"X\", which identifies the rows")
  expect_error(silhouette_score(as.matrix(read_back), rep(1:3, 5)), "column \"X\"")
  # a text code of distinct values that are not numbers (no "as.numeric" hint either)
  coded <- data.frame(code = sprintf("P%02d", 1:15), train[c("d1", "d2")])
  expect_error(k_means(coded, 2), "column \"code\", which identifies the rows")
  # the fit's columns are found by name in new data: the id there is no error
  set.seed(1)
  fit <- k_means(train[c("d1", "d2")], 3, nstart = 5)
  expect_length(predict(fit, descripteurs), 21L)
})

test_that("the identifier message is in French in a French session", {
  skip_without_french()
  err <- in_french(tryCatch(k_means(descripteurs, 3), error = conditionMessage))
  expect_match(err, "identifie les lignes", fixed = TRUE)
  expect_match(err, "laissez-la de côté", fixed = TRUE)
})

# --- 3b. A column that makes the groups alone --------------------------------

test_that("a column on a far larger scale is named, with standardize = TRUE suggested", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.tr[pima_columns]
  set.seed(1)
  expect_warning(fit <- k_means(pima, 3, nstart = 5),
                 "column \"glu\" makes 9[0-9][.][0-9]% of the between-group sum of squares.*standardize = TRUE",
                 class = "sdsante_dominant_column", ignore.case = TRUE)
  expect_identical(fit$dominant$column, "\"glu\"")
  for (shown in list(fit, summary(fit))) {   # under the share of the between-group SS
    printed <- paste(capture.output(print(shown)), collapse = " ")
    expect_match(printed, "Column \"glu\" makes")
    expect_match(printed, "standardize = TRUE")
  }
  # the elbow curve says it once, not once per k
  set.seed(1)
  warnings <- list()
  curve <- withCallingHandlers(wss_curve(pima, 1:5),
                      sdsante_dominant_column = function(w) {
                        warnings[[length(warnings) + 1L]] <<- w
                        invokeRestart("muffleWarning")
                      })
  expect_length(warnings, 1L)
  expect_match(paste(capture.output(print(curve)), collapse = " "), "Column \"glu\" makes")
  # standardized, or the lecture's descriptors: quiet
  set.seed(1)
  expect_no_warning(k_means(pima, 3, nstart = 5, standardize = TRUE))
  points <- descripteurs[c("d1", "d2")]
  for (k in 2:6) {
    set.seed(k)
    expect_no_warning(fit <- k_means(points, k, nstart = 5))
    expect_null(fit$dominant)
  }
  expect_no_warning(wss_curve(points, 1:8))
})

# --- 3c. The silhouette of a standardized fit ---------------------------------

test_that("silhouette_score(x, fit$cluster) gives the standardized fit's answer", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.tr[pima_columns]
  set.seed(1)
  fit <- k_means(pima, 3, nstart = 10, standardize = TRUE)
  standard <- scale(pima, center = fit$scaling$center, scale = fit$scaling$scale)
  expected <- silhouette_score(standard, as.vector(fit$cluster))
  expect_equal(silhouette_score(pima, fit$cluster), expected, tolerance = 1e-12)
  expect_equal(silhouette_score(pima, fit), expected, tolerance = 1e-12)
  # the groups keep their mark through subsetting, a data frame and predict();
  # x already standardized is not standardized twice
  rows <- 1:120
  expect_equal(silhouette_score(pima[rows, ], fit$cluster[rows]),
               silhouette_score(standard[rows, ], as.vector(fit$cluster)[rows]),
               tolerance = 1e-12)
  table_of_groups <- data.frame(pima, groupe = fit$cluster)
  expect_equal(silhouette_score(pima, table_of_groups$groupe), expected, tolerance = 1e-12)
  expect_equal(silhouette_score(standard, fit$cluster), expected, tolerance = 1e-12)
  expect_equal(silhouette_score(pima, predict(fit, pima)), expected, tolerance = 1e-12)
  expect_identical(unname(predict(fit, pima)), unname(fit$cluster))
  # and print, compare and count as plain numbers
  expect_no_match(paste(capture.output(print(fit$cluster)), collapse = " "), "attr|scaling")
  expect_identical(class(fit$cluster == 1), "logical")
  expect_identical(as.vector(table(fit$cluster)), as.vector(fit$size))
  # groups without their fit, on columns where one makes them alone: a warning
  set.seed(1)
  raw <- suppressWarnings(k_means(pima, 3, nstart = 10))
  expect_warning(silhouette_score(pima, raw$cluster),
                 "silhouette_score\\(x, fit\\)", class = "sdsante_dominant_column")
  # the lecture's silhouettes are unchanged and quiet
  points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
  set.seed(2024)
  plain <- k_means(points, 3, nstart = 10)
  expect_no_warning(silhouette_score(points, plain$cluster))
})

# --- 5. The elbow curve never rises --------------------------------------------

test_that("wss_curve(): the best sum decreases as k grows, by default", {
  points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
  rising <- 0
  for (seed in 1:20) {
    set.seed(seed)
    curve <- wss_curve(points, k = 1:8)
    rising <- rising + any(diff(curve$tot.withinss) > 0)
  }
  expect_identical(rising, 0)
  # the other algorithms that never raise a sum, weights, k not consecutive
  set.seed(3)
  x <- matrix(rnorm(400), ncol = 2)
  for (seed in 1:10) {
    set.seed(seed)
    curve <- wss_curve(x, k = c(1, 3, 4, 7, 9), algorithm = "hartigan-wong",
                       weights = rep(c(0, 1, 2, 5), 50))
    expect_true(all(diff(curve$tot.withinss) <= 0))
  }
  # the lecture's elbow curve (vignette) is unchanged
  set.seed(2024)
  lecture <- wss_curve(points, k = 1:8, nstart = 10)
  expect_equal(lecture$tot.withinss, c(2.977626666667, 1.28408, 0.567916666667, 0.384793333333,
                                       0.24751, 0.141633333333, 0.09355, 0.0723),
               tolerance = 1e-8)
})

# --- 7. Plots ------------------------------------------------------------------

test_that("k-means plot: only readable labels, never over a centre", {
  file <- tempfile(fileext = ".png")
  grDevices::png(file, 800, 600)
  on.exit({ grDevices::dev.off(); unlink(file) })
  graphics::plot.new()
  graphics::plot.window(c(0, 1), c(0, 1))
  set.seed(1)
  crowd <- cbind(0.5 + rnorm(230, sd = 0.08), 0.5 + rnorm(230, sd = 0.08))
  centres <- rbind(c(0.5, 0.5), c(0.45, 0.55), c(0.55, 0.45))
  marks <- rbind(cbind(centres, 3), cbind(crowd, 2))
  labels <- paste0("#", seq_len(nrow(crowd)))
  at <- sdsante:::kmeans_label_places(crowd, labels, marks, cex = 0.85)
  expect_true(anyNA(at[, 1L]))              # not every label of a crowd
  expect_gt(sum(!is.na(at[, 1L])), 0)       # but those that can be read
  # no label placed over a centre, none over another label
  usr <- graphics::par("usr")
  pin <- graphics::par("pin")
  per_inch <- c(diff(usr[1:2]) / pin[1L], diff(usr[3:4]) / pin[2L])
  half_w <- (graphics::strwidth(labels, units = "inches", cex = 0.85, font = 2) / 2) * per_inch[1L]
  half_h <- (graphics::strheight("0", units = "inches", cex = 0.85, font = 2) / 2) * per_inch[2L]
  centre_half <- 0.5 * 0.75 * graphics::par("cin")[2L] * 3 * per_inch
  shown <- which(!is.na(at[, 1L]))
  for (i in shown) for (c in seq_len(nrow(centres)))
    expect_false(abs(at[i, 1L] - centres[c, 1L]) < half_w[i] + centre_half[1L] &&
                   abs(at[i, 2L] - centres[c, 2L]) < half_h + centre_half[2L])
  for (i in shown) for (j in shown[shown > i])
    expect_false(abs(at[i, 1L] - at[j, 1L]) < half_w[i] + half_w[j] &&
                   abs(at[i, 2L] - at[j, 2L]) < 2 * half_h)
})

test_that("k-means plot: labels of new rows do not look like group numbers", {
  train <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
  test <- descripteurs[descripteurs$ensemble == "test", c("d1", "d2")]
  set.seed(1)
  fit <- k_means(train, 3, nstart = 5)
  new <- sdsante:::kmeans_plot_new_rows(fit, test, NULL, NULL, quote(plot()))
  expect_identical(new$labels, paste0("#", 16:21))
  unnamed <- sdsante:::kmeans_plot_new_rows(fit, matrix(as.matrix(test), ncol = 2), NULL, NULL, quote(plot()))
  expect_identical(unnamed$labels, paste0("#", 1:6))
  # labels given, or row names that are words, are kept
  named <- test
  rownames(named) <- descripteurs$id[16:21]
  expect_identical(sdsante:::kmeans_plot_new_rows(fit, test, descripteurs$id[16:21], NULL,
                                                  quote(plot()))$labels, descripteurs$id[16:21])
  rownames(named) <- letters[1:6]
  expect_identical(sdsante:::kmeans_plot_new_rows(fit, named, NULL, NULL, quote(plot()))$labels,
                   letters[1:6])
})

# The legend entries a ROC plot writes (graphics::legend() traced).
roc_legends <- function(code) {
  seen <- new.env()
  seen$texts <- character()
  suppressMessages(trace("legend", where = asNamespace("graphics"), print = FALSE,
                         tracer = bquote(assign("texts", c(get("texts", .(seen)), legend),
                                                envir = .(seen)))))
  on.exit(suppressMessages(untrace("legend", where = asNamespace("graphics"))), add = TRUE)
  file <- tempfile(fileext = ".png")
  grDevices::png(file)
  on.exit({ grDevices::dev.off(); unlink(file) }, add = TRUE)
  force(code)
  seen$texts
}

test_that("ROC legend: even digits, an entry for each curve added", {
  # AUC 0.8 exactly: 8 of the 10 positive-negative pairs in order
  truth <- c(TRUE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE)
  roc <- roc_curve(truth, c(5, 3, 4, 2, 1, 0, 4.5))
  expect_equal(roc$auc, 0.8)
  texts <- roc_legends(plot(roc))
  expect_length(texts, 1L)
  expect_match(texts, "^AUC = 0[.]800 \\[[-0-9][.0-9]*[.][0-9]{3}, [0-9][.][0-9]{3}\\]$")
  other <- roc_curve(truth, c(5, 4, 3, 2, 1, 0, 1.5))
  texts <- roc_legends({
    plot(roc, label = "score A")
    plot(other, add = TRUE, lty = 2, label = "score B")
  })
  expect_length(texts, 2L)
  expect_match(texts[2], "^score B: AUC = 1[.]000")
  # a legend of one's own: the first curve without one, the added ones neither
  expect_length(roc_legends({
    plot(roc, legend = FALSE)
    plot(other, add = TRUE)
  }), 0L)
})

test_that("ROC legend: the decimal comma in a French session", {
  skip_without_french()
  truth <- c(TRUE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE)
  roc <- roc_curve(truth, c(5, 3, 4, 2, 1, 0, 4.5))
  texts <- in_french(roc_legends(plot(roc)))
  expect_match(texts, "^AUC = 0,800 \\[.*,[0-9]{3}\u00a0; [01],[0-9]{3}\\]$")
})

# --- 7. The tutorials ------------------------------------------------------------

tutorial <- function(name) {
  dirs <- c(test_path("..", "..", "vignettes"), system.file("doc", package = "sdsante"))
  files <- file.path(dirs[nzchar(dirs)], name)
  files <- files[file.exists(files)]
  skip_if(length(files) == 0, paste("no source of", name))
  paste(readLines(files[1], encoding = "UTF-8"), collapse = "\n")
}

test_that("the tutorials' text says what the code shows", {
  td <- tutorial("td.Rmd")
  # the aide-memoire uses the print-out's words
  expect_no_match(td, "prévalence détectée", fixed = TRUE)
  expect_match(td, "prévalence de détection", fixed = TRUE)
  # exercise 6: errors shown as a French session shows them, wrapped
  expect_match(td, "knit_hooks$set(error", fixed = TRUE)
  # 6c does not rely on exercise 4's seed and nstart without saying so
  expect_no_match(td, "identical(depuis_csv$cluster, groupes$cluster)", fixed = TRUE)
  # 5c looks at Youden's threshold
  expect_match(td, "seuil de Youden", fixed = TRUE)
  sql <- tutorial("sql.Rmd")
  expect_no_match(sql, "écrits avec 17 chiffres significatifs", fixed = TRUE)
  sante <- tutorial("sante.Rmd")
  expect_no_match(sante, "qui n'apprend rien", fixed = TRUE)
})
