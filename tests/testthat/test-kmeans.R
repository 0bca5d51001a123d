# k_means(), its methods, wss_curve() and silhouette_score(): hand-worked
# values, the lecture, slow R references, stats::kmeans and cluster, bad input.

train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
test <- descripteurs[descripteurs$ensemble == "test", ]
train_x <- train[, c("d1", "d2")]

# Slow, obviously correct Lloyd: every distance, the first nearest centre on
# ties, weighted means; stops when no point changes group.
slow_lloyd <- function(x, centres, w = rep(1, nrow(x)), iter_max = 1000) {
  cluster <- rep(0L, nrow(x))
  for (iter in seq_len(iter_max)) {
    d2 <- sapply(seq_len(nrow(centres)), function(j)
      apply(x, 1, function(row) sum((row - centres[j, ])^2)))
    new <- apply(matrix(d2, nrow(x)), 1, which.min)
    if (identical(new, cluster)) break
    cluster <- new
    centres <- t(sapply(seq_len(nrow(centres)), function(j)
      colSums(x[cluster == j, , drop = FALSE] * w[cluster == j]) / sum(w[cluster == j])))
    if (ncol(x) == 1L) centres <- t(centres)
  }
  wss <- vapply(seq_len(nrow(centres)), function(j)
    sum(w[cluster == j] * rowSums((x[cluster == j, , drop = FALSE] -
                                     rep(centres[j, ], each = sum(cluster == j)))^2)), 0)
  list(cluster = cluster, centers = centres, withinss = wss, iter = iter)
}

# Gaussian blobs, well separated (spread large) or not.
blobs <- function(n, d, k, spread) {
  centres <- matrix(rnorm(k * d, sd = spread), k)
  centres[sample.int(k, n, TRUE), , drop = FALSE] + matrix(rnorm(n * d), n)
}

without_algorithm <- function(fit) fit[setdiff(names(fit), "algorithm")]

# ---------------------------------------------------------------------------
# (a) Golden values

test_that("hand-worked example: 1, 2, 10 and 11 in two groups", {
  x <- matrix(c(1, 2, 10, 11))
  fit <- k_means(x, matrix(c(1, 2)), algorithm = "lloyd")
  # pass 1: {1} {2, 10, 11}, centres 1 and 23/3; pass 2: {1, 2} {10, 11},
  # centres 1.5 and 10.5; pass 3: nothing moves
  expect_equal(unname(fit$cluster), c(1L, 1L, 2L, 2L))
  expect_equal(unname(fit$centers[, 1]), c(1.5, 10.5))
  expect_equal(fit$withinss, c(0.5, 0.5))
  expect_equal(fit$totss, 82)          # mean 6: 25 + 16 + 16 + 25
  expect_equal(fit$tot.withinss, 1)
  expect_equal(fit$betweenss, 81)
  expect_equal(fit$size, c(2L, 2L))
  expect_equal(fit$iter, 3L)
  expect_true(fit$converged)
  expect_identical(fit$ifault, 0L)
  for (algorithm in c("hamerly", "hartigan-wong", "macqueen")) {
    other <- k_means(x, matrix(c(1, 2)), algorithm = algorithm)
    expect_equal(unname(other$cluster), c(1L, 1L, 2L, 2L))
    expect_equal(unname(other$centers[, 1]), c(1.5, 10.5))
  }
  expect_s3_class(fit, c("sdsante_kmeans", "kmeans"), exact = TRUE)
  expect_equal(unname(fitted(fit)[, 1]), c(1.5, 1.5, 10.5, 10.5))
})

test_that("the lecture: three groups of the 15 training paintings, then the 6 test ones", {
  set.seed(1)
  fit <- k_means(train_x, 3, nstart = 10)
  # the groups, whatever their numbers: {003 004 009 011 012},
  # {005 006 007 010 013 014} and {001 002 008 015}
  groups <- unname(split(train$id, fit$cluster))
  expected <- list(c("003", "004", "009", "011", "012"),
                   c("005", "006", "007", "010", "013", "014"),
                   c("001", "002", "008", "015"))
  expect_setequal(lapply(groups, sort), expected)
  # their centres, by hand: e.g. (0.26 + 0.40 + 0.73 + 0.66) / 4 = 0.5125
  centre_of <- function(ids) fit$centers[fit$cluster[match(ids[1], train$id)], ]
  expect_equal(unname(centre_of(expected[[1]])), c(3.77, 0.79) / 5)
  expect_equal(unname(centre_of(expected[[2]])), c(0.49, 3.19) / 6)
  expect_equal(unname(centre_of(expected[[3]])), c(2.05, 3.47) / 4)
  expect_equal(fit$tot.withinss, 0.5679166666666667, tolerance = 1e-12)
  # test step: 016 and 020 join {001 ...}, 017, 018 and 019 join {003 ...},
  # 021 joins {005 ...}
  assigned <- predict(fit, test)
  expect_equal(unname(assigned),
               fit$cluster[match(c("001", "003", "003", "003", "001", "005"), train$id)],
               ignore_attr = TRUE)
  expect_named(assigned, rownames(test))
  # every start algorithm finds the same groups with several starts
  for (algorithm in c("lloyd", "hartigan-wong", "macqueen")) {
    set.seed(2)
    other <- k_means(train_x, 3, nstart = 20, algorithm = algorithm)
    expect_equal(other$tot.withinss, fit$tot.withinss, tolerance = 1e-12)
  }
})

test_that("a group that becomes empty is re-seeded, never NaN", {
  x <- rbind(matrix(rnorm(40, sd = 0.1), 20), matrix(rnorm(40, 5, 0.1), 20))
  start <- rbind(c(0, 0), c(5, 5), c(100, 100))   # the third centre catches nothing
  for (algorithm in c("hamerly", "lloyd", "hartigan-wong", "macqueen")) {
    fit <- k_means(x, start, algorithm = algorithm)
    expect_true(all(is.finite(fit$centers)))
    expect_true(all(fit$size > 0))
    expect_equal(sum(fit$size), 40L)
    expect_true(all(fit$centers[, 1] < 10))
  }
  ref <- suppressWarnings(stats::kmeans(x, start, algorithm = "Lloyd"))
  expect_true(anyNA(ref$centers) || any(ref$size == 0))   # what stats does
})

test_that("one group: the mean, in one iteration as stats::kmeans counts it", {
  x <- matrix(c(1, 2, 10, 11, 0, 4, 4, 0), 4)
  for (algorithm in c("hamerly", "lloyd", "hartigan-wong", "macqueen")) {
    fit <- k_means(x, 1, algorithm = algorithm)
    expect_equal(unname(fit$centers), matrix(c(6, 2), 1))
    expect_equal(fit$withinss, 82 + 16)
    expect_identical(fit$iter, 1L)
    expect_true(fit$converged)
    expect_identical(fit$iter, stats::kmeans(x, 1)$iter)
  }
  # other numbers of groups still count as stats::kmeans(Lloyd)
  expect_identical(k_means(x, matrix(c(1, 2, 0, 4), 2), algorithm = "lloyd")$iter,
                   stats::kmeans(x, matrix(c(1, 2, 0, 4), 2), algorithm = "Lloyd")$iter)
})

test_that("weighted fits: weight sums per group, and their mean squared distances", {
  # 1 (weight 1), 2 (weight 3) | 10 (weight 2), 11 (weight 2): centres 1.75
  # and 10.5; within SS 1 * 0.75^2 + 3 * 0.25^2 = 0.75 and 2 * 0.25 + 2 * 0.25 = 1
  x <- matrix(c(1, 2, 10, 11))
  fit <- k_means(x, matrix(c(1, 10)), weights = c(1, 3, 2, 2))
  expect_equal(unname(fit$centers[, 1]), c(1.75, 10.5))
  expect_equal(fit$withinss, c(0.75, 1))
  expect_equal(fit$weight_sums, c(4, 4))
  expect_equal(summary(fit)$groups$mean_sq_distance, c(0.75, 1) / 4)
  expect_false(anyNA(summary(fit)$groups$mean_sq_distance))
  # random weights, against the weights summed in R
  set.seed(40)
  x <- blobs(300, 3, 4, 3)
  w <- runif(300)
  fit <- k_means(x, 4, weights = w)
  expect_equal(fit$weight_sums, as.vector(tapply(w, fit$cluster, sum)), tolerance = 1e-12)
  expect_equal(summary(fit)$groups$mean_sq_distance, fit$withinss / fit$weight_sums)
  # without weights: the sizes
  plain <- k_means(x, 4)
  expect_identical(plain$weight_sums, as.double(plain$size))
  expect_equal(summary(plain)$groups$mean_sq_distance, plain$withinss / plain$size)
})

test_that("constant data: one group, and no NaN in print or summary", {
  fit <- k_means(matrix(3, 5, 2), 1)
  expect_identical(fit$totss, 0)
  expect_identical(fit$betweenss, 0)
  printed <- capture.output(print(fit))
  expect_false(any(grepl("NaN", printed)))
  expect_true(any(grepl("Total sum of squares: 0", printed)))
  s <- summary(fit)
  expect_identical(s$between_share, NA_real_)
  printed <- capture.output(print(s))
  expect_false(any(grepl("NaN|NA", printed)))
  expect_true(any(grepl("Within groups: 0; between groups: 0$", printed)))
  curve <- wss_curve(matrix(3, 5, 2), 1)
  expect_identical(curve$between_share, NA_real_)
})

# ---------------------------------------------------------------------------
# (b) Agreement with references

test_that("Lloyd and Hamerly agree with a slow R Lloyd", {
  set.seed(21)
  for (i in 1:12) {
    n <- sample(c(20, 80, 200), 1); d <- sample(1:4, 1); k <- sample(2:5, 1)
    x <- blobs(n, d, k, sample(c(1, 4), 1))
    start <- x[sample.int(n, k), , drop = FALSE]
    w <- if (i %% 3 == 0) runif(n, 0.5, 2) else rep(1, n)
    ref <- slow_lloyd(x, start, w)
    if (any(tabulate(ref$cluster, k) == 0)) next
    for (algorithm in c("lloyd", "hamerly")) {
      fit <- k_means(x, start, algorithm = algorithm, weights = if (i %% 3 == 0) w)
      expect_identical(unname(fit$cluster), ref$cluster)
      expect_equal(unname(fit$centers), unname(ref$centers), tolerance = 1e-12)
      expect_equal(fit$withinss, ref$withinss, tolerance = 1e-10)
      expect_equal(fit$totss, sum(w * rowSums(scale(x, colSums(x * w) / sum(w), FALSE)^2)),
                   tolerance = 1e-10)
    }
  }
})

test_that("Hamerly gives exactly Lloyd's result, and both stats::kmeans(Lloyd)'s", {
  set.seed(22)
  for (i in 1:24) {
    n <- sample(c(50, 500, 3000), 1); d <- sample(1:8, 1); k <- sample(2:9, 1)
    # well separated, overlapping, and rounded data (with ties)
    x <- blobs(n, d, k, c(6, 2, 0.5)[i %% 3 + 1])
    if (i %% 4 == 0) x <- round(x, 1)
    start <- x[sample.int(n, k), , drop = FALSE]
    if (anyDuplicated(start)) next
    lloyd <- k_means(x, start, algorithm = "lloyd", iter_max = 1000)
    hamerly <- k_means(x, start, algorithm = "hamerly", iter_max = 1000)
    expect_identical(without_algorithm(hamerly), without_algorithm(lloyd))
    ref <- suppressWarnings(stats::kmeans(x, start, iter.max = 1000, algorithm = "Lloyd"))
    if (any(ref$size == 0)) next   # stats leaves an empty group; we re-seed it
    expect_identical(unname(hamerly$cluster), unname(ref$cluster))
    expect_equal(unname(hamerly$centers), unname(ref$centers), tolerance = 1e-13)
    expect_identical(hamerly$iter, ref$iter)
    expect_equal(hamerly$totss, ref$totss, tolerance = 1e-10)
    expect_equal(hamerly$withinss, ref$withinss, tolerance = 1e-10)
  }
})

test_that("Hartigan-Wong is at least as good as stats' from the same starts", {
  set.seed(23)
  same <- 0
  for (i in 1:30) {
    n <- sample(c(30, 300, 2000), 1); d <- sample(1:6, 1); k <- sample(2:8, 1)
    x <- blobs(n, d, k, c(0.5, 2, 6)[i %% 3 + 1])
    start <- x[sample.int(n, k), , drop = FALSE]
    ref <- tryCatch(stats::kmeans(x, start, iter.max = 1000, algorithm = "Hartigan-Wong"),
                    error = function(e) NULL)   # stats stops on an empty start
    if (is.null(ref)) next
    fit <- k_means(x, start, algorithm = "hartigan-wong", iter_max = 1000)
    expect_lte(fit$tot.withinss, ref$tot.withinss * (1 + 1e-12))
    same <- same + identical(unname(fit$cluster), unname(ref$cluster))
  }
  expect_gt(same, 20)   # written after AS 136, it usually makes the same moves
})

test_that("Hartigan-Wong's iter counts the final exchange pass: stats' + 1", {
  set.seed(12)
  for (i in 1:5) {
    x <- matrix(rnorm(400), 200)
    start <- x[sample(200, 4), ]
    ours <- k_means(x, start, algorithm = "hartigan-wong")
    theirs <- suppressWarnings(stats::kmeans(x, start, algorithm = "Hartigan-Wong"))
    if (identical(unname(ours$cluster), theirs$cluster))
      expect_identical(ours$iter, theirs$iter + 1L)
    else
      expect_gt(ours$iter, theirs$iter)
  }
})

test_that("MacQueen agrees with stats::kmeans(MacQueen)", {
  set.seed(24)
  for (i in 1:15) {
    n <- sample(c(30, 300), 1); d <- sample(1:4, 1); k <- sample(2:5, 1)
    x <- blobs(n, d, k, 4)
    start <- x[sample.int(n, k), , drop = FALSE]
    ref <- suppressWarnings(stats::kmeans(x, start, iter.max = 1000, algorithm = "MacQueen"))
    if (any(ref$size == 0)) next
    fit <- k_means(x, start, algorithm = "macqueen", iter_max = 1000)
    expect_identical(unname(fit$cluster), unname(ref$cluster))
    expect_equal(unname(fit$centers), unname(ref$centers), tolerance = 1e-10)
  }
})

test_that("the result does not depend on the number of threads", {
  skip_without_threads()
  set.seed(25)
  x <- blobs(5000, 5, 6, 1.5)
  for (algorithm in c("hamerly", "lloyd", "hartigan-wong", "macqueen")) {
    set.seed(3)
    one <- k_means(x, 6, nstart = 2, algorithm = algorithm, threads = 1)
    set.seed(3)
    two <- k_means(x, 6, nstart = 2, algorithm = algorithm, threads = 2)
    expect_identical(one, two)
  }
  w <- runif(5000)
  set.seed(4)
  one <- k_means(x, 4, weights = w, standardize = TRUE, threads = 1)
  set.seed(4)
  two <- k_means(x, 4, weights = w, standardize = TRUE, threads = 2)
  expect_identical(one, two)
  # more threads than OpenMP can run: the same result (the scratch is sized
  # by the threads that run)
  set.seed(4)
  many <- k_means(x, 4, weights = w, standardize = TRUE, threads = 1024)
  expect_identical(many, one)
  set.seed(3)
  many <- k_means(x, 6, nstart = 2, algorithm = "hartigan-wong", threads = 1024)
  set.seed(3)
  expect_identical(many, k_means(x, 6, nstart = 2, algorithm = "hartigan-wong"))
})

test_that("k-means++ and random starts follow set.seed() and pick distinct rows", {
  set.seed(26)
  x <- blobs(300, 3, 4, 3)
  set.seed(10); a <- k_means(x, 4)
  set.seed(10); b <- k_means(x, 4)
  expect_identical(a, b)
  set.seed(10); r1 <- k_means(x, 4, init = "random")
  set.seed(10); r2 <- k_means(x, 4, init = "random")
  expect_identical(r1, r2)
  expect_identical(r1$init, "random")
  # starts are rows of x, distinct even when rows repeat
  dup <- x[rep(1:5, 60), ]
  for (init in c("kmeans++", "random")) {
    starts <- .Call(sdsante:::C_sds_kmeans_start, dup, 5L, NULL, init == "kmeans++", 1L)
    expect_identical(starts$status, 0L)
    expect_false(anyDuplicated(starts$centers) > 0)
    expect_true(all(duplicated(rbind(dup, starts$centers))[300 + 1:5]))
  }
  # k-means++ never draws a row of weight 0 (the rows of x are distinct)
  w <- c(rep(0, 150), rep(1, 150))
  for (s in 1:5) {
    set.seed(s)
    starts <- .Call(sdsante:::C_sds_kmeans_start, x, 4L, w, TRUE, 1L)
    rows <- apply(starts$centers, 1, function(centre) which(colSums(t(x) == centre) == 3))
    expect_length(rows, 4)
    expect_true(all(rows > 150))
  }
})

test_that("integer weights count as repeated rows", {
  set.seed(27)
  x <- blobs(100, 2, 3, 3)
  w <- sample(0:3, 100, TRUE)
  start <- x[which(w > 0)[1:3], ]
  for (algorithm in c("hamerly", "lloyd", "hartigan-wong", "macqueen")) {
    weighted <- k_means(x, start, weights = w, algorithm = algorithm)
    repeated <- k_means(x[rep(1:100, w), ], start, algorithm = algorithm)
    expect_equal(weighted$centers, repeated$centers, tolerance = 1e-12)
    expect_equal(weighted$tot.withinss, repeated$tot.withinss, tolerance = 1e-12)
    expect_equal(weighted$totss, repeated$totss, tolerance = 1e-12)
    expect_true(weighted$weighted)
  }
})

test_that("standardize: fit on scaled columns, centres on the original scale", {
  set.seed(28)
  x <- cbind(height = rnorm(200, 170, 10), weight = rnorm(200, 70, 12) * 1000)
  set.seed(1)
  fit <- k_means(x, 3, standardize = TRUE, nstart = 3)
  set.seed(1)
  scaled <- k_means(scale(x), 3, nstart = 3)
  expect_identical(as.vector(fit$cluster), as.vector(scaled$cluster))
  expect_equal(fit$tot.withinss, scaled$tot.withinss, tolerance = 1e-10)
  expect_equal(fit$totss, 2 * (200 - 1), tolerance = 1e-10)
  means <- apply(x, 2, function(column) tapply(column, fit$cluster, mean))
  expect_equal(fit$centers, means, ignore_attr = TRUE, tolerance = 1e-10)
  expect_identical(colnames(fit$centers), c("height", "weight"))
  expect_identical(predict(fit, x), fit$cluster)
  expect_output(print(fit), "standardized")
})

test_that("tol stops early; a fit that does not converge says so", {
  set.seed(29)
  x <- blobs(2000, 4, 8, 0.6)
  start <- x[1:8, ]
  full <- k_means(x, start, algorithm = "lloyd", iter_max = 1000)
  early <- k_means(x, start, algorithm = "lloyd", tol = 1e-2, iter_max = 1000)
  expect_true(early$converged)
  expect_lt(early$iter, full$iter)
  expect_identical(predict(early, x), early$cluster)   # labels match the centres
  early_hamerly <- k_means(x, start, tol = 1e-2, iter_max = 1000)
  expect_identical(without_algorithm(early_hamerly), without_algorithm(early))
  for (iter_max in c(3, 7)) {
    short_lloyd <- suppressWarnings(k_means(x, start, algorithm = "lloyd", iter_max = iter_max))
    short_hamerly <- suppressWarnings(k_means(x, start, iter_max = iter_max))
    expect_identical(without_algorithm(short_hamerly), without_algorithm(short_lloyd))
    expect_identical(predict(short_hamerly, x), short_hamerly$cluster)
  }
  expect_warning(short <- k_means(x, start, iter_max = 1), "did not converge in 1 iteration")
  expect_false(short$converged)
  expect_identical(short$ifault, 2L)
  expect_identical(predict(short, x), short$cluster)
  expect_output(print(short), "Did not converge")
})

test_that("predict: nearest centre and distances, as a slow R computation", {
  set.seed(30)
  x <- blobs(200, 3, 4, 3)
  colnames(x) <- c("a", "b", "c")
  fit <- k_means(x, 4, nstart = 2)
  new <- blobs(50, 3, 4, 3)
  colnames(new) <- c("a", "b", "c")
  distances <- sqrt(sapply(1:4, function(j) colSums((t(new) - fit$centers[j, ])^2)))
  expect_equal(unname(predict(fit, new, type = "distances")), distances, tolerance = 1e-12)
  expect_identical(unname(predict(fit, new)), apply(distances, 1, which.min))
  expect_identical(predict(fit, x), fit$cluster)
  expect_identical(predict(fit), fit$cluster)
  # columns found by name, other columns ignored; a vector is one row
  shuffled <- data.frame(extra = "z", c = new[, "c"], a = new[, "a"], b = new[, "b"])
  expect_identical(unname(predict(fit, shuffled)), unname(predict(fit, new)))
  expect_identical(unname(predict(fit, new[1, ])), unname(predict(fit, new[1, , drop = FALSE])))
})

test_that("wss_curve, print, summary and plot", {
  set.seed(33)
  curve <- wss_curve(train_x, k = 1:6, nstart = 5)
  expect_s3_class(curve, "sdsante_wss_curve")
  expect_equal(curve$tot.withinss[1], curve$totss)
  expect_equal(curve$k, 1:6)
  set.seed(33)
  expect_equal(curve$tot.withinss[2], {
    k_means(train_x, 1, nstart = 5)
    k_means(train_x, 2, nstart = 5)$tot.withinss
  })
  expect_true(all(diff(curve$tot.withinss) < 0))   # here, with 5 starts
  # the data prepared once give the fits of k_means() on each k, bitwise
  w <- runif(15)
  set.seed(34)
  weighted <- wss_curve(train_x, k = c(4, 2), nstart = 3, weights = w, standardize = TRUE,
                        algorithm = "lloyd")
  set.seed(34)
  each <- vapply(c(2, 4), function(k) k_means(train_x, k, nstart = 3, weights = w,
                                               standardize = TRUE, algorithm = "lloyd")$tot.withinss, 0)
  expect_identical(weighted$tot.withinss, each)
  expect_identical(weighted$totss, k_means(train_x, 1, weights = w, standardize = TRUE)$totss)
  # wss_curve() takes the settings of k_means(), with the same defaults
  settings <- setdiff(names(formals(k_means)), c("x", "k", "centers"))
  defaults <- function(f) lapply(formals(f)[settings], eval, envir = asNamespace("sdsante"))
  expect_identical(defaults(sdsante:::kmeans_settings), defaults(k_means))
  # the usage of k_means() lists the algorithms C defines, in the order of their codes
  expect_identical(eval(formals(k_means)$algorithm), names(sdsante:::kmeans_algorithms()))
  expect_identical(unname(sdsante:::kmeans_algorithms()), seq_along(eval(formals(k_means)$algorithm)))
  expect_equal(nrow(as.data.frame(curve)), 6)
  expect_output(print(curve), "within SS")
  set.seed(1)
  fit <- k_means(train_x, 3, nstart = 10)
  expect_output(print(fit), "3 groups of 15 rows")
  expect_output(print(fit), "Group 1")
  # Hartigan-Wong's print-out says that AS 136 runs before the exchange
  set.seed(1)
  hw <- k_means(train_x, 3, algorithm = "hartigan-wong")
  expect_output(print(hw), "Hartigan-Wong \\(AS 136\\), then Hartigan's\\s+exchange")
  expect_output(print(summary(hw)), "AS 136")
  s <- summary(fit)
  expect_equal(sum(s$groups$size), 15)
  expect_equal(s$between_share, fit$betweenss / fit$totss)
  expect_output(print(s), "Between groups|between groups")
  expect_output(print(s), "Converged in [0-9]+ iterations?\\.")
  expect_true(s$standardized == FALSE && identical(s$centers, fit$centers))
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_invisible(plot(fit, train, newdata = test, labels = test$id))
  expect_invisible(plot(curve))
  paintings <- tableaux[, c("yeux", "visages", "cyan", "magenta", "jaune", "noir")]
  expect_invisible(plot(k_means(paintings, 3, standardize = TRUE), paintings))
  expect_invisible(plot(k_means(train_x[, 1, drop = FALSE], 2), train_x[, 1, drop = FALSE]))
})

test_that("edges of the Voronoi cells are equidistant from two centres", {
  fit <- k_means(matrix(c(0, 0, 4, 0, 0, 4), 3, byrow = TRUE, dimnames = list(NULL, c("u", "v"))),
                 matrix(c(0, 0, 4, 0, 0, 4), 3, byrow = TRUE))
  edges <- sdsante:::kmeans_voronoi_edges(fit, c(-1, 5, -1, 5), 2L)
  expect_equal(nrow(edges), 3)
  ends <- rbind(edges[, 1:2], edges[, 3:4])
  d <- sapply(1:3, function(j) sqrt(colSums((t(ends) - fit$centers[j, ])^2)))
  sorted <- t(apply(d, 1, sort))
  expect_equal(sorted[, 1], sorted[, 2], tolerance = 1e-3)
})

# ---------------------------------------------------------------------------
# (c) Bad input, one case each

test_that("missing and infinite values in x are refused", {
  x <- as.matrix(train_x)
  x[4, 2] <- NA
  expect_error(k_means(x, 3), "'x' must hold finite numbers; row 4, column \"d2\" is NA")
  x[4, 2] <- NaN
  expect_error(k_means(x, 3), "'x' .*NaN")
  x[4, 2] <- Inf
  expect_error(k_means(x, 3), "'x' .*Inf")
})

test_that("bad k is refused", {
  expect_error(k_means(train_x, 0), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\), not 0")
  expect_error(k_means(train_x, 40), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\), not 40")
  expect_error(k_means(train_x, 2.5), "'k' must be a whole number .*not 2.5")
  expect_error(k_means(train_x), "'k'")
  expect_error(k_means(train_x, "3"), "'k'")
})

test_that("bad initial centres are refused", {
  expect_error(k_means(train_x, as.matrix(train_x[c(1, 2, 1), ])),
               "'k' holds duplicated initial centres \\(row 3 repeats row 1\\)")
  expect_error(k_means(train_x, matrix(0:2, 3, 3)),
               "'k', a matrix of initial centres, must have one column per column of 'x' \\(2\\), not 3")
  expect_error(k_means(train_x, as.matrix(train_x[1:3, ]), nstart = 5), "'nstart' must be 1")
  expect_error(k_means(train_x, matrix(c(0, NA, 1, 2), 2)), "'k'.*finite")
})

test_that("empty, constant or too repetitive data are refused", {
  expect_error(k_means(train_x[0, ], 1), "'x' must have at least one row")
  expect_error(k_means(matrix(numeric(0), 5, 0), 1), "'x' must have at least one column")
  expect_error(k_means(matrix(1, 10, 2), 2), "'x' is constant")
  expect_error(k_means(matrix(c(1, 2, 3), 9, 1), 4), "'x' has 3 distinct rows, fewer than the 4 groups asked for by 'k'")
  expect_error(k_means(matrix(c(1, 2, 3), 9, 1), matrix(1:4)), "'x' has 3 distinct rows")
  expect_error(k_means(train[, c("d1", "classe")], 2), "'x' must have numeric columns only; column \"classe\" is a factor")
  expect_error(k_means(list(1, 2), 2), "'x' must be a numeric matrix or a data frame")
})

test_that("bad weights are refused", {
  expect_error(k_means(train_x, 3, weights = c(-1, rep(1, 14))),
               "'weights' must be finite and non-negative; weight 1 is -1")
  expect_error(k_means(train_x, 3, weights = rep(0, 15)), "'weights' must not all be zero")
  expect_error(k_means(train_x, 3, weights = rep(1, 4)),
               "'weights' must be a numeric vector with one weight per row of 'x' \\(15\\), not 4 values")
  expect_error(k_means(train_x, 3, weights = c(rep(0, 13), 1, 1)), "'x' has 2 distinct rows of positive weight")
})

test_that("bad settings are refused", {
  expect_error(k_means(train_x, 3, iter_max = 0), "'iter_max' must be a whole number >= 1, not 0")
  expect_error(k_means(train_x, 3, threads = 0), "'threads' must be a whole number between 1 and 1024, not 0")
  expect_error(k_means(train_x, 3, nstart = 0), "'nstart'")
  expect_error(k_means(train_x, 3, tol = -1), "'tol' must be a single number >= 0")
  expect_error(k_means(train_x, 3, init = "kmeans||"), "'init' must be one of \"kmeans\\+\\+\", \"random\"")
  expect_error(k_means(train_x, 3, algorithm = "elkan"), "'algorithm' must be one of")
  expect_error(k_means(train_x, 3, standardize = NA), "'standardize' must be TRUE or FALSE")
  expect_error(k_means(cbind(train_x, one = 1), 3, standardize = TRUE),
               "column \"one\" of 'x' is constant")
  expect_error(k_means(train_x, 3, trace = "yes"), "'trace' must be TRUE or FALSE")
  expect_identical(k_means(train_x, 3, algorithm = "Lloyd")$algorithm, "lloyd")
})

test_that("the C entry points refuse settings R never gives them", {
  x <- as.matrix(train_x)
  start <- x[1:3, ]
  expect_error(.Call(sdsante:::C_sds_kmeans_fit, x, start, NULL, 1L, 0L, 0, 1L, FALSE),
               "internal error: .*'iter_max'")
  expect_error(.Call(sdsante:::C_sds_kmeans_fit, x, start, NULL, 1L, 10L, -1, 1L, FALSE),
               "internal error: .*'tol'")
  expect_error(.Call(sdsante:::C_sds_kmeans_fit, x, start, NULL, 1L, 10L, NaN, 1L, FALSE),
               "internal error: .*'tol'")
  expect_error(.Call(sdsante:::C_sds_silhouette_widths, x, rep(1L, 15), 0L, 1L),
               "internal error: .*number of groups")
  expect_error(.Call(sdsante:::C_sds_silhouette_widths, x, rep(1:3, 5), 2L, 1L),
               "internal error: cluster codes")
})

test_that("bad new data are refused", {
  set.seed(1)
  fit <- k_means(train_x, 3)
  expect_error(predict(fit, data.frame(a = 1, b = 2)),
               "'newdata' must have the columns the groups were made with \\(d1, d2\\); missing: d1, d2")
  expect_error(predict(fit, data.frame(d1 = NA, d2 = 0.5)),
               "'newdata' must hold finite numbers; row 1, column \"d1\" is NA")
  expect_error(predict(fit, matrix(1:3, 1)), "'newdata' must have 2 columns")
  expect_error(predict(fit, test, type = "probabilities"), "'type' must be one of")
  old_fit <- fit
  old_fit$plot_data <- NULL   # as a fit made before 0.2.0, or one too wide to keep its rows
  expect_error(plot(old_fit), "'data' is needed: this fit keeps no copy of its rows")
  expect_error(plot(fit, train, newdata = test, labels = 1:2), "'labels' must have one label per row")
})

test_that("bad wss_curve input is refused", {
  expect_error(wss_curve(train_x, k = c(1, 20)), "'k' must hold distinct whole numbers between 1 and nrow\\(x\\) \\(15\\)")
  # the settings are those of k_means(), checked once, in the call of wss_curve()
  expect_error(wss_curve(train_x, k = 1:3, nstart = 0), "'nstart'")
  expect_error(wss_curve(train_x, k = 1:3, weights = 1:3), "'weights' must be a numeric vector")
  expect_error(wss_curve(cbind(train_x, one = 1), k = 1:3, standardize = TRUE),
               "column \"one\" of 'x' is constant")
})
