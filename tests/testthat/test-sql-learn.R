# db_k_means(), db_roc_curve() and db_learn_rules(): learning run by real
# databases (SQLite in memory; PostgreSQL when tools/pg.sh has started a
# server and exported SDSANTE_PG_*) must give what k_means(), roc_curve()
# and learn_rules() give on the same rows.

# The tables these tests write, removed at the end (a PostgreSQL database
# outlives the connection).
learn_tables <- c("apprendre", "Mesures du jour", "scores", "vide", "texte", "train")

learn_disconnect <- function(con) drop_and_disconnect(con, learn_tables)

# The rows as the database holds them (RPostgreSQL writes doubles with 15
# significant digits), in the order of the column `row`.
learn_write <- function(con, name, data) {
  stopifnot(name %in% learn_tables)
  DBI::dbWriteTable(con, name, data, overwrite = TRUE, row.names = FALSE)
  stored <- DBI::dbReadTable(con, name, check.names = FALSE)
  if ("row" %in% names(stored)) stored <- stored[order(stored$row), , drop = FALSE]
  rownames(stored) <- NULL
  stored
}

# db_k_means() against k_means(algorithm = "lloyd") from the same start on
# the complete rows: same groups (row by row, through db_predict()), sizes
# and iterations; centres and sums of squares to 1e-12.
expect_same_kmeans <- function(fit, con, table, stored, columns, standardize, info) {
  complete <- stats::complete.cases(stored[columns])
  x <- stored[complete, columns, drop = FALSE]
  in_r <- suppressWarnings(k_means(x, fit$start, algorithm = "lloyd",
                                   standardize = standardize))
  expect_equal(fit$centers, in_r$centers, tolerance = 1e-12, info = info)
  expect_identical(fit$size, in_r$size, info = info)
  expect_identical(fit$iter, in_r$iter, info = info)
  expect_identical(fit$converged, in_r$converged, info = info)
  expect_equal(fit$withinss, in_r$withinss, tolerance = 1e-12, info = info)
  expect_equal(fit$totss, in_r$totss, tolerance = 1e-12, info = info)
  expect_equal(fit$scaling[c("center", "scale")], in_r$scaling[c("center", "scale")],
               tolerance = 1e-12, info = info)
  groups <- db_predict(fit, con, table, name = "groupe_predit")
  groups <- groups[order(groups$row), ]
  # a standardized fit's groups carry its standardization (class sdsante_groups)
  expect_identical(groups$groupe_predit[complete], as.vector(in_r$cluster), info = info)
  expect_equal(fit$n_missing, sum(!complete), info = info)
  in_r
}

backends <- c("SQLite", "PostgreSQL")
for (backend in backends) {

  test_that(paste(backend, "db_k_means(): the lecture's groups, as k_means()"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
    train$row <- seq_len(nrow(train))
    stored <- learn_write(con, "train", train)
    for (standardize in c(FALSE, TRUE)) {
      set.seed(1)
      fit <- db_k_means(con, "train", c("d1", "d2"), k = 3, standardize = standardize)
      expect_s3_class(fit, "sdsante_kmeans")
      expect_null(fit$cluster)
      expect_same_kmeans(fit, con, "train", stored, c("d1", "d2"), standardize, "lecture")
      # the same seed gives the same sample, hence the same start
      set.seed(1)
      again <- db_k_means(con, "train", c("d1", "d2"), k = 3, standardize = standardize)
      expect_identical(again$start, fit$start)
      expect_output(print(fit), "3 groups of 15 rows")
      expect_s3_class(summary(fit), "sdsante_kmeans_summary")
      expect_identical(as.vector(predict(fit, stored[c("d1", "d2")])),
                       db_predict(fit, con, "train")$prediction)
      expect_error(predict(fit), "are in the database: db_predict")
    }
  })

  test_that(paste(backend, "db_k_means(): random tables, k, d, standardized or not, ties, NULL, odd names"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    set.seed(21)
    names_pool <- c("d1", "Poids", "current_time", "primary", "taille (cm)", "l'indice",
                    "caf\u00e9", "select")
    for (trial in 1:12) {
      n <- sample(c(20, 60, 150), 1L)
      d <- sample(1:4, 1L)
      k <- sample(1:5, 1L)
      standardize <- trial %% 2 == 0
      ties <- trial %% 3 == 0
      values <- if (ties) sample(0:4, n * d, replace = TRUE) else round(rnorm(n * d), 6)
      data <- as.data.frame(matrix(values, n, d))
      columns <- sample(names_pool, d)
      names(data) <- columns
      holes <- sample(n, n %/% 10)
      for (i in holes) data[i, sample(d, 1L)] <- NA
      data$row <- seq_len(n)
      table <- if (trial %% 2) "apprendre" else "Mesures du jour"
      stored <- learn_write(con, table, data)
      set.seed(trial)
      if (length(holes))
        expect_message(fit <- db_k_means(con, table, columns, k = k, standardize = standardize,
                                         nstart = 2),
                       sprintf("%d rows? with a NULL", length(holes)))
      else fit <- db_k_means(con, table, columns, k = k, standardize = standardize, nstart = 2)
      expect_same_kmeans(fit, con, table, stored, columns, standardize,
                         paste(backend, "trial", trial))
    }
  })

  test_that(paste(backend, "db_k_means(): empty groups re-seeded by k_means()'s rule; one group; no convergence"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    set.seed(4)
    data <- data.frame(x = c(runif(30), runif(10, 5, 6)), y = runif(40), row = 1:40)
    stored <- learn_write(con, "apprendre", data)
    # centres 2 and 3 get no row at the first pass: each takes the row
    # farthest from its centre
    start <- matrix(c(0.5, 0.5, 100, 100, 200, 200), 3, byrow = TRUE)
    for (standardize in c(FALSE, TRUE)) {
      fit <- db_k_means(con, "apprendre", c("x", "y"), k = start, standardize = standardize)
      expect_same_kmeans(fit, con, "apprendre", stored, c("x", "y"), standardize, "empty")
      expect_true(all(fit$size > 0))
    }
    one <- db_k_means(con, "apprendre", c("x", "y"), k = 1)
    expect_equal(unname(one$centers[1, ]), unname(colMeans(stored[c("x", "y")])),
                 tolerance = 1e-14)
    expect_identical(one$iter, 1L)
    expect_warning(fit <- db_k_means(con, "apprendre", c("x", "y"), k = start[1:2, ],
                                     iter_max = 1),
                   "did not converge in 1 iteration")
    in_r <- suppressWarnings(k_means(stored[c("x", "y")], start[1:2, ], algorithm = "lloyd",
                                     iter_max = 1))
    expect_false(fit$converged)
    expect_equal(fit$centers, in_r$centers, tolerance = 1e-12)
    expect_identical(fit$size, in_r$size)
    expect_equal(fit$withinss, in_r$withinss, tolerance = 1e-12)
    # as_sql() of the fit runs anywhere
    expect_match(as_sql(fit), "CASE")
  })

  test_that(paste(backend, "db_roc_curve() equals roc_curve(): health scores, ties, NULL, 0/1 and text classes"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    skip_if_not_installed("MASS")
    pima <- MASS::Pima.te
    pima$row <- seq_len(nrow(pima))
    stored <- learn_write(con, "scores", pima)
    roc <- db_roc_curve(con, "scores", "type", "glu")
    ref <- roc_curve(factor(stored$type, levels = c("No", "Yes")), stored$glu)
    expect_s3_class(roc, "sdsante_roc")
    expect_equal(unclass(roc), unclass(ref), tolerance = 1e-12)
    expect_identical(roc$positive_rule, "labels")
    expect_output(print(roc), "AUC: 0.797")
    set.seed(8)
    for (trial in 1:8) {
      n <- sample(c(10, 80, 300), 1L)
      truth <- switch(trial %% 3 + 1, sample(0:1, n, replace = TRUE),
                      sample(c("sain", "malade"), n, replace = TRUE),
                      sample(c("x'); DROP TABLE t; --", "caf\u00e9"), n, replace = TRUE))
      score <- if (trial %% 2) sample(1:6, n, replace = TRUE) else round(rnorm(n), 8)
      truth[sample(n, n %/% 8)] <- NA
      score[sample(n, n %/% 8)] <- NA
      data <- data.frame(row = seq_len(n), "vrai statut" = truth, "Score (%)" = score,
                         check.names = FALSE)
      stored <- learn_write(con, "scores", data)
      positive <- if (trial %% 3 == 2) sort(unique(stats::na.omit(truth)))[2L] else NULL
      roc <- db_roc_curve(con, "scores", "vrai statut", "Score (%)", positive = positive)
      ref <- roc_curve(stored[["vrai statut"]], stored[["Score (%)"]], positive = positive)
      expect_equal(roc[names(roc) != "classes"], ref[names(ref) != "classes"],
                   tolerance = 1e-12, info = paste(backend, trial))
      expect_setequal(roc$classes, ref$classes)
      expect_equal(summary(roc)$operating_points, summary(ref)$operating_points,
                   tolerance = 1e-12)
    }
  })

  test_that(paste(backend, "db_learn_rules(): the rule list of learn_rules(method = \"oner\")"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    train <- tableaux[tableaux$ensemble == "apprentissage", ]
    stored <- learn_write(con, "train", train)
    same <- function(db, in_r, info) {
      keep <- setdiff(names(in_r), "call")
      expect_identical(db[keep], in_r[keep], info = info)
    }
    formula <- classe ~ yeux + nez + bouches + visages + cyan + magenta + jaune + noir
    same(db_learn_rules(con, "train", formula), learn_rules(formula, stored, method = "oner"),
         "lecture")
    expect_message(dot <- db_learn_rules(con, "train", classe ~ ., min_bucket = 3), "'id'")
    same(dot, suppressMessages(learn_rules(classe ~ ., stored, method = "oner", min_bucket = 3)),
         "lecture ~ .")
    set.seed(17)
    for (trial in 1:10) {
      n <- sample(c(12, 60, 200), 1L)
      classes <- c("Portrait", "Paysage", "x'); DROP TABLE t; --", "caf\u00e9")[seq_len(sample(2:4, 1L))]
      data <- data.frame(row = seq_len(n), classe = sample(classes, n, replace = TRUE))
      data[["taille (cm)"]] <- round(rnorm(n, 170, 10), sample(0:1, 1L))
      data[["select"]] <- sample(1:5, n, replace = TRUE)
      data[["Ville"]] <- sample(c("Lyon", "Paris", "O'Brien"), n, replace = TRUE)
      data[["malade"]] <- sample(c(TRUE, FALSE), n, replace = TRUE)
      for (j in 2:6) data[sample(n, n %/% 7), j] <- NA
      stored <- learn_write(con, "apprendre", data)
      formula <- classe ~ `taille (cm)` + select + Ville + malade
      min_bucket <- if (trial %% 2) NULL else sample(1:4, 1L)
      same(db_learn_rules(con, "apprendre", formula, min_bucket = min_bucket),
           learn_rules(formula, stored, method = "oner", min_bucket = min_bucket),
           paste(backend, trial))
    }
    expect_error(db_learn_rules(con, "train", formula, method = "covering"),
                 "sequential covering needs the rows and learns in R: draw a sample")
  })

  test_that(paste(backend, "db_*(): clear errors in English and in French"), {
    con <- connect(backend)
    on.exit(learn_disconnect(con))
    train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
    learn_write(con, "train", train)
    expect_error(db_k_means(con, "absente", c("d1", "d2"), 2),
                 "'table' must be a table of the database, which has no table .*absente")
    expect_error(db_roc_curve(con, "absente", "classe", "d1"), "has no table .*absente")
    expect_error(db_learn_rules(con, "absente", classe ~ d1), "has no table .*absente")
    expect_error(db_k_means(con, "train", c("d1", "d3"), 2),
                 "'columns' names column 'd3', which table .*train.* does not have")
    expect_error(db_roc_curve(con, "train", "verite", "d1"),
                 "'truth' names column 'verite', which table")
    expect_error(db_learn_rules(con, "train", classe ~ d1 + poids),
                 "'formula' names column 'poids', which table")
    expect_error(db_k_means(con, "train", c("d1", "classe"), 2),
                 "column 'classe' of table .* holds text, where numbers are expected")
    expect_error(db_roc_curve(con, "train", "ensemble", "classe"),
                 "column 'classe' of table .* holds text, where numbers are expected")
    expect_error(db_k_means(con, "train", c("d1", "d2"), 16),
                 "'k' must be a whole number between 1 and the number of rows of table .* without NULL \\(15\\), not 16")
    expect_error(db_k_means(con, "train", c("d1", "d2"), matrix(0, 2, 2)),
                 "distinct rows")
    DBI::dbWriteTable(con, "vide", train[0, ], overwrite = TRUE)
    expect_error(db_k_means(con, "vide", c("d1", "d2"), 2), "table .*vide.* is empty")
    expect_error(db_roc_curve(con, "vide", "classe", "d1"), "table .*vide.* is empty")
    expect_error(db_learn_rules(con, "vide", classe ~ d1), "table .*vide.* is empty")
    expect_error(db_roc_curve(con, "train", "classe", "d1"),
                 "needs exactly two classes in 'truth', not 3")
    few <- data.frame(a = c(1, 1, 1, 2), b = c(0, 0, 0, 0))
    DBI::dbWriteTable(con, "texte", few, overwrite = TRUE)
    expect_error(db_k_means(con, "texte", c("a", "b"), 3),
                 "has 2 distinct rows \\(without NULL\\), fewer than the 3 groups")
    french <- in_french(tryCatch(db_k_means(con, "train", c("d1", "classe"), 2),
                                 error = conditionMessage))
    french_empty <- in_french(tryCatch(db_k_means(con, "vide", c("d1", "d2"), 2),
                                       error = conditionMessage))
    french_k <- in_french(tryCatch(db_k_means(con, "train", c("d1", "d2"), 16),
                                   error = conditionMessage))
    french_column <- in_french(tryCatch(db_k_means(con, "train", c("d1", "d3"), 2),
                                        error = conditionMessage))
    learn_disconnect(con)
    expect_error(db_k_means(con, "train", c("d1", "d2"), 2), "'con' is a closed connection")
    expect_error(db_roc_curve(con, "train", "classe", "d1"), "'con' is a closed connection")
    expect_error(db_learn_rules(con, "train", classe ~ d1), "'con' is a closed connection")
    skip_without_french()
    expect_match(french, "contient du texte, l\u00e0 o\u00f9 des nombres sont attendus")
    expect_match(french_empty, "est vide")
    expect_match(french_k, "nombre entier compris entre 1 et le nombre de lignes de la table .* sans NULL")
    expect_match(french_column, "nomme la colonne 'd3', que la table .* n'a pas")
    expect_error(in_french(db_k_means(con, "train", c("d1", "d2"), 2)), "connexion ferm\u00e9e")
  })
}
