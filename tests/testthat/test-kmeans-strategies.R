# The batch fit chooses, pass by pass, between a plain Lloyd pass (every
# distance, vectorised, the sums taken in the same read) and Hamerly's pass
# (bounds), from k * d and from how many points the last pass had to search
# in full; the kernel also has a path for the last few points of a block (a
# tile of 8) and the sums a path per number of columns per thread.  Whatever
# the path, the partition, centres and iteration count must be those of
# stats::kmeans(algorithm = "Lloyd") from the same start, and the result must
# not depend on the number of threads.

overlapping <- function(n, d, k) {
  centres <- matrix(rnorm(k * d), k)
  centres[sample.int(k, n, TRUE), , drop = FALSE] + matrix(rnorm(n * d), n)
}

without_algorithm_field <- function(fit) fit[setdiff(names(fit), "algorithm")]

expect_as_stats <- function(x, start, label) {
  ref <- stats::kmeans(x, start, iter.max = 1000, algorithm = "Lloyd")
  for (algorithm in c("lloyd", "hamerly")) {
    one <- k_means(x, start, iter_max = 1000, algorithm = algorithm, threads = 1)
    two <- k_means(x, start, iter_max = 1000, algorithm = algorithm, threads = 2)
    what <- paste(label, algorithm)
    expect_identical(unname(one$cluster), ref$cluster, label = what)
    expect_identical(unname(one$centers), unname(ref$centers), label = what)
    expect_identical(one$iter, ref$iter, label = what)
    if (threads_testable()) expect_identical(two, one, label = paste(what, "2 threads"))
  }
}

test_that("every shape gives stats' Lloyd result, around each switch of strategy", {
  set.seed(21)
  # (n, d, k): k d below and at the smallest for bounds (16), around the
  # pruning threshold's range, large k d; rows not a multiple of 8
  shapes <- list(c(3001, 1, 3), c(2999, 5, 3), c(3003, 4, 4), c(3005, 2, 8),
                 c(5000, 10, 10), c(4001, 16, 20), c(2000, 32, 40), c(1500, 3, 60))
  for (s in shapes) {
    x <- overlapping(s[1], s[2], s[3])
    start <- x[sample.int(nrow(x), s[3]), , drop = FALSE]
    expect_as_stats(x, start, paste(s, collapse = " x "))
  }
})

test_that("many iterations: the fit moves between plain and Hamerly passes, exactly", {
  set.seed(22)
  # heavily overlapping groups: a long tail of passes that move few points
  x <- overlapping(2e4, 10, 12) * 0.5
  start <- x[sample.int(nrow(x), 12), ]
  expect_as_stats(x, start, "overlapping 2e4 x 10")
})

test_that("fewer rows than a tile, and ties between centres, as stats", {
  set.seed(23)
  for (n in 2:9) {
    x <- matrix(rnorm(n * 3), n)
    expect_as_stats(x, x[1:2, , drop = FALSE], paste(n, "rows"))
  }
  # integer data on a grid: many points exactly halfway between two centres
  x <- as.matrix(expand.grid(0:20, 0:20, 0:3)) + 0
  start <- rbind(c(5, 5, 1), c(15, 5, 1), c(5, 15, 2), c(15, 15, 2))
  expect_as_stats(x, start, "grid with ties")
})

# Weighted fits have no reference in stats: Lloyd, Hamerly and 2 threads agree.
expect_weighted_agree <- function(x, start, w) {
  lloyd <- k_means(x, start, weights = w, algorithm = "lloyd")
  hamerly <- k_means(x, start, weights = w, algorithm = "hamerly")
  expect_identical(without_algorithm_field(hamerly), without_algorithm_field(lloyd))
  if (threads_testable())
    expect_identical(k_means(x, start, weights = w, algorithm = "hamerly", threads = 2), hamerly)
}

test_that("the comparisons of 1 and 2 threads above can run (OpenMP)", {
  skip_without_threads()
  expect_gte(sdsante:::max_threads(), 2L)
})

test_that("weighted fits do not depend on the strategy or the threads", {
  set.seed(24)
  for (d in c(1, 2, 7)) {
    x <- overlapping(3001, d, 10)
    w <- runif(3001)
    expect_weighted_agree(x, x[1:10, , drop = FALSE], w)
  }
})

test_that("predict: the kernel's clusters are the nearest of the distances", {
  set.seed(25)
  x <- overlapping(1003, 6, 7)
  fit <- k_means(x, 7)
  newdata <- overlapping(2005, 6, 7)
  distances <- predict(fit, newdata, type = "distances")
  expect_identical(unname(predict(fit, newdata)), unname(max.col(-distances, "first")))
  # many centres: through the single-precision filter, ties included
  x <- overlapping(3000, 20, 40)
  fit <- k_means(x, 40)
  newdata <- rbind(overlapping(2000, 20, 40), fit$centers[c(1, 2, 2, 5), ],
                   (fit$centers[1, ] + fit$centers[2, ]) / 2)
  distances <- predict(fit, newdata, type = "distances")
  expect_identical(unname(predict(fit, newdata)), unname(max.col(-distances, "first")))
})

test_that("the column scan refuses what R never gives it, and finds the first bad value", {
  expect_error(.Call(sdsante:::C_sds_column_scan, 1:3, NULL, FALSE, FALSE, 1L),
               "internal error: the column scan needs a double matrix")
  expect_error(.Call(sdsante:::C_sds_column_scan, matrix(1), c(1, 2), FALSE, FALSE, 1L),
               "internal error: the column scan needs one double weight per row")
  x <- matrix(c(1, 2, 3, 4, Inf, NA), 3)
  expect_identical(.Call(sdsante:::C_sds_column_scan, x, NULL, FALSE, FALSE, 1L)$first_bad, 5)
  y <- matrix(c(1, 2, 4, 6), 2)
  scan <- .Call(sdsante:::C_sds_column_scan, y, NULL, TRUE, TRUE, 2L)
  expect_identical(scan$first_bad, 0)
  expect_equal(scan$totss, 0.5 + 2)
  expect_equal(scan$mean, c(1.5, 5))
  expect_equal(scan$variance, c(0.5, 2))
  # weights 1 and 3: weighted means 1.75 and 5.5
  weighted <- .Call(sdsante:::C_sds_column_scan, y, c(1, 3), TRUE, FALSE, 1L)
  expect_equal(weighted$totss, (0.75^2 + 3 * 0.25^2) + (1.5^2 + 3 * 0.5^2))
  expect_true(all(is.na(weighted$mean)))
  expect_true(is.na(.Call(sdsante:::C_sds_column_scan, y, NULL, FALSE, FALSE, 1L)$totss))
})

test_that("passes over several chunks move the changed points in order, with any threads", {
  skip_on_cran()   # 3e5 rows: about a second
  set.seed(26)
  # with 2 threads the moves of a plain pass are made chunk by chunk (2^20 / d
  # rows), and after a Hamerly pass by column blocks: k d = 12 keeps plain
  # passes, k d = 20 uses bounds
  for (s in list(c(3e5, 4, 3), c(3e5, 5, 4))) {
    x <- overlapping(s[1], s[2], s[3])
    start <- x[sample.int(nrow(x), s[3]), , drop = FALSE]
    expect_as_stats(x, start, paste(s, collapse = " x "))
  }
})

# With k >= 16 and k d >= 256 (on processors with AVX2 and FMA) the exact
# distances are only computed to the centres that approximate distances in
# single precision, with a bound on their error, cannot rule out: the results
# must stay those of the exact search, bit for bit, ties included.
test_that("the single-precision filter keeps stats' result, ties and scales included", {
  set.seed(27)
  for (s in list(c(3001, 16, 20), c(2000, 32, 40), c(1500, 64, 17))) {
    x <- overlapping(s[1], s[2], s[3])
    start <- x[sample.int(nrow(x), s[3]), , drop = FALSE]
    expect_as_stats(x, start, paste("filter", paste(s, collapse = " x ")))
  }
  # many columns: separate groups (overlapping ones leave groups empty)
  centres <- matrix(rnorm(16 * 300, sd = 2), 16)
  x <- centres[rep_len(1:16, 1200), ] + matrix(rnorm(1200 * 300), 1200)
  expect_as_stats(x, x[1:16, ], "filter 1200 x 300 x 16")
  # a grid: many points exactly halfway between centres
  x <- as.matrix(expand.grid(rep(list(0:3), 5))) + 0
  x <- cbind(x, x[, 1:3])
  start <- x[seq(1, nrow(x), length.out = 24), ]
  expect_as_stats(x, start, "filter grid with ties")
  # far from the origin the approximate distances lose most of their digits;
  # near 1e-70 the filter works on a scale of its own
  x <- overlapping(2000, 16, 20)
  start <- x[sample.int(2000, 20), ]
  expect_as_stats(x + 1e4, start + 1e4, "filter, data near 1e4")
  expect_as_stats(x * 1e-70, start * 1e-70, "filter, data near 1e-70")
  # pairs of centres 4e-5 apart in one column: their squared distances to a
  # point differ by about 1e-10 of their size, which double precision tells
  # apart and single precision does not; the exact distances must decide
  centres <- matrix(rnorm(10 * 16, sd = 4), 10)
  group <- rep_len(1:10, 2000)
  side <- rep(c(-2e-5, 2e-5), each = 10, length.out = 2000)
  fine <- cbind(centres[group, ] + matrix(rnorm(2000 * 16), 2000), side)
  start <- rbind(cbind(centres, -2e-5), cbind(centres, 2e-5))
  expect_as_stats(fine, start, "filter, pairs of centres 4e-5 apart")
})

test_that("weighted fits through the filter do not depend on the strategy or the threads", {
  set.seed(28)
  x <- overlapping(3001, 24, 30)
  w <- runif(3001)
  expect_weighted_agree(x, x[1:30, ], w)
})

test_that("Hamerly's single-precision bounds beyond the floats' range keep the result", {
  set.seed(29)
  # distances near 1e40 exceed the largest float, near 1e-50 they are below
  # the smallest: the bounds then settle nothing and every row is searched
  x <- overlapping(3000, 4, 8)
  start <- x[sample.int(3000, 8), ]
  for (s in c(1e40, 1e-50, 1e-20)) expect_as_stats(x * s, start * s, paste("bounds at scale", s))
})
