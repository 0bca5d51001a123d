# Confusion matrices: counting in C (src/confusion.c), statistics in R from
# the small k x k table.

#' Confusion matrix of a classifier
#'
#' Counts how often each true class ("Classe") received each answer of the
#' model ("Modèle"), as on the lecture's slides: **rows are the true classes,
#' columns the model's answers**. The counting is done in C in one pass.
#'
#' @section Classes and their order:
#' The classes are the union of the levels of `truth` and `predicted`: first
#' those of `truth`, then any that only `predicted` has. Factors keep their
#' levels (unused ones included); logical vectors give `TRUE` then `FALSE`;
#' whole numbers are sorted; strings are sorted in C-locale (byte) order, so
#' the order does not depend on the computer's language.
#'
#' @section Missing values:
#' A pair where `truth` or `predicted` is `NA` is not counted; the number of
#' such pairs is kept in `$n_missing` and printed.
#'
#' @param truth The true classes: a factor, or a character, logical or
#'   integer vector.
#' @param predicted The model's answers, of the same length as `truth`.
#' @param positive With two classes, the class of interest (the "event", e.g.
#'   the disease); by default the first class. Must not be given with more
#'   than two classes.
#' @param prevalence The prevalence of the classes in the population the model
#'   will be used on, when it differs from that of the sample (screening):
#'   positive and negative predictive values are then computed with Bayes'
#'   formula. With two classes, one number (the prevalence of `positive`);
#'   with more, a named vector with one number per class. Each strictly between
#'   0 and 1.
#'
#' @return An object of class `sdsante_confusion`: a list with `table` (a
#'   [table] of counts, rows = truth), `positive`, `prevalence` and
#'   `n_missing`. Use [summary()][summary.sdsante_confusion] for the
#'   statistics, [as.table()] and [as.data.frame()] to get the counts, and
#'   [plot()][plot.sdsante_confusion] for a picture.
#' @seealso [summary.sdsante_confusion()] for the statistics,
#'   [as_confusion_matrix()] to build one from a table or a ROC curve.
#' @export
#' @examples
#' # The lecture's rule on the 15 training paintings
#' train <- tableaux[tableaux$ensemble == "apprentissage", ]
#' model <- ifelse(train$yeux >= 1 & train$yeux <= 2, "Portrait",
#'                 ifelse(train$visages >= 2, "Personnages", "Paysage"))
#' cm <- confusion_matrix(train$classe, model)
#' cm
#' summary(cm)
#' plot(cm)
confusion_matrix <- function(truth, predicted, positive = NULL, prevalence = NULL) {
  call <- sys.call()
  truth <- as_classes(truth, "truth", call)
  predicted <- as_classes(predicted, "predicted", call)
  check_same_length(truth, predicted, "truth", "predicted", call)
  classes <- union(levels(truth), levels(predicted))
  counted <- .Call(C_sds_confusion_counts, truth, predicted,
                   match(levels(truth), classes), match(levels(predicted), classes),
                   length(classes))
  if (sum(counted$counts) == 0)
    sds_abort(gettext("every pair of 'truth' and 'predicted' has a missing value: there is nothing to count",
                      domain = "R-sdsante"), call)
  new_confusion(counted$counts, classes, positive, prevalence,
                counted$n_missing, call)
}

# Build the object from a k x k matrix of counts (rows = truth), after checking
# `positive` and `prevalence` against the classes.
new_confusion <- function(counts, classes, positive, prevalence, n_missing, call) {
  if (length(classes) < 2L)
    sds_abort(gettextf("a confusion matrix needs at least two classes, and 'truth' and 'predicted' only have \"%s\"",
                       classes, domain = "R-sdsante"), call)
  if (!is.null(positive)) {
    if (length(classes) > 2L)
      sds_abort(gettextf("'positive' only applies to two classes; there are %d (%s)",
                         length(classes), paste(classes, collapse = ", "),
                         domain = "R-sdsante"), call)
    positive <- check_class_label(positive, classes, "positive", call)
  } else if (length(classes) == 2L) {
    positive <- classes[1L]
  }
  table <- as.table(matrix(counts, length(classes), length(classes),
                           dimnames = list(truth = classes, predicted = classes)))
  structure(list(table = table, positive = positive,
                 prevalence = check_prevalence(prevalence, classes, positive, call),
                 n_missing = n_missing),
            class = "sdsante_confusion")
}

# Prevalence: one number for two classes, a named vector for more; returned as
# a named vector with one value per class (or NULL).
check_prevalence <- function(prevalence, classes, positive, call) {
  if (is.null(prevalence)) return(NULL)
  if (length(classes) == 2L) {
    p <- check_number(prevalence, "prevalence", call, lower = 0, upper = 1)
    return(stats::setNames(ifelse(classes == positive, p, 1 - p), classes))
  }
  ok <- is.numeric(prevalence) && length(prevalence) == length(classes) &&
    !is.null(names(prevalence)) && setequal(names(prevalence), classes) &&
    !anyNA(prevalence) && all(prevalence > 0 & prevalence < 1)
  if (!ok)
    sds_abort(gettextf("with %d classes, 'prevalence' must be a named vector with one number strictly between 0 and 1 for each class (%s)",
                       length(classes), paste(classes, collapse = ", "),
                       domain = "R-sdsante"), call)
  prevalence[classes]
}

#' Build a confusion matrix from counts or from a ROC curve
#'
#' @param x A square [table] or matrix of counts with the true classes in rows
#'   and the model's answers in columns (the same class names in the same
#'   order), or a ROC curve from [roc_curve()].
#' @param threshold For a ROC curve: a case is called positive when its score
#'   is at least `threshold`.
#' @inheritParams confusion_matrix
#' @param ... Not used.
#' @return An object of class `sdsante_confusion`, as [confusion_matrix()].
#' @export
#' @examples
#' # The slide's test-set matrix, typed in
#' counts <- matrix(c(2, 1, 1, 0, 1, 0, 0, 0, 1), 3,
#'                  dimnames = list(c("Portrait", "Personnages", "Paysage"),
#'                                  c("Portrait", "Personnages", "Paysage")))
#' summary(as_confusion_matrix(counts))
as_confusion_matrix <- function(x, ...) UseMethod("as_confusion_matrix")

#' @rdname as_confusion_matrix
#' @export
as_confusion_matrix.default <- function(x, positive = NULL, prevalence = NULL, ...) {
  call <- sys.call()
  ok <- (is.matrix(x) || is.table(x)) && is.numeric(x) && length(dim(x)) == 2L &&
    nrow(x) == ncol(x) && !anyNA(x) && all(x >= 0 & x == trunc(x)) &&
    all(is.finite(x))
  if (!ok)
    sds_abort(gettextf("'x' must be a square table or matrix of counts (whole numbers >= 0), not %s",
                       describe_value(x), domain = "R-sdsante"), call)
  classes <- rownames(x)
  if (is.null(classes)) classes <- colnames(x)
  if (is.null(classes)) classes <- as.character(seq_len(nrow(x)))
  if (!is.null(colnames(x)) && !identical(colnames(x), classes))
    sds_abort(gettext("'x' must have the same classes, in the same order, in its rows and columns",
                      domain = "R-sdsante"), call)
  if (sum(x) == 0)
    sds_abort(gettext("'x' must count at least one case", domain = "R-sdsante"), call)
  new_confusion(as.double(x), classes, positive, prevalence, 0, call)
}

#' @export
print.sdsante_confusion <- function(x, ...) {
  tab <- x$table
  names(dimnames(tab)) <- c(gettext("Class", domain = "R-sdsante"),
                            gettext("Model", domain = "R-sdsante"))
  n <- sum(tab)
  cat(gettextf("Confusion matrix (%s cases)", format(n, big.mark = " "),
               domain = "R-sdsante"), "\n", sep = "")
  print(tab, ...)
  correct <- sum(diag(tab))
  cat("\n", gettextf("Accuracy: %s (%s / %s)", format(correct / n, digits = 4),
                     format(correct), format(n), domain = "R-sdsante"), "\n", sep = "")
  if (!is.null(x$positive))
    cat(gettextf("Positive class: %s", x$positive, domain = "R-sdsante"), "\n", sep = "")
  if (x$n_missing > 0)
    cat(sprintf(ngettext(as.integer(min(x$n_missing, 2)), "%s pair with a missing value was not counted.",
                         "%s pairs with a missing value were not counted.",
                         domain = "R-sdsante"), format(x$n_missing)), "\n", sep = "")
  invisible(x)
}

#' @export
as.table.sdsante_confusion <- function(x, ...) x$table

#' @export
as.data.frame.sdsante_confusion <- function(x, row.names = NULL, optional = FALSE, ...) {
  as.data.frame(x$table, row.names = row.names, optional = optional,
                responseName = "n", ...)
}

#' Statistics of a confusion matrix
#'
#' Every usual statistic of a classifier, computed from the counts.
#' The values equal those of `caret::confusionMatrix()` on the same data
#' (which puts the predictions in rows), including its `NA` and `NaN` cases.
#'
#' @section Overall statistics (`$overall`):
#' * `accuracy`: share of correct answers, with `accuracy_lower` and
#'   `accuracy_upper` its exact (Clopper-Pearson) 95% confidence interval;
#' * `nir`: the no-information rate, share of the most frequent true class;
#'   `accuracy_p_value`: one-sided binomial test of accuracy > NIR;
#' * `kappa`: Cohen's kappa;
#' * `mcnemar_p_value`: McNemar's test of symmetry of the table (`NaN` when
#'   an off-diagonal pair of cells is empty);
#' * `mcc`: Matthews' correlation coefficient (Gorodkin's multi-class form;
#'   `NA` when a margin holds a single class).
#'
#' @section Statistics per class (`$by_class`):
#' Each class against all the others ("one versus rest"): `sensitivity`
#' (= `recall`), `specificity`, `ppv` and `npv` (positive and negative
#' predictive values, by Bayes' formula from the sensitivity, the specificity
#' and the prevalence), `precision`, `f1`, `prevalence`, `detection_rate`,
#' `detection_prevalence` and `balanced_accuracy`. A ratio whose denominator
#' is zero (e.g. the sensitivity of a class absent from `truth`) is `NA`.
#' `$averages` gives their unweighted (`macro`) mean, which is `NA` when one
#' class's value is, and their mean weighted by the number of true cases of
#' each class (`weighted`), which leaves out the classes absent from `truth`.
#'
#' @param object A confusion matrix from [confusion_matrix()].
#' @param ... Not used.
#' @return An object of class `sdsante_confusion_summary`: a list with
#'   `table`, `positive`, `overall` (named numeric vector), `by_class` (data
#'   frame, one row per class) and `averages` (data frame with rows `macro`
#'   and `weighted`).
#' @export
#' @examples
#' test <- tableaux[tableaux$ensemble == "test", ]
#' model <- ifelse(test$yeux >= 1 & test$yeux <= 2, "Portrait",
#'                 ifelse(test$visages >= 2, "Personnages", "Paysage"))
#' s <- summary(confusion_matrix(test$classe, model))
#' s$overall["accuracy"]
#' s$by_class
summary.sdsante_confusion <- function(object, ...) {
  tab <- unclass(object$table)
  by_class <- class_statistics(tab, object$prevalence)
  weights <- rowSums(tab) / sum(tab)
  averaged <- c("sensitivity", "specificity", "ppv", "npv", "precision",
                "recall", "f1", "balanced_accuracy")
  # A class absent from the truth has weight 0: left out of the weighted mean,
  # so that its NA sensitivity does not make the whole mean NA.
  present <- weights > 0
  averages <- rbind(macro = colMeans(by_class[averaged]),
                    weighted = colSums(by_class[present, averaged, drop = FALSE] *
                                         weights[present]))
  structure(list(table = object$table, positive = object$positive,
                 overall = overall_statistics(tab), by_class = by_class,
                 averages = as.data.frame(averages), n_missing = object$n_missing),
            class = "sdsante_confusion_summary")
}

# Statistics of the whole table (rows = truth), as caret computes them.
overall_statistics <- function(tab) {
  n <- sum(tab)
  correct <- sum(diag(tab))
  truth_share <- rowSums(tab) / n
  predicted_share <- colSums(tab) / n
  accuracy <- correct / n
  nir <- max(truth_share)
  chance <- sum(truth_share * predicted_share)
  # Clopper-Pearson bounds and the one-sided binomial p-value, written out as
  # binom.test() computes them: binom.test() would also compute a two-sided
  # p-value by summing n + 1 binomial densities, far too slow for large n.
  c(accuracy = accuracy,
    accuracy_lower = if (correct == 0) 0 else stats::qbeta(0.025, correct, n - correct + 1),
    accuracy_upper = if (correct == n) 1 else stats::qbeta(0.975, correct + 1, n - correct),
    nir = nir,
    accuracy_p_value = stats::pbinom(correct - 1, n, nir, lower.tail = FALSE),
    kappa = (accuracy - chance) / (1 - chance),
    mcnemar_p_value = stats::mcnemar.test(tab)$p.value,
    mcc = matthews_correlation(tab))
}

# Gorodkin's multi-class Matthews correlation; NA when undefined.
matthews_correlation <- function(tab) {
  n <- sum(tab)
  truth_n <- rowSums(tab)
  predicted_n <- colSums(tab)
  denominator <- sqrt(n^2 - sum(predicted_n^2)) * sqrt(n^2 - sum(truth_n^2))
  if (denominator == 0) return(NA_real_)
  (sum(diag(tab)) * n - sum(truth_n * predicted_n)) / denominator
}

# One row per class, that class against the others.  Formulas and NA rules are
# caret's (sensitivity.table, posPredValue.table, ...), vectorised.
class_statistics <- function(tab, prevalence) {
  n <- sum(tab)
  tp <- diag(tab)
  truth_n <- rowSums(tab)
  predicted_n <- colSums(tab)
  tn <- n - truth_n - predicted_n + tp
  ratio <- function(numerator, denominator)
    ifelse(denominator > 0, numerator / denominator, NA_real_)
  sens <- ratio(tp, truth_n)
  spec <- ratio(tn, n - truth_n)
  prev <- if (is.null(prevalence)) truth_n / n else unname(prevalence)
  precision <- ratio(tp, predicted_n)
  data.frame(
    class = rownames(tab),
    sensitivity = sens,
    specificity = spec,
    ppv = (sens * prev) / ((sens * prev) + ((1 - spec) * (1 - prev))),
    npv = (spec * (1 - prev)) / (((1 - sens) * prev) + (spec * (1 - prev))),
    precision = precision,
    recall = sens,
    f1 = 2 * precision * sens / (precision + sens),
    prevalence = prev,
    detection_rate = tp / n,
    detection_prevalence = predicted_n / n,
    balanced_accuracy = (sens + spec) / 2,
    row.names = NULL, stringsAsFactors = FALSE)
}

#' @export
print.sdsante_confusion_summary <- function(x, digits = 4, ...) {
  o <- x$overall
  fmt <- function(v) format(round(v, digits), nsmall = 0)
  print(structure(list(table = x$table, positive = x$positive,
                       n_missing = x$n_missing), class = "sdsante_confusion"))
  cat("\n", gettext("Overall statistics", domain = "R-sdsante"), "\n", sep = "")
  lines <- c(
    gettextf("Accuracy: %s, 95%% CI [%s, %s]", fmt(o[["accuracy"]]),
             fmt(o[["accuracy_lower"]]), fmt(o[["accuracy_upper"]]), domain = "R-sdsante"),
    gettextf("No-information rate: %s; p-value (accuracy > NIR): %s",
             fmt(o[["nir"]]), format.pval(o[["accuracy_p_value"]], digits = digits),
             domain = "R-sdsante"),
    gettextf("Kappa: %s", fmt(o[["kappa"]]), domain = "R-sdsante"),
    gettextf("McNemar's test p-value: %s",
             format.pval(o[["mcnemar_p_value"]], digits = digits), domain = "R-sdsante"),
    gettextf("Matthews correlation: %s", fmt(o[["mcc"]]), domain = "R-sdsante"))
  cat(paste0("  ", lines, "\n"), sep = "")
  cat("\n", gettext("Statistics by class (each class against the others)",
                    domain = "R-sdsante"), "\n", sep = "")
  by_class <- x$by_class
  rownames(by_class) <- by_class$class
  print(t(round(as.matrix(by_class[-1L]), digits)))
  cat("\n", gettext("Averages over the classes", domain = "R-sdsante"), "\n", sep = "")
  print(round(as.matrix(x$averages), digits))
  invisible(x)
}

#' Picture of a confusion matrix
#'
#' A heat map of the counts, true classes in rows (top to bottom, as on the
#' slides) and the model's answers in columns, with the count written in each
#' cell. Shades of grey, so that it prints well in black and white.
#'
#' @param x A confusion matrix from [confusion_matrix()].
#' @param main Title of the plot.
#' @param col Colours from the smallest to the largest count.
#' @param ... Further arguments passed to [graphics::image()].
#' @return `x`, invisibly.
#' @export
#' @examples
#' train <- tableaux[tableaux$ensemble == "apprentissage", ]
#' model <- ifelse(train$yeux >= 1 & train$yeux <= 2, "Portrait",
#'                 ifelse(train$visages >= 2, "Personnages", "Paysage"))
#' plot(confusion_matrix(train$classe, model))
plot.sdsante_confusion <- function(x, main = gettext("Confusion matrix", domain = "R-sdsante"),
                                   col = grDevices::grey.colors(64, start = 0.97, end = 0.35),
                                   ...) {
  counts <- unclass(x$table)
  k <- nrow(counts)
  classes <- rownames(counts)
  label_width <- max(graphics::strwidth(classes, units = "inches"))
  old <- graphics::par(mai = c(1, 0.6 + label_width, 0.8, 0.3))
  on.exit(graphics::par(old))
  # image() puts z[i, j] at (i, j): columns of the table on x, rows upside down
  # on y so that the first true class is at the top.
  z <- t(counts)[, k:1, drop = FALSE]
  graphics::image(seq_len(k), seq_len(k), z, col = col, zlim = c(0, max(counts)),
                  axes = FALSE, main = main,
                  xlab = gettext("Model", domain = "R-sdsante"), ylab = "", ...)
  graphics::axis(1, at = seq_len(k), labels = classes, tick = FALSE)
  graphics::axis(2, at = seq_len(k), labels = rev(classes), las = 1, tick = FALSE)
  graphics::mtext(gettext("Class", domain = "R-sdsante"), side = 2,
                  line = 0.2 + label_width / graphics::par("csi") + 1)
  dark <- z > max(counts) / 2
  graphics::text(rep(seq_len(k), k), rep(seq_len(k), each = k), labels = format(z),
                 col = ifelse(dark, "white", "black"), font = 2)
  graphics::box()
  invisible(x)
}
