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
# decides the order of rows and columns and the default positive class:
# a factor keeps its levels; a logical gives TRUE then FALSE; whole numbers are
# sorted numerically; character strings are sorted in C-locale (byte) order, so
# that the result does not depend on the machine's language settings.
as_classes <- function(x, arg, call) {
  if (is.factor(x)) return(x)
  # The factors are built from match() codes: factor() would first turn
  # millions of values into strings.
  as_factor <- function(x, levels) {
    structure(match(x, levels), levels = as.character(levels), class = "factor")
  }
  if (is.logical(x) && is.null(dim(x)))
    return(structure(2L - as.integer(x), levels = c("TRUE", "FALSE"), class = "factor"))
  if (is.character(x) && is.null(dim(x)))
    return(as_factor(x, sort(unique(x[!is.na(x)]), method = "radix")))
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
      !(as.character(value) %in% classes))
    sds_abort(gettextf("'%s' must be one of the classes (%s), not %s", arg,
                       paste0("\"", classes, "\"", collapse = ", "),
                       format_value(value), domain = "R-sdsante"), call)
  as.character(value)
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

