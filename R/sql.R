# Every model as one SQL expression, to run where the data are: as_sql() for
# rule lists and k-means fits.  Without a connection the SQL is portable ANSI
# SQL; with one, names and strings are quoted by that database's DBI driver.
# db_predict() and db_confusion_matrix(), which run it through DBI, are in
# R/sql_db.R; the list of SQL keywords is in R/sql_keywords.R.

#' A model as a SQL expression
#'
#' Writes a rule list or a k-means fit as one SQL expression, to classify the
#' rows of a database table where they are, e.g.
#' `SELECT id, <expression> AS classe_predite FROM tableaux`. The database
#' gives the same answer as [predict()], row for row.
#'
#' @section Rule lists:
#' The rules become `CASE WHEN ... THEN ... ELSE ... END`. SQL's `CASE`
#' skips a `WHEN` whose condition is `NULL` (unknown), which is exactly what
#' [predict()][predict.sdsante_rules] does by default (`na = "next"`), and
#' SQL's `AND`, `OR` and `NOT` treat `NULL` as R's `&`, `|` and `!` treat
#' `NA`. `is.na(x)` becomes `x IS NULL`, and `x %in% c(...)`, never `NA` in
#' R, becomes `(x IS NOT NULL AND x IN (...))`. The SQL holds no `TRUE` or
#' `FALSE`, which SQLite reads as the column of that name when the table
#' has one: `x == TRUE` becomes `x`, `x == FALSE` becomes `NOT x`, and the
#' condition `TRUE` becomes `(1 = 1)`. Comparisons with `Inf` or `-Inf`
#' assume the column holds no infinite value (SQL numbers usually cannot):
#' `x < Inf` becomes `(x IS NOT NULL OR NULL)`, true unless `x` is missing.
#' Likewise a NaN stored by the database (PostgreSQL can) is a number there,
#' not a missing value as in R.
#' Factor columns are compared by label, so the table holds the labels as
#' text.
#'
#' @section k-means fits:
#' The expression gives the number (1 to k) of the nearest centre, the
#' lowest number on a tie, as [predict()][predict.sdsante_kmeans]: each
#' squared distance is computed as C computes it (differences squared and
#' summed over the variables in order, in double precision: the columns are
#' cast to `DOUBLE PRECISION`, or the connection's own type for doubles), so
#' that even ties come out the same. A fit made with `standardize = TRUE`
#' includes its standardization `(x - mean) / sd`. A row with a missing
#' (`NULL`) value gets `NULL`, where `predict()` refuses rows with missing
#' values. Infinite values and NaN, which `predict()` refuses too and which
#' some databases can store (PostgreSQL), get a group: keep them out of the
#' table. Centres of any scale (1e-300 as 1e300) give the groups of
#' `predict()`: as there, the rows and centres are first divided by the
#' power of two that brings the centres near 1, exactly. Only a row more than
#' about 2^400 times farther from 0 than the centres (its squared distances
#' overflow) goes to group 1, where `predict()` still finds its nearest
#' centre. The text grows as k x k x (number of variables).
#'
#' @section Names, strings and numbers:
#' With a DBI connection `con`, column names are quoted with
#' [DBI::dbQuoteIdentifier()] and strings (class labels, values compared
#' with a column) with [DBI::dbQuoteString()], as that database wants them.
#' Without one, the SQL is portable: strings are written `'...'` (a `'`
#' doubled) and names `"..."` (a `"` doubled), except plain lowercase names
#' (letters, digits, `_`) that no SQL dialect reserves (`yeux` stays
#' `yeux`; `order`, `index`, `current_date` are quoted). A label such as
#' `x'); DROP TABLE t; --` is then a plain string, never code. Some
#' databases read a backslash in a string as an escape (MySQL in its
#' default mode), so the portable SQL never holds a backslash: a label or
#' name with one is an error that asks for the connection, whose driver
#' quotes it for its own database. With a connection, a string holding a
#' backslash is also checked: if the database reads backslash escapes (asked
#' with a harmless probe query) and the driver's quoting would not survive
#' that reading (RPostgreSQL with `standard_conforming_strings = off`), it is
#' an error, never SQL that could run the rest of the string. Names that are
#' not plain lowercase are
#' quoted, so they keep their case (as the columns that
#' [DBI::dbWriteTable()] creates); in a database that folds unquoted names
#' to upper case (Oracle, Db2), give the connection. Numbers are written
#' with up to 17 significant digits, so that the database reads back the
#' very thresholds and centres of the model (SQLite 3.40 misreads a few
#' numbers beyond 1e40 or below 1e-40 by one unit in the last digit).
#'
#' @param model A rule list from [rule_list()] or [learn_rules()], or a
#'   k-means fit from [k_means()] (with named variables).
#' @param con Optional: an open DBI connection, whose quoting rules are used.
#' @return A character string of class `sdsante_sql`, printed as is.
#' @seealso [db_predict()] to run it on a table, [db_confusion_matrix()] to
#'   count the answers in the database.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' as_sql(model)
#' cat("SELECT id,", as_sql(model), "AS classe_predite FROM tableaux;\n")
#'
#' train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#' set.seed(1)
#' fit <- k_means(train[, c("d1", "d2")], k = 3, nstart = 10)
#' as_sql(fit)
#'
#' if (requireNamespace("RSQLite", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   DBI::dbWriteTable(con, "descripteurs", descripteurs)
#'   query <- paste("SELECT id,", as_sql(fit, con), "AS groupe FROM descripteurs")
#'   groups <- DBI::dbGetQuery(con, query)
#'   stopifnot(identical(groups$groupe, unname(predict(fit, descripteurs))))
#'   DBI::dbDisconnect(con)
#' }
as_sql <- function(model, con = NULL) UseMethod("as_sql")

#' @rdname as_sql
#' @export
as_sql.sdsante_rules <- function(model, con = NULL) {
  quoting <- sql_quoting(con, sys.call())
  structure(paste(rules_sql(model, quoting), collapse = "\n"), class = "sdsante_sql")
}

#' @rdname as_sql
#' @export
as_sql.sdsante_kmeans <- function(model, con = NULL) {
  call <- sys.call()
  quoting <- sql_quoting(con, call)
  structure(paste(kmeans_sql(model, quoting, call), collapse = "\n"), class = "sdsante_sql")
}

#' @rdname as_sql
#' @export
as_sql.default <- function(model, con = NULL) {
  sds_abort(gettextf("'model' must be a rule list (rule_list(), learn_rules()) or a k-means fit (k_means()), the models that have a SQL form, not %s",
                     describe_value(model), domain = "R-sdsante"), sys.call())
}

#' @export
print.sdsante_sql <- function(x, ...) {
  cat(x, "\n", sep = "")
  invisible(x)
}

# ---- quoting ------------------------------------------------------------------

# How names, strings and doubles are written: by the connection's driver, or
# portably (no connection).  `call` is the user's call, for errors.
sql_quoting <- function(con, call) {
  if (is.null(con))
    return(list(name = function(x) sql_name(x, call),
                string = function(x) sql_string(x, call),
                double = "DOUBLE PRECISION"))
  check_dbi("as_sql", call)
  check_connection(con, "con", call)
  escapes <- NULL   # does the database read backslash escapes? Asked once, if needed.
  string <- function(x) {
    x <- sql_text(x, call)
    quoted <- as.character(DBI::dbQuoteString(con, x))
    backslash <- grepl("\\", x, fixed = TRUE)
    if (any(backslash)) {
      if (is.null(escapes)) escapes <<- sql_reads_escapes(con)
      if (escapes) sql_check_escaped(quoted[backslash], x[backslash], call)
    }
    quoted
  }
  list(name = function(x) as.character(DBI::dbQuoteIdentifier(con, sql_text(x, call))),
       string = string, double = as.character(DBI::dbDataType(con, 0.5)))
}

# Whether the database reads a backslash in a string as an escape (MySQL's
# default mode, PostgreSQL with standard_conforming_strings off) rather than
# as a character (standard SQL).  The probe 'a\\b' is a harmless string in
# both readings; a database that cannot answer counts as one that escapes.
sql_reads_escapes <- function(con) {
  read <- tryCatch(DBI::dbGetQuery(con, "SELECT 'a\\\\b' AS probe")[[1L]],
                   error = function(e) NA_character_)
  !identical(read, "a\\\\b")
}

# In a database that reads backslash escapes, a string is only safe if the
# driver escaped it for that reading: decode each quoted string as such a
# database does and refuse any that does not give back the text, such as
# 'x\''; DROP TABLE t; --' from a driver that only doubled the quote.
sql_check_escaped <- function(quoted, text, call) {
  escaped <- c(n = "\n", t = "\t", r = "\r", b = "\b", Z = "\032", "%" = "\\%",
               "_" = "\\_")
  for (i in seq_along(quoted)) {
    chars <- strsplit(quoted[i], "", fixed = TRUE)[[1L]]
    n <- length(chars)
    decoded <- character()
    at <- 2L
    ok <- n >= 2L && chars[1L] == "'"
    while (ok && at <= n) {
      ch <- chars[at]
      if (ch == "\\" && at < n) {
        nxt <- chars[at + 1L]
        decoded <- c(decoded, if (nxt %in% names(escaped)) escaped[[nxt]] else nxt)
        at <- at + 2L
      } else if (ch == "'" && at < n && chars[at + 1L] == "'") {
        decoded <- c(decoded, "'")
        at <- at + 2L
      } else if (ch == "'") {
        ok <- at == n   # the closing quote must be the last character
        break
      } else {
        decoded <- c(decoded, ch)
        at <- at + 1L
      }
    }
    if (!ok || at > n || !identical(paste(decoded, collapse = ""), text[i]))
      sds_abort(gettextf("'con' is a database that reads backslashes in strings as escapes, and its driver does not quote %s for it: as SQL, the rest of the string could run as code. Turn the escapes off (PostgreSQL: standard_conforming_strings = on; MySQL: sql_mode NO_BACKSLASH_ESCAPES) or use a driver that escapes backslashes",
                         encodeString(text[i], quote = "\""), domain = "R-sdsante"), call)
  }
}

# Text for SQL, in UTF-8 (see check_text_input()); `arg` names where it
# comes from, for the error.
sql_text <- function(x, call = NULL, arg = "model") {
  check_text_input(as.character(x), arg, call)
}

# Portable SQL never holds a backslash: MySQL (in its default mode) reads it
# as an escape, and x\' would end the string early.
sql_no_backslash <- function(x, call) {
  if (grepl("\\", x, fixed = TRUE))
    sds_abort(gettextf("'model' holds %s, with a backslash (\\), which some databases read as an escape (MySQL): give the connection, as_sql(model, con), so that its driver quotes it",
                       encodeString(x, quote = "\""), domain = "R-sdsante"), call)
  x
}

sql_string <- function(x, call = NULL) {
  vapply(sql_text(x, call), function(s)
    paste0("'", gsub("'", "''", sql_no_backslash(s, call), fixed = TRUE), "'"),
    "", USE.NAMES = FALSE)
}

sql_name <- function(name, call = NULL) {
  vapply(sql_text(name, call), function(s) {
    if (grepl("^[a-z_][a-z0-9_]*$", s) && !(s %in% SQL_KEYWORDS)) return(s)
    paste0("\"", gsub("\"", "\"\"", sql_no_backslash(s, call), fixed = TRUE), "\"")
  }, "", USE.NAMES = FALSE)
}

# A number the database reads back exactly (17 significant digits at most);
# negative numbers in parentheses, since "x - -1" would be "x --1", a comment.
sql_number <- function(x) {
  text <- vapply(x, format_number, "")
  ifelse(x < 0 | (x == 0 & 1 / x < 0), paste0("(", text, ")"), text)
}

# ---- rule lists ---------------------------------------------------------------------

rules_sql <- function(model, quoting = sql_quoting(NULL, NULL)) {
  if (length(model$classes) == 0L) return(quoting$string(model$default))
  c("CASE",
    paste0("  WHEN ", vapply(rule_trees(model), sql_node, "", quoting = quoting),
           " THEN ", quoting$string(model$classes)),
    paste0("  ELSE ", quoting$string(model$default)),
    "END")
}

# A string or a number, as SQL (logical values never come here: see
# sql_logical()).
sql_value <- function(x, quoting) {
  if (is.character(x)) return(quoting$string(x))
  format_number(x)
}

# No TRUE or FALSE in the SQL: SQLite reads them as the column "true" or
# "false" when the table has one (a silent wrong answer).
sql_constant <- function(value) if (value) "(1 = 1)" else "(1 = 0)"

# A logical column compared with TRUE or FALSE is the column itself or its
# negation, NULL where it is NULL, as in R.
sql_logical <- function(column, op, value) {
  if ((op == "==") == value) column else paste("NOT", column)
}

sql_node <- function(node, quoting) {
  column <- if (!is.null(node$column)) quoting$name(node$column)
  switch(node$kind,
         cmp = sql_comparison(node, column, quoting),
         "in" = sql_membership(node, column, quoting),
         isna = paste(column, "IS NULL"),
         column = column,
         const = sql_constant(node$value),
         not = {
           arg <- node$arg
           if (arg$kind == "isna") paste(quoting$name(arg$column), "IS NOT NULL")
           else if (arg$kind %in% c("column", "const")) paste("NOT", sql_node(arg, quoting))
           else paste0("NOT (", sql_node(arg, quoting), ")")
         },
         and = , or = {
           texts <- vapply(junction_terms(node), function(t) {
             text <- sql_node(t, quoting)
             if (t$kind %in% c("and", "or")) paste0("(", text, ")") else text
           }, "")
           paste(texts, collapse = if (node$kind == "and") " AND " else " OR ")
         })
}

sql_comparison <- function(node, column, quoting) {
  value <- node$value
  op <- node$op
  if (is.numeric(value) && is.infinite(value)) {
    always <- if (value > 0) c("<", "<=", "!=") else c(">", ">=", "!=")
    # SQL has no portable infinity: for finite values the comparison is
    # TRUE (or FALSE) whenever the column is not NULL, and NULL otherwise.
    return(if (op %in% always) paste0("(", column, " IS NOT NULL OR NULL)")
           else paste0("(", column, " IS NULL AND NULL)"))
  }
  if (is.logical(value)) return(sql_logical(column, op, value))
  sql_op <- switch(op, "==" = "=", "!=" = "<>", op)
  paste(column, sql_op, sql_value(value, quoting))
}

sql_membership <- function(node, column, quoting) {
  values <- node$value
  if (is.numeric(values)) values <- values[is.finite(values)]
  if (length(values) == 0L)
    return(if (node$na) paste(column, "IS NULL") else sql_constant(FALSE))
  # TRUE or FALSE for every row, never NULL, as %in%.
  test <- if (is.logical(values)) {
    if (length(values) == 2L) paste(column, "IS NOT NULL")
    else paste0("(", column, " IS NOT NULL AND ", sql_logical(column, "==", values), ")")
  } else {
    paste0("(", column, " IS NOT NULL AND ", column, " IN (",
           paste(vapply(values, sql_value, "", quoting = quoting), collapse = ", "), "))")
  }
  if (node$na) paste0("(", test, " OR ", column, " IS NULL)") else test
}

# ---- k-means --------------------------------------------------------------------------

# The SQL of x * 2^p, exact: products or quotients by 2^30 (an integer
# literal, read exactly by every database) and by the remaining power, each
# step exact since no intermediate value leaves the range of doubles.
sql_times_pow2 <- function(x, p) {
  steps <- c(rep(30L, abs(p) %/% 30L), if (abs(p) %% 30L) abs(p) %% 30L)
  op <- if (p > 0) " * " else " / "
  paste0("(", x, paste0(op, sprintf("%.0f", 2^steps), collapse = ""), ")")
}

# CASE WHEN (a value is NULL) THEN NULL WHEN d1 <= d2 AND d1 <= d3 THEN 1
# WHEN d2 <= d3 THEN 2 ELSE 3 END: the first WHEN that holds is the first
# nearest centre (an earlier centre at the same distance would have won its
# own WHEN), as the strict `<` scan of src/kmeans_kernel.c.
kmeans_sql <- function(model, quoting, call) {
  vars <- colnames(model$centers)
  if (is.null(vars) || anyNA(vars) || any(vars == ""))
    sds_abort(gettext("'model' has no SQL form: its variables have no names (fit k_means() on a data frame or a matrix with column names)",
                      domain = "R-sdsante"), call)
  k <- nrow(model$centers)
  x <- paste0("CAST(", quoting$name(vars), " AS ", quoting$double, ")")
  # the scale of predict(): standardized, or divided by the power of two
  # that brings extreme centres near 1 (all rows in group 1 otherwise)
  scale <- kmeans_comparison_scale(model)
  centres <- scale$centres
  if (!is.null(model$scaling)) {
    x <- paste0("(", x, " - ", sql_number(model$scaling$center), ") / ",
                sql_number(model$scaling$scale))
  } else if (scale$exponent != 0L) {
    x <- sql_times_pow2(x, -scale$exponent)
  }
  distance <- vapply(seq_len(k), function(j) {
    diff <- paste0("(", x, " - ", sql_number(centres[j, ]), ")")
    paste0("(", paste0(diff, " * ", diff, collapse = " + "), ")")
  }, "")
  missing <- paste0("  WHEN ", paste(quoting$name(vars), "IS NULL", collapse = " OR "),
                    " THEN NULL")
  if (k == 1L) return(c("CASE", missing, "  ELSE 1", "END"))
  nearest <- vapply(seq_len(k - 1L), function(j) {
    paste0("  WHEN ", paste(distance[j], "<=", distance[(j + 1L):k], collapse = "\n   AND "),
           " THEN ", j)
  }, "")
  c("CASE", missing, nearest, paste("  ELSE", k), "END")
}
