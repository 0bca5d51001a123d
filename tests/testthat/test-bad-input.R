# A catalogue of bad inputs for every exported function.  Each case must end
# in an R error whose message names the argument (or column) and says what
# was expected, or in a documented result.  No message may leak an internal
# detail of R or of the C code.

leaks <- paste(c("foreign function call", "subscript out of bounds",
                 "NA/NaN/Inf", "missing value where TRUE/FALSE needed",
                 "non-numeric argument", "argument of length 0",
                 "argument is of length zero", "invalid 'type'",
                 "internal error", "object of type 'closure'", "\\$ operator",
                 "cannot coerce", "replacement has"), collapse = "|")

train <- tableaux[tableaux$ensemble == "apprentissage", ]
slides <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                    .default = "Paysage")
painting_formula <- classe ~ yeux + nez + bouches + visages
points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
set.seed(1)
fit <- k_means(points, 3)

bad_cases <- list(
  # confusion_matrix()
  list(quote(confusion_matrix(NULL, NULL)), "'truth' must be .* not NULL"),
  list(quote(confusion_matrix(character(), character())), "at least one value"),
  list(quote(confusion_matrix("a", c("a", "b"))), "'truth' and 'predicted' must have the same length"),
  list(quote(confusion_matrix(c(NA, NA), c(NA, NA))), "every pair"),
  list(quote(confusion_matrix(c(NA, "a"), c("b", NA))), "every pair"),
  list(quote(confusion_matrix(c("a", "a"), c("a", "a"))), "at least two classes"),
  list(quote(confusion_matrix(list("a", "b"), c("a", "b"))), "'truth' must be a factor"),
  list(quote(confusion_matrix(c("a", "b"), list("a", "b"))), "'predicted' must be a factor"),
  list(quote(confusion_matrix(c(0.5, 1), c(1, 1))), "'truth' must hold classes"),
  list(quote(confusion_matrix(c(Inf, 1), c(1, 1))), "'truth' must hold classes"),
  list(quote(confusion_matrix(matrix(1:4, 2), 1:4)), "'truth' must be a factor .* not a matrix"),
  list(quote(confusion_matrix(data.frame(a = 1:2), 1:2)), "'truth' must be a factor .* not a data frame"),
  list(quote(confusion_matrix(sum, 1:2)), "'truth' must be a factor .* not a function"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = "c")), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = NA)), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = c("a", "b"))), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = list("a"))), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), positive = "a")), "'positive' only applies to two classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = 0)), "'prevalence' must be a single number strictly between 0 and 1"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = 1)), "'prevalence' must be a single number strictly between 0 and 1"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = -0.5)), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = NA)), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = "0.1")), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = c(0.1, 0.2))), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), prevalence = 0.1)), "'prevalence' must be a named vector"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), prevalence = c(a = 0.1, b = 0.2, d = 0.3))), "'prevalence' must be a named vector"),
  # as_confusion_matrix()
  list(quote(as_confusion_matrix(NULL)), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(1:6, 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, NA, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, -1, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, 0.5, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix("a", 2, 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(0, 2, 2))), "'x' must count at least one case"),
  list(quote(as_confusion_matrix(matrix(1, 1, 1))), "at least two classes"),
  list(quote(as_confusion_matrix(matrix(1, 2, 2, dimnames = list(c("a", "b"), c("b", "a"))))), "same classes, in the same order"),
  # roc_curve()
  list(quote(roc_curve(NULL, NULL)), "'truth' must be .* not NULL"),
  list(quote(roc_curve(c(TRUE, FALSE), 1)), "'truth' and 'score' must have the same length"),
  list(quote(roc_curve(c(TRUE, FALSE), c("1", "2"))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), list(1, 2))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), c(TRUE, FALSE))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), matrix(1:2, 1))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), c(NaN, 1))), "'score' must not hold NaN"),
  list(quote(roc_curve(c(TRUE, FALSE), c(1, -Inf))), "'score' must hold finite numbers"),
  list(quote(roc_curve(c(TRUE, TRUE), c(1, 2))), "needs two classes in 'truth'"),
  list(quote(roc_curve(c(NA, NA), c(1, 2))), "needs two classes in 'truth'"),
  list(quote(roc_curve(c(TRUE, FALSE), c(NA, 2))), "at least one positive and one negative case"),
  list(quote(roc_curve(c("a", "b", "c"), 1:3)), "exactly two classes in 'truth', not 3"),
  list(quote(roc_curve(c("a", "b"), 1:2, positive = "z")), "'positive' must be one of the classes"),
  list(quote(roc_curve(c("a", "b"), 1:2, positive = 1:2)), "'positive' must be one of the classes"),
  list(quote(roc_curve(c(0.5, 1), 1:2)), "'truth' must hold classes"),
  list(quote(roc_curve(list(1, 2), 1:2)), "'truth' must be a factor"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2))), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2), threshold = NA)), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2), threshold = 1:2)), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2), threshold = 1, prevalence = 3)), "'prevalence'"),
  # rule_list()
  list(quote(rule_list()), "'.default' is missing"),
  list(quote(rule_list(yeux > 1 ~ "A")), "'.default' is missing"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = NULL)), "'.default' must be one class"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = c("A", "B"))), "'.default' must be one class"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = NA)), "'.default' must be one class"),
  list(quote(rule_list("yeux > 1", .default = "B")), "argument 1 must be a formula"),
  list(quote(rule_list(yeux > 1, .default = "B")), "argument 1 must be a formula"),
  list(quote(rule_list(~ "A", .default = "B")), "rule 1 has no condition"),
  list(quote(rule_list(log(yeux) > 1 ~ "A", .default = "B")), "rule 1 .*log\\(yeux\\)"),
  list(quote(rule_list(yeux > nez ~ "A", .default = "B")), "rule 1 .*compares two columns"),
  list(quote(rule_list(1 > 2 ~ "A", .default = "B")), "rule 1 .*two constants"),
  list(quote(rule_list(yeux > c(1, 2) ~ "A", .default = "B")), "rule 1 .*%in%"),
  list(quote(rule_list(yeux %in% c() ~ "A", .default = "B")), "rule 1 .*empty"),
  list(quote(rule_list(yeux %in% c(1, "a") ~ "A", .default = "B")), "rule 1 .*mixes types"),
  list(quote(rule_list(yeux == NA ~ "A", .default = "B")), "rule 1 .*is.na"),
  list(quote(rule_list(yeux > 1 && visages > 1 ~ "A", .default = "B")), "rule 1 .*&"),
  list(quote(rule_list(TRUE ~ "A", .default = "B", .oops = 1)), "unknown argument '.oops'"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = "B", .levels = "A")), "'.levels'"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = "B", .response = 3)), "'.response'"),
  # predict() for rule lists
  list(quote(predict(slides, NULL)), "'newdata' must be a data frame, not NULL"),
  list(quote(predict(slides, list(yeux = 1, visages = 1))), "'newdata' must be a data frame, not a list"),
  list(quote(predict(slides, as.matrix(train[2:5]))), "'newdata' must be a data frame"),
  list(quote(predict(slides, data.frame(yeux = 1))), "column 'visages'.* missing from 'newdata'"),
  list(quote(predict(slides, data.frame(yeux = "deux", visages = 1))), "column 'yeux' \\(character\\)"),
  list(quote(predict(slides, data.frame(yeux = 1, visages = I(list(1))))), "column 'visages'"),
  list(quote(predict(slides, train, type = "nope")), "'type' must be one of"),
  list(quote(predict(slides, train, type = "prob")), "needs the rows each rule covered"),
  list(quote(predict(slides, train, na = "maybe")), "'na' must be one of"),
  # summary(), as_sql(), as_rule_list()
  list(quote(summary(slides)), "'data' is missing"),
  list(quote(summary(slides, data.frame(yeux = 1, visages = 2))), "column 'classe'"),
  list(quote(summary(slides, "train")), "'data' must be a data frame"),
  list(quote(as_sql(NULL)), "'model' must be a rule list"),
  list(quote(as_sql(train)), "'model' must be a rule list"),
  list(quote(as_rule_list(3)), "'x' must be a data frame of rules or a rule list"),
  list(quote(as_rule_list(data.frame(a = 1))), "'x' must be a data frame with the columns 'condition' and 'class'"),
  # learn_rules()
  list(quote(learn_rules(painting_formula, NULL)), "'data' must be a data frame, not NULL"),
  list(quote(learn_rules(painting_formula, as.matrix(train))), "'data' must be a data frame"),
  list(quote(learn_rules(painting_formula, train[0, ])), "'data' has no rows"),
  list(quote(learn_rules(painting_formula, train[1, ])), "'data' must hold at least 2 rows"),
  list(quote(learn_rules("classe ~ yeux", train)), "'formula' must be a formula"),
  list(quote(learn_rules(classe ~ inconnu, train)), "'formula' names column 'inconnu'"),
  list(quote(learn_rules(inconnu ~ yeux, train)), "'formula' names column 'inconnu'"),
  list(quote(learn_rules(yeux ~ visages, train)), "the response 'yeux' .* must hold classes"),
  list(quote(learn_rules(painting_formula, transform(train, classe = factor("A")))), "single class"),
  list(quote(learn_rules(painting_formula, transform(train, classe = NA))), "'data' must hold at least 2 rows with a known class|single class|no class"),
  list(quote(learn_rules(painting_formula, train, method = "tree")), "'method' must be one of \"covering\", \"oner\", not \"tree\""),
  list(quote(learn_rules(painting_formula, train, min_bucket = 0)), "'min_bucket'"),
  list(quote(learn_rules(painting_formula, train, min_bucket = "a")), "'min_bucket'"),
  list(quote(learn_rules(painting_formula, train, prune_share = 1)), "'prune_share'"),
  list(quote(learn_rules(painting_formula, train, max_rules = -1)), "'max_rules'"),
  list(quote(learn_rules(painting_formula, train, max_rules = NA)), "'max_rules'"),
  list(quote(learn_rules(painting_formula, train, prune_share = "a")), "'prune_share'"),
  # k_means()
  list(quote(k_means(NULL, 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means(list(1, 2), 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means("a", 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means(descripteurs, 3)), "'x' must have numeric columns only; column \"id\""),
  list(quote(k_means(matrix(numeric(0), 0, 2), 2)), "'x' must have at least one row"),
  list(quote(k_means(matrix(numeric(0), 5, 0), 2)), "'x' must have at least one column"),
  list(quote(k_means(rbind(points, NA), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(rbind(points, NaN), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(rbind(points, Inf), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(points)), "'k', the number of groups, is missing"),
  list(quote(k_means(points, 0)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, -1)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, 16)), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\)"),
  list(quote(k_means(points, 2.5)), "'k' must be a whole number"),
  list(quote(k_means(points, NA)), "'k'"),
  list(quote(k_means(points, "3")), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\), not \"3\""),
  list(quote(k_means(points, c(2, 3))), "'k'"),
  list(quote(k_means(points, 1e12)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, points[c(1, 1, 2), ])), "'k' holds duplicated initial centres"),
  list(quote(k_means(points, matrix(1:3, 3, 1))), "'k', a matrix of initial centres, must have one column per column of 'x'"),
  list(quote(k_means(points, points[1:2, ], nstart = 5)), "'nstart' must be 1"),
  list(quote(k_means(points, 2, nstart = 0)), "'nstart'"),
  list(quote(k_means(points, 2, iter_max = 0)), "'iter_max'"),
  list(quote(k_means(points, 2, iter_max = "many")), "'iter_max'"),
  list(quote(k_means(points, 2, threads = 0)), "'threads'"),
  list(quote(k_means(points, 2, threads = 1.5)), "'threads'"),
  list(quote(k_means(points, 2, tol = -1)), "'tol' must be a single number >= 0"),
  list(quote(k_means(points, 2, init = "middle")), "'init' must be one of"),
  list(quote(k_means(points, 2, algorithm = "fast")), "'algorithm' must be one of"),
  list(quote(k_means(points, 2, weights = rep(-1, 15))), "'weights' must be finite and non-negative"),
  list(quote(k_means(points, 2, weights = rep(0, 15))), "'weights' must not all be zero"),
  list(quote(k_means(points, 2, weights = 1:3)), "'weights' must be a numeric vector with one weight per row"),
  list(quote(k_means(points, 2, weights = rep(NA, 15))), "'weights'"),
  list(quote(k_means(points, 2, standardize = NA)), "'standardize' must be TRUE or FALSE"),
  list(quote(k_means(points, 2, trace = "yes")), "'trace' must be TRUE or FALSE"),
  list(quote(k_means(matrix(1, 10, 2), 2)), "'x' is constant"),
  list(quote(k_means(cbind(points, 1), 2, standardize = TRUE)), "column .* of 'x' is constant"),
  # predict(), plot() for k-means fits
  list(quote(predict(fit, NULL)), "'newdata'"),
  list(quote(predict(fit, data.frame(a = 1, b = 2))), "'newdata' must have the columns the groups were made with"),
  list(quote(predict(fit, data.frame(d1 = NA, d2 = 0.5))), "'newdata' must hold finite numbers"),
  list(quote(predict(fit, data.frame(d1 = "a", d2 = 0.5))), "'newdata' must have numeric columns only"),
  list(quote(predict(fit, points, type = "centres")), "'type' must be one of"),
  list(quote(plot(structure(c(unclass(fit)[names(fit) != "plot_data"]), class = class(fit)))), "'data' is needed"),
  # silhouette_score(), wss_curve()
  list(quote(silhouette_score(NULL, 1:3)), "'x' must be a numeric matrix or a data frame"),
  list(quote(silhouette_score(points, 1:3)), "'cluster' must be a k-means fit or a vector with one group per row"),
  list(quote(silhouette_score(points, c(NA, rep(1:2, 7)))), "'cluster' must not hold missing values"),
  list(quote(silhouette_score(points, list(1))), "'cluster'"),
  list(quote(wss_curve(NULL)), "'x' must be a numeric matrix or a data frame"),
  list(quote(wss_curve(points, k = 0:3)), "'k' must hold distinct whole numbers between 1 and nrow\\(x\\)"),
  list(quote(wss_curve(points, k = c(2, 2))), "'k' must hold distinct whole numbers")
)

test_that("every bad input gives a clear error naming what is wrong", {
  expect_gte(length(bad_cases), 150)
  for (case in bad_cases) {
    expr <- case[[1]]
    err <- tryCatch({
      suppressWarnings(eval(expr))
      NULL
    }, error = function(e) e)
    label <- paste(deparse(expr, width.cutoff = 500L), collapse = " ")
    expect(inherits(err, "error"), sprintf("no error for %s", label))
    if (inherits(err, "error")) {
      message <- conditionMessage(err)
      expect(grepl(case[[2]], message),
             sprintf("%s\n  gave: %s\n  expected: %s", label, message, case[[2]]))
      expect(!grepl(leaks, message),
             sprintf("%s\n  leaks an internal detail: %s", label, message))
    }
  }
})

test_that("documented results for edge inputs that are not errors", {
  # zero rows to predict: a zero-length factor with the model's classes
  p <- predict(slides, train[0, ])
  expect_length(p, 0)
  expect_identical(levels(p), c("Portrait", "Personnages", "Paysage"))
  # a single row
  expect_identical(as.character(predict(slides, train[1, ])), "Portrait")
  # NA everywhere in a column: the rule does not fire, the row falls through
  na_rows <- transform(train[1:2, ], yeux = NA_integer_)
  expect_identical(as.character(predict(slides, na_rows)), c("Paysage", "Personnages"))
  # a constant column is never used by a learned rule
  constant <- transform(train, nez = 3L)
  set.seed(1)
  learned <- learn_rules(classe ~ yeux + nez + visages, constant)
  expect_false(any(grepl("nez", as.data.frame(learned)$condition)))
  # duplicated rows and one class per pair are fine for confusion matrices
  cm <- confusion_matrix(rep("a", 3), rep("b", 3))
  expect_equal(sum(cm$table), 3)
  # NaN in classes counts as a missing value, as NA does
  expect_equal(confusion_matrix(c(NaN, 1, 2), c(1, 1, 2))$n_missing, 1)
  # max_rules = 0: only the default class
  learned <- learn_rules(painting_formula, train, max_rules = 0)
  expect_length(unique(predict(learned, train)), 1)
  # a table with an empty class keeps it, with NA statistics
  s <- summary(confusion_matrix(factor("a", levels = c("a", "b")), factor("a", levels = c("a", "b"))))
  expect_true(is.na(s$by_class$sensitivity[2]))
})
