# The elbow curve: the within-group sum of squares of k-means fits for
# several numbers of groups, with its print-out and its plot.

#' Within-group sum of squares for several numbers of groups (elbow)
#'
#' Makes groups with [k_means()] for each number of groups in `k` and keeps
#' how spread the groups are (the total within-group sum of squares). The
#' "elbow" of the curve, where one more group stops helping much, suggests a
#' number of groups. See also [silhouette_score()].
#'
#' The best possible within-group sum of squares decreases as `k` grows, but
#' k-means can miss it (especially with `nstart = 1`), so the curve may not
#' always decrease: use several starts. The data are checked, converted and
#' standardized once for all the fits. The sums are in the units of the data
#' unless they overflow there (data near 1e200): they are then on an internal
#' scale, with `log2_unit` the power of two to multiply them by (see *Scale*
#' in [k_means()]); `between_share` is right either way. Printing translates
#' the labels in a French session; the names of the fields do not change.
#'
#' @param x The data, as for [k_means()].
#' @param k The numbers of groups to try (whole numbers between 1 and
#'   `nrow(x)`).
#' @param ... Further arguments passed to [k_means()] (for instance `nstart`,
#'   `algorithm` or `standardize`).
#' @return An object of class `sdsante_wss_curve`: a list with `k`,
#'   `tot.withinss`, `totss` and `between_share` (`1 - tot.withinss / totss`,
#'   the share of the total sum of squares explained by the groups; `NA` if
#'   `totss` is 0) and `log2_unit` (0 unless the sums are on an internal
#'   scale); `print()`, `plot()` and `as.data.frame()` methods.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' curve <- wss_curve(train[, c("d1", "d2")], k = 1:8, nstart = 10)
#' curve
#' plot(curve)
wss_curve <- function(x, k = 1:10, ...) {
  call <- sys.call()
  x <- as_numeric_matrix(x, "x", call)
  n <- nrow(x)
  k <- check_whole_values(k, "k", call, n, gettextf("nrow(x) (%d)", n, domain = "R-sdsante"))
  settings <- kmeans_settings(n, call, ...)
  data <- kmeans_prepare(x, settings, call)
  wss <- vapply(k, function(kk) sum(kmeans_best(data, kk, NULL, settings, call)$withinss), 0)
  totss <- data$totss
  share <- if (totss > 0) 1 - wss / totss else rep(NA_real_, length(wss))
  # back in the units of the data, unless that overflows (as for k_means())
  sums <- sums_in_user_units(c(totss, wss), 2L * data$exponent + settings$weight_exponent)
  structure(list(k = k, tot.withinss = sums$values[-1L], totss = sums$values[1L],
                 between_share = share, log2_unit = sums$log2_unit),
            class = "sdsante_wss_curve")
}

#' @export
as.data.frame.sdsante_wss_curve <- function(x, row.names = NULL, optional = FALSE, ...) {
  data.frame(k = x$k, tot.withinss = x$tot.withinss, between_share = x$between_share,
             row.names = row.names)
}

#' @export
print.sdsante_wss_curve <- function(x, digits = 4, ...) {
  cat(gettext("Within-group sum of squares by number of groups", domain = "R-sdsante"),
      "\n", sep = "")
  table <- data.frame(x$k, format(x$tot.withinss, digits = digits),
                      format(round(100 * x$between_share, 1), nsmall = 1))
  names(table) <- c("k", gettext("within SS", domain = "R-sdsante"),
                    gettext("% explained", domain = "R-sdsante"))
  print(table, row.names = FALSE)
  if (!is.null(x$log2_unit)) kmeans_unit_note(c(ss = x$log2_unit, weights = 0L))
  invisible(x)
}

#' Plot the elbow curve
#'
#' @param x A curve from [wss_curve()].
#' @param main,xlab,ylab Title and axis labels.
#' @param ... Further arguments passed to [graphics::plot()] (for instance
#'   `ylim`, by default from 0 to the largest sum). When the sums are on an
#'   internal scale (`log2_unit`, see [wss_curve()]), the default `ylab` says
#'   in which unit.
#' @return `x`, invisibly.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' plot(wss_curve(train[, c("d1", "d2")], k = 1:8, nstart = 10))
plot.sdsante_wss_curve <- function(x, main = gettext("Elbow curve", domain = "R-sdsante"),
                                   xlab = gettext("Number of groups k", domain = "R-sdsante"),
                                   ylab = wss_curve_ylab(x$log2_unit), ...) {
  check_graphics_params(c(list(main = main, xlab = xlab, ylab = ylab), list(...)), sys.call())
  # from 0 unless the user chose the range (a second ylim would be an error)
  args <- list(...)
  if (is.null(args$ylim)) args$ylim <- c(0, max(x$tot.withinss))
  do.call(graphics::plot, c(list(x$k, x$tot.withinss, type = "b", pch = 19, main = main,
                                 xlab = xlab, ylab = ylab, xaxt = "n"), args))
  graphics::axis(1, at = x$k)
  invisible(x)
}

# The label of the sums, with their unit when they are on an internal scale.
wss_curve_ylab <- function(log2_unit) {
  if (is.null(log2_unit) || log2_unit == 0L)
    return(gettext("Within-group sum of squares", domain = "R-sdsante"))
  gettextf("Within-group sum of squares (units of 2^%d)", log2_unit, domain = "R-sdsante")
}
