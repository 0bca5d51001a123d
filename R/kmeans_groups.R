# The groups of a standardized k-means fit ($cluster, and predict()) carry the fit's
# standardization, so that silhouette_score(x, fit$cluster) -- the form the
# aide-memoire teaches -- measures the distances the fit used, not those of
# the raw columns.  The mark is a class with the scaling as an attribute;
# it survives subsetting (the standardization does not depend on which rows
# are taken) and data frames, and prints as the plain numbers.  Arithmetic
# and comparisons give plain values.

kmeans_mark_groups <- function(cluster, scaling) {
  if (is.null(scaling)) return(cluster)
  attr(cluster, "scaling") <- scaling[c("center", "scale", "exponent")]
  class(cluster) <- "sdsante_groups"
  cluster
}

# The standardization carried by groups, or NULL.
kmeans_groups_scaling <- function(cluster) {
  if (inherits(cluster, "sdsante_groups")) attr(cluster, "scaling") else NULL
}

kmeans_unmark_groups <- function(cluster) {
  if (!inherits(cluster, "sdsante_groups")) return(cluster)
  attr(cluster, "scaling") <- NULL
  unclass(cluster)
}

#' @export
print.sdsante_groups <- function(x, ...) {
  print(kmeans_unmark_groups(x), ...)
  invisible(x)
}

#' @export
format.sdsante_groups <- function(x, ...) format(kmeans_unmark_groups(x), ...)

#' @export
`[.sdsante_groups` <- function(x, i) {
  kmeans_mark_groups(kmeans_unmark_groups(x)[i], attr(x, "scaling"))
}

#' @export
as.data.frame.sdsante_groups <- function(x, ...) {
  # a column of the data frame that keeps the mark
  value <- as.data.frame(kmeans_unmark_groups(x), ...)
  value[[1L]] <- x
  value
}

#' @export
Ops.sdsante_groups <- function(e1, e2) {
  e1 <- kmeans_unmark_groups(e1)
  if (missing(e2)) return(get(.Generic)(e1))
  get(.Generic)(e1, kmeans_unmark_groups(e2))
}
