# Rule lists: missing values made visible (predict()'s warning, the counts of
# rows that NA decided in print() and summary()), against a slow reference.
# Helpers: helper-rules.R.

train <- tableaux[tableaux$ensemble == "apprentissage", ]

# ---- missing values made visible ----------------------------------------------

# Rows whose condition was NA at some rule before the rule that decided them:
# the slow reference, rule by rule with R's own logic.
reference_passed <- function(conditions, data) {
  n <- nrow(data)
  decided <- rep(FALSE, n)
  passed <- rep(FALSE, n)
  by_rule <- numeric(length(conditions) + 1L)
  for (r in seq_along(conditions)) {
    value <- rep_len(eval(conditions[[r]], data, baseenv()), n)
    fire <- !decided & !is.na(value) & value
    by_rule[r] <- sum(fire & passed)
    passed <- passed | (!decided & is.na(value))
    decided <- decided | fire
  }
  by_rule[length(by_rule)] <- sum(!decided & passed)
  by_rule
}

test_that("predict() warns once, with the count, when NA sent rows past a rule", {
  d <- data.frame(x = c(NA, 1, NA, 5, 2), y = c(1, NA, 3, 1, 1))
  model <- rule_list(x > 2 ~ "a", y > 2 ~ "b", .default = "c")
  # row 1: x NA, y = 1: default; row 2: y NA: default; row 3: x NA, y = 3:
  # rule 2; rows 4 and 5 meet no NA
  expect_warning(predicted <- predict(model, d),
                 "^3 rows had a missing value where a rule tested it.*\\(2 to the default\\).*warn_na = FALSE")
  expect_identical(as.character(predicted), c("c", "c", "b", "a", "c"))
  expect_warning(predict(model, d, type = "rule"), "^3 rows")
  expect_warning(predict(rule_list(x > 2 ~ "a", .default = "c"), d[1:2, ]),
                 "^1 row had a missing value.*\\(1 to the default\\)")
  # silenced by the argument or the option, never raised with na = "na" or
  # without NA on the way
  expect_warning(predict(model, d, warn_na = FALSE), NA)
  quiet <- function() {
    old <- options(sdsante.warn_na = FALSE)
    on.exit(options(old))
    predict(model, d)
  }
  expect_warning(quiet(), NA)
  expect_warning(predict(model, d), "^3 rows")   # the option was restored
  expect_warning(predict(model, d, na = "na"), NA)
  expect_warning(predict(model, d[4:5, ]), NA)
  expect_error(predict(model, d, warn_na = NA), "'warn_na' must be TRUE or FALSE")
  # the counts by rule agree with R's own evaluation on random data
  old <- options(sdsante.warn_na = FALSE)
  on.exit(options(old))
  set.seed(11)
  evaluate <- get("evaluate_rules", envir = asNamespace("sdsante"))
  for (trial in 1:30) {
    data <- rules_random_frame(sample(c(5L, 300L, 5000L), 1L))
    data$classe <- sample(c("A", "B"), nrow(data), TRUE)
    conditions <- lapply(seq_len(sample(1:5, 1L)), function(i) rules_random_condition())
    model <- new_rule_list(conditions, sample(c("A", "B"), length(conditions), TRUE), "B")
    expect_identical(evaluate(model, data, "data", NULL)$na_passed,
                     reference_passed(conditions, data),
                     info = paste(vapply(conditions, deparse1, ""), collapse = " ; "))
  }
})

test_that("the health case: biopsy rows with V6 missing are counted, not silently benign", {
  skip_if_not_installed("MASS")
  biopsy <- MASS::biopsy
  model <- rule_list(V6 >= 5 ~ "malignant", .default = "benign", .response = "class")
  missing_v6 <- sum(is.na(biopsy$V6))
  expect_gt(missing_v6, 0)
  expect_warning(predict(model, biopsy),
                 sprintf("^%d rows had a missing value.*\\(%d to the default\\)",
                         missing_v6, missing_v6))
  s <- summary(model, biopsy)
  expect_identical(s$rules$after_na, c(0, missing_v6))
  expect_output(print(s), sprintf("Missing values decided %d cases", missing_v6))
  expect_output(print(s), "after NA")
  # stored with the counts of .data, shown by print() and summary()
  counted <- rule_list(V6 >= 5 ~ "malignant", .default = "benign", .response = "class",
                       .data = biopsy)
  expect_identical(summary(counted)$rules$after_na, c(0, missing_v6))
  expect_match(format(counted), sprintf("Missing values decided %d cases", missing_v6),
               all = FALSE)
  # rows whose true class is missing are left out of the NA count too
  unknown <- biopsy
  unknown$class[is.na(unknown$V6)][1:4] <- NA
  expect_identical(summary(model, unknown)$rules$after_na, c(0, missing_v6 - 4))
  # without NA on the way, no line and no column
  clean <- summary(lecture_model(), train)
  expect_identical(clean$rules$after_na, c(0, 0, 0))
  expect_false(any(grepl("after NA|Missing values", capture.output(print(clean)))))
})

test_that("NA reports and warnings read in French", {
  skip_without_french()
  skip_if_not_installed("MASS")
  biopsy <- MASS::biopsy
  model <- rule_list(V6 >= 5 ~ "malignant", .default = "benign", .response = "class")
  in_french({
    expect_warning(predict(model, biopsy),
                   "^16 lignes avaient une valeur manquante.*warn_na = FALSE")
    expect_output(print(summary(model, biopsy)),
                  "Des valeurs manquantes ont d\u00e9cid\u00e9 de 16 cas")
    expect_output(print(summary(model, biopsy)), "apr\u00e8s un NA")
  })
})
