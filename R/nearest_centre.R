# Points assigned to given centres, without fitting: the predict() step of
# k-means (kmeans_assign() in R/kmeans_predict.R and its C search) on centres
# the user gives, with the counts by centre and the distances.  Printing and
# pictures are in R/nearest_centre_print.R.

#' Assign points to given centres, without fitting
#'
#' Each point (row of `x`) goes to its nearest centre (the ordinary
#' straight-line distance; the lowest-numbered centre on a tie). This is the
#' assignment step of k-means ([predict()][predict.sdsante_kmeans] of a
#' [k_means()] fit, the same code), with centres that are given rather than
#' learned: John Snow's pumps for the deaths of the 1854 cholera outbreak
#' ([snow_deaths], [snow_pumps]), hospitals for patients, the centres of
#' groups found on other data. The region of a centre (the places nearer to it
#' than to any other centre, a Voronoi cell) holds the points assigned to it.
#'
#' One call gives each point's nearest centre and its distance to it, the
#' counts by centre (`print()`), the mean and largest distances by centre
#' (`summary()`), one row per point (`as.data.frame()`) and the map of the
#' points, the centres and their regions (`plot()`, over a background such as
#' streets: see [plot.sdsante_nearest()]).
#'
#' Distances are in the units of the coordinates. When those are map units
#' whose length on the ground is known, `metres_per_unit` gives distances in
#' metres as well (for [snow_deaths], about 54 metres per unit; see the help
#' page for how sure that is).
#'
#' The columns are read as by [k_means()]: numeric columns, no missing
#' values, any scale (see *Scale* there). When `x` and `centres` both have
#' column names, the columns of `centres` are looked up by name in `x`, whose
#' other columns (an identifier, a date) are ignored.
#'
#' @param x The points: a data frame or a numeric matrix, one row per point
#'   (at least one).
#' @param centres The centres: a data frame or a numeric matrix with the
#'   columns of `x`, one row per centre (at least one).
#' @param names Names of the centres (one per row of `centres`, distinct); by
#'   default the row names of `centres`, or their numbers.
#' @param metres_per_unit The length, in metres, of one unit of the
#'   coordinates (a single positive number), or `NULL` (the default) when it
#'   is unknown or the columns are not lengths.
#' @return An object of class `sdsante_nearest`: a list with
#'   \describe{
#'     \item{cluster}{the number of each point's nearest centre (an integer
#'       vector, named by the row names of `x`);}
#'     \item{centre}{the same as a factor whose levels are the names of the
#'       centres;}
#'     \item{distance}{each point's distance to its nearest centre, in the
#'       units of the coordinates;}
#'     \item{distance_m}{the same in metres (`NULL` without
#'       `metres_per_unit`);}
#'     \item{size}{the number of points assigned to each centre (named);}
#'     \item{centers}{the centres, a numeric matrix with the names as row
#'       names;}
#'     \item{metres_per_unit}{as given.}
#'   }
#'   It also keeps a copy of the points for `plot()` (see
#'   [plot.sdsante_kmeans()] for how many).
#' @seealso [k_means()] to find centres from the points alone;
#'   [predict.sdsante_kmeans()] to assign new points to the groups of a fit.
#' @export
#' @examples
#' # Each cholera death of 1854 assigned to its nearest pump
#' pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
#'                         names = snow_pumps$name, metres_per_unit = 54)
#' pumps
#' summary(pumps)
#' head(as.data.frame(pumps))
#' plot(pumps, background = snow_streets)
#'
#' # The lecture: the test paintings and three given centres
#' test <- descripteurs[descripteurs$ensemble == "test", ]
#' centres <- data.frame(d1 = c(0.2, 0.5, 0.8), d2 = c(0.8, 0.3, 0.6),
#'                       row.names = c("A", "B", "C"))
#' nearest_centre(test[c("d1", "d2")], centres)$centre
nearest_centre <- function(x, centres, names = NULL, metres_per_unit = NULL) {
  call <- sys.call()
  centres <- nearest_centres_matrix(centres, call)
  x <- nearest_points_matrix(x, centres, call)
  names <- nearest_centre_names(names, centres, call)
  if (!is.null(metres_per_unit))
    metres_per_unit <- check_number(metres_per_unit, "metres_per_unit", call, lower = 0)
  k <- nrow(centres)
  dimnames(centres) <- list(names, colnames(x))
  # the shape kmeans_assign() reads: the centres (no `scaling`: not standardized)
  object <- list(centers = centres)
  cluster <- kmeans_assign(object, x)
  distance <- nearest_distances(object, x, cluster)
  size <- tabulate(cluster, k)
  names(size) <- names
  structure(list(cluster = cluster,
                 centre = factor(names[cluster], levels = names),
                 distance = distance,
                 distance_m = if (!is.null(metres_per_unit)) distance * metres_per_unit,
                 size = size, centers = centres, metres_per_unit = metres_per_unit,
                 plot_data = kmeans_plot_rows(x)),
            class = "sdsante_nearest")
}

# The centres as a double matrix: at least one row, finite numbers; with
# column names when they have some.
nearest_centres_matrix <- function(centres, call) {
  centres <- as_numeric_matrix(centres, "centres", call)
  scan_columns(centres, "centres", call)   # finite numbers only
  centres
}

# The points as a double matrix with the columns of the centres: looked up
# by name when both have names (other columns ignored), otherwise as many
# columns as the centres have.
nearest_points_matrix <- function(x, centres, call) {
  vars <- colnames(centres)
  if (!is.null(vars) && (is.data.frame(x) || is.matrix(x)) && !is.null(colnames(x))) {
    absent <- setdiff(vars, colnames(x))
    if (length(absent))
      sds_abort(gettextf("'x' must have the columns of 'centres' (%s); missing: %s",
                         paste(vars, collapse = ", "), paste(absent, collapse = ", "),
                         domain = "R-sdsante"), call)
    x <- if (is.data.frame(x)) x[vars] else x[, vars, drop = FALSE]
  }
  x <- as_numeric_matrix(x, "x", call)
  if (ncol(x) != ncol(centres))
    sds_abort(gettextf("'x' must have one column per column of 'centres' (%d), not %d",
                       ncol(centres), ncol(x), domain = "R-sdsante"), call)
  scan_columns(x, "x", call)   # finite numbers only
  if (is.null(colnames(x))) colnames(x) <- vars
  x
}

# The names of the centres: given (one per centre, distinct, no NA), or the
# row names of the centres, or their numbers.
nearest_centre_names <- function(names, centres, call) {
  k <- nrow(centres)
  if (is.null(names)) {
    names <- rownames(centres)
    return(if (is.null(names)) as.character(seq_len(k)) else names)
  }
  if (is.factor(names)) names <- as.character(names)
  if (!is.atomic(names) || !is.null(dim(names)) || length(names) != k)
    sds_abort(gettextf("'names' must have one name per row of 'centres' (%d), not %s",
                       k, if (is.atomic(names)) describe_length(names)
                       else describe_value(names), domain = "R-sdsante"), call)
  names <- check_text_input(as.character(names), "names", call)
  if (anyNA(names))
    sds_abort(gettextf("'names' must not be missing; name %d is NA", which(is.na(names))[1L],
                       domain = "R-sdsante"), call)
  repeated <- which(duplicated(names))
  if (length(repeated))
    sds_abort(gettextf("'names' must be distinct; \"%s\" is given twice",
                       printable_text(names[repeated[1L]]), domain = "R-sdsante"), call)
  names
}

# Each point's distance to its nearest centre: the distances to every centre
# (kmeans_assign(), safe at any scale), taken by blocks of rows so that the
# matrix of distances stays small (about 2^20 values at a time).
nearest_distances <- function(object, x, cluster) {
  n <- nrow(x)
  k <- nrow(object$centers)
  distance <- numeric(n)
  block <- max(1L, as.integer(2^20 %/% k))
  for (first in seq.int(1L, n, by = block)) {
    rows <- first:min(n, first + block - 1L)
    all <- kmeans_assign(object, x[rows, , drop = FALSE], distances = TRUE)
    distance[rows] <- all[cbind(seq_along(rows), cluster[rows])]
  }
  distance
}

# ---------------------------------------------------------------------------
# Print-outs (labels translated at print time; the names of the fields and
# columns stay English).

#' @export
print.sdsante_nearest <- function(x, digits = 3, ...) {
  n <- length(x$cluster)
  k <- nrow(x$centers)
  cat_wrapped(sprintf(ngettext(k, "%s points, each assigned to the nearest of %d centre",
                               "%s points, each assigned to the nearest of %d centres",
                               domain = "R-sdsante"), format_count(n), k))
  cat("\n")
  table <- data.frame(x$size, format(round(100 * x$size / n, 1), nsmall = 1),
                      check.names = FALSE)
  names(table) <- c(gettext("points", domain = "R-sdsante"),
                    gettextf("%% of points", domain = "R-sdsante"))
  rownames(table) <- rownames(x$centers)
  print(table)
  cat("\n")
  cat_wrapped(gettextf("Mean distance to the nearest centre: %s.",
                       nearest_format_distance(mean(x$distance), x$metres_per_unit, digits),
                       domain = "R-sdsante"))
  invisible(x)
}

# A distance as printed: in the units of the coordinates, then in metres
# when the length of a unit is known ("1.23 (66 m)").
nearest_format_distance <- function(d, metres_per_unit, digits) {
  units <- format(d, digits = digits)
  if (is.null(metres_per_unit)) return(units)
  paste0(units, " (", format(round(d * metres_per_unit), big.mark = " ", trim = TRUE), " m)")
}

#' Summarise an assignment to the nearest centres
#'
#' For each centre: how many points are nearest to it, their share of all
#' the points, and the mean and largest distances from these points to the
#' centre, in the units of the coordinates and, when `metres_per_unit` was
#' given to [nearest_centre()], in metres.
#'
#' @param object An assignment from [nearest_centre()].
#' @param ... Not used.
#' @return An object of class `sdsante_nearest_summary`: a list with
#'   `centres`, a data frame with one row per centre (columns `centre`,
#'   `points`, `share`, `mean_distance`, `max_distance` and, with metres,
#'   `mean_distance_m`, `max_distance_m`; distances are `NA` for a centre
#'   without points), and `points`, `mean_distance`, `metres_per_unit` for
#'   all the points. Printing translates the labels in a French session; the
#'   names of the columns do not change.
#' @export
#' @examples
#' pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
#'                         names = snow_pumps$name, metres_per_unit = 54)
#' s <- summary(pumps)
#' s
#' s$centres[s$centres$centre == "Broad St", ]
summary.sdsante_nearest <- function(object, ...) {
  k <- nrow(object$centers)
  n <- length(object$cluster)
  by_centre <- function(f) {
    values <- rep(NA_real_, k)
    used <- which(object$size > 0L)
    values[used] <- vapply(split(object$distance, factor(object$cluster, levels = seq_len(k)))[used],
                           f, 0)
    values
  }
  centres <- data.frame(centre = factor(rownames(object$centers),
                                        levels = rownames(object$centers)),
                        points = unname(object$size), share = unname(object$size) / n,
                        mean_distance = by_centre(mean), max_distance = by_centre(max))
  if (!is.null(object$metres_per_unit)) {
    centres$mean_distance_m <- centres$mean_distance * object$metres_per_unit
    centres$max_distance_m <- centres$max_distance * object$metres_per_unit
  }
  structure(list(centres = centres, points = n, mean_distance = mean(object$distance),
                 metres_per_unit = object$metres_per_unit),
            class = "sdsante_nearest_summary")
}

#' @export
print.sdsante_nearest_summary <- function(x, digits = 3, ...) {
  cat_wrapped(sprintf(ngettext(nrow(x$centres), "%s points, each assigned to the nearest of %d centre",
                               "%s points, each assigned to the nearest of %d centres",
                               domain = "R-sdsante"), format_count(x$points), nrow(x$centres)))
  cat("\n")
  shown <- x$centres
  distance <- function(d) {
    out <- vapply(d, nearest_format_distance, "", x$metres_per_unit, digits)
    out[is.na(d)] <- ""   # a centre without points
    out
  }
  table <- data.frame(shown$points, format(round(100 * shown$share, 1), nsmall = 1),
                      distance(shown$mean_distance), distance(shown$max_distance),
                      check.names = FALSE)
  labels <- c(gettext("points", domain = "R-sdsante"), gettextf("%% of points", domain = "R-sdsante"),
              gettext("mean distance", domain = "R-sdsante"),
              gettext("largest distance", domain = "R-sdsante"))
  names(table) <- labels
  rownames(table) <- as.character(shown$centre)
  print(table)
  cat("\n")
  if (is.null(x$metres_per_unit)) {
    cat_wrapped(gettext("Distances in the units of the coordinates.", domain = "R-sdsante"))
  } else {
    cat_wrapped(gettextf("Distances in the units of the coordinates, and in metres at %s m per unit.",
                         format(x$metres_per_unit), domain = "R-sdsante"))
  }
  invisible(x)
}

#' @export
as.data.frame.sdsante_nearest <- function(x, row.names = NULL, optional = FALSE, ...) {
  out <- data.frame(centre = x$centre, distance = x$distance)
  if (!is.null(x$distance_m)) out$distance_m <- x$distance_m
  if (is.null(row.names)) row.names <- names(x$cluster)
  if (!is.null(row.names)) rownames(out) <- row.names
  out
}

# ---------------------------------------------------------------------------
# The map.

#' Plot points, their nearest centres and the regions of the centres
#'
#' The map of an assignment made by [nearest_centre()]: the points, one
#' colour and one symbol per centre, the centres as numbered squares with
#' their names beside them, and the region of each centre (the places nearer
#' to it than to any other centre, a Voronoi cell) lightly shaded and
#' outlined, as [plot()][plot.sdsante_kmeans] draws the groups of a k-means
#' fit. A background of segments (the streets of [snow_streets]) can be
#' drawn under the points and the centres, so that John Snow's map reads as
#' a map.
#'
#' The names of the centres are written where they hide no point, no centre
#' and no other name: beside the centre when there is room, otherwise
#' further out, joined to it by a thin line. With `metres_per_unit` (given to
#' [nearest_centre()]), a scale bar in metres is drawn in the bottom left
#' corner. With two coordinates, the units of both axes are equal (a map);
#' with more, the points are shown on their first two principal components
#' and the regions are not drawn (see [plot.sdsante_kmeans()]).
#'
#' @param x An assignment from [nearest_centre()].
#' @param background Segments drawn under the points: a data frame or matrix
#'   with the columns `x0`, `y0`, `x1`, `y1` (such as [snow_streets]), in the
#'   coordinates of the points; or `NULL`, the default, for none. Only with
#'   two coordinates.
#' @param names If `TRUE` (the default), the names of the centres are
#'   written beside them.
#' @param main Title of the plot.
#' @param legend If `TRUE`, a legend in the right margin: each centre's
#'   number, name and count of points.
#' @param grid Number of grid steps along each axis used to shade the
#'   regions.
#' @param ... Further arguments passed to [graphics::plot.window()] (for
#'   instance `xlim`, `ylim` to zoom in); the usual graphics parameters are
#'   checked first.
#' @return `x`, invisibly.
#' @seealso [plot.sdsante_kmeans()], which takes a `background` as well.
#' @export
#' @examples
#' pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
#'                         names = snow_pumps$name, metres_per_unit = 54)
#' plot(pumps, background = snow_streets)
#' # Zoom on the Broad Street pump
#' plot(pumps, background = snow_streets, xlim = c(9, 16), ylim = c(8, 15))
plot.sdsante_nearest <- function(x, background = NULL, names = TRUE,
                                 main = gettext("Points and their nearest centre",
                                                domain = "R-sdsante"),
                                 legend = TRUE, grid = 200, ...) {
  call <- sys.call()
  check_graphics_params(c(list(main = main), list(...)), call)
  background <- check_plot_background(background, ncol(x$centers), call)
  names <- check_flag(names, "names", call)
  legend <- check_flag(legend, "legend", call)
  grid <- check_whole(grid, "grid", call, 10, 2000)
  d <- ncol(x$centers)
  if (is.null(x$plot_data))
    sds_abort(gettext("this assignment keeps no copy of its points to draw (a row of more than 200,000 values would be unreadable as a plot)",
                      domain = "R-sdsante"), call)
  rows <- x$plot_data$rows
  group <- unname(if (is.null(rows)) x$cluster else x$cluster[rows])
  view <- view_with_background(kmeans_plot_view(x, x$plot_data$x, group, NULL), background)
  style <- kmeans_plot_style(nrow(x$centers))

  old <- graphics::par(mar = c(5.1, 4.1, 4.1, if (legend) 11.5 else 2.1))
  on.exit(graphics::par(old))
  usr <- open_plot_window(view, ...)
  kmeans_draw_frame(x, view, usr, grid, style$colours, background, main)
  kmeans_draw_points(view, group, NULL, style)
  if (names)
    draw_centre_names(view$centres, rownames(x$centers),
                      rbind(cbind(view$xy, 1.2), cbind(view$centres, 3)))
  if (!is.null(x$metres_per_unit) && d == 2L) draw_scale_bar(x$metres_per_unit)
  if (legend) nearest_draw_legend(x, !is.null(rows), style, usr)
  invisible(x)
}

# The legend, in the right margin: one entry per centre (number, name,
# count of points), the centres' symbol, and how many points were drawn
# when only some were kept for the plot.
nearest_draw_legend <- function(x, sampled, style, usr) {
  k <- nrow(x$centers)
  entries <- c(sprintf("%d %s (%s)", seq_len(k), rownames(x$centers), format_count(x$size)),
               gettext("Centre", domain = "R-sdsante"))
  if (sampled)
    entries <- c(entries, sprintf(ngettext(length(x$plot_data$rows), "(%s row drawn of %s)",
                                           "(%s rows drawn of %s)", domain = "R-sdsante"),
                                  format_count(length(x$plot_data$rows)),
                                  format_count(length(x$cluster))))
  pad <- function(v) c(v, rep(NA, length(entries) - length(v)))
  graphics::legend(usr[2L] + 0.03 * diff(usr[1:2]), usr[4L], legend = entries,
                   pch = pad(c(style$shape, 22)), col = pad(c(style$colours, "black")),
                   pt.bg = pad(c(rep(NA, k), "white")), pt.lwd = 1.5, pt.cex = 1.3, bty = "n",
                   cex = 0.8, xpd = TRUE)
}
