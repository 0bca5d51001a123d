# The ROC curve computed by a database: the rows grouped by distinct score,
# window sums for the curve, and the AUC with DeLong's variance as sums over
# the same groups; R receives one row per distinct score and three numbers.
# The checks of tables and columns are shared with db_k_means()
# (R/sql_learn.R).

#' ROC curve computed by the database
#'
#' The database groups the rows by distinct score and counts the positive
#' and negative cases of each; window sums (`SUM(...) OVER (ORDER BY score
#' DESC)`) give the curve, and the area under it with DeLong's variance
#' are sums over the same groups: the placement values of DeLong's method
#' depend only on the score, so they are the same for all the cases of a
#' group. R receives one row per distinct score and five numbers. The result
#' is the object of [roc_curve()], equal to `roc_curve()` on the same rows to
#' about 1e-12, with the same `print()`, `summary()`, `plot()` and
#' [as_confusion_matrix()].
#'
#' The positive class follows the rule of [positive_class], as in memory.
#' A table has no row order: the two classes come in sorted order (numbers
#' numerically, text in byte order). Rows whose truth or score is `NULL` are
#' left out and counted in `$n_missing`.
#'
#' @section SQL used:
#' `WITH`, `CASE`, `GROUP BY` with `SUM` and the window functions
#' `SUM(...) OVER (ORDER BY ... ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT
#' ROW)` and `SUM(...) OVER ()`. The tests run it in SQLite (3.25 or
#' later) and PostgreSQL; MySQL 8, MariaDB 10.2, SQL Server and DuckDB have
#' these features too.
#'
#' @inheritParams db_k_means
#' @param truth The name of the column holding the true classes (exactly
#'   two: text, numbers such as 0/1, or logical values).
#' @param score The name of the numeric column of scores, higher for the
#'   positive class.
#' @param positive The positive class; by default inferred (see
#'   [positive_class]).
#' @return An object of class `sdsante_roc`, as [roc_curve()].
#' @seealso [roc_curve()], [db_confusion_matrix()].
#' @export
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE) &&
#'     requireNamespace("MASS", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   DBI::dbWriteTable(con, "pima", MASS::Pima.te)
#'   roc <- db_roc_curve(con, "pima", "type", "glu")   # "Yes" inferred as positive
#'   roc
#'   stopifnot(all.equal(roc$auc, roc_curve(MASS::Pima.te$type, MASS::Pima.te$glu)$auc))
#'   DBI::dbDisconnect(con)
#' }
db_roc_curve <- function(con, table, truth, score, positive = NULL) {
  call <- sys.call()
  check_dbi("db_roc_curve", call)
  check_connection(con, "con", call)
  check_response_name(truth, "truth", call)
  source <- db_numeric_columns(con, table, score, "score", call)
  db_check_columns(source, truth, "truth", call)
  t_id <- db_id(con, truth, call)
  s_id <- db_id(con, score, call)
  counts <- DBI::dbGetQuery(con, paste0("SELECT ", t_id, " AS ", db_id(con, "truth"),
                                        ", COUNT(*) AS ", db_id(con, "n"), " FROM ", source$quoted,
                                        " GROUP BY ", t_id))
  n_all <- sum(as.double(counts$n))
  if (n_all == 0)
    sds_abort(gettextf("table %s is empty: there are no cases for a ROC curve", source$quoted,
                       domain = "R-sdsante"), call)
  values <- counts$truth[!is.na(counts$truth)]
  classes <- as_classes(values, "truth", call)
  check_empty_labels(classes, "truth", call)
  classes <- levels(classes)
  if (length(classes) > 2L)
    sds_abort(gettextf("a ROC curve needs exactly two classes in 'truth', not %d (%s)",
                       length(classes), quote_labels(classes), domain = "R-sdsante"), call)
  if (length(classes) < 2L) {
    found <- if (length(classes)) paste0("\"", classes, "\"") else
      gettext("missing values", domain = "R-sdsante")
    sds_abort(gettextf("a ROC curve needs two classes in 'truth' (positive and negative cases), and there is only %s",
                       found, domain = "R-sdsante"), call)
  }
  chosen <- choose_positive(positive, classes, call, if_unknown = "ask")
  negative <- setdiff(classes, chosen$positive)
  is_positive <- db_equals(con, t_id, values[match(chosen$positive, as.character(values))], call)
  double <- as.character(DBI::dbDataType(con, 0.5))
  range <- db_numbers(con, paste0("SELECT MIN(CAST(", s_id, " AS ", double, ")) AS lo, MAX(CAST(",
                                  s_id, " AS ", double, ")) AS hi FROM ", source$quoted,
                                  " WHERE ", t_id, " IS NOT NULL"))
  if (any(!is.na(range) & !is.finite(range)))
    sds_abort(gettextf("column '%s' of table %s holds infinite values or NaN: keep only finite scores (NULL for a missing one)",
                       score, source$quoted, domain = "R-sdsante"), call)
  curve <- db_roc_points(con, source, t_id, s_id, is_positive, double)
  n_pos <- curve$n_pos
  n_neg <- curve$n_neg
  if (n_pos < 1 || n_neg < 1)
    sds_abort(gettext("a ROC curve needs at least one positive and one negative case with a score",
                      domain = "R-sdsante"), call)
  area <- db_roc_auc(con, curve$groups, double)
  auc <- area[["twice"]] / (2 * n_pos * n_neg)
  var_auc <- if (n_pos <= 1 || n_neg <= 1) NA_real_ else
    area[["s10"]] / (n_pos - 1) / n_pos + area[["s01"]] / (n_neg - 1) / n_neg
  structure(list(
    thresholds = c(Inf, curve$score),
    sensitivity = c(0, curve$tp) / n_pos,
    specificity = 1 - c(0, curve$fp) / n_neg,
    auc = auc, auc_ci = delong_interval(auc, var_auc), auc_var = var_auc,
    positive = chosen$positive, positive_rule = chosen$rule,
    negative = negative, classes = classes,
    n_positive = n_pos, n_negative = n_neg, n_missing = n_all - n_pos - n_neg),
    class = "sdsante_roc")
}

# SQL that is true where column `id` holds `value` (a value as the database
# returned it: text, a number, or a logical).
db_equals <- function(con, id, value, call) {
  if (is.logical(value)) return(if (value) id else paste("NOT", id))
  if (is.numeric(value)) return(paste(id, "=", sql_number(as.double(value))))
  paste(id, "=", as.character(DBI::dbQuoteString(con, sql_text(as.character(value), call))))
}

# The rows grouped by distinct score (the CTE both queries start from), and
# the curve: the scores in decreasing order with the running counts of
# positive (tp) and negative (fp) cases at or above them.
db_roc_points <- function(con, source, t_id, s_id, is_positive, double) {
  id <- function(x) db_id(con, x)
  groups <- paste0("WITH ", id("g"), " AS (SELECT CAST(", s_id, " AS ", double, ") AS ", id("s"),
                   ", CAST(SUM(CASE WHEN ", is_positive, " THEN 1 ELSE 0 END) AS ", double,
                   ") AS ", id("p"), ", CAST(SUM(CASE WHEN ", is_positive, " THEN 0 ELSE 1 END) AS ",
                   double, ") AS ", id("q"), " FROM ", source$quoted, " WHERE ", t_id,
                   " IS NOT NULL AND ", s_id, " IS NOT NULL GROUP BY CAST(", s_id, " AS ",
                   double, "))")
  running <- function(v) paste0("SUM(", id(v), ") OVER (ORDER BY ", id("s"),
                                " DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
  rows <- DBI::dbGetQuery(con, paste0(groups, "\nSELECT ", id("s"), ", ", running("p"), " AS ",
                                      id("tp"), ", ", running("q"), " AS ", id("fp"), " FROM ",
                                      id("g"), " ORDER BY ", id("s"), " DESC"))
  m <- nrow(rows)
  list(groups = groups, score = as.double(rows$s), tp = as.double(rows$tp),
       fp = as.double(rows$fp), n_pos = if (m) as.double(rows$tp[m]) else 0,
       n_neg = if (m) as.double(rows$fp[m]) else 0)
}

# The AUC (twice the Mann-Whitney count: a whole number, exact in doubles
# below 2^53) and DeLong's sums of squared placement deviations, s10 over
# the positive cases and s01 over the negative ones, as src/roc.c sums them
# group by group.
db_roc_auc <- function(con, groups, double) {
  id <- function(x) db_id(con, x)
  window <- function(v) paste0("SUM(", id(v), ") OVER (ORDER BY ", id("s"),
                               " DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")
  running <- paste0(id("c"), " AS (SELECT ", id("p"), ", ", id("q"), ", ", window("p"), " AS ",
                    id("tp"), ", ", window("q"), " AS ", id("fp"), ", SUM(", id("p"),
                    ") OVER () AS ", id("np"), ", SUM(", id("q"), ") OVER () AS ", id("nq"),
                    " FROM ", id("g"), ")")
  paired <- paste0(id("d"), " AS (SELECT ", id("c"), ".*, SUM(", id("p"), " * (2 * (", id("nq"),
                   " - ", id("fp"), ") + ", id("q"), ")) OVER () AS ", id("twice"), " FROM ",
                   id("c"), ")")
  placed <- paste0(id("e"), " AS (SELECT ", id("p"), ", ", id("q"), ", ", id("twice"), ", ((",
                   id("nq"), " - ", id("fp"), ") + 0.5 * ", id("q"), ") / ", id("nq"), " AS ",
                   id("v10"), ", ((", id("tp"), " - ", id("p"), ") + 0.5 * ", id("p"), ") / ",
                   id("np"), " AS ", id("v01"), ", ", id("twice"), " / (2.0 * ", id("np"),
                   " * ", id("nq"), ") AS ", id("theta"), " FROM ", id("d"), ")")
  square <- function(v) paste0("(", id(v), " - ", id("theta"), ") * (", id(v), " - ",
                               id("theta"), ")")
  db_numbers(con, paste0(groups, ",\n", running, ",\n", paired, ",\n", placed,
                         "\nSELECT MIN(", id("twice"), ") AS twice, SUM(", id("p"), " * ",
                         square("v10"), ") AS s10, SUM(", id("q"), " * ", square("v01"),
                         ") AS s01 FROM ", id("e")))
}
