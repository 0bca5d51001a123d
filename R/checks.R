# Argument checks and coercions shared by every capability.  Each check names
# the argument and says what was expected, and reports the user's own call.

# Signal an error with an already translated message, attributed to `call`.
sds_abort <- function(message, call) {
  condition <- structure(class = c("sdsante_error", "error", "condition"),
                         list(message = message, call = call))
  stop(condition)
}

# A short, readable description of what a user passed ("a list", "NULL", ...).
describe_value <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.factor(x)) return(gettext("a factor", domain = "R-sdsante"))
  if (is.data.frame(x)) return(gettext("a data frame", domain = "R-sdsante"))
  if (is.matrix(x)) return(gettext("a matrix", domain = "R-sdsante"))
  if (is.function(x)) return(gettext("a function", domain = "R-sdsante"))
  if (is.list(x)) return(gettext("a list", domain = "R-sdsante"))
  switch(typeof(x),
         logical = gettext("a logical vector", domain = "R-sdsante"),
         integer = gettext("an integer vector", domain = "R-sdsante"),
         double = gettext("a numeric vector", domain = "R-sdsante"),
         character = gettext("a character vector", domain = "R-sdsante"),
         gettextf("an object of type %s", typeof(x), domain = "R-sdsante"))
}

check_same_length <- function(x, y, x_arg, y_arg, call) {
  if (length(x) != length(y))
    sds_abort(gettextf("'%s' and '%s' must have the same length, not %.0f and %.0f",
                       x_arg, y_arg, length(x), length(y), domain = "R-sdsante"),
              call)
  if (length(x) == 0L)
    sds_abort(gettextf("'%s' and '%s' must hold at least one value each",
                       x_arg, y_arg, domain = "R-sdsante"), call)
}

# Turn class labels into a factor without copying factors.  Level order, which
# decides the order of rows and columns and, failing a better rule, the
# positive class: a factor keeps its levels; a logical gives TRUE then FALSE;
# whole numbers are sorted numerically; character strings are sorted in
# C-locale (byte) order (`order = "sorted"`, so that the result does not
# depend on the machine's language settings) or kept in their order of first
# appearance (`order = "appearance"`, as confusion_matrix() shows them).
as_classes <- function(x, arg, call, order = c("sorted", "appearance")) {
  if (is.factor(x)) {
    # A factor built by hand (structure()) can hold what factor() never makes.
    lev <- levels(x)
    if (typeof(x) != "integer" || !is.character(lev) || anyNA(lev) || anyDuplicated(lev))
      sds_abort(gettextf("'%s' is a damaged factor (duplicated or missing levels, or codes that are not whole numbers): rebuild it with factor(as.character(%s))",
                         arg, arg, domain = "R-sdsante"), call)
    return(x)
  }
  # The factors are built from match() codes: factor() would first turn
  # millions of values into strings.
  as_factor <- function(x, levels) {
    structure(match(x, levels), levels = as.character(levels), class = "factor")
  }
  if (is.logical(x) && is.null(dim(x)))
    return(structure(2L - as.integer(x), levels = c("TRUE", "FALSE"), class = "factor"))
  if (is.character(x) && is.null(dim(x))) {
    labels <- unique(x[!is.na(x)])
    if (match.arg(order) == "sorted") labels <- sort(labels, method = "radix")
    return(as_factor(x, labels))
  }
  if (is.numeric(x) && is.null(dim(x))) {
    values <- unique(x[!is.na(x)])
    if (all(is.finite(values) & values == trunc(values)))
      return(as_factor(x, sort(values)))
    sds_abort(gettextf("'%s' must hold classes (whole numbers, strings or a factor); it holds fractional or infinite numbers",
                       arg, domain = "R-sdsante"), call)
  }
  sds_abort(gettextf("'%s' must be a factor or a character, logical or integer vector, not %s",
                     arg, describe_value(x), domain = "R-sdsante"), call)
}

# One class label among `classes` (e.g. the positive class).
check_class_label <- function(value, classes, arg, call) {
  if (!(is.character(value) || is.factor(value) || is.numeric(value) ||
        is.logical(value)) || length(value) != 1L || is.na(value) ||
      !(as.character(value) %in% classes)) {
    hint <- if (length(value) == 1L && !is.list(value) && !is.na(value))
      closest_label(as.character(value), classes) else NA_character_
    message <- gettextf("'%s' must be one of the classes (%s), not %s", arg,
                        quote_labels(classes), format_value(value), domain = "R-sdsante")
    if (!is.na(hint))
      message <- paste0(message, gettextf(" (did you mean \"%s\"?)", hint, domain = "R-sdsante"))
    sds_abort(message, call)
  }
  as.character(value)
}

# "a", "b", "c" for messages, at most `max` of them then "... (12 in all)".
quote_labels <- function(labels, max = 10L) {
  shown <- paste0("\"", utils::head(labels, max), "\"", collapse = ", ")
  if (length(labels) > max)
    shown <- paste0(shown, gettextf(", ... (%d in all)", length(labels), domain = "R-sdsante"))
  shown
}

# The known label that `label` most likely meant, or NA: the same label but
# for case and spaces first, then the nearest by edit distance if it is close
# (at most a third of the characters of a label of 4 or more differ).
closest_label <- function(label, known) {
  if (!length(known)) return(NA_character_)
  same <- known[normalise_label(known) == normalise_label(label)]
  if (length(same)) return(same[1L])
  # Short labels ("a", "b") are all close to one another: no guess for them.
  if (nchar(label) < 4L) return(NA_character_)
  distance <- utils::adist(normalise_label(label), normalise_label(known))[1L, ]
  best <- which.min(distance)
  if (distance[best] <= nchar(label) %/% 3) known[best] else NA_character_
}

# Graphics parameters that plot methods hand on to base graphics, checked
# first: R 4.2 crashes on some values (lty = 1e10 segfaults in line drawing)
# and answers others with errors that do not name the argument.
check_line_type <- function(lty, arg, call) {
  named <- c("blank", "solid", "dashed", "dotted", "dotdash", "longdash", "twodash")
  ok <- length(lty) == 1L && is.null(dim(lty)) && !is.na(lty) &&
    ((is.numeric(lty) && lty %in% 0:6) ||
       (is.character(lty) && (lty %in% named || grepl("^([1-9A-Fa-f]{2}){1,4}$", lty))))
  if (!ok)
    sds_abort(gettextf("'%s' must be one line type, a whole number from 0 to 6 or one of %s, not %s",
                       arg, quote_labels(named), format_value(lty), domain = "R-sdsante"), call)
  lty
}

check_line_width <- function(lwd, arg, call) {
  if (!is.numeric(lwd) || length(lwd) != 1L || is.na(lwd) || lwd <= 0 || lwd > 100)
    sds_abort(gettextf("'%s' must be one line width, a number greater than 0 and at most 100, not %s",
                       arg, format_value(lwd), domain = "R-sdsante"), call)
  lwd
}

# Colours: names, "#RRGGBB(AA)" strings or palette numbers, `n` of them at
# least (exactly one when `single`).
check_colours <- function(col, arg, call, n = 1L, single = TRUE) {
  valid <- function(colour) {
    if (is.na(colour)) return(FALSE)
    if (is.numeric(colour)) return(colour >= 0 && colour <= .Machine$integer.max &&
                                     colour == trunc(colour))
    !inherits(tryCatch(grDevices::col2rgb(colour), error = identity), "error")
  }
  ok <- (is.character(col) || is.numeric(col)) && is.null(dim(col)) &&
    (if (single) length(col) == 1L else length(col) >= n) &&
    all(vapply(as.list(col), valid, NA))
  if (!ok) {
    expected <- if (single) gettext("one colour (a name such as \"grey40\", \"#RRGGBB\" or a palette number)",
                                    domain = "R-sdsante") else
      gettextf("at least %d colours (names such as \"grey40\", \"#RRGGBB\" or palette numbers)",
               n, domain = "R-sdsante")
    sds_abort(gettextf("'%s' must be %s, not %s", arg, expected, format_value(col),
                       domain = "R-sdsante"), call)
  }
  col
}

# A title: NULL, one string or an expression (plotmath).
check_title <- function(main, arg, call) {
  ok <- is.null(main) || is.expression(main) || is.call(main) ||
    (is.character(main) && length(main) == 1L && !is.na(main))
  if (!ok)
    sds_abort(gettextf("'%s' must be one string (or NULL, or an expression), not %s",
                       arg, format_value(main), domain = "R-sdsante"), call)
  main
}

# A value as it would be typed, for messages: "C", 3, NULL, a list.
format_value <- function(x) {
  if (is.null(x) || length(x) != 1L || is.list(x)) return(describe_value(x))
  if (is.character(x) || is.factor(x)) return(paste0("\"", as.character(x), "\""))
  format(x)
}

# A single number, possibly restricted to an open interval.
check_number <- function(x, arg, call, lower = -Inf, upper = Inf) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x <= lower || x >= upper)
    sds_abort(gettextf("'%s' must be a single number strictly between %s and %s, not %s",
                       arg, format(lower), format(upper), format_value(x),
                       domain = "R-sdsante"), call)
  as.double(x)
}

# "3 values" (a count of what was given), for messages about lengths.
describe_length <- function(x) {
  sprintf(ngettext(length(x), "%d value", "%d values", domain = "R-sdsante"), length(x))
}

# One of a few strings; the default (the whole vector of choices) means the
# first.  With `ignore_case`, "Lloyd" (as stats::kmeans spells it) is accepted.
check_choice <- function(x, choices, arg, call, ignore_case = FALSE) {
  if (identical(x, choices)) return(choices[1L])
  ok <- is.character(x) && length(x) == 1L && !is.na(x)
  value <- if (ok && ignore_case) tolower(x) else x
  if (!ok || !(value %in% choices))
    sds_abort(gettextf("'%s' must be one of %s, not %s", arg,
                       paste0("\"", choices, "\"", collapse = ", "), format_value(x),
                       domain = "R-sdsante"), call)
  value
}

# A single whole number in [lower, upper], as an integer; with `allow_inf`,
# Inf is accepted too (then the result is a double).  `upper_label` says
# where the upper bound comes from, e.g. "nrow(x) (21)".
check_whole <- function(x, arg, call, lower = 0, upper = .Machine$integer.max,
                        upper_label = format(upper), allow_inf = FALSE) {
  ok <- is.numeric(x) && length(x) == 1L && is.null(dim(x)) && !is.na(x) && x >= lower &&
    (is.finite(x) && x == trunc(x) && x <= upper || allow_inf && x == Inf)
  if (!ok) {
    if (allow_inf)
      sds_abort(gettextf("'%s' must be a whole number >= %s, or Inf, not %s",
                         arg, format(lower), format_value(x), domain = "R-sdsante"), call)
    if (upper < .Machine$integer.max)
      sds_abort(gettextf("'%s' must be a whole number between %s and %s, not %s",
                         arg, format(lower), upper_label, format_value(x),
                         domain = "R-sdsante"), call)
    sds_abort(gettextf("'%s' must be a whole number >= %s, not %s",
                       arg, format(lower), format_value(x), domain = "R-sdsante"), call)
  }
  if (allow_inf) as.double(x) else as.integer(x)
}

check_flag <- function(x, arg, call) {
  if (!is.logical(x) || length(x) != 1L || is.na(x))
    sds_abort(gettextf("'%s' must be TRUE or FALSE, not %s", arg, format_value(x),
                       domain = "R-sdsante"), call)
  x
}

check_data_frame <- function(x, arg, call) {
  if (!is.data.frame(x))
    sds_abort(gettextf("'%s' must be a data frame, not %s", arg, describe_value(x),
                       domain = "R-sdsante"), call)
  invisible(x)
}

# A double matrix from a numeric matrix, data frame or vector (one column);
# logical values count as 0 and 1 (a column of NA is logical).  A double
# matrix is returned as is (no copy).
as_numeric_matrix <- function(x, arg, call, allow_empty = FALSE) {
  if (is.data.frame(x)) {
    numeric_column <- vapply(x, function(column)
      (is.numeric(column) || is.logical(column)) && is.null(dim(column)), NA)
    if (!all(numeric_column)) {
      bad <- which(!numeric_column)[1L]
      sds_abort(gettextf("'%s' must have numeric columns only; column \"%s\" is %s",
                         arg, names(x)[bad], describe_value(x[[bad]]), domain = "R-sdsante"),
                call)
    }
  } else if (!((is.numeric(x) || is.logical(x)) && (is.matrix(x) || is.null(dim(x))))) {
    sds_abort(gettextf("'%s' must be a numeric matrix or a data frame of numeric columns, not %s",
                       arg, describe_value(x), domain = "R-sdsante"), call)
  }
  if (is.null(dim(x))) x <- matrix(x, ncol = 1L)
  if (!allow_empty && nrow(x) == 0L)
    sds_abort(gettextf("'%s' must have at least one row", arg, domain = "R-sdsante"), call)
  if (ncol(x) == 0L)
    sds_abort(gettextf("'%s' must have at least one column", arg, domain = "R-sdsante"), call)
  if (is.data.frame(x)) x <- as.matrix(x)
  if (!is.double(x)) storage.mode(x) <- "double"
  x
}

column_kind <- function(x) {
  if (!is.null(dim(x))) return(NA_character_)
  if (is.factor(x)) return("factor")
  if (is.character(x)) return("character")
  if (is.logical(x)) return("logical")
  # Dates, times and durations are not numeric for is.numeric(); 64-bit
  # integers are stored in doubles whose bits mean something else.
  if (is.numeric(x) && typeof(x) %in% c("double", "integer") && !inherits(x, "integer64"))
    return("numeric")
  NA_character_
}

kind_label <- function(kind) {
  switch(kind,
         numeric = gettext("numeric", domain = "R-sdsante"),
         logical = gettext("logical", domain = "R-sdsante"),
         factor = gettext("a factor", domain = "R-sdsante"),
         character = gettext("character", domain = "R-sdsante"))
}

describe_object <- function(x) {
  if (is.object(x) && !is.factor(x))
    return(gettextf("of class %s", paste(class(x), collapse = "/"), domain = "R-sdsante"))
  describe_value(x)
}

