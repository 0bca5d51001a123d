# Every model as one SQL expression, to run where the data are: as_sql() for
# rule lists and k-means fits; db_predict() and db_confusion_matrix() run it
# through a DBI connection.  Without a connection the SQL is portable ANSI
# SQL; with one, names and strings are quoted by that database's DBI driver.
# The list of SQL keywords is in R/sql_keywords.R.

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
#' R, becomes `COALESCE(x IN (...), FALSE)`. Comparisons with `Inf` or `-Inf`
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
#' table. The text grows as k x k x (number of variables).
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

# Text for SQL: in UTF-8 (strings declared latin1 are translated), valid;
# `arg` names where it comes from, for the error.
sql_text <- function(x, call = NULL, arg = "model") {
  x <- as.character(x)
  # enc2utf8() would write an invalid byte as "<e9>": test before.
  undeclared <- Encoding(x) == "bytes" | (Encoding(x) == "unknown" & l10n_info()[["UTF-8"]])
  bad <- undeclared & !validUTF8(x)
  if (!any(bad)) {
    x <- enc2utf8(x)
    bad <- !validUTF8(x)
  }
  if (any(bad))
    sds_abort(gettextf("'%s' holds text that is not valid UTF-8 (%s): declare its encoding, e.g. with iconv(x, \"latin1\", \"UTF-8\")",
                       arg, encodeString(x[bad][1L], quote = "\""), domain = "R-sdsante"), call)
  Encoding(x) <- "UTF-8"
  x
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

sql_value <- function(x, quoting) {
  if (is.character(x)) return(quoting$string(x))
  if (is.logical(x)) return(if (x) "TRUE" else "FALSE")
  format_number(x)
}

sql_node <- function(node, quoting) {
  column <- if (!is.null(node$column)) quoting$name(node$column)
  switch(node$kind,
         cmp = sql_comparison(node, column, quoting),
         "in" = sql_membership(node, column, quoting),
         isna = paste(column, "IS NULL"),
         column = column,
         const = if (node$value) "TRUE" else "FALSE",
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
  sql_op <- switch(op, "==" = "=", "!=" = "<>", op)
  paste(column, sql_op, sql_value(value, quoting))
}

sql_membership <- function(node, column, quoting) {
  values <- node$value
  if (is.numeric(values)) values <- values[is.finite(values)]
  if (length(values) == 0L) return(if (node$na) paste(column, "IS NULL") else "FALSE")
  test <- paste0("COALESCE(", column, " IN (",
                 paste(vapply(values, sql_value, "", quoting = quoting), collapse = ", "),
                 "), FALSE)")
  if (node$na) paste0("(", test, " OR ", column, " IS NULL)") else test
}

# ---- k-means --------------------------------------------------------------------------

# CASE WHEN (a value is NULL) THEN NULL WHEN d1 <= d2 AND d1 <= d3 THEN 1
# WHEN d2 <= d3 THEN 2 ELSE 3 END: the first WHEN that holds is the first
# nearest centre (an earlier centre at the same distance would have won its
# own WHEN), as the strict `<` scan of src/kmeans.c.
kmeans_sql <- function(model, quoting, call) {
  vars <- colnames(model$centers)
  if (is.null(vars) || anyNA(vars) || any(vars == ""))
    sds_abort(gettext("'model' has no SQL form: its variables have no names (fit k_means() on a data frame or a matrix with column names)",
                      domain = "R-sdsante"), call)
  k <- nrow(model$centers)
  x <- paste0("CAST(", quoting$name(vars), " AS ", quoting$double, ")")
  centres <- model$centers
  if (!is.null(model$scaling)) {
    x <- paste0("(", x, " - ", sql_number(model$scaling$center), ") / ",
                sql_number(model$scaling$scale))
    centres <- model$scaling$centers
  }
  centres <- matrix(as.double(centres), k)
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

# ---- running the SQL through DBI --------------------------------------------------

#' Predict inside a database
#'
#' Runs the SQL of a model ([as_sql()]) in the database, on every row of a
#' table: the database reads the data, R only receives the answer. The
#' query is `SELECT *, <model> AS prediction FROM <table>`.
#'
#' @param model A rule list ([rule_list()], [learn_rules()]) or a k-means
#'   fit ([k_means()]).
#' @param con An open DBI connection, e.g.
#'   `DBI::dbConnect(RSQLite::SQLite(), "base.sqlite")`.
#' @param table The name of a table (or view) of that database, holding the
#'   columns the model uses (or a [DBI::Id()] for a table in a schema).
#' @param name The name of the column of predictions, which must not be a
#'   column of the table.
#' @param sql If `TRUE`, the query is returned as text (class
#'   `sdsante_sql`), not run.
#' @return The rows of the table, in the order the database gives them (SQL
#'   promises none: keep an identifier column), with the prediction as a
#'   last column: for a
#'   rule list, a factor whose levels are the model's classes (as
#'   [predict()][predict.sdsante_rules]); for a k-means fit, the group
#'   number (`NA` for a row with a missing value). With `sql = TRUE`, the
#'   query.
#' @seealso [db_confusion_matrix()], [as_sql()].
#' @export
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   DBI::dbWriteTable(con, "tableaux", tableaux)
#'   model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                      visages >= 2 ~ "Personnages", .default = "Paysage")
#'   db_predict(model, con, "tableaux", sql = TRUE)
#'   rows <- db_predict(model, con, "tableaux", name = "classe_predite")
#'   rows[, c("id", "classe", "classe_predite")]
#'   stopifnot(identical(rows$classe_predite, predict(model, tableaux)))
#'   DBI::dbDisconnect(con)
#' }
db_predict <- function(model, con, table, name = "prediction", sql = FALSE) {
  call <- sys.call()
  check_dbi("db_predict", call)
  check_connection(con, "con", call)
  sql <- check_flag(sql, "sql", call)
  source <- check_table(con, table, model_columns(model, call), "table", call)
  check_column_types(con, source, model, call)
  if (!is.character(name) || length(name) != 1L || is.na(name) || name == "")
    sds_abort(gettextf("'name' must be the name of the new column, such as \"prediction\", not %s",
                       format_value(name), domain = "R-sdsante"), call)
  if (name %in% source$fields)
    sds_abort(gettextf("'name' must be a new column, and the table already has a column \"%s\"",
                       name, domain = "R-sdsante"), call)
  query <- paste0("SELECT *,\n", as_sql(model, con), " AS ",
                  DBI::dbQuoteIdentifier(con, sql_text(name, call, "name")), "\nFROM ", source$quoted)
  if (sql) return(structure(query, class = "sdsante_sql"))
  rows <- DBI::dbGetQuery(con, query)
  rows[[name]] <- sql_prediction(model, rows[[name]])
  rows
}

#' Count a model's confusion matrix inside a database
#'
#' The database classifies every row of the table ([as_sql()]) and counts
#' the pairs (true class, model's answer) with one `GROUP BY`; R receives
#' only the counts, at most one row per pair of classes, whatever the size of
#' the table. The result is the same object as [confusion_matrix()] of the
#' true classes and [predict()] on the same rows, with the same
#' [summary()][summary.sdsante_confusion] and print.
#'
#' The classes are ordered as [confusion_matrix()] orders those of a
#' character column (the table holds labels, not factor levels): the true
#' classes in C-locale order, then the model's other classes; give `levels`
#' for another order. Rows whose
#' true class or answer is `NULL` are not counted, and their number is kept
#' in `$n_missing`. Printing translates labels in a French session; names do
#' not change.
#'
#' @inheritParams db_predict
#' @param truth The name of the column holding the true class.
#' @param levels Optional: the true classes in the order wanted, such as
#'   `levels(tableaux$classe)`, to get the matrix [confusion_matrix()] gives
#'   for a factor with these levels.
#' @param positive,prevalence As in [confusion_matrix()].
#' @return An object of class `sdsante_confusion` (see [confusion_matrix()]).
#' @seealso [db_predict()], [confusion_matrix()].
#' @export
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   DBI::dbWriteTable(con, "tableaux", tableaux)
#'   model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                      visages >= 2 ~ "Personnages", .default = "Paysage")
#'   cm <- db_confusion_matrix(con, "tableaux", "classe", model,
#'                             levels = levels(tableaux$classe))
#'   cm
#'   stopifnot(identical(cm, confusion_matrix(tableaux$classe, predict(model, tableaux))))
#'   summary(cm)
#'   DBI::dbDisconnect(con)
#' }
db_confusion_matrix <- function(con, table, truth, model, levels = NULL, positive = NULL,
                                prevalence = NULL) {
  call <- sys.call()
  check_dbi("db_confusion_matrix", call)
  check_connection(con, "con", call)
  if (!is.character(truth) || length(truth) != 1L || is.na(truth) || truth == "")
    sds_abort(gettextf("'truth' must be the name of the column holding the true class, not %s",
                       format_value(truth), domain = "R-sdsante"), call)
  source <- check_table(con, table, model_columns(model, call), "table", call)
  if (!(truth %in% source$fields))
    sds_abort(gettextf("'truth' must be a column of table %s, which has no column \"%s\"",
                       source$quoted, truth, domain = "R-sdsante"), call)
  check_column_types(con, source, model, call)
  id <- function(x) DBI::dbQuoteIdentifier(con, x)
  query <- paste0("SELECT ", id("truth"), ", ", id("predicted"), ", COUNT(*) AS ", id("n"),
                  "\nFROM (SELECT ", id(sql_text(truth, call, "truth")), " AS ", id("truth"), ",\n",
                  as_sql(model, con), " AS ", id("predicted"), "\nFROM ", source$quoted,
                  ") AS ", id("classified"),
                  "\nGROUP BY ", id("truth"), ", ", id("predicted"))
  pairs <- DBI::dbGetQuery(con, query)
  truth_values <- pairs$truth
  if (!is.null(levels)) {
    if (!is.character(levels) || anyNA(levels) || anyDuplicated(levels))
      sds_abort(gettextf("'levels' must be distinct class names, such as levels(tableaux$classe), not %s",
                         format_value(levels), domain = "R-sdsante"), call)
    other <- setdiff(as.character(truth_values[!is.na(truth_values)]), levels)
    if (length(other))
      sds_abort(gettextf("'levels' must hold every true class of the table, and lacks \"%s\"",
                         other[1L], domain = "R-sdsante"), call)
    truth_values <- factor(as.character(truth_values), levels = levels)
  }
  confusion_from_pairs(truth_values, sql_prediction(model, pairs$predicted),
                       as.double(pairs$n), positive, prevalence, call)
}

# The confusion matrix of counted pairs, with the classes of
# confusion_matrix(truth, predicted) on the rows themselves (levels from
# every value, complete pair or not).
confusion_from_pairs <- function(truth, predicted, n, positive, prevalence, call) {
  truth <- as_classes(truth, "truth", call)
  predicted <- as_classes(predicted, "model", call)
  classes <- union(levels(truth), levels(predicted))
  i <- match(levels(truth), classes)[truth]
  j <- match(levels(predicted), classes)[predicted]
  known <- !is.na(i) & !is.na(j)
  if (!any(known & n > 0))
    sds_abort(gettext("every row of 'table' has a missing true class or prediction: there is nothing to count",
                      domain = "R-sdsante"), call)
  k <- length(classes)
  counts <- matrix(0, k, k, dimnames = list(classes, classes))
  cells <- rowsum(n[known], (j[known] - 1L) * k + i[known])
  counts[as.integer(rownames(cells))] <- cells[, 1L]
  confusion <- as_confusion_matrix(counts, positive = positive, prevalence = prevalence)
  confusion$n_missing <- sum(n[!known])
  confusion
}

# The predictions as R gives them: a factor of the model's classes, or
# integer group numbers.
sql_prediction <- function(model, values) {
  if (inherits(model, "sdsante_rules"))
    return(codes_factor(match(as.character(values), model$class_levels),
                        model$class_levels))
  as.integer(values)
}

# The columns a model reads.
model_columns <- function(model, call) {
  if (inherits(model, "sdsante_rules")) {
    columns <- model$program$column
    return(unique(columns[!is.na(columns)]))
  }
  if (inherits(model, "sdsante_kmeans")) return(colnames(model$centers))
  sds_abort(gettextf("'model' must be a rule list (rule_list(), learn_rules()) or a k-means fit (k_means()), the models that have a SQL form, not %s",
                     describe_value(model), domain = "R-sdsante"), call)
}

# What the model compares each column with: "number", "text" or "logical"
# (a logical column alone, or compared with TRUE/FALSE), by column name.
model_column_uses <- function(model) {
  if (inherits(model, "sdsante_kmeans")) {
    vars <- colnames(model$centers)
    return(stats::setNames(rep("number", length(vars)), vars))
  }
  uses <- character()
  visit <- function(node) {
    if (node$kind %in% c("cmp", "in") && length(node$value)) {
      value <- node$value
      uses[[node$column]] <<- if (is.character(value)) "text"
                              else if (is.logical(value)) "logical" else "number"
    } else if (node$kind == "column") {
      uses[[node$column]] <<- "logical"
    }
    for (child in c(list(node[["arg"]]), node[["args"]])) if (!is.null(child)) visit(child)
  }
  for (tree in rule_trees(model)) visit(tree)
  uses
}

# The database compares text with numbers silently (SQLite as text, so that
# '10' < '9'): refuse a text column where the model wants numbers, and a
# numeric column where it wants strings.  The types are those of the
# table's declared columns, read from a query that returns no row; a column
# of unknown type (SQLite without a declared type) passes.
check_column_types <- function(con, source, model, call) {
  uses <- model_column_uses(model)
  if (length(uses) == 0L) return(invisible())
  columns <- names(uses)
  empty <- DBI::dbGetQuery(con, paste0(
    "SELECT ", paste(DBI::dbQuoteIdentifier(con, sql_text(columns, call)), collapse = ", "),
    " FROM ", source$quoted, " WHERE 1 = 0"))
  for (j in seq_along(columns)) {
    x <- empty[[j]]
    if (is.character(x) && uses[[j]] %in% c("number", "logical"))
      sds_abort(gettextf("column '%s' of table %s holds text, and the model reads it as numbers: convert it in the database (e.g. CAST(... AS REAL)) or write the table from a data frame with numeric columns",
                         columns[j], source$quoted, domain = "R-sdsante"), call)
    if (is.numeric(x) && uses[[j]] == "text")
      sds_abort(gettextf("column '%s' of table %s holds numbers, and the model compares it with strings",
                         columns[j], source$quoted, domain = "R-sdsante"), call)
  }
  invisible()
}

# ---- checks ---------------------------------------------------------------------------

# `available`: whether DBI can be loaded (an argument, so that tests can
# say it cannot).
check_dbi <- function(fun, call, available = requireNamespace("DBI", quietly = TRUE)) {
  if (!available)
    sds_abort(gettextf("%s() needs the package DBI (and a driver such as RSQLite or RPostgreSQL): install.packages(\"DBI\")",
                       fun, domain = "R-sdsante"), call)
}

check_connection <- function(con, arg, call) {
  if (!inherits(con, "DBIConnection"))
    sds_abort(gettextf("'%s' must be a DBI connection, such as DBI::dbConnect(RSQLite::SQLite(), \"base.sqlite\"), not %s",
                       arg, describe_value(con), domain = "R-sdsante"), call)
  if (!connection_is_open(con))
    sds_abort(gettextf("'%s' is a closed connection: connect again with DBI::dbConnect()",
                       arg, domain = "R-sdsante"), call)
  invisible(con)
}

# DBI::dbIsValid(), or, for drivers without it (RPostgreSQL 0.7), whether the
# database answers.
connection_is_open <- function(con) {
  valid <- tryCatch(DBI::dbIsValid(con), error = function(e) NULL)
  if (is.null(valid))
    valid <- tryCatch(is.data.frame(DBI::dbGetQuery(con, "SELECT 1")),
                      error = function(e) FALSE)
  isTRUE(valid)
}

# The table, quoted for the query, with its columns; errors for a table the
# database does not have and for missing columns.
check_table <- function(con, table, columns, arg, call) {
  if (!(inherits(table, "Id") ||
        (is.character(table) && length(table) == 1L && !is.na(table) && table != "")))
    sds_abort(gettextf("'%s' must be the name of a table of the database, such as \"tableaux\", not %s",
                       arg, format_value(table), domain = "R-sdsante"), call)
  if (is.character(table)) table <- sql_text(table, call, arg)
  if (!DBI::dbExistsTable(con, table)) {
    known <- DBI::dbListTables(con)
    known <- if (length(known)) paste(known[seq_len(min(10L, length(known)))], collapse = ", ")
             else gettext("none", domain = "R-sdsante")
    sds_abort(gettextf("'%s' must be a table of the database, which has no table %s (its tables: %s)",
                       arg, as.character(DBI::dbQuoteIdentifier(con, table)), known,
                       domain = "R-sdsante"), call)
  }
  quoted <- as.character(DBI::dbQuoteIdentifier(con, table))
  fields <- DBI::dbListFields(con, table)
  absent <- setdiff(columns, fields)
  if (length(absent))
    sds_abort(sprintf(ngettext(length(absent),
                               "column %s, used by the model, is missing from table %s",
                               "columns %s, used by the model, are missing from table %s",
                               domain = "R-sdsante"),
                      paste0("'", absent, "'", collapse = ", "), quoted), call)
  list(quoted = quoted, fields = fields)
}
