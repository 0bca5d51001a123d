# ROC curves: sorting and sweeping in C (src/roc.c); the curve, its AUC and
# DeLong's interval wrapped here.

#' ROC curve of a score
#'
#' For every threshold, the share of positive cases whose score reaches it
#' (sensitivity) and the share of negative cases whose score stays below it
#' (specificity). Higher scores mean "more likely positive". The curve has
#' one point per distinct score, plus a first point where no case is called
#' positive.
#'
#' The area under the curve (AUC) is the probability that a positive case
#' scores higher than a negative one, a tie counting one half (the
#' Mann-Whitney statistic). Its 95% confidence interval is DeLong's (1988),
#' bounded to \[0, 1\]; it needs at least two positive and two negative cases
#' (otherwise it is `NA`). Both equal `pROC::auc()` and `pROC::ci.auc()` with
#' `levels = c(negative, positive)` and `direction = "<"`.
#'
#' @section The positive class:
#' When `positive` is not given, it is inferred from the labels of `truth` by
#' the rule of [positive_class] (1 for 0/1 codes, `TRUE`, "Yes", "malignant",
#' "malade", ...). When the labels do not tell, `roc_curve()` stops and asks
#' for `positive`: a curve computed for the wrong class is the mirror image
#' of the right one, with AUC 1 - AUC. `print()` and `summary()` say which
#' class is positive and whether it was inferred.
#'
#' @section Missing values:
#' Pairs where `truth` or `score` is `NA` are left out and counted in
#' `$n_missing`. `NaN` and infinite scores are errors, and so are empty
#' labels in `truth` (`""`, blank CSV cells: read the file with
#' `na.strings = c("", "NA")`).
#'
#' @section Printing and names:
#' Printing translates labels in a French session ("sensibilité", "seuil",
#' "indice de Youden", ...); the names of the returned elements and columns
#' do not change, so that code works in every language. `as.data.frame()`
#' keeps its English columns (`threshold`, `sensitivity`, `specificity`,
#' `tp`, `fp`) in every language: it is data for code, not a print-out.
#' The best threshold is printed with as many digits as it takes to call the
#' same cases positive: copied into [as_confusion_matrix()], it gives the
#' same counts.
#'
#' @section Memory:
#' The result holds three numbers per distinct score; while it is computed,
#' the memory used is at most about three times that of `score`.
#'
#' @param truth The true classes, exactly two (factor, character, logical or
#'   integer vector).
#' @param score Numeric scores, higher for the positive class.
#' @param positive The positive class (the "event", e.g. the disease). By
#'   default inferred from the labels: see [positive_class].
#' @return An object of class `sdsante_roc`, a list with `thresholds`
#'   (decreasing, starting at `Inf`: a case is positive when its score is at
#'   least the threshold), `sensitivity`, `specificity`, `auc`, `auc_ci`,
#'   `auc_var` (DeLong), `positive`, `positive_rule` (see [positive_class]),
#'   `negative`, `classes` (the two classes in the order of `truth`'s levels,
#'   or of first appearance for strings), `n_positive`, `n_negative` and
#'   `n_missing`. The counts of true and false positives at each threshold
#'   are in `as.data.frame(roc)`.
#' @seealso [as_confusion_matrix()] for the confusion matrix at a threshold,
#'   [positive_class] for the choice of the positive class.
#' @export
#' @examples
#' # How well does the glucose level tell diabetes? (Pima women, MASS)
#' if (requireNamespace("MASS", quietly = TRUE)) {
#'   pima <- MASS::Pima.te
#'   roc <- roc_curve(pima$type, pima$glu)   # "Yes" is inferred as positive
#'   roc            # AUC about 0.80: useful, far from perfect
#'   summary(roc)   # thresholds reaching 90% sensitivity or specificity
#'   plot(roc)
#'   # The confusion matrix at a clinical threshold of 140 mg/dl
#'   summary(as_confusion_matrix(roc, threshold = 140))
#' }
#' # On the lecture's paintings, a score must grow with "more likely a
#' # portrait". The number of eyes does not: portraits have 2, groups of
#' # people more, so its AUC is near 0.5 (no better than chance) ...
#' portrait <- tableaux$classe == "Portrait"
#' roc_curve(portrait, tableaux$yeux)
#' # ... while the closeness to 2 eyes is a good score (AUC about 0.89).
#' roc_curve(portrait, -abs(tableaux$yeux - 2))
roc_curve <- function(truth, score, positive = NULL) {
  call <- sys.call()
  truth <- as_classes(truth, "truth", call, order = "appearance")
  score <- check_numeric_input(score, "score", call)
  # A factor of numbers (mlbench::BreastCancer's columns): as.numeric() alone
  # would give the codes of its levels, not the numbers they name.
  if (is.factor(score))
    sds_abort(gettext("'score' must be a numeric vector, not a factor: convert it with as.numeric(as.character(score)) (as.numeric() alone gives the codes of the levels, not their values)",
                      domain = "R-sdsante"), call)
  if (!is.numeric(score) || !is.null(dim(score)))
    sds_abort(gettextf("'score' must be a numeric vector, not %s", describe_value(score),
                       domain = "R-sdsante"), call)
  check_same_length(truth, score, "truth", "score", call)
  # the classes are those present in 'truth'; NA pairs are left out
  check_empty_labels(truth, "truth", call)
  classes <- present_labels(truth)
  if (length(classes) > 2L)
    sds_abort(gettextf("a ROC curve needs exactly two classes in 'truth', not %d (%s)",
                       length(classes), quote_labels(classes),
                       domain = "R-sdsante"), call)
  if (length(classes) < 2L) {
    found <- if (length(classes)) paste0("\"", classes, "\"") else
      gettext("missing values", domain = "R-sdsante")
    sds_abort(gettextf("a ROC curve needs two classes in 'truth' (positive and negative cases), and there is only %s",
                       found, domain = "R-sdsante"), call)
  }
  score <- if (is.double(score)) score else as.double(score)
  # Errors in the scores (NaN, Inf, a class without scores) come first,
  # before the positive class is chosen.
  check_roc_scores(truth, score, call)
  chosen <- choose_positive(positive, classes, call, if_unknown = "ask")
  negative <- setdiff(classes, chosen$positive)
  swept <- .Call(C_sds_roc_sweep, truth, match(chosen$positive, levels(truth)),
                 match(negative, levels(truth)), score)
  structure(list(
    thresholds = swept$thresholds,
    sensitivity = swept$sensitivity,
    specificity = swept$specificity,
    auc = swept$auc,
    auc_ci = delong_interval(swept$auc, swept$var_auc),
    auc_var = swept$var_auc,
    positive = chosen$positive, positive_rule = chosen$rule,
    negative = negative, classes = classes,
    n_positive = swept$n_positive, n_negative = swept$n_negative,
    n_missing = swept$n_missing),
    class = "sdsante_roc")
}

# The scores of the cases with a class: NA (left out), or finite numbers
# (the first NaN or infinite score is named); and each class must keep a
# case with a score.  One pass over the scores when they are all finite.
check_roc_scores <- function(truth, score, call) {
  if (is.finite(sum(score))) return(invisible())   # no NA, NaN or Inf
  bad <- which((is.nan(score) | is.infinite(score)) & !is.na(truth))
  if (length(bad)) {
    i <- bad[1L]
    if (is.nan(score[i]))
      sds_abort(gettextf("'score' must not hold NaN (position %s); use NA for a missing score",
                         format(i, scientific = FALSE), domain = "R-sdsante"), call)
    sds_abort(gettextf("'score' must hold finite numbers; position %s is infinite",
                       format(i, scientific = FALSE), domain = "R-sdsante"), call)
  }
  if (length(present_labels(truth[!is.na(score)])) < 2L)
    sds_abort(gettext("a ROC curve needs at least one positive and one negative case with a score",
                      domain = "R-sdsante"), call)
}

# Normal 95% interval around the AUC, bounded to [0, 1] as pROC does.
delong_interval <- function(auc, variance, level = 0.95) {
  if (is.na(variance)) return(c(lower = NA_real_, upper = NA_real_))
  bounds <- stats::qnorm(c((1 - level) / 2, 1 - (1 - level) / 2),
                         mean = auc, sd = sqrt(variance))
  c(lower = max(bounds[1L], 0), upper = min(bounds[2L], 1))
}

# Counts of true and false positives at each threshold.  The proportions hold
# them exactly: count / n * n is within 2^-52 of the count, so rounding restores it.
roc_counts <- function(roc, at = seq_along(roc$thresholds)) {
  list(tp = round(roc$sensitivity[at] * roc$n_positive),
       fp = round((1 - roc$specificity[at]) * roc$n_negative))
}

# "AUC: 0.91, 95% CI (DeLong) [0.87, 0.96]", for print() and summary().
auc_line <- function(auc, ci, digits) {
  gettextf("AUC: %s, 95%% CI (DeLong) [%s, %s]", format(round(auc, digits)),
           format(round(ci[[1L]], digits)), format(round(ci[[2L]], digits)),
           domain = "R-sdsante")
}

# Below 0.5, the score is higher for the negative class: a score read the
# wrong way round, or the wrong positive class.  Printed, not corrected.
note_below_chance <- function(auc, positive, negative) {
  if (is.na(auc) || auc >= 0.5) return(invisible())
  cat(gettextf("The AUC is below 0.5: higher scores go with \"%s\", not with the positive class \"%s\". If lower scores mean \"%s\", use -score; otherwise check 'positive'.",
               negative, positive, positive, domain = "R-sdsante"), "\n", sep = "")
}

# Index of the best threshold by Youden's J (sensitivity + specificity - 1).
youden_index <- function(roc) which.max(roc$sensitivity + roc$specificity)

# Thresholds as printed: the shortest numbers, from `digits` significant
# digits up, that call the same cases positive (above the next lower score,
# `below`, and at most the threshold), so that a threshold copied from a
# print-out into as_confusion_matrix() gives the same matrix.  Plain
# rounding would not: 0.28256625 printed 0.2826 leaves that case out.
threshold_text <- function(threshold, below, digits) {
  vapply(seq_along(threshold), function(i) {
    t <- threshold[i]
    if (!is.finite(t)) return(format(t))
    for (d in seq(digits, 17L)) {
      scale <- 10^(d - 1 - floor(log10(abs(t))))
      for (v in c(signif(t, d), floor(t * scale) / scale)) {
        text <- format(v, digits = d)
        value <- as.numeric(text)
        if (value <= t && value > below[i]) return(text)
      }
    }
    format(t, digits = 17L)
  }, "")
}

# The next lower score after each threshold of a curve (-Inf after the last).
threshold_below <- function(roc, at) c(roc$thresholds, -Inf)[at + 1L]

#' @export
print.sdsante_roc <- function(x, digits = 4, ...) {
  cat(gettextf("ROC curve: %s cases, %s positive (\"%s\") and %s negative (\"%s\")",
               format_count(x$n_positive + x$n_negative), format_count(x$n_positive), x$positive,
               format_count(x$n_negative), x$negative, domain = "R-sdsante"), "\n", sep = "")
  cat(positive_line(x$positive, x$positive_rule, x$classes), "\n", sep = "")
  cat(auc_line(x$auc, x$auc_ci, digits), "\n", sep = "")
  note_below_chance(x$auc, x$positive, x$negative)
  best <- youden_index(x)
  cat(gettextf("Best threshold (Youden): score >= %s, sensitivity %s, specificity %s",
               threshold_text(x$thresholds[best], threshold_below(x, best), digits),
               format(round(x$sensitivity[best], digits)),
               format(round(x$specificity[best], digits)), domain = "R-sdsante"),
      "\n", sep = "")
  if (x$n_missing > 0)
    cat(sprintf(ngettext(as.integer(min(x$n_missing, 2)),
                         "%s case with a missing value was left out.",
                         "%s cases with a missing value were left out.",
                         domain = "R-sdsante"), format_count(x$n_missing)), "\n", sep = "")
  invisible(x)
}

#' @export
as.data.frame.sdsante_roc <- function(x, row.names = NULL, optional = FALSE, ...) {
  counts <- roc_counts(x)
  data.frame(threshold = x$thresholds, sensitivity = x$sensitivity,
             specificity = x$specificity, tp = counts$tp, fp = counts$fp,
             row.names = row.names)
}

#' Plot a ROC curve
#'
#' Sensitivity against 1 - specificity in a square plot, with the diagonal
#' of a score that knows nothing and the AUC in a legend.
#'
#' To compare several curves, draw the first with `legend = FALSE`, add the
#' others with `add = TRUE`, then write one legend of your own with
#' [graphics::legend()] (see the example); otherwise the legend of the first
#' curve is drawn (the added curves never draw one).
#'
#' @param x A ROC curve from [roc_curve()].
#' @param main Title of the plot.
#' @param add If `TRUE`, add the curve to the current plot (to compare models).
#' @param col,lwd,lty Colour, width and type of the curve's line: one value
#'   each.
#' @param legend If `TRUE`, write the AUC and its interval in a legend.
#' @param ... Further arguments passed to [graphics::plot()] (e.g. `sub`).
#' @return `x`, invisibly.
#' @export
#' @examples
#' portrait <- tableaux$classe == "Portrait"
#' close_to_2 <- roc_curve(portrait, -abs(tableaux$yeux - 2))
#' plot(close_to_2)
#' # Two scores on the same plot, with one legend
#' eyes <- roc_curve(portrait, tableaux$yeux)
#' plot(close_to_2, legend = FALSE)
#' plot(eyes, add = TRUE, lty = 2)
#' legend("bottomright", lty = c(1, 2), lwd = 2, bty = "n",
#'        legend = c(sprintf("-|yeux - 2|, AUC = %.2f", close_to_2$auc),
#'                   sprintf("yeux, AUC = %.2f", eyes$auc)))
plot.sdsante_roc <- function(x, main = gettext("ROC curve", domain = "R-sdsante"),
                             add = FALSE, col = "black", lwd = 2, lty = 1,
                             legend = !add, ...) {
  call <- sys.call()
  add <- check_flag(add, "add", call)
  legend <- check_flag(legend, "legend", call)
  # One curve: one colour, width and line type.
  check_graphics_params(c(list(main = main, col = col, lwd = lwd, lty = lty), list(...)), call,
                        one = c("col", "lwd", "lty"))
  if (add && grDevices::dev.cur() == 1L)
    sds_abort(gettext("'add = TRUE' needs a plot to add the curve to: draw the first curve with add = FALSE",
                      domain = "R-sdsante"), call)
  false_positive_rate <- 1 - x$specificity
  if (!add) {
    # Square whatever the shape of the device, so that the diagonal is at 45 degrees.
    old <- graphics::par(pty = "s")
    on.exit(graphics::par(old))
    graphics::plot(NA, xlim = c(0, 1), ylim = c(0, 1), main = main,
                   xlab = gettext("1 - specificity (false positive rate)", domain = "R-sdsante"),
                   ylab = gettext("Sensitivity (true positive rate)", domain = "R-sdsante"),
                   ...)
    graphics::abline(0, 1, lty = 3, col = "grey40")
  }
  graphics::lines(false_positive_rate, x$sensitivity, col = col, lwd = lwd, lty = lty)
  if (legend)
    graphics::legend("bottomright", bty = "n", lwd = lwd, col = col, lty = lty,
                     legend = gettextf("AUC = %s [%s, %s]", format(round(x$auc, 3)),
                                       format(round(x$auc_ci[[1L]], 3)),
                                       format(round(x$auc_ci[[2L]], 3)),
                                       domain = "R-sdsante"))
  invisible(x)
}

#' @rdname as_confusion_matrix
#' @export
as_confusion_matrix.sdsante_roc <- function(x, threshold, prevalence = NULL, ...) {
  call <- sys.call()
  threshold <- check_single_number(if (!missing(threshold)) threshold, "threshold", call,
                                   given = !missing(threshold))
  # thresholds decrease from Inf: the last one still >= threshold holds the
  # counts of the cases whose score is at least `threshold`.
  at <- roc_counts(x, at = sum(x$thresholds >= threshold))
  # rows = truth, columns = answer, positive class first ...
  counts <- matrix(c(at$tp, at$fp, x$n_positive - at$tp, x$n_negative - at$fp), 2L)
  # ... then in the order of truth's levels, as confusion_matrix() does.
  if (x$classes[1L] != x$positive) counts <- counts[2:1, 2:1]
  new_confusion(counts, x$classes, x$positive, prevalence, x$n_missing, call,
                positive_rule = if (is.null(x$positive_rule)) "given" else x$positive_rule)
}

#' Summary of a ROC curve
#'
#' The AUC with DeLong's interval, the number of cases of each class, and a
#' few operating points: the best threshold by Youden's index (sensitivity +
#' specificity - 1) and the thresholds that first reach a sensitivity or a
#' specificity of 90% and 95%.
#'
#' @param object A ROC curve from [roc_curve()].
#' @param ... Not used.
#' @section Printing and names:
#' Printing translates the column names and the criteria in a French session
#' ("critère", "seuil", "sensibilité", "indice de Youden", "VP" for true
#' positives, ...); the returned data frame keeps its English names
#' (`criterion`, `threshold`, `tp`, ...) and values (`youden`,
#' `sensitivity_90`, ...), so that code works in every language.
#'
#' @return An object of class `sdsante_roc_summary`: a list with `auc`,
#'   `auc_ci`, `positive`, `positive_rule`, `classes`, `n_positive`,
#'   `n_negative`, `n_missing`, `operating_points`, a data frame with
#'   columns `criterion`, `threshold`, `sensitivity`, `specificity`, `tp`,
#'   `fp`, `fn` and `tn`, and `threshold_below` (the next lower score after
#'   each threshold, used to print the thresholds).
#'
#'   The printed thresholds are the shortest numbers (4 significant digits
#'   or more) that call the same cases positive, so that a threshold copied
#'   from the print-out into [as_confusion_matrix()] gives the same counts.
#' @export
#' @examples
#' summary(roc_curve(tableaux$classe == "Portrait", -abs(tableaux$yeux - 2)))
summary.sdsante_roc <- function(object, ...) {
  n_points <- length(object$thresholds)
  # Thresholds decrease, so sensitivity rises and specificity falls along the
  # curve: the first point reaching a sensitivity, the last keeping a specificity.
  first_at_least <- function(v, level) {
    i <- which(v >= level)
    if (length(i)) i[1L] else NA_integer_
  }
  last_at_least <- function(v, level) {
    i <- which(v >= level)
    if (length(i)) i[length(i)] else NA_integer_
  }
  at <- c(youden = youden_index(object),
          sensitivity_90 = first_at_least(object$sensitivity, 0.90),
          sensitivity_95 = first_at_least(object$sensitivity, 0.95),
          specificity_90 = last_at_least(object$specificity, 0.90),
          specificity_95 = last_at_least(object$specificity, 0.95))
  at <- at[!is.na(at) & at <= n_points]
  counts <- roc_counts(object, at = at)
  points <- data.frame(criterion = names(at), threshold = object$thresholds[at],
                       sensitivity = object$sensitivity[at],
                       specificity = object$specificity[at],
                       tp = counts$tp, fp = counts$fp,
                       fn = object$n_positive - counts$tp, tn = object$n_negative - counts$fp,
                       row.names = NULL, stringsAsFactors = FALSE)
  structure(list(auc = object$auc, auc_ci = object$auc_ci, positive = object$positive,
                 positive_rule = object$positive_rule, classes = object$classes,
                 n_positive = object$n_positive, n_negative = object$n_negative,
                 n_missing = object$n_missing, operating_points = statistics_table(points),
                 threshold_below = threshold_below(object, at)),
            class = "sdsante_roc_summary")
}

# Printed names of the operating points' criteria, translated.
criterion_labels <- function(criteria) {
  labels <- gettext(c("Youden index", "sensitivity >= 90%", "sensitivity >= 95%",
                      "specificity >= 90%", "specificity >= 95%"), domain = "R-sdsante")
  names(labels) <- c("youden", "sensitivity_90", "sensitivity_95",
                     "specificity_90", "specificity_95")
  ifelse(criteria %in% names(labels), labels[criteria], criteria)
}

#' @export
print.sdsante_roc_summary <- function(x, digits = 4, ...) {
  cat(gettextf("ROC curve: %s positive (\"%s\") and %s negative cases",
               format_count(x$n_positive), x$positive, format_count(x$n_negative),
               domain = "R-sdsante"), "\n", sep = "")
  if (!is.null(x$classes))
    cat(positive_line(x$positive, x$positive_rule, x$classes), "\n", sep = "")
  cat(auc_line(x$auc, x$auc_ci, digits), "\n", sep = "")
  negative <- setdiff(x$classes, x$positive)
  if (length(negative) == 1L) note_below_chance(x$auc, x$positive, negative)
  cat("\n")
  cat(gettext("Operating points (a case is positive when its score >= threshold):",
              domain = "R-sdsante"), "\n", sep = "")
  points <- x$operating_points
  points[c("sensitivity", "specificity")] <- round(points[c("sensitivity", "specificity")], digits)
  if (!is.null(x$threshold_below))
    points$threshold <- threshold_text(points$threshold, x$threshold_below, digits)
  for (count in intersect(c("tp", "fp", "fn", "tn"), names(points)))
    points[[count]] <- format_count(points[[count]])
  print(points, row.names = FALSE, right = TRUE)
  cat(gettext("TP, FP, FN, TN: true positives, false positives, false negatives, true negatives.",
              domain = "R-sdsante"), "\n", sep = "")
  invisible(x)
}
