# rule_list(): the lecture's decision list, a slow R reference on random data
# frames with missing values, reading and writing the rules, bad input,
# messages, long and deep conditions.  Helpers: helper-rules.R; missing values
# in test-rules-na.R, printing and the picture in test-rules-print.R.

train <- tableaux[tableaux$ensemble == "apprentissage", ]
test <- tableaux[tableaux$ensemble == "test", ]
slide_classes <- c("Portrait", "Personnages", "Paysage")

test_that("the lecture's rule reproduces the slides", {
  model <- lecture_model(train)
  expect_s3_class(model, "sdsante_rules")
  predicted_train <- predict(model, train)
  predicted_test <- predict(model, test)
  expect_identical(levels(predicted_train), slide_classes)
  cm_train <- confusion_matrix(train$classe, predicted_train)
  cm_test <- confusion_matrix(test$classe, predicted_test)
  expect_equal(unname(unclass(cm_train$table)), matrix(c(5, 1, 1, 0, 4, 0, 0, 0, 4), 3))
  expect_equal(unname(unclass(cm_test$table)), matrix(c(2, 1, 1, 0, 1, 0, 0, 0, 1), 3))
  wrong <- function(d, p) d$id[as.character(p) != as.character(d$classe)]
  expect_identical(wrong(train, predicted_train), c("002", "006"))
  expect_identical(wrong(test, predicted_test), c("018", "020"))
  # 018 (one eye) is caught by rule 1, 017 by rule 2, 021 falls to the default
  expect_identical(predict(model, test, type = "rule"), c(1L, 2L, 1L, 1L, 1L, 0L))
  # counts by rule (rows) and true class (columns), worked out from the table
  expect_identical(model$counts,
                   matrix(c(5, 0, 0, 1, 4, 0, 1, 0, 4), 3,
                          dimnames = list(rule = c("1", "2", "default"),
                                          classe = slide_classes)))
})

test_that("summary() gives the rows covered and right per rule, and the confusion matrix", {
  s <- summary(lecture_model(), test)
  expect_identical(s$rules$rule, c(1L, 2L, 0L))
  expect_identical(s$rules$covered, c(4, 1, 1))
  expect_identical(s$rules$correct, c(2, 1, 1))
  expect_equal(s$rules$accuracy, c(0.5, 1, 1))
  expect_identical(s$rules$condition, c("1 <= yeux <= 2", "visages >= 2", ""))
  expect_equal(unname(unclass(s$confusion$table)), matrix(c(2, 1, 1, 0, 1, 0, 0, 0, 1), 3))
  # from the counts stored in the model, the same figures
  s_train <- summary(lecture_model(train))
  expect_identical(s_train$rules$covered, c(7, 4, 4))
  expect_identical(s_train$rules$correct, c(5, 4, 4))
  expect_identical(s_train$confusion$table, summary(lecture_model(), train)$confusion$table)
  expect_output(print(s), "Confusion matrix \\(6 cases\\)")
})

test_that("summary() orders the classes the same way with or without data", {
  # the truth's levels in another order than the model's classes, and a
  # class the model does not know
  reordered <- train
  reordered$classe <- factor(as.character(train$classe),
                             levels = c("Nature morte", rev(slide_classes)))
  with_data <- summary(lecture_model(), reordered)
  from_counts <- summary(lecture_model(reordered))
  # the rows follow the truth's classes (its levels), never the model's
  expect_identical(dimnames(with_data$confusion$table)[[1L]],
                   c("Nature morte", rev(slide_classes)))
  expect_identical(with_data$confusion$table, from_counts$confusion$table)
  expect_identical(with_data$rules, from_counts$rules)
  # the confusion matrix from the counts agrees with counting the predictions
  expect_equal(unclass(with_data$confusion$table)[-1, -1],
               unclass(table(factor(train$classe, rev(slide_classes)),
                             factor(predict(lecture_model(), train), rev(slide_classes)))),
               ignore_attr = TRUE)
})

test_that("the conditions are compiled once, and older models without trees still print", {
  model <- lecture_model(train)
  expect_length(model$trees, 2L)
  expect_identical(model$trees[[2L]],
                   list(kind = "cmp", column = "visages", op = ">=", value = 2))
  old <- model
  old$trees <- NULL
  expect_identical(format(old), format(model))
  expect_identical(format(old, style = "sql"), format(model, style = "sql"))
  expect_identical(summary(old, test), summary(model, test))
})

test_that("print() reads the list aloud, with intervals and counts", {
  expect_snapshot(print(lecture_model()))
  expect_snapshot(print(lecture_model(train)))
  expect_snapshot(print(summary(lecture_model(), train)))
  expect_snapshot(print(lecture_model(), style = "r"))
  expect_snapshot(as_sql(lecture_model()))
  expect_identical(format(lecture_model()),
                   c("If (1 <= yeux <= 2) then classe = Portrait",
                     "Else if (visages >= 2) then classe = Personnages",
                     "Else classe = Paysage"))
  # written the other way round, and with strict bounds
  expect_identical(format(rule_list(2 >= yeux & yeux > 0 ~ "P", .default = "Q"))[1],
                   "If (0 < yeux <= 2) then classe = P")
  # negations are read as the opposite comparison (the same under NA)
  expect_identical(format(rule_list(!(x >= 2) | !is.na(y) ~ "a", !f %in% "u" ~ "b",
                                     .default = "c", .response = "z")),
                   c("If (x < 2 or y is not missing) then z = a",
                     "Else if (f not in {\"u\"}) then z = b",
                     "Else z = c"))
  expect_identical(format(rule_list(.default = "Paysage")), "Always classe = Paysage")
  # numbers read with 10 digits at most; the R code keeps them all
  threshold <- (0.1 + 0.2) / 2
  model <- rule_list(x <= .(threshold) ~ "a", .default = "b")
  expect_identical(format(model)[1], "If (x <= 0.15) then classe = a")
  expect_identical(format(model, style = "r")[2], "  x <= 0.15000000000000002 ~ \"a\",")
})

test_that("the print-out follows the session's language", {
  old <- Sys.getenv("LANGUAGE")
  on.exit(Sys.setenv(LANGUAGE = old))
  Sys.setenv(LANGUAGE = "fr")
  skip_if(gettext("Else %s = %s", domain = "R-sdsante") == "Else %s = %s",
          "French translations of the rules are not available in this session")
  expect_identical(format(lecture_model()),
                   c("Si (1 <= yeux <= 2) alors classe = Portrait",
                     "Sinon si (visages >= 2) alors classe = Personnages",
                     "Sinon classe = Paysage"))
})

test_that("predictions agree with R's own evaluation on random data with NA", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  set.seed(20240301)
  for (trial in 1:60) {
    d <- rules_random_frame(sample(c(1L, 7L, 300L, 5000L), 1L))
    n_rules <- sample(0:6, 1L)
    conditions <- lapply(seq_len(n_rules), function(i) rules_random_condition())
    classes <- sample(c("A", "B", "C"), n_rules, TRUE)
    model <- new_rule_list(conditions, classes, "Z", response = "chr")
    for (na in c("next", "na")) {
      expected <- reference_rule(conditions, d, na)
      expect_identical(predict(model, d, type = "rule", na = na), expected,
                       info = paste(vapply(conditions, deparse1, ""), collapse = " ; "))
      expect_identical(as.character(predict(model, d, na = na)),
                       c("Z", classes)[expected + 1L])
    }
  }
})

test_that("rows decided early are left alone by the later rules (sparse path, many blocks)", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  set.seed(3)
  n <- 20000
  d <- data.frame(x = sample(c(1:100, NA), n, TRUE), y = runif(n))
  d$y[sample.int(n, 100)] <- NA
  conditions <- list(quote(x <= 95), quote(y < 0.2), quote(is.na(x)), quote(y > 0.9 | x == 97),
                     quote(!(y >= 0.5)))
  model <- new_rule_list(conditions, c("a", "b", "c", "d", "e"), "f", response = "x")
  for (na in c("next", "na"))
    expect_identical(predict(model, d, type = "rule", na = na), reference_rule(conditions, d, na))
})

test_that("rules can be passed on by another function or built by do.call()", {
  class_name <- "Personnages"
  wrapper <- function(...) {
    class_name <- "wrong"
    rule_list(..., .default = "Paysage")
  }
  expect_identical(format(wrapper(visages >= 2 ~ class_name))[1],
                   "If (visages >= 2) then classe = Personnages")
  rules <- list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages")
  expect_identical(do.call(rule_list, c(rules, .default = "Paysage"))$program,
                   lecture_model()$program)
})

test_that("missing values follow R's logic, and na = \"na\" answers NA", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  d <- data.frame(x = c(NA, NA, 1, -1, -1, 1, -1), y = c(FALSE, TRUE, TRUE, NA, TRUE, NA, FALSE))
  model <- rule_list(x > 0 & y ~ "and", x > 0 | y ~ "or", !(x > 0) ~ "not",
                     .default = "none", .response = "y")
  # row 1: NA & FALSE = FALSE, NA | FALSE = NA, !NA = NA: no rule fires;
  # row 2: NA & TRUE = NA, NA | TRUE = TRUE; row 6: TRUE & NA = NA, TRUE | NA = TRUE
  expect_identical(predict(model, d, type = "rule"), c(0L, 2L, 1L, 3L, 2L, 2L, 3L))
  expect_identical(as.character(predict(model, d)),
                   c("none", "or", "and", "not", "or", "or", "not"))
  # with na = "na", the first NA condition gives NA even when a later rule
  # would fire (rows 2, 4, 6); rows decided before any NA keep their rule
  expect_identical(predict(model, d, type = "rule", na = "na"), c(NA, NA, 1L, NA, 2L, NA, 3L))
  expect_identical(as.character(predict(model, d, na = "na")),
                   c(NA, NA, "and", NA, "or", NA, "not"))
  # %in% and is.na() are never NA; NA in the set matches the missing values
  d2 <- data.frame(x = c(NA, 1, 2, NaN))
  expect_identical(predict(rule_list(x %in% c(1, NA) ~ "in", .default = "out"), d2, "rule"),
                   c(1L, 1L, 0L, 0L))
  expect_identical(predict(rule_list(!(x %in% 2) ~ "in", .default = "out"), d2, "rule", "na"),
                   c(1L, 1L, 0L, 1L))
  expect_identical(predict(rule_list(is.na(x) ~ "na", .default = "ok"), d2, "rule"),
                   c(1L, 0L, 0L, 1L))
})

test_that("factors and strings are compared by label; unseen levels never match", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  d <- data.frame(sexe = factor(c("F", "M", NA, "F"), levels = c("M", "F", "X")),
                  ville = c("Lyon", "Saint-\u00c9tienne", "Lyon", NA),
                  stringsAsFactors = FALSE)
  model <- rule_list(sexe == "F" & ville == "Lyon" ~ "a",
                     ville %in% c("Saint-\u00c9tienne", "Paris") ~ "b",
                     sexe != "Inconnu" ~ "c", .default = "d", .response = "groupe")
  expect_identical(as.character(predict(model, d)), c("a", "b", "d", "c"))
  # the same data with the level order changed, or as plain strings
  d2 <- d
  d2$sexe <- factor(as.character(d$sexe), levels = c("F", "M"))
  expect_identical(predict(model, d2), predict(model, d))
  d3 <- d
  d3$sexe <- as.character(d$sexe)
  d3$ville <- factor(d$ville)
  expect_identical(predict(model, d3), predict(model, d))
  # a string in another encoding still matches
  d4 <- d
  d4$ville <- iconv(d$ville, "UTF-8", "latin1")
  expect_identical(predict(model, d4), predict(model, d))
  # many rows (dense and sparse paths), sets mixing ASCII and non-ASCII
  # strings, rows in latin1 and UTF-8: as R's own %in% and ==
  set.seed(11)
  words <- c("Lyon", "Saint-\u00c9tienne", "B\u00e9ziers", "Paris", "N\u00eemes", NA)
  many <- data.frame(ville = sample(words, 5000, TRUE), stringsAsFactors = FALSE)
  latin <- many
  latin$ville <- iconv(many$ville, "UTF-8", "latin1")
  strings <- rule_list(ville == "B\u00e9ziers" ~ "a",
                       ville %in% c("Paris", "N\u00eemes", "Lyon") ~ "b",
                       ville != "Paris" ~ "c", .default = "d", .response = "x")
  conditions <- list(quote(ville == "B\u00e9ziers"),
                     quote(ville %in% c("Paris", "N\u00eemes", "Lyon")),
                     quote(ville != "Paris"))
  expected <- reference_rule(conditions, many)
  expect_identical(predict(strings, many, "rule"), expected)
  expect_identical(predict(strings, latin, "rule"), expected)
  expect_identical(predict(strings, latin, "rule", na = "na"),
                   reference_rule(conditions, many, na = "na"))
  # an unseen level: == never holds, != always (except NA)
  expect_identical(predict(rule_list(sexe == "Z" ~ "z", .default = "o"), d, "rule"),
                   c(0L, 0L, 0L, 0L))
})

test_that("logical columns, constants, Inf and fractional thresholds on integers", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  d <- data.frame(fumeur = c(TRUE, FALSE, NA), age = c(30L, 61L, NA), poids = c(Inf, -Inf, 70))
  expect_identical(predict(rule_list(fumeur ~ "f", .default = "n"), d, "rule"), c(1L, 0L, 0L))
  expect_identical(predict(rule_list(fumeur == FALSE ~ "f", .default = "n"), d, "rule"),
                   c(0L, 1L, 0L))
  expect_identical(predict(rule_list(age > 60.5 ~ "old", .default = "young"), d, "rule"),
                   c(0L, 1L, 0L))
  expect_identical(predict(rule_list(age >= 30.5 ~ "a", .default = "b"), d, "rule"), c(0L, 1L, 0L))
  expect_identical(predict(rule_list(age == 30.5 ~ "a", .default = "b"), d, "rule"), c(0L, 0L, 0L))
  expect_identical(predict(rule_list(age < Inf ~ "a", .default = "b"), d, "rule"), c(1L, 1L, 0L))
  expect_identical(predict(rule_list(age > -1e12 ~ "a", .default = "b"), d, "rule"), c(1L, 1L, 0L))
  expect_identical(predict(rule_list(poids < Inf ~ "a", .default = "b"), d, "rule"), c(0L, 1L, 1L))
  expect_identical(predict(rule_list(poids == -Inf ~ "a", .default = "b"), d, "rule"),
                   c(0L, 1L, 0L))
  expect_identical(predict(rule_list(TRUE ~ "a", .default = "b"), d, "rule"), c(1L, 1L, 1L))
  expect_identical(predict(rule_list(FALSE ~ "a", .default = "b"), d, "rule"), c(0L, 0L, 0L))
  # a value from a variable, with .()
  seuil <- 60
  expect_identical(predict(rule_list(age > .(seuil) ~ "old", .default = "young"), d, "rule"),
                   c(0L, 1L, 0L))
  expect_identical(format(rule_list(age > .(seuil) ~ "old", .default = "young"), "r")[2],
                   "  age > 60 ~ \"old\",")
})

test_that("predict(type = \"prob\") gives the class frequencies of the rule that fired", {
  model <- lecture_model(train)
  prob <- predict(model, test, type = "prob")
  expect_identical(dim(prob), c(6L, 3L))
  expect_identical(colnames(prob), slide_classes)
  expect_equal(prob[1, ], c(Portrait = 5, Personnages = 1, Paysage = 1) / 7)
  expect_equal(prob[2, ], c(Portrait = 0, Personnages = 1, Paysage = 0))
  expect_equal(prob[6, ], c(Portrait = 0, Personnages = 0, Paysage = 1))
  # a rule that covered nothing has no frequencies
  never <- rule_list(yeux > 100 ~ "Personnages", .default = "Paysage", .data = train)
  expect_true(all(is.na(predict(never, data.frame(yeux = 200), type = "prob"))))
  # counts added afterwards
  expect_identical(predict(as_rule_list(lecture_model(), data = train), test, type = "prob"),
                   prob)
})

test_that("as.data.frame() and as_rule_list() round-trip", {
  model <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait",
                     !(visages < 2) | nez %in% c(3, 5:6) ~ "Personnages",
                     is.na(noir) & `cyan` > .(1/3) ~ "Portrait",
                     .default = "Paysage", .levels = c("Paysage", "Portrait", "Personnages"))
  rules <- as.data.frame(model)
  expect_identical(names(rules), c("rule", "condition", "class"))
  expect_identical(rules$rule, c(1L, 2L, 3L, 0L))
  expect_identical(rules$condition[c(1, 4)], c("yeux >= 1 & yeux <= 2", "TRUE"))
  back <- as_rule_list(rules)
  expect_identical(as.data.frame(back), rules)
  expect_identical(predict(back, tableaux), predict(model, tableaux))
  expect_identical(levels(predict(back, tableaux)), c("Paysage", "Portrait", "Personnages"))
  # 1/3 is written with all its digits
  expect_identical(predict(back, data.frame(yeux = 0, visages = 0, nez = 0, noir = NA,
                                            cyan = c(1/3, 0.3333333333333334)), "rule"),
                   c(0L, 3L))
  # with counts, and from a data frame typed by hand (NA as the default's condition)
  counted <- as.data.frame(lecture_model(train))
  expect_identical(counted$covered, c(7, 4, 4))
  expect_identical(counted$correct, c(5, 4, 4))
  expect_identical(as.data.frame(as_rule_list(counted, data = train)), counted)
  typed <- data.frame(condition = c("visages >= 2", NA), class = c("Personnages", "Paysage"))
  expect_identical(as.character(predict(as_rule_list(typed), test)),
                   c("Paysage", "Personnages", "Paysage", "Paysage", "Personnages", "Paysage"))
  # the R code of print(style = "r") rebuilds the same model
  code <- paste(format(model, style = "r"), collapse = "\n")
  rebuilt <- eval(parse(text = code))
  expect_identical(rebuilt$program, model$program)
  expect_identical(rebuilt$class_levels, model$class_levels)
})

test_that("as_rule_list() reads back a data frame whose classes were edited", {
  rules <- as.data.frame(lecture_model())
  rules$class[2] <- "Groupe"
  edited <- as_rule_list(rules)
  expect_identical(edited$classes, c("Portrait", "Groupe"))
  expect_identical(edited$class_levels, c(slide_classes, "Groupe"))
  # the test rows hold the classes: predict() says that "Groupe" is not one of them
  expect_warning(answers <- predict(edited, test), "Groupe")
  expect_identical(as.character(answers),
                   c("Portrait", "Groupe", "Portrait", "Portrait", "Portrait", "Paysage"))
  # a new default class too
  rules$class[3] <- "Autre"
  expect_identical(as_rule_list(rules)$default, "Autre")
  # explicit levels must still hold every class
  expect_error(as_rule_list(rules, levels = slide_classes), "Groupe")
})

test_that("as_sql() writes CASE WHEN with SQL's own words", {
  expect_identical(unclass(as_sql(lecture_model())),
                   paste("CASE",
                         "  WHEN yeux >= 1 AND yeux <= 2 THEN 'Portrait'",
                         "  WHEN visages >= 2 THEN 'Personnages'",
                         "  ELSE 'Paysage'",
                         "END", sep = "\n"))
  model <- rule_list(nom == "O'Brien" | !is.na(`prise de sang`) ~ "a",
                     ville %in% c("Lyon", NA) & !(age > 60) ~ "b",
                     fumeur & poids < Inf ~ "c", order != 2.5 ~ "d",
                     .default = "e")
  expect_identical(format(model, style = "sql")[2:5],
                   c("  WHEN nom = 'O''Brien' OR \"prise de sang\" IS NOT NULL THEN 'a'",
                     "  WHEN ((ville IS NOT NULL AND ville IN ('Lyon')) OR ville IS NULL) AND NOT (age > 60) THEN 'b'",
                     "  WHEN fumeur AND (poids IS NOT NULL OR NULL) THEN 'c'",
                     "  WHEN \"order\" <> 2.5 THEN 'd'"))
  expect_identical(unclass(as_sql(rule_list(.default = "Paysage"))), "'Paysage'")
  expect_output(print(as_sql(lecture_model())), "^CASE\n  WHEN")
})

test_that("the internal constructor and add_counts() keep their contract", {
  model <- new_rule_list(list(quote(yeux >= 1 & yeux <= 2), quote(visages >= 2)),
                         c("Portrait", "Personnages"), "Paysage",
                         class_levels = c("Portrait", "Personnages", "Paysage", "Autre"))
  expect_s3_class(model, "sdsante_rules")
  expect_identical(model$response, "classe")
  expect_identical(levels(predict(model, test)), c("Portrait", "Personnages", "Paysage", "Autre"))
  counts <- rule_counts(model, train)
  expect_identical(dimnames(counts),
                   list(rule = c("1", "2", "default"),
                        classe = c("Portrait", "Personnages", "Paysage", "Autre")))
  expect_identical(counts[, 1:3], lecture_model(train)$counts)
  # a true class the model does not know gets its own column; NA is not counted
  d <- rbind(train, train[1, ])
  d$classe <- as.character(d$classe)
  d$classe[16] <- "Nature morte"
  d$classe[1] <- NA
  counts <- rule_counts(lecture_model(), d)
  # the truth's classes in their order of appearance, then the model's others
  expect_identical(colnames(counts), union(unique(d$classe[!is.na(d$classe)]), slide_classes))
  expect_identical(sum(counts), 15)
  expect_identical(counts[, "Nature morte"], c(`1` = 1, `2` = 0, default = 0))
  # zero rules: every row goes to the default
  empty <- new_rule_list(list(), character(), "Paysage")
  expect_identical(as.character(predict(empty, test)), rep("Paysage", 6))
  expect_identical(predict(empty, test, type = "rule"), rep(0L, 6))
})

test_that("data.table::fcase() gives the same answers", {
  # these rows meet NA on purpose: predict()'s warning is tested below
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  skip_if_not_installed("data.table")
  set.seed(9)
  d <- rules_random_frame(3000)
  got <- predict(rule_list(num > 1 & !is.na(chr) ~ "A", fac %in% c("a", "b") | lgl ~ "B",
                           int <= 0 ~ "C", .default = "D", .response = "chr"), d)
  expected <- with(d, data.table::fcase(num > 1 & !is.na(chr), "A",
                                        fac %in% c("a", "b") | lgl, "B",
                                        int <= 0, "C", default = "D"))
  expect_identical(as.character(got), expected)
})

test_that("edge inputs give documented results", {
  model <- lecture_model(train)
  # zero rows: a zero-length factor with the model's levels
  expect_identical(predict(model, test[0, ]), factor(character(), levels = slide_classes))
  expect_identical(predict(model, test[0, ], type = "rule"), integer())
  expect_identical(dim(predict(model, test[0, ], type = "prob")), c(0L, 3L))
  # one row, extra columns and columns in any order
  expect_identical(as.character(predict(model, data.frame(visages = 3, autre = "x", yeux = 0))),
                   "Personnages")
  # an empty rule list (only .default) is the constant classifier
  expect_identical(as.character(predict(rule_list(.default = "Paysage"), test)),
                   rep("Paysage", 6))
})

test_that("bad input gives a clear error naming the argument or the column", {
  expect_error(rule_list(yeux > 1 ~ "P"), "'.default' is missing")
  expect_error(rule_list(), "'.default' is missing")
  expect_error(rule_list(yeux > 1, .default = "P"), "argument 1 must be a formula")
  expect_error(rule_list("Portrait", .default = "P"),
               "argument 1 must be a formula .* not a character vector")
  expect_error(rule_list(~ "P", .default = "Q"), "rule 1 has no condition")
  expect_error(rule_list(yeux > 1 ~ "P", default = "Q"), "unknown argument 'default'")
  expect_error(rule_list(yeux > 1 ~ NA, .default = "Q"), "class of rule 1 must be one class")
  expect_error(rule_list(yeux > 1 ~ "P", .default = c("Q", "R")), "'.default' must be one class")
  expect_error(rule_list(log(yeux) > 1 ~ "P", .default = "Q"),
               "rule 1 .*log\\(yeux\\) is neither a column name nor a constant.*compares a column with a constant")
  expect_error(rule_list(yeux > 1 ~ "P", abs(yeux) ~ "Q", .default = "R"),
               "rule 2 .*abs\\(\\) is not supported")
  expect_error(rule_list(yeux > nez ~ "P", .default = "Q"), "compares two columns \\(yeux and nez\\)")
  expect_error(rule_list(1 > 2 ~ "P", .default = "Q"), "compares two constants")
  expect_error(rule_list(yeux > "a" ~ "P", .default = "Q"),
               "\"a\" can only be compared with == or !=")
  expect_error(rule_list(yeux > 1 && nez > 1 ~ "P", .default = "Q"), "use & to combine")
  expect_error(rule_list(yeux == NA ~ "P", .default = "Q"), "use is.na\\(yeux\\)")
  expect_error(rule_list(yeux == c(1, 2) ~ "P", .default = "Q"), "use %in%")
  expect_error(rule_list(yeux %in% c(1, "a") ~ "P", .default = "Q"), "mixes")
  expect_error(rule_list(yeux %in% c() ~ "P", .default = "Q"), "set of values is empty")
  expect_error(rule_list(yeux %in% nez ~ "P", .default = "Q"), "set of constants")
  expect_error(rule_list(is.na(yeux + 1) ~ "P", .default = "Q"), "is.na\\(\\) takes a column")
  expect_error(rule_list(3 ~ "P", .default = "Q"), "not a condition")
  expect_error(rule_list(yeux > 1 ~ "P", .default = "Q", .levels = "P"), "'.levels' must")
  expect_error(rule_list(yeux > 1 ~ "P", .default = "Q", .response = 2), "'.response' must")
  # the rules meet the data
  model <- lecture_model()
  expect_error(predict(model, as.list(test)), "'newdata' must be a data frame, not a list")
  expect_error(predict(model), "'newdata' is missing")
  expect_error(predict(model, test[c("yeux", "nez")]),
               "column 'visages', used by the rules, is missing from 'newdata'")
  expect_error(predict(model, test, type = "probabilities"), "'type' must be one of")
  expect_error(predict(model, test, na = "default"), "'na' must be one of")
  expect_error(predict(model, test, type = "prob"), "has none: build it with rule_list")
  expect_error(predict(rule_list(yeux == "a" ~ "P", .default = "Q"), test),
               "rule 1 compares column 'yeux' \\(numeric\\) with \"a\": a numeric column is compared with numbers")
  expect_error(predict(rule_list(classe == 1 ~ "P", .default = "Q"), test),
               "column 'classe' \\(a factor\\) with 1")
  expect_error(predict(rule_list(yeux ~ "P", .default = "Q"), test),
               "uses column 'yeux' alone as a condition, so it must be logical")
  expect_error(predict(rule_list(d > 1 ~ "P", .default = "Q"), data.frame(d = Sys.Date())),
               "column 'd' of 'newdata' is of class Date")
  expect_error(summary(model), "'data' is missing")
  expect_error(summary(model, test[0, ]), "'data' has no row with a known true class")
  expect_error(summary(model, test[c("yeux", "visages")]),
               "column 'classe' \\(the true class, named by the rule list's '.response'\\) is missing from 'data'")
  expect_error(rule_list(yeux > 1 ~ "P", .default = "Q", .data = "train"),
               "'.data' must be a data frame")
  expect_error(as_rule_list(data.frame(condition = "yeux > 1", class = "P")),
               "last row of 'x' gives the default")
  expect_error(as_rule_list(data.frame(condition = c("yeux >", "TRUE"), class = c("P", "Q"))),
               "row 1 of 'x': the condition \"yeux >\" is not R code")
  expect_error(as_rule_list(data.frame(x = 1)), "columns 'condition' and 'class'")
  expect_error(as_rule_list(list()), "'x' must be a data frame of rules")
  expect_error(as_sql("yeux > 1"), "'model' must be a rule list")
  expect_error(new_rule_list(list(quote(yeux > 1)), c("P", "Q"), "R"),
               "one class for each condition")
  expect_error(new_rule_list(list(quote(yeux > 1)), "P", "R", class_levels = c("P", "Q")),
               "class \"R\" is not among the classes")
})

# ---- messages that lead the right way -------------------------------------------

test_that("a variable in a condition is pointed to .(), an unquoted class to quotes", {
  seuil <- 2
  expect_error(rule_list(visages >= seuil ~ "Personnages", .default = "Paysage"),
               "compares two columns \\(visages and seuil\\).*write it inside \\.\\(\\), as in visages >= \\.\\(seuil\\)")
  expect_error(rule_list(seuil <= visages ~ "Personnages", .default = "Paysage"),
               "as in \\.\\(seuil\\) <= visages")
  expect_error(rule_list(visages >= seuil + 1 ~ "Personnages", .default = "Paysage"),
               "seuil \\+ 1 is neither a column name nor a constant.*as in visages >= \\.\\(seuil \\+ 1\\)")
  valeurs <- c(1, 2)
  expect_error(rule_list(yeux %in% valeurs ~ "Portrait", .default = "Paysage"),
               "set of constants on its right.*as in yeux %in% \\.\\(valeurs\\)")
  # two real columns: no hint
  expect_error(rule_list(yeux > nez ~ "P", .default = "Q"),
               "compares two columns \\(yeux and nez\\); a column can only be compared with a constant\\.")
  # what .() gives is what the hint says
  expect_identical(format(rule_list(visages >= .(seuil) ~ "Personnages", .default = "Paysage"))[1],
                   "If (visages >= 2) then classe = Personnages")
  expect_error(rule_list(yeux >= 1 ~ Portrait, .default = "Paysage"),
               "the class of rule 1 must be a quoted string, such as \"Portrait\", not the name Portrait")
  expect_error(rule_list(yeux >= 1 ~ "Portrait", .default = Paysage),
               "'.default' must be a quoted string, such as \"Paysage\", not the name Paysage")
  expect_error(rule_list(yeux >= 1 ~ paste0(Portrait), .default = "Paysage"),
               "the class of rule 1 could not be evaluated .*quoted string")
  # a bare name that the session holds but that is no class (a function, a
  # data frame): the class was written without quotes too
  expect_error(rule_list(yeux >= 1 ~ t, .default = "Paysage"),
               "^the class of rule 1 must be a quoted string, such as \"t\", not the name t, which is a function in your session$")
  expect_error(rule_list(yeux >= 1 ~ "Portrait", .default = train),
               "'.default' must be a quoted string, such as \"train\", not the name train, which is a data frame in your session")
  # a class held in a variable still works
  classe_portrait <- "Portrait"
  expect_identical(rule_list(yeux >= 1 ~ classe_portrait, .default = "Paysage")$classes,
                   "Portrait")
})

test_that("the messages that lead the right way read in French", {
  skip_without_french()
  seuil <- 2
  in_french({
    expect_error(rule_list(visages >= seuil ~ "Personnages", .default = "Paysage"),
                 "compare deux colonnes.*\u00e9crivez-la dans \\.\\(\\), comme dans visages >= \\.\\(seuil\\)")
    expect_error(rule_list(yeux >= 1 ~ Portrait, .default = "Paysage"),
                 "doit \u00eatre une cha\u00eene entre guillemets, comme \"Portrait\"")
    expect_error(rule_list(yeux >= 1 ~ c, .default = "Paysage"),
                 "et non le nom c, qui est une fonction dans votre session")
  })
})

# ---- long and deep conditions ---------------------------------------------------

test_that("thousands of terms or of ! compile, print and predict as R does", {
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  d <- data.frame(x = c(-6000, -2500.5, 0, NA, 3), y = c(1, NA, -1, 2, 0))
  terms <- lapply(1:5000, function(i) call(">", quote(x), -i))
  for (chain in list(Reduce(function(a, b) call("&", a, b), terms),
                     Reduce(function(a, b) call("&", a, b), terms, right = TRUE))) {
    model <- new_rule_list(list(chain, call("|", call("!", chain), quote(y > 0))),
                           c("a", "b"), "c", response = "y")
    # R's own eval() cannot go this deep: the chain is x > -1, so rule 1
    # takes x = 0 and 3; rule 2 (!chain | y > 0) takes x = -6000, -2500.5,
    # and NA with y = 2 (NA | TRUE)
    expect_identical(predict(model, d, type = "rule"), c(2L, 2L, 1L, 2L, 1L))
    expect_length(model$trees[[1L]]$args, 5000L)   # one flat node
    expect_identical(max(model$program$rule == 1L & model$program$op == "&"), 1L)
    # read aloud, as R code and as SQL, and back
    expect_match(format(model)[1], "^If \\(x > -1 and x > -2 and")
    back <- as_rule_list(as.data.frame(model))
    expect_identical(back$program, model$program)
    expect_match(format(as_sql(model)), "WHEN x > -1 AND x > -2 AND")
  }
  # runs of !: an even number is the condition itself, an odd one its negation
  for (n in c(3000L, 3001L)) {
    nots <- Reduce(function(a, b) call("!", a), seq_len(n), quote(x > 0))
    model <- new_rule_list(list(nots), "a", "b", response = "y")
    same <- if (n %% 2L) quote(!(x > 0)) else quote(x > 0)
    expect_identical(predict(model, d, type = "rule"), reference_rule(list(same), d))
    expect_identical(format(model)[1],
                     if (n %% 2L) "If (x <= 0) then y = a" else "If (x > 0) then y = a")
    expect_identical(as_rule_list(as.data.frame(model))$program, model$program)
  }
  # written by the user, with .() inside a long chain
  seuil <- 0
  many <- str2lang(paste(c(rep("x > -1", 3000), "y >= .(seuil)"), collapse = " & "))
  model <- do.call(rule_list, list(as.formula(call("~", many, "a"), env = environment()),
                                   .default = "b", .response = "y"))
  # only the last row has x > -1 and y >= 0
  expect_identical(predict(model, d, type = "rule"), c(0L, 0L, 0L, 0L, 1L))
})

test_that("real nesting deeper than the limit is a clear error, in English and French", {
  deep <- quote(x > 0)
  for (i in 1:150) deep <- call(if (i %% 2L) "&" else "|", quote(y > 0), call("(", deep))
  expect_error(new_rule_list(list(deep), "a", "b"),
               "rule 1: its condition nests more than 40 levels deep")
  expect_error(do.call(rule_list, list(as.formula(call("~", deep, "a")), .default = "b")),
               "rule 1: its condition nests more than 40 levels deep")
  # 40 levels are fine, and every walk copes with them
  fine <- quote(x > 0)
  for (i in 1:39) fine <- call(if (i %% 2L) "&" else "|", quote(y > 0), call("(", fine))
  model <- new_rule_list(list(fine), "a", "b", response = "y")
  d <- data.frame(x = c(1, -1, NA), y = c(1, -1, 1))
  expect_identical(predict(model, d, type = "rule", warn_na = FALSE),
                   reference_rule(list(fine), d))
  expect_type(format(model), "character")
  expect_type(format(model, style = "r"), "character")
  expect_type(format(model, style = "sql"), "character")
  expect_s3_class(summary(model, data.frame(x = 1, y = 1)), "sdsante_rules_summary")
  plot_file <- tempfile(fileext = ".png")
  grDevices::png(plot_file)
  plot(model)
  grDevices::dev.off()
  unlink(plot_file)
  # one level more is refused
  expect_error(new_rule_list(list(call("&", quote(y > 0), call("(", call("|", quote(y > 1), fine)))),
                             "a", "b"),
               "nests more than 40 levels")
  skip_without_french()
  in_french(expect_error(new_rule_list(list(deep), "a", "b"),
                         "r\u00e8gle 1\u00a0: sa condition s'imbrique sur plus de 40 niveaux"))
})
