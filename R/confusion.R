# Confusion matrices: counting in C (src/confusion.c), statistics in R from
# the small k x k table; the classes and their checks in R/confusion_classes.R.

#' Confusion matrix of a classifier
#'
#' Counts how often each true class ("Classe") received each answer of the
#' model ("Modèle"), as on the lecture's slides: **rows are the true classes,
#' columns the model's answers**.
#'
#' @section Classes and their order:
#' The classes are those of `truth` (the levels of a factor, unused ones
#' included as caret keeps them; `TRUE`/`FALSE` for a logical vector; its
#' labels otherwise), or those given by `levels`: never the model's, so that
#' two models on the same test set give the same layout. A label that
#' `predicted` actually holds and that is not one of them is an error that
#' names it and the class it most likely meant, whether it comes as text or
#' as a factor's level (as `predict()` gives when a rule's class was
#' mistyped, "Portrai", or written in another language, "malin" for
#' "malignant"), rather than a silent extra row and column that would lower
#' the accuracy. Levels of a `predicted` factor that no answer uses are not
#' classes: a model may declare a class it never predicts. `levels` gives
#' every class, in the order of the rows and columns (a label of either side
#' outside `levels` is an error), and is the way to declare a class that the
#' truth of a small sample lacks.
#'
#' Labels that differ only by case, accents, spaces at their ends or a final
#' "s" ("Paysage", "paysage", "Paysage ", "Paysages") are one class mistyped:
#' two such labels on one side are an error too, unless `levels` declares
#' them.
#'
#' @section The order of the arguments:
#' The true classes come first, then the model's answers (caret's
#' `confusionMatrix()` takes them in the other order). The answers that
#' `predict()` of a rule list and [db_predict()] return are marked, and the
#' mark survives `[`, `factor()`, `as.character()` and a data frame's
#' columns: such answers passed as `truth` while `predicted` holds none are
#' an error that says so, since the matrix would come out transposed
#' (sensitivity and predictive value trading places). Give `levels` if the
#' answers of a model really are the reference.
#'
#' Numbers are compared with labels as text. [ifelse()] on a factor returns
#' its integer codes, not its labels: `ifelse(x > 1, f, f)` gives 1, 2, ...
#' When one side is a factor and the other holds numbers that could all be
#' its codes and would then name other labels (codes 1/2 of the levels
#' "0"/"1" read as the labels "1"/"2"), `confusion_matrix()` stops and says
#' so rather than count a misleading matrix; build the answers from the
#' labels (`as.character(f)` inside `ifelse()`), or give `levels` if the
#' numbers really are the classes.
#'
#' The order of the rows and columns is, unless `levels` gives one: the
#' levels of a factor; `TRUE` then `FALSE` for a logical vector; increasing
#' order for whole numbers; and **the order of first appearance** for
#' strings, so that the lecture's CSV file gives the slides' order
#' (Portrait, Personnages, Paysage). Pass `levels` (or factors) for another
#' order; note that [table()] sorts strings alphabetically instead.
#'
#' With two classes, the positive class is chosen as explained in
#' [positive_class]: `print()` and `summary()` say which class it is and why.
#'
#' More than 1,000 different labels (10,000 with `levels`) are refused: so
#' many classes are almost always identifiers (row numbers, patient codes)
#' passed by mistake, and a matrix of k classes takes 16 k^2 bytes.
#'
#' @section Missing values:
#' A pair where `truth` or `predicted` is `NA` is not counted; the number of
#' such pairs is kept in `$n_missing` and printed. Empty labels (`""`, which
#' is how [read.csv()] reads the blank cells of a text column) are an error
#' rather than a class: read the file with `na.strings = c("", "NA")`.
#'
#' @section Printing and names:
#' Printing translates labels in a French session ("Classe", "Modèle",
#' "sensibilité", ...); the names of the returned objects and of their
#' elements do not change, so that code works in every language. In the same
#' spirit, `as.data.frame()` gives the columns `truth`, `predicted` and `n`
#' in every language: it is data for code, not a print-out.
#'
#' @param truth The true classes: a factor, or a character, logical or
#'   integer vector.
#' @param predicted The model's answers, of the same length as `truth`.
#' @param positive With two classes, the class of interest (the "event", e.g.
#'   the disease). By default it is inferred from the labels, or else the
#'   first class: see [positive_class]. Must not be given with more than two
#'   classes.
#' @param prevalence The prevalence of the classes in the population the model
#'   will be used on, when it differs from that of the sample (screening):
#'   positive and negative predictive values are then computed with Bayes'
#'   formula. With two classes, one number: the prevalence of `positive`,
#'   or of the class it names (`c(malade = 0.01)`); with more, a named vector with one number per class, summing to 1. Each
#'   strictly between 0 and 1.
#' @param levels Optionally, every class, in the order of the rows and
#'   columns (a character vector without duplicates). Labels of `truth` or
#'   `predicted` outside `levels` are an error.
#'
#' @return An object of class `sdsante_confusion`: a list with `table` (a
#'   [table] of counts, rows = truth), `positive`, `positive_rule` (how it
#'   was chosen, see [positive_class]), `prevalence` and `n_missing`. Use
#'   [summary()][summary.sdsante_confusion] for the statistics, [as.table()]
#'   and [as.data.frame()] to get the counts, and
#'   [plot()][plot.sdsante_confusion] for a picture.
#' @seealso [summary.sdsante_confusion()] for the statistics,
#'   [as_confusion_matrix()] to build one from a table or a ROC curve,
#'   [positive_class] for the choice of the positive class.
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
#' # A typo in the answers is an error, not a fourth class:
#' try(confusion_matrix(train$classe, sub("Paysage", "Paysages", model)))
#' # Another order of the rows and columns:
#' confusion_matrix(train$classe, model,
#'                  levels = c("Paysage", "Personnages", "Portrait"))
confusion_matrix <- function(truth, predicted, positive = NULL, prevalence = NULL,
                             levels = NULL) {
  call <- sys.call()
  # Which side is a factor and which plain numbers, before both become factors.
  plain <- c(is.numeric(truth) && !is.object(truth),
             is.numeric(predicted) && !is.object(predicted))
  factor_given <- c(is.factor(truth), is.factor(predicted))
  check_argument_order(truth, predicted, levels, call)
  sides <- confusion_sides(truth, predicted, levels, call)
  if (is.null(levels)) {
    if (plain[2L] && factor_given[1L])
      check_factor_codes(sides$predicted, sides$truth, "predicted", "truth", call)
    if (plain[1L] && factor_given[2L])
      check_factor_codes(sides$truth, sides$predicted, "truth", "predicted", call)
  }
  check_same_length(sides$truth, sides$predicted, "truth", "predicted", call)
  counted <- .Call(C_sds_confusion_counts, sides$truth, sides$predicted,
                   code_map(levels(sides$truth), sides$classes),
                   code_map(levels(sides$predicted), sides$classes),
                   length(sides$classes))
  finish_confusion(sides, counted$counts, counted$n_missing, positive, prevalence, call)
}

# Build the object from a k x k matrix of counts (rows = truth), after checking
# `positive` and `prevalence` against the classes.  `positive_rule` is given
# when the positive class was chosen elsewhere (a ROC curve).
new_confusion <- function(counts, classes, positive, prevalence, n_missing, call,
                          positive_rule = NULL, named = TRUE) {
  if (length(classes) < 2L)
    sds_abort(gettextf("a confusion matrix needs at least two classes, and 'truth' and 'predicted' only have \"%s\"",
                       classes, domain = "R-sdsante"), call)
  # A table without names has classes "1", "2" made up here: no codes to ask about.
  chosen <- if (is.null(positive_rule))
    choose_positive(positive, classes, call, codes_ask = named) else
    list(positive = positive, rule = positive_rule)
  table <- as.table(matrix(counts, length(classes), length(classes),
                           dimnames = list(truth = classes, predicted = classes)))
  structure(list(table = table, positive = chosen$positive, positive_rule = chosen$rule,
                 prevalence = check_prevalence(prevalence, classes, chosen$positive, call),
                 n_missing = n_missing),
            class = "sdsante_confusion")
}

# Prevalence: one number for two classes, or a named vector with one number
# per class summing to 1; returned as a named vector in the order of the
# classes (or NULL).
check_prevalence <- function(prevalence, classes, positive, call) {
  if (is.null(prevalence)) return(NULL)
  # Two classes: one number, the prevalence of the positive class or, when
  # it is named (c(malade = 0.1)), of the class it names.
  if (length(classes) == 2L && length(prevalence) == 1L &&
      (is.null(names(prevalence)) || names(prevalence) %in% classes)) {
    of <- if (is.null(names(prevalence))) positive else names(prevalence)
    p <- check_number(unname(prevalence), "prevalence", call, lower = 0, upper = 1)
    return(stats::setNames(ifelse(classes == of, p, 1 - p), classes))
  }
  ok <- is.numeric(prevalence) && length(prevalence) == length(classes) &&
    !is.null(names(prevalence)) && setequal(names(prevalence), classes) &&
    !anyNA(prevalence) && all(prevalence > 0 & prevalence < 1)
  if (!ok)
    sds_abort(gettextf("with %d classes, 'prevalence' must be a named vector with one number strictly between 0 and 1 for each class (%s)",
                       length(classes), paste(classes, collapse = ", "),
                       domain = "R-sdsante"), call)
  if (abs(sum(prevalence) - 1) > 1e-6)
    sds_abort(gettextf("the prevalences of the classes must sum to 1, and 'prevalence' sums to %s",
                       format(sum(prevalence), digits = 6), domain = "R-sdsante"), call)
  prevalence[classes]
}

#' Build a confusion matrix from counts or from a ROC curve
#'
#' From a table of counts typed in or computed elsewhere (rows = true
#' classes), or from a ROC curve at a threshold.
#'
#' A table must name each class once (no missing, empty or repeated names),
#' with the same names in the same order in its rows and columns, and hold
#' counts: whole numbers from 0 to 2^53 (the largest that are exact). With two
#' classes, the positive class is given by `positive` or inferred as in
#' [positive_class]; from a ROC curve it is the curve's positive class.
#'
#' Printing translates labels in a French session ("Classe", "Modèle",
#' "Classe positive"); the names of the object and of its elements do not
#' change.
#'
#' @param x A square [table] or matrix of counts with the true classes in rows
#'   and the model's answers in columns (the same class names in the same
#'   order), or a ROC curve from [roc_curve()].
#' @param threshold For a ROC curve: a case is called positive when its score
#'   is at least `threshold`.
#' @inheritParams confusion_matrix
#' @param ... Not used.
#' @return An object of class `sdsante_confusion`, as [confusion_matrix()].
#' @seealso [positive_class] for the choice of the positive class.
#' @export
#' @examples
#' # The slide's test-set matrix, typed in
#' counts <- matrix(c(2, 1, 1, 0, 1, 0, 0, 0, 1), 3,
#'                  dimnames = list(c("Portrait", "Personnages", "Paysage"),
#'                                  c("Portrait", "Personnages", "Paysage")))
#' summary(as_confusion_matrix(counts))
#' # From a ROC curve: the cases whose score is at least 140 are positive
#' if (requireNamespace("MASS", quietly = TRUE)) {
#'   roc <- roc_curve(MASS::Pima.te$type, MASS::Pima.te$glu)
#'   as_confusion_matrix(roc, threshold = 140)
#' }
as_confusion_matrix <- function(x, ...) UseMethod("as_confusion_matrix")

#' @rdname as_confusion_matrix
#' @export
as_confusion_matrix.default <- function(x, positive = NULL, prevalence = NULL, ...) {
  call <- sys.call()
  # Counts are whole numbers that doubles hold exactly (below 2^53).
  ok <- (is.matrix(x) || is.table(x)) && is.numeric(x) && length(dim(x)) == 2L &&
    nrow(x) == ncol(x) && !anyNA(x) && all(is.finite(x)) && all(x >= 0 & x == trunc(x))
  if (!ok)
    sds_abort(gettextf("'x' must be a square table or matrix of counts (whole numbers >= 0), not %s",
                       describe_value(x), domain = "R-sdsante"), call)
  if (any(x > 2^53))
    sds_abort(gettextf("'x' must hold counts that are exact whole numbers (at most 2^53, about 9e15), not %s",
                       format(max(x), digits = 4), domain = "R-sdsante"), call)
  classes <- rownames(x)
  if (is.null(classes)) classes <- colnames(x)
  if (is.null(classes)) classes <- as.character(seq_len(nrow(x)))
  if (anyNA(classes) || any(classes == "") || anyDuplicated(classes))
    sds_abort(gettextf("'x' must name each class once, without missing or empty names, not %s",
                       quote_labels(classes), domain = "R-sdsante"), call)
  if (!is.null(colnames(x)) && !identical(colnames(x), classes))
    sds_abort(gettext("'x' must have the same classes, in the same order, in its rows and columns",
                      domain = "R-sdsante"), call)
  check_class_count(length(classes), sum(x), TRUE, call, labels = NULL)
  if (sum(x) == 0)
    sds_abort(gettext("'x' must count at least one case", domain = "R-sdsante"), call)
  new_confusion(as.double(x), classes, positive, prevalence, 0, call,
                named = !is.null(rownames(x)) || !is.null(colnames(x)))
}

max_printed_classes <- 30L

# A table of counts printed without scientific notation: doubles such as
# 5e+05 print as 500000 once stored as integers (or formatted beyond them).
printable_counts <- function(tab) {
  if (all(tab <= .Machine$integer.max)) {
    storage.mode(tab) <- "integer"
    return(tab)
  }
  counts <- format(unclass(tab), scientific = FALSE, trim = TRUE)
  structure(counts, dim = dim(tab), dimnames = dimnames(tab), class = "table")
}

classes_not_shown <- function(shown, k, where) {
  gettextf("... only the first %d of the %s classes are shown; %s gives them all.",
           shown, format_count(k), where, domain = "R-sdsante")
}

#' @export
print.sdsante_confusion <- function(x, ...) {
  tab <- x$table
  names(dimnames(tab)) <- c(gettext("Class", domain = "R-sdsante"),
                            gettext("Model", domain = "R-sdsante"))
  n <- sum(tab)
  cat(sprintf(ngettext(if (n == 1) 1L else 2L, "Confusion matrix (%s case)",
                       "Confusion matrix (%s cases)", domain = "R-sdsante"),
              format_count(n)), "\n", sep = "")
  # Hundreds of classes would print pages of zeros: the first ones only.
  k <- nrow(tab)
  shown <- min(k, max_printed_classes)
  print(printable_counts(tab[seq_len(shown), seq_len(shown), drop = FALSE]), right = TRUE, ...)
  if (shown < k) cat(classes_not_shown(shown, k, "as.table()"), "\n", sep = "")
  correct <- sum(diag(tab))
  cat("\n", gettextf("Accuracy: %s (%s / %s)", format(correct / n, digits = 4),
                     format_count(correct), format_count(n), domain = "R-sdsante"), "\n", sep = "")
  if (!is.null(x$positive))
    cat(positive_line(x$positive, x$positive_rule, rownames(tab)), "\n", sep = "")
  line <- prevalence_line(x$prevalence, x$positive, rowSums(tab) / n)
  if (!is.null(line)) cat(paste(strwrap(line, width = getOption("width")), collapse = "\n"), "\n", sep = "")
  if (x$n_missing > 0)
    cat(sprintf(ngettext(as.integer(min(x$n_missing, 2)), "%s pair with a missing value was not counted.",
                         "%s pairs with a missing value were not counted.",
                         domain = "R-sdsante"), format_count(x$n_missing)), "\n", sep = "")
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

# The line that says which prevalence the predictive values use (printed
# with the matrix when a screening prevalence was given).
prevalence_line <- function(prevalence, positive, sample_share) {
  if (is.null(prevalence)) return(NULL)
  if (!is.null(positive))
    return(gettextf("Predictive values, precision, F1 and detection rates use the prevalence %s of \"%s\" (screening), not that of these cases (%s); the other statistics are those of these cases.",
                    format(prevalence[[positive]], digits = 4), positive,
                    format(sample_share[[positive]], digits = 4), domain = "R-sdsante"))
  gettextf("Predictive values, precision, F1 and detection rates use the prevalences given (%s), not those of these cases; the other statistics are those of these cases.",
           paste0(names(prevalence), " ", format(prevalence, digits = 4), collapse = ", "),
           domain = "R-sdsante")
}

# Printed names of the statistics and columns, translated; the object's
# names stay.  Names it does not know are printed as they are.
statistic_labels <- function(names) {
  labels <- gettext(c(
    "class", "sensitivity", "specificity", "positive predictive value (PPV)",
    "negative predictive value (NPV)", "precision", "recall", "F1 score",
    "prevalence", "detection rate", "detection prevalence", "balanced accuracy",
    "macro average", "weighted average",
    "criterion", "threshold", "TP", "FP", "FN", "TN"),
    domain = "R-sdsante")
  names(labels) <- c("class", "sensitivity", "specificity", "ppv", "npv", "precision",
                     "recall", "f1", "prevalence", "detection_rate", "detection_prevalence",
                     "balanced_accuracy", "macro", "weighted",
                     "criterion", "threshold", "tp", "fp", "fn", "tn")
  ifelse(names %in% names(labels), labels[names], names)
}

# The data frames of statistics in summaries (by_class, averages, operating
# points) print with translated headers and criteria, also after `[`.
statistics_table <- function(df) {
  class(df) <- c("sdsante_statistics", "data.frame")
  df
}

# Printed names (English or French, without accents or case, the
# abbreviation of a predictive value alone) and the column each one prints,
# so that s$by_class$sensibilité leads to "sensitivity" rather than NULL.
printed_statistic_names <- c(
  "sensibilite" = "sensitivity", "specificite" = "specificity",
  "positive predictive value" = "ppv", "positive predictive value (ppv)" = "ppv",
  "valeur predictive positive" = "ppv", "valeur predictive positive (vpp)" = "ppv",
  "vpp" = "ppv", "negative predictive value" = "npv",
  "negative predictive value (npv)" = "npv", "valeur predictive negative" = "npv",
  "valeur predictive negative (vpn)" = "npv", "vpn" = "npv", "rappel" = "recall",
  "f1 score" = "f1", "score f1" = "f1", "detection rate" = "detection_rate",
  "taux de detection" = "detection_rate", "detection prevalence" = "detection_prevalence",
  "prevalence de detection" = "detection_prevalence",
  "balanced accuracy" = "balanced_accuracy", "exactitude equilibree" = "balanced_accuracy",
  "classe" = "class", "moyenne macro" = "macro", "macro average" = "macro",
  "moyenne ponderee" = "weighted", "weighted average" = "weighted",
  "critere" = "criterion", "seuil" = "threshold")

# A column of a table of statistics by name: a name that is not one (a
# printed, translated name, or a typo) is an error that names the column,
# never a silent NULL.
statistics_column <- function(x, name, call) {
  if (!is.character(name) || length(name) != 1L || name %in% names(x))
    return(.subset2(x, name))
  meant <- unname(printed_statistic_names[normalise_label(name)])
  if (!is.na(meant) && meant %in% names(x))
    sds_abort(gettextf("there is no column \"%s\": the columns keep their English names in every language (the print-out translates them); \"%s\" is written $%s",
                       name, name, meant, domain = "R-sdsante"), call)
  message <- gettextf("there is no column \"%s\"; the columns are %s",
                      name, quote_labels(names(x), 20L), domain = "R-sdsante")
  meant <- closest_label(name, names(x))
  if (!is.na(meant))
    message <- paste0(message, gettextf(" (did you mean \"%s\"?)", meant, domain = "R-sdsante"))
  sds_abort(message, call)
}

#' @export
`$.sdsante_statistics` <- function(x, name) statistics_column(x, name, sys.call())

#' @export
`[[.sdsante_statistics` <- function(x, i, ...) {
  if (is.character(i) && length(list(...)) == 0L) return(statistics_column(x, i, sys.call()))
  NextMethod()
}

#' @export
print.sdsante_statistics <- function(x, ...) {
  shown <- x
  class(shown) <- "data.frame"
  if ("criterion" %in% names(shown)) shown$criterion <- criterion_labels(shown$criterion)
  names(shown) <- statistic_labels(names(shown))
  if (!is.null(rownames(x)) && all(rownames(x) %in% c("macro", "weighted")))
    rownames(shown) <- statistic_labels(rownames(x))
  print(shown, ...)
  invisible(x)
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
  call <- sys.call()
  check_graphics_params(c(list(main = main, col = col), list(...)), call)
  if (length(col) < 2L)
    sds_abort(gettextf("'col' must hold at least 2 colours (from light to dark), not %d",
                       length(col), domain = "R-sdsante"), call)
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
  graphics::text(rep(seq_len(k), k), rep(seq_len(k), each = k), labels = format_count(z),
                 col = ifelse(dark, "white", "black"), font = 2)
  graphics::box()
  invisible(x)
}
