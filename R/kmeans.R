# k-means: starts, fits and nearest-centre assignment in C (src/kmeans.c);
# checks, the object, its methods and the elbow curve here.

#' k-means clustering
#'
#' Groups the rows of `x` into `k` groups so that each row is close to the
#' centre (the mean) of its group: the sum over the groups of the squared
#' Euclidean distances between the rows and their centre, the *within-group
#' sum of squares*, is made as small as the algorithm can. This is the
#' lecture's unsupervised example: the paintings are grouped without looking
#' at their class, then new paintings are assigned to the nearest group with
#' [predict()][predict.sdsante_kmeans].
#'
#' @section Starts:
#' `init = "kmeans++"` (the default) chooses the first centre at random among
#' the rows and each next one among 2 + floor(log(k)) rows drawn with a
#' probability proportional to their squared distance to the nearest centre
#' already chosen, keeping the one that lowers the within-group sum of squares
#' most ("greedy" k-means++, as scikit-learn). `init = "random"` draws `k`
#' distinct rows. Both use R's random number generator: call [set.seed()]
#' first to get the same groups again. With `nstart > 1`, the fit with the
#' smallest within-group sum of squares is kept. `k` may also be a matrix of
#' initial centres (one row per group).
#'
#' @section Algorithms:
#' * `"lloyd"`: the classic batch algorithm. Each row goes to its nearest
#'   centre (the lowest-numbered one on a tie), then each centre becomes the
#'   mean of its group, until no row changes group. From the same initial
#'   centres, it gives the same groups as `stats::kmeans(algorithm = "Lloyd")`.
#' * `"hamerly"` (the default): Lloyd's algorithm with Hamerly's (2010) bounds,
#'   which skip the distances that cannot change a row's group. The result is
#'   **exactly** Lloyd's (same groups, same centres, same number of
#'   iterations), only faster.
#' * `"hartigan-wong"`: Hartigan and Wong's algorithm (AS 136, the default of
#'   `stats::kmeans()`, written after it so that from the same centres it
#'   makes the same moves), finished by Hartigan's point-by-point exchange: a
#'   row moves from group a to group b whenever this lowers the within-group
#'   sum of squares, that is when
#'   \eqn{n_b/(n_b+1) |x - c_b|^2 < n_a/(n_a-1) |x - c_a|^2}, until no single
#'   move helps. Its within-group sum of squares is thus never larger than
#'   that of `stats::kmeans(algorithm = "Hartigan-Wong")` from the same
#'   centres (which may also stop early with "Quick-TRANSfer stage steps
#'   exceeded"), and usually smaller than Lloyd's; it is slower.
#' * `"macqueen"`: MacQueen's online algorithm: each row goes to its nearest
#'   centre, which is updated at once.
#'
#' A fit has converged when a whole pass moves no row, or, with `tol > 0`,
#' when the sum of the squared moves of the centres is at most `tol` times
#' the mean of the columns' variances. A last assignment step makes the groups
#' match the returned centres. A fit that has not converged after `iter_max`
#' iterations gives a warning and `converged = FALSE` (`ifault = 2`).
#'
#' A group that becomes empty is given a new centre: the row farthest from
#' its own centre. There are never `NaN` centres. Fewer distinct rows than
#' `k` is an error.
#'
#' @section Speed:
#' The data are not copied when `x` is a double matrix (a data frame or an
#' integer matrix is converted once); Hamerly's algorithm needs 20 bytes per
#' row besides. With `threads > 1`, the assignment of the rows to their
#' centres and the sums run on several cores (OpenMP); the result is **the
#' same whatever the number of threads**. Use no more threads than free
#' cores. Long runs can be interrupted.
#'
#' @param x The data: a numeric matrix or a data frame of numeric columns, one
#'   row per observation. No missing or infinite values.
#' @param k The number of groups, a whole number between 1 and `nrow(x)`; or a
#'   matrix of initial centres, one row per group and one column per column
#'   of `x`, all distinct.
#' @param nstart The number of starts; the best fit is kept. Must be 1 when
#'   `k` is a matrix of centres.
#' @param iter_max The maximum number of iterations (passes over the data).
#' @param init How the initial centres are chosen: `"kmeans++"` or
#'   `"random"` (see *Starts*).
#' @param algorithm `"hamerly"`, `"lloyd"`, `"hartigan-wong"` or
#'   `"macqueen"` (see *Algorithms*).
#' @param tol Stop when the centres move less than this (relative to the
#'   variance of the data; see *Algorithms*). The default 0 stops when no row
#'   changes group.
#' @param weights Optional observation weights (non-negative, not all zero):
#'   each row counts as many times as its weight in the means and the sums of
#'   squares. Rows of weight 0 are assigned to a group but do not move the
#'   centres.
#' @param standardize If `TRUE`, each column is centred and divided by its
#'   standard deviation before the fit (as [scale()]), so that every variable
#'   counts as much. The centres are returned on the original scale; the sums
#'   of squares are those of the standardized data, and [predict()] applies
#'   the same standardization to new data. This makes one standardized copy of
#'   the data.
#' @param threads The number of threads (cores) to use.
#' @param trace If `TRUE`, print how many rows change group at each iteration.
#' @return An object of class `c("sdsante_kmeans", "kmeans")`: a list with
#'   the fields of [stats::kmeans()]: `cluster` (the group of each row),
#'   `centers` (one row per group), `totss` (total sum of squares),
#'   `withinss` (within-group sum of squares of each group), `tot.withinss`
#'   (their sum), `betweenss` (`totss - tot.withinss`), `size` (number of rows
#'   in each group), `iter` (number of iterations), `ifault` (0, or 2 when the
#'   fit did not converge); and `converged`, `algorithm`, `init` (the start:
#'   `"kmeans++"`, `"random"` or `"given"`), `weighted`, `weight_sums` (the
#'   sum of the weights of the rows of each group; without weights, the
#'   sizes as numbers) and `scaling` (the centres and scales of
#'   `standardize = TRUE`, otherwise `NULL`). Methods:
#'   `print()`, `summary()`, [predict()][predict.sdsante_kmeans],
#'   [plot()][plot.sdsante_kmeans] and `fitted()`.
#' @references
#' Arthur, D. and Vassilvitskii, S. (2007) k-means++: the advantages of
#' careful seeding. *SODA '07*, 1027–1035.
#'
#' Hamerly, G. (2010) Making k-means even faster. *SIAM International
#' Conference on Data Mining*, 130–140.
#'
#' Hartigan, J. A. (1975) *Clustering Algorithms*. Wiley.
#'
#' Lloyd, S. P. (1982) Least squares quantization in PCM. *IEEE Transactions
#' on Information Theory* 28, 129–137.
#'
#' MacQueen, J. (1967) Some methods for classification and analysis of
#' multivariate observations. *Proceedings of the Fifth Berkeley Symposium*,
#' 1, 281–297.
#' @seealso [predict.sdsante_kmeans()] to assign new rows to the groups,
#'   [plot.sdsante_kmeans()], [wss_curve()] and [silhouette_score()] to choose
#'   `k`.
#' @export
#' @examples
#' # The lecture: 15 paintings grouped without their labels...
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' test <- descripteurs[descripteurs$ensemble == "test", ]
#' set.seed(1)
#' fit <- k_means(train[, c("d1", "d2")], k = 3, nstart = 10)
#' fit
#' table(group = fit$cluster, class = train$classe)
#' # ... then the 6 test paintings assigned to the nearest group
#' predict(fit, test)
#' plot(fit, train, newdata = test, labels = test$id)
k_means <- function(x, k, nstart = 1, iter_max = 100, init = c("kmeans++", "random"),
                    algorithm = c("hamerly", "lloyd", "hartigan-wong", "macqueen"),
                    tol = 0, weights = NULL, standardize = FALSE, threads = 1,
                    trace = FALSE) {
  call <- sys.call()
  x <- as_numeric_matrix(x, "x", call)
  n <- nrow(x)
  if (missing(k))
    sds_abort(gettext("'k', the number of groups, is missing", domain = "R-sdsante"), call)
  given <- is.matrix(k) || is.data.frame(k)
  start <- NULL
  if (given) {
    start <- kmeans_start_centres(k, x, call)
    k <- nrow(start)
  } else {
    k <- check_whole(k, "k", call, 1, n, gettextf("nrow(x) (%d)", n, domain = "R-sdsante"))
  }
  settings <- kmeans_settings(n, call, nstart = nstart, iter_max = iter_max, init = init,
                              algorithm = algorithm, tol = tol, weights = weights,
                              standardize = standardize, threads = threads, trace = trace)
  if (given && settings$nstart != 1L)
    sds_abort(gettextf("'nstart' must be 1 when 'k' is a matrix of initial centres, not %s",
                       format_value(settings$nstart), domain = "R-sdsante"), call)
  data <- kmeans_prepare(x, settings, call)
  if (given && !is.null(data$scaling)) start <- kmeans_standardize(start, data$scaling)
  best <- kmeans_best(data, k, start, settings, call)
  kmeans_object(best, data, k, if (given) "given" else settings$init, settings)
}

# ---------------------------------------------------------------------------
# The steps of k_means(), shared with wss_curve(): the settings checked, the
# data prepared once (finiteness, total sum of squares, standardization),
# the best of the fits from `nstart` starts, and the object.

# The checked settings of k_means(); the defaults are those of k_means() (a
# test checks it).
kmeans_settings <- function(n, call, nstart = 1, iter_max = 100, init = c("kmeans++", "random"),
                            algorithm = c("hamerly", "lloyd", "hartigan-wong", "macqueen"),
                            tol = 0, weights = NULL, standardize = FALSE, threads = 1,
                            trace = FALSE) {
  nstart <- check_whole(nstart, "nstart", call, 1)
  iter_max <- check_whole(iter_max, "iter_max", call, 1)
  init <- check_choice(init, c("kmeans++", "random"), "init", call, ignore_case = TRUE)
  algorithm <- check_choice(algorithm, c("hamerly", "lloyd", "hartigan-wong", "macqueen"),
                            "algorithm", call, ignore_case = TRUE)
  if (!is.numeric(tol) || length(tol) != 1L || !is.finite(tol) || tol < 0)
    sds_abort(gettextf("'tol' must be a single number >= 0, not %s", format_value(tol),
                       domain = "R-sdsante"), call)
  weights <- kmeans_weights(weights, n, call)
  standardize <- check_flag(standardize, "standardize", call)
  threads <- check_whole(threads, "threads", call, 1, 1024)
  trace <- check_flag(trace, "trace", call)
  list(nstart = nstart, iter_max = iter_max, init = init, algorithm = algorithm,
       tol = as.double(tol), weights = weights, standardize = standardize,
       threads = threads, trace = trace)
}

# The data as the fits use them: `x` (standardized if asked), `names` (the
# dimnames of the user's data), `totss`, `scaling` (or NULL) and `tol_abs`
# (the tolerance on the squared moves of the centres).
kmeans_prepare <- function(x, settings, call) {
  standardize <- settings$standardize
  weights <- settings$weights
  moments <- kmeans_columns(x, "x", call, if (standardize || settings$tol > 0) 2L else 1L,
                            weights, settings$threads)
  names <- dimnames(x)
  totss <- moments$totss
  scaling <- NULL
  if (standardize) {
    scale <- sqrt(moments$variance)
    constant <- which(is.na(scale) | !(scale > 0))   # NA: a single row
    if (length(constant))
      sds_abort(gettextf("'standardize = TRUE' divides each column by its standard deviation, and column %s of 'x' is constant",
                         kmeans_column_name(x, constant[1L]), domain = "R-sdsante"), call)
    scaling <- list(center = stats::setNames(moments$mean, colnames(x)),
                    scale = stats::setNames(scale, colnames(x)))
    x <- kmeans_standardize(x, scaling)
    totss <- kmeans_columns(x, "x", call, 1L, weights, settings$threads)$totss
    tol_abs <- settings$tol
  } else {
    tol_abs <- if (settings$tol > 0) settings$tol * mean(moments$variance) else 0
  }
  list(x = x, names = names, totss = totss, scaling = scaling, tol_abs = tol_abs)
}

# The best (smallest within-group sum of squares) of the fits from `nstart`
# starts, or from the given centres `start` (on the scale of data$x); warns
# if it did not converge.
kmeans_best <- function(data, k, start, settings, call) {
  x <- data$x
  weights <- settings$weights
  code <- match(settings$algorithm, c("hamerly", "lloyd", "hartigan-wong", "macqueen"))
  given <- !is.null(start)
  best <- NULL
  for (s in seq_len(settings$nstart)) {
    if (!given) {
      drawn <- .Call(C_sds_kmeans_start, x, k, weights, settings$init == "kmeans++",
                     settings$threads)
      if (drawn$status != 0L) kmeans_too_few_distinct(x, weights, k, call)
      start <- drawn$centers
    }
    fit <- .Call(C_sds_kmeans_fit, x, start, weights, code, settings$iter_max,
                 data$tol_abs, settings$threads, settings$trace)
    if (fit$status != 0L) kmeans_too_few_distinct(x, weights, k, call)
    if (is.null(best) || sum(fit$withinss) < sum(best$withinss)) best <- fit
  }
  if (!best$converged)
    warning(simpleWarning(sprintf(ngettext(settings$iter_max,
                                           "k-means did not converge in %d iteration; increase 'iter_max' (or set 'tol')",
                                           "k-means did not converge in %d iterations; increase 'iter_max' (or set 'tol')",
                                           domain = "R-sdsante"), settings$iter_max), call))
  best
}

# The sdsante_kmeans object of the best fit.
kmeans_object <- function(best, data, k, init, settings) {
  centers <- best$centers
  scaling <- data$scaling
  if (!is.null(scaling)) {
    scaling$centers <- centers
    centers <- centers * rep(scaling$scale, each = k) + rep(scaling$center, each = k)
  }
  dimnames(centers) <- list(seq_len(k), data$names[[2L]])
  cluster <- best$cluster
  names(cluster) <- data$names[[1L]]
  tot_withinss <- sum(best$withinss)
  structure(list(cluster = cluster, centers = centers, totss = data$totss,
                 withinss = best$withinss, tot.withinss = tot_withinss,
                 betweenss = data$totss - tot_withinss, size = best$size,
                 iter = best$iter, ifault = if (best$converged) 0L else 2L,
                 converged = best$converged, algorithm = settings$algorithm,
                 init = init, weighted = !is.null(settings$weights),
                 weight_sums = best$weight, scaling = scaling),
            class = c("sdsante_kmeans", "kmeans"))
}

# ---------------------------------------------------------------------------
# Checks specific to k-means (the shared ones are in R/checks.R).

kmeans_column_name <- function(x, j) {
  if (is.null(colnames(x))) format(j) else paste0("\"", colnames(x)[j], "\"")
}

# Finite values only (checked in C, without copying); with what = 1, also
# the total sum of squares; with what = 2, also the column means and
# variances.
kmeans_columns <- function(x, arg, call, what = 0L, weights = NULL, threads = 1L) {
  columns <- .Call(C_sds_column_scan, x, weights, what >= 1L, what >= 2L, threads)
  if (columns$first_bad > 0) {
    row <- (columns$first_bad - 1) %% nrow(x) + 1
    col <- (columns$first_bad - 1) %/% nrow(x) + 1
    sds_abort(gettextf("'%s' must hold finite numbers; row %s, column %s is %s (remove or impute incomplete rows first, e.g. with na.omit())",
                       arg, format(row), kmeans_column_name(x, col), format(x[row, col]),
                       domain = "R-sdsante"), call)
  }
  columns
}

kmeans_standardize <- function(x, scaling) {
  .Call(C_sds_kmeans_standardize, x, as.double(scaling$center), as.double(scaling$scale))
}

kmeans_weights <- function(weights, n, call) {
  if (is.null(weights)) return(NULL)
  if (!is.numeric(weights) || !is.null(dim(weights)) || length(weights) != n) {
    given <- if (is.numeric(weights)) describe_length(weights) else describe_value(weights)
    sds_abort(gettextf("'weights' must be a numeric vector with one weight per row of 'x' (%d), not %s",
                       n, given, domain = "R-sdsante"), call)
  }
  bad <- which(!is.finite(weights) | weights < 0)
  if (length(bad))
    sds_abort(gettextf("'weights' must be finite and non-negative; weight %d is %s",
                       bad[1L], format(weights[bad[1L]]), domain = "R-sdsante"), call)
  if (!any(weights > 0))
    sds_abort(gettext("'weights' must not all be zero", domain = "R-sdsante"), call)
  as.double(weights)
}

# Initial centres given as a matrix through `k`.
kmeans_start_centres <- function(centres, x, call) {
  if (is.data.frame(centres)) centres <- as.matrix(centres)
  if (!is.numeric(centres))
    sds_abort(gettextf("'k' must be a number of groups or a numeric matrix of initial centres, not %s",
                       describe_value(centres), domain = "R-sdsante"), call)
  if (ncol(centres) != ncol(x))
    sds_abort(gettextf("'k', a matrix of initial centres, must have one column per column of 'x' (%d), not %d",
                       ncol(x), ncol(centres), domain = "R-sdsante"), call)
  if (!is.null(colnames(centres)) && !is.null(colnames(x)) &&
      !identical(colnames(centres), colnames(x)))
    sds_abort(gettextf("'k', a matrix of initial centres, must have the columns of 'x' (%s) in the same order, not %s",
                       paste(colnames(x), collapse = ", "),
                       paste(colnames(centres), collapse = ", "), domain = "R-sdsante"), call)
  if (nrow(centres) < 1L || nrow(centres) > nrow(x))
    sds_abort(gettextf("'k', a matrix of initial centres, must have between 1 and nrow(x) (%d) rows, not %d",
                       nrow(x), nrow(centres), domain = "R-sdsante"), call)
  if (!all(is.finite(centres)))
    sds_abort(gettext("'k', a matrix of initial centres, must hold finite numbers",
                      domain = "R-sdsante"), call)
  repeated <- which(duplicated(centres))
  if (length(repeated)) {
    row <- centres[repeated[1L], ]
    first <- which(apply(centres, 1L, function(other) all(other == row)))[1L]
    sds_abort(gettextf("'k' holds duplicated initial centres (row %d repeats row %d): the centres must be distinct",
                       repeated[1L], first, domain = "R-sdsante"), call)
  }
  storage.mode(centres) <- "double"
  dimnames(centres) <- NULL
  centres
}

# The error when the data have fewer distinct rows than groups (found in C
# while choosing or re-seeding centres); counting them is only done here.
kmeans_too_few_distinct <- function(x, weights, k, call) {
  kept <- if (is.null(weights)) x else x[weights > 0, , drop = FALSE]
  distinct <- sum(!duplicated(kept))
  if (distinct == 1L)
    sds_abort(gettextf("'x' is constant (all its rows are equal): it cannot be split into %d groups",
                       k, domain = "R-sdsante"), call)
  if (is.null(weights))
    sds_abort(gettextf("'x' has %d distinct rows, fewer than the %d groups asked for by 'k'",
                       distinct, k, domain = "R-sdsante"), call)
  sds_abort(gettextf("'x' has %d distinct rows of positive weight, fewer than the %d groups asked for by 'k'",
                     distinct, k, domain = "R-sdsante"), call)
}

# New data laid out as the data of the fit: the fit's columns picked by name
# (other columns are ignored) or, without names, the same number of columns.
kmeans_newdata <- function(object, newdata, arg, call) {
  vars <- colnames(object$centers)
  d <- ncol(object$centers)
  if (is.numeric(newdata) && is.null(dim(newdata)) && length(newdata) == d) {
    newdata <- matrix(newdata, nrow = 1L, dimnames = list(NULL, vars))
  }
  if (!is.null(vars) && (is.data.frame(newdata) || is.matrix(newdata)) &&
      !is.null(colnames(newdata))) {
    missing_vars <- setdiff(vars, colnames(newdata))
    if (length(missing_vars))
      sds_abort(gettextf("'%s' must have the columns the groups were made with (%s); missing: %s",
                         arg, paste(vars, collapse = ", "), paste(missing_vars, collapse = ", "),
                         domain = "R-sdsante"), call)
    newdata <- if (is.data.frame(newdata)) newdata[vars] else newdata[, vars, drop = FALSE]
  }
  newdata <- as_numeric_matrix(newdata, arg, call, allow_empty = TRUE)
  if (ncol(newdata) != d)
    sds_abort(gettextf("'%s' must have %d columns, as the data the groups were made with, not %d",
                       arg, d, ncol(newdata), domain = "R-sdsante"), call)
  if (nrow(newdata) > 0L) kmeans_columns(newdata, arg, call)   # finiteness only
  newdata
}

# ---------------------------------------------------------------------------
# Methods

kmeans_algorithm_name <- function(algorithm) {
  switch(algorithm,
         "hamerly" = gettext("Hamerly's algorithm, exact Lloyd", domain = "R-sdsante"),
         "lloyd" = gettext("Lloyd's algorithm", domain = "R-sdsante"),
         "hartigan-wong" = gettext("Hartigan's exchange", domain = "R-sdsante"),
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

kmeans_start_name <- function(init) {
  switch(init,
         "kmeans++" = gettext("k-means++ start", domain = "R-sdsante"),
         "random" = gettext("random start", domain = "R-sdsante"),
         "given" = gettext("given centres", domain = "R-sdsante"),
         init)
}

#' @export
print.sdsante_kmeans <- function(x, digits = 3, ...) {
  k <- nrow(x$centers)
  cat(sprintf(ngettext(k, "k-means: %d group of %s rows (%s, %s)",
                       "k-means: %d groups of %s rows (%s, %s)", domain = "R-sdsante"),
              k, format(length(x$cluster)), kmeans_algorithm_name(x$algorithm),
              kmeans_start_name(x$init)), "\n", sep = "")
  cat(kmeans_convergence_text(x$converged, x$iter), "\n", sep = "")
  centres <- x$centers
  if (is.null(colnames(centres))) colnames(centres) <- paste0("x", seq_len(ncol(centres)))
  formatted <- centres
  formatted[] <- formatC(centres, digits = digits, format = "fg")
  groups <- data.frame(x$size, formatted, check.names = FALSE)
  names(groups)[1L] <- gettext("size", domain = "R-sdsante")
  rownames(groups) <- gettextf("Group %d", seq_len(k), domain = "R-sdsante")
  cat("\n")
  print(groups)
  if (x$totss > 0) {
    cat("\n", gettextf("Between-group sum of squares: %s%% of the total.",
                       format(round(100 * x$betweenss / x$totss, 1), nsmall = 1),
                       domain = "R-sdsante"), "\n", sep = "")
  } else {
    cat("\n", gettext("Total sum of squares: 0 (the rows do not vary).", domain = "R-sdsante"),
        "\n", sep = "")
  }
  if (!is.null(x$scaling))
    cat(gettext("Variables standardized; the centres are shown on the original scale.",
                domain = "R-sdsante"), "\n", sep = "")
  invisible(x)
}

#' Summary of a k-means fit
#'
#' The groups with their size, their within-group sum of squares and the
#' mean squared distance of their rows to the centre (weighted by the
#' weights of the fit, if any), and how much of the total sum of squares lies
#' between the groups.
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
#'   the standardized data).
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' summary(k_means(train[, c("d1", "d2")], k = 3, nstart = 10))
summary.sdsante_kmeans <- function(object, ...) {
  structure(list(
    groups = data.frame(group = seq_along(object$size), size = object$size,
                        withinss = object$withinss,
                        mean_sq_distance = object$withinss / object$weight_sums),
    centers = object$centers,
    totss = object$totss, tot.withinss = object$tot.withinss,
    betweenss = object$betweenss,
    between_share = if (object$totss > 0) object$betweenss / object$totss else NA_real_,
    iter = object$iter, converged = object$converged, algorithm = object$algorithm,
    init = object$init, standardized = !is.null(object$scaling)),
    class = "sdsante_kmeans_summary")
}

#' @rdname summary.sdsante_kmeans
#' @export
print.sdsante_kmeans_summary <- function(x, digits = 4, ...) {
  cat(sprintf(ngettext(nrow(x$groups), "k-means: %d group (%s, %s)",
                       "k-means: %d groups (%s, %s)", domain = "R-sdsante"),
              nrow(x$groups), kmeans_algorithm_name(x$algorithm), kmeans_start_name(x$init)),
      "\n\n", sep = "")
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
    cat(gettextf("Within groups: %s; between groups: %s (%s%% of the total)",
                 format(x$tot.withinss, digits = digits), format(x$betweenss, digits = digits),
                 format(round(100 * x$between_share, 1), nsmall = 1), domain = "R-sdsante"),
        "\n", sep = "")
  }
  cat(kmeans_convergence_text(x$converged, x$iter), "\n", sep = "")
  if (isTRUE(x$standardized))
    cat(gettext("Sums of squares of the standardized variables.", domain = "R-sdsante"),
        "\n", sep = "")
  invisible(x)
}

#' Assign new rows to the groups of a k-means fit
#'
#' Each row of `newdata` goes to the group whose centre is nearest (Euclidean
#' distance; the lowest-numbered group on a tie), computed in C: the lecture's
#' test step, where the 6 test paintings are assigned to the groups made from
#' the 15 training paintings.
#'
#' @param object A fit from [k_means()].
#' @param newdata New rows: a data frame or matrix with the columns the groups
#'   were made with (found by name when both have names; other columns are
#'   ignored), or a numeric vector holding one row. No missing values.
#'   Without `newdata`, the groups of the data of the fit.
#' @param type `"cluster"` for the group of each row, `"distances"` for the
#'   matrix of distances from each row (rows) to each centre (columns); with
#'   `standardize = TRUE`, distances between standardized values.
#' @param ... Not used.
#' @return For `"cluster"`, an integer vector of group numbers (named by the
#'   row names of `newdata`); for `"distances"`, a numeric matrix.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' test <- descripteurs[descripteurs$ensemble == "test", ]
#' set.seed(1)
#' fit <- k_means(train[, c("d1", "d2")], k = 3, nstart = 10)
#' data.frame(id = test$id, group = predict(fit, test), class = test$classe)
#' round(predict(fit, test, type = "distances"), 2)
predict.sdsante_kmeans <- function(object, newdata, type = c("cluster", "distances"), ...) {
  call <- sys.call()
  type <- check_choice(type, c("cluster", "distances"), "type", call, ignore_case = TRUE)
  if (missing(newdata)) {
    if (type == "cluster") return(object$cluster)
    sds_abort(gettext("'newdata' is needed for the distances to the centres",
                      domain = "R-sdsante"), call)
  }
  newdata <- kmeans_newdata(object, newdata, "newdata", call)
  kmeans_assign(object, newdata, type == "distances")
}

# Nearest centre (and distances) of the rows of a checked double matrix.
kmeans_assign <- function(object, newdata, distances = FALSE) {
  centres <- object$centers
  if (!is.null(object$scaling)) {
    newdata <- kmeans_standardize(newdata, object$scaling)
    centres <- object$scaling$centers
  }
  centres <- matrix(as.double(centres), nrow(centres))
  assigned <- .Call(C_sds_kmeans_predict, newdata, centres, distances)
  if (!distances) {
    cluster <- assigned$cluster
    names(cluster) <- rownames(newdata)
    return(cluster)
  }
  out <- assigned$distances
  dimnames(out) <- list(rownames(newdata), rownames(object$centers))
  out
}

#' Plot the groups of a k-means fit
#'
#' The lecture's picture. With two variables: the rows as points, with one
#' colour and one symbol per group (readable in black and white), the centres
#' as numbered squares, and the region of each centre (the points of the
#' plane nearest to it: its Voronoi cell) lightly shaded and outlined; new
#' rows, if given, are drawn as larger filled symbols with their labels. With
#' more than two variables, the rows are shown on their first two principal
#' components ([stats::prcomp()], of the standardized variables if the fit
#' standardized them), with the share of the variance each one explains in
#' the axis labels; the regions are then not drawn (they are regions of the
#' whole space, not of that plane). With one variable, the values along the
#' horizontal axis, one line per group.
#'
#' @param x A fit from [k_means()].
#' @param data The data the fit was made with (or any rows with the same
#'   columns, which are then assigned to the nearest centre).
#' @param newdata Optional new rows, drawn distinctly with their group from
#'   [predict()][predict.sdsante_kmeans].
#' @param labels Labels of the new rows; by default their row names.
#' @param main Title of the plot.
#' @param legend If `TRUE`, a legend in the right margin.
#' @param grid Number of grid steps along each axis used to shade the
#'   regions.
#' @param ... Further arguments passed to [graphics::plot.window()].
#' @return `x`, invisibly.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' test <- descripteurs[descripteurs$ensemble == "test", ]
#' set.seed(1)
#' fit <- k_means(train[, c("d1", "d2")], k = 3, nstart = 10)
#' plot(fit, train, newdata = test, labels = test$id)
#' # More than two variables: the first two principal components
#' paintings <- tableaux[, c("yeux", "visages", "cyan", "magenta", "jaune", "noir")]
#' set.seed(1)
#' plot(k_means(paintings, 3, nstart = 10, standardize = TRUE), paintings)
plot.sdsante_kmeans <- function(x, data, newdata = NULL, labels = NULL,
                                main = sprintf(ngettext(nrow(x$centers), "k-means: %d group",
                                                        "k-means: %d groups",
                                                        domain = "R-sdsante"),
                                               nrow(x$centers)),
                                legend = TRUE, grid = 200, ...) {
  call <- sys.call()
  if (missing(data))
    sds_abort(gettext("'data' is needed: the rows the groups were made with",
                      domain = "R-sdsante"), call)
  data <- kmeans_newdata(x, data, "data", call)
  if (!is.null(newdata)) {
    newdata <- kmeans_newdata(x, newdata, "newdata", call)
    if (is.null(labels))
      labels <- if (is.null(rownames(newdata))) seq_len(nrow(newdata)) else rownames(newdata)
    if (length(labels) != nrow(newdata))
      sds_abort(gettextf("'labels' must have one label per row of 'newdata' (%d), not %d",
                         nrow(newdata), length(labels), domain = "R-sdsante"), call)
  }
  legend <- check_flag(legend, "legend", call)
  grid <- check_whole(grid, "grid", call, 10, 2000)
  k <- nrow(x$centers)
  d <- ncol(x$centers)
  group <- kmeans_assign(x, data)
  new_group <- if (!is.null(newdata)) kmeans_assign(x, newdata)
  colours <- kmeans_colours(k)
  shape <- rep_len(c(1, 2, 0, 5, 6), k)          # open symbols of the rows
  filled <- rep_len(c(21, 24, 22, 23, 25), k)    # the same, filled, for new rows
  vars <- colnames(x$centers)
  if (is.null(vars)) vars <- paste0("x", seq_len(d))

  if (d == 1L) {
    xy <- cbind(data[, 1L], group)
    centres_xy <- cbind(x$centers[, 1L], seq_len(k))
    new_xy <- if (!is.null(newdata)) cbind(newdata[, 1L], new_group)
    xlab <- vars[1L]
    ylab <- gettext("Group", domain = "R-sdsante")
  } else if (d == 2L) {
    xy <- data
    centres_xy <- x$centers
    new_xy <- newdata
    xlab <- vars[1L]
    ylab <- vars[2L]
  } else {
    pca <- stats::prcomp(data, center = TRUE, scale. = !is.null(x$scaling))
    share <- 100 * pca$sdev^2 / sum(pca$sdev^2)
    xy <- pca$x[, 1:2, drop = FALSE]
    centres <- x$centers
    colnames(centres) <- colnames(data)
    centres_xy <- stats::predict(pca, centres)[, 1:2, drop = FALSE]
    new_xy <- if (!is.null(newdata)) stats::predict(pca, newdata)[, 1:2, drop = FALSE]
    xlab <- gettextf("First principal component (%s%% of the variance)",
                     format(round(share[1L], 1), nsmall = 1), domain = "R-sdsante")
    ylab <- gettextf("Second principal component (%s%% of the variance)",
                     format(round(share[2L], 1), nsmall = 1), domain = "R-sdsante")
  }
  all_xy <- rbind(xy, centres_xy, new_xy)
  xlim <- range(all_xy[, 1L])
  ylim <- if (d == 1L) c(0.5, k + 0.5) else range(all_xy[, 2L])
  if (!is.null(newdata) && d > 1L) ylim[2L] <- ylim[2L] + 0.06 * diff(ylim)  # room for labels
  # equal units on both axes when the distances are those of the plot
  asp <- if (d == 1L || (d == 2L && !is.null(x$scaling))) NA else 1

  old <- graphics::par(mar = c(5.1, 4.1, 4.1, if (legend) 9.5 else 2.1))
  on.exit(graphics::par(old))
  graphics::plot.new()
  graphics::plot.window(xlim, ylim, asp = asp, ...)
  usr <- graphics::par("usr")
  if (d <= 2L) {
    gx <- seq(usr[1L], usr[2L], length.out = grid)
    gy <- if (d == 2L) seq(usr[3L], usr[4L], length.out = grid) else usr[3:4]
    cells <- if (d == 2L) cbind(rep(gx, times = length(gy)), rep(gy, each = length(gx)))
             else matrix(gx, ncol = 1L)
    region <- matrix(kmeans_assign(x, cells), length(gx), length(gy))
    tints <- grDevices::adjustcolor(colours, alpha.f = 0.16)
    graphics::image(gx, gy, region, col = tints, breaks = seq(0.5, k + 0.5), add = TRUE)
    edges <- kmeans_voronoi_edges(x, usr, d)
    if (d == 2L && nrow(edges))
      graphics::segments(edges[, 1L], edges[, 2L], edges[, 3L], edges[, 4L],
                         col = "grey45", lwd = 1.2)
    if (d == 1L && nrow(edges)) graphics::abline(v = edges[, 1L], col = "grey45", lwd = 1.2)
  }
  graphics::box()
  graphics::axis(1)
  graphics::axis(2, at = if (d == 1L) seq_len(k) else NULL)
  graphics::title(main = main, xlab = xlab, ylab = ylab)
  graphics::points(xy[, 1L], xy[, 2L], pch = shape[group], col = colours[group], lwd = 1.5,
                   cex = 1.2)
  graphics::points(centres_xy[, 1L], centres_xy[, 2L], pch = 22, bg = "white", col = "black",
                   cex = 3, lwd = 1.5)
  graphics::text(centres_xy[, 1L], centres_xy[, 2L], labels = seq_len(k), font = 2, cex = 0.9)
  if (!is.null(newdata)) {
    graphics::points(new_xy[, 1L], new_xy[, 2L], pch = filled[new_group], col = "black",
                     bg = colours[new_group], cex = 2, lwd = 1.2)
    graphics::text(new_xy[, 1L], new_xy[, 2L], labels = labels, pos = 3, offset = 0.8,
                   cex = 0.85, font = 2, xpd = TRUE)
  }
  if (legend) {
    entries <- c(gettextf("Group %d (%d)", seq_len(k), x$size, domain = "R-sdsante"),
                 gettext("Centre", domain = "R-sdsante"))
    pch <- c(shape, 22)
    col <- c(colours, "black")
    bg <- c(rep(NA, k), "white")
    if (!is.null(newdata)) {
      entries <- c(entries, gettext("New row", domain = "R-sdsante"))
      pch <- c(pch, 21); col <- c(col, "black"); bg <- c(bg, "grey60")
    }
    graphics::legend(usr[2L] + 0.03 * diff(usr[1:2]), usr[4L], legend = entries,
                     pch = pch, col = col, pt.bg = bg, pt.lwd = 1.5, pt.cex = 1.3,
                     bty = "n", cex = 0.85, xpd = TRUE)
  }
  invisible(x)
}

# The edges of the Voronoi cells within the plotting region `usr`, for one or
# two variables: with two, a matrix of segments (x0, y0, x1, y1), each found
# as the part of the bisector of two centres where they are the two nearest;
# with one, the boundaries between neighbouring centres.  Computed in the
# space of the fit (standardized or not), drawn in that of the data.
kmeans_voronoi_edges <- function(fit, usr, d) {
  k <- nrow(fit$centers)
  if (k < 2L) return(matrix(numeric(0), 0L, 4L))
  scaled <- !is.null(fit$scaling)
  centres <- matrix(as.double(if (scaled) fit$scaling$centers else fit$centers), k)
  to_data <- function(p) if (scaled) sweep(sweep(p, 2L, fit$scaling$scale, "*"), 2L,
                                           fit$scaling$center, "+") else p
  to_fit <- function(p) if (scaled) sweep(sweep(p, 2L, fit$scaling$center, "-"), 2L,
                                          fit$scaling$scale, "/") else p
  if (d == 1L) {
    sorted <- sort(centres[, 1L])
    middles <- (sorted[-1L] + sorted[-k]) / 2
    return(cbind(to_data(matrix(middles, ncol = 1L)), 0, 0, 0))
  }
  box <- to_fit(rbind(usr[c(1L, 3L)], usr[c(2L, 4L)]))
  reach <- sqrt(sum((box[2L, ] - box[1L, ])^2))
  middle_of_box <- colMeans(box)
  steps <- seq(-reach, reach, length.out = 2001L)
  edges <- list()
  for (i in seq_len(k - 1L)) for (j in (i + 1L):k) {
    m <- (centres[i, ] + centres[j, ]) / 2
    v <- c(centres[i, 2L] - centres[j, 2L], centres[j, 1L] - centres[i, 1L])
    v <- v / sqrt(sum(v^2))
    s <- sum((middle_of_box - m) * v) + steps
    points_fit <- cbind(m[1L] + s * v[1L], m[2L] + s * v[2L])
    distances <- .Call(C_sds_kmeans_predict, points_fit, centres, TRUE)$distances
    pair <- pmax(distances[, i], distances[, j])
    others <- if (k > 2L) apply(distances[, -c(i, j), drop = FALSE], 1L, min) else Inf
    points_data <- to_data(points_fit)
    inside <- points_data[, 1L] >= usr[1L] & points_data[, 1L] <= usr[2L] &
      points_data[, 2L] >= usr[3L] & points_data[, 2L] <= usr[4L]
    on_edge <- which(inside & pair < others)
    if (length(on_edge))
      edges[[length(edges) + 1L]] <- c(points_data[min(on_edge), ], points_data[max(on_edge), ])
  }
  if (!length(edges)) return(matrix(numeric(0), 0L, 4L))
  do.call(rbind, edges)
}

# Distinct, fairly dark colours (the symbols tell the groups apart in black
# and white as well).
kmeans_colours <- function(k) {
  base <- c("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#F0E442")
  if (k <= length(base)) base[seq_len(k)] else grDevices::hcl.colors(k, "Dark 3")
}

#' Within-group sum of squares for several numbers of groups (elbow)
#'
#' Fits [k_means()] for each number of groups in `k` and keeps the total
#' within-group sum of squares. The smallest within-group sum of squares
#' that can be achieved decreases as `k` grows, but k-means only finds a
#' local optimum and can miss it (especially with `nstart = 1`), so the curve
#' may not always decrease: use several starts. The "elbow", where adding a
#' group stops helping much, suggests a number of groups. The data are
#' checked, converted and standardized once for all the fits. See also
#' [silhouette_score()].
#'
#' @param x The data, as for [k_means()].
#' @param k The numbers of groups to try (whole numbers between 1 and
#'   `nrow(x)`).
#' @param ... Further arguments passed to [k_means()] (for instance `nstart`,
#'   `algorithm` or `standardize`).
#' @return An object of class `sdsante_wss_curve`: a list with `k`,
#'   `tot.withinss`, `totss` and `between_share` (`1 - tot.withinss / totss`,
#'   the share of the total sum of squares explained by the groups; `NA` if
#'   `totss` is 0); `print()`, `plot()` and `as.data.frame()` methods.
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
  if (!is.numeric(k) || length(k) == 0L || !all(is.finite(k)) || any(k != round(k)) ||
      any(k < 1) || any(k > n) || anyDuplicated(k))
    sds_abort(gettextf("'k' must hold distinct whole numbers between 1 and nrow(x) (%d), not %s",
                       n, paste(format(k), collapse = ", "), domain = "R-sdsante"), call)
  k <- sort(as.integer(k))
  settings <- kmeans_settings(n, call, ...)
  data <- kmeans_prepare(x, settings, call)
  wss <- vapply(k, function(kk) sum(kmeans_best(data, kk, NULL, settings, call)$withinss), 0)
  totss <- data$totss
  share <- if (totss > 0) 1 - wss / totss else rep(NA_real_, length(wss))
  structure(list(k = k, tot.withinss = wss, totss = totss, between_share = share),
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
  table <- data.frame(x$k, formatC(x$tot.withinss, digits = digits, format = "fg"),
                      format(round(100 * x$between_share, 1), nsmall = 1))
  names(table) <- c("k", gettext("within SS", domain = "R-sdsante"),
                    gettext("% explained", domain = "R-sdsante"))
  print(table, row.names = FALSE)
  invisible(x)
}

#' Plot the elbow curve
#'
#' @param x A curve from [wss_curve()].
#' @param main,xlab,ylab Title and axis labels.
#' @param ... Further arguments passed to [graphics::plot()].
#' @return `x`, invisibly.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' plot(wss_curve(train[, c("d1", "d2")], k = 1:8, nstart = 10))
plot.sdsante_wss_curve <- function(x, main = gettext("Elbow curve", domain = "R-sdsante"),
                                   xlab = gettext("Number of groups k", domain = "R-sdsante"),
                                   ylab = gettext("Within-group sum of squares",
                                                  domain = "R-sdsante"), ...) {
  graphics::plot(x$k, x$tot.withinss, type = "b", pch = 19, main = main, xlab = xlab,
                 ylab = ylab, xaxt = "n", ylim = c(0, max(x$tot.withinss)), ...)
  graphics::axis(1, at = x$k)
  invisible(x)
}
