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

test_that("the positive class follows the one rule of ?positive_class", {
  positive_of <- function(labels) {
    cm <- confusion_matrix(labels, rev(labels))
    c(cm$positive, cm$positive_rule)
  }
  expect_identical(positive_of(c(TRUE, FALSE)), c("TRUE", "labels"))
  expect_identical(positive_of(c(1L, 0L)), c("1", "labels"))
  expect_identical(positive_of(c(0, 1)), c("1", "labels"))
  expect_identical(positive_of(c("No", "Yes")), c("Yes", "labels"))
  expect_identical(positive_of(c("Oui ", "NON")), c("Oui ", "labels"))
  expect_identical(positive_of(c("n\u00e9gatif", "Positif")), c("Positif", "labels"))
  expect_identical(positive_of(c("malignant", "benign")), c("malignant", "labels"))
  expect_identical(positive_of(c("B\u00c9NIN", "malin")), c("malin", "labels"))
  expect_identical(positive_of(c("sain", "malade")), c("malade", "labels"))
  expect_identical(positive_of(c("t\u00e9moin", "cas")), c("cas", "labels"))
  expect_identical(positive_of(c("control", "case")), c("case", "labels"))
  expect_identical(positive_of(c("neg", "pos")), c("pos", "labels"))
  expect_identical(positive_of(c("malade", "non malade")), c("malade", "labels"))
  expect_identical(positive_of(c("smoker", "nonsmoker")), c("smoker", "labels"))
  # labels that say nothing: the first class, and the print-out says so
  expect_identical(positive_of(c("b", "a")), c("b", "first"))
  expect_identical(positive_of(c("Yes", "Oui")), c("Yes", "first"))
  # given: taken as is, whatever the labels
  cm <- confusion_matrix(c("No", "Yes"), c("No", "No"), positive = "No")
  expect_identical(c(cm$positive, cm$positive_rule), c("No", "given"))
  expect_output(print(cm), "Positive class: \"No\"$")
  expect_null(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"))$positive)
})

test_that("print() and summary() always say which class is positive and why", {
  cm <- confusion_matrix(c("No", "Yes", "Yes"), c("No", "No", "Yes"))
  line <- "Positive class: \"Yes\" (inferred from the labels No/Yes; set 'positive' to change)"
  expect_output(print(cm), line, fixed = TRUE)
  expect_output(print(summary(cm)), line, fixed = TRUE)
  expect_output(print(confusion_matrix(c("b", "a"), c("a", "a"))),
                "Positive class: \"b\" (the first class, by default", fixed = TRUE)
  skip_without_french()
  in_french({
    expect_output(print(cm), "Classe positive\u00a0: \u00ab\u00a0Yes\u00a0\u00bb (d\u00e9duite des \u00e9tiquettes No/Yes", fixed = TRUE)
    expect_output(print(confusion_matrix(c("b", "a"), c("a", "a"))), "la premi\u00e8re classe")
  })
})

test_that("the positive class of health data: MASS and mlbench codings", {
  skip_if_not_installed("MASS")
  pima <- MASS::Pima.te
  predicted <- ifelse(pima$glu >= 140, "Yes", "No")
  s <- summary(confusion_matrix(pima$type, predicted))
  expect_identical(s$positive, "Yes")
  yes <- s$by_class[s$by_class$class == "Yes", ]
  # sensitivity = share of diabetic women found: counted by hand
  expect_equal(yes$sensitivity, sum(pima$type == "Yes" & pima$glu >= 140) / sum(pima$type == "Yes"))
  biopsy <- MASS::biopsy
  cm <- confusion_matrix(biopsy$class, ifelse(biopsy$V1 > 5, "malignant", "benign"))
  expect_identical(cm$positive, "malignant")
  expect_identical(rownames(cm$table), c("benign", "malignant"))   # the factor's levels
  skip_if_not_installed("mlbench")
  data("PimaIndiansDiabetes2", package = "mlbench", envir = environment())
  d <- PimaIndiansDiabetes2
  cm <- confusion_matrix(d$diabetes, ifelse(d$glucose >= 140, "pos", "neg"))
  expect_identical(cm$positive, "pos")
  expect_equal(cm$n_missing, sum(is.na(d$glucose)))
})

test_that("a label of 'predicted' that is not a class is an error naming it", {
  train <- tableaux[tableaux$ensemble == "apprentissage", ]
  model <- lecture_rule(train)
  for (typo in c("Paysages", "paysage", "Paysage ")) {
    wrong <- sub("^Paysage$", typo, model)
    expect_error(confusion_matrix(train$classe, wrong),
                 sprintf("'predicted' holds a label that is not one of the classes of 'truth' (\"Portrait\", \"Personnages\", \"Paysage\"): \"%s\" (did you mean \"Paysage\"?)", typo),
                 fixed = TRUE)
  }
  # the same from character truth, and for labels of truth unknown to a factor
  expect_error(confusion_matrix(as.character(train$classe), sub("^Portrait$", "portrait", model)),
               "\"portrait\" (did you mean \"Portrait\"?)", fixed = TRUE)
  expect_error(confusion_matrix(c("Paysage", "Portrait"), factor(c("Paysage", "Portrait"))[c(1, 1)] ,
                                levels = c("Paysage", "Personnages")),
               "'truth' holds a label that is not one of the classes given by 'levels'")
  expect_error(confusion_matrix(c("a", "b"), c("a", "zzz")), "\"zzz\"\\. Correct it")
  expect_error(confusion_matrix(letters[1:2], c("a", "u", "v", "w", "x", "y", "z")[1:2]), "\"u\"")
  expect_error(confusion_matrix(rep("a", 8), c("a", letters[20:26])), "\\.\\.\\. \\(7 in all\\)")
  skip_without_french()
  in_french(expect_error(confusion_matrix(train$classe, sub("^Paysage$", "Paysages", model)),
                         "\u00ab\u00a0Paysages\u00a0\u00bb (vouliez-vous dire \u00ab\u00a0Paysage\u00a0\u00bb\u00a0?)",
                         fixed = TRUE))
  in_french(expect_error(confusion_matrix(train$classe, sub("^Paysage$", "Paysages", model)),
                         "'levels ='", fixed = TRUE))
})

test_that("'levels' declares the classes and their order", {
  cm <- confusion_matrix(c("a", "a", "b", "b"), c("a", "c", "b", "b"), levels = c("c", "b", "a"))
  expect_identical(rownames(cm$table), c("c", "b", "a"))
  expect_equal(unname(unclass(cm$table)), matrix(c(0, 0, 1, 0, 2, 0, 0, 0, 1), 3))
  expect_error(confusion_matrix(c("a", "b"), c("a", "d"), levels = c("a", "b", "c")),
               "'predicted' holds a label that is not one of the classes given by 'levels' (\"a\", \"b\", \"c\"): \"d\"",
               fixed = TRUE)
  expect_error(confusion_matrix(factor(c("a", "b")), c("a", "b"), levels = c("a", "c")),
               "'truth' holds a label .* \"b\"")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), levels = c("a", "a")), "'levels' must give every class once")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), levels = "a"), "'levels' must give every class once")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), levels = c("a", NA)), "'levels' must give every class once")
  expect_error(confusion_matrix(c("a", "b"), c("a", "b"), levels = list("a", "b")), "'levels' must give every class once")
  # with 'levels', a factor's unused levels outside them do not matter
  cm <- confusion_matrix(factor(c("a", "b"), levels = c("a", "b", "zz")), c("b", "b"),
                         levels = c("b", "a"))
  expect_identical(rownames(cm$table), c("b", "a"))
  # the truth's levels are the classes, unused ones included; a level that
  # only the answers use is not a class
  cm <- confusion_matrix(factor(c("z", "z"), levels = c("z", "y")), factor(c("z", "y")))
  expect_identical(rownames(cm$table), c("z", "y"))
  expect_error(confusion_matrix(factor(c("z", "y"), levels = c("z", "y")), factor(c("x", "y"))),
               "'predicted' holds a label .* \"x\"")
})

test_that("class order: first appearance for strings, so the CSV gives the slides' order", {
  csv <- utils::read.csv(system.file("extdata", "tableaux.csv", package = "sdsante"),
                         colClasses = c(id = "character"))
  expect_type(csv$classe, "character")
  train <- csv[csv$ensemble == "apprentissage", ]
  cm <- confusion_matrix(train$classe, lecture_rule(train))
  expect_identical(rownames(cm$table), slide_classes)
  expect_equal(unname(unclass(cm$table)), matrix(c(5, 1, 1, 0, 4, 0, 0, 0, 4), 3))
  expect_identical(rownames(confusion_matrix(c("b", "C", "a"), c("a", "a", "a"))$table),
                   c("b", "C", "a"))
  # numbers are sorted, logical gives TRUE then FALSE
  expect_identical(rownames(confusion_matrix(c(10L, 2L, 2L), c(2L, 10L, 2L))$table), c("2", "10"))
  expect_identical(rownames(confusion_matrix(c(FALSE, TRUE), c(TRUE, TRUE))$table), c("TRUE", "FALSE"))
  # unused factor levels are kept, as caret does
  cm <- confusion_matrix(factor("a", levels = c("a", "b", "c")), factor("b", levels = c("a", "b")))
  expect_identical(dim(cm$table), c(3L, 3L))
})

test_that("counting agrees with table() on random data with missing values", {
  set.seed(42)
  for (k in c(2, 3, 7)) {
    truth <- factor(sample(letters[1:k], 5000, TRUE), levels = letters[1:k])
    # a declared class that no answer uses is not a class of the matrix
    predicted <- factor(sample(letters[1:k], 5000, TRUE), levels = c("extra", letters[1:k]))
    truth[sample(5000, 50)] <- NA
    predicted[sample(5000, 50)] <- NA
    cm <- confusion_matrix(truth, predicted)
    classes <- levels(truth)
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
  # With a screening prevalence, precision is the PPV and F1 and the detection
  # rates use that prevalence; caret keeps the sample's for them.
  same <- if (is.null(prevalence)) columns else
    setdiff(columns, c("precision", "f1", "detection_rate", "detection_prevalence"))
  theirs_by_class <- if (nlevels(truth) == 2) t(theirs$byClass) else theirs$byClass
  colnames(theirs_by_class) <- columns
  ours_by_class <- if (nlevels(truth) == 2)
    ours$by_class[ours$by_class$class == theirs$positive, ] else ours$by_class
  expect_equal(unname(as.matrix(ours_by_class[same])), unname(theirs_by_class[, same, drop = FALSE]),
               tolerance = 1e-9)
  if (!is.null(prevalence))
    expect_equal(ours_by_class$precision, ours_by_class$ppv)
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
                         prevalence = stats::setNames(prop.table(runif(k, 0.05, 0.9)), lev))
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
  expect_error(confusion_matrix(c("No", "Yes"), c("No", "No"), positive = "yes"),
               "not \"yes\" (did you mean \"Yes\"?)", fixed = TRUE)
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

test_that("averages: NA when a class has no value, or left out with na_rm = TRUE", {
  s <- summary(confusion_matrix(c("a", "a", "b", "b"), c("a", "c", "b", "b"),
                                levels = c("a", "b", "c")))
  expect_true(is.na(s$averages["macro", "sensitivity"]))
  # a: 1/2 correct, b: 2/2 correct, c: absent (weight 0)
  expect_equal(s$averages["weighted", "sensitivity"], 0.5 * 0.5 + 0.5 * 1)
  # class c never predicted: precision NA, and so its averages, unless na_rm
  truth <- c("a", "a", "b", "c")
  predicted <- c("a", "a", "b", "b")
  s <- summary(confusion_matrix(truth, predicted))
  expect_true(is.na(s$by_class$precision[3]))
  expect_true(is.na(s$averages["macro", "precision"]))
  expect_true(is.na(s$averages["weighted", "precision"]))
  expect_output(print(s), "summary(cm, na_rm = TRUE)", fixed = TRUE)
  s <- summary(confusion_matrix(truth, predicted), na_rm = TRUE)
  expect_equal(s$averages["macro", "precision"], (1 + 1 / 2) / 2)
  # weights 2/4 and 1/4, rescaled to 2/3 and 1/3
  expect_equal(s$averages["weighted", "precision"], 2 / 3 * 1 + 1 / 3 * 1 / 2)
  expect_equal(s$averages["macro", "sensitivity"], (1 + 1 + 0) / 3)
  expect_error(summary(confusion_matrix(truth, predicted), na_rm = NA), "'na_rm' must be TRUE or FALSE")
})

test_that("printed labels are translated in French, names stay English", {
  cm <- confusion_matrix(c("No", "Yes", "Yes", "No"), c("No", "Yes", "No", "No"))
  s <- summary(cm)
  expect_output(print(s), "positive predictive value (PPV)", fixed = TRUE)
  # two classes: the positive class alone, no averages; three: both
  expect_output(print(s), "Statistics of the positive class \"Yes\"", fixed = TRUE)
  s3 <- summary(confusion_matrix(c("No", "Yes", "Maybe", "No"), c("No", "Yes", "No", "Maybe")))
  expect_output(print(s3), "macro average")
  skip_without_french()
  in_french({
    out <- paste(c(capture.output(print(s)), capture.output(print(s3))), collapse = "\n")
    for (label in c("sensibilit\u00e9", "sp\u00e9cificit\u00e9", "valeur pr\u00e9dictive positive (VPP)",
                    "valeur pr\u00e9dictive n\u00e9gative (VPN)", "pr\u00e9cision", "rappel", "score F1",
                    "pr\u00e9valence", "taux de d\u00e9tection", "exactitude \u00e9quilibr\u00e9e",
                    "moyenne macro", "moyenne pond\u00e9r\u00e9e", "Statistiques globales"))
      expect_true(grepl(label, out, fixed = TRUE), info = label)
    expect_false(grepl("sensitivity|balanced|weighted", out))
    expect_named(summary(cm)$by_class, c("class", "sensitivity", "specificity", "ppv", "npv",
                                         "precision", "recall", "f1", "prevalence",
                                         "detection_rate", "detection_prevalence",
                                         "balanced_accuracy"))
    expect_named(as.data.frame(cm), c("truth", "predicted", "n"))
    # a selection of the statistics prints in French too, and stays a data frame
    yes <- s$by_class[s$by_class$class == "Yes", c("class", "sensitivity", "ppv")]
    expect_s3_class(yes, "data.frame")
    expect_output(print(yes), "classe +sensibilité +valeur prédictive positive \\(VPP\\)")
    expect_output(print(s$averages["sensitivity"]), "moyenne pondérée")
    expect_equal(yes$sensitivity, 0.5)
  })
})

test_that("implausible numbers of classes are refused early, as identifiers", {
  expect_error(confusion_matrix(1:46341, 1:46341),
               "'truth' holds 46 341 different labels for 46 341 cases: so many classes look like identifiers")
  expect_error(confusion_matrix(as.character(1:1001), as.character(1:1001)), "look like identifiers")
  expect_error(confusion_matrix(factor(1:2000), factor(1:2000)), "look like identifiers")
  expect_equal(dim(confusion_matrix(1:1000, 1:1000)$table), c(1000L, 1000L))
  skip_without_french()
  in_french(expect_error(confusion_matrix(1:46341, 1:46341), "identifiants"))
})

test_that("as_confusion_matrix() checks the class names, counts and prevalences", {
  counts <- matrix(c(5, 1, 2, 4), 2)
  expect_error(as_confusion_matrix(`dimnames<-`(counts, list(c("a", "a"), c("a", "a")))),
               "'x' must name each class once")
  expect_error(as_confusion_matrix(`dimnames<-`(counts, list(c("a", NA), c("a", NA)))),
               "'x' must name each class once")
  expect_error(as_confusion_matrix(`dimnames<-`(counts, list(c("a", ""), c("a", "")))),
               "'x' must name each class once")
  expect_error(as_confusion_matrix(matrix(1e300, 2, 2)), "exact whole numbers \\(at most 2\\^53")
  three <- matrix(c(5, 1, 0, 1, 4, 1, 0, 0, 3), 3, dimnames = list(letters[1:3], letters[1:3]))
  expect_error(as_confusion_matrix(three, prevalence = c(a = 0.5, b = 0.3, c = 0.3)),
               "must sum to 1, and 'prevalence' sums to 1.1")
  s <- summary(as_confusion_matrix(three, prevalence = c(c = 0.2, a = 0.5, b = 0.3)))
  expect_equal(s$by_class$prevalence, c(0.5, 0.3, 0.2))
  # a named prevalence with two classes, in any order
  two <- as_confusion_matrix(`dimnames<-`(counts, list(c("sain", "malade"), c("sain", "malade"))),
                             prevalence = c(malade = 0.1, sain = 0.9))
  expect_identical(two$positive, "malade")
  expect_equal(two$prevalence, c(sain = 0.9, malade = 0.1))
  # huge counts: the statistics stay finite (Matthews is computed from shares)
  big <- summary(as_confusion_matrix(counts * 1e15))
  expect_equal(big$overall[["mcc"]], summary(as_confusion_matrix(counts))$overall[["mcc"]])
  expect_equal(big$overall[["kappa"]], summary(as_confusion_matrix(counts))$overall[["kappa"]])
})

test_that("plot() checks the graphics parameters it passes on", {
  cm <- confusion_matrix(c("a", "b"), c("a", "a"))
  expect_error(plot(cm, col = "not a colour"), "'col' must be colours")
  expect_error(plot(cm, col = "red"), "'col' must hold at least 2 colours")
  expect_error(plot(cm, main = 1:3), "'main' must be a title")
})

test_that("ifelse() on a factor (integer codes) is an error, not a misleading matrix", {
  zero_one <- factor(c("0", "1", "1", "0"))
  # codes 1 read as the label "1": the model said "0" every time
  codes <- ifelse(c(TRUE, TRUE, TRUE, TRUE), zero_one[1], zero_one[1])
  expect_identical(codes, rep(1L, 4))
  expect_error(confusion_matrix(zero_one, codes),
               "'predicted' holds the numbers 1 while 'truth' is a factor with the labels \"0\", \"1\"")
  expect_error(confusion_matrix(zero_one, codes), "ifelse() on a factor returns its codes", fixed = TRUE)
  # the labels themselves give the right matrix
  right <- confusion_matrix(zero_one, ifelse(rep(TRUE, 4), as.character(zero_one[1]), "1"))
  expect_equal(unname(colSums(unclass(right$table))), c(4, 0))
  # the same from the other side, and with labels that are not numbers
  yes_no <- factor(c("No", "Yes", "No", "Yes"))
  expect_error(confusion_matrix(ifelse(c(1, 2, 3, 4) > 2, yes_no, yes_no), yes_no),
               "'truth' holds the numbers 1, 2 while 'predicted' is a factor")
  # numbers that are not all codes, or codes equal to the labels, or declared classes
  expect_equal(sum(confusion_matrix(zero_one, c(0L, 1L, 1L, 1L))$table), 4)
  expect_equal(sum(confusion_matrix(factor(c("1", "2", "1")), c(1L, 2L, 2L), positive = 2)$table), 3)
  expect_equal(sum(confusion_matrix(zero_one, codes, levels = c("0", "1"))$table), 4)
  skip_without_french()
  in_french(expect_error(confusion_matrix(zero_one, codes), "ifelse()", fixed = TRUE))
  in_french(expect_error(confusion_matrix(zero_one, codes), "'predicted'", fixed = TRUE))
})

test_that("one case is written in the singular", {
  cm <- confusion_matrix(c("a", NA, "b", "a"), c("a", "b", NA, NA))
  expect_output(print(cm), "Confusion matrix (1 case)", fixed = TRUE)
  expect_output(print(confusion_matrix(c("a", "b"), c("a", "b"))), "(2 cases)", fixed = TRUE)
})

test_that("a named prevalence of two classes is the prevalence of the class it names", {
  truth <- rep(c("malade", "sain"), each = 10)
  predicted <- c(rep("malade", 8), rep("sain", 2), rep("malade", 3), rep("sain", 7))
  # the positive class is "malade"; the prevalence is given for "sain"
  cm <- confusion_matrix(truth, predicted, prevalence = c(sain = 0.99))
  expect_equal(cm$prevalence, c(malade = 0.01, sain = 0.99))
  sick <- summary(cm)$by_class[1, ]
  expect_equal(sick$ppv, 0.8 * 0.01 / (0.8 * 0.01 + 0.3 * 0.99))
  expect_error(confusion_matrix(truth, predicted, prevalence = c(other = 0.1)), "'prevalence'")
})

test_that("summary(na_rm = TRUE) says which averages left classes out", {
  s <- summary(confusion_matrix(c("a", "a", "b", "c"), c("a", "a", "b", "b")), na_rm = TRUE)
  expect_output(print(s), "Averages of positive predictive value (PPV), precision, F1 score leave out",
                fixed = TRUE)
  # hand-worked: precision a = 1, b = 1/2, c undefined; F1 a = 1, b = 2/3
  expect_equal(s$averages["macro", "f1"], (1 + 2 / 3) / 2)
  expect_equal(s$averages["weighted", "f1"], 2 / 3 * 1 + 1 / 3 * 2 / 3)
  s_all <- summary(confusion_matrix(c("a", "b"), c("a", "b")), na_rm = TRUE)
  expect_false(any(grepl("leave out", capture.output(print(s_all)))))
  skip_without_french()
  in_french(expect_output(print(s), "laissent de c\u00f4t\u00e9"))
})

test_that("the identifiers message names the side that holds them", {
  expect_error(confusion_matrix(rep(c("a", "b"), 1000), as.character(1:2000)),
               "'predicted' holds 2 000 different labels for 2 000 cases")
  expect_error(confusion_matrix(factor(1:2000), rep(c("a", "b"), 1000)),
               "'truth' holds 2 000 different labels")
  # as_confusion_matrix() of 10,001 classes (a table of 800 MB, not built here)
  expect_error(sdsante:::check_class_count(10001, 10001, TRUE, NULL, labels = NULL),
               "'x' has 10 001 classes, more than the 10 000 that a confusion matrix accepts")
})

test_that("print() and summary() of many classes show the first 30 only", {
  cm <- confusion_matrix(1:40, c(2:40, 1))
  out <- capture.output(print(cm))
  expect_true(any(grepl("only the first 30 of the 40 classes are shown; as.table() gives them all",
                        out, fixed = TRUE)))
  expect_false(any(grepl("\\b31\\b", out)))
  expect_output(print(cm), "Accuracy: 0 (0 / 40)", fixed = TRUE)   # from every class
  expect_output(print(summary(cm)), "summary(cm)$by_class gives them all", fixed = TRUE)
  expect_equal(nrow(summary(cm)$by_class), 40)
  small <- capture.output(print(confusion_matrix(1:30, 1:30)))
  expect_false(any(grepl("only the first", small)))
  skip_without_french()
  in_french(expect_output(print(cm), "seules les 30 premi\u00e8res"))
})

test_that("labels that differ only by case, spaces, accents or a final s are typos", {
  train <- tableaux[tableaux$ensemble == "apprentissage", ]
  model <- lecture_rule(train)
  # a factor's levels are trusted, but not a near-twin of a class of truth
  # (predict() of a rule list whose class was typed "Paysages" gives such a factor)
  for (typo in c("Paysages", "paysage", "Paysage ")) {
    wrong <- factor(sub("^Paysage$", typo, model))
    expect_error(confusion_matrix(train$classe, wrong),
                 sprintf("'predicted' holds a label that is not one of the classes of 'truth' (\"Portrait\", \"Personnages\", \"Paysage\"): \"%s\" (did you mean \"Paysage\"?)", typo),
                 fixed = TRUE)
    # character truth: the error names 'predicted', where the typo is
    expect_error(confusion_matrix(as.character(train$classe), wrong), "'predicted' holds a label")
  }
  # within one side: two spellings of one class
  expect_error(confusion_matrix(c("No", "no", "Yes"), c("No", "No", "Yes")),
               "'truth' holds labels that differ only by case, accents, spaces or a final \"s\": \"No\", \"no\"",
               fixed = TRUE)
  expect_error(confusion_matrix(c("Oui", "Non"), factor(c("oui ", "Oui"))), "'predicted' holds labels that differ")
  expect_error(confusion_matrix(c("b\u00e9nin", "malin", "benin"), c("malin", "malin", "malin")),
               "\"b\u00e9nin\", \"benin\"", fixed = TRUE)
  # not twins: other classes, unused levels, and classes declared with 'levels'
  cm <- confusion_matrix(factor(c("Stade 1", "Stade 2")), factor(c("Stade 1", "Stade 4")),
                         levels = c("Stade 1", "Stade 2", "Stade 4"))
  expect_identical(rownames(cm$table), c("Stade 1", "Stade 2", "Stade 4"))
  cm <- confusion_matrix(factor(c("No", "Yes"), levels = c("No", "Yes", "no")), c("No", "Yes"))
  expect_equal(sum(cm$table), 2)
  cm <- confusion_matrix(c("AA", "Aa", "aa"), c("AA", "Aa", "Aa"), levels = c("AA", "Aa", "aa"))
  expect_equal(sum(diag(cm$table)), 2)
  skip_without_french()
  in_french(expect_error(confusion_matrix(c("No", "no", "Yes"), c("No", "No", "Yes")),
                         "ne diff\u00e8rent que par"))
})

test_that("large counts print in full, never as 5e+05", {
  cm <- confusion_matrix(rep(c(0, 1), 5e5), rep(c(0, 1), 5e5))
  out <- capture.output(print(cm))
  expect_false(any(grepl("e\\+", out)))
  expect_true(any(grepl("Confusion matrix (1 000 000 cases)", out, fixed = TRUE)))
  expect_true(any(grepl("500000", out, fixed = TRUE)))
  expect_true(any(grepl("(1 000 000 / 1 000 000)", out, fixed = TRUE)))
  huge <- as_confusion_matrix(matrix(c(3e9, 1, 2, 4e15), 2,
                                     dimnames = list(c("No", "Yes"), c("No", "Yes"))))
  out <- capture.output(print(huge))
  expect_false(any(grepl("e\\+", out)))
  expect_true(any(grepl("3000000000 +2$", out)))   # right-aligned
})

test_that("empty labels (blank CSV cells read as \"\") are an error, not a class", {
  d <- utils::read.csv(text = "y,p\nYes,Yes\nNo,\n,No\nNo,No\nYes,Yes")
  expect_identical(d$y[3], "")
  expect_error(confusion_matrix(d$y, d$p),
               "'truth' holds empty labels (\"\"), as read.csv() reads the blank cells of a text column: read the file with na.strings = c(\"\", \"NA\")",
               fixed = TRUE)
  expect_error(confusion_matrix(d$p, d$y), "'truth' holds empty labels")
  expect_error(confusion_matrix(c("No", "Yes", "No"), factor(c("No", " ", "Yes"))),
               "'predicted' holds empty labels")
  # read as missing values, they are left out and counted
  d <- utils::read.csv(text = "y,p\nYes,Yes\nNo,\n,No\nNo,No\nYes,Yes", na.strings = c("", "NA"))
  cm <- confusion_matrix(d$y, d$p)
  expect_equal(cm$n_missing, 2)
  expect_identical(cm$positive, "Yes")
  # an unused blank level does not matter
  expect_equal(sum(confusion_matrix(factor(c("a", "b"), levels = c("a", "b", "")), c("a", "b"))$table), 2)
  expect_error(roc_curve(c("Yes", "", "No"), 1:3), "'truth' holds empty labels")
  skip_without_french()
  in_french(expect_error(confusion_matrix(c("a", "", "b"), c("a", "b", "b")), "na.strings", fixed = TRUE))
})
