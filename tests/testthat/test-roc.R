# roc_curve(): hand-worked values, a slow reference, pROC, bad input.

# Slow reference: AUC over all positive/negative pairs, DeLong's variance from
# the placement values written out as in DeLong, DeLong & Clarke-Pearson (1988).
slow_roc <- function(is_positive, score) {
  x <- score[is_positive]
  y <- score[!is_positive]
  psi <- outer(x, y, function(a, b) (a > b) + 0.5 * (a == b))
  auc <- mean(psi)
  v10 <- rowMeans(psi)
  v01 <- colMeans(psi)
  variance <- var(v10) / length(x) + var(v01) / length(y)
  list(auc = auc, variance = variance)
}

test_that("hand-worked AUC values, ties counting one half", {
  expect_equal(roc_curve(c(1, 1, 0, 0), c(0.9, 0.4, 0.6, 0.1), positive = 1)$auc, 0.75)
  expect_equal(roc_curve(c("p", "n"), c(0.5, 0.5), positive = "p")$auc, 0.5)
  expect_equal(roc_curve(c(TRUE, TRUE, FALSE), c(3, 1, 1))$auc, 0.75)
  perfect <- roc_curve(c(TRUE, TRUE, FALSE, FALSE), c(4, 3, 2, 1))
  expect_equal(perfect$auc, 1)
  expect_equal(perfect$thresholds, c(Inf, 4, 3, 2, 1))
  expect_equal(perfect$sensitivity, c(0, 0.5, 1, 1, 1))
  expect_equal(perfect$specificity, c(1, 1, 1, 0.5, 0))
  expect_equal(roc_curve(c(TRUE, TRUE, FALSE, FALSE), c(1, 2, 3, 4))$auc, 0)
})

test_that("AUC and DeLong variance agree with the slow reference", {
  set.seed(7)
  for (i in 1:20) {
    n <- sample(c(10, 50, 300), 1)
    truth <- runif(n) < runif(1, 0.2, 0.8)
    truth[1:2] <- c(TRUE, FALSE)
    truth[3:4] <- c(TRUE, FALSE)
    score <- round(rnorm(n, mean = truth * runif(1, 0, 2)), sample(0:2, 1))  # many ties
    roc <- roc_curve(truth, score)
    ref <- slow_roc(truth, score)
    expect_equal(roc$auc, ref$auc, tolerance = 1e-12)
    expect_equal(roc$auc_var, ref$variance, tolerance = 1e-10)
    # every point of the curve, counted the slow way
    counts <- as.data.frame(roc)
    expect_identical(counts$tp, vapply(roc$thresholds, function(t) sum(score[truth] >= t), 1))
    expect_identical(counts$fp, vapply(roc$thresholds, function(t) sum(score[!truth] >= t), 1))
    expect_equal(roc$sensitivity, counts$tp / sum(truth))
  }
})

test_that("AUC and its DeLong interval equal pROC's", {
  skip_if_not_installed("pROC")
  set.seed(11)
  for (i in 1:20) {
    n <- sample(c(20, 200, 2000), 1)
    truth <- factor(sample(c("malade", "sain"), n, TRUE), levels = c("malade", "sain"))
    score <- round(rnorm(n, mean = (truth == "malade") * runif(1, 0, 3)), sample(0:3, 1))
    ours <- roc_curve(truth, score, positive = "malade")
    theirs <- pROC::roc(truth, score, levels = c("sain", "malade"), direction = "<",
                        quiet = TRUE)
    expect_equal(ours$auc, as.numeric(pROC::auc(theirs)), tolerance = 1e-12)
    ci <- as.numeric(pROC::ci.auc(theirs, method = "delong"))
    expect_equal(unname(ours$auc_ci), ci[c(1, 3)], tolerance = 1e-9)
    expect_equal(ours$auc_var, pROC::var(theirs, method = "delong"), tolerance = 1e-9)
  }
})

test_that("the DeLong interval needs two cases of each class", {
  roc <- roc_curve(c(TRUE, FALSE, FALSE), c(2, 1, 0))
  expect_equal(roc$auc, 1)
  expect_true(all(is.na(roc$auc_ci)))
})

test_that("the confusion matrix at a threshold matches counting by hand", {
  set.seed(3)
  truth <- sample(c("oui", "non"), 100, TRUE)
  score <- round(runif(100), 2)
  roc <- roc_curve(truth, score, positive = "oui")
  for (threshold in c(-Inf, 0, 0.25, 0.5, 0.77, 1, 2, Inf)) {
    cm <- as_confusion_matrix(roc, threshold = threshold)
    # strings are sorted: "non" then "oui", as confusion_matrix() orders them
    predicted <- ifelse(score >= threshold, "oui", "non")
    direct <- confusion_matrix(factor(truth, levels = c("non", "oui")),
                               factor(predicted, levels = c("non", "oui")))
    expect_identical(dimnames(cm$table), dimnames(direct$table))
    expect_equal(unclass(cm$table), unclass(direct$table))
    expect_identical(cm$positive, "oui")
  }
})

test_that("missing values are left out and counted", {
  roc <- roc_curve(c(TRUE, NA, FALSE, TRUE, FALSE), c(0.9, 0.5, NA, 0.2, 0.1))
  expect_equal(roc$n_missing, 2)
  expect_equal(roc$n_positive + roc$n_negative, 3)
  expect_output(print(roc), "2 cases with a missing value were left out")
})

test_that("print, plot and as.data.frame", {
  roc <- roc_curve(tableaux$classe == "Personnages", tableaux$visages)
  expect_output(print(roc), "AUC")
  df <- as.data.frame(roc)
  expect_named(df, c("threshold", "sensitivity", "specificity", "tp", "fp"))
  expect_equal(nrow(df), length(unique(tableaux$visages)) + 1)
  file <- tempfile(fileext = ".pdf")
  grDevices::pdf(file)
  expect_invisible(plot(roc))
  expect_invisible(plot(roc_curve(tableaux$classe == "Portrait", -tableaux$yeux), add = TRUE,
                        lty = 2))
  grDevices::dev.off()
  expect_gt(file.size(file), 1000)
})

test_that("bad input gives a clear error naming the argument", {
  expect_error(roc_curve(c(TRUE, FALSE), c(1, 2, 3)),
               "'truth' and 'score' must have the same length")
  expect_error(roc_curve(logical(), numeric()), "at least one value")
  expect_error(roc_curve(c(NA, NA), c(1, 2)), "two classes")
  expect_error(roc_curve(c(TRUE, TRUE), c(1, 2)), "needs two classes .* only \"TRUE\"")
  expect_error(roc_curve(c("a", "b", "c"), c(1, 2, 3)), "exactly two classes in 'truth', not 3")
  expect_error(roc_curve(c("a", "b"), c(1, 2), positive = "z"),
               "'positive' must be one of the classes")
  expect_error(roc_curve(c("a", "b"), c("1", "2")), "'score' must be a numeric vector")
  expect_error(roc_curve(c("a", "b"), c(NaN, 2)), "'score' must not hold NaN")
  expect_error(roc_curve(c("a", "b"), c(Inf, 2)), "'score' must hold finite numbers")
  expect_error(roc_curve(list("a", "b"), c(1, 2)), "'truth' must be a factor")
  roc <- roc_curve(c("a", "b"), c(1, 2))
  expect_error(as_confusion_matrix(roc), "'threshold' must be a single number")
  expect_error(as_confusion_matrix(roc, threshold = "a"), "'threshold' must be a single number")
  expect_error(as_confusion_matrix(roc, threshold = 0.5, prevalence = 2), "'prevalence'")
})

test_that("the confusion matrix at a threshold keeps truth's class order and missing count", {
  truth <- factor(c("sain", "malade", "sain", "malade", NA), levels = c("sain", "malade"))
  roc <- roc_curve(truth, c(0.1, 0.9, 0.6, 0.4, 0.5), positive = "malade")
  cm <- as_confusion_matrix(roc, threshold = 0.5)
  direct <- confusion_matrix(truth, factor(ifelse(c(0.1, 0.9, 0.6, 0.4, 0.5) >= 0.5, "malade", "sain"),
                                           levels = c("sain", "malade")), positive = "malade")
  expect_identical(dimnames(cm$table), dimnames(direct$table))
  expect_equal(unclass(cm$table), unclass(direct$table))
  expect_equal(cm$n_missing, 1)
  expect_identical(cm$positive, "malade")
})

test_that("summary() gives the AUC and operating points counted exactly", {
  set.seed(5)
  truth <- sample(c(TRUE, FALSE), 200, TRUE)
  score <- round(rnorm(200, mean = truth), 1)
  roc <- roc_curve(truth, score)
  s <- summary(roc)
  expect_equal(s$auc, roc$auc)
  points <- s$operating_points
  expect_identical(points$criterion[1], "youden")
  for (i in seq_len(nrow(points))) {
    t <- points$threshold[i]
    expect_equal(points$tp[i], sum(score[truth] >= t))
    expect_equal(points$fp[i], sum(score[!truth] >= t))
    expect_equal(points$fn[i] + points$tp[i], sum(truth))
  }
  expect_gte(points$sensitivity[points$criterion == "sensitivity_90"], 0.9)
  expect_gte(points$specificity[points$criterion == "specificity_95"], 0.95)
  expect_output(print(s), "Operating points")
})
