# Checks specific to k-means (the shared ones are in R/checks.R and
# R/checks_columns.R).

# Which columns hold a single value among the rows that count (positive
# weight).
kmeans_constant_columns <- function(x, weights) {
  rows <- if (is.null(weights)) seq_len(nrow(x)) else which(weights > 0)
  vapply(seq_len(ncol(x)), function(j) {
    values <- range(x[rows, j])
    values[1L] == values[2L]
  }, NA)
}

kmeans_standardize <- function(x, scaling) {
  .Call(C_sds_kmeans_standardize, x, as.double(scaling$center), as.double(scaling$scale))
}

# The weights divided by a power of two that brings the largest near 1
# (weights only count relative to each other; this keeps sums of weights
# near 1e308 or 5e-324 finite and exact), with that power and the number of
# positive weights that became 0 as attributes.
kmeans_weights <- function(weights, n, call) {
  if (is.null(weights)) return(NULL)
  weights <- check_numeric_input(weights, "weights", call)
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
  exponent <- pow2_exponent(max(weights), always = TRUE)
  scaled <- times_pow2(as.double(weights), -exponent)
  # positive weights below 2^-1074 times the largest become 0: counted for
  # the message that may follow
  structure(scaled, exponent = exponent, underflow = sum(weights > 0 & scaled == 0))
}

# Initial centres given as a matrix through `k`.
kmeans_start_centres <- function(centres, x, call) {
  centres <- check_numeric_input(centres, "k", call)
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
kmeans_too_few_distinct <- function(x, weights, k, call, underflow = 0L) {
  if (sum(!duplicated(x)) == 1L)
    sds_abort(gettextf("'x' is constant (all its rows are equal): it cannot be split into %d groups",
                       k, domain = "R-sdsante"), call)
  kept <- if (is.null(weights)) x else x[weights > 0, , drop = FALSE]
  distinct <- sum(!duplicated(kept))
  if (distinct >= k)   # distinct rows whose differences vanish when squared
    sds_abort(gettextf("'x' has %d distinct rows, but some differ so little relative to its largest values (by less than about 1e-160 times them) that fewer than %d of them can be told apart in double precision",
                       distinct, k, domain = "R-sdsante"), call)
  if (is.null(weights))
    sds_abort(gettextf("'x' has %d distinct rows, fewer than the %d groups asked for by 'k'",
                       distinct, k, domain = "R-sdsante"), call)
  if (underflow > 0L)   # positive weights that count as 0 beside the largest
    sds_abort(gettextf("'x' has %d distinct rows of positive weight, fewer than the %d groups asked for by 'k': the weights count relative to each other, and %d of them, below about 5e-324 times the largest, count as 0",
                       distinct, k, underflow, domain = "R-sdsante"), call)
  sds_abort(gettextf("'x' has %d distinct rows of positive weight, fewer than the %d groups asked for by 'k'",
                     distinct, k, domain = "R-sdsante"), call)
}

# New data laid out as the data of the fit: the fit's columns picked by name
# (other columns are ignored) or, without names, the same number of columns.
kmeans_newdata <- function(object, newdata, arg, call) {
  vars <- colnames(object$centers)
  d <- ncol(object$centers)
  # the fit's columns first: the other columns (a date of visit, an id) are
  # not read, so their kind does not matter
  if (!is.null(vars) && (is.data.frame(newdata) || is.matrix(newdata)) &&
      !is.null(colnames(newdata))) {
    missing_vars <- setdiff(vars, colnames(newdata))
    if (length(missing_vars))
      sds_abort(gettextf("'%s' must have the columns the groups were made with (%s); missing: %s",
                         arg, paste(vars, collapse = ", "), paste(missing_vars, collapse = ", "),
                         domain = "R-sdsante"), call)
    newdata <- if (is.data.frame(newdata)) newdata[vars] else newdata[, vars, drop = FALSE]
  }
  newdata <- check_numeric_input(newdata, arg, call)   # before matrix() drops classes
  if (is.numeric(newdata) && is.null(dim(newdata)) && length(newdata) == d) {
    newdata <- matrix(newdata, nrow = 1L, dimnames = list(NULL, vars))
  }
  newdata <- as_numeric_matrix(newdata, arg, call, allow_empty = TRUE)
  if (ncol(newdata) != d)
    sds_abort(gettextf("'%s' must have %d columns, as the data the groups were made with, not %d",
                       arg, d, ncol(newdata), domain = "R-sdsante"), call)
  if (nrow(newdata) > 0L) scan_columns(newdata, arg, call)   # finiteness only
  newdata
}
