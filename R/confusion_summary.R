# summary() of a confusion matrix: every statistic, computed in R from the
# small k x k table, and its print-out; the printed names of the statistics
# are in R/statistics_table.R.

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
#' is zero is `NA`: the sensitivity of a class absent from `truth`, the
#' precision of a class the model never predicts.
#'
#' With a screening `prevalence` (see [confusion_matrix()]), the precision is
#' the positive predictive value (one number, by Bayes' formula), and `f1`,
#' `detection_rate` and `detection_prevalence` are computed at that
#' prevalence too (caret keeps the sample's for them); the overall
#' statistics stay those of the cases counted. The print-out says which
#' prevalence the predictive values use.
#'
#' With two classes, the print-out shows the statistics of the positive
#' class only, and no averages: those of the other class are the same read
#' the other way, and their averages mix the two. They stay in `$by_class`
#' and `$averages`.
#'
#' @section Averages (`$averages`):
#' `macro` is the unweighted mean over the classes, `weighted` the mean
#' weighted by the number of true cases of each class (so the classes absent
#' from `truth` have no weight). By default (`na_rm = FALSE`, as caret) an
#' average is `NA` as soon as one class's value is `NA`, for instance the
#' macro precision when a class is never predicted: the print-out then says
#' why. With `na_rm = TRUE` the classes where a statistic is undefined are
#' left out of its averages (the weights of the others are rescaled), as
#' yardstick does.
#'
#' @section Printing and names:
#' Printing translates labels in a French session ("sensibilité", "valeur
#' prédictive positive (VPP)", "moyenne macro", ...), also when `$by_class`
#' or `$averages` (or a selection of their columns) is printed on its own;
#' the names of the returned elements and columns (`sensitivity`, `ppv`,
#' `macro`, ...) do not change, so that code works in every language. A
#' printed name used as a column (`$by_class$sensibilité`, `[["VPP"]]`), or
#' a name that is not a column, is an error that gives the column's name,
#' rather than `NULL`.
#'
#' @param object A confusion matrix from [confusion_matrix()].
#' @param na_rm If `TRUE`, leave out of the averages the classes where a
#'   statistic is `NA` (see the section "Averages").
#' @param ... Not used.
#' @return An object of class `sdsante_confusion_summary`: a list with
#'   `table`, `positive`, `positive_rule`, `overall` (named numeric vector),
#'   `by_class` (data frame, one row per class), `averages` (data frame with
#'   rows `macro` and `weighted`) and `na_rm`.
#' @seealso [positive_class] for the choice of the positive class.
#' @export
#' @examples
#' test <- tableaux[tableaux$ensemble == "test", ]
#' model <- ifelse(test$yeux >= 1 & test$yeux <= 2, "Portrait",
#'                 ifelse(test$visages >= 2, "Personnages", "Paysage"))
#' s <- summary(confusion_matrix(test$classe, model))
#' s$overall["accuracy"]
#' s$by_class
#' # A class never predicted: its precision is NA, and so is the macro mean,
#' # unless the classes where it is undefined are left out.
#' cm <- confusion_matrix(c("a", "a", "b", "c"), c("a", "a", "b", "b"))
#' summary(cm)$averages["macro", "precision"]
#' summary(cm, na_rm = TRUE)$averages["macro", "precision"]
summary.sdsante_confusion <- function(object, na_rm = FALSE, ...) {
  na_rm <- check_flag(na_rm, "na_rm", sys.call())
  tab <- unclass(object$table)
  by_class <- class_statistics(tab, object$prevalence)
  structure(list(table = object$table, positive = object$positive,
                 positive_rule = object$positive_rule,
                 overall = overall_statistics(tab), by_class = statistics_table(by_class),
                 averages = statistics_table(class_averages(by_class, rowSums(tab) / sum(tab),
                                                            na_rm)),
                 n_missing = object$n_missing, na_rm = na_rm, prevalence = object$prevalence),
            class = "sdsante_confusion_summary")
}

averaged_statistics <- c("sensitivity", "specificity", "ppv", "npv", "precision",
                         "recall", "f1", "balanced_accuracy")

# Macro and weighted means of the per-class statistics.  Weights are the
# shares of the true classes; a class absent from the truth has weight 0, so
# that its NA sensitivity does not make the weighted mean NA.
class_averages <- function(by_class, weights, na_rm) {
  values <- as.matrix(by_class[averaged_statistics])
  macro <- colMeans(values, na.rm = na_rm)
  use <- !is.na(values) | !na_rm
  w <- ifelse(use, weights, 0)
  weighted <- colSums(ifelse(w > 0, values * w, 0)) / colSums(w)
  # Without na_rm, a class with weight > 0 and an NA value makes the mean NA.
  weighted[colSums(is.na(values) & weights > 0 & !na_rm) > 0] <- NA_real_
  macro[is.nan(macro)] <- NA_real_
  weighted[is.nan(weighted)] <- NA_real_
  as.data.frame(rbind(macro = macro, weighted = weighted))
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

# Gorodkin's multi-class Matthews correlation; NA when undefined.  Written
# with shares rather than counts, so that huge counts cannot overflow.
matthews_correlation <- function(tab) {
  share <- tab / sum(tab)
  truth_share <- rowSums(share)
  predicted_share <- colSums(share)
  denominator <- sqrt(1 - sum(predicted_share^2)) * sqrt(1 - sum(truth_share^2))
  if (!is.finite(denominator) || denominator == 0) return(NA_real_)
  (sum(diag(share)) - sum(truth_share * predicted_share)) / denominator
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
  ppv <- (sens * prev) / ((sens * prev) + ((1 - spec) * (1 - prev)))
  # Precision is the positive predictive value: with a screening prevalence,
  # one number (by Bayes' formula), and F1 and the detection rates at that
  # prevalence too, rather than a PPV and a precision that disagree.
  screening <- !is.null(prevalence)
  precision <- if (screening) ppv else ratio(tp, predicted_n)
  data.frame(
    class = rownames(tab),
    sensitivity = sens,
    specificity = spec,
    ppv = ppv,
    npv = (spec * (1 - prev)) / (((1 - sens) * prev) + (spec * (1 - prev))),
    precision = precision,
    recall = sens,
    f1 = 2 * precision * sens / (precision + sens),
    prevalence = prev,
    detection_rate = if (screening) sens * prev else tp / n,
    detection_prevalence = if (screening) sens * prev + (1 - spec) * (1 - prev) else predicted_n / n,
    balanced_accuracy = (sens + spec) / 2,
    row.names = NULL, stringsAsFactors = FALSE)
}


#' @export
print.sdsante_confusion_summary <- function(x, digits = 4, ...) {
  digits <- check_digits(digits, sys.call())
  o <- x$overall
  fmt <- function(v) format(round(v, digits), nsmall = 0)
  print(structure(list(table = x$table, positive = x$positive,
                       positive_rule = x$positive_rule, prevalence = x$prevalence,
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
  if (nrow(x$by_class) == 2L && !is.null(x$positive)) {
    print_positive_statistics(x, digits)
    return(invisible(x))
  }
  cat("\n", gettext("Statistics by class (each class against the others)",
                    domain = "R-sdsante"), "\n", sep = "")
  by_class <- as.matrix(x$by_class[-1L])
  rownames(by_class) <- x$by_class$class
  by_class <- t(round(by_class, digits))
  rownames(by_class) <- statistic_labels(rownames(by_class))
  shown <- min(ncol(by_class), max_printed_classes)
  print(by_class[, seq_len(shown), drop = FALSE])
  if (shown < ncol(by_class))
    cat(classes_not_shown(shown, ncol(by_class), "summary(cm)$by_class"), "\n", sep = "")
  cat("\n", gettext("Averages over the classes", domain = "R-sdsante"), "\n", sep = "")
  averages <- t(round(as.matrix(x$averages), digits))
  rownames(averages) <- statistic_labels(rownames(averages))
  colnames(averages) <- statistic_labels(colnames(averages))
  print(averages)
  undefined <- colnames(x$averages)[is.na(unlist(x$averages["macro", ]))]
  if (length(undefined) && !isTRUE(x$na_rm))
    cat(gettextf("Some averages are NA because a class has no value for %s (a class never predicted, or absent from the truth); summary(cm, na_rm = TRUE) leaves such classes out.",
                 paste(statistic_labels(undefined), collapse = ", "), domain = "R-sdsante"),
        "\n", sep = "")
  # With na_rm, say which averages left classes out: they are not over all classes.
  left_out <- intersect(averaged_statistics, names(x$by_class)[colSums(is.na(x$by_class)) > 0])
  if (length(left_out) && isTRUE(x$na_rm))
    cat(gettextf("Averages of %s leave out the classes where the statistic is undefined (na_rm = TRUE).",
                 paste(statistic_labels(left_out), collapse = ", "), domain = "R-sdsante"),
        "\n", sep = "")
  invisible(x)
}

# Two classes: the statistics of the positive class, the figures a clinician
# reads.  Those of the other class are the same read the other way
# (its sensitivity is the specificity), and their macro or weighted means mix
# the two: both stay in the object, not in the print-out.
print_positive_statistics <- function(x, digits) {
  row <- match(x$positive, x$by_class$class)
  negative <- x$by_class$class[-row]
  cat("\n", gettextf("Statistics of the positive class \"%s\" (against \"%s\")",
                     x$positive, negative, domain = "R-sdsante"), "\n", sep = "")
  values <- unlist(x$by_class[row, -1L])
  shown <- matrix(round(values, digits), ncol = 1L,
                  dimnames = list(statistic_labels(names(values)), x$positive))
  print(shown)
  cat(paste(strwrap(gettext("The statistics of the other class, and their averages over the two classes, are in summary(cm)$by_class and $averages; the averages mix the two directions and are not a result.",
                            domain = "R-sdsante"), width = getOption("width")), collapse = "\n"),
      "\n", sep = "")
}
