# Models as SQL expressions, to run where the data are.

# ---- SQL ----------------------------------------------------------------------

#' A decision list as a SQL expression
#'
#' Writes the rules as a SQL `CASE WHEN ... THEN ... ELSE ... END`
#' expression, to classify the rows of a database table, e.g.
#' `SELECT id, <expression> AS classe_predite FROM tableaux`.
#'
#' SQL's `CASE` skips a `WHEN` whose condition is `NULL` (unknown), which is
#' exactly what [predict()][predict.sdsante_rules] does by default. The
#' translation keeps R's results on missing values: `is.na(x)` becomes
#' `x IS NULL`, and `x %in% c(...)`, never `NA` in R, becomes
#' `COALESCE(x IN (...), FALSE)`. Comparisons with `Inf` or `-Inf` assume
#' the column holds no infinite value (SQL numbers usually cannot): `x < Inf`
#' becomes `(x IS NOT NULL OR NULL)`, true unless `x` is missing. Strings are
#' quoted with `'`, column names with `"` when they are not plain names.
#'
#' @param model A rule list from [rule_list()] or `learn_rules()`.
#' @return A character string of class `sdsante_sql`, printed as is.
#' @export
#' @examples
#' model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
#'                    visages >= 2 ~ "Personnages", .default = "Paysage")
#' as_sql(model)
#' cat("SELECT id,", as_sql(model), "AS classe_predite FROM tableaux;\n")
as_sql <- function(model) {
  if (!inherits(model, "sdsante_rules"))
    sds_abort(gettextf("'model' must be a rule list (see rule_list()), not %s",
                       describe_value(model), domain = "R-sdsante"), sys.call())
  structure(paste(rules_sql(model), collapse = "\n"), class = "sdsante_sql")
}

#' @export
print.sdsante_sql <- function(x, ...) {
  cat(x, "\n", sep = "")
  invisible(x)
}

rules_sql <- function(model) {
  if (length(model$classes) == 0L) return(sql_string(model$default))
  c("CASE",
    paste0("  WHEN ", vapply(rule_trees(model), sql_node, ""), " THEN ",
           sql_string(model$classes)),
    paste0("  ELSE ", sql_string(model$default)),
    "END")
}

sql_string <- function(x) paste0("'", gsub("'", "''", check_text_input(x, "model", NULL), fixed = TRUE), "'")

SQL_RESERVED <- c("all", "and", "as", "asc", "between", "by", "case", "check", "column",
                  "create", "default", "desc", "distinct", "else", "end", "false", "from",
                  "group", "having", "in", "is", "join", "like", "limit", "not", "null",
                  "on", "or", "order", "select", "table", "then", "to", "true", "union",
                  "user", "when", "where")

sql_name <- function(name) {
  if (grepl("^[A-Za-z_][A-Za-z0-9_]*$", name) && !(tolower(name) %in% SQL_RESERVED))
    name
  else paste0("\"", gsub("\"", "\"\"", name, fixed = TRUE), "\"")
}

sql_value <- function(x) {
  if (is.character(x)) return(sql_string(x))
  if (is.logical(x)) return(if (x) "TRUE" else "FALSE")
  format_number(x)
}

sql_node <- function(node) {
  column <- if (!is.null(node$column)) sql_name(node$column)
  switch(node$kind,
         cmp = sql_comparison(node, column),
         "in" = sql_membership(node, column),
         isna = paste(column, "IS NULL"),
         column = column,
         const = if (node$value) "TRUE" else "FALSE",
         not = {
           arg <- node$arg
           if (arg$kind == "isna") paste(sql_name(arg$column), "IS NOT NULL")
           else if (arg$kind %in% c("column", "const")) paste("NOT", sql_node(arg))
           else paste0("NOT (", sql_node(arg), ")")
         },
         and = , or = {
           texts <- vapply(junction_terms(node), function(t) {
             text <- sql_node(t)
             if (t$kind %in% c("and", "or")) paste0("(", text, ")") else text
           }, "")
           paste(texts, collapse = if (node$kind == "and") " AND " else " OR ")
         })
}

sql_comparison <- function(node, column) {
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
  paste(column, sql_op, sql_value(value))
}

sql_membership <- function(node, column) {
  values <- node$value
  if (is.numeric(values)) values <- values[is.finite(values)]
  if (length(values) == 0L) return(if (node$na) paste(column, "IS NULL") else "FALSE")
  test <- paste0("COALESCE(", column, " IN (",
                 paste(vapply(values, sql_value, ""), collapse = ", "), "), FALSE)")
  if (node$na) paste0("(", test, " OR ", column, " IS NULL)") else test
}

