# k-means: starts, fits and nearest-centre assignment in C (src/kmeans*.c);
# the checks, the internal scaling and the object here; predict() in
# kmeans_predict.R, print-outs in kmeans_print.R, pictures in kmeans_plot.R,
# the elbow curve in kmeans_wss.R, the checks of k-means' own arguments in
# kmeans_checks.R.

#' k-means clustering
#'
#' Puts the rows of `x` into `k` groups so that each row is close to the
#' centre (the average) of its group. This is the lecture's unsupervised
#' example: the paintings are grouped without looking at their class, then
#' new paintings are put in the nearest group with
#' [predict()][predict.sdsante_kmeans].
#'
#' "Close" is measured by the *within-group sum of squares*: the sum, over
#' the groups, of the squared (Euclidean) distances between the rows and
#' their centre, which the algorithm makes as small as it can.
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
#' `iter` counts the passes over the data. For `"hartigan-wong"` it includes
#' the final exchange pass (at least one, the pass that finds no more move),
#' so from the same centres it is one more than the `iter` of
#' `stats::kmeans(algorithm = "Hartigan-Wong")` when both end with the same
#' groups (more when the exchange still improves them); for the other
#' algorithms it is the number of iterations `stats::kmeans()` counts.
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
#' @section Scale:
#' The groups do not depend on the scale of the data or of the weights: data
#' whose largest value is beyond \eqn{2^{256}}{2^256} (about 1e77) or below
#' \eqn{2^{-256}}{2^-256} are divided inside by a power of two that brings it near 1
#' (with `standardize = TRUE`, each such column by its own), and the weights
#' by a power of two that brings the largest near 1 (weights count only
#' relative to each other; a weight below \eqn{2^{-1074}}{2^-1074} times the largest
#' counts as 0). Dividing by a power of two is exact, so `x * 2^500` gives
#' bit for bit the groups of `x`, and centres `2^500` times as large. The
#' centres and sums are given back in the units of the data. When sums of
#' squares (or of weights) cannot be written there, because they are beyond
#' the largest number R holds (about 1.8e308, e.g. for data near 1e200) or
#' below the smallest normal one, they are given on the internal scale
#' instead and `log2_unit` says by which power of two to multiply them:
#' `log2_unit[["ss"]]` for `totss`, `withinss`, `tot.withinss` and
#' `betweenss`, `log2_unit[["weights"]]` for `weight_sums`; print-outs say
#' so. Shares such as `betweenss / totss` are right either way.
#'
#' @section Kinds of input:
#' The columns of `x` are numbers: 64-bit integers (`bit64::integer64`) are
#' converted to doubles when they are exact (below \eqn{2^{53}}{2^53}), otherwise
#' refused; dates, times and durations (`Date`, `POSIXct`, `difftime`) are
#' refused (a duration has no unit until you choose one, e.g.
#' `as.numeric(x, units = "days")`); text columns that hold numbers written
#' with a decimal comma ("0,26", from a French CSV file read with
#' `read.csv()`) are an error that suggests `read.csv2()` or
#' `read.csv(dec = ",")`. Text (the choices `init`, `algorithm`, ...) must be
#' valid UTF-8: Latin-1 text is translated, text from a Latin-1 file read as
#' UTF-8 is an error that suggests `read.csv(fileEncoding = "latin1")`.
#' Every function of the package reads numbers and text this way.
#'
#' @section Columns and identifiers:
#' A column that identifies the rows rather than describes them is an error
#' that names it and asks to leave it out: a column named `id`, `ID`,
#' `identifiant`, `patient_id`, ..., the row numbers that `write.csv()` adds
#' (`X`), or a text column of distinct codes; the rule is that of
#' [learn_rules()]'s `~ .` (text that holds plain numbers gets the
#' `as.numeric()` advice instead). This holds for every function that reads a
#' frame of descriptors: [wss_curve()], [silhouette_score()], and the new rows
#' of [predict()][predict.sdsante_kmeans] and [plot()][plot.sdsante_kmeans]
#' (where the fit's columns are first picked by name).
#'
#' Without `standardize = TRUE`, a column whose values spread far more than
#' those of another (a standard deviation at least 3 times as large, and
#' within the groups at least twice as large) can make
#' the groups almost alone: when it makes at least 90% of the between-group
#' sum of squares, `k_means()` warns, naming it and suggesting
#' `standardize = TRUE`, and `print()` says it under the flattering share of
#' the between-group sum of squares. Columns in the same units that spread
#' alike, like the lecture's `d1` and `d2`, stay quiet.
#'
#' @section Speed:
#' The data are not copied when `x` is a double matrix (a data frame or an
#' integer matrix is converted once); the fit needs 4 bytes per row besides
#' (the groups the sums were last computed for), and Hamerly's algorithm 8
#' more (its two bounds, in single precision, rounded outwards). With many
#' groups and columns (`k >= 16`, `k * ncol(x) >= 256`) and a processor with
#' AVX2 and FMA, approximate distances in single precision, with a bound on
#' their error, rule out the centres that cannot be among a row's two
#' nearest; the others get the exact distances, so the result does not
#' change. With `threads > 1`, the assignment of the rows to their centres
#' and the sums run on several cores (OpenMP); the result is **the same
#' whatever the number of threads**. Use no more threads than free cores.
#' Long runs can be interrupted.
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
#'   variance of the data; see *Algorithms*): a number >= 0. The default 0
#'   stops when no row changes group; a huge value stops after the first
#'   iteration.
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
#' @param centers An alias of `k`, the name [stats::kmeans()] gives it, so
#'   that `k_means(x, centers = 3)` works too. Give one or the other.
#' @return An object of class `c("sdsante_kmeans", "kmeans")`: a list with
#'   the fields of [stats::kmeans()]: `cluster` (the group of each row; with
#'   `standardize = TRUE`, of class `sdsante_groups`, which carries the
#'   standardization so that `silhouette_score(x, fit$cluster)` measures the
#'   distances the fit used, and prints, counts and compares as plain numbers),
#'   `centers` (one row per group), `totss` (total sum of squares),
#'   `withinss` (within-group sum of squares of each group), `tot.withinss`
#'   (their sum), `betweenss` (`totss - tot.withinss`), `size` (number of rows
#'   in each group), `iter` (number of iterations), `ifault` (0, or 2 when the
#'   fit did not converge); and `converged`, `algorithm`, `init` (the start:
#'   `"kmeans++"`, `"random"` or `"given"`), `weighted`, `weight_sums` (the
#'   sum of the weights of the rows of each group; without weights, the
#'   sizes as numbers), `scaling` (the centres and scales of
#'   `standardize = TRUE`, otherwise `NULL`), `log2_unit` (see *Scale*:
#'   `c(ss = 0, weights = 0)` unless sums had to be kept on an internal scale)
#'   and `plot_data` (the rows [plot()][plot.sdsante_kmeans] draws: all the
#'   rows of `x` when they hold at most 200,000 values, otherwise every m-th
#'   row up to that many values, with their numbers in `rows`; `NULL` when a
#'   single row is wider), and `dominant` (`NULL`, or the column that makes
#'   the groups almost alone, see *Columns and identifiers*). Methods: `print()`, `summary()`,
#'   [predict()][predict.sdsante_kmeans], [plot()][plot.sdsante_kmeans] and
#'   `fitted()`. Printing translates the labels in a French session; the
#'   names of the fields do not change.
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
                    trace = FALSE, centers = NULL) {
  call <- sys.call()
  x <- as_numeric_matrix(x, "x", call)
  n <- nrow(x)
  if (!is.null(centers)) {   # the name stats::kmeans() gives to k
    if (!missing(k))
      sds_abort(gettext("give the number of groups (or the initial centres) once, as 'k' or as its alias 'centers', not both",
                        domain = "R-sdsante"), call)
    k <- centers
  }
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
  if (given) start <- kmeans_to_fit_scale(start, data)
  best <- kmeans_best(data, k, start, settings, call)
  fit <- kmeans_object(best, data, k, if (given) "given" else settings$init, settings)
  fit$plot_data <- kmeans_plot_rows(x)
  fit$cluster <- kmeans_mark_groups(fit$cluster, fit$scaling)
  fit$dominant <- kmeans_dominant_column(best, data, settings)
  if (!is.null(fit$dominant)) {
    fit$dominant$exponent <- data$exponent
    warn_dominant_column(fit$dominant, data$exponent, call)
  }
  fit
}

# The rows plot() draws without data: all of them up to 200,000 values
# (the user's double matrix is then shared, not copied), otherwise every
# m-th row up to that many values; NULL when even one row is wider.
kmeans_plot_rows <- function(x, budget = 2e5) {
  n <- nrow(x)
  keep <- min(n, floor(budget / ncol(x)))
  if (keep < 1) return(NULL)
  if (keep == n) return(list(x = x, rows = NULL))
  rows <- unique(round(seq(1, n, length.out = keep)))
  list(x = x[rows, , drop = FALSE], rows = rows)
}

# ---------------------------------------------------------------------------
# The steps of k_means(), shared with wss_curve(): the settings checked, the
# data prepared once (finiteness, total sum of squares, standardization),
# the best of the fits from `nstart` starts, and the object.

# The algorithms and their codes, defined once in C (KMEANS_ALGORITHMS in
# src/kmeans.h), the first the default: c(hamerly = 1L, lloyd = 2L, ...).
# The usage of k_means() lists them too, for its help page (a test checks
# that it lists these).
kmeans_algorithms <- function() .Call(C_sds_kmeans_algorithms)

# The checked settings of k_means(); the defaults are those of k_means() (a
# test checks it).
kmeans_settings <- function(n, call, nstart = 1, iter_max = 100, init = c("kmeans++", "random"),
                            algorithm = names(kmeans_algorithms()),
                            tol = 0, weights = NULL, standardize = FALSE, threads = 1,
                            trace = FALSE) {
  nstart <- check_whole(nstart, "nstart", call, 1)
  iter_max <- check_whole(iter_max, "iter_max", call, 1)
  init <- check_choice(init, c("kmeans++", "random"), "init", call, ignore_case = TRUE)
  algorithm <- check_choice(algorithm, names(kmeans_algorithms()), "algorithm", call,
                            ignore_case = TRUE)
  tol <- check_nonnegative(tol, "tol", call)
  weights <- kmeans_weights(weights, n, call)
  weight_exponent <- if (is.null(weights)) 0L else attr(weights, "exponent")
  weight_underflow <- if (is.null(weights)) 0L else attr(weights, "underflow")
  if (!is.null(weights)) attributes(weights) <- NULL
  standardize <- check_flag(standardize, "standardize", call)
  threads <- check_whole(threads, "threads", call, 1, 1024)
  trace <- check_flag(trace, "trace", call)
  list(nstart = nstart, iter_max = iter_max, init = init, algorithm = algorithm,
       tol = tol, weights = weights, weight_exponent = weight_exponent,
       weight_underflow = weight_underflow,
       standardize = standardize, threads = threads, trace = trace, call = call)
}

# The data as the fits use them: `x` (scaled, and standardized if asked),
# `users` (the user's data, for messages), `names` (their dimnames), `totss`
# (on the internal scale), `scaling` (or NULL), `exponent` and `tol_abs` (the
# tolerance on the squared moves of the centres).
#
# Scale: data whose largest value is extreme (beyond 2^256 or below 2^-256,
# e.g. 1e300 or 1e-300) are divided by a power of two, 2^exponent, that
# brings it near 1; with `standardize`, each such column by its own power of
# two (standardization does not depend on the scale of a column).  This is
# exact, so the groups are bit for bit those of the same data at an ordinary
# scale; centres and sums are scaled back in kmeans_object().
kmeans_prepare <- function(x, settings, call) {
  # finite values only, and the largest absolute value of each column
  largest <- scan_columns(x, "x", call, threads = settings$threads)$largest
  users <- x   # (not a copy) rows are counted as distinct on the user's scale
  names <- dimnames(x)
  d <- ncol(x)
  weights <- settings$weights
  scaling <- NULL
  exponent <- 0L
  if (settings$standardize) {
    exponents <- vapply(largest, pow2_exponent, 0L)
    if (any(exponents != 0L)) {
      x <- kmeans_divide_columns(x, exponents)
      dimnames(x) <- names
    }
    moments <- scan_columns(x, "x", call, weights, sum_of_squares = TRUE, moments = TRUE,
                            threads = settings$threads)
    scale <- sqrt(moments$variance)
    # NA: a single row.  A constant column is found by its values, not by its
    # computed variance, whose rounding may leave 1e-17 for 0.1 repeated: the
    # rounding noise would then be blown up into the largest variable.
    constant <- which(is.na(scale) | !(scale > 0) | kmeans_constant_columns(x, weights))
    if (length(constant))
      sds_abort(gettextf("'standardize = TRUE' divides each column by its standard deviation, and column %s of 'x' is constant",
                         matrix_column_name(x, constant[1L]), domain = "R-sdsante"), call)
    scaling <- list(center = stats::setNames(times_pow2(moments$mean, exponents), colnames(x)),
                    scale = stats::setNames(times_pow2(scale, exponents), colnames(x)),
                    exponent = exponents)
    if (!all(is.finite(scaling$scale)))
      sds_abort(gettextf("'standardize = TRUE' divides each column by its standard deviation, and that of column %s of 'x' is larger than the largest number R can hold (about 1.8e308)",
                         matrix_column_name(x, which(!is.finite(scaling$scale))[1L]),
                         domain = "R-sdsante"), call)
    x <- kmeans_standardize(x, list(center = moments$mean, scale = scale))
    totss <- scan_columns(x, "x", call, weights, sum_of_squares = TRUE,
                          threads = settings$threads)$totss
    tol_abs <- settings$tol
  } else {
    exponent <- pow2_exponent(if (length(largest)) max(largest) else 0)
    if (exponent != 0L) x <- times_pow2(x, -exponent)
    # the variance of each column: for `tol`, and to tell when one column
    # makes the groups alone (dominant_column())
    moments <- scan_columns(x, "x", call, weights, sum_of_squares = TRUE, moments = TRUE,
                            threads = settings$threads)
    totss <- moments$totss
    variance <- if (settings$tol > 0 && nrow(x) > 1L) mean(moments$variance) else 0
    tol_abs <- settings$tol * variance
    column_variance <- moments$variance
  }
  # A huge 'tol' means "stop after the first iteration"; C needs it finite.
  tol_abs <- min(tol_abs, .Machine$double.xmax)
  list(x = x, users = users, names = names, totss = totss, scaling = scaling,
       exponent = exponent, tol_abs = tol_abs,
       column_variance = if (is.null(scaling)) column_variance)
}

# The column that makes the groups of a fit (on the internal scale) almost
# alone, or NULL; never for standardized data.
kmeans_dominant_column <- function(best, data, settings) {
  if (is.null(data$column_variance)) return(NULL)
  weighted <- !is.null(settings$weights)
  dominant_column(best$centers, if (weighted) best$weight else best$size,
                  data$column_variance, data$names[[2L]],
                  n = if (!weighted) nrow(data$x))
}

# x / 2^exponents, column by column (exact).
kmeans_divide_columns <- function(x, exponents) {
  kmeans_standardize(x, list(center = rep(0, ncol(x)), scale = 2^exponents))
}

# Rows (or centres) of the user's data on the scale of the fit: divided by
# 2^exponent, or standardized as the fit standardized its data.
kmeans_to_fit_scale <- function(x, data) {
  if (!is.null(data$scaling)) return(kmeans_to_standard(x, data$scaling))
  if (data$exponent != 0L) times_pow2(x, -data$exponent) else x
}

# (x - center) / scale, column by column; columns of extreme scale are first
# divided by their power of two, so that nothing overflows on the way.
kmeans_to_standard <- function(x, scaling) {
  e <- scaling$exponent
  if (is.null(e) || all(e == 0L)) return(kmeans_standardize(x, scaling))
  kmeans_standardize(kmeans_divide_columns(x, e),
                     list(center = times_pow2(scaling$center, -e),
                          scale = times_pow2(scaling$scale, -e)))
}

# The best (smallest within-group sum of squares) of the fits from `nstart`
# starts, or from the given centres `start` (on the scale of data$x); warns
# if it did not converge.
kmeans_best <- function(data, k, start, settings, call) {
  x <- data$x
  weights <- settings$weights
  code <- kmeans_algorithms()[[settings$algorithm]]
  given <- !is.null(start)
  best <- NULL
  for (s in seq_len(settings$nstart)) {
    if (!given) {
      drawn <- .Call(C_sds_kmeans_start, x, k, weights, settings$init == "kmeans++",
                     settings$threads)
      if (drawn$status != 0L)
        kmeans_too_few_distinct(data$users, weights, k, call, settings$weight_underflow)
      start <- drawn$centers
    }
    fit <- .Call(C_sds_kmeans_fit, x, start, weights, code, settings$iter_max,
                 data$tol_abs, settings$threads, settings$trace)
    if (fit$status != 0L)
      kmeans_too_few_distinct(data$users, weights, k, call, settings$weight_underflow)
    if (is.null(best) || sum(fit$withinss) < sum(best$withinss)) best <- fit
  }
  if (!best$converged)
    warning(simpleWarning(sprintf(ngettext(settings$iter_max,
                                           "k-means did not converge in %d iteration; increase 'iter_max' (or set 'tol')",
                                           "k-means did not converge in %d iterations; increase 'iter_max' (or set 'tol')",
                                           domain = "R-sdsante"), settings$iter_max), call))
  best
}

# The sdsante_kmeans object of the best fit: centres and sums back on the
# scale of the user's data.  Sums that would overflow there (data near
# 1e300, weights near 1e308) are kept on the internal scale, and `log2_unit`
# says by which power of two to multiply them (0: none).
kmeans_object <- function(best, data, k, init, settings) {
  scaling <- data$scaling
  centers <- kmeans_centres_from_fit_scale(best$centers, data)
  if (!all(is.finite(centers)))
    sds_abort(gettext("a centre of the groups is larger than the largest number R can hold (about 1.8e308)",
                      domain = "R-sdsante"), settings$call)
  if (!is.null(scaling)) scaling$centers <- best$centers
  dimnames(centers) <- list(seq_len(k), data$names[[2L]])
  cluster <- best$cluster
  # (names(cluster) <- NULL would still copy the labels)
  if (!is.null(data$names[[1L]])) names(cluster) <- data$names[[1L]]
  tot_withinss <- sum(best$withinss)
  ss <- sums_in_user_units(c(data$totss, tot_withinss, data$totss - tot_withinss,
                             best$withinss), 2L * data$exponent + settings$weight_exponent)
  weight_sums <- sums_in_user_units(best$weight, settings$weight_exponent)
  log2_unit <- c(ss = ss$log2_unit, weights = weight_sums$log2_unit)
  structure(list(cluster = cluster, centers = centers, totss = ss$values[1L],
                 withinss = ss$values[3L + seq_len(k)], tot.withinss = ss$values[2L],
                 betweenss = ss$values[3L], size = best$size,
                 iter = best$iter, ifault = if (best$converged) 0L else 2L,
                 converged = best$converged, algorithm = settings$algorithm,
                 init = init, weighted = !is.null(settings$weights),
                 weight_sums = weight_sums$values, scaling = scaling, log2_unit = log2_unit),
            class = c("sdsante_kmeans", "kmeans"))
}

# Centres found on the scale of the fit, on the scale of the user's data.
kmeans_centres_from_fit_scale <- function(centres, data) {
  scaling <- data$scaling
  if (is.null(scaling)) return(times_pow2(centres, data$exponent))
  k <- nrow(centres)
  e <- if (is.null(scaling$exponent)) rep(0L, ncol(centres)) else scaling$exponent
  # in each column's own power of two, then back (nothing overflows on the way)
  inner <- centres * rep(times_pow2(scaling$scale, -e), each = k) +
    rep(times_pow2(scaling$center, -e), each = k)
  for (j in which(e != 0L)) inner[, j] <- times_pow2(inner[, j], e[j])
  inner
}
