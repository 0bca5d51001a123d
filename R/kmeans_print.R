# k-means print-outs: the fit and its summary (labels translated at print
# time; the names of the objects stay English).

kmeans_algorithm_name <- function(algorithm) {
  switch(algorithm,
         "hamerly" = gettext("Hamerly's algorithm, exact Lloyd", domain = "R-sdsante"),
         "lloyd" = gettext("Lloyd's algorithm", domain = "R-sdsante"),
         "hartigan-wong" = gettext("Hartigan-Wong (AS 136), then Hartigan's exchange",
                                   domain = "R-sdsante"),
         "macqueen" = gettext("MacQueen's algorithm", domain = "R-sdsante"),
         algorithm)
}

kmeans_convergence_text <- function(converged, iter) {
  if (isTRUE(converged))
    sprintf(ngettext(iter, "Converged in %d iteration.", "Converged in %d iterations.",
                     domain = "R-sdsante"), iter)
  else
    sprintf(ngettext(iter, "Did not converge in %d iteration.",
                     "Did not converge in %d iterations.", domain = "R-sdsante"), iter)
}

# A sentence of a print-out, wrapped to the width of the console (a vignette
# shows about 80 characters; a French header is longer than that).
cat_wrapped <- function(text) {
  cat(strwrap(text, width = max(20L, getOption("width") - 2L)), sep = "\n")
}

kmeans_start_name <- function(init) {
  switch(init,
         "kmeans++" = gettext("k-means++ start", domain = "R-sdsante"),
         "random" = gettext("random start", domain = "R-sdsante"),
         "given" = gettext("given centres", domain = "R-sdsante"),
         init)
}

#' @export
print.sdsante_kmeans <- function(x, digits = 3, ...) {
  digits <- check_digits(digits, sys.call())
  k <- nrow(x$centers)
  cat_wrapped(sprintf(ngettext(k, "k-means: %d group of %s rows (%s, %s)",
                               "k-means: %d groups of %s rows (%s, %s)", domain = "R-sdsante"),
                      k, format(sum(as.double(x$size)), scientific = FALSE), kmeans_algorithm_name(x$algorithm),
                      kmeans_start_name(x$init)))
  cat(kmeans_convergence_text(x$converged, x$iter), "\n", sep = "")
  groups <- kmeans_centre_table(x$centers, digits)
  groups <- data.frame(x$size, groups, check.names = FALSE)
  names(groups)[1L] <- gettext("size", domain = "R-sdsante")
  rownames(groups) <- gettextf("Group %d", seq_len(k), domain = "R-sdsante")
  cat("\n")
  print(groups)
  hidden <- ncol(x$centers) - (ncol(groups) - 1L)
  if (hidden > 0L)
    cat(sprintf(ngettext(hidden, "... and %s more column (all the centres are in $centers)",
                         "... and %s more columns (all the centres are in $centers)",
                         domain = "R-sdsante"), format_count(hidden)), "\n", sep = "")
  if (x$totss > 0) {
    cat("\n")
    cat_wrapped(gettextf("Between-group sum of squares: %s%% of the total.",
                         format(round(100 * x$betweenss / x$totss, 1), nsmall = 1),
                         domain = "R-sdsante"))
  } else {
    cat("\n", gettext("Total sum of squares: 0 (the rows do not vary).", domain = "R-sdsante"),
        "\n", sep = "")
  }
  if (!is.null(x$scaling))
    cat_wrapped(gettext("Variables standardized; the centres are shown on the original scale.",
                        domain = "R-sdsante"))
  kmeans_dominant_note(x$dominant)
  kmeans_unit_note(x$log2_unit)
  invisible(x)
}

# The centres formatted column by column (decimal points aligned), as many
# columns as fit in about three screen widths: a fit of a million columns
# prints at once, as print.data.frame() would not.
kmeans_centre_table <- function(centres, digits) {
  room <- 3L * getOption("width", 80L)
  name <- function(j) if (is.null(colnames(centres))) paste0("x", j) else colnames(centres)[j]
  shown <- list()
  used <- 0L
  for (j in seq_len(ncol(centres))) {
    column <- format(centres[, j], digits = digits)
    used <- used + max(nchar(c(column, name(j)), type = "width")) + 1L
    if (j > 1L && used > room) break
    shown[[j]] <- column
  }
  table <- as.data.frame(shown, col.names = vapply(seq_along(shown), name, ""),
                         check.names = FALSE, stringsAsFactors = FALSE)
  table[] <- lapply(table, function(column) structure(column, class = "noquote"))
  table
}

# The note printed when some sums are reported on an internal scale
# (see the Value section of ?k_means).
kmeans_unit_note <- function(log2_unit) {
  if (is.null(log2_unit)) return(invisible())
  if (log2_unit[["ss"]] != 0L)
    cat_wrapped(gettextf("The sums of squares are too large or too small for numbers in the units of the data: they are shown in units of 2^%d (field log2_unit).",
                         log2_unit[["ss"]], domain = "R-sdsante"))
  if (log2_unit[["weights"]] != 0L)
    cat_wrapped(gettextf("The sums of the weights are too large or too small for numbers: they are shown in units of 2^%d (field log2_unit).",
                         log2_unit[["weights"]], domain = "R-sdsante"))
  invisible()
}

#' Summary of a k-means fit
#'
#' For each group: its size, how spread it is (its within-group sum of
#' squares and the mean squared distance of its rows to the centre, weighted
#' by the weights of the fit, if any); and how much of the total spread of
#' the data lies between the groups.
#'
#' Printing translates the labels in a French session; the names of the
#' fields do not change. Sums that cannot be written in the units of the
#' data are on an internal scale (`log2_unit`, see *Scale* in [k_means()]);
#' the print-out says so.
#'
#' @param object A fit from [k_means()].
#' @param x A summary, to print.
#' @param digits Significant digits to print.
#' @param ... Not used.
#' @return An object of class `sdsante_kmeans_summary`: a list with `groups`
#'   (a data frame: `group`, `size`, `withinss`, `mean_sq_distance`, the
#'   within-group sum of squares divided by the group's sum of weights
#'   `weight_sums`, its size without weights), `centers` (the centres, on the
#'   original scale), `totss`, `tot.withinss`, `betweenss`, `between_share`
#'   (`betweenss / totss`; `NA` when `totss` is 0, all rows being equal),
#'   `iter`, `converged`, `algorithm`, `init` and `standardized` (`TRUE` when
#'   the fit standardized the variables: the sums of squares are then those of
#'   the standardized data) and `log2_unit` (the fit's, plus
#'   `mean_sq_distance`: the power of two to multiply that column by, 0
#'   unless it cannot be written in the units of the data), and `dominant`
#'   (the fit's: the column that makes the groups almost alone, or `NULL`).
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' summary(k_means(train[, c("d1", "d2")], k = 3, nstart = 10))
summary.sdsante_kmeans <- function(object, ...) {
  log2_unit <- object$log2_unit
  if (is.null(log2_unit)) log2_unit <- c(ss = 0L, weights = 0L)
  # withinss / weight_sums, back in the units of the data when it fits
  msd <- sums_in_user_units(object$withinss / object$weight_sums,
                            log2_unit[["ss"]] - log2_unit[["weights"]])
  structure(list(
    groups = data.frame(group = seq_along(object$size), size = object$size,
                        withinss = object$withinss, mean_sq_distance = msd$values),
    log2_unit = c(log2_unit, mean_sq_distance = msd$log2_unit),
    centers = object$centers,
    totss = object$totss, tot.withinss = object$tot.withinss,
    betweenss = object$betweenss,
    between_share = if (object$totss > 0) object$betweenss / object$totss else NA_real_,
    iter = object$iter, converged = object$converged, algorithm = object$algorithm,
    init = object$init, standardized = !is.null(object$scaling), dominant = object$dominant),
    class = "sdsante_kmeans_summary")
}

# Under a share of the between-group sum of squares that flatters: which
# column made it (see dominant_column()).
kmeans_dominant_note <- function(dominant) {
  if (is.null(dominant)) return(invisible())
  text <- dominant_column_text(dominant, dominant$exponent)
  cat_wrapped(paste0(toupper(substring(text, 1L, 1L)), substring(text, 2L), "."))
}

#' @rdname summary.sdsante_kmeans
#' @export
print.sdsante_kmeans_summary <- function(x, digits = 4, ...) {
  digits <- check_digits(digits, sys.call())
  cat_wrapped(sprintf(ngettext(nrow(x$groups), "k-means: %d group (%s, %s)",
                               "k-means: %d groups (%s, %s)", domain = "R-sdsante"),
                      nrow(x$groups), kmeans_algorithm_name(x$algorithm),
                      kmeans_start_name(x$init)))
  cat("\n")
  groups <- x$groups
  names(groups) <- c(gettext("group", domain = "R-sdsante"),
                     gettext("size", domain = "R-sdsante"),
                     gettext("within SS", domain = "R-sdsante"),
                     gettext("mean squared distance", domain = "R-sdsante"))
  print(format(groups, digits = digits), row.names = FALSE)
  cat("\n", gettextf("Total sum of squares: %s", format(x$totss, digits = digits),
                     domain = "R-sdsante"), "\n", sep = "")
  if (is.na(x$between_share)) {   # a total sum of squares of 0
    cat(gettextf("Within groups: %s; between groups: %s",
                 format(x$tot.withinss, digits = digits), format(x$betweenss, digits = digits),
                 domain = "R-sdsante"), "\n", sep = "")
  } else {
    cat_wrapped(gettextf("Within groups: %s; between groups: %s (%s%% of the total)",
                         format(x$tot.withinss, digits = digits),
                         format(x$betweenss, digits = digits),
                         format(round(100 * x$between_share, 1), nsmall = 1),
                         domain = "R-sdsante"))
  }
  kmeans_dominant_note(x$dominant)
  cat(kmeans_convergence_text(x$converged, x$iter), "\n", sep = "")
  if (isTRUE(x$standardized))
    cat_wrapped(gettext("Sums of squares of the standardized variables.", domain = "R-sdsante"))
  kmeans_unit_note(x$log2_unit)
  if (!is.null(x$log2_unit) && x$log2_unit[["mean_sq_distance"]] != 0L)
    cat_wrapped(gettextf("The mean squared distances are shown in units of 2^%d.",
                         x$log2_unit[["mean_sq_distance"]], domain = "R-sdsante"))
  invisible(x)
}
