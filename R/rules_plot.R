# Rule lists drawn as a flow: each rule's question in a box, "yes" to its
# class, "no" down to the next rule, and the default class at the bottom.
# Base graphics only; grey boxes for the questions and white boxes with a
# thick border for the classes, so that the picture reads in black and white.

#' Draw a decision list
#'
#' Draws the list as a flow chart, read from the top: each rule asks its
#' question ("1 <= yeux <= 2?"); "yes" leads to its class, "no" down to the
#' next rule; the last "no" leads to the default class. When the model has
#' counts, each class box says how many cases it covered and how many of
#' them it got right. Long conditions are cut at their "and" / "or" over
#' several lines, and the text shrinks to fit the device (with a warning when
#' it becomes too small to read: draw a long list on a taller device). Labels
#' are in the session's language ("oui" / "non" in a French session).
#'
#' @param x A rule list from [rule_list()] or `learn_rules()`.
#' @param main The title: a string, `""` for none; by default "Decision list
#'   for" and the name of the true class.
#' @param cex The size of the text, a positive number (it may be reduced so
#'   that the labels fit their boxes).
#' @param lwd The width of the lines, a positive number.
#' @param col The colour that fills the class boxes (one colour; white by
#'   default).
#' @param ... Not used: any other argument is an error.
#' @return `x`, invisibly.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage",
#'                    .data = tableaux[tableaux$ensemble == "apprentissage", ])
#' plot(model)
plot.sdsante_rules <- function(x, main = NULL, cex = 1, lwd = 1, col = "white", ...) {
  call <- sys.call()
  extra <- list(...)
  if (length(extra)) {
    name <- names(extra)[1L]
    if (is.null(name) || name == "") name <- "..."
    sds_abort(gettextf("unknown argument '%s': plot() of a rule list takes main, cex, lwd and col",
                       name, domain = "R-sdsante"), call)
  }
  if (is.null(main))
    main <- gettextf("Decision list for %s", x$response, domain = "R-sdsante")
  if (!is.character(main) || length(main) != 1L || is.na(main))
    sds_abort(gettextf("'main' must be one string (\"\" for no title), not %s",
                       format_value(main), domain = "R-sdsante"), call)
  cex <- check_number(cex, "cex", call, lower = 0.05, upper = 20)
  lwd <- check_number(lwd, "lwd", call, lower = 0.05, upper = 20)
  col <- check_plot_colour(col, "col", call)
  flow <- rule_flow(x)
  old <- graphics::par(mar = c(0.5, 0.5, if (nzchar(main)) 2.5 else 0.5, 0.5))
  on.exit(graphics::par(old))
  graphics::plot.new()
  n_rows <- length(flow$questions) + 1L
  graphics::plot.window(xlim = c(0, 1), ylim = c(0, n_rows), xaxs = "i", yaxs = "i")
  if (nzchar(main)) graphics::title(main = main)
  layout <- flow_layout(flow, cex)
  draw_flow(flow, layout, lwd, col)
  # Shrunk below half its size, the text cannot be read (30 rules in a
  # plot window): say so, and how to get a picture that can.
  if (layout$cex < 0.5 && layout$cex < cex)
    warning(sprintf(ngettext(length(flow$questions),
                             "the text of the %d rule was shrunk to %s%% of its size to fit the plot, too small to read: draw it on a taller device (a larger plot window, fig.height in a document, png(height = ...))",
                             "the text of the %d rules was shrunk to %s%% of its size to fit the plot, too small to read: draw it on a taller device (a larger plot window, fig.height in a document, png(height = ...))",
                             domain = "R-sdsante"),
                    length(flow$questions), format(round(100 * layout$cex / cex))),
            call. = FALSE)
  invisible(x)
}

# One colour, as grDevices understands it.
check_plot_colour <- function(x, arg, call) {
  ok <- (is.character(x) || is.numeric(x)) && length(x) == 1L && !is.na(x) &&
    !inherits(tryCatch(grDevices::col2rgb(x), error = function(e) e), "error")
  if (!ok)
    sds_abort(gettextf("'%s' must be one colour, such as \"white\" or \"grey90\", not %s",
                       arg, format_value(x), domain = "R-sdsante"), call)
  x
}

# What the picture says: the pieces of each rule's question, each class
# (with its counts) and the words of the arrows.
rule_flow <- function(model) {
  trees <- rule_trees(model)
  questions <- lapply(trees, function(tree) {
    pieces <- describe_pieces(tree)
    pieces[length(pieces)] <- gettextf("%s?", pieces[length(pieces)], domain = "R-sdsante")
    pieces
  })
  classes <- c(model$classes, model$default)
  notes <- rep("", length(classes))
  if (!is.null(model$counts))
    notes <- covered_text(rowSums(model$counts), rule_correct(model$counts, model))
  list(questions = questions, classes = classes, notes = notes,
       yes = gettext("yes", domain = "R-sdsante"), no = gettext("no", domain = "R-sdsante"))
}

# Where everything goes, in user coordinates (x in 0..1, one unit of height
# per rule and one for the default, from the top), and the text size that
# makes every label fit its box: the question boxes span 3 to 60 % of the
# width, the class boxes 70 to 97 %, the boxes 70 % of a row's height.
flow_layout <- function(flow, cex) {
  n_rules <- length(flow$questions)
  n_rows <- n_rules + 1L
  question_box <- c(0.03, 0.60)
  class_box <- c(0.70, 0.97)
  box_height <- 0.7
  margin <- 0.015
  fit <- function(cex) {
    line_height <- graphics::strheight("Mg", cex = cex) * 1.5
    lines <- lapply(flow$questions, function(p)
      wrap_pieces_by(p, function(text) graphics::strwidth(text, cex = cex),
                     diff(question_box) - 2 * margin))
    class_lines <- lapply(seq_along(flow$classes), function(i)
      c(flow$classes[i], if (nzchar(flow$notes[i])) flow$notes[i]))
    widest <- max(0, vapply(lines, function(l) max(graphics::strwidth(l, cex = cex)), 0)) /
      (diff(question_box) - 2 * margin)
    widest_class <- max(vapply(class_lines, function(l)
      max(graphics::strwidth(l, cex = cex)), 0)) / (diff(class_box) - 2 * margin)
    tallest <- max(vapply(c(lines, class_lines), length, 1L)) * line_height /
      (box_height - 2 * margin)
    # the words of the arrows: "yes" in the gap between the columns, "no"
    # in the gap between two rows
    arrow_words <- max(graphics::strwidth(c(flow$yes, flow$no), cex = cex)) /
      (0.9 * (class_box[1L] - question_box[2L]))
    arrow_height <- graphics::strheight("M", cex = cex) / (0.6 * (1 - box_height))
    list(cex = cex, line_height = line_height, lines = lines, class_lines = class_lines,
         overflow = max(widest, widest_class, tallest, arrow_words, arrow_height))
  }
  layout <- fit(cex)
  # Shrink until the labels fit (a few steps: the pieces wrap differently
  # at each size).
  for (step in 1:6) {
    if (layout$overflow <= 1) break
    layout <- fit(layout$cex / max(1.05, min(layout$overflow, 3)))
  }
  layout$y <- n_rows - seq_len(n_rows) + 0.5
  layout$question_box <- question_box
  layout$class_box <- class_box
  layout$box_height <- box_height
  layout
}

# Pieces joined greedily into lines no wider than `room`, as measured by
# `measure` (a piece wider than `room` gets a line of its own).
wrap_pieces_by <- function(pieces, measure, room) {
  lines <- character()
  current <- pieces[1L]
  for (piece in pieces[-1L]) {
    candidate <- paste(current, piece)
    if (measure(candidate) <= room) current <- candidate
    else {
      lines <- c(lines, current)
      current <- piece
    }
  }
  c(lines, current)
}

draw_flow <- function(flow, layout, lwd, col) {
  n_rules <- length(flow$questions)
  y <- layout$y
  half <- layout$box_height / 2
  qb <- layout$question_box
  cb <- layout$class_box
  cex <- layout$cex
  box_text <- function(x, y, lines, font = 1) {
    offsets <- (rev(seq_along(lines)) - (length(lines) + 1) / 2) * layout$line_height
    graphics::text(x, y + offsets, lines, cex = cex, font = rep_len(font, length(lines)))
  }
  label_gap <- graphics::strheight("M", cex = cex)
  for (r in seq_len(n_rules)) {
    graphics::rect(qb[1L], y[r] - half, qb[2L], y[r] + half, col = "grey90", lwd = lwd)
    box_text(mean(qb), y[r], layout$lines[[r]])
    # yes: to the right, the word above the arrow
    graphics::arrows(qb[2L], y[r], cb[1L], y[r], length = 0.08, lwd = lwd)
    graphics::text(mean(c(qb[2L], cb[1L])), y[r] + label_gap, flow$yes, cex = cex,
                   font = 3)
    # no: down to the next rule (or the default), the word beside the arrow
    graphics::arrows(mean(qb), y[r] - half, mean(qb), y[r + 1L] + half, length = 0.08,
                     lwd = lwd)
    graphics::text(mean(qb) + graphics::strwidth("M", cex = cex), y[r] - 0.5, flow$no,
                   cex = cex, font = 3, adj = c(0, 0.5))
  }
  for (r in seq_along(flow$classes)) {
    # the default sits under the questions, the rules' classes to their right
    box <- if (r > n_rules) qb else cb
    graphics::rect(box[1L], y[r] - half, box[2L], y[r] + half, col = col, lwd = 2 * lwd)
    lines <- layout$class_lines[[r]]
    box_text(mean(box), y[r], lines, font = c(2, 1))
  }
}
