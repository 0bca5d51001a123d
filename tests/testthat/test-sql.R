# as_sql(), db_predict() and db_confusion_matrix(): the SQL of every model,
# run by real databases (SQLite in memory; PostgreSQL when tools/pg.sh has
# started a server and exported SDSANTE_PG_HOST, SDSANTE_PG_PORT,
# SDSANTE_PG_USER, SDSANTE_PG_DB), must answer as predict() row for row.

# The SQL must give what predict() gives, missing values included: predict()'s
# warning about rows that NA sent past a rule is not what these tests look at.
old_options <- options(sdsante.warn_na = FALSE)

lecture_rules <- function() {
  rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
            .default = "Paysage")
}


backends <- c("SQLite", "PostgreSQL")

# The tables the tests write, removed by disconnect() (a PostgreSQL database
# outlives the connection).
test_tables <- c("Patients du jour", "nouveaux", "milieu", "tableaux", "suivi", "groupes",
                 "t", "descripteurs", "import\u00e9")

write_table <- function(con, name, data) {
  stopifnot(name %in% test_tables)
  DBI::dbWriteTable(con, name, data, overwrite = TRUE, row.names = FALSE)
}

disconnect <- function(con) drop_and_disconnect(con, test_tables)

# The data as the database holds them: RPostgreSQL writes doubles with 15
# significant digits, so the comparison with predict() is made on the numbers
# read back (exact reading: extra_float_digits); other columns keep their R
# type (SQLite has no logical type).  Rows are numbered by the column `row`.
as_stored <- function(con, name, data) {
  stored <- DBI::dbReadTable(con, name)
  stored <- stored[order(stored$row), , drop = FALSE]
  doubles <- vapply(data, is.double, TRUE)
  data[doubles] <- stored[doubles]
  data
}

# ---- random data, rules and fits ---------------------------------------------

# Columns of every kind the rules read, with missing values and names that
# are keywords, hold spaces, quotes, accents or capitals.
random_data <- function(n) {
  na <- function(x) { x[sample(n, n %/% 6)] <- NA; x }
  data <- data.frame(row = seq_len(n))
  data[["\u00e2ge du patient"]] <- na(round(rnorm(n, 50, 15), sample(0:3, 1)))
  data[["index"]] <- na(sample(-3:5, n, replace = TRUE))
  data[["current_date"]] <- na(sample(c(TRUE, FALSE), n, replace = TRUE))
  data[["Ville"]] <- na(sample(c("Lyon", "Paris", "O'Brien", "caf\u00e9"), n, replace = TRUE))
  data[["cast"]] <- na(factor(sample(c("a", "b", "c"), n, replace = TRUE),
                              levels = c("a", "b", "c", "d")))
  data[["dose \"mg\""]] <- na(runif(n, -1, 1))
  data
}

random_leaf <- function(data) {
  name <- sample(names(data)[-1L], 1L)
  column <- as.name(name)
  x <- data[[name]]
  seen <- unique(as.vector(x[!is.na(x)]))
  if (is.factor(x)) seen <- c(levels(x), "zz")
  if (runif(1) < 0.1) return(call("is.na", column))
  if (is.logical(x)) {
    return(switch(sample(3L, 1L), column, call(sample(c("==", "!="), 1L), column, sample(seen, 1L)),
                  call("%in%", column, c(TRUE, NA))))
  }
  if (runif(1) < 0.25) {
    set <- sample(seen, min(length(seen), sample(1:3, 1L)))
    if (runif(1) < 0.3) set <- c(set, NA)
    return(call("%in%", column, as.call(c(as.name("c"), as.list(set)))))
  }
  if (is.character(x) || is.factor(x))
    return(call(sample(c("==", "!="), 1L), column, sample(c(seen, "x'); DROP TABLE t; --"), 1L)))
  # Thresholds: values of the data (ties), any double, or an infinity.
  value <- switch(sample(4L, 1L), sample(seen, 1L), runif(1, min(seen), max(seen)),
                  runif(1, -1e6, 1e6), sample(c(Inf, -Inf), 1L))
  call(sample(c("<", "<=", ">", ">=", "==", "!="), 1L), column, value)
}

random_condition <- function(data, depth = 0L) {
  if (depth >= 3L || runif(1) < 0.4) return(random_leaf(data))
  switch(sample(3L, 1L),
         call("!", random_condition(data, depth + 1L)),
         call("&", random_condition(data, depth + 1L), random_condition(data, depth + 1L)),
         call("|", random_condition(data, depth + 1L), random_condition(data, depth + 1L)))
}

labels <- c("Portrait", "Paysage", "x'); DROP TABLE t; --", "caf\u00e9", "\"q\"")

random_rules <- function(data) {
  n_rules <- sample(0:5, 1L)
  new_rule_list(lapply(seq_len(n_rules), function(i) random_condition(data)),
                sample(labels, n_rules, replace = TRUE), sample(labels, 1L))
}

random_fit <- function(n, d, k, standardize) {
  x <- matrix(round(rnorm(n * d), sample(c(1, 15), 1L)), n, d)
  colnames(x) <- sample(c("d1", "Poids", "current_time", "primary", "taille (cm)",
                          "l'indice", "caf\u00e9"), d)
  k_means(x, k, nstart = 2, standardize = standardize)
}

# The merge of the SQL branch once kept an older NAMESPACE: inside the
# package's tests every function is visible, so only this test sees what a
# user who calls library(sdsante) can call.
test_that("the SQL functions and as_sql()'s methods are exported", {
  expect_true(all(c("as_sql", "db_predict", "db_confusion_matrix") %in%
                    getNamespaceExports("sdsante")))
  methods <- ls(asNamespace("sdsante")[[".__S3MethodsTable__."]])
  expect_true(all(paste0("as_sql.", c("sdsante_rules", "sdsante_kmeans", "default")) %in% methods))
  expect_true(is.function(get("db_predict", envir = as.environment("package:sdsante"))))
})

# ---- the SQL as text -----------------------------------------------------------------

test_that("as_sql() quotes keywords, odd names and strings; portable SQL has no backslash", {
  model <- rule_list(current_date > 3 & `Taille` < 2 & `prise de sang` == "O'Brien" ~
                       "x'); DROP TABLE t; --",
                     index %in% c(1, 2) | cast | !is.na(primary) ~ "caf\u00e9",
                     .default = "b")
  expect_identical(unclass(as_sql(model)), paste(
    "CASE",
    "  WHEN \"current_date\" > 3 AND \"Taille\" < 2 AND \"prise de sang\" = 'O''Brien' THEN 'x''); DROP TABLE t; --'",
    "  WHEN (\"index\" IS NOT NULL AND \"index\" IN (1, 2)) OR \"cast\" OR \"primary\" IS NOT NULL THEN 'caf\u00e9'",
    "  ELSE 'b'",
    "END", sep = "\n"))
  # The same string declared latin1 gives the same SQL, in UTF-8.
  latin1 <- iconv("caf\u00e9", "UTF-8", "latin1")
  expect_identical(Encoding(latin1), "latin1")
  sql <- as_sql(rule_list(a > 1 ~ latin1, .default = "b"))
  expect_true(grepl("'caf\u00e9'", sql, fixed = TRUE))
  expect_identical(Encoding(unclass(sql)), "UTF-8")
  # Invalid UTF-8 and backslashes are refused, never written.
  expect_error(as_sql(rule_list(a > 1 ~ "caf\xe9", .default = "b")), "not valid UTF-8")
  expect_error(as_sql(rule_list(a > 1 ~ "x\\'; DROP TABLE t; --", .default = "b")),
               "backslash .* as_sql\\(model, con\\)")
  expect_error(as_sql(rule_list(`a\\b` > 1 ~ "x", .default = "b")), "backslash")
  # A database that reads backslash escapes (MySQL): the quoting of a driver
  # that escapes them passes, a quoting that only doubles quotes is refused.
  attack <- "x\\'; DROP TABLE t; --"
  expect_silent(sql_check_escaped("'x\\\\\\'; DROP TABLE t; --'", attack, NULL))
  expect_error(sql_check_escaped("'x\\''; DROP TABLE t; --'", attack, NULL),
               "reads backslashes in strings as escapes")
  set.seed(11)
  for (i in 1:50) {
    sql <- tryCatch(as_sql(random_rules(random_data(20))), error = conditionMessage)
    expect_false(grepl("\\", sql, fixed = TRUE) && !grepl("backslash", sql))
  }
})

test_that("as_sql() of a k-means fit: every centre to 17 digits, and errors", {
  set.seed(2)
  fit <- k_means(descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")], 3,
                 nstart = 5)
  sql <- as_sql(fit)
  for (value in fit$centers)
    expect_true(grepl(format_number(value), sql, fixed = TRUE))
  expect_true(all(as.double(vapply(fit$centers, format_number, "")) == fit$centers))
  expect_match(sql, "^CASE\n  WHEN d1 IS NULL OR d2 IS NULL THEN NULL\n")
  expect_match(sql, "\n  ELSE 3\nEND$")
  one <- k_means(matrix(c(1, 2, 3), 3, dimnames = list(NULL, "x")), 1)
  expect_identical(unclass(as_sql(one)), "CASE\n  WHEN x IS NULL THEN NULL\n  ELSE 1\nEND")
  unnamed <- k_means(matrix(c(1, 2, 3, 10, 11, 12), 6), 2)
  expect_error(as_sql(unnamed), "'model' has no SQL form: its variables have no names")
  expect_error(as_sql(stats::lm(dist ~ speed, cars)), "'model' must be a rule list .* or a k-means fit")
  expect_error(as_sql(lecture_rules(), con = "base.sqlite"), "'con' must be a DBI connection")
  expect_error(check_dbi("db_predict", NULL, available = FALSE),
               "db_predict\\(\\) needs the package DBI")
  skip_without_french()
  expect_error(in_french(as_sql(unnamed)), "n'a pas de forme SQL")
})

# ---- in real databases -----------------------------------------------------------

for (backend in backends) {

  test_that(paste(backend, "reads back every threshold and centre exactly"), {
    # valgrind computes long double in 64 bits, and SQLite reads decimals in
    # long double: there, one literal in a few is read one unit off.
    skip_if(Sys.getenv("SDS_UNDER_VALGRIND") == "true",
            "valgrind does not emulate 80-bit long double arithmetic")
    con <- connect(backend)
    on.exit(disconnect(con))
    set.seed(3)
    values <- c(runif(200, -1e3, 1e3), rnorm(200) * 10^sample(-30:30, 200, TRUE),
                0.1, 1 / 3, -2 / 3, 1e15 + 0.5, 2^53, -0)
    text <- sql_number(values)
    read <- unlist(DBI::dbGetQuery(con, paste("SELECT",
      paste0("CAST(", text, " AS ", DBI::dbDataType(con, 0.5), ") AS v", seq_along(text),
             collapse = ", "))), use.names = FALSE)
    expect_identical(sprintf("%.17g", read), sprintf("%.17g", values + 0))
  })

  test_that(paste(backend, "classifies as predict() does: random rule lists"), {
    con <- connect(backend)
    on.exit(disconnect(con))
    set.seed(4)
    for (trial in 1:12) {
      data <- random_data(sample(c(1, 30, 80), 1L))
      write_table(con, "Patients du jour", data)
      data <- as_stored(con, "Patients du jour", data)
      for (m in 1:5) {
        model <- random_rules(data)
        expected <- predict(model, data)
        got <- db_predict(model, con, "Patients du jour")
        expect_identical(got$prediction[order(got$row)], expected,
                         info = paste(trial, format(model, style = "sql"), collapse = "\n"))
        # The portable SQL runs unchanged.
        portable <- DBI::dbGetQuery(con, paste('SELECT row, ', as_sql(model),
                                               ' AS p FROM "Patients du jour" ORDER BY row'))
        expect_identical(as.character(portable$p), as.character(expected))
      }
    }
    expect_true(DBI::dbExistsTable(con, "Patients du jour"))
  })

  test_that(paste(backend, "classifies as predict() does with columns named true and false"), {
    # SQLite reads TRUE and FALSE as the columns of those names when a table
    # has them: the SQL must not hold these words.
    con <- connect(backend)
    on.exit(disconnect(con))
    data <- data.frame(row = 1:6, a = c(TRUE, FALSE, NA, TRUE, FALSE, NA),
                       b = c(1, NA, 3, 4, NA, 2), "true" = FALSE, "false" = TRUE,
                       check.names = FALSE)
    write_table(con, "t", data)
    conditions <- alist(a == TRUE, a != TRUE, a == FALSE, a != FALSE, !(a == TRUE),
                        a %in% TRUE, a %in% FALSE, a %in% c(TRUE, FALSE), a %in% c(FALSE, NA),
                        !(a %in% TRUE), b %in% c(1, 2), !(b %in% c(1, 2)), b %in% c(3, NA),
                        TRUE, !FALSE, b > 2 | FALSE, b > 2 & TRUE, !(b %in% Inf))
    for (condition in conditions) {
      model <- new_rule_list(list(condition), "oui", "non")
      sql <- as_sql(model)
      expect_false(grepl("TRUE|FALSE", sql), info = deparse(condition))
      expected <- predict(model, data)
      got <- db_predict(model, con, "t")
      expect_identical(got$prediction[order(got$row)], expected, info = deparse(condition))
      portable <- DBI::dbGetQuery(con, paste("SELECT row,", sql, "AS p FROM t ORDER BY row"))
      expect_identical(portable$p, as.character(expected), info = deparse(condition))
    }
    expect_identical(as.character(predict(new_rule_list(list(quote(a == TRUE)), "oui", "non"),
                                          data)),
                     c("oui", "non", "non", "oui", "non", "non"))
  })

  test_that(paste(backend, "reads every one of its keywords as the column of that name"), {
    # Portable SQL leaves plain lowercase names unquoted unless SQL_KEYWORDS
    # lists them: each keyword of the database, as a column, must still be
    # the column (current_date is today's date unquoted, others are errors).
    con <- connect(backend)
    on.exit(disconnect(con))
    words <- if (backend == "PostgreSQL") {
      DBI::dbGetQuery(con, "SELECT word FROM pg_get_keywords()")$word
    } else {
      # https://sqlite.org/lang_keywords.html (SQLite 3.40)
      tolower(strsplit(paste(
        "ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT",
        "BEFORE BEGIN BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT",
        "CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP",
        "DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP EACH ELSE",
        "END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR",
        "FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX",
        "INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT",
        "LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET",
        "ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE",
        "RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING",
        "RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO",
        "TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL",
        "WHEN WHERE WINDOW WITH WITHOUT"), " ", fixed = TRUE)[[1L]])
    }
    expect_gt(length(words), 100L)
    words <- unique(c(words, "rowid", "oid", "_rowid_", "true", "false"))
    data <- as.data.frame(stats::setNames(rep(list(c(1, 3, NA)), length(words)), words),
                          check.names = FALSE)
    data$line_number <- 1:3
    write_table(con, "t", data)
    for (word in words) {
      model <- new_rule_list(list(call(">=", as.name(word), 2)), "a", "b")
      got <- tryCatch(DBI::dbGetQuery(con, paste("SELECT line_number,", as_sql(model),
                                                 "AS p FROM t ORDER BY line_number"))$p,
                      error = conditionMessage)
      expect_identical(got, c("b", "a", "b"), info = word)
    }
  })

  test_that(paste(backend, "classifies as predict() does: learned rule lists"), {
    skip_if_not_installed("MASS")
    con <- connect(backend)
    on.exit(disconnect(con))
    biopsy <- MASS::biopsy   # V6 has 16 missing values
    biopsy$ID <- NULL
    biopsy$row <- seq_len(nrow(biopsy))
    write_table(con, "suivi", biopsy)
    set.seed(7)
    for (method in c("covering", "oner")) {
      model <- learn_rules(class ~ . - row, biopsy, method = method)
      got <- db_predict(model, con, "suivi")
      expect_identical(got$prediction[order(got$row)], predict(model, biopsy), info = method)
      expect_identical(db_confusion_matrix(con, "suivi", "class", model,
                                           levels = levels(biopsy$class)),
                       confusion_matrix(biopsy$class, predict(model, biopsy)))
    }
  })

  test_that(paste(backend, "groups as predict() does: random k-means fits, ties, NULL"), {
    con <- connect(backend)
    on.exit(disconnect(con))
    set.seed(5)
    for (trial in 1:10) {
      d <- sample(1:4, 1L)
      fit <- random_fit(40, d, sample(1:5, 1L), standardize = trial %% 2 == 0)
      new <- as.data.frame(matrix(round(rnorm(30 * d), 1), 30, d,
                                  dimnames = list(NULL, colnames(fit$centers))),
                           check.names = FALSE)
      new[sample(30, 4), sample(d, 1L)] <- NA
      new$row <- seq_len(30)
      write_table(con, "nouveaux", new)
      new <- as_stored(con, "nouveaux", new)
      got <- db_predict(fit, con, "nouveaux", name = "groupe")
      got <- got[order(got$row), ]
      complete <- stats::complete.cases(new)
      expect_identical(got$groupe[complete], as.vector(predict(fit, new[complete, -(d + 1L)])),
                       info = paste(trial))
      expect_true(all(is.na(got$groupe[!complete])))
      expect_error(predict(fit, new[!complete, -(d + 1L), drop = FALSE]), "finite")
    }
    # Exact ties go to the first centre, as predict(): centres 0 and 2, point
    # 1; integer columns are read as doubles (no integer division).
    x <- matrix(c(0, 0, 0, 2, 2, 2), dimnames = list(NULL, "x"))
    for (fit in list(k_means(x, 2), k_means(x, 2, standardize = TRUE))) {
      for (values in list(c(1, 0, 2, NA), c(1L, 0L, 2L, NA))) {
        write_table(con, "milieu", data.frame(x = values))
        expect_identical(db_predict(fit, con, "milieu")$prediction,
                         c(as.vector(predict(fit, c(1, 0, 2))), NA))
        expect_identical(db_predict(fit, con, "milieu")$prediction[1L], 1L)
      }
    }
    integers <- data.frame(a = c(1L, 2L, 10L, 11L, 30L), b = c(5L, 3L, 8L, 1L, 2L))
    fit <- k_means(integers, 2, standardize = TRUE)
    write_table(con, "milieu", integers)
    expect_identical(db_predict(fit, con, "milieu")$prediction, as.vector(predict(fit, integers)))
  })

  test_that(paste(backend, "groups as predict() does at every scale"), {
    # Squared distances of centres near 1e155 overflow (every one Inf: all
    # rows in group 1), near 1e-170 they underflow (all 0): the SQL divides
    # by a power of two first, as predict() does.
    con <- connect(backend)
    on.exit(disconnect(con))
    for (scale in c(1e-300, 1e-170, 1e155, 1e200, 1e300, 2^-1000, 1)) {
      x <- data.frame(a = c(1, 2, 10, 11, 1.5, 10.5) * scale, b = c(0, 1, 0, 1, 3, -2) * scale,
                      row = 1:6)
      write_table(con, "milieu", x)
      x <- as_stored(con, "milieu", x)
      for (standardize in c(FALSE, TRUE)) {
        fit <- k_means(x[1:4, 1:2], 2, standardize = standardize)
        got <- db_predict(fit, con, "milieu")
        expect_identical(got$prediction[order(got$row)], as.vector(predict(fit, x[1:2])),
                         info = paste(scale, standardize))
      }
    }
    expect_identical(sql_times_pow2("x", -65L), "(x / 1073741824 / 1073741824 / 32)")
    expect_identical(sql_times_pow2("x", 30L), "(x * 1073741824)")
  })

  test_that(paste(backend, "counts the confusion matrix as confusion_matrix() does"), {
    con <- connect(backend)
    on.exit(disconnect(con))
    write_table(con, "tableaux", tableaux)
    model <- lecture_rules()
    counted <- db_confusion_matrix(con, "tableaux", "classe", model,
                                   levels = levels(tableaux$classe))
    expect_identical(counted, confusion_matrix(tableaux$classe, predict(model, tableaux)))
    expect_identical(unname(diag(counted$table)), c(7, 5, 5))
    expect_identical(summary(counted), summary(confusion_matrix(tableaux$classe,
                                                                predict(model, tableaux))))
    set.seed(6)
    for (trial in 1:6) {
      data <- random_data(60)
      data$truth <- sample(c(labels[1:3], NA), 60, replace = TRUE)
      write_table(con, "suivi", data)
      data <- as_stored(con, "suivi", data)
      model <- random_rules(data)
      predicted <- predict(model, data)
      classes <- sort(unique(c(data$truth[!is.na(data$truth)], levels(predicted))))
      if (length(classes) < 2L) next
      expect_identical(db_confusion_matrix(con, "suivi", "truth", model, levels = classes),
                       confusion_matrix(data$truth, predicted, levels = classes),
                       info = paste(trial))
      # Without 'levels', the classes are the truth's: a class that the model
      # answers and the truth never holds is an error, as in confusion_matrix().
      extra <- setdiff(as.character(unique(predicted)), data$truth)
      if (length(extra) && any(!is.na(data$truth)))
        expect_error(db_confusion_matrix(con, "suivi", "truth", model),
                     "'model' holds (a label|labels) .*classes of 'truth'")
    }
    fit <- random_fit(40, 2, 3, standardize = TRUE)
    groups <- as.data.frame(matrix(rnorm(50 * 2), 50, 2,
                                   dimnames = list(NULL, colnames(fit$centers))),
                            check.names = FALSE)
    groups$classe <- sample(c("A", "B", NA), 50, replace = TRUE)
    groups[3, 1] <- NA
    groups$row <- seq_len(50)
    write_table(con, "groupes", groups)
    groups <- as_stored(con, "groupes", groups)
    complete <- stats::complete.cases(groups[1:2])
    predicted <- rep(NA_integer_, 50)
    predicted[complete] <- predict(fit, groups[complete, 1:2])
    expect_error(db_confusion_matrix(con, "groupes", "classe", fit), "labels that are not among the classes of .truth.")
    classes <- c("A", "B", as.character(seq_len(nrow(fit$centers))))
    counted <- db_confusion_matrix(con, "groupes", "classe", fit, levels = classes)
    expect_identical(counted, confusion_matrix(groups$classe, predicted, levels = classes))
    expect_gt(counted$n_missing, 0)
  })

  test_that(paste(backend, "keeps injection attempts as plain strings"), {
    con <- connect(backend)
    on.exit(disconnect(con))
    attack <- c("x'); DROP TABLE t; --", "x\\'; DROP TABLE t; --", "a\\", "'", "\\")
    write_table(con, "t", data.frame(nom = c(attack, "autre")))
    for (label in attack) {
      model <- new_rule_list(list(call("==", as.name("nom"), label)), label, "autre")
      got <- db_predict(model, con, "t")
      expect_identical(as.character(got$prediction), c(ifelse(attack == label, label, "autre"),
                                                       "autre"))
      expect_identical(got$nom, c(attack, "autre"))
    }
    expect_true(DBI::dbExistsTable(con, "t"))
    expect_identical(DBI::dbGetQuery(con, 'SELECT COUNT(*) AS n FROM "t"')$n + 0, 6)
    if (backend == "PostgreSQL") {
      # PostgreSQL reading backslash escapes, as MySQL does by default:
      # RPostgreSQL only doubles quotes, so as_sql() refuses the label.
      DBI::dbExecute(con, "SET standard_conforming_strings = off")
      DBI::dbExecute(con, "SET escape_string_warning = off")
      model <- new_rule_list(list(quote(nom == "autre")), attack[2L], "autre")
      expect_error(db_predict(model, con, "t"), "reads backslashes in strings as escapes")
      expect_true(DBI::dbExistsTable(con, "t"))
      DBI::dbExecute(con, "SET standard_conforming_strings = on")
      expect_identical(as.character(db_predict(model, con, "t")$prediction[6L]), attack[2L])
    }
  })

  test_that(paste(backend, "gives clear errors"), {
    con <- connect(backend)
    on.exit(disconnect(con))
    write_table(con, "tableaux", tableaux)
    model <- lecture_rules()
    expect_error(db_predict(model, con, "absente"),
                 "'table' must be a table of the database, which has no table .*absente")
    expect_error(db_predict(model, con, 3), "'table' must be the name of a table")
    if (backend == "SQLite")
      expect_identical(db_predict(model, con, DBI::Id(table = "tableaux"))$prediction,
                       predict(model, tableaux))
    write_table(con, "descripteurs", descripteurs)
    expect_error(db_predict(model, con, "descripteurs"),
                 "columns 'yeux', 'visages', used by the model, are missing from table")
    expect_error(db_confusion_matrix(con, "tableaux", "verite", model),
                 "'truth' must be a column of table .*, which has no column \"verite\"")
    expect_error(db_predict(model, con, "tableaux", name = "classe"),
                 "'name' must be a new column")
    expect_error(db_predict(model, con, "tableaux", name = NA), "'name' must be the name")
    for (truth in list(NA_character_, "", c("classe", "id"), 1))
      expect_error(db_confusion_matrix(con, "tableaux", truth, model),
                   "'truth' must be the name of the column holding the true class, not")
    expect_error(db_predict(stats::lm(dist ~ speed, cars), con, "tableaux"),
                 "'model' must be a rule list")
    expect_error(db_confusion_matrix(con, "tableaux", "classe", model,
                                     levels = c("Portrait", "Personnages")),
                 "not one of the classes given by 'levels'")
    expect_error(db_confusion_matrix(con, "tableaux", "classe", model, levels = "Portrait"),
                 "'levels' must give every class once")
    expect_error(db_predict(model, "con", "tableaux"), "'con' must be a DBI connection")
    # Text columns, as a CSV imported without types gives: SQLite would
    # compare '10' with 2 as text, silently.
    DBI::dbExecute(con, paste('CREATE TABLE "import\u00e9"',
                              "(yeux TEXT, visages TEXT, d1 TEXT, d2 REAL)"))
    expect_error(db_predict(model, con, "import\u00e9"),
                 "column 'yeux' of table .* holds text, and the model reads it as numbers")
    fit <- k_means(descripteurs[c("d1", "d2")], 2)
    expect_error(db_confusion_matrix(con, "import\u00e9", "yeux", fit),
                 "column 'd1' of table .* holds text")
    expect_error(db_predict(rule_list(d2 == "a" ~ "x", .default = "y"), con, "import\u00e9"),
                 "column 'd2' of table .* holds numbers, and the model compares it with strings")
    # A truth column that holds none of the model's classes: logical values
    # stored as 1/0 by SQLite, group numbers instead of labels.
    write_table(con, "suivi", data.frame(malade = c(TRUE, FALSE, TRUE), x = c(1, 0, 2)))
    sick <- rule_list(x >= 1 ~ "TRUE", .default = "FALSE")
    if (backend == "SQLite") {
      expect_error(db_confusion_matrix(con, "suivi", "malade", sick),
                   "column 'malade' of the table holds none of the model's classes: it holds \"0\", \"1\", the model answers \"TRUE\", \"FALSE\"; SQLite stores TRUE and FALSE as 1 and 0")
    } else {
      expect_identical(db_confusion_matrix(con, "suivi", "malade", sick)$table[["TRUE", "TRUE"]], 2)
    }
    expect_error(db_confusion_matrix(con, "tableaux", "classe",
                                     rule_list(yeux >= 1 ~ "1", .default = "2")),
                 "column 'classe' of the table holds none of the model's classes: it holds \"Paysage\", \"Personnages\", \"Portrait\", the model answers \"1\", \"2\"$")
    french <- in_french(tryCatch(db_confusion_matrix(con, "suivi", "malade", sick),
                                 error = conditionMessage))
    disconnect(con)
    expect_error(db_predict(model, con, "tableaux"), "'con' is a closed connection")
    expect_error(as_sql(model, con), "'con' is a closed connection")
    skip_without_french()
    expect_error(in_french(db_predict(model, con, "tableaux")), "connexion ferm\u00e9e")
    if (backend == "SQLite")
      expect_match(french, "ne contient aucune des classes du mod\u00e8le.*SQLite enregistre")
  })
}

options(old_options)
