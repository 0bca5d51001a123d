# silhouette_score(): cluster::silhouette, a slow R computation, k-means
# fits (standardized or not), threads, bad input.

train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
train_x <- train[, c("d1", "d2")]

# Gaussian blobs, well separated (spread large) or not.
blobs <- function(n, d, k, spread) {
  centres <- matrix(rnorm(k * d, sd = spread), k)
  centres[sample.int(k, n, TRUE), , drop = FALSE] + matrix(rnorm(n * d), n)
}

# ---------------------------------------------------------------------------
# (a) Golden values

test_that("hand-worked example: 0, 1 | 4 on a line", {
  # row 1: a = 1, b = 4, s = 3/4; row 2: a = 1, b = 3, s = 2/3; row 3 alone: 0
  x <- matrix(c(0, 1, 4))
  expect_equal(sdsante:::silhouette_widths(x, c(1, 1, 2)), c(3 / 4, 2 / 3, 0))
  expect_equal(silhouette_score(x, c("a", "a", "b")), (3 / 4 + 2 / 3) / 3)
})

# ---------------------------------------------------------------------------
# (b) Agreement with references

test_that("silhouette: as cluster::silhouette, exact and sampled", {
  skip_if_not_installed("cluster")
  set.seed(31)
  for (i in 1:8) {
    n <- sample(c(10, 60, 300), 1); d <- sample(1:4, 1)
    x <- round(matrix(rnorm(n * d), n), sample(0:2, 1))
    cl <- sample(c(2, 5, 9), n, TRUE)
    cl[1:3] <- c(2, 5, 9)
    cl[4] <- 11                                  # a group of one point: width 0
    ref <- cluster::silhouette(cl, dist(x))
    expect_equal(silhouette_score(x, cl), summary(ref)$avg.width, tolerance = 1e-12)
    expect_equal(sdsante:::silhouette_widths(x, cl), unname(ref[, "sil_width"]),
                 tolerance = 1e-12)
  }
  x <- blobs(400, 2, 3, 4)
  fit <- k_means(x, 3)
  set.seed(5)
  sampled <- silhouette_score(x, fit, sample_size = 100)
  set.seed(5)
  rows <- sort(sample.int(400, 100))
  expect_equal(sampled, silhouette_score(x[rows, ], fit$cluster[rows]))
  expect_equal(silhouette_score(x, fit, sample_size = 400), silhouette_score(x, fit))
})

test_that("silhouette agrees with a slow R computation", {
  set.seed(32)
  x <- matrix(rnorm(60), 30)
  cl <- rep(1:3, 10)
  dm <- as.matrix(dist(x))
  slow <- sapply(1:30, function(i) {
    own <- cl == cl[i]
    a <- sum(dm[i, own]) / (sum(own) - 1)
    b <- min(sapply(setdiff(1:3, cl[i]), function(g) mean(dm[i, cl == g])))
    (b - a) / max(a, b)
  })
  expect_equal(silhouette_score(x, cl), mean(slow), tolerance = 1e-12)
})

test_that("a standardized k-means fit: the distances of the standardized data", {
  set.seed(35)
  x <- cbind(height = rnorm(120, 170, 10), weight = rnorm(120, 70, 12) * 1000)
  set.seed(1)
  fit <- k_means(x, 3, standardize = TRUE)
  expected <- silhouette_score(scale(x), as.vector(fit$cluster))
  expect_equal(silhouette_score(x, fit), expected, tolerance = 1e-12)
  # its groups carry the standardization, and x already standardized is kept
  expect_equal(silhouette_score(x, fit$cluster), expected, tolerance = 1e-12)
  expect_equal(silhouette_score(scale(x), fit$cluster), expected, tolerance = 1e-12)
  # columns found by name, as predict() finds them
  expect_equal(silhouette_score(data.frame(extra = 1, x[, 2:1]), fit), expected,
               tolerance = 1e-12)
  # a fit that did not standardize, or one of stats::kmeans: x as it is
  # (weight, in grams, makes these groups alone: the warning is tested in
  # test-never-silent.R)
  quiet <- function(code) suppressWarnings(code, classes = "sdsante_dominant_column")
  plain <- stats::kmeans(x, 3)
  expect_identical(silhouette_score(x, plain), quiet(silhouette_score(x, plain$cluster)))
  # weights are ignored
  set.seed(1)
  weighted <- quiet(k_means(x, 3, weights = runif(120)))
  expect_identical(silhouette_score(x, weighted), quiet(silhouette_score(x, weighted$cluster)))
})

test_that("the result does not depend on the number of threads", {
  skip_without_threads()
  set.seed(25)
  x <- blobs(600, 5, 6, 1.5)
  cl <- sample(1:6, 600, TRUE)
  one <- silhouette_score(x, cl, threads = 1)
  expect_identical(silhouette_score(x, cl, threads = 2), one)
  # more threads than OpenMP can run: the scratch is sized by those that run
  expect_identical(silhouette_score(x, cl, threads = 1024), one)
})

# ---------------------------------------------------------------------------
# (c) Bad input, one case each

test_that("bad silhouette input is refused", {
  expect_error(silhouette_score(train_x, rep(1, 15)), "at least 2 groups")
  expect_error(silhouette_score(train_x, 1:3), "'cluster' must be a k-means fit or a vector with one group per row of 'x' \\(15\\), not 3 values")
  expect_error(silhouette_score(train_x, c(NA, rep(1:2, 7))), "'cluster' must not hold missing values")
  expect_error(silhouette_score(train_x, rep(1:3, 5), sample_size = 1), "'sample_size'")
  expect_error(silhouette_score(train_x, rep(1:3, 5), threads = 0), "'threads'")
  x <- as.matrix(train_x)
  x[2, 1] <- Inf
  expect_error(silhouette_score(x, rep(1:3, 5)), "'x' must hold finite numbers; row 2")
  set.seed(1)
  fit <- k_means(train_x, 3, standardize = TRUE)
  expect_error(silhouette_score(x, fit), "'x' must hold finite numbers; row 2")
  expect_error(silhouette_score(train_x[, 1, drop = FALSE], fit),
               "'x' must have the columns the groups were made with")
})

# ---------------------------------------------------------------------------
# Scale: data near 1e300 or 1e-300 give the widths of the same data near 1

test_that("the score does not depend on the scale of the data", {
  groups <- k_means(train_x, as.matrix(train_x[c(1, 3, 5), ]))$cluster
  at_one <- silhouette_score(train_x, groups)
  # the widths of a slow R computation, at scale 1
  d <- as.matrix(dist(train_x))
  slow <- vapply(seq_len(nrow(d)), function(i) {
    same <- groups == groups[i]
    a <- sum(d[i, same]) / (sum(same) - 1)
    b <- min(tapply(d[i, !same], groups[!same], mean))
    (b - a) / max(a, b)
  }, 0)
  expect_equal(at_one, mean(slow))
  for (scale in c(1e155, 1e-170, 1e300, 1e-300, 5e-324 / min(train_x[train_x > 0]) * 2^30))
    expect_equal(silhouette_score(train_x * scale, groups), at_one)
  # powers of two: bit for bit
  for (p in c(-1000, -400, 400, 1000))
    expect_identical(silhouette_score(train_x * 2^p, groups), at_one)
  # a standardized fit at 1e300: the distances of the fit, still finite
  set.seed(3)
  fit <- k_means(train_x * 1e300, 3, standardize = TRUE)
  set.seed(3)
  fit_one <- k_means(train_x, 3, standardize = TRUE)
  expect_equal(silhouette_score(train_x * 1e300, fit), silhouette_score(train_x, fit_one))
})

test_that("kinds of input: classed numbers, decimal commas, 64-bit integers", {
  groups <- rep(1:3, 5)
  expect_error(silhouette_score(data.frame(d = Sys.Date() + 1:15), groups),
               "column 'd' of 'x' is of class Date \\(dates or times\\)")
  expect_error(silhouette_score(data.frame(d = format(train_x$d1, decimal.mark = ",")), groups),
               "column 'd' of 'x' holds numbers written with a decimal comma")
  skip_if_not_installed("bit64")
  big <- data.frame(a = bit64::as.integer64(c(1:7 * 100, 1:8)))
  expect_identical(silhouette_score(big, rep(1:2, c(7, 8))),
                   silhouette_score(data.frame(a = c(1:7 * 100, 1:8)), rep(1:2, c(7, 8))))
  expect_identical(silhouette_score(big, bit64::as.integer64(rep(1:2, c(7, 8)))),
                   silhouette_score(big, rep(1:2, c(7, 8))))
})

test_that("a constant column near 1e300 beside a column near 1e-300: the widths of the varying column", {
  b <- c(1, 2, 3, 7, 8, 9, 2.5, 8.5)
  groups <- c(1, 1, 1, 2, 2, 2, 1, 2)
  one_column <- silhouette_score(matrix(b), groups)
  expect_gt(one_column, 0.5)
  for (constant in c(1e300, -1e300, 2^1000)) {
    x <- cbind(a = constant, b = b * 1e-300)
    expect_equal(silhouette_score(x, groups), one_column)
  }
  # a column that varies at 1e300 dominates: the 1e-300 column does not count
  x <- cbind(a = b * 1e300, b = rev(b) * 1e-300)
  expect_equal(silhouette_score(x, groups), one_column)
})
