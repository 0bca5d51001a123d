# Learning inside a database: k-means (Lloyd's iterations as GROUP BY
# queries) here, with the checks of tables and columns that the ROC curve
# (window sums over the distinct scores, R/sql_roc.R) and Holte's 1R (class
# counts by value, R/sql_oner.R) share.  The database reads the rows; R
# receives aggregates only and builds the same objects as k_means(),
# roc_curve() and learn_rules().  The SQL is what standard engines share:
# CAST, CASE, GROUP BY, window functions (ROW_NUMBER, SUM ... OVER) and
# WITH; names and strings are quoted by the connection's DBI driver.

#' k-means run by the database
#'
#' Lloyd's algorithm on the rows of a database table, without bringing them
#' into R: at each iteration the database gives each row its nearest centre
#' and sums the rows by group (one `GROUP BY`); only the k x d sums and the
#' k counts come back to R, which divides them to get the new centres. The
#' result is the object of [k_means()], which `print()`, `summary()`,
#' [predict()][predict.sdsante_kmeans], [as_sql()] and [db_predict()]
#' accept.
#'
#' @section The same fit as in R:
#' From the same starting centres, `db_k_means()` makes the moves of
#' `k_means(x, centres, algorithm = "lloyd")` on the same rows: each row goes
#' to its nearest centre (the lowest-numbered one on a tie, as
#' [as_sql()] writes it), the centres become the means of their groups, until
#' no row changes group, and a group that becomes empty gets as its new
#' centre the row farthest from its own centre (k_means()'s rule; among rows
#' exactly as far, the database's choice may differ from R's, which takes the
#' first row of the data). The groups and the number of iterations are the
#' same; the centres differ only by the rounding of sums made in another
#' order (about 1e-15 relative).
#'
#' With `standardize = TRUE`, the means and standard deviations (denominator
#' n - 1, as [scale()]) are computed by the database, and the rows are
#' standardized in the queries, `(x - mean) / sd`, as [k_means()] does.
#'
#' @section Start:
#' The database numbers the complete rows in the order of their values
#' (`ROW_NUMBER() OVER (ORDER BY ...)`), R draws `sample_size` of these
#' numbers with its random numbers, and the database sends those rows: call
#' [set.seed()] first to get the same sample, hence the same start, again.
#' The starting centres are chosen in that sample as [k_means()] chooses
#' them in its data (`init`); `k` may also be a matrix of starting centres.
#' They are kept in `$start` (on the scale of the data), so that
#' `k_means(x, fit$start, algorithm = "lloyd")` on the same rows makes the
#' same fit in R. With `nstart > 1`, each start runs Lloyd's algorithm in
#' the database, and the fit with the smallest within-group sum of squares
#' is kept.
#'
#' @section Missing values and the result:
#' Rows with a `NULL` in `columns` are left out, with a message giving their
#' number (`$n_missing`). The groups of the rows stay in the database: the
#' result has no `$cluster` (`NULL`); [db_predict()] gives them, and
#' `fitted()` is not available. The columns must hold numbers (the database's
#' declared types are checked), finite and between about 1e-77 and 1e77 in
#' absolute value (or 0).
#'
#' @section SQL used:
#' `CAST(... AS DOUBLE PRECISION)` (or the connection's double type),
#' `CASE`, `GROUP BY` with `COUNT` and `SUM`, and, for the start and for
#' re-seeding empty groups, the window function `ROW_NUMBER() OVER (...)`,
#' with subqueries named by `AS`. The tests run it in SQLite and PostgreSQL;
#' MySQL 8, MariaDB 10.2, SQL Server and DuckDB have these features too
#' (Oracle does not take `AS` before a subquery's name). Each iteration
#' reads the table once; PostgreSQL can use parallel workers for it.
#'
#' @param con An open DBI connection.
#' @param table The name of a table (or view) of that database, or a
#'   [DBI::Id()].
#' @param columns The names of the numeric columns to group the rows by.
#' @param k The number of groups, or a matrix of starting centres (one row
#'   per group, one column per column of `columns`).
#' @param standardize If `TRUE`, each column is centred and divided by its
#'   standard deviation first, as in [k_means()].
#' @param nstart,iter_max As in [k_means()].
#' @param init How the starting centres are chosen in the sample:
#'   `"kmeans++"` or `"random"`, as in [k_means()].
#' @param sample_size How many rows the database draws for the start (all
#'   of them if the table has fewer).
#' @return An object of class `c("sdsante_kmeans", "kmeans")` as
#'   [k_means()]'s, with `cluster = NULL`, `algorithm = "lloyd"`, and in
#'   addition `start` (the starting centres of the fit kept), `n_missing`
#'   and `table` (the table's quoted name).
#' @seealso [k_means()], [db_predict()] for the group of each row,
#'   [db_roc_curve()], [db_learn_rules()].
#' @export
#' @examples
#' if (requireNamespace("RSQLite", quietly = TRUE)) {
#'   con <- DBI::dbConnect(RSQLite::SQLite(), ":memory:")
#'   train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
#'   DBI::dbWriteTable(con, "train", train)
#'   set.seed(1)
#'   fit <- db_k_means(con, "train", c("d1", "d2"), k = 3)
#'   fit
#'   # the same groups as k_means() from the same start
#'   in_r <- k_means(train[, c("d1", "d2")], fit$start, algorithm = "lloyd")
#'   stopifnot(all.equal(fit$centers, in_r$centers, tolerance = 1e-12))
#'   db_predict(fit, con, "train", name = "groupe")[, c("id", "groupe")]
#'   DBI::dbDisconnect(con)
#' }
db_k_means <- function(con, table, columns, k, standardize = FALSE, nstart = 1,
                       iter_max = 100, init = c("kmeans++", "random"),
                       sample_size = 10000) {
  call <- sys.call()
  check_dbi("db_k_means", call)
  check_connection(con, "con", call)
  source <- db_numeric_columns(con, table, columns, "columns", call)
  standardize <- check_flag(standardize, "standardize", call)
  nstart <- check_whole(nstart, "nstart", call, 1)
  iter_max <- check_whole(iter_max, "iter_max", call, 1)
  init <- check_choice(init, c("kmeans++", "random"), "init", call, ignore_case = TRUE)
  sample_size <- check_whole(sample_size, "sample_size", call, 1)
  if (missing(k))
    sds_abort(gettext("'k', the number of groups, is missing", domain = "R-sdsante"), call)
  data <- db_kmeans_data(con, source, columns, standardize, call)
  given <- is.matrix(k) || is.data.frame(k)
  if (given) {
    start <- db_kmeans_given(k, columns, data$n, call)
    k <- nrow(start)
    if (nstart != 1L)
      sds_abort(gettextf("'nstart' must be 1 when 'k' is a matrix of initial centres, not %s",
                         format_value(nstart), domain = "R-sdsante"), call)
    starts <- list(kmeans_to_fit_scale(start, data))
  } else {
    k <- check_whole(k, "k", call, 1, data$n,
                     gettextf("the number of rows of table %s without NULL (%s)",
                              source$quoted, format_count(data$n), domain = "R-sdsante"))
    starts <- db_kmeans_starts(con, source, data, k, nstart, init, sample_size, call)
  }
  best <- NULL
  for (start in starts) {
    fit <- db_lloyd(con, data, start, iter_max, call)
    if (is.null(best) || sum(fit$withinss) < sum(best$withinss)) best <- fit
  }
  if (!best$converged)
    warning(simpleWarning(sprintf(ngettext(iter_max,
                                           "k-means did not converge in %d iteration; increase 'iter_max' (or set 'tol')",
                                           "k-means did not converge in %d iterations; increase 'iter_max' (or set 'tol')",
                                           domain = "R-sdsante"), iter_max), call))
  settings <- list(algorithm = "lloyd", weights = NULL, weight_exponent = 0L, call = call)
  out <- kmeans_object(best, data, k, if (given) "given" else init, settings)
  out$plot_data <- NULL
  out$start <- kmeans_centres_from_fit_scale(best$start, data)
  dimnames(out$start) <- dimnames(out$centers)
  out$n_missing <- data$n_missing
  out$table <- source$quoted
  out
}

# ---- the table and its columns -----------------------------------------------------

# The table, checked, with its columns `columns` (names of numeric columns):
# an unknown table or column, or a column of text or logical values, is an
# error naming it.  The types are the declared ones, read from a query that
# returns no row (SQLite's columns without a declared type pass).
db_numeric_columns <- function(con, table, columns, arg, call) {
  if (!is.character(columns) || length(columns) == 0L || anyNA(columns) ||
      any(columns == "") || anyDuplicated(columns))
    sds_abort(gettextf("'%s' must be the names of distinct columns of the table, such as c(\"d1\", \"d2\"), not %s",
                       arg, format_value(columns), domain = "R-sdsante"), call)
  source <- check_table(con, table, character(), "table", call)
  db_check_columns(source, columns, arg, call)
  empty <- DBI::dbGetQuery(con, paste0("SELECT ", paste(db_id(con, columns, call), collapse = ", "),
                                       " FROM ", source$quoted, " WHERE 1 = 0"))
  for (j in seq_along(columns)) {
    x <- empty[[j]]
    if (is.character(x) || is.factor(x))
      sds_abort(gettextf("column '%s' of table %s holds text, where numbers are expected: convert it in the database (e.g. CAST(... AS REAL) in a view) or write the table from a data frame with numeric columns",
                         columns[j], source$quoted, domain = "R-sdsante"), call)
    # (SQLite has no logical type: its columns without a declared type read as logical)
    if (is.logical(x) && !inherits(con, "SQLiteConnection"))
      sds_abort(gettextf("column '%s' of table %s holds logical values (TRUE/FALSE), where numbers are expected: convert it in the database (CASE WHEN ... THEN 1 ELSE 0 END, in a view)",
                         columns[j], source$quoted, domain = "R-sdsante"), call)
  }
  source
}

# Every name of `columns` must be a column of the table.
db_check_columns <- function(source, columns, arg, call) {
  absent <- setdiff(columns, source$fields)
  if (length(absent))
    sds_abort(sprintf(ngettext(length(absent),
                               "'%s' names column %s, which table %s does not have (its columns: %s)",
                               "'%s' names columns %s, which table %s does not have (its columns: %s)",
                               domain = "R-sdsante"),
                      arg, paste0("'", absent, "'", collapse = ", "), source$quoted,
                      paste(utils::head(source$fields, 20L), collapse = ", ")), call)
  invisible()
}

db_id <- function(con, x, call = NULL) as.character(DBI::dbQuoteIdentifier(con, sql_text(x, call)))

# "a IS NOT NULL AND b IS NOT NULL"
db_complete <- function(ids) paste(ids, "IS NOT NULL", collapse = " AND ")

# The numbers of a one-row query, as doubles (drivers return 64-bit counts as
# doubles, integers or integer64).
db_numbers <- function(con, query) {
  row <- DBI::dbGetQuery(con, query)
  vapply(row, function(v) as.double(v[1L]), 0)
}

# ---- k-means: the data as the fit sees them -------------------------------------

# What the iterations need: the SQL of each standardized (or cast) column on
# the scale of the fit, the number of complete rows, the total sum of
# squares and the standardization, as kmeans_prepare() makes them in R.
db_kmeans_data <- function(con, source, columns, standardize, call) {
  ids <- db_id(con, columns, call)
  double <- as.character(DBI::dbDataType(con, 0.5))
  cast <- paste0("CAST(", ids, " AS ", double, ")")
  complete <- db_complete(ids)
  counts <- db_numbers(con, paste0(
    "SELECT COUNT(*) AS n_all, SUM(CASE WHEN ", complete, " THEN 1 ELSE 0 END) AS n FROM ",
    source$quoted))
  n_all <- counts[["n_all"]]
  n <- if (is.na(counts[["n"]])) 0 else counts[["n"]]
  if (n_all == 0)
    sds_abort(gettextf("table %s is empty: there are no rows to group", source$quoted,
                       domain = "R-sdsante"), call)
  if (n == 0)
    sds_abort(gettextf("every row of table %s has a NULL in 'columns': there are no rows to group",
                       source$quoted, domain = "R-sdsante"), call)
  if (n_all > n)
    message(sprintf(ngettext(min(n_all - n, 2),
                             "db_k_means(): %s row with a NULL in 'columns' was left out",
                             "db_k_means(): %s rows with a NULL in 'columns' were left out",
                             domain = "R-sdsante"), format_count(n_all - n)))
  from <- paste0(" FROM ", source$quoted, " WHERE ", complete)
  sums <- db_numbers(con, paste0("SELECT ", paste0(
    "SUM(", cast, ") AS s", seq_along(ids), ", MIN(", cast, ") AS lo", seq_along(ids),
    ", MAX(", cast, ") AS hi", seq_along(ids), collapse = ", "), from))
  d <- length(ids)
  lo <- sums[paste0("lo", seq_len(d))]
  hi <- sums[paste0("hi", seq_len(d))]
  largest <- pmax(abs(lo), abs(hi))
  bad <- which(!is.finite(largest) | largest > 2^256 | (largest > 0 & largest < 2^-256))
  if (length(bad))
    sds_abort(gettextf("column '%s' of table %s holds %s: db_k_means() needs finite numbers between about 1e-77 and 1e77 in absolute value (or 0); rescale the column in a view",
                       columns[bad[1L]], source$quoted,
                       format(if (is.finite(lo[bad[1L]])) hi[bad[1L]] else lo[bad[1L]]),
                       domain = "R-sdsante"), call)
  mean <- unname(sums[paste0("s", seq_len(d))]) / n
  deviation <- paste0("(", cast, " - ", sql_number(mean), ")")
  squares <- unname(db_numbers(con, paste0("SELECT ", paste0(
    "SUM(", deviation, " * ", deviation, ") AS v", seq_len(d), collapse = ", "), from)))
  scaling <- NULL
  x <- cast
  if (standardize) {
    scale <- sqrt(squares / (n - 1))
    constant <- which(!(scale > 0) | lo == hi)
    if (length(constant))
      sds_abort(gettextf("'standardize = TRUE' divides each column by its standard deviation, and column %s of table %s is constant",
                         columns[constant[1L]], source$quoted, domain = "R-sdsante"), call)
    scaling <- list(center = stats::setNames(mean, columns), scale = stats::setNames(scale, columns),
                    exponent = rep(0L, d))
    # as as_sql() writes a standardized fit: (CAST(x) - mean) / sd
    x <- paste0("(", cast, " - ", sql_number(mean), ") / ", sql_number(scale))
    z_mean <- unname(db_numbers(con, paste0("SELECT ", paste0("SUM(", x, ") AS m", seq_len(d),
                                                                collapse = ", "), from))) / n
    z_dev <- paste0("(", x, " - ", sql_number(z_mean), ")")
    totss <- sum(db_numbers(con, paste0("SELECT ", paste0("SUM(", z_dev, " * ", z_dev, ") AS v",
                                                            seq_len(d), collapse = ", "), from)))
  } else {
    totss <- sum(squares)
  }
  list(x = x, ids = ids, from = from, n = n, n_missing = n_all - n, totss = totss,
       scaling = scaling, exponent = 0L, names = list(NULL, columns), columns = columns,
       source = source)
}

# Initial centres given as a matrix: one column per column, finite, distinct.
db_kmeans_given <- function(centres, columns, n, call) {
  centres <- check_numeric_input(centres, "k", call)
  if (is.data.frame(centres)) centres <- as.matrix(centres)
  d <- length(columns)
  if (!is.numeric(centres) || ncol(centres) != d)
    sds_abort(gettextf("'k', a matrix of initial centres, must have one column per column of 'columns' (%d), not %d",
                       d, if (is.numeric(centres)) ncol(centres) else 0L, domain = "R-sdsante"), call)
  if (!is.null(colnames(centres)) && !identical(colnames(centres), columns))
    sds_abort(gettextf("'k', a matrix of initial centres, must have the columns of 'columns' (%s) in the same order, not %s",
                       paste(columns, collapse = ", "), paste(colnames(centres), collapse = ", "),
                       domain = "R-sdsante"), call)
  if (nrow(centres) < 1L || nrow(centres) > n)
    sds_abort(gettextf("'k', a matrix of initial centres, must have between 1 and %s rows (the rows of the table without NULL), not %d",
                       format_count(n), nrow(centres), domain = "R-sdsante"), call)
  if (!all(is.finite(centres)) || anyDuplicated(centres))
    sds_abort(gettext("'k', a matrix of initial centres, must hold finite numbers, and distinct rows",
                      domain = "R-sdsante"), call)
  storage.mode(centres) <- "double"
  dimnames(centres) <- NULL
  centres
}

# `nstart` starting centres (on the scale of the fit), chosen as k_means()
# chooses them, in a sample of the complete rows: the database numbers them
# in the order of their values, R draws the numbers.
db_kmeans_starts <- function(con, source, data, k, nstart, init, sample_size, call) {
  m <- min(data$n, sample_size)
  # (the hashed draw keeps memory to the size of the sample, whatever the
  # table; R allows it for samples of at most half the rows)
  drawn <- sort(sample.int(data$n, m, useHash = m <= data$n / 2))
  values <- paste0(data$x, " AS ", db_id(con, paste0("x", seq_along(data$ids))))
  order <- paste(data$ids, collapse = ", ")
  numbered <- paste0("SELECT ", paste(values, collapse = ", "),
                     ", ROW_NUMBER() OVER (ORDER BY ", order, ") AS ", db_id(con, "r"),
                     data$from)
  rows <- DBI::dbGetQuery(con, paste0(
    "SELECT * FROM (", numbered, ") AS ", db_id(con, "numbered"), " WHERE ", db_id(con, "r"),
    " IN (", paste(format(drawn, scientific = FALSE, trim = TRUE), collapse = ", "), ")"))
  x <- matrix(vapply(rows[seq_along(data$ids)], as.double, numeric(nrow(rows))), nrow(rows))
  lapply(seq_len(nstart), function(s) {
    chosen <- .Call(C_sds_kmeans_start, x, k, NULL, init == "kmeans++", 1L)
    if (chosen$status != 0L) db_kmeans_too_few_distinct(con, data, k, call, m)
    chosen$centers
  })
}

db_kmeans_too_few_distinct <- function(con, data, k, call, sample = NULL) {
  distinct <- db_numbers(con, paste0("SELECT COUNT(*) AS n FROM (SELECT DISTINCT ",
                                     paste(data$ids, collapse = ", "), data$from, ") AS ",
                                     db_id(con, "distinct_rows")))
  if (distinct < k)
    sds_abort(gettextf("table %s has %s distinct rows (without NULL), fewer than the %d groups asked for by 'k'",
                       data$source$quoted, format_count(distinct), k, domain = "R-sdsante"), call)
  if (!is.null(sample))
    sds_abort(gettextf("the sample of %s rows drawn for the start has fewer than %d distinct rows: raise 'sample_size' or give the initial centres as 'k'",
                       format_count(sample), k, domain = "R-sdsante"), call)
  # (an empty group found no row apart from its centre: rows that differ by
  # less than the rounding of their squared distances)
  sds_abort(gettextf("table %s has %s distinct rows, but some differ so little relative to its largest values that fewer than %d of them can be told apart in double precision",
                     data$source$quoted, format_count(distinct), k, domain = "R-sdsante"), call)
}

# ---- k-means: Lloyd's iterations -----------------------------------------------------

# The SQL CASE giving the nearest centre (1..k, lowest number on a tie) of a
# row, the centres being on the scale of the fit: as_sql()'s expression.
db_nearest_sql <- function(con, data, centres, call) {
  model <- list(centers = matrix(0, nrow(centres), length(data$columns),
                                 dimnames = list(NULL, data$columns)),
                scaling = NULL)
  if (!is.null(data$scaling)) {
    model$scaling <- data$scaling
    model$scaling$centers <- centres
  } else {
    model$centers[] <- centres
  }
  paste(kmeans_sql(model, sql_quoting(con, call), call), collapse = "\n")
}

# Squared distance of a row (x1, ..., xd: columns of a subquery) to centre j
# of `centres`, summed over the columns in order, as C sums it.
db_distance_sql <- function(x, centres, j) {
  diff <- paste0("(", x, " - ", sql_number(centres[j, ]), ")")
  paste0("(", paste0(diff, " * ", diff, collapse = " + "), ")")
}

# One pass of Lloyd's algorithm: for each group of the nearest centres
# (`centres`), its number of rows, the sums of its rows and the number of
# its rows whose nearest centre among `previous` was another (all of them
# on the first pass).  One GROUP BY; k x (d + 2) numbers come back.
db_lloyd_pass <- function(con, data, centres, previous, call) {
  d <- length(data$ids)
  x <- db_id(con, paste0("x", seq_len(d)))
  g <- db_id(con, "g")
  h <- db_id(con, "h")
  inner <- paste0("SELECT ", paste0(data$x, " AS ", x, collapse = ", "),
                  ",\n", db_nearest_sql(con, data, centres, call), " AS ", g,
                  if (!is.null(previous))
                    paste0(",\n", db_nearest_sql(con, data, previous, call), " AS ", h),
                  data$from)
  changed <- if (is.null(previous)) "COUNT(*)" else
    paste0("SUM(CASE WHEN ", g, " = ", h, " THEN 0 ELSE 1 END)")
  query <- paste0("SELECT ", g, ", COUNT(*) AS ", db_id(con, "n"), ", ",
                  paste0("SUM(", x, ") AS ", db_id(con, paste0("s", seq_len(d))), collapse = ", "),
                  ", ", changed, " AS ", db_id(con, "changed"),
                  "\nFROM (", inner, ") AS ", db_id(con, "assigned"), "\nGROUP BY ", g)
  db_group_table(DBI::dbGetQuery(con, query), nrow(centres), d)
}

# Per-group results of a GROUP BY on the group number, as a k-row table
# (groups without rows get zeros).
db_group_table <- function(rows, k, d) {
  n <- numeric(k)
  sums <- matrix(0, k, d)
  changed <- numeric(k)
  g <- as.integer(rows[[1L]])
  n[g] <- as.double(rows[[2L]])
  for (t in seq_len(d)) sums[g, t] <- as.double(rows[[2L + t]])
  if (ncol(rows) > d + 2L) changed[g] <- as.double(rows[[d + 3L]])
  list(n = n, sums = sums, changed = changed)
}

# Lloyd's algorithm from `start` (scale of the fit), as src/kmeans_batch.c
# runs it with sums computed in full at each pass: the pass that changes no
# group ends it; each other pass counts an iteration and gives the means of
# the groups; empty groups are re-seeded (db_reseed()).
db_lloyd <- function(con, data, start, iter_max, call) {
  k <- nrow(start)
  d <- ncol(start)
  centres <- start
  previous <- NULL
  picked <- NULL   # rows moved by a re-seeding, for the next count of changes
  iter <- 0L
  converged <- FALSE
  if (k == 1L) {   # one group: its mean, one iteration (as k_means())
    pass <- db_lloyd_pass(con, data, centres, NULL, call)
    centres <- pass$sums / pass$n
    iter <- 1L
    converged <- TRUE
  } else repeat {
    pass <- db_lloyd_pass(con, data, centres, previous, call)
    changed <- sum(pass$changed)
    if (!is.null(previous) && !is.null(picked)) changed <- changed + db_picked_changes(picked, centres)
    if (changed == 0) {
      iter <- iter + 1L
      converged <- TRUE
      break
    }
    iter <- iter + 1L
    means <- pass$sums / pass$n
    picked <- NULL
    if (any(pass$n == 0)) {
      reseeded <- db_reseed(con, data, centres, means, pass, call)
      means <- reseeded$means
      picked <- reseeded$picked
    }
    previous <- centres
    centres <- means
    if (iter >= iter_max) break
  }
  final <- db_kmeans_withinss(con, data, centres, call)
  list(cluster = NULL, centers = centres, withinss = final$withinss,
       size = as.integer(final$n), weight = final$n, iter = iter, converged = converged,
       start = start)
}

# The sizes and within-group sums of squares of the groups of the nearest
# centres.
db_kmeans_withinss <- function(con, data, centres, call) {
  d <- length(data$ids)
  x <- db_id(con, paste0("x", seq_len(d)))
  g <- db_id(con, "g")
  own <- paste0("CASE ", g, paste0(" WHEN ", seq_len(nrow(centres)), " THEN ",
                                   vapply(seq_len(nrow(centres)), db_distance_sql, "",
                                          x = x, centres = centres), collapse = ""), " END")
  inner <- paste0("SELECT ", paste0(data$x, " AS ", x, collapse = ", "),
                  ",\n", db_nearest_sql(con, data, centres, call), " AS ", g, data$from)
  rows <- DBI::dbGetQuery(con, paste0(
    "SELECT ", g, ", COUNT(*) AS ", db_id(con, "n"), ", SUM(", own, ") AS ", db_id(con, "wss"),
    "\nFROM (", inner, ") AS ", db_id(con, "assigned"), "\nGROUP BY ", g))
  table <- db_group_table(rows, nrow(centres), 1L)
  list(n = table$n, withinss = table$sums[, 1L])
}

# k_means()'s rule for empty groups (reseed_empty() in src/kmeans_sums.c):
# each empty group, in order, takes the row farthest from its own new centre
# among the groups that keep another row; then every mean is recomputed.
# The database sends, for each group, its rows farthest from their centre
# (as many as there are empty groups); R picks among them and corrects the
# sums.  Rows exactly as far are ordered by their values.
db_reseed <- function(con, data, centres, means, pass, call) {
  k <- nrow(centres)
  d <- ncol(centres)
  empty <- which(pass$n == 0)
  x <- db_id(con, paste0("x", seq_len(d)))
  g <- db_id(con, "g")
  far <- db_id(con, "far")
  r <- db_id(con, "r")
  full <- which(pass$n > 0)
  distance <- paste0("CASE ", g, paste0(" WHEN ", full, " THEN ",
                                        vapply(full, db_distance_sql, "", x = x, centres = means),
                                        collapse = ""), " END")
  assigned <- paste0("SELECT ", paste0(data$x, " AS ", x, collapse = ", "),
                     ",\n", db_nearest_sql(con, data, centres, call), " AS ", g, data$from)
  measured <- paste0("SELECT ", paste(x, collapse = ", "), ", ", g, ", ", distance, " AS ", far,
                     " FROM (", assigned, ") AS ", db_id(con, "assigned"))
  ranked <- paste0("SELECT ", paste(x, collapse = ", "), ", ", g, ", ", far,
                   ", ROW_NUMBER() OVER (PARTITION BY ", g, " ORDER BY ", far, " DESC, ",
                   paste(x, collapse = ", "), ") AS ", r,
                   " FROM (", measured, ") AS ", db_id(con, "measured"))
  rows <- DBI::dbGetQuery(con, paste0("SELECT * FROM (", ranked, ") AS ", db_id(con, "ranked"),
                                      " WHERE ", r, " <= ", length(empty),
                                      " ORDER BY ", far, " DESC, ", g))
  values <- matrix(vapply(rows[seq_len(d)], as.double, numeric(nrow(rows))), nrow(rows))
  group <- as.integer(rows[[d + 1L]])
  distance <- as.double(rows[[d + 2L]])
  size <- pass$n
  sums <- pass$sums
  taken <- logical(nrow(rows))
  picked <- list()
  for (j in empty) {
    best <- 0
    pick <- 0L
    for (i in seq_along(distance))
      if (!taken[i] && distance[i] > best && size[group[i]] > 1) {
        best <- distance[i]
        pick <- i
      }
    if (pick == 0L) db_kmeans_too_few_distinct(con, data, k, call)
    taken[pick] <- TRUE
    from <- group[pick]
    size[from] <- size[from] - 1
    size[j] <- 1
    sums[from, ] <- sums[from, ] - values[pick, ]
    sums[j, ] <- values[pick, ]
    picked[[length(picked) + 1L]] <- list(x = values[pick, ], from = from, to = j)
  }
  list(means = sums / size, picked = picked)
}

# The count of changes of the pass after a re-seeding: the database compared
# each row's nearest centre with its group before the re-seeding; the rows
# the re-seeding moved were in another group.
db_picked_changes <- function(picked, centres) {
  correction <- 0
  for (p in picked) {
    nearest <- .Call(C_sds_kmeans_predict, matrix(p$x, 1L), centres, FALSE)$cluster
    correction <- correction + (nearest != p$to) - (nearest != p$from)
  }
  correction
}
