# k-means: assigning new rows to the nearest centre, at every scale (the
# nearest-centre search itself is in C, src/kmeans*.c).

#' Assign new rows to the groups of a k-means fit
#'
#' Each row of `newdata` goes to the group whose centre is nearest (the
#' ordinary straight-line distance; the lowest-numbered group on a tie). This
#' is the lecture's test step, where the 6 test paintings are put in the
#' groups made from the 15 training paintings.
#'
#' The rows and the centres are brought to a common scale first (see *Scale*
#' in [k_means()]), so that rows with values near 1e300 or 1e-300 still go to
#' the nearest centre; a distance larger than the largest number R holds
#' (about 1.8e308) is `Inf`. The columns are read as in [k_means()] (see
#' *Kinds of input* there).
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
    # db_k_means() leaves the groups of the rows in the database
    if (type == "cluster" && is.null(object$cluster))
      sds_abort(gettextf("the groups of the rows of table %s are in the database: db_predict(fit, con, table) gives them",
                         object$table, domain = "R-sdsante"), call)
    if (type == "cluster") return(object$cluster)
    sds_abort(gettext("'newdata' is needed for the distances to the centres",
                      domain = "R-sdsante"), call)
  }
  newdata <- kmeans_newdata(object, newdata, "newdata", call)
  if (type == "distances") return(kmeans_assign(object, newdata, TRUE))
  # the groups of a standardized fit carry its standardization, as $cluster
  kmeans_mark_groups(kmeans_assign(object, newdata), object$scaling)
}

# Nearest centre (and distances) of the rows of a checked double matrix.
# Rows and centres are first brought to the scale of the fit (standardized,
# or divided by the power of two that brings the centres near 1), so that
# data near 1e300 or 1e-300 neither overflow nor underflow; rows far beyond
# the centres (whose squared distances would still overflow) are assigned
# by kmeans_far_rows().
kmeans_assign <- function(object, newdata, distances = FALSE) {
  scale <- kmeans_comparison_scale(object)
  centres <- scale$centres
  exponent <- scale$exponent
  if (!is.null(object$scaling)) newdata <- kmeans_to_standard(newdata, object$scaling)
  else if (exponent != 0L) newdata <- times_pow2(newdata, -exponent)
  assigned <- .Call(C_sds_kmeans_predict, newdata, centres, distances)
  far <- kmeans_far_rows(newdata)
  if (length(far)) {
    fixed <- kmeans_assign_far(newdata[far, , drop = FALSE], centres, distances)
    assigned$cluster[far] <- fixed$cluster
    if (distances) assigned$distances[far, ] <- fixed$distances
  }
  if (!distances) {
    cluster <- assigned$cluster
    names(cluster) <- rownames(newdata)
    return(cluster)
  }
  out <- times_pow2(assigned$distances, exponent)
  dimnames(out) <- list(rownames(newdata), rownames(object$centers))
  out
}

# The scale on which predict() and the SQL of as_sql() compare rows with the
# centres, the one rule both follow (otherwise the database would give other
# groups than predict()): with `standardize = TRUE`, that of the fit (rows
# standardized as its data were); otherwise the data's, unless the centres
# are extreme (largest beyond 2^256 or below 2^-256, see pow2_exponent()),
# when centres and rows are divided by the power of two 2^exponent that
# brings the centres near 1, so that squared distances neither overflow
# (every centre at Inf) nor underflow (all at 0).  Returns the centres on
# that scale (a plain double matrix) and `exponent` (0 when standardized).
kmeans_comparison_scale <- function(object) {
  k <- nrow(object$centers)
  if (!is.null(object$scaling))
    return(list(centres = matrix(as.double(object$scaling$centers), k), exponent = 0L))
  exponent <- pow2_exponent(largest_abs(object$centers))
  centres <- if (exponent != 0L) times_pow2(object$centers, -exponent) else object$centers
  list(centres = matrix(as.double(centres), k), exponent = exponent)
}

# Rows (on the scale of the fit, centres near 1) with a value beyond 2^400:
# their squared distances to the centres may overflow.
kmeans_far_rows <- function(x) {
  limit <- 2^400
  if (!nrow(x) || largest_abs(x) <= limit) return(integer(0))
  largest <- abs(x[, 1L])
  for (j in seq_len(ncol(x))[-1L]) largest <- pmax(largest, abs(x[, j]))
  which(largest > limit)
}

# Nearest centres of rows far beyond them: each row is divided by its own
# power of two 2^s, and the centre minimising |c|^2 / 2^s - 2 (x / 2^s).c
# (the squared distance, less |x|^2, divided by 2^s) is taken, lowest
# number on a tie; distances are 2^s |x / 2^s - c / 2^s|.
kmeans_assign_far <- function(x, centres, distances) {
  s <- vapply(seq_len(nrow(x)), function(i) pow2_exponent(largest_abs(x[i, ]), always = TRUE), 0L)
  unit_rows <- times_pow2(x, -s)
  score <- outer(2^-s, rowSums(centres^2)) - 2 * unit_rows %*% t(centres)
  cluster <- max.col(-score, ties.method = "first")
  out <- NULL
  if (distances) {
    out <- vapply(seq_len(nrow(centres)), function(j) {
      gap <- unit_rows - outer(2^-s, centres[j, ])
      sqrt(rowSums(gap^2)) * 2^s   # Inf beyond the largest double
    }, numeric(nrow(x)))
    out <- matrix(out, nrow(x))
  }
  list(cluster = cluster, distances = out)
}
