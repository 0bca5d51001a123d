# What is wrong with an answer: the diagnoses shared by the questions of
# grading_questions.R.  Each returns NULL when the answer is right, or one
# translated sentence that says what is wrong (not only that it is wrong).

# The counts of a confusion matrix given as an sdsante matrix, a table or a
# numeric matrix; NULL for anything else.
answer_counts <- function(x) {
  if (inherits(x, "sdsante_confusion")) x <- x$table
  if (inherits(x, "sdsante_check")) return(NULL)
  if (!(is.matrix(x) || is.table(x)) || length(dim(x)) != 2L || !is.numeric(x))
    return(NULL)
  x
}

same_counts <- function(a, b) {
  identical(dim(a), dim(b)) && all(as.vector(a) == as.vector(b))
}

same_labels <- function(a, b) {
  identical(lapply(unname(dimnames(a)), as.character), lapply(unname(dimnames(b)), as.character))
}

# A confusion matrix against the expected one (`expected`: the table with
# named dimensions, rows = Classe).  `others`: named tables of typical wrong
# answers (e.g. the training set's matrix), with the sentence for each.
diagnose_confusion <- function(x, expected, others = list(), positive = NULL) {
  counts <- answer_counts(x)
  if (is.null(counts))
    return(gettextf("expected a confusion matrix (made by confusion_matrix()), not %s",
                    describe_value(x), domain = "R-sdsante"))
  classes <- rownames(expected)
  if (!identical(dim(counts), dim(expected)))
    return(gettextf("expected a %d x %d matrix (classes %s), not %d x %d",
                    nrow(expected), ncol(expected), paste(classes, collapse = ", "),
                    nrow(counts), ncol(counts), domain = "R-sdsante"))
  labelled <- !is.null(rownames(counts)) && !is.null(colnames(counts))
  if (same_counts(counts, expected) && (!labelled || same_labels(counts, expected)))
    return(diagnose_positive(x, positive))
  if (same_counts(counts, t(expected)) &&
        (!labelled || same_labels(counts, t(expected))) && !same_counts(expected, t(expected)))
    return(gettext("the matrix is transposed: its rows must be the true class (Classe) and its columns the model's answer (Model); give the truth first: confusion_matrix(truth, predicted)",
                   domain = "R-sdsante"))
  if (labelled && setequal(rownames(counts), classes) && setequal(colnames(counts), classes)) {
    reordered <- counts[classes, classes]
    if (same_counts(reordered, expected))
      return(gettextf("the classes are in another order (%s): the lecture's order is %s; make the class a factor with these levels",
                      paste(rownames(counts), collapse = ", "), paste(classes, collapse = ", "),
                      domain = "R-sdsante"))
    if (same_counts(reordered, t(expected)))
      return(gettext("the matrix is transposed: its rows must be the true class (Classe) and its columns the model's answer (Model); give the truth first: confusion_matrix(truth, predicted)",
                     domain = "R-sdsante"))
  }
  for (other in others) {
    if (same_counts(counts, other$table) || same_counts(counts, t(other$table)))
      return(other$message)
  }
  if (sum(counts) != sum(expected))
    return(gettextf("the matrix counts %s cases instead of %s: is it the right data set?",
                    format(sum(counts)), format(sum(expected)), domain = "R-sdsante"))
  wrong <- sum(as.vector(counts) != as.vector(expected))
  sprintf(ngettext(wrong, "%d cell differs from the expected counts: check the model (its conditions, their order, the thresholds)",
                   "%d cells differ from the expected counts: check the model (its conditions, their order, the thresholds)",
                   domain = "R-sdsante"), wrong)
}

diagnose_positive <- function(x, positive) {
  if (is.null(positive) || !inherits(x, "sdsante_confusion")) return(NULL)
  given <- x$positive
  if (identical(given, positive)) return(NULL)
  gettextf("the positive class is %s, not %s: add positive = \"%s\"",
           if (is.null(given)) "NULL" else dQuote(given, FALSE), dQuote(positive, FALSE),
           positive, domain = "R-sdsante")
}

# One number: a proportion, checked to `digits` decimals.  `others`: typical
# wrong values with the sentence for each.
diagnose_number <- function(x, expected, others = list(), digits = 3L) {
  if (inherits(x, "sdsante_roc")) x <- x$auc
  if (!is.numeric(x) || length(x) != 1L || is.na(x))
    return(gettextf("expected one number, not %s", describe_value(x), domain = "R-sdsante"))
  close <- function(a, b) abs(a - b) <= 0.5 * 10^-digits + 1e-12
  if (close(x, expected)) return(NULL)
  for (other in others) if (close(x, other$value)) return(other$message)
  if (expected <= 1 && close(x / 100, expected))
    return(gettext("give a proportion between 0 and 1, not a percentage", domain = "R-sdsante"))
  gettextf("%s is not the expected value: check the counts you divide", format(signif(x, 4)),
           domain = "R-sdsante")
}

# The groups of a k-means (sdsante's or stats::kmeans) against the expected
# ones.  Group numbers are arbitrary: the same partition numbered otherwise
# means another seed.
diagnose_groups <- function(x, expected, n_train, n_all, seed, nstart, k,
                            standardize = NULL) {
  if (!is.list(x) || is.null(x$cluster) || is.null(x$centers))
    return(gettextf("expected the groups made by k_means(), not %s", describe_value(x),
                    domain = "R-sdsante"))
  n <- length(x$cluster)
  if (n == n_all)
    return(gettextf("the groups were learned on all %d rows: the test set was used for learning; keep the %d training rows",
                    n_all, n_train, domain = "R-sdsante"))
  if (n != n_train)
    return(gettextf("the groups cover %d rows, not the %d training rows", n, n_train,
                    domain = "R-sdsante"))
  if (nrow(x$centers) != k)
    return(gettextf("%d groups instead of %d: k = %d", nrow(x$centers), k, k,
                    domain = "R-sdsante"))
  if (!identical(colnames(x$centers), colnames(expected$centers)))
    return(gettextf("the groups were formed on the columns %s, not %s",
                    paste(colnames(x$centers), collapse = ", "),
                    paste(colnames(expected$centers), collapse = ", "), domain = "R-sdsante"))
  if (!is.null(standardize)) {
    scaled <- !is.null(x$scaling)
    if (standardize && !scaled)
      return(gettext("you forgot to standardise: the variables have different units; add standardize = TRUE",
                     domain = "R-sdsante"))
    if (!standardize && scaled)
      return(gettext("here the variables must not be standardised: remove standardize = TRUE",
                     domain = "R-sdsante"))
  }
  if (identical(unname(as.integer(x$cluster)), unname(as.integer(expected$cluster))))
    return(NULL)
  crossed <- table(x$cluster, expected$cluster)
  same <- all(rowSums(crossed > 0) == 1L) && all(colSums(crossed > 0) == 1L)
  if (same && !inherits(x, "sdsante_kmeans"))
    return(gettext("the same groups, numbered otherwise, by another function: use sdsante's k_means(), whose numbering the question expects",
                   domain = "R-sdsante"))
  if (same)
    return(gettextf("the same groups, numbered otherwise: another seed? Run set.seed(%d) just before k_means()",
                    seed, domain = "R-sdsante"))
  if (x$tot.withinss > expected$tot.withinss + 1e-9)
    return(gettextf("other groups, with a larger within-group sum of squares (%s instead of %s): a local minimum; use nstart = %d and set.seed(%d)",
                    format(signif(x$tot.withinss, 4)), format(signif(expected$tot.withinss, 4)),
                    nstart, seed, domain = "R-sdsante"))
  gettextf("other groups than expected: use set.seed(%d), k = %d and nstart = %d",
           seed, k, nstart, domain = "R-sdsante")
}

# The groups given to new rows by predict().
diagnose_assignment <- function(x, expected, n_train, refit, seed) {
  if (inherits(x, "sdsante_kmeans") || (is.list(x) && !is.null(x$cluster))) {
    if (length(x$cluster) == length(expected))
      return(gettext("these groups were learned on the test rows: the test set was used for learning; assign them with predict(groups, test rows)",
                     domain = "R-sdsante"))
    x <- x$cluster
  }
  if (!is.numeric(x) || is.matrix(x))
    return(gettextf("expected the group numbers given by predict(), not %s", describe_value(x),
                    domain = "R-sdsante"))
  if (length(x) == n_train)
    return(gettextf("%d groups: these are the training rows' groups; give those of the %d test rows",
                    length(x), length(expected), domain = "R-sdsante"))
  if (length(x) != length(expected))
    return(gettextf("expected %d group numbers (one per test row), not %d",
                    length(expected), length(x), domain = "R-sdsante"))
  x <- as.integer(unname(x))
  if (identical(x, as.integer(expected))) return(NULL)
  if (!is.null(refit) && same_partition(x, refit))
    return(gettext("these groups were learned on the test rows: the test set was used for learning; assign them with predict(groups, test rows)",
                   domain = "R-sdsante"))
  if (same_partition(x, expected))
    return(gettextf("the same groups, numbered otherwise: another seed? Run set.seed(%d) just before k_means()",
                    seed, domain = "R-sdsante"))
  gettext("some rows are not in the group of the nearest centre: use predict() with the training groups",
          domain = "R-sdsante")
}

same_partition <- function(a, b) {
  crossed <- table(a, b)
  all(rowSums(crossed > 0) == 1L) && all(colSums(crossed > 0) == 1L)
}

# Predicted classes of a rule list on `data`, or NULL when `x` cannot predict.
rule_answers <- function(x, data) {
  if (!inherits(x, "sdsante_rules")) return(NULL)
  out <- tryCatch(as.character(stats::predict(x, data)), error = function(e) NULL)
  out
}
