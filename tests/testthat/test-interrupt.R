# Long C loops poll R_CheckUserInterrupt(), which is also where R enforces
# setTimeLimit(): a computation that would take seconds must stop with R's
# "time limit" error soon after the limit, exactly as Ctrl-C stops it in
# RStudio.  Each case below runs for several seconds without a limit.

stops_at_time_limit <- function(expr, limit = 0.2) {
  setTimeLimit(elapsed = limit)
  on.exit(setTimeLimit(elapsed = Inf))
  tryCatch({
    force(expr)
    FALSE
  }, error = function(e) grepl("time limit", conditionMessage(e)))
}

test_that("k-means responds to an interrupt with every algorithm", {
  skip_on_cran()
  set.seed(1)
  x <- matrix(rnorm(2e5 * 10), ncol = 10)
  for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
    expect_true(stops_at_time_limit(k_means(x, 50, iter_max = 1000, algorithm = algorithm)),
                label = algorithm)
})

test_that("the silhouette, the ROC sweep and rule learning respond to an interrupt", {
  skip_on_cran()
  set.seed(2)
  x <- matrix(rnorm(3e4 * 5), ncol = 5)
  expect_true(stops_at_time_limit(silhouette_score(x, rep(1:3, length.out = 3e4))))
  truth <- rep(c(TRUE, FALSE), 1.5e7)
  score <- runif(3e7)
  expect_true(stops_at_time_limit(roc_curve(truth, score), limit = 0.1))
  d <- data.frame(y = factor(sample(letters[1:3], 2e5, TRUE)), matrix(rnorm(2e6), ncol = 10))
  expect_true(stops_at_time_limit(learn_rules(y ~ ., d)))
})
