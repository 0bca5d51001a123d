# Checks and coercions of the data the user gives (columns of numbers or
# text, matrices), shared by every capability; the column scans in C are in
# src/util.c.

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
  # the first value neither NA nor empty
  if (is.null(first_text)) first_text <- first_text_position(x)
  first <- if (first_text > 0) x[first_text] else NA_character_
  if (is.na(first) || !grepl("^[[:space:]]*[-+]?[0-9]", first)) return(invisible())
  values <- unique(x[!is.na(x) & nzchar(x)])
  number <- "^[[:space:]]*[-+]?([0-9]+|[0-9]{1,3}([.][0-9]{3})+)(,[0-9]*)?([eE][-+]?[0-9]+)?[[:space:]]*$"
  if (!any(grepl(",", values, fixed = TRUE)) || !all(grepl(number, values, useBytes = TRUE)))
    return(invisible())
  example <- values[grepl(",", values, fixed = TRUE)][1L]
  sds_abort(gettextf("%s holds numbers written with a decimal comma (\"%s\"), read as text: read the file with read.csv2() or read.csv(dec = \",\") (or convert with as.numeric(sub(\",\", \".\", x)))",
                     where, printable_text(example), domain = "R-sdsante"), call)
}

# The position of the first string that is neither NA nor empty (0 if none):
# usually among the first few, found without a pass over the whole vector.
first_text_position <- function(x) {
  head <- x[seq_len(min(length(x), 64L))]
  found <- which(!is.na(head) & nzchar(head))
  if (length(found)) return(found[1L])
  if (length(x) <= 64L) return(0)
  .Call(C_sds_text_scan, x, FALSE)$first_text
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
