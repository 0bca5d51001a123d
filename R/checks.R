# Argument checks and coercions shared by every capability.  Each check names
# the argument and says what was expected, and reports the user's own call.

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

# A double matrix from a numeric matrix, data frame or vector (one column);
# logical values count as 0 and 1 (a column of NA is logical).  A double
# matrix is returned as is (no copy).
as_numeric_matrix <- function(x, arg, call, allow_empty = FALSE) {
  x <- check_numeric_input(x, arg, call)
  check_no_identifiers(x, arg, call)
  if (is.data.frame(x)) {
    numeric_column <- vapply(x, function(column)
      (is.numeric(column) || is.logical(column)) && is.null(dim(column)), NA)
    if (!all(numeric_column)) {
      bad <- which(!numeric_column)[1L]
      numbers_as_text_error(x[[bad]], names(x)[bad], arg, call)
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

# A factor or text column whose values are all numbers (mlbench's
# BreastCancer, a CSV column with one stray character): say how to convert
# it, since as.numeric() of a factor gives the codes of its levels, not the
# numbers they name -- a silent wrong answer.
numbers_as_text_error <- function(column, name, arg, call) {
  if (!(is.factor(column) || is.character(column)) || !is.null(dim(column))) return(invisible())
  values <- if (is.factor(column)) levels(column) else unique(column)
  values <- values[!is.na(values) & nzchar(trimws(values))]
  if (!length(values) || anyNA(suppressWarnings(as.numeric(values)))) return(invisible())
  name <- printable_text(name)
  if (is.factor(column))
    sds_abort(gettextf("'%s' must have numeric columns only; column \"%s\" is a factor whose levels are numbers: convert it with as.numeric(as.character(x)) (as.numeric(x) alone gives the codes of the levels, 1, 2, 3, ..., not the numbers)",
                       arg, name, domain = "R-sdsante"), call)
  sds_abort(gettextf("'%s' must have numeric columns only; column \"%s\" holds numbers stored as text: convert it with as.numeric(x)",
                     arg, name, domain = "R-sdsante"), call)
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


# ---------------------------------------------------------------------------
# Inputs of every kind: where the package reads numbers or strings from the
# user, these checks run first, so that every function treats 64-bit
# integers, dates, durations, decimal-comma strings and text encodings alike.

# Numbers as the C code reads them (plain doubles or integers).  `x` is a
# vector, a matrix or a data frame (checked column by column, columns named
# in messages); `column`, if given, names `x` as a column of `arg`.  Returns `x`, with 64-bit integers (bit64) converted to
# doubles when they are exact (|x| < 2^53); refuses dates, times, durations
# and other classed numbers by their class; refuses strings (or factor
# levels) that are all numbers written with a decimal comma, which come
# from a French CSV file read with read.csv().  Anything else (plain
# numbers, logical values, other strings) is returned unchanged, for the
# caller's own checks.
check_numeric_input <- function(x, arg, call, column = NULL) {
  if (is.data.frame(x)) {
    for (j in seq_along(x)) {
      checked <- check_numeric_column(x[[j]], arg, call, names(x)[j])
      if (!is.null(checked)) x[[j]] <- checked
    }
    return(x)
  }
  checked <- check_numeric_column(x, arg, call, column)
  if (is.null(checked)) x else checked
}

# The checked column, or NULL when it is fine as it is (no copy).
check_numeric_column <- function(x, arg, call, column) {
  where <- if (is.null(column)) sprintf("'%s'", arg) else
    gettextf("column '%s' of '%s'", printable_text(column), arg, domain = "R-sdsante")
  if (inherits(x, "integer64")) return(integer64_as_double(x, where, call))
  if (is.character(x) || is.factor(x)) {
    check_decimal_comma(if (is.factor(x)) levels(x) else x, where, call)
    return(NULL)
  }
  if (!is.object(x) || inherits(x, "AsIs") || !(is.numeric(unclass(x)) || is.logical(x)))
    return(NULL)
  if (inherits(x, "difftime"))
    sds_abort(gettextf("%s is of class difftime (durations), not plain numbers: choose their unit, e.g. as.numeric(x, units = \"days\")",
                       where, domain = "R-sdsante"), call)
  if (inherits(x, c("Date", "POSIXt")))
    sds_abort(gettextf("%s is of class %s (dates or times), not plain numbers: compute a number from them first, e.g. an age in days with as.numeric(date - origin)",
                       where, paste(class(x), collapse = "/"), domain = "R-sdsante"), call)
  sds_abort(gettextf("%s is of class %s, not plain numbers: convert it explicitly first, e.g. with as.numeric()",
                     where, paste(class(x), collapse = "/"), domain = "R-sdsante"), call)
}

# 64-bit integers are stored in doubles whose bits mean something else:
# converted with bit64's own method, exactly or not at all.
integer64_as_double <- function(x, where, call) {
  if (!requireNamespace("bit64", quietly = TRUE))
    sds_abort(gettextf("%s holds 64-bit integers (class integer64): install the bit64 package to read them, or convert them with as.numeric() where they were made",
                       where, domain = "R-sdsante"), call)
  values <- suppressWarnings(as.double(x))   # bit64 warns of lost precision: checked here
  inexact <- which(!is.na(values) & !(abs(values) < 2^53))
  if (length(inexact))
    sds_abort(gettextf("%s holds 64-bit integers too large to be read exactly as numbers (|x| must be below 2^53 = 9007199254740992); value %d is %s",
                       where, inexact[1L], as.character(x[inexact[1L]]), domain = "R-sdsante"),
              call)
  attributes(values) <- attributes(x)[intersect(names(attributes(x)), c("names", "dim", "dimnames"))]
  values
}

# Numbers written with a decimal comma ("0,26", "-1,5e3", "1.234,5"); at
# least one comma, every value such a number (or empty / NA).
check_decimal_comma <- function(x, where, call, first_text = NULL) {
  # the first value neither NA nor empty (found in C for a long vector)
  if (is.null(first_text) && length(x) > 1000L)
    first_text <- .Call(C_sds_text_scan, x, FALSE)$first_text
  first <- if (is.null(first_text)) x[!is.na(x) & nzchar(x)][1L] else
    if (first_text > 0) x[first_text] else NA_character_
  if (is.na(first) || !grepl("^[[:space:]]*[-+]?[0-9]", first)) return(invisible())
  values <- unique(x[!is.na(x) & nzchar(x)])
  number <- "^[[:space:]]*[-+]?([0-9]+|[0-9]{1,3}([.][0-9]{3})+)(,[0-9]*)?([eE][-+]?[0-9]+)?[[:space:]]*$"
  if (!any(grepl(",", values, fixed = TRUE)) || !all(grepl(number, values, useBytes = TRUE)))
    return(invisible())
  example <- values[grepl(",", values, fixed = TRUE)][1L]
  sds_abort(gettextf("%s holds numbers written with a decimal comma (\"%s\"), read as text: read the file with read.csv2() or read.csv(dec = \",\") (or convert with as.numeric(sub(\",\", \".\", x)))",
                     where, printable_text(example), domain = "R-sdsante"), call)
}

# Strings in UTF-8, as the package compares and prints them.  Latin-1 and
# "bytes" strings that are valid UTF-8 are translated; strings that are not
# valid in any declared encoding (a Latin-1 file read as UTF-8) are an error
# that names the argument and says how to read the file.  A factor has its
# levels checked; anything that is not text is returned unchanged.
check_text_input <- function(x, arg, call, column = NULL, scan = NULL) {
  if (is.factor(x)) {
    levels(x) <- check_text_input(levels(x), arg, call, column)
    return(x)
  }
  if (!is.character(x)) return(x)
  # Most text is ASCII or UTF-8: one pass in C, each distinct string looked
  # at once, with polls (R's Encoding(), validUTF8() and enc2utf8() over
  # millions of strings cost far more than the work on them).  Latin-1 and
  # "bytes" strings take R's way below.
  if (is.null(scan)) scan <- .Call(C_sds_text_scan, x, l10n_info()[["UTF-8"]])
  if (scan$status == 0L) {
    if (scan$first_invalid > 0) text_encoding_error(x, scan$first_invalid, arg, call, column)
    return(scan$x)
  }
  encodings <- Encoding(x)
  if (any(encodings == "bytes")) {
    bytes <- encodings == "bytes"
    Encoding(x[bytes]) <- "unknown"
    invalid <- which(bytes)[!validUTF8(x[bytes])]
    if (length(invalid)) text_encoding_error(x, invalid[1L], arg, call, column)
    Encoding(x[bytes]) <- "UTF-8"
  }
  # In a UTF-8 session, enc2utf8() would rewrite invalid bytes as "<e9>":
  # strings of unknown (native) encoding are checked before.
  native <- Encoding(x) == "unknown"
  if (l10n_info()[["UTF-8"]] && any(native)) {
    invalid <- which(native)[!validUTF8(x[native])]
    if (length(invalid)) text_encoding_error(x, invalid[1L], arg, call, column)
  }
  x <- enc2utf8(x)
  invalid <- which(!validUTF8(x))
  if (length(invalid)) text_encoding_error(x, invalid[1L], arg, call, column)
  x
}

text_encoding_error <- function(x, i, arg, call, column = NULL) {
  where <- if (is.null(column)) sprintf("'%s'", arg) else
    gettextf("column '%s' of '%s'", printable_text(column), arg, domain = "R-sdsante")
  sds_abort(gettextf("%s holds text that is not valid UTF-8 (value %d, \"%s\"): a file written in Latin-1 (Windows) was probably read as UTF-8; read it with read.csv(fileEncoding = \"latin1\"), or convert the text with iconv(x, \"latin1\", \"UTF-8\")",
                     where, i, printable_text(x[i]), domain = "R-sdsante"), call)
}

# Both checks, for column `column` of the data frame `arg` when it may hold
# numbers or text (rules, learn_rules()); messages say "column 'd' of 'newdata'".
check_column_input <- function(x, arg, call, column = NULL) {
  if (is.character(x) && is.null(dim(x))) {   # one scan for both checks
    scan <- .Call(C_sds_text_scan, x, l10n_info()[["UTF-8"]])
    where <- if (is.null(column)) sprintf("'%s'", arg) else
      gettextf("column '%s' of '%s'", printable_text(column), arg, domain = "R-sdsante")
    check_decimal_comma(x, where, call, scan$first_text)
    return(check_text_input(x, arg, call, column, scan))
  }
  check_text_input(check_numeric_input(x, arg, call, column), arg, call, column)
}

# ---------------------------------------------------------------------------
# Graphics parameters passed through to base graphics, checked first: R 4.2
# crashes on some values (lty = 1e10 in line drawing) and gives obscure
# errors on others.  `params` is a named list (e.g. list(...)); parameters
# not listed here are left to base graphics.
check_graphics_params <- function(params, call, one = character()) {
  for (name in intersect(names(params), GRAPHICS_CHECKS$name)) {
    value <- params[[name]]
    check <- GRAPHICS_CHECKS$check[[match(name, GRAPHICS_CHECKS$name)]]
    if (!check(value) || (name %in% one && length(value) != 1L))
      sds_abort(gettextf("'%s' must be %s, not %s", name,
                         graphics_expected(name), format_values(value),
                         domain = "R-sdsante"), call)
  }
  invisible(params)
}

graphics_expected <- function(name) {
  switch(GRAPHICS_CHECKS$kind[match(name, GRAPHICS_CHECKS$name)],
         lty = gettext("a line type: 0 to 6, a name such as \"dashed\", or a string of 2, 4, 6 or 8 hexadecimal digits such as \"44\"",
                       domain = "R-sdsante"),
         size = gettext("positive numbers no larger than 100", domain = "R-sdsante"),
         col = gettext("colours (names such as \"red\", \"#RRGGBB\" codes, or palette numbers 0 and up)",
                       domain = "R-sdsante"),
         pch = gettext("plotting symbols: whole numbers 0 to 25, or single characters",
                       domain = "R-sdsante"),
         text = gettext("a title: a character string (or an expression), or NULL",
                        domain = "R-sdsante"),
         flag = gettext("TRUE or FALSE", domain = "R-sdsante"),
         range = gettext("two finite numbers", domain = "R-sdsante"))
}

is_line_type <- function(x) {
  if (is.numeric(x)) return(length(x) >= 1L && all(is.finite(x) & x == trunc(x) & x >= 0 & x <= 6))
  if (!is.character(x) || !length(x) || anyNA(x)) return(FALSE)
  named <- c("blank", "solid", "dashed", "dotted", "dotdash", "longdash", "twodash")
  all(x %in% named | grepl("^([1-9A-Fa-f]{2}){1,4}$", x))
}

is_colour <- function(x) {
  if (!length(x) || !(is.character(x) || is.numeric(x) || is.logical(x) && all(is.na(x))))
    return(FALSE)
  if (is.numeric(x) && !all(is.na(x) | is.finite(x) & x >= 0 & x == trunc(x) & x < 2^31))
    return(FALSE)
  if (is.character(x) && !all(is.na(x) | validUTF8(x))) return(FALSE)
  !inherits(tryCatch(grDevices::col2rgb(x), error = identity), "error")
}

GRAPHICS_CHECKS <- local({
  size <- function(x) is.numeric(x) && length(x) >= 1L && all(is.finite(x) & x > 0 & x <= 100)
  text <- function(x) is.null(x) || is.expression(x) || is.call(x) || is.name(x) ||
    (is.character(x) || is.numeric(x) || is.logical(x)) && length(x) == 1L &&
      (!is.character(x) || all(is.na(x) | validUTF8(x)))
  pch <- function(x) length(x) >= 1L &&
    (is.numeric(x) && all(is.finite(x) & x == trunc(x) & x >= 0 & x <= 25) ||
     is.character(x) && all(!is.na(x) & nchar(x, "bytes", allowNA = TRUE) %in% 1L))
  flag <- function(x) is.logical(x) && length(x) == 1L && !is.na(x)
  range <- function(x) is.numeric(x) && length(x) == 2L && all(is.finite(x))
  checks <- list(lty = is_line_type, lwd = size, cex = size, cex.main = size, cex.lab = size,
                 cex.axis = size, col = is_colour, bg = is_colour, fg = is_colour,
                 border = is_colour, pch = pch, main = text, sub = text, xlab = text,
                 ylab = text, add = flag, xlim = range, ylim = range)
  kinds <- c(lty = "lty", lwd = "size", cex = "size", cex.main = "size", cex.lab = "size",
             cex.axis = "size", col = "col", bg = "col", fg = "col", border = "col",
             pch = "pch", main = "text", sub = "text", xlab = "text", ylab = "text",
             add = "flag", xlim = "range", ylim = "range")
  list(name = names(checks), check = unname(checks), kind = unname(kinds[names(checks)]))
})

# ---- column scans of numeric matrices (src/util.c) ---------------------------

# One read of a numeric matrix, in C and without a copy: every value must be
# finite (the error names the first that is not); with `sum_of_squares`, also
# the total (weighted) sum of squares `totss`; with `moments`, also the column
# means and variances.  Used by k-means and the silhouette.
scan_columns <- function(x, arg, call, weights = NULL, sum_of_squares = FALSE,
                         moments = FALSE, threads = 1L) {
  columns <- .Call(C_sds_column_scan, x, weights, sum_of_squares || moments, moments, threads)
  if (columns$first_bad > 0) {
    row <- (columns$first_bad - 1) %% nrow(x) + 1
    col <- (columns$first_bad - 1) %/% nrow(x) + 1
    sds_abort(gettextf("'%s' must hold finite numbers; row %s, column %s is %s (remove or impute incomplete rows first, e.g. with na.omit())",
                       arg, format(row), matrix_column_name(x, col), format(x[row, col]),
                       domain = "R-sdsante"), call)
  }
  columns
}

# How many threads a parallel region can run: 1 without OpenMP (the tests of
# thread invariance skip then).
max_threads <- function() .Call(C_sds_max_threads)

matrix_column_name <- function(x, j) {
  if (is.null(colnames(x))) format(j) else paste0("\"", colnames(x)[j], "\"")
}
