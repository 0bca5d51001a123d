# Mean silhouette width of a partition, the widths computed in C
# (src/silhouette.c) without storing the n x n distances.

#' Mean silhouette width of a partition
#'
#' How well each row sits in its group, averaged over the rows: a number
#' between -1 and 1, high when the groups are tight and well apart. Compare it
#' across numbers of groups to choose `k` (the largest is best).
#'
#' With \eqn{a(i)} the mean distance
#' from row i to the other rows of its group and \eqn{b(i)} the smallest mean
#' distance to the rows of another group, the silhouette width is
#' \eqn{s(i) = (b(i) - a(i)) / max(a(i), b(i))}, between -1 and 1 (0 for a
#' row alone in its group). Euclidean distances; the values equal those of
#' `cluster::silhouette()`. The widths do not depend on the scale of the
#' data: data near 1e300 or 1e-300 are divided inside by a power of two
#' (exact) and give the same value.
#'
#' With a fit from [k_means()] made with `standardize = TRUE`, or its groups
#' `fit$cluster` (which carry the fit's standardization), the distances
#' are those the fit used: between the rows of `x` standardized as the fit
#' standardized its data (its columns found by name, as for
#' [predict()][predict.sdsante_kmeans]). The weights of a weighted fit are
#' ignored: every row counts once. Columns already standardized (means 0,
#' standard deviations 1, as [scale()] makes them) are taken as they are.
#' Groups given as a plain vector, on columns
#' so different in scale that one of them makes the groups almost alone (see
#' *Scale* in [k_means()]), give a warning: the distances are then those of
#' `x` as given, which may not be those the groups were made with.
#'
#' @section Large data:
#' The exact computation takes time proportional to \eqn{n^2} (but no
#' \eqn{n \times n} matrix is stored). For large `n`, `sample_size` computes
#' the mean silhouette of a random sample of that many rows (with the
#' distances between the rows of the sample only, as scikit-learn's
#' `silhouette_score(sample_size = )`): an estimate whose precision grows
#' with the sample (a few thousand rows are usually enough). It draws from
#' R's random number generator (use [set.seed()]).
#'
#' @param x The data, a numeric matrix or data frame, as for [k_means()].
#' @param cluster The group of each row: a vector of group labels (numbers,
#'   strings or a factor) of length `nrow(x)`, or a k-means fit (from
#'   [k_means()] or [stats::kmeans()]) of `x`, whose groups are taken.
#' @param sample_size `NULL` for the exact value, or a number of rows to
#'   sample (see *Large data*).
#' @param threads The number of threads (cores) to use; the result does not
#'   depend on it.
#' @return The mean silhouette width, a number between -1 and 1.
#' @seealso [wss_curve()] for the elbow curve, [k_means()].
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
#' set.seed(1)
#' sapply(2:6, function(k) silhouette_score(train, k_means(train, k, nstart = 10)))
silhouette_score <- function(x, cluster, sample_size = NULL, threads = 1) {
  call <- sys.call()
  fit <- NULL
  if (inherits(cluster, "kmeans")) {
    fit <- cluster
    cluster <- fit$cluster
  }
  # the standardization of a fit, or the one its groups carry (fit$cluster)
  scaling <- if (inherits(fit, "sdsante_kmeans")) fit$scaling else kmeans_groups_scaling(cluster)
  cluster <- kmeans_unmark_groups(cluster)
  standardized <- !is.null(scaling)
  # a standardized fit reads its own columns of x (found by name), as predict()
  x <- if (standardized) kmeans_newdata(kmeans_scaling_layout(scaling), x, "x", call) else
    as_numeric_matrix(x, "x", call)
  n <- nrow(x)
  if (inherits(cluster, "integer64")) cluster <- check_numeric_input(cluster, "cluster", call)
  if (!(is.atomic(cluster) || is.factor(cluster)) || !is.null(dim(cluster)) ||
      length(cluster) != n) {
    given <- if (is.atomic(cluster) && is.null(dim(cluster))) describe_length(cluster) else
      describe_value(cluster)
    sds_abort(gettextf("'cluster' must be a k-means fit or a vector with one group per row of 'x' (%d), not %s",
                       n, given, domain = "R-sdsante"), call)
  }
  # A factor built by hand with duplicated levels gave NaN: refused as everywhere.
  if (is.factor(cluster)) as_classes(cluster, "cluster", call)
  if (anyNA(cluster))
    sds_abort(gettextf("'cluster' must not hold missing values (first at position %d)",
                       which(is.na(cluster))[1L], domain = "R-sdsante"), call)
  threads <- check_whole(threads, "threads", call, 1, 1024)
  if (standardized && !already_standard(x)) {
    # the distances of the fit: its columns, standardized (checked finite)
    x <- kmeans_to_standard(x, scaling)
  } else {
    scan_columns(x, "x", call)   # finiteness only
  }
  x <- silhouette_scale(x)
  # groups given without their fit, on columns where one makes them alone:
  # the raw distances may not be those the groups were made with
  if (is.null(fit) && !standardized) silhouette_dominant_warning(x, cluster, call)
  sampled <- FALSE
  if (!is.null(sample_size)) {
    sample_size <- check_whole(sample_size, "sample_size", call, 2, n,
                                gettextf("nrow(x) (%d)", n, domain = "R-sdsante"))
    if (sample_size < n) {
      rows <- sort(sample.int(n, sample_size))
      x <- x[rows, , drop = FALSE]
      cluster <- cluster[rows]
      n <- sample_size
      sampled <- TRUE
    }
  }
  groups <- unique(cluster)
  if (length(groups) < 2L || length(groups) >= n) {
    if (sampled)
      sds_abort(gettextf("a silhouette needs at least 2 groups and fewer groups than rows; the sample of %d rows has %d groups (increase 'sample_size')",
                         n, length(groups), domain = "R-sdsante"), call)
    sds_abort(gettextf("a silhouette needs at least 2 groups and fewer groups than rows (%d); 'cluster' has %d",
                       n, length(groups), domain = "R-sdsante"), call)
  }
  mean(silhouette_widths(x, cluster, threads, groups))
}

# Columns already standardized (means 0, standard deviations 1, as scale()
# makes them): standardizing them again as the fit did would be wrong, and
# for the rows of the fit they are exactly the data of the fit.
already_standard <- function(x) {
  if (nrow(x) < 2L || !all(is.finite(x))) return(FALSE)
  all(abs(colMeans(x)) < 1e-8) && all(abs(apply(x, 2L, stats::sd) - 1) < 1e-8)
}

# A layout of the columns a standardization applies to, as kmeans_newdata()
# reads it from a fit (their names, or their number).
kmeans_scaling_layout <- function(scaling) {
  d <- length(scaling$center)
  list(centers = matrix(0, 1L, d, dimnames = list(NULL, names(scaling$center))))
}

silhouette_dominant_warning <- function(x, cluster, call) {
  groups <- match(cluster, unique(cluster))
  counts <- tabulate(groups)
  if (length(counts) < 2L || nrow(x) < 2L) return(invisible())
  centres <- rowsum(x, groups, reorder = TRUE) / counts
  variance <- apply(x, 2L, stats::var)
  dominant <- dominant_column(centres, counts, variance, colnames(x), n = nrow(x))
  if (is.null(dominant)) return(invisible())
  warning(warningCondition(gettextf("the silhouette uses the distances of 'x' as given, where %s; if these groups come from k_means(standardize = TRUE), pass the fit itself, silhouette_score(x, fit), or its $cluster unchanged",
                                    dominant_column_text(dominant), domain = "R-sdsante"),
                           class = "sdsante_dominant_column", call = call))
}

# The widths do not depend on the scale of the data: extreme data (near
# 1e300 or 1e-300) are divided by a power of two (exact), so that their
# squared distances neither overflow nor underflow.  Distances do not depend
# on where the data lie either: a column whose spread is tiny beside the
# largest value (a constant 1e300 beside a column near 1e-300, whose
# differences would vanish once divided) is first moved to the middle of
# its range; at ordinary scales nothing is moved, so the values stay those
# of cluster::silhouette() to the last bit.
silhouette_scale <- function(x) {
  largest <- largest_abs(x)
  if (pow2_exponent(largest) == 0L) return(x)
  low <- apply(x, 2L, min)
  high <- apply(x, 2L, max)
  spread <- high / 2 - low / 2   # (high - low) / 2 could overflow
  if (any(spread > 0 & spread < 2^-400 * largest))
    x <- sweep(x, 2L, low / 2 + high / 2)
  exponent <- pow2_exponent(largest_abs(x))
  if (exponent != 0L) x <- times_pow2(x, -exponent)
  x
}

# The width of every row of a checked double matrix (for silhouette_score(),
# tests and plots); the checks are left to the caller.
silhouette_widths <- function(x, cluster, threads = 1L, groups = unique(cluster)) {
  .Call(C_sds_silhouette_widths, x, match(cluster, groups), length(groups), as.integer(threads))
}
