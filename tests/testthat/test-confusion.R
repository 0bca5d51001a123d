# confusion_matrix(): golden values, a slow reference, caret, bad input.

lecture_rule <- function(d) {
  ifelse(d$yeux >= 1 & d$yeux <= 2, "Portrait",
         ifelse(d$visages >= 2, "Personnages", "Paysage"))
}
slide_classes <- c("Portrait", "Personnages", "Paysage")

test_that("the lecture's rule gives the slides' two confusion matrices", {
  train <- tableaux[tableaux$ensemble == "apprentissage", ]
  test <- tableaux[tableaux$ensemble == "test", ]
  cm_train <- confusion_matrix(train$classe, lecture_rule(train))
  cm_test <- confusion_matrix(test$classe, lecture_rule(test))
  expect_equal(unname(unclass(cm_train$table)),
               matrix(c(5, 1, 1, 0, 4, 0, 0, 0, 4), 3))
  expect_equal(unname(unclass(cm_test$table)),
               matrix(c(2, 1, 1, 0, 1, 0, 0, 0, 1), 3))
  expect_equal(dimnames(cm_train$table),
               list(truth = slide_classes, predicted = slide_classes))
  expect_equal(summary(cm_train)$overall[["accuracy"]], 13 / 15)
  expect_equal(summary(cm_test)$overall[["accuracy"]], 4 / 6)
  expect_null(cm_train$positive)
})

test_that("a hand-worked two-class table gives the textbook statistics", {
  # 10 sick (8 detected), 10 healthy (7 cleared)
  truth <- rep(c("malade", "sain"), each = 10)
  predicted <- c(rep("malade", 8), rep("sain", 2), rep("malade", 3), rep("sain", 7))
  s <- summary(confusion_matrix(truth, predicted, positive = "malade"))
  sick <- s$by_class[s$by_class$class == "malade", ]
  expect_equal(sick$sensitivity, 0.8)
  expect_equal(sick$specificity, 0.7)
  expect_equal(sick$ppv, 8 / 11)
  expect_equal(sick$npv, 7 / 9)
  expect_equal(sick$f1, 2 * (8 / 11) * 0.8 / (8 / 11 + 0.8))
  expect_equal(sick$detection_rate, 8 / 20)
  expect_equal(sick$detection_prevalence, 11 / 20)
  expect_equal(sick$balanced_accuracy, 0.75)
  o <- s$overall
  expect_equal(o[["accuracy"]], 15 / 20)
  expect_equal(o[["kappa"]], 0.5)             # p0 = .75, pe = (10*11 + 10*9) / 400
  expect_equal(o[["mcc"]], (8 * 7 - 3 * 2) / sqrt(11 * 9 * 10 * 10))
  expect_equal(o[["nir"]], 0.5)
  # Clopper-Pearson from the beta quantiles
  expect_equal(o[["accuracy_lower"]], qbeta(0.025, 15, 6))
  expect_equal(o[["accuracy_upper"]], qbeta(0.975, 16, 5))
  expect_equal(o[["accuracy_p_value"]], sum(dbinom(15:20, 20, 0.5)))
  # McNemar with continuity correction on the discordant cells 2 and 3
  expect_equal(o[["mcnemar_p_value"]], pchisq((abs(2 - 3) - 1)^2 / 5, 1, lower.tail = FALSE))
})

test_that("a screening prevalence changes the predictive values by Bayes' formula", {
  truth <- rep(c("malade", "sain"), each = 10)
  predicted <- c(rep("malade", 8), rep("sain", 2), rep("malade", 3), rep("sain", 7))
  s <- summary(confusion_matrix(truth, predicted, positive = "malade", prevalence = 0.01))
  sick <- s$by_class[s$by_class$class == "malade", ]
  expect_equal(sick$ppv, 0.8 * 0.01 / (0.8 * 0.01 + 0.3 * 0.99))
  expect_equal(sick$npv, 0.7 * 0.99 / (0.2 * 0.01 + 0.7 * 0.99))
  expect_equal(sick$prevalence, 0.01)
  expect_equal(s$by_class$prevalence[s$by_class$class == "sain"], 0.99)
})

test_that("the positive class is the first class unless chosen", {
  expect_identical(confusion_matrix(c(TRUE, FALSE, TRUE), c(TRUE, TRUE, FALSE))$positive, "TRUE")
  expect_identical(confusion_matrix(c("b", "a"), c("a", "a"))$positive, "a")
  expect_identical(confusion_matrix(c("b", "a"), c("a", "a"), positive = "b")$positive, "b")
  expect_output(print(confusion_matrix(c("b", "a"), c("a", "a"), positive = "b")),
                "Positive class: b")
})

test_that("class order: truth's levels first, then the new predicted ones", {
  truth <- factor(c("z", "y"), levels = c("z", "y"))
  cm <- confusion_matrix(truth, c("x", "y"))
  expect_identical(rownames(cm$table), c("z", "y", "x"))
  expect_identical(rownames(confusion_matrix(c(10L, 2L, 2L), c(2L, 10L, 1L))$table),
                   c("2", "10", "1"))
  expect_identical(rownames(confusion_matrix(c("b", "B", "a"), c("a", "a", "a"))$table),
                   c("B", "a", "b"))
  # unused factor levels are kept, as caret does
  cm <- confusion_matrix(factor("a", levels = c("a", "b", "c")), factor("b", levels = c("a", "b")))
  expect_identical(dim(cm$table), c(3L, 3L))
})

test_that("counting agrees with table() on random data with missing values", {
  set.seed(42)
  for (k in c(2, 3, 7)) {
    truth <- factor(sample(letters[1:k], 5000, TRUE), levels = letters[1:k])
    predicted <- factor(sample(c(letters[1:k], "extra"), 5000, TRUE))
    truth[sample(5000, 50)] <- NA
    predicted[sample(5000, 50)] <- NA
    cm <- confusion_matrix(truth, predicted)
    classes <- union(levels(truth), levels(predicted))
    reference <- table(factor(truth, levels = classes), factor(predicted, levels = classes))
    expect_equal(unname(unclass(cm$table)), unname(unclass(reference)))
    expect_equal(cm$n_missing, sum(is.na(truth) | is.na(predicted)))
  }
})

test_that("missing pairs are excluded and reported", {
  cm <- confusion_matrix(c("a", NA, "b", "a"), c("a", "b", NA, "b"))
  expect_equal(sum(cm$table), 2)
  expect_equal(cm$n_missing, 2)
  expect_output(print(cm), "2 pairs with a missing value were not counted")
})

compare_with_caret <- function(truth, predicted, positive = NULL, prevalence = NULL) {
  ours <- summary(confusion_matrix(truth, predicted, positive = positive,
                                   prevalence = prevalence))
  theirs <- suppressWarnings(
    caret::confusionMatrix(predicted, truth, positive = positive, prevalence = prevalence))
  caret_overall <- theirs$overall[c("Accuracy", "AccuracyLower", "AccuracyUpper",
                                    "AccuracyNull", "AccuracyPValue", "Kappa",
                                    "McnemarPValue")]
  expect_equal(unname(ours$overall[c("accuracy", "accuracy_lower", "accuracy_upper", "nir",
                                     "accuracy_p_value", "kappa", "mcnemar_p_value")]),
               unname(caret_overall), tolerance = 1e-9)
  columns <- c("sensitivity", "specificity", "ppv", "npv", "precision", "recall", "f1",
               "prevalence", "detection_rate", "detection_prevalence", "balanced_accuracy")
  if (nlevels(truth) == 2) {
    ours_by_class <- unlist(ours$by_class[ours$by_class$class == theirs$positive, columns])
    expect_equal(unname(ours_by_class), unname(theirs$byClass), tolerance = 1e-9)
  } else {
    expect_equal(unname(as.matrix(ours$by_class[columns])), unname(theirs$byClass),
                 tolerance = 1e-9)
  }
}

test_that("statistics equal caret::confusionMatrix on random tables", {
  skip_if_not_installed("caret")
  skip_if_not_installed("e1071")
  set.seed(2024)
  for (i in 1:30) {
    k <- sample(2:5, 1)
    n <- sample(c(5, 30, 500), 1)
    lev <- LETTERS[1:k]
    truth <- factor(sample(lev, n, TRUE, prob = runif(k)), levels = lev)
    good <- runif(n) < runif(1)
    predicted <- factor(ifelse(good, as.character(truth), sample(lev, n, TRUE)), levels = lev)
    compare_with_caret(truth, predicted)
    if (k == 2) {
      compare_with_caret(truth, predicted, positive = "B")
      compare_with_caret(truth, predicted, positive = "A", prevalence = runif(1, 0.01, 0.5))
    } else {
      compare_with_caret(truth, predicted,
                         prevalence = stats::setNames(runif(k, 0.05, 0.9), lev))
    }
  }
})

test_that("caret's NA and NaN cases are reproduced (empty classes, perfect model)", {
  skip_if_not_installed("caret")
  skip_if_not_installed("e1071")
  lev <- c("A", "B", "C")
  # class C never occurs in truth; class B never predicted
  compare_with_caret(factor(c("A", "A", "B", "B"), levels = lev),
                     factor(c("A", "C", "A", "A"), levels = lev))
  # perfect two-class model, and a model that always says "A"
  compare_with_caret(factor(c("A", "B", "A"), levels = lev[1:2]),
                     factor(c("A", "B", "A"), levels = lev[1:2]))
  compare_with_caret(factor(c("A", "B", "A"), levels = lev[1:2]),
                     factor(c("A", "A", "A"), levels = lev[1:2]))
  s <- summary(confusion_matrix(factor(c("A", "B", "A"), levels = lev[1:2]),
                                factor(c("A", "A", "A"), levels = lev[1:2])))
  expect_true(is.na(s$by_class$precision[2]))
  expect_true(is.na(s$overall[["mcc"]]))
})

test_that("as.table, as.data.frame and as_confusion_matrix round-trip the counts", {
  cm <- confusion_matrix(c("a", "b", "b", "a"), c("a", "b", "a", "a"))
  expect_s3_class(as.table(cm), "table")
  df <- as.data.frame(cm)
  expect_named(df, c("truth", "predicted", "n"))
  expect_equal(sum(df$n), 4)
  again <- as_confusion_matrix(as.table(cm))
  expect_equal(unclass(again$table), unclass(cm$table), ignore_attr = TRUE)
  expect_equal(summary(again)$overall, summary(cm)$overall)
})

test_that("print, summary and plot work on the lecture's matrix", {
  train <- tableaux[tableaux$ensemble == "apprentissage", ]
  cm <- confusion_matrix(train$classe, lecture_rule(train))
  expect_snapshot(print(cm))
  expect_snapshot(print(summary(cm)))
  file <- tempfile(fileext = ".pdf")
  grDevices::pdf(file)
  expect_invisible(plot(cm))
  grDevices::dev.off()
  expect_gt(file.size(file), 1000)
})

test_that("bad input gives a clear error naming the argument", {
  expect_error(confusion_matrix(c("a", "b"), c("a", "b", "a")),
               "'truth' and 'predicted' must have the same length, not 2 and 3")
  expect_error(confusion_matrix(character(), character()), "at least one value")
  expect_error(confusion_matrix(c(NA, "a"), c("b", NA)), "every pair .* missing value")
  expect_error(confusion_matrix(c("a", "a"), c("a", "a")), "at least two classes")
  expect_error(confusion_matrix(c("a", "b"), c("a", "a"), positive = "c"),
               "'positive' must be one of the classes \\(\"a\", \"b\"\\), not \"c\"")
  expect_error(confusion_matrix(c("a", "b", "c"), c("a", "a", "b"), positive = "a"),
               "'positive' only applies to two classes")
  expect_error(confusion_matrix(c("a", "b"), c("a", "a"), prevalence = 1.2),
               "'prevalence' must be a single number strictly between 0 and 1")
  expect_error(confusion_matrix(c("a", "b"), c("a", "a"), prevalence = 0),
               "'prevalence'")
  expect_error(confusion_matrix(c("a", "b", "c"), c("a", "a", "b"), prevalence = 0.2),
               "'prevalence' must be a named vector")
  expect_error(confusion_matrix(list(1, 2), c("a", "b")), "'truth' must be a factor .* not a list")
  expect_error(confusion_matrix(c("a", "b"), c(0.5, 1)), "'predicted' must hold classes")
  expect_error(confusion_matrix(NULL, NULL), "'truth' must be .* not NULL")
  expect_error(as_confusion_matrix(matrix(1:6, 2)), "'x' must be a square table")
  expect_error(as_confusion_matrix(matrix(c(1, -1, 0, 2), 2)), "'x' must be a square table")
  expect_error(as_confusion_matrix(matrix(0, 2, 2)), "at least one case")
})

test_that("weighted averages leave out classes absent from the truth", {
  s <- summary(confusion_matrix(c("a", "a", "b", "b"), c("a", "c", "b", "b")))
  expect_true(is.na(s$averages["macro", "sensitivity"]))
  # a: 1/2 correct, b: 2/2 correct, c: absent (weight 0)
  expect_equal(s$averages["weighted", "sensitivity"], 0.5 * 0.5 + 0.5 * 1)
})
