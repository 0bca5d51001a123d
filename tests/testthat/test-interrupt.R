# Long C loops poll R_CheckUserInterrupt(), which is also where R enforces
# setTimeLimit(): a computation that would take seconds must stop with R's
# "time limit" error soon after the limit, exactly as Ctrl-C stops it in
# RStudio.  The k-means loops poll by work done (rows x centres x columns),
# so the delay must not grow with k or d.  Each case below runs for much
# longer than the bound without a limit; the bound itself is generous (the
# machines that run the tests are shared); the precise delays are measured
# by bench/bench-interrupt.R.
#
# The R preparation (checks, conversions) of a large input can alone take
# longer than the limit, and R code stops at the limit whether or not C
# polls.  So the cases below prepare their input first and put only the C
# work under the limit (a .Call, or an internal step that is mostly C), and
# check that the error came from inside it: R code written after the call
# must not have run (C that never polled would have returned first, and the
# limit would only be noticed later).

# TRUE if `work` (C, or R around C) stops at a time limit of `limit` seconds,
# from inside: the line after it never runs, and it stops before `bound`.
stops_inside <- function(work, limit = 0.2, bound = 5) {
  returned <- FALSE
  setTimeLimit(elapsed = limit)
  on.exit(setTimeLimit(elapsed = Inf))
  elapsed <- system.time(stopped <- tryCatch({
    force(work)
    returned <- TRUE
    FALSE
  }, error = function(e) grepl("time limit", conditionMessage(e))))[["elapsed"]]
  setTimeLimit(elapsed = Inf)
  stopped && !returned && elapsed < bound
}

# The k-means fit in C from given centres, as k_means() calls it.
kmeans_c <- function(x, start, algorithm) {
  code <- sdsante:::kmeans_algorithms()[[algorithm]]
  .Call(sdsante:::C_sds_kmeans_fit, x, start, NULL, code, 1000L, 0, 1L, FALSE)
}

test_that("k-means responds to an interrupt with every algorithm", {
  skip_on_cran()
  set.seed(1)
  x <- matrix(rnorm(2e5 * 10), ncol = 10)
  for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
    expect_true(stops_inside(kmeans_c(x, x[1:50, ], algorithm)), label = algorithm)
})

test_that("k-means stops soon after a time limit, however many centres and columns", {
  skip_on_cran()
  set.seed(3)
  # many distances per point: 200 centres x 40 columns; each fit would run
  # for tens of seconds
  x <- matrix(rnorm(1e5 * 40), ncol = 40)
  start <- x[seq_len(200), ]
  for (algorithm in c("lloyd", "hamerly", "hartigan-wong", "macqueen"))
    expect_true(stops_inside(kmeans_c(x, start, algorithm), limit = 0.5), label = algorithm)
  # the k-means++ start alone: 400 centres, 7 candidates each
  expect_true(stops_inside(.Call(sdsante:::C_sds_kmeans_start, x, 400L, NULL, TRUE, 1L),
                           limit = 0.5), label = "k-means++")
})

test_that("predict() of k-means and the silhouette stop soon after a time limit", {
  skip_on_cran()
  set.seed(4)
  # 10,000 centres in 100 columns: 1e11 distance terms for 1e5 new rows
  centres <- matrix(rnorm(1e4 * 100), ncol = 100)
  newdata <- matrix(rnorm(1e5 * 100), ncol = 100)
  for (distances in c(FALSE, TRUE))
    expect_true(stops_inside(.Call(sdsante:::C_sds_kmeans_predict, newdata, centres, distances),
                             limit = 0.5), label = paste("predict, distances", distances))
  x <- matrix(rnorm(6e4 * 20), ncol = 20)
  expect_true(stops_inside(.Call(sdsante:::C_sds_silhouette_widths, x,
                                 rep(1:3, length.out = 6e4), 3L, 1L), limit = 0.5),
              label = "silhouette")
})

test_that("the ROC sweep and rule learning stop inside C at a time limit", {
  skip_on_cran()
  set.seed(2)
  # 3e7 cases: R's checks of such an input take longer than the limit, so
  # the sweep itself is timed, on its prepared input (hashing: many ties;
  # sorting: distinct scores)
  truth <- factor(rep(c("no", "yes"), 1.5e7))
  for (score in list(runif(3e7), round(runif(3e7), 3)))
    expect_true(stops_inside(.Call(sdsante:::C_sds_roc_sweep, truth, 2L, 1L, score), limit = 0.1))
  y <- factor(sample(letters[1:3], 2e6, TRUE))
  wide <- data.frame(y = y, matrix(rnorm(2e7), ncol = 10))
  training <- sdsante:::learn_data(y ~ ., wide, NULL)
  expect_true(stops_inside(sdsante:::learn_covering(training, 1 / 3, Inf)), label = "covering")
  expect_true(stops_inside(sdsante:::learn_oner(training, 6)), label = "1R")
})

test_that("rule lists stop soon after a time limit, however long their conditions", {
  skip_on_cran()
  # A 5,000-term condition on a million rows: the evaluation polls by the
  # work of the program, not every 2^20 rows.
  set.seed(3)
  d <- data.frame(a = runif(1e6), b = runif(1e6))
  terms <- paste(sprintf("a > %.6f", runif(5000, 0, 1e-3)), collapse = " & ")
  long <- eval(parse(text = sprintf("rule_list(%s ~ 'A', .default = 'B')", terms))[[1]])
  # (the checks of two numeric columns take a few milliseconds; one
  # evaluation without a limit takes seconds)
  expect_true(stops_inside(predict(long, d), limit = 0.3, bound = 2), label = "rule predict")
})
