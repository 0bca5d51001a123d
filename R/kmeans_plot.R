# k-means pictures: the groups and their regions (the elbow curve is in
# kmeans_wss.R).

#' Plot the groups of a k-means fit
#'
#' The lecture's picture: the rows as points, one colour and one symbol per
#' group, the centres as numbered squares, and the region of each centre
#' (the places nearer to it than to any other centre) lightly shaded. New
#' rows, if given, are drawn as larger filled symbols with their labels.
#'
#' With two variables, the plot is the plane of the two variables, and the
#' regions (the Voronoi cells of the centres) are outlined. With more than
#' two variables, the rows are shown on their first two principal components
#' ([stats::prcomp()], of the variables standardized as the fit standardized
#' them, if it did), with the share of the variance each one explains in the axis
#' labels; the regions are then not drawn (they are regions of the whole
#' space, not of that plane). With one variable, the values along the
#' horizontal axis, one line per group.
#'
#' The fit keeps what the plot needs: a copy of its rows (all of them when
#' they hold at most 200,000 values, otherwise every m-th row, up to that
#' many values: a plot of more points would be unreadable and the copy would
#' cost memory), so `plot(fit)` draws the training rows without passing them
#' again. Labels of new rows are placed where they hide no centre, no new
#' row and no other label, inside the plot (above the point when possible,
#' and where they hide no row either when there is such a place); a new row
#' with no such place is not labelled, so that with many new rows only the
#' labels that can be read are written, and the legend says how many. The
#' centres are drawn last, on top. The legend counts the rows drawn in each
#' group (the sizes of the groups when the rows drawn are those of the fit).
#'
#' @param x A fit from [k_means()].
#' @param data The rows to draw: by default those the fit was made with (kept
#'   in the fit); or any rows with the same columns, which are then assigned
#'   to the nearest centre (the legend then counts these rows).
#' @param newdata Optional new rows, drawn distinctly with their group from
#'   [predict()][predict.sdsante_kmeans] (at least one row).
#' @param labels Labels of the new rows; by default their row names, with
#'   numbers marked (`#17`, « n°17 » in French) so that they do not read as
#'   the numbers of the groups. Only with `newdata` (the rows of the fit are
#'   drawn without labels).
#' @param newdata_label The legend entry of the new rows; by default "New
#'   observations" (translated in a French session: « Nouvelles
#'   observations »), e.g. `"Test paintings"`.
#' @param main Title of the plot.
#' @param legend If `TRUE`, a legend in the right margin.
#' @param grid Number of grid steps along each axis used to shade the
#'   regions.
#' @param background Segments drawn under the rows and the centres, over the
#'   shading of the regions: a data frame or matrix with the columns `x0`,
#'   `y0`, `x1`, `y1` in the units of the data (such as the streets of John
#'   Snow's map, [snow_streets]); or `NULL`, the default, for none. Only for
#'   fits on two variables. The plot is widened to show all of it.
#' @param ... Further arguments passed to [graphics::plot.window()] (for
#'   instance `xlim`, `ylim`); the usual graphics parameters are checked
#'   first.
#' @return `x`, invisibly.
#' @export
#' @examples
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' test <- descripteurs[descripteurs$ensemble == "test", ]
#' set.seed(1)
#' fit <- k_means(train[, c("d1", "d2")], k = 3, nstart = 10)
#' plot(fit, newdata = test, labels = test$id, newdata_label = "Test paintings")
#' # More than two variables: the first two principal components
#' paintings <- tableaux[, c("yeux", "visages", "cyan", "magenta", "jaune", "noir")]
#' set.seed(1)
#' plot(k_means(paintings, 3, nstart = 10, standardize = TRUE))
#' # John Snow's cholera deaths in 3 groups, on the streets of his map
#' set.seed(1)
#' deaths <- k_means(snow_deaths[c("x", "y")], 3, nstart = 10)
#' plot(deaths, background = snow_streets)
plot.sdsante_kmeans <- function(x, data = NULL, newdata = NULL, labels = NULL,
                                newdata_label = NULL,
                                main = sprintf(ngettext(nrow(x$centers), "k-means: %d group",
                                                        "k-means: %d groups",
                                                        domain = "R-sdsante"),
                                               nrow(x$centers)),
                                legend = TRUE, grid = 200, background = NULL, ...) {
  call <- sys.call()
  check_graphics_params(c(list(main = main), list(...)), call)
  background <- check_plot_background(background, ncol(x$centers), call)
  own_rows <- is.null(data)
  data <- kmeans_plot_data(x, data, call)
  new <- kmeans_plot_new_rows(x, newdata, labels, newdata_label, call)
  legend <- check_flag(legend, "legend", call)
  grid <- check_whole(grid, "grid", call, 10, 2000)
  drawn <- kmeans_plot_groups(x, if (!own_rows) data)
  view <- kmeans_plot_view(x, data, drawn$group, new)
  view <- view_with_background(view, background)
  style <- kmeans_plot_style(nrow(x$centers))

  old <- graphics::par(mar = c(5.1, 4.1, 4.1, if (legend) 10.5 else 2.1))
  on.exit(graphics::par(old))
  usr <- open_plot_window(view, ...)
  kmeans_draw_frame(x, view, usr, grid, style$colours, background, main)
  labelled <- kmeans_draw_points(view, drawn$group, new, style)
  if (legend)
    kmeans_draw_legend(x, drawn$counts, new, own_rows && !is.null(x$plot_data$rows), style, usr,
                       labelled)
  invisible(x)
}

# What lies under the points, for a k-means fit and for nearest_centre()'s
# map alike: the regions of the centres (one or two variables), the
# background segments, the box, the axes (one line per group with one
# variable) and the titles.
kmeans_draw_frame <- function(fit, view, usr, grid, colours, background, main) {
  d <- ncol(fit$centers)
  if (d <= 2L) kmeans_draw_regions(fit, usr, d, grid, colours)
  draw_background(background)
  graphics::box()
  graphics::axis(1)
  graphics::axis(2, at = if (d == 1L) seq_len(nrow(fit$centers)) else NULL)
  graphics::title(main = main, xlab = view$xlab, ylab = view$ylab)
}

# The rows to draw: those kept in the fit (`data` NULL), or the given rows
# laid out as the fit's data.
kmeans_plot_data <- function(fit, data, call) {
  if (is.null(data)) {
    if (is.null(fit$plot_data))
      sds_abort(gettext("'data' is needed: this fit keeps no copy of its rows (it was made before sdsante 0.2.0, or its rows are too wide to keep)",
                        domain = "R-sdsante"), call)
    return(fit$plot_data$x)
  }
  data <- kmeans_newdata(fit, data, "data", call)
  if (nrow(data) == 0L)
    sds_abort(gettext("'data' must have at least one row", domain = "R-sdsante"), call)
  data
}

# The new rows checked, with their labels, their legend entry and their
# groups (a list with `x`, `labels`, `legend`, `group`); NULL without new rows
# (then labels, which would label nothing, are an error).
kmeans_plot_new_rows <- function(fit, newdata, labels, newdata_label, call) {
  if (is.null(newdata)) {
    if (!is.null(labels) || !is.null(newdata_label))
      # the rows of the fit are not labelled: say so rather than ignore them
      sds_abort(gettextf("'%s' labels the rows of 'newdata', which is not given: pass the new rows as 'newdata' (the rows of the fit are drawn without labels)",
                         if (!is.null(labels)) "labels" else "newdata_label",
                         domain = "R-sdsante"), call)
    return(NULL)
  }
  newdata <- kmeans_newdata(fit, newdata, "newdata", call)
  if (nrow(newdata) == 0L)
    sds_abort(gettext("'newdata' must have at least one row (or be NULL)",
                      domain = "R-sdsante"), call)
  if (is.null(labels)) labels <- kmeans_default_labels(newdata)
  labels <- check_row_labels(labels, nrow(newdata), "labels", "newdata", call)
  if (is.null(newdata_label))
    newdata_label <- gettext("New observations", domain = "R-sdsante")
  newdata_label <- check_string(newdata_label, "newdata_label", call)
  list(x = newdata, labels = labels, legend = newdata_label, group = kmeans_assign(fit, newdata))
}

# Where everything goes: the rows (`xy`), the centres and the new rows in
# the plane of the plot, the axis labels, the ranges and the aspect ratio.
# One variable: its values along x, one line per group; two: their plane;
# more: the first two principal components.
kmeans_plot_view <- function(fit, data, group, new) {
  k <- nrow(fit$centers)
  d <- ncol(fit$centers)
  vars <- colnames(fit$centers)
  if (is.null(vars)) vars <- paste0("x", seq_len(d))
  if (d == 1L) {
    view <- list(xy = cbind(data[, 1L], group), centres = cbind(fit$centers[, 1L], seq_len(k)),
                 new = if (!is.null(new)) cbind(new$x[, 1L], new$group),
                 xlab = vars[1L], ylab = gettext("Group", domain = "R-sdsante"))
  } else if (d == 2L) {
    view <- list(xy = data, centres = fit$centers, new = new$x, xlab = vars[1L],
                 ylab = vars[2L])
  } else {
    plane <- kmeans_principal_plane(fit, data, new$x)
    share <- function(i) figure_number(plane$share[i], 1)
    view <- list(xy = plane$xy, centres = plane$centres, new = plane$new,
                 xlab = gettextf("First principal component (%s%% of the variance)",
                                 share(1L), domain = "R-sdsante"),
                 ylab = gettextf("Second principal component (%s%% of the variance)",
                                 share(2L), domain = "R-sdsante"))
  }
  all_xy <- rbind(view$xy, view$centres, view$new)
  view$xlim <- range(all_xy[, 1L])
  view$ylim <- if (d == 1L) c(0.5, k + 0.5) else range(all_xy[, 2L])
  if (!is.null(new) && d > 1L)   # room for the labels
    view$ylim[2L] <- view$ylim[2L] + 0.06 * diff(view$ylim)
  # equal units on both axes when the distances are those of the plot
  view$asp <- if (d == 1L || (d == 2L && !is.null(fit$scaling))) NA else 1
  view
}

# Colours and symbols of the groups: open symbols for the rows, the same
# filled for the new rows.
kmeans_plot_style <- function(k) {
  list(colours = kmeans_colours(k), shape = rep_len(c(1, 2, 0, 5, 6), k),
       filled = rep_len(c(21, 24, 22, 23, 25), k))
}

# The rows, the new rows with the labels that stay readable, and the
# numbered centres last, on top of everything.  Returns how many new rows
# are labelled (NA without new rows).
kmeans_draw_points <- function(view, group, new, style) {
  xy <- view$xy
  centres <- view$centres
  graphics::points(xy[, 1L], xy[, 2L], pch = style$shape[group], col = style$colours[group],
                   lwd = 1.5, cex = 1.2)
  labelled <- NA_integer_
  if (!is.null(new)) {
    new_xy <- view$new
    graphics::points(new_xy[, 1L], new_xy[, 2L], pch = style$filled[new$group], col = "black",
                     bg = style$colours[new$group], cex = 2, lwd = 1.2)
    marks <- rbind(cbind(xy, 1.2), cbind(centres, 3), cbind(new_xy, 2))
    at <- kmeans_label_places(new_xy, new$labels, marks, cex = 0.85)
    shown <- !is.na(at[, 1L])
    graphics::text(at[shown, 1L], at[shown, 2L], labels = new$labels[shown], cex = 0.85,
                   font = 2, xpd = TRUE)
    labelled <- sum(shown)
  }
  graphics::points(centres[, 1L], centres[, 2L], pch = 22, bg = "white", col = "black",
                   cex = 3, lwd = 1.5)
  graphics::text(centres[, 1L], centres[, 2L], labels = seq_len(nrow(centres)), font = 2,
                 cex = 0.9)
  invisible(labelled)
}

# The legend, in the right margin.
kmeans_draw_legend <- function(fit, counts, new, sampled, style, usr, labelled = NA) {
  k <- nrow(fit$centers)
  entries <- kmeans_legend_entries(fit, counts, new$legend, sampled)
  if (!is.na(labelled) && labelled < nrow(new$x))   # say that some are not named
    entries <- c(entries, gettextf("(labels: %s of %s)", format_count(labelled),
                                   format_count(nrow(new$x)), domain = "R-sdsante"))
  pch <- c(style$shape, 22)
  col <- c(style$colours, "black")
  bg <- c(rep(NA, k), "white")
  if (!is.null(new)) {
    pch <- c(pch, 21); col <- c(col, "black"); bg <- c(bg, "grey60")
  }
  pad <- function(v) c(v, rep(NA, length(entries) - length(v)))
  graphics::legend(usr[2L] + 0.03 * diff(usr[1:2]), usr[4L], legend = entries,
                   pch = pad(pch), col = pad(col), pt.bg = pad(bg), pt.lwd = 1.5,
                   pt.cex = 1.3, bty = "n", cex = 0.85, xpd = TRUE)
}

# The rows, the centres and the new rows on the first two principal
# components of the rows drawn, with the share of the variance of each (in
# percent).  The components are those of the data as the fit saw them:
# standardized as the fit standardized them (a column constant among the
# rows drawn is then no error), otherwise divided by a power of two that
# brings them near 1 (exact, so that data near 1e300 or 1e-300 neither
# overflow nor underflow; the coordinates are scaled back).  A single row
# drawn, or rows without variance, give components of 0 and shares of 0.
kmeans_principal_plane <- function(fit, data, newdata) {
  centres <- fit$centers
  if (!is.null(fit$scaling)) {
    to_plane <- function(p) kmeans_to_standard(p, fit$scaling)
    centres <- fit$scaling$centers
    exponent <- 0L
  } else {
    exponent <- pow2_exponent(max(largest_abs(data), largest_abs(centres),
                                  if (!is.null(newdata)) largest_abs(newdata) else 0),
                              always = TRUE)
    to_plane <- function(p) times_pow2(p, -exponent)
    centres <- to_plane(centres)
  }
  rows <- to_plane(data)
  middle <- colMeans(rows)
  pca <- stats::prcomp(rows, center = middle, scale. = FALSE)
  rotation <- pca$rotation[, seq_len(min(2L, ncol(pca$rotation))), drop = FALSE]
  if (ncol(rotation) < 2L) rotation <- cbind(rotation, 0)
  variance <- pca$sdev^2
  share <- if (sum(variance) > 0) 100 * variance / sum(variance) else c(0, 0)
  share <- c(share, 0, 0)[1:2]
  project <- function(p) {
    scores <- sweep(matrix(as.double(p), ncol = ncol(rows)), 2L, middle) %*% rotation
    times_pow2(scores, exponent)
  }
  list(xy = project(rows), centres = project(centres),
       new = if (!is.null(newdata)) project(to_plane(newdata)), share = share)
}

# The group of each row drawn and the counts the legend shows: with the rows
# kept in the fit (`data` NULL), their groups and the sizes of the groups;
# with other rows, their nearest centres and how many of them each has.
kmeans_plot_groups <- function(fit, data) {
  k <- nrow(fit$centers)
  if (!is.null(data)) {
    group <- unname(kmeans_assign(fit, data))
    return(list(group = group, counts = tabulate(group, k)))
  }
  rows <- fit$plot_data$rows
  group <- unname(if (is.null(rows)) fit$cluster else fit$cluster[rows])
  list(group = group, counts = fit$size)
}

# The legend's entries: the groups with their counts, the centres, the new
# rows (if `newdata_label` is given) and, when the rows drawn are a sample
# of the fit's, how many were drawn.
kmeans_legend_entries <- function(fit, counts, newdata_label, sampled) {
  entries <- c(gettextf("Group %d (%d)", seq_along(counts), counts, domain = "R-sdsante"),
               gettext("Centre", domain = "R-sdsante"), newdata_label)
  if (sampled) {
    drawn <- length(fit$plot_data$rows)
    entries <- c(entries, sprintf(ngettext(drawn, "(%s row drawn of %s)", "(%s rows drawn of %s)",
                                           domain = "R-sdsante"),
                                  format_count(drawn),
                                  format_count(length(fit$cluster))))
  }
  entries
}

# The regions of the centres, shaded on a grid whose cells cover the whole
# plotting region (their edges, not their middles, on its borders, so that
# no strip is left unshaded), and the edges between them.
kmeans_draw_regions <- function(x, usr, d, grid, colours) {
  k <- nrow(x$centers)
  cells <- kmeans_region_grid(usr, d, grid)
  region <- matrix(kmeans_assign(x, cells$middles), length(cells$x) - 1L, length(cells$y) - 1L)
  tints <- grDevices::adjustcolor(colours, alpha.f = 0.16)
  graphics::image(cells$x, cells$y, region, col = tints, breaks = seq(0.5, k + 0.5),
                  add = TRUE, useRaster = TRUE)
  edges <- kmeans_voronoi_edges(x, usr, d)
  if (d == 2L && nrow(edges))
    graphics::segments(edges[, 1L], edges[, 2L], edges[, 3L], edges[, 4L],
                       col = "grey45", lwd = 1.2)
  if (d == 1L && nrow(edges)) graphics::abline(v = edges[, 1L], col = "grey45", lwd = 1.2)
}

# The grid of the regions: the edges of its cells along x and y (from border
# to border of `usr`) and the middles of the cells (one row per cell, x
# varying fastest), where the nearest centre is looked up.
kmeans_region_grid <- function(usr, d, grid) {
  edges_x <- seq(usr[1L], usr[2L], length.out = grid + 1L)
  edges_y <- if (d == 2L) seq(usr[3L], usr[4L], length.out = grid + 1L) else usr[3:4]
  middle <- function(e) (e[-1L] + e[-length(e)]) / 2
  gx <- middle(edges_x)
  gy <- middle(edges_y)
  middles <- if (d == 2L) cbind(rep(gx, times = length(gy)), rep(gy, each = length(gx)))
             else matrix(gx, ncol = 1L)
  list(x = edges_x, y = edges_y, middles = middles)
}

# Where to write the label of each point of `xy` so that it stays readable:
# it must hide no centre, no new point (`marks` of cex 2 or more: x, y and
# cex of every symbol drawn, the point's own included) and no label placed
# before, and stay inside the plotting region.  The first free place among
# above, below, right, left and the four diagonals, at one then two label
# heights; when every place hides some rows, the least covered (hiding a
# few rows of a crowd matters less than leaving a point unnamed).  A point
# with no such place gets no label (NA): with hundreds of new rows, only
# those that can be read are labelled.  Computed in inches, so that it holds
# whatever the scales of the axes.
kmeans_label_places <- function(xy, labels, marks, cex) {
  inches <- plot_inches()
  usr <- inches$usr
  pin <- inches$pin
  per_inch <- inches$per_inch
  to_in <- inches$to_in
  symbol_half <- inches$symbol_half
  # centre x, y, half width, half height, and whether it must never be hidden
  boxes <- cbind(mark_boxes(inches, marks), marks[, 3L] >= 2)
  width <- graphics::strwidth(labels, units = "inches", cex = cex, font = 2) / 2 + 0.02
  height <- graphics::strheight("0", units = "inches", cex = cex, font = 2) / 2 + 0.02
  points_in <- to_in(xy)
  directions <- rbind(c(0, 1), c(0, -1), c(1, 0), c(-1, 0), c(1, 1), c(-1, 1), c(1, -1),
                      c(-1, -1))
  candidates <- rbind(cbind(directions, 1), cbind(directions, 2))   # direction, reach
  # the area hidden of the rows, and of the marks that must stay visible
  overlap <- function(cx, cy, hw, hh, b) {
    ox <- pmax(0, pmin(cx + hw, b[, 1L] + b[, 3L]) - pmax(cx - hw, b[, 1L] - b[, 3L]))
    oy <- pmax(0, pmin(cy + hh, b[, 2L] + b[, 4L]) - pmax(cy - hh, b[, 2L] - b[, 4L]))
    area <- ox * oy
    c(sum(area[b[, 5L] == 0]), sum(area[b[, 5L] == 1]))
  }
  own_size <- symbol_half * 2   # new points are drawn with cex 2
  places <- matrix(NA_real_, nrow(xy), 2L)
  for (i in seq_len(nrow(xy))) {
    best <- NULL
    best_cover <- Inf
    for (j in seq_len(nrow(candidates))) {
      gap <- candidates[j, 3L] * (c(own_size + width[i], own_size + height) + 0.03)
      cx <- points_in[i, 1L] + candidates[j, 1L] * gap[1L]
      cy <- points_in[i, 2L] + candidates[j, 2L] * gap[2L]
      inside <- cx - width[i] >= 0 && cx + width[i] <= pin[1L] &&
        cy - height >= 0 && cy + height <= pin[2L]
      hidden <- overlap(cx, cy, width[i], height, boxes)
      if (!inside || hidden[2L] > 1e-6) next   # unreadable, or over a centre
      cover <- if (hidden[1L] < 1e-6) 0 else hidden[1L]   # rounding of the areas
      if (candidates[j, 3L] > 1 && cover > 0) cover <- cover + 2 * width[i] * height
      if (cover < best_cover) {
        best <- c(cx, cy)
        best_cover <- cover
      }
      if (cover == 0) break
    }
    if (is.null(best)) next
    places[i, ] <- best
    boxes <- rbind(boxes, c(best, width[i], height, 1))
  }
  cbind(usr[1L] + places[, 1L] * per_inch[1L], usr[3L] + places[, 2L] * per_inch[2L])
}

# The labels of new rows when none are given: their row names, or their
# numbers, marked ("#17") when they are numbers, which would otherwise read
# as the numbers of the groups written on the centres.
kmeans_default_labels <- function(newdata) {
  names <- rownames(newdata)
  if (is.null(names)) names <- as.character(seq_len(nrow(newdata)))
  numbers <- grepl("^[0-9]+$", names)
  names[numbers] <- gettextf("#%s", names[numbers], domain = "R-sdsante")
  names
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
  # without standardization, a power of two brings the centres and the
  # plotting region near 1 (exact), so that the bisectors of centres near
  # 1e300 or 1e-300 neither overflow nor underflow
  exponent <- if (scaled) 0L else
    pow2_exponent(max(largest_abs(fit$centers), abs(usr)), always = TRUE)
  centres <- matrix(as.double(if (scaled) fit$scaling$centers else
    times_pow2(fit$centers, -exponent)), k)
  to_data <- function(p) if (scaled) kmeans_centres_from_fit_scale(p, fit) else
    times_pow2(p, exponent)
  to_fit <- function(p) if (scaled) kmeans_to_standard(p, fit$scaling) else
    times_pow2(p, -exponent)
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
