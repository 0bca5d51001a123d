# Confusion matrices: counting in C (src/confusion.c), statistics in R from
# the small k x k table (summary() in R/confusion_summary.R); the classes and
# their checks in R/confusion_classes.R, the mark on predict()'s answers in
# R/prediction_mark.R.

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
