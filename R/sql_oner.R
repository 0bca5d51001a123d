# Holte's 1R learned from counts made by a database: for each predictor,
# one GROUP BY counts the classes of each of its values; R forms the
# intervals (or level classes) from those counts with learn_rules()'s own
# code (the C search of src/learn_rules.c with the counts as weights, then
# learn_oner_rules()), and the rules' training counts are made from the same
# counts.

#' Holte's 1R learned from counts made by the database
#'
#' For each predictor, the database counts the classes of each of its
#' values (one `GROUP BY` per predictor); R forms 1R's intervals or groups of
#' levels from these counts, with the same code as [learn_rules()], and keeps
#' the predictor with the fewest training errors. The result is the rule
#' list that `learn_rules(formula, rows, method = "oner")` learns from the
#' same rows (read, e.g., with [DBI::dbReadTable()]): the same rules, counts
#' and errors; [predict()][predict.sdsante_rules], [as_sql()],
#' [db_predict()] and [db_confusion_matrix()] accept it.
#'
#' R receives one row per distinct (value, class) pair of each predictor: a
#' few rows for a predictor of a few levels or whole numbers, but as many as
#' the table has values for a continuous measurement. On a large table,
#' round such a column in a view first (e.g. `ROUND(glucose, 0)`), as 1R
#' would group nearby values anyway.
#'
#' Text columns are predictors whose levels are sorted (byte order), and
#' the classes, a text column (or a logical one in PostgreSQL), come in
#' sorted order, as [learn_rules()] sorts the character columns of a data
#' frame. `~ .` leaves out the columns that identify the rows, by the rule of
#' [learn_rules()], the database counting their distinct values.
#'
#' @section Sequential covering:
#' `method = "covering"` learns each rule on the rows that the previous rules
#' left, with random grow and prune splits: it needs the rows themselves, in
#' R. Draw a sample in the database and learn it with [learn_rules()], e.g.
#' `rows <- DBI::dbGetQuery(con, "SELECT * FROM patients ORDER BY RANDOM() LIMIT 20000")`
#' (SQLite and PostgreSQL; `TABLESAMPLE` in PostgreSQL for a huge table),
#' then `learn_rules(formula, rows)`; `db_learn_rules(method = "covering")`
#' stops with this advice.
#'
#' @section SQL used:
#' `GROUP BY` with `COUNT`, and for `~ .` `COUNT(DISTINCT ...)` and `CAST`:
#' every SQL engine runs it.
#'
#' @inheritParams db_k_means
#' @param formula The class column, `~`, then the predictors joined by `+`
#'   (columns of the table), or `~ .`, as in [learn_rules()].
#' @param method `"oner"`; `"covering"` is learned in R (see *Sequential
#'   covering*).
#' @param min_bucket As in [learn_rules()].
#' @return A rule list (class `sdsante_rules`), as [learn_rules()].
#' @seealso [learn_rules()], [db_confusion_matrix()] to evaluate it on a test
#'   table.
#' @export
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   train <- tableaux[tableaux$ensemble == "apprentissage", ]
#'   DBI::dbWriteTable(con, "train", train)
#'   one <- db_learn_rules(con, "train", classe ~ yeux + visages + noir)
#'   one
#'   rows <- DBI::dbReadTable(con, "train")
#'   in_r <- learn_rules(classe ~ yeux + visages + noir, rows, method = "oner")
#'   stopifnot(identical(one$classes, in_r$classes), identical(one$counts, in_r$counts))
#'   DBI::dbDisconnect(con)
#' }
db_learn_rules <- function(con, table, formula, method = c("oner", "covering"),
                           min_bucket = NULL) {
  call <- sys.call()
  check_dbi("db_learn_rules", call)
  check_connection(con, "con", call)
  method <- check_choice(method, c("oner", "covering"), "method", call)
  if (method == "covering")
    sds_abort(gettext("db_learn_rules() learns Holte's 1R (method = \"oner\") from counts made by the database; sequential covering needs the rows and learns in R: draw a sample in the database, e.g. rows <- DBI::dbGetQuery(con, \"SELECT * FROM patients ORDER BY RANDOM() LIMIT 20000\"), then learn_rules(formula, rows)",
                      domain = "R-sdsante"), call)
  if (!is.null(min_bucket))
    min_bucket <- check_whole(min_bucket, "min_bucket", call, lower = 1)
  source <- check_table(con, table, character(), "table", call)
  if (inherits(formula, "formula") && length(formula) == 3L)
    db_check_columns(source, setdiff(all.vars(formula), "."), "formula", call)
  proxy <- DBI::dbGetQuery(con, paste0("SELECT * FROM ", source$quoted, " WHERE 1 = 0"))
  n_all <- db_numbers(con, paste0("SELECT COUNT(*) AS n FROM ", source$quoted))[[1L]]
  if (n_all == 0)
    sds_abort(gettextf("table %s is empty: there is nothing to learn from", source$quoted,
                       domain = "R-sdsante"), call)
  response <- learn_response(formula, proxy, call, n_rows = n_all)
  chosen <- learn_predictors(formula, proxy, response, call, is_identifier = function(name)
    db_identifier(con, source, name, proxy[[name]]))
  y_id <- db_id(con, response, call)
  by_class <- DBI::dbGetQuery(con, paste0("SELECT ", y_id, " AS ", db_id(con, "y"), ", COUNT(*) AS ",
                                          db_id(con, "n"), " FROM ", source$quoted,
                                          " GROUP BY ", y_id))
  by_class$n <- as.double(by_class$n)
  # learn_classes() checks the classes as on the rows: each class stands
  # for (up to) two of its rows.
  classes <- learn_classes(rep(by_class$y, pmin(by_class$n, 2)), response, call)
  class_levels <- levels(classes$y)
  known <- !is.na(by_class$y)
  class_totals <- numeric(length(class_levels))
  class_totals[match(as.character(by_class$y[known]), class_levels)] <- by_class$n[known]
  n <- sum(class_totals)
  if (n < .Machine$integer.max) n <- as.integer(n)   # as length() counts rows in R
  if (is.null(min_bucket)) min_bucket <- oner_min_bucket(n, length(classes$present))
  counted <- lapply(chosen$predictors, db_oner_counts, con = con, source = source,
                    y_id = y_id, response = response, class_levels = class_levels,
                    min_bucket = min_bucket, call = call)
  training <- list(response = response, predictors = chosen$predictors,
                   y = factor(character(), levels = class_levels),
                   columns = lapply(counted, function(p) p$coded$columns[[1L]]),
                   n_levels = vapply(counted, function(p) p$coded$n_levels, 0L),
                   kinds = vapply(counted, function(p) p$coded$kinds, ""),
                   labels = lapply(counted, function(p) p$coded$labels[[1L]]),
                   n_dropped = as.integer(sum(by_class$n[!known])), identifiers = chosen$identifiers)
  fitted <- list(errors = vapply(counted, function(p) p$fitted$errors, 0),
                 classes = lapply(counted, function(p) p$fitted$classes[[1L]]),
                 cuts = lapply(counted, function(p) p$fitted$cuts[[1L]]),
                 na_class = vapply(counted, function(p) p$fitted$na_class, 0L))
  weights <- lapply(counted, `[[`, "weights")
  learned <- learn_oner_rules(fitted, training, class_totals, weights)
  model <- new_rule_list(learned$conditions, learned$classes, learned$default,
                         response = response, class_levels = class_levels, call = call)
  j <- which.min(learned$errors)
  model <- db_add_counts(model, counted[[j]]$frame, weights[[j]], call)
  learn_finish(model, "oner", formula, training, list(min_bucket = min_bucket), learned, n)
}

# One predictor: the database's counts of each (value, class) pair among the
# rows with a known class, coded as learn_rules() codes a column, and 1R's
# search on them (each pair weighted by its count).
db_oner_counts <- function(name, con, source, y_id, response, class_levels, min_bucket, call) {
  x_id <- db_id(con, name, call)
  pairs <- DBI::dbGetQuery(con, paste0("SELECT ", x_id, " AS ", db_id(con, "x"), ", ", y_id, " AS ",
                                       db_id(con, "y"), ", COUNT(*) AS ", db_id(con, "n"), " FROM ",
                                       source$quoted, " WHERE ", y_id, " IS NOT NULL GROUP BY ",
                                       x_id, ", ", y_id))
  frame <- stats::setNames(data.frame(pairs$x), name)
  coded <- learn_columns(frame, name, rep(TRUE, nrow(frame)), call)
  y <- match(as.character(pairs$y), class_levels)
  weights <- as.double(pairs$n)
  fitted <- .Call(C_sds_learn_oner, coded$columns, coded$n_levels, y, length(class_levels),
                  as.double(min_bucket), weights)
  frame[[response]] <- codes_factor(y, class_levels)
  list(coded = coded, fitted = fitted, weights = weights, frame = frame)
}

# Whether a column offered by `~ .` identifies the rows (learn_rules()'s
# rule), the database summarising its values.  `proto` is the column as a
# query without rows gives it (its type).
db_identifier <- function(con, source, name, proto) {
  if (identifier_name(name)) return(TRUE)
  kind <- if (is.character(proto)) "text" else if (is.numeric(proto)) "numeric" else "other"
  if (!values_may_identify(name, kind)) return(FALSE)
  x <- db_id(con, name)
  s <- db_numbers(con, paste0("SELECT COUNT(*) AS n, COUNT(", x, ") AS known, COUNT(DISTINCT ", x,
                              ") AS n_distinct",
                              if (kind == "numeric")
                                paste0(", SUM(CASE WHEN ", x, " <> CAST(", x,
                                       " AS BIGINT) THEN 1 ELSE 0 END) AS fractional"),
                              " FROM ", source$quoted))
  identifier_values(name, list(kind = kind, n = s[["n"]], known = s[["known"]],
                               all_distinct = s[["n_distinct"]] == s[["known"]],
                               whole = kind == "numeric" && !(s[["fractional"]] > 0)))
}

# The counts of a rule list (rules by true class, and the rows a missing
# value let through) on rows that stand for `weights` cases each.
db_add_counts <- function(model, frame, weights, call) {
  evaluated <- evaluate_rules(model, frame, "data", call)
  counts <- evaluated$counts
  column <- match(as.character(evaluated$truth), colnames(counts))
  cells <- rowsum(weights, (column - 1L) * nrow(counts) + evaluated$row)
  counts[] <- 0
  counts[as.integer(rownames(cells))] <- cells[, 1L]
  na_passed <- numeric(length(evaluated$na_passed))
  used <- intersect(unique(model$program$column), names(frame))
  incomplete <- if (length(used)) which(!stats::complete.cases(frame[used])) else integer()
  for (i in incomplete)
    na_passed <- na_passed + weights[i] *
      evaluate_rules(model, frame[i, , drop = FALSE], "data", call)$na_passed
  model$counts <- counts
  model$na_passed <- na_passed
  model
}
