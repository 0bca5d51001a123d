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
