# Argument checks and coercions shared by every capability.  Each check names
# the argument and says what was expected, and reports the user's own call.
# The checks of data columns are in R/checks_columns.R, those of graphics
# parameters in R/checks_graphics.R.

# Signal an error with an already translated message, attributed to `call`.
sds_abort <- function(message, call) {
  condition <- structure(class = c("sdsante_error", "error", "condition"),
                         list(message = message, call = call))
  stop(condition)
}

# A short, readable description of what a user passed ("a list", "NULL", ...).
# Classed objects (dates, durations, 64-bit integers...) are described by
# their class: their type ("a numeric vector") would say nothing useful.
describe_value <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.factor(x)) return(gettext("a factor", domain = "R-sdsante"))
  if (is.data.frame(x)) return(gettext("a data frame", domain = "R-sdsante"))
  if (is.object(x) && !inherits(x, "AsIs") && !is.function(x))
    return(gettextf("an object of class %s", paste(class(x), collapse = "/"),
                    domain = "R-sdsante"))
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
    # Labels are checked and translated to UTF-8; the codes are not copied.
    labels <- check_text_input(lev, arg, call)
    if (!identical(labels, lev)) levels(x) <- labels
    return(x)
  }
  if (is.character(x)) x <- check_text_input(x, arg, call)
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

# Counts as people read them: "1 000 000", never "1e+06" (counts are doubles).
format_count <- function(x) format(x, big.mark = " ", scientific = FALSE, trim = TRUE)

# Numbers in figures (legends, axis titles): always `digits` decimals, so
# that the numbers of one legend line up ("0.800", not "0.8"), and the
# decimal mark of the session's language (a comma in French): a figure is
# read, not typed back into R.  The mark is the last character of a
# translated string, so that it comes with the other translations.
figure_number <- function(x, digits) {
  mark <- gettext("decimal mark in figures: .", domain = "R-sdsante")
  formatC(x, format = "f", digits = digits, decimal.mark = substring(mark, nchar(mark)))
}

# A value as it would be typed, for messages: "C", 3, NULL, a list.  Bytes
# that are not valid UTF-8 are shown as <e9>, so that the message itself
# can always be printed.
format_value <- function(x) {
  if (is.null(x) || length(x) != 1L || is.list(x) || is.object(x) && !is.factor(x))
    return(describe_value(x))
  if (is.character(x) || is.factor(x)) return(paste0("\"", printable_text(as.character(x)), "\""))
  format(x)
}

# Strings safe to paste into a message: valid UTF-8 kept, other bytes
# written <e9>.
printable_text <- function(x) {
  x <- enc2utf8(as.character(x))
  bad <- !is.na(x) & !validUTF8(x)
  if (any(bad)) x[bad] <- iconv(x[bad], "latin1", "ASCII", sub = "byte")
  x
}

# A single number, possibly restricted to an open interval.
check_number <- function(x, arg, call, lower = -Inf, upper = Inf) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x <= lower || x >= upper)
    sds_abort(gettextf("'%s' must be a single number strictly between %s and %s, not %s",
                       arg, format(lower), format(upper), format_value(x),
                       domain = "R-sdsante"), call)
  as.double(x)
}

# Values as a short list for messages: "1, 2, 40" (no padding), at most
# `max` of them, then "...".
format_values <- function(x, max = 6L) {
  if (!is.atomic(x) || is.null(x)) return(describe_value(x))
  first <- x[seq_len(min(length(x), max))]
  shown <- if (is.character(first) || is.factor(first)) paste0("\"", printable_text(first), "\"")
           else format(first, trim = TRUE)
  paste0(paste(shown, collapse = ", "), if (length(x) > max) ", ..." else "")
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
  if (ok) x <- check_text_input(x, arg, call)
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

# The number of digits of a print-out: checked before round() or seq()
# meet it (print(roc, digits = "a")).
check_digits <- function(digits, call) check_whole(digits, "digits", call, lower = 1, upper = 15)

check_flag <- function(x, arg, call) {
  if (!is.logical(x) || length(x) != 1L || is.na(x))
    sds_abort(gettextf("'%s' must be TRUE or FALSE, not %s", arg, format_value(x),
                       domain = "R-sdsante"), call)
  x
}

# A single number >= 0 (k_means()'s `tol`).
check_nonnegative <- function(x, arg, call) {
  if (!is.numeric(x) || length(x) != 1L || !is.finite(x) || x < 0)
    sds_abort(gettextf("'%s' must be a single number >= 0, not %s", arg, format_value(x),
                       domain = "R-sdsante"), call)
  as.double(x)
}

# A single number, not NA; `given` is FALSE when the argument was missing
# (a threshold of as_confusion_matrix()).
check_single_number <- function(x, arg, call, given = TRUE) {
  if (!given || !is.numeric(x) || length(x) != 1L || is.na(x)) {
    shown <- if (!given) gettext("missing", domain = "R-sdsante") else format_value(x)
    sds_abort(gettextf("'%s' must be a single number, not %s", arg, shown,
                       domain = "R-sdsante"), call)
  }
  x
}

# Distinct whole numbers between 1 and `upper`, sorted, as integers
# (wss_curve()'s `k`); `upper_label` says where the bound comes from.
check_whole_values <- function(x, arg, call, upper, upper_label = format(upper)) {
  if (!is.numeric(x) || length(x) == 0L || !all(is.finite(x)) || any(x != round(x)) ||
      any(x < 1) || any(x > upper) || anyDuplicated(x))
    sds_abort(gettextf("'%s' must hold distinct whole numbers between 1 and %s, not %s",
                       arg, upper_label, format_values(x), domain = "R-sdsante"), call)
  sort(as.integer(x))
}

# A single string, valid UTF-8 (a legend entry, a title).
check_string <- function(x, arg, call) {
  if (!is.character(x) || length(x) != 1L || is.na(x))
    sds_abort(gettextf("'%s' must be a single string, not %s", arg, format_value(x),
                       domain = "R-sdsante"), call)
  check_text_input(x, arg, call)
}

# One label per row of `rows_arg` (`n` rows), as printable text.
check_row_labels <- function(labels, n, arg, rows_arg, call) {
  if (!is.atomic(labels) || !is.null(dim(labels)) || length(labels) != n)
    sds_abort(gettextf("'%s' must have one label per row of '%s' (%d), not %s",
                       arg, rows_arg, n, if (is.atomic(labels)) describe_length(labels)
                       else describe_value(labels), domain = "R-sdsante"), call)
  printable_text(check_text_input(as.character(labels), arg, call))
}

check_data_frame <- function(x, arg, call) {
  if (!is.data.frame(x))
    sds_abort(gettextf("'%s' must be a data frame, not %s", arg, describe_value(x),
                       domain = "R-sdsante"), call)
  check_column_names(x, arg, call)
  invisible(x)
}

# A file whose columns are separated by ";" read with read.csv(): one
# column, whose values hold the semicolons.  Returns the hint to add to a
# "column not found" message, or "".
separator_hint <- function(data) {
  if (!is.data.frame(data) || ncol(data) != 1L || !is.character(data[[1L]])) return("")
  first <- data[[1L]][!is.na(data[[1L]])][1L]
  if (is.na(first) || !grepl(";", first, fixed = TRUE)) return("")
  gettext("; the data frame has a single column whose values hold semicolons: the file separates its columns with \";\" (a French spreadsheet), read it with read.csv2()",
          domain = "R-sdsante")
}

# Column names that are not valid UTF-8 (a Latin-1 file read without
# fileEncoding: "\xe2ge") match no name typed in a formula or a rule.
check_column_names <- function(x, arg, call) {
  nm <- names(x)
  if (is.null(nm)) return(invisible())
  bad <- which(Encoding(nm) != "latin1" & !validUTF8(nm))
  if (length(bad))
    sds_abort(gettextf("the column names of '%s' are not valid UTF-8 (column %d, \"%s\"): a file written in Latin-1 (Windows) was probably read as UTF-8; read it with read.csv(fileEncoding = \"latin1\"), or convert the names with names(%s) <- iconv(names(%s), \"latin1\", \"UTF-8\")",
                       arg, bad[1L], printable_text(nm[bad[1L]]), arg, arg,
                       domain = "R-sdsante"), call)
  invisible()
}
