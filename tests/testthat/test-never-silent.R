# Never silently wrong, second round (issue 17, items 1, 2, 4, 5 and 6): the
# paths a student takes every session, each a family of cases that gave a
# wrong or misleading figure without a word.  Every check here failed on
# sdsante 0.2.0 as of commit 6267159.

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
