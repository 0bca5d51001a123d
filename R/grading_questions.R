# The questions of the tutorials and of the TD, each with its points and the
# check that says what is wrong.  A question is named after the object the
# student creates (`cm_test`, `groupes`...): the same name in the tutorials'
# exercises, in a student's script (check_script()) and in the project's
# answer file.  The expected answers are computed by the package itself, once
# per session.

reference_cache <- new.env(parent = emptyenv())

# The lecture's sets and the slides' model; Pima.tr/Pima.te from MASS.
reference <- function(name) {
  if (!exists(name, envir = reference_cache, inherits = FALSE))
    assign(name, compute_reference(name), envir = reference_cache)
  get(name, envir = reference_cache, inherits = FALSE)
}

compute_reference <- function(name) {
  tableaux <- sdsante::tableaux
  descripteurs <- sdsante::descripteurs
  train <- tableaux[tableaux$ensemble == "apprentissage", ]
  test <- tableaux[tableaux$ensemble == "test", ]
  points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
  points_test <- descripteurs[descripteurs$ensemble == "test", c("d1", "d2")]
  slides <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                      .default = "Paysage")
  reversed <- rule_list(visages >= 2 ~ "Personnages", yeux >= 1 & yeux <= 2 ~ "Portrait",
                        .default = "Paysage")
  seeded <- function(seed, code) {
    # The student's random stream is left as it was.
    old <- if (exists(".Random.seed", envir = globalenv())) get(".Random.seed", envir = globalenv())
    on.exit(if (is.null(old)) rm(".Random.seed", envir = globalenv())
            else assign(".Random.seed", old, envir = globalenv()))
    set.seed(seed)
    code
  }
  pima <- function() {
    if (!requireNamespace("MASS", quietly = TRUE))
      stop(gettext("this question needs the package MASS", domain = "R-sdsante"), call. = FALSE)
    list(tr = MASS::Pima.tr, te = MASS::Pima.te)
  }
  glucose <- rule_list(glu >= 130 ~ "Yes", .default = "No")
  profiles_vars <- c("npreg", "glu", "bp", "skin", "bmi", "ped", "age")
  switch(name,
    train = train, test = test, points = points, points_test = points_test,
    slides = slides, reversed = reversed,
    cm_train = confusion_matrix(train$classe, stats::predict(slides, train))$table,
    cm_test = confusion_matrix(test$classe, stats::predict(slides, test))$table,
    groups = seeded(2024, k_means(points, k = 3, nstart = 10)),
    groups_all = seeded(2024, k_means(rbind(points, points_test), k = 3, nstart = 10)),
    groups_one = seeded(2024, k_means(points, k = 3, nstart = 1)),
    groups_test = stats::predict(reference("groups"), points_test),
    refit_test = seeded(2024, k_means(points_test, k = 3, nstart = 10))$cluster,
    best_ss = lapply(2:4, function(k) seeded(2024, k_means(points, k = k, nstart = 10))$tot.withinss),
    cm_glu = {
      p <- pima()
      confusion_matrix(p$te$type, stats::predict(glucose, p$te), positive = "Yes")$table
    },
    cm_glu_train = {
      p <- pima()
      confusion_matrix(p$tr$type, stats::predict(glucose, p$tr), positive = "Yes")$table
    },
    auc_glu = roc_curve(pima()$te$type, pima()$te$glu, positive = "Yes")$auc,
    auc_glu_train = roc_curve(pima()$tr$type, pima()$tr$glu, positive = "Yes")$auc,
    profiles = seeded(3, k_means(pima()$tr[profiles_vars], k = 3, nstart = 20, standardize = TRUE)),
    stop("unknown reference ", name))
}

# Sensitivity and specificity of one class in a confusion table (rows =
# truth, columns = answers), from their definitions.
class_rates <- function(table, class) {
  hit <- rownames(table) == class
  c(sensitivity = table[class, class] / sum(table[class, ]),
    specificity = sum(table[!hit, !hit]) / sum(table[!hit, ]))
}

# The typical wrong values of a numeric answer, without those that happen to
# equal the expected one (they could not be told apart from it).
other_values <- function(expected, others) {
  Filter(function(o) abs(o$value - expected) > 1e-12, others)
}

# The registry: id -> tutorials, exercise, points, what to create, check.
question_list <- function() {
  q <- function(id, tutorials, exercise, points, object, check) {
    list(id = id, tutorials = tutorials, exercise = exercise, points = points,
         object = object, check = check)
  }
  wrong_set <- function(table, message) list(list(table = table, message = message))
  training_message <- function() gettext("this is the matrix of the training set: the question asks for the test set",
                                         domain = "R-sdsante")
  test_message <- function() gettext("this is the matrix of the test set: the question asks for the training set",
                                     domain = "R-sdsante")
  questions <- list(
    q("modele", c("apprentissage-supervise"), 1, 2,
      gettext("the slides' rule list, written with rule_list()", domain = "R-sdsante"),
      function(x) diagnose_rules(x, reference("slides"), reversed_is_wrong = TRUE)),
    q("cm_apprentissage", c("apprentissage-supervise"), 2, 2,
      gettext("the confusion matrix of the slides' model on the training set", domain = "R-sdsante"),
      function(x) diagnose_confusion(x, reference("cm_train"),
                                     wrong_set(reference("cm_test"), test_message()))),
    q("cm_test", c("apprentissage-supervise", "td"), 2, 2,
      gettext("the confusion matrix of the slides' model on the test set", domain = "R-sdsante"),
      function(x) diagnose_confusion(x, reference("cm_test"),
                                     wrong_set(reference("cm_train"), training_message()))),
    q("mal_classes", c("apprentissage-supervise"), 3, 1,
      gettext("the identifiers (id) of the misclassified training paintings", domain = "R-sdsante"),
      diagnose_misclassified),
    q("inverse", c("td"), 1, 2,
      gettext("the rule list that tries the slides' two conditions in the other order", domain = "R-sdsante"),
      function(x) diagnose_rules(x, reference("reversed"), reversed_is_wrong = FALSE)),
    q("sensibilite", c("td"), 2, 1,
      gettext("the sensitivity of the slides' model for Personnages on the test set", domain = "R-sdsante"),
      function(x) {
        test <- class_rates(reference("cm_test"), "Personnages")
        train <- class_rates(reference("cm_train"), "Personnages")
        diagnose_number(x, test[["sensitivity"]], other_values(test[["sensitivity"]], list(
          list(value = test[["specificity"]], message = gettext("that is the specificity or the positive predictive value: the sensitivity divides the true positives by the class's row, TP / (TP + FN)",
                                                                 domain = "R-sdsante")),
          list(value = train[["sensitivity"]], message = gettext("that is the sensitivity on the training set: the question asks for the test set",
                                                                  domain = "R-sdsante")))),
          digits = 2L)
      }),
    q("specificite", c("td"), 2, 1,
      gettext("the specificity of the slides' model for Personnages on the test set", domain = "R-sdsante"),
      function(x) {
        test <- class_rates(reference("cm_test"), "Personnages")
        train <- class_rates(reference("cm_train"), "Personnages")
        diagnose_number(x, test[["specificity"]], other_values(test[["specificity"]], list(
          list(value = test[["sensitivity"]], message = gettext("that is the sensitivity: the specificity divides the true negatives by the other classes' rows, TN / (TN + FP)",
                                                                 domain = "R-sdsante")),
          list(value = train[["specificity"]], message = gettext("that is the specificity on the training set: the question asks for the test set",
                                                                  domain = "R-sdsante")))),
          digits = 2L)
      }),
    q("meilleure_somme", c("td"), 3, 2,
      gettext("the smallest within-group sum of squares for k = 3 on the training points (nstart = 10)", domain = "R-sdsante"),
      diagnose_best_ss),
    q("groupes", c("apprentissage-non-supervise", "td"), 4, 2,
      gettext("the three groups of the training points (set.seed(2024), nstart = 10)", domain = "R-sdsante"),
      function(x) diagnose_groups(x, reference("groups"), n_train = 15L, n_all = 21L,
                                  seed = 2024L, nstart = 10L, k = 3L, standardize = FALSE)),
    q("groupe_test", c("apprentissage-non-supervise", "td"), 4, 1,
      gettext("the groups of the six test paintings, by predict()", domain = "R-sdsante"),
      function(x) diagnose_assignment(x, reference("groups_test"), n_train = 15L,
                                      refit = reference("refit_test"), seed = 2024L)),
    q("cm_glu", c("sante", "td"), 5, 2,
      gettext("the confusion matrix of the rule glu >= 130 on Pima.te (positive = \"Yes\")", domain = "R-sdsante"),
      function(x) diagnose_confusion(x, reference("cm_glu"),
        wrong_set(reference("cm_glu_train"),
                  gettext("this is the matrix of Pima.tr, the training set: the question asks for Pima.te, the test set",
                          domain = "R-sdsante")), positive = "Yes")),
    q("auc_glu", c("sante", "td"), 5, 1,
      gettext("the area under the ROC curve of glu on Pima.te", domain = "R-sdsante"),
      function(x) diagnose_number(x, reference("auc_glu"), list(
        list(value = 1 - reference("auc_glu"), message = gettext("an AUC below 0.5: the positive class is reversed; add positive = \"Yes\"",
                                                                 domain = "R-sdsante")),
        list(value = reference("auc_glu_train"), message = gettext("this is the AUC on Pima.tr, the training set: the question asks for Pima.te",
                                                                   domain = "R-sdsante"))))),
    q("profils", c("sante", "td"), 5, 2,
      gettext("three groups of the Pima.tr patients on npreg, glu, bp, skin, bmi, ped, age (standardised, set.seed(3), nstart = 20)", domain = "R-sdsante"),
      diagnose_profiles),
    q("lu_fr", c("td"), 6, 2,
      gettext("the file descripteurs-fr.csv read into exactly the data set descripteurs", domain = "R-sdsante"),
      diagnose_french_csv),
    q("sql_portraits", c("sql"), 1, 1,
      gettext("an SQL query giving the id of the paintings with 1 or 2 eyes", domain = "R-sdsante"),
      diagnose_sql_portraits),
    q("sql_modele", c("sql"), 2, 2,
      gettext("an SQL query giving each painting's id and the slides' model's answer (CASE WHEN)", domain = "R-sdsante"),
      diagnose_sql_model)
  )
  names(questions) <- vapply(questions, `[[`, "", "id")
  questions
}

diagnose_rules <- function(x, expected, reversed_is_wrong) {
  tableaux <- sdsante::tableaux
  got <- rule_answers(x, tableaux)
  if (is.null(got))
    return(gettextf("expected a rule list made by rule_list(), not %s", describe_value(x),
                    domain = "R-sdsante"))
  want <- as.character(stats::predict(expected, tableaux))
  if (identical(got, want)) return(NULL)
  other <- if (reversed_is_wrong) reference("reversed") else reference("slides")
  if (identical(got, as.character(stats::predict(other, tableaux))))
    return(if (reversed_is_wrong)
      gettext("the conditions are in the other order: in a decision list the first rule that applies decides; try the eyes first",
              domain = "R-sdsante")
    else gettext("the conditions are in the slides' order: put the rule on faces (visages >= 2) first",
                 domain = "R-sdsante"))
  ids <- tableaux$id[got != want]
  gettextf("the rule list classes the paintings %s otherwise: compare its conditions and thresholds with the slides (1 <= yeux <= 2, visages >= 2)",
           paste(utils::head(ids, 6L), collapse = ", "), domain = "R-sdsante")
}

diagnose_misclassified <- function(x) {
  expected <- c("002", "006")
  if (is.factor(x)) x <- as.character(x)
  if (is.numeric(x))
    return(gettext("give the identifiers as text, as in the id column (\"002\"), not numbers",
                   domain = "R-sdsante"))
  if (!is.character(x))
    return(gettextf("expected the identifiers (id column), not %s", describe_value(x),
                    domain = "R-sdsante"))
  if (setequal(x, expected) && length(x) == 2L) return(NULL)
  if (any(x %in% c("018", "020")))
    return(gettext("these include test paintings (018, 020): the question asks for the training set",
                   domain = "R-sdsante"))
  gettextf("%d identifiers given, and the model misclassifies 2 training paintings: compare predict(modele, apprentissage) with apprentissage$classe",
           length(x), domain = "R-sdsante")
}

diagnose_best_ss <- function(x) {
  best <- reference("best_ss")
  one <- reference("groups_one")$tot.withinss
  all_rows <- reference("groups_all")$tot.withinss
  others <- list(
    list(value = best[[1]], message = gettext("that is the sum for k = 2: the question asks for k = 3",
                                              domain = "R-sdsante")),
    list(value = best[[3]], message = gettext("that is the sum for k = 4: the question asks for k = 3",
                                              domain = "R-sdsante")),
    list(value = all_rows, message = gettext("this sum counts the test points: the test set was used for learning",
                                             domain = "R-sdsante")))
  if (one > best[[2]] + 1e-6)
    others <- c(others, list(list(value = one, message = gettext("a local minimum, from one start: use nstart = 10",
                                                                 domain = "R-sdsante"))))
  diagnose_number(x, best[[2]], others, digits = 3L)
}

diagnose_profiles <- function(x) {
  expected <- reference("profiles")
  if (is.list(x) && !is.null(x$centers) && "type" %in% colnames(x$centers))
    return(gettext("the diagnosis (type) was used to form the groups: leave it out, the groups are made without it",
                   domain = "R-sdsante"))
  diagnose_groups(x, expected, n_train = nrow(MASS::Pima.tr),
                  n_all = nrow(MASS::Pima.tr) + nrow(MASS::Pima.te),
                  seed = 3L, nstart = 20L, k = 3L, standardize = TRUE)
}

diagnose_french_csv <- function(x) {
  expected <- sdsante::descripteurs
  if (!is.data.frame(x))
    return(gettextf("expected a data frame, not %s", describe_value(x), domain = "R-sdsante"))
  if (ncol(x) == 1L)
    return(gettext("one column only: the fields are separated by semicolons; use read.csv2()",
                   domain = "R-sdsante"))
  if (!all(c("d1", "d2") %in% names(x)))
    return(gettextf("expected the columns %s, not %s", paste(names(expected), collapse = ", "),
                    paste(names(x), collapse = ", "), domain = "R-sdsante"))
  if (!is.numeric(x$d1) || !is.numeric(x$d2))
    return(gettext("d1 and d2 are text, not numbers: the file writes a decimal comma; use read.csv2() (or dec = \",\")",
                   domain = "R-sdsante"))
  if (!is.character(x$id))
    return(gettext("id was read as a number (\"001\" became 1): add colClasses = c(id = \"character\")",
                   domain = "R-sdsante"))
  if (!is.factor(x$classe) || !identical(levels(x$classe), levels(expected$classe)))
    return(gettextf("classe must be a factor with the levels %s, in this order",
                    paste(levels(expected$classe), collapse = ", "), domain = "R-sdsante"))
  if (!is.factor(x$ensemble) || !identical(levels(x$ensemble), levels(expected$ensemble)))
    return(gettextf("ensemble must be a factor with the levels %s, in this order",
                    paste(levels(expected$ensemble), collapse = ", "), domain = "R-sdsante"))
  if (isTRUE(all.equal(x, expected, check.attributes = FALSE))) return(NULL)
  gettext("the data frame differs from descripteurs: compare them with all.equal()",
          domain = "R-sdsante")
}

# SQL results arrive as data frames (learnr's SQL exercises, DBI::dbGetQuery()).
diagnose_sql_portraits <- function(x) {
  tableaux <- sdsante::tableaux
  expected <- tableaux$id[tableaux$yeux >= 1 & tableaux$yeux <= 2]
  if (!is.data.frame(x) || !"id" %in% names(x))
    return(gettext("expected the result of a query with a column id: SELECT id FROM tableaux WHERE ...",
                   domain = "R-sdsante"))
  got <- as.character(x$id)
  if (setequal(got, expected) && length(got) == length(expected)) return(NULL)
  if (setequal(got, tableaux$id[tableaux$yeux >= 1]))
    return(gettext("the condition forgets the upper bound: yeux <= 2 too (AND)", domain = "R-sdsante"))
  if (setequal(got, tableaux$id[tableaux$yeux > 1 & tableaux$yeux < 2]) ||
        setequal(got, tableaux$id[tableaux$yeux > 1 & tableaux$yeux <= 2]) ||
        setequal(got, tableaux$id[tableaux$yeux >= 1 & tableaux$yeux < 2]))
    return(gettext("the bounds are included: use >= and <= (or BETWEEN 1 AND 2)", domain = "R-sdsante"))
  if (all(got %in% tableaux$id[tableaux$ensemble == "apprentissage"]) && length(got) < length(expected))
    return(gettext("only the training paintings: the question asks for all of them", domain = "R-sdsante"))
  gettextf("%d paintings instead of %d: check the WHERE condition", length(got), length(expected),
           domain = "R-sdsante")
}

diagnose_sql_model <- function(x) {
  tableaux <- sdsante::tableaux
  if (!is.data.frame(x) || !"id" %in% names(x) || ncol(x) != 2L)
    return(gettext("expected the result of a query with two columns: id and the model's answer",
                   domain = "R-sdsante"))
  answer <- setdiff(names(x), "id")
  rows <- match(tableaux$id, as.character(x$id))
  if (anyNA(rows))
    return(gettextf("%d paintings are missing: the query must return all 21", sum(is.na(rows)),
                    domain = "R-sdsante"))
  got <- as.character(x[[answer]][rows])
  want <- as.character(stats::predict(reference("slides"), tableaux))
  if (identical(got, want)) return(NULL)
  if (identical(got, as.character(stats::predict(reference("reversed"), tableaux))))
    return(gettext("the conditions are in the other order: CASE WHEN takes the first WHEN that applies; the eyes come first",
                   domain = "R-sdsante"))
  if (anyNA(got))
    return(gettext("some answers are NULL: add ELSE 'Paysage' for the paintings no condition covers",
                   domain = "R-sdsante"))
  gettextf("the query classes the paintings %s otherwise than the slides' model",
           paste(utils::head(tableaux$id[got != want], 6L), collapse = ", "), domain = "R-sdsante")
}
