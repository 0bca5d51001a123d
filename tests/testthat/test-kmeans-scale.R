# k-means and predict() do not depend on the scale of the data or of the
# weights: bit for bit under powers of two, the same groups
# under other factors, and never Inf or NaN sums.

pts <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
st <- as.matrix(pts[c(1, 3, 5), ])
reference <- k_means(pts, st)

sums_are_finite <- function(fit) {
  all(is.finite(c(fit$totss, fit$withinss, fit$tot.withinss, fit$betweenss, fit$weight_sums)))
}

# A sum of the fit in the units of the data (exact for powers of two).
in_data_units <- function(value, log2_unit) value * 2^log2_unit

test_that("powers of two: the same groups bit for bit, centres and sums scaled exactly", {
  for (p in c(-1000, -600, -300, 300, 600, 1000)) {
    fit <- k_means(pts * 2^p, st * 2^p)
    expect_identical(fit$cluster, reference$cluster)
    expect_identical(fit$centers, reference$centers * 2^p)
    expect_identical(fit$iter, reference$iter)
    expect_true(sums_are_finite(fit))
    # the sums, back in the units of the data: 2^(2p) times the reference's
    unit <- fit$log2_unit[["ss"]]
    expect_identical(in_data_units(fit$totss, unit - 2 * p), reference$totss)
    expect_identical(in_data_units(fit$withinss, unit - 2 * p), reference$withinss)
    expect_identical(fit$betweenss / fit$totss, reference$betweenss / reference$totss)
  }
  # within range, the sums are in the units of the data
  fit <- k_means(pts * 2^100, st * 2^100)
  expect_identical(fit$log2_unit, c(ss = 0L, weights = 0L))
  expect_identical(fit$totss, reference$totss * 2^200)
})

test_that("1e300 and 1e-300: the same groups, finite sums, no talk of constant data", {
  fit <- k_means(pts * 1e300, st * 1e300)
  expect_identical(fit$cluster, reference$cluster)
  expect_true(sums_are_finite(fit))
  expect_gt(fit$log2_unit[["ss"]], 0)
  expect_equal(fit$betweenss / fit$totss, reference$betweenss / reference$totss)
  expect_equal(fit$centers, reference$centers * 1e300)
  expect_output(print(fit), "units of 2\\^")
  expect_output(print(summary(fit)), "units of 2\\^")
  # random starts: the same draws, so the same groups as at scale 1
  for (scale in c(1e-300, 1e300, 2^-1060)) {
    set.seed(3); at_one <- k_means(pts, 3, nstart = 4)
    set.seed(3); scaled <- k_means(pts * scale, 3, nstart = 4)
    expect_identical(scaled$cluster, at_one$cluster)
    expect_true(sums_are_finite(scaled))
  }
  # the distinct-rows check counts the rows, not squared distances that underflow
  set.seed(1)
  expect_error(k_means(pts[c(1, 1, 2), ] * 1e-300, 3), "'x' has 2 distinct rows, fewer than the 3 groups")
})

test_that("standardize at extreme scales, also column by column", {
  set.seed(5); at_one <- k_means(pts, 3, standardize = TRUE, nstart = 3)
  mixed <- data.frame(d1 = pts$d1 * 1e300, d2 = pts$d2 * 1e-300)
  for (x in list(pts * 1e300, pts * 1e-300, mixed, data.frame(d1 = pts$d1 * 2^900, d2 = pts$d2 * 2^-900))) {
    set.seed(5)
    fit <- k_means(x, 3, standardize = TRUE, nstart = 3)
    expect_identical(as.vector(fit$cluster), as.vector(at_one$cluster))
    expect_equal(fit$totss, at_one$totss)
    expect_equal(fit$tot.withinss, at_one$tot.withinss)
    expect_equal(unname(fit$centers / at_one$centers), matrix(c(x[1, 1] / pts[1, 1], x[1, 2] / pts[1, 2]), 3, 2, byrow = TRUE))
    expect_identical(unname(predict(fit, x)), unname(fit$cluster))
  }
  # powers of two per column: the standardized fit is bit for bit the same
  set.seed(5)
  fit <- k_means(data.frame(d1 = pts$d1 * 2^900, d2 = pts$d2 * 2^-900), 3, standardize = TRUE, nstart = 3)
  expect_identical(fit$scaling$centers, at_one$scaling$centers)
  expect_identical(fit$scaling$scale, at_one$scaling$scale * c(d1 = 2^900, d2 = 2^-900))
})

test_that("weights count relative to each other, from 5e-324 to 1e308", {
  set.seed(7); ones <- k_means(pts, 3, weights = rep(1, 15))
  for (w in c(2^-1074, 2^-600, 2^600, 2^1023)) {
    set.seed(7)
    fit <- k_means(pts, 3, weights = rep(w, 15))
    expect_identical(fit$cluster, ones$cluster)
    expect_identical(fit$centers, ones$centers)
    expect_true(sums_are_finite(fit))
    expect_identical(in_data_units(fit$weight_sums, fit$log2_unit[["weights"]] - log2(w)),
                     ones$weight_sums)
  }
  for (w in c(5e-324, 1e308)) {
    set.seed(7)
    fit <- k_means(pts, 3, weights = rep(w, 15))
    expect_identical(fit$cluster, ones$cluster)
    expect_equal(fit$centers, ones$centers)
    expect_false(anyNA(fit$centers))
    expect_true(sums_are_finite(fit))
    expect_true(all(is.finite(summary(fit)$groups$mean_sq_distance)))
  }
  # unequal weights at 1e308: the same as the same weights divided by 1e308
  w <- c(rep(1, 10), rep(3, 5))
  set.seed(2); small <- k_means(pts, 3, weights = w)
  set.seed(2); large <- k_means(pts, 3, weights = w * 2^1020)
  expect_identical(large$cluster, small$cluster)
  expect_identical(large$centers, small$centers)
})

test_that("predict() goes to the nearest centre at every scale", {
  # far beyond the centres: the centre with the largest (or smallest) d1
  expect_identical(unname(predict(reference, c(1e308, 0.5))), unname(which.max(reference$centers[, "d1"])))
  expect_identical(unname(predict(reference, c(-1e308, 0.5))), unname(which.min(reference$centers[, "d1"])))
  expect_identical(unname(predict(reference, c(0.5, 1e308))), unname(which.max(reference$centers[, "d2"])))
  far <- predict(reference, c(1e308, 0.5), type = "distances")
  expect_true(all(far > 9e307))
  # a fit at 1e-300 assigns its own rows, and new rows, as the fit at 1
  tiny <- k_means(pts * 1e-300, st * 1e-300)
  expect_identical(predict(tiny, pts * 1e-300), reference$cluster)
  test <- descripteurs[descripteurs$ensemble == "test", c("d1", "d2")]
  expect_identical(unname(predict(tiny, test * 1e-300)), unname(predict(reference, test)))
  expect_equal(predict(tiny, test * 1e-300, type = "distances") * 1e300,
               predict(reference, test, type = "distances"))
  huge <- k_means(pts * 2^1000, st * 2^1000)
  expect_identical(predict(huge, test * 2^1000, type = "distances"),
                   predict(reference, test, type = "distances") * 2^1000)
})

test_that("wss_curve() at extreme scales: finite sums, the same shares", {
  set.seed(4); at_one <- wss_curve(pts, 1:4, nstart = 3)
  set.seed(4); huge <- wss_curve(pts * 2^700, 1:4, nstart = 3)
  expect_identical(huge$between_share, at_one$between_share)
  expect_true(all(is.finite(c(huge$totss, huge$tot.withinss))))
  expect_identical(huge$tot.withinss * 2^(huge$log2_unit - 1400), at_one$tot.withinss)
  expect_output(print(huge), "units of 2\\^")
})

test_that("tol: huge values stop after one iteration, never an internal error", {
  fit <- k_means(pts * 100, 3, tol = 1e308)
  expect_identical(fit$iter, 1L)
  fit <- k_means(pts * 1e300, 3, tol = 1e308, standardize = TRUE)
  expect_identical(fit$iter, 1L)
  expect_error(k_means(pts, 3, tol = Inf), "'tol' must be a single number >= 0")
  expect_error(k_means(pts, 3, tol = -1), "'tol' must be a single number >= 0")
})

test_that("weights that count as 0 beside the largest: the error blames the weights, not the data", {
  weights <- c(1e308, rep(5e-324, 14))   # 5e-324 / 1e308 is below the smallest double
  expect_error(k_means(pts, st, weights = weights),
               "'x' has 1 distinct rows of positive weight, fewer than the 3 groups .* and 14 of them, below about 5e-324 times the largest, count as 0")
  expect_error(k_means(pts, st, weights = c(1e308, 1e308, rep(1e-300, 13))),
               "'x' has 2 distinct rows of positive weight.*13 of them.*count as 0")
  # weights of 0 given as such: no talk of relative weights, nor of constant data
  expect_error(k_means(pts, 3, weights = c(1, 1, rep(0, 13))),
               "'x' has 2 distinct rows of positive weight, fewer than the 3 groups asked for by 'k'$")
  # constant data stay "constant", weights or not
  same <- pts[rep(1, 15), ]
  expect_error(k_means(same, 2, weights = rep(1, 15)), "'x' is constant")
  skip_without_french()
  in_french(expect_error(k_means(pts, st, weights = weights), "14 d'entre eux.*comptent pour 0"))
})

test_that("rows that differ only below the precision of the largest values are not called equal", {
  x <- cbind(a = rep(1e300, 10), b = (1:10) * 1e-300)
  expect_error(k_means(x, 2), "'x' has 10 distinct rows, but some differ so little")
  # truly equal rows are still "constant"
  expect_error(k_means(x[rep(1, 10), ], 2), "'x' is constant")
  # standardized, the constant column is named
  expect_error(k_means(x, 2, standardize = TRUE), "column \"a\" of 'x' is constant")
})

test_that("standardize: a constant column is found by its values, not by a variance of 1e-17", {
  # the computed variance of 0.1 repeated is not 0; dividing by its root
  # blew the rounding up, and predict() then sent every row to one group
  y <- cbind(a = rep(0.1, 10), b = 1:10)
  expect_error(k_means(y, 2, standardize = TRUE), "column \"a\" of 'x' is constant")
  # constant among the rows that count: the rows of weight 0 do not
  w <- c(0, rep(1, 9))
  y[1, "a"] <- 5
  expect_error(k_means(y, 2, standardize = TRUE, weights = w), "column \"a\" of 'x' is constant")
  expect_identical(nrow(k_means(y, 2, standardize = TRUE)$centers), 2L)
})
