# Never silently wrong, second round: the paths a student takes every
# session, each a family of cases that gave a wrong or misleading figure
# without a word.  Every check here failed on sdsante 0.2.0 (commit 6267159).
# Part 1: labels that come out of a model, arguments in caret's order, the
# screening prevalence, layout and defaults, messages and encodings.
# Part 2: identifier columns, columns on very different scales, the
# silhouette of a standardized fit, the elbow curve, plot labels, the ROC
# legend, and the tutorials' text.

test_set <- function() tableaux[tableaux$ensemble == "test", ]
slides_rule <- function(portrait = "Portrait") {
  if (portrait == "Portrait")
    return(rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                     .default = "Paysage"))
  rule_list(yeux >= 1 & yeux <= 2 ~ "Portrai", visages >= 2 ~ "Personnages",
            .default = "Paysage")
}

# ---- 1. Labels that come out of a model are trusted ----------------------------

test_that("a class that only the model answers is an error, factor or text", {
  test <- test_set()
  faute <- suppressWarnings(predict(slides_rule("Portrai"), test))
  for (truth in list(test$classe, as.character(test$classe)))
    for (predicted in list(faute, as.character(faute), factor(as.character(faute))))
      expect_error(confusion_matrix(truth, predicted),
                   "'predicted' holds a label .*\"Portrai\" \\(did you mean \"Portrait\"\\?\\)")
  # never the truth blamed, nor the typo suggested as the fix
  err <- tryCatch(confusion_matrix(as.character(test$classe), faute), error = conditionMessage)
  expect_false(grepl("'truth'", sub("of 'truth'", "", err)))
  expect_false(grepl("did you mean \"Portrai\"", err))
})

test_that("French labels on English-coded data are refused with the English class", {
  skip_if_not_installed("MASS")
  b <- MASS::biopsy
  francais <- rule_list(V1 >= 7 ~ "malin", .default = "b\u00e9nin", .response = "class")
  expect_warning(p <- predict(francais, b), "never holds")
  expect_error(confusion_matrix(b$class, p),
               "\"malin\" \\(did you mean \"malignant\"\\?\\), \"b\u00e9nin\" \\(did you mean \"benign\"\\?\\)")
  expect_error(summary(francais, b), "did you mean \"malignant\"")
})

test_that("summary(model, data) refuses a class that the truth never holds", {
  expect_error(summary(slides_rule("Portrai"), test_set()),
               "\"Portrai\" \\(did you mean \"Portrait\"\\?\\).*'classe'")
})

test_that("predict() on data holding the response says which class never occurs there", {
  expect_warning(predict(slides_rule("Portrai"), test_set()),
                 "\"Portrai\" \\(did you mean \"Portrait\"\\?\\)")
  # a text column whose sample lacks a class is not blamed
  test <- test_set()
  test$classe <- as.character(test$classe)
  expect_no_warning(predict(slides_rule(), test[test$classe == "Portrait", ]))
})

test_that("declared classes never predicted, and 'levels', are still fine", {
  test <- test_set()
  predicted <- factor(c("Portrait", "Portrait", "Portrait", "Portrait", "Personnages", "Paysage"),
                      levels = c("Portrait", "Personnages", "Paysage", "Autre"))
  cm <- confusion_matrix(as.character(test$classe), predicted)
  expect_identical(rownames(cm$table), c("Portrait", "Personnages", "Paysage"))
  cm <- confusion_matrix(c("a", "b", "a"), c("a", "c", "a"), levels = c("a", "b", "c"))
  expect_identical(rownames(cm$table), c("a", "b", "c"))
})

test_that("db_confusion_matrix() refuses a class that only the model answers", {
  skip_if_not_installed("DBI")
  skip_if_not_installed("RSQLite")
  con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
  on.exit(DBI::dbDisconnect(con))
  test <- test_set()
  test$classe <- as.character(test$classe)
  DBI::dbWriteTable(con, "test", test)
  expect_error(db_confusion_matrix(con, "test", "classe", slides_rule("Portrai")),
               "\"Portrai\" \\(did you mean \"Portrait\"\\?\\)")
})

# ---- 2. Arguments in caret's order ---------------------------------------------

test_that("the model's answers passed as the truth are refused, however handled", {
  test <- test_set()
  p <- predict(slides_rule(), test)
  order_error <- "takes the true classes first"
  expect_error(confusion_matrix(p, test$classe), order_error)
  expect_error(confusion_matrix(p[1:4], test$classe[1:4]), order_error)
  expect_error(confusion_matrix(factor(p), test$classe), order_error)
  expect_error(confusion_matrix(as.character(p), as.character(test$classe)), order_error)
  test$prediction <- p
  expect_error(confusion_matrix(test$prediction, test$classe), order_error)
  kept <- test[test$yeux > 0, ]
  expect_error(confusion_matrix(kept$prediction, kept$classe), order_error)
  # the right order, and two models compared, are fine
  expect_s3_class(confusion_matrix(test$classe, p), "sdsante_confusion")
  other <- predict(rule_list(visages >= 2 ~ "Personnages", .default = "Portrait",
                             .levels = levels(tableaux$classe)), test)
  expect_s3_class(confusion_matrix(p, other), "sdsante_confusion")
})

# ---- 4. Screening prevalence ---------------------------------------------------

test_that("with a screening prevalence, precision is the PPV and F1 uses it", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.te
  cm <- confusion_matrix(pima$type, ifelse(pima$glu >= 130, "Yes", "No"), prevalence = 0.05)
  s <- summary(cm)$by_class
  yes <- s[s$class == "Yes", ]
  expect_equal(yes$precision, yes$ppv)
  expect_equal(yes$f1, 2 * yes$ppv * yes$sensitivity / (yes$ppv + yes$sensitivity))
  # by hand: sensitivity 62/109, specificity 189/223
  sens <- 62 / 109
  spec <- 189 / 223
  expect_equal(yes$ppv, sens * 0.05 / (sens * 0.05 + (1 - spec) * 0.95))
  expect_equal(yes$detection_rate, sens * 0.05)
  one_line <- function(x) paste(capture.output(print(x)), collapse = " ")
  expect_match(one_line(cm), "prevalence 0.05 of \"Yes\"", fixed = TRUE)
  expect_match(one_line(summary(cm)), "prevalence 0.05 of \"Yes\"", fixed = TRUE)
})

# ---- 5. Layout and defaults ----------------------------------------------------

test_that("rows and columns follow the truth's classes, never the model's", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.te
  a <- rule_list(glu >= 130 ~ "Yes", .default = "No", .response = "type")
  b <- rule_list(glu < 130 ~ "No", .default = "Yes", .response = "type")
  expect_identical(dimnames(confusion_matrix(pima$type, predict(a, pima))$table),
                   dimnames(confusion_matrix(pima$type, predict(b, pima))$table))
  expect_identical(rownames(confusion_matrix(pima$type, predict(b, pima))$table), c("No", "Yes"))
  expect_identical(rownames(summary(b, pima)$confusion$table), c("No", "Yes"))
  truth <- c("b", "a", "b")
  expect_identical(rownames(confusion_matrix(truth, factor(c("b", "a", "a"), levels = c("a", "b")))$table),
                   c("b", "a"))
})

test_that("a two-class summary singles out the positive class and prints no averages", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.te
  s <- summary(confusion_matrix(pima$type, ifelse(pima$glu >= 130, "Yes", "No")))
  out <- capture.output(print(s))
  expect_true(any(grepl("positive class \"Yes\"", out)))
  expect_false(any(grepl("^macro average|weighted average", out)))
  # three classes keep the table by class and the averages
  cm <- confusion_matrix(tableaux$classe, predict(slides_rule(), tableaux))
  expect_true(any(grepl("macro average", capture.output(print(summary(cm))))))
})

test_that("summary(model, data) without the response column points to .response", {
  skip_if_not_installed("MASS")
  r <- rule_list(glu >= 130 ~ "Yes", .default = "No")
  expect_error(summary(r, MASS::Pima.te), ".response = \"type\"")
  expect_error(summary(r, data.frame(glu = 1:3)), ".response")
})

test_that("codes 1/2 follow one rule in confusion_matrix() and roc_curve()", {
  truth <- c(1, 2, 2, 1, 2)
  expect_error(confusion_matrix(truth, c(1, 2, 1, 1, 2)), "positive = \"2\"")
  expect_error(roc_curve(truth, c(1, 5, 4, 2, 3)), "positive = \"2\"")
  expect_identical(confusion_matrix(truth, c(1, 2, 1, 1, 2), positive = 2)$positive, "2")
  # 0/1 still takes 1
  expect_identical(confusion_matrix(truth - 1, c(0, 1, 0, 0, 1))$positive, "1")
})

test_that("a statistic's printed name leads to its English name, a typo to the columns", {
  s <- summary(confusion_matrix(tableaux$classe, predict(slides_rule(), tableaux)))
  expect_error(s$by_class[["sensibilit\u00e9"]], "\\$sensitivity")
  expect_error(s$by_class$VPP, "\\$ppv")
  expect_error(s$averages$precison, "did you mean \"precision\"")
  expect_identical(s$by_class$sensitivity, s$by_class[["sensitivity"]])
})

# ---- 6. Messages and encodings -------------------------------------------------

test_that("a blank outcome cell is refused by learn_rules() as by confusion_matrix()", {
  d <- data.frame(x = 1:6, y = c("a", "b", "", "a", "b", "a"))
  expect_error(confusion_matrix(d$y, rep("a", 6)), "na.strings")
  expect_error(learn_rules(y ~ x, d), "na.strings")
  # and by a rule list's summary on such data
  expect_error(summary(rule_list(x > 2 ~ "a", .default = "b", .response = "y"), d), "na.strings")
})

test_that("column names that are not UTF-8 get the encoding hint in learn_rules()", {
  d <- data.frame(a = 1:6, y = c("p", "q", "p", "q", "p", "q"))
  names(d)[1L] <- "\xe2ge"
  expect_error(learn_rules(y ~ ., d), "fileEncoding")
})

test_that("positive = 2 on three classes suggests one class against the others", {
  # survival::pbc's status: 0 censored, 1 transplant, 2 death
  status <- c(0, 2, 1, 2, 0, 0, 2)
  expect_error(confusion_matrix(status, c(0, 2, 0, 2, 0, 2, 2), positive = 2),
               "truth == \"2\"")
})

test_that("rule_list() refuses class labels that are not valid UTF-8", {
  expect_error(rule_list(x > 1 ~ "\xe9t\xe9", .default = "b"), "UTF-8")
  expect_error(rule_list(x > 1 ~ "a", .default = "\xe9t\xe9"), "UTF-8")
  expect_error(rule_list(x > 1 ~ "a", .default = "b", .levels = c("a", "b", "\xe9t\xe9")), "UTF-8")
  expect_error(as_rule_list(data.frame(condition = c("x > 1", NA), class = c("\xe9t\xe9", "b"))),
               "UTF-8")
  # a Latin-1 label marked as such is read correctly
  latin <- iconv("\u00e9t\u00e9", "UTF-8", "latin1")
  expect_identical(rule_list(x > 1 ~ "a", .default = latin)$default, "\u00e9t\u00e9")
})

test_that("summary(model, data) says how many rows with a missing truth it left out", {
  d <- data.frame(x = 1:6, y = c("a", "b", NA, "a", NA, "a"))
  m <- rule_list(x > 2 ~ "a", .default = "b", .response = "y")
  s <- summary(m, d)
  expect_identical(s$n_missing, 2L)
  expect_true(any(grepl("2 rows whose true class \\('y'\\) is missing", capture.output(print(s)))))
})

test_that("errors that had become cryptic name the argument", {
  skip_if_not_installed("MASS")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), positive = sum),
               "'positive' must be one of the classes .*not a function")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), positive = "\xe9"), "'positive'.*UTF-8")
  pts <- data.frame(x = 1:3)
  expect_error(rule_list(pts[0, ] ~ "A", .default = "B"), "rule 1")
  roc <- roc_curve(MASS::Pima.te$type, MASS::Pima.te$glu)
  expect_error(print(roc, digits = "a"), "'digits'")
  expect_error(print(roc, digits = -1), "'digits'")
  expect_error(print(summary(confusion_matrix(tableaux$classe, predict(slides_rule(), tableaux))),
                     digits = "a"), "'digits'")
})

test_that("silhouette_score() with duplicated factor levels is an error, not NaN", {
  x <- matrix(c(1, 2, 3, 10, 11, 12), ncol = 1)
  groups <- structure(c(1L, 1L, 1L, 2L, 2L, 2L), levels = c("a", "a"), class = "factor")
  expect_error(silhouette_score(x, groups), "cluster")
})

test_that("a semicolon file read with read.csv() is named when a column is missing", {
  skip_if_not_installed("MASS")
  file <- tempfile(fileext = ".csv")
  on.exit(unlink(file))
  b <- MASS::biopsy[1:40, ]
  utils::write.csv2(data.frame(patient = seq_len(40), epaisseur = b$V1 + 0.5,
                               maligne = ifelse(b$class == "malignant", "oui", "non")),
                    file, row.names = FALSE)
  wrong <- utils::read.csv(file)
  expect_error(learn_rules(maligne ~ ., wrong), "read.csv2\\(\\)")
  expect_error(summary(rule_list(epaisseur >= 6 ~ "oui", .default = "non", .response = "maligne"),
                       wrong), "read.csv2\\(\\)")
})

# ==== Part 2: k-means, plots and tutorials ====================================

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
