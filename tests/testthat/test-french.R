# In a French session, every capability speaks French: messages, print-outs
# and summaries use the lecture's words.  in_french() and
# skip_without_french() are in helper-language.R.

train <- tableaux[tableaux$ensemble == "apprentissage", ]
points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]

test_that("confusion matrices and ROC curves speak French", {
  skip_without_french()
  cm <- confusion_matrix(c("a", "b", "a"), c("a", "a", "b"))
  in_french({
    expect_output(print(cm), "Matrice de confusion \\(3 cas\\)")
    expect_output(print(cm), "Classe")
    expect_output(print(cm), "Modèle")
    expect_output(print(summary(cm)), "Statistiques globales")
    expect_error(confusion_matrix(1:2, 1:3), "doivent avoir la même longueur")
    expect_error(confusion_matrix(c("a", "b"), c("a", "b"), positive = "c"),
                 "doit être l'une des classes")
    roc <- roc_curve(c(TRUE, FALSE, TRUE), c(0.9, 0.1, 0.4))
    expect_output(print(roc), "Courbe ROC")
    expect_error(roc_curve(c("a", "b"), c(NaN, 1)), "ne doit pas contenir de NaN")
    expect_error(roc_curve(c("a", "b", "c"), 1:3), "exactement deux classes")
  })
})

test_that("rule lists read like the slides, in French", {
  skip_without_french()
  model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                     .default = "Paysage")
  in_french({
    expect_output(print(model), "Si (1 <= yeux <= 2) alors classe = Portrait", fixed = TRUE)
    expect_output(print(model), "Sinon si (visages >= 2) alors classe = Personnages", fixed = TRUE)
    expect_output(print(model), "Sinon classe = Paysage", fixed = TRUE)
    expect_output(print(summary(model, train)), "couverts")
    expect_error(rule_list(yeux > 1 ~ "A"), "'.default'")
    expect_error(predict(model, data.frame(yeux = 1)), "colonne 'visages'")
    set.seed(1)
    learned <- learn_rules(classe ~ yeux + visages, train)
    expect_output(print(learned), "^Si \\(")
    expect_error(learn_rules(classe ~ inconnu, train), "inconnu")
    expect_error(learn_rules(classe ~ yeux, train, method = "arbre"), "'method' doit")
  })
})

test_that("k-means speaks French", {
  skip_without_french()
  set.seed(1)
  fit <- k_means(points, 3)
  in_french({
    expect_output(print(fit), "groupes")
    expect_output(print(fit), "Groupe 1")
    expect_error(k_means(points, 40), "'k' doit être un nombre entier")
    expect_error(predict(fit, data.frame(a = 1)), "'newdata' doit")
    expect_error(silhouette_score(points, 1:3), "'cluster' doit")
    expect_warning(k_means(points, 3, iter_max = 1, algorithm = "lloyd"), "n'a pas convergé|converg")
  })
})

# Issue 10 §1: every print and summary method speaks French in a French
# session (the names of the returned objects stay English).  The words below
# are English labels of the print-outs that a French reader must not see; not
# words French shares ("condition", "Kappa", "macro" in « moyenne macro »,
# "positive" in « Classe positive »).
english_labels <- c("If", "Else", "then", "Decision list", "evaluated on", "covered",
                    "Counted on", "default", "accuracy", "Accuracy", "Confusion matrix",
                    "cases", "Overall statistics", "Statistics by class", "Averages",
                    "sensitivity", "specificity", "ppv", "npv", "predictive value",
                    "recall", "detection_rate", "detection rate", "detection prevalence",
                    "balanced_accuracy", "balanced accuracy", "macro average",
                    "weighted average", "weighted", "groups", "Group", "size",
                    "Converged", "sum of squares", "within", "between", "ROC curve",
                    "Best threshold", "Operating points", "criterion", "threshold",
                    "youden", "Youden index", "true positives", "Positive class",
                    "explained")
english_labels_in <- function(output) {
  english_labels[vapply(english_labels, function(word) {
    any(grepl(sprintf("(^|[^A-Za-z_])%s($|[^A-Za-z_])", word), output))
  }, logical(1))]
}

every_print_out <- function() {
  model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                     .default = "Paysage")
  set.seed(1)
  learned <- learn_rules(classe ~ yeux + visages + nez, train)
  cm <- confusion_matrix(train$classe, predict(model, train))
  set.seed(1)
  fit <- k_means(points, 3)
  roc <- roc_curve(train$classe == "Portrait", train$yeux)
  elbow <- wss_curve(points, 1:4)
  objects <- list(model, summary(model, train), learned, cm, summary(cm), fit,
                  summary(fit), roc, summary(roc), elbow)
  unlist(lapply(objects, function(x) capture.output(print(x))))
}

test_that("every print and summary method prints French labels in a French session", {
  skip_without_french()
  english <- english_labels_in(every_print_out())
  expect_true(all(c("If", "Decision list", "Confusion matrix", "sensitivity", "Group",
                    "ROC curve", "threshold") %in% english))
  french <- in_french(every_print_out())
  expect_identical(english_labels_in(french), character())
  # Names stay English identifiers whatever the language.
  in_french({
    cm <- confusion_matrix(train$classe, train$classe)
    expect_true("sensitivity" %in% names(summary(cm)$by_class))
    expect_true("threshold" %in% names(summary(roc_curve(train$classe == "Portrait",
                                                         train$yeux))$operating_points))
  })
})

test_that("the check of English labels finds them, and not French words", {
  expect_identical(english_labels_in(c("sensitivity 0.5", "macro average", "Group 1")),
                   c("sensitivity", "macro average", "Group"))
  expect_identical(english_labels_in(c("sensibilit\u00e9 0.5", "moyenne macro",
                                       "Groupe 1", "crit\u00e8re seuil", "Classe positive",
                                       "Si (yeux >= 1) alors classe = Portrait")),
                   character())
})

test_that("the lecture's script reads in French", {
  skip_without_french()
  script <- system.file("scripts", "cours.R", package = "sdsante")
  out <- in_french(capture.output(
    source(script, echo = TRUE, keep.source = TRUE, max.deparse.length = Inf,
           encoding = "UTF-8", local = new.env())))
  # The echo keeps the script's French comments (keep.source = TRUE) ...
  expect_true(any(grepl("attendu", out, fixed = TRUE)))
  # ... and the print-outs are French.
  expect_true(any(grepl("Matrice de confusion (15 cas)", out, fixed = TRUE)))
  expect_true(any(grepl("Matrice de confusion (6 cas)", out, fixed = TRUE)))
})
