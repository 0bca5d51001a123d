# Long C loops poll R_CheckUserInterrupt(), which is also where R enforces
# setTimeLimit(): a computation that would take seconds must stop with R's
# "time limit" error soon after the limit, exactly as Ctrl-C stops it in
# RStudio.  The k-means loops poll by work done (rows x centres x columns),
# so the delay must not grow with k or d.  Each case below runs for much
# longer than the bound without a limit; the bound itself is generous (the
# machines that run the tests are shared); the precise delays are measured
# by bench/bench-interrupt.R.

stops_at_time_limit <- function(expr, limit = 0.2) {
  setTimeLimit(elapsed = limit)
  on.exit(setTimeLimit(elapsed = Inf))
  tryCatch({
    force(expr)
    FALSE
  }, error = function(e) grepl("time limit", conditionMessage(e)))
}

# TRUE if expr stops at a limit of 0.5 s, well before `bound` seconds.
stops_soon <- function(expr, bound = 5) {
  elapsed <- system.time(stopped <- stops_at_time_limit(expr, limit = 0.5))[["elapsed"]]
  stopped && elapsed < bound
}

test_that("k-means responds to an interrupt with every algorithm", {
  skip_on_cran()
  set.seed(1)
  x <- matrix(rnorm(2e5 * 10), ncol = 10)
  for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
    expect_true(stops_at_time_limit(k_means(x, 50, iter_max = 1000, algorithm = algorithm)),
                label = algorithm)
})

test_that("k-means stops soon after a time limit, however many centres and columns", {
  skip_on_cran()
  set.seed(3)
  # many distances per point: 200 centres x 40 columns; each fit would run
  # for tens of seconds
  x <- matrix(rnorm(1e5 * 40), ncol = 40)
  start <- x[seq_len(200), ]
  for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
    expect_true(stops_soon(k_means(x, start, iter_max = 1000, algorithm = algorithm)),
                label = algorithm)
  # the k-means++ start alone: 400 centres, 7 candidates each
  expect_true(stops_soon(k_means(x, 400, iter_max = 1)), label = "k-means++")
})

test_that("predict() of k-means and the silhouette stop soon after a time limit", {
  skip_on_cran()
  set.seed(4)
  # 10,000 centres in 100 columns: 1e11 distance terms for 1e5 new rows
  points <- matrix(rnorm(1.2e4 * 100), ncol = 100)
  fit <- suppressWarnings(k_means(points, points[seq_len(1e4), ], iter_max = 1))
  newdata <- matrix(rnorm(1e5 * 100), ncol = 100)
  expect_true(stops_soon(predict(fit, newdata)), label = "predict")
  x <- matrix(rnorm(6e4 * 20), ncol = 20)
  expect_true(stops_soon(silhouette_score(x, rep(1:3, length.out = 6e4))), label = "silhouette")
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

test_that("rule lists stop soon after a time limit, however long their conditions", {
  skip_on_cran()
  # A 5,000-term condition on a million rows: the evaluation polls by the
  # work of the program, not every 2^20 rows.
  set.seed(3)
  d <- data.frame(a = runif(1e6), b = runif(1e6))
  terms <- paste(sprintf("a > %.6f", runif(5000, 0, 1e-3)), collapse = " & ")
  long <- eval(parse(text = sprintf("rule_list(%s ~ 'A', .default = 'B')", terms))[[1]])
  expect_true(stops_soon(for (i in 1:20) predict(long, d)), label = "rule predict")
  y <- factor(sample(letters[1:3], 2e6, TRUE))
  wide <- data.frame(y = y, matrix(rnorm(2e7), ncol = 10))
  expect_true(stops_soon(learn_rules(y ~ ., wide)), label = "learn_rules, covering")
  expect_true(stops_soon(learn_rules(y ~ ., wide, method = "oner")), label = "learn_rules, 1R")
})
