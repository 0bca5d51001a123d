# Models run inside a database through DBI: db_predict() (the rows with the
# model's answer) and db_confusion_matrix() (the counts, by one GROUP BY),
# with the checks of connections, tables and columns.  The SQL itself comes
# from as_sql() (R/sql.R).

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
  # marked as predict()'s answers are (see check_argument_order())
  if (inherits(model, "sdsante_rules")) rows[[name]] <- mark_prediction(rows[[name]])
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
#' The classes and their checks are those of [confusion_matrix()] for a
#' character column of true classes (the table holds labels, not factor
#' levels) and the model's answers: for a rule list, the model's classes in
#' its order, and a true class that the model does not know is an error that
#' names it; for k-means, the group numbers, which the true classes must
#' then hold. A table has no row order, so labels that only the table holds
#' come in sorted order. Give `levels` to declare every class and their
#' order. Rows whose
#' true class or answer is `NULL` are not counted, and their number is kept
#' in `$n_missing`. Printing translates labels in a French session; names do
#' not change.
#'
#' @inheritParams db_predict
#' @param truth The name of the column holding the true class.
#' @param levels Optional: every class, in the order wanted, such as
#'   `levels(tableaux$classe)`, as in [confusion_matrix()].
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
  check_response_name(truth, "truth", call)
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
  check_truth_classes(pairs$truth, model, truth, call)
  confusion_from_pairs(pairs$truth, sql_prediction(model, pairs$predicted),
                       as.double(pairs$n), levels, positive, prevalence, call)
}

# A rule list's classes and the table's true classes must meet: a truth
# column that holds none of them (TRUE/FALSE stored by SQLite as 1/0, codes
# instead of labels) would give a matrix of errors only, silently.
check_truth_classes <- function(truth_values, model, truth, call) {
  if (!inherits(model, "sdsante_rules")) return(invisible())
  known <- unique(as.character(truth_values[!is.na(truth_values)]))
  if (!length(known) || any(known %in% model$class_levels)) return(invisible())
  hint <- if (all(known %in% c("0", "1")) && all(model$class_levels %in% c("FALSE", "TRUE")))
    gettext("; SQLite stores TRUE and FALSE as 1 and 0: compare in SQL (CASE WHEN ... THEN 'TRUE' ELSE 'FALSE' END, in a view) or learn the model on a factor",
            domain = "R-sdsante") else ""
  sds_abort(paste0(gettextf("column '%s' of the table holds none of the model's classes: it holds %s, the model answers %s",
                            truth, quote_labels(sort(known), 5L),
                            quote_labels(model$class_levels, 5L),
                            domain = "R-sdsante"), hint), call)
}

# The confusion matrix of counted pairs, with the classes and the checks of
# confusion_matrix() (confusion_sides()).  A table has no row order, so the
# pairs are sorted first: labels that only the table holds come in sorted
# order, after the model's classes.
confusion_from_pairs <- function(truth, predicted, n, levels, positive, prevalence, call) {
  by_label <- order(truth, predicted, method = "radix")
  truth <- truth[by_label]
  predicted <- predicted[by_label]
  n <- n[by_label]
  sides <- confusion_sides(truth, predicted, levels, call, predicted_arg = "model")
  # Labels outside the classes are named before counting: pairs with such a
  # label would otherwise be left out, as if missing.
  if (any(!is.na(truth) & !is.na(predicted)))
    for (arg in names(sides$labels))
      check_known_labels(sides$labels[[arg]], arg, sides$known, sides$from_levels, call)
  i <- match(levels(sides$truth), sides$classes)[sides$truth]
  j <- match(levels(sides$predicted), sides$classes)[sides$predicted]
  known <- !is.na(i) & !is.na(j)
  k <- length(sides$classes)
  counts <- matrix(0, k, k)
  cells <- rowsum(n[known], (j[known] - 1L) * k + i[known])
  counts[as.integer(rownames(cells))] <- cells[, 1L]
  finish_confusion(sides, counts, sum(n[!known]), positive, prevalence, call)
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
