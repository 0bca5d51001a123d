# Pictures drawn as maps, shared by plot() of k-means fits (kmeans_plot.R)
# and of assignments to given centres (nearest_centre.R): a background of
# segments (streets) under the points, names of the centres written where
# they hide no mark, and a scale bar in metres.

# The background checked: NULL, or segments as a data frame or matrix with
# columns x0, y0, x1, y1 (by name, or the first four columns of a matrix
# without names), finite numbers; returned as a 4-column double matrix.
check_background <- function(background, call) {
  if (is.null(background)) return(NULL)
  ends <- c("x0", "y0", "x1", "y1")
  if (!(is.data.frame(background) || is.matrix(background)))
    sds_abort(gettextf("'background' must be segments to draw: a data frame or matrix with the columns x0, y0, x1, y1 (such as snow_streets), not %s",
                       describe_value(background), domain = "R-sdsante"), call)
  if (!is.null(colnames(background))) {
    absent <- setdiff(ends, colnames(background))
    if (length(absent))
      sds_abort(gettextf("'background' must be segments to draw: a data frame or matrix with the columns x0, y0, x1, y1 (such as snow_streets); missing: %s",
                         paste(absent, collapse = ", "), domain = "R-sdsante"), call)
    background <- if (is.data.frame(background)) background[ends] else background[, ends, drop = FALSE]
  } else if (ncol(background) != 4L) {
    sds_abort(gettextf("'background' must be segments to draw: a matrix with four columns x0, y0, x1, y1 (such as snow_streets), not %d columns",
                       ncol(background), domain = "R-sdsante"), call)
  }
  background <- as_numeric_matrix(background, "background", call)
  scan_columns(background, "background", call)   # finite numbers only
  background
}

# The background of a plot of data with `d` columns: only in the plane of
# two (with more, the plot shows principal components, where segments given
# in the units of the data mean nothing).
check_plot_background <- function(background, d, call) {
  background <- check_background(background, call)
  if (!is.null(background) && d != 2L)
    sds_abort(gettextf("'background' is drawn in the plane of two variables, and the data have %d",
                       d, domain = "R-sdsante"), call)
  background
}

# The ranges of a view widened to hold the background.
view_with_background <- function(view, background) {
  if (is.null(background)) return(view)
  view$xlim <- range(view$xlim, background[, c(1L, 3L)])
  view$ylim <- range(view$ylim, background[, c(2L, 4L)])
  view
}

# The segments, thin and grey: under the points and the centres, over the
# tints of the regions (drawn first, they would be hidden).
draw_background <- function(background) {
  if (is.null(background)) return(invisible())
  graphics::segments(background[, 1L], background[, 2L], background[, 3L], background[, 4L],
                     col = "grey35", lwd = 0.9)
}

# The names of the centres, each on a light box so that the background does
# not cross the letters, placed by label_free_places() (with a thin line
# to the centre when the name had to go further than beside it).
draw_centre_names <- function(centres, names, marks, cex = 0.8) {
  # only the centres in the plotting region (a zoom may leave some out)
  usr <- graphics::par("usr")
  shown <- centres[, 1L] >= usr[1L] & centres[, 1L] <= usr[2L] &
    centres[, 2L] >= usr[3L] & centres[, 2L] <= usr[4L]
  if (!any(shown)) return(invisible())
  centres <- centres[shown, , drop = FALSE]
  names <- names[shown]
  places <- label_free_places(centres, names, marks, cex)
  far <- places$reach > 1
  if (any(far))
    graphics::segments(places$from_x[far], places$from_y[far], places$x[far], places$y[far],
                       col = "black", lwd = 1.1)
  graphics::rect(places$x - places$half_width, places$y - places$half_height,
                 places$x + places$half_width, places$y + places$half_height,
                 col = grDevices::adjustcolor("white", alpha.f = 0.85), border = "grey40",
                 lwd = 0.6, xpd = TRUE)
  graphics::text(places$x, places$y, labels = names, cex = cex, font = 2, xpd = TRUE)
  invisible(places)
}

# Where to write each label of the points `xy` (centres drawn as symbols of
# cex `own_cex`) so that it covers no mark (`marks`: x, y and cex of every
# symbol drawn) and no label placed before, inside the plotting region: the
# first free place on rings around the point, beside it first, then further
# out (16 directions, up to 8 label heights away); the least covered place
# only when nothing within that reach is free.  Computed in inches, so that
# it holds whatever the scales of the axes.  Returns the middles of the
# labels (user coordinates), their half sizes and how far each went
# (`reach`, 1 beside its point).
label_free_places <- function(xy, labels, marks, cex, own_cex = 3) {
  inches <- plot_inches()
  usr <- inches$usr
  pin <- inches$pin
  per_inch <- inches$per_inch
  to_in <- inches$to_in
  symbol_half <- inches$symbol_half
  boxes <- mark_boxes(inches, marks)
  half_w <- graphics::strwidth(labels, units = "inches", cex = cex, font = 2) / 2 + 0.04
  half_h <- graphics::strheight("0", units = "inches", cex = cex, font = 2) / 2 + 0.04
  own <- symbol_half * own_cex
  # beside first (above, below, right, left), then the diagonals, then between
  angles <- c(90, 270, 0, 180, 45, 135, 315, 225, seq(22.5, 337.5, by = 45)) * pi / 180
  reaches <- c(1, 1.5, 2, 3, 4, 5, 6, 8)
  cover_of <- function(cx, cy, hw, b) {
    ox <- pmax(0, pmin(cx + hw, b[, 1L] + b[, 3L]) - pmax(cx - hw, b[, 1L] - b[, 3L]))
    oy <- pmax(0, pmin(cy + half_h, b[, 2L] + b[, 4L]) - pmax(cy - half_h, b[, 2L] - b[, 4L]))
    sum(ox * oy)
  }
  points_in <- to_in(xy)
  out <- matrix(NA_real_, nrow(xy), 3L)
  start <- matrix(NA_real_, nrow(xy), 2L)
  for (i in seq_len(nrow(xy))) {
    best <- NULL
    best_cover <- Inf
    for (r in reaches) {
      for (a in angles) {
        # the label's box just clear of the symbol in direction a, r times as far
        cx <- points_in[i, 1L] + cos(a) * (own + half_w[i] + 0.02) * r
        cy <- points_in[i, 2L] + sin(a) * (own + half_h + 0.02) * r
        inside <- cx - half_w[i] >= 0 && cx + half_w[i] <= pin[1L] && cy - half_h >= 0 &&
          cy + half_h <= pin[2L]
        if (!inside) next
        cover <- cover_of(cx, cy, half_w[i], boxes)
        if (cover < best_cover) {
          best <- c(cx, cy, r)
          best_cover <- cover
        }
        if (cover < 1e-9) break   # free: the nearest free place found
      }
      if (best_cover < 1e-9) break
    }
    if (is.null(best)) best <- c(points_in[i, ], 1)   # no room at all: on the point
    out[i, ] <- best
    # where a line from the symbol's edge towards the label starts
    towards <- best[1:2] - points_in[i, ]
    towards <- if (any(towards != 0)) towards / sqrt(sum(towards^2)) else c(0, 0)
    start[i, ] <- points_in[i, ] + own * towards
    boxes <- rbind(boxes, c(best[1:2], half_w[i], half_h))
  }
  list(x = usr[1L] + out[, 1L] * per_inch[1L], y = usr[3L] + out[, 2L] * per_inch[2L],
       half_width = half_w * per_inch[1L], half_height = rep(half_h * per_inch[2L], nrow(xy)),
       reach = out[, 3L], from_x = usr[1L] + start[, 1L] * per_inch[1L],
       from_y = usr[3L] + start[, 2L] * per_inch[2L])
}

# A scale bar in the bottom left corner of a map whose units are
# `metres_per_unit` metres: a round length in metres about a fifth of the
# width of the plot.
draw_scale_bar <- function(metres_per_unit) {
  usr <- graphics::par("usr")
  width_m <- diff(usr[1:2]) * metres_per_unit
  target <- width_m / 5
  nice <- c(1, 2, 5, 10)
  length_m <- max(nice[nice <= target / 10^floor(log10(target))]) * 10^floor(log10(target))
  x0 <- usr[1L] + 0.04 * diff(usr[1:2])
  y0 <- usr[3L] + 0.05 * diff(usr[3:4])
  x1 <- x0 + length_m / metres_per_unit
  tick <- 0.012 * diff(usr[3:4])
  graphics::rect(x0 - 0.01 * diff(usr[1:2]), y0 - 2.2 * tick, x1 + 0.01 * diff(usr[1:2]),
                 y0 + 4.5 * tick, col = grDevices::adjustcolor("white", alpha.f = 0.85),
                 border = NA)
  graphics::segments(c(x0, x0, x1), c(y0, y0 - tick, y0 - tick), c(x1, x0, x1),
                     c(y0, y0 + tick, y0 + tick), lwd = 2)
  graphics::text((x0 + x1) / 2, y0 + tick, labels = paste(format(length_m, big.mark = " "), "m"),
                 pos = 3, cex = 0.8, offset = 0.2)
}

# A new plot with the ranges of `view`, unless the user gave `xlim` or
# `ylim` in `...` (passed on to graphics::plot.window() with the rest: given
# twice, they would be an error).
open_plot_window <- function(view, ...) {
  args <- list(...)
  if (!is.null(args$xlim)) view$xlim <- args$xlim
  if (!is.null(args$ylim)) view$ylim <- args$ylim
  args$xlim <- NULL
  args$ylim <- NULL
  graphics::plot.new()
  do.call(graphics::plot.window, c(list(xlim = view$xlim, ylim = view$ylim, asp = view$asp),
                                   args))
  invisible(graphics::par("usr"))
}

# The current plot measured in inches, for placing labels whatever the
# scales of the axes: the user coordinates `usr`, the plot's size in inches
# `pin`, the user units per inch
# along each axis, `to_in()` (user coordinates to inches from the lower left
# corner), and half the size of a symbol of cex 1.
plot_inches <- function() {
  usr <- graphics::par("usr")
  pin <- graphics::par("pin")
  per_inch <- c(diff(usr[1:2]) / pin[1L], diff(usr[3:4]) / pin[2L])
  list(usr = usr, pin = pin, per_inch = per_inch,
       to_in = function(p) cbind((p[, 1L] - usr[1L]) / per_inch[1L],
                                 (p[, 2L] - usr[3L]) / per_inch[2L]),
       symbol_half = 0.5 * 0.75 * graphics::par("cin")[2L])
}

# The boxes of drawn marks (columns x, y, cex), in inches: centre x, y, half
# width and half height.
mark_boxes <- function(inches, marks) {
  half <- inches$symbol_half * marks[, 3L]
  cbind(inches$to_in(marks[, 1:2, drop = FALSE]), half, half, deparse.level = 0)
}
